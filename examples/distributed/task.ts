/**
 * One task of a TF1-style cluster, as a process: reads its place in the cluster from `TF_CONFIG`
 * (`{"cluster": {"ps": [...], "worker": [...]}, "task": {"type": "worker", "index": 0}}`, TF's
 * convention) and its training options as JSON in argv[2].
 *
 * - A `ps` task starts its `train.Server` and serves until the process is killed (TF's gRPC
 *   server cannot be stopped).
 * - A `worker` task starts its server, builds the model with the variables on the ps tasks
 *   (`replicaDeviceSetter`), and trains with `MonitoredTrainingSession({master: server.target,
 *   isChief: index === 0})` until the shared global step reaches `lastStep`; worker 0 (the chief)
 *   initialises or restores the variables and writes checkpoints and summaries.
 *
 * It prints one JSON line per event on stdout (`ready`, `step`, `done`) and exits.
 *
 *     TF_CONFIG='{"cluster":...,"task":{"type":"worker","index":1}}' \
 *       node dist/examples/distributed/task.js '{"checkpointDir": "/tmp/run", "lastStep": 200}'
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { Graph, Session, Tensor, train } from '../../lib';
import { ConfigProtoSchema } from '../../lib/proto';
import { buildModel } from './model';

export interface TaskOptions {
  /** Where the chief writes checkpoints and summaries (every worker is given the same). */
  checkpointDir?: string | null;
  /** Train until the global step reaches this. */
  lastStep?: number;
  saveCheckpointSteps?: number | null;
  saveCheckpointSecs?: number | null;
  saveSummariesSteps?: number | null;
  learningRate?: number;
  /** Pause after each step (to let tests act mid-training). */
  stepDelayMs?: number;
  /** 'serve' makes a worker only run its server, as a ps does. */
  mode?: 'train' | 'serve';
  /** How long a non-chief waits for the chief's initialisation (`maxWaitSecs`). */
  maxWaitSecs?: number;
}

function emit(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

const num = (t: Tensor): number => Number(t.item());

export async function runTask(tfConfig: { cluster: Record<string, string[]>; task: { type: string; index: number } },
  options: TaskOptions): Promise<void> {
  const cluster = new train.ClusterSpec(tfConfig.cluster);
  const jobName = tfConfig.task.type;
  const taskIndex = tfConfig.task.index;
  const server = new train.Server(cluster, { jobName, taskIndex });
  emit({ event: 'ready', job: jobName, task: taskIndex, target: server.target, pid: process.pid });
  if (jobName === 'ps' || options.mode === 'serve') {
    await server.join();
    return;
  }

  // As TF1 training scripts (`tf.logging.set_verbosity(tf.logging.INFO)`): progress and recovery
  // messages on stderr.
  train.setVerbosity(train.LogLevel.INFO);
  const isChief = taskIndex === 0;
  const graph = new Graph();
  const model = buildModel(graph, {
    device: train.replicaDeviceSetter({ cluster, workerDevice: `/job:worker/task:${taskIndex}` }),
    learningRate: options.learningRate,
  });
  // As TF1 scripts do: a worker's sessions only talk to the ps tasks and itself, so one worker
  // going away does not hold up the other's session creation.
  const config = toBinary(ConfigProtoSchema, create(ConfigProtoSchema, {
    deviceFilters: ['/job:ps', `/job:worker/task:${taskIndex}`],
  }));
  const steps: Array<[number, number]> = [];
  await graph.asDefault(async () => {
    const sess = await train.MonitoredTrainingSession({
      master: server.target,
      isChief,
      checkpointDir: options.checkpointDir ?? null,
      hooks: [new train.StopAtStepHook({ lastStep: options.lastStep ?? 100 })],
      saveCheckpointSteps: options.saveCheckpointSteps,
      saveCheckpointSecs: options.saveCheckpointSecs,
      saveSummariesSteps: options.saveSummariesSteps,
      config,
      maxWaitSecs: options.maxWaitSecs,
    });
    await train.withMonitoredSession(sess, async (s) => {
      while (!s.shouldStop()) {
        const r = await s.run({ train: model.trainOp, loss: model.loss, gs: model.globalStep });
        const step: [number, number] = [num(r.gs), num(r.loss)];
        steps.push(step);
        emit({ event: 'step', task: taskIndex, globalStep: step[0], loss: step[1] });
        if (options.stepDelayMs) await new Promise((res) => setTimeout(res, options.stepDelayMs));
      }
    });
  });
  // The trained values, read through a plain session on this worker.
  const sess = new Session(graph, { target: server.target, config });
  const [w, b, gs] = await sess.run([model.w, model.b, model.globalStep]);
  await sess.close();
  emit({
    event: 'done', task: taskIndex, isChief, steps: steps.length, globalStep: num(gs),
    w: Array.from(w.data as Float32Array), b: Array.from(b.data as Float32Array),
  });
}

if (require.main === module) {
  const tfConfig = JSON.parse(process.env.TF_CONFIG ?? 'null');
  if (!tfConfig?.cluster || !tfConfig?.task) {
    process.stderr.write('task: set TF_CONFIG to {"cluster": {...}, "task": {"type": ..., "index": ...}}\n');
    process.exit(2);
  }
  runTask(tfConfig, JSON.parse(process.argv[2] ?? '{}')).then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`task ${tfConfig.task.type}:${tfConfig.task.index} failed: ${(e as Error)?.stack ?? e}\n`);
      process.exit(1);
    },
  );
}
