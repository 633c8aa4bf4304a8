/**
 * TF1's losses (`tf.compat.v1.losses`) against TF1 Python: the graphs of
 * scripts/graph_fixtures/losses.py, built here with the same calls to `ops.losses.*`, must have the
 * same ops (names, types, inputs, control inputs, placement, attrs, Const values) in the same order
 * and the same collections, and give the same losses, gradients and training steps.
 */
import { DType, Graph, Output, Session, Tensor, getDefaultGraph, ops, train } from '../lib';
import { RecordedAll, loadGraphFixture, recordAll } from './helpers/graph_record';
import { Json, expectClose, expectRunValues, feedOf, itThrowsTF1Errors, jsonOf } from './helpers/fixture_values';

interface Fixture {
  graphs: Record<string, RecordedAll & { feeds: Array<Record<string, Json>> }>;
  values: Record<string, Json[]>;
  gradients: Record<string, Json[]>;
  second_order: { feed: Record<string, Json>; values: Record<string, Json> };
  training: { x: number[][]; y: number[][]; b: number[][]; losses: number[]; w: Json; bias: Json };
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('losses.json');
const L = ops.losses;
const R = ops.losses.Reduction;
const f32 = DType.float32;
const ph = (dtype: DType, shape: (number | null)[], name: string) => ops.placeholder(dtype, shape, name);

/** Each graph of the fixture, built with the same calls as Python's; the xs of its gradients. */
const GRAPHS: Record<string, () => [Record<string, Output>, string[]]> = {
  reductions: () => {
    const losses = ph(f32, [null, 3], 'losses');
    const w = ph(f32, [null, 1], 'w');
    const wf = ph(f32, [null, 3], 'wf');
    const ints = ph(DType.int32, [2, 3], 'ints');
    const out: Record<string, Output> = {};
    for (const r of [R.NONE, R.SUM, R.MEAN, R.SUM_OVER_BATCH_SIZE, R.SUM_BY_NONZERO_WEIGHTS]) {
      out[r] = L.computeWeightedLoss(losses, { reduction: r });
    }
    out.broadcast = L.computeWeightedLoss(losses, { weights: w, scope: 'broadcast' });
    out.full = L.computeWeightedLoss(losses, { weights: wf, reduction: R.MEAN, lossCollection: 'my_losses' });
    out.zero = L.computeWeightedLoss(losses, { weights: 0.0, lossCollection: null });
    out.ints = L.computeWeightedLoss(ints, { weights: 2.0, reduction: R.SUM });
    return [out, []];
  },
  regression: () => {
    const labels = ph(f32, [null, 3], 'labels');
    const preds = ph(f32, [null, 3], 'preds');
    const w = ph(f32, [null, 3], 'w');
    const wr = ph(f32, [null, 1], 'wr');
    const ul = ph(f32, [null, 3], 'ul');
    const up = ph(f32, [null, 3], 'up');
    const bits = ph(DType.int64, [null, 3], 'bits');
    const probs = ph(f32, [null, 3], 'probs');
    return [{
      absolute: L.absoluteDifference(labels, preds),
      absolute_weighted: L.absoluteDifference(labels, preds, { weights: w, reduction: R.SUM }),
      mse: L.meanSquaredError(labels, preds, { weights: wr }),
      mse_mean: L.meanSquaredError(labels, preds, { weights: w, scope: 'mse', reduction: R.MEAN }),
      cosine: L.cosineDistance(ul, up, { axis: 1 }),
      cosine_weighted: L.cosineDistance(ul, up, { axis: 1, weights: wr, reduction: R.SUM_OVER_BATCH_SIZE }),
      hinge: L.hingeLoss(bits, preds),
      hinge_none: L.hingeLoss(bits, preds, { weights: w, reduction: R.NONE, lossCollection: 'my_losses' }),
      huber: L.huberLoss(labels, preds),
      huber_delta: L.huberLoss(labels, preds, { weights: wr, delta: 0.3, reduction: R.SUM }),
      log: L.logLoss(bits, probs),
      log_weighted: L.logLoss(bits, probs, { weights: w, epsilon: 1e-4, scope: 'logl' }),
      pairwise: L.meanPairwiseSquaredError(labels, preds),
      pairwise_weighted: L.meanPairwiseSquaredError(labels, preds, { weights: wr, lossCollection: null }),
    }, ['preds', 'probs', 'up']];
  },
  cross_entropy: () => {
    const onehot = ph(f32, [null, 4], 'onehot');
    const ids = ph(DType.int32, [null], 'ids');
    const col = ph(DType.int64, [null, 1], 'col');
    const logits = ph(f32, [null, 4], 'logits');
    const multi = ph(f32, [null, 4], 'multi');
    const w = ph(f32, [null], 'w');
    const wc = ph(f32, [null, 1], 'wc');
    return [{
      softmax: L.softmaxCrossEntropy(onehot, logits),
      softmax_smoothed: L.softmaxCrossEntropy(onehot, logits, { weights: w, labelSmoothing: 0.2 }),
      sigmoid: L.sigmoidCrossEntropy(multi, logits),
      sigmoid_smoothed: L.sigmoidCrossEntropy(multi, logits, { weights: wc, labelSmoothing: 0.1, reduction: R.SUM }),
      sparse: L.sparseSoftmaxCrossEntropy(ids, logits),
      sparse_weighted: L.sparseSoftmaxCrossEntropy(ids, logits, { weights: w, reduction: R.MEAN }),
      sparse_column: L.sparseSoftmaxCrossEntropy(col, logits, { weights: wc, scope: 'col' }),
    }, ['logits']];
  },
  nn_cross_entropy: () => {
    const [x2, p2, i2] = [ph(f32, [null, 4], 'x2'), ph(f32, [null, 4], 'p2'), ph(DType.int32, [null], 'i2')];
    const [x3, p3, i3] = [ph(f32, [null, 3, 4], 'x3'), ph(f32, [null, 3, 4], 'p3'), ph(DType.int64, [null, 3], 'i3')];
    const [xu, pu, iu] = [ops.placeholder(f32, null, 'xu'), ops.placeholder(f32, null, 'pu'),
      ops.placeholder(DType.int32, null, 'iu')];
    const [xd, pd, id2] = [ph(DType.float64, [2, 4], 'xd'), ph(DType.float64, [2, 4], 'pd'), ph(DType.int32, [2], 'id2')];
    const [xh, phh, ih] = [ph(DType.float16, [2, 3, 4], 'xh'), ph(DType.float16, [2, 3, 4], 'ph'),
      ph(DType.int32, [2, 3], 'ih')];
    const nn = ops.nn;
    return [{
      v2: nn.softmaxCrossEntropyWithLogitsV2({ labels: p2, logits: x2 }),
      v2_axis: nn.softmaxCrossEntropyWithLogitsV2({ labels: p3, logits: x3, axis: 1 }),
      v2_dim: nn.softmaxCrossEntropyWithLogitsV2({ labels: p3, logits: x3, dim: 2, name: 'dim' }),
      v2_unknown: nn.softmaxCrossEntropyWithLogitsV2({ labels: pu, logits: xu }),
      v2_f64: nn.softmaxCrossEntropyWithLogitsV2({ labels: pd, logits: xd }),
      v2_f16: nn.softmaxCrossEntropyWithLogitsV2({ labels: phh, logits: xh, axis: 1 }),
      v1: nn.softmaxCrossEntropyWithLogits({ labels: p2, logits: x2 }),
      v1_dim: nn.softmaxCrossEntropyWithLogits({ labels: p3, logits: x3, dim: 1, name: 'sg' }),
      sparse: nn.sparseSoftmaxCrossEntropyWithLogits({ labels: i2, logits: x2 }),
      sparse3: nn.sparseSoftmaxCrossEntropyWithLogits({ labels: i3, logits: x3, name: 'xent3' }),
      sparse_unknown: nn.sparseSoftmaxCrossEntropyWithLogits({ labels: iu, logits: xu }),
      sparse_f64: nn.sparseSoftmaxCrossEntropyWithLogits({ labels: id2, logits: xd }),
      sparse_f16: nn.sparseSoftmaxCrossEntropyWithLogits({ labels: ih, logits: xh }),
      sigmoid: nn.sigmoidCrossEntropyWithLogits({ labels: p2, logits: x2 }),
      sigmoid_static: nn.sigmoidCrossEntropyWithLogits({ labels: pd, logits: xd, name: 'static' }),
      sigmoid_f16: nn.sigmoidCrossEntropyWithLogits({ labels: phh, logits: xh }),
    }, ['x2', 'p2', 'x3', 'p3', 'xu', 'pu', 'xd', 'pd', 'xh', 'ph']];
  },
  totals: () => {
    const x = ph(f32, [null, 2], 'x');
    const a = getDefaultGraph().nameScope('head', () => L.meanSquaredError(x, ops.zerosLike(x)));
    const b = L.absoluteDifference(x, ops.onesLike(x));
    L.addLoss(ops.reduceSum(x), 'extra');
    return [{
      a, b, total: L.getTotalLoss(), head: L.getTotalLoss({ scope: 'head', name: 'h' }),
      no_reg: L.getTotalLoss({ addRegularizationLosses: false }), reg: L.getRegularizationLoss(),
    }, []];
  },
};

describe.each(Object.keys(GRAPHS))('%s', (name) => {
  const graph = new Graph();
  let fetch: Record<string, Output>;
  let xs: string[];
  const want = fixture.graphs[name];

  it('has the ops, attrs and collections TF1 Python makes', () => {
    [fetch, xs] = graph.asDefault(GRAPHS[name]);
    const { feeds, ...expected } = want;
    void feeds;
    expect(recordAll(graph, jsonOf)).toEqual(expected);
  });

  it('gives the losses TF1 Python gives', () => expectRunValues(graph, fetch, want.feeds, fixture.values[name]));

  if (fixture.gradients[name]) {
    it('gives the gradients TF1 Python gives', async () => {
      const grads = graph.asDefault(() => ops.gradients(ops.addN(Object.values(fetch).map((t) => ops.cast(ops.reduceSum(t), f32))),
        xs.map((x) => graph.tensor(`${x}:0`))));
      const sess = new Session(graph);
      try {
        for (const [i, feed] of want.feeds.entries()) {
          expectClose(jsonOf(await sess.run(grads as Output[], feedOf(graph, feed))), fixture.gradients[name][i]);
        }
      } finally {
        await sess.close();
      }
    });
  }
});

test('second-order gradients of tf.nn\'s cross entropies are TF 2.21\'s', async () => {
  const want = fixture.second_order;
  const graph = new Graph();
  const hessians = graph.asDefault(() => {
    const x = ph(f32, [null, 4], 'x2');
    const p = ph(f32, [null, 4], 'p2');
    const i = ph(DType.int32, [null], 'i2');
    const losses: Record<string, Output> = {
      sparse: ops.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: i, logits: x }),
      softmax: ops.nn.softmaxCrossEntropyWithLogitsV2({ labels: p, logits: x }),
      sigmoid: ops.nn.sigmoidCrossEntropyWithLogits({ labels: p, logits: x }),
    };
    return Object.fromEntries(Object.entries(losses).map(([k, loss]) => {
      const [g] = ops.gradients(ops.reduceSum(loss), x) as Output[];
      return [k, (ops.gradients(ops.reduceSum(ops.mul(g, g)), x) as Output[])[0]];
    }));
  });
  const sess = new Session(graph);
  try {
    expectClose(jsonOf(await sess.run(hessians, feedOf(graph, want.feed))), want.values);
  } finally {
    await sess.close();
  }
});

test('a linear model trained on huberLoss + logLoss (getTotalLoss) takes TF1 Python\'s steps', async () => {
  const want = fixture.training;
  const graph = new Graph();
  const [loss, trainOp, w, b] = graph.asDefault(() => {
    const x = ops.constant(want.x);
    const w = ops.getVariable('w', { initializer: ops.constant([[0.1], [-0.2], [0.3]]) });
    const b = ops.getVariable('b', { initializer: ops.constant([0.05]) });
    const y = ops.add(ops.matmul(x, w), b, 'add');
    L.huberLoss(want.y, y, { delta: 0.5 });
    L.logLoss(Tensor.from(want.b.map((r) => r.map(BigInt)), { dtype: DType.int64 }), ops.sigmoid(y), { weights: 0.5 });
    const loss = L.getTotalLoss();
    return [loss, new train.GradientDescentOptimizer(0.5).minimize(loss), w, b] as const;
  });
  const sess = new Session(graph);
  try {
    await sess.run(graph.asDefault(() => ops.globalVariablesInitializer()));
    const losses: number[] = [];
    for (let i = 0; i < want.losses.length; i++) losses.push(((await sess.run([loss, trainOp])) as Tensor[])[0].item() as number);
    expectClose(losses, want.losses);
    expectClose(jsonOf(await sess.run([w, b])), [want.w, want.bias]);
  } finally {
    await sess.close();
  }
});

describe('build errors', () => {
  const z = (shape: number[]) => ops.zeros(shape);
  const none = null as unknown as Output;
  itThrowsTF1Errors(fixture.build_errors, {
    cosine_no_axis: () => L.cosineDistance(z([2, 3]), z([2, 3])),
    labels_none: () => L.meanSquaredError(none, z([2])),
    predictions_none: () => L.huberLoss(z([2]), none),
    logits_none: () => L.hingeLoss(z([2]), none),
    onehot_none: () => L.softmaxCrossEntropy(none, z([2, 3])),
    multi_none: () => L.sigmoidCrossEntropy(none, z([2, 3])),
    bad_reduction: () => L.computeWeightedLoss(z([2]), { reduction: 'bogus' as ops.losses.Reduction }),
    shapes: () => L.meanSquaredError(z([2, 3]), z([3, 2])),
    log_shapes: () => L.logLoss(z([2, 3]), z([2, 4])),
    weights_dim: () => L.absoluteDifference(z([2, 3]), z([2, 3]), { weights: z([2, 2]) }),
    weights_rank: () => L.huberLoss(z([2, 3]), z([2, 3]), { weights: z([2, 3, 1]) }),
    pairwise_weights: () => L.meanPairwiseSquaredError(z([2, 3]), z([2, 3]), { weights: z([3]) }),
    softmax_shapes: () => L.softmaxCrossEntropy(z([2, 3]), z([2, 4])),
    no_losses: () => L.getTotalLoss(),
    nn_softmax_none: () => ops.nn.softmaxCrossEntropyWithLogits({ labels: none, logits: z([2, 3]) }),
    nn_softmax_v2_none: () => ops.nn.softmaxCrossEntropyWithLogitsV2({ labels: z([2, 3]), logits: none }),
    nn_softmax_shapes: () => ops.nn.softmaxCrossEntropyWithLogitsV2({ labels: z([2, 3]), logits: z([2, 4]) }),
    nn_softmax_int_logits: () => ops.nn.softmaxCrossEntropyWithLogitsV2({ labels: z([2, 3]),
      logits: ops.zeros([2, 3], DType.int32) }),
    nn_v1_axis: () => ops.nn.softmaxCrossEntropyWithLogits({ labels: z([2, 3]), logits: z([2, 3]), axis: 0 }),
    nn_v2_axis_dim: () => ops.nn.softmaxCrossEntropyWithLogitsV2({ labels: z([2, 3]), logits: z([2, 3]), axis: 0, dim: 0 }),
    nn_v2_negative_axis: () => ops.nn.softmaxCrossEntropyWithLogitsV2({ labels: z([2, 3, 4]), logits: z([2, 3, 4]),
      axis: -2 }),
    nn_sparse_none: () => ops.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: ops.zeros([2], DType.int32), logits: none }),
    nn_sparse_scalar: () => ops.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: ops.zeros([], DType.int32), logits: z([]) }),
    nn_sparse_rank: () => ops.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: ops.zeros([2, 1], DType.int32),
      logits: z([2, 3]) }),
    nn_sparse_shape: () => ops.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: ops.zeros([3], DType.int32),
      logits: z([2, 3]) }),
    nn_sparse_shape3: () => ops.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: ops.zeros([2, 4], DType.int32),
      logits: z([2, 3, 5]) }),
    nn_sparse_float_labels: () => ops.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: z([2]), logits: z([2, 3]) }),
    nn_sigmoid_none: () => ops.nn.sigmoidCrossEntropyWithLogits({ labels: none, logits: z([2, 3]) }),
    nn_sigmoid_shapes: () => ops.nn.sigmoidCrossEntropyWithLogits({ labels: z([2, 3]), logits: z([2, 4]) }),
    nn_sigmoid_int_labels: () => ops.nn.sigmoidCrossEntropyWithLogits({ labels: ops.zeros([2, 3], DType.int32),
      logits: z([2, 3]) }),
  });
});
