/**
 * Sparse ops (TF1's `sparse_ops.py` and `array_ops.sparse_placeholder`): SparseTensors made,
 * reordered, reshaped, combined and made dense, built as TF 2.21 builds them, static shapes
 * included.
 */
import { ValueError } from '../errors';
import { DType, baseDType } from '../framework/dtypes';
import { IndexedSlices } from '../framework/indexed_slices';
import { InputValue, constantValue, convertToTensor, makeConst } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import {
  SparseTensor, SparseTensorValue, constantValueAsShape, convertToSparseTensor, numbers,
} from '../framework/sparse_tensor';
import { Tensor } from '../framework/tensor';
import {
  StaticShape, assertDimsCompatible, assertShapesCompatible, isFullyDefined, withRank,
} from '../framework/tensor_shape';
import { ShapeLike, cast, concat, constant, expandDims, fill, firstDim, gather, identity, ones, onesLike, placeholder,
  placeholderWithDefault, rank, reshape, shape as shapeOp, sliceOf, stack, transpose, withScope, zeros, zerosLike } from './array_ops';
import { assertEqual, assertLessEqual } from './check_ops';
import { withDependencies } from './control_flow_ops';
import * as raw from './gen/raw_ops';
import { add, maximum, minimum, range, reduceMax, sub } from './math_ops';
import { pythonNumber, pythonType } from './python_type';
import { npStr, pyStr } from '../util/python_repr';

/** A SparseTensor, or a value that becomes one (Consts). */
export type SparseInput = SparseTensor | SparseTensorValue;

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
  if (isFullyDefined(s)) return new SparseTensor(outputIndices, outputValues, int64(s));
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
  const newShape = cast(pythonNumber(shape) as InputValue, DType.int64);
  return withScope(name, 'SparseReshape', [sp.indices, sp.values, sp.denseShape], (scope, graph) => {
    const { outputIndices, outputShape } = raw.sparseReshape({
      inputIndices: sp.indices, inputShape: sp.denseShape, newShape,
    }, scope);
    let reshapedShape: InputValue = outputShape;
    const known = constantValueAsShape(newShape);
    const inShape = sp.shape;
    if (known !== null && isFullyDefined(inShape)) {
      const byUser = constantValue(newShape);
      if (byUser !== null) {
        const dims = numbers(byUser);
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
  /** Whether the inputs' other dimensions may differ: each is then the largest of them. */
  expandNonconcatDim?: boolean;
}

/**
 * `tf.sparse_concat(axis, sp_inputs, name, expand_nonconcat_dim)` (`tf.sparse.concat`):
 * SparseTensors joined along `axis`; their other dimensions must agree unless
 * `expandNonconcatDim`. One input comes back as is.
 */
export function sparseConcat(axis: number, spInputs: SparseInput[], options: SparseConcatOptions = {}): SparseTensor {
  if (!Array.isArray(spInputs)) throw new TypeError('Inputs must be a list or tuple.');
  const sps = spInputs.map(convertToSparseTensor);
  if (sps.length === 1) return sps[0];
  const expand = options.expandNonconcatDim ?? false;
  let denseShapes: Output[] = sps.map((s) => s.denseShape);
  if (expand) {
    // Each input's shape made the largest one but on `axis`, sliced as Python slices (`-1` has no tail).
    const maxShape = reduceMax(concat(denseShapes.map((s) => reshape(s, [1, -1])), 0), 0);
    denseShapes = denseShapes.map((s) => concat([sliceOf(maxShape, [[null, axis]]),
      axis === -1 ? sliceOf(s, [[-1, null]]) : sliceOf(s, [[axis, axis + 1]]),
      axis === -1 ? [] : sliceOf(maxShape, [[axis + 1, null]])], 0));
  }
  const { outputIndices, outputValues, outputShape } = raw.sparseConcat({
    indices: sps.map((s) => s.indices), values: sps.map((s) => s.values), shapes: denseShapes, concatDim: axis,
  }, options.name);
  const shapes = sps.map((s) => s.shape);
  let staticShape: StaticShape = null;
  if (shapes.every((s) => s !== null)) {
    // Python's max() of Dimensions: an unknown one compares as false either way, so order matters.
    const first = expand ? shapes[0]!.map((_, d) => shapes.map((s) => s![d] ?? null)
      .reduce((m, x) => (m !== null && x !== null && x > m ? x : m))) : [...shapes[0]!];
    const at = axis < 0 ? first.length + axis : axis;
    const dims = shapes.map((s) => s![at] ?? null);
    first[at] = dims.some((d) => d === null) ? null : (dims as number[]).reduce((a, b) => a + b, 0);
    staticShape = first;
  }
  if (shapes.every(isFullyDefined)) {
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
  return isFullyDefined(dims) ? dims : null;
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
  return range(0, rank(sp));
}

/** The inputs of the SparseReduce* ops: the SparseTensor's parts, the axes and keepDims. */
function reduceInputs(sp: SparseTensor, options: SparseReduceOptions) {
  return {
    inputIndices: sp.indices, inputValues: sp.values, inputShape: sp.denseShape,
    reductionAxes: sparseReductionDims(sp, options.axis), keepDims: options.keepDims ?? false,
  };
}

/** `tf.sparse_reduce_sum(sp_input, axis, keepdims)` (`tf.sparse.reduce_sum`): a dense sum. */
export function sparseReduceSum(spInput: SparseTensor, options: SparseReduceOptions = {}): Output {
  return raw.sparseReduceSum(reduceInputs(spInput, options));
}

/** `tf.sparse_reduce_sum_sparse(sp_input, axis, keepdims)`: the sum as a SparseTensor. */
export function sparseReduceSumSparse(spInput: SparseTensor, options: SparseReduceOptions = {}): SparseTensor {
  const { outputIndices, outputValues, outputShape } = raw.sparseReduceSumSparse(reduceInputs(spInput, options));
  return new SparseTensor(outputIndices, outputValues, outputShape);
}

/** `tf.sparse_reduce_max(sp_input, axis, keepdims)` (`tf.sparse.reduce_max`): a dense max over the entries given. */
export function sparseReduceMax(spInput: SparseTensor, options: SparseReduceOptions = {}): Output {
  return raw.sparseReduceMax(reduceInputs(spInput, options));
}

/** `tf.sparse_reduce_max_sparse(sp_input, axis, keepdims)`: the max as a SparseTensor. */
export function sparseReduceMaxSparse(spInput: SparseTensor, options: SparseReduceOptions = {}): SparseTensor {
  const { outputIndices, outputValues, outputShape } = raw.sparseReduceMaxSparse(reduceInputs(spInput, options));
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

/**
 * The elementwise max/min of two SparseTensors of one shape (`SparseSparseMaximum`/`Minimum`),
 * in the dense shape of `a`.
 */
function sparseSparseCwise(kind: 'Maximum' | 'Minimum', a: SparseTensor, b: SparseTensor, name?: string): SparseTensor {
  const fn = kind === 'Maximum' ? raw.sparseSparseMaximum : raw.sparseSparseMinimum;
  const { outputIndices, outputValues } = withScope(name, `SparseSparse${kind}`, [a.indices, a.values, b.indices, b.values],
    (scope) => fn({
      aIndices: a.indices, aValues: a.values, aShape: a.denseShape, bIndices: b.indices, bValues: b.values, bShape: b.denseShape,
    }, scope));
  return new SparseTensor(outputIndices, outputValues, a.denseShape);
}

/** `tf.sparse_maximum(sp_a, sp_b, name)` (`tf.sparse.maximum`): the elementwise max, entries of either kept. */
export function sparseMaximum(spA: SparseTensor, spB: SparseTensor, name?: string): SparseTensor {
  return sparseSparseCwise('Maximum', spA, spB, name);
}

/** `tf.sparse_minimum(sp_a, sp_b, name)` (`tf.sparse.minimum`): the elementwise min, entries of either kept. */
export function sparseMinimum(spA: SparseTensor, spB: SparseTensor, name?: string): SparseTensor {
  return sparseSparseCwise('Minimum', spA, spB, name);
}

/**
 * `tf.sparse_transpose(sp_input, perm, name)` (`tf.sparse.transpose`): the dimensions permuted by
 * `perm` (reversed without one), entries reordered.
 */
export function sparseTranspose(spInput: SparseTensor, perm?: InputValue | null, name?: string): SparseTensor {
  return withScope(name, 'SparseTranspose', [spInput.indices], (_scope, graph) => {
    const staticRank = spInput.shape?.length;
    let p: InputValue;
    if (perm !== undefined && perm !== null) {
      p = pythonNumber(perm) as InputValue;
    } else if (staticRank !== undefined) {
      // Python's `(rank - 1) - np.arange(rank)`: int64.
      p = int64(Array.from({ length: staticRank }, (_, i) => staticRank - 1 - i));
    } else {
      const r = rank(spInput);
      p = sub(sub(r, 1, 'sub'), range(0, r), 'sub');
    }
    const indices = transpose(gather(transpose(spInput.indices), p));
    const known = constantValue(convertToTensor(p, { graph }));
    const old = spInput.shape;
    let denseShape: InputValue;
    if (known !== null && isFullyDefined(old)) {
      const permuted = [...old];
      numbers(known).forEach((q, i) => { permuted[i] = old[q]; });
      denseShape = int64(permuted);
    } else {
      denseShape = gather(spInput.denseShape, p);
    }
    return sparseReorder(new SparseTensor(indices, spInput.values, denseShape));
  });
}

/**
 * `tf.sparse.expand_dims(sp_input, axis=-1, name)`: a dimension of size 1 inserted at `axis` (an
 * int or an int32 tensor; negative counts from the end, -1 appends).
 */
export function sparseExpandDims(spInput: SparseTensor, axis: number | Output = -1, name?: string): SparseTensor {
  const rank = spInput.denseShape.shape?.[0] ?? null;
  return withScope(name, 'expand_dims', [spInput.indices], (_scope, graph) => {
    let ax: Output;
    if (typeof axis === 'number' && Number.isInteger(axis)) {
      ax = convertToTensor(axis, { name: 'axis', dtype: DType.int32, graph });
    } else if (axis instanceof Output) {
      ax = axis;
    } else {
      throw new TypeError('axis must be an integer value in range [-rank(sp_input) - 1, rank(sp_input)]');
    }
    // TF1's shapes give an unknown rank as Dimension(None), which its `rank is None` check misses.
    if (rank === null) throw new ValueError('Cannot convert unknown Dimension ? to a Tensor.');
    ax = raw.selectV2({ condition: raw.greaterEqual({ x: ax, y: 0 }), t: ax, e: add(add(ax, rank, 'add'), 1, 'add') });
    const columnSize = sliceOf(shapeOp(spInput.indices), [0]);
    const newIndex = zeros([columnSize, 1], DType.int64);
    const before = raw.slice({ input: spInput.indices, begin: [0, 0], size: [-1, ax] });
    const after = raw.slice({ input: spInput.indices, begin: [0, ax], size: [-1, -1] });
    const indices = concat([before, newIndex, after], 1);
    const shapeBefore = raw.slice({ input: spInput.denseShape, begin: [0], size: [ax] });
    const shapeAfter = raw.slice({ input: spInput.denseShape, begin: [ax], size: [-1] });
    const newShape = convertToTensor([1], { name: 'new_shape', dtype: DType.int64, graph });
    return new SparseTensor(indices, spInput.values, concat([shapeBefore, newShape, shapeAfter], 0));
  });
}

/** `tf.sparse.eye(num_rows, num_columns=num_rows, dtype=float32, name)`: ones on the diagonal. */
export function sparseEye(numRows: number | Output, numColumns: number | Output | null = null,
  dtype: DType = DType.float32, name?: string): SparseTensor {
  return withScope(name, 'eye', [numRows, numColumns], (_scope, graph) => {
    // sparse_ops._make_int64_tensor.
    const int64Tensor = (v: number | Output, what: string): Output => {
      if (typeof v === 'number' && Number.isInteger(v)) return convertToTensor(v, { name: what, dtype: DType.int64, graph });
      if (!(v instanceof Output)) throw new TypeError(`${what} must be an integer value`);
      return cast(v, DType.int64);
    };
    const rows = int64Tensor(numRows, 'num_rows');
    const columns = numColumns === null ? rows : int64Tensor(numColumns, 'num_columns');
    const diagSize = minimum(rows, columns);
    const diagRange = range(0, diagSize, 1, DType.int64);
    return new SparseTensor(stack([diagRange, diagRange], 1), ones(diagSize, dtype), [rows, columns]);
  });
}

/**
 * `tf.sparse_reset_shape(sp_input, new_shape)` (`tf.sparse.reset_shape`): the same entries in
 * `newShape`, which must be at least the old one in each dimension (checked when building where
 * both are known, else when run), or without one in the tight bounding box of the entries.
 */
export function sparseResetShape(spInput: SparseInput, newShape: InputValue | null = null): SparseTensor {
  const sp = convertToSparseTensor(spInput);
  const inIndices = identity(sp.indices);
  const inValues = identity(sp.values);
  const inShape = identity(sp.denseShape);
  let shape: InputValue;
  if (newShape === null) {
    const lowBound = reduceMax(inIndices, 0);
    shape = maximum(constant(0, { dtype: DType.int64 }), add(lowBound, onesLike(inShape)));
  } else {
    const given = convertToTensor(pythonNumber(newShape) as InputValue);
    withRank(given.shape, 1);
    const out = cast(given, DType.int64);
    if (out.shape !== null) assertDimsCompatible(out.shape[0], withRank(inShape.shape, 1)[0]);
    const known = constantValue(out);
    const old = sp.shape;
    if (known !== null && isFullyDefined(old)) {
      const dims = numbers(known);
      if (!old.every((d, i) => d <= dims[i])) {
        // TF's message names the two the other way round.
        throw new ValueError('Requested new_shape should have dimension sizes >= sp_input.shape.  Found new_shape ' +
          `(${npStr(old)}), sp_input.shape (${npStr(dims)}).`);
      }
      shape = int64(dims);
    } else {
      shape = withDependencies([assertEqual(shapeOp(inShape), shapeOp(out))], out);
      shape = withDependencies([assertLessEqual(inShape, shape)], shape);
    }
  }
  return new SparseTensor(inIndices, inValues, shape);
}

/** Options of `sparseMerge`. */
export interface SparseMergeOptions {
  name?: string;
  /** Whether each row's entries are in order already: then they are not reordered. */
  alreadySorted?: boolean;
}

const isSparse = (x: unknown): x is SparseInput => x instanceof SparseTensor || x instanceof SparseTensorValue;
const isSize = (x: unknown) => x instanceof Output || Number.isInteger(x) || typeof x === 'bigint';

/**
 * `tf.sparse_merge(sp_ids, sp_values, vocab_size, name, already_sorted)` (`tf.sparse.merge`): a
 * batch of ids and their values as one SparseTensor of dense shape `[D0, ..., Dn, vocabSize]`,
 * the ids' last index replaced by the id; with a list of `spIds` (and of sizes), one dimension each.
 */
export function sparseMerge(spIds: SparseInput | SparseInput[], spValues: SparseInput,
  vocabSize: InputValue | InputValue[], options: SparseMergeOptions = {}): SparseTensor {
  let ids: SparseInput[];
  let sizes: InputValue[];
  if (isSparse(spIds)) {
    if (!isSize(vocabSize)) throw new TypeError(`vocab_size has to be a Tensor or Python int. Found ${pythonType(vocabSize)}`);
    [ids, sizes] = [[spIds], [vocabSize]];
  } else {
    if (!Array.isArray(spIds)) throw new TypeError(`sp_ids has to be a SparseTensor or list thereof. Found ${pythonType(spIds)}`);
    const bad = Array.isArray(vocabSize) ? vocabSize.find((d) => !isSize(d)) : vocabSize;
    if (!Array.isArray(vocabSize) || bad !== undefined) {
      throw new TypeError(`vocab_size has to be a list of Tensors or Python ints. Found ${pythonType(bad)}`);
    }
    [ids, sizes] = [spIds, vocabSize];
  }
  if (ids.length !== sizes.length) throw new ValueError('sp_ids and vocab_size have to have equal lengths.');
  const tensorsOf = (x: SparseInput) => (x instanceof SparseTensor ? [x.indices, x.values] : []);
  return withScope(options.name, 'SparseMerge', [...ids.flatMap(tensorsOf), ...tensorsOf(spValues)], () => {
    const sps = ids.map(convertToSparseTensor);
    const values = convertToSparseTensor(spValues);
    const columns = sps.map((s) => expandDims(cast(s.values, DType.int64), 1));
    const dims = sizes.map((d) => cast(pythonNumber(d) as InputValue, DType.int64));
    const indices = concat([sliceOf(sps[0].indices, [[null, null], [null, -1]]), ...columns], 1);
    const shape = concat([sliceOf(sps[0].denseShape, [[null, -1]]), dims], 0);
    const result = new SparseTensor(indices, values.values, shape);
    if (options.alreadySorted) return result;
    const sorted = sparseReorder(result);
    return new SparseTensor(sorted.indices, sorted.values, shape);
  });
}

/**
 * `tf.sparse_to_indicator(sp_input, vocab_size, name)` (`tf.sparse.to_indicator`): a dense bool
 * tensor, true at each row's ids (the values) in a last dimension of `vocabSize`.
 */
export function sparseToIndicator(spInput: SparseInput, vocabSize: InputValue, name?: string): Output {
  const sp = convertToSparseTensor(spInput);
  return withScope(name, 'SparseToIndicator', [sp.indices, sp.values, sp.denseShape], (scope) => {
    const entries = firstDim(shapeOp(sp.indices));
    const marks = new SparseTensor(sp.indices, fill(expandDims(entries, 0), true), sp.denseShape);
    const merged = sparseMerge(sp, marks, vocabSize, { name: scope });
    // Repeated ids give repeated indices, which an indicator allows.
    return sparseTensorToDense(merged, { defaultValue: false, validateIndices: false, name: scope });
  });
}

/**
 * `tf.sparse.mask(a, mask_indices, name)` (`tf.sparse_mask`): the rows of IndexedSlices `a` but
 * those at `maskIndices`.
 */
export function sparseMask(a: IndexedSlices, maskIndices: InputValue, name?: string): IndexedSlices {
  return withScope(name, 'sparse_mask', [a.values, a.indices, maskIndices], (scope) => {
    const { out, idx } = raw.listDiff({ x: a.indices, y: maskIndices });
    return new IndexedSlices(gather(a.values, idx, 0, scope), out, a.denseShape);
  });
}

/** What a cross takes: SparseTensors and dense tensors, values other than strings made int64. */
function crossInputs(inputs: Array<SparseTensor | Output>, message: string) {
  if (!Array.isArray(inputs)) throw new TypeError('Inputs must be a list');
  if (!inputs.every((i) => i instanceof SparseTensor || i instanceof Output)) throw new TypeError(message);
  const sparse = inputs.filter((i): i is SparseTensor => i instanceof SparseTensor);
  const dense = inputs.filter((i): i is Output => i instanceof Output);
  const int64s = (t: Output) => (t.dtype === DType.string ? t : cast(t, DType.int64));
  return {
    indices: sparse.map((s) => s.indices), values: sparse.map((s) => int64s(s.values)),
    shapes: sparse.map((s) => s.denseShape), denseInputs: dense.map(int64s),
  };
}

/**
 * `tf.sparse.cross(inputs, name, separator)`: the cross of SparseTensors and dense tensors (rank
 * 2, one row per example): for each row, every combination of one value from each input, joined
 * by `separator` ('_X_') as strings.
 */
export function sparseCross(inputs: Array<SparseTensor | Output>,
  options: { name?: string; separator?: string } = {}): SparseTensor {
  const sep = convertToTensor(options.separator ?? '_X_', { dtype: DType.string });
  const parts = crossInputs(inputs, 'All inputs must be Tensor or SparseTensor.');
  const out = raw.sparseCrossV2({ ...parts, sep }, options.name);
  return new SparseTensor(out.outputIndices, out.outputValues, out.outputShape);
}

/** `_DEFAULT_HASH_KEY` of the hashed cross. */
const DEFAULT_HASH_KEY = 0xDECAFCAFFE;

/**
 * `tf.sparse.cross_hashed(inputs, num_buckets, hash_key, name)`: the cross as int64 fingerprints
 * (`FingerprintCat64` keyed by `hashKey`), modulo `numBuckets` when it is positive.
 */
export function sparseCrossHashed(inputs: Array<SparseTensor | Output>,
  options: { numBuckets?: number; hashKey?: number; name?: string } = {}): SparseTensor {
  const parts = crossInputs(inputs, 'All inputs must be SparseTensors');
  const internalType = [...parts.values, ...parts.denseInputs].some((t) => t.dtype !== DType.string) ? DType.int64
    : DType.string;
  const out = raw.sparseCross({
    ...parts, hashedOutput: true, numBuckets: options.numBuckets ?? 0, hashKey: options.hashKey || DEFAULT_HASH_KEY,
    outType: DType.int64, internalType,
  }, options.name);
  return new SparseTensor(out.outputIndices, out.outputValues, out.outputShape);
}

/** Options of `sparseBincount`. */
export interface SparseBincountOptions {
  /** Each value's weight: a tensor of the values' shape, or a SparseTensor for SparseTensor values. */
  weights?: InputValue | SparseTensor | null;
  /** 0 counts over all values, -1 each row (of a rank-2 input) on its own. */
  axis?: number | null;
  minlength?: number | null;
  maxlength?: number | null;
  /** Whether each count is 1 for present values. */
  binaryOutput?: boolean;
  name?: string;
}

/**
 * `tf.sparse.bincount(values, weights=None, axis=0, minlength=None, maxlength=None,
 * binary_output=False, name=None)`: how often each value occurs (or its summed weights), as a
 * SparseTensor (`DenseCountSparseOutput`, `SparseCountSparseOutput`).
 */
export function sparseBincount(values: InputValue | SparseTensor, options: SparseBincountOptions = {}): SparseTensor {
  const w0 = options.weights ?? null;
  return withScope(options.name, 'count', [values, w0], (_scope, graph) => {
    let vals = values instanceof SparseTensor ? values : convertToTensor(values, { name: 'values', graph });
    let weights = w0 === null || w0 instanceof SparseTensor ? w0 : convertToTensor(w0, { name: 'weights', graph });
    const binaryOutput = options.binaryOutput ?? false;
    if (weights !== null && binaryOutput) {
      throw new ValueError('Arguments `binary_output` and `weights` are mutually exclusive. Please specify only one.');
    }
    const axis = options.axis ?? 0;
    if (axis !== 0 && axis !== -1) {
      throw new ValueError(`Unsupported value for argument axis=${axis}. Only 0 and -1 are currently supported.`);
    }
    if (axis === 0) {
      if (vals instanceof SparseTensor) {
        if (weights !== null) weights = validateSparseWeights(vals, weights);
        vals = vals.values;
      } else {
        if (weights !== null) weights = reshape(weights as Output, [-1]);
        vals = reshape(vals, [-1]);
      }
    }
    const attrs = { minlength: options.minlength ?? -1, maxlength: options.maxlength ?? -1, binaryOutput };
    const out = vals instanceof SparseTensor
      ? raw.sparseCountSparseOutput({ indices: vals.indices, values: vals.values, denseShape: vals.denseShape,
        weights: validateSparseWeights(vals, weights), ...attrs })
      : raw.denseCountSparseOutput({ values: vals, weights: validateDenseWeights(vals, weights), ...attrs });
    return new SparseTensor(out.outputIndices, out.outputValues, out.outputDenseShape);
  });
}

/** `validate_sparse_weights`: the weights' values, checked to be at the values' places. */
function validateSparseWeights(values: SparseTensor, weights: Output | SparseTensor | null): Output {
  if (weights === null) return constant([], { dtype: values.values.dtype });
  if (!(weights instanceof SparseTensor)) {
    throw new ValueError('Argument `weights` must be a SparseTensor if `values` is a SparseTensor. ' +
      `Received weights=${pyStr(weights)} of type: SymbolicTensor`);
  }
  // TF checks only what is not the very same tensor.
  const checks = [
    ...(weights.denseShape.name === values.denseShape.name ? [] : [assertEqual(weights.denseShape, values.denseShape,
      { message: "'weights' and 'values' must have the same dense shape." })]),
    ...(weights.indices.name === values.indices.name ? [] : [assertEqual(weights.indices, values.indices,
      { message: "'weights' and 'values' must have the same indices." })]),
  ];
  const graph = values.values.graph;
  return checks.length > 0 ? graph.controlDependencies(checks, () => identity(weights.values)) : weights.values;
}

/** `bincount_ops.validate_dense_weights`: the weights, or an empty tensor of the values' dtype. */
function validateDenseWeights(values: Output, weights: Output | SparseTensor | null): Output {
  if (weights === null) return constant([], { dtype: values.dtype });
  if (!(weights instanceof Output)) {
    throw new ValueError('Argument `weights` must be a tf.Tensor if `values` is a tf.Tensor. ' +
      `Received weights=${pyStr(weights)} of type: SparseTensor`);
  }
  return weights;
}
