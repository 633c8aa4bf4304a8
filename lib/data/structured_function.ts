/**
 * The functions of tf.data transformations (`structured_function.StructuredFunctionWrapper`):
 * the user's function is traced in a scratch graph, on placeholders for the element's
 * components, and its FunctionDef is copied into the dataset's graph.
 */
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
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
}

/**
 * Traces `fn` on an element of `inputSpec` (spread as arguments when the element is an array, as
 * Python unpacks a tuple) into a function named `<name><hash>` in `graph`'s library. `outputsOf`
 * gives the tensors the function returns from what `fn` returned.
 */
export function traceFunction<R>(graph: Graph, name: string, inputSpec: ElementSpec, fn: (...args: never[]) => unknown,
  outputsOf: (returned: unknown, scratch: Graph) => { returned: R; outputs: Output[] }): TracedFunction<R> {
  const scratch = new Graph();
  const { args, returned, outputs } = scratch.asDefault(() => {
    const { output_types: types, output_shapes: shapes } = flatAttrs(inputSpec);
    const argList = types.map((t, i) => placeholder(t, shapes[i] === null ? null : [...shapes[i]!], `args_${i}`));
    const element = packSequenceAs(inputSpec, argList);
    let result: unknown;
    try {
      result = Array.isArray(element) ? fn(...(element as never[])) : fn(element as never);
    } catch (e) {
      if (e instanceof ValueError && /must be from the same graph/.test(e.message)) throw capturedError(name);
      throw e;
    }
    return { args: argList, ...outputsOf(result, scratch) };
  });
  if (outputs.some((o) => o.graph !== scratch)) throw capturedError(name);
  const def = scratch.native.toFunction(name, true, null, args.map((a) => a.endpoint), outputs.map((o) => o.endpoint),
    null, null);
  return { name: graph.native.addFunction(def), returned, outputs };
}

function capturedError(name: string): ValueError {
  return new ValueError(`The function of ${name} uses a tensor of the outer graph: capturing tensors from outside ` +
    'a tf.data function is not supported yet; compute the value inside the function or make it part of the element.');
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
