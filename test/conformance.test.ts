/**
 * The conformance suite: runs every scenario of test/conformance/scenarios.json on this package
 * exactly as scripts/conformance/run_tf1.py runs it on Python TF1, and compares the recording
 * (hook call trace, log lines, files, checkpoint contents, events) with the Python golden.
 */
import { fromBinary } from '@bufbuild/protobuf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DType } from '../lib/framework/dtypes';
import { importMetaGraph } from '../lib/framework/meta_graph';
import { Output, getDefaultGraph, resetDefaultGraph } from '../lib/framework/ops';
import { Tensor } from '../lib/framework/tensor';
import {
  CheckpointStateSchema, DataType as ProtoDataType, Event, MetaGraphDefSchema, SessionLog_SessionStatus, TensorProto,
  fromTextFormat,
} from '../lib/proto';
import { summaryIterator } from '../lib/summary/summary_iterator';
import { FileWriterCache } from '../lib/summary/writer/writer_cache';
import * as train from '../lib/train';
import { addLogHandler, LogLevel } from '../lib/training/tf_logging';
import { getOrCreateGlobalStepRead } from '../lib/training/training_util';
import * as errors from '../lib/errors';
import { Session } from '../lib/client/session';

const CONFORMANCE_DIR = path.join(__dirname, 'conformance');
const spec = JSON.parse(fs.readFileSync(path.join(CONFORMANCE_DIR, 'scenarios.json'), 'utf8'));
const LOG_SOURCES = new Set(['basic_session_run_hooks', 'monitored_session', 'session_manager', 'saver',
  'checkpoint_management', 'coordinator', 'training_util']);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Where Python and JS must differ by language, the TS result that stands for the Python one:
 * a closed MonitoredSession drops its inner session, so Python fails with an AttributeError on
 * None; here run() rejects with TF's closed-session error.
 */
const LANGUAGE_EQUIVALENTS: Array<[Json, Json]> = [
  [{ type: 'RuntimeError', message: 'Attempted to use a closed Session.' },
    { type: 'AttributeError', message: "'NoneType' object has no attribute 'run'" }],
];

// ----------------------------------------------------------------------------- normalisation

class Normaliser {
  private readonly fileRules: Array<[RegExp, string]>;

  constructor(readonly root: string) {
    const host = os.hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.fileRules = [
      [new RegExp(`^(events\\.out\\.tfevents\\.)\\d+\\.${host}`), '$1<T>.<HOST>'],
      [/\.tmp[0-9a-f]{32}/, '.tmp<UUID>'],
      [/\.tempstate\d+/, '.tempstate<N>'],
    ];
  }

  text(s: string): string {
    return s.split(this.root).join('$TMP');
  }

  fileName(name: string): string {
    for (const [re, repl] of this.fileRules) name = name.replace(re, repl);
    return name;
  }

  log(msg: string): string {
    return this.text(msg)
      .replace(/ \(\d+\.\d{3} sec\)$/, ' (<SECS> sec)')
      .replace(/^(\S+\/sec): \S+$/, '$1: <RATE>')
      .replace(/<(?:\w+\.)*(\w+) object(?: at 0x[0-9a-f]+)?>/g, '<$1 object>');
  }
}

function num(x: number): Json {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

const NUMPY_DTYPE: Partial<Record<DType, string>> = {
  [DType.float32]: 'float32', [DType.float64]: 'float64', [DType.int32]: 'int32', [DType.int64]: 'int64',
  [DType.bool]: 'bool', [DType.uint8]: 'uint8', [DType.int16]: 'int16', [DType.int8]: 'int8',
};

/** A fetched value as run_tf1.py's `encode` writes it. */
function encode(value: unknown, norm: Normaliser): Json {
  if (value === null || value === undefined) return null;
  if (value instanceof Tensor) {
    const isString = value.dtype === DType.string;
    const leaf = (x: unknown): Json => {
      if (Array.isArray(x)) return x.map(leaf);
      if (x instanceof Uint8Array) return norm.text(Buffer.from(x).toString('utf8'));
      if (typeof x === 'bigint') return Number(x);
      if (typeof x === 'number') return num(x);
      return x as Json;
    };
    return { dtype: isString ? 'string' : NUMPY_DTYPE[value.dtype] ?? String(value.dtype), shape: value.shape,
      value: leaf(value.toArray()) };
  }
  if (Array.isArray(value)) return value.map((v) => encode(v, norm));
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, encode(v, norm)]));
  }
  if (typeof value === 'number') return num(value);
  return value as Json;
}

function errorRecord(e: unknown, norm: Normaliser): Json {
  const err = e as Error;
  const rec = { type: err.name, message: norm.text(err.message) };
  for (const [ts, py] of LANGUAGE_EQUIVALENTS) if (JSON.stringify(ts) === JSON.stringify(rec)) return py;
  return rec;
}

// ----------------------------------------------------------------------------- recording

interface LogEntry { level: string; source: string; msg: string; trace: number }

class Recording {
  readonly trace: Array<Record<string, Json>> = [];
  readonly logs: LogEntry[] = [];

  constructor(readonly norm: Normaliser) {}

  add(at: string, fields: Record<string, Json> = {}): void {
    this.trace.push({ at, ...fields });
  }

  error(at: string, e: unknown): void {
    this.add(at, { error: errorRecord(e, this.norm) });
  }
}

async function readGs(session: Session, t: Output): Promise<number> {
  return Number(((await session.run(t)) as Tensor).item());
}

/** Appended last to every session's hook list: records each call with the global step. */
class RecorderHook extends train.SessionRunHook {
  private gs: Output | null = null;

  constructor(private readonly rec: Recording) {
    super();
  }

  override begin(): void {
    this.gs = getOrCreateGlobalStepRead();
    this.rec.add('recorder.begin');
  }

  override async afterCreateSession(session: Session): Promise<void> {
    this.rec.add('recorder.afterCreateSession', { gs: await this.actual(session) });
  }

  override beforeRun(): train.SessionRunArgs | null {
    this.rec.add('recorder.beforeRun');
    return this.gs === null ? null : new train.SessionRunArgs(this.gs);
  }

  override async afterRun(ctx: train.SessionRunContext, values: train.SessionRunValues): Promise<void> {
    const stale = values.results === null ? null : Number((values.results as Tensor).item());
    this.rec.add('recorder.afterRun', { staleGs: stale, gs: await this.actual(ctx.session), stopRequested: ctx.stopRequested });
  }

  override async end(session: Session | null): Promise<void> {
    this.rec.add('recorder.end', { gs: session === null ? null : await this.actual(session) });
  }

  private async actual(session: Session): Promise<number | null> {
    return this.gs === null ? null : readGs(session, this.gs);
  }
}

const ERRORS: Record<string, (m: string) => Error> = {
  ValueError: (m) => new errors.ValueError(m),
  RuntimeError: (m) => new errors.RuntimeError(m),
  StopIteration: (m) => new train.StopIteration(m),
  OutOfRangeError: (m) => new errors.OutOfRangeError(m),
  AbortedError: (m) => new errors.AbortedError(m),
  UnavailableError: (m) => new errors.UnavailableError(m),
  InvalidArgumentError: (m) => new errors.InvalidArgumentError(m),
};

interface RaiseSpec { method: string; call: number; type: string; message: string }

/** The spec's scriptable hook (README "TestHook"). */
class TestHook extends train.SessionRunHook {
  private readonly calls = new Map<string, number>();
  private readonly stopAt: Set<number>;

  constructor(private readonly rec: Recording, private readonly args: {
    name: string; fetches?: unknown; feedDict?: unknown; requestStopAt?: number[]; raise?: RaiseSpec;
  }) {
    super();
    this.stopAt = new Set(args.requestStopAt ?? []);
  }

  private call(method: string, fields: Record<string, Json> = {}): number {
    const count = (this.calls.get(method) ?? 0) + 1;
    this.calls.set(method, count);
    this.rec.add(`${this.args.name}.${method}`, fields);
    const r = this.args.raise;
    if (r && r.method === method && r.call === count) throw ERRORS[r.type](r.message);
    return count;
  }

  override begin(): void {
    this.call('begin');
  }

  override afterCreateSession(): void {
    this.call('afterCreateSession');
  }

  override beforeRun(): train.SessionRunArgs | null {
    this.call('beforeRun');
    const { fetches, feedDict } = this.args;
    if (fetches === undefined && feedDict === undefined) return null;
    return new train.SessionRunArgs((fetches ?? null) as never, (feedDict ?? null) as never);
  }

  override afterRun(ctx: train.SessionRunContext, values: train.SessionRunValues): void {
    const fields: Record<string, Json> = this.args.fetches !== undefined ? { results: encode(values.results, this.rec.norm) } : {};
    const count = this.call('afterRun', fields);
    if (this.stopAt.has(count)) ctx.requestStop();
  }

  override end(session: Session | null): void {
    this.call('end', { session: session !== null });
  }
}

/** The spec's recording CheckpointSaverListener (README "TestListener"). */
class TestListener extends train.CheckpointSaverListener {
  private readonly stopSteps: Set<number>;

  constructor(private readonly rec: Recording, private readonly args: { name: string; stopOnAfterSaveSteps?: number[] }) {
    super();
    this.stopSteps = new Set(args.stopOnAfterSaveSteps ?? []);
  }

  override begin(): void {
    this.rec.add(`${this.args.name}.begin`);
  }

  override beforeSave(_s: Session, gs: number): void {
    this.rec.add(`${this.args.name}.beforeSave`, { gs });
  }

  override afterSave(_s: Session, gs: number): boolean {
    const stop = this.stopSteps.has(gs);
    this.rec.add(`${this.args.name}.afterSave`, { gs, returned: stop });
    return stop;
  }

  override end(_s: Session, gs: number): void {
    this.rec.add(`${this.args.name}.end`, { gs });
  }
}

/** Constructor arguments passed positionally (TS signature), before the options object. */
const POSITIONAL: Record<string, string[]> = {
  LoggingTensorHook: ['tensors'],
  CheckpointSaverHook: ['checkpointDir'],
  NanTensorHook: ['lossTensor', 'failOnNanLoss'],
  GlobalStepWaiterHook: ['waitUntilStep'],
  FinalOpsHook: ['finalOps', 'finalOpsFeedDict'],
  FeedFnHook: ['feedFn'],
};
const NO_OPTIONS = new Set(['NanTensorHook', 'GlobalStepWaiterHook', 'FinalOpsHook', 'FeedFnHook']);

function construct(cls: new (...a: any[]) => any, name: string, args: Record<string, unknown>): any {
  const positional = (POSITIONAL[name] ?? []).map((k) => args[k]);
  const rest = Object.fromEntries(Object.entries(args).filter(([k]) => !(POSITIONAL[name] ?? []).includes(k)));
  while (positional.length > 0 && positional[positional.length - 1] === undefined) positional.pop();
  return NO_OPTIONS.has(name) ? new cls(...positional) : new cls(...positional, rest);
}

const HOOKS: Record<string, new (...a: any[]) => any> = {
  CheckpointSaverHook: train.CheckpointSaverHook, FeedFnHook: train.FeedFnHook, FinalOpsHook: train.FinalOpsHook,
  GlobalStepWaiterHook: train.GlobalStepWaiterHook, LoggingTensorHook: train.LoggingTensorHook,
  NanTensorHook: train.NanTensorHook, ProfilerHook: train.ProfilerHook, StepCounterHook: train.StepCounterHook,
  StopAtStepHook: train.StopAtStepHook, SummarySaverHook: train.SummarySaverHook,
};

/** Resolves spec values (README "Values") against the current default graph. */
class Context {
  readonly objects = new Map<string, unknown>();

  constructor(readonly rec: Recording, readonly root: string) {}

  resolve(value: any): any {
    if (typeof value === 'string') return value.split('$TMP').join(this.root);
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const graph = getDefaultGraph();
    if ('$tensor' in value) return graph.tensor(value.$tensor);
    if ('$op' in value) return graph.operation(value.$op);
    if ('$ref' in value) return this.objects.get(value.$ref);
    if ('$feed' in value) return this.feed(value.$feed);
    if ('$feedFn' in value) {
      const feeds = (value.$feedFn as Record<string, unknown>[]).map((f) => this.feed(f));
      let calls = 0;
      return () => feeds[calls++ % feeds.length];
    }
    if ('$new' in value) return this.make(value);
    if ('hook' in value) return this.hook(value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v)]));
  }

  feed(mapping: Record<string, unknown>): Map<Output, unknown> {
    const graph = getDefaultGraph();
    return new Map(Object.entries(mapping).map(([k, v]) => [graph.tensor(k), this.resolve(v)]));
  }

  make(spec: { $new: string; args?: Record<string, unknown> }): unknown {
    const args = this.resolve(spec.args ?? {});
    switch (spec.$new) {
      case 'TestListener': return new TestListener(this.rec, args);
      case 'Saver': return new train.Saver(args);
      case 'Scaffold': return new train.Scaffold(args);
      case 'ChiefSessionCreator': return new train.ChiefSessionCreator(args);
      case 'SecondOrStepTimer': return new train.SecondOrStepTimer(args);
      default: throw new Error(`unknown object ${spec.$new}`);
    }
  }

  hook(spec: { hook: string; name?: string; args?: Record<string, unknown> }): unknown {
    const args = this.resolve(spec.args ?? {});
    const hook = spec.hook === 'TestHook' ? new TestHook(this.rec, args) : construct(HOOKS[spec.hook], spec.hook, args);
    if (spec.name) this.objects.set(spec.name, hook);
    return hook;
  }
}

// ----------------------------------------------------------------------------- graphs

/** Loads a graph as both runners do: a fresh default graph, then importMetaGraph. */
function importGraph(name: string): void {
  resetDefaultGraph();
  importMetaGraph(getDefaultGraph(), path.join(CONFORMANCE_DIR, 'graphs', `${name}.meta`));
}

// ----------------------------------------------------------------------------- interpreter

async function createSession(ctx: Context, spec: { kind: string; args?: Record<string, unknown> }, hooks: unknown[]) {
  const args = { ...ctx.resolve(spec.args ?? {}), hooks };
  switch (spec.kind) {
    case 'MonitoredTrainingSession': return train.MonitoredTrainingSession(args);
    case 'MonitoredSession': return train.MonitoredSession.create(args);
    case 'SingularMonitoredSession': return train.SingularMonitoredSession.create(args);
    default: throw new Error(`unknown session kind ${spec.kind}`);
  }
}

async function runStep(ctx: Context, sess: train.MonitoredSession, step: Record<string, any>): Promise<void> {
  const rec = ctx.rec;
  let at: string = step.do;
  try {
    switch (step.do) {
      case 'loop':
      case 'run': {
        const fetches = ctx.resolve(step.fetches ?? { $op: 'train' });
        const feed = ctx.resolve(step.feedDict) ?? null;
        const loop = step.do === 'loop';
        for (let i = 0; i < (loop ? step.maxRuns ?? 100 : step.times ?? 1); i++) {
          if (loop) {
            at = 'shouldStop';
            const stop = sess.shouldStop();
            rec.add('shouldStop', { value: stop });
            if (stop) return;
          }
          at = 'run';
          rec.add('run', { result: encode(await sess.run(fetches, feed), rec.norm) });
        }
        if (loop) rec.add('loop', { maxRunsReached: true });
        break;
      }
      case 'runStepFn': {
        const fetches = ctx.resolve(step.fetches ?? { $op: 'train' });
        const feed = ctx.resolve(step.feedDict) ?? null;
        const result = await sess.runStepFn(async (stepContext) => {
          const results = [];
          for (let i = 0; i < (step.runWithHooks ?? 1); i++) results.push(await stepContext.runWithHooks(fetches, feed));
          if (step.requestStop) stepContext.requestStop();
          return results;
        });
        rec.add('runStepFn', { result: encode(result, rec.norm) });
        break;
      }
      case 'shouldStop':
        rec.add('shouldStop', { value: sess.shouldStop() });
        break;
      case 'close':
        await sess.close();
        rec.add('close');
        break;
      case 'finalOpsValues':
        rec.add('finalOpsValues', { hook: step.hook, value: encode((ctx.objects.get(step.hook) as train.FinalOpsHook).finalOpsValues, rec.norm) });
        break;
      case 'hookClasses':
        rec.add('hookClasses', { value: sess.hookList.map((h) => h.constructor.name) });
        break;
      default:
        throw new Error(`unknown step ${step.do}`);
    }
  } catch (e) {
    rec.error(at, e);
    throw e;
  }
}

let activeRecording: Recording | null = null;
addLogHandler(({ level, source, msg }) => {
  const rec = activeRecording;
  if (!rec || !LOG_SOURCES.has(source)) return;
  rec.logs.push({ level: LogLevel[level], source, msg: rec.norm.log(msg), trace: rec.trace.length });
});

async function runPhase(phase: Record<string, any>, root: string, norm: Normaliser): Promise<Recording> {
  const rec = new Recording(norm);
  activeRecording = rec;
  const ctx = new Context(rec, root);
  const cwd = process.cwd();
  try {
    if (phase.cwd) process.chdir(ctx.resolve(phase.cwd));
    importGraph(phase.graph);
    for (const [name, s] of Object.entries(phase.objects ?? {})) ctx.objects.set(name, ctx.resolve(s));
    const hooks = [...(phase.hooks ?? []).map((h: unknown) => ctx.resolve(h)), new RecorderHook(rec)];
    let sess: train.MonitoredSession;
    try {
      sess = await createSession(ctx, phase.session, hooks);
    } catch (e) {
      rec.error('create', e);
      return rec;
    }
    rec.add('create');
    if (phase.with ?? true) {
      try {
        await train.withMonitoredSession(sess, async (s) => {
          for (const step of phase.script) await runStep(ctx, s, step);
        });
        rec.add('exit', { propagated: null });
      } catch (e) {
        rec.add('exit', { propagated: errorRecord(e, norm) });
      }
    } else {
      for (const step of phase.script) {
        try {
          await runStep(ctx, sess, step);
        } catch { /* recorded; a manual script goes on with its next step */ }
      }
    }
    return rec;
  } finally {
    activeRecording = null;
    process.chdir(cwd);
  }
}

async function runCases(scenario: Record<string, any>, root: string, norm: Normaliser): Promise<Json[]> {
  const results: Json[] = [];
  for (const c of scenario.cases) {
    const rec = new Recording(norm);
    activeRecording = rec;
    const ctx = new Context(rec, root);
    importGraph(c.graph ?? 'counter');
    let result: Record<string, Json>;
    try {
      const obj = ctx.resolve(c.construct);
      if (c.begin) await obj.begin();
      result = { ok: true };
    } catch (e) {
      result = { error: errorRecord(e, norm) };
    }
    activeRecording = null;
    result.logs = rec.logs.map(({ level, source, msg }) => ({ level, source, msg }));
    results.push(result);
  }
  return results;
}

// ----------------------------------------------------------------------------- outputs

function* walk(root: string): Generator<[string, string, string[], string[]]> {
  const visit = function* (dir: string): Generator<[string, string, string[], string[]]> {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const files = entries.filter((e) => !e.isDirectory()).map((e) => e.name).sort();
    const rel = path.relative(root, dir);
    yield [rel ? `${rel}/` : '', dir, dirs, files];
    for (const d of dirs) yield* visit(path.join(dir, d));
  };
  yield* visit(root);
}

const pyCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every directory ("d/") and file under root, normalised; event files only once writers are closed. */
function listFiles(root: string, norm: Normaliser, eventFiles = true): string[] {
  const out: string[] = [];
  for (const [prefix, , dirs, files] of walk(root)) {
    out.push(...dirs.map((d) => `${prefix}${norm.fileName(d)}/`), ...files
      .filter((f) => eventFiles || !f.startsWith('events.out.tfevents.')).map((f) => prefix + norm.fileName(f)));
  }
  return out.sort(pyCompare);
}

function checkpoints(root: string, norm: Normaliser): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [prefix, dir, , files] of walk(root)) {
    if (!files.includes('checkpoint')) continue;
    const state = fromTextFormat(CheckpointStateSchema, fs.readFileSync(path.join(dir, 'checkpoint'), 'utf8'));
    const reader = train.loadCheckpoint(path.resolve(dir, state.modelCheckpointPath));
    const names = Object.keys(reader.getVariableToDtypeMap()).sort(pyCompare);
    out[prefix.replace(/\/$/, '') || '.'] = {
      modelCheckpointPath: norm.text(state.modelCheckpointPath),
      allModelCheckpointPaths: state.allModelCheckpointPaths.map((p) => norm.text(p)),
      values: Object.fromEntries(names.map((n) => [n, encode(reader.getTensor(n), norm)])),
    };
    reader.close();
  }
  return out;
}

const KIND: Record<string, string> = {
  fileVersion: 'file_version', graphDef: 'graph_def', summary: 'summary', logMessage: 'log_message',
  sessionLog: 'session_log', taggedRunMetadata: 'tagged_run_metadata', metaGraphDef: 'meta_graph_def',
};
const VALUE_KIND: Record<string, string> = {
  simpleValue: 'simple_value', obsoleteOldStyleHistogram: 'obsolete_old_style_histogram', image: 'image',
  histo: 'histo', audio: 'audio', tensor: 'tensor',
};

function decodeEvent(event: Event, norm: Normaliser): Json {
  const what = event.what;
  const out: Record<string, Json> = { step: Number(event.step), kind: what.case ? KIND[what.case] : null };
  switch (what.case) {
    case 'fileVersion':
      out.fileVersion = what.value;
      out.sourceWriter = event.sourceMetadata?.writer ?? '';
      break;
    case 'metaGraphDef':
      out.hasSaverDef = fromBinary(MetaGraphDefSchema, what.value).saverDef !== undefined;
      break;
    case 'summary':
      out.values = what.value.value.map((v) => {
        const entry: Record<string, Json> = { tag: v.tag, kind: v.value.case ? VALUE_KIND[v.value.case] : null };
        if (v.value.case === 'simpleValue') entry.simpleValue = v.tag.endsWith('/sec') ? null : num(v.value.value);
        else if (v.value.case === 'tensor') entry.tensor = encode(tensorFromProto(v.value.value), norm);
        entry.pluginName = v.metadata ? v.metadata.pluginData?.pluginName ?? '' : null;
        return entry;
      });
      break;
    case 'sessionLog':
      out.status = SessionLog_SessionStatus[what.value.status];
      out.checkpointPath = norm.text(what.value.checkpointPath);
      out.msg = what.value.msg;
      break;
    case 'taggedRunMetadata':
      out.tag = what.value.tag;
      break;
    default:
  }
  return out;
}

/** `tf.make_ndarray` for the summary tensors the scenarios write (strings and floats). */
function tensorFromProto(p: TensorProto): Tensor {
  const shape = (p.tensorShape?.dim ?? []).map((d) => Number(d.size));
  if (p.dtype === ProtoDataType.DT_STRING) return new Tensor(DType.string, shape, p.stringVal);
  if (p.dtype === ProtoDataType.DT_FLOAT) {
    const data = p.floatVal.length > 0 ? Float32Array.from(p.floatVal) : new Float32Array(p.tensorContent.slice().buffer);
    return new Tensor(DType.float32, shape, data);
  }
  throw new Error(`unsupported summary tensor dtype ${p.dtype}`);
}

function eventFiles(root: string, norm: Normaliser): Json[] {
  const out: Json[] = [];
  for (const [prefix, dir, , files] of walk(root)) {
    for (const f of files.filter((n) => n.startsWith('events.out.tfevents.'))) {
      out.push({ file: prefix + norm.fileName(f), events: [...summaryIterator(path.join(dir, f))].map((e) => decodeEvent(e, norm)) });
    }
  }
  return out;
}

async function runScenario(scenario: Record<string, any>): Promise<Json> {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tf1conf-')));
  const norm = new Normaliser(root);
  const golden: Record<string, Json> = { name: scenario.name };
  try {
    if (scenario.cases) {
      golden.cases = await runCases(scenario, root, norm);
    } else {
      const phases: Json[] = [];
      for (const phase of scenario.phases ?? [scenario]) {
        const rec = await runPhase(phase, root, norm);
        phases.push({ trace: rec.trace, logs: rec.logs as unknown as Json, files: listFiles(root, norm, false), checkpoints: checkpoints(root, norm) });
      }
      golden.phases = phases;
    }
    await FileWriterCache.clear();
    golden.files = listFiles(root, norm);
    golden.events = eventFiles(root, norm);
  } finally {
    await FileWriterCache.clear();
    fs.rmSync(root, { recursive: true, force: true });
  }
  return golden;
}

describe('conformance with Python TF1 goldens', () => {
  const scenarios = spec.scenarios as Array<Record<string, any>>;

  it('has at least 30 scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
  });

  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const golden = JSON.parse(fs.readFileSync(path.join(CONFORMANCE_DIR, 'golden', `${scenario.name}.json`), 'utf8'));
      const actual = JSON.parse(JSON.stringify(await runScenario(scenario)));
      // CONFORMANCE_DUMP=dir keeps each recording, to diff against the golden by hand.
      if (process.env.CONFORMANCE_DUMP) {
        fs.mkdirSync(process.env.CONFORMANCE_DUMP, { recursive: true });
        fs.writeFileSync(path.join(process.env.CONFORMANCE_DUMP, `${scenario.name}.json`), `${JSON.stringify(actual, null, 1)}\n`);
      }
      expect(actual).toEqual(golden);
    });
  }
});
