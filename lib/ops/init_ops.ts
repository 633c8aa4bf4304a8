/**
 * Variable initializers (TF1's `init_ops`): each is a function `(shape, dtype?) => Output` that
 * builds the initial value in the current name scope (`w/Initializer/...` under getVariable).
 */
import { ValueError } from '../errors';
import { DType, dtypeRepr, isFloatingDType } from '../framework/dtypes';
import { Output } from '../framework/ops';
import { TensorLike } from '../framework/tensor';
import { pyStr } from '../util/python_repr';
import { constant, diagPart, matrixTranspose, ones, reshape, slice, zeros } from './array_ops';
import { eye, qr } from './linalg_ops';
import { mul, sign } from './math_ops';
import { randomNormal, randomUniform, truncatedNormal } from './random_ops';

/** Builds an initial value of `shape` and `dtype` (the initializer's own dtype when omitted). */
export type Initializer = (shape: number[], dtype?: DType, partitionInfo?: PartitionInfo) => Output;

/** Where a part of a partitioned variable lies (`_PartitionInfo`): the whole shape and the part's offset. */
export interface PartitionInfo {
  fullShape: number[];
  varOffset: number[];
}

/** `tf.zeros_initializer()`. */
export function zerosInitializer(dtype: DType = DType.float32): Initializer {
  return (shape, d) => zeros(shape, d ?? dtype);
}

/** `tf.ones_initializer()`. */
export function onesInitializer(dtype: DType = DType.float32): Initializer {
  return (shape, d) => ones(shape, d ?? dtype);
}

/** `tf.constant_initializer(value)`: a scalar broadcasts, an array must have the variable's size. */
export function constantInitializer(value: TensorLike, dtype: DType = DType.float32): Initializer {
  return (shape, d) => constant(value, { dtype: d ?? dtype, shape });
}

/** Options of the random initializers. */
export interface RandomInitOptions {
  seed?: number;
  dtype?: DType;
}

/** `tf.random_uniform_initializer(minval=0, maxval=None→1)`. */
export function randomUniformInitializer(options: RandomInitOptions & { minval?: number; maxval?: number } = {}): Initializer {
  return (shape, d) => randomUniform(shape, { minval: options.minval ?? 0, maxval: options.maxval ?? 1,
    dtype: d ?? options.dtype, seed: options.seed });
}

/** `tf.random_normal_initializer(mean=0, stddev=1)`. */
export function randomNormalInitializer(options: RandomInitOptions & { mean?: number; stddev?: number } = {}): Initializer {
  return (shape, d) => randomNormal(shape, { mean: options.mean, stddev: options.stddev, dtype: d ?? options.dtype,
    seed: options.seed });
}

/** `tf.truncated_normal_initializer(mean=0, stddev=1)`. */
export function truncatedNormalInitializer(options: RandomInitOptions & { mean?: number; stddev?: number } = {}): Initializer {
  return (shape, d) => truncatedNormal(shape, { mean: options.mean, stddev: options.stddev, dtype: d ?? options.dtype,
    seed: options.seed });
}

/** Fan-in and fan-out of a weight shape (`_compute_fans`). */
function computeFans(shape: number[]): [number, number] {
  if (shape.length < 1) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

/** Options of `varianceScalingInitializer`. */
export interface VarianceScalingOptions extends RandomInitOptions {
  scale?: number;
  mode?: 'fan_in' | 'fan_out' | 'fan_avg';
  distribution?: 'normal' | 'truncated_normal' | 'untruncated_normal' | 'uniform';
}

/** `tf.variance_scaling_initializer(scale=1, mode='fan_in', distribution='truncated_normal')`. */
export function varianceScalingInitializer(options: VarianceScalingOptions = {}): Initializer {
  const scale0 = options.scale ?? 1;
  const mode = options.mode ?? 'fan_in';
  const distribution = options.distribution ?? 'truncated_normal';
  if (scale0 <= 0) throw new ValueError('`scale` must be positive float.');
  if (!['fan_in', 'fan_out', 'fan_avg'].includes(mode)) throw new ValueError(`Invalid \`mode\` argument: ${mode}`);
  if (!['normal', 'uniform', 'truncated_normal', 'untruncated_normal'].includes(distribution)) {
    throw new ValueError(`Invalid \`distribution\` argument: ${distribution}`);
  }
  return (shape, d, partitionInfo) => {
    const dtype = d ?? options.dtype ?? DType.float32;
    // A part scales as the whole variable does.
    const [fanIn, fanOut] = computeFans(partitionInfo?.fullShape ?? shape);
    const n = mode === 'fan_in' ? fanIn : mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const scale = scale0 / Math.max(1, n);
    if (distribution === 'normal' || distribution === 'truncated_normal') {
      // Constant from scipy.stats.truncnorm.std(a=-2, b=2, loc=0., scale=1.)
      return truncatedNormal(shape, { mean: 0, stddev: Math.sqrt(scale) / 0.87962566103423978, dtype, seed: options.seed });
    }
    if (distribution === 'untruncated_normal') {
      return randomNormal(shape, { mean: 0, stddev: Math.sqrt(scale), dtype, seed: options.seed });
    }
    const limit = Math.sqrt(3 * scale);
    return randomUniform(shape, { minval: -limit, maxval: limit, dtype, seed: options.seed });
  };
}

/** `tf.glorot_uniform_initializer()` (the default of getVariable for floats). */
export function glorotUniformInitializer(options: RandomInitOptions = {}): Initializer {
  return varianceScalingInitializer({ ...options, scale: 1, mode: 'fan_avg', distribution: 'uniform' });
}

/** `tf.glorot_normal_initializer()`. */
export function glorotNormalInitializer(options: RandomInitOptions = {}): Initializer {
  return varianceScalingInitializer({ ...options, scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' });
}

/** `tf.initializers.he_normal(seed)`: variance scaling with scale 2 over fan_in, truncated normal. */
export function heNormalInitializer(options: { seed?: number } = {}): Initializer {
  return varianceScalingInitializer({ seed: options.seed, scale: 2, mode: 'fan_in', distribution: 'truncated_normal' });
}

/** `tf.initializers.he_uniform(seed)`: variance scaling with scale 2 over fan_in, uniform. */
export function heUniformInitializer(options: { seed?: number } = {}): Initializer {
  return varianceScalingInitializer({ seed: options.seed, scale: 2, mode: 'fan_in', distribution: 'uniform' });
}

/** `tf.initializers.lecun_normal(seed)`: variance scaling with scale 1 over fan_in, truncated normal. */
export function lecunNormalInitializer(options: { seed?: number } = {}): Initializer {
  return varianceScalingInitializer({ seed: options.seed, scale: 1, mode: 'fan_in', distribution: 'truncated_normal' });
}

/** `tf.initializers.lecun_uniform(seed)`: variance scaling with scale 1 over fan_in, uniform. */
export function lecunUniformInitializer(options: { seed?: number } = {}): Initializer {
  return varianceScalingInitializer({ seed: options.seed, scale: 1, mode: 'fan_in', distribution: 'uniform' });
}

/** `_assert_float_dtype`: the initializers below take floating dtypes only (checked when made). */
function assertFloatDType(dtype: DType): DType {
  if (!isFloatingDType(dtype)) {
    throw new ValueError(`Argument \`dtype\` is expected to be floating point. Received: ${dtypeRepr(dtype)}.`);
  }
  return dtype;
}

/** Options of `orthogonalInitializer` and `identityInitializer`. */
export interface GainInitOptions extends RandomInitOptions {
  gain?: number;
}

/**
 * `tf.orthogonal_initializer(gain=1.0, seed=None)` (`tf.initializers.orthogonal`): the Q of the QR
 * decomposition of a normal matrix (rows x last dimension, transposed when wider), signs made
 * uniform by R's diagonal, reshaped to the shape and times `gain`. A part of a partitioned
 * variable gets its own orthogonal matrix, as in TF1.
 */
export function orthogonalInitializer(options: GainInitOptions = {}): Initializer {
  const ownDtype = assertFloatDType(options.dtype ?? DType.float32);
  return (shape, d) => {
    const dtype = d ?? ownDtype;
    if (shape.length < 2) {
      throw new ValueError('The tensor to initialize, specified by argument `shape` must be at least two-dimensional. ' +
        `Received shape=${pyStr(shape)}`);
    }
    const numRows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const numCols = shape[shape.length - 1];
    const flatShape = numRows < numCols ? [numCols, numRows] : [numRows, numCols];
    const a = randomNormal(flatShape, { dtype, seed: options.seed });
    const [q0, r] = qr(a);
    let q = mul(q0, sign(diagPart(r)), 'mul');
    if (numRows < numCols) q = matrixTranspose(q);
    return mul(options.gain ?? 1.0, reshape(q, shape), 'mul');
  };
}

/**
 * `tf.initializers.identity(gain=1.0)`: `gain` times the identity matrix (2-D only); a part of a
 * partitioned variable gets its slice of the whole one.
 */
export function identityInitializer(options: { gain?: number; dtype?: DType } = {}): Initializer {
  const ownDtype = assertFloatDType(options.dtype ?? DType.float32);
  return (shape, d, partitionInfo) => {
    const fullShape = partitionInfo?.fullShape ?? shape;
    if (fullShape.length !== 2) {
      throw new ValueError('The tensor to initialize, specified by argument `shape` must be at least two-dimensional. ' +
        `Received shape=${pyStr(shape)}`);
    }
    let init = eye(fullShape[0], { numColumns: fullShape[1], dtype: d ?? ownDtype });
    if (partitionInfo) init = slice(init, partitionInfo.varOffset, shape);
    return mul(options.gain ?? 1.0, init, 'mul');
  };
}

/**
 * `tf.uniform_unit_scaling_initializer(factor=1.0, seed=None)`: uniform in +-sqrt(3 / input size) *
 * factor, the input size the product of all but the last dimension (of the whole partitioned variable).
 */
export function uniformUnitScalingInitializer(options: RandomInitOptions & { factor?: number } = {}): Initializer {
  const ownDtype = assertFloatDType(options.dtype ?? DType.float32);
  return (shape, d, partitionInfo) => {
    const scaleShape = partitionInfo?.fullShape ?? shape;
    const inputSize = Math.max(scaleShape.slice(0, -1).reduce((a, b) => a * b, 1), 1);
    const maxVal = Math.sqrt(3 / inputSize) * (options.factor ?? 1.0);
    return randomUniform(shape, { minval: -maxVal, maxval: maxVal, dtype: d ?? ownDtype, seed: options.seed });
  };
}
