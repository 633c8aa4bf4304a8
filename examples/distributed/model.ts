/**
 * The model the distributed example trains: linear regression on a fixed, seeded data set, so a
 * run on a cluster and a run in one process can be compared step for step.
 *
 * Built inside `graph.device(replicaDeviceSetter(...))` the variables (w, b, global_step) go to
 * the parameter servers and the rest to the worker, as in TF1:
 *
 *     with tf.device(tf.train.replica_device_setter(cluster=cluster, worker_device=...)):
 *       model = build()
 */
import { DType, Graph, Operation, Output, Tensor, ops, summary, train } from '../../lib';
// Seeded, so every process makes the same data.
import { rng } from '../common/rng';

export const NUM_EXAMPLES = 64;
export const NUM_FEATURES = 4;
export const TRUE_W = [0.5, -1.0, 2.0, 0.25];
export const TRUE_B = 0.3;

/** The data: x in [-1, 1), y = x·w + b + small noise. */
export function makeData(seed = 1234): { x: number[][]; y: number[][] } {
  const r = rng(seed);
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < NUM_EXAMPLES; i++) {
    const row = Array.from({ length: NUM_FEATURES }, () => r() * 2 - 1);
    x.push(row);
    y.push([row.reduce((s, v, j) => s + v * TRUE_W[j], TRUE_B) + (r() - 0.5) * 0.1]);
  }
  return { x, y };
}

export interface Model {
  graph: Graph;
  w: ops.Variable;
  b: ops.Variable;
  loss: Output;
  trainOp: Operation;
  globalStep: ops.Variable | Output;
}

/**
 * Builds the model into `graph` (its default-graph scope), with the variables and ops placed by
 * `device` (a device function such as `replicaDeviceSetter` returns, a device string, or null).
 */
export function buildModel(graph: Graph, options: { device?: train.DeviceFunction | string | null; learningRate?: number } = {}): Model {
  const { x, y } = makeData();
  return graph.asDefault(() => graph.device(options.device ?? null, () => {
    const globalStep = train.getOrCreateGlobalStep(graph) as ops.Variable;
    const xs = ops.constant(Tensor.from(x, { dtype: DType.float32 }), { name: 'x' });
    const ys = ops.constant(Tensor.from(y, { dtype: DType.float32 }), { name: 'y' });
    const w = new ops.Variable(ops.zeros([NUM_FEATURES, 1]), { name: 'w' });
    const b = new ops.Variable(ops.zeros([1]), { name: 'b' });
    const pred = ops.add(ops.matmul(xs, w), b, 'pred');
    const loss = ops.reduceMean(ops.square(ops.sub(pred, ys)), { name: 'mse' });
    summary.scalar('loss', loss);
    const opt = new train.GradientDescentOptimizer(options.learningRate ?? 0.05);
    const trainOp = opt.minimize(loss, { globalStep });
    return { graph, w, b, loss, trainOp, globalStep };
  }));
}
