/** Python's types for JS values: `type(x)` for TF's error messages that quote it, and Python ints as TF converts them. */
import { Output } from '../framework/ops';
import { SparseTensor } from '../framework/sparse_tensor';
import { DType } from '../framework/dtypes';
import { Tensor } from '../framework/tensor';
import { PartitionedVariable } from './partitioned_variables';
import { Variable } from './variables';

/** `type(x)` as Python prints it, for the JS value standing for a Python one. */
export function pythonType(x: unknown): string {
  let name: string;
  if (x === null || x === undefined) name = 'NoneType';
  else if (typeof x === 'string') name = 'str';
  else if (typeof x === 'number') name = Number.isInteger(x) ? 'int' : 'float';
  else if (typeof x === 'boolean') name = 'bool';
  else if (x instanceof Output) name = 'tensorflow.python.framework.ops.SymbolicTensor';
  else if (x instanceof Tensor || ArrayBuffer.isView(x)) name = 'numpy.ndarray';
  else if (x instanceof Variable) {
    name = x.isResource ? 'tensorflow.python.ops.resource_variable_ops.ResourceVariable'
      : 'tensorflow.python.ops.ref_variable.RefVariable';
  } else if (x instanceof PartitionedVariable) name = 'tensorflow.python.ops.variables.PartitionedVariable';
  else if (x instanceof SparseTensor) name = 'tensorflow.python.framework.sparse_tensor.SparseTensor';
  else if (Array.isArray(x)) name = 'list';
  else if (x instanceof Set) name = 'set';
  else name = 'dict';
  return `<class '${name}'>`;
}

/**
 * A JS number (or nested list of them) as TF1 converts a Python one: whole numbers as an int32
 * (a loop counter, lengths), else as they are (float32).
 */
export function pythonNumber(v: unknown): unknown {
  const flat = Array.isArray(v) ? (v as unknown[]).flat(Infinity) : [v];
  return flat.length > 0 && flat.every((x) => typeof x === 'number' && Number.isInteger(x))
    ? Tensor.from(v as number[], { dtype: DType.int32 }) : v;
}
