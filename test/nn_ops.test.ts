/**
 * More of TF1's tf.nn against TF1 Python (scripts/graph_fixtures/nn_ops.py): activations, the
 * losses of nn_impl.py, moments from sufficient statistics, pooling with argmax, fractional pooling
 * and morphology, the candidate samplers (op and graph seeds), nce_loss and sampled_softmax_loss
 * (on constants, a list of parts and a PartitionedVariable), and the CTC loss and decoders, built
 * here with the same calls, must have the same ops (names, types, inputs, attrs, Const values) in
 * the same order, the same static shapes, and session runs of them the same values; gradients
 * (CTCLoss's and LRN's, which only Python has right) the same values; seeded trainings
 * (word2vec-like with nce_loss and with sampled_softmax_loss, a CTC model) the same losses; bad
 * arguments TF1's errors.
 */
import { DType, Output, SparseTensor, Tensor, ops } from '../lib';
import { sliceOf } from '../lib/ops/array_ops';
import { RecordedAll, loadGraphFixture } from './helpers/graph_record';
import {
  Json, describeTF1Graphs, expectClose, itGivesTF1Gradients, itThrowsTF1Errors, trainByGradientDescent,
} from './helpers/fixture_values';

interface Fixture {
  graphs: Record<string, RecordedAll & { feeds: Array<Record<string, Json>>; shapes: Json }>;
  values: Record<string, Json[]>;
  gradients: Record<string, { sparse: boolean[]; runs: Array<{ feed: Record<string, Json>; grads: Json[] }> }>;
  training: { nce: { losses: number[]; final_b: number[] }; sampled_softmax: { losses: number[]; final_b: number[] };
    ctc: { losses: number[] } };
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('nn_ops.json');
const { nn } = ops;

/** A Const of a fixture graph, as the host tensor the Python graph converted. */
function hostValue(graph: string, op: string): Tensor {
  const c = fixture.graphs[graph].consts[op];
  return Tensor.from(c.value as number[], { shape: c.shape, dtype: DType.float32 });
}

/** The fixture's LABELS, CTC logits and CTC labels. */
const LABELS = () => ops.constant([[1], [4], [0], [6]], { dtype: DType.int64 });
const CTC_LOGITS = Tensor.from(fixture.graphs.ctc.feeds[0].logits as number[][][], { dtype: DType.float32 });
const ctcLabels = () => new SparseTensor([[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]],
  ops.constant([1, 2, 0, 0, 2], { dtype: DType.int32 }), [2, 3]);

/** `(np.arange(n) % mod - shift) / div` over `shape`, as the fixture script's exact binary fractions. */
function pattern(shape: number[], mod: number, shift: number, div: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return Tensor.from(Float32Array.from({ length: n }, (_, i) => ((i % mod) - shift) / div), { shape });
}
const WEIGHTS = pattern([2, 3, 4], 5, 2, 2);
const IMG_W = pattern([1, 4, 4, 2], 7, 3, 4);

const f32 = (name: string, shape: Array<number | null>) => ops.placeholder(DType.float32, shape, name);
const sparseParts = (sp: SparseTensor) => [sp.indices, sp.values, sp.denseShape];

const GRAPHS: Record<string, () => Record<string, Output | Output[]>> = {
  activations: () => {
    const x = f32('x', [2, 3, 4]);
    const img = f32('img', [1, 4, 4, 2]);
    return {
      softsign: nn.softsign(x),
      selu: nn.selu(x, 's'),
      crelu: nn.crelu(x),
      crelu_axis: nn.crelu(x, { axis: 1, name: 'cr' }),
      lrn: nn.lrn(img),
      lrn_args: nn.localResponseNormalization(img, { depthRadius: 1, bias: 2.0, alpha: 0.5, beta: 0.25, name: 'n' }),
      zero_fraction: nn.zeroFraction(x),
      zero_fraction_named: nn.zeroFraction(nn.relu(x), 'zf'),
    };
  },
  losses: () => {
    const x = f32('x', [2, 3, 4]);
    const t = f32('t', [2, 3, 4]);
    return {
      poisson: nn.logPoissonLoss(t, x),
      poisson_full: nn.logPoissonLoss(ops.mul(t, 3.0, 'mul'), x, { computeFullLoss: true, name: 'lp' }),
      weighted: nn.weightedCrossEntropyWithLogits({ targets: t, logits: x, posWeight: 2.0 }),
      weighted_labels: nn.weightedCrossEntropyWithLogits({ labels: t, logits: x, posWeight: 0.5, name: 'w' }),
    };
  },
  statistics: () => {
    const x = f32('x', [2, 3, 4]);
    const dyn = f32('dyn', [null, 3, null]);
    const w = f32('w', [1, 3, 1]);
    const [counts, mSs, vSs] = nn.sufficientStatistics(x, [0, 2]);
    const [counts2, mSs2, vSs2, shift2] = nn.sufficientStatistics(dyn, [0, -1], { shift: 0.5, keepDims: true, name: 'ss' });
    const [mean, variance] = nn.normalizeMoments(counts, mSs, vSs, null);
    const [mean2, variance2] = nn.normalizeMoments(counts2, mSs2, vSs2, shift2, 'nm');
    const wm = nn.weightedMoments(x, [1], w);
    const wmKeep = nn.weightedMoments(x, [0, 2], w, { keepDims: true, name: 'wm' });
    const m = f32('m', [4]);
    const bn = nn.batchNormWithGlobalNormalization(x, m, ops.add(ops.mul(m, m, 'mul'), 1.0, 'add'), ops.mul(m, 0.5, 'mul'),
      ops.add(m, 2.0, 'add'), 0.001, true);
    const bnUnscaled = nn.batchNormWithGlobalNormalization(x, m, ops.add(ops.mul(m, m, 'mul'), 1.0, 'add'),
      ops.mul(m, 0.5, 'mul'), ops.add(m, 2.0, 'add'), 0.01, false, 'bn');
    return {
      ss: [counts, mSs, vSs], ss_shift: [counts2, mSs2, vSs2, shift2!], moments: [mean, variance],
      moments_shift: [mean2, variance2], wm, wm_keep: wmKeep, bn, bn_unscaled: bnUnscaled,
    };
  },
  pooling: () => {
    const img = f32('img', [1, 4, 4, 2]);
    const k = f32('k', [2, 2, 2]);
    return {
      argmax: nn.maxPoolWithArgmax(img, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME'),
      argmax_int32: nn.maxPoolWithArgmax(img, [1, 3, 3, 1], [1, 1, 1, 1], 'VALID', { Targmax: DType.int32,
        includeBatchInIndex: true, name: 'mpa' }),
      fmax: nn.fractionalMaxPool(img, [1.0, 1.5, 1.5, 1.0], { deterministic: true, seed: 3, seed2: 4 }),
      fmax_args: nn.fractionalMaxPool(img, [1.0, 2.0, 1.44, 1.0], { pseudoRandom: true, overlapping: true,
        deterministic: true, seed: 1, seed2: 2, name: 'fm' }),
      favg: nn.fractionalAvgPool(img, [1.0, 1.5, 1.5, 1.0], { deterministic: true, seed: 5, seed2: 6 }),
      dilation: nn.dilation2d(img, k, [1, 1, 1, 1], [1, 1, 1, 1], 'SAME'),
      dilation_rates: nn.dilation2d(img, k, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID', 'dil'),
      erosion: nn.erosion2d(img, k, [1, 1, 1, 1], [1, 1, 1, 1], 'SAME'),
      erosion_named: nn.erosion2d(img, k, [1, 2, 2, 1], [1, 1, 1, 1], 'VALID', 'ero'),
    };
  },
  samplers: () => {
    const labels = ops.placeholder(DType.int64, [4, 1], 'labels');
    const pairs = ops.placeholder(DType.int64, [2, 2], 'pairs');
    const sampled = nn.logUniformCandidateSampler(labels, 1, 5, true, 10, { seed: 7 });
    const list = (s: { sampledCandidates: Output; trueExpectedCount: Output; sampledExpectedCount: Output }) =>
      [s.sampledCandidates, s.trueExpectedCount, s.sampledExpectedCount];
    const hitsList = (h: { indices: Output; ids: Output; weights: Output }) => [h.indices, h.ids, h.weights];
    return {
      uniform: list(nn.uniformCandidateSampler(labels, 1, 3, true, 10, { seed: 1 })),
      uniform_repeat: list(nn.uniformCandidateSampler(pairs, 2, 6, false, 5, { seed: 2, name: 'u' })),
      log_uniform: list(sampled),
      learned: list(nn.learnedUnigramCandidateSampler(labels, 1, 4, true, 8, { seed: 3 })),
      fixed: list(nn.fixedUnigramCandidateSampler(labels, 1, 4, true, 8, { unigrams: [1, 2, 3, 4, 5, 6, 7, 8],
        distortion: 0.5, seed: 4 })),
      fixed_reserved: list(nn.fixedUnigramCandidateSampler(pairs, 2, 3, false, 6, { unigrams: [4, 3, 2, 1],
        numReservedIds: 2, seed: 5, name: 'fu' })),
      all: list(nn.allCandidateSampler(labels, 1, 8, true, { seed: 6 })),
      hits: hitsList(nn.computeAccidentalHits(labels, sampled.sampledCandidates, 1)),
      hits_named: hitsList(nn.computeAccidentalHits(pairs, ops.constant([0, 3, 1], { dtype: DType.int64 }), 2,
        { seed: 9, name: 'hits' })),
    };
  },
  graph_seeded: () => {
    ops.setRandomSeed(5);
    const labels = ops.placeholder(DType.int64, [4, 1], 'labels');
    const u = nn.uniformCandidateSampler(labels, 1, 3, true, 10);
    const hits = nn.computeAccidentalHits(labels, u.sampledCandidates, 1);
    const l = nn.logUniformCandidateSampler(labels, 1, 3, false, 10);
    return {
      uniform: [u.sampledCandidates, u.trueExpectedCount, u.sampledExpectedCount],
      hits: [hits.indices, hits.ids, hits.weights],
      log_uniform: [l.sampledCandidates, l.trueExpectedCount, l.sampledExpectedCount],
    };
  },
  sampled_losses: () => {
    ops.setRandomSeed(2);
    const inputs = f32('inputs', [4, 3]);
    const labels = ops.placeholder(DType.int64, [4, 1], 'labels');
    const labels2 = ops.placeholder(DType.int32, [4, 2], 'labels2');
    const w = ops.constant(hostValue('sampled_losses', 'w'), { name: 'w' });
    const b = ops.constant(hostValue('sampled_losses', 'b'), { name: 'b' });
    const parts = [ops.constant(hostValue('sampled_losses', 'w0'), { name: 'w0' }),
      ops.constant(hostValue('sampled_losses', 'w1'), { name: 'w1' })];
    const sv = nn.uniformCandidateSampler(labels, 1, 4, true, 10, { seed: 3 });
    return {
      nce: nn.nceLoss(w, b, labels, inputs, 4, 10, { sampledValues: sv }),
      nce_hits: nn.nceLoss(w, b, labels2, inputs, 3, 10, { numTrue: 2, removeAccidentalHits: true, name: 'nce2' }),
      nce_parts: nn.nceLoss(parts, b, labels, inputs, 3, 10, { partitionStrategy: 'div', sampledValues: sv }),
      softmax: nn.sampledSoftmaxLoss(w, b, labels, inputs, 4, 10, { sampledValues: sv }),
      softmax_seeded: nn.sampledSoftmaxLoss(w, b, labels2, inputs, 3, 10, { numTrue: 2, seed: 11, name: 'ssl' }),
      softmax_no_hits: nn.sampledSoftmaxLoss(parts, b, labels, inputs, 4, 10, { sampledValues: sv,
        removeAccidentalHits: false }),
    };
  },
  partitioned: () => {
    const inputs = f32('inputs', [4, 3]);
    const labels = ops.placeholder(DType.int64, [4, 1], 'labels');
    const w = ops.getVariable('w', { shape: [10, 3], initializer: ops.constantInitializer(0.25),
      partitioner: ops.fixedSizePartitioner(3) });
    const b = ops.getVariable('b', { shape: [10], initializer: ops.zerosInitializer() });
    const sv = nn.uniformCandidateSampler(labels, 1, 4, true, 10, { seed: 3 });
    return {
      nce: nn.nceLoss(w, b, labels, inputs, 4, 10, { sampledValues: sv }),
      softmax: nn.sampledSoftmaxLoss(w, b, labels, inputs, 4, 10, { sampledValues: sv }),
    };
  },
  ctc: () => {
    const logits = f32('logits', [5, 2, 4]);
    const seq = ops.placeholder(DType.int32, [2], 'seq');
    const [greedy, greedyP] = nn.ctcGreedyDecoder(logits, seq);
    const [greedy2, greedy2P] = nn.ctcGreedyDecoder(logits, seq, { mergeRepeated: false });
    const [beam, beamP] = nn.ctcBeamSearchDecoder(logits, seq, { beamWidth: 3, topPaths: 2 });
    return {
      loss: nn.ctcLoss(ctcLabels(), logits, seq),
      loss_args: nn.ctcLoss(ctcLabels(), ops.transpose(logits, [1, 0, 2]), seq, { preprocessCollapseRepeated: true,
        ctcMergeRepeated: false, ignoreLongerOutputsThanInputs: true, timeMajor: false }),
      greedy: [...sparseParts(greedy[0]), greedyP],
      greedy_unmerged: [...sparseParts(greedy2[0]), greedy2P],
      beam: [...sparseParts(beam[0]), ...sparseParts(beam[1]), beamP],
    };
  },
};

describe('tf.nn graphs', () => {
  describeTF1Graphs(GRAPHS, fixture);
});

const GRAD_CASES: Record<string, () => [Output, Output[]]> = {
  activation: () => {
    const x = f32('x', [2, 3, 4]);
    const crelu = sliceOf(nn.crelu(x), [[null, null], [null, null], [null, 4]]);
    const y = ops.add(ops.add(nn.softsign(x), nn.selu(x)), crelu);
    return [ops.reduceSum(ops.mul(y, WEIGHTS)), [x]];
  },
  lrn: () => {
    const img = f32('img', [1, 4, 4, 2]);
    return [ops.reduceSum(ops.mul(nn.lrn(img, { depthRadius: 1, bias: 1.0, alpha: 0.5, beta: 0.75 }), IMG_W)), [img]];
  },
  losses: () => {
    const x = f32('x', [2, 3, 4]);
    const t = f32('x_1', [2, 3, 4]);
    const poisson = nn.logPoissonLoss(ops.abs(t), x, { computeFullLoss: true });
    const weighted = nn.weightedCrossEntropyWithLogits({ targets: ops.abs(t), logits: x, posWeight: 2.0 });
    return [ops.reduceSum(ops.add(ops.mul(poisson, WEIGHTS), weighted)), [x]];
  },
  moments: () => {
    const x = f32('x', [2, 3, 4]);
    const [mean, variance] = nn.weightedMoments(x, [0, 2], ops.constant([[[1.0], [2.0], [0.5]]]));
    const [c, m, v, s] = nn.sufficientStatistics(x, [1], { shift: 0.25 });
    const [mean2, variance2] = nn.normalizeMoments(c, m, v, s);
    // weights[:, 0]
    const w0 = Tensor.from(Float32Array.from({ length: 8 }, (_, i) => (((Math.floor(i / 4) * 12 + i % 4) % 5) - 2) / 2),
      { shape: [2, 4] });
    return [ops.add(ops.reduceSum(ops.mul(mean, variance)), ops.reduceSum(ops.mul(ops.mul(mean2, variance2), w0))), [x]];
  },
  pooling: () => {
    const img = f32('img', [1, 4, 4, 2]);
    const k = f32('k', [2, 2, 2]);
    const [pooled] = nn.maxPoolWithArgmax(img, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');
    const [fmax] = nn.fractionalMaxPool(img, [1.0, 1.5, 1.5, 1.0], { deterministic: true, seed: 3, seed2: 4 });
    const [favg] = nn.fractionalAvgPool(img, [1.0, 1.5, 1.5, 1.0], { overlapping: true, deterministic: true, seed: 5,
      seed2: 6 });
    // img_w[:, :2, :2]
    const wCorner = Tensor.from(Float32Array.from({ length: 8 }, (_, i) => {
      const flat = Math.floor(i / 4) * 8 + (Math.floor(i / 2) % 2) * 2 + (i % 2);
      return ((flat % 7) - 3) / 4;
    }), { shape: [1, 2, 2, 2] });
    const terms = [ops.mul(pooled, wCorner), ops.mul(fmax, fmax), ops.mul(favg, favg),
      ops.mul(nn.dilation2d(img, k, [1, 1, 1, 1], [1, 1, 1, 1], 'SAME'), IMG_W),
      ops.mul(nn.erosion2d(img, k, [1, 1, 1, 1], [1, 1, 1, 1], 'SAME'), IMG_W)].map((t) => ops.reduceSum(t));
    return [terms.reduce((a, b) => ops.add(a, b)), [img, k]];
  },
  sampled: () => {
    ops.setRandomSeed(1);
    const inputs = f32('inputs', [4, 3]);
    const w = ops.constant(hostValue('sampled_losses', 'w'));
    const b = ops.constant(hostValue('sampled_losses', 'b'));
    const y = ops.add(ops.reduceSum(nn.nceLoss(w, b, LABELS(), inputs, 4, 10, { removeAccidentalHits: true })),
      ops.reduceSum(nn.sampledSoftmaxLoss(w, b, LABELS(), inputs, 4, 10, { seed: 2 })));
    return [y, [w, b, inputs]];
  },
  ctc_loss: () => {
    const logits = f32('logits', [5, 2, 4]);
    const loss = nn.ctcLoss(ctcLabels(), logits, [5, 4]);
    const loss2 = nn.ctcLoss(ctcLabels(), ops.transpose(logits, [1, 0, 2]), [4, 5], { timeMajor: false });
    return [ops.add(ops.reduceSum(ops.mul(loss, [1.0, 2.0])), ops.reduceSum(loss2)), [logits]];
  },
};

describe('gradients', () => itGivesTF1Gradients(fixture.gradients, GRAD_CASES));

describe('training', () => {
  const CENTERS = [0, 3, 5, 7, 9, 11];
  const CONTEXTS = [[1], [2], [6], [8], [10], [0]];

  it.each(['nce', 'sampled_softmax'] as const)('a word2vec-like model trained with %s gives TF1\'s losses', async (kind) => {
    const { losses, fetched } = await trainByGradientDescent(() => {
      ops.setRandomSeed(17);
      const emb = ops.getVariable('emb', { shape: [12, 4], initializer: ops.randomUniformInitializer({ minval: -1, maxval: 1,
        seed: 1 }) });
      const w = ops.getVariable('nce_w', { shape: [12, 4], initializer: ops.truncatedNormalInitializer({ stddev: 0.5,
        seed: 2 }) });
      const bias = ops.getVariable('nce_b', { shape: [12], initializer: ops.zerosInitializer() });
      const embedded = nn.embeddingLookup(emb, ops.constant(CENTERS, { dtype: DType.int64 }));
      const contexts = ops.constant(CONTEXTS, { dtype: DType.int64 });
      const perExample = kind === 'nce' ? nn.nceLoss(w, bias, contexts, embedded, 5, 12)
        : nn.sampledSoftmaxLoss(w, bias, contexts, embedded, 5, 12, { seed: 3 });
      return { loss: ops.reduceMean(perExample), fetch: bias };
    }, 0.5, 5);
    expectClose(losses, fixture.training[kind].losses);
    expectClose(fetched, fixture.training[kind].final_b);
  });

  it('a CTC model trained a few steps gives TF1\'s losses', async () => {
    const { losses } = await trainByGradientDescent(() => {
      const logits = ops.getVariable('logits', { initializer: ops.constant(CTC_LOGITS) });
      return { loss: ops.reduceMean(nn.ctcLoss(ctcLabels(), logits, [5, 4])) };
    }, 0.3, 5);
    expectClose(losses, fixture.training.ctc.losses);
  });
});

describe('tf.nn build errors', () => {
  const z = (...shape: number[]) => ops.zeros(shape);
  itThrowsTF1Errors(fixture.build_errors, {
    poisson_shapes: () => nn.logPoissonLoss(z(2, 3), z(3, 2)),
    weighted_shapes: () => nn.weightedCrossEntropyWithLogits({ targets: z(2), logits: z(3), posWeight: 1.0 }),
    argmax_nchw: () => nn.maxPoolWithArgmax(z(1, 4, 4, 2), [1, 2, 2, 1], [1, 2, 2, 1], 'SAME', { dataFormat: 'NCHW' }),
    ctc_dense_labels: () => nn.ctcLoss(ops.zeros([2, 3], DType.int32) as unknown as SparseTensor, z(5, 2, 4), [5, 5]),
    learned_range: () => nn.learnedUnigramCandidateSampler(ops.zeros([2, 1], DType.int64), 1, 2, true, 2 ** 31),
  });
});
