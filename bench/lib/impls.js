'use strict';
/**
 * Implementations the bench can time, each running a case (bench/lib/cases.js) for `steps` steps
 * after `warmup` steps and resolving to {steps, seconds}. `reference: true` marks the one ratios
 * are taken against (the bare C++ loop, the physical limit).
 *
 * To add one (MonitoredSession with hooks, Python TF1, a prebuilt addon...): add an entry with
 *   name, description, defaultOn (run without --impls?), available() -> true | 'reason it is not',
 *   run(case, {steps, warmup, config}) -> Promise<{steps, seconds}>, and optionally
 *   target        the minimum ratio to the reference that `--check` enforces: a number for every
 *                 case, or an object by case name ({ tiny: 0.5, mlp: 0.97 }) for only those cases;
 *   pythonTarget  the same forms, the minimum ratio to the Python TF1 twin (report.js,
 *                 PYTHON_TWIN), enforced likewise when the twin ran.
 * Ratios are medians of per-round ratios (bench/lib/report.js).
 * An implementation that is not available is reported and skipped, never fatal.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { ROOT } = require('./cases');

const BARE = path.join(ROOT, 'bench', 'build', 'bare_loop');
const DIST = path.join(ROOT, 'dist', 'lib', 'index.js');

// --- the bare C++ loop ------------------------------------------------------------------------

/** Builds bench/build/bare_loop with CMake when it is missing (the fixtures helper's source). */
function ensureBareLoop(log) {
  // Rebuilt when bare_loop.cc is newer than the binary (cmake itself decides what to redo).
  if (fs.existsSync(BARE) && fs.statSync(BARE).mtimeMs >= fs.statSync(path.join(ROOT, 'bench', 'bare_loop.cc')).mtimeMs) {
    return true;
  }
  const inc = process.env.CMAKE_JS_INC ?? path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node');
  log(`bench: building ${path.relative(ROOT, BARE)} (cmake)...`);
  const steps = [
    ['cmake', ['-S', '.', '-B', 'bench/build', '-DTF1_NODE_BENCH=ON', `-DCMAKE_JS_INC=${inc}`]],
    ['cmake', ['--build', 'bench/build', '--target', 'bare_loop']],
  ];
  for (const [cmd, args] of steps) {
    const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(`bench: \`${cmd} ${args.join(' ')}\` failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
    }
  }
  return true;
}

async function runBare(c, opts, extra) {
  ensureBareLoop(opts.log);
  const r = spawnSync(BARE, [...bareArgs(c, opts), ...extra], { encoding: 'utf8', env: { TF_CPP_MIN_LOG_LEVEL: '3', ...process.env } });
  if (r.status !== 0) throw new Error(`bare_loop failed: ${r.stderr || r.error}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  return { steps: out.steps, seconds: out.seconds };
}

function bareArgs(c, { steps, warmup, config }) {
  const args = ['--graph', c.graph, '--steps', String(steps), '--warmup', String(warmup)];
  for (const op of c.init) args.push('--init', op);
  for (const t of c.targets) args.push('--target', t);
  for (const f of c.fetches) args.push('--fetch', f);
  for (const f of c.feeds) args.push('--feed', `${f.name}=${f.dtype}:${f.shape.join(',')}`);
  if (config.intraOp) args.push('--intra-op', String(config.intraOp));
  if (config.interOp) args.push('--inter-op', String(config.interOp));
  return args;
}

// --- the Node binding -------------------------------------------------------------------------

let tf;
function loadTf() {
  tf ??= require(DIST);
  return tf;
}

/**
 * ConfigProto bytes for the thread settings (fields 2 and 5, as bare_loop writes them). Negative
 * values are int32 varints of 10 bytes; inter_op -1 runs every op in the caller's thread.
 */
function configBytes({ intraOp = 0, interOp = 0 }) {
  const out = [];
  const field = (num, value) => {
    if (!value) return;
    out.push(num << 3);
    let v = BigInt.asUintN(64, BigInt(value));
    for (; v > 0x7fn; v >>= 7n) out.push(Number(v & 0x7fn) | 0x80);
    out.push(Number(v));
  };
  field(2, intraOp);
  field(5, interOp);
  return out.length ? new Uint8Array(out) : null;
}

/**
 * A feed built once and reused, as the bare loop's: in `Tensor.alloc`'s memory, which big feeds
 * share with libtensorflow rather than being copied every run (the README's advice for them).
 */
function filled(dtype, shape, data) {
  const t = loadTf().Tensor.alloc(dtype, shape);
  t.data.set(data);
  return t;
}

/**
 * A session on the case's graph, initialised, with its fetches, targets and feeds resolved once;
 * with `withGlobalStepRead`, also the global step read TF1's hooks fetch (null otherwise).
 */
async function nodeSetup(c, config, { withGlobalStepRead = false } = {}) {
  const { Graph, Session, DType } = loadTf();
  const graph = new Graph();
  graph.importGraphDef(new Uint8Array(fs.readFileSync(c.graph)), { prefix: '' });
  // The global step read hooks fetch (TF1's cond around the variable), built as they build it.
  const globalStepRead = withGlobalStepRead
    ? require(path.join(ROOT, 'dist', 'lib', 'training', 'training_util')).getOrCreateGlobalStepRead(graph) : null;
  const session = new Session(graph, { config: configBytes(config) });
  for (const op of c.init) await session.run(graph.operation(op));
  const fetches = [...c.fetches.map((n) => graph.tensor(n)), ...c.targets.map((n) => graph.operation(n))];
  const feed = new Map(c.feeds.map((f) => [graph.tensor(f.name), filled(DType[f.dtype], f.shape, f.data)]));
  graph.finalize();
  return { session, fetches, feed, globalStepRead };
}

function seconds(start) {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

// --- the registry --------------------------------------------------------------------------------

const IMPLS = [
  {
    name: 'bare',
    description: 'C++ loop over TF_SessionRun (bench/bare_loop.cc), feeds built once',
    reference: true,
    defaultOn: true,
    available: () => true,
    run: (c, opts) => runBare(c, opts, []),
  },
  {
    // The same loop building new input tensors every step, as any loop feeding fresh batches
    // must (and as the Node binding does): TF itself is slower with fresh feeds.
    name: 'bare-fresh',
    description: 'C++ loop over TF_SessionRun (bench/bare_loop.cc --fresh-feeds 1), new feed tensors each step',
    defaultOn: true,
    available: () => true,
    run: (c, opts) => runBare(c, opts, ['--fresh-feeds', '1']),
  },
  {
    // The binding times each run signature in TF's inter-op pool and in the calling thread and
    // keeps the faster (native/callable.h, RunTuner); on tiny graphs it keeps the calling thread.
    // This is the bare loop doing the same: the limit for such graphs.
    name: 'bare-inline',
    description: 'C++ loop over TF_SessionRun (bench/bare_loop.cc --inter-op -1), ops in the calling thread',
    defaultOn: true,
    available: () => true,
    run: (c, opts) => runBare(c, opts, ['--inter-op', '-1']),
  },
  {
    name: 'runSync',
    description: 'Session.runSync(fetches, feedMap) in a loop (blocks the JS thread)',
    defaultOn: true,
    target: 0.7,
    available: () => fs.existsSync(DIST) || 'dist/ is not built: run `npx tsc -p tsconfig.json`',
    async run(c, { steps, warmup, config }) {
      const { session, fetches, feed } = await nodeSetup(c, config);
      try {
        for (let i = 0; i < warmup; i++) session.runSync(fetches, feed);
        const start = process.hrtime.bigint();
        for (let i = 0; i < steps; i++) session.runSync(fetches, feed);
        return { steps, seconds: seconds(start) };
      } finally {
        await session.close();
      }
    },
  },
  {
    name: 'run',
    description: 'await Session.run(fetches, feedMap) in a loop (libuv pool thread per run)',
    defaultOn: true,
    target: 0.4,
    available: () => fs.existsSync(DIST) || 'dist/ is not built: run `npx tsc -p tsconfig.json`',
    async run(c, { steps, warmup, config }) {
      const { session, fetches, feed } = await nodeSetup(c, config);
      try {
        for (let i = 0; i < warmup; i++) await session.run(fetches, feed);
        const start = process.hrtime.bigint();
        for (let i = 0; i < steps; i++) await session.run(fetches, feed);
        return { steps, seconds: seconds(start) };
      } finally {
        await session.close();
      }
    },
  },
  {
    // What TF1's hook semantics ask of TF each step, without the hooks: the train op and the
    // global step read (through the cond TF1 builds) in one run, then the read alone, as
    // CheckpointSaverHook does after every step (steps_per_run is 1,000,000 in TF1), both through
    // Session.run as MonitoredSession makes them. The cond puts control flow in the step's graph,
    // which TF executes more slowly. `monitored`'s floor: the same runs without hooks.
    name: 'monitored-floor',
    description: 'await Session.run([...fetches, global step read]), then run(read): the runs of a monitored step',
    defaultOn: false,
    available: () => fs.existsSync(DIST) || 'dist/ is not built: run `npx tsc -p tsconfig.json`',
    async run(c, { steps, warmup, config }) {
      const { session, fetches, feed, globalStepRead } = await nodeSetup(c, config, { withGlobalStepRead: true });
      const merged = [...fetches, globalStepRead];
      const step = async () => {
        await session.run(merged, feed);
        await session.run(globalStepRead);
      };
      try {
        for (let i = 0; i < warmup; i++) await step();
        const start = process.hrtime.bigint();
        for (let i = 0; i < steps; i++) await step();
        return { steps, seconds: seconds(start) };
      } finally {
        await session.close();
      }
    },
  },
  {
    // bench/training.js: MonitoredSession with SummarySaverHook + CheckpointSaverHook, as
    // bench/python_tf1.py's "monitored" mode. Only the cases training.js knows (tiny, mlp).
    name: 'monitored',
    description: 'MonitoredSession.run with SummarySaverHook(100) + CheckpointSaverHook(1000) (bench/training.js)',
    defaultOn: false,
    // Issue #4's targets: the hooks' fixed per-step cost weighs most on the tiny graph.
    target: { tiny: 0.5, mlp: 0.97 },
    pythonTarget: { tiny: 5 },
    available: () => {
      if (!fs.existsSync(path.join(ROOT, 'bench', 'training.js'))) return 'bench/training.js is missing';
      try {
        require(path.join(ROOT, 'bench', 'training.js'));
        return true;
      } catch (e) {
        return `bench/training.js does not load (${e.message.split('\n')[0]})`;
      }
    },
    async run(c, { steps, warmup }) {
      const training = require(path.join(ROOT, 'bench', 'training.js'));
      const [r] = await training.run({ cases: [c.name], modes: ['monitored'], [`${c.name}Steps`]: steps, [`${c.name}Warmup`]: warmup });
      return { steps: r.steps, seconds: r.seconds };
    },
  },
  ...['raw', 'monitored'].map((mode) => ({
    name: `python-${mode}`,
    description: `Python TF1 ${mode === 'raw' ? 'session.run(train_op, feed)' : 'MonitoredSession + hooks'} (bench/python_tf1.py)`,
    defaultOn: false,
    available: () => (fs.existsSync(pythonPath()) ? true : `no Python TF at ${pythonPath()} (scripts/setup-python-env.sh makes .venv-tf)`),
    async run(c, { steps, warmup, config }) {
      const args = [path.join(ROOT, 'bench', 'python_tf1.py'), '--cases', c.name, '--modes', mode,
        `--${c.name}-steps`, String(steps), `--${c.name}-warmup`, String(warmup),
        '--intra-op', String(config.intraOp ?? 0), '--inter-op', String(config.interOp ?? 0)];
      const r = spawnSync(pythonPath(), args, { cwd: ROOT, encoding: 'utf8', env: { TF_CPP_MIN_LOG_LEVEL: '3', ...process.env } });
      if (r.status !== 0) throw new Error(`python_tf1.py failed: ${r.stderr.slice(-2000)}`);
      const out = JSON.parse(r.stdout.trim().split('\n').pop());
      return { steps: out.steps, seconds: out.seconds };
    },
  })),
];

function pythonPath() {
  return process.env.TF1_NODE_PYTHON ?? path.join(ROOT, '.venv-tf', 'bin', 'python');
}

module.exports = { IMPLS, configBytes, ensureBareLoop };
