#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: steps per second of a training step under several implementations, and each
 * one's ratio to the bare C++ loop over TF_SessionRun (bench/bare_loop.cc, the physical limit).
 *
 *   node bench/run.js [--cases tiny,mlp] [--impls bare,runSync,run,monitored,python-raw,...]
 *                     [--rounds 10] [--steps N] [--warmup N] [--intra-op N] [--inter-op N]
 *                     [--no-spin] [--json] [--check] [--list]
 *
 * Cases live in bench/lib/cases.js, implementations in bench/lib/impls.js (both document how to
 * add one). For each case every implementation is set up once (the bare loop and the Node ones in
 * this process, Python TF1 in a child process) and warmed up; then each round runs a block of
 * steps (the case's `block`, or --steps) of every implementation in turn, in alternating order,
 * so that a noisy neighbour hits them alike. The VM's speed drifts within seconds, so ratios (vs
 * bare, +us/step, vs Python) are medians of per-round ratios, each between blocks of the same
 * round, shown with their min..max over rounds; steps/s is the median over rounds.
 * --check exits 1 when an implementation misses a target of the case (bench/lib/impls.js): vs bare
 * runSync >= 0.7x, run >= 0.4x, monitored >= 0.5x on tiny and >= 0.97x on mlp; vs Python (when
 * python-monitored ran) monitored >= 5x on tiny.
 * --no-spin sets ConfigProto experimental.disable_thread_spinning on every session. TF's thread
 * pools are the process's, made by its first session (the bare loop's), so every implementation in
 * this process runs on pools without spinning (Python TF1, in its own process, too).
 * --json prints one JSON line per block and per summary row instead of the table.
 * Needs dist/ (`npx tsc -p tsconfig.json`); builds bench/build/bare_loop.node with CMake if missing.
 */
const { parseArgs } = require('util');
const { getCase, CASES } = require('./lib/cases');
const { IMPLS } = require('./lib/impls');
const { summarize, table, environment } = require('./lib/report');

process.env.TF_CPP_MIN_LOG_LEVEL ??= '3';

const { values: opts } = parseArgs({
  options: {
    cases: { type: 'string', default: 'tiny' },
    impls: { type: 'string' },
    rounds: { type: 'string', default: '10' },
    steps: { type: 'string' },
    warmup: { type: 'string' },
    'intra-op': { type: 'string', default: '0' },
    'inter-op': { type: 'string', default: '0' },
    'no-spin': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
  },
});

const log = (...a) => console.error(...a);

async function main() {
  if (opts.list) {
    console.log('cases:');
    for (const name of Object.keys(CASES)) console.log(`  ${name.padEnd(18)} ${CASES[name]().description}`);
    console.log('impls:');
    for (const i of IMPLS) {
      const a = i.available();
      console.log(`  ${i.name.padEnd(18)} ${i.defaultOn ? '(default) ' : ''}${i.description}${a === true ? '' : `  [unavailable: ${a}]`}`);
    }
    return 0;
  }
  const wanted = opts.impls ? opts.impls.split(',') : IMPLS.filter((i) => i.defaultOn).map((i) => i.name);
  const impls = [];
  for (const name of wanted) {
    const impl = IMPLS.find((i) => i.name === name);
    if (!impl) throw new Error(`unknown impl '${name}' (have: ${IMPLS.map((i) => i.name).join(', ')})`);
    const a = impl.available();
    if (a !== true) log(`bench: skipping ${name}: ${a}`);
    else impls.push(impl);
  }
  // The reference runs whenever anything is compared to it.
  const ref = IMPLS.find((i) => i.reference);
  if (!impls.includes(ref)) impls.unshift(ref);

  const config = { intraOp: Number(opts['intra-op']), interOp: Number(opts['inter-op']), spinning: !opts['no-spin'] };
  const rounds = Number(opts.rounds);
  const results = [];
  for (const caseName of opts.cases.split(',')) {
    const c = getCase(caseName);
    const steps = opts.steps ? Number(opts.steps) : c.block;
    const warmup = opts.warmup ? Number(opts.warmup) : c.warmup;
    log(`bench: ${c.name}: ${c.description}; ${rounds} rounds of ${steps} steps per implementation (+${warmup} warm-up)`);
    const open = [];
    try {
      for (const impl of impls) {
        const loop = await impl.open(c, { config, log });
        open.push({ impl, loop });
        await loop.run(warmup);
      }
      for (let round = 1; round <= rounds; round++) {
        for (const { impl, loop } of round % 2 ? open : [...open].reverse()) {
          const seconds = await loop.run(steps);
          const row = { case: c.name, impl: impl.name, round, steps, seconds };
          results.push(row);
          if (opts.json) console.log(JSON.stringify({ ...row, steps_per_sec: steps / seconds }));
          else log(`  round ${round} ${impl.name.padEnd(16)} ${Math.round(steps / seconds).toLocaleString('en-US')} steps/s`);
        }
      }
    } finally {
      for (const { loop } of open) await loop.close();
    }
  }

  const rows = summarize(results, impls);
  let tfVersion;
  try {
    tfVersion = require('../dist/lib').version();
  } catch {
    // dist/ missing: the environment line says '?'
  }
  if (opts.json) {
    for (const r of rows) console.log(JSON.stringify({ summary: true, ...r }));
  } else {
    console.log(`\n${environment(tfVersion)}`);
    console.log(table(rows));
  }
  const missed = [
    ...rows.filter((r) => r.ok === false).map((r) => `${r.case}/${r.impl} ${r.ratio.toFixed(2)}x < ${r.target}x bare`),
    ...rows.filter((r) => r.python_ok === false).map((r) => `${r.case}/${r.impl} ${r.vs_python.toFixed(2)}x < ${r.python_target}x Python`),
  ];
  if (missed.length && !opts.json) console.log(`\nbelow target: ${missed.join(', ')}`);
  return opts.check && missed.length ? 1 : 0;
}

main().then((code) => {
  process.exitCode = code;
}, (e) => {
  console.error(e);
  process.exitCode = 1;
});
