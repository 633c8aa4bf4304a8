/**
 * tf.initializers, the rest of tf.nn and fake quantization against TF1 Python
 * (scripts/graph_fixtures/init_nn_quant.py): seeded initializers (whole and partitioned variables),
 * relu_layer / xw_plus_b, collapse_repeated, ctc_loss_v2 (SparseTensor labels), the v2 and 2-D
 * pools, the conv backprop ops, conv_transpose and atrous_conv2d_transpose, the fake-quant ops and
 * their gradients, quantize / dequantize, built here with the same calls, must have the same ops in the same order, static
 * shapes and values; a quantization-aware training the same losses; bad arguments TF1's errors.
 */
import { DType, GraphKeys, Output, SparseTensor, Tensor, Variable, getDefaultGraph, ops } from '../lib';
import { sliceOf } from '../lib/ops/array_ops';
import { loadGraphFixture } from './helpers/graph_record';
import {
  Json, OpsFixture, describeTF1Graphs, expectClose, itGivesTF1Gradients, itThrowsTF1Errors, trainByGradientDescent,
} from './helpers/fixture_values';

interface Fixture extends OpsFixture {
  training: { w0: number[][]; x: number[][]; y: number[][]; losses: number[]; fetched: Json };
}
const fixture = loadGraphFixture<Fixture>('init_nn_quant.json');
const { nn, initializers: init } = ops;
const f32 = DType.float32;
const i32 = (v: number[]) => Tensor.from(v, { dtype: DType.int32 });
const ph = (shape: number[], name: string) => ops.placeholder(f32, shape, name);

type Fetch = Record<string, Output | Variable | Array<Output | Variable>>;

const GRAPHS: Record<string, () => Fetch> = {
  initializers: () => {
    const part = ops.fixedSizePartitioner(2);
    const v = (name: string, shape: number[], initializer: ops.Initializer) => ops.getVariable(name, { shape, initializer });
    const parts = (name: string, initializer: ops.Initializer) =>
      [...ops.getVariable(name, { shape: [6, 3], initializer, partitioner: part })];
    return {
      orthogonal: v('orth', [4, 3], ops.orthogonalInitializer({ seed: 1 })),
      orthogonal_wide: v('orth_wide', [2, 2, 5], init.orthogonal({ gain: 2.0, seed: 2 })),
      identity: v('eye', [3, 4], init.identity({ gain: 0.5 })),
      uniform_unit_scaling: v('uus', [3, 2, 4], ops.uniformUnitScalingInitializer({ factor: 1.5, seed: 3 })),
      he_normal: v('he_n', [4, 5], init.heNormal({ seed: 4 })),
      he_uniform: v('he_u', [4, 5], init.heUniform({ seed: 5 })),
      lecun_normal: v('lecun_n', [2, 3, 4], init.lecunNormal({ seed: 6 })),
      lecun_uniform: v('lecun_u', [4, 5], init.lecunUniform({ seed: 7 })),
      glorot_normal: v('glorot_n', [4, 5], init.glorotNormal({ seed: 8 })),
      glorot_uniform: v('glorot_u', [4, 5], init.glorotUniform({ seed: 9 })),
      variance_scaling: v('vs', [4, 5], init.varianceScaling({ scale: 2.0, mode: 'fan_out',
        distribution: 'untruncated_normal', seed: 10 })),
      zeros: v('z', [2, 2], init.zeros()),
      ones: v('o', [2, 2], init.ones()),
      constant: v('c', [2, 2], init.constant(3.5)),
      random_uniform: v('ru', [2, 2], init.randomUniform({ minval: -2.0, maxval: 2.0, seed: 11 })),
      random_normal: v('rn', [2, 2], init.randomNormal({ mean: 1.0, stddev: 0.5, seed: 12 })),
      truncated_normal: v('tn', [2, 2], init.truncatedNormal({ mean: 0.0, stddev: 2.0, seed: 13 })),
      identity_parts: parts('eye_p', init.identity()),
      uus_parts: parts('uus_p', init.uniformUnitScaling({ seed: 14 })),
      orthogonal_parts: parts('orth_p', init.orthogonal({ seed: 15 })),
    };
  },
  initializer_ops: () => {
    ops.getVariable('g', { shape: [2], initializer: init.ones() });
    const loc = ops.getVariable('l', { shape: [2], initializer: init.zeros(), collections: [GraphKeys.LOCAL_VARIABLES] });
    const fetch = ops.constant(1.0);
    const deps = [init.globalVariables(), init.localVariables(), init.variables([loc], 'some'), init.tablesInitializer()];
    return { after: getDefaultGraph().controlDependencies(deps, () => ops.identity(fetch)) };
  },
  layers: () => {
    const [x, w, b] = [ph([2, 3], 'x'), ph([3, 4], 'w'), ph([4], 'b')];
    return {
      relu_layer: nn.reluLayer(x, w, b),
      relu_layer_named: nn.reluLayer(x, w, b, 'rl'),
      xw_plus_b: nn.xwPlusB(x, w, b),
      xw_plus_b_named: nn.xwPlusB(x, w, b, 'dense'),
      scale_regularization_loss: nn.scaleRegularizationLoss(x),
    };
  },
  pools: () => {
    const [img, seq, vol] = [ph([1, 4, 4, 2], 'img'), ph([1, 5, 2], 'seq'), ph([1, 4, 4, 4, 1], 'vol')];
    return {
      avg_pool2d: nn.avgPool2d(img, { ksize: 2, strides: 2, padding: 'VALID' }),
      max_pool2d: nn.maxPool2d(img, { ksize: [2, 2], strides: [1, 1], padding: 'SAME' }),
      max_pool2d_named: nn.maxPool2d(img, { ksize: 3, strides: 1, padding: 'VALID', name: 'mp' }),
      avg_pool_v2: nn.avgPoolV2(img, { ksize: 2, strides: 2, padding: 'SAME' }),
      avg_pool_v2_1d: nn.avgPoolV2(seq, { ksize: 2, strides: 1, padding: 'VALID' }),
      avg_pool_v2_3d: nn.avgPoolV2(vol, { ksize: 2, strides: 2, padding: 'VALID', name: 'ap3' }),
      max_pool_v2: nn.maxPoolV2(img, { ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: 'VALID' }),
      max_pool_v2_1d: nn.maxPoolV2(seq, { ksize: 3, strides: 2, padding: 'SAME' }),
      max_pool_v2_3d: nn.maxPoolV2(vol, { ksize: [2, 2, 2], strides: 1, padding: 'VALID' }),
    };
  },
  conv_backprops: () => {
    const [img, dy, ddy] = [ph([1, 4, 4, 2], 'img'), ph([1, 4, 4, 3], 'dy'), ph([1, 4, 4, 4], 'ddy')];
    const [vol, dvol] = [ph([1, 4, 4, 4, 1], 'vol'), ph([1, 3, 3, 3, 2], 'dvol')];
    const f = ops.constant(Array.from({ length: 24 }, (_, i) => i / 8), { shape: [2, 2, 2, 3] });
    const fd = ops.constant(Array.from({ length: 16 }, (_, i) => i / 8), { shape: [2, 2, 2, 2] });
    const seqDy = ph([1, 5, 3], 'seq_dy');
    const same = { strides: [1, 1, 1, 1], padding: 'SAME' as const };
    const valid3 = { strides: [1, 1, 1, 1, 1], padding: 'VALID' as const };
    return {
      conv2d_filter: nn.conv2dBackpropFilter(img, i32([2, 2, 2, 3]), dy, same),
      depthwise_filter: nn.depthwiseConv2dBackpropFilter(img, i32([2, 2, 2, 2]), ddy, same),
      depthwise_native_filter: nn.depthwiseConv2dNativeBackpropFilter(img, i32([2, 2, 2, 2]), ddy, { ...same, name: 'dwf' }),
      depthwise_input: nn.depthwiseConv2dBackpropInput(i32([1, 4, 4, 2]), fd, ddy, same),
      depthwise_native_input: nn.depthwiseConv2dNativeBackpropInput(i32([1, 4, 4, 2]), fd, ddy, same),
      conv3d_filter: nn.conv3dBackpropFilter(vol, i32([2, 2, 2, 1, 2]), dvol, valid3),
      conv3d_filter_v2: nn.conv3dBackpropFilterV2(vol, i32([2, 2, 2, 1, 2]), dvol, { ...valid3, name: 'c3f' }),
      conv_transpose: nn.convTranspose(dy, f, [1, 4, 4, 2], { strides: 1 }),
      conv_transpose_1d: nn.convTranspose(seqDy, sliceOf(f, [0]), [1, 5, 2], { strides: 1, padding: 'SAME', name: 'ct1' }),
      conv_transpose_3d: nn.convTranspose(dvol, ops.ones([2, 2, 2, 1, 2]), [1, 4, 4, 4, 1], { strides: [1, 1, 1],
        padding: 'VALID' }),
      atrous_transpose_same: nn.atrousConv2dTranspose(dy, ops.mul(ops.ones([3, 3, 2, 3]), 0.5, 'mul'), [1, 4, 4, 2], 2,
        'SAME'),
      atrous_transpose_valid: nn.atrousConv2dTranspose(dy, f, [1, 6, 6, 2], 2, 'VALID', 'atv'),
      atrous_transpose_rate1: nn.atrousConv2dTranspose(dy, f, [1, 4, 4, 2], 1, 'SAME'),
      depth_to_space: nn.depthToSpace(ddy, 2),
      space_to_depth: nn.spaceToDepth(img, 2, { name: 's2d' }),
      space_to_batch: nn.spaceToBatch(img, [[0, 0], [1, 1]], 2),
    };
  },
  ctc_labels: () => {
    const labels = ops.placeholder(DType.int32, [3, 5], 'labels');
    const seq = ops.placeholder(DType.int32, [3], 'seq');
    const dyn = ops.placeholder(DType.int64, [null, null], 'dyn');
    const logits = ph([4, 2, 5], 'logits');
    const sp = new SparseTensor([[0, 0], [0, 1], [1, 0]], ops.constant([1, 3, 2], { dtype: DType.int32 }), [2, 2]);
    const [beam, beamP] = nn.ctcBeamSearchDecoderV2(logits, i32([4, 3]), { beamWidth: 3, topPaths: 2 });
    return {
      ctc_loss_v2_last_blank: nn.ctcLossV2(sp, logits, null, i32([4, 3]), { blankIndex: -1 }),
      ctc_loss_v2_first_blank: nn.ctcLossV2(sp, logits, null, i32([4, 3]), { blankIndex: 0 }),
      ctc_loss_v2_batch_major: nn.ctcLossV2(sp, ops.transpose(logits, [1, 0, 2]), null, i32([4, 3]),
        { logitsTimeMajor: false, blankIndex: 2 }),
      beam_v2: [beam[0].indices, beam[0].values, beam[0].denseShape, beam[1].values, beamP],
      collapse: nn.collapseRepeated(labels, seq),
      collapse_dynamic: nn.collapseRepeated(dyn, ops.constant([2, 4], { dtype: DType.int64 }), 'cr'),
    };
  },
  fake_quant: () => {
    const [x, g, mn, mx] = [ph([2, 4], 'x'), ph([2, 4], 'g'), ph([], 'mn'), ph([], 'mx')];
    const [mnc, mxc] = [ph([4], 'mnc'), ph([4], 'mxc')];
    return {
      args: ops.fakeQuantWithMinMaxArgs(x),
      args_custom: ops.fakeQuantWithMinMaxArgs(x, { min: -1.0, max: 2.0, numBits: 4, narrowRange: true, name: 'fq' }),
      vars: ops.fakeQuantWithMinMaxVars(x, mn, mx),
      vars_narrow: ops.fakeQuantWithMinMaxVars(x, mn, mx, { numBits: 5, narrowRange: true }),
      per_channel: ops.fakeQuantWithMinMaxVarsPerChannel(x, mnc, mxc, { numBits: 3 }),
      args_grad: ops.fakeQuantWithMinMaxArgsGradient(g, x, { min: -1.0, max: 1.0 }),
      vars_grad: ops.fakeQuantWithMinMaxVarsGradient(g, x, mn, mx, { numBits: 6 }),
      per_channel_grad: ops.fakeQuantWithMinMaxVarsPerChannelGradient(g, x, mnc, mxc, { narrowRange: true }),
    };
  },
  quantize: () => {
    const x = ph([2, 4], 'x');
    const q = ops.quantize(x, -1.0, 2.0, DType.quint8);
    const q2 = ops.quantizeV2(x, -1.0, 2.0, DType.qint8, { mode: 'SCALED', name: 'qv2' });
    const q3 = ops.quantize(x, -1.0, 2.0, DType.quint8, { mode: 'MIN_FIRST', ensureMinimumRange: 0.02 });
    const q4 = ops.quantize(x, [-1.0, -2.0], [1.0, 2.0], DType.qint8, { mode: 'SCALED', axis: -2, narrowRange: true,
      roundMode: 'HALF_TO_EVEN' });
    return {
      min_max: [q.outputMin, q.outputMax, q2.outputMin, q2.outputMax, q3.outputMin, q4.outputMax],
      dequantize: ops.dequantize(q.output, q.outputMin, q.outputMax),
      dequantize_scaled: ops.dequantize(q2.output, q2.outputMin, q2.outputMax, { mode: 'SCALED', name: 'deq' }),
      dequantize_min_first: ops.dequantize(q3.output, q3.outputMin, q3.outputMax, { mode: 'MIN_FIRST' }),
      dequantize_axis: ops.dequantize(q4.output, q4.outputMin, q4.outputMax, { mode: 'SCALED', axis: 0, narrowRange: true }),
    };
  },
};

describe('tf.initializers, tf.nn and fake quantization graphs', () => describeTF1Graphs(GRAPHS, fixture));

/** d/d(xs) of `fn`'s output weighted by linspace(-1, 2) (the fixture's `weighted`). */
function weighted(y: Output): Output {
  const shape = y.shape as number[];
  const n = shape.reduce((a, b) => a * b, 1);
  const w = Array.from({ length: n }, (_, i) => -1.0 + (3.0 * i) / Math.max(n - 1, 1));
  return ops.reduceSum(ops.mul(y, ops.constant(w, { shape })));
}

const quantCase = (fn: (x: Output, mn: Output, mx: Output) => Output) => (): [Output, Output[]] => {
  const [x, mn, mx] = [ph([2, 4], 'x'), ph([4], 'mn'), ph([4], 'mx')];
  return [weighted(fn(x, mn, mx)), [x, mn, mx]];
};
const imageCase = (fn: (x: Output) => Output, shape = [1, 4, 4, 2]) => (): [Output, Output[]] => {
  const x = ph(shape, 'x');
  return [weighted(fn(x)), [x]];
};
const F = Array.from({ length: 24 }, (_, i) => -1.0 + (2.0 * i) / 23);

describe('gradients', () => itGivesTF1Gradients(fixture.gradients, {
  fake_quant_args: quantCase((x, mn, mx) => ops.add(ops.mul(ops.fakeQuantWithMinMaxArgs(x, { min: -1.0, max: 1.0 }), mn),
    mx)),
  fake_quant_vars: quantCase((x, mn, mx) => ops.fakeQuantWithMinMaxVars(x, sliceOf(mn, [0]), sliceOf(mx, [1]),
    { numBits: 4 })),
  fake_quant_per_channel: quantCase((x, mn, mx) => ops.fakeQuantWithMinMaxVarsPerChannel(x, mn, mx, { narrowRange: true })),
  relu_layer: quantCase((x, mn, mx) => nn.reluLayer(x, ops.reshape(ops.concat([mn, mx, mn], 0), [4, 3]),
    sliceOf(mx, [[null, 3]]))),
  ctc_loss_v2: imageCase((x) => nn.ctcLossV2(new SparseTensor([[0, 0], [0, 1], [1, 0]],
    ops.constant([1, 3, 2], { dtype: DType.int32 }), [2, 2]), x, null, i32([4, 3]), { blankIndex: 1 }), [4, 2, 5]),
  max_pool2d: imageCase((x) => nn.maxPool2d(x, { ksize: 2, strides: 1, padding: 'VALID' })),
  avg_pool_v2: imageCase((x) => nn.avgPoolV2(x, { ksize: 2, strides: 2, padding: 'SAME' })),
  max_pool_v2_1d: imageCase((x) => nn.maxPoolV2(x, { ksize: 2, strides: 1, padding: 'VALID' }), [1, 5, 2]),
  conv_transpose: imageCase((x) => nn.convTranspose(x, ops.constant(F, { shape: [2, 2, 2, 3] }), [1, 8, 8, 2],
    { strides: 2 }), [1, 4, 4, 3]),
  atrous_conv2d_transpose: imageCase((x) => nn.atrousConv2dTranspose(x, ops.constant(F, { shape: [2, 2, 2, 3] }),
    [1, 4, 4, 2], 2, 'SAME'), [1, 4, 4, 3]),
}));

it('a quantization-aware model (fake-quant weights and activations) trains as in TF1 Python (GradientDescent, 6 steps)',
  async () => {
    const want = fixture.training;
    const { losses, fetched } = await trainByGradientDescent(() => {
      const w = ops.getVariable('w', { shape: [3, 4], initializer: ops.constantInitializer(want.w0) });
      const b = ops.getVariable('b', { shape: [4], initializer: init.zeros() });
      const lo = ops.getVariable('lo', { shape: [], initializer: init.constant(-0.5) });
      const hi = ops.getVariable('hi', { shape: [], initializer: init.constant(0.5) });
      const wq = ops.fakeQuantWithMinMaxVars(w, lo, hi, { numBits: 4 });
      const h = ops.fakeQuantWithMinMaxArgs(nn.xwPlusB(ops.constant(want.x), wq, b), { min: -2.0, max: 2.0 });
      const loss = ops.reduceMean(ops.square(ops.sub(h, ops.constant(want.y))));
      return { loss, fetch: ops.stack([ops.reshape(w, [-1]), ops.concat([b, ops.stack([lo, hi]), ops.zeros([6])], 0)]) };
    }, 0.5, want.losses.length);
    expectClose(losses, want.losses);
    const [w, b, lo, hi] = want.fetched as [number[][], number[], number, number];
    expectClose(fetched, [w.flat(), [...b, lo, hi, 0, 0, 0, 0, 0, 0]]);
  });

describe('build errors', () => {
  const z = (...shape: number[]) => ops.zeros(shape);
  itThrowsTF1Errors(fixture.build_errors, {
    orthogonal_rank1: () => ops.orthogonalInitializer()([3]),
    orthogonal_dtype: () => ops.orthogonalInitializer({ dtype: DType.int32 }),
    identity_rank3: () => init.identity()([2, 2, 2]),
    identity_dtype: () => init.identity({ dtype: DType.string }),
    uniform_unit_scaling_dtype: () => ops.uniformUnitScalingInitializer({ dtype: DType.int64 }),
    avg_pool_v2_rank: () => nn.avgPoolV2(z(1, 2, 2, 2, 2, 1), { ksize: 2, strides: 2, padding: 'VALID' }),
    max_pool_v2_rank: () => nn.maxPoolV2(z(2, 2), { ksize: 2, strides: 2, padding: 'VALID' }),
    max_pool_v2_ksize: () => nn.maxPoolV2(z(1, 4, 4, 1), { ksize: [2, 2, 2], strides: 2, padding: 'VALID' }),
    ctc_loss_v2_blank: () => nn.ctcLossV2(new SparseTensor([[0, 0]], [1], [1, 1]), z(2, 1, 3), null, [2]),
    atrous_transpose_rate: () => nn.atrousConv2dTranspose(z(1, 4, 4, 3), z(2, 2, 2, 3), [1, 4, 4, 2], 0, 'SAME'),
    atrous_transpose_channels: () => nn.atrousConv2dTranspose(z(1, 4, 4, 3), z(2, 2, 2, 5), [1, 4, 4, 2], 2, 'SAME'),
    conv_transpose_length: () => nn.convTranspose(z(1, 2), z(1, 1), [1, 2], { strides: 1 }),
    quantize_axis_rank: () => ops.quantize(ops.placeholder(f32), -1.0, 1.0, DType.quint8, { axis: -1 }),
    dequantize_axis_rank: () => ops.dequantize(ops.placeholder(DType.quint8), -1.0, 1.0, { axis: -2 }),
    fake_quant_min_rank: () => ops.fakeQuantWithMinMaxVars(z(2, 3), z(2), z()),
    per_channel_min_size: () => ops.fakeQuantWithMinMaxVarsPerChannel(z(2, 3), z(2), z(3)),
  });
});
