/**
 * TF1's math ops against TF1 Python (scripts/graph_fixtures/math_ops.py): unary and binary
 * elementwise ops, reductions, cumulative and segment ops, bincount/histogram/linspace, the
 * deprecated casts, complex parts, sort/argsort/top_k and the numerics checks, built here with the
 * same calls, must have the same ops (names, types, inputs, attrs, Const values) in the same
 * order, the same static shapes, and session runs of them the same values; their gradients TF1's
 * values, a short training run TF1's losses, bad arguments TF1's errors.
 */
import { DType, Graph, Output, Session, Tensor, errors, ops } from '../lib';
import { sliceOf } from '../lib/ops/array_ops';
import { loadGraphFixture } from './helpers/graph_record';
import {
  OpsFixture, describeTF1Graphs, expectClose, itGivesTF1Gradients, itThrowsTF1Errors, trainByGradientDescent,
} from './helpers/fixture_values';

interface Fixture extends OpsFixture {
  training: { losses: number[]; w: number[][] };
  run_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('math_ops.json');

/** X of the fixture script: values in (0, 1), every unary op defined there. */
const X = [[0.1, 0.25, 0.4], [0.55, 0.7, 0.85]];
const IDS = [0, 0, 1, 3];

const xy = () => [ops.placeholder(DType.float32, [2, 3], 'x'), ops.placeholder(DType.float32, [2, 3], 'y')];
/** Python's `x op c` for a host `c`: the op named after the operator (`mul`, `add`, `sub`). */
const times = (x: Output, c: number) => ops.mul(x, c, 'mul');
const plus = (x: Output, c: number) => ops.add(x, c, 'add');
const topKPair = (r: { values: Output; indices: Output }) => [r.values, r.indices];

const GRAPHS: Record<string, () => Record<string, Output | Output[]>> = {
  unary: () => {
    const [x] = xy();
    const out = {
      floor: ops.floor(times(x, 4)), ceil: ops.ceil(times(x, 4)), round: ops.round(times(x, 4)), rint: ops.rint(times(x, 4)),
      round_int: ops.round(ops.constant([1, 2], { dtype: DType.int32 })), log1p: ops.log1p(x), expm1: ops.expm1(x),
      sin: ops.sin(x), cos: ops.cos(x), tan: ops.tan(x), asin: ops.asin(x), acos: ops.acos(x), atan: ops.atan(x),
      sinh: ops.sinh(x), cosh: ops.cosh(x), asinh: ops.asinh(x), acosh: ops.acosh(plus(x, 1)), atanh: ops.atanh(x),
      erf: ops.erf(x), erfc: ops.erfc(x), lgamma: ops.lgamma(x), digamma: ops.digamma(x, 'psi'),
      softplus: ops.softplus(x), log_sigmoid: ops.logSigmoid(x), log_sigmoid_named: ops.logSigmoid(x, 'ls'),
      negative: ops.negative(x), round_host: ops.round([1.5, 2.5]), floor_host: ops.floor([1.5, -2.5], 'fl'),
    };
    const special = ops.truediv(ops.constant([0.0, 1.0, -1.0]), 0.0);
    return { ...out, is_nan: ops.isNan(special), is_inf: ops.isInf(special), is_finite: ops.isFinite(special) };
  },
  binary: () => {
    const [x, y] = xy();
    const i = ops.placeholder(DType.int32, [2, 3], 'i');
    const j = ops.placeholder(DType.int32, [2, 3], 'j');
    const p = ops.placeholder(DType.bool, [4], 'p');
    return {
      floordiv: ops.floordiv(y, x), floordiv_int: ops.floordiv(i, j, 'fd'), floor_div: ops.floorDiv(i, j),
      mod: ops.mod(i, j), floormod: ops.floormod(y, 2.0), truncatediv: ops.truncatediv(i, j),
      truncatemod: ops.truncatemod(i, j), atan2: ops.atan2(y, x), xor: ops.logicalXor(p, [true, false, true, false]),
      xor_named: ops.logicalXor(p, p, 'xo'), xdivy: ops.xdivy(x, y), xdivy_named: ops.xdivy(x, 2.0, 'xd'),
      xlogy: ops.xlogy(x, plus(x, 1)), igamma: ops.igamma(plus(x, 1), x), igammac: ops.igammac(plus(x, 1), x),
      zeta: ops.zeta(plus(x, 2), x), polygamma: ops.polygamma(ops.ones([2, 3]), x),
      betainc: ops.betainc(plus(x, 1), plus(x, 0.5), x), scalar_mul: ops.scalarMul(2.5, x),
      scalar_mul_named: ops.scalarMul(ops.constant(3.0), y, 'sm'), multiply: ops.multiply(x, y),
      subtract: ops.subtract(x, y), add: ops.add(x, y), add_host: ops.add(1.0, x, 'plus'), multiply_host: ops.multiply(2, i),
    };
  },
  reductions: () => {
    const [, y] = xy();
    const b = ops.placeholder(DType.bool, [2, 3], 'b');
    const u = ops.placeholder(DType.float32, undefined, 'u');
    return {
      any: ops.reduceAny(b), any_axis: ops.reduceAny(b, 1), any_v1: ops.reduceAny(b, { reductionIndices: [0], keepDims: true }),
      any_unknown: ops.reduceAny(ops.greater(u, 0.0)), logsumexp: ops.reduceLogsumexp(y),
      logsumexp_axis: ops.reduceLogsumexp(y, { axis: 1, name: 'lse' }),
      logsumexp_keep: ops.reduceLogsumexp(y, { axis: 0, keepdims: true }), logsumexp_unknown: ops.reduceLogsumexp(u),
      std: ops.reduceStd(y), std_axis: ops.reduceStd(y, { axis: 0 }),
      variance: ops.reduceVariance(y, { axis: [1], keepdims: true }), variance_named: ops.reduceVariance(y, { name: 'var' }),
      euclidean: ops.reduceEuclideanNorm(y), euclidean_axis: ops.reduceEuclideanNorm(y, { axis: 1, keepdims: true }),
      count_nonzero: ops.countNonzero(ops.floor(y)), count_nonzero_axis: ops.countNonzero(b, { axis: 1, dtype: DType.int32 }),
      count_nonzero_v1: ops.countNonzero(y, { reductionIndices: 0, keepDims: true, name: 'cnz' }),
      sum_unknown: ops.reduceSum(u), sum_v1: ops.reduceSum(y, { reductionIndices: [1], keepDims: true }),
    };
  },
  cumulative: () => {
    const [x, y] = xy();
    return {
      cumprod: ops.cumprod(y), cumprod_axis: ops.cumprod(y, { axis: 1, exclusive: true, reverse: true, name: 'cp' }),
      cumulative_logsumexp: ops.cumulativeLogsumexp(y, { axis: 1 }),
      cumulative_logsumexp_rev: ops.cumulativeLogsumexp(x, { reverse: true, name: 'cl' }),
    };
  },
  segments: () => {
    const data = ops.placeholder(DType.float32, [4, 2], 'data');
    const ids = ops.placeholder(DType.int32, [4], 'ids');
    return {
      segment_sum: ops.segmentSum(data, ids), segment_mean: ops.segmentMean(data, ids), segment_max: ops.segmentMax(data, ids),
      segment_min: ops.segmentMin(data, ids, 'smin'), segment_prod: ops.segmentProd(data, ids),
      unsorted_sum: ops.unsortedSegmentSum(data, ids, 5), unsorted_max: ops.unsortedSegmentMax(data, ids, 4),
      unsorted_min: ops.unsortedSegmentMin(data, ids, 4), unsorted_prod: ops.unsortedSegmentProd(data, ids, 4),
      unsorted_mean: ops.unsortedSegmentMean(data, ids, 4), unsorted_sqrt_n: ops.unsortedSegmentSqrtN(data, ids, 4, 'usq'),
      sparse_sum: ops.sparseSegmentSum(data, [0, 2, 3], [0, 0, 1]),
      sparse_sum_n: ops.sparseSegmentSum(data, [0, 2, 3], [0, 0, 1], { numSegments: 3 }),
      sparse_mean: ops.sparseSegmentMean(data, [1, 2], [0, 1], { name: 'ssm' }),
      sparse_mean_n: ops.sparseSegmentMean(data, [1, 2], [0, 2], { numSegments: 4 }),
      sparse_sqrt_n: ops.sparseSegmentSqrtN(data, [0, 1, 3], [0, 0, 0]),
      sparse_sqrt_n_n: ops.sparseSegmentSqrtN(data, [0, 1, 3], [0, 1, 1], { numSegments: 2 }),
    };
  },
  counting: () => {
    const i = ops.placeholder(DType.int32, [5], 'i');
    const v = ops.placeholder(DType.float32, [5], 'v');
    return {
      bincount: ops.bincount(i), bincount_weights: ops.bincount(i, { weights: v, minlength: 7 }),
      bincount_max: ops.bincount(i, { maxlength: 3, dtype: DType.int64 }),
      histogram: ops.histogramFixedWidth(v, [0.0, 5.0], { nbins: 5 }),
      histogram_named: ops.histogramFixedWidth(v, [-1.0, 1.0], { dtype: DType.int64, name: 'hist' }),
      accumulate_n: ops.accumulateN([v, times(v, 2), v]), accumulate_one: ops.accumulateN([v]),
      accumulate_named: ops.accumulateN([v, v], { shape: [5], tensorDtype: DType.float32, name: 'acc' }),
      linspace: ops.linspace(0.0, 1.0, 5), lin_space: ops.linspace(-1.0, 3.0, 3, 'ls'),
      linspace_tensor: ops.linspace(sliceOf(v, [0]), sliceOf(v, [1]), sliceOf(i, [0])),
    };
  },
  casts: () => {
    const [x] = xy();
    const i = ops.placeholder(DType.int32, [2, 3], 'i');
    return {
      to_float: ops.toFloat(i), to_double: ops.toDouble(x), to_int32: ops.toInt32(times(x, 10)), to_int64: ops.toInt64(i, 'i64'),
      to_bfloat16_back: ops.toFloat(ops.toBfloat16(x)), same: ops.toFloat(x),
    };
  },
  complex_parts: () => {
    const [x, y] = xy();
    const c = ops.complex(x, y);
    const d = ops.complex(ops.cast(x, DType.float64), ops.cast(y, DType.float64), 'c128');
    return {
      real: ops.real(c), imag: ops.imag(c), angle: ops.angle(c), conj_imag: ops.imag(ops.conj(c)), real128: ops.real(d, 're'),
      real_of_real: ops.real(x), imag_of_real: ops.imag(x), angle_of_real: ops.angle(y), conj_of_real: ops.conj(x),
      conj_host: ops.conj([1.0, 2.0]),
    };
  },
  sorting: () => {
    const [x, y] = xy();
    const i = ops.placeholder(DType.int32, [2, 3], 'i');
    const u8 = ops.placeholder(DType.uint8, [4], 'u8');
    const t = ops.placeholder(DType.float32, [3, 2, 2], 't');
    return {
      sort: ops.sort(y), sort_desc: ops.sort(y, { direction: 'DESCENDING', name: 'sd' }), sort_axis0: ops.sort(y, { axis: 0 }),
      sort_int: ops.sort(i), sort_uint8: ops.sort(u8), argsort: ops.argsort(y),
      argsort_desc_axis0: ops.argsort(y, { axis: 0, direction: 'DESCENDING' }), argsort_int: ops.argsort(i, { stable: true }),
      sort_3d_axis1: ops.sort(t, { axis: 1 }), argsort_3d_axis0: ops.argsort(t, { axis: -3 }),
      top_k: topKPair(ops.topK(y, 2)), top_k_named: topKPair(ops.topK(i, 3, { sorted: true, name: 'tk' })),
      top_k_int64: topKPair(ops.topK(x, 1, { indexType: DType.int64 })),
      in_top_k: ops.inTopK(y, [1, 2], 1), in_top_k_named: ops.inTopK(y, [0, 0], 2, 'itk'),
    };
  },
  numerics: () => {
    const [x, y] = xy();
    return {
      check: ops.checkNumerics(x, 'x is bad'), check_named: ops.checkNumerics(y, 'y', 'cy'),
      verify: ops.verifyTensorAllFinite(x, 'not finite'), verify_named: ops.verifyTensorAllFinite(y, 'y bad', 'vf'),
      verify_v1: ops.verifyTensorAllFinite(times(x, 2), 'm'),
    };
  },
  check_numerics_ops: () => {
    const [x, y] = xy();
    const z = ops.matmul(x, y, { transposeB: true });
    const w = times(ops.cast(z, DType.float64), 2);
    const check = ops.addCheckNumericsOps();
    return { z, checked: ops.controlDependencies([check], () => ops.identity(w, 'checked')) };
  },
  raw_literals: () => {
    const [x] = xy();
    const { gen } = ops;
    return {
      band: gen.matrixBandPart({ input: x, numLower: 1, numUpper: -1 }, 'band'),
      uniform: gen.statelessRandomUniform({ shape: [2], seed: [1, 2], dtype: DType.float32 }, 'uniform'),
      poisson: gen.statelessRandomPoisson({ shape: [2], seed: [3, 4], lam: [1.5, 2.5], dtype: DType.float32 }, 'poisson'),
      one_hot: gen.oneHot({ indices: [0, 2], depth: 3, onValue: 1.0, offValue: 0.0 }, 'one_hot'),
      cumsum: gen.cumsum({ x, axis: 1 }, 'cumsum'),
    };
  },
};

describe('TF1 math op graphs', () => {
  describeTF1Graphs(GRAPHS, fixture);
});

describe('TF1 math op gradients', () => {
  const sumOf = (terms: Output[]) => ops.addN(terms.map((t, k) => ops.reduceSum(ops.mul(t, k + 1))));
  const weighted = (t: Output, w: number[] | number[][]) => ops.reduceSum(ops.mul(t, w));
  itGivesTF1Gradients(fixture.gradients, {
    unary: () => {
      const [x] = xy();
      return [sumOf([ops.log1p(x), ops.expm1(x), ops.sin(x), ops.cos(x), ops.tan(x), ops.asin(x), ops.acos(x), ops.atan(x),
        ops.sinh(x), ops.cosh(x), ops.asinh(x), ops.acosh(plus(x, 1)), ops.atanh(x), ops.erf(x), ops.erfc(x), ops.lgamma(x),
        ops.digamma(x), ops.softplus(x), ops.logSigmoid(x), ops.mul(ops.floor(x), x)]), [x]];
    },
    binary: () => {
      const [x, y] = xy();
      const terms = [ops.atan2(y, x), ops.mul(ops.xdivy(x, y), 2), ops.xlogy(x, plus(x, 1)),
        ops.mul(ops.scalarMul(3.0, x), y), ops.igamma(plus(x, 1), x), ops.mul(ops.floormod(y, 1.5), x)];
      return [ops.reduceSum(terms.reduce((a, b) => ops.add(a, b))), [x, y]];
    },
    special: () => {
      const [x] = xy();
      const terms = [ops.igammac(plus(x, 1), x), times(ops.zeta(plus(x, 2), x), 2), times(ops.polygamma(ops.ones([2, 3]), x), 3),
        times(ops.betainc(plus(x, 1), plus(x, 0.5), x), 4)];
      return [ops.reduceSum(terms.reduce((a, b) => ops.add(a, b))), [x]];
    },
    reductions: () => {
      const [x, y] = xy();
      const terms = [ops.reduceLogsumexp(times(y, 2)), weighted(ops.reduceLogsumexp(y, 1), [1, 3]),
        ops.mul(ops.reduceStd(y), 3), weighted(ops.reduceVariance(x, { axis: 0 }), [1, 2, 3]),
        ops.reduceEuclideanNorm(ops.mul(x, y))];
      return [terms.reduce((a, b) => ops.add(a, b)), [x, y]];
    },
    cumulative: () => {
      const [x, y] = xy();
      const terms = [ops.mul(ops.cumprod(y, { axis: 1 }), x), times(ops.cumprod(x, { exclusive: true, reverse: true }), 2),
        ops.mul(ops.cumulativeLogsumexp(y, { axis: 1 }), x)];
      return [ops.reduceSum(terms.reduce((a, b) => ops.add(a, b))), [x, y]];
    },
    segments: () => {
      const data = ops.placeholder(DType.float32, [4, 2], 'data');
      const w = [[1.0, -2.0], [0.5, 3.0], [2.0, 1.0], [-1.0, 0.25]];
      const terms = [ops.segmentSum(data, IDS), ops.segmentMean(data, IDS), ops.segmentMax(data, IDS),
        ops.segmentMin(data, IDS), ops.segmentProd(data, IDS), ops.unsortedSegmentSum(data, IDS, 4),
        ops.unsortedSegmentMax(data, IDS, 4), ops.unsortedSegmentMin(data, IDS, 4), ops.unsortedSegmentProd(data, IDS, 4),
        ops.unsortedSegmentMean(data, IDS, 4), ops.unsortedSegmentSqrtN(data, IDS, 4),
        ops.sparseSegmentSum(data, [0, 2, 3], [0, 0, 1], { numSegments: 4 }), ops.sparseSegmentMean(data, [1, 2, 3], [0, 1, 3]),
        ops.sparseSegmentSqrtN(data, [0, 1, 3], [0, 0, 3])];
      return [ops.addN(terms.map((t) => weighted(t, w))), [data]];
    },
    negative_ids: () => {
      const data = ops.placeholder(DType.float32, [4, 2], 'data');
      const ids = [0, -1, 2, 2];
      const w = [[1.0, -2.0], [0.5, 3.0], [2.0, 1.0]];
      const terms = [ops.unsortedSegmentProd(data, ids, 3), ops.unsortedSegmentMax(data, ids, 3),
        ops.unsortedSegmentMean(data, ids, 3), ops.unsortedSegmentSqrtN(data, ids, 3)];
      return [ops.addN(terms.map((t) => weighted(t, w))), [data]];
    },
    sort: () => {
      const [x, y] = xy();
      const terms = [weighted(ops.sort(y), [[1, 2, 3], [4, 5, 6]]),
        ops.reduceSum(ops.mul(ops.sort(x, { axis: 0, direction: 'DESCENDING' }), x)), weighted(ops.topK(y, 2).values, [3, -1])];
      return [terms.reduce((a, b) => ops.add(a, b)), [x, y]];
    },
    misc: () => {
      const [x, y] = xy();
      const terms = [ops.mul(ops.accumulateN([x, times(y, 2), x]), y), ops.mul(ops.verifyTensorAllFinite(x, 'm'), y),
        ops.mul(ops.checkNumerics(y, 'c'), x), ops.toFloat(times(ops.toDouble(x), 2))];
      return [ops.reduceSum(terms.reduce((a, b) => ops.add(a, b))), [x, y]];
    },
  });
});

test('a classifier scored by reduceLogsumexp with a reduceStd penalty trains as in TF1 Python (GradientDescent, 5 steps)',
  async () => {
    const { losses, fetched } = await trainByGradientDescent(() => {
      const x = ops.constant(X);
      const w = ops.getVariable('w', { shape: [3, 4], initializer: ops.constantInitializer(
        Array.from({ length: 12 }, (_, k) => k * 0.1 - 0.5)) });
      const logits = ops.matmul(x, w);
      const picked = ops.reduceSum(ops.mul(logits, [[0, 1, 0, 0], [0, 0, 0, 1]]), 1);
      const loss = ops.add(ops.reduceMean(ops.sub(ops.reduceLogsumexp(logits, 1), picked)), ops.mul(0.1, ops.reduceStd(w)));
      return { loss, fetch: w };
    }, 0.5, fixture.training.losses.length);
    expectClose(losses, fixture.training.losses);
    expectClose(fetched, fixture.training.w);
  });

describe('a failed numerics check at run time', () => {
  it.each(Object.keys(fixture.run_errors))('%s: TF1\'s error', async (name) => {
    const graph = new Graph();
    const [x, checked] = graph.asDefault(() => {
      const x = ops.placeholder(DType.float32, [2], 'x');
      return [x, name === 'check' ? ops.checkNumerics(ops.log(x), 'log of x')
        : ops.verifyTensorAllFinite(ops.truediv(x, 0.0), 'x over 0')] as const;
    });
    const sess = new Session(graph);
    try {
      const run = sess.run(checked, new Map([[x, Tensor.from([1.0, -1.0])]]));
      await expect(run).rejects.toThrow(errors.InvalidArgumentError);
      await expect(run).rejects.toThrow(fixture.run_errors[name].message);
    } finally {
      await sess.close();
    }
  });
});

describe('TF1 math op build errors', () => {
  const z = (...shape: number[]) => ops.zeros(shape);
  itThrowsTF1Errors(fixture.build_errors, {
    scalar_mul_vector: () => ops.scalarMul([1.0, 2.0], z(2)),
    sort_direction: () => ops.sort(z(3), { direction: 'UP' as never }),
    sort_axis_tensor: () => ops.sort(z(3), { axis: ops.placeholder(DType.int32, []) }),
    argsort_direction: () => ops.argsort(z(3), { direction: 'descending' as never }),
    complex_types: () => ops.complex(z(2), ops.zeros([2], DType.float64)),
    complex_ints: () => ops.complex(ops.zeros([2], DType.int32), ops.zeros([2], DType.int32)),
    real_string: () => ops.real(ops.constant(['a'])),
    conj_string: () => ops.conj(ops.constant(['a'])),
    accumulate_empty: () => ops.accumulateN([]),
    accumulate_dtypes: () => ops.accumulateN([z(2), ops.zeros([2], DType.int32)]),
    accumulate_shapes: () => ops.accumulateN([z(2), z(3)]),
    accumulate_tensor_dtype: () => ops.accumulateN([z(2)], { tensorDtype: DType.float64 }),
    variance_int: () => ops.reduceVariance(ops.constant([1, 2], { dtype: DType.int32 })),
    std_int: () => ops.reduceStd(ops.constant([1, 2], { dtype: DType.int32 })),
    top_k_negative: () => ops.topK(z(3), -1),
    top_k_too_big: () => ops.topK(z(3), 4),
    floor_int: () => ops.floor(ops.constant([1], { dtype: DType.int32 })),
    floordiv_types: () => ops.floordiv(z(2), ops.constant([1, 2], { dtype: DType.int32 })),
    segment_rank: () => ops.segmentSum(z(2, 2), [[0, 0], [0, 0]]),
    linspace_float_num: () => ops.linspace(0.0, 1.0, 2.5),
    reduce_axis_twice: () => ops.reduceAny(ops.zeros([2], DType.bool), { axis: 0, reductionIndices: 0 }),
    reduce_keepdims_twice: () => ops.reduceLogsumexp(z(2), { keepdims: true, keepDims: true }),
    check_numerics_ops_cond: () => {
      ops.cond(ops.constant(true), () => z(2), () => ops.add(z(2), 1.0, 'add'));
      return ops.addCheckNumericsOps();
    },
  });
});

test('the README\'s math example builds and runs', async () => {
  const graph = new Graph();
  const [fetch, x] = graph.asDefault((): [Output[], Output] => {
    const x = ops.placeholder(DType.float32, [2, 3], 'x');
    const ids = ops.constant([0, 0, 1], { dtype: DType.int32 });
    const lse = ops.reduceLogsumexp(x, { axis: 1, keepDims: true });
    const std = ops.reduceStd(x, { axis: 0 });
    const seg = ops.unsortedSegmentMean(ops.transpose(x), ids, 2);
    const sorted = ops.sort(x, { direction: 'DESCENDING' });
    const { values, indices } = ops.topK(x, 2);
    const safe = ops.verifyTensorAllFinite(ops.log1p(x), 'log1p of x');
    return [[lse, std, seg, sorted, values, indices, safe], x];
  });
  const sess = new Session(graph);
  try {
    const got: Tensor[] = await sess.run(fetch, new Map([[x, Tensor.from(X)]]));
    expect(got.map((t) => t.shape)).toEqual([[2, 1], [3], [2, 2], [2, 3], [2, 2], [2, 2], [2, 3]]);
    expectClose(got[3].toArray(), [[0.4, 0.25, 0.1], [0.85, 0.7, 0.55]]);
  } finally {
    await sess.close();
  }
});
