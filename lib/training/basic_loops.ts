/** `tf.compat.v1.train.basic_train_loop` (`basic_loops.py`). */
import type { Session } from '../client/session';
import { AbortedError } from '../errors';
import { callArguments } from './coordinator';
import type { Supervisor } from './supervisor';

export interface BasicTrainLoopOptions {
  args?: unknown[] | null;
  /** Python's keyword arguments, passed as a last argument. */
  kwargs?: Record<string, unknown> | null;
  /** The session's target. Default '' (in-process). */
  master?: string;
}

/**
 * Calls `trainStepFn(sess, ...args, kwargs?)` in `supervisor`'s managed session until it should
 * stop. An AbortedError (a restarted server of a distributed model) starts over in a new managed
 * session.
 */
export async function basicTrainLoop(supervisor: Supervisor, trainStepFn: (sess: Session, ...args: any[]) => unknown,
  options: BasicTrainLoopOptions = {}): Promise<void> {
  const args = callArguments(options.args, options.kwargs);
  for (;;) {
    try {
      await supervisor.managedSession(options.master ?? '', async (sess) => {
        while (!supervisor.shouldStop()) await trainStepFn(sess, ...args);
      });
      return;
    } catch (e) {
      if (!(e instanceof AbortedError)) throw e;
    }
  }
}
