/**
 * The functions of tf.data transformations (`structured_function.StructuredFunctionWrapper`):
 * the user's function is traced in a scratch graph, on placeholders for the element's
 * components, and its FunctionDef is copied into the dataset's graph.
 */
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { ValueError } from '../errors';
import { DType, baseDType } from '../framework/dtypes';
import { convertToTensor } from '../framework/op_def_library';
import { Graph, GraphKeys, Output } from '../framework/ops';
import { SparseTensor } from '../framework/sparse_tensor';
import { placeholder } from '../ops/array_ops';
import { FunctionDefSchema, GraphDefSchema } from '../proto';
import { Nested, flatten } from '../util/nest';
import { Dataset } from './dataset_ops';
import {
  Component, DatasetSpec, ElementSpec, TensorSpec, flatAttrs, fromTensorList, packSpec, specOf, toTensorList,
} from './structure';

/** A function added to a graph's library (or not yet: name ''), and the structure of what it returns. */
export interface TracedFunction<R> {
  name: string;
  def: Uint8Array;
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
 * tensor through the dataset op's `other_arguments`. A component of a DatasetSpec is given to `fn`
 * as a Dataset of its variant, one of a SparseTensorSpec as a SparseTensor. Unless `add`, the
 * function is not added to the graph (yet).
 */
export function traceFunction<R>(graph: Graph, name: string, inputSpec: ElementSpec, fn: (...args: never[]) => unknown,
  outputsOf: (returned: unknown, scratch: Graph) => { returned: R; outputs: Output[] }, add = true): TracedFunction<R> {
  // As TF's function tracing, which makes these (empty) variable collections in the outer graph.
  for (const key of [GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES, GraphKeys.TRAINABLE_VARIABLES]) graph.getCollectionRef(key);
  const scratch = new Graph();
  const captures = captureOuterTensors(scratch, graph,
    (t) => new ValueError(`The function of ${name} uses ${t.name}, a tensor of neither its graph nor the dataset's.`));
  const { args, returned, outputs } = scratch.asDefault(() => {
    const { output_types: types, output_shapes: shapes } = flatAttrs(inputSpec);
    const argList = types.map((t, i) => placeholder(t, shapes[i] === null ? null : [...shapes[i]!], `args_${i}`));
    const unboxed = flatten(fromTensorList(inputSpec, argList));
    const element = packSpec(inputSpec, flatten(inputSpec).map((s, i) =>
      (s instanceof DatasetSpec ? new Dataset(argList[i], s.elementSpec) : unboxed[i])));
    const result = Array.isArray(element) ? fn(...(element as never[])) : fn(element as never);
    const out = outputsOf(result, scratch);
    // A returned outer tensor is returned through its stand-in.
    return { args: argList, ...out, outputs: out.outputs.map((o) => (o.graph === scratch ? o : scratch.captureOuter!(o))) };
  });
  scratch.captureOuter = undefined;
  const inputs = [...args, ...captures.values()];
  const def = scratch.native.toFunction(name, true, null, inputs.map((a) => a.endpoint), outputs.map((o) => o.endpoint),
    null, null);
  // The functions of datasets made in `fn` (a flatMap's map) go with it.
  copyFunctions(scratch, graph);
  return { name: add ? graph.native.addFunction(def) : '', def, returned, outputs, captured: [...captures.keys()] };
}

/**
 * Makes `scratch` read the tensors of `graph` its new ops take as TF2's `FuncGraph.capture` does:
 * each through a placeholder (made once, outside control dependencies; with `nameOf`, named as it
 * says in the current scope, as a FuncGraph names it), an input of the function. `foreign`
 * is the error for a tensor of another graph. The captured tensors and their placeholders, in order.
 */
export function captureOuterTensors(scratch: Graph, graph: Graph, foreign: (t: Output) => Error,
  nameOf?: (t: Output) => string): Map<Output, Output> {
  const captures = new Map<Output, Output>();
  scratch.captureOuter = (t) => {
    if (t.graph !== graph) throw foreign(t);
    let standIn = captures.get(t);
    if (!standIn) {
      standIn = scratch.controlDependencies(null, () => placeholder(baseDType(t.dtype), t.shape === null ? null : [...t.shape],
        nameOf?.(t)));
      captures.set(t, standIn);
    }
    return standIn;
  };
  return captures;
}

/** Copies the functions of `scratch`'s library (those of functions traced in it) to `graph`'s. */
export function copyFunctions(scratch: Graph, graph: Graph): void {
  for (const nested of fromBinary(GraphDefSchema, scratch.toGraphDef()).library?.function ?? []) {
    graph.native.addFunction(toBinary(FunctionDefSchema, nested));
  }
}

/**
 * What a map function returns: its tensors (host values converted in the function's graph; a
 * SparseTensor boxed in a variant) and their specs.
 */
export function elementOutputs(returned: unknown, scratch: Graph): { returned: ElementSpec; outputs: Output[] } {
  const structure = returned as Nested<unknown>;
  const components = flatten(structure).map((v) => (v instanceof Output || v instanceof SparseTensor ? v
    : convertToTensor(v as never, { graph: scratch })));
  const packed = packSpec(structure, components) as Nested<Component>;
  const spec = specOf(packed);
  return { returned: spec, outputs: toTensorList(spec, packed) };
}

/**
 * What a function returns that must be a scalar of `dtype` (converted to it when `convert`, as
 * Python's wrappers of key functions do), else a ValueError of `message` and its spec.
 */
export function scalarOutputs(dtype: DType, message: string, convert = false) {
  return (returned: unknown, scratch: Graph): { returned: null; outputs: Output[] } => {
    const out = returned instanceof Output && !convert ? returned
      : convertToTensor(returned as never, { graph: scratch, ...(convert ? { dtype } : {}) });
    if (out.dtype !== dtype || (out.shape !== null && out.shape.length !== 0)) {
      throw new ValueError(`${message}${new TensorSpec(out.shape, out.dtype)}.`);
    }
    return { returned: null, outputs: [out] };
  };
}

/** What a predicate returns: a scalar bool tensor (`filter`'s check). */
export const predicateOutputs = scalarOutputs(DType.bool,
  'Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, but its return type is ');
