/**
 * Stateless random ops (TF's `stateless_random_ops`, `tf.random.stateless_*`): values that depend
 * only on a shape-[2] integer seed tensor, the same on every run and for the same seed as TF's.
 * Each op takes the (key, counter) of `StatelessRandomGetKeyCounter` for the algorithm TF picks.
 */
import { ValueError } from '../errors';
import { DType, dtypeRepr, isIntegerDType } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor } from '../framework/op_def_library';
import { Graph, Output } from '../framework/ops';
import { Tensor, TensorLike } from '../framework/tensor';
import { cast, constant, reshape, shape as shapeOf, sliceOf, stack, withScope, zeros } from './array_ops';
import * as raw from './gen/raw_ops';
import { add, maximum, mul, sub, truediv } from './math_ops';
import { checkDType, hostDType, shapeTensor, tinyOf } from './random_ops';
import { pyStr } from '../util/python_repr';

/** `tf.random.Algorithm`: by name, or its number. */
export type RandomAlgorithm = 'philox' | 'threefry' | 'auto_select' | number;

/** Options of the stateless ops that take an algorithm. */
export interface StatelessOptions {
  dtype?: DType;
  name?: string;
  /** The RNG algorithm (default 'auto_select', which lets the kernel pick). */
  alg?: RandomAlgorithm;
}

const [PHILOX, THREEFRY, AUTO_SELECT] = [1, 2, 3];

/** `convert_alg_to_int`: the algorithm's number, ValueError for an unknown name. */
function algToInt(alg: RandomAlgorithm): number {
  if (typeof alg === 'number') return alg;
  const canon = alg.trim().toLowerCase().replace(/[-_]/g, '');
  const n = { philox: PHILOX, threefry: THREEFRY, autoselect: AUTO_SELECT }[canon];
  if (n === undefined) {
    throw new ValueError(`Argument \`alg\` got unsupported value ${alg}. Supported values are philox for the Philox ` +
      'algorithm, threefry for the ThreeFry algorithm, and auto_select for auto-selection.');
  }
  return n;
}

/** A host seed as the int32 tensor Python's ints make (JS numbers alone would be float32). */
function intSeed(seed: InputValue): InputValue {
  return seed instanceof Tensor || hostDType(seed, DType.int32) === undefined ? seed
    : Tensor.from(seed as TensorLike, { dtype: DType.int32 });
}

/** `_uint32s_to_uint64`: the two uint32 of `x` (low, high) as one uint64. */
function uint32sToUint64(x: Output): Output {
  const low = cast(sliceOf(x, [0]), DType.uint64);
  const high = raw.leftShift({ x: cast(sliceOf(x, [1]), DType.uint64), y: constant(32, { dtype: DType.uint64 }) });
  return raw.bitwiseOr({ x: low, y: high });
}

/** `get_key_counter_alg`: the key and counter tensors of `seed` for the algorithm, and its number. */
function keyCounterAlg(seed: InputValue, alg: RandomAlgorithm | undefined): [Output, Output, number] {
  const n = algToInt(alg ?? AUTO_SELECT);
  const s = intSeed(seed);
  if (n === AUTO_SELECT) {
    const { key, counter } = raw.statelessRandomGetKeyCounter({ seed: s });
    return [key, counter, n];
  }
  if (n === PHILOX) {
    // `_philox_scramble_seed`: the seed mixed by Philox itself into a key and a counter.
    const key = constant([0x02461E293EC8F720n], { dtype: DType.uint64 });
    const mix = applyOp('StatelessRandomUniformFullIntV2', { shape: [4], key, counter: cast(s, DType.uint64), alg: PHILOX },
      { dtype: DType.uint32 }).output(0);
    return [reshape(uint32sToUint64(sliceOf(mix, [[null, 2]])), [1]),
      stack([0, uint32sToUint64(sliceOf(mix, [[2, null]]))]), n];
  }
  if (n === THREEFRY) return [reshape(uint32sToUint64(cast(s, DType.uint32)), [1]), zeros([1], DType.uint64), n];
  throw new ValueError(`Argument \`alg\` got unsupported value ${alg}. Supported values are ${PHILOX} for the Philox ` +
    `algorithm, ${THREEFRY} for the ThreeFry algorithm, and ${AUTO_SELECT} for auto-selection.`);
}

/** Options of `statelessUniform`. */
export interface StatelessUniformOptions extends StatelessOptions {
  /** Lower bound (default 0); null with `maxval` null, for an integer dtype, draws over all its values. */
  minval?: number | null;
  /** Upper bound, excluded (default 1 for floats; required with `minval` for integers). */
  maxval?: number | null;
}

/**
 * `tf.random.stateless_uniform(shape, seed, minval=0, maxval=None, dtype=tf.float32, name=None,
 * alg='auto_select')`: values in [minval, maxval), integers too; with an integer dtype and
 * minval and maxval null, any value of the dtype.
 */
export function statelessUniform(shape: number[] | Output, seed: InputValue, options: StatelessUniformOptions = {}): Output {
  const dtype = options.dtype ?? DType.float32;
  checkDType(dtype, [DType.float16, DType.bfloat16, DType.float32, DType.float64, DType.int32, DType.int64, DType.uint32,
    DType.uint64]);
  const minval = options.minval === undefined ? 0 : options.minval;
  let maxval = options.maxval ?? null;
  if (isIntegerDType(dtype)) {
    if ((minval === null) !== (maxval === null)) {
      throw new ValueError(`For integer \`dtype\` argument ${dtypeRepr(dtype)}, argument \`minval\` and \`maxval\` must be ` +
        `both None or not None. Got \`minval\`=${pyStr(minval)} and \`maxval\`=${pyStr(maxval)}.`);
    }
    if (minval !== null && (dtype === DType.uint32 || dtype === DType.uint64)) {
      throw new ValueError(`Argument \`dtype\` got invalid value ${dtypeRepr(dtype)} when argument \`minval\` is not ` +
        "None. Please don't use unsigned integers in this case.");
    }
  } else if (maxval === null) {
    maxval = 1;
  }
  return withScope(options.name, 'stateless_random_uniform', [shape, seed], (scope, graph) => {
    const shapeT = shapeTensor(shape, graph);
    if (minval === null) {
      const [key, counter, alg] = keyCounterAlg(seed, options.alg);
      return applyOp('StatelessRandomUniformFullIntV2', { shape: shapeT, key, counter, alg }, { dtype }, scope).output(0);
    }
    const min = convertToTensor(minval, { dtype, name: 'min', graph });
    const max = convertToTensor(maxval!, { dtype, name: 'max', graph });
    const [key, counter, alg] = keyCounterAlg(seed, options.alg);
    if (isIntegerDType(dtype)) {
      return applyOp('StatelessRandomUniformIntV2', { shape: shapeT, key, counter, alg, minval: min, maxval: max }, {},
        scope).output(0);
    }
    const rnd = applyOp('StatelessRandomUniformV2', { shape: shapeT, key, counter, alg }, { dtype }).output(0);
    return add(mul(rnd, sub(max, min, 'sub'), 'mul'), min, scope);
  });
}

function normal(kind: 'stateless_random_normal' | 'stateless_truncated_normal', type: string) {
  return (shape: number[] | Output, seed: InputValue, options: StatelessOptions & { mean?: number; stddev?: number } = {}):
    Output => {
    const dtype = options.dtype ?? DType.float32;
    return withScope(options.name, kind, [shape, seed], (scope, graph) => {
      const shapeT = shapeTensor(shape, graph);
      const mean = convertToTensor(options.mean ?? 0, { dtype, name: 'mean', graph });
      const stddev = convertToTensor(options.stddev ?? 1, { dtype, name: 'stddev', graph });
      const [key, counter, alg] = keyCounterAlg(seed, options.alg);
      const rnd = applyOp(type, { shape: shapeT, key, counter, alg }, { dtype }).output(0);
      return add(mul(rnd, stddev, 'mul'), mean, scope);
    });
  };
}

/** `tf.random.stateless_normal(shape, seed, mean=0.0, stddev=1.0, dtype=tf.float32, name=None, alg='auto_select')`. */
export const statelessNormal = normal('stateless_random_normal', 'StatelessRandomNormalV2');
/** `tf.random.stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, ...)`: within two stddevs of the mean. */
export const statelessTruncatedNormal = normal('stateless_truncated_normal', 'StatelessTruncatedNormalV2');

/** `stateless_multinomial_categorical_impl`, inside the caller's scope. */
function multinomialOp(logits: InputValue, numSamples: InputValue, seed: InputValue, dtype: DType, graph: Graph): Output {
  const l = convertToTensor(logits, { name: 'logits', graph });
  checkDType(dtype, [DType.int32, DType.int64]);
  return applyOp('StatelessMultinomial', { logits: l, num_samples: numSamples, seed: intSeed(seed) },
    { output_dtype: dtype }).output(0);
}

/**
 * `tf.random.stateless_categorical(logits, num_samples, seed, dtype=tf.int64, name=None)`:
 * `num_samples` class indices per row of the [batch, classes] log-probabilities.
 */
export function statelessCategorical(logits: InputValue, numSamples: InputValue, seed: InputValue,
  options: { dtype?: DType; name?: string } = {}): Output {
  return withScope(options.name, 'stateless_categorical', [logits, seed], (_, graph) =>
    multinomialOp(logits, numSamples, seed, options.dtype ?? DType.int64, graph));
}

/** `tf.random.stateless_multinomial(logits, num_samples, seed, output_dtype=tf.int64, name=None)` (TF1's name). */
export function statelessMultinomial(logits: InputValue, numSamples: InputValue, seed: InputValue,
  options: { outputDtype?: DType; name?: string } = {}): Output {
  return withScope(options.name, 'stateless_multinomial', [logits, seed], (_, graph) =>
    multinomialOp(logits, numSamples, seed, options.outputDtype ?? DType.int64, graph));
}

/**
 * `tf.random.stateless_binomial(shape, seed, counts, probs, output_dtype=tf.int32, name=None)`:
 * successes in `counts` trials of probability `probs` (broadcast to `shape`).
 */
export function statelessBinomial(shape: number[] | Output, seed: InputValue, counts: InputValue, probs: InputValue,
  options: { outputDtype?: DType; name?: string } = {}): Output {
  return withScope(options.name, 'stateless_random_binomial', [shape, seed, counts, probs], (_, graph) => {
    const shapeT = shapeTensor(shape, graph);
    const p = convertToTensor(probs, { preferredDtype: DType.float32, name: 'probs', graph });
    const c = convertToTensor(counts, { preferredDtype: p.dtype, name: 'counts', graph });
    return applyOp('StatelessRandomBinomial', { shape: shapeT, seed: intSeed(seed), counts: c, probs: p },
      { dtype: options.outputDtype ?? DType.int32 }).output(0);
  });
}

/**
 * `tf.random.stateless_gamma(shape, seed, alpha, beta=None, dtype=tf.float32, name=None)`:
 * Gamma(alpha, beta) samples (alpha and beta broadcast together, then to `shape`), kept above
 * the dtype's smallest normal value. Differentiable with respect to alpha and beta.
 */
export function statelessGamma(shape: number[] | Output, seed: InputValue, alpha: InputValue,
  options: { beta?: InputValue; dtype?: DType; name?: string } = {}): Output {
  const dtype = options.dtype ?? DType.float32;
  return withScope(options.name, 'stateless_random_gamma', [shape, seed, alpha, options.beta], (_, graph) => {
    const shapeT = shapeTensor(shape, graph);
    const a = convertToTensor(alpha, { name: 'alpha', dtype, graph });
    const b = convertToTensor(options.beta ?? 1, { name: 'beta', dtype, graph });
    const alphaBroadcast = raw.broadcastTo({ input: a, shape: raw.broadcastArgs({ s0: shapeOf(a), s1: shapeOf(b) }) });
    const [key, counter, alg] = keyCounterAlg(seed, AUTO_SELECT);
    const rnd = applyOp('StatelessRandomGammaV3', { shape: shapeT, key, counter, alg, alpha: alphaBroadcast }, {}).output(0);
    return maximum(tinyOf(dtype), truediv(rnd, b));
  });
}

/** `tf.random.stateless_poisson(shape, seed, lam, dtype=tf.int32, name=None)`: Poisson(lam) samples. */
export function statelessPoisson(shape: number[] | Output, seed: InputValue, lam: InputValue,
  options: { dtype?: DType; name?: string } = {}): Output {
  return withScope(options.name, 'stateless_random_poisson', [shape, seed, lam], (_, graph) =>
    applyOp('StatelessRandomPoisson', { shape: shapeTensor(shape, graph), seed: intSeed(seed), lam },
      { dtype: options.dtype ?? DType.int32, Rtype: hostDType(lam, DType.float32) }).output(0));
}

/** Options of `statelessParameterizedTruncatedNormal`: the normal's parameters and its bounds. */
export interface ParameterizedTruncatedNormalOptions {
  means?: InputValue;
  stddevs?: InputValue;
  minvals?: InputValue;
  maxvals?: InputValue;
  name?: string;
}

/**
 * `tf.random.stateless_parameterized_truncated_normal(shape, seed, means=0.0, stddevs=1.0,
 * minvals=-2.0, maxvals=2.0, name=None)`: normal samples within [minvals, maxvals].
 */
export function statelessParameterizedTruncatedNormal(shape: number[] | Output, seed: InputValue,
  options: ParameterizedTruncatedNormalOptions = {}): Output {
  return withScope(options.name, 'stateless_parameterized_truncated_normal', [shape], (_, graph) => {
    const shapeT = shapeTensor(shape, graph);
    const [means, stddevs, minvals, maxvals] = ([['means', 0], ['stddevs', 1], ['minvals', -2], ['maxvals', 2]] as const)
      .map(([k, d]) => convertToTensor(options[k] ?? d, { name: k, preferredDtype: DType.float32, graph }));
    return applyOp('StatelessParameterizedTruncatedNormal',
      { shape: shapeT, seed: intSeed(seed), means, stddevs, minvals, maxvals }, {}).output(0);
  });
}

/**
 * `tf.random.split(seed, num=2, alg='auto_select')`: `num` new seeds (a [num, 2] tensor of the
 * seed's dtype) drawn from `seed`.
 */
export function split(seed: InputValue, num = 2, alg?: RandomAlgorithm): Output {
  const s = convertToTensor(intSeed(seed));
  return statelessUniform([num, 2], s, { dtype: s.dtype, minval: null, maxval: null, alg });
}

/** `tf.random.fold_in(seed, data, alg='auto_select')`: a new seed from `seed` and the integer `data`. */
export function foldIn(seed: InputValue, data: InputValue, alg?: RandomAlgorithm): Output {
  const d = convertToTensor(intSeed(data));
  return stack([statelessUniform([], seed, { dtype: d.dtype, minval: null, maxval: null, alg }), d]);
}
