/**
 * Signals never reach a thread running TF's kernels (native/signals.h). libtensorflow's MatMul runs
 * oneDNN's JIT sgemm, which points rsp into a heap buffer while it runs: a signal handled on that
 * thread writes its frame over the heap, and the process aborts later in free(). Node handles
 * signals a training process gets: SIGWINCH in a terminal, SIGCHLD, process.on('SIGINT'), the CPU
 * profiler's SIGPROF. Before the fix, each scenario below aborted the child within seconds.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DType, Graph, Session, Tensor, ops } from '../lib';
import { placeholder } from './helpers/core';

const linux = process.platform === 'linux';
const REGISTER = require.resolve('./helpers/register_ts.js');
const LIB = path.join(__dirname, '..', 'lib');
const MLP = path.join(__dirname, 'fixtures', 'mlp');

/** Signals blocked in a thread of this process, from /proc (Linux): a set of signal numbers. */
function blocked(tid: string): Set<number> {
  const status = fs.readFileSync(`/proc/self/task/${tid}/status`, 'utf8');
  const mask = BigInt(`0x${/^SigBlk:\s*([0-9a-f]+)/m.exec(status)![1]}`);
  const out = new Set<number>();
  for (let n = 1; n <= 64; n++) if ((mask >> BigInt(n - 1)) & 1n) out.add(n);
  return out;
}

function threads(): { tid: string; name: string }[] {
  return fs.readdirSync('/proc/self/task').map((tid) => ({
    tid,
    name: fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim(),
  }));
}

const S = os.constants.signals;
const ASYNC = [S.SIGINT, S.SIGTERM, S.SIGCHLD, S.SIGWINCH, S.SIGPROF, S.SIGUSR1, S.SIGHUP];

(linux ? describe : describe.skip)('signals and the threads that run kernels', () => {
  it("TF's threads and the runner block asynchronous signals; the JS thread keeps its mask", async () => {
    const before = blocked(String(process.pid));
    const graph = new Graph();
    const x = placeholder(graph, DType.float32, 'x', [2, 2]);
    const y = graph.asDefault(() => ops.matmul(x, x));
    const session = new Session(graph);
    const feed = new Map([[x, Tensor.from([[1, 2], [3, 4]], { dtype: DType.float32 })]]);
    expect(session.runSync(y, feed).toArray()).toEqual([[7, 10], [15, 22]]);
    expect((await session.run(y, feed)).toArray()).toEqual([[7, 10], [15, 22]]);

    const tfThreads = threads().filter((t) => /^(tf_|tf1node-)/.test(t.name));
    expect(tfThreads.map((t) => t.name)).toEqual(expect.arrayContaining(['tf_Compute', 'tf1node-runner']));
    for (const t of tfThreads) {
      const mask = blocked(t.tid);
      expect({ thread: t.name, blocked: ASYNC.filter((s) => mask.has(s)) }).toEqual({ thread: t.name, blocked: ASYNC });
      expect({ thread: t.name, segv: mask.has(S.SIGSEGV) }).toEqual({ thread: t.name, segv: false });
    }
    expect(blocked(String(process.pid))).toEqual(before);
    await session.close();
  });

  // The MLP fixture's train step (784-512-512-10, batch 128: big MatMuls) in a child process.
  function child(mode: 'runSync' | 'run', flags: string[], flood: boolean): Promise<{ code: number | null; signal: string | null; out: string }> {
    const expected = JSON.parse(fs.readFileSync(path.join(MLP, 'expected.json'), 'utf8'));
    const script = `
const { spawn } = require('child_process');
const fs = require('fs');
const { Graph, Session, Tensor, DType } = require(${JSON.stringify(LIB)});
let handled = 0;
process.on('SIGWINCH', () => { handled++; });
const flood = ${flood} ? spawn('sh', ['-c', 'while kill -WINCH ' + process.pid + '; do :; done'], { stdio: 'ignore' }) : null;
(async () => {
  const graph = new Graph();
  graph.importGraphDef(fs.readFileSync(${JSON.stringify(path.join(MLP, expected.files.graph_def))}), { prefix: '' });
  const session = new Session(graph);
  await session.run(graph.operation(${JSON.stringify(expected.names.init_op)}));
  const feed = new Map([['x:0', [128, 784]], ['y:0', [128, 10]]].map(([name, shape]) => {
    const t = Tensor.alloc(DType.float32, shape);
    t.data.forEach((_, k) => { t.data[k] = ((k * 7919) % 1000) / 1000 - 0.5; });
    return [graph.tensor(name), t];
  }));
  const step = [graph.operation(${JSON.stringify(expected.names.train_op)})];
  for (let i = 0; i < ${flood ? 400 : 150}; i++) ${mode === 'runSync' ? 'session.runSync(step, feed)' : 'await session.run(step, feed)'};
  await new Promise((r) => setImmediate(r));
  console.log('trained', handled > 0 || !flood);
  flood?.kill();
  await session.close();
  process.exit(0);
})();
`;
    return new Promise((resolve) => {
      const proc = spawn(process.execPath, [...flags, '-r', REGISTER, '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      proc.stdout!.on('data', (d) => { out += d; });
      proc.stderr!.on('data', (d) => { out += d; });
      proc.on('exit', (code, signal) => resolve({ code, signal, out }));
    });
  }

  let profDir: string;
  beforeAll(() => {
    profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signals-'));
  });
  afterAll(() => fs.rmSync(profDir, { recursive: true, force: true }));

  it.each([
    ['runSync under the CPU profiler (SIGPROF on the JS thread)', 'runSync', true, false],
    ['run with a flood of handled SIGWINCH (a terminal resized)', 'run', false, true],
  ] as const)('%s trains without corrupting the heap', async (_name, mode, profile, flood) => {
    const flags = profile ? ['--cpu-prof', '--cpu-prof-interval', '50', '--cpu-prof-dir', profDir] : [];
    const r = await child(mode, flags, flood);
    expect({ code: r.code, signal: r.signal, crash: /corrupted|invalid pointer|double free/.exec(r.out)?.[0] ?? null })
      .toEqual({ code: 0, signal: null, crash: null });
    expect(r.out).toContain('trained true');
  }, 120_000);
});
