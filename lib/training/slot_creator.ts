/**
 * Slot variables (TF1's slot_creator.py): a variable kept beside a primary one, named
 * `<primary>/<name>` (uniquified as a variable scope), not trainable, resource when the primary is,
 * colocated with it. A slot of a part of a partitioned variable is the same part of a partitioned
 * slot (`emb/part_0/Adam` saves as part of `emb/Adam`), as TF1 saves it.
 */
import { DType, baseDType } from '../framework/dtypes';
import { Output } from '../framework/ops';
import { shape as shapeOf, zeros } from '../ops/array_ops';
import { Initializer, zerosInitializer } from '../ops/init_ops';
import { GetVariableOptions, getVariable, variableScope } from '../ops/variable_scope';
import { SaveSliceInfo, Variable } from '../ops/variables';
import { isFullyDefined } from '../framework/tensor_shape';

type Primary = Variable | Output;

/** `_create_slot_var` in scope `<primary>/<name>`, colocated with `primary` unless told not to. */
function createSlotVar(primary: Primary, name: string, colocate: boolean, options: GetVariableOptions): Variable {
  // A slot is not partitioned by its scope's partitioner: it is split as its primary is.
  const make = () => variableScope(null, { defaultName: `${primary.op.name}/${name}` }, (scope) => {
    scope.setPartitioner(undefined);
    return getVariable('', { trainable: false, useResource: primary instanceof Variable ? primary.isResource : undefined,
      ...options });
  });
  const graph = primary.graph;
  const slot = graph.asDefault(() => (colocate ? graph.colocateWith(primary, make) : make()));
  const info = primary instanceof Variable ? primary.saveSliceInfo : null;
  const n = slot.shape?.length ?? null;
  // A slot of the part's rank (or fewer) lies in the whole slot as the part does; a scalar one does not.
  if (info && (n === null || n > 0)) {
    const cut = (dims: number[]) => (n === null ? dims : dims.slice(0, n));
    slot.saveSliceInfo = new SaveSliceInfo(`${info.fullName}/${slot.op.name.slice(primary.op.name.length + 1)}`,
      cut(info.fullShape), cut(info.varOffset), cut(info.varShape));
  }
  return slot;
}

/** `create_slot(primary, val, name)`: a slot starting at the tensor `val`. */
export function createSlot(primary: Primary, val: Output, name: string, colocateWithPrimary = true): Variable {
  return createSlotVar(primary, name, colocateWithPrimary, { initializer: val, validateShape: isFullyDefined(val.shape) });
}

/** `create_slot_with_initializer(primary, initializer, shape, dtype, name)`. */
export function createSlotWithInitializer(primary: Primary, initializer: Initializer, shape: number[], dtype: DType,
  name: string, colocateWithPrimary = true): Variable {
  return createSlotVar(primary, name, colocateWithPrimary, { initializer, shape, dtype });
}

/** `create_zeros_slot(primary, name)`: zeros of the primary's shape (its dynamic shape when not static). */
export function createZerosSlot(primary: Primary, name: string, colocateWithPrimary = true): Variable {
  const dtype = baseDType(primary.dtype);
  const s = primary.shape;
  if (s !== null && s.every((d) => d !== null)) {
    return createSlotWithInitializer(primary, zerosInitializer(), s as number[], dtype, name, colocateWithPrimary);
  }
  const dynamic = shapeOf(primary instanceof Variable ? primary.initializedValue() : primary);
  return createSlot(primary, zeros(dynamic, dtype), name, colocateWithPrimary);
}
