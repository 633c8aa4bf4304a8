/**
 * TF1's pooling layers (`tensorflow/python/layers/pooling.py` over keras' `layers/pooling.py`,
 * TF 1.15): `MaxPooling1D/2D/3D` and `AveragePooling1D/2D/3D`, as classes and as the functional
 * `maxPooling1d`, ..., `averagePooling3d`.
 */
import { ValueError } from '../errors';
import { Output } from '../framework/ops';
import { expandDims, squeeze, transpose } from '../ops/array_ops';
import { avgPool, avgPool3d, maxPool, maxPool3d } from '../ops/nn_ops';
import { Padding } from '../ops/nn_conv';
import { InputSpec, Layer, LayerOptions } from './base';
import { DataFormat, convertDataFormat, normalizeDataFormat, normalizePadding, normalizeTuple } from './conv_utils';

/** The keyword arguments of TF1's pooling layers. */
export interface PoolingOptions extends Pick<LayerOptions, 'name' | 'trainable' | 'dtype'> {
  /** 'valid' (default) or 'same', in any case. */
  padding?: string;
  /** 'channels_last' (default) or 'channels_first'. */
  dataFormat?: string;
}

function noStrides(): never {
  throw new ValueError('Argument `strides` must not be None.');
}

/** `_preprocess_padding`: keras' padding as the op's. */
function opPadding(padding: string): Padding {
  if (padding !== 'same' && padding !== 'valid') throw new ValueError(`Invalid padding: ${padding}`);
  return padding.toUpperCase() as Padding;
}

/**
 * Keras' `Pooling1D/2D/3D`: a max or average pool of `poolSize` windows every `strides` over the
 * spatial dimensions (`strides` is required, as TF1's legacy layers have it).
 */
abstract class Pooling extends Layer<Output, Output, []> {
  readonly poolSize: number[];
  readonly strides: number[];
  readonly padding: string;
  readonly dataFormat: DataFormat;
  protected readonly max: boolean;

  constructor(max: boolean, rank: number, poolSize: number | number[], strides: number | number[],
    options: PoolingOptions) {
    // Checked before the layer takes a name, as TF1's legacy constructors do.
    super(strides === null || strides === undefined ? noStrides() : options);
    this.max = max;
    this.poolSize = normalizeTuple(poolSize, rank, 'pool_size');
    this.strides = normalizeTuple(strides, rank, 'strides');
    this.padding = normalizePadding(options.padding ?? 'valid');
    this.dataFormat = normalizeDataFormat(options.dataFormat);
    this.inputSpec = new InputSpec({ ndim: rank + 2 });
  }
}

/**
 * `Pooling1D`: the 2-D pool over a dimension of 1 added after the steps (`backend.pool2d`, which
 * without GPUs transposes a channels-first input to NHWC and back).
 */
abstract class Pooling1D extends Pooling {
  constructor(max: boolean, poolSize: number | number[], strides: number | number[], options: PoolingOptions) {
    super(max, 1, poolSize, strides, options);
  }

  override call(inputs: Output): Output {
    const first = this.dataFormat === 'channels_first';
    const padAxis = first ? 3 : 2;
    let x = expandDims(inputs, padAxis);
    if (first) x = transpose(x, [0, 2, 3, 1]);
    const pool = { ksize: [1, this.poolSize[0], 1, 1], strides: [1, this.strides[0], 1, 1], padding: opPadding(this.padding),
      dataFormat: 'NHWC' as const };
    let outputs = this.max ? maxPool(x, pool) : avgPool(x, pool);
    if (first) outputs = transpose(outputs, [0, 3, 1, 2]);
    return squeeze(outputs, [padAxis]);
  }
}

/** `Pooling2D`: `nn.max_pool` / `nn.avg_pool` in the layer's data format (channels first does not run on CPU). */
abstract class Pooling2D extends Pooling {
  constructor(max: boolean, poolSize: number | number[], strides: number | number[], options: PoolingOptions) {
    super(max, 2, poolSize, strides, options);
  }

  override call(inputs: Output): Output {
    const last = this.dataFormat === 'channels_last';
    const pool = {
      ksize: last ? [1, ...this.poolSize, 1] : [1, 1, ...this.poolSize],
      strides: last ? [1, ...this.strides, 1] : [1, 1, ...this.strides],
      padding: this.padding.toUpperCase() as Padding,
      dataFormat: convertDataFormat(this.dataFormat, 4) as 'NHWC' | 'NCHW',
    };
    return this.max ? maxPool(inputs, pool) : avgPool(inputs, pool);
  }
}

/** `Pooling3D`: `nn.max_pool3d` / `nn.avg_pool3d`, a channels-first input transposed to NDHWC and back. */
abstract class Pooling3D extends Pooling {
  constructor(max: boolean, poolSize: number | number[], strides: number | number[], options: PoolingOptions) {
    super(max, 3, poolSize, strides, options);
  }

  override call(inputs: Output): Output {
    const first = this.dataFormat === 'channels_first';
    const x = first ? transpose(inputs, [0, 2, 3, 4, 1]) : inputs;
    const pool = { ksize: [1, ...this.poolSize, 1], strides: [1, ...this.strides, 1],
      padding: this.padding.toUpperCase() as Padding };
    const outputs = this.max ? maxPool3d(x, pool) : avgPool3d(x, pool);
    return first ? transpose(outputs, [0, 4, 1, 2, 3]) : outputs;
  }
}

/** `tf.layers.MaxPooling1D(pool_size, strides)`. */
export class MaxPooling1D extends Pooling1D {
  constructor(poolSize: number | number[], strides: number | number[], options: PoolingOptions = {}) {
    super(true, poolSize, strides, options);
  }
}

/** `tf.layers.AveragePooling1D(pool_size, strides)`. */
export class AveragePooling1D extends Pooling1D {
  constructor(poolSize: number | number[], strides: number | number[], options: PoolingOptions = {}) {
    super(false, poolSize, strides, options);
  }
}

/** `tf.layers.MaxPooling2D(pool_size, strides)`. */
export class MaxPooling2D extends Pooling2D {
  constructor(poolSize: number | number[], strides: number | number[], options: PoolingOptions = {}) {
    super(true, poolSize, strides, options);
  }
}

/** `tf.layers.AveragePooling2D(pool_size, strides)`. */
export class AveragePooling2D extends Pooling2D {
  constructor(poolSize: number | number[], strides: number | number[], options: PoolingOptions = {}) {
    super(false, poolSize, strides, options);
  }
}

/** `tf.layers.MaxPooling3D(pool_size, strides)`. */
export class MaxPooling3D extends Pooling3D {
  constructor(poolSize: number | number[], strides: number | number[], options: PoolingOptions = {}) {
    super(true, poolSize, strides, options);
  }
}

/** `tf.layers.AveragePooling3D(pool_size, strides)`. */
export class AveragePooling3D extends Pooling3D {
  constructor(poolSize: number | number[], strides: number | number[], options: PoolingOptions = {}) {
    super(false, poolSize, strides, options);
  }
}

/** `tf.layers.max_pooling1d(inputs, pool_size, strides, padding='valid', data_format='channels_last')`. */
export function maxPooling1d(inputs: Output, poolSize: number | number[], strides: number | number[],
  options: PoolingOptions = {}): Output {
  return new MaxPooling1D(poolSize, strides, options).apply(inputs);
}

/** `tf.layers.average_pooling1d(inputs, pool_size, strides, ...)`. */
export function averagePooling1d(inputs: Output, poolSize: number | number[], strides: number | number[],
  options: PoolingOptions = {}): Output {
  return new AveragePooling1D(poolSize, strides, options).apply(inputs);
}

/** `tf.layers.max_pooling2d(inputs, pool_size, strides, ...)`. */
export function maxPooling2d(inputs: Output, poolSize: number | number[], strides: number | number[],
  options: PoolingOptions = {}): Output {
  return new MaxPooling2D(poolSize, strides, options).apply(inputs);
}

/** `tf.layers.average_pooling2d(inputs, pool_size, strides, ...)`. */
export function averagePooling2d(inputs: Output, poolSize: number | number[], strides: number | number[],
  options: PoolingOptions = {}): Output {
  return new AveragePooling2D(poolSize, strides, options).apply(inputs);
}

/** `tf.layers.max_pooling3d(inputs, pool_size, strides, ...)`. */
export function maxPooling3d(inputs: Output, poolSize: number | number[], strides: number | number[],
  options: PoolingOptions = {}): Output {
  return new MaxPooling3D(poolSize, strides, options).apply(inputs);
}

/** `tf.layers.average_pooling3d(inputs, pool_size, strides, ...)`. */
export function averagePooling3d(inputs: Output, poolSize: number | number[], strides: number | number[],
  options: PoolingOptions = {}): Output {
  return new AveragePooling3D(poolSize, strides, options).apply(inputs);
}
