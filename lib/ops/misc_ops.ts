/**
 * TF1's remaining top-level utilities (`tf.compat.v1.*`): `repeat`, `batch_gather`,
 * `histogram_fixed_width_bins`, the single-op wrappers (`fingerprint`, `guarantee_const`,
 * `sparse_matmul`, `extract_volume_patches`), `get_static_value`, `is_tensor`, the Dimension
 * helpers, the deprecated initializer/variable aliases, and the default graph's collections,
 * device and name scopes as functions.
 */
import { RuntimeError, ValueError } from '../errors';
import { DType, REF_OFFSET, baseDType, dtypeName, dtypeRepr, isIntegerDType } from '../framework/dtypes';
import { IndexedSlices } from '../framework/indexed_slices';
import {
  InputValue, applyOp, constantValue, convertToTensor, graphFromInputs, groupedOutputs, makeConst,
} from '../framework/op_def_library';
import { DeviceFunction, GraphKeys, Output, getDefaultGraph } from '../framework/ops';
import { SparseTensor, SparseTensorValue } from '../framework/sparse_tensor';
import { Tensor } from '../framework/tensor';
import { isFullyDefined, shapeString } from '../framework/tensor_shape';
import { pyRepr } from '../util/python_repr';
import {
  booleanMask, broadcastTo, cast, concat, expandDims, getItem, ones, rank, reshape, reshapeToScalar, sequenceMask, shape, sliceOf, stack, tile,
  withScope, zeros,
} from './array_ops';
import { Assert } from './control_flow_assert';
import { withDependencies } from './control_flow_ops';
import { clipByValue } from './clip_ops';
import { floor, greater, maximum, mul, sub, truediv } from './math_ops';
import {
  GetVariableOptions, VariableScope, VariableScopeOptions, getVariable, getVariableScope, variableScope,
} from './variable_scope';
import { Variable } from './variables';

/** `tf.to_complex64(x, name='ToComplex64')` (deprecated): `cast(x, complex64)`. */
export function toComplex64(x: InputValue, name = 'ToComplex64'): Output {
  return cast(x, DType.complex64, name);
}

/** `tf.to_complex128(x, name='ToComplex128')` (deprecated): `cast(x, complex128)`. */
export function toComplex128(x: InputValue, name = 'ToComplex128'): Output {
  return cast(x, DType.complex128, name);
}

/** `tf.fingerprint(data, method='farmhash64')`: an 8-byte uint8 fingerprint of each row of `data` (`Fingerprint`). */
export function fingerprint(data: InputValue, method: InputValue = 'farmhash64', name?: string): Output {
  return applyOp('Fingerprint', { data, method }, {}, name ?? 'Fingerprint').output(0);
}

/** `tf.guarantee_const(input)`: `input`, promised constant for the graph's lifetime (`GuaranteeConst`). */
export function guaranteeConst(input: InputValue, name?: string): Output {
  return applyOp('GuaranteeConst', { input }, {}, name ?? 'GuaranteeConst').output(0);
}

/** Options of `sparseMatmul`. */
export interface SparseMatmulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
  /** Hints that the operand is mostly zeros (float32 or bfloat16). */
  aIsSparse?: boolean;
  bIsSparse?: boolean;
  name?: string;
}

/** `tf.sparse_matmul(a, b, transpose_a, transpose_b, a_is_sparse, b_is_sparse)`: `SparseMatMul`. */
export function sparseMatmul(a: InputValue, b: InputValue, options: SparseMatmulOptions = {}): Output {
  return applyOp('SparseMatMul', { a, b }, { transpose_a: options.transposeA ?? false,
    transpose_b: options.transposeB ?? false, a_is_sparse: options.aIsSparse ?? false,
    b_is_sparse: options.bIsSparse ?? false }, options.name ?? 'SparseMatMul').output(0);
}

/**
 * `tf.extract_volume_patches(input, ksizes, strides, padding)`: the 3-D patches of a 5-D input
 * flattened into its last dimension (`ExtractVolumePatches`).
 */
export function extractVolumePatches(input: InputValue, ksizes: number[], strides: number[], padding: 'SAME' | 'VALID',
  name?: string): Output {
  return applyOp('ExtractVolumePatches', { input }, { ksizes, strides, padding }, name ?? 'ExtractVolumePatches').output(0);
}

/**
 * `tf.histogram_fixed_width_bins(values, value_range, nbins=100, dtype=int32)`: the bin index of
 * each value among `nbins` equal bins over `value_range` (outliers in the end bins).
 */
export function histogramFixedWidthBins(values: InputValue, valueRange: InputValue,
  options: { nbins?: InputValue; dtype?: DType; name?: string } = {}): Output {
  const nbinsIn = options.nbins ?? 100;
  return withScope(options.name, 'histogram_fixed_width_bins', [values, valueRange, nbinsIn], (_scope, graph) => {
    const v = convertToTensor(values, { name: 'values', graph });
    const valuesShape = shape(v);
    const flat = reshape(v, [-1]);
    const range = convertToTensor(valueRange, { name: 'value_range', graph });
    let nbins = convertToTensor(nbinsIn, { dtype: DType.int32, name: 'nbins', graph });
    const check = Assert(greater(nbins, 0), [`nbins ${pyTensorStr(nbins)} must > 0`]);
    nbins = withDependencies([check], nbins);
    const nbinsFloat = cast(nbins, v.dtype);
    const scaled = truediv(sub(flat, getItem(range, 0), 'sub'), sub(getItem(range, 1), getItem(range, 0), 'sub'),
      'scaled_values');
    const indices = floor(mul(nbinsFloat, scaled, 'mul'), 'indices');
    return reshape(cast(clipByValue(indices, 0, sub(nbinsFloat, 1, 'sub')), DType.int32), valuesShape);
  });
}

/** Python's `str` of a graph tensor. */
function pyTensorStr(t: Output): string {
  return `Tensor("${t.name}", shape=${shapeString(t.shape)}, dtype=${dtypeName(baseDType(t.dtype))})`;
}

/**
 * `tf.repeat(input, repeats, axis=None)`: each element (along `axis`; of the flattened input
 * when none) repeated `repeats` times, a scalar or one count per element.
 */
export function repeat(input: InputValue, repeats: InputValue, axis?: number, name?: string): Output {
  if (axis === undefined || axis === null) return repeatWithAxis(reshape(input, [-1]), repeats, 0, name);
  return repeatWithAxis(input, repeats, axis, name);
}

/** `repeat_with_axis` (the Python path without XLA): a tile of the data masked by `sequence_mask(repeats)`. */
function repeatWithAxis(input: InputValue, repeatsIn: InputValue, axisIn: number, name?: string): Output {
  if (!Number.isInteger(axisIn)) {
    throw new TypeError(`Argument \`axis\` must be an int. Received \`axis\` = ${axisIn} of type float`);
  }
  return withScope(name, 'Repeat', [input, repeatsIn], (_scope, graph) => {
    let data = convertToTensor(input, { name: 'data', graph });
    let repeats = convertToTensor(repeatsIn, { name: 'repeats', preferredDtype: DType.int32, graph: graphFromInputs([repeatsIn]) });
    if (!isIntegerDType(repeats.dtype)) {
      throw new TypeError(`Argument \`tensor\` (name: repeats) must be of type integer. Received \`tensor\` = ` +
        `${pyTensorStr(repeats)} of dtype: ${dtypeRepr(repeats.dtype)}`);
    }
    repeats = applyOp('Cast', { x: repeats }, { DstT: DType.int32 }, 'Cast').output(0);
    if (repeats.shape && repeats.shape.length > 1) {
      throw new ValueError(`Shape ${shapeString(repeats.shape)} must have rank at most 1`);
    }
    if (data.shape?.length === 0) data = stack([data]);
    if (!data.shape) throw new ValueError('tf.repeat needs the rank of `input` (unknown here)');
    const ndims = data.shape.length;
    const dataShape = shape(data, undefined, repeats.dtype);
    if (axisIn >= ndims || axisIn < -ndims) {
      throw new ValueError(`axis=${axisIn} out of bounds: expected ${-ndims}<=axis<${ndims}`);
    }
    const axis = axisIn < 0 ? axisIn + ndims : axisIn;
    const tileOne = (x: Output, multiple: Output) =>
      tile(x, Array.from({ length: x.shape!.length }, (_, i) => (i === axis + 1 ? multiple : 1)));
    if (repeats.shape !== null && isFullyDefined(repeats.shape) && repeats.shape.reduce((a, b) => a * b, 1) === 1) {
      repeats = reshapeToScalar(repeats);
      const tiled = tileOne(expandDims(data, axis + 1), repeats);
      return reshape(tiled, concat([sliceOf(dataShape, [[null, axis]]), [mul(repeats, getItem(dataShape, axis), 'mul')],
        sliceOf(dataShape, [[axis + 1, null]])], 0));
    }
    if (repeats.shape?.length === 1) {
      const [d, r] = [data.shape[axis], repeats.shape[0]];
      if (d !== null && r !== null && d !== r) throw new ValueError(`Dimensions ${d} and ${r} are not compatible`);
    }
    repeats = broadcastTo(repeats, [getItem(dataShape, axis)]);
    const original = repeats;
    if (axis !== 0) {
      const repeatsShape = shape(repeats);
      const broadcastShape = concat([sliceOf(dataShape, [[null, sub(axis + 1, rank(repeats), 'sub')]]), repeatsShape], 0);
      repeats = broadcastTo(repeats, broadcastShape);
      repeats.setShape(new Array<null>(axis + 1).fill(null));
    }
    let maxRepeat = applyOp('Max', { input: repeats, reduction_indices: allDimensions(repeats) }, {}, 'Max').output(0);
    maxRepeat = maximum(convertToTensor(0, { name: 'zero', dtype: maxRepeat.dtype, graph }), maxRepeat);
    const mask = sequenceMask(repeats, { maxlen: maxRepeat });
    const masked = booleanMask(tileOne(expandDims(data, axis + 1), maxRepeat), mask);
    let result = masked;
    if (axis !== 0) {
      const size = applyOp('Sum', { input: original, reduction_indices: applyOp('Range', { start: 0,
        limit: rank(original), delta: 1 }, {}, 'Range').output(0) }, {}, 'Sum').output(0);
      result = reshape(masked, concat([sliceOf(dataShape, [[null, axis]]), [size], sliceOf(dataShape, [[axis + 1, null]])], 0));
    }
    result.setShape([...data.shape.slice(0, axis), repeats.shape?.[0] === 0 ? 0 : null, ...data.shape.slice(axis + 1)]);
    return result;
  });
}

/** `_all_dimensions`: `range(rank)` as a constant when the rank is known, else a `Range` op. */
function allDimensions(x: Output): Output {
  if (x.shape) return makeConst(x.graph, Tensor.from(x.shape.map((_, i) => i), { dtype: DType.int32, shape: [x.shape.length] }));
  return applyOp('Range', { start: 0, limit: rank(x), delta: 1 }, {}, 'Range').output(0);
}

/**
 * `tf.batch_gather(params, indices)` (deprecated): `gather` with every dimension of `indices` but
 * the last a batch dimension (Python's `_batch_gather`: one flat gather of offset indices).
 */
export function batchGather(params: InputValue, indices: InputValue, name?: string): Output {
  return withScope(name, 'BatchGather', [params, indices], (_scope, graph) => {
    const ind = convertToTensor(indices, { name: 'indices', graph });
    const par = convertToTensor(params, { name: 'params', graph });
    if (!ind.shape) throw new ValueError('batch_gather does not allow indices with unknown shape.');
    const ndims = ind.shape.length;
    const batchDims = ndims - 1;
    // `_batch_gather` converts again (a no-op here) and checks the ranks.
    if (batchDims < 0) throw new ValueError(`Argument \`batch_dims\` = ${batchDims} must be less than rank(\`indices\`) = ${ndims}`);
    if (par.shape && batchDims >= par.shape.length) {
      throw new ValueError(`Argument \`batch_dims\` = ${batchDims} must be less than rank(\`params\`) = ${par.shape.length}`);
    }
    const indicesShape = shape(ind);
    const paramsShape = shape(par);
    const dtype = baseDType(ind.dtype);
    let batchIndices = ind;
    let accum = ones([], dtype);
    const castShape = applyOp('Cast', { x: paramsShape }, { DstT: dtype }, 'Cast').output(0);
    for (let dim = batchDims; dim > 0; dim--) {
      const dimValue = getItem(castShape, dim - 1);
      accum = mul(accum, getItem(castShape, dim), 'mul');
      const range = applyOp('Range', { start: zeros([], dtype), limit: dimValue, delta: ones([], dtype) }, {}, 'Range');
      const dimIndices = mul(range.output(0), accum, 'mul');
      const one = Tensor.from(1, { dtype });
      const dimShape = stack([...new Array(dim - 1).fill(one), dimValue, ...new Array(ndims - dim).fill(one)], 0);
      batchIndices = applyOp('AddV2', { x: batchIndices, y: reshape(dimIndices, dimShape) }, {}, 'add').output(0);
    }
    const flatIndices = reshape(batchIndices, [-1]);
    const outer = sliceOf(paramsShape, [[batchDims + 1, null]]);
    const flatInner = applyOp('Prod', { input: sliceOf(paramsShape, [[null, batchDims + 1]]), reduction_indices: [0] },
      { keep_dims: false }, 'Prod').output(0);
    const flatParams = reshape(par, concat([[flatInner], outer], 0));
    const flatResult = applyOp('GatherV2', { params: flatParams, indices: flatIndices, axis: 0 }, {}, 'GatherV2').output(0);
    const result = reshape(flatResult, concat([indicesShape, outer], 0));
    const batch = ind.shape.slice(0, batchDims).map((d, i) => d ?? par.shape?.[i] ?? null);
    result.setShape([...batch, ...ind.shape.slice(batchDims), ...(par.shape ? par.shape.slice(batchDims + 1) : [])]);
    return result;
  });
}

/**
 * `tf.get_static_value(tensor)` (`tensor_util.constant_value`): the value of a graph tensor when
 * it follows from Consts and static shapes alone (Const, Identity, StopGradient, Cast, Shape,
 * Size, Rank, Range, Pack on axis 0, ConcatV2, Fill), else null; that tensor may no longer be
 * fed. A value that is not a graph tensor is given back as it is.
 */
export function getStaticValue(tensor: Output): Tensor | null;
export function getStaticValue<T>(value: T): T;
export function getStaticValue(tensor: unknown): unknown {
  if (!(tensor instanceof Output)) return tensor;
  const value = foldConstant(tensor);
  if (value !== null) tensor.graph.preventFeeding(tensor);
  return value;
}

/** `_ConstantValue` for the op types `getStaticValue` lists. */
function foldConstant(t: Output): Tensor | null {
  const op = t.op;
  const dtype = baseDType(t.dtype);
  const make = (values: number[], dims: number[]) =>
    Tensor.from(dtype === DType.int64 ? values.map(BigInt) : values, { dtype, shape: dims });
  const inputShape = () => op.inputs[0].shape;
  switch (op.type) {
    case 'Const': case 'Cast': return constantValue(t);
    case 'Identity': case 'StopGradient': case 'CheckNumericsV2': return foldConstant(op.inputs[0]);
    case 'Shape': {
      const s = inputShape();
      return s && isFullyDefined(s) ? make(s, [s.length]) : null;
    }
    case 'Size': {
      const s = inputShape();
      return s && isFullyDefined(s) ? Tensor.from(s.reduce((a, b) => a * b, 1), { dtype: DType.int32 }) : null;
    }
    case 'Rank': {
      const s = inputShape();
      return s ? Tensor.from(s.length, { dtype: DType.int32 }) : null;
    }
    case 'Range': {
      const [start, limit, delta] = op.inputs.map(foldConstant).map((v) => (v === null ? null : Number(v.item())));
      if (start === null || limit === null || delta === null) return null;
      const n = Math.max(0, Math.ceil((limit - start) / delta));
      return make(Array.from({ length: n }, (_, i) => start + i * delta), [n]);
    }
    case 'Pack': {
      if (op.inputs.length === 0 || op.getAttr('axis') !== 0) return null;
      const parts = op.inputs.map(foldConstant);
      if (parts.some((p) => p === null)) return null;
      return make(parts.flatMap((p) => numbers(p!)), [parts.length, ...parts[0]!.shape]);
    }
    case 'ConcatV2': {
      const axisValue = foldConstant(op.inputs[op.inputs.length - 1]);
      const parts = op.inputs.slice(0, -1).map(foldConstant);
      if (axisValue === null || parts.some((p) => p === null)) return null;
      const first = parts[0]!.shape;
      const axis = Number(axisValue.item()) < 0 ? Number(axisValue.item()) + first.length : Number(axisValue.item());
      const outer = first.slice(0, axis).reduce((a, b) => a * b, 1);
      const out: number[] = [];
      for (let o = 0; o < outer; o++) {
        for (const p of parts) {
          const chunk = p!.shape.slice(axis).reduce((a, b) => a * b, 1);
          out.push(...numbers(p!).slice(o * chunk, (o + 1) * chunk));
        }
      }
      const dims = [...first];
      dims[axis] = parts.reduce((a, p) => a + p!.shape[axis], 0);
      return make(out, dims);
    }
    case 'Fill': {
      const value = foldConstant(op.inputs[1]);
      if (!t.shape || !isFullyDefined(t.shape) || value === null) return null;
      return make(new Array<number>(t.shape.reduce((a, b) => a * b, 1)).fill(Number(value.item())), t.shape);
    }
    default: return null;
  }
}

/** A numeric tensor's elements as JS numbers. */
function numbers(t: Tensor): number[] {
  return Array.from(t.data as ArrayLike<number | bigint>, Number);
}

/**
 * `tf.is_tensor(x)`: a graph tensor or a tensor-like one (a SparseTensor, IndexedSlices or
 * Variable); not host values.
 */
export function isTensor(x: unknown): boolean {
  return x instanceof Output || x instanceof SparseTensor || x instanceof IndexedSlices || x instanceof Variable;
}

/**
 * `tf.convert_to_tensor_or_indexed_slices(value, dtype, name)`: IndexedSlices as they are (their
 * dtype checked), anything else as `convertToTensor` converts it.
 */
export function convertToTensorOrIndexedSlices(value: InputValue | IndexedSlices, dtype?: DType, name?: string):
  Output | IndexedSlices {
  if (value instanceof IndexedSlices) {
    if (dtype !== undefined && baseDType(dtype) !== baseDType(value.dtype)) {
      throw new ValueError(`Incompatible tensor conversion requested to \`dtype\` ${dtypeName(dtype)} for IndexedSlices ` +
        `(${pyStr(value)}) with dtype ${dtypeName(value.dtype)}`);
    }
    return value;
  }
  return convertToTensor(value, { dtype, name });
}

function pyStr(v: IndexedSlices): string {
  return `IndexedSlices(indices=${pyTensorStr(v.indices)}, values=${pyTensorStr(v.values)}` +
    `${v.denseShape ? `, dense_shape=${pyTensorStr(v.denseShape)}` : ''})`;
}

/**
 * `tf.get_local_variable(name, ...)`: `getVariable` of a variable that is not trainable, added to
 * the `local_variables` collection (besides `collections`).
 */
export function getLocalVariable(name: string, options: GetVariableOptions = {}): Variable {
  return getVariable(name, { ...options, trainable: false,
    collections: [...(options.collections ?? []), GraphKeys.LOCAL_VARIABLES] });
}

/**
 * `tf.create_partitioned_variables(shape, slicing, initializer, dtype, trainable, collections, name)`
 * (deprecated): the parts (`<name>/part_<i>`) of a variable of `shape` cut `slicing[i]` times along
 * each axis, named after the variable scope `name` opens (default 'PartitionedVariable', made unique).
 */
export function createPartitionedVariables(varShape: number[], slicing: number[], initializer: GetVariableOptions['initializer'],
  options: { dtype?: DType; trainable?: boolean; collections?: string[]; name?: string } = {}): Variable[] {
  if (varShape.length !== slicing.length) {
    throw new ValueError("The 'shape' and 'slicing' of a partitioned Variable must have the length: " +
      `shape: [${varShape.join(', ')}], slicing: [${slicing.join(', ')}]`);
  }
  if (varShape.length < 1) throw new ValueError(`A partitioned Variable must have rank at least 1: shape: []`);
  const outer = getVariableScope().name;
  // Python takes the variable's name from the scope it opens (which also marks its name scope used).
  const full = variableScope(options.name ?? null, { defaultName: 'PartitionedVariable' }, (scope) => scope.name);
  const name = outer ? full.slice(outer.length + 1) : full;
  return [...getVariable(name, { shape: varShape, dtype: options.dtype ?? DType.float32, initializer,
    trainable: options.trainable ?? true, collections: options.collections, partitioner: () => slicing })];
}

/** `tf.no_regularizer(_)`: the regularizer that adds no loss. */
export function noRegularizer(_variable?: unknown): null {
  return null;
}

/** `tf.add_to_collection(name, value)` on the default graph. */
export function addToCollection(name: string, value: unknown): void {
  getDefaultGraph().addToCollection(name, value);
}

/** `tf.add_to_collections(names, value)` on the default graph. */
export function addToCollections(names: string | string[], value: unknown): void {
  getDefaultGraph().addToCollections(names, value);
}

/** `tf.get_collection(key, scope)` of the default graph: a copy, filtered by name scope when given. */
export function getCollection<T = unknown>(key: string, scope?: string): T[] {
  return getDefaultGraph().getCollection<T>(key, scope);
}

/** `tf.get_collection_ref(key)` of the default graph: the live list. */
export function getCollectionRef<T = unknown>(key: string): T[] {
  return getDefaultGraph().getCollectionRef<T>(key);
}

/** `with tf.device(device):` on the default graph: `fn` with its ops placed on `device`. */
export function device<T>(deviceNameOrFunction: string | DeviceFunction | null, fn: () => T): T {
  return getDefaultGraph().device(deviceNameOrFunction, fn);
}

/**
 * `with tf.name_scope(name, default_name, values) as scope:` (v1): `fn(scope)` in a new name
 * scope of the graph of `values` (the default graph): `name`, else `defaultName` made unique;
 * a name ending in '/' re-enters that scope.
 */
export function nameScope<T>(name: string | null, fn: (scope: string) => T,
  options: { defaultName?: string; values?: unknown[] } = {}): T {
  const graph = options.values ? graphFromInputs(options.values) : getDefaultGraph();
  return graph.asDefault(() => graph.nameScope(name ?? options.defaultName ?? null, fn));
}

/**
 * `tf.op_scope(values, name, default_name=None)` (deprecated): `nameScope(name, fn, { defaultName,
 * values })`, its arguments in the older order.
 */
export function opScope<T>(values: unknown[], name: string | null, defaultName: string | undefined,
  fn: (scope: string) => T): T {
  return nameScope(name, fn, { defaultName, values });
}

/**
 * `tf.variable_op_scope(values, name_or_scope, default_name=None, initializer=None, ...)`
 * (deprecated): `variableScope(nameOrScope, { defaultName, ...options }, fn)`.
 */
export function variableOpScope<T>(values: unknown[], nameOrScope: string | VariableScope | null,
  options: VariableScopeOptions, fn: (scope: VariableScope) => T): T {
  // Python's values only pick the graph, as name_scope's do.
  const graph = values.length > 0 ? graphFromInputs(values) : getDefaultGraph();
  return graph.asDefault(() => variableScope(nameOrScope, options, fn));
}

/** TF's dtype names (`_STRING_TO_TF`) with its non-canonical aliases. */
const DTYPE_ALIASES: Record<string, DType> = { half: DType.float16, float: DType.float32, double: DType.float64 };

/**
 * `tf.as_dtype(type_value)`: a DType from a DType (TF_DataType number, `_ref` ones above 100) or a
 * name (`'float32'`, `'float'`, `'int64_ref'`, ...).
 */
export function asDtype(typeValue: DType | number | string): DType {
  if (typeof typeValue === 'number' && DType[baseDType(typeValue)] !== undefined
    && (typeValue < REF_OFFSET || typeValue - REF_OFFSET <= DType.uint64)) return typeValue;
  if (typeof typeValue === 'string') {
    const ref = typeValue.endsWith('_ref');
    const base = ref ? typeValue.slice(0, -4) : typeValue;
    const dtype = DTYPE_ALIASES[base] ?? (DType as unknown as Record<string, DType | undefined>)[base];
    if (typeof dtype === 'number') return ref ? dtype + REF_OFFSET : dtype;
  }
  throw new TypeError(`Cannot convert the argument \`type_value\`: ${pyRepr(typeValue)} to a TensorFlow DType.`);
}

/** `tf.is_symbolic_tensor(tensor)`: a graph tensor (not a Variable, SparseTensor or host value). */
export function isSymbolicTensor(tensor: unknown): boolean {
  return tensor instanceof Output;
}

/**
 * `tf.convert_to_tensor_or_sparse_tensor(value, dtype=None, name=None)`: a SparseTensor (or
 * SparseTensorValue, made a SparseTensor) as is, its dtype checked; anything else `convertToTensor`'s.
 */
export function convertToTensorOrSparseTensor(value: InputValue | SparseTensor | SparseTensorValue, dtype?: DType,
  name?: string): Output | SparseTensor {
  if (value instanceof SparseTensor || value instanceof SparseTensorValue) {
    const sp = SparseTensor.fromValue(value);
    if (dtype !== undefined && baseDType(dtype) !== baseDType(sp.dtype)) {
      throw new RuntimeError(`Sparse dtype mismatch. Requested: ${dtypeName(dtype)},  Actual: ${dtypeName(sp.dtype)}`);
    }
    return sp;
  }
  return convertToTensor(value, { dtype, name });
}

/** Options of `tf.conv`. */
export interface ConvOptions {
  explicitPaddings?: number[];
  /** `'CHANNELS_LAST'` (default) or `'CHANNELS_FIRST'`. */
  dataFormat?: string;
  dilations?: number[];
  batchDims?: number;
  groups?: number;
  name?: string;
}

/**
 * `tf.conv(input, filter, strides, padding, explicit_paddings=[], data_format='CHANNELS_LAST',
 * dilations=[], batch_dims=1, groups=1)`: the N-D `Conv` op.
 */
export function conv(input: InputValue, filter: InputValue, strides: number[], padding: string,
  options: ConvOptions = {}): Output {
  return applyOp('Conv', { input, filter }, {
    strides, padding, explicit_paddings: options.explicitPaddings ?? [], data_format: options.dataFormat ?? 'CHANNELS_LAST',
    dilations: options.dilations ?? [], batch_dims: options.batchDims ?? 1, groups: options.groups ?? 1,
  }, options.name ?? 'Conv').output(0);
}

/** Options of the Conv2D backprop V2 ops. */
export interface Conv2DBackpropV2Options {
  useCudnnOnGpu?: boolean;
  explicitPaddings?: number[];
  dataFormat?: string;
  dilations?: number[];
  name?: string;
}

/** A Conv2D backprop V2 op (the filter given as a tensor of its shape's size). */
function conv2dBackpropV2(type: string, input: InputValue, filter: InputValue, outBackprop: InputValue,
  strides: number[], padding: string, options: Conv2DBackpropV2Options): Output {
  return applyOp(type, { input, filter, out_backprop: outBackprop }, {
    strides, use_cudnn_on_gpu: options.useCudnnOnGpu ?? true, padding, explicit_paddings: options.explicitPaddings ?? [],
    data_format: options.dataFormat ?? 'NHWC', dilations: options.dilations ?? [1, 1, 1, 1],
  }, options.name ?? type).output(0);
}

/**
 * `tf.conv2d_backprop_filter_v2(input, filter, out_backprop, strides, padding, use_cudnn_on_gpu=True,
 * explicit_paddings=[], data_format='NHWC', dilations=[1, 1, 1, 1])`: the filter gradient of a Conv2D.
 */
export function conv2dBackpropFilterV2(input: InputValue, filter: InputValue, outBackprop: InputValue, strides: number[],
  padding: string, options: Conv2DBackpropV2Options = {}): Output {
  return conv2dBackpropV2('Conv2DBackpropFilterV2', input, filter, outBackprop, strides, padding, options);
}

/**
 * `tf.conv2d_backprop_input_v2(input, filter, out_backprop, strides, padding, use_cudnn_on_gpu=True,
 * explicit_paddings=[], data_format='NHWC', dilations=[1, 1, 1, 1])`: the input gradient of a Conv2D.
 */
export function conv2dBackpropInputV2(input: InputValue, filter: InputValue, outBackprop: InputValue, strides: number[],
  padding: string, options: Conv2DBackpropV2Options = {}): Output {
  return conv2dBackpropV2('Conv2DBackpropInputV2', input, filter, outBackprop, strides, padding, options);
}

/**
 * `tf.quantized_concat(concat_dim, values, input_mins, input_maxes)`: quantized tensors concatenated
 * (`QuantizedConcat`): `[output, output_min, output_max]`.
 */
export function quantizedConcat(concatDim: InputValue, values: InputValue[], inputMins: InputValue[],
  inputMaxes: InputValue[], name?: string): [Output, Output, Output] {
  return groupedOutputs(applyOp('QuantizedConcat', { concat_dim: concatDim, values, input_mins: inputMins,
    input_maxes: inputMaxes }, {}, name ?? 'QuantizedConcat')) as [Output, Output, Output];
}

/** `tf.check_pinned(tensor)` (raw `CheckPinned`): `tensor`, checked to be in pinned host memory on a GPU. */
export function checkPinned(tensor: InputValue, name?: string): Output {
  return applyOp('CheckPinned', { tensor }, {}, name ?? 'CheckPinned').output(0);
}

/**
 * `tf.random_index_shuffle(index, seed, max_index, rounds=4)`: the position of `index` in a
 * pseudorandom permutation of `[0, max_index]` (`RandomIndexShuffle`).
 */
export function randomIndexShuffle(index: InputValue, seed: InputValue, maxIndex: InputValue,
  options: { rounds?: number; name?: string } = {}): Output {
  return applyOp('RandomIndexShuffle', { index, seed, max_index: maxIndex }, { rounds: options.rounds ?? 4 },
    options.name ?? 'RandomIndexShuffle').output(0);
}

export { registerTensorConversionFunction } from '../framework/op_def_library';
export type { TensorConversionFunction } from '../framework/op_def_library';
export { requiredSpaceToBatchPaddings } from './nn_conv';

/** `tf.fftnd(input, fft_length, axes)` (TF1's top-level raw op; `tf.signal.fftnd` infers the arguments): `FFTND`. */
export function fftnd(input: InputValue, fftLength: InputValue, axes: InputValue, name?: string): Output {
  return applyOp('FFTND', { input, fft_length: fftLength, axes }, {}, name ?? 'FFTND').output(0);
}

/** `tf.ifftnd(input, fft_length, axes)` (TF1's top-level raw op): `IFFTND`. */
export function ifftnd(input: InputValue, fftLength: InputValue, axes: InputValue, name?: string): Output {
  return applyOp('IFFTND', { input, fft_length: fftLength, axes }, {}, name ?? 'IFFTND').output(0);
}

/** `tf.rfftnd(input, fft_length, axes, Tcomplex=tf.complex64)` (TF1's top-level raw op): `RFFTND`. */
export function rfftnd(input: InputValue, fftLength: InputValue, axes: InputValue,
  options: { Tcomplex?: DType; name?: string } = {}): Output {
  return applyOp('RFFTND', { input, fft_length: fftLength, axes }, { Tcomplex: options.Tcomplex ?? DType.complex64 },
    options.name ?? 'RFFTND').output(0);
}

/** `tf.irfftnd(input, fft_length, axes, Treal=tf.float32)` (TF1's top-level raw op): `IRFFTND`. */
export function irfftnd(input: InputValue, fftLength: InputValue, axes: InputValue,
  options: { Treal?: DType; name?: string } = {}): Output {
  return applyOp('IRFFTND', { input, fft_length: fftLength, axes }, { Treal: options.Treal ?? DType.float32 },
    options.name ?? 'IRFFTND').output(0);
}
