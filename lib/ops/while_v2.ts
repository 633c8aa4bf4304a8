/**
 * TF2's functional while loop (while_v2.py), what `tf.compat.v1.while_loop` builds in a function
 * being traced (a tf.data function, a cond_v2 / switch_case branch): the predicate and the body
 * traced into `<scope>cond_<uid>` / `<scope>body_<uid>` functions of the graph's library, one
 * While / StatelessWhile op over the loop counter, `maximum_iterations`, the loop variables and
 * the tensors the functions capture (loop invariants, passed on unchanged by the body).
 */
import { LookupError, ValueError } from '../errors';
import { DType, baseDType, dtypeRepr } from '../framework/dtypes';
import { InputValue, convertToTensor, getOpDef, makeConst } from '../framework/op_def_library';
import { Graph, Output, getDefaultGraph } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { StaticShape, shapeString } from '../framework/tensor_shape';
import { Nested, assertSameStructure, flatten, isNested, packSequenceAs } from '../util/nest';
import { denseGradient } from '../framework/indexed_slices';
import { placeholder, squeeze, stopGradient, zerosLike } from './array_ops';
import { copyFunctions } from '../data/structured_function';
import {
  Branch, addBranchFunction, ancestors, isTrainable, readOnlyResourceInputs, traceBranch, uniqueFnName, zerosFor,
} from './cond_v2';
import { shapeLessThanOrEqual } from './control_flow_ops';
import * as raw from './gen/raw_ops';
import type { GradFn } from './gradients';
import { add, greater, less, sub } from './math_ops';
import { pythonNumber } from './python_type';
import { TensorArray } from './tensor_array_ops';
import type { ShapeInvariant, WhileLoopOptions } from './while_loop';

/** A While op's functions: their names, the body traced, how many inputs are loop variables (the rest captures). */
interface LoopFunctions {
  cond: string;
  body: string;
  bodyBranch: Branch;
  numLoopVars: number;
}

// The functions of each While op built here, by graph and op name, for its gradient.
const LOOPS = new WeakMap<Graph, Map<string, LoopFunctions>>();

/** The loop's functions are one-function "branches": a tensor of one is not another's. */
const LOOP_FN_NAMES = (b: number) => (b === 0 ? 'cond' : 'body');

/**
 * `while_v2.while_loop(cond, body, loop_vars, ...)`: `flatInvariants` are the loop variables'
 * shape invariants, flat (null where none was given). Gives the loop variables after the loop in
 * their structure; unless `returnSameStructure`, a single tensor unwrapped.
 */
export function whileV2(cond: (...vars: never[]) => unknown, body: (...vars: never[]) => unknown, loopVars: unknown[],
  flatInvariants: (ShapeInvariant | undefined)[] | null, options: WhileLoopOptions): unknown {
  const graph = getDefaultGraph();
  const flatOrig = flatten(loopVars as Nested<unknown>);
  // `_tensor_array_to_flow`, then the rest converted to tensors.
  const flatVars = flatOrig.map((v) => convertToTensor((v instanceof TensorArray ? v.flow : pythonNumber(v)) as InputValue,
    { graph }));
  const shapes = flatVars.map((v, i) => (flatInvariants === null ? v.shape : flatInvariants[i] as ShapeInvariant));
  // `_pack_sequence_as`: flat tensors in the loop variables' structure, TensorArrays for their flows.
  const pack = (flat: Output[]) => packSequenceAs(loopVars as Nested<unknown>, flat.map((t, i) => {
    const v = flatOrig[i];
    return v instanceof TensorArray ? v.withFlow(t) : t;
  })) as Nested<unknown>[];
  const results = graph.nameScope(options.name || 'while', (scope) => {
    const condName = uniqueFnName(scope, 'cond');
    const bodyName = uniqueFnName(scope, 'body');
    const maxGiven = options.maximumIterations !== undefined && options.maximumIterations !== null;
    // `_build_maximum_iterations_loop_var`: -1 for none.
    const maxVar = convertToTensor((maxGiven ? pythonNumber(options.maximumIterations) : -1) as InputValue,
      { graph, dtype: DType.int32, name: 'maximum_iterations' });
    const counter = makeConst(graph, Tensor.from(0, { dtype: DType.int32 }), 'loop_counter');
    const signature = [counter, maxVar, ...flatVars];
    const sigShapes = [counter.shape, maxVar.shape, ...shapes];
    // The FuncGraphs' placeholders for the signature: the counter and the maximum named for their tensors.
    const sigNames = [counter.op.name, maxVar.op.name];
    const args = (): Output[] => signature.map((t, i) => placeholder(baseDType(t.dtype),
      sigShapes[i] === null ? null : [...sigShapes[i]!], sigNames[i]));
    const pivot = maxVar;

    let condArgs: Output[] = [];
    const c = traceBranch(graph, condName, () => {
      condArgs = args();
      let pred = (cond as (...v: Nested<unknown>[]) => unknown)(...pack(condArgs.slice(2)));
      if (pred instanceof Output && (pred.shape === null || pred.shape.length > 0)) pred = squeeze(pred);
      return maxGiven ? raw.logicalAnd({ x: less(condArgs[0], condArgs[1]), y: pred as Output }) : pred;
    }, 0, [], pivot, LOOP_FN_NAMES);

    let bodyArgs: Output[] = [];
    const keep = new Set(c.captured);
    const b = traceBranch(graph, bodyName, () => {
      bodyArgs = args();
      // The cond's captures first, so that both functions take them in the same order.
      for (const t of c.captured) getDefaultGraph().captureOuter!(t);
      let outputs = (body as (...v: Nested<unknown>[]) => unknown)(...pack(bodyArgs.slice(2))) as Nested<unknown>;
      if (!isNested(outputs)) outputs = [outputs];
      assertSameStructure(outputs, loopVars as Nested<unknown>);
      const flows = flatten(outputs).map((v) => (v instanceof TensorArray ? v.flow : v));
      return [add(bodyArgs[0], 1, 'add'), bodyArgs[1], ...flows];
    }, 1, [c.graph], pivot, LOOP_FN_NAMES, { names: c.capturedNames ?? new Map(), keep });

    // The body's captures are loop variables it gives back as they are; the cond takes them too.
    const extra = b.captured.slice(c.captured.length);
    const redundant = c.graph.asDefault(() => {
      const prefix = c.graph.uniqueName(`${condName}___redundant_placeholder`);
      return extra.map((t, i) => c.graph.addOperation({ type: 'Placeholder', name: `${prefix}${i}`, exactName: true,
        attrs: [['dtype', 'type', baseDType(t.dtype)]] }).output(0));
    });
    const loopInputs = [...signature, ...b.captured];
    const bodyOutputs = [...b.outputs, ...b.inputs];
    const n = flatVars.length;
    bodyOutputs.slice(2, 2 + n).forEach((t, i) => {
      if (!shapeLessThanOrEqual(t.shape, shapes[i])) {
        throw new ValueError(`Input tensor \`${flatVars[i].name}\` enters the loop with shape ${shapeString(shapes[i])}, ` +
          `but has shape ${shapeString(t.shape)} after one iteration. To allow the shape to vary across iterations, use ` +
          'the `shape_invariants` argument of tf.while_loop to specify a less-specific shape.');
      }
    });
    const bodyArgsAll = [...bodyArgs, ...b.inputs];
    bodyArgsAll.forEach((inp, i) => {
      const out = bodyOutputs[i];
      if (baseDType(inp.dtype) !== baseDType(out.dtype)) {
        const name = loopInputs[i].name;
        throw new TypeError(`Loop var ${name} enters the loop with type ${dtypeRepr(baseDType(inp.dtype))} but has ` +
          `type ${dtypeRepr(baseDType(out.dtype))} after 1 iteration. ${name} type should remain constant.`);
      }
    });
    const condBranch: Branch = { ...c, inputs: [...condArgs, ...c.inputs, ...redundant] };
    const bodyBranch: Branch = { ...b, inputs: bodyArgsAll, outputs: bodyOutputs };
    const userNames = (br: Branch) => br.captured.map((t) => br.capturedNames?.get(t) ?? t.op.name);
    const argNames = [...sigNames, ...shapes.map(() => undefined)];
    const condFn = addBranchFunction(graph, condBranch, [...argNames, ...userNames(c)]);
    const bodyFn = addBranchFunction(graph, bodyBranch, [...argNames, ...userNames(b)]);
    const stateful = [c.graph, b.graph].some((g: Graph) => g.operations().some((o) => getOpDef(o.type, g).isStateful));
    const outputShapes = bodyOutputs.map((t, i) => (i >= 2 && i < 2 + n ? shapes[i - 2] : t.shape));
    const op = graph.addOperation({
      type: stateful ? 'While' : 'StatelessWhile',
      name: scope.slice(0, -1),
      exactName: true,
      inputs: [loopInputs],
      attrs: [
        ['T', 'list(type)', loopInputs.map((t) => baseDType(t.dtype))],
        ['cond', 'func', condFn],
        ['body', 'func', bodyFn],
        ['output_shapes', 'list(shape)', outputShapes.map((s) => (s === null ? null : s.map((d) => d ?? -1)))],
        ['parallel_iterations', 'int', options.parallelIterations ?? 10],
        ['_lower_using_switch_merge', 'bool', true],
        ['_read_only_resource_inputs', 'list(int)', readOnlyResourceInputs([condBranch, bodyBranch], 0)],
        ['_num_original_outputs', 'int', bodyOutputs.length],
      ],
    });
    if (!LOOPS.has(graph)) LOOPS.set(graph, new Map());
    LOOPS.get(graph)!.set(op.name, { cond: condFn, body: bodyFn, bodyBranch, numLoopVars: 2 + n });
    // As TF in a graph that is not a function's (after enableControlFlowV2()): an Identity of each output, so
    // that fetching one prunes the rest once lowered.
    return (graph.captureOuter ? op.outputs : op.outputs.map((t) => raw.identity({ input: t }))).slice(2, 2 + n);
  });
  const packed = pack(options.backProp === false ? results.map((t) => stopGradient(t)) : results);
  if (options.returnSameStructure || flatten(packed).length !== 1) return packed;
  return flatten(packed)[0];
}

/**
 * A call of function `fn` of `graph`'s library on `inputs`: a node of the function's name, its
 * outputs of `shapes` (shape inference does not look into the function).
 */
function call(graph: Graph, fn: string, inputs: Output[], shapes: StaticShape[]): Output[] {
  // In a loop function: with the functions of the op's graph.
  const current = getDefaultGraph();
  if (current !== graph) copyFunctions(graph, current);
  const outputs = current.addOperation({ type: fn, inputs: inputs.map((t) => convertToTensor(t, { graph: current })) }).outputs;
  outputs.forEach((o, i) => { if (i < shapes.length) o.setShape(shapes[i]); });
  return outputs;
}

/**
 * `_WhileGrad`, by recomputation: TF makes the forward While output the body's intermediates,
 * which the C API cannot add to an op; here a loop runs the cond and body functions again from the
 * op's inputs, keeping each iteration's loop variables in TensorArrays, and a loop back over them
 * calls the body's gradient function (the same values, but a stateful op in the body runs again).
 * A loop variable's gradient goes on to the iteration before; a captured tensor's adds up.
 */
const whileGrad: GradFn = (op, grads) => {
  const loop = LOOPS.get(op.graph)?.get(op.name);
  if (!loop) throw new LookupError(`No gradient defined for operation '${op.name}' (op type: ${op.type}).`);
  const graph = op.graph;
  const { bodyBranch: body, numLoopVars } = loop;
  const loopInputs = op.inputs.slice(0, numLoopVars);
  const captured = op.inputs.slice(numLoopVars);
  if (loopInputs.some((t, j) => t.dtype === DType.variant && grads[j] !== null)) {
    throw new LookupError(`No gradient defined for operation '${op.name}' (op type: ${op.type}) with a TensorList loop variable.`);
  }
  const vars = loopInputs.map((_, j) => j)
    .filter((j) => isTrainable(op.inputs[j].dtype) && op.inputs[j].dtype !== DType.resource);
  const caps = captured.map((_, k) => numLoopVars + k).filter((j) => isTrainable(op.inputs[j].dtype));
  // The body's gradient function: from its inputs and its loop variables' output gradients, theirs.
  const traced = body.graph.asDefault(() => {
    const gradIns = vars.map((j) => placeholder(body.outputs[j].dtype, body.outputs[j].shape === null ? null : [...body.outputs[j].shape!]));
    const dx = body.graph.gradients(vars.map((j) => body.outputs[j]), [...vars, ...caps].map((j) => body.inputs[j]), gradIns)
      .map((g) => (g === null ? null : denseGradient(g)));
    return { gradIns, dx };
  });
  const used = caps.filter((_, k) => traced.dx[vars.length + k] !== null);
  const outputs = body.graph.asDefault(() => [...vars.map((j, k) => traced.dx[k] ?? zerosLike(body.inputs[j])),
    ...used.map((j) => traced.dx[vars.length + caps.indexOf(j)]!)]);
  const gradFn = addBranchFunction(graph, { name: uniqueFnName('', `${loop.body}_grad`), graph: body.graph,
    body: ancestors(outputs), structure: outputs, outputs, inputs: [...body.inputs, ...traced.gradIns], captured: [] }, []);
  return graph.asDefault(() => {
    // The loop variables keep their shape invariants (the op's output shapes).
    const varShapes = loopInputs.map((_, j) => op.outputs[j].shape);
    // TensorLists, as the loops are functional ones (v1 frames cannot be in a function a Case or If inlines).
    const accumulators = loopInputs.map((t) => new TensorArray(t.dtype, { dynamicSize: true, inferShape: false,
      flow: raw.tensorListReserve({ elementShape: -1, numElements: 0, elementDtype: t.dtype }) }));
    const loopOptions = { returnSameStructure: true };
    const [count, , kept] = whileV2(
      (_k: Output, x: Output[]) => call(graph, loop.cond, [...x, ...captured], [[]])[0],
      (k: Output, x: Output[], tas: TensorArray[]) => [add(k, 1),
        call(graph, loop.body, [...x, ...captured], varShapes).slice(0, numLoopVars), tas.map((ta, j) => ta.write(k, x[j]))],
      [0, loopInputs, accumulators], [[], ...varShapes, ...accumulators.map(() => [])], loopOptions) as
      [Output, Output[], TensorArray[]];
    const initial = [...vars.map((j) => (grads[j] === null ? zerosLike(op.outputs[j]) : denseGradient(grads[j]!))),
      ...used.map((j) => zerosFor(op.inputs[j], traced.dx[vars.length + caps.indexOf(j)]!))];
    const gradShapes = [...vars.map((j) => varShapes[j]), ...initial.slice(vars.length).map((t) => t.shape)];
    const [, final] = whileV2((k: Output) => greater(k, 0), (k: Output, g: Output[]) => {
      const previous = sub(k, 1);
      const x = kept.map((ta, j) => {
        const v = ta.read(previous);
        v.setShape(varShapes[j]);
        return v;
      });
      const dx = call(graph, gradFn, [...x, ...captured, ...g.slice(0, vars.length)], gradShapes);
      return [previous, dx.map((d, m) => (m < vars.length ? d : add(g[m], d)))];
    }, [count, initial], [[], ...gradShapes], loopOptions) as [Output, Output[]];
    const byInput = new Map([...vars, ...used].map((j, m) => [j, final[m]]));
    return op.inputs.map((_, j) => byInput.get(j) ?? null);
  });
};

/** `_WhileGrad` for While and StatelessWhile. */
export const WHILE_V2_GRADIENTS: Array<[string, GradFn | null]> = [['While', whileGrad], ['StatelessWhile', whileGrad]];
