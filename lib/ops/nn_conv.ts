/**
 * TF1's convolution and pooling ops beyond `conv2d` / `maxPool` / `avgPool` (`tf.nn.convolution`,
 * `conv1d`, `conv2d_transpose`, `conv3d`, `depthwise_conv2d`, `separable_conv2d`, `pool`,
 * `atrous_conv2d`, the 1-D and 3-D pools), op for op as TF 2.21's `nn_ops.py` and `nn_impl.py`
 * build them, dilation through SpaceToBatchND / BatchToSpaceND (`with_space_to_batch`) included.
 */
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { InputValue, applyOp, constantValue, convertToTensor, makeConst } from '../framework/op_def_library';
import { Graph, Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { StaticShape, TensorShape, isCompatible, shapeString, withRank } from '../framework/tensor_shape';
import { npStr, pyStr } from '../util/python_repr';
import {
  batchToSpace, concat, expandDims, shape, sliceOf, spaceToBatch, squeeze, stack, withScope, zeros,
} from './array_ops';
import { Variable } from './variables';

/** A padding of the conv and pool ops. */
export type Padding = 'SAME' | 'VALID';

/** A stride, window or dilation: one number for every spatial dimension, one per spatial dimension, or all of them. */
export type Sequence = number | readonly number[];

/** The data formats with the channels last (`_CHANNELS_LAST_FORMATS`). */
const CHANNELS_LAST = new Set(['NWC', 'NHC', 'NHWC', 'NWHC', 'NDHWC', 'NDWHC', 'NHDWC', 'NHWDC', 'NWDHC', 'NWHDC']);

/**
 * `_get_sequence`: `value` as the op's `n + 2` values, 1 for the batch and channel dimensions
 * (channels at `channelIndex` 1, or last).
 */
export function getSequence(value: Sequence | null | undefined, n: number, channelIndex: number, name: string): number[] {
  if (value === null || value === undefined) return new Array<number>(n + 2).fill(1);
  const list = typeof value === 'number' ? [value] : [...value];
  if (list.length === n + 2) return list;
  let spatial = list;
  if (list.length === 1) {
    spatial = new Array<number>(n).fill(list[0]);
  } else if (list.length !== n) {
    throw new ValueError(`${name} should be of length 1, ${n} or ${n + 2}. Received: ${name}=${pyStr(list)} of length ` +
      `${list.length}`);
  }
  return channelIndex === 1 ? [1, 1, ...spatial] : [1, ...spatial, 1];
}

/** `_get_strides_and_dilation_rate`: both as `n` numbers, checked. */
function stridesAndDilationRate(n: number, strides: readonly number[] | null | undefined,
  dilationRate: readonly number[] | null | undefined): [number[], number[]] {
  const rate = dilationRate ? [...dilationRate] : new Array<number>(n).fill(1);
  if (rate.length !== n) {
    throw new ValueError(`\`len(dilation_rate)\` should be ${n}. Received: dilation_rate=${pyStr(rate)} of length ${rate.length}`);
  }
  if (rate.some((r) => r < 1)) {
    throw new ValueError(`all values of \`dilation_rate\` must be positive. Received: dilation_rate=${npStr(rate)}`);
  }
  const s = strides ? [...strides] : new Array<number>(n).fill(1);
  if (s.length !== n) throw new ValueError(`\`len(strides)\` should be ${n}. Received: strides=${pyStr(s)} of length ${s.length}`);
  if (s.some((v) => v < 1)) throw new ValueError(`all values of \`strides\` must be positive. Received: strides=${npStr(s)}`);
  if (s.some((v) => v > 1) && rate.some((r) => r > 1)) {
    throw new ValueError('`strides > 1` not supported in conjunction with `dilation_rate > 1`. ' +
      `Received: strides=${npStr(s)} and dilation_rate=${npStr(rate)}`);
  }
  return [s, rate];
}

/** `convert_padding` for the string paddings. */
function checkPadding(padding: string): void {
  if (padding === 'EXPLICIT') {
    throw new ValueError('\'EXPLICIT\' is not a valid value for `padding`. To use explicit padding, `padding` must be a list.');
  }
}

function int32(values: number | number[] | number[][]): Tensor {
  return Tensor.from(values, { dtype: DType.int32 });
}

function binary(type: string, x: InputValue, y: InputValue, name: string): Output {
  return applyOp(type, { x, y }, {}, name).output(0);
}

/**
 * `_with_space_to_batch_base_paddings` of a known filter shape: each spatial dimension padded by the
 * dilated filter's extent, split as evenly as can be ([start, end] rows, a `stack` Const).
 */
function basePaddings(graph: Graph, filterShape: number[], rate: number[]): Output {
  const rows = rate.map((r, i) => {
    const extra = (filterShape[i] - 1) * r;
    return [Math.floor(extra / 2), extra - Math.floor(extra / 2)];
  });
  return makeConst(graph, int32(rows), 'stack');
}

/** Options of `requiredSpaceToBatchPaddings`. */
export interface RequiredSpaceToBatchPaddingsOptions {
  /** `[numBlockDims, 2]` paddings to start from (zeros by default). */
  basePaddings?: InputValue;
  name?: string;
}

/**
 * `tf.required_space_to_batch_paddings(input_shape, block_shape, base_paddings=None, name=None)`:
 * `[paddings, crops]`, the paddings that make each dimension (with its base paddings) a multiple of
 * the block, and the crops that undo the extra. Constants when all three are known, else ops.
 */
export function requiredSpaceToBatchPaddings(inputShape: InputValue, blockShape: InputValue,
  options: RequiredSpaceToBatchPaddingsOptions = {}): [Output, Output] {
  return withScope(options.name, 'required_space_to_batch_paddings', [inputShape, blockShape], (_scope, graph) => {
    const input = convertToTensor(inputShape, { dtype: DType.int32, name: 'input_shape', graph });
    const block = convertToTensor(blockShape, { dtype: DType.int32, name: 'block_shape', graph });
    const blockStatic = new TensorShape(block.shape);
    blockStatic.assertIsFullyDefined();
    blockStatic.withRank(1);
    const n = block.shape![0]!;
    if (n === 0) return [zeros([0, 2], DType.int32), zeros([0, 2], DType.int32)];
    // Python's message shows the list it checks against as a list.
    const incompatible = (t: Output, dims: number[]) => {
      if (!isCompatible(t.shape, dims)) throw new ValueError(`Shapes ${shapeString(t.shape)} and [${dims.join(', ')}] are incompatible`);
    };
    incompatible(input, [n]);
    let paddings: Output;
    if (options.basePaddings !== undefined) {
      paddings = convertToTensor(options.basePaddings, { dtype: DType.int32, name: 'base_paddings', graph });
      incompatible(paddings, [n, 2]);
    } else {
      paddings = zeros([n, 2], DType.int32);
    }
    const [b, d, p] = [block, input, paddings].map(constantValue);
    if (b && d && p) {
      const [bs, ds, ps] = [b, d, p].map((t) => Array.from(t.data as Int32Array));
      const extra = bs.map((k, i) => (k - ((ds[i] + ps[2 * i] + ps[2 * i + 1]) % k)) % k);
      return [
        makeConst(graph, int32(bs.map((_, i) => [ps[2 * i], ps[2 * i + 1] + extra[i]])), 'paddings'),
        makeConst(graph, int32(extra.map((e) => [0, e])), 'crops'),
      ];
    }
    const padStart = sliceOf(paddings, [[null, null], 0]);
    const origPadEnd = sliceOf(paddings, [[null, null], 1]);
    const full = binary('AddV2', binary('AddV2', input, padStart, 'add'), origPadEnd, 'add');
    const extra = binary('FloorMod', binary('Sub', block, binary('FloorMod', full, block, 'mod'), 'sub'),
      block, 'mod');
    const padEnd = binary('AddV2', origPadEnd, extra, 'add');
    const rows = Array.from({ length: n }, (_, i) => [sliceOf(padStart, [i]), sliceOf(padEnd, [i])]);
    const result = convertToTensor(rows, { dtype: DType.int32, name: 'paddings', graph });
    const crops = Array.from({ length: n }, (_, i) => [0, sliceOf(extra, [i])]);
    return [result, convertToTensor(crops, { dtype: DType.int32, name: 'crops', graph })];
  });
}

/**
 * `_with_space_to_batch_adjust`: the per-spatial-dimension rows of `orig` spread over the input's
 * dimensions 1.., `fill` rows for the others before the last spatial one.
 */
function spaceToBatchAdjust(orig: Output, fill: number, spatialDims: number[]): number[][] | number[] | Output {
  const fillDims = orig.shape!.slice(1) as number[];
  const value = constantValue(orig);
  const rows = value ? (value.toArray() as Array<number | number[]>) : null;
  const parts: Array<Output | Array<number | number[]>> = [];
  const fillRow = () => (fillDims.length ? new Array<number>(fillDims[0]).fill(fill) : fill);
  let prev = 0;
  for (let i = 0; i < spatialDims.length; i++) {
    const startI = i;
    const start = spatialDims[i];
    if (start > 1) parts.push(Array.from({ length: start - 1 - prev }, fillRow));
    while (i + 1 < spatialDims.length && spatialDims[i + 1] === spatialDims[i] + 1) i++;
    parts.push(rows ? rows.slice(startI, i + 1) : sliceOf(orig, [[startI, i + 1]]));
    prev = spatialDims[i];
  }
  if (rows) return (parts as Array<Array<number | number[]>>).flat() as number[][] | number[];
  return concat(parts as InputValue[], 0);
}

/** Builds the op applied to the (space-to-batch converted) input: `build_op(num_spatial_dims, padding)`. */
export type BuildOp = (numSpatialDims: number, padding: Padding) => (input: InputValue, filter: InputValue | null) => Output;

/** Options of `WithSpaceToBatch` and `withSpaceToBatch`. */
export interface WithSpaceToBatchOptions {
  /** The filter's shape (its spatial dimensions first), needed for 'SAME' padding. */
  filterShape?: StaticShape | Output;
  /** The input's spatial dimensions (increasing, from 1). */
  spatialDims?: number[];
  dataFormat?: string;
  numBatchDims?: number;
}

/**
 * `nn_ops._WithSpaceToBatch`: an op applied with a dilation rate. Made once from the static
 * shapes (its `dilation_rate` Const and, for 'SAME', the base paddings); each call then pads the
 * input to a multiple of the rate, moves the rate's blocks into the batch (SpaceToBatchND), applies
 * the op with 'VALID' padding and moves them back (BatchToSpaceND). A rate of all ones applies the
 * op directly.
 */
export class WithSpaceToBatch {
  private readonly direct?: (input: InputValue, filter: InputValue | null) => Output;
  private readonly plan?: {
    op: (input: InputValue, filter: InputValue | null) => Output; dilationRate: Output; spatialDims: number[];
    inputShape: StaticShape; base: Output | number[][] | null; dataFormat?: string;
  };

  constructor(graph: Graph, inputShape: StaticShape, dilationRate: readonly number[], padding: Padding, buildOp: BuildOp,
    options: WithSpaceToBatchOptions = {}) {
    const rate = [...dilationRate];
    const dilation = makeConst(graph, int32(rate), 'dilation_rate');
    const n = rate.length;
    const nc = options.dataFormat?.startsWith('NC') ?? false;
    const first = (options.numBatchDims ?? 1) + (nc ? 1 : 0);
    const spatialDims = options.spatialDims ?? Array.from({ length: n }, (_, i) => first + i);
    const sorted = [...new Set(spatialDims.map(Math.trunc))].sort((a, b) => a - b);
    if (sorted.length !== spatialDims.length || sorted.some((d, i) => d !== spatialDims[i]) || sorted.some((d) => d < 1)) {
      throw new ValueError('`spatial_dims` must be a monotonically increasing sequence of positive integers. ' +
        `Received: spatial_dims=${pyStr(spatialDims)}`);
    }
    const expectedRank = nc ? sorted[n - 1] : sorted[n - 1] + 1;
    if (inputShape && inputShape.length < expectedRank) {
      throw new ValueError(`\`input.shape.rank\` must be at least ${expectedRank}. Received: input.shape=` +
        `${shapeString(inputShape)} with rank ${inputShape.length}`);
    }
    if (rate.some((r) => r < 1)) throw new ValueError(`\`dilation_rate\` must be positive. Received: dilation_rate=${npStr(rate)}`);
    if (rate.every((r) => r === 1)) {
      this.direct = buildOp(n, padding);
      return;
    }
    checkPadding(padding);
    let base: Output | number[][] | null;
    if (padding === 'SAME') {
      const filterShape = options.filterShape;
      if (filterShape === undefined) {
        throw new ValueError(`\`filter_shape\` must be specified for \`padding='SAME'\`. Received: filter_shape=None and ` +
          `padding=${padding}`);
      }
      if (!(filterShape instanceof Output) && (filterShape === null || filterShape.includes(null))) {
        throw new ValueError(`Cannot convert a partially known TensorShape ${shapeString(filterShape)} to a Tensor.`);
      }
      const known = constantValue(filterShape instanceof Output ? filterShape
        : makeConst(graph, int32(filterShape as number[]), 'filter_shape'));
      base = known ? basePaddings(graph, Array.from(known.data as Int32Array), rate) : null;
    } else if (padding === 'VALID') {
      base = rate.map(() => [0, 0]);
    } else {
      throw new ValueError(`\`padding\` must be one of 'SAME' or 'VALID'. Received: padding=${padding}`);
    }
    this.plan = { op: buildOp(n, 'VALID'), dilationRate: dilation, spatialDims, inputShape, base,
      dataFormat: options.dataFormat };
  }

  /** `_with_space_to_batch_call` (or the op itself for a rate of ones). */
  call(input: InputValue, filter: InputValue | null): Output {
    if (this.direct) return this.direct(input, filter);
    const { op, dilationRate, spatialDims, inputShape, base, dataFormat } = this.plan!;
    const known = inputShape ? spatialDims.map((d) => inputShape[d]) : null;
    let spatialShape: number[] | Output;
    if (known && known.every((d) => d !== null)) {
      spatialShape = known as number[];
    } else {
      const dims = shape(input);
      spatialShape = stack(spatialDims.map((d) => sliceOf(dims, [d])));
    }
    // A filter shape unknown when made: TF reads it from the filter, which only Convolution passes
    // (and its filter shape is known); the others pass none, TF's error.
    if (base === null) throw new ValueError('None values not supported.');
    const [paddings, crops] = requiredSpaceToBatchPaddings(spatialShape, dilationRate, { basePaddings: base });
    const [blockShape, padded, cropped] = [spaceToBatchAdjust(dilationRate, 1, spatialDims),
      spaceToBatchAdjust(paddings, 0, spatialDims), spaceToBatchAdjust(crops, 0, spatialDims)];
    const converted = applyOp('SpaceToBatchND', { input, block_shape: blockShape, paddings: padded }, {}, 'SpaceToBatchND')
      .output(0);
    const out = applyOp('BatchToSpaceND', { input: op(converted, filter), block_shape: blockShape, crops: cropped }, {},
      'BatchToSpaceND').output(0);
    const s = out.shape;
    if (dataFormat?.startsWith('NC') && s && !s[1] && filter !== null) {
      out.setShape([s[0], (filter as { shape?: StaticShape }).shape?.at(-1) ?? null, ...s.slice(2)]);
    }
    return out;
  }
}

/**
 * `tf.nn.with_space_to_batch(input, dilation_rate, padding, op, filter_shape, spatial_dims,
 * data_format)`: `op(converted, numSpatialDims, padding)` applied to the input with the dilation
 * rate as SpaceToBatchND / BatchToSpaceND around it.
 */
export function withSpaceToBatch(input: InputValue, dilationRate: readonly number[], padding: Padding,
  op: (input: InputValue, numSpatialDims: number, padding: Padding) => Output, options: WithSpaceToBatchOptions = {}): Output {
  const x = convertToTensor(input, { name: 'input' });
  return new WithSpaceToBatch(x.graph, x.shape, dilationRate, padding, (n, p) => (inp) => op(inp, n, p), options)
    .call(x, null);
}

/** `gen_nn_ops.conv2d` with TF1's default attrs. */
function conv2dOp(input: InputValue, filter: InputValue, strides: number[], padding: Padding, dataFormat: string,
  dilations: number[], name: string): Output {
  checkPadding(padding);
  return applyOp('Conv2D', { input, filter }, {
    strides, padding, use_cudnn_on_gpu: true, explicit_paddings: [], data_format: dataFormat, dilations,
  }, name).output(0);
}

/** `gen_nn_ops.conv3d`. */
function conv3dOp(input: InputValue, filter: InputValue, strides: number[], padding: Padding, dataFormat: string | undefined,
  dilations: number[] | undefined, name: string): Output {
  return applyOp('Conv3D', { input, filter }, { strides, padding, data_format: dataFormat, dilations }, name).output(0);
}

/** Options of `conv1d`. */
export interface Conv1DOptions {
  stride: Sequence;
  padding: Padding;
  /** 'NWC' (default) or 'NCW' (also 'NHWC' / 'NCHW'). */
  dataFormat?: string;
  dilations?: Sequence;
  name?: string;
}

/**
 * `tf.compat.v1.nn.conv1d(value, filters, stride, padding, data_format='NWC', dilations)`: a
 * Conv2D over the input and filter with a dimension of 1 added (ExpandDims), squeezed out after.
 */
export function conv1d(value: InputValue, filters: InputValue, options: Conv1DOptions): Output {
  return withScope(options.name, 'conv1d', [value, filters], (scope) => {
    const format = options.dataFormat ?? 'NWC';
    let dataFormat: string;
    let spatialStart: number;
    let channelIndex: number;
    if (format === 'NHWC' || format === 'NWC') {
      [dataFormat, spatialStart, channelIndex] = ['NHWC', -3, 2];
    } else if (format === 'NCHW' || format === 'NCW') {
      [dataFormat, spatialStart, channelIndex] = ['NCHW', -2, 1];
    } else {
      throw new ValueError(`\`data_format\` must be 'NWC' or 'NCW'. Received: data_format=${format}`);
    }
    const strides = [1, ...getSequence(options.stride, 1, channelIndex, 'stride')];
    const dilations = [1, ...getSequence(options.dilations, 1, channelIndex, 'dilations')];
    const x = expandDims(value, spatialStart);
    const f = expandDims(filters, 0);
    return squeeze(conv2dOp(x, f, strides, options.padding, dataFormat, dilations, scope), [spatialStart]);
  });
}

/** More than one batch dimension (TF2's `squeeze_batch_dims`) is TF1's ValueError. */
function checkBatchDims(s: StaticShape, rank: number): void {
  if (s && s.length > rank) throw new ValueError(`input tensor must have rank ${rank}`);
}

/**
 * `nn_ops._NonAtrousConvolution`: a convolution of 1 to 3 spatial dimensions (conv1d, Conv2D,
 * Conv3D), its shapes checked when made.
 */
class NonAtrousConvolution {
  private readonly strides: number | number[];
  private readonly dataFormat: string | undefined;
  private readonly convDims: number;

  constructor(inputShape: StaticShape, filterShape: StaticShape, private readonly padding: Padding,
    dataFormat: string | undefined, strides: number[] | undefined, private readonly name: string | undefined) {
    if (inputShape) filterShape = withRank(filterShape, inputShape.length);
    if (filterShape) inputShape = withRank(inputShape, filterShape.length);
    if (!inputShape) throw new ValueError('Rank of convolution must be known. Received: input_shape=<unknown> of rank None');
    if (inputShape.length < 3 || inputShape.length > 5) {
      throw new ValueError('`input_shape.rank - num_batch_dims + 1` must be at least 3 and at most 5. Received: ' +
        `input_shape.rank=${inputShape.length} and num_batch_dims=1`);
    }
    this.convDims = inputShape.length - 2;
    const s = strides ?? new Array<number>(this.convDims).fill(1);
    if (s.length !== this.convDims) {
      throw new ValueError(`\`len(strides)\` should be ${this.convDims}. Received: strides=${pyStr(s)} of length ${s.length}`);
    }
    const nc = dataFormat?.startsWith('NC');
    if (this.convDims === 1) {
      if (dataFormat !== undefined && !['NCW', 'NWC', 'NCHW', 'NHWC'].includes(dataFormat)) {
        throw new ValueError(`\`data_format\` must be 'NWC' or 'NCW'. Received: data_format=${dataFormat}`);
      }
      this.strides = s[0];
      this.dataFormat = dataFormat ?? 'NWC';
    } else {
      const [last, first] = this.convDims === 2 ? ['NHWC', 'NCHW'] : ['NDHWC', 'NCDHW'];
      if (dataFormat !== undefined && dataFormat !== last && dataFormat !== first) {
        throw new ValueError(`\`data_format\` must be '${last}' or '${first}'. Received: data_format=${dataFormat}`);
      }
      this.strides = nc ? [1, 1, ...s] : [1, ...s, 1];
      this.dataFormat = this.convDims === 2 ? dataFormat ?? 'NHWC' : dataFormat;
    }
  }

  call(input: InputValue, filter: InputValue): Output {
    if (this.convDims === 1) {
      return conv1d(input, filter, { stride: this.strides, padding: this.padding, dataFormat: this.dataFormat, name: this.name });
    }
    const strides = this.strides as number[];
    if (this.convDims === 2) {
      return conv2dOp(input, filter, strides, this.padding, this.dataFormat!, [1, 1, 1, 1], this.name ?? 'Conv2D');
    }
    return conv3dOp(input, filter, strides, this.padding, this.dataFormat, undefined, this.name ?? 'Conv3D');
  }
}

/** Options of `Convolution`. */
export interface ConvolutionOptions {
  strides?: readonly number[];
  dilationRate?: readonly number[];
  /** The name of the convolution op (by default its type's). */
  name?: string;
  dataFormat?: string;
  numSpatialDims?: number;
}

/**
 * `nn_ops.Convolution`: a convolution made for static input and filter shapes, its checks done
 * and (with a dilation rate) its `dilation_rate` and padding Consts made when constructed, its ops
 * on each `call` (Keras' convolution layers make one in `build`).
 */
export class Convolution {
  private readonly conv: WithSpaceToBatch;

  constructor(graph: Graph, inputShape: StaticShape, filterShape: StaticShape, padding: Padding,
    options: ConvolutionOptions = {}) {
    let n = options.numSpatialDims;
    if (filterShape) {
      if (n !== undefined && filterShape.length !== n + 2) {
        throw new ValueError('`filters.shape.rank` must be `num_spatial_dims + 2`. Received: filters.shape=' +
          `${shapeString(filterShape)} of rank ${filterShape.length} and num_spatial_dims=${n}`);
      }
      n = filterShape.length - 2;
    }
    if (n === undefined) {
      if (!inputShape) {
        throw new ValueError('When `num_spatial_dims` is not set, one of `input.shape.rank` or `filters.shape.rank` must ' +
          `be known. Received: input.shape=<unknown> of rank None and \`filters.shape=<unknown>\` of rank None`);
      }
      n = inputShape.length - 2;
    } else if (inputShape && inputShape.length < n + 2) {
      throw new ValueError('`input.shape.rank` must be >= than `num_spatial_dims + 2`. Received: input.shape=' +
        `${shapeString(inputShape)} of rank ${inputShape.length} and num_spatial_dims=${n}`);
    }
    checkBatchDims(inputShape, n + 2);
    const nc = options.dataFormat?.startsWith('NC') ?? false;
    const channels = inputShape?.[nc ? 1 : n + 1] ?? null;
    const filterIn = filterShape?.[n] ?? null;
    if (channels !== null && filterIn !== null && channels % filterIn !== 0) {
      throw new ValueError('The number of input channels is not divisible by the corresponding number of output filters. ' +
        `Received: input.shape=${shapeString(inputShape)} with ${channels} channels and filters.shape=` +
        `${shapeString(filterShape)} with ${filterIn} output filters.`);
    }
    const [strides, rate] = stridesAndDilationRate(n, options.strides, options.dilationRate);
    const spatialDims = Array.from({ length: n }, (_, i) => (nc ? 2 : 1) + i);
    this.conv = new WithSpaceToBatch(graph, inputShape, rate, padding, (_n, p) => {
      const op = new NonAtrousConvolution(inputShape, filterShape, p, options.dataFormat, strides, options.name);
      return (input, filter) => op.call(input, filter!);
    }, { filterShape, spatialDims, dataFormat: options.dataFormat });
  }

  call(input: InputValue, filter: InputValue): Output {
    return this.conv.call(input, filter);
  }
}

/** Options of `convolution`. */
export interface ConvolutionCallOptions {
  padding: Padding;
  strides?: Sequence;
  dilationRate?: Sequence;
  name?: string;
  /** Channels last ('NWC', 'NHWC', 'NDHWC', the default) or first ('NCW', 'NCHW', 'NCDHW'). */
  dataFormat?: string;
}

/**
 * `tf.compat.v1.nn.convolution(input, filter, padding, strides, dilation_rate, name,
 * data_format)`: the N-D convolution (N from the filter's rank), a `convolution` op (Conv2D,
 * Conv3D, or conv1d's ops in scope `convolution`); a dilation rate above 1 applies it to
 * SpaceToBatchND blocks, as `Convolution`.
 */
export function convolution(input: InputValue, filter: InputValue, options: ConvolutionCallOptions): Output {
  const graphOf = [input, filter];
  const tensor = (v: InputValue, name: string) => (v instanceof Output || v instanceof Variable ? v
    : withScope(undefined, 'convolution_internal', graphOf, (_s, graph) => convertToTensor(v, { name, graph })));
  const filters = tensor(filter, 'filters');
  const x = tensor(input, 'input');
  const [filtersRank, inputRank] = [filters.shape?.length, x.shape?.length];
  const n = filtersRank ? filtersRank - 2 : inputRank ? inputRank - 2 : undefined;
  if (n === undefined) {
    throw new ValueError('When `num_spatial_dims` is not set, one of `input.shape.rank` or `filters.shape.rank` must be ' +
      `known. Received: input.shape=${shapeString(x.shape)} of rank None and filters.shape=${shapeString(filters.shape)} ` +
      'of rank None');
  }
  const numBatchDims = inputRank ? inputRank - n - 1 : 1;
  if (n < 1 || n > 3) throw new ValueError(`\`num_spatial_dims\` must be 1, 2, or 3. Received: num_spatial_dims=${n}.`);
  const channelsLast = options.dataFormat === undefined || CHANNELS_LAST.has(options.dataFormat);
  const channelIndex = channelsLast ? numBatchDims + n : numBatchDims;
  const dilations = getSequence(options.dilationRate, n, channelIndex, 'dilations');
  const strides = getSequence(options.strides, n, channelIndex, 'strides');
  return withScope(options.name, 'convolution', [x, filters], (scope, graph) => {
    checkBatchDims(x.shape, n + 2);
    if (dilations.every((d) => d === 1)) {
      if (n === 2) return conv2dOp(x, filters, strides, options.padding, options.dataFormat ?? 'NHWC', dilations, scope);
      if (n === 3) return conv3dOp(x, filters, strides, options.padding, options.dataFormat, dilations, scope);
      return conv1d(x, filters, { stride: strides, padding: options.padding, dataFormat: options.dataFormat,
        dilations, name: scope });
    }
    const spatial = (v: number[]) => (channelIndex === 1 ? v.slice(2) : v.slice(1, -1));
    return new Convolution(graph, x.shape, filters.shape, options.padding, { strides: spatial(strides),
      dilationRate: spatial(dilations), name: scope, dataFormat: options.dataFormat, numSpatialDims: n }).call(x, filters);
  });
}

/**
 * `tf.nn.atrous_conv2d(value, filters, rate, padding)`: a 2-D convolution with holes, as
 * `convolution` with `dilation_rate` [rate, rate].
 */
export function atrousConv2d(value: InputValue, filters: InputValue, rate: number, padding: Padding, name?: string): Output {
  return convolution(value, filters, { padding, dilationRate: [rate, rate], name });
}

/** Options of `conv3d`. */
export interface Conv3DOptions {
  /** All 5 strides (1 for the batch and channels). */
  strides: number[];
  padding: Padding;
  dataFormat?: 'NDHWC' | 'NCDHW';
  dilations?: number[];
  name?: string;
}

/** `tf.compat.v1.nn.conv3d(input, filter, strides, padding, data_format='NDHWC', dilations)` (`Conv3D`). */
export function conv3d(input: InputValue, filter: InputValue, options: Conv3DOptions): Output {
  return conv3dOp(input, filter, options.strides, options.padding, options.dataFormat ?? 'NDHWC',
    options.dilations ?? [1, 1, 1, 1, 1], options.name ?? 'Conv3D');
}

/** Options of the transposed convolutions. */
export interface ConvTransposeOptions {
  strides: Sequence;
  /** 'SAME' by default. */
  padding?: Padding;
  dataFormat?: string;
  dilations?: Sequence;
  name?: string;
}

/** Options of `conv2dBackpropInput`. */
export interface Conv2DBackpropInputOptions {
  /** All 4 strides. */
  strides: number[];
  padding: Padding;
  dataFormat?: 'NHWC' | 'NCHW';
  /** All 4 dilations. */
  dilations?: number[];
  name?: string;
}

/**
 * `tf.nn.conv2d_backprop_input(input_sizes, filter, out_backprop, strides, padding,
 * data_format='NHWC', dilations)`: the gradient of a Conv2D with respect to its input.
 */
export function conv2dBackpropInput(inputSizes: InputValue, filter: InputValue, outBackprop: InputValue,
  options: Conv2DBackpropInputOptions): Output {
  checkPadding(options.padding);
  return applyOp('Conv2DBackpropInput', { input_sizes: inputSizes, filter, out_backprop: outBackprop }, {
    strides: options.strides, padding: options.padding, use_cudnn_on_gpu: true, explicit_paddings: [],
    data_format: options.dataFormat ?? 'NHWC', dilations: options.dilations ?? [1, 1, 1, 1],
  }, options.name ?? 'Conv2DBackpropInput').output(0);
}

/**
 * `tf.compat.v1.nn.conv2d_transpose(value, filter, output_shape, strides, padding='SAME',
 * data_format='NHWC', dilations)`: the transpose of `conv2d` (Conv2DBackpropInput with the output
 * shape as its `input_sizes`). The filter is [height, width, output channels, input channels].
 */
export function conv2dTranspose(value: InputValue, filter: InputValue, outputShape: InputValue,
  options: ConvTransposeOptions): Output {
  return withScope(options.name, 'conv2d_transpose', [value, filter, outputShape], (scope) => {
    const dataFormat = options.dataFormat ?? 'NHWC';
    const channelIndex = dataFormat.startsWith('NC') ? 1 : 3;
    const padding = options.padding ?? 'SAME';
    checkPadding(padding);
    return applyOp('Conv2DBackpropInput', { input_sizes: outputShape, filter, out_backprop: value }, {
      strides: getSequence(options.strides, 2, channelIndex, 'strides'), padding, explicit_paddings: [],
      data_format: dataFormat, dilations: getSequence(options.dilations, 2, channelIndex, 'dilations'),
    }, scope).output(0);
  });
}

/**
 * `tf.nn.conv1d_transpose(input, filters, output_shape, strides, padding='SAME',
 * data_format='NWC', dilations)`: `conv2d_transpose` over a dimension of 1 added.
 */
export function conv1dTranspose(input: InputValue, filters: InputValue, outputShape: number[] | Output,
  options: ConvTransposeOptions): Output {
  return withScope(options.name, 'conv1d_transpose', [input, filters, outputShape], (scope) => {
    const format = options.dataFormat ?? 'NWC';
    let spatialStart: number;
    let channelIndex: number;
    let dataFormat: string;
    if (format === 'NWC') {
      [dataFormat, spatialStart, channelIndex] = ['NHWC', 1, 2];
    } else if (format === 'NCW') {
      [dataFormat, spatialStart, channelIndex] = ['NCHW', 2, 1];
    } else {
      throw new ValueError(`\`data_format\` must be 'NWC' or 'NCW'. Received: data_format=${format}`);
    }
    const strides = [1, ...getSequence(options.strides, 1, channelIndex, 'stride')];
    const dilations = [1, ...getSequence(options.dilations, 1, channelIndex, 'dilations')];
    const x = expandDims(input, spatialStart);
    const f = expandDims(filters, 0);
    const parts = outputShape instanceof Output
      ? [sliceOf(outputShape, [[null, spatialStart]]), int32([1]), sliceOf(outputShape, [[spatialStart, null]])]
      : [int32(outputShape.slice(0, spatialStart)), int32([1]), int32(outputShape.slice(spatialStart))];
    const sizes = concat(parts, 0);
    const padding = options.padding ?? 'SAME';
    checkPadding(padding);
    const result = applyOp('Conv2DBackpropInput', { input_sizes: sizes, filter: f, out_backprop: x }, {
      strides, padding, data_format: dataFormat, dilations,
    }, scope).output(0);
    return squeeze(result, [spatialStart]);
  });
}

/**
 * `tf.compat.v1.nn.conv3d_transpose(value, filter, output_shape, strides, padding='SAME',
 * data_format='NDHWC', dilations)`: Conv3DBackpropInputV2 (forward only here: libtensorflow has no
 * gradient for it).
 */
export function conv3dTranspose(value: InputValue, filter: InputValue, outputShape: InputValue,
  options: ConvTransposeOptions): Output {
  return withScope(options.name, 'conv3d_transpose', [value, filter, outputShape], (scope) => {
    const dataFormat = options.dataFormat ?? 'NDHWC';
    const channelIndex = dataFormat.startsWith('NC') ? 1 : 4;
    return applyOp('Conv3DBackpropInputV2', { input_sizes: outputShape, filter, out_backprop: value }, {
      strides: getSequence(options.strides, 3, channelIndex, 'strides'), padding: options.padding ?? 'SAME',
      data_format: dataFormat, dilations: getSequence(options.dilations, 3, channelIndex, 'dilations'),
    }, scope).output(0);
  });
}

/** Options of `depthwiseConv2dNative`. */
export interface DepthwiseConv2dNativeOptions {
  /** All 4 strides. */
  strides: number[];
  padding: Padding;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: number[];
  name?: string;
}

/** `tf.nn.depthwise_conv2d_native(input, filter, strides, padding, data_format='NHWC', dilations)`. */
export function depthwiseConv2dNative(input: InputValue, filter: InputValue, options: DepthwiseConv2dNativeOptions): Output {
  checkPadding(options.padding);
  return applyOp('DepthwiseConv2dNative', { input, filter }, {
    strides: options.strides, padding: options.padding, explicit_paddings: [], data_format: options.dataFormat ?? 'NHWC',
    dilations: options.dilations ?? [1, 1, 1, 1],
  }, options.name ?? 'DepthwiseConv2dNative').output(0);
}

/** Options of `depthwiseConv2d` and `separableConv2d`. */
export interface DepthwiseConv2DOptions {
  /** All 4 strides. */
  strides: number[];
  padding: Padding;
  /** The dilation rate in height and width ([1, 1] by default). */
  rate?: number[];
  dataFormat?: 'NHWC' | 'NCHW';
  name?: string;
}

/**
 * `tf.compat.v1.nn.depthwise_conv2d(input, filter, strides, padding, rate, name, data_format)`:
 * each input channel convolved with its own `channel_multiplier` filters (DepthwiseConv2dNative
 * named `depthwise`), dilated through `with_space_to_batch`.
 */
export function depthwiseConv2d(input: InputValue, filter: InputValue, options: DepthwiseConv2DOptions): Output {
  return withScope(options.name, 'depthwise', [input, filter], (scope, graph) => {
    const x = convertToTensor(input, { name: 'tensor_in', graph });
    const f = convertToTensor(filter, { name: 'filter_in', graph });
    const op: BuildOp = (_n, padding) => (inp) => depthwiseConv2dNative(inp, f, { strides: options.strides, padding,
      dataFormat: options.dataFormat, name: scope });
    const filterShape = shape(f);
    return new WithSpaceToBatch(graph, x.shape, options.rate ?? [1, 1], options.padding, op,
      { filterShape, dataFormat: options.dataFormat }).call(x, null);
  });
}

/**
 * `tf.compat.v1.nn.separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding,
 * rate, name, data_format)`: a depthwise convolution (`depthwise`), then a 1x1 Conv2D mixing its
 * channels (the scope's op).
 */
export function separableConv2d(input: InputValue, depthwiseFilter: InputValue, pointwiseFilter: InputValue,
  options: DepthwiseConv2DOptions): Output {
  return withScope(options.name, 'separable_conv2d', [input, depthwiseFilter, pointwiseFilter], (scope, graph) => {
    const x = convertToTensor(input, { name: 'tensor_in', graph });
    const depthwise = convertToTensor(depthwiseFilter, { name: 'depthwise_filter', graph });
    const pointwise = convertToTensor(pointwiseFilter, { name: 'pointwise_filter', graph });
    const pointwiseShape = withRank(pointwise.shape, 4);
    for (const d of pointwiseShape.slice(0, 2)) {
      if (d !== null && d !== 1) throw new ValueError(`Dimensions ${d} and 1 are not compatible`);
    }
    const op: BuildOp = (_n, padding) => (inp) => depthwiseConv2dNative(inp, depthwise, { strides: options.strides, padding,
      dataFormat: options.dataFormat, name: 'depthwise' });
    const filterShape = shape(depthwise);
    const out = new WithSpaceToBatch(graph, x.shape, options.rate ?? [1, 1], options.padding, op,
      { filterShape, dataFormat: options.dataFormat }).call(x, null);
    return conv2dOp(out, pointwise, [1, 1, 1, 1], 'VALID', options.dataFormat ?? 'NHWC', [1, 1, 1, 1], scope);
  });
}

/** Options of the 1-D and 3-D pools. */
export interface KsizePoolOptions {
  ksize: Sequence;
  strides: Sequence;
  padding: Padding;
  /** 'NWC' / 'NCW' for the 1-D pools, 'NDHWC' / 'NCDHW' for the 3-D ones. */
  dataFormat?: string;
  name?: string;
}

/** `max_pool1d` / `avg_pool1d`: the 2-D pool over a dimension of 1 added (ExpandDims), squeezed out. */
function pool1d(type: 'MaxPool' | 'AvgPool', input: InputValue, options: KsizePoolOptions): Output {
  return withScope(options.name, type === 'MaxPool' ? 'MaxPool1d' : 'AvgPool1D', [input], (scope) => {
    const format = options.dataFormat ?? 'NWC';
    const channelIndex = format.startsWith('NC') ? 1 : 2;
    const ksize = [1, ...getSequence(options.ksize, 1, channelIndex, 'ksize')];
    const strides = [1, ...getSequence(options.strides, 1, channelIndex, 'strides')];
    const axis = format === 'NWC' ? 1 : 2;
    const dataFormat = format === 'NWC' ? 'NHWC' : 'NCHW';
    checkPadding(options.padding);
    const x = expandDims(input, axis);
    const attrs = { ksize, strides, padding: options.padding, data_format: dataFormat };
    const result = type === 'MaxPool' ? applyOp('MaxPool', { input: x }, { ...attrs, explicit_paddings: [] }, scope)
      : applyOp('AvgPool', { value: x }, attrs, scope);
    return squeeze(result.output(0), [axis]);
  });
}

/** `tf.nn.max_pool1d(input, ksize, strides, padding, data_format='NWC')`. */
export function maxPool1d(input: InputValue, options: KsizePoolOptions): Output {
  return pool1d('MaxPool', input, options);
}

/** `tf.nn.avg_pool1d(input, ksize, strides, padding, data_format='NWC')`. */
export function avgPool1d(input: InputValue, options: KsizePoolOptions): Output {
  return pool1d('AvgPool', input, options);
}

/** `max_pool3d` / `avg_pool3d`: MaxPool3D / AvgPool3D in a scope of the op's name. */
function pool3d(type: 'MaxPool3D' | 'AvgPool3D', input: InputValue, options: KsizePoolOptions): Output {
  return withScope(options.name, type, [input], (scope) => {
    const dataFormat = options.dataFormat ?? 'NDHWC';
    const channelIndex = dataFormat.startsWith('NC') ? 1 : 4;
    return applyOp(type, { input }, {
      ksize: getSequence(options.ksize, 3, channelIndex, 'ksize'), strides: getSequence(options.strides, 3, channelIndex,
        'strides'), padding: options.padding, data_format: dataFormat,
    }, scope).output(0);
  });
}

/** `tf.nn.max_pool3d(input, ksize, strides, padding, data_format='NDHWC')`. */
export function maxPool3d(input: InputValue, options: KsizePoolOptions): Output {
  return pool3d('MaxPool3D', input, options);
}

/** `tf.nn.avg_pool3d(input, ksize, strides, padding, data_format='NDHWC')`. */
export function avgPool3d(input: InputValue, options: KsizePoolOptions): Output {
  return pool3d('AvgPool3D', input, options);
}

/** Options of `pool`. */
export interface WindowPoolOptions {
  /** The window's size in each spatial dimension (1 to 3 of them). */
  windowShape: readonly number[];
  poolingType: 'MAX' | 'AVG';
  padding: Padding;
  dilationRate?: readonly number[];
  strides?: readonly number[];
  dataFormat?: string;
  name?: string;
}

/**
 * `tf.compat.v1.nn.pool(input, window_shape, pooling_type, padding, dilation_rate, strides, name,
 * data_format)`: an N-D max or average pool (`max_pool` / `avg_pool` op, the 1-D one over an
 * added dimension), dilated through `with_space_to_batch`.
 */
export function pool(input: InputValue, options: WindowPoolOptions): Output {
  return withScope(options.name, `${options.poolingType.toLowerCase()}_pool`, [input], (scope, graph) => {
    const x = convertToTensor(input, { name: 'input', graph });
    const window = [...options.windowShape];
    const n = window.length;
    if (n < 1 || n > 3) {
      throw new ValueError(`\`len(window_shape)\` must be 1, 2, or 3. Received: window_shape=${pyStr(window)} of length ${n}`);
    }
    withRank(x.shape, n + 2);
    const [strides, rate] = stridesAndDilationRate(n, options.strides, options.dilationRate);
    if (options.padding === 'SAME' && rate.some((r) => r > 1)) {
      throw new ValueError('pooling with \'SAME\' padding is not implemented for `dilation_rate` > 1. Received: ' +
        `padding=${options.padding} and dilation_rate=${npStr(rate)}`);
    }
    if (strides.some((s, i) => s > window[i])) {
      throw new ValueError('`strides` > `window_shape` not supported due to inconsistency between CPU and GPU ' +
        `implementations. Received: strides=${npStr(strides)} and window_shape=${pyStr(window)}`);
    }
    if (options.poolingType !== 'MAX' && options.poolingType !== 'AVG') {
      throw new ValueError(`${n}-D ${options.poolingType} pooling is not supported.`);
    }
    const nc = options.dataFormat?.startsWith('NC') ?? false;
    let ksize = nc ? [1, 1, ...window] : [1, ...window, 1];
    let adjustedStrides = nc ? [1, 1, ...strides] : [1, ...strides, 1];
    const spatialDims = Array.from({ length: n }, (_, i) => (nc ? 2 : 1) + i);
    let dataFormat = options.dataFormat;
    if (n === 1) {
      if (dataFormat === undefined || dataFormat === 'NWC') {
        dataFormat = 'NHWC';
      } else if (dataFormat === 'NCW') {
        dataFormat = 'NCHW';
      } else {
        throw new ValueError(`data_format must be either 'NWC' or 'NCW'. Received: data_format=${dataFormat}`);
      }
      ksize = [1, ...ksize];
      adjustedStrides = [1, ...adjustedStrides];
    }
    const type = options.poolingType === 'MAX' ? 'MaxPool' : 'AvgPool';
    const op: BuildOp = (_n, padding) => (inp) => {
      const converted = n === 1 ? expandDims(inp, spatialDims[0]) : inp;
      let result: Output;
      if (n === 3) {
        result = pool3d(`${type}3D`, converted, { ksize, strides: adjustedStrides, padding, dataFormat, name: scope });
      } else {
        // `max_pool` / `avg_pool` (v1) named for the pool's scope.
        const attrs = { ksize, strides: adjustedStrides, padding, data_format: dataFormat ?? 'NHWC' };
        result = (type === 'MaxPool' ? applyOp(type, { input: converted }, { ...attrs, explicit_paddings: [] }, scope)
          : applyOp(type, { value: converted }, attrs, scope)).output(0);
      }
      return n === 1 ? squeeze(result, [spatialDims[0]]) : result;
    };
    return new WithSpaceToBatch(graph, x.shape, rate, options.padding, op, { filterShape: window, spatialDims }).call(x, null);
  });
}

/** Options of the filter-gradient ops (`conv2dBackpropFilter`, `depthwiseConv2dNativeBackpropFilter`, ...). */
export interface BackpropOptions {
  /** All 4 (5 for 3-D) strides. */
  strides: number[];
  padding: Padding;
  dataFormat?: string;
  /** All 4 (5 for 3-D) dilations. */
  dilations?: number[];
  name?: string;
}

/**
 * `tf.nn.conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding,
 * use_cudnn_on_gpu=True, data_format='NHWC', dilations)`: the gradient of a Conv2D with respect to its filter.
 */
export function conv2dBackpropFilter(input: InputValue, filterSizes: InputValue, outBackprop: InputValue,
  options: BackpropOptions): Output {
  checkPadding(options.padding);
  return applyOp('Conv2DBackpropFilter', { input, filter_sizes: filterSizes, out_backprop: outBackprop }, {
    strides: options.strides, padding: options.padding, use_cudnn_on_gpu: true, explicit_paddings: [],
    data_format: options.dataFormat ?? 'NHWC', dilations: options.dilations ?? [1, 1, 1, 1],
  }, options.name ?? 'Conv2DBackpropFilter').output(0);
}

/**
 * `tf.nn.conv3d_backprop_filter_v2(input, filter_sizes, out_backprop, strides, padding,
 * data_format='NDHWC', dilations)` (also TF1's `tf.nn.conv3d_backprop_filter`): Conv3DBackpropFilterV2.
 */
export function conv3dBackpropFilterV2(input: InputValue, filterSizes: InputValue, outBackprop: InputValue,
  options: BackpropOptions): Output {
  return applyOp('Conv3DBackpropFilterV2', { input, filter_sizes: filterSizes, out_backprop: outBackprop }, {
    strides: options.strides, padding: options.padding, data_format: options.dataFormat ?? 'NDHWC',
    dilations: options.dilations ?? [1, 1, 1, 1, 1],
  }, options.name ?? 'Conv3DBackpropFilterV2').output(0);
}

/** `tf.nn.conv3d_backprop_filter`: TF1's name of `conv3dBackpropFilterV2`. */
export const conv3dBackpropFilter = conv3dBackpropFilterV2;

/** The depthwise backprop ops' attributes. */
function depthwiseAttrs(options: BackpropOptions): Record<string, unknown> {
  checkPadding(options.padding);
  return { strides: options.strides, padding: options.padding, explicit_paddings: [],
    data_format: options.dataFormat ?? 'NHWC', dilations: options.dilations ?? [1, 1, 1, 1] };
}

/**
 * `tf.nn.depthwise_conv2d_native_backprop_filter(input, filter_sizes, out_backprop, strides, padding,
 * data_format='NHWC', dilations)` (also `tf.nn.depthwise_conv2d_backprop_filter`).
 */
export function depthwiseConv2dNativeBackpropFilter(input: InputValue, filterSizes: InputValue, outBackprop: InputValue,
  options: BackpropOptions): Output {
  return applyOp('DepthwiseConv2dNativeBackpropFilter', { input, filter_sizes: filterSizes, out_backprop: outBackprop },
    depthwiseAttrs(options), options.name ?? 'DepthwiseConv2dNativeBackpropFilter').output(0);
}

/**
 * `tf.nn.depthwise_conv2d_native_backprop_input(input_sizes, filter, out_backprop, strides, padding,
 * data_format='NHWC', dilations)` (also `tf.nn.depthwise_conv2d_backprop_input`).
 */
export function depthwiseConv2dNativeBackpropInput(inputSizes: InputValue, filter: InputValue, outBackprop: InputValue,
  options: BackpropOptions): Output {
  return applyOp('DepthwiseConv2dNativeBackpropInput', { input_sizes: inputSizes, filter, out_backprop: outBackprop },
    depthwiseAttrs(options), options.name ?? 'DepthwiseConv2dNativeBackpropInput').output(0);
}

export { depthwiseConv2dNativeBackpropFilter as depthwiseConv2dBackpropFilter };
export { depthwiseConv2dNativeBackpropInput as depthwiseConv2dBackpropInput };

/**
 * `tf.nn.conv_transpose(input, filters, output_shape, strides, padding='SAME', data_format=None,
 * dilations=None)`: the 1-, 2- or 3-D transposed convolution, by the length of `output_shape`.
 */
export function convTranspose(input: InputValue, filters: InputValue, outputShape: number[] | Output,
  options: ConvTransposeOptions): Output {
  return withScope(options.name, 'conv_transpose', [input, filters, outputShape], (scope) => {
    let n: number;
    if (outputShape instanceof Output) {
      const len = outputShape.shape?.[0];
      if (len === null || len === undefined) {
        throw new ValueError(`\`output_shape\` must be a tensor or sized collection. Received: output_shape=${outputShape}`);
      }
      n = len - 2;
    } else {
      n = outputShape.length - 2;
    }
    if (n < 1 || n > 3) {
      throw new ValueError(`\`output_shape\` must be of length 3, 4 or 5. Received: output_shape=${
        outputShape instanceof Output ? outputShape : pyStr(outputShape)} of length ${n + 2}.`);
    }
    const op = [conv1dTranspose, conv2dTranspose, conv3dTranspose][n - 1];
    return op(input, filters, outputShape, { ...options, padding: options.padding ?? 'SAME', name: scope });
  });
}

/** Options of `maxPool2d`, `maxPoolV2` and `avgPoolV2`. */
export interface PoolV2Options {
  ksize: Sequence;
  strides: Sequence;
  padding: Padding;
  dataFormat?: string;
  name?: string;
}

/** `tf.nn.max_pool2d(input, ksize, strides, padding, data_format='NHWC')`: MaxPool in a `MaxPool2d` scope. */
export function maxPool2d(input: InputValue, options: PoolV2Options): Output {
  return withScope(options.name, 'MaxPool2d', [input], (scope) => {
    const dataFormat = options.dataFormat ?? 'NHWC';
    const channelIndex = dataFormat.startsWith('NC') ? 1 : 3;
    const ksize = getSequence(options.ksize, 2, channelIndex, 'ksize');
    const strides = getSequence(options.strides, 2, channelIndex, 'strides');
    checkPadding(options.padding);
    return applyOp('MaxPool', { input }, { ksize, strides, padding: options.padding, explicit_paddings: [],
      data_format: dataFormat }, scope).output(0);
  });
}

/** `max_pool_v2` / `avg_pool_v2`: the number of spatial dimensions from the input's rank (or the data format). */
function spatialDims(input: InputValue, dataFormat: string | undefined): [number, number] {
  const rank = input instanceof Output ? input.shape?.length : Tensor.from(input as number).shape.length;
  const n = rank !== undefined ? rank - 2 : dataFormat !== undefined ? dataFormat.length - 2 : undefined;
  if (n === undefined) {
    throw new ValueError('`input` must have a static shape or a data format must be given. Received: ' +
      `input.shape=<unknown> and data_format=${dataFormat}`);
  }
  if (n < 1 || n > 3) {
    const shape = input instanceof Output ? shapeString(input.shape) : '';
    throw new ValueError(`\`input.shape.rank\` must be 3, 4 or 5. Received: input.shape=${shape} of rank ${n + 2}.`);
  }
  return [n, dataFormat === undefined ? n + 1 : dataFormat.startsWith('NC') ? 1 : n + 1];
}

/**
 * `tf.nn.max_pool_v2(input, ksize, strides, padding, data_format=None)` (TF2's `tf.nn.max_pool`): `max_pool1d`,
 * `max_pool2d` or MaxPool3D by the input's rank.
 */
export function maxPoolV2(input: InputValue, options: PoolV2Options): Output {
  const [n, channelIndex] = spatialDims(input, options.dataFormat);
  const o = { ...options, ksize: getSequence(options.ksize, n, channelIndex, 'ksize'),
    strides: getSequence(options.strides, n, channelIndex, 'strides') };
  return n === 1 ? maxPool1d(input, o) : n === 2 ? maxPool2d(input, o) : maxPool3d(input, o);
}

/**
 * `tf.nn.avg_pool_v2(input, ksize, strides, padding, data_format=None)` (TF2's `tf.nn.avg_pool`): `avg_pool1d`,
 * AvgPool or AvgPool3D by the input's rank.
 */
export function avgPoolV2(input: InputValue, options: PoolV2Options): Output {
  const [n, channelIndex] = spatialDims(input, options.dataFormat);
  const ksize = getSequence(options.ksize, n, channelIndex, 'ksize');
  const strides = getSequence(options.strides, n, channelIndex, 'strides');
  if (n === 1) return avgPool1d(input, { ...options, ksize, strides });
  if (n === 3) return avgPool3d(input, { ...options, ksize, strides });
  return applyOp('AvgPool', { value: input }, { ksize, strides, padding: options.padding,
    data_format: options.dataFormat ?? 'NHWC' }, options.name ?? 'AvgPool').output(0);
}

/**
 * `tf.nn.atrous_conv2d_transpose(value, filters, output_shape, rate, padding)`: the transpose of
 * `atrous_conv2d`, as TF builds it: SpaceToBatch, a VALID Conv2DBackpropInput, BatchToSpace (plain
 * `conv2d_transpose` at rate 1). `outputShape` is a list here and the filter's shape static.
 */
export function atrousConv2dTranspose(value: InputValue, filters: InputValue, outputShape: number[], rate: number,
  padding: Padding, name?: string): Output {
  return withScope(name, 'atrous_conv2d_transpose', [value, filters, outputShape], (_scope, graph) => {
    const v = convertToTensor(value, { name: 'value', graph });
    const f = convertToTensor(filters, { name: 'filters', graph });
    const dim = (t: Output, i: number) => t.shape?.[i] ?? null;
    const [vc, fc] = [dim(v, 3), dim(f, 3)];
    if (vc !== null && fc !== null && vc !== fc) {
      throw new ValueError('`value` channel count must be compatible with `filters` input channel count. Received: ' +
        `value.shape=${shapeString(v.shape)} with channel count ${vc} and filters.shape=${shapeString(f.shape)} with ` +
        `input channel count ${fc}.`);
    }
    if (rate < 1) throw new ValueError(`\`rate\` cannot be less than one. Received: rate=${rate}`);
    if (rate === 1) return conv2dTranspose(v, f, outputShape, { strides: [1, 1, 1, 1], padding, dataFormat: 'NHWC' });
    // TF converts the output shape once to check it (a Const left in the graph).
    const given = convertToTensor(int32(outputShape), { name: 'output_shape', graph });
    if (given.shape?.length !== 1 || given.shape[0] !== 4) {
      throw new ValueError(`\`output_shape\` must have shape (4,). Received: output_shape=${shapeString(given.shape)}`);
    }
    const fo = dim(f, 2);
    if (fo !== null && fo !== outputShape[3]) {
      throw new ValueError('`output_shape` channel count must be compatible with `filters` output channel count. ' +
        `Received: output_shape=${pyStr(outputShape)} with channel count ${outputShape[3]} and ` +
        `filters.shape=${shapeString(f.shape)} with output channel count ${fc ?? 'None'}.`);
    }
    let [padTop, padBottom, padLeft, padRight] = [0, 0, 0, 0];
    if (padding === 'SAME') {
      const [fh, fw] = [dim(f, 0), dim(f, 1)];
      if (fh === null || fw === null) throw new ValueError('atrous_conv2d_transpose needs the static filter shape here.');
      const padHeight = fh + (fh - 1) * (rate - 1) - 1;
      const padWidth = fw + (fw - 1) * (rate - 1) - 1;
      [padTop, padLeft] = [Math.floor(padHeight / 2), Math.floor(padWidth / 2)];
      [padBottom, padRight] = [padHeight - padTop, padWidth - padLeft];
    } else if (padding !== 'VALID') {
      throw new ValueError(`\`padding\` must be either 'VALID' or 'SAME'. Received: padding=${padding}`);
    }
    const inHeight = outputShape[1] + padTop + padBottom;
    const inWidth = outputShape[2] + padLeft + padRight;
    // More padding so that rate divides the height and width of the input.
    const padBottomExtra = (rate - (inHeight % rate)) % rate;
    const padRightExtra = (rate - (inWidth % rate)) % rate;
    const batched = spaceToBatch(v, int32([[0, padBottomExtra], [0, padRightExtra]]), rate);
    const inputSizes = [rate * rate * outputShape[0], Math.floor((inHeight + padBottomExtra) / rate),
      Math.floor((inWidth + padRightExtra) / rate), outputShape[3]];
    const conv = conv2dBackpropInput(int32(inputSizes), f, batched, { strides: [1, 1, 1, 1], padding: 'VALID',
      dataFormat: 'NHWC' });
    return batchToSpace(conv, int32([[padTop, padBottom + padBottomExtra], [padLeft, padRight + padRightExtra]]), rate);
  });
}
