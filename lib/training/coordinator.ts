/**
 * `tf.train.Coordinator` (`coordinator.py`): a stop flag, the first exception reported with a stop
 * request, and the threads to join. Node's "threads" here are async loops (`CoordinatedThread`),
 * such as a QueueRunner's enqueue loops, whose runs execute off the JS thread, and
 * `LooperThread`s, which call a function on a timer until the coordinator stops.
 */
import { setImmediate as nextTurn } from 'timers/promises';
import { OutOfRangeError, RuntimeError, ValueError } from '../errors';
import { logger } from './tf_logging';

const logging = logger('coordinator');

/**
 * A thread as the coordinator sees it: an async loop, started once, alive until its promise
 * settles. `join()` resolves when it has ended (never rejects: a thread reports its errors to the
 * coordinator, or they are logged).
 */
export class CoordinatedThread {
  private ended: Promise<void> | null = null;
  private alive = false;

  constructor(readonly name: string, private readonly target: (() => Promise<void>) | null = null) {}

  /** What the thread does: its target, unless a subclass overrides it (Python's `Thread.run`). */
  protected async run(): Promise<void> {
    await this.target?.();
  }

  start(): void {
    if (this.ended) throw new RuntimeError('threads can only be started once');
    this.alive = true;
    this.ended = this.run().then(() => {}, (e) => {
      logging.error(`Exception in thread ${this.name}: ${String((e as Error)?.message ?? e)}`);
    }).finally(() => {
      this.alive = false;
    });
  }

  isAlive(): boolean {
    return this.alive;
  }

  /** Resolves once the thread has ended (at once if it never started). */
  join(): Promise<void> {
    return this.ended ?? Promise.resolve();
  }
}

export interface JoinOptions {
  /** Seconds the threads get to end after a stop was requested (TF1's 120). */
  stopGracePeriodSecs?: number;
  /** Log the threads still alive after the grace period instead of raising. */
  ignoreLiveThreads?: boolean;
}

/**
 * Waits for `p` or `secs`, whichever comes first. The timer holds the process meanwhile, as a
 * TF1 thread blocked in a timed wait does, and is cleared once either settles.
 */
async function raceTimeout(p: Promise<unknown>, secs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([p, new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, secs * 1000));
    })]);
  } finally {
    clearTimeout(timer);
  }
}

export class Coordinator {
  private stopRequested = false;
  private exception: unknown = undefined;
  private hasException = false;
  private joined = false;
  private readonly registered = new Set<CoordinatedThread>();
  private stopped!: Promise<void>;
  private signalStop!: () => void;

  /**
   * Error classes that count as a clean stop (not recorded), as `clean_stop_exception_types`:
   * by default OutOfRangeError, which input queues raise at the end of their input.
   */
  constructor(private readonly cleanStopExceptionTypes: Array<Function> = [OutOfRangeError]) {
    this.resetStopSignal();
  }

  private resetStopSignal(): void {
    this.stopped = new Promise((resolve) => {
      this.signalStop = resolve;
    });
  }

  /**
   * Requests a stop. The first non-clean exception passed before any stop request is kept and
   * re-raised by `join`; once joined, an exception passed is thrown at once, as in TF1.
   */
  requestStop(ex?: unknown): void {
    const reportable = ex !== undefined && ex !== null && !this.cleanStopExceptionTypes.some((t) => ex instanceof t);
    if (this.joined && reportable) throw ex;
    if (this.stopRequested) return;
    if (reportable && !this.hasException) {
      this.hasException = true;
      this.exception = ex;
      logging.info(`Error reported to Coordinator: ${String(ex)}`);
    }
    this.stopRequested = true;
    this.signalStop();
  }

  shouldStop(): boolean {
    return this.stopRequested;
  }

  /**
   * Resolves to true once a stop is requested, or to false after `timeoutSecs` (waits for good
   * without one).
   */
  async waitForStop(timeoutSecs?: number): Promise<boolean> {
    if (this.stopRequested || timeoutSecs === undefined) {
      await this.stopped;
      return true;
    }
    await raceTimeout(this.stopped, timeoutSecs);
    return this.stopRequested;
  }

  /**
   * `stop_on_exception`: runs `fn`; an error it throws is reported with `requestStop` instead of
   * propagating, and the promise resolves to undefined.
   */
  async stopOnException<T>(fn: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      this.requestStop(e);
      return undefined;
    }
  }

  /** Clears the stop request and the recorded exception. */
  clearStop(): void {
    this.joined = false;
    this.stopRequested = false;
    this.hasException = false;
    this.exception = undefined;
    this.resetStopSignal();
  }

  /** Re-raises the exception reported with `requestStop`, if any. */
  raiseRequestedException(): void {
    if (this.hasException) throw this.exception;
  }

  /** Adds a thread for `join` to wait for. */
  registerThread(thread: CoordinatedThread): void {
    this.registered.add(thread);
  }

  /**
   * Waits for the registered threads and `threads` to end, or for a stop request and then up to
   * the grace period; then re-raises a reported exception, else raises a RuntimeError naming the
   * threads still alive (logs it with `ignoreLiveThreads`).
   */
  async join(threads: CoordinatedThread[] = [], options: JoinOptions = {}): Promise<void> {
    const all = [...new Set([...this.registered, ...threads])];
    const ended = Promise.all(all.map((t) => t.join()));
    await Promise.race([ended, this.stopped]);
    // The grace period: the caller's code after join (or a monitored session's close) still runs
    // when only daemon runs are left.
    if (all.some((t) => t.isAlive())) await raceTimeout(ended, options.stopGracePeriodSecs ?? 120);
    const stragglers = all.filter((t) => t.isAlive()).map((t) => t.name);
    this.joined = true;
    this.registered.clear();
    this.raiseRequestedException();
    if (stragglers.length > 0) {
      const message = `Coordinator stopped with threads still running: ${stragglers.join(' ')}`;
      if (!options.ignoreLiveThreads) throw new RuntimeError(message);
      logging.info(message);
    }
  }
}

/**
 * The arguments of a call made for Python's `fn(*args, **kwargs)`: `args`, then `kwargs` (the
 * keyword arguments as one options object) when it has any.
 */
export function callArguments(args: readonly unknown[] | null | undefined,
  kwargs: Record<string, unknown> | null | undefined): unknown[] {
  return kwargs && Object.keys(kwargs).length > 0 ? [...(args ?? []), kwargs] : [...(args ?? [])];
}

export interface LooperThreadOptions {
  /** What `runLoop` calls, as `target(...args, kwargs?)`; may return a promise. */
  target?: ((...args: any[]) => unknown) | null;
  args?: unknown[] | null;
  /** Python's keyword arguments, passed as a last argument. */
  kwargs?: Record<string, unknown> | null;
}

const nowSecs = () => performance.now() / 1000;

/**
 * `tf.compat.v1.train.LooperThread`: calls `runLoop()` (by default the target) every
 * `timerIntervalSecs` seconds, the first time at once, or back to back when it is null, until its
 * coordinator stops; `startLoop()` and `stopLoop()` run before and after. An error stops the
 * coordinator with it. It registers with the coordinator when made, so `coord.join()` waits for it.
 * Its timed waits keep Node alive until the coordinator stops, as someone may be awaiting its end.
 */
export class LooperThread extends CoordinatedThread {
  private readonly loopTarget: ((...args: any[]) => unknown) | null;
  private readonly callArgs: unknown[];

  constructor(protected readonly coord: Coordinator, private readonly timerIntervalSecs: number | null,
    options: LooperThreadOptions = {}) {
    if (!(coord instanceof Coordinator)) throw new ValueError(`'coord' argument must be a Coordinator: ${coord ?? 'None'}`);
    const { target = null, args = null, kwargs = null } = options;
    if (!target && (args?.length || (kwargs && Object.keys(kwargs).length > 0))) {
      throw new ValueError("'args' and 'kwargs' argument require that you also pass 'target'");
    }
    super(new.target.name);
    this.loopTarget = target;
    this.callArgs = callArguments(args, kwargs);
    coord.registerThread(this);
  }

  /** Starts a LooperThread calling `target(...args, kwargs?)` (`LooperThread.loop`). */
  static loop(coord: Coordinator, timerIntervalSecs: number | null, target: (...args: any[]) => unknown,
    args?: unknown[] | null, kwargs?: Record<string, unknown> | null): LooperThread {
    const looper = new LooperThread(coord, timerIntervalSecs, { target, args, kwargs });
    looper.start();
    return looper;
  }

  protected override async run(): Promise<void> {
    await this.coord.stopOnException(async () => {
      await this.startLoop();
      if (this.timerIntervalSecs === null) {
        while (!this.coord.shouldStop()) {
          await this.runLoop();
          // Back to back, yet timers and I/O (the other "threads") get their turn between calls.
          await nextTurn();
        }
      } else {
        let nextTimerTime = nowSecs();
        while (!(await this.coord.waitForStop(nextTimerTime - nowSecs()))) {
          nextTimerTime += this.timerIntervalSecs;
          await this.runLoop();
        }
      }
      await this.stopLoop();
    });
  }

  /** Called when the thread starts. */
  startLoop(): void | Promise<void> {}

  /** Called when the thread stops. */
  stopLoop(): void | Promise<void> {}

  /** Called at each timer boundary: calls the target. */
  async runLoop(): Promise<void> {
    if (this.loopTarget) await this.loopTarget(...this.callArgs);
  }
}
