#!/usr/bin/env node
'use strict';
/**
 * Leak and copy check of the native core, on the compiled package (dist/, `npx tsc -p tsconfig.json`):
 *
 *   runs      100,000 runs of a small training graph (test/fixtures/linear): fresh feed tensors,
 *             fetched loss and predictions, half runSync and half run, one failing run in 100
 *             (the error path). RSS after them must be within 5% of RSS after a warm-up.
 *   sessions  1,000 sessions opened, run once and closed (half of them left to the GC instead
 *             of close()); RSS within 5% of RSS after a warm-up.
 *   feed      a 100 MB Float32Array from Tensor.alloc (64-byte aligned, as libtensorflow needs to
 *             share memory) fed to a run (reduced to a scalar, so no big output): peak RSS may
 *             rise by less than 1.2x the array's size, counted from before the array exists, i.e.
 *             the array itself plus at most 20% more; a copy would make it 2x. Also reported, not
 *             checked: a plain `new Float32Array` (V8 aligns to 16 bytes, so TF_NewTensor copies
 *             it) and an array libtensorflow allocated (a fetched result).
 *
 *   node bench/leak_check.js [--only runs,sessions,feed] [--runs 100000] [--sessions 1000]
 *                            [--feed-mb 100] [--json]
 *
 * Each check runs in its own `node --expose-gc` child so peak RSS belongs to that check alone.
 * Prints a table of the figures; exits 1 if a check fails.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { parseArgs } = require('util');
const { MiB, rss, peakRss, resetPeak, settle } = require('./lib/memory');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist', 'lib', 'index.js');
const LINEAR = path.join(ROOT, 'test', 'fixtures', 'linear');
process.env.TF_CPP_MIN_LOG_LEVEL ??= '3';

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string', default: 'runs,sessions,feed' },
    runs: { type: 'string', default: '100000' },
    sessions: { type: 'string', default: '1000' },
    'feed-mb': { type: 'string', default: '100' },
    json: { type: 'boolean', default: false },
    child: { type: 'string' },
  },
});

const RSS_TOLERANCE = 0.05;
const FEED_LIMIT = 1.2;

function linearGraph(tf) {
  const exp = JSON.parse(fs.readFileSync(path.join(LINEAR, 'expected.json'), 'utf8'));
  const graph = new tf.Graph();
  graph.importGraphDef(new Uint8Array(fs.readFileSync(path.join(LINEAR, exp.files.graph_def))), { prefix: '' });
  return { graph, exp };
}

// --- checks (each runs in a child process) ---------------------------------------------------------

const CHECKS = {
  async runs(tf) {
    const total = Number(opts.runs);
    const { graph, exp } = linearGraph(tf);
    const sess = new tf.Session(graph);
    await sess.run(exp.names.init_op);
    const fetches = [graph.operation(exp.names.train_op), graph.tensor(exp.names.loss), graph.tensor(exp.names.pred)];
    const x = exp.data.x.flat();
    const y = exp.data.y.flat();
    let failures = 0;
    const step = async (i) => {
      // Fresh tensors every step: the marshalling path, not a cached feed.
      const feed = { 'x:0': tf.Tensor.from(x, { shape: [4, 1] }), 'y:0': tf.Tensor.from(y, { shape: [4, 1] }) };
      if (i % 100 === 99) {
        try {
          sess.runSync(fetches); // no feeds: InvalidArgumentError
        } catch (e) {
          if (!(e instanceof tf.errors.InvalidArgumentError)) throw e;
          failures++;
        }
        return;
      }
      const out = i % 2 ? sess.runSync(fetches, feed) : await sess.run(fetches, feed);
      if (!Number.isFinite(out[1].item())) throw new Error(`step ${i}: loss is ${out[1].item()}`);
    };
    const warmup = Math.min(10000, Math.ceil(total / 10));
    for (let i = 0; i < warmup; i++) await step(i);
    await settle();
    const before = rss();
    const samples = [];
    const start = process.hrtime.bigint();
    for (let i = 0; i < total; i++) {
      await step(i);
      if ((i + 1) % (total / 10) === 0) samples.push(Number(rss().toFixed(1)));
    }
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    await sess.close();
    await settle();
    const after = rss();
    return { check: 'runs', count: total, seconds: secs, failures, before, after, samples };
  },

  async sessions(tf) {
    const total = Number(opts.sessions);
    const { graph, exp } = linearGraph(tf);
    const feed = { 'x:0': exp.data.x, 'y:0': exp.data.y };
    const once = async (i) => {
      const sess = new tf.Session(graph);
      await sess.run(exp.names.init_op);
      const loss = i % 2 ? sess.runSync(exp.names.loss, feed) : await sess.run(exp.names.loss, feed);
      if (loss.item() !== exp.train_losses.value[0]) throw new Error(`session ${i}: loss ${loss.item()}`);
      if (i % 2 === 0) await sess.close(); // the odd ones are left to the GC
    };
    const warmup = Math.min(100, Math.ceil(total / 10));
    for (let i = 0; i < warmup; i++) await once(i);
    await settle();
    const before = rss();
    const samples = [];
    const start = process.hrtime.bigint();
    for (let i = 0; i < total; i++) {
      await once(i);
      if (i % 50 === 49) await settle(1); // let finalizers of the unclosed ones run as an app's GC would
      if ((i + 1) % (total / 10) === 0) samples.push(Number(rss().toFixed(1)));
    }
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    await settle();
    const after = rss();
    return { check: 'sessions', count: total, seconds: secs, before, after, samples };
  },

  async feed(tf) {
    const mb = Number(opts['feed-mb']);
    const n = Math.round((mb * 1e6) / 4);
    const graph = new tf.Graph();
    const x = graph.addOperation({ type: 'Placeholder', name: 'x', attrs: [['dtype', 'type', tf.DType.float32]] }).output(0);
    const axis = graph.addOperation({
      type: 'Const', name: 'axis',
      attrs: [['dtype', 'type', tf.DType.int32], ['value', 'tensor', { dtype: tf.DType.int32, shape: [], data: new Int32Array([0]) }]],
    }).output(0);
    const sum = graph.addOperation({
      type: 'Sum', name: 'sum', inputs: [x, axis], attrs: [['T', 'type', tf.DType.float32], ['Tidx', 'type', tf.DType.int32]],
    }).output(0);
    // A Fill whose dims are fed, so grappler cannot fold it: its result is allocated by TF.
    const dims = graph.addOperation({ type: 'Placeholder', name: 'dims', attrs: [['dtype', 'type', tf.DType.int32]] }).output(0);
    const one = graph.addOperation({
      type: 'Const', name: 'one',
      attrs: [['dtype', 'type', tf.DType.float32], ['value', 'tensor', { dtype: tf.DType.float32, shape: [], data: new Float32Array([1]) }]],
    }).output(0);
    const fill = graph.addOperation({ type: 'Fill', name: 'fill', inputs: [dims, one], attrs: [['T', 'type', tf.DType.float32], ['index_type', 'type', tf.DType.int32]] }).output(0);
    const sess = new tf.Session(graph);
    sess.runSync(sum, { 'x:0': new Float32Array(1000).fill(1) }); // warm-up: kernels made, pools primed
    sess.runSync(fill, { 'dims:0': [1000] });
    await settle();

    const size = (n * 4) / MiB;
    const measure = async (makeArray) => {
      await settle();
      const peakReset = resetPeak();
      const rssBefore = rss();
      let a = makeArray();
      const afterAlloc = rss();
      const r = sess.runSync(sum, { 'x:0': a });
      if (r.item() !== n) throw new Error(`sum is ${r.item()}, expected ${n}`);
      const peak = peakRss();
      a = null;
      return { size, rssBefore, afterAlloc, peak, rise: peak - rssBefore, peakReset };
    };
    // The documented zero-copy route: Tensor.alloc gives 64-byte-aligned memory, which TF shares.
    const viaAlloc = await measure(() => tf.Tensor.alloc(tf.DType.float32, [n]).data.fill(1));
    // A plain V8 array (16-byte aligned): TF_NewTensor copies it, reported for comparison.
    const plain = await measure(() => new Float32Array(n).fill(1));
    // A TF-allocated array (a fetched Fill result, 64-byte aligned), for comparison.
    const aligned = await measure(() => sess.runSync(fill, { 'dims:0': [n] }).data);
    await sess.close();
    return { check: 'feed', mb, viaAlloc, plain, aligned };
  },
};

// --- parent: run each check in a child, judge, print ----------------------------------------------

function runChild(name) {
  const r = spawnSync(process.execPath, ['--expose-gc', __filename, '--child', name, '--runs', opts.runs,
    '--sessions', opts.sessions, '--feed-mb', opts['feed-mb']], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !line) {
    return { check: name, error: `child exited with ${r.status ?? r.signal}: ${r.stderr.slice(-2000)}` };
  }
  return JSON.parse(line);
}

function judge(res) {
  if (res.error) return { ok: false, summary: res.error };
  if (res.check === 'feed') {
    const ratio = res.viaAlloc.rise / res.viaAlloc.size;
    const plainRatio = res.plain.rise / res.plain.size;
    const alignedExtra = (res.aligned.peak - res.aligned.afterAlloc) / res.aligned.size;
    return {
      ok: ratio < FEED_LIMIT,
      summary: `${res.mb} MB Float32Array from Tensor.alloc: RSS ${res.viaAlloc.rssBefore.toFixed(0)} -> ` +
        `${res.viaAlloc.afterAlloc.toFixed(0)} MiB with the array, peak ${res.viaAlloc.peak.toFixed(0)} MiB during the ` +
        `run: rise ${res.viaAlloc.rise.toFixed(0)} MiB = ${ratio.toFixed(2)}x its size (limit < ${FEED_LIMIT}x); ` +
        `a plain new Float32Array (16-byte aligned, copied by TF): ${plainRatio.toFixed(2)}x (not checked); ` +
        `a TF-allocated array: +${(res.aligned.peak - res.aligned.afterAlloc).toFixed(0)} MiB (${alignedExtra.toFixed(2)}x, not checked)`,
      figures: { ratio, plainRatio, limit: FEED_LIMIT, alignedExtra },
    };
  }
  const growth = (res.after - res.before) / res.before;
  const maxSample = Math.max(...res.samples);
  return {
    ok: growth < RSS_TOLERANCE,
    summary: `${res.count.toLocaleString('en-US')} ${res.check} in ${res.seconds.toFixed(1)} s: RSS ${res.before.toFixed(1)} MiB ` +
      `after warm-up -> ${res.after.toFixed(1)} MiB after (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(2)}%, ` +
      `limit ${RSS_TOLERANCE * 100}%); max sampled ${maxSample.toFixed(1)} MiB; samples ${res.samples.join(' ')}` +
      (res.failures !== undefined ? `; ${res.failures} failing runs took the error path` : ''),
    figures: { growth, limit: RSS_TOLERANCE },
  };
}

async function child(name) {
  if (!fs.existsSync(DIST)) throw new Error('dist/ is not built: run `npx tsc -p tsconfig.json`');
  const tf = require(DIST);
  const res = await CHECKS[name](tf);
  console.log(JSON.stringify(res));
}

async function main() {
  if (opts.child) return child(opts.child);
  let failed = 0;
  for (const name of opts.only.split(',')) {
    if (!CHECKS[name]) throw new Error(`unknown check '${name}' (have: ${Object.keys(CHECKS).join(', ')})`);
    const res = runChild(name);
    const verdict = judge(res);
    if (!verdict.ok) failed++;
    if (opts.json) console.log(JSON.stringify({ ...res, ok: verdict.ok, figures: verdict.figures }));
    else console.log(`${verdict.ok ? 'PASS' : 'FAIL'} ${name.padEnd(8)} ${verdict.summary}`);
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
