/**
 * Variable initializers (TF1's `init_ops`): each is a function `(shape, dtype?) => Output` that
 * builds the initial value in the current name scope (`w/Initializer/...` under getVariable).
 */
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { Output } from '../framework/ops';
import { TensorLike } from '../framework/tensor';
import { constant, ones, zeros } from './array_ops';
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
