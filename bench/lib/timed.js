'use strict';

/**
 * A loop of `step` (awaited when it returns a promise) for an implementation's `run(n)`: runs n
 * steps and resolves to their wall seconds.
 */
function timedLoop(step) {
  return async (n) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await step();
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
}

module.exports = { timedLoop };
