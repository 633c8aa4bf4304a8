'use strict';
/** Memory probes for bench/leak_check.js: RSS now, peak RSS, and a GC that lets finalizers run. */
const fs = require('fs');

const MiB = 2 ** 20;

/** Resident set size now, in MiB. */
function rss() {
  return process.memoryUsage().rss / MiB;
}

/** Peak RSS of the process so far, in MiB (VmHWM on Linux, getrusage elsewhere). */
function peakRss() {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * Resets the peak RSS to the current RSS (Linux: "5" to /proc/self/clear_refs); false if the
 * platform cannot, in which case peakRss() keeps the process-wide peak.
 */
function resetPeak() {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Full collections with turns of the event loop between them, so native finalizers (which
 * Node-API defers to the loop) and the addon's release queue run before memory is read.
 */
async function settle(rounds = 6) {
  if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc');
  for (let i = 0; i < rounds; i++) {
    global.gc();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 10));
  }
}

module.exports = { MiB, rss, peakRss, resetPeak, settle };
