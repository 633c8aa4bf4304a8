/**
 * Sparse ops (TF1's `sparse_ops.py` and `array_ops.sparse_placeholder`): SparseTensors made,
 * reordered, reshaped, combined and made dense, built as TF 2.21 builds them, static shapes
 * included.
 */
import { ValueError } from '../errors';
import { DType, baseDType } from '../framework/dtypes';
import { InputValue, constantValue, convertToTensor, makeConst } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import {
  SparseTensor, SparseTensorValue, constantValueAsShape, convertToSparseTensor,
} from '../framework/sparse_tensor';
import { Tensor } from '../framework/tensor';
import {
  StaticShape, assertDimsCompatible, assertShapesCompatible, withRank,
} from '../framework/tensor_shape';
import { ShapeLike, cast, gather, identity, placeholder, placeholderWithDefault, reshape, shape as shapeOp, transpose,
  withScope, zeros, zerosLike } from './array_ops';
import * as raw from './gen/raw_ops';
import { range } from './math_ops';

/** A SparseTensor, or a value that becomes one (Consts). */
export type SparseInput = SparseTensor | SparseTensorValue;

const fullyDefined = (s: StaticShape): s is number[] => s !== null && s.every((d) => d !== null);

/** A shape as Python prints a list: `[2, None]`. */
const pyList = (s: (number | null)[]): string => `[${s.map((d) => d ?? 'None').join(', ')}]`;

/**
 * `tf.sparse_placeholder(dtype, shape, name)` (`tf.sparse.placeholder`): a SparseTensor fed as a
 * whole. A given `shape` is the dense shape's default (null or -1 for unknown dimensions); without
 * one, the dense shape must be fed too.
 */
export function sparsePlaceholder(dtype: DType, shape?: ShapeLike | null, name?: string): SparseTensor {
  const named = (part: string) => (name === undefined ? undefined : `${name}/${part}`);
  let denseShape: Output;
  let staticShape: StaticShape;
  let rank: number | null = null;
  if (shape === undefined || shape === null) {
    denseShape = placeholder(DType.int64, [null], named('shape'));
    staticShape = constantValueAsShape(denseShape);
  } else {
    rank = shape.length;
    staticShape = shape.map((d) => (d === null || d === -1 ? null : d));
    const value = convertToTensor(int64(shape.map((d) => d ?? -1)), { name: named('shape_default') });
    denseShape = placeholderWithDefault(value, [rank], named('shape'));
  }
  const values = placeholder(dtype, [null], named('values'));
  const indices = placeholder(DType.int64, [null, rank], named('indices'));
  const result = new SparseTensor(indices, values, denseShape);
  result.setShape(staticShape);
  return result;
}

/** `tf.sparse.from_dense(tensor, name)`: the nonzero entries of a dense tensor. */
export function fromDense(tensor: InputValue, name?: string): SparseTensor {
  return withScope(name, 'dense_to_sparse', [tensor], (_scope, graph) => {
    const t = convertToTensor(tensor, { graph });
    const indices = raw.where({ input: raw.notEqual({ x: t, y: zerosLike(t) }) });
    const values = raw.gatherNd({ params: t, indices });
    return new SparseTensor(indices, values, shapeOp(t, undefined, DType.int64));
  });
}

/** Options of `sparseTensorToDense`. */
export interface SparseToDenseOptions {
  /** The value of entries not given; zero (or '' / false) by default. */
  defaultValue?: InputValue;
  /** Whether to check that indices are sorted and unique. */
  validateIndices?: boolean;
  name?: string;
}

/** `tf.sparse_tensor_to_dense(sp_input, default_value, validate_indices, name)` (`tf.sparse.to_dense`). */
export function sparseTensorToDense(spInput: SparseInput, options: SparseToDenseOptions = {}): Output {
  const sp = convertToSparseTensor(spInput);
  const defaultValue = options.defaultValue ?? zeros([], sp.dtype);
  return raw.sparseToDense({
    sparseIndices: sp.indices, outputShape: sp.denseShape, sparseValues: sp.values, defaultValue,
    validateIndices: options.validateIndices ?? true,
  }, options.name);
}

/**
 * `tf.sparse_to_dense(sparse_indices, output_shape, sparse_values, default_value=0,
 * validate_indices, name)`: a dense tensor from its parts.
 */
export function sparseToDense(sparseIndices: InputValue, outputShape: InputValue, sparseValues: InputValue,
  options: SparseToDenseOptions = {}): Output {
  return raw.sparseToDense({
    sparseIndices, outputShape, sparseValues, defaultValue: options.defaultValue ?? 0,
    validateIndices: options.validateIndices ?? true,
  }, options.name);
}

/** `tf.sparse_reorder(sp_input, name)` (`tf.sparse.reorder`): entries in row-major order. */
export function sparseReorder(spInput: SparseInput, name?: string): SparseTensor {
  const sp = convertToSparseTensor(spInput);
  const { outputIndices, outputValues } = raw.sparseReorder({
    inputIndices: sp.indices, inputValues: sp.values, inputShape: sp.denseShape,
  }, name);
  const s = sp.shape;
  if (fullyDefined(s)) return new SparseTensor(outputIndices, outputValues, int64(s));
  const out = new SparseTensor(outputIndices, outputValues, identity(sp.denseShape));
  out.setShape(s);
  return out;
}

/** An int64 host value (shapes), as TF1 converts Python lists of dimensions. */
function int64(v: number[]): Tensor {
  return Tensor.from(v.map(BigInt), { dtype: DType.int64, shape: [v.length] });
}

/**
 * `tf.sparse_reshape(sp_input, shape, name)` (`tf.sparse.reshape`): the same entries in a dense
 * shape of as many elements; one dimension may be -1. Static shapes are checked as TF1 does.
 */
export function sparseReshape(spInput: SparseInput, shape: InputValue, name?: string): SparseTensor {
  const sp = convertToSparseTensor(spInput);
  // A list of whole numbers is int32, as Python's ints are.
  const newShape = cast(Array.isArray(shape) && shape.every(Number.isInteger) ? Tensor.from(shape as number[], { dtype: DType.int32 })
    : shape, DType.int64);
  return withScope(name, 'SparseReshape', [sp.indices, sp.values, sp.denseShape], (scope, graph) => {
    const { outputIndices, outputShape } = raw.sparseReshape({
      inputIndices: sp.indices, inputShape: sp.denseShape, newShape,
    }, scope);
    let reshapedShape: InputValue = outputShape;
    const known = constantValueAsShape(newShape);
    const inShape = sp.shape;
    if (known !== null && fullyDefined(inShape)) {
      const byUser = constantValue(newShape);
      if (byUser !== null) {
        const dims = Array.from(byUser.data as ArrayLike<number | bigint>, Number);
        if (dims.filter((d) => d === -1).length > 1) {
          throw new ValueError(`At most one dimension can be inferred (-1). Found: [${dims.join(' ')}]`);
        }
      }
      const original = [...known];
      const inSize = inShape.reduce((a, b) => a * b, 1);
      const implied = known.filter((d) => d === null).length;
      const shape = [...known];
      if (implied === 1 && !shape.includes(0)) {
        const at = original.indexOf(null);
        const rest = (original.filter((_, i) => i !== at) as number[]).reduce((a, b) => a * b, 1);
        shape[at] = Math.floor(inSize / rest);
      }
      if (implied === 0 || (implied === 1 && !shape.includes(0))) {
        const size = (shape as number[]).reduce((a, b) => a * b, 1);
        if (size !== inSize) {
          throw new ValueError(`Cannot reshape a tensor with ${inSize} elements to shape ${pyList(original)} ` +
            `(${size} elements).`);
        }
        reshapedShape = makeConst(graph, int64(shape as number[]));
      }
    }
    return new SparseTensor(outputIndices, identity(sp.values), reshapedShape);
  });
}

/** Options of `sparseConcat`. */
export interface SparseConcatOptions {
  name?: string;
}

/**
 * `tf.sparse_concat(axis, sp_inputs, name)` (`tf.sparse.concat`): SparseTensors joined along
 * `axis`; their other dimensions must agree. One input comes back as is.
 */
export function sparseConcat(axis: number, spInputs: SparseInput[], options: SparseConcatOptions = {}): SparseTensor {
  if (!Array.isArray(spInputs)) throw new TypeError('Inputs must be a list or tuple.');
  const sps = spInputs.map(convertToSparseTensor);
  if (sps.length === 1) return sps[0];
  const { outputIndices, outputValues, outputShape } = raw.sparseConcat({
    indices: sps.map((s) => s.indices), values: sps.map((s) => s.values), shapes: sps.map((s) => s.denseShape),
    concatDim: axis,
  }, options.name);
  const shapes = sps.map((s) => s.shape);
  let staticShape: StaticShape = null;
  if (shapes.every((s) => s !== null)) {
    const first = [...shapes[0]!];
    const at = axis < 0 ? first.length + axis : axis;
    const dims = shapes.map((s) => s![at] ?? null);
    first[at] = dims.some((d) => d === null) ? null : (dims as number[]).reduce((a, b) => a + b, 0);
    staticShape = first;
  }
  if (shapes.every(fullyDefined)) {
    return new SparseTensor(outputIndices, outputValues, convertToTensor(int64(staticShape as number[])));
  }
  const out = new SparseTensor(outputIndices, outputValues, outputShape);
  out.setShape(staticShape);
  return out;
}

/**
 * `broadcast_static_shape` of two compatible shapes of one rank: each dimension known on either
 * side (an unknown one beside 1 stays unknown); null unless all are known.
 */
function broadcastCompatible(a: StaticShape, b: StaticShape): number[] | null {
  if (a === null || b === null) return null;
  const known = (d: number | null) => (d !== null && d > 1 ? d : null);
  const dims = a.map((d, i) => (d !== null && b[i] !== null ? d : known(d) ?? known(b[i])));
  return fullyDefined(dims) ? dims : null;
}

/**
 * `tf.sparse_add(a, b, threshold=0)` (`tf.sparse.add`): two SparseTensors summed into a
 * SparseTensor (sums of magnitude below `threshold` dropped), or a SparseTensor and a dense tensor
 * into a dense tensor.
 */
export function sparseAdd(a: SparseInput, b: SparseInput, threshold?: InputValue): SparseTensor;
export function sparseAdd(a: SparseInput | InputValue, b: SparseInput | InputValue, threshold?: InputValue): Output;
export function sparseAdd(a: SparseInput | InputValue, b: SparseInput | InputValue, threshold: InputValue = 0): SparseTensor | Output {
  const isSp = (x: unknown): x is SparseInput => x instanceof SparseTensor || x instanceof SparseTensorValue;
  if (!isSp(a) && !isSp(b)) throw new TypeError('At least one input should be SparseTensor; do you mean to use tf.add()?');
  if (isSp(a) && isSp(b)) {
    const sa = convertToSparseTensor(a);
    const sb = convertToSparseTensor(b);
    const real = baseDType(sa.values.dtype) === DType.complex64 ? DType.float32
      : baseDType(sa.values.dtype) === DType.complex128 ? DType.float64 : baseDType(sa.values.dtype);
    const thresh = convertToTensor(threshold, { dtype: real, name: 'threshold' });
    const { sumIndices, sumValues, sumShape } = raw.sparseAdd({
      aIndices: sa.indices, aValues: sa.values, aShape: sa.denseShape, bIndices: sb.indices, bValues: sb.values,
      bShape: sb.denseShape, thresh,
    });
    assertShapesCompatible(sa.shape, sb.shape);
    const staticShape = broadcastCompatible(sa.shape, sb.shape);
    return new SparseTensor(sumIndices, sumValues, staticShape !== null ? int64(staticShape) : sumShape);
  }
  const [sp, dense] = isSp(b) ? [convertToSparseTensor(b), a as InputValue] : [convertToSparseTensor(a as SparseInput), b as InputValue];
  return raw.sparseTensorDenseAdd({ aIndices: sp.indices, aValues: sp.values, aShape: sp.denseShape, b: dense });
}

/** Options of `sparseTensorDenseMatmul`. */
export interface SparseMatmulOptions {
  adjointA?: boolean;
  adjointB?: boolean;
  name?: string;
}

/**
 * `tf.sparse_tensor_dense_matmul(sp_a, b, adjoint_a, adjoint_b, name)`
 * (`tf.sparse.sparse_dense_matmul`): a rank-2 SparseTensor times a dense matrix, or a dense
 * matrix times a SparseTensor (as the transpose of the other product).
 */
export function sparseTensorDenseMatmul(spA: SparseInput | InputValue, b: SparseInput | InputValue,
  options: SparseMatmulOptions = {}): Output {
  const adjA = options.adjointA ?? false;
  const adjB = options.adjointB ?? false;
  if (b instanceof SparseTensor || b instanceof SparseTensorValue) {
    if (adjA !== adjB) return transpose(sparseTensorDenseMatmul(b, spA, { adjointA: adjA, adjointB: adjB }));
    return transpose(sparseTensorDenseMatmul(b, spA, { adjointA: !adjA, adjointB: !adjB }));
  }
  const sp = convertToSparseTensor(spA as SparseInput);
  return withScope(options.name, 'SparseTensorDenseMatMul', [sp.indices, sp.values, b], (_scope, graph) => {
    const dense = convertToTensor(b as InputValue, { name: 'b', graph });
    return raw.sparseTensorDenseMatMul({
      aIndices: sp.indices, aValues: sp.values, aShape: sp.denseShape, b: dense, adjointA: adjA, adjointB: adjB,
    });
  });
}

/** Options of `sparseReduceSum`. */
export interface SparseReduceOptions {
  /** Axes to reduce; all when omitted. */
  axis?: number | number[];
  keepDims?: boolean;
}

/** `_ReductionDims` of a SparseTensor: the axes given, every axis of a known rank, or `range(0, rank)`. */
function sparseReductionDims(sp: SparseTensor, axis: number | number[] | undefined): InputValue {
  if (axis !== undefined) return axis;
  const n = sp.shape?.length;
  if (n) return makeConst(sp.graph, Tensor.from(Array.from({ length: n }, (_, i) => i), { dtype: DType.int32, shape: [n] }));
  const rank = withScope(undefined, 'Rank', [sp.denseShape], (scope) => raw.size({ input: sp.denseShape, outType: DType.int32 }, scope));
  return range(0, rank);
}

/** `tf.sparse_reduce_sum(sp_input, axis, keepdims)` (`tf.sparse.reduce_sum`): a dense sum. */
export function sparseReduceSum(spInput: SparseTensor, options: SparseReduceOptions = {}): Output {
  return raw.sparseReduceSum({
    inputIndices: spInput.indices, inputValues: spInput.values, inputShape: spInput.denseShape,
    reductionAxes: sparseReductionDims(spInput, options.axis), keepDims: options.keepDims ?? false,
  });
}

/** `tf.sparse_reduce_sum_sparse(sp_input, axis, keepdims)`: the sum as a SparseTensor. */
export function sparseReduceSumSparse(spInput: SparseTensor, options: SparseReduceOptions = {}): SparseTensor {
  const { outputIndices, outputValues, outputShape } = raw.sparseReduceSumSparse({
    inputIndices: spInput.indices, inputValues: spInput.values, inputShape: spInput.denseShape,
    reductionAxes: sparseReductionDims(spInput, options.axis), keepDims: options.keepDims ?? false,
  });
  return new SparseTensor(outputIndices, outputValues, outputShape);
}

/** `tf.sparse_retain(sp_input, to_retain)` (`tf.sparse.retain`): the entries where `toRetain` (bool vector) is true. */
export function sparseRetain(spInput: SparseInput, toRetain: InputValue): SparseTensor {
  const sp = convertToSparseTensor(spInput);
  const keep = convertToTensor(toRetain);
  const keepShape = withRank(keep.shape, 1);
  const vals = sp.values.shape;
  if (vals !== null) assertDimsCompatible(vals[0], keepShape[0]);
  const whereTrue = reshape(raw.where({ input: keep }), [-1]);
  return new SparseTensor(gather(sp.indices, whereTrue), gather(sp.values, whereTrue), identity(sp.denseShape));
}

/**
 * `tf.sparse_fill_empty_rows(sp_input, default_value, name)` (`tf.sparse.fill_empty_rows`):
 * `defaultValue` at column 0 of each empty row; also which rows were empty.
 */
export function sparseFillEmptyRows(spInput: SparseInput, defaultValue: InputValue, name?: string): [SparseTensor, Output] {
  const sp = convertToSparseTensor(spInput);
  return withScope(name, 'SparseFillEmptyRows', [sp.indices, sp.values, sp.denseShape], (_scope, graph) => {
    const dv = convertToTensor(defaultValue, { dtype: sp.values.dtype, graph });
    const { outputIndices, outputValues, emptyRowIndicator } = raw.sparseFillEmptyRows({
      indices: sp.indices, values: sp.values, denseShape: sp.denseShape, defaultValue: dv,
    });
    return [new SparseTensor(outputIndices, outputValues, sp.denseShape), emptyRowIndicator];
  });
}

/** `tf.sparse_slice(sp_input, start, size, name)` (`tf.sparse.slice`). */
export function sparseSlice(spInput: SparseInput, start: InputValue, size: InputValue, name?: string): SparseTensor {
  const sp = convertToSparseTensor(spInput);
  const startT = convertToTensor(start, { dtype: DType.int64 });
  const sizeT = convertToTensor(size, { dtype: DType.int64 });
  return withScope(name, 'SparseSlice', [sp.indices, sp.values, sp.denseShape], (scope) => {
    const { outputIndices, outputValues, outputShape } = raw.sparseSlice({
      indices: sp.indices, values: sp.values, shape: sp.denseShape, start: startT, size: sizeT,
    }, scope);
    return new SparseTensor(outputIndices, outputValues, outputShape);
  });
}

/** `tf.sparse_split(sp_input=, num_split=, axis=, name=)` (`tf.sparse.split`): `numSplit` SparseTensors along `axis`. */
export function sparseSplit(options: { spInput?: SparseInput; numSplit?: number; axis?: number; name?: string }): SparseTensor[] {
  if (options.spInput === undefined || options.spInput === null) throw new ValueError('sp_input is required');
  if (options.numSplit === undefined || options.numSplit === null) throw new ValueError('num_split is required');
  if (options.axis === undefined || options.axis === null) throw new ValueError('axis is required');
  const sp = convertToSparseTensor(options.spInput);
  const { outputIndices, outputValues, outputShape } = raw.sparseSplit({
    splitDim: options.axis, indices: sp.indices, values: sp.values, shape: sp.denseShape, numSplit: options.numSplit,
  }, options.name);
  return outputIndices.map((ix, i) => new SparseTensor(ix, outputValues[i], outputShape[i]));
}

/** `tf.sparse_softmax(sp_input, name)` (`tf.sparse.softmax`): softmax over each innermost row's entries. */
export function sparseSoftmax(spInput: SparseTensor, name?: string): SparseTensor {
  return withScope(name, 'SparseSoftmax', [spInput.indices, spInput.values], () => {
    const out = raw.sparseSoftmax({ spIndices: spInput.indices, spValues: spInput.values, spShape: spInput.denseShape });
    return new SparseTensor(spInput.indices, out, spInput.denseShape);
  });
}
