/**
 * TF1's assertions (`check_ops.py`) in graph mode: each in its name scope (`assert_less`,
 * `assert_rank_in`, ...), an `Assert` of the condition with TF1's data, or a `NoOp` when the
 * condition holds by the static shapes and dtypes, and TF1's ValueError / TypeError when it
 * fails by them; a comparison of two constant operands is checked while building, as TF1 does
 * (InvalidArgumentError with the data's values).
 */
import { InvalidArgumentError, ValueError } from '../errors';
import { DType, baseDType, dtypeName, dtypeRepr, isFloatingDType, isIntegerDType } from '../framework/dtypes';
import { InputValue, applyOp, constantValue, convertToTensor } from '../framework/op_def_library';
import { Operation, Output, colocateWith, getDefaultGraph } from '../framework/ops';
import { SparseTensor } from '../framework/sparse_tensor';
import { Tensor } from '../framework/tensor';
import { shapeString } from '../framework/tensor_shape';
import { numpyStr, pyStr } from '../util/python_repr';
import { constant, getItem, rank as rankOf, shape as shapeOf, stack, withScope } from './array_ops';
import { cond } from './cond';
import { Assert } from './control_flow_assert';
import { assertMessages, controlDependencies, group, noOp, withDependencies } from './control_flow_ops';
import { abs, add, equal, greaterEqual, less, logicalOr, mul, reduceAll, sub } from './math_ops';
import { Variable, globalVariables, localVariables } from './variables';

/** Options of the assertions (Python's keyword arguments). */
export interface AssertOptions {
  /** What the Assert prints when it fails (default: TF1's message with the operands). */
  data?: InputValue[];
  summarize?: number;
  /** Printed first. */
  message?: string;
  name?: string;
}

/**
 * A JS integer standing for a Python int (a rank, a class count) as TF converts one alone: int32
 * (a JS number alone converts to float32, as a Python float).
 */
export function pyInt(r: InputValue): InputValue {
  return typeof r === 'number' && Number.isInteger(r) ? Tensor.from(r, { dtype: DType.int32 }) : r;
}

/** `_message_prefix`. */
function messagePrefix(message?: string): string {
  return message ? `${message}.  ` : '';
}

/** `_binary_assert` in graph mode: the Assert that `opType(x, y)` holds everywhere. */
function binaryAssert(sym: string, opName: string, opType: string, x: InputValue, y: InputValue,
  options: AssertOptions): Operation {
  return withScope(options.name, opName, [x, y, options.data], (_scope, graph) => {
    const xt = convertToTensor(x, { name: 'x', graph });
    const yt = convertToTensor(y, { name: 'y', graph });
    let data = options.data ?? [`Condition x ${sym} y did not hold element-wise:`, `x (${xt.name}) = `, xt,
      `y (${yt.name}) = `, yt];
    if (options.message !== undefined) data = [options.message, ...data];
    const condition = reduceAll(applyOp(opType, { x: xt, y: yt }, {}, { name: opType, graph }).output(0));
    const [xs, ys] = [constantValue(xt), constantValue(yt)];
    if (xs && ys && !holdsEverywhere(opType, xs, ys)) assertStatic(data);
    return Assert(condition, data, { summarize: options.summarize });
  });
}

const COMPARE: Record<string, (a: number | bigint | string, b: number | bigint | string) => boolean> = {
  Equal: (a, b) => a === b, NotEqual: (a, b) => a !== b, Less: (a, b) => a < b, LessEqual: (a, b) => a <= b,
  Greater: (a, b) => a > b, GreaterEqual: (a, b) => a >= b,
};

/** numpy's `np.all(op(x, y))` over the two broadcast values (the graph's op has checked their shapes). */
function holdsEverywhere(opType: string, x: Tensor, y: Tensor): boolean {
  const rank = Math.max(x.rank, y.rank);
  const dims = (t: Tensor) => [...Array(rank - t.rank).fill(1), ...t.shape];
  const [dx, dy] = [dims(x), dims(y)];
  const out = dx.map((d, i) => (d === 1 ? dy[i] : d));
  const flat = (t: Tensor): Array<number | bigint | string> => [t.toArray()].flat(Infinity).map((v) =>
    (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : typeof v === 'boolean' ? Number(v) : v as number | bigint));
  const [fx, fy] = [flat(x), flat(y)];
  const size = out.reduce((a, b) => a * b, 1);
  // Walks the output's elements, each operand's flat index following it (a dimension of 1 stays put).
  const index = new Array(rank).fill(0);
  for (let n = 0; n < size; n++) {
    let [ix, iy] = [0, 0];
    for (let k = 0; k < rank; k++) {
      ix = ix * dx[k] + (dx[k] === 1 ? 0 : index[k]);
      iy = iy * dy[k] + (dy[k] === 1 ? 0 : index[k]);
    }
    if (!COMPARE[opType](fx[ix], fy[iy])) return false;
    for (let k = rank - 1; k >= 0 && ++index[k] === out[k]; k--) index[k] = 0;
  }
  return true;
}

/** `_assert_static`: the data as TF1 joins it, constants by their values. */
function assertStatic(data: InputValue[]): never {
  throw new InvalidArgumentError(data.map((d, i) => {
    if (!(d instanceof Output)) return pyStr(d);
    const value = constantValue(d);
    // Python joins the tensor itself, which str.join refuses.
    if (value === null) throw new TypeError(`sequence item ${i}: expected str instance, SymbolicTensor found`);
    return numpyStr(value);
  }).join('\n'));
}

/**
 * `tf.debugging.assert_equal(x, y)`: `x == y` everywhere. TF opens its scope once to short-circuit
 * `x is y` (a NoOp there), so the Assert is in the next one, `assert_equal_1`.
 */
export function assertEqual(x: InputValue, y: InputValue, options: AssertOptions = {}): Operation {
  const same = withScope(options.name, 'assert_equal', [x, y, options.data], () => (x === y ? noOp() : null));
  return same ?? binaryAssert('==', 'assert_equal', 'Equal', x, y, options);
}

/** `tf.debugging.assert_less(x, y)`: `x < y` everywhere. */
export function assertLess(x: InputValue, y: InputValue, options: AssertOptions = {}): Operation {
  return binaryAssert('<', 'assert_less', 'Less', x, y, options);
}

/** `tf.debugging.assert_less_equal(x, y)`: `x <= y` everywhere. */
export function assertLessEqual(x: InputValue, y: InputValue, options: AssertOptions = {}): Operation {
  return binaryAssert('<=', 'assert_less_equal', 'LessEqual', x, y, options);
}

/** `tf.debugging.assert_greater_equal(x, y)`: `x >= y` everywhere. */
export function assertGreaterEqual(x: InputValue, y: InputValue, options: AssertOptions = {}): Operation {
  return binaryAssert('>=', 'assert_greater_equal', 'GreaterEqual', x, y, options);
}

/** `tf.debugging.assert_greater(x, y)`: `x > y` everywhere. */
export function assertGreater(x: InputValue, y: InputValue, options: AssertOptions = {}): Operation {
  return binaryAssert('>', 'assert_greater', 'Greater', x, y, options);
}

/** `tf.debugging.assert_none_equal(x, y)`: `x != y` everywhere. */
export function assertNoneEqual(x: InputValue, y: InputValue, options: AssertOptions = {}): Operation {
  return binaryAssert('!=', 'assert_none_equal', 'NotEqual', x, y, options);
}

/**
 * The sign assertions: `x <cond>` everywhere, as `compare` of x and a zero of its dtype. `lines`
 * are TF1's default data before `x`: assert_non_positive's run together, a comma missing in TF.
 */
function signAssert(opName: string, lines: (xName: string) => string[], compare: typeof assertLess, zeroFirst: boolean,
  x: InputValue, options: AssertOptions): Operation {
  const message = messagePrefix(options.message);
  return withScope(options.name, opName, [x, options.data], (_scope, graph) => {
    const xt = convertToTensor(x, { name: 'x', graph });
    const data = options.data ?? [message, ...lines(xt.name), xt];
    const zero = convertToTensor(0, { dtype: baseDType(xt.dtype), graph });
    return zeroFirst ? compare(zero, xt, { data, summarize: options.summarize })
      : compare(xt, zero, { data, summarize: options.summarize });
  });
}

/** `tf.debugging.assert_negative(x)`: `x < 0` everywhere. */
export function assertNegative(x: InputValue, options: AssertOptions = {}): Operation {
  return signAssert('assert_negative', (n) => ['Condition x < 0 did not hold element-wise:', `x (${n}) = `],
    assertLess, false, x, options);
}

/** `tf.debugging.assert_positive(x)`: `x > 0` everywhere. */
export function assertPositive(x: InputValue, options: AssertOptions = {}): Operation {
  return signAssert('assert_positive', (n) => ['Condition x > 0 did not hold element-wise:', `x (${n}) = `],
    assertLess, true, x, options);
}

/** `tf.debugging.assert_non_negative(x)`: `0 <= x` everywhere. */
export function assertNonNegative(x: InputValue, options: AssertOptions = {}): Operation {
  return signAssert('assert_non_negative', (n) => ['Condition x >= 0 did not hold element-wise:', `x (${n}) = `],
    assertLessEqual, true, x, options);
}

/** `tf.debugging.assert_non_positive(x)`: `x <= 0` everywhere. */
export function assertNonPositive(x: InputValue, options: AssertOptions = {}): Operation {
  return signAssert('assert_non_positive', (n) => [`Condition x <= 0 did not hold element-wise:x (${n}) = `],
    assertLessEqual, false, x, options);
}

/** `tf.debugging.assert_type(tensor, tfType)`: a NoOp, or TF1's TypeError when the dtype differs. */
export function assertType(tensor: InputValue, tfType: DType, options: { message?: string; name?: string } = {}): Operation {
  return withScope(options.name, 'assert_type', [tensor], (_scope, graph) => {
    const t = convertToTensor(tensor, { name: 'tensor', graph });
    if (t.dtype !== tfType) {
      throw new TypeError(`${messagePrefix(options.message)}${t.name} must be of type tf.${dtypeName(tfType)}; ` +
        `got tf.${dtypeName(t.dtype)}`);
    }
    return noOp('statically_determined_correct_type');
  });
}

/**
 * `_assert_ranks_condition`: a NoOp when the ranks and `x`'s rank are known (a `fail` error when
 * they do not agree), else the Assert of `dynamic(rank(x), ranks)`, after checking at run time
 * that the ranks not known are scalars.
 */
function ranksCondition(x: Output, ranks: Output[], agree: (xRank: number, given: number[]) => boolean,
  dynamic: (actual: Output, given: Output[]) => Output, fail: (xRank: number, given: number[]) => Error,
  data: InputValue[], summarize?: number): Operation {
  for (const r of ranks) assertType(r, DType.int32);
  const statics = ranks.map(constantValue);
  if (statics.every((s) => s !== null)) {
    if (statics.some((s) => s!.shape.length !== 0)) throw new ValueError('Rank must be a scalar.');
    const given = statics.map((s) => Number(s!.item()));
    const xRank = x.shape?.length;
    if (xRank !== undefined) {
      if (!agree(xRank, given)) throw fail(xRank, given);
      return noOp('static_checks_determined_all_ok');
    }
  }
  let condition = dynamic(rankOf(x), ranks);
  ranks.forEach((r, i) => {
    if (statics[i] === null) {
      condition = withDependencies([assertRank(r, 0, { data: ['Rank must be a scalar. Received rank: ', r] })], condition);
    }
  });
  return Assert(condition, data, { summarize });
}

/** `tf.debugging.assert_rank(x, rank)`: `x` has rank `rank`. */
export function assertRank(x: InputValue, rank: InputValue, options: AssertOptions = {}): Operation {
  return withScope(options.name, 'assert_rank', [x, rank, options.data], (_scope, graph) => {
    const xt = convertToTensor(x, { name: 'x', graph });
    const r = convertToTensor(pyInt(rank), { name: 'rank', graph });
    const message = messagePrefix(options.message);
    const data = options.data ?? [message, `Tensor ${xt.name} must have rank`, r, 'Received shape: ', shapeOf(xt)];
    return ranksCondition(xt, [r], (a, [g]) => a === g, (a, [g]) => equal(a, g),
      (a, [g]) => new ValueError(`${message}Tensor ${xt.name} must have rank ${g}.  Received rank ${a}, shape ` +
        `${shapeString(xt.shape)}`), data, options.summarize);
  });
}

/** `tf.debugging.assert_rank_in(x, ranks)`: `x` has one of the `ranks`. */
export function assertRankIn(x: InputValue, ranks: InputValue[], options: AssertOptions = {}): Operation {
  return withScope(options.name, 'assert_rank_in', [x, ...ranks, options.data], (_scope, graph) => {
    const xt = convertToTensor(x, { name: 'x', graph });
    const rs = ranks.map((r) => convertToTensor(pyInt(r), { name: 'rank', graph }));
    const message = messagePrefix(options.message);
    const data = options.data ?? [message, `Tensor ${xt.name} must have rank in`, ...rs, 'Received shape: ', shapeOf(xt)];
    const tuple = (given: number[]) => `(${given.join(', ')}${given.length === 1 ? ',' : ''})`;
    return ranksCondition(xt, rs, (a, given) => given.includes(a),
      (a, given) => given.slice(1).reduce((c, g) => logicalOr(c, equal(g, a)), equal(given[0], a)),
      (a, given) => new ValueError(`${message}Tensor ${xt.name} must have rank in ${tuple(given)}.  Received rank ${a}, ` +
        `shape ${shapeString(xt.shape)}`), data, options.summarize);
  });
}

/** Options of `assertNear`: the tolerances (default `10 * eps` of x's real dtype). */
export interface AssertNearOptions extends AssertOptions {
  rtol?: InputValue;
  atol?: InputValue;
}

/** numpy's `finfo(dtype).eps` of the real float dtypes. */
const EPS: Partial<Record<DType, number>> = {
  [DType.float16]: 2 ** -10, [DType.bfloat16]: 2 ** -7, [DType.float32]: 2 ** -23, [DType.float64]: 2 ** -52,
};

/**
 * `tf.debugging.assert_near(x, y, rtol, atol, data, summarize, message)` (v1, also `tf.assert_near`):
 * `|x - y| < atol + rtol * |y|` everywhere.
 */
export function assertNear(x: InputValue, y: InputValue, options: AssertNearOptions = {}): Operation {
  const message = messagePrefix(options.message);
  return withScope(options.name, 'assert_near', [x, y, options.rtol, options.atol, options.data], (_scope, graph) => {
    const xt = convertToTensor(x, { name: 'x', graph });
    const yt = convertToTensor(y, { name: 'y', dtype: xt.dtype, graph });
    const real = REAL_OF_COMPLEX[baseDType(xt.dtype)] ?? baseDType(xt.dtype);
    const eps = EPS[real];
    // numpy's finfo refuses the dtypes that are not floats.
    if (eps === undefined) throw new ValueError(`data type <class 'numpy.${dtypeName(real)}'> not inexact`);
    const rtol = convertToTensor(options.rtol ?? 10 * eps, { name: 'rtol', dtype: real, graph });
    const atol = convertToTensor(options.atol ?? 10 * eps, { name: 'atol', dtype: real, graph });
    const data = options.data ?? [message, `x and y not equal to tolerance rtol = ${pyStr(rtol)}, atol = ${pyStr(atol)}`,
      `x (${xt.name}) = `, xt, `y (${yt.name}) = `, yt];
    const tol = add(atol, mul(rtol, abs(yt), 'mul'), 'add');
    const diff = abs(sub(xt, yt, 'sub'));
    return Assert(reduceAll(less(diff, tol)), data, { summarize: options.summarize });
  });
}

const REAL_OF_COMPLEX: Partial<Record<DType, DType>> = { [DType.complex64]: DType.float32, [DType.complex128]: DType.float64 };

/** `tf.debugging.assert_rank_at_least(x, rank)` (v1, also `tf.assert_rank_at_least`): `x` has rank `rank` or more. */
export function assertRankAtLeast(x: InputValue, rank: InputValue, options: AssertOptions = {}): Operation {
  return withScope(options.name, 'assert_rank_at_least', [x, rank, ...(options.data ?? [])], (_scope, graph) => {
    const xt = convertToTensor(x, { name: 'x', graph });
    // Python ints (a list of them too) convert to int32.
    const ints = Array.isArray(rank) && (rank as unknown[]).flat(Infinity).every((r) => Number.isInteger(r));
    const r = convertToTensor(ints ? Tensor.from(rank as number[], { dtype: DType.int32 }) : pyInt(rank), { name: 'rank', graph });
    const message = messagePrefix(options.message);
    const data = options.data ?? [message, `Tensor ${xt.name} must have rank at least`, r, 'Received shape: ', shapeOf(xt)];
    return ranksCondition(xt, [r], (a, [g]) => a >= g, (a, [g]) => greaterEqual(a, g),
      (a, [g]) => new ValueError(`${message}Tensor ${xt.name} must have rank at least ${g}.  Received rank ${a}, shape ` +
        `${shapeString(xt.shape)}`), data, options.summarize);
  });
}

/**
 * `tf.debugging.assert_integer(x, message)` (v1, also `tf.assert_integer`): a NoOp, or TF1's
 * TypeError when `x` is not of an integer dtype.
 */
export function assertInteger(x: InputValue, options: { message?: string; name?: string } = {}): Operation {
  return withScope(options.name, 'assert_integer', [x], (_scope, graph) => {
    const xt = convertToTensor(x, { name: 'x', graph });
    if (!isIntegerDType(xt.dtype)) {
      throw new TypeError(`${messagePrefix(options.message)}Expected "x" to be integer type.  Found: ${xt.name} of dtype ` +
        dtypeRepr(xt.dtype));
    }
    return noOp('statically_determined_was_integer');
  });
}

/**
 * `tf.debugging.assert_scalar(tensor, name, message)` (v1, also `tf.assert_scalar`): the tensor
 * (a host value converted, named after the scope), or TF1's ValueError unless its static shape is `()`.
 */
export function assertScalar(tensor: InputValue, options: { message?: string; name?: string } = {}): Output {
  return withScope(options.name, 'assert_scalar', [tensor], (scope, graph) => {
    const t = convertToTensor(tensor, { name: scope, graph });
    if (t.shape?.length !== 0) {
      throw new ValueError(`${messagePrefix(options.message)}Expected scalar shape for ${t.name}, saw shape: ` +
        `${shapeString(t.shape)}.`);
    }
    return t;
  });
}

/** What `assertSameFloatDtype` checks: anything with a dtype (tensors, variables, sparse tensors), null skipped. */
type Typed = { dtype: DType; name?: string } | null | undefined;

/**
 * `tf.debugging.assert_same_float_dtype(tensors, dtype)` (also `tf.assert_same_float_dtype`): the
 * one float dtype of the tensors (and `dtype`), float32 when neither is given; TF1's ValueError
 * when they differ or it is not a float.
 */
export function assertSameFloatDtype(tensors?: Typed[] | null, dtype?: DType | null): DType {
  let expected = dtype ?? undefined;
  if (tensors && tensors.length > 0) expected = sameBaseType(tensors, expected);
  if (!expected) return DType.float32;
  if (!isFloatingDType(expected)) throw new ValueError(`Expected floating point type, got ${dtypeRepr(expected)}.`);
  return expected;
}

/** `_assert_same_base_type`: the items' one base dtype (or `expected`), TF1's ValueError naming the first that differs. */
function sameBaseType(items: Typed[], expected?: DType): DType | undefined {
  let first: string | undefined;
  let want = expected;
  for (const item of items) {
    if (!item) continue;
    const type = baseDType(item.dtype);
    if (!want) {
      want = type;
      first = item.name ?? pyStr(item);
    } else if (want !== type) {
      throw new ValueError(`${item.name ?? pyStr(item)}, type=${dtypeRepr(type)}, must be of the same type ` +
        `(${dtypeRepr(want)})${first !== undefined ? ` as ${first}` : ''}.`);
    }
  }
  return want;
}

/**
 * `tf.debugging.assert_proper_iterable(values)` (also `tf.assert_proper_iterable`): TF1's
 * TypeError for a tensor, a host Tensor, a string or bytes, or anything not iterable.
 */
export function assertProperIterable(values: unknown): void {
  const improper = values instanceof Output || values instanceof Tensor || values instanceof SparseTensor ||
    typeof values === 'string' || values instanceof Uint8Array;
  if (improper) {
    throw new TypeError(`Expected argument "values" to be a "proper" iterable.  Found: ${pyTypeOf(values)}`);
  }
  if (values === null || values === undefined || typeof (values as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`Expected argument "values" to be iterable.  Found: ${pyTypeOf(values)}`);
  }
}

/** Python's `type(x)` of the JS value standing for `x`, as `%s` prints it. */
function pyTypeOf(x: unknown): string {
  if (x instanceof Output) return "<class 'tensorflow.python.framework.ops.SymbolicTensor'>";
  if (x instanceof SparseTensor) return "<class 'tensorflow.python.framework.sparse_tensor.SparseTensor'>";
  if (x instanceof Tensor) return "<class 'numpy.ndarray'>";
  if (x instanceof Uint8Array) return "<class 'bytes'>";
  if (typeof x === 'string') return "<class 'str'>";
  if (typeof x === 'number') return Number.isInteger(x) ? "<class 'int'>" : "<class 'float'>";
  if (typeof x === 'boolean') return "<class 'bool'>";
  if (x === null || x === undefined) return "<class 'NoneType'>";
  return "<class 'object'>";
}

/**
 * A dimension of an `assertShapes` shape: a size, a symbol naming a size shared between tensors
 * ('N'), null or '.' for any size, and first only '...' or '*' for any number of leading dimensions.
 */
export type ShapeSymbol = number | string | null;

/** Python's `int(symbol)` succeeds (`_has_known_value`): a number or an integer's digits. */
function knownSize(s: ShapeSymbol | Output): s is number | string {
  return typeof s === 'number' || (typeof s === 'string' && /^\s*[+-]?\d+\s*$/.test(s));
}

/**
 * `tf.debugging.assert_shapes(shapes, data, summarize, message)` (v1): each tensor has its shape,
 * symbols standing for the same size wherever they appear. A shape given as a string is its
 * characters ('NC'), as in Python. The static checks throw TF1's ValueErrors; the rest are rank
 * assertions and `Assert`s of the sizes, grouped into the op returned.
 */
export function assertShapes(shapes: Array<[InputValue, ShapeSymbol[] | string | null]>, options: AssertOptions = {}): Operation {
  const message = messagePrefix(options.message);
  const sub = { data: options.data, summarize: options.summarize, message: options.message, name: options.name };
  const [rankAssertions, sizeAssertions] = withScope(options.name, 'assert_shapes', [shapes, options.data], (_scope, graph) => {
    const constraints = shapes.filter(([, s]) => s !== null && s !== undefined)
      .map(([x, s]) => [convertToTensor(x, { graph }), s] as const);
    const dims = constraints.map(([x, spec]) => {
      if (typeof spec !== 'string' && !Array.isArray(spec)) {
        throw new ValueError(`${message}Tensor ${x.name}.  Specified shape must be an iterable.  An iterable has the ` +
          `attribute \`__iter__\` or \`__getitem__\`.  Received specified shape: ${pyStr(spec)}`);
      }
      const symbols: ShapeSymbol[] = [...spec];
      symbols.forEach((s, i) => {
        if ((s === '...' || s === '*') && i !== 0) {
          throw new ValueError(`${message}Tensor ${x.name} specified shape index ${i}.  Symbol \`...\` or \`*\` for a ` +
            'variable number of unspecified dimensions is only allowed as the first entry');
        }
      });
      const innermost = symbols[0] === '...' || symbols[0] === '*';
      const specified = innermost ? symbols.slice(1) : symbols;
      return { x, innermost, actual: dimensionSizes(x), symbols: specified.length ? specified : [1] };
    });
    const ranks: Operation[] = [];
    for (const d of dims) {
      const n = d.symbols.length;
      if (d.innermost) {
        if (n > 1) ranks.push(assertRankAtLeast(d.x, n, sub));
      } else {
        // Rank 0 counts as rank 1 of size 1.
        ranks.push(n === 1 ? assertRankIn(d.x, [0, 1], sub) : assertRank(d.x, n, sub));
      }
    }
    const sizes: Operation[] = [];
    const specs = new Map<string | number, [number | Output, Output, number]>();
    const actualSize = (actual: Array<number | Output> | Output, i: number) => graph.controlDependencies(ranks, () =>
      (Array.isArray(actual) ? actual[i < 0 ? actual.length + i : i] : getItem(actual, i)));
    for (const d of dims) {
      d.symbols.forEach((symbol, i) => {
        if (symbol === null || symbol === '.') return;
        const dim = d.innermost ? i - d.symbols.length : i;
        if (!specs.has(symbol) && !knownSize(symbol)) {
          specs.set(symbol, [actualSize(d.actual, dim), d.x, dim]);
          return;
        }
        let specified: number | Output;
        let how: string;
        if (knownSize(symbol)) {
          specified = Number(symbol);
          how = 'Specified explicitly';
        } else {
          const [size, by, at] = specs.get(symbol)!;
          specified = size;
          how = `Specified by tensor ${by.name} dimension ${at}`;
        }
        const actual = actualSize(d.actual, dim);
        if (typeof actual === 'number' && typeof specified === 'number') {
          if (actual !== specified) {
            throw new ValueError(`${message}${how}.  Tensor ${d.x.name} dimension ${dim} must have size ${specified}.  ` +
              `Received size ${actual}, shape ${shapeString(d.x.shape)}`);
          }
          return;
        }
        const condition = equal(convertToTensor(pyInt(actual), { graph }), convertToTensor(pyInt(specified), { graph }));
        if (options.data) {
          sizes.push(Assert(condition, options.data, { summarize: options.summarize }));
          return;
        }
        // All strings and int32 (the Python ints as int32 Consts), so Assert needs no guard.
        sizes.push(assertMessages(condition, [message, how, `Tensor ${d.x.name} dimension`, pyInt(dim), 'must have size',
          pyInt(specified), 'Received shape: ', shapeOf(d.x)], undefined, options.summarize));
      });
    }
    return [ranks, sizes];
  });
  return controlDependencies(rankAssertions, () => group(sizeAssertions));
}

/** `_dimension_sizes`: each static size, else the dynamic one; a scalar as `[1]`. */
function dimensionSizes(x: Output): Array<number | Output> | Output {
  const dynamic = shapeOf(x);
  if (x.shape?.length === 0) return [1];
  if (x.shape) return x.shape.map((d, i) => d ?? getItem(dynamic, i));
  return cond(equal(rankOf(x), 0), () => constant([1], { dtype: DType.int32 }), () => dynamic) as Output;
}

/**
 * `tf.assert_variables_initialized(var_list)`: the rank (a `Rank` op colocated with each variable,
 * stacked when several) of every variable, which fails while one is uninitialized; by default the
 * global and local variables, else the graph's `VariableV2` ops; null when there are none.
 */
export function assertVariablesInitialized(varList?: Variable[]): Output | null {
  const graph = getDefaultGraph();
  let list: Array<Variable | Output> = varList ?? [...globalVariables(), ...localVariables()];
  if (list.length === 0) {
    list = graph.operations().filter((op) => ['Variable', 'VariableV2', 'AutoReloadVariable'].includes(op.type))
      .map((op) => op.output(0));
  }
  if (list.length === 0) return null;
  const ranks = list.map((v) => colocateWith(v.op, () => withScope(undefined, 'Rank', [v], (scope, g) =>
    applyOp('Rank', { input: convertToTensor(v, { graph: g }) }, {}, scope).output(0))));
  return ranks.length === 1 ? ranks[0] : stack(ranks);
}
