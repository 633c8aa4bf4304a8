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

/**
 * One row per (case, impl): median steps/s over rounds, spread, ratio to the case's reference
 * (the bare loop) and to the Python TF1 twin.
 */
function summarize(results, impls) {
  const rows = [];
  const byCase = new Map();
  for (const r of results) {
    if (!byCase.has(r.case)) byCase.set(r.case, new Map());
    const m = byCase.get(r.case);
    if (!m.has(r.impl)) m.set(r.impl, []);
    m.get(r.impl).push(r.steps / r.seconds);
  }
  for (const [caseName, m] of byCase) {
    const ref = impls.find((i) => i.reference && m.has(i.name));
    const refRate = ref ? median(m.get(ref.name)) : undefined;
    for (const impl of impls) {
      const rates = m.get(impl.name);
      if (!rates) continue;
      const rate = median(rates);
      const ratio = refRate ? rate / refRate : undefined;
      const twin = m.get(PYTHON_TWIN[impl.name]);
      rows.push({
        case: caseName,
        impl: impl.name,
        rounds: rates.length,
        steps_per_sec: rate,
        us_per_step: 1e6 / rate,
        min: Math.min(...rates),
        max: Math.max(...rates),
        ratio,
        overhead_us: refRate ? 1e6 / rate - 1e6 / refRate : undefined,
        vs_python: twin ? rate / median(twin) : undefined,
        target: impl.target,
        ok: impl.target === undefined || ratio === undefined ? undefined : ratio >= impl.target,
      });
    }
  }
  return rows;
}

function fmt(n, digits = 0) {
  return n === undefined ? '' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table(rows) {
  const head = ['case', 'impl', 'steps/s', 'us/step', 'min..max steps/s', 'vs bare', '+us/step', 'vs Python', 'target'];
  const body = rows.map((r) => [
    r.case, r.impl, fmt(r.steps_per_sec), fmt(r.us_per_step, 1), `${fmt(r.min)}..${fmt(r.max)}`,
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`,
    r.overhead_us === undefined || r.ratio === 1 ? '' : fmt(r.overhead_us, 1),
    r.vs_python === undefined ? '' : `${r.vs_python.toFixed(2)}x`,
    r.target === undefined ? '' : `>= ${r.target.toFixed(2)}x ${r.ok === undefined ? '' : r.ok ? 'ok' : 'MISS'}`,
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
