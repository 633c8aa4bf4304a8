/**
 * `train.Supervisor`, `train.basicTrainLoop` and `train.LooperThread` against TF 2.21 Python
 * (scripts/fixtures/make_supervisor.py, test/fixtures/supervisor): the ops and collections a
 * Supervisor adds, the files and events a managed session leaves in its logdir and a second
 * Supervisor restoring from them, the timer services' cadence (bounded), the retry of
 * basic_train_loop, LooperThread on a timer, back to back, failing and stopped, and the errors.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fromBinary } from '@bufbuild/protobuf';
import { Graph, RuntimeError, Session, Tensor, ValueError, errors, ops, summary, train } from '../lib';
import {
  Event, GraphDefSchema, MetaGraphDefSchema, SaverDef, SaverDef_CheckpointFormatVersion, SessionLog_SessionStatus,
} from '../lib/proto';
import { LIB_INDEX, expected, hasFixture, lastJson, runNodeScript } from './helpers/core';
import { OpRow, record } from './helpers/graph_record';

interface ErrorJson { class: string; message: string }
type EventJson = Record<string, unknown>;
interface RunJson { start_step: number; end_step: number; files: string[]; checkpoint_state: string; events: EventJson[] }
interface GraphEventsJson {
  graph_def_nodes: string[]; meta_graph_collections: string[]; meta_graph_saver_def: unknown; meta_graph_nodes: number;
}
interface Recorded { ops: OpRow[]; collections: Record<string, unknown[]>; properties: Record<string, unknown> }

const fixture = hasFixture('supervisor') ? expected<{
  data: { x: number[][]; y: number[][]; w: number[][]; b: number[]; learning_rate: number };
  settings: { long_secs: number; first_steps: number; more_steps: number; summary_every: number;
    timed: { save_summaries_secs: number; save_model_secs: number }; timed_secs: number; looper_interval: number };
  defaults: Recorded & { meta_graph_collections: string[]; meta_graph_collections_as_default: string[];
    none: Recorded; from_collections: Recorded };
  logdir_runs: { first: RunJson & { should_stop_after: boolean; graph_events: GraphEventsJson }; second: RunJson };
  timed: Record<string, boolean | string>;
  basic_train_loop: { calls: unknown[][]; should_stop: boolean };
  looper: Record<string, any>;
  errors: Record<string, ErrorJson & Record<string, unknown>>;
}>('supervisor') : null;
const describeFixture = fixture ? describe : describe.skip;
const f = fixture!;

let dirs: string[] = [];
function tmpdir(): string {
  const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'supervisor-')));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The fixture's model in a new graph (under `device` when given), as `build()` makes it. */
function build(device?: string) {
  const graph = new Graph();
  const make = () => {
    const x = ops.constant(f.data.x, { name: 'x' });
    const y = ops.constant(f.data.y, { name: 'y' });
    const w = new ops.Variable(Tensor.from(f.data.w), { name: 'w' });
    const b = new ops.Variable(Tensor.from(f.data.b), { name: 'b' });
    const pred = ops.add(ops.matmul(x, w), b, 'pred');
    const loss = ops.reduceMean(ops.square(ops.sub(pred, y, 'sub')), { name: 'mse' });
    const globalStep = train.getOrCreateGlobalStep();
    const trainOp = new train.GradientDescentOptimizer(f.data.learning_rate).minimize(loss, { globalStep, name: 'train_op' });
    summary.scalar('loss', loss);
    return { graph, loss, globalStep, trainOp };
  };
  return graph.asDefault(() => (device ? graph.device(device, make) : make()));
}

function saverDefJson(def: SaverDef | null) {
  return def && {
    filename_tensor_name: def.filenameTensorName, save_tensor_name: def.saveTensorName,
    restore_op_name: def.restoreOpName, max_to_keep: def.maxToKeep, sharded: def.sharded,
    keep_checkpoint_every_n_hours: def.keepCheckpointEveryNHours,
    version: SaverDef_CheckpointFormatVersion[def.version],
  };
}

const SUPERVISOR_KEYS = ['ready_op', 'ready_for_local_init_op', 'init_op', 'local_init_op', 'summary_op', 'savers',
  'global_step'];

function collections(g: Graph) {
  return Object.fromEntries(SUPERVISOR_KEYS.map((k) => [k, g.getCollection(k).map((x) =>
    (x instanceof train.Saver ? saverDefJson(x.asSaverDef()) : (x as { name: string }).name))]));
}

const norm = (text: string | null, logdir: string) => (text ? text.split(logdir).join('<logdir>') : text);

function properties(sv: train.Supervisor, g: Graph, logdir: string) {
  const name = (x: { name: string } | null) => (x === null ? null : x.name);
  return {
    is_chief: sv.isChief, init_op: name(sv.initOp), ready_op: name(sv.readyOp),
    ready_for_local_init_op: name(sv.readyForLocalInitOp), summary_op: name(sv.summaryOp),
    global_step: name(sv.globalStep), saver: sv.saver && saverDefJson(sv.saver.asSaverDef()),
    save_path: norm(sv.savePath, logdir), save_summaries_secs: sv.saveSummariesSecs,
    save_model_secs: sv.saveModelSecs,
    summary_writer_logdir: sv.summaryWriter && norm(sv.summaryWriter.getLogdir(), logdir),
    init_feed_dict: sv.initFeedDict, graph_finalized: g.finalized,
  };
}

/** What a Supervisor made of a graph: the ops it added, its collections and properties. */
function supervise(g: Graph, options: train.SupervisorOptions, logdir: string): Recorded & { sv: train.Supervisor } {
  const before = new Set(g.operations().map((o) => o.name));
  const sv = new train.Supervisor({ graph: g, ...options });
  return { sv, ops: record(g, (n) => !before.has(n)).ops, collections: collections(g), properties: properties(sv, g, logdir) };
}

/**
 * This package's reportUninitializedVariables masks with Where, Squeeze and GatherV2 where TF1's
 * boolean_mask first flattens both operands (Shape, StridedSlice, Prod, Reshape...): the same
 * result from the same final op, `boolean_mask/GatherV2`. Rows inside the mask are left out.
 */
const BOOLEAN_MASK = 'report_uninitialized_variables/boolean_mask/';
const outsideMask = (rows: OpRow[]) => rows.filter(([n]) => !n.startsWith(BOOLEAN_MASK));
/** Graph nodes this package names as TF1 does: not the mask's, and not the gradients (C++ ones here). */
const comparableNodes = (names: string[]) => names.filter((n) => !n.startsWith(BOOLEAN_MASK) && !n.startsWith('gradients/'));

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** An event as make_supervisor.py's describe_event describes it (wall time left out). */
function describeEvent(e: Event, logdir: string): EventJson {
  const d: EventJson = { what: snake(e.what.case!), step: Number(e.step) };
  if (e.what.case === 'fileVersion') d.file_version = e.what.value;
  if (e.what.case === 'summary') {
    d.values = e.what.value.value.map((v) => [v.tag, v.value.case === 'simpleValue' ? v.value.value : null]);
  }
  if (e.what.case === 'sessionLog') {
    d.status = SessionLog_SessionStatus[e.what.value.status];
    d.checkpoint_path = norm(e.what.value.checkpointPath, logdir);
  }
  return d;
}

const readEvents = (file: string, logdir: string) => [...summary.summaryIterator(file)].map((e) => describeEvent(e, logdir));

/** The services' three first events (after START) come in any order: sorted, on both sides. */
function servicesSorted(events: EventJson[]): EventJson[] {
  const window = events.slice(4, 7).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return [...events.slice(0, 4), ...window, ...events.slice(7)];
}

function firstServicesDone(events: EventJson[]): boolean {
  const tags = new Set(events.flatMap((e) => (e.what === 'summary' ? (e.values as string[][]).map((v) => v[0]) : [])));
  return tags.has('loss') && tags.has('global_step/sec') && events.some((e) => e.status === 'CHECKPOINT');
}

/** Waits until the services' first iteration (at start) is in the event file, as the fixture does. */
async function waitForFirstServices(sv: train.Supervisor, file: string, logdir: string): Promise<void> {
  const deadline = Date.now() + 60000;
  for (;;) {
    await sv.summaryWriter!.flush();
    if (firstServicesDone(readEvents(file, logdir))) return;
    if (Date.now() > deadline) throw new Error('the standard services did not run');
    await sleep(20);
  }
}

function logdirFiles(logdir: string): string[] {
  return fs.readdirSync(logdir).map((n) => n.replace(/^events\.out\.tfevents\.\d{10}\..*$/,
    'events.out.tfevents.<secs>.<host>')).sort();
}

const checkpointState = (logdir: string) => norm(fs.readFileSync(path.join(logdir, 'checkpoint'), 'utf8'), logdir);

/**
 * make_supervisor.py's train_session: waits for the services' first events, trains `steps`
 * steps with a summary_computed every `summary_every`; the first run also saves at its end.
 */
async function trainSession(sv: train.Supervisor, m: ReturnType<typeof build>, logdir: string, steps: number) {
  let start = -1;
  let end = -1;
  let file = '';
  await sv.managedSession(async (sess) => {
    file = sv.summaryWriter!.eventWriter.fileName!;
    await waitForFirstServices(sv, file, logdir);
    start = await train.globalStep(sess, m.globalStep);
    for (let i = 0; i < steps && !sv.shouldStop(); i++) {
      await sess.run(m.trainOp);
      const step = await train.globalStep(sess, m.globalStep);
      if (step % f.settings.summary_every === 0) await sv.summaryComputed(sess, await sess.run(sv.summaryOp!));
    }
    end = await train.globalStep(sess, m.globalStep);
    if (steps === f.settings.first_steps) await sv.saver!.save(sess, sv.savePath!, { globalStep: sv.globalStep });
  });
  return { start, end, file };
}

const errorJson = (e: unknown) => ({ class: (e as Error).name, message: (e as Error).message });

async function caught(p: Promise<unknown> | (() => unknown)): Promise<ErrorJson> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return errorJson(e);
  }
  throw new Error('no error');
}

describeFixture('the ops and collections a Supervisor adds', () => {
  test('with every piece left to USE_DEFAULT: the report op, init ops, Saver, merged summary; the graph finalized', async () => {
    const logdir = tmpdir();
    const m = build();
    const r = supervise(m.graph, {
      logdir, readyOp: train.Supervisor.USE_DEFAULT, saver: train.USE_DEFAULT, globalStep: undefined,
    }, logdir);
    const want = f.defaults;
    expect(outsideMask(r.ops)).toEqual(outsideMask(want.ops));
    expect(r.ops.map(([n]) => n)).toContain(`${BOOLEAN_MASK}GatherV2`);
    expect(r.collections).toEqual(want.collections);
    expect(r.properties).toEqual(want.properties);
    expect(() => m.graph.asDefault(() => ops.constant(1))).toThrow(new RuntimeError('Graph is finalized and cannot be modified.'));
    await r.sv.summaryWriter!.close();
  });

  test('the MetaGraphDef in the events has the collections of the default graph, as TF1 reads them there', async () => {
    const collectionsWritten = async (sv: train.Supervisor) => {
      let file = '';
      await sv.managedSession('', { startStandardServices: false }, () => { file = sv.summaryWriter!.eventWriter.fileName!; });
      const event = [...summary.summaryIterator(file)].find((e) => e.what.case === 'metaGraphDef')!;
      return Object.keys(fromBinary(MetaGraphDefSchema, event.what.value as Uint8Array).collectionDef).sort();
    };
    expect(await collectionsWritten(new train.Supervisor({ graph: build().graph, logdir: tmpdir() })))
      .toEqual(f.defaults.meta_graph_collections);
    const d = build();
    expect(await collectionsWritten(d.graph.asDefault(() => new train.Supervisor({ logdir: tmpdir() }))))
      .toEqual(f.defaults.meta_graph_collections_as_default);
  });

  test('with null for each piece: nothing added, no writer', () => {
    const logdir = tmpdir();
    const r = supervise(build().graph, {
      readyOp: null, initOp: null, localInitOp: null, saver: null, summaryOp: null, globalStep: null,
      summaryWriter: null, logdir, checkpointBasename: 'my.ckpt',
    }, logdir);
    expect({ ops: r.ops, collections: r.collections, properties: r.properties }).toEqual(f.defaults.none);
  });

  test('items already in the collections are taken (the first); a non-chief keeps no logdir', () => {
    const logdir = tmpdir();
    const m = build('/cpu:0');
    m.graph.asDefault(() => {
      m.graph.addToCollection('init_op', ops.noOp('my_init'));
      m.graph.addToCollection('init_op', ops.noOp('other_init'));
      m.graph.addToCollection('summary_op', summary.mergeAll(undefined, { name: 'my_summaries' })!);
    });
    const r = supervise(m.graph, { isChief: false, logdir }, logdir);
    const want = f.defaults.from_collections;
    expect({ ops: outsideMask(r.ops), collections: r.collections, properties: r.properties })
      .toEqual({ ...want, ops: outsideMask(want.ops) });
  });
});

describeFixture('a managed session in a logdir', () => {
  test('leaves TF1\'s checkpoints, state file, graph and events; a second Supervisor restores and goes on', async () => {
    const logdir = tmpdir();
    const want = f.logdir_runs;
    const long = { saveSummariesSecs: f.settings.long_secs, saveModelSecs: f.settings.long_secs };

    let m = build();
    let sv = new train.Supervisor({ graph: m.graph, logdir, ...long });
    let r = await trainSession(sv, m, logdir, f.settings.first_steps);
    expect({ start_step: r.start, end_step: r.end }).toEqual({ start_step: want.first.start_step, end_step: want.first.end_step });
    expect(logdirFiles(logdir)).toEqual(want.first.files);
    expect(checkpointState(logdir)).toBe(want.first.checkpoint_state);
    expect(servicesSorted(readEvents(r.file, logdir))).toEqual(servicesSorted(want.first.events));
    expect(sv.shouldStop()).toBe(want.first.should_stop_after);
    const events = [...summary.summaryIterator(r.file)];
    const graphDef = events.find((e) => e.what.case === 'graphDef')!.what.value as Uint8Array;
    const meta = fromBinary(MetaGraphDefSchema, events.find((e) => e.what.case === 'metaGraphDef')!.what.value as Uint8Array);
    const nodes = fromBinary(GraphDefSchema, graphDef).node.map((n) => n.name).sort();
    const py = want.first.graph_events;
    expect(nodes).toEqual(m.graph.operations().map((o) => o.name).sort());
    expect(comparableNodes(nodes)).toEqual(comparableNodes(py.graph_def_nodes));
    expect(Object.keys(meta.collectionDef).sort()).toEqual(py.meta_graph_collections);
    expect(saverDefJson(meta.saverDef ?? null)).toEqual(py.meta_graph_saver_def);
    expect(meta.graphDef!.node.length).toBe(nodes.length);
    expect(fs.existsSync(path.join(logdir, 'graph.pbtxt'))).toBe(true);

    m = build();
    sv = new train.Supervisor({ graph: m.graph, logdir, ...long });
    r = await trainSession(sv, m, logdir, f.settings.more_steps);
    expect({ start_step: r.start, end_step: r.end }).toEqual({ start_step: want.second.start_step, end_step: want.second.end_step });
    expect(logdirFiles(logdir)).toEqual(want.second.files);
    expect(checkpointState(logdir)).toBe(want.second.checkpoint_state);
    expect(servicesSorted(readEvents(r.file, logdir))).toEqual(servicesSorted(want.second.events));
  });

  test('services on short timers: summaries, steps/sec and checkpoints at their cadence, at most maxToKeep kept', async () => {
    const logdir = tmpdir();
    const { save_summaries_secs: summarySecs, save_model_secs: modelSecs } = f.settings.timed;
    const m = build();
    const sv = new train.Supervisor({ graph: m.graph, logdir, saveSummariesSecs: summarySecs, saveModelSecs: modelSecs });
    let file = '';
    let finalStep = 0;
    let bodyEnd = 0;
    const t0 = performance.now();
    await sv.managedSession(async (sess) => {
      file = sv.summaryWriter!.eventWriter.fileName!;
      while (performance.now() - t0 < f.settings.timed_secs * 1000) {
        await sess.run(m.trainOp);
        await sleep(5);
      }
      finalStep = await train.globalStep(sess, m.globalStep);
      bodyEnd = performance.now();
    });
    // stop() wakes the services from their timed waits: no waiting for the next tick.
    expect(performance.now() - bodyEnd).toBeLessThan(2000);
    const elapsed = (bodyEnd - t0) / 1000;
    const events = readEvents(file, logdir);
    const summaries = (tag: string) => events.filter((e) => e.what === 'summary' && (e.values as unknown[][])[0][0] === tag);
    // One at once, then one per interval passed: at least a second one, at most what the time allows.
    const within = (n: number, secs: number) => n >= 2 && n <= Math.ceil(elapsed / secs) + 1;
    const stepsInOrder = ['loss', 'global_step/sec'].every((tag) => {
      const steps = summaries(tag).map((e) => e.step as number);
      return steps.every((s, i) => s >= 0 && s <= finalStep && (i === 0 || s >= steps[i - 1]));
    });
    const kept = fs.readdirSync(logdir).filter((n) => n.endsWith('.index'));
    expect({
      loss_summaries_within_bounds: within(summaries('loss').length, summarySecs),
      steps_per_sec_summaries_within_bounds: within(summaries('global_step/sec').length, summarySecs),
      checkpoint_logs_within_bounds: within(events.filter((e) => e.status === 'CHECKPOINT').length, modelSecs),
      summary_steps_in_order: stepsInOrder,
      checkpoints_kept_at_most_max_to_keep: kept.length >= 1 && kept.length <= 5,
      state_lists_the_kept: train.getCheckpointState(logdir)!.allModelCheckpointPaths.length === kept.length,
      note: f.timed.note,
    }).toEqual(f.timed);
    expect(summaries('global_step/sec').every((e) => ((e.values as number[][])[0][1]) >= 0)).toBe(true);
  });

  test('sv.loop runs beside the body and is joined when the block ends', async () => {
    const m = build();
    const sv = new train.Supervisor({ graph: m.graph });
    const seen: unknown[] = [];
    let looper: train.LooperThread | null = null;
    await sv.managedSession('', { startStandardServices: false }, async (sess) => {
      looper = sv.loop(0.02, async (s: Session, tag: string) => {
        seen.push([tag, await train.globalStep(s, m.globalStep)]);
      }, [sess, 'loss']);
      while (seen.length < 3) await sess.run(m.trainOp);
    });
    expect(looper!.isAlive()).toBe(false);
    expect(seen.every((s) => (s as unknown[])[0] === 'loss')).toBe(true);
  });
});

describeFixture('basicTrainLoop', () => {
  test('calls the step fn with args and kwargs until should_stop; an AbortedError starts a new managed session', async () => {
    const m = build();
    const sv = new train.Supervisor({ graph: m.graph, logdir: null });
    const calls: unknown[][] = [];
    let aborted = false;
    await train.basicTrainLoop(sv, async (sess: Session, tag: string, n: number, kwargs: { scale?: number }) => {
      await sess.run(m.trainOp);
      const step = await train.globalStep(sess, m.globalStep);
      calls.push([tag, n, kwargs.scale ?? null, step]);
      if (step === 3 && !aborted) {
        aborted = true;
        throw new errors.AbortedError('preempted');
      }
      if (step >= 5) sv.requestStop();
    }, { args: ['a', 2], kwargs: { scale: 3 } });
    expect({ calls, should_stop: sv.shouldStop() }).toEqual(f.basic_train_loop);
  });

  test('other errors propagate', async () => {
    const sv = new train.Supervisor({ graph: build().graph });
    await expect(train.basicTrainLoop(sv, () => { throw new ValueError('no'); })).rejects.toThrow(new ValueError('no'));
  });
});

describeFixture('LooperThread', () => {
  const interval = () => f.settings.looper_interval;

  test('on a timer: target(...args, kwargs) at once, then every interval, until the coordinator stops', async () => {
    const coord = new train.Coordinator();
    const calls: unknown[][] = [];
    const t0 = performance.now();
    const looper = train.LooperThread.loop(coord, interval(), (tag: string, n: number, kw: { k: string }) => {
      calls.push([tag, n, kw.k]);
      if (calls.length === 5) coord.requestStop();
    }, ['tick', 1], { k: 'v' });
    await coord.join([], { stopGracePeriodSecs: 5 });
    // Four intervals between five calls (a timer may fire a millisecond early).
    const fourIntervals = performance.now() - t0 >= 4 * interval() * 1000 - 2;
    expect({ calls, alive: looper.isAlive(), four_intervals_passed: fourIntervals }).toEqual(f.looper.timer);
  });

  test('back to back (no interval), yielding to timers between calls', async () => {
    const coord = new train.Coordinator();
    let n = 0;
    train.LooperThread.loop(coord, null, () => {
      if (++n === f.looper.back_to_back.calls) coord.requestStop();
    });
    await coord.join([], { stopGracePeriodSecs: 5 });
    expect(n).toBe(f.looper.back_to_back.calls);
    const other = new train.Coordinator();
    let ticks = 0;
    train.LooperThread.loop(other, null, () => { ticks++; });
    await sleep(20);
    other.requestStop();
    await other.join([], { stopGracePeriodSecs: 5 });
    expect(ticks).toBeGreaterThan(0);
  });

  test('an error of the target stops the coordinator, and join raises it', async () => {
    const coord = new train.Coordinator();
    let n = 0;
    train.LooperThread.loop(coord, interval(), () => {
      if (++n === 3) throw new ValueError('boom');
    });
    const error = await caught(coord.join([], { stopGracePeriodSecs: 5 }));
    expect({ calls: n, error, should_stop: coord.shouldStop() }).toEqual(f.looper.failing);
  });

  test('a stop from outside ends a long wait at once', async () => {
    const coord = new train.Coordinator();
    let n = 0;
    train.LooperThread.loop(coord, f.settings.long_secs, () => { n++; });
    await sleep(200);
    const t0 = performance.now();
    coord.requestStop();
    await coord.join([], { stopGracePeriodSecs: 5 });
    expect({ calls: n, joined_within_1s: performance.now() - t0 < 1000 }).toEqual(f.looper.stopped_outside);
  });

  test('a subclass: startLoop, runLoop on the timer, stopLoop', async () => {
    class Looper extends train.LooperThread {
      readonly log: string[] = [];
      constructor(c: train.Coordinator) {
        super(c, interval());
      }
      override startLoop() { this.log.push('start'); }
      override async runLoop() {
        this.log.push('run');
        if (this.log.filter((l) => l === 'run').length === 3) this.coord.requestStop();
      }
      override stopLoop() { this.log.push('stop'); }
    }
    const coord = new train.Coordinator();
    const sub = new Looper(coord);
    sub.start();
    await coord.join([], { stopGracePeriodSecs: 5 });
    expect(sub.log).toEqual(f.looper.subclass.log);
    expect(sub.name).toBe('Looper');
  });
});

describeFixture('errors, as TF1 raises them', () => {
  const want = () => f.errors;

  test('LooperThread arguments', async () => {
    expect(await caught(() => new train.LooperThread(null as never, 1))).toEqual(want().looper_coord);
    expect(await caught(() => new train.LooperThread(new train.Coordinator(), 1, { args: [1] }))).toEqual(want().looper_args);
  });

  test('a non-chief needs every variable placed: the ValueError shows the NodeDef as Python prints it', async () => {
    expect(await caught(() => new train.Supervisor({ graph: build().graph, isChief: false }))).toEqual(want().replica_no_device);
  });

  test('a non-chief starts no services and has no summary writer', async () => {
    const m = build('/cpu:0');
    const sv = new train.Supervisor({ graph: m.graph, isChief: false, logdir: '/nonexistent' });
    const sess = new Session(m.graph);
    expect(await caught(sv.startStandardServices(sess))).toEqual(want().services_not_chief);
    expect(await caught(sv.summaryComputed(sess, new Uint8Array()))).toEqual(want().summary_no_writer);
    await sess.close();
  });

  test('a non-chief gives up waiting for the chief after maxWaitSecs', async () => {
    const sv = new train.Supervisor({ graph: build('/cpu:0').graph, isChief: false, recoveryWaitSecs: 0.2 });
    expect(await caught(sv.prepareOrWaitForSession('', { maxWaitSecs: 0.5 }))).toEqual(want().not_ready);
  });

  test('readyForLocalInitOp without a localInitOp (SessionManager\'s ValueError)', async () => {
    const g = build().graph;
    const ready = g.asDefault(() => ops.constant([], { dtype: 7, name: 'ready' }));
    const e = await caught(() => new train.Supervisor({ graph: g, readyForLocalInitOp: ready, localInitOp: null }));
    const py = want().ready_for_local_init_alone;
    // TF1 prints the tensor's repr; this package's SessionManager names it.
    expect(e.class).toBe(py.class);
    expect(e.message.startsWith(py.message.slice(0, py.message.indexOf('[') + 1))).toBe(true);
    expect(e.message).toContain('ready:0');
  });

  test('managedSession: a failed preparation is raised after the stop', async () => {
    const sv = new train.Supervisor({ graph: build().graph, initOp: null, localInitOp: null });
    const e = await caught(sv.managedSession(async () => 'unreached'));
    expect({ ...e, should_stop: sv.shouldStop() }).toEqual(want().nothing_to_init);
  });

  test('managedSession: an error of the body stops the services and is raised; the writer gets STOP', async () => {
    const logdir = tmpdir();
    const m = build();
    const sv = new train.Supervisor({ graph: m.graph, logdir, saveSummariesSecs: 0, saveModelSecs: 0 });
    let file = '';
    const e = await caught(sv.managedSession(async (sess) => {
      file = sv.summaryWriter!.eventWriter.fileName!;
      await sess.run(m.trainOp);
      throw new ValueError('bad step');
    }));
    const kinds = readEvents(file, logdir).map((ev) => (ev.what === 'session_log' ? ev.status : ev.what));
    expect({ ...e, should_stop: sv.shouldStop(), files: logdirFiles(logdir), events: kinds }).toEqual(want().body_error);
  });

  test('managedSession: OutOfRangeError ends the block cleanly', async () => {
    const m = build();
    const sv = new train.Supervisor({ graph: m.graph });
    const result = await sv.managedSession(async (sess) => {
      await sess.run(m.trainOp);
      throw new errors.OutOfRangeError('End of sequence');
    });
    expect({ raised: false, should_stop: sv.shouldStop() }).toEqual(want().out_of_range);
    expect(result).toBeUndefined();
  });

  test('stopOnException reports the error to the coordinator instead of raising it', async () => {
    const sv = new train.Supervisor({ graph: build().graph });
    expect(await sv.stopOnException(() => { throw new ValueError('reported'); })).toBeUndefined();
    expect(sv.shouldStop()).toBe(true);
    await expect(sv.stop()).rejects.toThrow(new ValueError('reported'));
  });
});

describeFixture('nothing hangs', () => {
  test('a process whose managed session ran services on long timers exits once the block ends', () => {
    const logdir = tmpdir();
    const r = runNodeScript(`
      const tf = require(process.env.LIB);
      (async () => {
        const g = new tf.Graph();
        const trainOp = g.asDefault(() => {
          tf.train.getOrCreateGlobalStep();
          const w = new tf.ops.Variable(tf.Tensor.from([1.0]), { name: 'w' });
          tf.summary.scalar('w', tf.ops.reduceSum(w.value()));
          return tf.ops.group([w.assignAdd(tf.Tensor.from([1.0])), tf.train.incrementGlobalStep(1)]);
        });
        const sv = new tf.train.Supervisor({ graph: g, logdir: process.env.LOGDIR });
        await sv.managedSession(async (sess) => {
          sv.loop(3600, () => {});
          for (let i = 0; i < 3; i++) await sess.run(trainOp);
        });
        console.log(JSON.stringify({ stopped: sv.shouldStop() }));
      })();`, { env: { LIB: LIB_INDEX, LOGDIR: logdir }, timeoutMs: 60000 });
    expect({ status: r.status, signal: r.signal, out: r.signal ? r.stderr : lastJson(r) })
      .toEqual({ status: 0, signal: null, out: { stopped: true } });
  });
});
