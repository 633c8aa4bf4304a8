'use strict';
/** Statistics and the printed table of bench/run.js. */
const os = require('os');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// The Python TF1 run each Node implementation is compared with, where both ran.
const PYTHON_TWIN = { runSync: 'python-raw', run: 'python-raw', monitored: 'python-monitored' };

/** An impl's target for a case: a number applies to every case, an object names its cases. */
function targetFor(target, caseName) {
  return typeof target === 'number' ? target : target?.[caseName];
}

/**
 * f(rate, otherRate) for each round both ran (maps round -> steps/s). The VM's speed drifts by up
 * to 2x within seconds, so only results of the same round are compared.
 */
function paired(rates, other, f) {
  const out = [];
  for (const [round, rate] of rates) if (other?.has(round)) out.push(f(rate, other.get(round)));
  return out;
}

/** Median and extremes of per-round values; all undefined when no round paired. */
function spread(xs) {
  return xs.length ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) } : {};
}

/**
 * One row per (case, impl): median steps/s over rounds and their spread, and the median and
 * spread of the per-round ratios to the case's reference (the bare loop) and to the Python TF1
 * twin, checked against the impl's targets for the case.
 */
function summarize(results, impls) {
  const rows = [];
  // case -> impl -> round -> steps/s
  const byCase = new Map();
  for (const r of results) {
    if (!byCase.has(r.case)) byCase.set(r.case, new Map());
    const m = byCase.get(r.case);
    if (!m.has(r.impl)) m.set(r.impl, new Map());
    m.get(r.impl).set(r.round, r.steps / r.seconds);
  }
  for (const [caseName, m] of byCase) {
    const ref = impls.find((i) => i.reference && m.has(i.name));
    const refRates = ref && m.get(ref.name);
    for (const impl of impls) {
      const byRound = m.get(impl.name);
      if (!byRound) continue;
      const rates = [...byRound.values()];
      const rate = median(rates);
      const ratio = spread(paired(byRound, refRates, (a, b) => a / b));
      const overhead = spread(paired(byRound, refRates, (a, b) => 1e6 / a - 1e6 / b));
      const vsPython = spread(paired(byRound, m.get(PYTHON_TWIN[impl.name]), (a, b) => a / b));
      const target = targetFor(impl.target, caseName);
      const pythonTarget = targetFor(impl.pythonTarget, caseName);
      rows.push({
        case: caseName,
        impl: impl.name,
        rounds: rates.length,
        steps_per_sec: rate,
        us_per_step: 1e6 / rate,
        min: Math.min(...rates),
        max: Math.max(...rates),
        ratio: ratio.median,
        ratio_min: ratio.min,
        ratio_max: ratio.max,
        overhead_us: overhead.median,
        vs_python: vsPython.median,
        vs_python_min: vsPython.min,
        vs_python_max: vsPython.max,
        target,
        ok: target === undefined || ratio.median === undefined ? undefined : ratio.median >= target,
        python_target: pythonTarget,
        python_ok: pythonTarget === undefined || vsPython.median === undefined ? undefined : vsPython.median >= pythonTarget,
      });
    }
  }
  return rows;
}

function fmt(n, digits = 0) {
  return n === undefined ? '' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A median ratio with its per-round extremes, when the rounds differ. */
function fmtRatio(median, min, max) {
  if (median === undefined) return '';
  return min === max ? `${median.toFixed(2)}x` : `${median.toFixed(2)}x (${min.toFixed(2)}..${max.toFixed(2)})`;
}

function fmtTarget(target, ok, against) {
  return target === undefined ? [] : [`>= ${target.toFixed(2)}x ${against}${ok === undefined ? '' : ok ? ' ok' : ' MISS'}`];
}

function table(rows) {
  const head = ['case', 'impl', 'steps/s', 'us/step', 'min..max steps/s', 'vs bare (min..max)', '+us/step', 'vs Python (min..max)', 'target'];
  const body = rows.map((r) => [
    r.case, r.impl, fmt(r.steps_per_sec), fmt(r.us_per_step, 1), `${fmt(r.min)}..${fmt(r.max)}`,
    fmtRatio(r.ratio, r.ratio_min, r.ratio_max),
    r.overhead_us === undefined || r.ratio === 1 ? '' : fmt(r.overhead_us, 1),
    fmtRatio(r.vs_python, r.vs_python_min, r.vs_python_max),
    [...fmtTarget(r.target, r.ok, 'bare'), ...fmtTarget(r.python_target, r.python_ok, 'Python')].join(', '),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function environment(tfVersion) {
  const cpus = os.cpus();
  return `node ${process.version}, libtensorflow ${tfVersion ?? '?'}, ${cpus.length} x ${cpus[0]?.model ?? 'cpu'}, ` +
    `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

module.exports = { median, summarize, table, environment };
