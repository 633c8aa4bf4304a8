/**
 * `tf.compat.v1.train.Supervisor` (`supervisor.py`): a Coordinator, a Saver and a SessionManager
 * around a training loop. It fills the model's missing init, ready, summary and save pieces
 * (collections first, else TF1's defaults), finalizes the graph, makes the session (the chief
 * restores from `logdir` or initialises; other tasks wait for the chief), and runs the standard
 * services beside the loop: summaries, steps/sec and checkpoints as LooperThreads on timers.
 */
import { MessageInitShape, create, fromBinary } from '@bufbuild/protobuf';
import * as path from 'path';
import type { FeedDict, Session, SessionConfig } from '../client/session';
import { RuntimeError, ValueError } from '../errors';
import { DType, baseDType, dtypeName } from '../framework/dtypes';
import { createMetaGraphDef } from '../framework/meta_graph';
import { Graph, GraphKeys, Operation, Output, getDefaultGraph } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { group } from '../ops/control_flow_ops';
import { tablesInitializer } from '../ops/lookup_ops';
import {
  globalVariables, globalVariablesInitializer, localVariablesInitializer, reportUninitializedVariables,
} from '../ops/variables';
import { MetaGraphDef, NodeDefSchema, SessionLog_SessionStatus, toTextFormat } from '../proto';
import { mergeAll } from '../summary/summary_ops';
import { FileWriter, SummaryInput } from '../summary/writer/writer';
import { formatG } from './basic_session_run_hooks';
import { CoordinatedThread, Coordinator, LooperThread } from './coordinator';
import { USE_DEFAULT } from './monitored_session';
import type { QueueRunner } from './queue_runner';
import { Saver } from './saver';
import { InitFn, SessionManager } from './session_manager';
import { GlobalStep, globalStep as readGlobalStep, writeGraph } from './training_util';
import { logger } from './tf_logging';

const logging = logger('supervisor');

/** A piece left to the Supervisor (`USE_DEFAULT`, or the option omitted), given, or none (null). */
type Defaultable<T> = T | null | typeof USE_DEFAULT;

export interface SupervisorOptions {
  /** The graph of the model (default: the default graph). The Supervisor finalizes it. */
  graph?: Graph | null;
  /** Reports the uninitialized variables (default: `report_uninitialized_variables()`). */
  readyOp?: Defaultable<Output>;
  /** Checked before the local init op (default: the collection's, else none). */
  readyForLocalInitOp?: Defaultable<Output>;
  /** A chief initialises, restores, saves and writes events; other tasks wait for it. */
  isChief?: boolean;
  /** Initialises the model when no checkpoint restores it (default: `global_variables_initializer()`). */
  initOp?: Defaultable<Operation>;
  initFeedDict?: FeedDict | null;
  /** Run by every new session (default: local variables' and tables' initializers, grouped). */
  localInitOp?: Defaultable<Operation>;
  /** Where the chief writes checkpoints, events and graph.pbtxt, and restores from. */
  logdir?: string | null;
  /** The summaries the summary service computes (default: `summary.merge_all()`). */
  summaryOp?: Defaultable<Output>;
  /** Saves and restores the model (default: a `Saver()` when the graph has global variables). */
  saver?: Defaultable<Saver>;
  /** The step of summaries and checkpoint names (default: the collection's, else `global_step:0`). */
  globalStep?: Defaultable<GlobalStep>;
  /** Seconds between summaries (and steps/sec); 0 disables them. Default 120. */
  saveSummariesSecs?: number;
  /** Seconds between checkpoints; 0 disables them. Default 600. */
  saveModelSecs?: number;
  /** Seconds between readiness checks while waiting for the chief. Default 30. */
  recoveryWaitSecs?: number;
  /** TF1's `stop_grace_secs`: seconds the services get to end on `stop()`. Default 120. */
  stopGraceSecs?: number;
  /** The same as `stopGraceSecs`, under the name the rest of this package uses. */
  stopGracePeriodSecs?: number;
  checkpointBasename?: string;
  /** Makes the sessions (default: one built from the pieces above). */
  sessionManager?: SessionManager | null;
  /** Where events go (default: a FileWriter on `logdir`); null writes none. */
  summaryWriter?: Defaultable<FileWriter>;
  /** Called as `initFn(session)` after the init op, when nothing was restored. */
  initFn?: InitFn | null;
  /** Serialized RunOptions for the local init op's run. */
  localInitRunOptions?: Uint8Array | null;
}

export interface PrepareOrWaitForSessionOptions {
  /** Serialized ConfigProto of the session. */
  config?: SessionConfig | null;
  /** On the chief, wait for a checkpoint in `logdir` to restore. */
  waitForCheckpoint?: boolean;
  /** Default 7200. */
  maxWaitSecs?: number;
  /** Start the standard services (on the chief) and the queue runners. Default true. */
  startStandardServices?: boolean;
}

export interface ManagedSessionOptions {
  config?: SessionConfig | null;
  /** Default true. */
  startStandardServices?: boolean;
  /** Default true. */
  closeSummaryWriter?: boolean;
}

export interface SupervisorStopOptions {
  /** Threads to join besides the services, queue runners and loops the coordinator knows. */
  threads?: CoordinatedThread[];
  /** Write a STOP session log and close the summary writer. Default true. */
  closeSummaryWriter?: boolean;
  /** Log the threads still running after the grace period instead of raising. */
  ignoreLiveThreads?: boolean;
}

const isDefault = (x: unknown): x is undefined | typeof USE_DEFAULT => x === undefined || x === USE_DEFAULT;

/** The first item of collection `key` of `graph`, or null (`_get_first_op_from_collection`). */
function firstFromCollection<T>(graph: Graph, key: string): T | null {
  const items = graph.getCollection<T>(key);
  if (items.length > 1) logging.info(`Found ${items.length} ${key} operations. Returning the first one.`);
  return items[0] ?? null;
}

/** The first item of collection `key`, else `make()`'s result, added to it (unless null). */
function fromCollectionOrMake<T>(graph: Graph, key: string, make: () => T | null): T | null {
  const found = firstFromCollection<T>(graph, key);
  if (found !== null) return found;
  const made = make();
  if (made !== null) graph.addToCollection(key, made);
  return made;
}

/** `_default_global_step_tensor`: `global_step:0` when it is an integer tensor. */
function defaultGlobalStepTensor(graph: Graph): Output | null {
  const op = graph.findOperation('global_step');
  if (!op || op.numOutputs < 1) return null;
  const gs = op.output(0);
  if (baseDType(gs.dtype) === DType.int32 || baseDType(gs.dtype) === DType.int64) return gs;
  logging.warning(`Found 'global_step' is not an int type: <dtype: '${dtypeName(gs.dtype)}'>`);
  return null;
}

/**
 * Python's `str(op)`: its NodeDef as Python's protobuf (upb) prints it. That is the text format
 * but for the order of map entries, which upb sorts by bytes descending, a prefix first.
 */
function nodeDefString(op: Operation): string {
  const nd = fromBinary(NodeDefSchema, op.toNodeDef());
  const text = (fields: MessageInitShape<typeof NodeDefSchema>) =>
    toTextFormat(NodeDefSchema, create(NodeDefSchema, fields));
  const keys = Object.keys(nd.attr).sort((a, b) => {
    const n = Math.min(a.length, b.length);
    const [x, y] = [a.slice(0, n), b.slice(0, n)];
    return x === y ? a.length - b.length : x < y ? 1 : -1;
  });
  return text({ name: nd.name, op: nd.op, input: nd.input, device: nd.device }) +
    keys.map((k) => text({ attr: { [k]: nd.attr[k] } })).join('') +
    text({ experimentalDebugInfo: nd.experimentalDebugInfo, experimentalType: nd.experimentalType });
}

/** What `summaryComputed` takes: a summary op's result as `run` gives it, or a FileWriter's input. */
export type ComputedSummary = Tensor | SummaryInput;

export class Supervisor {
  /** Marks an option left to the Supervisor's default, as omitting it does (`Supervisor.USE_DEFAULT`). */
  static readonly USE_DEFAULT: typeof USE_DEFAULT = USE_DEFAULT;

  readonly isChief: boolean;
  readonly sessionManager: SessionManager;
  /** The coordinator of the services, queue runners and loops; `stop()` joins them. */
  readonly coord: Coordinator;
  readonly initOp: Operation | null;
  readonly initFeedDict: FeedDict | null;
  readonly readyOp: Output | null;
  readonly readyForLocalInitOp: Output | null;
  /** The chief's writer (null on other tasks, or without a logdir). */
  readonly summaryWriter: FileWriter | null;
  readonly summaryOp: Output | null;
  /** Seconds between summaries on the chief (null on other tasks). */
  readonly saveSummariesSecs: number | null;
  readonly globalStep: GlobalStep | null;
  readonly saver: Saver | null;
  /** Seconds between checkpoints on the chief (null on other tasks). */
  readonly saveModelSecs: number | null;
  /** `<logdir>/<checkpointBasename>` on a chief with a logdir, else null. */
  readonly savePath: string | null;
  private readonly graph: Graph;
  private readonly localInitOp: Operation | null;
  private readonly metaGraphDef: MetaGraphDef;
  private readonly stopGraceSecs: number;
  private readonly initFn: InitFn | null;
  private readonly logdir: string | null;
  private graphAddedToSummary = false;

  constructor(options: SupervisorOptions = {}) {
    const graph = options.graph ?? getDefaultGraph();
    this.graph = graph;
    // Built in the graph so that the default-graph helpers (initializers, report op) target it.
    [this.readyOp, this.readyForLocalInitOp, this.initOp, this.localInitOp, this.saver, this.summaryOp,
      this.globalStep] = graph.asDefault(() => [
      isDefault(options.readyOp)
        ? fromCollectionOrMake(graph, GraphKeys.READY_OP, () => reportUninitializedVariables())
        : options.readyOp,
      // No default op, for backward compatibility.
      isDefault(options.readyForLocalInitOp)
        ? firstFromCollection<Output>(graph, GraphKeys.READY_FOR_LOCAL_INIT_OP)
        : options.readyForLocalInitOp,
      isDefault(options.initOp)
        ? fromCollectionOrMake(graph, GraphKeys.INIT_OP, () => globalVariablesInitializer(graph))
        : options.initOp,
      isDefault(options.localInitOp)
        ? fromCollectionOrMake(graph, GraphKeys.LOCAL_INIT_OP, () => group([localVariablesInitializer(graph),
          tablesInitializer(undefined, graph)]))
        : options.localInitOp,
      isDefault(options.saver)
        ? fromCollectionOrMake(graph, GraphKeys.SAVERS,
          () => (globalVariables(undefined, graph).length > 0 ? new Saver({ graph }) : null))
        : options.saver,
      isDefault(options.summaryOp)
        ? fromCollectionOrMake(graph, GraphKeys.SUMMARY_OP, () => mergeAll(undefined, { graph }))
        : options.summaryOp,
      isDefault(options.globalStep)
        ? fromCollectionOrMake<GlobalStep>(graph, GraphKeys.GLOBAL_STEP, () => defaultGlobalStepTensor(graph))
        : options.globalStep,
    ] as const);
    // As TF1, whose create_meta_graph_def here is given no graph: the collections are the default graph's.
    this.metaGraphDef = createMetaGraphDef(getDefaultGraph(), {
      graphDef: graph.toGraphDef({ addShapes: true }), saverDef: this.saver?.asSaverDef() ?? null,
    });
    this.isChief = options.isChief ?? true;
    this.coord = new Coordinator();
    this.stopGraceSecs = options.stopGraceSecs ?? options.stopGracePeriodSecs ?? 120;
    this.initFn = options.initFn ?? null;
    this.initFeedDict = options.initFeedDict ?? null;
    // Only a chief writes checkpoints and events.
    const logdir = this.isChief ? options.logdir ?? null : null;
    this.logdir = logdir;
    this.saveSummariesSecs = this.isChief ? options.saveSummariesSecs ?? 120 : null;
    this.saveModelSecs = this.isChief ? options.saveModelSecs ?? 600 : null;
    this.savePath = logdir ? path.join(logdir, options.checkpointBasename ?? 'model.ckpt') : null;
    if (!this.isChief) this.summaryWriter = null;
    else if (isDefault(options.summaryWriter)) this.summaryWriter = logdir ? new FileWriter(logdir) : null;
    else this.summaryWriter = options.summaryWriter;
    this.sessionManager = options.sessionManager ?? new SessionManager({
      localInitOp: this.localInitOp, readyOp: this.readyOp, readyForLocalInitOp: this.readyForLocalInitOp,
      graph, recoveryWaitSecs: options.recoveryWaitSecs ?? 30, localInitRunOptions: options.localInitRunOptions,
    });
    this.verifySetup();
    graph.finalize();
  }

  /** Replicas share the variables through their devices: a non-chief needs each one placed. */
  private verifySetup(): void {
    if (this.isChief) return;
    for (const op of this.graph.operations()) {
      if ((op.type === 'Variable' || op.type === 'VariableV2') && !op.device) {
        throw new ValueError(`When using replicas, all Variables must have their device set: ${nodeDefString(op)}`);
      }
    }
  }

  /** `graph.pbtxt` in the logdir; the graph and MetaGraphDef in the event file, once per writer. */
  private writeGraph(): void {
    if (this.logdir) writeGraph(this.graph.toGraphDef({ addShapes: true }), this.logdir, 'graph.pbtxt');
    if (this.summaryWriter && !this.graphAddedToSummary) {
      this.summaryWriter.addGraph(this.graph);
      this.summaryWriter.addMetaGraph(this.metaGraphDef);
      this.graphAddedToSummary = true;
    }
  }

  /**
   * Starts the summary, steps/sec and checkpoint services on `sess`, after a START session log at
   * the current step; each runs at once, then every `saveSummariesSecs` / `saveModelSecs`.
   * Null (and a warning) without a logdir.
   */
  async startStandardServices(sess: Session): Promise<LooperThread[] | null> {
    if (!this.isChief) {
      throw new RuntimeError('Only chief supervisor can start standard services. Because only chief supervisors ' +
        'can write events.');
    }
    if (!this.logdir) {
      logging.warning("Standard services need a 'logdir' passed to the SessionManager");
      return null;
    }
    if (this.globalStep !== null && this.summaryWriter) {
      // The START log needs a step: TensorBoard purges the events after it from an earlier run.
      const currentStep = await readGlobalStep(sess, this.globalStep);
      this.summaryWriter.addSessionLog({ status: SessionLog_SessionStatus.START }, currentStep);
    }
    const threads: LooperThread[] = [];
    if (this.saveSummariesSecs && this.summaryWriter) {
      if (this.summaryOp !== null) threads.push(new SVSummaryThread(this, sess));
      if (this.globalStep !== null) threads.push(new SVStepCounterThread(this, sess));
    }
    if (this.saver && this.saveModelSecs) threads.push(new SVTimerCheckpointThread(this, sess));
    for (const t of threads) t.start();
    return threads;
  }

  /**
   * A ready session: on the chief, restored from the logdir's latest checkpoint or initialised,
   * then the graph written and the standard services started; elsewhere, a session once the
   * chief has made the model ready. Then the queue runners.
   */
  async prepareOrWaitForSession(master = '', options: PrepareOrWaitForSessionOptions = {}): Promise<Session> {
    const startStandardServices = options.startStandardServices ?? true;
    // A new session after stop(): the services it starts must run again.
    this.coord.clearStop();
    this.summaryWriter?.reopen();
    let sess: Session;
    if (this.isChief) {
      sess = await this.sessionManager.prepareSession(master, {
        initOp: this.initOp, saver: this.saver, checkpointDir: this.logdir,
        waitForCheckpoint: options.waitForCheckpoint ?? false, maxWaitSecs: options.maxWaitSecs ?? 7200,
        config: options.config, initFeedDict: this.initFeedDict, initFn: this.initFn,
      });
      this.writeGraph();
      if (startStandardServices) {
        logging.info('Starting standard services.');
        await this.startStandardServices(sess);
      }
    } else {
      sess = await this.sessionManager.waitForSession(master, options.config ?? null, options.maxWaitSecs ?? 7200);
    }
    if (startStandardServices) {
      logging.info('Starting queue runners.');
      this.startQueueRunners(sess);
    }
    return sess;
  }

  /** Starts the loops of `queueRunners` (default: the graph's `queue_runners`) under the coordinator. */
  startQueueRunners(sess: Session, queueRunners?: QueueRunner[] | null): CoordinatedThread[] {
    const runners = queueRunners ?? this.graph.getCollection<QueueRunner>(GraphKeys.QUEUE_RUNNERS);
    return runners.flatMap((qr) => qr.createThreads(sess, { coord: this.coord, daemon: true, start: true }));
  }

  /** Starts a LooperThread calling `target(...args, kwargs?)` every `timerIntervalSecs`; `stop()` joins it. */
  loop(timerIntervalSecs: number | null, target: (...args: any[]) => unknown, args?: unknown[] | null,
    kwargs?: Record<string, unknown> | null): LooperThread {
    return LooperThread.loop(this.coord, timerIntervalSecs, target, args, kwargs);
  }

  /**
   * Requests a stop and joins the coordinator's threads (raising the first error reported to it),
   * then writes a STOP session log and closes the summary writer. The session stays open.
   */
  async stop(options: SupervisorStopOptions = {}): Promise<void> {
    this.coord.requestStop();
    try {
      await this.coord.join(options.threads ?? [], {
        stopGracePeriodSecs: this.stopGraceSecs, ignoreLiveThreads: options.ignoreLiveThreads ?? false,
      });
    } finally {
      // Closed last: a service may still have been writing. No step: the session may be gone.
      if ((options.closeSummaryWriter ?? true) && this.summaryWriter) {
        this.summaryWriter.addSessionLog({ status: SessionLog_SessionStatus.STOP });
        await this.summaryWriter.close();
        this.graphAddedToSummary = false;
      }
    }
  }

  /** Asks the threads to stop; the first error passed is raised again by `stop()`. */
  requestStop(ex?: unknown): void {
    this.coord.requestStop(ex);
  }

  shouldStop(): boolean {
    return this.coord.shouldStop();
  }

  /** Runs `fn`, reporting an error it throws to the coordinator instead (`stop_on_exception`). */
  stopOnException<T>(fn: () => T | Promise<T>): Promise<T | undefined> {
    return this.coord.stopOnException(fn);
  }

  /** Resolves once a stop is requested. */
  async waitForStop(): Promise<void> {
    await this.coord.waitForStop();
  }

  /**
   * Writes a summary computed by the caller (a summary op's result) at `globalStep`, by default
   * the current global step.
   */
  async summaryComputed(sess: Session, summary: ComputedSummary, globalStep?: number | bigint | null): Promise<void> {
    if (!this.summaryWriter) throw new RuntimeError('Writing a summary requires a summary writer.');
    let step = globalStep ?? undefined;
    if (step === undefined && this.globalStep !== null) step = await readGlobalStep(sess, this.globalStep);
    this.summaryWriter.addSummary(summary instanceof Tensor ? summary.item() as Uint8Array : summary, step);
  }

  /**
   * TF1's `with sv.managed_session(master) as sess:` block: runs `body` on a prepared session with
   * the standard services running, then stops them and closes the session. An OutOfRangeError
   * (the end of the input) ends the block cleanly; any other error stops the coordinator and is
   * raised again once the services have stopped. Resolves to the body's value.
   */
  managedSession<T>(body: (sess: Session) => T | Promise<T>): Promise<T | undefined>;
  managedSession<T>(master: string, body: (sess: Session) => T | Promise<T>): Promise<T | undefined>;
  managedSession<T>(master: string, options: ManagedSessionOptions, body: (sess: Session) => T | Promise<T>):
    Promise<T | undefined>;
  async managedSession<T>(...args: unknown[]): Promise<T | undefined> {
    const body = args.pop() as (sess: Session) => T | Promise<T>;
    const [master = '', options = {}] = args as [string?, ManagedSessionOptions?];
    let sess: Session | undefined;
    let result: T | undefined;
    try {
      sess = await this.prepareOrWaitForSession(master, {
        config: options.config, startStandardServices: options.startStandardServices,
      });
      result = await body(sess);
    } catch (e) {
      this.requestStop(e);
    } finally {
      try {
        // Raises what was reported; enqueues blocked past the grace period end with the session.
        await this.stop({ closeSummaryWriter: options.closeSummaryWriter });
      } finally {
        // As TF1, errors of closing are dropped.
        await sess?.close().catch(() => undefined);
      }
    }
    return result;
  }
}

/** `SVSummaryThread`: runs the summary op (with the global step) on a timer and writes it. */
export class SVSummaryThread extends LooperThread {
  constructor(private readonly sv: Supervisor, private readonly sess: Session) {
    super(sv.coord, sv.saveSummariesSecs);
  }

  override async runLoop(): Promise<void> {
    const { summaryOp, globalStep, summaryWriter } = this.sv;
    let summary: Tensor;
    let step: number | undefined;
    if (globalStep !== null) {
      const [s, gs] = await this.sess.run([summaryOp!, globalStep]) as [Tensor, Tensor];
      summary = s;
      step = Number(gs.item());
    } else {
      summary = await this.sess.run(summaryOp!) as Tensor;
    }
    if (summaryWriter) {
      logging.info(`Recording summary at step ${step ?? 'None'}.`);
      summaryWriter.addSummary(summary.item() as Uint8Array, step);
    }
  }
}

// `log_first_n(INFO, ..., 10)`: the first steps/sec values only.
let stepRatesLogged = 0;

/** `SVStepCounterThread`: writes the steps per second (`<global step op>/sec`) on a timer. */
export class SVStepCounterThread extends LooperThread {
  private readonly stepCounter: GlobalStep;
  private readonly summaryTag: string;
  private lastTime = 0;
  private lastStep = 0;

  constructor(private readonly sv: Supervisor, private readonly sess: Session, stepCounter?: GlobalStep | null) {
    super(sv.coord, sv.saveSummariesSecs);
    this.stepCounter = stepCounter ?? sv.globalStep!;
    this.summaryTag = `${this.stepCounter.op.name}/sec`;
  }

  override async startLoop(): Promise<void> {
    this.lastTime = performance.now() / 1000;
    this.lastStep = await readGlobalStep(this.sess, this.stepCounter);
  }

  override async runLoop(): Promise<void> {
    const currentStep = await readGlobalStep(this.sess, this.stepCounter);
    const addedSteps = currentStep - this.lastStep;
    this.lastStep = currentStep;
    const currentTime = performance.now() / 1000;
    const elapsedTime = currentTime - this.lastTime;
    this.lastTime = currentTime;
    const stepsPerSec = elapsedTime > 0 ? addedSteps / elapsedTime : Infinity;
    this.sv.summaryWriter?.addSummary({
      value: [{ tag: this.summaryTag, value: { case: 'simpleValue', value: stepsPerSec } }],
    }, currentStep);
    if (stepRatesLogged < 10) {
      stepRatesLogged++;
      logging.info(`${this.summaryTag}: ${formatG(stepsPerSec)}`);
    }
  }
}

/** `SVTimerCheckpointThread`: saves a checkpoint on a timer, with a CHECKPOINT session log. */
export class SVTimerCheckpointThread extends LooperThread {
  constructor(private readonly sv: Supervisor, private readonly sess: Session) {
    super(sv.coord, sv.saveModelSecs);
  }

  override async runLoop(): Promise<void> {
    const { saver, savePath, globalStep, summaryWriter } = this.sv;
    logging.info(`Saving checkpoint to path ${savePath}`);
    await saver!.save(this.sess, savePath!, { globalStep });
    if (summaryWriter && globalStep !== null) {
      const currentStep = await readGlobalStep(this.sess, globalStep);
      summaryWriter.addSessionLog({ status: SessionLog_SessionStatus.CHECKPOINT, checkpointPath: savePath! },
        currentStep);
    }
  }
}
