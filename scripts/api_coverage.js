#!/usr/bin/env node
'use strict';
/**
 * How much of TF1's Python API (tf.compat.v1 of TF 2.21) this package has: for each namespace, the
 * callable names of Python's (scripts/api_coverage.py, run with the reference venv) that the matching
 * namespace here lacks, compared case-insensitively after camelCasing.
 *
 *   node scripts/api_coverage.js [--missing]     (needs .venv-tf: scripts/setup-python-env.sh)
 *
 * Loads lib/ from source (test/helpers/register_ts.js), so no build is needed.
 */
const { execFileSync } = require('child_process');
const path = require('path');

const ROOT = path.join(__dirname, '..');
process.env.TF_CPP_MIN_LOG_LEVEL ??= '3';
require(path.join(ROOT, 'test', 'helpers', 'register_ts.js'));
const tf = require(path.join(ROOT, 'lib'));

const python = process.env.TF1_NODE_PYTHON ?? path.join(ROOT, '.venv-tf', 'bin', 'python');
const want = JSON.parse(execFileSync(python, [path.join(__dirname, 'api_coverage.py')],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 24 }));

const { ops } = tf;
// Where each Python namespace's names live here (top-level tf.* names are spread over ops and the root).
const HERE = {
  '': [ops, tf], nn: [ops.nn], 'nn.rnn_cell': [ops.nn.rnnCell], train: [tf.train], losses: [ops.losses],
  metrics: [ops.metrics], summary: [tf.summary], sparse: [ops.sparse], image: [ops.image], strings: [ops.strings],
  linalg: [ops.linalg], math: [ops.math], random: [ops.random], signal: [ops.signal], lookup: [ops.lookup],
  debugging: [ops.debugging], io: [ops.io], initializers: [ops.initializers], data: [tf.data],
  'data.experimental': [tf.data.experimental], feature_column: [tf.featureColumn], saved_model: [tf.savedModel],
};
const key = (name) => name.toLowerCase().replace(/_/g, '');

let have = 0;
let total = 0;
for (const [ns, names] of Object.entries(want)) {
  const keys = new Set((HERE[ns] ?? []).filter(Boolean).flatMap((m) => Object.keys(m).map(key)));
  const missing = names.filter((n) => !keys.has(key(n)));
  have += names.length - missing.length;
  total += names.length;
  const line = `${(ns || 'tf').padEnd(18)} ${String(names.length - missing.length).padStart(4)} / ${String(names.length).padEnd(4)}`;
  console.log(process.argv.includes('--missing') && missing.length ? `${line} missing: ${missing.join(' ')}` : line);
}
console.log(`${'all'.padEnd(18)} ${String(have).padStart(4)} / ${total} (${((100 * have) / total).toFixed(1)}%)`);
