/**
 * TF1's assertions (`check_ops.py`) in graph mode: each in its name scope (`assert_less`,
 * `assert_rank_in`, ...), an `Assert` of the condition with TF1's data, or a `NoOp` when the
 * condition holds by the static shapes and dtypes, and TF1's ValueError / TypeError when it
 * fails by them; a comparison of two constant operands is checked while building, as TF1 does
 * (InvalidArgumentError with the data's values).
 */
import { InvalidArgumentError, ValueError } from '../errors';
import { DType, baseDType, dtypeName } from '../framework/dtypes';
import { InputValue, applyOp, constantValue, convertToTensor } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { shapeString } from '../framework/tensor_shape';
import { numpyStr, pyStr } from '../util/python_repr';
import { rank as rankOf, shape as shapeOf, withScope } from './array_ops';
import { Assert } from './control_flow_assert';
import { noOp, withDependencies } from './control_flow_ops';
import { equal, logicalOr, reduceAll } from './math_ops';

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
