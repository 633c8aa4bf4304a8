'use strict';
/**
 * The Python TF1 reference (bench/python_tf1.py) kept open: one process per (case, mode), spawned
 * with --serve, whose session is created once and then runs blocks of steps on request, so that
 * blocks can be interleaved with the other implementations' under the same machine conditions.
 *
 *   const py = await openPython('mlp', 'monitored', { intraOp: 0, interOp: 0 });
 *   const seconds = await py.run(100);   // wall seconds of 100 steps, timed in Python
 *   await py.close();                    // closes the session (monitored: final checkpoint)
 *
 * Protocol (python_tf1.py serve()): the process prints {"ready": true, "tensorflow": "<version>"}
 * once the session is open; each stdin line N (a non-negative integer) is answered by one line
 * {"seconds": <wall seconds of the N steps>}; stdin EOF closes the session and exits 0.
 */
const { spawn } = require('child_process');
const path = require('path');
const readline = require('readline');
const { ROOT } = require('./cases');

const SCRIPT = path.join(ROOT, 'bench', 'python_tf1.py');
const STDERR_TAIL = 2000;

/** The Python with TF (scripts/setup-python-env.sh makes .venv-tf); TF1_NODE_PYTHON overrides. */
function pythonPath() {
  return process.env.TF1_NODE_PYTHON ?? path.join(ROOT, '.venv-tf', 'bin', 'python');
}

/**
 * Spawns python_tf1.py --serve for one case and mode and resolves once its session is open (the
 * ready line), to { tensorflow, run(steps) -> Promise<seconds>, close() -> Promise<void> }.
 * Requests may overlap; replies come back in order. If the process dies or prints anything that
 * is not a reply, every pending and later call (close() included) rejects with an Error whose
 * message ends with the last ~2000 chars of its stderr (also on `error.stderr`).
 */
function openPython(caseName, mode, config = {}) {
  const args = [SCRIPT, '--cases', caseName, '--modes', mode, '--serve',
    '--intra-op', String(config.intraOp ?? 0), '--inter-op', String(config.interOp ?? 0),
    ...(config.spinning === false ? ['--no-spin'] : [])];
  const child = spawn(pythonPath(), args, {
    cwd: ROOT,
    env: { TF_CPP_MIN_LOG_LEVEL: '3', ...process.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const label = `python_tf1.py --serve (${caseName}, ${mode})`;

  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s) => {
    stderr = (stderr + s).slice(-2 * STDERR_TAIL);
  });
  // Writes after the child died fail with EPIPE; the 'close' handler reports the death itself.
  child.stdin.on('error', () => {});

  // Waiters for the next stdout lines, in order; the first is the ready line's.
  const waiters = [];
  let failure = null; // the Error every later call rejects with
  let closing = null; // close()'s promise once called
  let exited = null; // resolves with {code, signal} on the child's 'close'
  const exit = new Promise((resolve) => {
    exited = resolve;
  });

  function fail(what) {
    if (failure) return;
    const tail = stderr.slice(-STDERR_TAIL).trimEnd();
    failure = new Error(`${label} ${what}${tail ? `; stderr:\n${tail}` : ' (no stderr)'}`);
    failure.stderr = tail;
    for (const w of waiters.splice(0)) w.reject(failure);
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }

  const lines = readline.createInterface({ input: child.stdout, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (failure) return;
    const w = waiters.shift();
    if (!w) return fail(`printed an unrequested line: ${JSON.stringify(line.slice(0, 200))}`);
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      msg = undefined;
    }
    const value = w.accept(msg);
    if (value === undefined) {
      waiters.unshift(w); // rejected by fail() below with the rest
      return fail(`printed ${JSON.stringify(line.slice(0, 200))} where ${w.expects} was expected`);
    }
    w.resolve(value);
  });

  child.on('error', (e) => fail(`could not run ${pythonPath()}: ${e.message}`));
  child.on('close', (code, signal) => {
    // 'close' comes after stdout and stderr ended, so the stderr tail is complete here.
    if (waiters.length || !closing) {
      fail(`exited (${signal ? `signal ${signal}` : `code ${code}`})${closing ? ' before replying' : ' unexpectedly'}`);
    } else if (code !== 0) {
      fail(`exited with ${signal ? `signal ${signal}` : `code ${code}`} on close`);
    }
    exited({ code, signal });
  });

  function request(line, expects, accept) {
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      waiters.push({ expects, accept, resolve, reject });
      if (line !== null) child.stdin.write(line);
    });
  }

  const handle = {
    tensorflow: undefined,

    /** Runs `steps` training steps; resolves with their wall seconds (perf_counter in Python). */
    run(steps) {
      if (!Number.isSafeInteger(steps) || steps < 0) {
        return Promise.reject(new TypeError(`${label}: run(steps) takes a non-negative integer, got ${steps}`));
      }
      if (closing && !failure) return Promise.reject(new Error(`${label}: run() after close()`));
      return request(`${steps}\n`, '{"seconds": <number>}',
        (m) => (typeof m?.seconds === 'number' && Number.isFinite(m.seconds) ? m.seconds : undefined));
    },

    /**
     * Ends stdin, so Python finishes the requests already sent, closes the session (monitored:
     * hooks' end, the final checkpoint) and exits; resolves when it exited 0. Idempotent.
     */
    close() {
      closing ??= (async () => {
        if (!failure) child.stdin.end();
        await exit;
        if (failure) throw failure;
      })();
      return closing;
    },
  };

  return request(null, 'the ready line', (m) => (m?.ready === true ? m : undefined)).then(
    (ready) => {
      handle.tensorflow = ready.tensorflow;
      return handle;
    },
    async (e) => {
      await exit; // no process left behind when opening fails
      throw e;
    },
  );
}

module.exports = { pythonPath, openPython };
