/**
 * `tf.compat.v1.train.init_from_checkpoint` (TF1's checkpoint_utils.py): variables start from the
 * values of a checkpoint instead of their initializers, the usual first step of fine-tuning. Each
 * mapped variable's initializer becomes an assign from a RestoreV2 of the checkpoint (its slice,
 * for a part of a partitioned variable), so the ordinary init op (`globalVariablesInitializer`,
 * a Scaffold's) loads them; it must be built after this call, as in TF1.
 */
import { ValueError } from '../errors';
import { baseDType } from '../framework/dtypes';
import { getDefaultGraph } from '../framework/ops';
import { shapeString } from '../framework/tensor_shape';
import { restoreV2 } from '../ops/gen/raw_ops';
import { PartitionedVariable } from '../ops/partitioned_variables';
import { storedVariables } from '../ops/variable_scope';
import { Variable } from '../ops/variables';
import { checkpointFilename, loadCheckpoint } from './checkpoint_management';
import { logger } from './tf_logging';

const logging = logger('checkpoint_utils');

/**
 * What a checkpoint name maps to: a variable's full name or a scope ending in '/' (looked up among
 * getVariable's variables), a Variable, the list of a partitioned variable's parts, or (here only)
 * the PartitionedVariable itself.
 */
export type AssignmentTarget = string | Variable | Variable[] | PartitionedVariable;

/** `{checkpoint name or scope: target}`, as TF1's dict. */
export type AssignmentMap = Record<string, AssignmentTarget> | Map<string, AssignmentTarget>
  | Array<[string, AssignmentTarget]>;

/**
 * `tf.train.init_from_checkpoint(ckpt_dir_or_file, assignment_map)`: replaces the initializers of
 * the mapped variables of the default graph with loads from the checkpoint (a directory's latest,
 * or a prefix). Keys are checkpoint names or scopes; `'enc/': 'model/'` maps every variable under
 * `model/` to the checkpoint's under `enc/`, `'/': '/'` maps all by their own names. TF1's
 * ValueErrors for a name missing from the checkpoint, a shape that differs, or a scope mapped to a
 * name.
 */
export function initFromCheckpoint(ckptDirOrFile: string, assignmentMap: AssignmentMap): void {
  const ckptFile = checkpointFilename(ckptDirOrFile);
  const reader = loadCheckpoint(ckptFile);
  let variableMap: Record<string, number[]>;
  try {
    variableMap = reader.getVariableToShapeMap();
  } finally {
    reader.close();
  }
  const entries = assignmentMap instanceof Map ? [...assignmentMap] : Array.isArray(assignmentMap) ? [...assignmentMap]
    : Object.entries(assignmentMap);
  // Sorted by checkpoint name, as TF1 goes through them.
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const { vars: store, partitioned } = storedVariables(getDefaultGraph());
  // `_collect_partitioned_variable`: the parts of the partitioned variable `name`, or null.
  const partitionedParts = (name: string): Variable[] | null => partitioned.get(name)?.parts ?? null;
  for (const [tensorName, target] of entries) {
    let v: Variable | Variable[] | null = null;
    if (target instanceof Variable || (Array.isArray(target) && target.every((x) => x instanceof Variable))) {
      v = target;
    } else if (target instanceof PartitionedVariable) {
      v = target.parts;
    } else if (typeof target === 'string') {
      v = store.get(target) ?? partitionedParts(target);
    } else {
      throw new TypeError(`Assignment map values must be variable names, Variables or lists of them, got ${String(target)}`);
    }
    if (v !== null) {
      if (!(tensorName in variableMap)) {
        throw new ValueError(`Tensor ${tensorName} is not found in ${ckptDirOrFile} checkpoint ${pyDict(variableMap)}`);
      }
      if (v instanceof Variable) {
        const want = variableMap[tensorName];
        const shape = v.shape;
        if (shape !== null && (shape.length !== want.length || shape.some((d, i) => d !== null && d !== want[i]))) {
          throw new ValueError(`Shape of variable ${v.name} (${shapeString(shape)}) doesn't match with shape of tensor ` +
            `${tensorName} ([${want.join(', ')}]) from checkpoint reader.`);
        }
      }
      setVariableOrListInitializer(v, ckptFile, tensorName);
      const names = v instanceof Variable ? v.name : v.map((p) => p.name).join(',');
      logging.debug(`Initialize variable ${names} from checkpoint ${ckptDirOrFile} with ${tensorName}`);
      continue;
    }
    // A scope: every getVariable variable under it, by the same relative name in the checkpoint's scope.
    const name = target as string;
    const scopes = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
    if (!tensorName.endsWith('/')) {
      throw new ValueError(`Assignment map with scope only name ${scopes} should map to scope only ${tensorName}. ` +
        "Should be 'scope/': 'other_scope/'.");
    }
    const scopeVariables = new Set<string>();
    for (const varName of store.keys()) {
      if (!scopes || varName.startsWith(`${scopes}/`)) {
        const part = varName.indexOf('/part_');
        scopeVariables.add(part >= 0 ? varName.slice(0, part) : varName);
      }
    }
    for (const varName of [...scopeVariables].sort()) {
      let full = varName.slice(scopes.length);
      if (name !== '/') full = full.slice(1);
      if (tensorName !== '/') full = tensorName + full;
      if (full.endsWith('/')) full = full.slice(0, -1);
      if (!(full in variableMap)) {
        throw new ValueError(`Tensor ${full} (${varName.slice(scopes.length + 1)} in ${tensorName}) is not found in ` +
          `${ckptDirOrFile} checkpoint`);
      }
      setVariableOrListInitializer(store.get(varName) ?? partitionedParts(varName)!, ckptFile, full);
      logging.debug(`Initialize variable ${varName} from checkpoint ${ckptDirOrFile} with ${full}`);
    }
  }
}

/** A checkpoint's shapes as Python prints the dict TF1's message shows. */
function pyDict(map: Record<string, number[]>): string {
  return `{${Object.entries(map).map(([k, s]) => `'${k}': [${s.join(', ')}]`).join(', ')}}`;
}

/** `_set_variable_or_list_initializer`: each part loads its own slice of the whole. */
function setVariableOrListInitializer(v: Variable | Variable[], ckptFile: string, tensorName: string): void {
  if (v instanceof Variable) {
    setCheckpointInitializer(v, ckptFile, tensorName, '');
    return;
  }
  let sliceName: string | null = null;
  for (const part of v) {
    const info = part.saveSliceInfo;
    if (info === null) throw new ValueError(`${part.name} is not a part of a partitioned variable`);
    if (sliceName === null) sliceName = info.fullName;
    else if (sliceName !== info.fullName) {
      throw new ValueError(`Slices must all be from the same tensor: ${sliceName} != ${info.fullName}`);
    }
    setCheckpointInitializer(part, ckptFile, tensorName, info.spec);
  }
}

/**
 * `_set_checkpoint_initializer`: a RestoreV2 on the variable's device's CPU (not colocated with
 * it, which would pin it to CPU too), then the assign a Saver's restore makes; these become the
 * variable's initializer and initial value.
 */
function setCheckpointInitializer(v: Variable, ckptFile: string, tensorName: string, sliceSpec: string): void {
  const graph = v.graph;
  const restored = graph.device(v.op.device, () => graph.device('/cpu:0', () => restoreV2({
    prefix: ckptFile, tensorNames: [tensorName], shapeAndSlices: [sliceSpec], dtypes: [baseDType(v.dtype)],
  }, 'checkpoint_initializer')[0]));
  let initializer;
  if (v.isResource) {
    // ResourceVariableSaveable.restore: through an Identity on the variable's device.
    initializer = graph.device(v.op.device, () => graph.addOperation({
      type: 'AssignVariableOp', name: 'AssignVariableOp',
      inputs: [v.handle, graph.addOperation({ type: 'Identity', name: 'Identity', inputs: [restored],
        attrs: [['T', 'type', v.dtype]] }).output(0)],
      attrs: [['dtype', 'type', v.dtype]],
    }));
  } else {
    const shape = v.shape;
    initializer = graph.colocateWith(v.op, () => graph.addOperation({
      type: 'Assign', name: 'Assign', inputs: [v.ref, restored],
      attrs: [['T', 'type', v.dtype], ['validate_shape', 'bool', shape !== null && shape.every((d) => d !== null)],
        ['use_locking', 'bool', true]],
    }));
  }
  restored.setShape(v.shape);
  v.setInitializer(initializer, restored);
}
