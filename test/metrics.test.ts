/**
 * TF1's streaming metrics (`tf.compat.v1.metrics`) against TF1 Python: the graphs of
 * scripts/graph_fixtures/metrics.py, built here with the same calls to `ops.metrics.*`, must have
 * the same ops (names, types, inputs, control inputs, placement, attrs, Const values) in the same
 * order, the same local and metric variables and collections; streamed batch by batch after
 * `localVariablesInitializer()`, their update ops and values must give Python's numbers. Also
 * the errors of bad arguments (building) and of bad inputs (running), and an evaluation loop
 * under a MonitoredSession read by a FinalOpsHook.
 */
import { DType, Graph, GraphKeys, Output, Session, Tensor, errors, ops, train } from '../lib';
import { RecordedAll, loadGraphFixture, recordAll } from './helpers/graph_record';
import { Json, expectClose, expectRunValues, feedOf, itThrowsTF1Errors, jsonOf } from './helpers/fixture_values';

type Metrics = Record<string, ops.metrics.Metric>;
interface Values { initial: Json; updates: Json[]; final: Json }
interface Fixture {
  graphs: Record<string, RecordedAll & { feeds: Array<Record<string, Json>> }>;
  values: Record<string, Values>;
  build_errors: Record<string, { class: string; message: string }>;
  run_errors: Record<string, { class: string; node: string; message: string; feed: Record<string, Json>; ops: number }>;
  eval_loop: { x: number[][][]; y: number[][]; w: number[][]; final: Record<string, number> };
  confusion: RecordedAll & { feeds: Array<Record<string, Json>>; values: Json[] };
}
const fixture = loadGraphFixture<Fixture>('metrics.json');
const m = ops.metrics;

const ph = (dtype: DType, shape: (number | null)[] | null, name: string) => ops.placeholder(dtype, shape, name);
const f32 = DType.float32;

/** Each graph of the fixture: the same metrics, built with the same arguments as Python's. */
const GRAPHS: Record<string, () => Metrics> = {
  mean_graph: () => {
    const v = ph(f32, [null, 3], 'v');
    const w = ph(f32, [null, 1], 'w');
    const i = ph(DType.int32, [null], 'i');
    const u = ph(f32, null, 'u');
    const vt = ph(f32, [2, 3], 'vt');
    const wt = ph(f32, [2, 1], 'wt');
    return {
      plain: m.mean(v),
      weighted: m.mean(v, { weights: w }),
      scalar: m.mean(v, { weights: 0.5, metricsCollections: ['my_metrics'], updatesCollections: ['my_updates'], name: 'half' }),
      ints: m.mean(i),
      unknown_rank: m.mean(v, { weights: u }),
      static: m.mean(vt, { weights: ops.ones([2, 3]) }),
      tensor: m.meanTensor(vt),
      tensor_weighted: m.meanTensor(vt, { weights: wt, metricsCollections: ['my_metrics'], name: 'mt' }),
    };
  },
  accuracy_graph: () => {
    const labels = ph(DType.int32, [null], 'labels');
    const preds = ph(DType.int64, [null], 'preds');
    const col = ph(DType.int32, [null, 1], 'col');
    const w = ph(f32, [null], 'w');
    return {
      accuracy: m.accuracy(labels, preds),
      weighted: m.accuracy(labels, preds, { weights: w, name: 'acc' }),
      squeezed: m.accuracy(col, preds, { updatesCollections: ['my_updates'] }),
      per_class: m.meanPerClassAccuracy(labels, preds, 3),
      per_class_weighted: m.meanPerClassAccuracy(labels, preds, 3, { weights: w, name: 'pc' }),
      iou: m.meanIou(labels, preds, 3),
      iou_weighted: m.meanIou(labels, preds, 3, { weights: w, metricsCollections: ['my_metrics'] }),
    };
  },
  regression_graph: () => {
    const labels = ph(f32, [null, 3], 'labels');
    const preds = ph(f32, [null, 3], 'preds');
    const w = ph(f32, [null, 3], 'w');
    const norm = ph(f32, [null, 3], 'norm');
    const unitL = ph(f32, [null, 3], 'unit_l');
    const unitP = ph(f32, [null, 3], 'unit_p');
    return {
      mae: m.meanAbsoluteError(labels, preds),
      mae_weighted: m.meanAbsoluteError(labels, preds, { weights: w }),
      mse: m.meanSquaredError(labels, preds, { name: 'my_mse' }),
      rmse: m.rootMeanSquaredError(labels, preds, { weights: w, metricsCollections: ['my_metrics'],
        updatesCollections: ['my_updates'] }),
      relative: m.meanRelativeError(labels, preds, norm),
      cosine: m.meanCosineDistance(unitL, unitP, 1, { metricsCollections: ['my_metrics'], updatesCollections: ['my_updates'] }),
      cosine_weighted: m.meanCosineDistance(unitL, unitP, 1, { weights: ph(f32, [null, 1], 'cw') }),
      below: m.percentageBelow(preds, 0.25),
      below_weighted: m.percentageBelow(preds, 0.0, { weights: w, name: 'below' }),
    };
  },
  counts_graph: () => {
    const labels = ph(DType.int64, [null], 'labels');
    const b = ph(DType.bool, [null], 'b');
    const p = ph(f32, [null], 'p');
    const w = ph(f32, [null], 'w');
    return {
      tp: m.truePositives(labels, b),
      fp: m.falsePositives(labels, b, { weights: w }),
      tn: m.trueNegatives(labels, p, { metricsCollections: ['my_metrics'] }),
      fn: m.falseNegatives(labels, b, { weights: 2.0, updatesCollections: ['my_updates'] }),
      precision: m.precision(labels, b),
      precision_weighted: m.precision(labels, b, { weights: w, name: 'prec' }),
      recall: m.recall(labels, b, { metricsCollections: ['my_metrics'], updatesCollections: ['my_updates'] }),
      recall_weighted: m.recall(labels, p, { weights: w }),
      tp_unknown_rank: m.truePositives(labels, b, { weights: ph(f32, null, 'wu') }),
    };
  },
  thresholds_graph: () => {
    const th = [0.25, 0.5, 0.75];
    const labels = ph(DType.bool, [null], 'labels');
    const p = ph(f32, [null], 'p');
    const w = ph(f32, [null], 'w');
    const l4 = ph(DType.int32, [4, 1], 'l4');
    const p4 = ph(DType.float64, [4], 'p4');
    return {
      tp: m.truePositivesAtThresholds(labels, p, th),
      fp: m.falsePositivesAtThresholds(labels, p, th, { weights: w }),
      tn: m.trueNegativesAtThresholds(labels, p, th, { metricsCollections: ['my_metrics'] }),
      fn: m.falseNegativesAtThresholds(labels, p, th, { updatesCollections: ['my_updates'] }),
      tp_static: m.truePositivesAtThresholds(l4, p4, [0.5], { name: 'tp4' }),
      precision: m.precisionAtThresholds(labels, p, th, { weights: w }),
      recall: m.recallAtThresholds(labels, p, th, { metricsCollections: ['my_metrics'], updatesCollections: ['my_updates'],
        name: 'rec' }),
    };
  },
  auc_graph: () => {
    const labels = ph(DType.int64, [null], 'labels');
    const p = ph(f32, [null], 'p');
    const w = ph(f32, [null], 'w');
    return {
      roc: m.auc(labels, p),
      roc_weighted: m.auc(labels, p, { weights: w, numThresholds: 10, metricsCollections: ['my_metrics'],
        updatesCollections: ['my_updates'] }),
      pr: m.auc(labels, p, { numThresholds: 10, curve: 'PR' }),
      pr_careful: m.auc(labels, p, { weights: w, numThresholds: 10, curve: 'PR', summationMethod: 'careful_interpolation' }),
      minoring: m.auc(labels, p, { numThresholds: 8, summationMethod: 'minoring', name: 'lower' }),
      majoring: m.auc(labels, p, { numThresholds: 8, summationMethod: 'majoring' }),
      given: m.auc(labels, p, { thresholds: [0.6, 0.2, 0.4] }),
      sensitivity: m.sensitivityAtSpecificity(labels, p, 0.7, { numThresholds: 12 }),
      sensitivity_weighted: m.sensitivityAtSpecificity(labels, p, 0.5, { weights: w, numThresholds: 12,
        metricsCollections: ['my_metrics'] }),
      specificity: m.specificityAtSensitivity(labels, p, 0.6, { numThresholds: 12 }),
      specificity_weighted: m.specificityAtSensitivity(labels, p, 0.4, { weights: w, numThresholds: 12,
        updatesCollections: ['my_updates'], name: 'spec' }),
    };
  },
  at_k_graph: () => {
    const labels = ph(DType.int64, [null, 2], 'labels');
    const label = ph(DType.int64, [null], 'label');
    const logits = ph(f32, [null, 5], 'logits');
    const idx = ph(DType.int32, [null, 2], 'idx');
    const w = ph(f32, [null], 'w');
    return {
      recall: m.recallAtK(labels, logits, 2),
      recall_class: m.recallAtK(label, logits, 1, { classId: 2 }),
      recall_weighted: m.recallAtK(labels, logits, 3, { weights: w, metricsCollections: ['my_metrics'],
        updatesCollections: ['my_updates'] }),
      precision: m.precisionAtK(labels, logits, 2),
      precision_class: m.precisionAtK(labels, logits, 2, { classId: 1, weights: w, name: 'p_class' }),
      ap: m.averagePrecisionAtK(labels, logits, 2),
      ap_weighted: m.averagePrecisionAtK(label, logits, 3, { weights: w, metricsCollections: ['my_metrics'] }),
      recall_top: m.recallAtTopK(labels, idx),
      precision_top: m.precisionAtTopK(label, idx, { k: 2, classId: 3, updatesCollections: ['my_updates'] }),
    };
  },
  at_k_sparse_graph: () => {
    const labels = ops.sparsePlaceholder(DType.int64, [null, null], 'sl');
    const logits = ph(f32, [null, 5], 'logits');
    const idx = ph(DType.int32, [null, 2], 'idx');
    const w = ph(f32, [null], 'w');
    return {
      recall: m.recallAtK(labels, logits, 2),
      recall_class: m.recallAtK(labels, logits, 2, { classId: 1, weights: w }),
      precision: m.precisionAtK(labels, logits, 3, { metricsCollections: ['my_metrics'] }),
      ap: m.averagePrecisionAtK(labels, logits, 2),
      ap_weighted: m.averagePrecisionAtK(labels, logits, 1, { weights: w, updatesCollections: ['my_updates'] }),
      precision_top: m.precisionAtTopK(labels, idx, { classId: 0 }),
    };
  },
};

/** A fetched value as the fixture has it: NaN (0/0 before any update) as 'nan'. */
function nanJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(nanJson);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nanJson(x)]));
  return typeof v === 'number' && Number.isNaN(v) ? 'nan' : v;
}

const pick = (metrics: Metrics, i: 0 | 1) => Object.fromEntries(Object.entries(metrics).map(([k, mv]) => [k, mv[i]]));

describe.each(Object.keys(GRAPHS))('%s', (name) => {
  const graph = new Graph();
  let metrics: Metrics;
  const want = fixture.graphs[name];

  it('has the ops, attrs, local variables and collections TF1 Python makes', () => {
    metrics = graph.asDefault(GRAPHS[name]);
    const { feeds, ...expected } = want;
    void feeds;
    expect(recordAll(graph, jsonOf)).toEqual(expected);
    // The metrics' variables are in TF1's `tf.GraphKeys.METRIC_VARIABLES`.
    expect(graph.getCollection<{ name: string }>(GraphKeys.METRIC_VARIABLES).map((v) => v.name))
      .toEqual(expected.collections.metric_variables);
  });

  it('streams the batches to TF1 Python\'s updates and values', async () => {
    const sess = new Session(graph);
    try {
      await sess.run(graph.asDefault(() => ops.localVariablesInitializer()));
      const values = pick(metrics, 0);
      const got: Values = { initial: null, updates: [], final: null };
      got.initial = nanJson(jsonOf(await sess.run(values))) as Json;
      for (const feed of want.feeds) {
        got.updates.push(nanJson(jsonOf(await sess.run(pick(metrics, 1), feedOf(graph, feed)))) as Json);
      }
      got.final = nanJson(jsonOf(await sess.run(values))) as Json;
      expectClose(got, fixture.values[name]);
    } finally {
      await sess.close();
    }
  });
});

test('ops.confusionMatrix: classes counted or given, weights, [N, 1] labels squeezed, as TF1', async () => {
  const { feeds, values, ...expected } = fixture.confusion;
  const graph = new Graph();
  const fetch = graph.asDefault(() => {
    const labels = ph(DType.int32, [null], 'labels');
    const preds = ph(DType.int64, [null], 'preds');
    const col = ph(DType.int32, [null, 1], 'col');
    const w = ph(f32, [null], 'w');
    return { counted: ops.confusionMatrix(labels, preds),
      given: ops.confusionMatrix(col, preds, { numClasses: 4, weights: w, dtype: f32, name: 'cm' }) };
  });
  expect(recordAll(graph, jsonOf)).toEqual(expected);
  await expectRunValues(graph, fetch, feeds, values);
});

describe('build errors', () => {
  const z = (shape: number[], dtype: DType = f32) => ops.zeros(shape, dtype);
  const i32 = (v: number | number[] | number[][]) => Tensor.from(v, { dtype: DType.int32 });
  const CASES: Record<string, () => unknown> = {
    mean_weights_dim: () => m.mean(z([2, 3]), { weights: z([3]) }),
    mean_weights_rank: () => m.mean(z([2, 3]), { weights: z([2, 3, 1, 1]) }),
    mean_tensor_weights: () => m.meanTensor(z([2, 3]), { weights: z([2, 2]) }),
    mean_tensor_shape: () => m.meanTensor(ph(f32, [null, 3], 'Placeholder')),
    accuracy_shapes: () => m.accuracy(z([3]), z([4])),
    mae_shapes: () => m.meanAbsoluteError(z([3, 2]), z([2, 3])),
    count_weights_rank: () => m.truePositives(z([4]), z([4]), { weights: z([4, 1, 1]) }),
    count_not_bool: () => m.precision(z([4]), z([4]), { weights: z([4, 1, 1]) }),
    thresholds_weights: () => m.truePositivesAtThresholds(z([4]), z([4]), [0.5], { weights: z([3]) }),
    auc_curve: () => m.auc(z([4]), z([4]), { curve: 'XY' }),
    auc_summation: () => m.auc(z([4]), z([4]), { summationMethod: 'bogus' }),
    sensitivity_range: () => m.sensitivityAtSpecificity(z([4]), z([4]), 1.5),
    specificity_range: () => m.specificityAtSensitivity(z([4]), z([4]), -0.25),
    iou_shapes: () => m.meanIou(z([4], DType.int32), z([3], DType.int32), 2),
    per_class_shapes: () => m.meanPerClassAccuracy(z([4], DType.int32), z([3], DType.int32), 2),
    relative_normalizer: () => m.meanRelativeError(z([4]), z([4]), z([3])),
    ap_k: () => m.averagePrecisionAtK(z([2, 3], DType.int64), z([2, 3]), 0),
    top_k_labels_rank: () => m.recallAtTopK(z([2, 3, 1], DType.int64), z([2], DType.int64)),
    // Python ints are int32 tensors here.
    static_equal: () => ops.assertEqual(i32([1, 2]), i32([1, 3])),
    static_less_broadcast: () => ops.assertLess([1, 2.5], 2),
    static_message: () => ops.assertLessEqual(i32(3), i32(2), { message: 'nope' }),
    static_data: () => ops.assertGreaterEqual(i32([[1, 2], [3, 4]]), i32([2, 1]), { data: ['a', ops.constant(i32(5)), 1.5] }),
    static_data_tensor: () => ops.assertGreaterEqual(i32([[1, 2], [3, 4]]), i32([2, 1]), { data: ['a', ph(DType.int32, null, 'p')] }),
    static_strings: () => ops.assertEqual(ops.constant(['a', 'bb']), ops.constant(['a', 'c'])),
    static_non_negative: () => ops.assertNonNegative(i32([-1, 2])),
    static_greater: () => ops.assertGreater(i32([3, 1]), i32(2), { summarize: 1 }),
    static_none_equal: () => ops.assertNoneEqual([1, 2], [3, 2]),
    static_negative: () => ops.assertNegative(i32([-1, 0]), { message: 'neg' }),
    static_positive: () => ops.assertPositive([[0.5], [0]]),
    static_non_positive: () => ops.assertNonPositive(ops.constant([1], { dtype: DType.int64 })),
    auc_constant_range: () => m.auc(ops.constant([true, false]), ops.constant([1.5, 0.25])),
  };
  itThrowsTF1Errors(fixture.build_errors, CASES);
});

describe('run errors: the metrics\' run-time checks fail as in TF1', () => {
  const CASES: Record<string, () => ops.metrics.Metric> = {
    auc_range: () => m.auc(ph(DType.int64, [null], 'labels'), ph(f32, [null], 'p'), { numThresholds: 3 }),
    mean_broadcast: () => m.mean(ph(f32, [null, 3], 'v'), { weights: ph(f32, [null, null], 'w') }),
  };
  it.each(Object.keys(CASES))('%s', async (name) => {
    const want = fixture.run_errors[name];
    const graph = new Graph();
    const [update, init] = graph.asDefault(() => [CASES[name]()[1], ops.localVariablesInitializer()] as const);
    expect(graph.operations().length).toBe(want.ops);
    const sess = new Session(graph);
    try {
      await sess.run(init);
      const error = await sess.run(update, feedOf(graph, want.feed)).then(() => null, (e: Error) => e);
      expect(error).toBeInstanceOf(errors.InvalidArgumentError);
      expect(error!.message).toContain(want.message);
      expect((error as errors.OpError).message).toContain(want.node);
    } finally {
      await sess.close();
    }
  });
});

test('an evaluation loop: MonitoredSession initializes the metrics, updates run per batch, FinalOpsHook reads them', async () => {
  const want = fixture.eval_loop;
  const graph = new Graph();
  const result = await graph.asDefault(async () => {
    const x = ph(f32, [null, 3], 'x');
    const y = ph(DType.int64, [null], 'y');
    const w = ops.getVariable('w', { initializer: ops.constant(want.w) });
    const prob = ops.sigmoid(ops.squeeze(ops.matmul(x, w), [1]));
    const loss = ops.losses.logLoss(y, prob);
    const metrics: Metrics = {
      accuracy: m.accuracy(y, ops.cast(ops.greater(prob, 0.5), DType.int64)),
      auc: m.auc(y, prob, { numThresholds: 20 }),
      loss: m.mean(loss),
      precision: m.precision(y, ops.greater(prob, 0.5)),
    };
    const hook = new train.FinalOpsHook(pick(metrics, 0));
    const updates = ops.group(Object.values(metrics).map(([, u]) => u));
    await train.withMonitoredSession(train.MonitoredSession.create({ hooks: [hook] }), async (sess) => {
      for (const [i, xs] of want.x.entries()) {
        await sess.run(updates, new Map<Output, Tensor>([[x, Tensor.from(xs, { dtype: f32 })],
          [y, Tensor.from(want.y[i].map(BigInt), { dtype: DType.int64 })]]));
      }
    });
    return hook.finalOpsValues;
  });
  expectClose(jsonOf(result), want.final);
});
