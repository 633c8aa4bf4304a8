/**
 * `tf.train.Coordinator` (`coordinator.py`): a stop flag, the first exception reported with a stop
 * request, and the threads to join. Node's "threads" here are async loops (`CoordinatedThread`),
 * such as a QueueRunner's enqueue loops, whose runs execute off the JS thread.
 */
import { RuntimeError } from '../errors';
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

  constructor(readonly name: string, private readonly target: () => Promise<void>) {}

  start(): void {
    if (this.ended) throw new RuntimeError('threads can only be started once');
    this.alive = true;
    this.ended = this.target().then(() => {}, (e) => {
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

  /** Error classes that count as a clean stop (not recorded), as `clean_stop_exception_types`. */
  constructor(private readonly cleanStopExceptionTypes: Array<Function> = []) {
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
