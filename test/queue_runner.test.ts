/**
 * Queue runners (`tf.compat.v1.train.QueueRunner`, `start_queue_runners`) and the Coordinator
 * threads they run as: the Python-made input pipeline of test/fixtures/queue_runner
 * (scripts/fixtures/make_queue_runner.py: `input_producer(1..10, num_epochs=2)`, one element
 * dequeued per step) imported and trained under MonitoredSession as Python did it, the
 * QueueRunnerDef both ways, runners built here, and their error paths.
 */
import { DType, Graph, Output, RuntimeError, Session, ValueError, errors, ops, train } from '../lib';
import { GraphKeys } from '../lib/framework/ops';
import { LIB_INDEX, expected, fixturePath, hasFixture, lastJson, runNodeScript } from './helpers/core';

interface Run {
  steps: number;
  x_values: number[];
  total: number;
  global_step: number;
  end_error: { class: string; node: string } | null;
}

const fixture = hasFixture('queue_runner') ? expected<{
  names: Record<string, string>;
  queue_runner: { queue_name: string; enqueue_op_name: string[]; close_op_name: string; cancel_op_name: string;
    queue_closed_exception_types: number[] };
  runs: Record<'monitored_session' | 'monitored_training_session' | 'stop_at_step', Run>;
}>('queue_runner') : null;
const describeFixture = fixture ? describe : describe.skip;

/** The fixture's MetaGraph in a new graph. */
function imported(): Graph {
  const g = new Graph();
  train.importMetaGraph(g, fixturePath('queue_runner', 'model.meta'));
  return g;
}

/** Reads `total` and the global step at the session's end, as the fixture's hook does. */
class EndReader extends train.SessionRunHook {
  values: { total: number; globalStep: number } | null = null;
  constructor(private readonly total: Output, private readonly globalStep: Output) {
    super();
  }
  override async end(session: Session): Promise<void> {
    const [t, gs] = await session.run([this.total, this.globalStep]);
    this.values = { total: t.item() as number, globalStep: Number(gs.item()) };
  }
}

/** Trains the imported pipeline as the fixture did: steps, the x of each, what ended it, and the end values. */
async function trainImported(hooks: train.SessionRunHook[] = [], makeSession = (h: train.SessionRunHook[]) =>
  train.MonitoredSession.create({ hooks: h })) {
  const g = imported();
  const n = fixture!.names;
  const reader = new EndReader(g.tensor(n.total), g.tensor(n.global_step));
  const xs: number[] = [];
  let endError: { class: string; node: string | null } | null = null;
  const started = Date.now();
  await g.asDefault(async () => {
    await train.withMonitoredSession(makeSession([...hooks, reader]), async (sess) => {
      try {
        while (!sess.shouldStop()) {
          const [, x] = await sess.run([g.operation(n.train_op), g.tensor(n.x)]);
          xs.push(x.item() as number);
        }
      } catch (e) {
        if (e instanceof errors.OpError) endError = { class: e.name, node: e.op };
        throw e;
      }
    });
  });
  return { xs, endError, end: reader.values, closedIn: Date.now() - started };
}

describeFixture('the Python-made input pipeline (input_producer, num_epochs=2)', () => {
  test('its QueueRunnerDef comes back as a QueueRunner, and goes out again the same', () => {
    const g = imported();
    const [qr] = g.getCollection<train.QueueRunner>(GraphKeys.QUEUE_RUNNERS);
    expect(qr).toBeInstanceOf(train.QueueRunner);
    const want = fixture!.queue_runner;
    expect({
      queue_name: qr.name, enqueue_op_name: qr.enqueueOps.map((o) => o.name), close_op_name: qr.closeOp.name,
      cancel_op_name: qr.cancelOp.name, queue_closed_exception_types: [...qr.toProto()!.queueClosedExceptionTypes],
    }).toEqual(want);
    expect(qr.queueClosedExceptionTypes).toEqual([errors.OutOfRangeError]);
    const meta = train.exportMetaGraph(g);
    const out = meta.collectionDef[GraphKeys.QUEUE_RUNNERS];
    expect(out.kind.case).toBe('bytesList');
    const again = new Graph();
    train.importMetaGraph(again, meta);
    const [back] = again.getCollection<train.QueueRunner>(GraphKeys.QUEUE_RUNNERS);
    expect(back.toProto()).toEqual(qr.toProto());
  });

  test.each(['monitored_session', 'monitored_training_session'] as const)(
    '%s starts the runner: every element twice, then OutOfRange ends the loop cleanly, as in Python',
    async (which) => {
      const want = fixture!.runs[which];
      const r = await trainImported([], which === 'monitored_session' ? undefined : (hooks) =>
        train.MonitoredTrainingSession({ hooks, saveSummariesSteps: null, saveCheckpointSteps: null, logStepCountSteps: null }));
      expect(r.xs).toEqual(want.x_values);
      expect(r.endError).toEqual(want.end_error && { class: want.end_error.class, node: want.end_error.node });
      // The failing step's global step increment does not wait for x: TF runs it (21 after 20 steps).
      expect(r.end).toEqual({ total: want.total, globalStep: want.global_step });
    });

  test('a MonitoredSession never closed does not keep Node alive: its enqueues are daemons (child process)', () => {
    const r = runNodeScript(`
      const tf = require(process.env.LIB);
      (async () => {
        const g = new tf.Graph();
        tf.train.importMetaGraph(g, process.env.META);
        const sess = await g.asDefault(() => tf.train.MonitoredSession.create());
        for (let i = 0; i < 3; i++) await sess.run(g.operation('train_op'));
        console.log(JSON.stringify({ steps: 3 }));  // the enqueue of the next 10 waits on the full queue
      })();`, { env: { LIB: LIB_INDEX, META: fixturePath('queue_runner', 'model.meta') }, timeoutMs: 30000 });
    expect({ status: r.status, signal: r.signal }).toEqual({ status: 0, signal: null });
    expect(lastJson(r)).toEqual({ steps: 3 });
  });

  test('a StopAtStepHook stops it early: close cancels the blocked enqueue and returns at once', async () => {
    const want = fixture!.runs.stop_at_step;
    const r = await trainImported([new train.StopAtStepHook({ lastStep: 5 })]);
    expect(r.xs).toEqual(want.x_values);
    expect(r.endError).toBeNull();
    expect(r.end).toEqual({ total: want.total, globalStep: want.global_step });
    expect(r.closedIn).toBeLessThan(5000);
  });
});

/** A FIFO queue of float32 scalars with capacity 2, fed by `enqueued` (an op of the graph). */
function fifo(g: Graph) {
  return g.asDefault(() => {
    const q = ops.gen.fIFOQueueV2({ componentTypes: [DType.float32], shapes: [[]], capacity: 2 }, 'q');
    const dequeue = ops.gen.queueDequeueV2({ handle: q, componentTypes: [DType.float32] }, 'dequeue')[0];
    return { q, dequeue };
  });
}

describe('QueueRunner built here', () => {
  test('makes the close and cancel ops TF1 makes (<queue>_Close, <queue>_Close_1) and checks its arguments', () => {
    const g = new Graph();
    const { q } = fifo(g);
    const enqueue = g.asDefault(() => ops.gen.queueEnqueueV2({ handle: q, components: [ops.constant(1)] }, 'enqueue'));
    const qr = g.asDefault(() => new train.QueueRunner({ queue: q, enqueueOps: [enqueue] }));
    expect([qr.name, qr.closeOp.name, qr.cancelOp.name]).toEqual(['q', 'q_Close', 'q_Close_1']);
    expect(qr.closeOp.getAttr('cancel_pending_enqueues')).toBe(false);
    expect(qr.cancelOp.getAttr('cancel_pending_enqueues')).toBe(true);
    expect(() => new train.QueueRunner({ queue: q })).toThrow(new ValueError('Must provide queue and enqueue_ops.'));
    expect(() => new train.QueueRunner({ queue: q, queueRunnerDef: qr.toProto()!, graph: g }))
      .toThrow(new ValueError('queue_runner_def and queue are mutually exclusive.'));
    expect(() => new train.QueueRunner({ queue: q, enqueueOps: [enqueue], queueClosedExceptionTypes: [] }))
      .toThrow(TypeError);
  });

  test('startQueueRunners with a coordinator: the loops feed the queue until the stop, which cancels the blocked enqueue', async () => {
    const g = new Graph();
    const { q, dequeue } = fifo(g);
    const enqueue = g.asDefault(() => ops.gen.queueEnqueueV2({ handle: q, components: [ops.constant(7)] }, 'enqueue'));
    g.asDefault(() => train.addQueueRunner(new train.QueueRunner({ queue: q, enqueueOps: [enqueue, enqueue] })));
    const sess = new Session(g);
    const coord = new train.Coordinator();
    const threads = train.startQueueRunners(sess, { coord });
    expect(threads.map((t) => t.name)).toEqual(['QueueRunnerThread-q-enqueue', 'QueueRunnerThread-q-enqueue',
      'QueueRunnerThread-q-close_on_stop']);
    expect(train.startQueueRunners(sess, { coord })).toEqual([]);  // already running for this session
    for (let i = 0; i < 5; i++) expect((await sess.run(dequeue)).item()).toBe(7);
    coord.requestStop();
    await coord.join(threads, { stopGracePeriodSecs: 5 });
    expect(threads.every((t) => !t.isAlive())).toBe(true);
    await sess.close();
  });

  test('an enqueue failing with another error stops the coordinator with it; MonitoredSession raises it', async () => {
    const g = new Graph();
    const { q, dequeue } = fifo(g);
    const fed = g.asDefault(() => ops.placeholder(DType.float32, [], 'never_fed'));
    const enqueue = g.asDefault(() => ops.gen.queueEnqueueV2({ handle: q, components: [fed] }, 'enqueue'));
    g.asDefault(() => train.addQueueRunner(new train.QueueRunner({ queue: q, enqueueOps: [enqueue] })));
    await expect(g.asDefault(() => train.withMonitoredSession(train.MonitoredSession.create(), async (sess) => {
      while (!sess.shouldStop()) await sess.run(dequeue);
    }))).rejects.toThrow(errors.InvalidArgumentError);
  });
});

describe('Coordinator threads', () => {
  test('join waits for them; past the grace period it names the stragglers (or logs them)', async () => {
    const coord = new train.Coordinator();
    let release!: () => void;
    const stuck = new train.CoordinatedThread('stuck', () => new Promise<void>((r) => { release = r; }));
    const quick = new train.CoordinatedThread('quick', async () => {});
    coord.registerThread(stuck);
    stuck.start();
    quick.start();
    coord.requestStop();
    await expect(coord.join([quick], { stopGracePeriodSecs: 0.05 }))
      .rejects.toThrow(new RuntimeError('Coordinator stopped with threads still running: stuck'));
    coord.clearStop();
    coord.registerThread(stuck);
    coord.requestStop();
    await expect(coord.join([], { stopGracePeriodSecs: 0.05, ignoreLiveThreads: true })).resolves.toBeUndefined();
    release();
    await stuck.join();
    expect(stuck.isAlive()).toBe(false);
  });

  test('the first error reported before a stop is kept; later ones are not; after join they are thrown', async () => {
    const coord = new train.Coordinator();
    coord.requestStop(new Error('first'));
    coord.requestStop(new Error('second'));
    await expect(coord.join()).rejects.toThrow('first');
    expect(() => coord.requestStop(new Error('late'))).toThrow('late');
    expect(await coord.waitForStop(0)).toBe(true);
  });
});
