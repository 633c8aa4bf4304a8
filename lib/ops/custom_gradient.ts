/**
 * `tf.custom_gradient` in graph mode (`tensorflow/python/ops/custom_gradient.py`,
 * `_graph_mode_decorator`): the function's results, its inputs and the variables it reads pass
 * through one IdentityN whose gradient, registered under "CustomGradient-<uid>" and given to it by
 * `gradient_override_map`, is the function's own gradient function.
 */
import { ValueError } from '../errors';
import { Gradient } from '../framework/indexed_slices';
import { InputValue, convertToTensor } from '../framework/op_def_library';
import { GraphKeys, Operation, Output, getDefaultGraph } from '../framework/ops';
import { identityN } from './array_ops';
import * as raw from './gen/raw_ops';
import { registerGradient } from './gradients';
import { Variable, globalVariables, localVariables } from './variables';

/** What a custom gradient function gives for the inputs: one gradient each (null: none), or one for a single input. */
export type InputGradients = Gradient | null | Array<Gradient | null>;

/** What a gradient function of `customGradient` for a function reading variables gets after the results' gradients. */
export interface CustomGradVariables {
  /** The variables the function's results depend on, sorted by name. */
  variables: Variable[];
}

/** What a gradient function of `customGradient` for a function reading variables returns. */
export type InputAndVariableGradients = [InputGradients, Array<Gradient | null>];

/**
 * The gradient function `f` of `customGradient` returns with its result: given the gradients of
 * the results (one argument each), the inputs' gradients; when `f` reads variables, it takes
 * `{ variables }` after them (it must: TF requires the `variables` keyword) and returns
 * `[inputGradients, variableGradients]`, one for each variable.
 */
export type CustomGradFn = ((...dys: Output[]) => InputGradients)
  | ((...args: never[]) => InputAndVariableGradients);

/** Ops that hold a variable (`VAR_OP_TYPES`). */
const VAR_OP_TYPES = new Set(['VariableV2', 'VarHandleOp']);

/** Ops that read a resource variable, which TF's `VariableWatcher` sees (`variable_accessed`). */
const READ_OP_TYPES = new Set(['ReadVariableOp', 'ResourceGather', 'ResourceGatherNd']);

/** TF's process-global `ops.uid()` for the registered names (TF's counter is shared with other uses: only the form matches). */
let lastUid = 0;

/** `get_variable_by_name`: the trainable global variable of op `name`, null when not trainable. */
function variableByName(name: string): Variable | null {
  const candidates = getDefaultGraph().getCollection<Variable>(GraphKeys.GLOBAL_VARIABLES)
    .filter((v) => v instanceof Variable && v.op.name === name);
  if (candidates.length === 0) throw new ValueError(`Unsuccessful at finding variable ${name}.`);
  const trainable = candidates.filter((v) => v.trainable);
  if (trainable.length > 1) {
    throw new ValueError(`Unsuccessful at finding trainable variable ${name}. Number of candidates: ${trainable.length}. ` +
      `Candidates: [${trainable.join(', ')}]`);
  }
  return trainable[0] ?? null;
}

/**
 * What TF's `VariableWatcher` records while `ops` were made: the trainable variables they read.
 */
function watchedVariables(ops: Operation[]): Variable[] {
  const handles = ops.filter((op) => READ_OP_TYPES.has(op.type) && op.inputs[0].op.type === 'VarHandleOp')
    .map((op) => op.inputs[0].op.name);
  const vars = getDefaultGraph().getCollection<Variable>(GraphKeys.GLOBAL_VARIABLES);
  return vars.filter((v) => v instanceof Variable && v.trainable && handles.includes(v.op.name));
}

/**
 * `_get_dependent_variables`: the variables whose ops lie between the inputs and the results
 * (walked back from an Identity of each result, as TF makes them, stopping at the inputs).
 */
function dependentVariables(inputs: Output[], results: Output[]): Variable[] {
  const seeds = results.map((r) => raw.identity({ input: r }).op);
  const stop = new Set(inputs.map((t) => t.name));
  const found = new Set<Operation>(seeds);
  let wave = seeds;
  while (wave.length) {
    const next: Operation[] = [];
    for (const op of wave) {
      for (const t of op.inputs) {
        if (stop.has(t.name) || found.has(t.op)) continue;
        found.add(t.op);
        next.push(t.op);
      }
    }
    wave = next;
  }
  return [...found].filter((op) => !seeds.includes(op) && VAR_OP_TYPES.has(op.type)).map((op) => variableByName(op.name))
    .filter((v): v is Variable => v !== null);
}

/**
 * `tf.custom_gradient(f)` (graph mode): a function computing `f`'s result whose gradient is the
 * one `f` returns with it: `f(...inputs)` gives `[result, gradFn]` (result one tensor or a list).
 * The variables `f`'s result depends on and the trainable ones it reads are handed to `gradFn` as
 * `{ variables }`, sorted by name, and get the gradients it returns for them. Variables `f` creates
 * must be resource variables.
 */
export function customGradient<R extends Output | Output[]>(
  f: (...inputs: Output[]) => [R, (...dys: Output[]) => InputGradients]): (...inputs: InputValue[]) => R;
export function customGradient<R extends Output | Output[]>(
  f: (...inputs: Output[]) => [R, (...args: never[]) => InputAndVariableGradients]): (...inputs: InputValue[]) => R;
export function customGradient<R extends Output | Output[]>(f: (...inputs: Output[]) => [R, CustomGradFn]):
  (...inputs: InputValue[]) => R {
  return (...inputs: InputValue[]): R => {
    const name = `CustomGradient-${++lastUid}`;
    const args = inputs.map((x) => convertToTensor(x));
    const before = new Set([...globalVariables(), ...localVariables()]);
    const graph = getDefaultGraph();
    const made = graph.operations().length;
    const [result, gradFn] = f(...args);
    const watched = watchedVariables(graph.operations().slice(made));
    const flatResult: Output[] = Array.isArray(result) ? result : [result as Output];
    for (const v of [...globalVariables(), ...localVariables()]) {
      if (!before.has(v) && !v.isResource) {
        throw new TypeError('All variables used by a function wrapped with @custom_gradient must be `ResourceVariable`s. ' +
          'Ensure that no `variable_scope` is created with `use_resource=False`.');
      }
    }
    const variables = [...new Set([...dependentVariables(args, flatResult), ...watched])]
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    // TF reads the signature for a `variables` keyword: here, an argument after the results' gradients.
    if (variables.length > 0 && gradFn.length <= flatResult.length) {
      throw new TypeError("@tf.custom_gradient grad_fn must accept keyword argument 'variables', since function uses " +
        `variables: [${variables.join(', ')}]`);
    }

    registerGradient(name, (_op, ...grads) => {
      const resultGrads = grads.slice(0, flatResult.length) as Output[];
      let inputGrads: InputGradients;
      let variableGrads: Array<Gradient | null> = [];
      if (variables.length > 0) {
        [inputGrads, variableGrads] = (gradFn as (...a: unknown[]) => [InputGradients, Array<Gradient | null>])(
          ...resultGrads, { variables });
        if (variableGrads.length !== variables.length) {
          throw new ValueError('Must return gradient for each variable from @custom_gradient grad_fn.');
        }
      } else {
        inputGrads = (gradFn as (...dys: Output[]) => InputGradients)(...resultGrads);
      }
      return [...flatResult.map(() => null), ...(Array.isArray(inputGrads) ? inputGrads : [inputGrads]), ...variableGrads];
    });

    const all = graph.gradientOverrideMap({ IdentityN: name }, () => identityN([...flatResult, ...args, ...variables]));
    // As TF, the variables converted once more (their values read) for the handle data it copies.
    for (const v of variables) convertToTensor(v);
    const out = all.slice(0, flatResult.length);
    return (Array.isArray(result) ? out : out[0]) as R;
  };
}
