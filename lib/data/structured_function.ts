/**
 * The functions of tf.data transformations (`structured_function.StructuredFunctionWrapper`):
 * the user's function is traced in a scratch graph, on placeholders for the element's
 * components, and its FunctionDef is copied into the dataset's graph.
 */
import { ValueError } from '../errors';
import { DType, baseDType } from '../framework/dtypes';
import { convertToTensor } from '../framework/op_def_library';
import { Graph, Output } from '../framework/ops';
import { placeholder } from '../ops/array_ops';
import { Nested, flatten, packSequenceAs } from '../util/nest';
import { ElementSpec, TensorSpec, flatAttrs, specOf } from './structure';

/** A function added to a graph's library, and the structure of what it returns. */
export interface TracedFunction<R> {
  name: string;
  returned: R;
  outputs: Output[];
  /** The outer graph's tensors the function reads: the op's `other_arguments`, after the element's. */
  captured: Output[];
}

/**
 * Traces `fn` on an element of `inputSpec` (spread as arguments when the element is an array, as
 * Python unpacks a tuple) into a function named `<name><hash>` in `graph`'s library. `outputsOf`
 * gives the tensors the function returns from what `fn` returned. A tensor of `graph` that `fn`
 * uses is captured as TF2's FuncGraph captures one: a placeholder input of the function, fed the
 * tensor through the dataset op's `other_arguments`.
 */
export function traceFunction<R>(graph: Graph, name: string, inputSpec: ElementSpec, fn: (...args: never[]) => unknown,
  outputsOf: (returned: unknown, scratch: Graph) => { returned: R; outputs: Output[] }): TracedFunction<R> {
  const scratch = new Graph();
  const captures = new Map<Output, Output>();
  scratch.captureOuter = (t) => {
    if (t.graph !== graph) {
      throw new ValueError(`The function of ${name} uses ${t.name}, a tensor of neither its graph nor the dataset's.`);
    }
    let standIn = captures.get(t);
    if (!standIn) {
      standIn = scratch.controlDependencies(null, () => placeholder(baseDType(t.dtype), t.shape === null ? null : [...t.shape]));
      captures.set(t, standIn);
    }
    return standIn;
  };
  const { args, returned, outputs } = scratch.asDefault(() => {
    const { output_types: types, output_shapes: shapes } = flatAttrs(inputSpec);
    const argList = types.map((t, i) => placeholder(t, shapes[i] === null ? null : [...shapes[i]!], `args_${i}`));
    const element = packSequenceAs(inputSpec, argList);
    const result = Array.isArray(element) ? fn(...(element as never[])) : fn(element as never);
    const out = outputsOf(result, scratch);
    // A returned outer tensor is returned through its stand-in.
    return { args: argList, ...out, outputs: out.outputs.map((o) => (o.graph === scratch ? o : scratch.captureOuter!(o))) };
  });
  scratch.captureOuter = undefined;
  const inputs = [...args, ...captures.values()];
  const def = scratch.native.toFunction(name, true, null, inputs.map((a) => a.endpoint), outputs.map((o) => o.endpoint),
    null, null);
  return { name: graph.native.addFunction(def), returned, outputs, captured: [...captures.keys()] };
}

/** What a map function returns: its tensors (host values converted in the function's graph) and their specs. */
export function elementOutputs(returned: unknown, scratch: Graph): { returned: ElementSpec; outputs: Output[] } {
  const structure = returned as Nested<unknown>;
  const outputs = flatten(structure).map((v) => (v instanceof Output ? v : convertToTensor(v as never, { graph: scratch })));
  const packed = packSequenceAs(structure, outputs) as Nested<Output>;
  return { returned: specOf(packed), outputs };
}

/** What a predicate returns: a scalar bool tensor (`filter`'s check). */
export function predicateOutputs(returned: unknown, scratch: Graph): { returned: null; outputs: Output[] } {
  const out = returned instanceof Output ? returned : convertToTensor(returned as never, { graph: scratch });
  if (out.dtype !== DType.bool || (out.shape !== null && out.shape.length !== 0)) {
    throw new ValueError('Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, but its return type ' +
      `is ${new TensorSpec(out.shape, out.dtype)}.`);
  }
  return { returned: null, outputs: [out] };
}
