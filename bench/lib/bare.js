'use strict';
/**
 * The bench's reference, in process: the bare C++ loop over TF_SessionRun (bench/bare_loop.cc, a
 * small Node-API addon built on request as bench/build/bare_loop.node) on a session that stays
 * open, so the bench can interleave short blocks of steps of every implementation.
 *
 *   const loop = openBare(getCase('mlp'), { config: { intraOp: 0, interOp: 0 }, log }, { interOp: -1 });
 *   const seconds = await loop.run(100);   // wall seconds of 100 steps, run off the JS thread
 *   await loop.close();
 *
 * `extra` overrides the addon's options: { interOp: -1 } runs every op in the calling thread,
 * { freshFeeds: true } builds new feed tensors every step, { reads: ['t:0'] } adds a second run
 * fetching those every step. Feeds use bare_loop's fill pattern
 * (cases.js, fillPattern), not a case's `values`.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { ROOT } = require('./cases');

const SOURCE = path.join(ROOT, 'bench', 'bare_loop.cc');
const ADDON = path.join(ROOT, 'bench', 'build', 'bare_loop.node');

/**
 * Builds bench/build/bare_loop.node with CMake when it is missing or older than bare_loop.cc;
 * returns its path.
 */
function ensureBareLoop(log = console.error) {
  // cmake itself decides what to redo.
  if (fs.existsSync(ADDON) && fs.statSync(ADDON).mtimeMs >= fs.statSync(SOURCE).mtimeMs) {
    return ADDON;
  }
  const inc = process.env.CMAKE_JS_INC ?? path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node');
  log(`bench: building ${path.relative(ROOT, ADDON)} (cmake)...`);
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
  return ADDON;
}

let addon;
function loadAddon(log) {
  if (!addon) {
    const file = ensureBareLoop(log);
    // Read by libtensorflow when it first logs; the bench's own entry points set it too.
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '3';
    addon = require(file);
  }
  return addon;
}

/**
 * Opens the bare loop on case `c` (bench/lib/cases.js): imports its graph, runs its init ops and
 * builds its feeds, synchronously. `config`: {intraOp, interOp, spinning}; `extra`: options
 * overriding them ({ interOp: -1 }, { freshFeeds: true }, { reads }). Returns
 *   run(steps) -> Promise<seconds>   one block of steps (rejects if a block is still running);
 *   close() -> Promise<void>         frees the session (after the block in flight, if any).
 */
function openBare(c, { config = {}, log } = {}, extra = {}) {
  const { BareLoop } = loadAddon(log);
  const loop = new BareLoop({
    graph: c.graph,
    init: c.init,
    targets: c.targets,
    fetches: c.fetches,
    feeds: c.feeds.map(({ name, dtype, shape }) => ({ name, dtype, shape })),
    intraOp: config.intraOp ?? 0,
    interOp: config.interOp ?? 0,
    spinning: config.spinning ?? true,
    freshFeeds: false,
    ...extra,
  });
  return {
    run: (steps) => loop.run(steps),
    // A block in flight keeps the session until it ends (bare_loop.cc).
    close: async () => loop.close(),
  };
}

module.exports = { openBare };
