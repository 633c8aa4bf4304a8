/**
 * TF1's built-in hooks (`basic_session_run_hooks.py`) with their arguments, validation
 * messages, schedules, log lines and event files.
 */
import { create, fromBinary } from '@bufbuild/protobuf';
import * as fs from 'fs';
import * as path from 'path';
import { FeedDict, Fetches, Session } from '../client/session';
import { OutOfRangeError, RuntimeError, ValueError } from '../errors';
import { Graph, Operation, Output, getDefaultGraph } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { RunMetadataSchema, RunOptionsSchema, RunOptions_TraceLevel, SessionLog_SessionStatus } from '../proto';
import { FileWriter } from '../summary/writer/writer';
import { FileWriterCache } from '../summary/writer/writer_cache';
import { getGlobalStep, getOrCreateGlobalStepRead, writeGraph } from './training_util';
import type { Scaffold } from './monitored_session';
import { createMetaGraphDef } from '../framework/meta_graph';
import type { Saver } from './saver';
import {
  MaybePromise, READ_AFTER_RUN, ReadsAfterRun, SessionRunArgs, SessionRunContext, SessionRunHook, SessionRunValues,
  isPromise,
} from './session_run_hook';
import { runUntyped } from './graph_helpers';
import { chromeTraceFromStepStats } from './timeline';
import { logger } from './tf_logging';
import { numpyStr } from '../util/python_repr';
import type { Coordinator } from './coordinator';

const logging = logger('basic_session_run_hooks');

// ------------------------------------------------------------------------------------ timers

/** Wall-clock seconds, as Python's `time.time()`. */
const now = () => Date.now() / 1000;

/** A timer that triggers every N seconds or every N steps (`SecondOrStepTimer`). */
export class SecondOrStepTimer {
  private lastTriggeredStepValue: number | null = null;
  private lastTriggeredTime: number | null = null;
  private readonly everySecs: number | null;
  private readonly everySteps: number | null;

  constructor(options: { everySecs?: number | null; everySteps?: number | null } = {}) {
    this.everySecs = options.everySecs ?? null;
    this.everySteps = options.everySteps ?? null;
    if (this.everySecs === null && this.everySteps === null) {
      throw new ValueError('Either every_secs or every_steps should be provided.');
    }
    if (this.everySecs !== null && this.everySteps !== null) {
      throw new ValueError('Can not provide both every_secs and every_steps.');
    }
  }

  reset(): void {
    this.lastTriggeredStepValue = null;
    this.lastTriggeredTime = null;
  }

  /** Whether `step` is due: the first step, then N secs or N steps after the last trigger. */
  shouldTriggerForStep(step: number): boolean {
    if (this.lastTriggeredStepValue === null) return true;
    if (step === this.lastTriggeredStepValue) return false;
    if (this.everySecs !== null && now() >= this.lastTriggeredTime! + this.everySecs) return true;
    if (this.everySteps !== null && step >= this.lastTriggeredStepValue + this.everySteps) return true;
    return false;
  }

  /** Records a trigger at `step`; returns [elapsed secs, elapsed steps] since the last, or [null, null]. */
  updateLastTriggeredStep(step: number): [number | null, number | null] {
    const t = now();
    let elapsed: [number | null, number | null] = [null, null];
    if (this.lastTriggeredTime !== null) elapsed = [t - this.lastTriggeredTime, step - this.lastTriggeredStepValue!];
    this.lastTriggeredTime = t;
    this.lastTriggeredStepValue = step;
    return elapsed;
  }

  lastTriggeredStep(): number | null {
    return this.lastTriggeredStepValue;
  }
}

/** A timer that never triggers (`NeverTriggerTimer`). */
export class NeverTriggerTimer {
  reset(): void {}

  shouldTriggerForStep(_step: number): boolean {
    return false;
  }

  updateLastTriggeredStep(_step: number): [null, null] {
    return [null, null];
  }

  lastTriggeredStep(): null {
    return null;
  }
}

// ------------------------------------------------------------------------------------ global step

function requireGlobalStepRead(hookName: string): Output {
  const t = getOrCreateGlobalStepRead();
  if (!t) throw new RuntimeError(`Global step should be created to use ${hookName}.`);
  return t;
}

/** An int64 scalar result as a JS number. */
function int(x: unknown): number {
  return Number((x as Tensor).item());
}

/**
 * The global step after the run ("actual gs"), read with a separate run and handed to `then`.
 * The read runs as `session.run` does, but one that finished within its short wait comes back at
 * once and `then` runs synchronously: hooks that read it after every step cost no promise a step.
 */
function withActualGlobalStep<T>(session: Session, read: Output, then: (globalStep: number) => T): MaybePromise<Awaited<T>> {
  const r = session.start(read, null, {});
  return (isPromise(r) ? r.then((t) => then(int(t))) : then(int(r))) as MaybePromise<Awaited<T>>;
}

function actualGlobalStep(session: Session, read: Output): MaybePromise<number> {
  return withActualGlobalStep(session, read, (globalStep) => globalStep);
}

// ------------------------------------------------------------------------------------ formatting

/** Python's `%g`. */
export function formatG(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [m, e] = x.toExponential(5).split('e');
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const s = x.toFixed(Math.max(0, 5 - exp));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

// ------------------------------------------------------------------------------------ hooks

/** A graph element given by object or name, resolved as `_as_graph_element`. */
function asGraphElement(obj: unknown): Output | Operation {
  const graph = getDefaultGraph();
  if (typeof obj !== 'string') {
    const g = (obj as { graph?: Graph }).graph;
    if (g !== undefined && g !== graph) {
      throw new ValueError(`Passed ${String(obj)} should have graph attribute that is equal to current graph ${String(graph)}.`);
    }
    return graph.asGraphElement(obj as Output);
  }
  if (obj.includes(':')) return graph.asGraphElement(obj);
  const el = graph.asGraphElement(`${obj}:0`);
  let ambiguous = false;
  try {
    graph.asGraphElement(`${obj}:1`);
    ambiguous = true;
  } catch { /* a single output */ }
  if (ambiguous) {
    throw new ValueError(`Name ${obj} is ambiguous, as this \`Operation\` has multiple outputs (at least 2).`);
  }
  return el;
}

type TensorRef = Output | Operation | string | { asGraphElement(): Output | Operation };

export interface LoggingTensorHookOptions {
  everyNIter?: number | null;
  everyNSecs?: number | null;
  atEnd?: boolean;
  /** Makes the log line from `{tag: value}` instead of `tag = value, ...`. */
  formatter?: ((values: Record<string, Tensor>) => string) | null;
}

/** Logs the values of tensors every N local steps, N seconds, or at the end (`LoggingTensorHook`). */
export class LoggingTensorHook extends SessionRunHook {
  private readonly tagOrder: string[];
  private readonly tensorsSpec: Record<string, TensorRef>;
  private tensors: Record<string, Output | Operation> = {};
  private readonly timer: SecondOrStepTimer | NeverTriggerTimer;
  private readonly logAtEnd: boolean;
  private readonly formatter: LoggingTensorHookOptions['formatter'];
  private iterCount = 0;
  private shouldTrigger = false;

  constructor(tensors: Record<string, TensorRef> | TensorRef[], options: LoggingTensorHookOptions = {}) {
    super();
    const everyNIter = options.everyNIter ?? null;
    const everyNSecs = options.everyNSecs ?? null;
    const atEnd = options.atEnd ?? false;
    const onlyLogAtEnd = atEnd && everyNIter === null && everyNSecs === null;
    if (!onlyLogAtEnd && (everyNIter === null) === (everyNSecs === null)) {
      throw new ValueError('either at_end and/or exactly one of every_n_iter and every_n_secs must be provided.');
    }
    if (everyNIter !== null && everyNIter <= 0) throw new ValueError(`invalid every_n_iter=${everyNIter}.`);
    if (Array.isArray(tensors)) {
      const tags = tensors.map((t) => (typeof t === 'string' ? t : (t as { name: string }).name));
      this.tagOrder = tags;
      this.tensorsSpec = Object.fromEntries(tags.map((tag, i) => [tag, tensors[i]]));
    } else {
      this.tagOrder = Object.keys(tensors).sort();
      this.tensorsSpec = tensors;
    }
    this.timer = onlyLogAtEnd ? new NeverTriggerTimer() : new SecondOrStepTimer({ everySecs: everyNSecs, everySteps: everyNIter });
    this.logAtEnd = atEnd;
    this.formatter = options.formatter ?? null;
  }

  override begin(): void {
    this.timer.reset();
    this.iterCount = 0;
    this.tensors = Object.fromEntries(Object.entries(this.tensorsSpec).map(([tag, t]) => [tag, asGraphElement(t)]));
  }

  override beforeRun(): SessionRunArgs | null {
    this.shouldTrigger = this.timer.shouldTriggerForStep(this.iterCount);
    return this.shouldTrigger ? new SessionRunArgs(this.tensors as Fetches) : null;
  }

  private logTensors(values: Record<string, Tensor>): void {
    const [elapsed] = this.timer.updateLastTriggeredStep(this.iterCount);
    if (this.formatter) {
      logging.info(this.formatter(values));
      return;
    }
    const line = this.tagOrder.map((tag) => `${tag} = ${values[tag] === null ? 'None' : numpyStr(values[tag])}`).join(', ');
    logging.info(elapsed !== null ? `${line} (${elapsed.toFixed(3)} sec)` : line);
  }

  override afterRun(_ctx: SessionRunContext, runValues: SessionRunValues): void {
    if (this.shouldTrigger) this.logTensors(runValues.results);
    this.iterCount += 1;
  }

  override async end(session: Session | null): Promise<void> {
    if (this.logAtEnd) this.logTensors(await runUntyped(session!, this.tensors as Fetches) as Record<string, Tensor>);
  }
}

/** Requests a stop at a given global step (`StopAtStepHook`). */
export class StopAtStepHook extends SessionRunHook {
  private readonly numSteps: number | null;
  private lastStep: number | null;
  private read!: Output;
  // The same every step (SessionRunArgs are immutable): no allocation per step.
  private readArgs!: SessionRunArgs;

  constructor(options: { numSteps?: number | null; lastStep?: number | null } = {}) {
    super();
    const numSteps = options.numSteps ?? null;
    const lastStep = options.lastStep ?? null;
    if (numSteps === null && lastStep === null) throw new ValueError('One of num_steps or last_step must be specified.');
    if (numSteps !== null && lastStep !== null) throw new ValueError('Only one of num_steps or last_step can be specified.');
    this.numSteps = numSteps;
    this.lastStep = lastStep;
  }

  override begin(): void {
    this.read = requireGlobalStepRead('StopAtStepHook');
    this.readArgs = new SessionRunArgs(this.read);
  }

  override async afterCreateSession(session: Session): Promise<void> {
    // Fixed once per hook object: a re-created session does not move it.
    if (this.lastStep === null) this.lastStep = await actualGlobalStep(session, this.read) + this.numSteps!;
  }

  override beforeRun(): SessionRunArgs {
    return this.readArgs;
  }

  override afterRun(ctx: SessionRunContext, values: SessionRunValues): MaybePromise<void> {
    if (int(values.results) + 1 < this.lastStep!) return;
    return withActualGlobalStep(ctx.session, this.read, (globalStep) => {
      if (globalStep >= this.lastStep!) ctx.requestStop();
    });
  }
}

/** Called around the saves of a CheckpointSaverHook (`CheckpointSaverListener`). */
export class CheckpointSaverListener {
  begin(): MaybePromise<void> {}

  beforeSave(_session: Session, _globalStepValue: number): MaybePromise<void> {}

  /** Returning true asks to stop training. */
  afterSave(_session: Session, _globalStepValue: number): MaybePromise<boolean | void> {}

  end(_session: Session, _globalStepValue: number): MaybePromise<void> {}
}

export interface CheckpointSaverHookOptions {
  saveSecs?: number | null;
  saveSteps?: number | null;
  saver?: Saver | null;
  checkpointBasename?: string;
  scaffold?: Scaffold | null;
  listeners?: CheckpointSaverListener[] | null;
  saveGraphDef?: boolean;
}

/** Saves checkpoints every N steps or seconds, at session creation and at the end (`CheckpointSaverHook`). */
export class CheckpointSaverHook extends SessionRunHook implements ReadsAfterRun {
  private readonly saver: Saver | null;
  private readonly checkpointDir: string;
  private readonly savePath: string;
  private readonly scaffold: Scaffold | null;
  private readonly timer: SecondOrStepTimer;
  private readonly listeners: CheckpointSaverListener[];
  private stepsPerRun = 1000000;
  private readonly saveGraphDef: boolean;
  private writer: FileWriter | null = null;
  private read!: Output;
  // The same every step (SessionRunArgs are immutable): no allocation per step.
  private readArgs!: SessionRunArgs;
  private cachedSaver: Saver | null = null;
  private lastStale: number | null = null;  // the last run's stale global step

  constructor(checkpointDir: string, options: CheckpointSaverHookOptions = {}) {
    super();
    logging.info('Create CheckpointSaverHook.');
    if (options.saver && options.scaffold) throw new ValueError('You cannot provide both saver and scaffold.');
    this.saver = options.saver ?? null;
    this.checkpointDir = checkpointDir;
    this.savePath = path.join(checkpointDir, options.checkpointBasename ?? 'model.ckpt');
    this.scaffold = options.scaffold ?? null;
    this.timer = new SecondOrStepTimer({ everySecs: options.saveSecs, everySteps: options.saveSteps });
    this.listeners = options.listeners ?? [];
    this.saveGraphDef = options.saveGraphDef ?? true;
  }

  /** @internal Estimator/TPU only: steps run per `session.run`. */
  setStepsPerRun(stepsPerRun: number): void {
    this.stepsPerRun = stepsPerRun;
  }

  override async begin(): Promise<void> {
    this.writer = FileWriterCache.get(this.checkpointDir);
    this.read = requireGlobalStepRead('CheckpointSaverHook');
    this.readArgs = new SessionRunArgs(this.read);
    for (const l of this.listeners) await l.begin();
  }

  override async afterCreateSession(session: Session, _coord: Coordinator): Promise<void> {
    const globalStep = await actualGlobalStep(session, this.read);
    const graph = getDefaultGraph();
    // As TF: graph.pbtxt and the MetaGraph carry `_output_shapes` (as_graph_def(add_shapes=True)).
    const graphDef = graph.toGraphDef({ addShapes: true });
    if (this.saveGraphDef) writeGraph(graphDef, this.checkpointDir, 'graph.pbtxt');
    const saverDef = this.getSaver()?.asSaverDef() ?? null;
    this.writer!.addGraph(graph);
    this.writer!.addMetaGraph(createMetaGraphDef(graph, { saverDef, graphDef }));
    // The stop request of the initial save is ignored, as in TF.
    await this.save(session, globalStep);
    this.timer.updateLastTriggeredStep(globalStep);
  }

  override beforeRun(): SessionRunArgs {
    return this.readArgs;
  }

  /** afterRun's read, unless the timer says no for the stale step it will likely see. */
  [READ_AFTER_RUN](): Output | null {
    return this.timer.shouldTriggerForStep((this.lastStale ?? 0) + 1 + this.stepsPerRun) ? this.read : null;
  }

  override afterRun(ctx: SessionRunContext, values: SessionRunValues): MaybePromise<void> {
    const stale = int(values.results);
    this.lastStale = stale;
    if (!this.timer.shouldTriggerForStep(stale + this.stepsPerRun)) return;
    return withActualGlobalStep(ctx.session, this.read, (globalStep) => {
      if (!this.timer.shouldTriggerForStep(globalStep)) return undefined;
      this.timer.updateLastTriggeredStep(globalStep);
      // Only a step that saves returns a promise: the others stay synchronous.
      return this.save(ctx.session, globalStep).then((stop) => {
        if (stop) ctx.requestStop();
      });
    });
  }

  override async end(session: Session): Promise<void> {
    const lastStep = await actualGlobalStep(session, this.read);
    if (lastStep !== this.timer.lastTriggeredStep()) await this.save(session, lastStep);
    for (const l of this.listeners) await l.end(session, lastStep);
  }

  /** Saves and tells the listeners; resolves to true if a listener asked to stop. */
  private async save(session: Session, step: number): Promise<boolean> {
    logging.info(`Calling checkpoint listeners before saving checkpoint ${step}...`);
    for (const l of this.listeners) await l.beforeSave(session, step);
    logging.info(`Saving checkpoints for ${step} into ${this.savePath}.`);
    await this.getSaver()!.save(session, this.savePath, { globalStep: step, writeMetaGraph: this.saveGraphDef });
    this.writer!.addSessionLog({ status: SessionLog_SessionStatus.CHECKPOINT, checkpointPath: this.savePath }, step);
    logging.info(`Calling checkpoint listeners after saving checkpoint ${step}...`);
    let shouldStop = false;
    for (const l of this.listeners) {
      if (await l.afterSave(session, step)) {
        logging.info(`A CheckpointSaverListener requested that training be stopped. listener: ${listenerRepr(l)}`);
        shouldStop = true;
      }
    }
    return shouldStop;
  }

  private getSaver(): Saver | null {
    if (this.saver) return this.saver;
    if (this.scaffold) return this.scaffold.saver;
    if (this.cachedSaver) return this.cachedSaver;
    const savers = getDefaultGraph().getCollection<Saver>('savers');
    if (savers.length === 0) {
      throw new RuntimeError('No items in collection savers. Please add a saver to the collection or provide a ' +
        'saver or scaffold.');
    }
    if (savers.length > 1) {
      throw new RuntimeError('More than one item in collection savers. Please indicate which one to use by passing ' +
        'it to the constructor.');
    }
    this.cachedSaver = savers[0];
    return this.cachedSaver;
  }
}

function listenerRepr(l: object): string {
  return `<${l.constructor.name} object>`;
}

export interface StepCounterHookOptions {
  everyNSteps?: number | null;
  everyNSecs?: number | null;
  outputDir?: string | null;
  summaryWriter?: FileWriter | null;
}

let notIncreasedWarnings = 0;

/** Logs and records global steps per second (`StepCounterHook`). */
export class StepCounterHook extends SessionRunHook implements ReadsAfterRun {
  private readonly timer: SecondOrStepTimer;
  private summaryWriter: FileWriter | null;
  private readonly outputDir: string | null;
  private lastGlobalStep: number | null = null;
  private readonly stepsPerRun = 1;
  private read!: Output;
  // The same every step (SessionRunArgs are immutable): no allocation per step.
  private readArgs!: SessionRunArgs;
  private summaryTag = '';

  constructor(options: StepCounterHookOptions = {}) {
    super();
    const everyNSteps = options.everyNSteps === undefined ? 100 : options.everyNSteps;
    const everyNSecs = options.everyNSecs ?? null;
    if ((everyNSteps === null) === (everyNSecs === null)) {
      throw new ValueError('exactly one of every_n_steps and every_n_secs should be provided.');
    }
    this.timer = new SecondOrStepTimer({ everySteps: everyNSteps, everySecs: everyNSecs });
    this.summaryWriter = options.summaryWriter ?? null;
    this.outputDir = options.outputDir ?? null;
  }

  override begin(): void {
    if (!this.summaryWriter && this.outputDir) this.summaryWriter = FileWriterCache.get(this.outputDir);
    this.read = requireGlobalStepRead('StepCounterHook');
    this.readArgs = new SessionRunArgs(this.read);
    this.summaryTag = `${getGlobalStep()!.op.name}/sec`;
  }

  override beforeRun(): SessionRunArgs {
    return this.readArgs;
  }

  /** afterRun's read, unless the timer says no for the stale step it will likely see. */
  [READ_AFTER_RUN](): Output | null {
    return this.timer.shouldTriggerForStep((this.lastGlobalStep ?? 0) + 1 + this.stepsPerRun) ? this.read : null;
  }

  override afterRun(ctx: SessionRunContext, values: SessionRunValues): MaybePromise<void> {
    const stale = int(values.results);
    if (!this.timer.shouldTriggerForStep(stale + this.stepsPerRun)) return this.checkIncreased(stale);
    return withActualGlobalStep(ctx.session, this.read, (globalStep) => {
      if (this.timer.shouldTriggerForStep(globalStep)) {
        const [elapsedTime, elapsedSteps] = this.timer.updateLastTriggeredStep(globalStep);
        if (elapsedTime !== null) this.recordSteps(globalStep, elapsedSteps! / elapsedTime);
      }
      this.checkIncreased(stale);
    });
  }

  /** Warns (a few times) when the global step did not move since the last run. */
  private checkIncreased(stale: number): void {
    if (stale === this.lastGlobalStep && notIncreasedWarnings < 5) {
      notIncreasedWarnings++;
      logging.warning('It seems that global step (tf.train.get_global_step) has not been increased. Current value ' +
        `(could be stable): ${stale} vs previous value: ${this.lastGlobalStep}. You could increase the global step ` +
        'by passing tf.train.get_global_step() to Optimizer.apply_gradients or Optimizer.minimize.');
    }
    this.lastGlobalStep = stale;
  }

  private recordSteps(globalStep: number, rate: number): void {
    this.summaryWriter?.addSummary({ value: [{ tag: this.summaryTag, value: { case: 'simpleValue', value: rate } }] }, globalStep);
    logging.info(`${this.summaryTag}: ${formatG(rate)}`);
  }
}

/** NaN loss monitored by NanTensorHook (`NanLossDuringTrainingError`). */
export class NanLossDuringTrainingError extends RuntimeError {
  override name = 'NanLossDuringTrainingError';

  constructor() {
    super('NaN loss during training.');
  }
}

/** Stops (or fails) when the loss is NaN (`NanTensorHook`). */
export class NanTensorHook extends SessionRunHook {
  constructor(private readonly lossTensor: TensorRef, private readonly failOnNanLoss = true) {
    super();
  }

  override beforeRun(): SessionRunArgs {
    return new SessionRunArgs(this.lossTensor as Fetches);
  }

  override afterRun(ctx: SessionRunContext, values: SessionRunValues): void {
    const r = values.results as Tensor;
    if (!Number.isNaN(Number(r.item()))) return;
    const msg = 'Model diverged with loss = NaN.';
    if (this.failOnNanLoss) {
      logging.error(msg);
      throw new NanLossDuringTrainingError();
    }
    logging.warning(msg);
    ctx.requestStop();
  }
}

export interface SummarySaverHookOptions {
  saveSteps?: number | null;
  saveSecs?: number | null;
  outputDir?: string | null;
  summaryWriter?: FileWriter | null;
  scaffold?: Scaffold | null;
  summaryOp?: Output | Output[] | null;
}

/** Writes summaries every N steps or seconds (`SummarySaverHook`). */
export class SummarySaverHook extends SessionRunHook implements ReadsAfterRun {
  private readonly summaryOp: Output | Output[] | null;
  private summaryWriter: FileWriter | null;
  private readonly outputDir: string | null;
  private readonly scaffold: Scaffold | null;
  private readonly timer: SecondOrStepTimer;
  private nextStep: number | null = null;
  private requestSummary = false;
  private read!: Output;
  // The request of steps without a summary, the same each time (SessionRunArgs are immutable).
  private stepArgs!: SessionRunArgs;

  constructor(options: SummarySaverHookOptions = {}) {
    super();
    if ((options.scaffold == null) === (options.summaryOp == null)) {
      throw new ValueError('Exactly one of scaffold or summary_op must be provided.');
    }
    this.summaryOp = options.summaryOp ?? null;
    this.summaryWriter = options.summaryWriter ?? null;
    this.outputDir = options.outputDir ?? null;
    this.scaffold = options.scaffold ?? null;
    this.timer = new SecondOrStepTimer({ everySecs: options.saveSecs, everySteps: options.saveSteps });
  }

  override begin(): void {
    if (!this.summaryWriter && this.outputDir) this.summaryWriter = FileWriterCache.get(this.outputDir);
    this.nextStep = null;
    this.read = requireGlobalStepRead('SummarySaverHook');
    this.stepArgs = new SessionRunArgs({ global_step: this.read });
  }

  private summaryOps(): Output[] | null {
    const op = this.summaryOp ?? this.scaffold?.summaryOp ?? null;
    if (op === null) return null;
    return Array.isArray(op) ? op : [op];
  }

  override beforeRun(): SessionRunArgs {
    this.requestSummary = this.nextStep === null || this.timer.shouldTriggerForStep(this.nextStep);
    const ops = this.requestSummary ? this.summaryOps() : null;
    return ops ? new SessionRunArgs({ global_step: this.read, summary: ops }) : this.stepArgs;
  }

  /** afterRun reads on the first step and the steps asking for summaries. */
  [READ_AFTER_RUN](): Output | null {
    return this.summaryWriter && (this.nextStep === null || this.requestSummary) ? this.read : null;
  }

  // Synchronous unless the global step read had to be waited for: a promise per step would cost
  // the loop an extra turn.
  override afterRun(ctx: SessionRunContext, values: SessionRunValues): MaybePromise<void> {
    const writer = this.summaryWriter;
    if (!writer) return;
    const stale = int(values.results.global_step);
    if (this.nextStep !== null && !this.requestSummary) {
      this.nextStep = stale + 2;
      return;
    }
    return withActualGlobalStep(ctx.session, this.read, (globalStep) => this.write(writer, values, globalStep));
  }

  private write(writer: FileWriter, values: SessionRunValues, globalStep: number): void {
    if (this.nextStep === null) writer.addSessionLog({ status: SessionLog_SessionStatus.START }, globalStep);
    if (this.requestSummary) {
      this.timer.updateLastTriggeredStep(globalStep);
      const summaries = values.results.summary as Tensor[] | undefined;
      for (const s of summaries ?? []) writer.addSummary((s.data as Uint8Array[])[0], globalStep);
    }
    this.nextStep = globalStep + 1;
  }

  override async end(): Promise<void> {
    if (this.summaryWriter) await this.summaryWriter.flush();
  }
}

/** Delays training until the global step reaches a value (`GlobalStepWaiterHook`). */
export class GlobalStepWaiterHook extends SessionRunHook {
  private workerIsStarted = false;
  private read!: Output;

  constructor(private readonly waitUntilStep: number) {
    super();
  }

  override begin(): void {
    this.workerIsStarted = false;
    this.read = requireGlobalStepRead('_GlobalStepWaiterHook');
  }

  override beforeRun(ctx: SessionRunContext): MaybePromise<null> {
    if (this.workerIsStarted) return null;
    if (this.waitUntilStep <= 0) {
      this.workerIsStarted = true;
      return null;
    }
    return this.waitForStep(ctx);
  }

  private async waitForStep(ctx: SessionRunContext): Promise<null> {
    logging.info(`Waiting for global step ${this.waitUntilStep} before starting training.`);
    let lastLoggedStep = 0;
    for (;;) {
      const current = await actualGlobalStep(ctx.session, this.read);
      if (current >= this.waitUntilStep) {
        this.workerIsStarted = true;
        return null;
      }
      if (current - lastLoggedStep > 1000) {
        logging.info(`Waiting for global step ${this.waitUntilStep} before starting training. Current step is ${current}.`);
        lastLoggedStep = current;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Runs ops once at the end of the session and keeps their values (`FinalOpsHook`). */
export class FinalOpsHook extends SessionRunHook {
  private values: unknown = null;

  constructor(private readonly finalOps: Fetches | null, private readonly finalOpsFeedDict: FeedDict | null = null) {
    super();
  }

  /** The values of the final ops, once the session has ended. */
  get finalOpsValues(): any {
    return this.values;
  }

  override async end(session: Session): Promise<void> {
    if (this.finalOps === null) return;
    try {
      this.values = await runUntyped(session, this.finalOps, this.finalOpsFeedDict);
    } catch (e) {
      if (e instanceof OutOfRangeError) {
        logging.warning('An OutOfRangeError or StopIteration exception is raised by the code in FinalOpsHook. This ' +
          'typically means the Ops running by the FinalOpsHook have a dependency back to some input source, which ' +
          'should not happen. For example, for metrics in tf.estimator.Estimator, all metrics functions return two ' +
          'Ops: `value_op` and  `update_op`. Estimator.evaluate calls the `update_op` for each batch of the data in ' +
          'input source and, once it is exhausted, it call the `value_op` to get the metric values. The `value_op` ' +
          'here should have dependency back to variables reading only, rather than reading another batch from input. ' +
          'Otherwise, the `value_op`, executed by `FinalOpsHook`, triggers another data reading, which ends ' +
          'OutOfRangeError/StopIteration. Please fix that.');
      }
      throw e;
    }
  }
}

/** Feeds the result of `feedFn()` into every run (`FeedFnHook`). */
export class FeedFnHook extends SessionRunHook {
  constructor(private readonly feedFn: () => FeedDict) {
    super();
  }

  override beforeRun(): SessionRunArgs {
    return new SessionRunArgs(null, this.feedFn());
  }
}

export interface ProfilerHookOptions {
  saveSteps?: number | null;
  saveSecs?: number | null;
  outputDir?: string;
  showDataflow?: boolean;
  showMemory?: boolean;
}

/** Writes a Chrome trace of a run every N steps or seconds (`ProfilerHook`). */
export class ProfilerHook extends SessionRunHook {
  private readonly outputFile: string;
  private readonly fileWriter: FileWriter;
  private readonly timer: SecondOrStepTimer;
  private readonly showDataflow: boolean;
  private readonly showMemory: boolean;
  private nextStep: number | null = null;
  private requestTrace = false;
  private read!: Output;

  constructor(options: ProfilerHookOptions = {}) {
    super();
    const outputDir = options.outputDir ?? '';
    this.showDataflow = options.showDataflow ?? true;
    this.showMemory = options.showMemory ?? false;
    this.outputFile = path.join(outputDir, 'timeline-{}.json');
    this.fileWriter = FileWriterCache.get(outputDir);
    this.timer = new SecondOrStepTimer({ everySecs: options.saveSecs, everySteps: options.saveSteps });
  }

  override begin(): void {
    this.nextStep = null;
    this.read = requireGlobalStepRead('ProfilerHook');
  }

  override beforeRun(): SessionRunArgs {
    this.requestTrace = this.nextStep !== null && this.timer.shouldTriggerForStep(this.nextStep);
    const opts = this.requestTrace ? create(RunOptionsSchema, { traceLevel: RunOptions_TraceLevel.FULL_TRACE }) : null;
    return new SessionRunArgs({ global_step: this.read }, null, opts);
  }

  override async afterRun(ctx: SessionRunContext, values: SessionRunValues): Promise<void> {
    const stale = int(values.results.global_step);
    if (this.nextStep === null) this.timer.updateLastTriggeredStep(stale);
    let globalStep = stale + 1;
    if (this.requestTrace) {
      globalStep = await actualGlobalStep(ctx.session, this.read);
      this.timer.updateLastTriggeredStep(globalStep);
      const file = this.outputFile.replace('{}', String(globalStep));
      logging.info(`Saving timeline for ${globalStep} into '${file}'.`);
      const bytes = values.runMetadata.serialized ?? new Uint8Array();
      const metadata = fromBinary(RunMetadataSchema, bytes);
      fs.writeFileSync(file, chromeTraceFromStepStats(metadata.stepStats,
        { showDataflow: this.showDataflow, showMemory: this.showMemory }));
      this.fileWriter.addRunMetadata(bytes, `step_${globalStep}`);
    }
    this.nextStep = globalStep + 1;
  }
}
