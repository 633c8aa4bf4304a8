/**
 * TF1's v1 `while_loop` (`tf.compat.v1.while_loop` with v2 control flow off, `while_loop.py`):
 * in name scope `while`, a WhileContext whose frame runs the loop: each loop variable enters
 * through an Enter and a Merge (its NextIteration the back edge), the predicate feeds LoopCond,
 * a Switch per variable goes on into the body (through an Identity) or out through an Exit.
 * Tensors from outside that the predicate or the body read enter as loop invariants.
 */
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { InputValue, convertToTensor, graphFromInputs, makeConst } from '../framework/op_def_library';
import { GraphKeys, Operation, Output, getDefaultGraph } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { shapeString } from '../framework/tensor_shape';
import { Nested, assertSameStructure, flatten, isNested, packSequenceAs } from '../util/nest';
import { WhileContext } from './control_flow_ops';
import * as raw from './gen/raw_ops';
import { pythonNumber } from './python_type';
import { add, less } from './math_ops';
import { TensorArray } from './tensor_array_ops';
import { enableControlFlowV2In } from '../framework/v2_switches';

/** A loop variable's tensor(s) inside the loop and out of it, for a loop variable given as X. */
export type LoopTensor<X> = X extends TensorArray ? TensorArray : X extends Output | Operation ? Output
  : X extends readonly unknown[] ? { -readonly [K in keyof X]: LoopTensor<X[K]> }
  : X extends Record<string, unknown> ? { [K in keyof X]: LoopTensor<X[K]> }
  : Output;

/** The loop variables as the predicate and the body get them. */
export type LoopTensors<V extends unknown[]> = { [K in keyof V]: LoopTensor<V[K]> };

/** A static shape for `shapeInvariants`: null dimensions unknown; null for an unknown rank. */
export type ShapeInvariant = (number | null)[] | null;

export interface WhileLoopOptions {
  /**
   * A shape per loop variable (in the loop variables' structure) that it keeps from one
   * iteration to the next, less specific than its initial one (default: its initial shape).
   */
  shapeInvariants?: unknown[];
  /** How many iterations may run in parallel (default 10). */
  parallelIterations?: number;
  /** Whether gradients may go through the loop (default true). */
  backProp?: boolean;
  /** Whether GPU-CPU memory swapping is on for the loop's history (default false). */
  swapMemory?: boolean;
  /** At most this many iterations run (a scalar, int32 unless a tensor of another type). */
  maximumIterations?: InputValue;
  /** The name scope (default `while`). */
  name?: string;
  /** Give the loop variables' structure back even for a single variable (default false). */
  returnSameStructure?: boolean;
}

/**
 * The shape invariants of the leaves of `loopVars`, read from `invariants` in the same structure
 * (a shape is an array too: the loop variables decide where the leaves are).
 */
function flattenInvariants(loopVars: Nested<unknown>, invariants: unknown): ShapeInvariant[] {
  if (!isNested(loopVars)) return [invariants as ShapeInvariant];
  const inv = invariants as Record<string | number, unknown>;
  const keys = Array.isArray(loopVars) ? [...loopVars.keys()] : Object.keys(loopVars).sort();
  const sameKind = Array.isArray(loopVars) ? Array.isArray(invariants) && invariants.length === loopVars.length
    : isNested(invariants) && !Array.isArray(invariants) && keys.every((k) => k in inv);
  if (!sameKind) assertSameStructure(loopVars, invariants);
  return keys.flatMap((k) => flattenInvariants((loopVars as Record<string | number, Nested<unknown>>)[k], inv[k]));
}

/**
 * `tf.compat.v1.while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10,
 * back_prop=True, swap_memory=False, maximum_iterations=None, name=None,
 * return_same_structure=False)`: repeats `body` while `cond` holds. Both get the loop variables
 * as arguments (each as the tensor, or structure of tensors, it stands for); `body` gives their
 * next values in the same structure. Gives the loop variables after the last iteration (a single
 * one unwrapped, unless `returnSameStructure`). A whole number as a loop variable is an int32,
 * as a Python int is; a TensorArray goes through the loop as its flow and is a TensorArray in
 * `cond`, `body` and the result.
 */
export function whileLoop<V extends unknown[]>(cond: (...vars: LoopTensors<V>) => InputValue,
  body: (...vars: LoopTensors<V>) => unknown, loopVars: [...V], options: WhileLoopOptions = {}): V extends [infer U]
    ? LoopTensor<U> : LoopTensors<V> {
  if (typeof cond !== 'function') throw new TypeError("'cond' must be callable.");
  if (typeof body !== 'function') throw new TypeError("'body' must be callable.");
  const parallelIterations = options.parallelIterations ?? 10;
  if (parallelIterations < 1) throw new TypeError("'parallel_iterations' must be a positive integer.");
  type Result = V extends [infer U] ? LoopTensor<U> : LoopTensors<V>;
  // As TF 2.21, which builds v2 control flow in any function being traced (a tf.data function, a branch),
  // and in every graph after enableControlFlowV2().
  if (enableControlFlowV2In(getDefaultGraph())) {
    // Required here, not imported: while_v2 reaches tf.data's modules, which import this one.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { whileV2 } = require('./while_v2') as typeof import('./while_v2');
    const invariants = options.shapeInvariants === undefined ? null : flattenInvariants(loopVars, options.shapeInvariants);
    return whileV2(cond, body, loopVars, invariants, options) as Result;
  }
  const graph = graphFromInputs([loopVars]);
  return graph.asDefault(() => graph.nameScope(options.name ?? 'while', () => {
    if (loopVars.length === 0) throw new ValueError("'loop_vars' must be provided.");
    let vars: Nested<unknown>[] = loopVars;
    let invariants = options.shapeInvariants;
    let pred = (...v: Nested<Output>[]) => (cond as (...x: Nested<Output>[]) => InputValue)(...v);
    let step = (...v: Nested<Output>[]) => (body as (...x: Nested<Output>[]) => unknown)(...v);
    let maximumIterations: Output | null = null;
    if (options.maximumIterations !== undefined && options.maximumIterations !== null) {
      const max = convertToTensor(pythonNumber(options.maximumIterations) as InputValue, { name: 'maximum_iterations', graph });
      maximumIterations = max;
      if (max.shape?.length !== 0) {
        throw new ValueError(`'maximum_iterations' must be a scalar. Received shape: ${shapeString(max.shape)}`);
      }
      const counter = makeConst(graph, Tensor.from(0, { dtype: max.dtype as DType }), 'iteration_counter');
      const [origCond, origBody] = [pred, step];
      // The counter goes first; the loop variables after it, as one (a single one as it is).
      const single = loopVars.length === 1 && !options.returnSameStructure;
      const spread = (lv: Nested<Output>) => (single ? [lv] : lv as Nested<Output>[]);
      pred = (i, lv) => raw.logicalAnd({ x: less(i as Output, max), y: origCond(...spread(lv)) });
      step = (i, lv) => [add(i as Output, 1, 'add'), origBody(...spread(lv))];
      vars = [counter, single ? loopVars[0] : loopVars];
      if (invariants !== undefined) invariants = [[], invariants];
    }
    const context = new WhileContext(graph, maximumIterations, parallelIterations, options.backProp ?? true,
      options.swapMemory ?? false, graph.uniqueName('while_context'));
    // Nested loops are found through the outermost one.
    if (context.outerContext === null) graph.addToCollection(GraphKeys.WHILE_CONTEXT, context);

    // A TensorArray goes through the loop as its flow, and comes back as a TensorArray with the
    // flow there (`_convert_tensorarray_to_flow`, `_convert_flow_to_tensorarray`).
    const toFlow = (v: unknown) => (v instanceof TensorArray ? v.flow
      : v instanceof Output ? v : convertToTensor(pythonNumber(v) as InputValue, { graph }));
    const withFlows = (like: unknown[], flat: Output[]) => flat.map((t, i) => {
      const v = like[i];
      return v instanceof TensorArray ? v.withFlow(t) : t;
    });
    const converted = packSequenceAs(vars, flatten(vars).map((v) => (v instanceof TensorArray ? v : toFlow(v)))) as
      Nested<Output | TensorArray>[];
    const flatConverted = flatten(converted);
    const flatVars = flatConverted.map(toFlow);
    const flatInvariants = invariants === undefined ? flatVars.map((v) => v.shape) : flattenInvariants(converted, invariants);
    let bodyResult: Nested<unknown> = [];
    const exits = context.within(() => context.buildLoop(
      (merged) => pred(...packSequenceAs(converted, withFlows(flatConverted, merged)) as Nested<Output>[]),
      (inBody) => {
        const packed = packSequenceAs(converted, withFlows(flatConverted, inBody)) as Nested<Output>[];
        let result = step(...packed) as Nested<unknown>;
        if (!isNested(result)) result = [result];
        assertSameStructure([...packed], Array.isArray(result) ? [...result] : result);
        bodyResult = result;
        return flatten(result).map(toFlow);
      }, flatVars, flatInvariants));
    const packedExits = packSequenceAs(bodyResult, withFlows(flatten(bodyResult), exits)) as Nested<Output>[];
    if (maximumIterations !== null) return packedExits[1] as Result;
    if (options.returnSameStructure) return packedExits as Result;
    return (exits.length === 1 ? packedExits[0] : packedExits) as Result;
  }));
}
