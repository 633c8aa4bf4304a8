/**
 * TF1's core layers (`tensorflow/python/layers/core.py` over keras' `layers/core.py`): `Dense`,
 * `Dropout` and `Flatten`, as classes and as the functional `dense`, `dropout` and `flatten`.
 */
import { ValueError } from '../errors';
import { DType, dtypeName, isFloatingDType } from '../framework/dtypes';
import { convertToTensor } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { StaticShape } from '../framework/tensor_shape';
import { cast, constant, expandDims, identity, reshape, shape, sliceOf, transpose } from '../ops/array_ops';
import { Initializer, zerosInitializer } from '../ops/init_ops';
import { matmul, tensordot } from '../ops/math_ops';
import { biasAdd, dropout as nnDropout } from '../ops/nn_ops';
import { pythonType } from '../ops/python_type';
import {
  ActivityRegularizer, Constraint, InputSpec, Layer, LayerOptions, LayerWeight, WeightRegularizer, smartCond,
} from './base';
import { DataFormat, normalizeDataFormat } from './conv_utils';

/** The keyword arguments of TF1's layers with a kernel and a bias (Dense and the convolutions). */
export interface KernelLayerOptions extends LayerOptions {
  /** Applied to the output (e.g. `ops.nn.relu`); none by default. */
  activation?: ((x: Output) => Output) | null;
  /** Add a bias (default true). */
  useBias?: boolean;
  /** Default: the variable scope's, else glorot uniform (as `getVariable`). */
  kernelInitializer?: Initializer;
  /** Default zeros. */
  biasInitializer?: Initializer;
  kernelRegularizer?: WeightRegularizer;
  biasRegularizer?: WeightRegularizer;
  kernelConstraint?: Constraint;
  biasConstraint?: Constraint;
}

/** Options of `Dense` (TF1's `tf.layers.Dense` keyword arguments). */
export interface DenseOptions extends KernelLayerOptions {
  activityRegularizer?: ActivityRegularizer;
}

/** `int(units)`: TF1 truncates a number and refuses anything else with Python's TypeError. */
function intUnits(units: unknown): number {
  if (typeof units !== 'number') {
    throw new TypeError(`int() argument must be a string, a bytes-like object or a real number, not '${
      pythonType(units).slice(8, -2)}'`);
  }
  if (!Number.isFinite(units)) {
    throw new ValueError(Number.isNaN(units) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
  }
  return Math.trunc(units);
}

/** A layer with a kernel and a bias (Dense, the convolutions): their options, then their weights once built. */
export abstract class KernelLayer extends Layer<Output, Output, []> {
  readonly activation: ((x: Output) => Output) | null;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer | undefined;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: WeightRegularizer | undefined;
  readonly biasRegularizer: WeightRegularizer | undefined;
  readonly kernelConstraint: Constraint | undefined;
  readonly biasConstraint: Constraint | undefined;
  kernel: LayerWeight | null = null;
  bias: LayerWeight | null = null;

  constructor(options: KernelLayerOptions) {
    super(options);
    this.activation = options.activation ?? null;
    this.useBias = options.useBias ?? true;
    this.kernelInitializer = options.kernelInitializer;
    this.biasInitializer = options.biasInitializer ?? zerosInitializer();
    this.kernelRegularizer = options.kernelRegularizer;
    this.biasRegularizer = options.biasRegularizer;
    this.kernelConstraint = options.kernelConstraint;
    this.biasConstraint = options.biasConstraint;
  }

  /** `add_weight` of the kernel, with its initializer, regularizer and constraint. */
  protected addKernel(shape: number[]): void {
    this.kernel = this.addWeight('kernel', shape, {
      initializer: this.kernelInitializer, regularizer: this.kernelRegularizer, constraint: this.kernelConstraint,
      dtype: this.dtype ?? undefined, trainable: true,
    });
  }

  /** `add_weight` of the bias of `size`, when used. */
  protected addBias(size: number): void {
    this.bias = this.useBias ? this.addWeight('bias', [size], {
      initializer: this.biasInitializer, regularizer: this.biasRegularizer, constraint: this.biasConstraint,
      dtype: this.dtype ?? undefined, trainable: true,
    }) : null;
  }
}

/**
 * `tf.layers.Dense(units)`: `activation(inputs · kernel + bias)` with `kernel` [last input
 * dimension, units] and `bias` [units]. Inputs of rank over 2 contract their last axis through a
 * `Tensordot`.
 */
export class Dense extends KernelLayer {
  readonly units: number;

  constructor(units: number, options: DenseOptions = {}) {
    super(options);
    this.units = intUnits(units);
    this.inputSpec = new InputSpec({ minNdim: 2 });
  }

  override build(inputShape: StaticShape): void {
    const dtype = this.dtype ?? DType.float32;
    if (!isFloatingDType(dtype) && dtype !== DType.complex64 && dtype !== DType.complex128) {
      throw new TypeError(`Unable to build \`Dense\` layer with non-floating point dtype <dtype: '${dtypeName(dtype)}'>`);
    }
    const last = inputShape === null ? null : inputShape[inputShape.length - 1];
    if (last === null) throw new ValueError('The last dimension of the inputs to `Dense` should be defined. Found `None`.');
    this.inputSpec = new InputSpec({ minNdim: 2, axes: { [-1]: last } });
    this.addKernel([last, this.units]);
    this.addBias(this.units);
    this.built = true;
  }

  override call(inputs: Output): Output {
    const rank = inputs.shape!.length;
    let outputs: Output;
    if (rank > 2) {
      outputs = tensordot(inputs, this.kernel!, [[rank - 1], [0]]);
      outputs.setShape([...inputs.shape!.slice(0, -1), this.units]);
    } else {
      outputs = matmul(cast(inputs, this.dtype!), this.kernel!);
    }
    if (this.bias) outputs = biasAdd(outputs, this.bias);
    return this.activation ? this.activation(outputs) : outputs;
  }
}

/**
 * `tf.layers.dense(inputs, units, ...)`: a new `Dense` layer applied to `inputs`; `name` is its
 * variable scope (shared with `reuse`).
 */
export function dense(inputs: Output, units: number, options: Omit<DenseOptions, 'scope'> = {}): Output {
  return new Dense(units, { ...options, scope: options.name }).apply(inputs);
}

/** Options of `Dropout`. */
export interface DropoutOptions extends LayerOptions {
  /** The fraction of the input units to drop, in [0, 1) (default 0.5). */
  rate?: number;
  /** The shape of the dropout mask (null takes the input's dimension there), e.g. `[null, 1, null]`. */
  noiseShape?: (number | null)[];
  seed?: number;
}

/** What `Dropout.apply` takes after the inputs. */
export interface DropoutCallOptions {
  /** Drop (a boolean, or a bool tensor for a cond) or pass the input through; default false. */
  training?: boolean | Output;
}

/**
 * `tf.layers.Dropout(rate)`: while training, each input unit is zeroed with probability `rate`
 * and the rest scaled by 1 / (1 - rate) (`ops.nn.dropout`); otherwise the input through an Identity.
 * A tensor `training` builds both in a v1 cond.
 */
export class Dropout extends Layer<Output, Output, [DropoutCallOptions?]> {
  readonly rate: number;
  readonly noiseShape: (number | null)[] | null;
  readonly seed: number | undefined;

  constructor(options: DropoutOptions = {}) {
    super(options);
    this.rate = options.rate ?? 0.5;
    this.noiseShape = options.noiseShape ?? null;
    this.seed = options.seed;
  }

  /** `_get_noise_shape`: the mask's shape with the input's dimensions for null (read from its `Shape`). */
  private getNoiseShape(inputs: Output): Output | undefined {
    if (this.noiseShape === null) return undefined;
    const concrete = shape(inputs);
    const dims = this.noiseShape.map((d, i) => (d === null ? sliceOf(concrete, [i]) : d));
    // `convert_to_tensor`: Python ints as an int32 Const, or with tensors among them a Pack (`packed`).
    return dims.every((d): d is number => typeof d === 'number')
      ? convertToTensor(Tensor.from(dims, { dtype: DType.int32 })) : convertToTensor(dims);
  }

  override call(inputs: Output, options: DropoutCallOptions = {}): Output {
    return smartCond(options.training ?? false,
      () => nnDropout(inputs, { noiseShape: this.getNoiseShape(inputs), seed: this.seed, rate: this.rate }),
      () => identity(inputs));
  }
}

/**
 * `tf.layers.dropout(inputs, rate=0.5, noise_shape, seed, training=False, name)`: a new `Dropout`
 * layer applied to `inputs`.
 */
export function dropout(inputs: Output, options: Omit<DropoutOptions, 'scope' | 'reuse'> & DropoutCallOptions = {}): Output {
  const { training, ...layerOptions } = options;
  return new Dropout(layerOptions).apply(inputs, { training: training ?? false });
}

/** Options of `Flatten`. */
export interface FlattenOptions extends LayerOptions {
  /** `channels_last` (default) or `channels_first`: the latter moves the channels last before flattening. */
  dataFormat?: DataFormat;
}

/**
 * `tf.layers.Flatten()`: each example flattened to one dimension, `[batch, product of the rest]`.
 */
export class Flatten extends Layer<Output, Output, []> {
  readonly dataFormat: DataFormat;

  constructor(options: FlattenOptions = {}) {
    super(options);
    this.dataFormat = normalizeDataFormat(options.dataFormat);
    this.inputSpec = new InputSpec({ minNdim: 1 });
  }

  // TF 2.21's (frozen keras) Flatten.call in graph mode: a Const target shape where it is known.
  override call(inputs: Output): Output {
    let x = inputs;
    const rank = x.shape?.length ?? null;
    if (this.dataFormat === 'channels_first' && rank !== null && rank > 1) {
      x = transpose(x, [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1]);
    }
    if (rank === 1) return expandDims(x, 1);
    const s = x.shape!;
    const rest = s.slice(1);
    if (rest.every((d) => d !== null)) {
      return reshape(x, constant([-1, (rest as number[]).reduce((a, b) => a * b, 1)], { dtype: DType.int32 }));
    }
    if (s[0] !== null) return reshape(x, constant([s[0], -1], { dtype: DType.int32 }));
    return reshape(x, [sliceOf(shape(x), [0]), -1]);
  }
}

/** `tf.layers.flatten(inputs, name, data_format='channels_last')`. */
export function flatten(inputs: Output, options: Omit<FlattenOptions, 'scope' | 'reuse'> = {}): Output {
  return new Flatten(options).apply(inputs);
}
