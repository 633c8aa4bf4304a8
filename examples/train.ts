/**
 * `npm start`: trains a small MLP regressor the TF1 way — a graph, MonitoredTrainingSession and
 * hooks — printing progress, writing checkpoints and TensorBoard events under ./runs/example.
 * Running it again resumes from the latest checkpoint and trains TRAIN_STEPS more steps.
 *
 *   npm start                                   # 2000 steps into ./runs/example
 *   TRAIN_STEPS=500 RUN_DIR=/tmp/run npm start  # elsewhere, shorter
 *   tensorboard --logdir runs                   # loss, global_step/sec, graph
 */
import * as path from 'path';
import { DType, Graph, Output, Tensor, ops, summary, train } from '../lib';
// Seeded, so every run sees the same data stream.
import { rng } from './common/rng';

const RUN_DIR = path.resolve(process.env.RUN_DIR ?? path.join('runs', 'example'));
const TRAIN_STEPS = Number(process.env.TRAIN_STEPS ?? 2000);
const BATCH = 64;
const PRINT_EVERY = 200;

/** The function the model learns: y = 2·sin(x1) + x2² − 0.5. */
function batch(next: () => number): { x: Tensor; y: Tensor } {
  const x = new Float32Array(BATCH * 2);
  const y = new Float32Array(BATCH);
  for (let i = 0; i < BATCH; i++) {
    const x1 = next() * 6 - 3;
    const x2 = next() * 2 - 1;
    x[2 * i] = x1;
    x[2 * i + 1] = x2;
    y[i] = 2 * Math.sin(x1) + x2 * x2 - 0.5;
  }
  return { x: new Tensor(DType.float32, [BATCH, 2], x), y: new Tensor(DType.float32, [BATCH, 1], y) };
}

/** Builds the model: 2 → 32 (tanh) → 32 (tanh) → 1, MSE loss, Adam. */
function buildModel() {
  const x = ops.placeholder(DType.float32, [null, 2], 'x');
  const y = ops.placeholder(DType.float32, [null, 1], 'y');
  const init = ops.glorotUniformInitializer({ seed: 1 });
  const dense = (input: Output, units: number, name: string, act?: (t: Output) => Output): Output => {
    const inDim = input.shape![1]!;
    const w = ops.getVariable(`${name}/kernel`, { shape: [inDim, units], initializer: init });
    const b = ops.getVariable(`${name}/bias`, { shape: [units], initializer: ops.zerosInitializer() });
    const z = ops.add(ops.matmul(input, w), b);
    return act ? act(z) : z;
  };
  const h1 = dense(x, 32, 'hidden1', (t) => ops.tanh(t));
  const h2 = dense(h1, 32, 'hidden2', (t) => ops.tanh(t));
  const pred = dense(h2, 1, 'output');
  // Not named 'loss': the summary op takes that name, as in TF1 (else its tag becomes 'loss_1').
  const loss = ops.reduceMean(ops.square(ops.sub(pred, y)), { name: 'mse' });
  const globalStep = train.getOrCreateGlobalStep();
  const trainOp = new train.AdamOptimizer(0.01).minimize(loss, { globalStep });
  summary.scalar('loss', loss);
  return { x, y, loss, trainOp };
}

/** Prints `step N, loss L, S steps/s` every PRINT_EVERY steps (a SessionRunHook). */
class ProgressHook extends train.SessionRunHook {
  private last = { time: 0, step: 0 };

  constructor(private readonly loss: Output) {
    super();
  }

  override afterCreateSession(): void {
    this.last = { time: performance.now(), step: -1 };
  }

  override beforeRun(): train.SessionRunArgs {
    return new train.SessionRunArgs({ loss: this.loss, step: train.getOrCreateGlobalStepRead()! });
  }

  override afterRun(_ctx: train.SessionRunContext, values: train.SessionRunValues): void {
    const step = Number(values.results.step.item()) + 1;
    if (this.last.step < 0) this.last.step = step - 1;
    if (step % PRINT_EVERY !== 0) return;
    const now = performance.now();
    const rate = ((step - this.last.step) * 1000) / (now - this.last.time);
    console.log(`step ${step}, loss ${Number(values.results.loss.item()).toFixed(5)}, ${rate.toFixed(1)} steps/s`);
    this.last = { time: now, step };
  }
}

async function main(): Promise<void> {
  const graph = new Graph();
  await graph.asDefault(async () => {
    const model = buildModel();
    const resumeFrom = train.latestCheckpoint(RUN_DIR);
    console.log(resumeFrom ? `Resuming from ${resumeFrom}` : `Training from scratch into ${RUN_DIR}`);
    const sess = await train.MonitoredTrainingSession({
      checkpointDir: RUN_DIR,
      saveCheckpointSteps: 500,
      saveSummariesSteps: 100,
      logStepCountSteps: 100,
      hooks: [
        new train.StopAtStepHook({ numSteps: TRAIN_STEPS }),
        new train.NanTensorHook(model.loss),
        new ProgressHook(model.loss),
      ],
    });
    const next = rng(42 + Date.now() % 1000);
    let lastLoss = NaN;
    await train.withMonitoredSession(sess, async (s) => {
      while (!s.shouldStop()) {
        const { x, y } = batch(next);
        const feed = new Map([[model.x, x], [model.y, y]]);
        const [, loss] = await s.run([model.trainOp, model.loss], feed);
        lastLoss = Number(loss.item());
      }
    });
    await summary.FileWriterCache.clear();
    const done = train.latestCheckpoint(RUN_DIR)!;
    console.log(`Done: last loss ${lastLoss.toFixed(5)}; checkpoint ${done}`);
    console.log(`TensorBoard: tensorboard --logdir ${path.dirname(RUN_DIR)}`);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
