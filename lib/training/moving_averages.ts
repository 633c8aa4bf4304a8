/**
 * Moving averages (TF1's moving_averages.py): `ExponentialMovingAverage`, which keeps a shadow
 * variable `<var>/ExponentialMovingAverage` per averaged variable or tensor and updates it on
 * `apply()`'s op, and `assignMovingAverage`, the update itself (batch norm's moving statistics
 * use it too). Shadow variables are named as TF1 names them, so `variablesToRestore()` loads the
 * averages Python saved (or we did) into the model's variables for evaluation.
 */
import { DType, baseDType } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor } from '../framework/op_def_library';
import { Graph, GraphKeys, Operation, Output, getDefaultGraph, initScope } from '../framework/ops';
import { cast } from '../ops/array_ops';
import { group } from '../ops/control_flow_ops';
import { zerosInitializer } from '../ops/init_ops';
import { assign } from '../ops/state_ops';
import { getVariable, getVariableScope, variableScope } from '../ops/variable_scope';
import { Variable, globalVariables, movingAverageVariables, trainableVariables } from '../ops/variables';
import { createSlot, createZerosSlot } from './slot_creator';

const AVERAGEABLE = new Set<DType>([DType.bfloat16, DType.float16, DType.float32, DType.float64]);

/**
 * `assign_moving_average(variable, value, decay, zero_debias=True, name=None)`: variable -=
 * (variable - value) * (1 - decay), in scope `name` (AssignMovingAvg). With `zeroDebias`, the
 * average is kept in `<variable>/biased` and divided by 1 - decay^t (t in `<variable>/local_step`),
 * so early values are not pulled toward the zero the variable starts at.
 */
export function assignMovingAverage(variable: Variable, value: InputValue, decay: InputValue, zeroDebias = true,
  name?: string): Output | Operation {
  const graph = variable.graph;
  return graph.asDefault(() => graph.nameScope(name ?? 'AssignMovingAvg', (scope) => {
    let d = typeof decay === 'number' ? convertToTensor(1 - decay, { name: 'decay', graph })
      : applyOp('Sub', { x: 1, y: decay }, {}, 'sub').output(0);
    if (d.dtype !== variable.dtype) d = cast(d, variable.dtype);
    if (zeroDebias) return zeroDebiasUpdate(variable, value, d);
    const delta = mul(sub(read(variable), value), d);
    // A ref update is the scope's op itself (`name=scope`). A resource update goes inside it and is
    // read after, but the update op stands for it, as TF1's _UnreadVariable does.
    if (!variable.isResource) return variable.assignSub(delta, { name: scope });
    return (variable.assignSub(delta) as Output).op.controlInputs[0];
  }));
}

/** `_zero_debias`: the biased average and the step count beside `unbiased`, then the debiased value. */
function zeroDebiasUpdate(unbiased: Variable, value: InputValue, decay: Output): Output | Operation {
  const graph = unbiased.graph;
  const [biased, localStep] = graph.colocateWith(unbiased, () => variableScope(unbiased.op.name, {}, () => {
    const unique = (n: string) => {
      if (getVariableScope().reuse === true) return n;
      const taken = new Set(globalVariables().map((v) => v.op.name));
      const full = `${getVariableScope().name}/${n}`;
      if (!taken.has(full)) return n;
      let i = 1;
      while (taken.has(`${full}_${i}`)) i++;
      return `${n}_${i}`;
    };
    return [
      getVariable(unique('biased'), { shape: unbiased.shape as number[], dtype: unbiased.dtype,
        initializer: zerosInitializer(), trainable: false }),
      getVariable(unique('local_step'), { shape: [], dtype: unbiased.dtype, initializer: zerosInitializer(),
        trainable: false }),
    ];
  }));
  const updateBiased = biased.assignSub(mul(sub(read(biased), value), decay)) as Output;
  const updateLocalStep = localStep.assignAdd(1) as Output;
  const biasFactor = sub(1, applyOp('Pow', { x: sub(1, decay), y: updateLocalStep }, {}, 'Pow').output(0));
  return assign(unbiased, applyOp('RealDiv', { x: updateBiased, y: biasFactor }, {}, 'truediv').output(0),
    { name: `${graph.getNameScope()}/` });
}

/** `v` as Python's `v - x` reads it: a resource variable's read comes first, in the current scope. */
const read = (v: Variable): InputValue => (v.isResource ? v.value() : v);
const sub = (x: InputValue, y: InputValue) => applyOp('Sub', { x, y }, {}, 'sub').output(0);
const mul = (x: InputValue, y: InputValue) => applyOp('Mul', { x, y }, {}, 'mul').output(0);

/** Options of `new ExponentialMovingAverage`. */
export interface ExponentialMovingAverageOptions {
  /** Steps so far (the global step, say): the decay is then min(decay, (1 + n) / (10 + n)). */
  numUpdates?: InputValue | null;
  /** Averages of tensors (not variables) are debiased (see `assignMovingAverage`). */
  zeroDebias?: boolean;
  name?: string;
}

/**
 * `tf.train.ExponentialMovingAverage(decay, num_updates=None, zero_debias=False,
 * name='ExponentialMovingAverage')`: `apply(varList)` makes a shadow variable for each (starting
 * at the variable's value, or zeros for a tensor) and returns the op that moves them all toward
 * their variables; `average(v)`, `averageName(v)`, `variablesToRestore()` as TF1's.
 */
export class ExponentialMovingAverage {
  readonly name: string;
  private readonly numUpdates: InputValue | null;
  private readonly zeroDebias: boolean;
  private readonly averages = new Map<Variable | string, Variable>();  // a Variable, or a tensor's name

  constructor(readonly decay: InputValue, options: ExponentialMovingAverageOptions = {}) {
    this.name = options.name ?? 'ExponentialMovingAverage';
    this.numUpdates = options.numUpdates ?? null;
    this.zeroDebias = options.zeroDebias ?? false;
  }

  /**
   * `apply(var_list=None)`: shadow variables for the variables and tensors of `varList` (the
   * trainable variables by default) not averaged yet; the op updating all of them (a group named
   * as the average). Their dtype must be floating (TF1's TypeError otherwise).
   */
  apply(varList?: Array<Variable | Output>): Operation {
    const graph = varList?.[0]?.graph ?? getDefaultGraph();
    const list = varList ?? trainableVariables(undefined, graph);
    const zeroDebiased = new Set<Variable>();
    for (const v of list) {
      if (!AVERAGEABLE.has(baseDType(v.dtype))) throw new TypeError(`The variables must be half, float, or double: ${v.name}`);
      const key = this.key(v);
      if (this.averages.has(key)) continue;
      const avg = graph.asDefault(() => initScope(() => {
        if (v instanceof Variable) {
          const initial = graph.device(v.op.device, () => v.initializedValue());
          const slot = createSlot(v, initial, this.name);
          graph.addToCollection(GraphKeys.MOVING_AVERAGE_VARIABLES, v);
          return slot;
        }
        const slot = createZerosSlot(v, this.name, ['Variable', 'VariableV2', 'VarHandleOp'].includes(v.op.type));
        if (this.zeroDebias) zeroDebiased.add(slot);
        return slot;
      }));
      this.averages.set(key, avg);
    }
    return graph.asDefault(() => graph.nameScope(this.name, (scope) => {
      let decay = convertToTensor(this.decay, { dtype: DType.float32, name: 'decay', graph });
      if (this.numUpdates !== null) {
        const n = cast(this.numUpdates, DType.float32, 'num_updates');
        decay = applyOp('Minimum', { x: decay, y: applyOp('RealDiv', {
          x: applyOp('AddV2', { x: 1, y: n }, {}, 'add').output(0),
          y: applyOp('AddV2', { x: 10, y: n }, {}, 'add').output(0) }, {}, 'truediv').output(0) }, {}, 'Minimum').output(0);
      }
      const updates = list.map((v) => {
        const avg = this.averages.get(this.key(v))!;
        return assignMovingAverage(avg, v, decay, zeroDebiased.has(avg));
      });
      return group(updates, scope);
    }));
  }

  /** `average(var)`: the shadow variable of `v`, or null. */
  average(v: Variable | Output): Variable | null {
    return this.averages.get(this.key(v)) ?? null;
  }

  /**
   * `average_name(var)`: the name of `v`'s shadow variable in checkpoints, made or to be made
   * (`<var>/ExponentialMovingAverage`, uniquified as the graph would).
   */
  averageName(v: Variable | Output): string {
    const avg = this.average(v);
    if (avg) return avg.op.name;
    return v.graph.uniqueName(`${v.op.name}/${this.name}`, false);
  }

  /**
   * `variables_to_restore(moving_avg_variables=None)`: a Saver's `varList` that restores each
   * averaged variable (the trainable and `moving_average_variables` ones by default) from its
   * shadow's name, and every other global variable from its own.
   */
  variablesToRestore(movingAvgVariables?: Variable[], graph: Graph = getDefaultGraph()): Record<string, Variable> {
    const averaged = new Set(movingAvgVariables ?? [...trainableVariables(undefined, graph),
      ...movingAverageVariables(undefined, graph)]);
    const map: Record<string, Variable> = {};
    for (const v of averaged) map[this.averageName(v)] = v;
    const names = new Set([...averaged].map((v) => v.name));
    for (const v of new Set(globalVariables(undefined, graph))) {
      if (!names.has(v.name) && !(v.op.name in map)) map[v.op.name] = v;
    }
    return map;
  }

  private key(v: Variable | Output): Variable | string {
    return v instanceof Variable ? v : v.name;
  }
}
