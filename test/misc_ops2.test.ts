/**
 * The remaining TF1 functions of tf.*, tf.nn, tf.math, tf.linalg, tf.signal, tf.image and tf.train
 * against TF1 Python (scripts/graph_fixtures/misc_ops2.py): the N-D FFTs, the raw-op exports (tf.conv,
 * the quantized ops, sobol_sample, logm, the SDCA ops, ...), required_space_to_batch_paddings,
 * ctc_unique_labels, compute_average_loss, op_scope / variable_op_scope and a registered tensor
 * conversion function make the same ops in the same order, static shapes and values; the ops with
 * GPU kernels only fail a run as in TF; bad arguments raise TF1's errors; a regression trained on
 * compute_average_loss gives Python's losses.
 */
import { DType, Graph, Operation, Output, Session, SparseTensor, SparseTensorValue, errors, ops, train } from '../lib';
import { dtypeName } from '../lib/framework/dtypes';
import { loadGraphFixture } from './helpers/graph_record';
import {
  FixtureGraph, Json, describeTF1Graphs, expectClose, expectRunValues, itThrowsTF1Errors, staticShapesOf,
  trainByGradientDescent,
} from './helpers/fixture_values';

interface ErrorCase { class: string; message: string }
interface Fixture {
  graphs: Record<string, FixtureGraph>;
  values: Record<string, Json[]>;
  static_values: { is_symbolic: Record<string, boolean>; as_dtype: string[] };
  build_errors: Record<string, ErrorCase>;
  run_errors: Record<string, ErrorCase>;
  gradient_errors: Record<string, ErrorCase>;
  training: { losses: number[]; w: Json };
  nms_padded: { shapes: Json; feeds: Array<Record<string, Json>>; values: Json[] };
}
const fixture = loadGraphFixture<Fixture>('misc_ops2.json');
const { signal, nn } = ops;

const f32 = DType.float32;
const i32 = DType.int32;
const ph = (name: string, shape: Array<number | null> | null = null, dtype = f32) => ops.placeholder(dtype, shape, name);
const ONE = [1, 1, 1, 1];

/** The value `pointToTensor` converts: the script's `Point`. */
class Point {
  constructor(readonly x: number, readonly y: number) {}
}

/** The script's `point_to_tensor`: the two coordinates stacked. */
function pointToTensor(value: Point, dtype: DType | undefined, name: string | undefined): Output {
  return ops.stack([ops.constant(value.x, { dtype: dtype ?? f32 }), ops.constant(value.y, { dtype: dtype ?? f32 })], 0, name);
}
ops.registerTensorConversionFunction(Point, pointToTensor);

/** The script's `VariableStateSaver`: each state in a variable. */
class VariableStateSaver implements ops.nn.StateSaver {
  readonly vars: Record<string, ops.Variable>;
  constructor(shapes: Record<string, number[]>) {
    this.vars = Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, new ops.Variable(ops.zeros(s), { name: k })]));
  }
  state(name: string): Output {
    return this.vars[name].value();
  }
  saveState(name: string, value: Output): Output | Operation {
    return ops.assign(this.vars[name], value);
  }
}

/** `tf.quantize(x, lo, hi, tf.quint8)`: `[output, min, max]`. */
const quint8 = (x: Output, lo: number, hi: number) => {
  const q = ops.quantize(x, lo, hi, DType.quint8);
  return [q.output, q.outputMin, q.outputMax];
};

const GRAPHS: Record<string, () => unknown> = {
  signal: () => {
    const re = ph('re', [2, 3, 4]);
    const x = ops.complex(re, ph('im', [2, 3, 4]));
    const w = signal.rfftnd(re, { fftLength: [4, 6], axes: [1, 2], norm: 'forward' });
    return {
      fftnd: signal.fftnd(x),
      fftnd_ortho: signal.fftnd(x, { fftLength: [3, 5], axes: [-2, -1], norm: 'ortho' }),
      ifftnd: signal.ifftnd(x, { name: 'inv' }),
      ifftnd_forward: signal.ifftnd(x, { fftLength: [2, 4], axes: [0, 2], norm: 'forward' }),
      rfftnd: signal.rfftnd(re),
      rfftnd_forward: w,
      irfftnd: signal.irfftnd(w, { fftLength: [4, 6], axes: [1, 2] }),
      irfftnd_default: signal.irfftnd(w),
      irfftnd_ortho: signal.irfftnd(w, { fftLength: [3, 5], axes: [1, 2], norm: 'ortho' }),
      raw_fftnd: ops.fftnd(x, [4], [2]),
      raw_ifftnd: ops.ifftnd(x, [2, 3], [0, 1], 'raw_inv'),
      raw_rfftnd: ops.rfftnd(re, [3, 4], [1, 2]),
      raw_irfftnd: ops.irfftnd(x, [4], [2], { Treal: DType.float64 }),
    };
  },
  no_cpu_kernels: () => {
    const img = ph('img', [1, 4, 4, 2]);
    const filt = ph('filt', [2, 2, 2, 2]);
    const grad = ops.onesLike(nn.conv2d(img, filt, { strides: ONE, padding: 'VALID' }));
    return {
      filter_v2: ops.conv2dBackpropFilterV2(img, filt, grad, ONE, 'VALID'),
      input_v2: ops.conv2dBackpropInputV2(img, filt, grad, ONE, 'VALID', { useCudnnOnGpu: false, dilations: ONE,
        name: 'input_grad' }),
      pinned: ops.checkPinned(img),
      quantized_relu_x: nn.quantizedReluX(ops.quantize(img, 0.0, 8.0, DType.quint8).output, 6.0, 0.0, 8.0),
    };
  },
  raw_ops: () => {
    const img = ph('img', [1, 4, 4, 2]);
    const filt = ph('filt', [2, 2, 2, 2]);
    const [q, qmin, qmax] = quint8(img, 0.0, 8.0);
    const [qf, fmin, fmax] = quint8(filt, -1.0, 1.0);
    const [qc, cmin, cmax] = ops.quantizedConcat(2, [q, q], [qmin, qmin], [qmax, qmax]);
    const [ap, apmin, apmax] = nn.quantizedAvgPool(q, qmin, qmax, { ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1],
      padding: 'VALID' });
    const [mp, mpmin, mpmax] = nn.quantizedMaxPool(q, qmin, qmax, { ksize: [1, 2, 2, 1], strides: ONE, padding: 'SAME',
      name: 'qmax' });
    const [qconv, qcmin, qcmax] = nn.quantizedConv2d(q, qf, qmin, qmax, fmin, fmax, { strides: ONE, padding: 'VALID' });
    const i = ph('i', [4], DType.int64);
    return {
      conv: ops.conv(img, filt, ONE, 'VALID'),
      conv_same: ops.conv(img, filt, [1, 2, 2, 1], 'SAME', { dilations: ONE, name: 'conv_nd' }),
      quantized_concat: [ops.dequantize(qc, cmin, cmax), cmin, cmax],
      quantized_avg_pool: [ops.dequantize(ap, apmin, apmax), apmin, apmax],
      quantized_max_pool: [ops.dequantize(mp, mpmin, mpmax), mpmin, mpmax],
      quantized_conv2d: [ops.dequantize(qconv, qcmin, qcmax), qcmin, qcmax],
      shuffle: ops.randomIndexShuffle(i, ops.constant([1, 2, 3], { dtype: DType.int64 }), ops.constant(9, { dtype: DType.int64 })),
      shuffle_rounds: ops.randomIndexShuffle(ops.cast(i, i32), [4, 5, 6], 20, { rounds: 6, name: 'shuffled' }),
      sobol: ops.math.sobolSample(3, 5, { skip: 2 }),
      sobol64: ops.math.sobolSample(ops.constant(2, { dtype: i32 }), 3, { dtype: DType.float64, name: 's64' }),
    };
  },
  paddings: () => {
    const s = ph('s', [2], i32);
    return {
      static: ops.requiredSpaceToBatchPaddings([5, 6], [2, 4]),
      base: ops.requiredSpaceToBatchPaddings([5, 6], [3, 4], { basePaddings: [[1, 0], [0, 2]], name: 'based' }),
      dynamic: ops.requiredSpaceToBatchPaddings(s, [2, 3]),
      dynamic_base: ops.requiredSpaceToBatchPaddings(s, ops.constant([4, 2], { dtype: i32 }), { basePaddings: [[0, 1], [2, 2]] }),
      empty: ops.requiredSpaceToBatchPaddings(ops.zeros([0], i32), ops.zeros([0], i32)),
    };
  },
  linalg_nn: () => {
    const m = ph('m', [2, 2]);
    const labels = ph('labels', [2, 5], i32);
    const dynLabels = ph('dyn_labels', [null, null], i32);
    const loss = ph('loss', [4]);
    const w = ph('w', [4, 1]);
    const anyr = ph('anyr');
    const log = ops.linalg.logm(ops.complex(m, ops.zerosLike(m)));
    return {
      logm: [ops.real(log), ops.imag(log)],
      unique: nn.ctcUniqueLabels(labels),
      unique_dynamic: nn.ctcUniqueLabels(dynLabels, 'uq'),
      average: nn.computeAverageLoss(loss),
      average_weighted: nn.computeAverageLoss(loss, { sampleWeight: w }),
      average_global: nn.computeAverageLoss(loss, { sampleWeight: [1.0, 0.0, 2.0, 1.0], globalBatchSize: 8 }),
      average_any_rank: nn.computeAverageLoss(anyr),
    };
  },
  eigh: () => {
    const [a, b] = [ph('a', [4], DType.float64), ph('b', [3], DType.float64)];
    const [a32, b32] = [ph('a32', [5]), ph('b32', [4])];
    const { eighTridiagonal } = ops.linalg;
    return {
      all: eighTridiagonal(a, b),
      index: eighTridiagonal(a, b, { select: 'i', selectRange: [1, 2] }),
      value: eighTridiagonal(a, b, { select: 'v', selectRange: [0.0, 3.0], name: 'by_value' }),
      float32_tol: eighTridiagonal(a32, b32, { tol: 1e-3 }),
      single: eighTridiagonal(ops.constant([2.5]), ops.zeros([0])),
      vectors: eighTridiagonal(a, b, { eigvalsOnly: false }),
    };
  },
  state_saving_rnn: () => {
    ops.setRandomSeed(5);
    const x = ph('x', [2, 3, 2]);
    const inputs = ops.unstack(x, { axis: 1 });
    const saver = new VariableStateSaver({ h: [2, 3] });
    const [outputs, state] = nn.staticStateSavingRnn(new nn.rnnCell.BasicRNNCell(3, { name: 'basic' }), inputs, saver, 'h');
    const lstmSaver = new VariableStateSaver({ c: [2, 2], m: [2, 2] });
    const [lstmOutputs, lstmState] = nn.staticStateSavingRnn(new nn.rnnCell.LSTMCell(2, { name: 'lstm' }), inputs, lstmSaver,
      ['c', 'm'], { sequenceLength: [3, 2], scope: 'lstm_rnn' });
    return { outputs, state, lstm_outputs: lstmOutputs, lstm_state: lstmState,
      saved: [saver.vars.h.value(), lstmSaver.vars.m.value()] };
  },
  proposals: () => {
    const scores = ph('scores', [1, 2, 2, 1]);
    const deltas = ph('deltas', [1, 2, 2, 4]);
    const info = ops.constant([[32.0, 32.0, 1.0, 32.0, 32.0]]);
    const anchors = ops.constant([[[0.0, 0.0, 15.0, 15.0], [8.0, 0.0, 23.0, 15.0]], [[0.0, 8.0, 15.0, 23.0], [8.0, 8.0, 23.0, 23.0]]]);
    const [rois, probs] = ops.image.generateBoundingBoxProposals(scores, deltas, info, anchors, { minSize: 4, postNmsTopn: 3 });
    const [rois2, probs2] = ops.image.generateBoundingBoxProposals(scores, deltas, info, anchors, { nmsThreshold: 0.1,
      preNmsTopn: 2, minSize: 1.0, name: 'proposals' });
    return { rois, probs, rois2, probs2 };
  },
  scopes: () => {
    const x = ph('x', [2]);
    const a = ops.opScope([x], null, 'my_op', (scope) => ops.identity(x, `${scope}a`));
    const b = ops.opScope([x], 'named', undefined, () => ops.multiply(x, 2.0));
    let vs: ops.VariableScope | undefined;
    let c = ops.variableOpScope([x], null, { defaultName: 'layer', initializer: ops.onesInitializer() }, (scope) => {
      vs = scope;
      return ops.add(x, ops.getVariable('v', { shape: [2] }), 'add');
    });
    c = ops.variableOpScope([x], vs!, { reuse: true }, () => ops.add(c, ops.getVariable('v', { shape: [2] }), 'add'));
    const p = ops.add(new Point(1.0, 2.0) as unknown as Output, x);
    const q = ops.convertToTensor(new Point(3, 4) as unknown as Output, { dtype: DType.float64, name: 'pt' });
    const sp = ops.convertToTensorOrSparseTensor(new SparseTensorValue([[0]], [1.0], [2])) as SparseTensor;
    const dense = ops.convertToTensorOrSparseTensor([1, 2], DType.int64, 'dense');
    return { a, b, c, p, q, sp: ops.sparse.toDense(sp), dense };
  },
  sdca: () => {
    const n = 1;
    const x = ph('feat', [n, 1]);
    const labels = ph('labels', [n]);
    const [state, , denseDeltas] = train.sdcaOptimizer({
      sparseExampleIndices: [], sparseFeatureIndices: [], sparseFeatureValues: [], denseFeatures: [x],
      exampleWeights: ops.ones([n]), exampleLabels: labels, sparseIndices: [], sparseWeights: [],
      denseWeights: [ops.zeros([1])], exampleStateData: ops.zeros([n, 4]), lossType: 'squared_loss', l1: 0.0, l2: 1.0,
      numLossPartitions: 1, numInnerIterations: 1, adaptative: false,
    });
    const w = new ops.Variable([0.5, -2.0, 0.01], { name: 'w' });
    const shrink = train.sdcaShrinkL1([w], 0.1, 1.0);
    const shrunk = ops.controlDependencies([shrink], () => ops.identity(w));
    const fp = train.sdcaFprint(ops.constant(['a', 'b']));
    return { state, deltas: denseDeltas, shrunk, fp_shape: ops.shape(fp) };
  },
};

describe('TF1 graphs of the remaining ops', () => describeTF1Graphs(GRAPHS, fixture));

describe('non_max_suppression_padded (a tf.function in TF, built inline)', () => {
  it('gives the static shapes and values TF gives', async () => {
    const graph = new Graph();
    const out = graph.asDefault(() => {
      const boxes = ph('boxes', [6, 4]);
      const scores = ph('scores', [6]);
      const batch = ops.stack([boxes, ops.reverse(boxes, [0])]);
      const batchScores = ops.stack([scores, ops.reverse(scores, [0])]);
      const { image } = ops;
      return {
        unpadded: image.nonMaxSuppressionPadded(boxes, scores, 4),
        padded: image.nonMaxSuppressionPadded(boxes, scores, 5, { iouThreshold: 0.2, scoreThreshold: 0.55,
          padToMaxOutputSize: true }),
        batched: image.nonMaxSuppressionPadded(batch, batchScores, 3, { padToMaxOutputSize: true, tileSize: 4 }),
        flipped: image.nonMaxSuppressionPadded(ops.gather(boxes, [2, 3, 0, 1], 1), scores, 6, { tileSize: 2, name: 'flip' }),
        sorted: image.nonMaxSuppressionPadded(boxes, ops.sort(scores, { direction: 'DESCENDING' }), 6, { sortedInput: true,
          canonicalizedCoordinates: true }),
      };
    });
    expect(staticShapesOf(out)).toEqual(fixture.nms_padded.shapes);
    await expectRunValues(graph, out, fixture.nms_padded.feeds, fixture.nms_padded.values);
  });
});

describe('ops without CPU kernels', () => {
  const CASES: Record<string, () => Output> = {
    fftnd: () => signal.fftnd(ops.complex(ops.ones([2, 3]), ops.ones([2, 3]))),
    rfftnd: () => signal.rfftnd(ops.ones([2, 3]), { axes: [1] }),
    filter_v2: () => ops.conv2dBackpropFilterV2(ops.ones([1, 3, 3, 1]), ops.ones([2, 2, 1, 1]), ops.ones([1, 2, 2, 1]), ONE,
      'VALID'),
    pinned: () => ops.checkPinned(ops.ones([2])),
    relu_x: () => nn.quantizedReluX(ops.quantize(ops.ones([2]), 0.0, 1.0, DType.quint8).output, 6.0, 0.0, 1.0)[0],
  };
  it.each(Object.keys(fixture.run_errors))('%s: a run fails as in TF', async (name) => {
    const graph = new Graph();
    const t = graph.asDefault(CASES[name]);
    const sess = new Session(graph);
    try {
      const error = await sess.run(t).then(() => null, (e: unknown) => e);
      if (!(error instanceof errors.OpError)) throw new Error(`${name} did not fail with an OpError: ${error}`);
      expect(error.name).toBe(fixture.run_errors[name].class);
      expect(error.message.split('\n')[0].split(' with these attrs')[0]).toBe(fixture.run_errors[name].message);
    } finally {
      await sess.close();
    }
  });
});

describe('as_dtype and is_symbolic_tensor', () => {
  it('tells graph tensors as TF1 does', () => new Graph().asDefault(() => {
    const p = ops.placeholder(f32);
    const kinds: Record<string, unknown> = { tensor: p, variable: new ops.Variable(1.0), sparse: new SparseTensor([[0]], [1.0], [2]),
      number: 1.0, list: [p] };
    expect(Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, ops.isSymbolicTensor(v)])))
      .toEqual(fixture.static_values.is_symbolic);
  }));

  it('names the dtypes TF1 does', () => {
    const values = ['float32', 'float', 'double', 'half', 'int64_ref', 'string', 'qint8', 'complex128', 1, 109];
    expect(values.map((v) => `tf.${dtypeName(ops.asDtype(v))}`)).toEqual(fixture.static_values.as_dtype);
  });
});

describe('registerTensorConversionFunction', () => {
  class Other {}
  it('refuses numbers and host tensors, and functions that are not', () => {
    expect(() => ops.registerTensorConversionFunction(Number, pointToTensor)).toThrow(
      'Cannot register conversions for Python numeric types and NumPy scalars and arrays.');
    expect(() => ops.registerTensorConversionFunction(Other, 3 as unknown as typeof pointToTensor)).toThrow(TypeError);
  });
  it('checks what the function gives', () => new Graph().asDefault(() => {
    ops.registerTensorConversionFunction(Other, () => ops.constant(1, { dtype: i32 }), 200);
    expect(() => ops.convertToTensor(new Other() as unknown as Output, { dtype: f32, name: 'o' })).toThrow(errors.RuntimeError);
    expect(ops.convertToTensor(new Other() as unknown as Output).dtype).toBe(i32);
  }));
});

describe('errors', () => {
  const z = (shape: number[], dtype = f32) => ops.zeros(shape, dtype);
  itThrowsTF1Errors(fixture.build_errors, {
    rfftnd_int: () => signal.rfftnd(z([2, 2], i32)),
    irfftnd_float: () => signal.irfftnd(z([2, 2]), { fftLength: [2, 2] }),
    rfftnd_dynamic: () => signal.rfftnd(ops.placeholder(f32, [null, 4]), { fftLength: [3, 4], axes: [0, 1] }),
    fftnd_rank: () => signal.fftnd(ops.complex(z([3]), z([3])), { axes: [0, 1] }),
    paddings_block_rank: () => ops.requiredSpaceToBatchPaddings([4], [[2]]),
    paddings_block_unknown: () => ops.requiredSpaceToBatchPaddings([4], ops.placeholder(i32, [null])),
    paddings_input: () => ops.requiredSpaceToBatchPaddings([4, 4, 4], [2, 2]),
    paddings_base: () => ops.requiredSpaceToBatchPaddings([4, 4], [2, 2], { basePaddings: [1, 2] }),
    average_scalar: () => nn.computeAverageLoss(3.0),
    average_batch_float: () => nn.computeAverageLoss([1.0], { globalBatchSize: 2.5 }),
    average_batch_vector: () => nn.computeAverageLoss([1.0], { globalBatchSize: [2] }),
    as_dtype: () => ops.asDtype('floaty'),
    register_number: () => ops.registerTensorConversionFunction(Number, pointToTensor),
    eigh_dtypes: () => ops.linalg.eighTridiagonal(z([3]), z([2], DType.float64)),
    eigh_select: () => ops.linalg.eighTridiagonal(z([3]), z([2]), { select: 'x' as 'a' }),
    eigh_int: () => ops.linalg.eighTridiagonal(z([3], i32), z([2], i32)),
    fftnd_none: () => signal.fftnd(null as never),
    state_name_type: () => nn.staticStateSavingRnn(new nn.rnnCell.BasicRNNCell(2), [z([1, 2])],
      new VariableStateSaver({ h: [1, 2] }), ['h']),
    nms_batched_unpadded: () => ops.image.nonMaxSuppressionPadded(z([2, 3, 4]), z([2, 3]), 2),
    sparse_dtype: () => ops.convertToTensorOrSparseTensor(new SparseTensor([[0]], [1.0], [2]), DType.float64),
  });

  it.each(Object.keys(fixture.gradient_errors))('%s: tf.gradients raises TF\'s LookupError', (name) => {
    const cases: Record<string, (x: Output) => Output> = {
      fftnd: (x) => ops.abs(signal.fftnd(ops.complex(x, x))),
      rfftnd: (x) => ops.abs(signal.rfftnd(x)),
      logm: (x) => ops.abs(ops.linalg.logm(ops.complex(x, x))),
    };
    new Graph().asDefault(() => {
      const x = ph('x', [2, 2]);
      let error: Error | undefined;
      try {
        ops.gradients(ops.reduceSum(cases[name](x)), [x]);
      } catch (e) {
        error = e as Error;
      }
      expect({ class: error?.name, message: error?.message }).toEqual(fixture.gradient_errors[name]);
    });
  });
});

describe('training on compute_average_loss', () => {
  it('gives Python\'s losses and weights', async () => {
    const { losses, fetched } = await trainByGradientDescent(() => {
      const w = new ops.Variable([[0.5], [-0.5]], { name: 'w' });
      const x = ops.constant([[1.0, 2.0], [3.0, 4.0], [-1.0, 0.5]]);
      const y = ops.constant([1.0, 2.0, 0.0]);
      const perExample = ops.square(ops.sub(ops.squeeze(ops.matmul(x, w), [1]), y, 'sub'));
      const loss = nn.computeAverageLoss(perExample, { sampleWeight: [1.0, 0.5, 2.0], globalBatchSize: 4 });
      return { loss, fetch: w };
    }, 0.05, 5);
    expectClose(losses, fixture.training.losses);
    expectClose(fetched, fixture.training.w);
  });
});
