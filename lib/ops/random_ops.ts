/**
 * Random tensors and seeds (TF1's `random_ops` and `random_seed`): with the same graph-level and
 * op-level seeds as a Python graph, the ops draw the same values (same kernels, same seeds).
 */
import { ValueError } from '../errors';
import { DType, dtypeName, isIntegerDType } from '../framework/dtypes';
import { applyOp, convertToTensor } from '../framework/op_def_library';
import { Graph, Output, getDefaultGraph } from '../framework/ops';
import { withScope } from './array_ops';
import { add, mul, sub } from './math_ops';

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

/**
 * `tf.random_uniform(shape, minval=0, maxval=1)`: shape, min, max, RandomUniform, sub, mul, add;
 * for an integer dtype, RandomUniformInt in [minval, maxval) (maxval required).
 */
export function randomUniform(shape: number[] | Output, options: RandomOptions & { minval?: number; maxval?: number } = {}):
  Output {
  const dtype = options.dtype ?? DType.float32;
  return withScope(options.name, 'random_uniform', [], (scope, graph) => {
    // `shape_tensor`: a tensor as it is (int32 or int64), host dims as an int32 Const.
    const shapeT = shape instanceof Output ? shape : convertToTensor(shape, { dtype: DType.int32, name: 'shape', graph });
    if (isIntegerDType(dtype)) {
      if (options.maxval === undefined) throw new ValueError(`Must specify maxval for integer dtype tf.${dtypeName(dtype)}`);
      const minval = convertToTensor(options.minval ?? 0, { dtype, name: 'min', graph });
      const maxval = convertToTensor(options.maxval, { dtype, name: 'max', graph });
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
  return (shape: number[], options: RandomOptions & { mean?: number; stddev?: number } = {}): Output => {
    const dtype = options.dtype ?? DType.float32;
    return withScope(options.name, kind, [], (scope, graph) => {
      const shapeT = convertToTensor(shape, { dtype: DType.int32, name: 'shape', graph });
      const mean = convertToTensor(options.mean ?? 0, { dtype, name: 'mean', graph });
      const stddev = convertToTensor(options.stddev ?? 1, { dtype, name: 'stddev', graph });
      const [seed, seed2] = getSeed(options.seed, graph);
      const rnd = applyOp(type, { shape: shapeT }, { dtype, seed, seed2 }).output(0);
      return add(mul(rnd, stddev, 'mul'), mean, scope);
    });
  };
}

/** `tf.random_normal(shape, mean=0, stddev=1)`. */
export const randomNormal = normal('random_normal', 'RandomStandardNormal');
/** `tf.truncated_normal(shape, mean=0, stddev=1)`: normal values within two stddevs. */
export const truncatedNormal = normal('truncated_normal', 'TruncatedNormal');
