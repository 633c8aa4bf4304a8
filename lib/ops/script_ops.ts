/**
 * JS functions inside the graph (TF1's `script_ops.py`): `pyFunc`, `numpyFunction` and
 * `pyFunction` add a PyFunc / PyFuncStateless / EagerPyFunc op whose `token` names a JS function.
 * The addon's kernels for those ops (native/py_func.h) hand the op's inputs to the function on
 * this environment's JS thread and wait for its result, which is checked and converted here as
 * TF's FuncRegistry and py_func.cc do. Each environment (main thread, worker) has its own functions.
 */
import { AsyncResource } from 'async_hooks';
import { binding, NativeTensorOut } from '../native';
import { Code, NotImplementedError, OpError, ValueError } from '../errors';
import { DType, baseDType, dtypeName } from '../framework/dtypes';
import { InputValue, applyOp, graphFromInputs } from '../framework/op_def_library';
import { Graph, Operation, Output } from '../framework/ops';
import { Tensor, TensorLike } from '../framework/tensor';
import type { GradFn } from './gradients';
import { pythonType } from './python_type';
import { pyRepr } from '../util/python_repr';

/**
 * A function in the graph: it gets one Tensor per input (as `Session.run` returns them) and
 * returns one value, an array of values (one per output: a JS array is a list of outputs, as a
 * Python list is; return a Tensor or typed array for a tensor), or nothing when there are no
 * outputs; or a Promise of that (awaited in runs made with `run()`; a `runSync` run fails).
 */
export type ScriptFn = (...inputs: Tensor[]) => unknown;

interface Registered {
  fn: WeakRef<ScriptFn>;
  tout: DType[];
  eager: boolean;
}

/**
 * TF's `FuncRegistry` for this environment: token -> function, held weakly; the graph holds the
 * function (as Python's `graph._py_funcs_used_in_graph`), so a token lives as long as its graph.
 */
const registry = new Map<string, Registered>();
const forget = new FinalizationRegistry<string>((token) => {
  registry.delete(token);
  binding.pyFuncRelease(token);
});
const usedInGraph = new WeakMap<Graph, ScriptFn[]>();
/**
 * Functions used in a traced function's scratch graph (a tf.data map's): the FunctionDef may be
 * copied into any graph, so they stay for the environment's life.
 */
const usedInFunctions: ScriptFn[] = [];
let bridged = false;
/**
 * A scope without a default graph: the addon's thread-safe functions, made when bridging, keep the
 * async context they are made in, and a graph's `asDefault` context would keep that graph alive.
 */
const outsideGraphs = new AsyncResource('tf1-node.py_func');

type NativeResult = Tensor[] | { code: Code; message: string };

/** TF's `DataTypeString` names, which py_func.cc's messages use. */
function tfTypeName(dtype: DType): string {
  const special: Partial<Record<DType, string>> = { [DType.float32]: 'float', [DType.float64]: 'double', [DType.float16]: 'half' };
  return special[dtype] ?? dtypeName(dtype);
}

/** A thrown value as the run's error: py_func.cc's mapping of Python exceptions, for JS's. */
function errorResult(e: unknown): { code: Code; message: string } {
  // Not in TF (whose TODO it is): an OpError keeps its code, so an OutOfRangeError ends a
  // tf.data pipeline as StopIteration does in Python.
  if (e instanceof OpError) return { code: e.code, message: e.message };
  if (!(e instanceof Error)) return { code: Code.UNKNOWN, message: String(e) };
  const frames = (e.stack ?? '').split('\n').filter((l) => l.startsWith('    at ')).join('\n');
  const message = `${e.name}: ${e.message}${frames ? `\n${frames}` : ''}`;
  if (e instanceof ValueError || e instanceof TypeError || e instanceof RangeError) {
    return { code: Code.INVALID_ARGUMENT, message };
  }
  if (e instanceof NotImplementedError) return { code: Code.UNIMPLEMENTED, message };
  return { code: Code.UNKNOWN, message };
}

/** One returned value as a tensor: `expected` is the output's Tout, used for host values (see below). */
function toTensor(value: unknown, expected: DType | undefined, eager: boolean): Tensor {
  if (value instanceof Tensor) return eager && expected !== undefined ? Tensor.from(value, { dtype: expected }) : value;
  if (ArrayBuffer.isView(value) && !eager) {
    // numpy's conversion keeps an array's dtype. A Uint8Array is bytes (a string) where a string
    // is expected, bools where bool is (JS has no bool array), else uint8.
    if (!(value instanceof Uint8Array) || expected === DType.string) return Tensor.from(value as TensorLike);
    return Tensor.from(value, { dtype: expected === DType.bool ? DType.bool : DType.uint8 });
  }
  // JS numbers have no int/float kind for numpy to infer one from: host values take the output's dtype.
  return Tensor.from(value as TensorLike, expected === undefined ? {} : { dtype: expected });
}

/** FuncRegistry.__call__ and py_func.cc's checks, for the result of `token`'s function. */
function convertResult(token: string, entry: Registered, ret: unknown): NativeResult {
  let values: Tensor[];
  try {
    if (ret === undefined || ret === null) {
      values = [];
    } else if (Array.isArray(ret)) {
      // EagerFunc zips the values with Tout, so extra ones are dropped.
      const list = entry.eager ? ret.slice(0, entry.tout.length) : ret;
      values = list.map((v, i) => toTensor(v, entry.tout[i], entry.eager));
    } else {
      values = [toTensor(ret, entry.tout[0], entry.eager)];
    }
  } catch (e) {
    return errorResult(e);
  }
  if (values.length !== entry.tout.length) {
    return {
      code: Code.INVALID_ARGUMENT,
      message: `${token} returns ${values.length} values, but expects to see ${entry.tout.length} values.`,
    };
  }
  for (let i = 0; i < values.length; i++) {
    if (values[i].dtype !== entry.tout[i]) {
      return {
        code: Code.INVALID_ARGUMENT,
        message: `${i}-th value returned by ${token} is ${tfTypeName(values[i].dtype)}, but expects ${tfTypeName(entry.tout[i])}`,
      };
    }
  }
  return values;
}

/** The addon's dispatcher: calls `token`'s function on a kernel's inputs. */
function dispatch(token: string, inputs: NativeTensorOut[], canWait: boolean): NativeResult | Promise<NativeResult> {
  const entry = registry.get(token);
  const fn = entry?.fn.deref();
  if (!entry || !fn) {
    return { code: Code.INVALID_ARGUMENT, message: `ValueError: Could not find callback with key=${token} in the registry.` };
  }
  let ret: unknown;
  try {
    ret = fn(...inputs.map((t) => Tensor.fromNative(t)));
  } catch (e) {
    return errorResult(e);
  }
  if (typeof (ret as PromiseLike<unknown> | null)?.then !== 'function') return convertResult(token, entry, ret);
  const promise = Promise.resolve(ret);
  if (!canWait) {
    promise.catch(() => undefined); // its outcome has nowhere to go
    return {
      code: Code.FAILED_PRECONDITION,
      message: `The function of ${token} returned a Promise, which a run that blocks the JS thread (runSync) cannot ` +
        'wait for: use run()',
    };
  }
  return promise.then((v) => convertResult(token, entry, v), errorResult);
}

/** Registers `func` for `graph` (FuncRegistry.insert and `_py_funcs_used_in_graph`): its token. */
function register(graph: Graph, func: ScriptFn, tout: DType[], eager: boolean): string {
  if (!bridged) {
    outsideGraphs.runInAsyncScope(() => binding.pyFuncBridge(dispatch));
    bridged = true;
  }
  const token = binding.pyFuncToken();
  registry.set(token, { fn: new WeakRef(func), tout, eager });
  forget.register(func, token);
  if (graph.captureOuter) {
    usedInFunctions.push(func);
  } else {
    const used = usedInGraph.get(graph) ?? [];
    used.push(func);
    usedInGraph.set(graph, used);
  }
  return token;
}

/** Options of `pyFunc` and `numpyFunction`. */
export interface PyFuncOptions {
  /** False: the function's outputs depend only on its inputs (PyFuncStateless), which TF may optimize. Default true. */
  stateful?: boolean;
  name?: string;
}

/** `_internal_py_func`: the op for `func`, and its outputs as Python returns them. */
function internalPyFunc(func: ScriptFn, inp: InputValue[], Tout: DType | DType[], stateful: boolean, eager: boolean,
  name: string | undefined): Output | Output[] | Operation {
  if (typeof func !== 'function') {
    throw new ValueError(`Expected func to be callable. Received func=${pyRepr(func)} of type ${pythonType(func)}.`);
  }
  const isList = Array.isArray(Tout);
  const tout = (isList ? Tout : [Tout]).map((t) => {
    // Python's dtypes.as_dtype on each, before the token is taken.
    if (typeof t !== 'number' || DType[baseDType(t)] === undefined) {
      throw new TypeError(`Cannot convert the argument \`type_value\`: ${pyRepr(t)} to a TensorFlow DType.`);
    }
    return baseDType(t);
  });
  const graph = graphFromInputs(inp);
  const token = register(graph, func, tout, eager);
  const type = eager ? 'EagerPyFunc' : stateful ? 'PyFunc' : 'PyFuncStateless';
  const attrs: Record<string, unknown> = { token, Tout: tout };
  if (eager) attrs.is_async = false;
  const op = applyOp(type, { input: inp }, attrs, { name, graph });
  // A generated wrapper returns the op itself when it has no outputs.
  if (tout.length === 0) return op;
  return isList ? op.outputs : op.outputs[0];
}

/**
 * `tf.py_func(func, inp, Tout, stateful=True, name=None)`: runs the JS function `func` as an op
 * (PyFunc, or PyFuncStateless when `stateful` is false). `func` gets the values of `inp` as
 * Tensors and returns values of the dtypes `Tout` (one dtype: one output; a list: a list of
 * outputs; an empty list: the op). A Tensor or typed array it returns must have its output's
 * dtype (InvalidArgumentError otherwise, as a numpy array of another dtype); numbers, booleans,
 * strings and nested arrays of them take the output's dtype. What it throws fails the run: an
 * OpError with its own class, ValueError/TypeError/RangeError as InvalidArgumentError,
 * NotImplementedError as UnimplementedError, anything else as UnknownError.
 */
export function pyFunc(func: ScriptFn, inp: InputValue[], Tout: DType, options?: PyFuncOptions): Output;
export function pyFunc(func: ScriptFn, inp: InputValue[], Tout: [], options?: PyFuncOptions): Operation;
export function pyFunc(func: ScriptFn, inp: InputValue[], Tout: DType[], options?: PyFuncOptions): Output[];
export function pyFunc(func: ScriptFn, inp: InputValue[], Tout: DType | DType[], options: PyFuncOptions = {}):
  Output | Output[] | Operation {
  return internalPyFunc(func, inp, Tout, options.stateful ?? true, false, options.name);
}

/** `tf.numpy_function(func, inp, Tout, stateful=True, name=None)`: `pyFunc` by its TF2 name. */
export const numpyFunction: typeof pyFunc = pyFunc;

/**
 * `tf.py_function(func, inp, Tout, name=None)`: an EagerPyFunc op running `func`. Its values are
 * converted to their Tout as `tf.convert_to_tensor(value, dtype)` does (a Tensor of another dtype
 * fails); extra returned values are dropped, as Python's zip with Tout does. Not differentiable
 * here (Python's gradient replays a GradientTape of the eager call).
 */
export function pyFunction(func: ScriptFn, inp: InputValue[], Tout: DType, options?: { name?: string }): Output;
export function pyFunction(func: ScriptFn, inp: InputValue[], Tout: [], options?: { name?: string }): Operation;
export function pyFunction(func: ScriptFn, inp: InputValue[], Tout: DType[], options?: { name?: string }): Output[];
export function pyFunction(func: ScriptFn, inp: InputValue[], Tout: DType | DType[], options: { name?: string } = {}):
  Output | Output[] | Operation {
  return internalPyFunc(func, inp, Tout, true, true, options.name);
}

/** TF registers PyFunc and PyFuncStateless as not differentiable. */
export const SCRIPT_GRADIENTS: Array<[string, GradFn | null]> = [['PyFunc', null], ['PyFuncStateless', null]];
