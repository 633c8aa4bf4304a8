/**
 * `tf.train.SessionManager` (`session_manager.py`): creates a session, restores it from a
 * checkpoint or runs the init op/fn, runs the local init op and checks readiness.
 */
import { FeedDict, Session, SessionConfig } from '../client/session';
import { DeadlineExceededError, FailedPreconditionError, RuntimeError, ValueError } from '../errors';
import { Graph, Operation, Output, getDefaultGraph } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { getCheckpointState } from './checkpoint_management';
import type { Saver } from './saver';
import { logger } from './tf_logging';

const logging = logger('session_manager');

/** The init function of a SessionManager/Scaffold: `initFn(session)`. */
export type InitFn = (session: Session) => unknown;

export interface SessionManagerOptions {
  localInitOp?: Operation | null;
  readyOp?: Output | null;
  readyForLocalInitOp?: Output | null;
  graph?: Graph | null;
  recoveryWaitSecs?: number;
  localInitRunOptions?: Uint8Array | null;
  localInitFeedDict?: FeedDict | null;
}

export interface PrepareSessionOptions {
  initOp?: Operation | null;
  saver?: Saver | null;
  checkpointDir?: string | null;
  checkpointFilenameWithPath?: string | null;
  waitForCheckpoint?: boolean;
  maxWaitSecs?: number;
  config?: SessionConfig | null;
  initFeedDict?: FeedDict | null;
  initFn?: InitFn | null;
}

const sleep = (secs: number) => new Promise((r) => setTimeout(r, secs * 1000));

/** Python's `%s` of an op (its name) or of None. */
function opName(x: { name: string } | null | undefined): string {
  return x ? x.name : 'None';
}

function fnName(fn: unknown): string {
  return fn ? `<function ${(fn as Function).name || 'initFn'}>` : 'None';
}

export class SessionManager {
  private readonly localInitOp: Operation | null;
  private readonly readyOp: Output | null;
  private readonly readyForLocalInitOp: Output | null;
  private readonly graph: Graph;
  private readonly recoveryWaitSecs: number;
  private readonly localInitRunOptions: Uint8Array | null;
  private readonly localInitFeedDict: FeedDict | null;

  constructor(options: SessionManagerOptions = {}) {
    this.localInitOp = options.localInitOp ?? null;
    this.readyOp = options.readyOp ?? null;
    this.readyForLocalInitOp = options.readyForLocalInitOp ?? null;
    this.graph = options.graph ?? getDefaultGraph();
    this.recoveryWaitSecs = options.recoveryWaitSecs ?? 30;
    this.localInitRunOptions = options.localInitRunOptions ?? null;
    this.localInitFeedDict = options.localInitFeedDict ?? null;
    if (this.readyForLocalInitOp && !this.localInitOp) {
      throw new ValueError('If you pass a ready_for_local_init_op you must also pass a local_init_op , ' +
        `ready_for_local_init_op [${this.readyForLocalInitOp.name}]`);
    }
  }

  private async restoreCheckpoint(master: string, saver: Saver | null | undefined, checkpointDir: string | null | undefined,
    checkpointFilenameWithPath: string | null | undefined, waitForCheckpoint: boolean, maxWaitSecs: number,
    config: SessionConfig | null | undefined): Promise<[Session, boolean]> {
    const sess = new Session(this.graph, { target: master, config: config ?? null });
    if (checkpointDir && checkpointFilenameWithPath) {
      throw new ValueError('Can not provide both checkpoint_dir and checkpoint_filename_with_path.');
    }
    if (!saver || !(checkpointDir || checkpointFilenameWithPath)) return [sess, false];
    if (checkpointFilenameWithPath) {
      await saver.restore(sess, checkpointFilenameWithPath);
      return [sess, true];
    }
    let waited = 0;
    let ckpt = getCheckpointState(checkpointDir!);
    while (!ckpt || !ckpt.modelCheckpointPath) {
      if (!waitForCheckpoint || waited >= maxWaitSecs) return [sess, false];
      logging.info('Waiting for checkpoint to be available.');
      await sleep(this.recoveryWaitSecs);
      waited += this.recoveryWaitSecs;
      ckpt = getCheckpointState(checkpointDir!);
    }
    await saver.restore(sess, ckpt.modelCheckpointPath);
    saver.recoverLastCheckpoints(ckpt.allModelCheckpointPaths);
    return [sess, true];
  }

  /**
   * Creates a session and makes it ready (`prepare_session`): restores from `checkpointDir` or
   * `checkpointFilenameWithPath` if possible, else runs `initOp` and `initFn`; then the local
   * init op; raises RuntimeError if the model is still not ready.
   */
  async prepareSession(master = '', options: PrepareSessionOptions = {}): Promise<Session> {
    const { initOp = null, initFn = null, initFeedDict = null } = options;
    const [sess, restored] = await this.restoreCheckpoint(master, options.saver, options.checkpointDir,
      options.checkpointFilenameWithPath, options.waitForCheckpoint ?? false, options.maxWaitSecs ?? 7200,
      options.config);
    if (!restored) {
      if (!initOp && !initFn && !this.localInitOp) {
        throw new RuntimeError('Model is not initialized and no init_op or init_fn or local_init_op was given');
      }
      if (initOp) await sess.run(initOp, initFeedDict);
      if (initFn) await initFn(sess);
    }
    const [localInitOk, localMsg] = await this.tryRunLocalInitOp(sess);
    if (!localInitOk) {
      throw new RuntimeError(`Init operations did not make model ready for local_init.  Init op: ${opName(initOp)}, ` +
        `init fn: ${fnName(initFn)}, error: ${localMsg}`);
    }
    const [ready, msg] = await this.modelReady(sess);
    if (!ready) {
      throw new RuntimeError(`Init operations did not make model ready.  Init op: ${opName(initOp)}, init fn: ` +
        `${fnName(initFn)}, local_init_op: ${opName(this.localInitOp)}, error: ${msg}`);
    }
    return sess;
  }

  /**
   * Creates a session and waits until the model is ready, as a non-chief worker does
   * (`wait_for_session`); DeadlineExceededError after `maxWaitSecs`.
   */
  async waitForSession(master = '', config: SessionConfig | null = null, maxWaitSecs = Infinity): Promise<Session> {
    let remaining = maxWaitSecs;
    for (;;) {
      const sess = new Session(this.graph, { target: master, config });
      const [localOk, localMsg] = await this.tryRunLocalInitOp(sess);
      let readyMsg: string | null = null;
      if (localOk) {
        const [ready, msg] = await this.modelReady(sess);
        if (ready) return sess;
        readyMsg = msg;
      }
      await sess.close().catch(() => undefined);
      if (remaining - this.recoveryWaitSecs < 0) {
        throw new DeadlineExceededError(`Session was not ready after waiting ${Math.trunc(maxWaitSecs)} secs.`);
      }
      logging.info(`Waiting for model to be ready.  Ready_for_local_init_op:  ${localMsg}, ready: ${readyMsg}`);
      await sleep(this.recoveryWaitSecs);
      remaining -= this.recoveryWaitSecs;
    }
  }

  private async tryRunLocalInitOp(sess: Session): Promise<[boolean, string | null]> {
    if (!this.localInitOp) return [true, null];
    const [ready, msg] = await this.modelReadyForLocalInit(sess);
    if (!ready) return [false, msg];
    logging.info('Running local_init_op.');
    await sess.run(this.localInitOp, this.localInitFeedDict, { options: this.localInitRunOptions });
    logging.info('Done running local_init_op.');
    return [true, null];
  }

  private modelReady(sess: Session): Promise<[boolean, string | null]> {
    return ready(this.readyOp, sess, 'Model not ready');
  }

  private modelReadyForLocalInit(sess: Session): Promise<[boolean, string | null]> {
    return ready(this.readyForLocalInitOp, sess, 'Model not ready for local init');
  }
}

/** `_ready`: runs a report op; ready when it gives nothing, an int32 value or an empty list. */
export async function ready(op: Output | null, sess: Session, msg: string): Promise<[boolean, string | null]> {
  if (!op) return [true, null];
  try {
    const names = await sess.run(op) as Tensor | null;
    if (names === null || names.dtype === 3 /* int32 */ || names.size === 0) return [true, null];
    const list = (names.data as Uint8Array[]).map((b) => Buffer.from(b).toString());
    return [false, `Variables not initialized: ${list.join(', ')}`];
  } catch (e) {
    if (e instanceof FailedPreconditionError) {
      if (e.message.includes('uninitialized')) return [false, e.message];
      logging.warning(`${msg} : error [${e.message}]`);
    }
    throw e;
  }
}
