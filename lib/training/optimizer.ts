/**
 * The TF1 optimizer base class (`tf.compat.v1.train.Optimizer`): `computeGradients`,
 * `applyGradients`, `minimize`, and slot variables named as TF1 names them (`w/Adam`,
 * `w/Adam_1`, created with `variable_scope(None, default_name='w/Adam')`), so that checkpoints
 * interchange with Python's. Subclasses give the per-variable update ops: dense, and by rows for
 * the IndexedSlices gradients of gathers (`embedding_lookup`), which update only the rows the
 * batch looked up, as TF1 does.
 */
import { NotImplementedError, RuntimeError, ValueError } from '../errors';
import { DType, baseDType, dtypeName } from '../framework/dtypes';
import { Gradient, IndexedSlices } from '../framework/indexed_slices';
import { InputValue, applyOp, checkOpName, convertToTensor } from '../framework/op_def_library';
import { Graph, GraphKeys, Operation, Output, getDefaultGraph, initScope } from '../framework/ops';
import { cast, firstDim, shape } from '../ops/array_ops';
import { group, tuple } from '../ops/control_flow_ops';
import { gradients } from '../ops/gradients';
import { Initializer, zerosInitializer } from '../ops/init_ops';
import { createSlotWithInitializer } from './slot_creator';
import { Variable } from '../ops/variables';
import { pythonType } from '../ops/python_type';
import { refUpdate } from '../ops/state_ops';

/**
 * A gradient (a tensor, IndexedSlices when the loss reads rows of the variable, null when it does
 * not depend on it) and its variable.
 */
export type GradAndVar = [Gradient | null, Variable];

/** A hyperparameter: a number, a tensor, or a function giving either (called in `prepare`). */
export type Hyper = number | Output | (() => number | Output);

/** Options of `computeGradients`. */
export interface ComputeGradientsOptions {
  /** The variables to differentiate (default: `trainable_variables` and `trainable_resource_variables`). */
  varList?: Variable[];
  /**
   * `Optimizer.GATE_OP` (default) or `GATE_GRAPH`: every gradient is computed before any is
   * used (TF1 gates per op; libtensorflow builds the gradients in one piece, so both gate the
   * whole set). `GATE_NONE`: no gating, faster but racy with in-place variable updates.
   */
  gateGradients?: number;
  /** The gradient of the loss (default ones). */
  gradLoss?: Output;
  /** How gradients meeting at a tensor are summed (`tf.AggregationMethod`, default ADD_N). */
  aggregationMethod?: number | null;
  /** Each op's gradients colocated with it. */
  colocateGradientsWithOps?: boolean;
}

/** Options of `applyGradients`. */
export interface ApplyGradientsOptions {
  /** Incremented by one after the updates. */
  globalStep?: Variable | Output | null;
  /** The name scope of the update ops (default: the optimizer's name). */
  name?: string;
}

/** Options of `minimize`: those of computeGradients and applyGradients. */
export type MinimizeOptions = ComputeGradientsOptions & ApplyGradientsOptions;

const FLOAT_TYPES = [DType.float16, DType.bfloat16, DType.float32, DType.float64, DType.complex64, DType.complex128];
const TRAINABLE_RESOURCE_VARIABLES = 'trainable_resource_variables';

/** The base class of TF1 optimizers. */
export abstract class Optimizer {
  static readonly GATE_NONE = 0;
  static readonly GATE_OP = 1;
  static readonly GATE_GRAPH = 2;

  private readonly slots = new Map<string, Map<Variable, Variable>>();
  private readonly nonSlot = new Map<Graph, Map<string, Variable>>();

  constructor(readonly useLocking: boolean, readonly name: string) {
    if (!name) throw new ValueError('Must specify the optimizer name');
  }

  /**
   * `minimize(loss, global_step, var_list)`: computeGradients + applyGradients; ValueError when
   * no variable gets a gradient.
   */
  minimize(loss: Output, options: MinimizeOptions = {}): Operation {
    const gradsAndVars = this.computeGradients(loss, options);
    if (!gradsAndVars.some(([g]) => g !== null)) {
      throw new ValueError('No gradients provided for any variable, check your graph for ops that do not support ' +
        `gradients, between variables ${pyList(gradsAndVars.map(([, v]) => String(v)))} and loss ${loss}.`);
    }
    return this.applyGradients(gradsAndVars, options);
  }

  /**
   * `compute_gradients(loss, var_list, gate_gradients, aggregation_method,
   * colocate_gradients_with_ops, grad_loss)`: [gradient or null, variable] pairs.
   */
  computeGradients(loss: Output, options: ComputeGradientsOptions = {}): GradAndVar[] {
    assertValidDTypes([loss]);
    const graph = loss.graph;
    const varList = options.varList ?? [
      ...graph.getCollection<Variable>(GraphKeys.TRAINABLE_VARIABLES),
      ...graph.getCollection<Variable>(TRAINABLE_RESOURCE_VARIABLES),
    ];
    if (varList.length === 0) throw new ValueError('No variables to optimize.');
    for (const v of varList) {
      if (!(v instanceof Variable)) throw new TypeError(`Variable must be a tf.Variable: ${String(v)}`);
    }
    const grads = graph.asDefault(() => {
      const { aggregationMethod, colocateGradientsWithOps } = options;
      const gs = gradients([loss], varList, options.gradLoss ? [options.gradLoss] : null,
        aggregationMethod != null || colocateGradientsWithOps ? { aggregationMethod, colocateGradientsWithOps } : {});
      return (options.gateGradients ?? Optimizer.GATE_OP) === Optimizer.GATE_NONE ? gs : gate(graph, gs);
    });
    const pairs = varList.map((v, i): GradAndVar => [grads[i], v]);
    assertValidDTypes(pairs.filter(([g]) => g !== null).map(([, v]) => v));
    return pairs;
  }

  /**
   * `apply_gradients(grads_and_vars, global_step, name)`: the update op, in name scope
   * `name` (default the optimizer's), added to collection `train_op`.
   */
  applyGradients(gradsAndVars: GradAndVar[], options: ApplyGradientsOptions = {}): Operation {
    if (gradsAndVars.length === 0) throw new ValueError('No variables provided.');
    for (const [g, v] of gradsAndVars) {
      if (g !== null && !(g instanceof Output) && !(g instanceof IndexedSlices)) {
        throw new TypeError(`Gradient must be convertible to a Tensor or IndexedSlices, or None: ${String(g)}`);
      }
      if (!(v instanceof Variable)) throw new TypeError(`Variable must be a tf.Variable: ${String(v)}`);
    }
    const withGrad = gradsAndVars.filter((p): p is [Gradient, Variable] => p[0] !== null);
    if (withGrad.length === 0) {
      throw new ValueError(`No gradients provided for any variable: ${pyList(gradsAndVars.map(([, v]) => String(v)))}.`);
    }
    const graph = withGrad[0][1].graph;
    // `ops.name_scope(name, self._name)`'s checks, before a number reaches the name scope.
    checkOpName(options.name);
    if (options.name == null && typeof this.name !== 'string') {
      throw new TypeError(`\`default_name\` type (${pythonType(this.name)}) is not a string type. You likely meant to ` +
        'pass this into the `values` kwarg.');
    }
    return graph.asDefault(() => {
      initScope(() => this.createSlots(withGrad.map(([, v]) => v)));
      const applied = graph.nameScope(options.name ?? this.name, (scope) => {
        this.prepare();
        const updates: Operation[] = [];
        for (const [g, v] of withGrad) {
          // As TF1, every op of an update goes with its variable.
          const u = graph.nameScope(`update_${v.op.name}`, () => graph.colocateWith(v, () => {
            if (g instanceof Output) {
              const update = v.isResource ? this.resourceApplyDense(g, v) : this.applyDense(g, v);
              // `update_op`: a constrained variable is then assigned its constraint's projection.
              const constraint = v.constraint;
              return constraint ? graph.controlDependencies([update], () => v.assign(constraint(v))) : update;
            }
            if (v.constraint) throw new RuntimeError('Cannot use a constraint function on a sparse variable.');
            return v.isResource ? this.resourceApplySparseDuplicateIndices(g.values, v, g.indices)
              : this.applySparseDuplicateIndices(g, v);
          }));
          updates.push(u instanceof Output ? u.op : u);
        }
        const gs = options.globalStep;
        if (gs === undefined || gs === null) return this.finish(updates, scope);
        const fin = this.finish(updates, 'update');
        return graph.controlDependencies([fin], () => incrementOp(gs, scope));
      });
      const trainOps = graph.getCollectionRef<Operation>(GraphKeys.TRAIN_OP);
      if (!trainOps.includes(applied)) trainOps.push(applied);
      return applied;
    });
  }

  /** The slot `name` of `v` (`get_slot`), or null. */
  getSlot(v: Variable, name: string): Variable | null {
    return this.slots.get(name)?.get(v) ?? null;
  }

  /** Names of the slots this optimizer made (`get_slot_names`), sorted. */
  getSlotNames(): string[] {
    return [...this.slots.keys()].sort();
  }

  /** The optimizer's own variables: non-slot ones (beta powers) and slots, of the default graph. */
  variables(): Variable[] {
    const graph = getDefaultGraph();
    const own = [...(this.nonSlot.get(graph)?.values() ?? [])];
    for (const m of this.slots.values()) for (const s of m.values()) if (s.graph === graph) own.push(s);
    return own.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Makes the slots the updates need (`_create_slots`). */
  protected createSlots(_varList: Variable[]): void {}

  /** Makes the hyperparameter tensors, in the update name scope (`_prepare`). */
  protected prepare(): void {}

  /** The update of a ref variable (`_apply_dense`). */
  protected abstract applyDense(grad: Output, v: Variable): Operation | Output;

  /** The update of a resource variable (`_resource_apply_dense`). */
  protected abstract resourceApplyDense(grad: Output, v: Variable): Operation | Output;

  /**
   * The update of rows of a ref variable, an index maybe repeated (`_apply_sparse_duplicate_indices`):
   * applySparse of the rows summed per index.
   */
  protected applySparseDuplicateIndices(grad: IndexedSlices, v: Variable): Operation | Output {
    const [values, indices] = deduplicate(grad.values, grad.indices);
    return this.applySparse(new IndexedSlices(values, indices, grad.denseShape), v);
  }

  /** `_resource_apply_sparse_duplicate_indices`: resourceApplySparse of the rows summed per index. */
  protected resourceApplySparseDuplicateIndices(values: Output, v: Variable, indices: Output): Operation | Output {
    const [summed, unique] = deduplicate(values, indices);
    return this.resourceApplySparse(summed, v, unique);
  }

  /** The update of rows of a ref variable, each index once (`_apply_sparse`). */
  protected applySparse(_grad: IndexedSlices, _v: Variable): Operation | Output {
    throw new NotImplementedError(`${this.constructor.name} has no update of a ref variable by rows (applySparse).`);
  }

  /** The update of rows of a resource variable, each index once (`_resource_apply_sparse`). */
  protected resourceApplySparse(_values: Output, _v: Variable, _indices: Output): Operation | Output {
    throw new NotImplementedError(`${this.constructor.name} has no update of a resource variable by rows ` +
      '(resourceApplySparse).');
  }

  /** Groups the updates (`_finish`); Adam also advances its beta powers here. */
  protected finish(updateOps: Operation[], nameScope: string): Operation {
    return group(updateOps, nameScope);
  }

  /** The slot `slotName` of `v`, made with `initializer` in variable scope `v/opName` when new. */
  protected getOrMakeSlotWithInitializer(v: Variable, initializer: Initializer, slotName: string,
    opName: string): Variable {
    let bySlot = this.slots.get(slotName);
    if (!bySlot) this.slots.set(slotName, (bySlot = new Map()));
    let slot = bySlot.get(v);
    if (!slot) {
      const shape = v.shape;
      if (!shape || shape.some((d) => d === null)) {
        throw new ValueError(`Slot ${slotName} of ${v.name} needs a fully defined variable shape.`);
      }
      slot = createSlotWithInitializer(v, initializer, shape as number[], v.dtype, opName);
      bySlot.set(v, slot);
    }
    return slot;
  }

  /** A zero-initialized slot (`_zeros_slot`). */
  protected zerosSlot(v: Variable, slotName: string, opName: string): Variable {
    return this.getOrMakeSlotWithInitializer(v, zerosInitializer(v.dtype), slotName, opName);
  }

  /** A variable of the optimizer itself, one per graph (`_create_non_slot_variable`). */
  protected createNonSlotVariable(initialValue: number, name: string, colocateWith: Variable): Variable {
    const graph = colocateWith.graph;
    let byName = this.nonSlot.get(graph);
    if (!byName) this.nonSlot.set(graph, (byName = new Map()));
    let v = byName.get(name);
    if (!v) {
      v = graph.asDefault(() => graph.colocateWith(colocateWith, () => new Variable(initialValue, {
        name, trainable: false, useResource: colocateWith.isResource, dtype: colocateWith.dtype,
      })));
      byName.set(name, v);
    }
    return v;
  }

  /** The non-slot variable `name` of the default graph (`_get_non_slot_variable`). */
  protected getNonSlotVariable(name: string, graph: Graph = getDefaultGraph()): Variable | null {
    return this.nonSlot.get(graph)?.get(name) ?? null;
  }

  /** A hyperparameter as a tensor named `name` in the current scope (`_prepare`). */
  protected hyperTensor(value: Hyper, name: string): Output {
    const v = typeof value === 'function' ? value() : value;
    return convertToTensor(v as InputValue, { name });
  }

  /** `math_ops.cast(t, v.dtype)`: a no-op when the dtypes agree. */
  protected castTo(t: Output, v: Variable): Output {
    return cast(t, v.dtype);
  }
}

/**
 * An optimizer whose four updates are one training kernel under TF's prefixes: `Apply<K>` for a
 * ref variable, `ResourceApply<K>`, and `SparseApply<K>` / `ResourceSparseApply<K>` by rows.
 * A subclass names `<K>` and gives the kernel's inputs besides the variable, gradient and indices.
 */
export abstract class KernelOptimizer extends Optimizer {
  /** `<K>` ('Adagrad', 'CenteredRMSProp', ...). */
  protected abstract kernel(): string;

  /** The kernel's inputs for `v` but `var`, the gradient and `indices`: slots, hyperparameters cast to v's dtype. */
  protected abstract kernelInputs(v: Variable): Record<string, InputValue>;

  /** The kernel's attrs besides `use_locking`. */
  protected kernelAttrs(): Record<string, unknown> {
    return {};
  }

  /** The name of the kernel's gradient input (ApplyProximalGradientDescent's dense one is `delta`). */
  protected gradName(_sparse: boolean): string {
    return 'grad';
  }

  private update(resource: boolean, grad: Output, v: Variable, indices?: Output): Operation {
    return applyOp(`${resource ? 'Resource' : ''}${indices ? 'Sparse' : ''}Apply${this.kernel()}`, {
      var: v, [this.gradName(!!indices)]: grad, ...(indices && { indices }), ...this.kernelInputs(v),
    }, { use_locking: this.useLocking, ...this.kernelAttrs() });
  }

  protected applyDense(grad: Output, v: Variable): Operation {
    return this.update(false, grad, v);
  }

  protected resourceApplyDense(grad: Output, v: Variable): Operation {
    return this.update(true, grad, v);
  }

  protected override applySparse(grad: IndexedSlices, v: Variable): Operation {
    return this.update(false, grad.values, v, grad.indices);
  }

  protected override resourceApplySparse(values: Output, v: Variable, indices: Output): Operation {
    return this.update(true, values, v, indices);
  }
}

/**
 * `_deduplicate_indexed_slices`: [the rows summed per index, the unique indices] (Unique and
 * UnsortedSegmentSum in the update's scope).
 */
function deduplicate(values: Output, indices: Output): [Output, Output] {
  const unique = applyOp('Unique', { x: indices }, {}, 'Unique');
  const summed = applyOp('UnsortedSegmentSum', { data: values, segment_ids: unique.output(1),
    num_segments: firstDim(shape(unique.output(0))) }, {}, 'UnsortedSegmentSum').output(0);
  return [summed, unique.output(0)];
}

/**
 * The gradients through `tuple`, in the gradients' name scope: none is available before all are
 * computed, so no update can change a variable another gradient still reads (ref variables are
 * read in place).
 */
function gate(graph: Graph, grads: Array<Gradient | null>): Array<Gradient | null> {
  const present = grads.filter((g): g is Gradient => g !== null);
  if (present.length < 2) return grads;
  // The gradients' scope is `gradients` (or `gradients_1`, ...) under the name scope minimize ran in.
  const parts = present[0].op.name.split('/');
  const scope = parts.slice(0, parts.findIndex((p) => /^gradients(_\d+)?$/.test(p)) + 1 || 1).join('/');
  const gated = graph.nameScope(`${scope}/`, () => tuple(present));
  return grads.map((g) => (g === null ? null : gated[present.indexOf(g)]));
}

/** The global-step increment after the updates, named as the update scope (`Adam`, with `Adam/value`). */
function incrementOp(gs: Variable | Output, scope: string): Operation {
  return gs.graph.colocateWith(gs, () => {
    if (gs instanceof Variable && gs.isResource) {
      return applyOp('AssignAddVariableOp', { resource: gs.handle, value: convertToTensor(1, { dtype: gs.dtype }) }, {},
        scope);
    }
    return refUpdate('AssignAdd', gs instanceof Variable ? gs.ref : gs, 1, { name: scope }).op;
  });
}

function assertValidDTypes(tensors: Array<Output | Variable>): void {
  for (const t of tensors) {
    const d = baseDType(t.dtype);
    if (!FLOAT_TYPES.includes(d)) {
      throw new ValueError(`Invalid type tf.${dtypeName(d)} for ${t.name}, expected: ` +
        `[${FLOAT_TYPES.map((x) => `tf.${dtypeName(x)}`).join(', ')}].`);
    }
  }
}

/** A Python list of strings as `repr` prints it. */
function pyList(items: string[]): string {
  return `[${items.map((s) => (s.includes("'") ? `"${s}"` : `'${s}'`)).join(', ')}]`;
}
