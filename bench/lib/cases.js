'use strict';
/**
 * Benchmark cases: one training graph each, described once so that every implementation (the bare
 * C++ loop, the Node binding, Python TF1) runs exactly the same step: the same GraphDef, init op,
 * targets, fetches and feed shapes. Names come from the fixture's expected.json (written by Python
 * TF, see test/fixtures/README.md), so a regenerated fixture cannot drift from the bench.
 *
 * To add a case: add an entry to CASES with {fixture, graph, init, targets, fetches, feeds, block,
 * warmup}: `block` is the steps each implementation runs per round, `warmup` the steps each runs
 * once after it is set up. `feeds` values follow bare_loop's fill pattern unless `values` is given.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures');

function expected(fixture) {
  const file = path.join(FIXTURES, fixture, 'expected.json');
  if (!fs.existsSync(file)) {
    throw new Error(`bench: ${path.relative(ROOT, file)} is missing; regenerate the fixtures with ` +
      'scripts/fixtures/make_all.sh');
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** bare_loop's fill pattern (bench/bare_loop.cc): floats ((k*7919)%1000)/1000-0.5, ints k%10. */
function fillPattern(dtype, n) {
  const ints = { int32: Int32Array, uint8: Uint8Array }[dtype];
  if (ints) return ints.from({ length: n }, (_, k) => k % 10);
  const A = dtype === 'float64' ? Float64Array : Float32Array;
  return A.from({ length: n }, (_, k) => ((k * 7919) % 1000) / 1000 - 0.5);
}

const CASES = {
  /** Linear regression, 4 examples: per-step overhead dominates (the binding's worst case). */
  tiny() {
    const exp = expected('linear');
    return {
      name: 'tiny',
      description: 'linear regression train step (test/fixtures/linear), batch 4',
      fixture: 'linear',
      graph: path.join(FIXTURES, 'linear', exp.files.graph_def),
      init: [exp.names.init_op],
      targets: [exp.names.train_op],
      fetches: [],
      feeds: [
        { name: 'x:0', dtype: 'float32', shape: [4, 1], values: exp.data.x.flat() },
        { name: 'y:0', dtype: 'float32', shape: [4, 1], values: exp.data.y.flat() },
      ],
      // A multiple of the monitored hooks' periods: each block has its 5 saves and 50 summaries.
      block: 5000,
      warmup: 1000,
    };
  },

  /** 784-512-512-10 MLP, batch 128: compute dominates, overhead should vanish. */
  mlp() {
    const exp = expected('mlp');
    return {
      name: 'mlp',
      description: 'MLP 784-512-512-10 train step (test/fixtures/mlp), batch 128',
      fixture: 'mlp',
      graph: path.join(FIXTURES, 'mlp', exp.files.graph_def),
      init: [exp.names.init_op],
      targets: [exp.names.train_op],
      fetches: [],
      feeds: [
        { name: 'x:0', dtype: 'float32', shape: [128, 784] },
        { name: 'y:0', dtype: 'float32', shape: [128, 10] },
      ],
      // Two summary steps a block, a save every fifth block.
      block: 200,
      // Long enough for every implementation's steady state: TF's first runs of this graph are
      // slower for about 40 runs, and the binding times its two placements over the first 40.
      warmup: 60,
    };
  },
};

/** The case `name`, with feed values filled in. */
function getCase(name) {
  const make = CASES[name];
  if (!make) throw new Error(`bench: unknown case '${name}' (have: ${Object.keys(CASES).join(', ')})`);
  const c = make();
  for (const f of c.feeds) {
    const n = f.shape.reduce((a, b) => a * b, 1);
    f.data = f.values ? Float32Array.from(f.values) : fillPattern(f.dtype, n);
    if (f.data.length !== n) throw new Error(`bench: case ${name} feed ${f.name} has ${f.data.length} values, shape needs ${n}`);
  }
  return c;
}

module.exports = { CASES, getCase, ROOT, FIXTURES };
