/**
 * `tf.train.Coordinator` as MonitoredSession uses it (`coordinator.py`): a stop flag plus the
 * first exception reported with a stop request. Node has no background threads to join, so
 * `join` only re-raises that exception.
 */
import { logger } from './tf_logging';

const logging = logger('coordinator');

export class Coordinator {
  private stopRequested = false;
  private exception: unknown = undefined;
  private hasException = false;

  /** Error classes that count as a clean stop (not recorded), as `clean_stop_exception_types`. */
  constructor(private readonly cleanStopExceptionTypes: Array<Function> = []) {}

  /** Requests a stop; the first non-clean exception passed is kept and re-raised by `join`. */
  requestStop(ex?: unknown): void {
    if (ex !== undefined && ex !== null && !this.hasException &&
        !this.cleanStopExceptionTypes.some((t) => ex instanceof t)) {
      this.hasException = true;
      this.exception = ex;
      logging.info(`Error reported to Coordinator: ${String(ex)}`);
    }
    this.stopRequested = true;
  }

  shouldStop(): boolean {
    return this.stopRequested;
  }

  /** Clears the stop request and the recorded exception. */
  clearStop(): void {
    this.stopRequested = false;
    this.hasException = false;
    this.exception = undefined;
  }

  /** Re-raises the exception reported with `requestStop`, if any. */
  raiseRequestedException(): void {
    if (this.hasException) throw this.exception;
  }

  /** Waits for the coordinated work (none here), then re-raises a reported exception. */
  join(): void {
    this.raiseRequestedException();
  }
}
