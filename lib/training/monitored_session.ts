/**
 * Scaffold, session creators, MonitoredSession and friends (`monitored_session.py`): hooks
 * around one merged `session.run` per step, a coordinator, recovery from preemption errors, and
 * TF1's `with`-block semantics through `withMonitoredSession`.
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { FeedDict, Fetches, Session, SessionConfig, feedPairs, hasFeeds } from '../client/session';
import { ProtoMessage } from '../framework/protos';
import { AbortedError, OutOfRangeError, RuntimeError, UnavailableError, ValueError } from '../errors';
import { dtypeName } from '../framework/dtypes';
import { Graph, GraphKeys, Operation, Output, getDefaultGraph } from '../framework/ops';
import type { TensorLike } from '../framework/tensor';
import { DebugOptionsSchema, RunOptions, RunOptionsSchema, RunOptions_TraceLevel } from '../proto';
import {
  CheckpointSaverHook, StepCounterHook, SummarySaverHook,
} from './basic_session_run_hooks';
import { Coordinator } from './coordinator';
import { startQueueRunners } from './queue_runner';
import { group } from '../ops/control_flow_ops';
import { tablesInitializer } from '../ops/lookup_ops';
import {
  globalVariables, globalVariablesInitializer, localVariablesInitializer, reportUninitializedVariables,
} from '../ops/variables';
import { mergeAll } from '../summary/summary_ops';
import { Saver } from './saver';
import { InitFn, SessionManager } from './session_manager';
import {
  MaybePromise, READ_AFTER_RUN, ReadsAfterRun, RunMetadataHolder, SessionRunArgs, SessionRunContext, SessionRunHook,
  SessionRunValues, isPromise,
} from './session_run_hook';
import { logger } from './tf_logging';

const logging = logger('monitored_session');

/** Python's StopIteration: ends a `withMonitoredSession` block cleanly, as OutOfRangeError does. */
export class StopIteration extends Error {
  override name = 'StopIteration';
}

/** Errors after which MonitoredSession re-creates its session (`_PREEMPTION_ERRORS`). */
function isPreemption(e: unknown): boolean {
  return e instanceof AbortedError || e instanceof UnavailableError;
}

/** `RecoverableSession.retry` before any error. */
const NO_ERROR: unique symbol = Symbol('no error');


// ------------------------------------------------------------------------------------ Scaffold

export interface ScaffoldOptions {
  initOp?: Operation | null;
  initFeedDict?: FeedDict | null;
  /** Called as `initFn(scaffold, session)` after the init op when nothing was restored. */
  initFn?: ((scaffold: Scaffold, session: Session) => unknown) | null;
  readyOp?: Output | null;
  readyForLocalInitOp?: Output | null;
  localInitOp?: Operation | null;
  summaryOp?: Output | null;
  saver?: Saver | null;
  copyFromScaffold?: Scaffold | null;
  localInitFeedDict?: FeedDict | null;
}

/**
 * The pieces that build, initialise and save a model (`tf.train.Scaffold`). `finalize()` fills
 * each missing piece from its graph collection or builds TF1's default, then finalizes the graph.
 */
export class Scaffold {
  initOp: Operation | null;
  initFeedDict: FeedDict | null;
  readyOp: Output | null;
  readyForLocalInitOp: Output | null;
  localInitOp: Operation | null;
  localInitFeedDict: FeedDict | null;
  summaryOp: Output | null;
  saver: Saver | null;
  private readonly userInitFn: ScaffoldOptions['initFn'];
  /** The init function bound to this scaffold: `initFn(session)`. */
  readonly initFn: InitFn | null;

  constructor(options: ScaffoldOptions = {}) {
    const from = options.copyFromScaffold;
    if (from !== undefined && from !== null && !(from instanceof Scaffold)) {
      throw new TypeError('copy_from_scaffold is not a Scaffold instance.');
    }
    const pick = <K extends keyof ScaffoldOptions & keyof Scaffold>(k: K) =>
      (options[k] ?? (from ? from[k] : null) ?? null) as never;
    this.initOp = pick('initOp');
    this.initFeedDict = pick('initFeedDict');
    this.readyOp = pick('readyOp');
    this.readyForLocalInitOp = pick('readyForLocalInitOp');
    this.localInitOp = pick('localInitOp');
    this.localInitFeedDict = pick('localInitFeedDict');
    this.summaryOp = pick('summaryOp');
    this.saver = pick('saver');
    this.userInitFn = options.initFn ?? from?.userInitFn ?? null;
    const fn = this.userInitFn;
    this.initFn = fn ? (sess: Session) => fn(this, sess) : null;
  }

  /** Fills the missing pieces (from collections, else defaults) and finalizes the default graph. */
  finalize(): this {
    const g = getDefaultGraph();
    // Built inside the graph so that the graph-layer helpers (default-graph based) target it.
    g.asDefault(() => {
      this.initOp ??= Scaffold.getOrDefault(g, 'initOp', 'init_op', () => group([
        globalVariablesInitializer(g), ...g.getCollection<Operation>('saved_model_initializers'),
      ]));
      this.readyOp ??= Scaffold.getOrDefault(g, 'readyOp', 'ready_op', () => reportUninitializedVariables());
      this.readyForLocalInitOp ??= Scaffold.getOrDefault(g, 'readyForLocalInitOp', 'ready_for_local_init_op',
        () => reportUninitializedVariables(globalVariables(undefined, g)));
      this.localInitOp ??= Scaffold.getOrDefault(g, 'localInitOp', 'local_init_op', () => group([
        localVariablesInitializer(g), tablesInitializer(undefined, g),
      ]));
    });
    this.summaryOp ??= Scaffold.getOrDefault(g, 'summaryOp', 'summary_op', () => mergeAll(undefined, { graph: g }));
    if (!this.saver) {
      const savers = g.getCollection<Saver>('savers');
      if (savers.length > 1) {
        throw new RuntimeError('More than one item in collection savers. Please indicate which one to use by ' +
          'passing it to the constructor.');
      }
      this.saver = savers[0] ?? null;
      if (!this.saver) {
        this.saver = new Saver({ sharded: true, allowEmpty: true, graph: g });
        g.addToCollection('savers', this.saver);
      }
    }
    this.saver.build();
    g.finalize();
    logging.info('Graph was finalized.');
    return this;
  }

  /** The only item of collection `key`, else `make()`'s result, added to the collection. */
  static getOrDefault<T>(graph: Graph, argName: string, key: string, make: () => T): T {
    const items = graph.getCollection<T>(key);
    if (items.length > 1) {
      throw new RuntimeError(`More than one item in the collection "${key}". Please indicate which one to use by ` +
        `passing it to the tf.Scaffold constructor as:  tf.Scaffold(${argName}=item to use)`);
    }
    if (items.length === 1) return items[0];
    const made = make();
    if (made !== null && made !== undefined) graph.addToCollection(key, made);
    return made;
  }
}

// ------------------------------------------------------------------------------------ creators

/**
 * `tf.train.SessionCreator`: the base of what makes ready-to-run sessions. Any object with a
 * `createSession()` will do where one is taken.
 */
export abstract class SessionCreator {
  abstract createSession(): Promise<Session>;
}

export interface ChiefSessionCreatorOptions {
  scaffold?: Scaffold | null;
  master?: string;
  config?: SessionConfig | null;
  checkpointDir?: string | null;
  checkpointFilenameWithPath?: string | null;
}

/** The SessionManager both creators make from a finalized scaffold, on the default graph. */
function sessionManagerFor(s: Scaffold): SessionManager {
  return new SessionManager({
    localInitOp: s.localInitOp, localInitFeedDict: s.localInitFeedDict, readyOp: s.readyOp,
    readyForLocalInitOp: s.readyForLocalInitOp, graph: getDefaultGraph(),
  });
}

/** Creates a session on the chief: restore from a checkpoint or initialise (`ChiefSessionCreator`). */
export class ChiefSessionCreator extends SessionCreator {
  private readonly scaffold: Scaffold;
  private sessionManager: SessionManager | null = null;

  constructor(private readonly options: ChiefSessionCreatorOptions = {}) {
    super();
    this.scaffold = options.scaffold ?? new Scaffold();
  }

  async createSession(): Promise<Session> {
    const s = this.scaffold.finalize();
    this.sessionManager ??= sessionManagerFor(s);
    return this.sessionManager.prepareSession(this.options.master ?? '', {
      saver: s.saver, checkpointDir: this.options.checkpointDir, config: this.options.config,
      checkpointFilenameWithPath: this.options.checkpointFilenameWithPath,
      initOp: s.initOp, initFeedDict: s.initFeedDict, initFn: s.initFn,
    });
  }
}

export interface WorkerSessionCreatorOptions {
  scaffold?: Scaffold | null;
  master?: string;
  config?: SessionConfig | null;
  maxWaitSecs?: number;
}

/** Creates a session on a worker: waits until the chief has initialised the model. */
export class WorkerSessionCreator extends SessionCreator {
  private readonly scaffold: Scaffold;
  private sessionManager: SessionManager | null = null;

  constructor(private readonly options: WorkerSessionCreatorOptions = {}) {
    super();
    this.scaffold = options.scaffold ?? new Scaffold();
  }

  async createSession(): Promise<Session> {
    const s = this.scaffold.finalize();
    this.sessionManager ??= sessionManagerFor(s);
    return this.sessionManager.waitForSession(this.options.master ?? '', this.options.config ?? null,
      this.options.maxWaitSecs ?? 1800);
  }
}

// ------------------------------------------------------------------------------------ wrappers

/** Options of a monitored `run`. */
export interface MonitoredRunOptions {
  /** A RunOptions message (or its serialized bytes); hooks' options are merged into it. */
  options?: RunOptions | ProtoMessage<RunOptions> | Uint8Array | null;
  /** Receives the run's RunMetadata: parsed into a `RunMetadata`, as bytes into another holder. */
  runMetadata?: RunMetadataHolder | ProtoMessage<unknown> | null;
}

interface WrappedSession {
  /** The caller's results; a promise only when a hook or the run had to be waited for. */
  run(fetches: Fetches, feedDict: FeedDict | null, options: RunOptions | null, runMetadata: RunMetadataHolder | null):
    MaybePromise<unknown>;
  checkStop(): boolean;
  shouldStop(): boolean;
  close(): Promise<void>;
}

function tensorRepr(t: Output): string {
  const shape = t.shape;
  const s = shape === null ? '<unknown>'
    : `(${shape.map((d) => (d === null ? 'None' : d)).join(', ')}${shape.length === 1 ? ',' : ''})`;
  return `<tf.Tensor '${t.name}' shape=${s} dtype=${dtypeName(t.dtype)}>`;
}

type FeedEntries = Map<string, { key: Output | string; value: TensorLike }>;

/** A feed dict keyed by tensor name, for conflict checks. */
function feedEntries(graph: Graph, feed: FeedDict): FeedEntries {
  const out: FeedEntries = new Map();
  for (const [key, value] of feedPairs(feed)) {
    const t = graph.asGraphElement(key, { allowOperation: false }) as Output;
    out.set(t.name, { key: t, value });
  }
  return out;
}

function conflictList(graph: Graph, names: string[]): string {
  return `[${names.map((n) => tensorRepr(graph.tensor(n))).join(', ')}]`;
}

/** `RunOptions` merge of `_HookedSession._merge_run_options`. */
function mergeRunOptions(options: RunOptions, incoming: RunOptions): void {
  options.traceLevel = Math.max(options.traceLevel, incoming.traceLevel);
  options.timeoutInMs = options.timeoutInMs > incoming.timeoutInMs ? options.timeoutInMs : incoming.timeoutInMs;
  options.interOpThreadPool = Math.max(options.interOpThreadPool, incoming.interOpThreadPool);
  options.outputPartitionGraphs ||= incoming.outputPartitionGraphs;
  if (incoming.debugOptions) {
    options.debugOptions ??= create(DebugOptionsSchema);
    options.debugOptions.debugTensorWatchOpts.push(...incoming.debugOptions.debugTensorWatchOpts);
    options.debugOptions.resetDiskByteUsage ||= incoming.debugOptions.resetDiskByteUsage;
  }
  options.reportTensorAllocationsUponOom ||= incoming.reportTensorAllocationsUponOom;
}

const NO_RUN_OPTIONS: RunOptions = Object.freeze(create(RunOptionsSchema));

/** Runs the hooks around one merged `session.run` (`_HookedSession`). */
class HookedSession implements WrappedSession {
  private stopFlag = false;
  // Reused per run: which slot of the merged fetch list holds each hook's fetches (-1: none).
  private readonly slots: Int32Array;
  // Reused per run too: the session keeps a fetch plan per structure object, and hooks usually
  // ask for the same fetches every step, so the plan made on the first step serves the others.
  private readonly merged: Fetches[] = [];

  constructor(private sess: Session | null, private readonly hooks: SessionRunHook[]) {
    this.slots = new Int32Array(hooks.length);
  }

  checkStop(): boolean {
    return this.stopFlag;
  }

  shouldStop(): boolean {
    return this.checkStop() || this.sess === null;
  }

  async close(): Promise<void> {
    const s = this.sess;
    this.sess = null;
    if (s) await s.close();
  }

  run(fetches: Fetches, feedDict: FeedDict | null, options: RunOptions | null,
    runMetadata: RunMetadataHolder | null): MaybePromise<unknown> {
    if (this.shouldStop()) throw new RuntimeError('Run called even after should_stop requested.');
    this.merged.length = 0;
    this.merged.push(fetches);
    const step: HookedStep = {
      ctx: new SessionRunContext(new SessionRunArgs(fetches, feedDict), this.sess!),
      feedDict,
      // Most steps carry no options: they share one frozen empty RunOptions instead of a new one.
      opts: options ?? NO_RUN_OPTIONS,
      optionsSet: options !== null,
      hookFeeds: null,
      runMetadata,
    };
    return this.beforeRuns(step, 0);
  }

  // The steps of a run go on synchronously while every hook and the run itself are; each awaits
  // only a promise it is given, so a step of synchronous hooks costs no microtask turn.

  /** Hooks' beforeRun from hook `i` on, then the run. */
  private beforeRuns(step: HookedStep, i: number): MaybePromise<unknown> {
    for (; i < this.hooks.length; i++) {
      const req = this.hooks[i].beforeRun(step.ctx);
      if (isPromise(req)) {
        return req.then((r) => {
          this.addRequest(step, i, r);
          return this.beforeRuns(step, i + 1);
        });
      }
      this.addRequest(step, i, req);
    }
    return this.runMerged(step);
  }

  /** Adds hook `i`'s SessionRunArgs to the merged run. */
  private addRequest(step: HookedStep, i: number, req: SessionRunArgs | null | undefined | void): void {
    this.slots[i] = -1;
    if (!req) return;
    if (req.fetches !== null && req.fetches !== undefined) this.slots[i] = this.merged.push(req.fetches) - 1;
    if (hasFeeds(req.feedDict)) {
      const entries = feedEntries(this.sess!.graph, req.feedDict!);
      const hookFeeds = step.hookFeeds;
      if (hookFeeds) {
        const both = [...entries.keys()].filter((k) => hookFeeds.has(k));
        if (both.length > 0) {
          throw new RuntimeError(`Same tensor is fed by two hooks. Conflict(s): ${conflictList(this.sess!.graph, both)}`);
        }
        for (const [k, v] of entries) hookFeeds.set(k, v);
      } else {
        step.hookFeeds = entries;
      }
    }
    if (req.options) {
      if (step.opts === NO_RUN_OPTIONS) step.opts = create(RunOptionsSchema);
      mergeRunOptions(step.opts, req.options);
      step.optionsSet = true;
    }
  }

  private runMerged(step: HookedStep): MaybePromise<unknown> {
    const sess = this.sess!;
    let feeds: FeedDict | null = step.feedDict;
    if (step.hookFeeds) {
      const hookFeeds = step.hookFeeds;
      if (hasFeeds(feeds)) {
        const user = feedEntries(sess.graph, feeds!);
        const both = [...hookFeeds.keys()].filter((k) => user.has(k));
        if (both.length > 0) {
          throw new RuntimeError('Same tensor is fed by a SessionRunHook and user. Conflict(s): ' +
            conflictList(sess.graph, both));
        }
        for (const [k, v] of user) hookFeeds.set(k, v);
      }
      feeds = new Map([...hookFeeds.values()].map(({ key, value }) => [key, value]));
    }
    const opts = step.opts;
    const metadata = step.runMetadata ?? {};
    // RunMetadata is only collected when someone can use it: a caller holder or tracing.
    const wantMetadata = step.runMetadata !== null || opts.traceLevel > RunOptions_TraceLevel.NO_TRACE ||
      opts.outputPartitionGraphs;
    const out = sess.start(this.merged, feeds, {
      options: step.optionsSet ? toBinary(RunOptionsSchema, opts) : null,
      runMetadata: wantMetadata ? metadata : null,
      prefetch: this.readAfterRun(),
    }) as MaybePromise<unknown[]>;
    if (isPromise(out)) return out.then((outputs) => this.afterRuns(step, outputs, metadata, 0));
    return this.afterRuns(step, out, metadata, 0);
  }

  /** The first read a hook expects to make after the run (READ_AFTER_RUN). */
  private readAfterRun(): Output | null {
    for (const h of this.hooks) {
      const read = (h as Partial<ReadsAfterRun>)[READ_AFTER_RUN]?.();
      if (read) return read;
    }
    return null;
  }

  /** Hooks' afterRun from hook `i` on; then the caller's results. */
  private afterRuns(step: HookedStep, outputs: unknown[], metadata: RunMetadataHolder, i: number): MaybePromise<unknown> {
    for (; i < this.hooks.length; i++) {
      const slot = this.slots[i];
      const r = this.hooks[i].afterRun(step.ctx, new SessionRunValues(slot < 0 ? null : outputs[slot], step.opts, metadata));
      if (isPromise(r)) return r.then(() => this.afterRuns(step, outputs, metadata, i + 1));
    }
    this.stopFlag ||= step.ctx.stopRequested;
    return outputs[0];
  }
}

/** One HookedSession.run in progress. */
interface HookedStep {
  ctx: SessionRunContext;
  feedDict: FeedDict | null;
  opts: RunOptions;
  optionsSet: boolean;
  hookFeeds: FeedEntries | null;
  runMetadata: RunMetadataHolder | null;
}

/** Adds the coordinator's stop flag and error (`_CoordinatedSession`). */
class CoordinatedSession implements WrappedSession {
  constructor(private sess: HookedSession | null, readonly coord: Coordinator, private readonly stopGracePeriodSecs: number) {}

  checkStop(): boolean {
    this.coord.raiseRequestedException();
    return this.coord.shouldStop();
  }

  shouldStop(): boolean {
    if (this.checkStop()) return true;
    return this.sess ? this.sess.shouldStop() : true;
  }

  run(fetches: Fetches, feedDict: FeedDict | null, options: RunOptions | null,
    runMetadata: RunMetadataHolder | null): MaybePromise<unknown> {
    try {
      const r = this.sess!.run(fetches, feedDict, options, runMetadata);
      return isPromise(r) ? r.catch((e) => this.rethrow(e)) : r;
    } catch (e) {
      return this.rethrow(e);
    }
  }

  /** A run's error, or the coordinator's when that is a preemption error (its root cause). */
  private rethrow(original: unknown): never {
    if (isPreemption(original)) throw original;
    try {
      this.coord.raiseRequestedException();
    } catch (e) {
      if (isPreemption(e)) throw e;
    }
    throw original;
  }

  async close(): Promise<void> {
    this.coord.requestStop();
    try {
      await this.coord.join([], { stopGracePeriodSecs: this.stopGracePeriodSecs, ignoreLiveThreads: true });
    } finally {
      const s = this.sess;
      this.sess = null;
      try {
        await closeWrapped(s);
      } catch { /* as TF: errors while closing are dropped here */ }
    }
  }
}

/** `_WrappedSession.close`: preemption errors from closing are logged, not raised. */
async function closeWrapped(sess: WrappedSession | null): Promise<void> {
  if (!sess) return;
  try {
    await sess.close();
  } catch (e) {
    if (!isPreemption(e)) throw e;
    logging.error('An error occurred when attempting to close the session. This may be due to a preemption in a ' +
      `connected worker or parameter server. Error: ${String((e as Error).message)}`);
  }
}

const PREEMPTION_ADVICE = 'This error may also occur due to a gRPC failure caused by high memory or network ' +
  'bandwidth usage in the parameter servers. If this error occurs repeatedly, try increasing the number of ' +
  'parameter servers assigned to the job.';

/** Makes the session, its coordinator and the hooks' afterCreateSession (`_CoordinatedSessionCreator`). */
class CoordinatedSessionCreator {
  tfSess: Session | null = null;
  coord: Coordinator | null = null;

  constructor(private readonly creator: SessionCreator, private readonly hooks: SessionRunHook[],
    private readonly stopGracePeriodSecs: number) {}

  async createSession(): Promise<CoordinatedSession> {
    this.tfSess = await this.creator.createSession();
    this.coord = new Coordinator([]);
    if (this.tfSess.graph.getCollection(GraphKeys.QUEUE_RUNNERS).length > 0) {
      startQueueRunners(this.tfSess, { coord: this.coord });
    }
    for (const h of this.hooks) {
      const r = h.afterCreateSession(this.tfSess, this.coord);
      if (isPromise(r)) await r;
    }
    return new CoordinatedSession(new HookedSession(this.tfSess, this.hooks), this.coord, this.stopGracePeriodSecs);
  }
}

/** Re-creates the session after a preemption error (`_RecoverableSession`). */
class RecoverableSession implements WrappedSession {
  private sess: CoordinatedSession | null = null;

  constructor(private readonly creator: CoordinatedSessionCreator) {}

  async init(): Promise<this> {
    this.sess = await this.createSession();
    return this;
  }

  private async createSession(): Promise<CoordinatedSession> {
    for (;;) {
      try {
        return await this.creator.createSession();
      } catch (e) {
        if (!isPreemption(e)) throw e;
        logging.info('An error was raised while a session was being created. This may be due to a preemption of ' +
          `a connected worker or parameter server. A new session will be created. ${PREEMPTION_ADVICE} Error: ` +
          `${(e as Error).message}`);
      }
    }
  }

  checkStop(): boolean {
    try {
      return this.sess ? this.sess.checkStop() : true;
    } catch {
      // Preemption surfacing here only happens with background threads, which Node has none of.
      return true;
    }
  }

  shouldStop(): boolean {
    if (this.checkStop()) return true;
    return this.sess ? this.sess.shouldStop() : true;
  }

  async close(): Promise<void> {
    const s = this.sess;
    this.sess = null;
    await closeWrapped(s);
  }

  /**
   * Runs `attempt` on a live session; on a preemption error re-creates the session and retries.
   * A first attempt that is synchronous stays so: no promise per step.
   */
  withRecovery<T>(attempt: (sess: CoordinatedSession) => MaybePromise<T>): MaybePromise<T> {
    const s = this.sess;
    if (s === null) return this.retry(NO_ERROR, attempt);
    try {
      const r = attempt(s);
      return isPromise(r) ? r.catch((e) => this.retry(e, attempt)) : r;
    } catch (e) {
      return this.retry(e, attempt);
    }
  }

  /** After `error` (or none yet), attempts again on a new session until no preemption error stops it. */
  private async retry<T>(error: unknown, attempt: (sess: CoordinatedSession) => MaybePromise<T>): Promise<T> {
    for (;;) {
      if (error !== NO_ERROR) {
        if (!isPreemption(error)) throw error;
        logging.info('An error was raised. This may be due to a preemption in a connected worker or parameter ' +
          `server. The current session will be closed and a new session will be created. ${PREEMPTION_ADVICE} ` +
          `Error: ${(error as Error).message}`);
        await this.close();
      }
      try {
        this.sess ??= await this.createSession();
        return await attempt(this.sess);
      } catch (e) {
        error = e;
      }
    }
  }

  run(fetches: Fetches, feedDict: FeedDict | null, options: RunOptions | null,
    runMetadata: RunMetadataHolder | null): MaybePromise<unknown> {
    return this.withRecovery((s) => s.run(fetches, feedDict, options, runMetadata));
  }
}

// ------------------------------------------------------------------------------------ sessions

/** What a `runStepFn` step function gets (`MonitoredSession.StepContext`). */
export class StepContext {
  constructor(readonly session: Session, private readonly runWithHooksFn: MonitoredSession['run']) {}

  /** `MonitoredSession.run`: the same as a normal run, with hooks. */
  runWithHooks(fetches: Fetches, feedDict?: FeedDict | null, opts?: MonitoredRunOptions): Promise<any> {
    return this.runWithHooksFn(fetches, feedDict, opts);
  }

  /** Stops the iteration: throws StopIteration, which `withMonitoredSession` ends cleanly on. */
  requestStop(): never {
    throw new StopIteration('step_fn has requested the iterations to stop.');
  }
}

export interface MonitoredSessionOptions {
  sessionCreator?: SessionCreator | null;
  hooks?: SessionRunHook[] | null;
  /** Seconds queue runners' loops get to end once the session closes (TF1's 120). */
  stopGracePeriodSecs?: number;
}

/**
 * A session that runs hooks, initialises or restores itself, and recovers from preemption
 * errors (`tf.compat.v1.train.MonitoredSession`). Create it with `MonitoredSession.create`.
 */
export class MonitoredSession {
  readonly graph: Graph;
  private readonly hooks: SessionRunHook[];
  private readonly graphWasFinalized: boolean;
  private coordinatedCreator!: CoordinatedSessionCreator;
  private sess: WrappedSession | null = null;

  protected constructor(hooks: SessionRunHook[] | null | undefined, private readonly stopGracePeriodSecs = 120) {
    this.graph = getDefaultGraph();
    this.graphWasFinalized = this.graph.finalized;
    this.hooks = hooks ? [...hooks] : [];
  }

  /** Creates the session: every hook's `begin`, then the session (restored or initialised). */
  static async create(options: MonitoredSessionOptions = {}): Promise<MonitoredSession> {
    const s = new MonitoredSession(options.hooks, options.stopGracePeriodSecs);
    await s.init(options.sessionCreator ?? new ChiefSessionCreator(), true);
    return s;
  }

  protected async init(creator: SessionCreator, shouldRecover: boolean): Promise<void> {
    for (const h of this.hooks) {
      const r = h.begin();
      if (isPromise(r)) await r;
    }
    this.coordinatedCreator = new CoordinatedSessionCreator(creator, this.hooks, this.stopGracePeriodSecs);
    this.sess = shouldRecover
      ? await new RecoverableSession(this.coordinatedCreator).init()
      : await this.coordinatedCreator.createSession();
  }

  /** The hooks in call order. */
  get hookList(): readonly SessionRunHook[] {
    return this.hooks;
  }

  /**
   * Runs `fetches` with every hook's fetches, feeds and options merged into one session run;
   * resolves to the caller's fetches only.
   */
  run(fetches: Fetches, feedDict?: FeedDict | null, opts?: MonitoredRunOptions): Promise<any> {
    try {
      if (!this.sess) throw new RuntimeError('Attempted to use a closed Session.');
      let options: RunOptions | null = null;
      if (opts?.options) {
        options = opts.options instanceof Uint8Array ? fromBinaryRunOptions(opts.options)
          : opts.options instanceof ProtoMessage ? opts.options.toProto() : opts.options;
      }
      const metadata = opts?.runMetadata;
      if (!(metadata instanceof ProtoMessage)) {
        const r = this.sess.run(fetches, feedDict ?? null, options, metadata ?? null);
        return isPromise(r) ? r : Promise.resolve(r);
      }
      // Hooks read the bytes from a holder; a RunMetadata given is filled from it after the run.
      const holder: RunMetadataHolder = {};
      const fill = (results: unknown): unknown => {
        if (holder.serialized) metadata.parseFromString(holder.serialized);
        return results;
      };
      const r = this.sess.run(fetches, feedDict ?? null, options, holder);
      return isPromise(r) ? r.then(fill) : Promise.resolve(fill(r));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Runs `stepFn(stepContext)` (`run_step_fn`): the step decides what to run, with or without
   * hooks; under MonitoredSession it is retried after a preemption error.
   */
  async runStepFn<T>(stepFn: (stepContext: StepContext) => T | Promise<T>): Promise<T> {
    if (stepFn.length > 1) {
      throw new ValueError('`step_fn` may either have one `step_context` argument, or `self` and `step_context` ' +
        `arguments if it's an instance method. Got ${stepFn.length} arguments instead.`);
    }
    const step = async () => stepFn(new StepContext(this.coordinatedCreator.tfSess!, this.run.bind(this)));
    if (this.sess instanceof RecoverableSession) return this.sess.withRecovery(step);
    return step();
  }

  /** Whether training should stop: a hook or the coordinator asked, or the session is closed. */
  shouldStop(): boolean {
    return this.sess === null || this.sess.shouldStop();
  }

  /** The raw session (no hooks). */
  rawSession(): Session {
    return this.coordinatedCreator.tfSess!;
  }

  /**
   * Ends the hooks (`end(session)`) and closes the session. A second call ends the hooks with a
   * null session, then raises RuntimeError('Session is already closed.'), as TF1 does.
   */
  close(): Promise<void> {
    return this.closeInternal(false);
  }

  /** @internal `_close_internal`: with `exception` set, hooks are not ended (an error left a `with`). */
  async closeInternal(exception: boolean): Promise<void> {
    try {
      if (!exception) {
        for (const h of this.hooks) {
          const r = h.end(this.coordinatedCreator.tfSess);
          if (isPromise(r)) await r;
        }
      }
    } finally {
      try {
        if (this.sess === null) throw new RuntimeError('Session is already closed.');
        await this.sess.close();
      } finally {
        this.sess = null;
        this.coordinatedCreator.tfSess = null;
        this.coordinatedCreator.coord = null;
        if (!this.graphWasFinalized) this.graph.unsafeUnfinalize();
      }
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.sess) await this.close();
  }
}

function fromBinaryRunOptions(bytes: Uint8Array): RunOptions {
  return fromBinary(RunOptionsSchema, bytes);
}

export interface SingularMonitoredSessionOptions {
  hooks?: SessionRunHook[] | null;
  scaffold?: Scaffold | null;
  master?: string;
  config?: SessionConfig | null;
  checkpointDir?: string | null;
  /** Seconds queue runners' loops get to end once the session closes (TF1's 120). */
  stopGracePeriodSecs?: number;
  checkpointFilenameWithPath?: string | null;
}

/** A MonitoredSession without recovery, always on a ChiefSessionCreator (`SingularMonitoredSession`). */
export class SingularMonitoredSession extends MonitoredSession {
  static override async create(options: SingularMonitoredSessionOptions = {}): Promise<SingularMonitoredSession> {
    const s = new SingularMonitoredSession(options.hooks, options.stopGracePeriodSecs);
    await s.init(new ChiefSessionCreator({
      scaffold: options.scaffold, master: options.master, config: options.config,
      checkpointDir: options.checkpointDir, checkpointFilenameWithPath: options.checkpointFilenameWithPath,
    }), false);
    return s;
  }
}

// ------------------------------------------------------------------------------------ MTS

/** Marks an argument left to MonitoredTrainingSession's default (`USE_DEFAULT`). */
export const USE_DEFAULT: unique symbol = Symbol('USE_DEFAULT');
type Defaultable = number | null | typeof USE_DEFAULT;

export interface MonitoredTrainingSessionOptions {
  master?: string;
  isChief?: boolean;
  checkpointDir?: string | null;
  scaffold?: Scaffold | null;
  hooks?: SessionRunHook[] | null;
  chiefOnlyHooks?: SessionRunHook[] | null;
  saveCheckpointSecs?: Defaultable;
  saveSummariesSteps?: Defaultable;
  saveSummariesSecs?: Defaultable;
  config?: SessionConfig | null;
  /** Seconds queue runners' loops get to end once the session closes (TF1's 120). */
  stopGracePeriodSecs?: number;
  logStepCountSteps?: number;
  maxWaitSecs?: number;
  saveCheckpointSteps?: Defaultable;
  summaryDir?: string | null;
  saveGraphDef?: boolean;
}

/** A pair of schedule arguments with TF1's defaulting: the given one wins, else `dflt`. */
function schedule(steps: Defaultable | undefined, secs: Defaultable | undefined, dflt: [number | null, number | null]):
  [number | null, number | null] {
  const s = steps === undefined ? USE_DEFAULT : steps;
  const t = secs === undefined ? USE_DEFAULT : secs;
  if (s === USE_DEFAULT && t === USE_DEFAULT) return dflt;
  return [s === USE_DEFAULT ? null : s, t === USE_DEFAULT ? null : t];
}

/**
 * A MonitoredSession set up for training (`tf.compat.v1.train.MonitoredTrainingSession`): on the
 * chief it restores from `checkpointDir` and adds StepCounterHook, SummarySaverHook (every 100
 * steps) and CheckpointSaverHook (every 600 s) before the user's hooks.
 */
export async function MonitoredTrainingSession(options: MonitoredTrainingSessionOptions = {}): Promise<MonitoredSession> {
  const [summarySteps, summarySecs] = schedule(options.saveSummariesSteps, options.saveSummariesSecs, [100, null]);
  const [ckptSteps, ckptSecs] = schedule(options.saveCheckpointSteps, options.saveCheckpointSecs, [null, 600]);
  const scaffold = options.scaffold ?? new Scaffold();
  const master = options.master ?? '';
  if (options.isChief === false) {
    return MonitoredSession.create({
      sessionCreator: new WorkerSessionCreator({ scaffold, master, config: options.config, maxWaitSecs: options.maxWaitSecs ?? 7200 }),
      hooks: options.hooks ?? [], stopGracePeriodSecs: options.stopGracePeriodSecs,
    });
  }
  const all: SessionRunHook[] = [...(options.chiefOnlyHooks ?? [])];
  const checkpointDir = options.checkpointDir ?? null;
  const sd = options.summaryDir || checkpointDir;
  const logSteps = options.logStepCountSteps ?? 100;
  if (sd && logSteps > 0) all.push(new StepCounterHook({ outputDir: sd, everyNSteps: logSteps }));
  if (sd && ((summarySteps ?? 0) > 0 || (summarySecs ?? 0) > 0)) {
    all.push(new SummarySaverHook({ scaffold, saveSteps: summarySteps, saveSecs: summarySecs, outputDir: sd }));
  }
  if (checkpointDir && ((ckptSecs ?? 0) > 0 || (ckptSteps ?? 0) > 0)) {
    all.push(new CheckpointSaverHook(checkpointDir, {
      saveSteps: ckptSteps, saveSecs: ckptSecs, scaffold, saveGraphDef: options.saveGraphDef ?? true,
    }));
  }
  all.push(...(options.hooks ?? []));
  return MonitoredSession.create({
    sessionCreator: new ChiefSessionCreator({ scaffold, checkpointDir, master, config: options.config }),
    hooks: all, stopGracePeriodSecs: options.stopGracePeriodSecs,
  });
}

/**
 * TF1's `with MonitoredSession(...) as sess:` block: runs `body(sess)`, then ends the hooks and
 * closes the session. OutOfRangeError and StopIteration end the block cleanly (hooks ended,
 * error swallowed, resolves to undefined); any other error closes the session without ending
 * the hooks and propagates.
 */
export async function withMonitoredSession<S extends MonitoredSession, T>(session: S | Promise<S>,
  body: (sess: S) => T | Promise<T>): Promise<T | undefined> {
  const sess = await session;
  let result: T;
  try {
    result = await body(sess);
  } catch (e) {
    const clean = e instanceof Error && (e.constructor === OutOfRangeError || e.constructor === StopIteration);
    await sess.closeInternal(!clean);
    if (clean) return undefined;
    throw e;
  }
  await sess.closeInternal(false);
  return result;
}
