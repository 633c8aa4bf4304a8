#!/usr/bin/env node
'use strict';
/**
 * Training steps per second of an embedding model (a bag of `--bag` ids per example looked up in a
 * `--vocab` x `--dim` table, averaged, then a linear layer): the gradient of the lookup is
 * IndexedSlices, so the optimizer updates only the rows the batch looked up, as TF1 does. Three
 * ways in the same run:
 *   sparse  minimize(loss): the updates by rows (SparseApplyAdagrad, ...)
 *   dense   the same gradients made dense before applyGradients (what a binding without
 *           IndexedSlices does: a table-sized gradient and update every step)
 *   python  Python TF1 training the same model (bench/embedding_tf1.py, a child process)
 *
 *   node bench/embedding.js [--vocab 200000] [--dim 64] [--batch 256] [--bag 4]
 *                           [--optimizer Adagrad|Momentum|Adam] [--resource] [--steps 200] [--rounds 5]
 *
 * Rounds alternate sparse and dense blocks (medians shown); Python runs its rounds after. Needs
 * dist/ and .venv-tf (scripts/setup-python-env.sh) for the Python column; TF1_NODE_PYTHON names
 * another Python with TF.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const { parseArgs } = require('util');
const path = require('path');
const { pythonPath } = require('./lib/python');

process.env.TF_CPP_MIN_LOG_LEVEL ??= '3';
const tf = require('../dist/lib');

const { values: opts } = parseArgs({
  options: {
    vocab: { type: 'string', default: '200000' }, dim: { type: 'string', default: '64' },
    batch: { type: 'string', default: '256' }, bag: { type: 'string', default: '4' },
    optimizer: { type: 'string', default: 'Adagrad' }, resource: { type: 'boolean', default: false },
    steps: { type: 'string', default: '200' }, warmup: { type: 'string', default: '20' }, rounds: { type: 'string', default: '5' },
  },
});
const c = {
  vocab: Number(opts.vocab), dim: Number(opts.dim), batch: Number(opts.batch), bag: Number(opts.bag),
  optimizer: opts.optimizer, resource: opts.resource, steps: Number(opts.steps), warmup: Number(opts.warmup),
  rounds: Number(opts.rounds),
};
const { DType, Graph, IndexedSlices, Session, Tensor, ops, train } = tf;

const OPTIMIZERS = {
  Adagrad: () => new train.AdagradOptimizer(0.1),
  Momentum: () => new train.MomentumOptimizer(0.01, 0.9),
  Adam: () => new train.AdamOptimizer(0.001),
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A deterministic generator for the feeds (the values do not matter, only their spread). */
function lcg(seed) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** The model, trained sparsely or with its gradients made dense: a session ready to run steps. */
async function open(dense) {
  const g = new Graph();
  const { trainOp, feed } = g.asDefault(() => {
    const ids = ops.placeholder(DType.int32, [c.batch, c.bag], 'ids');
    const y = ops.placeholder(DType.float32, [c.batch, 1], 'y');
    const emb = ops.getVariable('emb', { shape: [c.vocab, c.dim], initializer: ops.randomUniformInitializer({ minval: -0.05, maxval: 0.05 }),
      useResource: c.resource });
    const w = ops.getVariable('w', { shape: [c.dim, 1], initializer: ops.zerosInitializer(), useResource: c.resource });
    const bag = ops.reduceMean(ops.nn.embeddingLookup(emb, ids), { axis: 1 });
    const loss = ops.reduceMean(ops.square(ops.sub(ops.matmul(bag, w), y)));
    const opt = OPTIMIZERS[c.optimizer]();
    let grads = opt.computeGradients(loss);
    if (dense) grads = grads.map(([gr, v]) => [gr instanceof IndexedSlices ? gr.toOutput() : gr, v]);
    const rnd = lcg(1);
    const idsT = Tensor.alloc(DType.int32, [c.batch, c.bag]);
    idsT.data.set(Array.from({ length: c.batch * c.bag }, () => Math.floor(rnd() * c.vocab)));
    const yT = Tensor.alloc(DType.float32, [c.batch, 1]);
    yT.data.set(Array.from({ length: c.batch }, () => rnd() * 2 - 1));
    return { trainOp: opt.applyGradients(grads), feed: new Map([[ids, idsT], [y, yT]]) };
  });
  const sess = new Session(g);
  await sess.run(g.asDefault(() => ops.globalVariablesInitializer()));
  for (let i = 0; i < c.warmup; i++) await sess.run(trainOp, feed);
  return {
    async block() {
      const start = process.hrtime.bigint();
      for (let i = 0; i < c.steps; i++) await sess.run(trainOp, feed);
      return c.steps / (Number(process.hrtime.bigint() - start) / 1e9);
    },
    close: () => sess.close(),
  };
}

async function main() {
  if (!OPTIMIZERS[c.optimizer]) throw new Error(`--optimizer: one of ${Object.keys(OPTIMIZERS).join(', ')}`);
  const loops = { sparse: await open(false), dense: await open(true) };
  const rates = { sparse: [], dense: [] };
  try {
    for (let r = 0; r < c.rounds; r++) {
      for (const k of r % 2 ? ['dense', 'sparse'] : ['sparse', 'dense']) rates[k].push(await loops[k].block());
      console.error(`bench: round ${r + 1}: sparse ${rates.sparse[r].toFixed(0)}, dense ${rates.dense[r].toFixed(0)} steps/s`);
    }
  } finally {
    await loops.sparse.close();
    await loops.dense.close();
  }
  let python = null;
  if (fs.existsSync(pythonPath())) {
    python = JSON.parse(execFileSync(pythonPath(), [path.join(__dirname, 'embedding_tf1.py'), JSON.stringify(c)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })).steps_per_sec;
  } else {
    console.error(`bench: no Python TF at ${pythonPath()}: no Python column`);
  }
  const [s, d] = [median(rates.sparse), median(rates.dense)];
  console.log(`node ${process.versions.node}, libtensorflow ${tf.version()}, ${os.cpus().length} x ${os.cpus()[0].model.trim()}`);
  console.log(`embedding ${c.vocab.toLocaleString('en-US')} x ${c.dim}, batch ${c.batch} x ${c.bag} ids, ` +
    `${c.optimizer}, ${c.resource ? 'resource' : 'ref'} variables`);
  console.log(`sparse (by rows)  ${s.toFixed(1).padStart(8)} steps/s`);
  console.log(`dense             ${d.toFixed(1).padStart(8)} steps/s   sparse is ${(s / d).toFixed(1)}x dense`);
  if (python) {
    const p = median(python);
    console.log(`Python TF1        ${p.toFixed(1).padStart(8)} steps/s   sparse is ${(s / p).toFixed(2)}x Python`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
