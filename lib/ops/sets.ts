/**
 * TF1's set operations (`sets_impl.py`, `tf.sets`; those the metrics use) over the last dimension
 * of dense tensors and SparseTensors: `DenseToDenseSetOperation`, `DenseToSparseSetOperation`,
 * `SparseToSparseSetOperation` giving a SparseTensor, and `SetSize`.
 */
import { ValueError } from '../errors';
import { DType, baseDType, dtypeName } from '../framework/dtypes';
import { InputValue, convertToTensor } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { SparseTensor, SparseTensorValue, convertToSparseTensor } from '../framework/sparse_tensor';
import * as raw from './gen/raw_ops';

/** A set operand: a dense tensor (its last dimension the sets) or a SparseTensor. */
export type SetInput = InputValue | SparseTensor | SparseTensorValue;

const VALID_DTYPES = [DType.int8, DType.int16, DType.int32, DType.int64, DType.uint8, DType.uint16, DType.string];

const isSparse = (x: unknown): x is SparseTensor | SparseTensorValue =>
  x instanceof SparseTensor || x instanceof SparseTensorValue;

/** `convert_to_tensor_or_sparse_tensor`. */
function toTensorOrSparse(x: SetInput, name: string): Output | SparseTensor {
  return isSparse(x) ? convertToSparseTensor(x) : convertToTensor(x, { name });
}

function invalidDType(what: string, dtype: DType): TypeError {
  return new TypeError(`${what} has invalid dtype \`${dtypeName(dtype)}\` not in supported dtypes: ` +
    `\`${VALID_DTYPES.map((t) => dtypeName(t)).join(', ')}\`.`);
}

/** `tf.sets.size(a)`: the number of elements of each set of a SparseTensor (`SetSize`). */
export function setSize(a: SparseTensor | SparseTensorValue, validateIndices = true): Output {
  if (!isSparse(a)) throw new TypeError(`Expected \`SparseTensor\`, got ${String(a)}.`);
  const sp = convertToSparseTensor(a);
  if (!VALID_DTYPES.includes(baseDType(sp.values.dtype))) throw invalidDType('Values', baseDType(sp.values.dtype));
  return raw.setSize({ setIndices: sp.indices, setValues: sp.values, setShape: sp.denseShape, validateIndices });
}

/** `_convert_to_tensors_or_sparse_tensors`: the operands, a sparse `a` put second (and whether they were swapped). */
function operands(a: SetInput, b: SetInput): [Output | SparseTensor, Output | SparseTensor, boolean] {
  const at = toTensorOrSparse(a, 'a');
  if (!VALID_DTYPES.includes(baseDType(at.dtype))) throw invalidDType("'a'", baseDType(at.dtype));
  const bt = toTensorOrSparse(b, 'b');
  if (baseDType(bt.dtype) !== baseDType(at.dtype)) {
    throw new TypeError(`Types don't match, <dtype: '${dtypeName(at.dtype)}'> vs <dtype: '${dtypeName(bt.dtype)}'>.`);
  }
  if (at instanceof SparseTensor && !(bt instanceof SparseTensor)) return [bt, at, true];
  return [at, bt, false];
}

/** `_set_operation`: the result of `setOperation` ('a-b', 'b-a', 'intersection', 'union') as a SparseTensor. */
function setOperation(a: Output | SparseTensor, b: Output | SparseTensor, op: string, validateIndices: boolean): SparseTensor {
  let r: { resultIndices: Output; resultValues: Output; resultShape: Output };
  if (a instanceof SparseTensor) {
    if (!(b instanceof SparseTensor)) {
      throw new ValueError('Sparse,Dense is not supported, but Dense,Sparse is. Please flip the order of your inputs.');
    }
    r = raw.sparseToSparseSetOperation({ set1Indices: a.indices, set1Values: a.values, set1Shape: a.denseShape,
      set2Indices: b.indices, set2Values: b.values, set2Shape: b.denseShape, setOperation: op, validateIndices });
  } else if (b instanceof SparseTensor) {
    r = raw.denseToSparseSetOperation({ set1: a, set2Indices: b.indices, set2Values: b.values, set2Shape: b.denseShape,
      setOperation: op, validateIndices });
  } else {
    r = raw.denseToDenseSetOperation({ set1: a, set2: b, setOperation: op, validateIndices });
  }
  return new SparseTensor(r.resultIndices, r.resultValues, r.resultShape);
}

/** `tf.sets.intersection(a, b)`. */
export function setIntersection(a: SetInput, b: SetInput, validateIndices = true): SparseTensor {
  const [x, y] = operands(a, b);
  return setOperation(x, y, 'intersection', validateIndices);
}

/** `tf.sets.difference(a, b, aminusb=True)`: `a - b`, or `b - a`. */
export function setDifference(a: SetInput, b: SetInput, aminusb = true, validateIndices = true): SparseTensor {
  const [x, y, flipped] = operands(a, b);
  return setOperation(x, y, aminusb !== flipped ? 'a-b' : 'b-a', validateIndices);
}
