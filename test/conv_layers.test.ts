/**
 * TF1's convolution and pooling against TF1 Python (scripts/graph_fixtures/conv_layers.py): the nn
 * ops (`tf.nn.convolution`, `conv1d`, `conv2d_transpose`, `conv3d`, `depthwise_conv2d`,
 * `separable_conv2d`, `pool`, the 1-D and 3-D pools, dilation through SpaceToBatchND) and the
 * `tf.layers` convolution (up to Conv3DTranspose) and pooling layers, built here with the same
 * calls, must have the same ops (names, types, inputs, attrs, Const values) in the same order, the
 * same variables and collections, the same static shapes, and session runs of them the same values;
 * gradients (Conv3DBackpropInputV2's too) and a small CNN's training the same values; channels-first
 * kernels on CPU TF's run errors; bad arguments TF1's errors.
 */
import { DType, Fetches, Graph, Output, Session, Tensor, Variable, errors, layers, ops, train } from '../lib';
import { sliceOf } from '../lib/ops/array_ops';
import { RecordedAll, loadGraphFixture } from './helpers/graph_record';
import { Json, describeTF1Graphs, expectClose, itGivesTF1Gradients, itThrowsTF1Errors, jsonOf } from './helpers/fixture_values';

interface RunError { class: string; node: string; message: string }
interface Fixture {
  graphs: Record<string, RecordedAll & { feeds: Array<Record<string, Json>>; shapes: Json }>;
  values: Record<string, Json[]>;
  gradients: Record<string, { sparse: boolean[]; runs: Array<{ feed: Record<string, Json>; grads: Json[] }> }>;
  nchw_errors: Record<string, RunError>;
  channels_first_errors: Record<string, RunError>;
  training: { losses: number[]; weights: Record<string, Json> };
  build_errors: Record<string, { class: string; message: string }>;
  layer_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('conv_layers.json');

const placeholders = (shapes: Record<string, Array<number | null>>) =>
  Object.entries(shapes).map(([name, s]) => ops.placeholder(DType.float32, s, name));

/** `data(*shape, scale)` of the fixture script: sin of the flat index times `scale`, in float32 as numpy computes it. */
function data(shape: number[], scale: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return Tensor.from(Float32Array.from({ length: n }, (_, i) => Math.sin(Math.fround(i * Math.fround(scale)))), { shape });
}

/** A Const's value in a fixture graph, as a host tensor (the host values the Python graph converted). */
function hostValue(graph: string, op: string): Tensor {
  const c = fixture.graphs[graph].consts[op];
  return Tensor.from(c.value as number[], { shape: c.shape, dtype: DType.float32 });
}

const NN_GRAPHS: Record<string, () => Record<string, Fetches>> = {
  nn_convolution: () => {
    const [x, f, x1, f1, x3, f3] = placeholders({ x: [2, 7, 7, 3], f: [3, 3, 3, 4], x1: [2, 7, 3], f1: [3, 3, 4],
      x3: [1, 4, 4, 4, 2], f3: [2, 2, 2, 2, 3] });
    return {
      same: ops.nn.convolution(x, f, { padding: 'SAME' }),
      strided: ops.nn.convolution(x, f, { padding: 'VALID', strides: [2, 2], name: 'strided' }),
      // A host filter converts in scope convolution_internal.
      host_filter: ops.nn.convolution(x, hostValue('nn_convolution', 'convolution_internal/filters'), { padding: 'VALID' }),
      one_d: ops.nn.convolution(x1, f1, { padding: 'SAME', strides: [2] }),
      three_d: ops.nn.convolution(x3, f3, { padding: 'VALID' }),
      conv1d: ops.nn.conv1d(x1, f1, { stride: 2, padding: 'VALID' }),
      conv1d_dilated: ops.nn.conv1d(x1, f1, { stride: 1, padding: 'SAME', dilations: 2, name: 'dil' }),
      conv3d: ops.nn.conv3d(x3, f3, { strides: [1, 1, 1, 1, 1], padding: 'SAME' }),
      conv3d_strided: ops.nn.conv3d(x3, f3, { strides: [1, 2, 2, 2, 1], padding: 'VALID', name: 'c3' }),
      conv2d_dilations: ops.nn.conv2d(x, f, { strides: 1, padding: 'SAME', dilations: 2 }),
    };
  },
  nn_dilated: () => {
    const [x, f, x1, f1] = placeholders({ x: [2, 7, 7, 3], f: [3, 3, 3, 4], x1: [2, 7, 3], f1: [3, 3, 4] });
    const dyn = ops.placeholder(DType.float32, [null, null, null, 3], 'dyn');
    return {
      same: ops.nn.convolution(x, f, { padding: 'SAME', dilationRate: [2, 2] }),
      valid: ops.nn.convolution(x, f, { padding: 'VALID', dilationRate: [2, 1] }),
      one_d: ops.nn.convolution(x1, f1, { padding: 'SAME', dilationRate: [3] }),
      atrous: ops.nn.atrousConv2d(x, f, 2, 'VALID'),
      // Unknown spatial dimensions: the paddings are computed by ops.
      dynamic: ops.nn.convolution(dyn, f, { padding: 'SAME', dilationRate: [2, 2], name: 'dyn_conv' }),
      dynamic_valid: ops.nn.convolution(dyn, f, { padding: 'VALID', dilationRate: [2, 3] }),
    };
  },
  nn_transpose: () => {
    const [x, f, x1, f1, x3, f3] = placeholders({ x: [2, 7, 7, 3], f: [3, 3, 5, 3], x1: [2, 7, 3], f1: [3, 4, 3],
      x3: [1, 4, 4, 4, 2], f3: [2, 2, 2, 3, 2] });
    const b = ops.placeholder(DType.float32, [null, 7, 7, 3], 'b');
    return {
      same: ops.nn.conv2dTranspose(x, f, [2, 14, 14, 5], { strides: [1, 2, 2, 1] }),
      valid: ops.nn.conv2dTranspose(x, f, [2, 15, 15, 5], { strides: 2, padding: 'VALID', name: 'up' }),
      // An output shape holding a tensor is packed.
      dynamic_batch: ops.nn.conv2dTranspose(b, f, [sliceOf(ops.shape(b), [0]), 7, 7, 5], { strides: 1 }),
      backprop_input: ops.nn.conv2dBackpropInput([2, 7, 7, 5], f, x, { strides: [1, 1, 1, 1], padding: 'SAME' }),
      one_d: ops.nn.conv1dTranspose(x1, f1, [2, 14, 4], { strides: 2 }),
      one_d_tensor_shape: ops.nn.conv1dTranspose(x1, f1, ops.constant([2, 9, 4], { dtype: DType.int32 }),
        { strides: 1, padding: 'VALID' }),
      three_d: ops.nn.conv3dTranspose(x3, f3, [1, 8, 8, 8, 3], { strides: [1, 2, 2, 2, 1] }),
    };
  },
  nn_depthwise: () => {
    const [x, d, p] = placeholders({ x: [2, 7, 7, 3], d: [3, 3, 3, 2], p: [1, 1, 6, 4] });
    const bias = ops.placeholder(DType.float32, [3], 'bias');
    const dAny = ops.placeholder(DType.float32, [null, null, 3, 2], 'd_any');
    return {
      // A filter of unknown size: its shape is a Shape op.
      depthwise_any_filter: ops.nn.depthwiseConv2d(x, dAny, { strides: [1, 1, 1, 1], padding: 'VALID', rate: [2, 1] }),
      depthwise: ops.nn.depthwiseConv2d(x, d, { strides: [1, 1, 1, 1], padding: 'SAME' }),
      depthwise_strided: ops.nn.depthwiseConv2d(x, d, { strides: [1, 2, 2, 1], padding: 'VALID', name: 'dw' }),
      depthwise_rate: ops.nn.depthwiseConv2d(x, d, { strides: [1, 1, 1, 1], padding: 'SAME', rate: [2, 2] }),
      native: ops.nn.depthwiseConv2dNative(x, d, { strides: [1, 1, 1, 1], padding: 'VALID' }),
      separable: ops.nn.separableConv2d(x, d, p, { strides: [1, 1, 1, 1], padding: 'SAME' }),
      separable_rate: ops.nn.separableConv2d(x, d, p, { strides: [1, 1, 1, 1], padding: 'VALID', rate: [2, 1], name: 'sep' }),
      bias_add: ops.nn.biasAdd(x, bias),
      bias_add_nhwc: ops.nn.biasAdd(x, bias, { dataFormat: 'NHWC', name: 'nhwc' }),
      // NCHW BiasAdd runs on CPU: the bias along the second dimension.
      bias_add_nchw: ops.nn.biasAdd(ops.transpose(x, [0, 3, 1, 2]), bias, { dataFormat: 'NCHW' }),
      bias_add_ncw: ops.nn.biasAdd(sliceOf(x, [[null, null], [null, null], 0, [null, null]]), [1, 2, 3, 4, 5, 6, 7], { dataFormat: 'NCW' }),
    };
  },
  nn_pools: () => {
    const [x, x1, x3] = placeholders({ x: [2, 7, 7, 3], x1: [2, 7, 3], x3: [1, 4, 4, 4, 2] });
    return {
      max: ops.nn.pool(x, { windowShape: [2, 2], poolingType: 'MAX', padding: 'VALID', strides: [2, 2] }),
      avg_same: ops.nn.pool(x, { windowShape: [3, 3], poolingType: 'AVG', padding: 'SAME', strides: [2, 1], name: 'avg' }),
      max_dilated: ops.nn.pool(x, { windowShape: [2, 2], poolingType: 'MAX', padding: 'VALID', dilationRate: [2, 2] }),
      avg_dilated: ops.nn.pool(x, { windowShape: [3, 2], poolingType: 'AVG', padding: 'VALID', dilationRate: [1, 2] }),
      one_d: ops.nn.pool(x1, { windowShape: [2], poolingType: 'AVG', padding: 'SAME' }),
      one_d_dilated: ops.nn.pool(x1, { windowShape: [2], poolingType: 'MAX', padding: 'VALID', dilationRate: [3] }),
      three_d: ops.nn.pool(x3, { windowShape: [2, 2, 2], poolingType: 'MAX', padding: 'VALID', strides: [2, 2, 2] }),
      max_pool1d: ops.nn.maxPool1d(x1, { ksize: 2, strides: 2, padding: 'VALID' }),
      avg_pool1d: ops.nn.avgPool1d(x1, { ksize: [3], strides: 1, padding: 'SAME', name: 'ap1' }),
      max_pool3d: ops.nn.maxPool3d(x3, { ksize: 2, strides: 2, padding: 'VALID' }),
      avg_pool3d: ops.nn.avgPool3d(x3, { ksize: [1, 2, 2, 2, 1], strides: [1, 1, 2, 2, 1], padding: 'SAME' }),
      max_pool: ops.nn.maxPool(x, { ksize: 3, strides: 2, padding: 'SAME' }),
      avg_pool: ops.nn.avgPool(x, { ksize: [1, 2, 3, 1], strides: [1, 2, 2, 1], padding: 'VALID' }),
    };
  },
  nn_dilated_nchw: () => {
    const x = ops.placeholder(DType.float32, [2, 3, 7, 7], 'x');
    const dyn = ops.placeholder(DType.float32, [null, 3, null, null], 'dyn');
    const f = ops.placeholder(DType.float32, [3, 3, 3, 4], 'f');
    return {
      same: ops.nn.convolution(x, f, { padding: 'SAME', dilationRate: [2, 2], dataFormat: 'NCHW' }),
      dynamic: ops.nn.convolution(dyn, f, { padding: 'VALID', dilationRate: [1, 2], dataFormat: 'NCHW' }),
    };
  },
};

const SEED = 7;
const l2 = (scale: number) => (w: Variable) => ops.mul(scale, ops.nn.l2Loss(w), 'l2');

const LAYER_GRAPHS: Record<string, () => Record<string, Fetches>> = {
  layer_conv2d: () => {
    ops.setRandomSeed(SEED);
    const x = ops.placeholder(DType.float32, [2, 7, 7, 3], 'x');
    const a = layers.conv2d(x, 4, 3);
    const b = layers.conv2d(x, 5, [3, 2], { strides: 2, padding: 'SAME', activation: ops.nn.relu, name: 'named' });
    const c = layers.conv2d(x, 2, 3, { padding: 'Same', dilationRate: 2, useBias: false });
    const d = layers.conv2d(a, 3, 1, { kernelInitializer: ops.constantInitializer(0.1),
      biasInitializer: ops.constantInitializer(0.5), kernelRegularizer: l2(0.01), biasRegularizer: l2(0.5), trainable: false });
    // One layer object called twice shares its variables; its second ops are numbered in its scope.
    const shared = new layers.Conv2D(2, 3, { padding: 'same', dilationRate: [1, 2] });
    const [e1, e2] = [shared.apply(x), shared.apply(ops.nn.relu(x))];
    // The functional form with a name and reuse shares the variables of that scope.
    const f1 = layers.conv2d(x, 4, 3, { name: 'reused' });
    const f2 = layers.conv2d(ops.mul(x, 2, 'mul'), 4, 3, { name: 'reused', reuse: true });
    return { a, b, c, d, e1, e2, f1, f2 };
  },
  layer_conv1d_3d: () => {
    ops.setRandomSeed(SEED);
    const x1 = ops.placeholder(DType.float32, [2, 7, 3], 'x1');
    const x3 = ops.placeholder(DType.float32, [1, 4, 4, 4, 2], 'x3');
    return {
      conv1d: layers.conv1d(x1, 4, 3),
      causal: layers.conv1d(x1, 2, 3, { padding: 'causal', dilationRate: 2, activation: ops.tanh }),
      strided: layers.conv1d(x1, 3, [2], { strides: 2, padding: 'same', name: 'c1' }),
      conv3d: layers.conv3d(x3, 3, 2),
      conv3d_same: layers.conv3d(x3, 2, [2, 1, 2], { strides: [2, 1, 1], padding: 'same', useBias: false }),
    };
  },
  layer_transpose_separable: () => {
    ops.setRandomSeed(SEED);
    const x = ops.placeholder(DType.float32, [2, 7, 7, 3], 'x');
    const dyn = ops.placeholder(DType.float32, [null, null, null, 3], 'dyn');
    const x1 = ops.placeholder(DType.float32, [2, 7, 3], 'x1');
    return {
      transpose: layers.conv2dTranspose(x, 4, 3, { strides: 2, padding: 'same' }),
      transpose_valid: layers.conv2dTranspose(dyn, 2, [3, 2], { strides: [2, 1], activation: ops.nn.relu, name: 'up' }),
      transpose_output_padding: new layers.Conv2DTranspose(3, 3, { strides: 2, padding: 'same', outputPadding: 1 }).apply(x),
      transpose_channels_first: layers.conv2dTranspose(ops.transpose(x, [0, 3, 1, 2]), 2, 3, { strides: 2,
        dataFormat: 'channels_first' }),
      separable: layers.separableConv2d(x, 4, 3, { depthMultiplier: 2, padding: 'same' }),
      separable_dilated: layers.separableConv2d(x, 2, 3, { dilationRate: 2, useBias: false, name: 'sep' }),
      separable1d: layers.separableConv1d(x1, 3, 2, { padding: 'causal', depthMultiplier: 2 }),
      separable1d_strided: layers.separableConv1d(x1, 2, 3, { strides: 2 }),
    };
  },
  layer_conv3d_transpose: () => {
    ops.setRandomSeed(SEED);
    const x3 = ops.placeholder(DType.float32, [1, 4, 4, 4, 2], 'x3');
    const dyn3 = ops.placeholder(DType.float32, [null, null, null, null, 2], 'dyn3');
    return {
      transpose3d: layers.conv3dTranspose(x3, 3, 2),
      strided_same: layers.conv3dTranspose(x3, 2, [2, 1, 2], { strides: [2, 1, 2], padding: 'same', activation: ops.nn.relu }),
      output_padding: new layers.Conv3DTranspose(2, 3, { strides: 2, padding: 'same', outputPadding: [1, 0, 1],
        useBias: false }).apply(x3),
      dynamic: layers.conv3dTranspose(dyn3, 2, 2, { strides: 2, name: 'up3', kernelRegularizer: l2(0.01) }),
      reused: layers.conv3dTranspose(ops.mul(x3, 2.0, 'mul'), 2, 2, { strides: 2, name: 'up3', reuse: true }),
    };
  },
  layer_pools: () => {
    const [x, x1, x3] = placeholders({ x: [2, 7, 7, 3], x1: [2, 7, 3], x3: [1, 4, 4, 4, 2] });
    return {
      max1d: layers.maxPooling1d(x1, 2, 2),
      avg1d: layers.averagePooling1d(x1, 3, 1, { padding: 'same', name: 'avg1' }),
      max1d_channels_first: layers.maxPooling1d(x1, 2, 1, { dataFormat: 'channels_first' }),
      max2d: layers.maxPooling2d(x, 2, 2),
      avg2d: layers.averagePooling2d(x, [3, 2], [2, 1], { padding: 'SAME' }),
      max2d_named: new layers.MaxPooling2D(3, 2, { padding: 'same', name: 'pool' }).apply(x),
      max3d: layers.maxPooling3d(x3, 2, 2),
      avg3d: layers.averagePooling3d(x3, [1, 2, 2], 1, { padding: 'same' }),
      avg3d_channels_first: layers.averagePooling3d(x3, 2, 1, { dataFormat: 'channels_first' }),
    };
  },
  layer_channels_first: () => {
    ops.setRandomSeed(SEED);
    const x = ops.placeholder(DType.float32, [2, 3, 7, 7], 'x');
    const x1 = ops.placeholder(DType.float32, [2, 3, 7], 'x1');
    return {
      conv2d: layers.conv2d(x, 4, 3, { dataFormat: 'channels_first' }),
      conv1d: layers.conv1d(x1, 2, 3, { dataFormat: 'channels_first' }),
      max2d: layers.maxPooling2d(x, 2, 2, { dataFormat: 'channels_first' }),
      separable: layers.separableConv2d(x, 2, 3, { dataFormat: 'channels_first' }),
      // Conv3DTranspose keeps the channels-first format (NCDHW), which its CPU kernel refuses.
      conv3d_transpose: layers.conv3dTranspose(ops.placeholder(DType.float32, [1, 2, 4, 4, 4], 'x3'), 2, 2, { strides: 2,
        dataFormat: 'channels_first' }),
    };
  },
};

/** The input each channels-first layer reads. */
const CHANNELS_FIRST_INPUT: Record<string, string> = { conv1d: 'x1:0', conv3d_transpose: 'x3:0' };

const GRAPHS = { ...NN_GRAPHS, ...LAYER_GRAPHS };

describeTF1Graphs(GRAPHS, fixture);

/** `sum(y * w)` with `w` varying (`weighted` of the fixture script): the weights are a Const of the fixture. */
function weighted(y: Output): Output {
  return ops.reduceSum(ops.mul(y, ops.constant(data(y.shape as number[], 0.71)), 'mul'));
}

/** Each gradient case of the fixture: its loss and xs, built with the same calls as Python's. */
const GRAD_CASES: Record<string, () => [Output, Output[]]> = {
  convolution_grad: () => {
    const [x, f] = placeholders({ x: [2, 7, 7, 3], f: [3, 3, 3, 4] });
    return [weighted(ops.nn.convolution(x, f, { padding: 'SAME', strides: [2, 2] })), [x, f]];
  },
  dilated_grad: () => {
    const [x, f] = placeholders({ x: [2, 7, 7, 3], f: [3, 3, 3, 4] });
    return [weighted(ops.nn.convolution(x, f, { padding: 'SAME', dilationRate: [2, 2] })), [x, f]];
  },
  conv1d_grad: () => {
    const [x, f] = placeholders({ x: [2, 7, 3], f: [3, 3, 4] });
    return [weighted(ops.nn.conv1d(x, f, { stride: 2, padding: 'SAME' })), [x, f]];
  },
  conv3d_grad: () => {
    const [x, f] = placeholders({ x: [1, 4, 4, 4, 2], f: [2, 2, 2, 2, 3] });
    return [weighted(ops.nn.conv3d(x, f, { strides: [1, 1, 2, 1, 1], padding: 'SAME' })), [x, f]];
  },
  transpose_grad: () => {
    const [x, f] = placeholders({ x: [2, 7, 7, 3], f: [3, 3, 5, 3] });
    return [weighted(ops.nn.conv2dTranspose(x, f, [2, 14, 14, 5], { strides: 2 })), [x, f]];
  },
  conv3d_transpose_grad: () => {
    const [x, f] = placeholders({ x: [1, 4, 4, 4, 2], f: [2, 2, 2, 3, 2] });
    return [ops.add(weighted(ops.nn.conv3dTranspose(x, f, [1, 8, 8, 8, 3], { strides: [1, 2, 2, 2, 1] })),
      weighted(ops.nn.conv3dTranspose(x, f, [1, 5, 5, 5, 3], { strides: 1, padding: 'VALID', name: 'valid' }))), [x, f]];
  },
  separable_grad: () => {
    const [x, d, p] = placeholders({ x: [2, 7, 7, 3], d: [3, 3, 3, 2], p: [1, 1, 6, 4] });
    return [weighted(ops.nn.separableConv2d(x, d, p, { strides: [1, 1, 1, 1], padding: 'SAME', rate: [2, 2] })), [x, d, p]];
  },
  pool_grad: () => {
    const [x, x1, x3] = placeholders({ x: [2, 7, 7, 3], x1: [2, 7, 3], x3: [1, 4, 4, 4, 2] });
    const loss = ops.add(ops.add(ops.add(
      weighted(ops.nn.pool(x, { windowShape: [2, 2], poolingType: 'MAX', padding: 'VALID', dilationRate: [2, 2] })),
      weighted(ops.nn.avgPool1d(x1, { ksize: 2, strides: 1, padding: 'SAME' }))),
    weighted(ops.nn.maxPool3d(x3, { ksize: 2, strides: 2, padding: 'VALID' }))),
    weighted(ops.nn.avgPool3d(x3, { ksize: 2, strides: 1, padding: 'SAME' })));
    return [loss, [x, x1, x3]];
  },
};

describe('gradients', () => itGivesTF1Gradients(fixture.gradients, GRAD_CASES));

/**
 * A channels-first run as TF makes it on this CPU: where TF's CPU kernels take NHWC only, the error
 * TF1 Python gave (the fixture); where oneDNN runs NCHW (CPUs with AVX-512, in Python too), it runs,
 * and `check` checks the result.
 */
async function expectChannelsFirstAsTF(run: Promise<unknown>, want: Json, check: (result: Tensor) => Promise<void> | void) {
  const e = await run.then((result) => check(result as Tensor), (err: unknown) => err);
  if (e === undefined) return;
  expect(e).toBeInstanceOf(errors.OpError);
  const err = e as errors.OpError;
  expect({ class: err.name, node: err.op, message: err.message.split('\n\t [[')[0] }).toEqual(want);
}

describe('channels-first kernels on CPU', () => {
  const CASES: Record<string, (x: Output, dataFormat: 'NCHW' | 'NHWC') => Output> = {
    conv2d: (x, dataFormat) => ops.nn.conv2d(x, ops.ones([3, 3, 2, 4]), { strides: 1, padding: 'SAME', dataFormat }),
    max_pool: (x, dataFormat) => ops.nn.maxPool(x, { ksize: 2, strides: 2, padding: 'VALID', dataFormat }),
    avg_pool: (x, dataFormat) => ops.nn.avgPool(x, { ksize: 2, strides: 2, padding: 'VALID', dataFormat }),
    depthwise: (x, dataFormat) => ops.nn.depthwiseConv2d(x, ops.ones([3, 3, 2, 1]), { strides: [1, 1, 1, 1],
      padding: 'SAME', dataFormat }),
  };

  it.each(Object.keys(fixture.nchw_errors))('%s: TF\'s run error, or the NHWC values where TF runs it', async (name) => {
    const graph = new Graph();
    const [x, y, reference] = graph.asDefault(() => {
      const x = ops.placeholder(DType.float32, [2, 2, 6, 6], 'x');
      const nhwc = CASES[name](ops.transpose(x, [0, 2, 3, 1]), 'NHWC');
      return [x, CASES[name](x, 'NCHW'), ops.transpose(nhwc, [0, 3, 1, 2])];
    });
    const sess = new Session(graph);
    const feed = new Map([[x, Tensor.from(Float32Array.from({ length: 144 }, (_, i) => i % 7), { shape: [2, 2, 6, 6] })]]);
    try {
      await expectChannelsFirstAsTF(sess.run(y, feed), fixture.nchw_errors[name], async (got) => {
        const want = await sess.run(reference, feed);
        expectClose(got.toArray(), want.toArray());
      });
    } finally {
      await sess.close();
    }
  });
});

describe('build errors', () => {
  const x = (shape: number[] = [2, 7, 7, 3]) => ops.placeholder(DType.float32, shape, 'x');
  const f = (shape: Array<number | null> = [3, 3, 3, 4]) => ops.placeholder(DType.float32, shape, 'f');
  const CASES: Record<string, () => unknown> = {
    conv_strides_length: () => ops.nn.convolution(x(), f(), { padding: 'SAME', strides: [1, 1, 1] }),
    conv_dilation_and_strides: () => ops.nn.convolution(x(), f(), { padding: 'SAME', strides: [2, 2], dilationRate: [2, 2] }),
    conv_dilation_negative: () => ops.nn.convolution(x(), f(), { padding: 'SAME', dilationRate: [0, 1] }),
    conv_spatial_dims: () => ops.nn.convolution(x([2, 7, 7, 7, 7, 3]), f([3, 3, 3, 3, 3, 3, 4]), { padding: 'SAME' }),
    conv_channels: () => ops.nn.convolution(x([2, 7, 7, 5]), f(), { padding: 'SAME', dilationRate: [2, 2] }),
    conv_input_rank: () => ops.nn.convolution(x([7, 3]), f(), { padding: 'SAME', dilationRate: [2, 2] }),
    conv_shape_mismatch: () => ops.nn.convolution(x([2, 7, 7, 5]), f(), { padding: 'SAME' }),
    conv1d_format: () => ops.nn.conv1d(x([2, 7, 3]), f([3, 3, 4]), { stride: 1, padding: 'SAME', dataFormat: 'NHC' }),
    conv1d_stride: () => ops.nn.conv1d(x([2, 7, 3]), f([3, 3, 4]), { stride: [1, 1], padding: 'SAME' }),
    pool_window: () => ops.nn.pool(x(), { windowShape: [2, 2, 2, 2], poolingType: 'MAX', padding: 'VALID' }),
    pool_rank: () => ops.nn.pool(x([2, 7, 3]), { windowShape: [2, 2], poolingType: 'MAX', padding: 'VALID' }),
    pool_same_dilated: () => ops.nn.pool(x(), { windowShape: [2, 2], poolingType: 'MAX', padding: 'SAME', dilationRate: [2, 2] }),
    pool_strides_window: () => ops.nn.pool(x(), { windowShape: [2, 2], poolingType: 'AVG', padding: 'VALID', strides: [3, 1] }),
    pool_type: () => ops.nn.pool(x(), { windowShape: [2, 2], poolingType: 'MIN' as 'MAX', padding: 'VALID' }),
    pool_format: () => ops.nn.pool(x([2, 7, 3]), { windowShape: [2], poolingType: 'MAX', padding: 'VALID', dataFormat: 'NHC' }),
    separable_pointwise: () => ops.nn.separableConv2d(x(), f([3, 3, 3, 2]), f([2, 1, 6, 4]), { strides: [1, 1, 1, 1],
      padding: 'SAME' }),
    separable_rank: () => ops.nn.separableConv2d(x(), f([3, 3, 3, 2]), f([6, 4]), { strides: [1, 1, 1, 1], padding: 'SAME' }),
    bias_add_format: () => ops.nn.biasAdd(x(), [1, 2, 3], { dataFormat: 'HWC' }),
    transpose_channels: () => ops.nn.conv2dTranspose(x(), f([3, 3, 5, 4]), [2, 14, 14, 5], { strides: 2 }),
    max_pool1d_ksize: () => ops.nn.maxPool1d(x([2, 7, 3]), { ksize: [2, 2], strides: 1, padding: 'VALID' }),
    depthwise_any_filter_same: () => ops.nn.depthwiseConv2d(x(), f([null, null, 3, 2]), { strides: [1, 1, 1, 1],
      padding: 'SAME', rate: [2, 2] }),
    dilated_any_filter_same: () => ops.nn.convolution(x(), f([null, 3, 3, 4]), { padding: 'SAME', dilationRate: [2, 2] }),
  };

  itThrowsTF1Errors(fixture.build_errors, CASES);
});

describe('layers', () => {
  it('channels-first layers run as TF runs them on this CPU: TF1\'s error where its kernels take NHWC only', async () => {
    const graph = new Graph();
    const fetch = graph.asDefault(LAYER_GRAPHS.layer_channels_first) as Record<string, Output>;
    const sess = new Session(graph);
    try {
      await sess.run(graph.asDefault(() => ops.globalVariablesInitializer()));
      for (const [name, want] of Object.entries(fixture.channels_first_errors)) {
        const x = graph.tensor(CHANNELS_FIRST_INPUT[name] ?? 'x:0');
        const size = x.shape!.reduce((a, b) => a! * b!, 1)!;
        const feed = Tensor.from(new Float32Array(size).fill(1), { shape: x.shape as number[] });
        await expectChannelsFirstAsTF(sess.run(fetch[name], new Map([[x, feed]])), want,
          (got) => expect(got.shape).toEqual(fetch[name].shape));
      }
    } finally {
      await sess.close();
    }
  });

  it('a small CNN (conv2d, max_pooling2d, flatten, dense) trains as TF1 Python\'s does', async () => {
    const want = fixture.training;
    const graph = new Graph();
    const [x, y, loss, trainOp] = graph.asDefault(() => {
      ops.setRandomSeed(SEED);
      const x = ops.placeholder(DType.float32, [4, 8, 8, 1], 'x');
      const y = ops.placeholder(DType.int64, [4], 'y');
      let h = layers.conv2d(x, 4, 3, { padding: 'same', activation: ops.nn.relu });
      h = layers.maxPooling2d(h, 2, 2);
      h = ops.reshape(h, [-1, 4 * 4 * 4]);
      const w = ops.getVariable('dense/kernel', { shape: [64, 3], initializer: ops.glorotUniformInitializer() });
      const b = ops.getVariable('dense/bias', { shape: [3], initializer: ops.zerosInitializer() });
      const logits = ops.add(ops.matmul(h, w), b, 'add');
      const loss = ops.reduceMean(ops.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: y, logits }));
      return [x, y, loss, new train.AdamOptimizer(0.05).minimize(loss)] as const;
    });
    const sess = new Session(graph);
    try {
      await sess.run(graph.asDefault(() => ops.globalVariablesInitializer()));
      const feed = new Map([[x, data([4, 8, 8, 1], 0.61)], [y, Tensor.from([0n, 2n, 1n, 2n])]]);
      const losses: number[] = [];
      for (let i = 0; i < want.losses.length; i++) {
        losses.push(((await sess.run([loss, trainOp], feed)) as Tensor[])[0].item() as number);
      }
      expectClose(losses, want.losses);
      const vars = graph.getCollection<Variable>('trainable_variables');
      const values = await sess.run(vars.map((v) => v.asGraphElement()));
      expectClose(Object.fromEntries(vars.map((v, i) => [v.op.name, jsonOf(values[i])])), want.weights);
    } finally {
      await sess.close();
    }
  });

  describe('build errors', () => {
    const x = (shape: Array<number | null> = [2, 7, 7, 3]) => ops.placeholder(DType.float32, shape, 'x');
    const CASES: Record<string, () => unknown> = {
      kernel_size_length: () => layers.conv2d(x(), 4, [3, 3, 3]),
      kernel_size_float: () => layers.conv2d(x(), 4, 2.5),
      strides_element: () => new layers.Conv2D(4, 3, { strides: [1, 'a' as unknown as number] }),
      padding: () => layers.conv2d(x(), 4, 3, { padding: 'full' }),
      data_format: () => layers.conv2d(x(), 4, 3, { dataFormat: 'NHWC' }),
      causal_conv2d: () => layers.conv2d(x(), 4, 3, { padding: 'causal' }),
      input_rank: () => layers.conv2d(x([2, 7, 3]), 4, 3),
      unknown_rank: () => layers.conv1d(ops.placeholder(DType.float32, undefined, 'u'), 4, 3),
      channels_unknown: () => layers.conv2d(x([2, 7, 7, null]), 4, 3),
      channels_changed: () => {
        const layer = new layers.Conv2D(2, 3);
        layer.apply(x());
        layer.apply(x([2, 7, 7, 5]));
      },
      output_padding: () => new layers.Conv2DTranspose(2, 3, { strides: 2, outputPadding: 2 }),
      output_padding_3d: () => new layers.Conv3DTranspose(2, 3, { strides: [2, 2, 1], outputPadding: [1, 1, 1] }),
      transpose3d_rank: () => layers.conv3dTranspose(x(), 2, 2),
      transpose3d_channels_unknown: () => layers.conv3dTranspose(x([1, 4, 4, 4, null]), 2, 2),
      pool_strides: () => layers.maxPooling2d(x(), 2, null as unknown as number),
      pool_size: () => layers.maxPooling2d(x(), [2, 2, 2], 1),
      pool_rank: () => layers.maxPooling1d(x(), 2, 2),
    };

    itThrowsTF1Errors(fixture.layer_errors, CASES);
  });
});

it('the README example: a CNN of conv2d, max_pooling2d and dense layers trains', async () => {
  const losses: number[] = [];
  await new Graph().asDefault(async () => {
    const images = ops.placeholder(DType.float32, [null, 28, 28, 1], 'images');
    const labels = ops.placeholder(DType.int64, [null], 'labels');
    let h = layers.conv2d(images, 32, 5, { padding: 'same', activation: ops.nn.relu }); // conv2d/kernel [5, 5, 1, 32]
    h = layers.maxPooling2d(h, 2, 2); // [?, 14, 14, 32]
    h = layers.conv2d(h, 64, 5, { padding: 'same', activation: ops.nn.relu }); // conv2d_1/kernel, conv2d_1/bias
    h = layers.maxPooling2d(h, 2, 2); // [?, 7, 7, 64]
    const logits = layers.dense(ops.reshape(h, [-1, 7 * 7 * 64]), 10);
    const loss = ops.reduceMean(ops.nn.sparseSoftmaxCrossEntropyWithLogits({ labels, logits }));
    const trainOp = new train.AdamOptimizer(1e-3).minimize(loss);

    expect(h.shape).toEqual([null, 7, 7, 64]);
    expect(ops.trainableVariables().map((v) => `${v.name} ${v.shape}`)).toEqual(['conv2d/kernel:0 5,5,1,32',
      'conv2d/bias:0 32', 'conv2d_1/kernel:0 5,5,32,64', 'conv2d_1/bias:0 64', 'dense/kernel:0 3136,10', 'dense/bias:0 10']);
    const sess = new Session();
    await sess.run(ops.globalVariablesInitializer());
    const feed = new Map([[images, data([8, 28, 28, 1], 0.05)],
      [labels, Tensor.from(BigInt64Array.from({ length: 8 }, (_, i) => BigInt(i % 10)))]]);
    for (let i = 0; i < 15; i++) losses.push(((await sess.run([loss, trainOp], feed)) as Tensor[])[0].item() as number);
    await sess.close();
  });
  expect(losses[14]).toBeLessThan(losses[0] / 2);
});
