/**
 * Nothing is lost: a training process killed (SIGKILL) in the middle of a checkpoint save leaves
 * the previous checkpoint loadable and the `checkpoint` state file valid, and the events written
 * before a normal exit, or before an error thrown from a hook, are on disk.
 *
 * The training runs in a child process (the sources are transpiled on the fly, as ts-jest does).
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CheckpointStateSchema, fromTextFormat } from '../lib/proto';
import { summaryIterator } from '../lib/summary/summary_iterator';
import { getCheckpointState, latestCheckpoint, loadCheckpoint } from '../lib/train';

const LIB = path.join(__dirname, '..', 'lib');

/** Node code run in the child: registers a .ts loader, then trains with MonitoredTrainingSession. */
function childScript(body: string): string {
  return `
const ts = require('typescript');
const fs = require('fs');
const crypto = require('crypto');
const cache = ${JSON.stringify(path.join(os.tmpdir(), 'tf1-node-crash-test-cache'))};
fs.mkdirSync(cache, { recursive: true });
require.extensions['.ts'] = (m, file) => {
  const src = fs.readFileSync(file, 'utf8');
  const cached = require('path').join(cache, crypto.createHash('sha1').update(file + src).digest('hex') + '.js');
  let js;
  try { js = fs.readFileSync(cached, 'utf8'); } catch {
    js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022,
      esModuleInterop: true } }).outputText;
    fs.writeFileSync(cached, js);
  }
  m._compile(js, file);
};
const tf = require(${JSON.stringify(LIB)});
const { train, ops, DType, Tensor, Graph } = tf;
const graph = new Graph();
graph.asDefault(async () => {
  train.getOrCreateGlobalStep();
  ${body}
}).catch((e) => { console.error('CHILD ERROR', e && e.message); process.exit(3); });
`;
}

function run(script: string, onStdout?: (line: string, child: ChildProcess) => void): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => { stderr += d; });
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        onStdout?.(line, child);
      }
    });
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

let dir: string;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'crash-')));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

// A 32 MB variable makes each save long enough to be killed in the middle of it.
const BIG_MODEL = `
  const big = new ops.Variable(ops.zeros([8 * 1024 * 1024]), { name: 'big' });
  const trainOp = ops.group([train.incrementGlobalStep(1), big.assignAdd(ops.ones([8 * 1024 * 1024]))], 'train');
`;

describe('crash safety', () => {
  it('SIGKILL during checkpoint saves leaves the last checkpoint and the state file valid', async () => {
    for (const delayMs of [0, 40, 90]) {
      const ckpt = path.join(dir, `run-${delayMs}`);
      let savesSeen = 0;
      const result = await run(childScript(`${BIG_MODEL}
        class Announce extends train.CheckpointSaverListener {
          beforeSave(_s, step) { console.log('saving ' + step); }
        }
        // Two savers: the default (sharded) one of MonitoredTrainingSession, and a plain Saver.
        const plain = new train.CheckpointSaverHook(${JSON.stringify(path.join(ckpt, 'l'))},
          { saveSteps: 1, saver: new train.Saver(), listeners: [new Announce()] });
        const sess = await train.MonitoredTrainingSession({ checkpointDir: ${JSON.stringify(ckpt)},
          saveCheckpointSteps: 1, saveSummariesSteps: null, logStepCountSteps: 0, hooks: [plain] });
        while (!sess.shouldStop()) await sess.run(trainOp);
      `),
      (line, child) => {
        if (line.startsWith('saving ') && ++savesSeen === 4) setTimeout(() => child.kill('SIGKILL'), delayMs);
      });
      expect(result.signal).toBe('SIGKILL');
      for (const d of [ckpt, path.join(ckpt, 'l')]) {
        // The state file parses and names a complete checkpoint with every variable.
        const state = fromTextFormat(CheckpointStateSchema, fs.readFileSync(path.join(d, 'checkpoint'), 'utf8'));
        expect(state.modelCheckpointPath).not.toBe('');
        const latest = latestCheckpoint(d)!;
        expect(latest).not.toBeNull();
        const reader = loadCheckpoint(latest);
        const step = Number(reader.getTensor('global_step').item());
        expect(Array.from((reader.getTensor('big').data as Float32Array).subarray(0, 4))).toEqual([step, step, step, step]);
        reader.close();
        for (const p of getCheckpointState(d)!.allModelCheckpointPaths) expect(fs.existsSync(`${p}.index`)).toBe(true);
        expect(fs.readdirSync(d).filter((f) => /\.tmp[0-9a-f]{32}$/.test(f) && f.startsWith('checkpoint'))).toEqual([]);
      }
    }
  }, 240000);

  it('events written before a normal exit and before an error thrown from a hook are on disk', async () => {
    const script = (failAt: number | null) => childScript(`
      const v = new ops.Variable(0, { name: 'v', dtype: DType.float32 });
      const loss = ops.add(v.value(), 0, 'loss');
      const trainOp = ops.group([train.incrementGlobalStep(1), v.assignAdd(1)], 'train');
      graph.addToCollection('summaries', graph.addOperation({ type: 'ScalarSummary', name: 'loss_summary',
        inputs: [ops.constant('loss'), loss], attrs: [['T', 'type', DType.float32]] }).output(0));
      class Fail extends train.SessionRunHook {
        afterRun(ctx) { if (${failAt} !== null && ++this.n === ${failAt}) throw new Error('hook failed'); }
      }
      Fail.prototype.n = 0;
      const sess = await train.MonitoredTrainingSession({ checkpointDir: ${JSON.stringify(dir)}, saveSummariesSteps: 1,
        saveCheckpointSteps: 3, hooks: [new Fail(), new train.StopAtStepHook({ lastStep: 6 })] });
      // No close(), no flush: the process just ends (normally, or by the unhandled error).
      while (!sess.shouldStop()) await sess.run(trainOp);
      console.log('done');
    `);
    const summaries = () => {
      const [file] = fs.readdirSync(dir).filter((f) => f.startsWith('events.out.tfevents.'));
      const events = [...summaryIterator(path.join(dir, file))];
      return events.filter((e) => e.what.case === 'summary' && (e.what.value as { value: Array<{ tag: string }> }).value[0].tag === 'loss')
        .map((e) => Number(e.step));
    };
    const ok = await run(script(null));
    expect(ok.code).toBe(0);
    expect(summaries()).toEqual([1, 2, 3, 4, 5, 6]);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    const failed = await run(script(4));
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('hook failed');
    // The 4th run's summary was written by SummarySaverHook before the failing hook ran.
    expect(summaries()).toEqual([1, 2, 3, 4]);
  }, 120000);
});
