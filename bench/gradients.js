#!/usr/bin/env node
'use strict';
/**
 * Time to build gradients where the graph must be walked op by op (lib/ops/gradients.ts): a
 * residual net with a v1 `tf.cond` in every layer (Keras' dropout on the learning phase makes
 * one), built by Python TF1 (bench/gradients_tf1.py), imported by both sides, differentiated
 * with respect to every weight: `graph.gradients` here against `tf.gradients` in Python TF1.
 *
 *   node bench/gradients.js [--layers 50,200] [--rounds 3]
 *
 * Each size is timed `rounds` times on a fresh import (median shown). Needs dist/ and .venv-tf
 * (scripts/setup-python-env.sh); TF1_NODE_PYTHON names another Python with TF.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { parseArgs } = require('util');
const { pythonPath } = require('./lib/python');

process.env.TF_CPP_MIN_LOG_LEVEL ??= '3';
const tf = require('../dist/lib');

const { values: opts } = parseArgs({
  options: { layers: { type: 'string', default: '50,200' }, rounds: { type: 'string', default: '3' } },
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeNode(graphDef) {
  const graph = new tf.Graph();
  graph.importGraphDef(graphDef, { prefix: '' });
  const weights = graph.operations().filter((op) => op.type === 'VariableV2').map((op) => op.output(0));
  const before = graph.operations().length;
  const start = process.hrtime.bigint();
  const grads = graph.gradients([graph.tensor('loss:0')], weights);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (grads.some((g) => g === null)) throw new Error('a weight got no gradient');
  return { ops: before, seconds, grad_ops: graph.operations().length - before };
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf1-node-grad-bench-'));
  const rows = [];
  try {
    for (const layers of opts.layers.split(',').map(Number)) {
      const file = path.join(dir, `layers${layers}.pb`);
      const py = [];
      const node = [];
      for (let r = 0; r < Number(opts.rounds); r++) {
        py.push(JSON.parse(execFileSync(pythonPath(), [path.join(__dirname, 'gradients_tf1.py'), String(layers), file],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })));
        node.push(timeNode(new Uint8Array(fs.readFileSync(file))));
      }
      const p = median(py.map((x) => x.seconds));
      const n = median(node.map((x) => x.seconds));
      rows.push({ layers, ops: node[0].ops, node_s: n, python_s: p, vs_python: p / n,
        node_grad_ops: node[0].grad_ops, python_grad_ops: py[0].grad_ops });
      console.error(`bench: ${layers} layers done`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`node ${process.versions.node}, libtensorflow ${tf.version()}, ${os.cpus().length} x ${os.cpus()[0].model.trim()}`);
  console.log('layers  graph ops  graph.gradients  Python tf.gradients  speed vs Python  ops added (Python)');
  for (const r of rows) {
    console.log(`${String(r.layers).padStart(6)}  ${r.ops.toLocaleString('en-US').padStart(9)}  ${r.node_s.toFixed(2).padStart(13)} s` +
      `  ${r.python_s.toFixed(2).padStart(17)} s  ${r.vs_python.toFixed(2).padStart(14)}x  ` +
      `${r.node_grad_ops.toLocaleString('en-US')} (${r.python_grad_ops.toLocaleString('en-US')})`);
  }
}

main();
