/**
 * The same cluster (1 ps + 2 workers as separate processes on 127.0.0.1, free ports) trained by
 * Python TF1 (scripts/distributed/run_cluster.py: replica_device_setter +
 * MonitoredTrainingSession) and by examples/distributed here: the training directories have the
 * same layout of checkpoint and event files, as Python reads them (`run_cluster.py inspect`).
 * Run with `npm run test:interop`, which sets TF1_NODE_PYTHON to the reference venv.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Tensor, train } from '../../lib';
import { LocalTrainingResult, trainOnLocalCluster } from '../../examples/distributed/train_local_cluster';

const PYTHON = process.env.TF1_NODE_PYTHON;
if (!PYTHON) throw new Error('TF1_NODE_PYTHON is not set: run this suite with `npm run test:interop`');
const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'distributed', 'run_cluster.py');
const LAST_STEP = 300;
process.env.TF_CPP_MIN_LOG_LEVEL = '2';

interface Layout {
  files: string[];
  checkpoint_files: string[];
  model_checkpoint_path: string;
  all_model_checkpoint_paths: string[];
  checkpoints: Record<string, { variables: Array<[string, string, number[]]>; global_step: number }>;
  events: string[];
  variable_devices: Record<string, string>;
}

const children = new Set<ChildProcess>();

/** Runs the Python script in its own process group (its ps and workers too), bounded in time. */
function python(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON!, [SCRIPT, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => { out += d; });
    child.stderr!.on('data', (d) => { err += d; });
    const timer = setTimeout(() => killGroup(child), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      killGroup(child); // anything it left behind
      if (code === 0) resolve(out);
      else reject(new Error(`run_cluster.py ${args[0]} ended with ${code ?? signal}:\n${err.slice(-4000)}`));
    });
  });
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch { /* already gone */ }
}

async function inspect(dir: string): Promise<Layout> {
  return JSON.parse(await python(['inspect', dir], 180000));
}

let pyDir: string;
let nodeDir: string;
let py: Layout;
let nd: Layout;
let pyRun: { workers: Array<Record<string, any>> };
let nodeRun: LocalTrainingResult;

beforeAll(async () => {
  pyDir = mkdtempSync(path.join(os.tmpdir(), 'tf1-node-dist-py-'));
  nodeDir = mkdtempSync(path.join(os.tmpdir(), 'tf1-node-dist-node-'));
  const options = { lastStep: LAST_STEP, saveCheckpointSteps: 100, saveSummariesSteps: 25, stepDelayMs: 15 };
  // One after the other: each cluster has the machine's cores to itself.
  const out = await python(['train', pyDir, String(LAST_STEP)], 400000);
  pyRun = JSON.parse(out.trim().split('\n').pop()!);
  nodeRun = await trainOnLocalCluster({ ...options, checkpointDir: nodeDir, timeoutMs: 240000 });
  [py, nd] = await Promise.all([inspect(pyDir), inspect(nodeDir)]);
}, 900000);

afterAll(() => {
  for (const c of children) killGroup(c);
  rmSync(pyDir, { recursive: true, force: true });
  rmSync(nodeDir, { recursive: true, force: true });
});

test('both runs trained on both workers to the last step', () => {
  for (const run of [pyRun, nodeRun]) {
    expect(run.workers.map((w) => w.isChief)).toEqual([true, false]);
    for (const w of run.workers) {
      expect(w.steps).toBeGreaterThan(0);
      expect(w.globalStep).toBeGreaterThanOrEqual(LAST_STEP);
    }
  }
  // The same model and data: the trained values agree.
  const pw = pyRun.workers[0].w as number[];
  (nodeRun.workers[0].w as number[]).forEach((x, i) => expect(Math.abs(x - pw[i])).toBeLessThan(0.02));
});

test('the same files: checkpoint state, graph.pbtxt, one event file, model.ckpt-<step>.{data,index,meta}', () => {
  expect(nd.files).toEqual(py.files);
  expect(py.files).toEqual([
    'checkpoint', 'events.out.tfevents.<time>.<host>', 'graph.pbtxt', 'model.ckpt-<step>.data-00000-of-00001',
    'model.ckpt-<step>.index', 'model.ckpt-<step>.meta',
  ]);
  // Three files per checkpoint kept, and nothing else.
  for (const l of [py, nd]) expect(l.checkpoint_files.length).toBe(3 * l.all_model_checkpoint_paths.length);
});

test('the same checkpoint state and checkpoints (steps may differ by the workers\' interleaving)', () => {
  for (const l of [py, nd]) {
    expect(l.all_model_checkpoint_paths[0]).toBe('model.ckpt-0');
    expect(l.all_model_checkpoint_paths[l.all_model_checkpoint_paths.length - 1]).toBe(l.model_checkpoint_path);
    const steps = l.all_model_checkpoint_paths.map((p) => Number(p.split('-')[1]));
    expect(steps[steps.length - 1]).toBeGreaterThanOrEqual(LAST_STEP);
    for (const p of l.all_model_checkpoint_paths) {
      for (const ext of ['index', 'meta', 'data-00000-of-00001']) expect(l.checkpoint_files).toContain(`${p}.${ext}`);
      // The name is the step the chief read just before saving; the other worker may step in
      // between (in TF1 as here), so the saved global_step can be a little ahead.
      const ahead = l.checkpoints[p].global_step - Number(p.split('-')[1]);
      expect(ahead).toBeGreaterThanOrEqual(0);
      expect(ahead).toBeLessThanOrEqual(3);
    }
  }
  // CheckpointSaverHook's schedule, the same on both sides: step 0, then every 100 steps or more,
  // then the end's save of the last step unless a scheduled save had that step. Whether it had
  // depends on how the workers interleaved, so the counts may differ by one between runs.
  for (const l of [py, nd]) {
    const steps = l.all_model_checkpoint_paths.map((p) => Number(p.split('-')[1]));
    for (let i = 1; i < steps.length - 1; i++) expect(steps[i] - steps[i - 1]).toBeGreaterThanOrEqual(100);
    expect(steps.length).toBeGreaterThanOrEqual(LAST_STEP / 100 + 1);
    expect(steps.length).toBeLessThanOrEqual(LAST_STEP / 100 + 2);
  }
  const vars = (l: Layout) => Object.values(l.checkpoints).map((c) => c.variables);
  for (const v of [...vars(py), ...vars(nd)]) expect(v).toEqual(vars(py)[0]);
  expect(vars(py)[0]).toEqual([['b', 'float32', [1]], ['global_step', 'int64', []], ['w', 'float32', [4, 1]]]);
});

test('the same events: graph and meta graph, checkpoint and start logs, then summaries', () => {
  const prefix = ['file_version', 'graph_def', 'meta_graph_def', 'graph_def', 'meta_graph_def', 'session_log:CHECKPOINT',
    'session_log:START'];
  expect(py.events.slice(0, prefix.length)).toEqual(prefix);
  expect(nd.events.slice(0, prefix.length)).toEqual(prefix);
  expect([...new Set(nd.events)].sort()).toEqual([...new Set(py.events)].sort());
  expect(nd.events[nd.events.length - 1]).toBe('session_log:CHECKPOINT');
});

test('variables placed on /job:ps/task:0 in graph.pbtxt, as replica_device_setter places them', () => {
  expect(nd.variable_devices).toEqual(py.variable_devices);
  expect(py.variable_devices).toEqual({ b: '/job:ps/task:0', global_step: '/job:ps/task:0', w: '/job:ps/task:0' });
});

test("Python's checkpoints read here, with the values Python trained", () => {
  const reader = train.loadCheckpoint(path.join(pyDir, py.model_checkpoint_path));
  const w = Array.from((reader.getTensor('w') as Tensor).data as Float32Array);
  const gs = Number((reader.getTensor('global_step') as Tensor).item());
  expect(gs).toBe(py.checkpoints[py.model_checkpoint_path].global_step);
  w.forEach((x, i) => expect(Math.abs(x - pyRun.workers[0].w[i])).toBeLessThan(0.02));
});
