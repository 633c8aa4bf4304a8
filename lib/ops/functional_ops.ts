/**
 * TF1's functional ops (`tf.compat.v1.map_fn`, `foldl`, `foldr`, `scan`; map_fn.py and
 * functional_ops.py) as TF 2.21 builds them with v2 control flow off: the elements unstacked
 * into TensorArrays, a v1 while loop (`maximum_iterations` n) that reads them, and for map_fn and
 * scan TensorArrays of the results stacked after it. Arrays and plain objects are structures (as
 * Python's lists and dicts), their leaves tensors or host values.
 */
import { AttributeError, IndexError, ValueError } from '../errors';
import { DType, baseDType } from '../framework/dtypes';
import { InputValue, convertToTensor } from '../framework/op_def_library';
import { Graph, Output } from '../framework/ops';
import { assertDimsCompatible, shapeString } from '../framework/tensor_shape';
import { Nested, assertSameStructure, flatten, isNested, packSequenceAs } from '../util/nest';
import { pyStr } from '../util/python_repr';
import { constant, shape, sliceOf, withScope } from './array_ops';
import { add, greater, greaterEqual, less, sub } from './math_ops';
import { pythonNumber, pythonType } from './python_type';
import { TensorArray } from './tensor_array_ops';
import { getVariableScope } from './variable_scope';
import { LoopTensor, whileLoop } from './while_loop';

/** What map_fn, foldl, foldr and scan pass on to their while loop. */
export interface LoopOptions {
  /** How many iterations may run in parallel (default 10). */
  parallelIterations?: number;
  /** Whether gradients may go through the loop (default true). */
  backProp?: boolean;
  /** Whether GPU-CPU memory swapping is on for the loop (default false). */
  swapMemory?: boolean;
  /** The name scope (default `map`, `foldl`, `foldr`, `scan`). */
  name?: string;
}

export interface MapFnOptions extends LoopOptions {
  /** Deprecated name of `fnOutputSignature`. */
  dtype?: Nested<DType>;
  /** The dtype(s) of what `fn` gives, in its structure (default: the elements' dtypes and structure). */
  fnOutputSignature?: Nested<DType>;
  /** Whether all results must have one shape (default true). */
  inferShape?: boolean;
}

export interface FoldOptions<A> extends LoopOptions {
  /** The first accumulator (default: the first element, for foldr the last; the loop then starts after it). */
  initializer?: A;
}

export interface ScanOptions<A> extends FoldOptions<A> {
  /** Whether all accumulators must have one shape (default true). */
  inferShape?: boolean;
  /** Scan from the last element to the first (default false). */
  reverse?: boolean;
}

/** Python's `fn.__name__` of a non-callable `fn`: an AttributeError, as TF's message reads it first. */
function checkCallable(fn: unknown): void {
  if (typeof fn !== 'function') {
    const typeName = pythonType(fn).slice("<class '".length, -"'>".length).split('.').pop();
    throw new AttributeError(`'${typeName}' object has no attribute '__name__'`);
  }
}

/** The variables `fn` makes are read where the loop's ops run (`varscope.set_caching_device(lambda op: op.device)`). */
function withCachingDevice<T>(fn: () => T): T {
  const varscope = getVariableScope();
  const wasNone = varscope.cachingDevice === undefined;
  if (wasNone) varscope.setCachingDevice((op) => op.device);
  try {
    return fn();
  } finally {
    if (wasNone) varscope.setCachingDevice(undefined);
  }
}

/** `ops.convert_to_tensor(elem, name='elem')` of each leaf (whole JS numbers as int32, as Python ints). */
function convertElems(flat: unknown[], graph: Graph): Output[] {
  return flat.map((e) => convertToTensor(pythonNumber(e) as InputValue, { name: 'elem', graph }));
}

/** `dimension_value(t.shape[0])`: null when unknown; of a scalar, Python's IndexError when `strict`. */
function staticDim0(t: Output, strict = false): number | null {
  if (strict && t.shape !== null && t.shape.length === 0) throw new IndexError('list index out of range');
  return t.shape === null ? null : t.shape[0] ?? null;
}

/** `with_rank_at_least(1)[0]` of each element's shape, checked compatible with the first one's. */
function staticCount(elemsFlat: Output[]): number | null {
  const dims = elemsFlat.map((t) => {
    if (t.shape !== null && t.shape.length < 1) throw new ValueError(`Shape ${shapeString(t.shape)} must have rank at least 1`);
    return staticDim0(t);
  });
  for (const d of dims.slice(1)) assertDimsCompatible(dims[0], d);
  return dims[0];
}

/** `r.set_shape(TensorShape(n_static).concatenate(r.shape[1:]))`. */
function setCount(r: Output, nStatic: number | null): void {
  const s = r.shape;
  if (s !== null) r.setShape([nStatic, ...s.slice(1)]);
}

/**
 * `tf.compat.v1.map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True,
 * swap_memory=False, infer_shape=True, name=None, fn_output_signature=None)`: `fn` of each slice
 * of `elems` on its first dimension (a structure: of each slice of all its tensors, in that
 * structure), the results stacked. Without `fnOutputSignature` (or `dtype`), `fn` gives the
 * structure and dtypes of `elems`.
 */
export function mapFn<E, R = LoopTensor<E>>(fn: (elems: LoopTensor<E>) => unknown, elems: E,
  options: MapFnOptions = {}): R {
  const signature = options.fnOutputSignature ?? options.dtype;
  checkCallable(fn);
  const parallelIterations = options.parallelIterations || 10;
  const flat = flatten(elems as Nested<unknown>);
  if (flat.length === 0) {
    throw new ValueError('elems must be a Tensor or (possibly nested) sequence of Tensors. ' +
      `Got ${pyStr(elems)}, which does not contain any Tensors.`);
  }
  return withScope(options.name, 'map', flat, (_, graph) => graph.asDefault(() => withCachingDevice(() => {
    const elemsFlat = convertElems(flat, graph);
    const first = elemsFlat[0].shape;
    if (first !== null && first.length < 1) throw new ValueError('Elements in elems must be 1+ dimensional Tensors, not scalars');
    const nStatic = staticCount(elemsFlat);
    const n = nStatic || sliceOf(shape(elemsFlat[0]), [0]);
    const elemsTa = elemsFlat.map((t) => new TensorArray(t.dtype, { size: n, dynamicSize: false, inferShape: true }));
    const unstacked = elemsTa.map((ta, k) => ta.unstack(elemsFlat[k]));
    const i = constant(0, { dtype: DType.int32 });
    const resultDTypes = signature === undefined ? elemsFlat.map((t) => baseDType(t.dtype)) : flatten(signature);
    const resultTa = resultDTypes.map((dtype) => new TensorArray(dtype, { size: n, dynamicSize: false,
      inferShape: options.inferShape ?? true }));
    const [, rA] = whileLoop((j: Output) => less(j, n), (j: Output, tas: TensorArray[]) => {
      const value = packSequenceAs(elems as Nested<unknown>, unstacked.map((ta) => ta.read(j)));
      const result = fn(value as LoopTensor<E>);
      assertSameStructure(signature ?? elems, result);
      const results = flatten(result as Nested<InputValue>);
      const written = tas.map((ta, k) => ta.write(j, results[k]));
      return [add(j, 1, 'add'), written];
    }, [i, resultTa], { parallelIterations, backProp: options.backProp, swapMemory: options.swapMemory,
      maximumIterations: n }) as [Output, TensorArray[]];
    const stacked = rA.map((r) => r.stack());
    for (const r of stacked) setCount(r, nStatic);
    return packSequenceAs((signature ?? elems) as Nested<unknown>, stacked) as R;
  })));
}

/** The arrays of a fold: each leaf of `elems` (by its converted tensor's dtype) unstacked into one. */
function foldArrays(elems: unknown, elemsFlat: Output[], n: number | Output): TensorArray[] {
  return flatten(elems as Nested<unknown>).map((e, k) => new TensorArray(elemsFlat[k].dtype,
    { size: n, dynamicSize: false, inferShape: true }).unstack(e as InputValue));
}

/** What foldl and foldr loop over: the first counter and accumulator, the predicate and the body. */
interface Fold {
  i: InputValue;
  a: unknown;
  cond: (i: Output) => Output;
  body: (i: Output, acc: unknown) => [Output, unknown];
}

/** foldl and foldr: their scope and arrays, then the loop `build` gives (`read` reads the elements at an index). */
function fold<A>(defaultName: string, fn: unknown, elems: unknown, options: FoldOptions<A>,
  build: (n: number | Output, read: (i: InputValue) => unknown) => Fold): LoopTensor<A> {
  checkCallable(fn);
  return withScope(options.name, defaultName, [elems], (_, graph) => graph.asDefault(() => withCachingDevice(() => {
    const elemsFlat = convertElems(flatten(elems as Nested<unknown>), graph);
    const n = staticDim0(elemsFlat[0], true) || sliceOf(shape(elemsFlat[0]), [0]);
    const tas = foldArrays(elems, elemsFlat, n);
    const { i, a, cond, body } = build(n, (at) => packSequenceAs(elems as Nested<unknown>, tas.map((ta) => ta.read(at))));
    const [, rA] = whileLoop<[Output, unknown]>(cond as (i: Output, a: unknown) => Output, body, [i as Output, a], { parallelIterations: options.parallelIterations,
      backProp: options.backProp, swapMemory: options.swapMemory, maximumIterations: n }) as [Output, LoopTensor<A>];
    return rA;
  })));
}

const isNone = (x: unknown) => x === undefined || x === null;

/**
 * `tf.compat.v1.foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True,
 * swap_memory=False, name=None)`: `fn(acc, elem)` over the slices of `elems` on their first
 * dimension, first to last, from `initializer` (default: the first slice); gives the last `acc`.
 */
export function foldl<E, A = E>(fn: (acc: LoopTensor<A>, elem: LoopTensor<E>) => unknown, elems: E,
  options: FoldOptions<A> = {}): LoopTensor<A> {
  return fold('foldl', fn, elems, options, (n, read) => {
    const none = isNone(options.initializer);
    const a = none ? read(0) : options.initializer;
    return { i: constant(none ? 1 : 0, { dtype: DType.int32 }), a, cond: (i) => less(i, n), body: (i, acc) => {
      const out = fn(acc as LoopTensor<A>, read(i) as LoopTensor<E>);
      return [add(i, 1, 'add'), out];
    } };
  });
}

/**
 * `tf.compat.v1.foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True,
 * swap_memory=False, name=None)`: `fn(acc, elem)` over the slices of `elems` on their first
 * dimension, last to first, from `initializer` (default: the last slice); gives the last `acc`.
 */
export function foldr<E, A = E>(fn: (acc: LoopTensor<A>, elem: LoopTensor<E>) => unknown, elems: E,
  options: FoldOptions<A> = {}): LoopTensor<A> {
  return fold('foldr', fn, elems, options, (n, read) => {
    const none = isNone(options.initializer);
    const i = !none ? n : typeof n === 'number' ? n - 1 : sub(n, 1, 'sub');
    return { i, a: none ? read(i) : options.initializer, cond: (j) => greater(j, 0), body: (j, acc) => {
      const k = sub(j, 1, 'sub');
      return [k, fn(acc as LoopTensor<A>, read(k) as LoopTensor<E>)];
    } };
  });
}

/**
 * `tf.compat.v1.scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True,
 * swap_memory=False, infer_shape=True, reverse=False, name=None)`: `fn(acc, elem)` over the
 * slices of `elems` on their first dimension (last to first with `reverse`), from `initializer`
 * (default: the first slice, which is then the first result); gives every `acc`, stacked.
 */
export function scan<E, A = E>(fn: (acc: LoopTensor<A>, elem: LoopTensor<E>) => unknown, elems: E,
  options: ScanOptions<A> = {}): LoopTensor<A> {
  checkCallable(fn);
  const { initializer, reverse = false } = options;
  const none = isNone(initializer);
  const inputNested = isNested(elems);
  const inputFlat = inputNested ? flatten(elems as Nested<unknown>) : [elems];
  const inputPack = (x: unknown[]) => (inputNested ? packSequenceAs(elems as Nested<unknown>, x) : x[0]);
  const outputLike = none ? elems : initializer;
  const outputNested = isNested(outputLike);
  const outputFlatten = (x: unknown) => (outputNested ? flatten(x as Nested<unknown>) : [x]);
  const outputPack = (x: unknown[]) => (outputNested ? packSequenceAs(outputLike as Nested<unknown>, x) : x[0]);
  return withScope(options.name, 'scan', inputFlat, (_, graph) => graph.asDefault(() => withCachingDevice(() => {
    const elemsFlat = convertElems(inputFlat, graph);
    const nDim = staticDim0(elemsFlat[0], true);
    const n = nDim === null ? sliceOf(shape(elemsFlat[0]), [0]) : nDim;
    const last = () => (typeof n === 'number' ? n - 1 : sub(n, 1, 'sub'));
    const elemsTa = elemsFlat.map((t) => new TensorArray(t.dtype, { size: n, dynamicSize: false,
      elementShape: t.shape === null ? null : t.shape.slice(1), inferShape: true }));
    const unstacked = elemsTa.map((ta, k) => ta.unstack(elemsFlat[k]));
    const aFlat = none ? unstacked.map((ta) => ta.read(reverse ? last() : 0))
      : outputFlatten(initializer).map((v) => convertToTensor(pythonNumber(v) as InputValue, { graph }));
    const inferShape = options.inferShape ?? true;
    let accs = aFlat.map((init) => new TensorArray(init.dtype, { size: n, elementShape: inferShape ? init.shape : null,
      dynamicSize: false, inferShape }));
    if (none) accs = accs.map((ta, k) => ta.write(reverse ? last() : 0, aFlat[k]));
    const i = none ? 1 : 0;
    const initialI = reverse ? (typeof n === 'number' ? n - 1 - i : sub(sub(n, 1, 'sub'), i, 'sub')) : i;
    const [, , rA] = whileLoop((j: Output) => (reverse ? greaterEqual(j, 0) : less(j, n)),
      (j: Output, a: Output[], tas: TensorArray[]) => {
        const aOut = fn(outputPack(a) as LoopTensor<A>, inputPack(unstacked.map((ta) => ta.read(j))) as LoopTensor<E>);
        assertSameStructure(outputLike, aOut);
        const flatOut = outputFlatten(aOut) as InputValue[];
        const written = tas.map((ta, k) => ta.write(j, flatOut[k]));
        return [reverse ? sub(j, 1, 'sub') : add(j, 1, 'add'), flatOut, written];
      }, [initialI, aFlat, accs], { parallelIterations: options.parallelIterations, backProp: options.backProp,
        swapMemory: options.swapMemory, maximumIterations: n }) as [Output, Output[], TensorArray[]];
    const results = rA.map((r) => r.stack());
    const nStatic = staticCount(elemsFlat);
    for (const r of results) setCount(r, nStatic);
    return outputPack(results) as LoopTensor<A>;
  })));
}

