/**
 * Random tensors and seeds (TF1's `random_ops` and `random_seed`): with the same graph-level and
 * op-level seeds as a Python graph, the ops draw the same values (same kernels, same seeds).
 */
import { ValueError } from '../errors';
import { DType, dtypeName, dtypeRepr, isIntegerDType } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor, isTensorConvertible } from '../framework/op_def_library';
import { Graph, Output, getDefaultGraph } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { shape as shapeOf, withScope } from './array_ops';
import * as raw from './gen/raw_ops';
import { add, maximum, mul, sub, truediv } from './math_ops';

const DEFAULT_GRAPH_SEED = 87654321;
const MAXINT32 = 2 ** 31 - 1;
const graphSeeds = new WeakMap<Graph, number>();
// Random ops seeded from the graph seed alone, per graph (`random_seed._graph_to_seed_dict`).
const opSeedCounts = new WeakMap<Graph, number>();

/** `tf.set_random_seed(seed)`: the graph-level seed of the default graph (or `graph`). */
export function setRandomSeed(seed: number | null, graph: Graph = getDefaultGraph()): void {
  if (seed === null) graphSeeds.delete(graph);
  else graphSeeds.set(graph, seed);
}

/** The graph-level seed, or undefined. */
export function getGraphSeed(graph: Graph = getDefaultGraph()): number | undefined {
  return graphSeeds.get(graph);
}

/**
 * `random_seed.get_seed(op_seed)`: the (seed, seed2) attrs of a random op. With a graph seed and
 * no op seed, the op seed counts such calls in the graph from 0, as TF 2.x's graph mode does
 * (TF 1.x used the graph's op count).
 */
export function getSeed(opSeed: number | undefined, graph: Graph = getDefaultGraph()): [number, number] {
  const globalSeed = graphSeeds.get(graph);
  let seeds: [number, number];
  if (globalSeed !== undefined) {
    if (opSeed === undefined) {
      opSeed = opSeedCounts.get(graph) ?? 0;
      opSeedCounts.set(graph, opSeed + 1);
    }
    seeds = [globalSeed % MAXINT32, opSeed % MAXINT32];
  } else if (opSeed !== undefined) {
    seeds = [DEFAULT_GRAPH_SEED, opSeed % MAXINT32];
  } else {
    return [0, 0];
  }
  if (seeds[0] === 0 && seeds[1] === 0) return [0, MAXINT32];
  return seeds;
}

/** Options of the random ops. */
export interface RandomOptions {
  dtype?: DType;
  seed?: number;
  name?: string;
}

/** @internal The ValueError TF's random functions raise for a dtype they do not take. */
export function checkDType(dtype: DType, accepted: DType[]): void {
  if (!accepted.includes(dtype)) {
    throw new ValueError(`Argument \`dtype\` got invalid value ${dtypeRepr(dtype)}. Accepted dtypes are ` +
      `(${accepted.map((d) => `tf.${dtypeName(d)}`).join(', ')}).`);
  }
}

/**
 * @internal `shape_util.shape_tensor`: a shape tensor as it is (int32 or int64), host dims as an
 * int32 `shape` Const.
 */
export function shapeTensor(shape: number[] | Output, graph: Graph): Output {
  return shape instanceof Output ? shape : convertToTensor(shape, { dtype: DType.int32, name: 'shape', graph });
}

/**
 * @internal The dtype TF gives a host value for a type attr with a default, when the value's own
 * dtype is allowed (`_apply_op_helper` tries it before the default): a Tensor's dtype, else `own`
 * (what Python's numbers of that input are); undefined for graph tensors, which fix the attr.
 */
export function hostDType(v: InputValue, own: DType): DType | undefined {
  if (v instanceof Output || isTensorConvertible(v)) return undefined;
  return v instanceof Tensor ? v.dtype : own;
}

/**
 * @internal `np.finfo(dtype).tiny`, the smallest positive normal value, which the gamma samples
 * are kept above (float16's; float32's for float32 and bfloat16).
 */
export function tinyOf(dtype: DType): number {
  if (dtype === DType.float64) return 2.2250738585072014e-308;
  if (dtype === DType.float16) return 6.103515625e-5;
  return 1.1754943508222875e-38;
}

/**
 * `tf.random_uniform(shape, minval=0, maxval=1)` (`tf.random.uniform`): shape, min, max,
 * RandomUniform, sub, mul, add; for an integer dtype, RandomUniformInt in [minval, maxval)
 * (maxval required).
 */
export function randomUniform(shape: number[] | Output, options: RandomOptions & { minval?: number; maxval?: number } = {}):
  Output {
  const dtype = options.dtype ?? DType.float32;
  checkDType(dtype, [DType.float16, DType.bfloat16, DType.float32, DType.float64, DType.int32, DType.int64]);
  if (isIntegerDType(dtype) && options.maxval === undefined) {
    throw new ValueError(`Must specify maxval for integer dtype tf.${dtypeName(dtype)}`);
  }
  return withScope(options.name, 'random_uniform', [], (scope, graph) => {
    const shapeT = shapeTensor(shape, graph);
    if (isIntegerDType(dtype)) {
      const minval = convertToTensor(options.minval ?? 0, { dtype, name: 'min', graph });
      const maxval = convertToTensor(options.maxval!, { dtype, name: 'max', graph });
      const [seed, seed2] = getSeed(options.seed, graph);
      return applyOp('RandomUniformInt', { shape: shapeT, minval, maxval }, { seed, seed2 }, scope).output(0);
    }
    // TF skips the scaling for its default range (the Python ints 0 and 1), which here is a
    // range left out; a range given is scaled, as TF1 code's floats are.
    const minIsZero = options.minval === undefined;
    const maxIsOne = options.maxval === undefined;
    const [min, max] = minIsZero && maxIsOne ? [null, null] : [
      convertToTensor(options.minval ?? 0, { dtype, name: 'min', graph }),
      convertToTensor(options.maxval ?? 1, { dtype, name: 'max', graph })];
    const [seed, seed2] = getSeed(options.seed, graph);
    const rnd = applyOp('RandomUniform', { shape: shapeT }, { dtype, seed, seed2 }).output(0);
    if (min === null || max === null) return rnd;
    if (minIsZero) return mul(rnd, max, 'Mul');
    return add(mul(rnd, sub(max, min, 'sub'), 'mul'), min, scope);
  });
}

function normal(kind: 'random_normal' | 'truncated_normal', type: string) {
  return (shape: number[] | Output, options: RandomOptions & { mean?: number; stddev?: number } = {}): Output => {
    const dtype = options.dtype ?? DType.float32;
    return withScope(options.name, kind, [], (scope, graph) => {
      const shapeT = shapeTensor(shape, graph);
      const mean = convertToTensor(options.mean ?? 0, { dtype, name: 'mean', graph });
      const stddev = convertToTensor(options.stddev ?? 1, { dtype, name: 'stddev', graph });
      const [seed, seed2] = getSeed(options.seed, graph);
      const rnd = applyOp(type, { shape: shapeT }, { dtype, seed, seed2 }).output(0);
      return add(mul(rnd, stddev, 'mul'), mean, scope);
    });
  };
}

/** `tf.random_normal(shape, mean=0, stddev=1)` (`tf.random.normal`). */
export const randomNormal = normal('random_normal', 'RandomStandardNormal');
/** `tf.truncated_normal(shape, mean=0, stddev=1)` (`tf.random.truncated_normal`): normal values within two stddevs. */
export const truncatedNormal = normal('truncated_normal', 'TruncatedNormal');

/** `tf.random_shuffle(value, seed=None, name=None)` (`tf.random.shuffle`): `value` shuffled along its first axis. */
export function randomShuffle(value: InputValue, options: { seed?: number; name?: string } = {}): Output {
  const [seed, seed2] = getSeed(options.seed);
  return applyOp('RandomShuffle', { value }, { seed, seed2 }, options.name ?? 'RandomShuffle').output(0);
}

/** Options of `multinomial` and `categorical`. */
export interface CategoricalOptions {
  /** The samples' dtype: int64 (default) or int32. */
  dtype?: DType;
  seed?: number;
  name?: string;
}

/** `multinomial_categorical_impl`: the Multinomial op on `logits` (inside the caller's scope). */
function multinomialOp(logits: InputValue, numSamples: InputValue, options: CategoricalOptions, graph: Graph): Output {
  const l = convertToTensor(logits, { name: 'logits', graph });
  const dtype = options.dtype ?? DType.int64;
  checkDType(dtype, [DType.int32, DType.int64]);
  const [seed, seed2] = getSeed(options.seed, graph);
  return applyOp('Multinomial', { logits: l, num_samples: numSamples }, { seed, seed2, output_dtype: dtype }).output(0);
}

/**
 * `tf.random.categorical(logits, num_samples, dtype=None, seed=None, name=None)`: `num_samples`
 * class indices per row of the [batch, classes] unnormalized log-probabilities.
 */
export function categorical(logits: InputValue, numSamples: InputValue, options: CategoricalOptions = {}): Output {
  return withScope(options.name, 'categorical', [logits], (_, graph) => multinomialOp(logits, numSamples, options, graph));
}

/** `tf.multinomial(logits, num_samples, seed=None, name=None, output_dtype=None)` (TF1's name of `categorical`). */
export function multinomial(logits: InputValue, numSamples: InputValue,
  options: { seed?: number; name?: string; outputDtype?: DType } = {}): Output {
  return withScope(options.name, 'multinomial', [logits], (_, graph) =>
    multinomialOp(logits, numSamples, { dtype: options.outputDtype, seed: options.seed }, graph));
}

/**
 * `tf.random_gamma(shape, alpha, beta=None, dtype=tf.float32, seed=None)` (`tf.random.gamma`):
 * `shape` samples of each Gamma(alpha, beta) (alpha and beta broadcast together), kept above the
 * dtype's smallest normal value. Differentiable with respect to alpha and beta.
 */
export function randomGamma(shape: InputValue, alpha: InputValue,
  options: RandomOptions & { beta?: InputValue } = {}): Output {
  const dtype = options.dtype ?? DType.float32;
  return withScope(options.name, 'random_gamma', [shape, alpha, options.beta], (_, graph) => {
    const shapeT = convertToTensor(shape, { name: 'shape', dtype: DType.int32, graph });
    const a = convertToTensor(alpha, { name: 'alpha', dtype, graph });
    const b = convertToTensor(options.beta ?? 1, { name: 'beta', dtype, graph });
    const alphaBroadcast = raw.broadcastTo({ input: a, shape: raw.broadcastArgs({ s0: shapeOf(a), s1: shapeOf(b) }) });
    const [seed, seed2] = getSeed(options.seed, graph);
    const rnd = applyOp('RandomGamma', { shape: shapeT, alpha: alphaBroadcast }, { seed, seed2 }).output(0);
    return maximum(tinyOf(dtype), truediv(rnd, b));
  });
}

/**
 * `tf.random.poisson(shape, lam, dtype=tf.float32, seed=None)` of TF2 (`random_poisson_v2`):
 * `shape` samples of each Poisson(lam), by the RandomPoissonV2 op.
 */
export function randomPoissonV2(shape: InputValue, lam: InputValue, options: RandomOptions = {}): Output {
  return withScope(options.name, 'random_poisson', [lam, shape], (_, graph) => {
    const shapeT = convertToTensor(shape, { name: 'shape', dtype: DType.int32, graph });
    const [seed, seed2] = getSeed(options.seed, graph);
    return applyOp('RandomPoissonV2', { shape: shapeT, rate: lam },
      { dtype: options.dtype ?? DType.float32, seed, seed2, R: hostDType(lam, DType.float32) }).output(0);
  });
}

/** `tf.random_poisson(lam, shape, dtype=tf.float32, seed=None)` (TF1's `tf.random.poisson`, lam first). */
export function randomPoisson(lam: InputValue, shape: InputValue, options: RandomOptions = {}): Output {
  return randomPoissonV2(shape, lam, options);
}
