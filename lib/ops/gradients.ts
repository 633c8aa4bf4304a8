/**
 * Symbolic gradients (`tf.gradients`). Where every op between the ys and the xs has a gradient in
 * libtensorflow's C++ registry, one TF_AddGradients call makes them all. Where some op needs one
 * that only TF1 Python has (SparseSoftmaxCrossEntropyWithLogits, ..., written here after TF's Python
 * gradients, the sparse ops' in sparse_grad.ts, v1 control flow's in control_flow_grad.ts, the
 * TensorArray ops' in tensor_array_grad.ts), the graph is walked op by op as TF1's
 * `gradients_util` walks it: from the ys back to the xs in reverse topological
 * order, each op's output gradients summed (AddN), then its input gradients made under
 * `gradients/<op>_grad` by its function here or by TF_AddGradients on that op alone. Variables are
 * differentiated as TF1 does: a ref variable through its ref tensor, a resource variable through
 * its handle. As in TF1, a gather's gradient (`embedding_lookup`) is IndexedSlices, which reach the
 * variable through Identity and ReadVariableOp and are summed by concatenation; any other op takes
 * them dense. Through v1 while loops the walk builds the gradient loops as TF1's does, with the loop
 * state of control_flow_state.ts: each op's gradient made in its loop's gradient loop.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { KeyError, LookupError, NotFoundError, ValueError } from '../errors';
import { DType, baseDType } from '../framework/dtypes';
import { Gradient, IndexedSlices, denseGradient as dense } from '../framework/indexed_slices';
import { Graph, Operation, Output } from '../framework/ops';
import { InputValue, applyOp, graphFromInputs, inputsByArg, opAttrs } from '../framework/op_def_library';
import { isFullyDefined } from '../framework/tensor_shape';
import { NodeDefSchema, toTextFormat } from '../proto';
import {
  cast, concat, expandDims, firstDim, identity, ones, reshape, shape, squeeze, transpose, zeros, zerosLike as zerosLikeTensor,
} from './array_ops';
import { tuple } from './control_flow_ops';
import { ARRAY_GRADIENTS } from './array_grad';
import { CONTROL_FLOW_GRADIENTS } from './control_flow_grad';
import { maybeCreateControlFlowState, zerosLike as zerosLikeOutput } from './control_flow_state';
import { isLoopExit, isLoopSwitch, isSwitch } from './control_flow_util';
import { int32, op1, scalarOf, zerosLike } from './grad_util';
import { IMAGE_GRADIENTS } from './image_grad';
import { LINALG_GRADIENTS } from './linalg_grad';
import { FFT_GRADIENTS } from './signal/fft_grad';
import { MATH_GRADIENTS } from './math_grad';
import { NN_GRADIENTS } from './nn_grad';
import { RANDOM_GRADIENTS } from './random_grad';
import { QUANTIZATION_GRADIENTS } from './quantization_grad';
import { SPARSE_GRADIENTS } from './sparse_grad';
import { SCRIPT_GRADIENTS } from './script_ops';
import { COND_V2_GRADIENTS } from './cond_v2';
import { WHILE_V2_GRADIENTS } from './while_v2';
import { RAGGED_GRADIENTS } from './ragged/ragged_grad';
import { SECOND_ORDER_GRADIENTS } from './second_order_grad';
import { TENSOR_ARRAY_GRADIENTS } from './tensor_array_grad';
import { Variable } from './variables';

/** What `gradients` differentiates with respect to. */
export type GradientTarget = Output | Variable;

function target(x: GradientTarget): Output {
  return x instanceof Variable ? x.ref : x;
}

/**
 * `tf.AggregationMethod`: how the gradients reaching a tensor are summed: ADD_N (DEFAULT) in one
 * AddN, EXPERIMENTAL_TREE and EXPERIMENTAL_ACCUMULATE_N by pairwise AddNs.
 */
export const AggregationMethod = { ADD_N: 0, DEFAULT: 0, EXPERIMENTAL_TREE: 1, EXPERIMENTAL_ACCUMULATE_N: 2 } as const;

const VALID_AGGREGATIONS: number[] = [AggregationMethod.ADD_N, AggregationMethod.EXPERIMENTAL_TREE,
  AggregationMethod.EXPERIMENTAL_ACCUMULATE_N];

/** `tf.UnconnectedGradients`: what an x no y depends on gets, None (`NONE`) or zeros (`ZERO`). */
export const UnconnectedGradients = { NONE: 'none', ZERO: 'zero' } as const;

/** The options of `tf.compat.v1.gradients` (`gradients_util._GradientsHelper`). */
export interface GradientOptions {
  /** The name scope of the gradient ops (default 'gradients'). */
  name?: string;
  /** Each op's gradients colocated with it (`_class` attrs `loc:@<op>`). */
  colocateGradientsWithOps?: boolean;
  /** Each op's input gradients through a `tuple` (none available before all are). */
  gateGradients?: boolean;
  /** An `AggregationMethod` (default ADD_N). */
  aggregationMethod?: number | null;
  /** Tensors (or variables) taken as constants: no gradient goes back through them. */
  stopGradients?: GradientTarget | GradientTarget[];
  /** `UnconnectedGradients.NONE` (default: null) or `ZERO` (zeros) for an x no y depends on. */
  unconnectedGradients?: string;
}

/** `UnconnectedGradients(value)`: ValueError for another value. */
function checkUnconnected(value: string | undefined): string {
  const v = value ?? UnconnectedGradients.NONE;
  if (v !== UnconnectedGradients.NONE && v !== UnconnectedGradients.ZERO) {
    throw new ValueError(`Unknown value for unconnected_gradients: '${String(value)}'`);
  }
  return v;
}

/** `_ZerosLike` of an x: zeros like it, or of a resource variable's shape and dtype. */
function zerosFor(x: Output, t: GradientTarget | undefined): Output {
  if (x.dtype !== DType.resource) return zerosLikeTensor(x, baseDType(x.dtype) === x.dtype ? undefined : baseDType(x.dtype));
  const v = t instanceof Variable ? t : null;
  const dtype = v ? baseDType(v.dtype) : DType.float32;
  return v && isFullyDefined(v.shape) ? zeros(v.shape, dtype)
    : zeros(op1('VariableShape', { input: x }, { out_type: DType.int32 }), dtype);
}

/**
 * A gradient function: the gradients of an op's inputs (null: none) given those of its outputs
 * (null where no gradient reached that output), or undefined where libtensorflow's C++ gradient
 * serves. Called in the op's `gradients/<op>_grad` scope.
 */
export type GradFn = (op: Operation, grads: Array<Gradient | null>) => Array<Gradient | null> | undefined;

const FLOATING = new Set([DType.float16, DType.bfloat16, DType.float32, DType.float64, DType.complex64,
  DType.complex128, DType.resource, DType.variant]);

/** `_IsBackpropagatable`: gradients flow only through floating, complex, resource and variant tensors. */
function backpropagatable(t: Output): boolean {
  return FLOATING.has(baseDType(t.dtype));
}

/** `array_ops.ones(shape(t), name=name)`, as `_DefaultGradYs` makes a y's gradient. */
function onesLike(t: Output, name?: string): Output {
  return ones(shape(t), baseDType(t.dtype), name);
}

/** `_BroadcastMul`: vec [D0] times mat [D0, D1], broadcast over the last axis. */
function broadcastMul(vec: InputValue, mat: Output): Output {
  return op1('Mul', { x: expandDims(vec, -1), y: mat });
}

/**
 * The logits' gradient of the cross-entropy ops (`_SoftmaxCrossEntropyWithLogitsGrad`,
 * `_SparseSoftmaxCrossEntropyWithLogitsGrad`): backprop * dloss, plus softmax's own when the
 * backprop has a gradient.
 */
function xentLogitsGrad(op: Operation, gradLoss: Gradient | null, gradGrad: Gradient | null): Output {
  let grad = broadcastMul(gradLoss ?? zerosLike(op.output(0)), op.output(1));
  if (gradGrad) {
    const softmax = op1('Softmax', { logits: op.inputs[0] });
    const prod = op1('BatchMatMulV2', {
      x: expandDims(gradGrad, 1),
      y: expandDims(softmax, 2),
    });
    grad = op1('AddV2', { x: grad, y: op1('Mul', {
      x: op1('Sub', { x: gradGrad, y: squeeze(prod, [1]) }), y: softmax,
    }) });
  }
  return grad;
}

/** `_SparseSoftmaxCrossEntropyWithLogitsGrad`: the logits' gradient; none for the labels. */
const sparseXentGrad: GradFn = (op, [gradLoss, gradGrad]) => [xentLogitsGrad(op, gradLoss, gradGrad), null];

/**
 * `_SoftmaxCrossEntropyWithLogitsGrad`: the logits' gradient and the labels', dloss * -log_softmax
 * (libtensorflow's C++ one multiplies by a float -1, which fails on float64).
 */
const softmaxXentGrad: GradFn = (op, [gradLoss, gradGrad]) => [xentLogitsGrad(op, gradLoss, gradGrad),
  broadcastMul(gradLoss ?? zerosLike(op.output(0)), op1('Neg', { x: op1('LogSoftmax', { logits: op.inputs[0] }) }))];

/**
 * `_BaseFusedBatchNormGrad` for FusedBatchNorm and FusedBatchNormV2: FusedBatchNormGrad(V2) on
 * the batch statistics the op saved (training) or the population ones it was given (inference,
 * in NHWC as TF transposes it).
 */
function fusedBatchNormGrad(gradType: string): GradFn {
  return (op, grads) => {
    const [x, scale] = op.inputs;
    const attrs = {
      epsilon: op.getAttr('epsilon'), data_format: op.getAttr('data_format'), is_training: op.getAttr('is_training'),
    };
    const gradY = grads[0] ?? zerosLike(op.output(0));
    let outs: Output[];
    if (attrs.is_training) {
      outs = applyOp(gradType, { y_backprop: gradY, x, scale, reserve_space_1: op.output(3), reserve_space_2: op.output(4) },
        attrs).outputs;
    } else {
      const nchw = String(attrs.data_format) === 'NCHW';
      const toNhwc = (t: InputValue) => (nchw ? transpose(t, [0, 2, 3, 1]) : t);
      outs = applyOp(gradType, { y_backprop: toNhwc(gradY), x: toNhwc(x), scale, reserve_space_1: op.inputs[3],
        reserve_space_2: op.inputs[4] }, { ...attrs, data_format: 'NHWC' }).outputs;
      if (nchw) outs = [transpose(outs[0], [0, 3, 1, 2]), ...outs.slice(1)];
    }
    return [outs[0], outs[1], outs[2], null, null];
  };
}

/**
 * An op whose gradient is its output's, input for input (`IdentityN`, `EnsureShape`; Identity and
 * ReadVariableOp for IndexedSlices).
 */
const passThrough: GradFn = (_op, grads) => grads;

/** `_FloorModGrad`: (grad, -grad * floor(x / y)), each reduced to its input's shape. */
const floorModGrad: GradFn = (op, [grad]) => {
  const [x, y] = op.inputs;
  return reduceBroadcast(x, y, grad!, op1('Mul', { x: op1('Neg', { x: grad! }), y: op1('FloorDiv', { x, y }) }));
};

/** The attrs `names` of `op`, to give its backprop op. */
function attrsNamed(op: Operation, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((n) => [n, op.getAttr(n)]));
}

/** `_ReduceGradientArgs`: each of a broadcasting binary op's gradients summed to its input's shape. */
export function reduceBroadcast(x: Output, y: Output, gx: InputValue, gy: InputValue): [Output, Output] {
  const [sx, sy] = [shape(x), shape(y)];
  const [rx, ry] = applyOp('BroadcastGradientArgs', { s0: sx, s1: sy }, {}).outputs;
  const reduceTo = (t: InputValue, axes: Output, to: Output) =>
    reshape(op1('Sum', { input: t, reduction_indices: axes }, { keep_dims: false }), to);
  return [reduceTo(gx, rx, sx), reduceTo(gy, ry, sy)];
}

/** `_TopKGrad`: the gradient scattered back to where the top k came from, zeros elsewhere. */
const topKGrad: GradFn = (op, [grad]) => {
  const [inShape, indShape] = [shape(op.inputs[0]), shape(op.output(1))];
  const last = (s: Output) => op1('StridedSlice', { input: s, begin: int32([-1]), end: int32([0]), strides: int32([1]) },
    { end_mask: 1, shrink_axis_mask: 1 });
  const ind2d = reshape(op.output(1), op1('Pack', { values: [int32(-1), last(indShape)] }));
  const inLast = last(inShape);
  const outer = firstDim(shape(ind2d));
  const offsets = op1('Range', { start: int32(0), limit: op1('Mul', { x: outer, y: inLast }),
    delta: inLast });
  const ind = reshape(op1('AddV2', { x: ind2d, y: expandDims(offsets, -1) }), int32([-1]));
  const flat = op1('ScatterNd', { indices: expandDims(ind, -1), updates: reshape(grad!, int32([-1])),
    shape: expandDims(op1('Prod', { input: inShape, reduction_indices: int32([0]) }), 0) });
  return [reshape(flat, inShape), null];
};

/** `_Conv3DGrad`: Conv3DBackpropInputV2 and Conv3DBackpropFilterV2 with the op's attrs. */
const conv3dGrad: GradFn = (op, [grad]) => {
  const [input, filter] = op.inputs;
  const attrs = attrsNamed(op, ['dilations', 'strides', 'padding', 'data_format']);
  return [
    op1('Conv3DBackpropInputV2', { input_sizes: shape(input), filter, out_backprop: grad! }, attrs),
    op1('Conv3DBackpropFilterV2', { input, filter_sizes: shape(filter), out_backprop: grad! }, attrs),
  ];
};

/** `_Conv3DBackpropInputGrad`: none for the sizes, Conv3DBackpropFilterV2 for the filter, Conv3D for the backprop. */
const conv3dBackpropInputGrad: GradFn = (op, [grad]) => {
  const [, filter, outBackprop] = op.inputs;
  const attrs = attrsNamed(op, ['dilations', 'strides', 'padding', 'data_format']);
  return [null, op1('Conv3DBackpropFilterV2', { input: grad!, filter_sizes: shape(filter), out_backprop: outBackprop }, attrs),
    op1('Conv3D', { input: grad!, filter }, attrs)];
};

/** `_MaxPoolGradWithArgmax`. */
const maxPoolWithArgmaxGrad: GradFn = (op, [grad]) => [op1('MaxPoolGradWithArgmax',
  { input: op.inputs[0], grad: grad!, argmax: op.output(1) },
  attrsNamed(op, ['ksize', 'strides', 'padding', 'include_batch_in_index']))];

/** `_Dilation2DGrad`. */
const dilation2dGrad: GradFn = (op, [grad]) => {
  const inputs = { input: op.inputs[0], filter: op.inputs[1], out_backprop: grad! };
  const attrs = attrsNamed(op, ['strides', 'rates', 'padding']);
  return [op1('Dilation2DBackpropInput', inputs, attrs), op1('Dilation2DBackpropFilter', inputs, attrs)];
};

/** `_MulNoNanGrad`: MulNoNan of the gradient by the other input, reduced to each input's shape. */
const mulNoNanGrad: GradFn = (op, [grad]) => {
  const [x, y] = op.inputs;
  return reduceBroadcast(x, y, op1('MulNoNan', { x: grad!, y }), op1('MulNoNan', { x, y: grad! }));
};

/** `_XLogyGrad`: xlogy(x != 0, y) and xdivy(x, y), each times the gradient and reduced. */
const xlogyGrad: GradFn = (op, [grad]) => {
  const [x, y] = op.inputs;
  const g = dense(grad!);
  return op.graph.controlDependencies([g], () => {
    const notZero = cast(op1('NotEqual', { x, y: scalarOf(0, x) }), baseDType(x.dtype));
    return reduceBroadcast(x, y, op1('Mul', { x: op1('Xlogy', { x: notZero, y }), y: g }),
      op1('Mul', { x: op1('Xdivy', { x, y }), y: g }));
  });
};

/** `_CumprodGrad`: the reversed cumulative sum of cumprod(x) * grad, over x (0 where x is). */
const cumprodGrad: GradFn = (op, [grad]) => {
  const [x, axis] = op.inputs;
  const { exclusive, reverse } = attrsNamed(op, ['exclusive', 'reverse']);
  const prod = op1('Cumprod', { x, axis }, { exclusive, reverse });
  const out = op1('Cumsum', { x: op1('Mul', { x: prod, y: grad! }), axis }, { exclusive, reverse: !reverse });
  return [op1('DivNoNan', { x: out, y: x }), null];
};

/** `_SegmentMeanGrad`: the gradient over each segment's size, gathered back to the rows. */
const segmentMeanGrad: GradFn = (op, [grad]) => {
  const [data, ids] = op.inputs;
  const rest = op1('Fill', { dims: expandDims(op1('Sub', { x: op1('Rank', { input: data }), y: int32(1) }), 0),
    value: int32(1) });
  const ones = op1('Fill', { dims: concat([shape(ids), rest], 0), value: scalarOf(1, data) });
  const scaled = op1('RealDiv', { x: grad!, y: op1('SegmentSum', { data: ones, segment_ids: ids }) });
  return [op1('GatherV2', { params: scaled, indices: ids, axis: int32(0) }), null];
};

/**
 * `_SparseSegment{Sum,Mean,SqrtN}Grad` (with or without num_segments): the rows of the data that
 * were read, as IndexedSlices when the op asks for a sparse gradient, else dense.
 */
const sparseSegmentGrad = (kind: 'Sum' | 'Mean' | 'SqrtN'): GradFn => (op, [grad]) => {
  const [data, indices, segmentIds] = op.inputs;
  const nones = op.inputs.slice(1).map(() => null);
  if (attrOrNull(op, 'sparse_gradient') === true) {
    const dataShape = shape(data);
    const g = applyOp(`SparseSegment${kind}GradV2`, { grad: dense(grad!), indices, segment_ids: segmentIds,
      dense_output_dim0: firstDim(dataShape) }, {}, `SparseSegment${kind}GradV2`);
    return [new IndexedSlices(g.output(0), g.output(1), dataShape), ...nones];
  }
  return [op1(`SparseSegment${kind}Grad`, { grad: dense(grad!), indices, segment_ids: segmentIds,
    output_dim0: firstDim(shape(data)) }), ...nones];
};

function attrOrNull(op: Operation, name: string): unknown {
  try {
    return op.getAttr(name);
  } catch {
    return null;
  }
}

/** `_DigammaGrad`: grad * polygamma(1, x). */
const digammaGrad: GradFn = (op, [grad]) => {
  const x = op.inputs[0];
  const g = dense(grad!);
  return op.graph.controlDependencies([g], () => [op1('Mul', { x: g, y: op1('Polygamma', { a: scalarOf(1, x), x }) })]);
};

/**
 * `_IgammaGrad`: IgammaGradA for a; exp(-x + (a - 1) log x - lgamma(a)) for x (in log space, as
 * Gamma(a) grows large); each times the gradient, reduced to its input's shape.
 */
export const igammaGrad: GradFn = (op, [grad]) => {
  const [a, x] = op.inputs;
  const g = dense(grad!);
  return op.graph.controlDependencies([g], () => {
    const partialA = op1('IgammaGradA', { a, x });
    const logTerm = op1('Mul', { x: op1('Sub', { x: a, y: scalarOf(1, a) }), y: op1('Log', { x }) });
    const partialX = op1('Exp', { x: op1('Sub', { x: op1('AddV2', { x: op1('Neg', { x }), y: logTerm }),
      y: op1('Lgamma', { x: a }) }) });
    return reduceBroadcast(a, x, op1('Mul', { x: partialA, y: g }), op1('Mul', { x: partialX, y: g }));
  });
};

/** `_TensorScatterUpdateGrad`: the gradient with the updated places zeroed, and its values there. */
const tensorScatterUpdateGrad: GradFn = (op, [grad]) => {
  const [, indices, updates] = op.inputs;
  return [op1('TensorScatterUpdate', { tensor: op1('Identity', { input: grad! }), indices, updates: zerosLike(updates) }),
    null, op1('GatherNd', { params: grad!, indices })];
};

/**
 * The gradient functions of TF1 Python that libtensorflow's C++ registry lacks; null marks ops
 * TF1 declares not differentiable (their inputs get no gradient).
 */
const PYTHON_GRADIENTS = new Map<string, GradFn | null>([
  ...CONTROL_FLOW_GRADIENTS,
  ['SparseSoftmaxCrossEntropyWithLogits', sparseXentGrad], ['SoftmaxCrossEntropyWithLogits', softmaxXentGrad],
  ['FusedBatchNorm', fusedBatchNormGrad('FusedBatchNormGrad')],
  ['FusedBatchNormV2', fusedBatchNormGrad('FusedBatchNormGradV2')],
  ['IdentityN', passThrough], ['EnsureShape', passThrough],
  ['FloorMod', floorModGrad], ['MulNoNan', mulNoNanGrad], ['Xlogy', xlogyGrad], ['Cumprod', cumprodGrad],
  ['SegmentMean', segmentMeanGrad], ['Digamma', digammaGrad],
  ['TopK', topKGrad], ['TopKV2', topKGrad], ['Conv3D', conv3dGrad],
  ['Conv3DBackpropInputV2', conv3dBackpropInputGrad], ['MaxPoolWithArgmax', maxPoolWithArgmaxGrad],
  ['Dilation2D', dilation2dGrad],
  ['TensorScatterUpdate', tensorScatterUpdateGrad], ['Igamma', igammaGrad],
  ['SparseSegmentSum', sparseSegmentGrad('Sum')], ['SparseSegmentSumWithNumSegments', sparseSegmentGrad('Sum')],
  ['SparseSegmentMean', sparseSegmentGrad('Mean')], ['SparseSegmentMeanWithNumSegments', sparseSegmentGrad('Mean')],
  ['SparseSegmentSqrtN', sparseSegmentGrad('SqrtN')], ['SparseSegmentSqrtNWithNumSegments', sparseSegmentGrad('SqrtN')],
  ...SPARSE_GRADIENTS,
  ...SCRIPT_GRADIENTS,
  ...COND_V2_GRADIENTS,
  ...WHILE_V2_GRADIENTS,
  ...RAGGED_GRADIENTS,
  ...MATH_GRADIENTS,
  ...RANDOM_GRADIENTS,
  ...LINALG_GRADIENTS,
  ...FFT_GRADIENTS,
  ...QUANTIZATION_GRADIENTS,
  ...ARRAY_GRADIENTS,
  ...NN_GRADIENTS,
  ...TENSOR_ARRAY_GRADIENTS,
  ...IMAGE_GRADIENTS,
  ...SECOND_ORDER_GRADIENTS,
  ['Round', null], ['Rint', null], ['Ceil', null], ['FloorDiv', null], ['TruncateDiv', null], ['OnesLike', null],
]);

/**
 * A gradient function as `@tf.RegisterGradient` registers one: the op and one gradient per output
 * (zeros where none reached a trainable output); gives one gradient per input (null: none), or a
 * single one for a single input.
 */
export type RegisteredGradFn = (op: Operation, ...grads: Gradient[]) => Gradient | null | Array<Gradient | null>;

/** Gradient functions registered by `registerGradient`/`notDifferentiable` (null), by op type or override name. */
const REGISTERED = new Map<string, { fn: RegisteredGradFn | null; where: string }>();

/**
 * TF's `gradient_registry.register`: KeyError for a name registered before (here or among the
 * gradients TF's Python registry has and libtensorflow's C++ one lacks).
 */
function register(fn: RegisteredGradFn | null, opType: unknown): void {
  if (typeof opType !== 'string') throw new TypeError('op_type must be a string');
  const before = REGISTERED.get(opType)?.where ?? (PYTHON_GRADIENTS.has(opType) ? `tf1-node ${__filename}` : null);
  if (before !== null) {
    throw new KeyError(`Registering two gradient with name '${opType}'! (Previous registration was in ${before})`);
  }
  // As TF, where the registering call came from: the stack's frames are register, the export, its caller.
  const frame = /at (?:(\S+) \()?(.*):(\d+):\d+\)?$/.exec(new Error().stack?.split('\n')[3] ?? '');
  REGISTERED.set(opType, { fn, where: frame ? `${frame[1] ?? '<anonymous>'} ${frame[2]}:${frame[3]}` : 'UNKNOWN' });
}

/**
 * `@tf.RegisterGradient(opType)`: `fn` computes the gradients of ops of type `opType` (or of ops
 * made under `graph.gradientOverrideMap` with `opType` as their mapped type), before
 * libtensorflow's C++ registry, as TF's Python registry comes first. KeyError for a type
 * registered before.
 */
export function registerGradient(opType: string, fn: RegisteredGradFn): void {
  register(fn, opType);
}

/** `tf.no_gradient(opType)` (`tf.NotDifferentiable`): ops of type `opType` give their inputs no gradient. */
export function notDifferentiable(opType: string): void {
  register(null, opType);
}

/** `tf.no_gradient(opType)`: `notDifferentiable`. */
export const noGradient = notDifferentiable;

/** The name `op`'s gradient function is registered under: its `_gradient_op_type` attr, else its type. */
function gradientOpType(op: Operation): { type: string; mapped: boolean } {
  if (op.native.attrMetadata('_gradient_op_type') === null) return { type: op.type, mapped: false };
  return { type: Buffer.from(op.getAttr('_gradient_op_type') as Uint8Array).toString(), mapped: true };
}

/** Whether `op`'s gradient is made here, not by libtensorflow's C++ registry. */
function gradientIsOurs(op: Operation): boolean {
  const { type, mapped } = gradientOpType(op);
  return mapped || REGISTERED.has(type) || PYTHON_GRADIENTS.has(type);
}

/**
 * `ops.get_gradient_function(op)`: the registered function (wrapped as a GradFn, with `user` set),
 * a GradFn of PYTHON_GRADIENTS, null for a not differentiable op, undefined for C++'s. LookupError
 * when `op`'s `_gradient_op_type` names none.
 */
function gradientFunction(op: Operation): { fn: GradFn | null | undefined; user: boolean } {
  const { type, mapped } = gradientOpType(op);
  const reg = REGISTERED.get(type);
  if (reg) return { fn: reg.fn && registeredGrad(reg.fn), user: reg.fn !== null };
  if (PYTHON_GRADIENTS.has(type)) return { fn: PYTHON_GRADIENTS.get(type), user: false };
  if (mapped && type !== op.type) throw noGradientError(op);
  return { fn: undefined, user: false };
}

/** A registered function called as TF calls it, its gradients checked one per input (`_VerifyGeneratedGradients`). */
function registeredGrad(fn: RegisteredGradFn): GradFn {
  return (op, grads) => {
    const res = fn(op, ...(grads as Gradient[]));
    const list = Array.isArray(res) ? res : [res];
    if (list.length !== op.inputs.length) {
      throw new ValueError(`Num gradients ${list.length} generated for op ` +
        `${toTextFormat(NodeDefSchema, fromBinary(NodeDefSchema, op.toNodeDef()))} do not match num inputs ${op.inputs.length}`);
    }
    return list.map((g) => g ?? null);
  };
}

/** Ops that hand their gradient on to their input as it is (TF1's `_IdGrad`, `_ReadGrad`), IndexedSlices too. */
const PASS_THROUGH = new Set(['Identity', 'ReadVariableOp']);

/** v1 while-loop ops: their gradients need the loop's context (a loop imported from a bare GraphDef has none). */
const LOOP_OPS = new Set(['Enter', 'RefEnter', 'Exit', 'RefExit', 'NextIteration', 'RefNextIteration', 'LoopCond']);

function noGradientError(op: Operation): LookupError {
  // TF 2.21's text, with no space after "operation".
  return new LookupError(`No gradient defined for operation'${op.name}' (op type: ${op.type}). In general every ` +
    'operation must have an associated `@tf.RegisterGradient` for correct autodiff, which this op is lacking. If you ' +
    'want to pretend this operation is a constant in your program, you may insert `tf.stop_gradient`. This can be ' +
    'useful to silence the error in cases where you know gradients are not needed, e.g. the forward pass of ' +
    'tf.custom_gradient. Please see more details in https://www.tensorflow.org/api_docs/python/tf/custom_gradient.');
}

/**
 * `graph.addGradients`, its "No gradient defined for op: <type>" made TF1's LookupError naming the
 * op of that type among `ops` (the ops the call went through).
 */
function addGradients(graph: Graph, ys: Output[], xs: Output[], dys: Output[] | null, prefix: string,
  ops: Iterable<Operation>): Array<Output | null> {
  try {
    return graph.addGradients(ys, xs, dys, prefix);
  } catch (e) {
    const m = e instanceof NotFoundError ? /No gradient defined for op: (\S+?)\./.exec(e.message) : null;
    const op = m && [...ops].find((o) => o.type === m[1]);
    throw op ? noGradientError(op) : e;
  }
}

/**
 * The sum of the gradients that reached a tensor of `op` (`_AggregatedGrads`, in the gradients
 * scope): AddN colocated with the first (`_MultiDeviceAddN`), or by EXPERIMENTAL_TREE /
 * EXPERIMENTAL_ACCUMULATE_N pairwise AddNs under `<op>_gradient_sum`; IndexedSlices are taken
 * dense unless all are IndexedSlices: those are concatenated (values and indices; int32 indices
 * made int64 if some are int64).
 */
function aggregate(graph: Graph, scope: string, list: Gradient[] | undefined, op: Operation,
  method: number = AggregationMethod.ADD_N): Gradient | null {
  if (!list || list.length === 0) return null;
  if (list.length > 1) {
    const sum = graph.nameScope(`${scope}/`, (): Gradient => {
      const addN = (inputs: Gradient[]) => applyOp('AddN', { inputs }, {}, 'AddN').output(0);
      if (list.every((g) => g instanceof Output)) {
        if (method === AggregationMethod.ADD_N) return graph.colocateWith(list[0].op, () => addN(list), true);
        return graph.nameScope(`${op.name}_gradient_sum`, () => list.slice(1).reduce((acc, g) => addN([acc, g]), list[0]));
      }
      if (list.some((g) => g instanceof Output)) return addN(list);
      let rows = list as IndexedSlices[];
      if (rows.some((r) => r.indices.dtype === DType.int64)) {
        rows = rows.map((r) => new IndexedSlices(r.values, cast(r.indices, DType.int64), r.denseShape));
      }
      return new IndexedSlices(concat(rows.map((r) => r.values), 0), concat(rows.map((r) => r.indices), 0),
        rows[0].denseShape);
    });
    list.splice(0, list.length, sum);
  }
  return list[0];
}

/**
 * An op's input gradients from libtensorflow's C++ gradient function, input for input (null for
 * inputs not in `wanted`). TF_AddGradients works through the whole graph it is given (a call per
 * op in place would cost the graph's size each: minutes on a large net) and follows every path
 * from the op's outputs to the xs (`x` and `f(x)` as inputs would count twice). So it runs on a
 * scratch graph holding a copy of the op fed by placeholders, and the nodes it makes there, under
 * `prefix`, are added to `graph` reading the op's own inputs and outputs and `grads`.
 */
function nativeGrad(graph: Graph, op: Operation, grads: Array<Gradient | null>, wanted: Output[], prefix: string):
  Array<Output | null> {
  const scratch = new Graph();
  const real = new Map<string, Output>();  // scratch tensor name -> the tensor of `graph` it stands for
  const stand = (t: Output, name: string) => {
    const p = scratch.addOperation({
      type: 'Placeholder', name,
      attrs: [['dtype', 'type', baseDType(t.dtype)], ['shape', 'shape', t.op.native.outputShape(t.index)]],
    }).output(0);
    real.set(p.name, t);
    return p;
  };
  const ins = op.inputs.map((t, i) => stand(t, `input_${i}`));
  const copy = scratch.addOperation({ type: op.type, name: 'op', inputs: inputsByArg(op, ins), attrs: opAttrs(op) });
  copy.outputs.forEach((o, i) => real.set(o.name, op.output(i)));
  const ys: Output[] = [];
  const dys: Output[] = [];
  op.outputs.forEach((out, i) => {
    if (!backpropagatable(out)) return;
    ys.push(copy.output(i));
    const g = grads[i];
    // As TF1, a trainable output no gradient reached takes zeros, and IndexedSlices go dense.
    const dy = g instanceof IndexedSlices ? graph.nameScope(`${prefix}_dense/`, () => g.toOutput())
      : g ?? graph.nameScope(`${prefix}_zeros/`, () => zerosLike(out));
    dys.push(stand(dy, `grad_${i}`));
  });
  // An input fed twice (x * x) has two placeholders: each gets its gradient, summed as TF1 sums them.
  const wantedAt = op.inputs.map((t) => wanted.some((w) => w.name === t.name));
  const xs = ins.filter((_, i) => wantedAt[i]);
  const made = scratch.operations().length;
  const res = addGradients(scratch, ys, xs, dys, prefix, [op]);
  // Only the nodes the wanted gradients read: TF's functions make every input's (Mul's for both).
  const used = opsBackFrom(res.filter((g): g is Output => g !== null), null, true);
  for (const node of scratch.operations().slice(made).filter((n) => used.has(n))) {
    const added = graph.addOperation({
      type: node.type, name: node.name, exactName: true, attrs: opAttrs(node),
      inputs: inputsByArg(node, node.inputs.map((i) => real.get(i.name)!)),
      // A node made by TF keeps its name here; a placeholder or the copy stand for ops of `graph`.
      controlInputs: node.controlInputs.map((c) => real.get(`${c.name}:0`)?.op ?? graph.operation(c.name)),
    });
    node.outputs.forEach((o, i) => real.set(o.name, added.output(i)));
  }
  let k = 0;
  return wantedAt.map((w) => {
    const g = w ? res[k++] : null;
    return g ? real.get(g.name)! : null;
  });
}

/**
 * The ops the ys reach going back through data inputs (and control inputs with `controls`), only
 * through ops of `within` when given.
 */
function opsBackFrom(ys: Output[], within: Set<Operation> | null, controls = false): Set<Operation> {
  const found = new Set<Operation>();
  const stack = ys.map((y) => y.op);
  while (stack.length) {
    const op = stack.pop()!;
    if (found.has(op) || (within && !within.has(op))) continue;
    found.add(op);
    stack.push(...op.inputs.map((i) => i.op));
    if (controls) stack.push(...op.controlInputs);
  }
  return found;
}

/**
 * One TF_AddGradients call under `prefix`: the gradients, by name, of the xs the ys reach back to
 * through `within` (TF rejects an x no y depends on; TF1 gives None for it), given `dys` (ones
 * when null). LookupError naming the op when one on the way has no C++ gradient.
 */
function backprop(graph: Graph, ys: Output[], dys: Output[] | null, xs: Output[], within: Set<Operation>,
  prefix: string): Map<string, Output> {
  const reach = opsBackFrom(ys, within);
  const targets = [...new Map(xs.filter((x) => reach.has(x.op)).map((x) => [x.name, x])).values()];
  const out = new Map<string, Output>();
  if (targets.length === 0) return out;
  const res = addGradients(graph, ys, targets, dys, prefix, reach);
  targets.forEach((x, i) => { if (res[i]) out.set(x.name, res[i]!); });
  return out;
}

/**
 * `tf.gradients(ys, xs, grad_ys, ...)` on `graph`: d(sum ys)/dx for each x, null where a y does
 * not depend on x (zeros with `unconnectedGradients: 'zero'`). LookupError naming the op when an
 * op on the path has no gradient. `targets`, when given, are what the xs stand for (a resource
 * variable's zeros take its dtype and shape).
 */
export function symbolicGradients(graph: Graph, ys: Output[], xs: Output[], gradYs?: Array<Output | null>,
  options: GradientOptions = {}, targets?: GradientTarget[]): Array<Gradient | null> {
  const unconnected = checkUnconnected(options.unconnectedGradients);
  const method = options.aggregationMethod ?? AggregationMethod.ADD_N;
  if (!VALID_AGGREGATIONS.includes(method)) {
    throw new ValueError(`Invalid \`aggregation_method\` specified ${method}. Accepted values are ` +
      `[${VALID_AGGREGATIONS.join(', ')}].`);
  }
  if (gradYs && gradYs.length !== ys.length) {
    throw new ValueError(`Length mismatch. Passed ${gradYs.length} grad_ys for ${ys.length} ys`);
  }
  const stopGradients = [options.stopGradients ?? []].flat().map(target);
  const walkOptions: WalkOptions = {
    name: options.name || 'gradients', method, stopGradients,
    colocate: options.colocateGradientsWithOps === true, gate: options.gateGradients === true,
    // These options shape each op's gradient: TF_AddGradients has none of them, so the walk goes op by op.
    byOp: options.colocateGradientsWithOps === true || options.gateGradients === true || stopGradients.length > 0
      || options.aggregationMethod != null,
  };
  const grads = walk(graph, ys, xs, gradYs, walkOptions);
  // `_GetGrad`, outside the gradients scope: zeros for an x no y reaches, with unconnected 'zero'.
  return xs.map((x, i) => grads[i] ?? (unconnected === 'zero' ? zerosFor(x, targets?.[i]) : null));
}

/** What `walk` takes of `tf.gradients`' options. */
interface WalkOptions {
  name: string;
  method: number;
  stopGradients: Output[];
  colocate: boolean;
  gate: boolean;
  byOp: boolean;
}

/** `_GradientsHelper`'s walk from the ys back to the xs: the xs' gradients, null for none. */
function walk(graph: Graph, ys: Output[], xs: Output[], gradYs: Array<Output | null> | undefined,
  { name, method, stopGradients, colocate, gate: gateGradients, byOp }: WalkOptions): Array<Gradient | null> {
  // `_MarkReachedOps` from the xs, then `between_ops`: those the ys reach back to through them.
  const reached = new Set<Operation>();
  const stack = xs.map((x) => x.op);
  while (stack.length) {
    const op = stack.pop()!;
    if (reached.has(op)) continue;
    reached.add(op);
    for (const out of op.outputs) if (backpropagatable(out)) stack.push(...out.consumers());
  }
  const between = opsBackFrom(ys, reached);
  if (!byOp && !ys.some((y) => between.has(y.op))) return xs.map(() => null);
  const scope = graph.uniqueName(name);
  // `MaybeCreateControlFlowState`: the gradient loops of the while loops in between (their other Exits join).
  const loopState = graph.nameScope(`${scope}/`, () => maybeCreateControlFlowState([...between], between));
  // Ops whose gradient is written here, not yet walked: once none is left, C++ does the rest.
  let pythonLeft = [...between].filter(gradientIsOurs).length;
  // Inside a loop or cond, ops go in op by op, through its context (TF_AddGradients adds them raw).
  const inContext = graph.getControlFlowContext() !== null;
  if (pythonLeft === 0 && !inContext && !byOp) {
    const res = backprop(graph, ys, gradYs ? ys.map((y, i) => gradYs[i] ?? onesLike(y)) : null, xs, between, scope);
    return xs.map((x) => res.get(x.name) ?? null);
  }
  const loop = [...between].find((op) => LOOP_OPS.has(op.type) && op.controlFlowContext === null);
  if (loop) {
    throw new LookupError(`Gradients through a v1 while loop are not supported: '${loop.name}' (op type: ` +
      `${loop.type}) lies between the ys and the xs.`);
  }
  // `_PendingCount`: how many inputs of ops in between each op still waits to get gradients from.
  const pending = new Map<Operation, number>();
  for (const op of between) {
    for (const i of op.inputs) if (between.has(i.op)) pending.set(i.op, (pending.get(i.op) ?? 0) + 1);
  }
  const xsOps = new Set(xs.map((x) => x.op));
  const xsNames = new Set(xs.map((x) => x.name));
  // `_StopOps`: ops of the xs that no other x feeds, and those of `stop_gradients`: the walk ends there.
  const stopOps = new Set([...xsOps].filter((op) => !op.inputs.some((i) => (pending.get(i.op) ?? 0) > 0)));
  for (const t of stopGradients) stopOps.add(t.op);

  // Gradients reaching each tensor, by name, and the tensors themselves.
  const grads = new Map<string, Gradient[]>();
  const tensors = new Map<string, Output>();
  const addGrad = (t: Output, g: Gradient) => {
    const list = grads.get(t.name);
    if (list) list.push(g);
    else grads.set(t.name, [g]);
    tensors.set(t.name, t);
  };
  // `_DefaultGradYs`: a given gradient through an Identity in the gradients scope, else ones.
  graph.nameScope(`${scope}/`, () => ys.forEach((y, i) => colocated(y.op, () => {
    const dy = gradYs?.[i];
    addGrad(y, dy ? identity(dy, `grad_ys_${i}`) : onesLike(y, `grad_ys_${i}`));
  })));

  const walked = new Set<Operation>();
  const queue = [...new Set(ys.map((y) => y.op))].filter((op) => between.has(op) && !pending.get(op));
  if (loopState) {
    // Exits no y depends on start with zero gradients once their loop has some used one.
    for (const y of loopState.processUnusedLoopExits(pending, new Set(queue))) {
      if (!backpropagatable(y)) continue;
      addGrad(y, graph.nameScope(`${scope}/`, () => loopState.zerosLikeForExit(y)));
      queue.push(y.op);
    }
  }
  while (queue.length) {
    // Loops are walked op by op: their gradients go into the gradient loops.
    if (pythonLeft === 0 && !loopState && !inContext && !byOp) {
      // The rest is C++'s alone: one call from the tensors the walk left gradients at (unless one
      // of them is an x, whose own gradient the call would count again, or has IndexedSlices,
      // which the walk takes on to the variable, or lies on another's way back: C++ would take its
      // gradient as complete before the other's reaches it, as a regularized weight's read is).
      const frontier = [...tensors.values()].filter((t) => between.has(t.op) && !walked.has(t.op));
      const rest = new Set([...between].filter((op) => !walked.has(op)));
      const behind = opsBackFrom(frontier.flatMap((t) => t.op.inputs), rest);
      const dys = frontier.some((t) => xsNames.has(t.name) || behind.has(t.op)) ? []
        : frontier.map((t) => aggregate(graph, scope, grads.get(t.name), t.op)!);
      if (dys.length === frontier.length && dys.every((g): g is Output => g instanceof Output)) {
        const res = backprop(graph, frontier, dys, xs, rest, `${scope}/backprop`);
        for (const x of new Map(xs.map((t) => [t.name, t])).values()) {
          const g = res.get(x.name);
          if (g) addGrad(x, g);
        }
        break;
      }
    }
    const op = queue.shift()!;
    // A loop's Switch is walked twice (from its Exit, then from the body): counted once.
    if (!walked.has(op) && gradientIsOurs(op)) pythonLeft--;
    walked.add(op);
    // `_maybe_colocate_with(op)`: with colocate_gradients_with_ops, its gradients go where it is.
    colocated(op, () => {
      loopState?.enterGradWhileContext(op, true);
      const outGrads = op.outputs.map((o) => aggregate(graph, scope, grads.get(o.name), op, method));
      loopState?.exitGradWhileContext(op, true);
      loopState?.enterGradWhileContext(op, false);
      if (outGrads.some((g) => g) && !stopOps.has(op)) {
        const { fn: found, user } = gradientFunction(op);
        // As TF1, an output no gradient reached takes zeros: in a loop from the loop state; a cond's
        // Switch's the other branch's; a registered function's zeros like it.
        if (loopState || (isSwitch(op) && op.controlFlowContext) || user) {
          graph.nameScope(`${scope}/`, () => outGrads.forEach((g, i) => {
            if (g || !backpropagatable(op.output(i))) return;
            outGrads[i] = loopState ? loopState.zerosLikeV1WhileLoop(op, i) : zerosLikeOutput(op, i);
          }));
        }
        // The inputs worth a gradient: on the way to an x, and of a type gradients flow through.
        const wanted = [...new Map(op.inputs.filter((i) => backpropagatable(i) && (between.has(i.op) || xsOps.has(i.op)))
          .map((i) => [i.name, i])).values()];
        if (wanted.length) {
          const prefix = `${scope}/${op.name}_grad`;
          const fn = PASS_THROUGH.has(op.type) && found === undefined ? passThrough : found;
          let inGrads = fn === null ? [] : (fn && graph.nameScope(`${prefix}/`, () => fn(op, outGrads)))
            ?? nativeGrad(graph, op, outGrads, wanted, prefix);
          if (gateGradients && inGrads.filter((g) => g).length > 1) inGrads = gate(inGrads, prefix);
          op.inputs.forEach((input, i) => {
            if (inGrads[i] && wanted.some((w) => w.name === input.name)) setGrad(input, inGrads[i]!);
          });
        }
      }
      loopState?.exitGradWhileContext(op, false);
    });
    for (const input of op.inputs) {
      if (!between.has(input.op)) continue;
      const left = pending.get(input.op)! - 1;
      pending.set(input.op, left);
      // A loop's Switch is ready once its Exit has a gradient, and again once its body has.
      if (left === 0 || (loopState && left > 0 && isLoopSwitch(input.op))) enqueueReady(input);
    }
  }
  loopState?.postProcessing();
  return xs.map((x) => aggregate(graph, scope, grads.get(x.name), x.op, method));

  function colocated<T>(op: Operation, fn: () => T): T {
    return colocate ? graph.colocateWith(op, fn) : fn();
  }

  /** `control_flow_ops.tuple` of an op's input gradients, in its gradient scope, placed nowhere. */
  function gate(inGrads: Array<Gradient | null>, prefix: string): Array<Gradient | null> {
    const present = inGrads.filter((g): g is Gradient => g !== null);
    const gated = graph.nameScope(`${prefix}/`, () => graph.colocateWith(null, () => tuple(present), true));
    return inGrads.map((g) => (g === null ? null : gated[present.indexOf(g)]));
  }

  /** `_SetGrad`: a loop Switch's gradient, already summed, is replaced. */
  function setGrad(t: Output, g: Gradient) {
    const list = grads.get(t.name);
    if (list && list.length === 1 && walked.has(t.op) && isLoopSwitch(t.op)) list[0] = g;
    else addGrad(t, g);
  }

  /**
   * `_UpdatePendingAndEnqueueReady` for a ready input: a loop's Exits wait for one another, then
   * those with gradients go on, and the others too, with zeros, if any has one.
   */
  function enqueueReady(x: Output) {
    if (!isLoopExit(x.op)) {
      queue.push(x.op);
      return;
    }
    const state = loopState!.getGradState(x.op, false)!;
    state.deferredExits.push(x);
    if (--state.pendingExitsCount > 0) return;
    let used = false;
    for (const y of state.deferredExits) {
      if (y.op.outputs.some((o) => grads.get(o.name)?.length)) {
        used = true;
        queue.push(y.op);
      } else {
        state.unusedExits.push(y);
      }
    }
    for (const y of state.unusedExits) {
      if (used && backpropagatable(y)) addGrad(y, graph.nameScope(`${scope}/`, () => loopState!.zerosLikeForExit(y)));
      queue.push(y.op);
    }
  }
}

/**
 * `tf.compat.v1.gradients(ys, xs, grad_ys=None, name='gradients', colocate_gradients_with_ops=False,
 * gate_gradients=False, aggregation_method=None, stop_gradients=None,
 * unconnected_gradients=UnconnectedGradients.NONE)`: d(sum ys)/dx for each x, null where a y does
 * not depend on x. `gradYs` (one per y, null for ones) comes third or, as before, in the options.
 * LookupError naming the node when an op on the path has no gradient.
 */
export function gradients(ys: Output | Output[], xs: GradientTarget | GradientTarget[],
  gradYs?: Output | Array<Output | null> | null | (GradientOptions & { gradYs?: Array<Output | null> }),
  options: GradientOptions = {}): Array<Gradient | null> {
  const yl = Array.isArray(ys) ? ys : [ys];
  const targets = Array.isArray(xs) ? xs : [xs];
  const xl = targets.map(target);
  let dys: Array<Output | null> | undefined;
  if (gradYs instanceof Output || Array.isArray(gradYs)) {
    dys = [gradYs].flat();
  } else if (gradYs) {
    dys = gradYs.gradYs;
    options = gradYs;
  }
  const graph = graphFromInputs([...yl, ...xl]);
  if (Object.keys(options).every((k) => k === 'gradYs')) return graph.gradients(yl, xl, dys);
  return graph.asDefault(() => symbolicGradients(graph, yl, xl, dys, options, targets));
}
