/**
 * TF1's convolution layers (`tensorflow/python/layers/convolutional.py` over keras'
 * `layers/convolutional.py`, TF 1.15): `Conv1D`, `Conv2D`, `Conv3D`, `SeparableConv1D`,
 * `SeparableConv2D`, `Conv2DTranspose` and `Conv3DTranspose`, as classes and as the functional
 * `conv1d`, `conv2d`, ... Their variables (`conv2d/kernel`, `conv2d/bias`, ...) and ops are TF1's, so TF1's
 * checkpoints restore into them.
 */
import { ValueError } from '../errors';
import { applyOp, convertToTensor } from '../framework/op_def_library';
import { Output, getDefaultGraph } from '../framework/ops';
import { StaticShape, shapeString } from '../framework/tensor_shape';
import { expandDims, reshape, shape, sliceOf, squeeze, stack, transpose } from '../ops/array_ops';
import { Initializer } from '../ops/init_ops';
import { add, mul, sub } from '../ops/math_ops';
import {
  Convolution, Padding, conv2dTranspose as nnConv2dTranspose, conv3dTranspose as nnConv3dTranspose,
  separableConv2d as nnSeparableConv2d,
} from '../ops/nn_conv';
import { biasAdd } from '../ops/nn_ops';
import { Constraint, InputSpec, Layer, LayerOptions, LayerWeight, WeightRegularizer } from './base';
import { DataFormat, convertDataFormat, normalizeDataFormat, normalizePadding, normalizeTuple } from './conv_utils';
import { KernelLayer, KernelLayerOptions } from './core';

/** `conv_utils.deconv_output_length` of a static length (null: unknown). */
function deconvOutputLength(length: number | null, filterSize: number, padding: string, outputPadding: number | null,
  stride: number, dilation = 1): number | null {
  if (length === null) return null;
  const size = filterSize + (filterSize - 1) * (dilation - 1);
  if (outputPadding === null) {
    if (padding === 'valid') return length * stride + Math.max(size - stride, 0);
    return length * stride;
  }
  const pad = padding === 'same' ? Math.floor(size / 2) : 0;
  return (length - 1) * stride + size - 2 * pad + outputPadding;
}

/** `deconv_output_length` of a length tensor, with Python's operators on it. */
function deconvOutputLengthOp(length: Output, filterSize: number, padding: string, outputPadding: number | null,
  stride: number, dilation: number): Output {
  const size = filterSize + (filterSize - 1) * (dilation - 1);
  if (outputPadding === null) {
    const scaled = mul(length, stride, 'mul');
    return padding === 'valid' ? add(scaled, Math.max(size - stride, 0), 'add') : scaled;
  }
  const pad = padding === 'same' ? Math.floor(size / 2) : 0;
  return add(sub(add(mul(sub(length, 1, 'sub'), stride, 'mul'), size, 'add'), 2 * pad, 'sub'), outputPadding, 'add');
}

/** The keyword arguments of TF1's convolution layers. */
export interface ConvOptions extends KernelLayerOptions {
  /** One stride for every spatial dimension, or one per dimension (default 1). */
  strides?: number | number[];
  /** 'valid' (default) or 'same', in any case; 'causal' for the 1-D layers. */
  padding?: string;
  /** 'channels_last' (default) or 'channels_first'. */
  dataFormat?: string;
  /** The dilation in every spatial dimension, or in each (default 1; strides must then be 1). */
  dilationRate?: number | number[];
}

/**
 * Keras' `Conv`: the N-D convolution layer. `kernel` is [...kernelSize, input channels, filters],
 * `bias` [filters]; the convolution (`nn_ops.Convolution`, with its `dilation_rate` Const) is made
 * in `build`, then `call` applies it, adds the bias and the activation.
 */
abstract class Conv extends KernelLayer {
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: string;
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  private convolutionOp: Convolution | null = null;

  constructor(readonly rank: number, filters: number, kernelSize: number | number[], options: ConvOptions) {
    super(options);
    this.filters = filters;
    this.kernelSize = normalizeTuple(kernelSize, rank, 'kernel_size');
    this.strides = normalizeTuple(options.strides ?? 1, rank, 'strides');
    this.padding = normalizePadding(options.padding ?? 'valid');
    if (this.padding === 'causal' && !(this instanceof Conv1D || this instanceof SeparableConv1D)) {
      throw new ValueError('Causal padding is only supported for `Conv1D`and ``SeparableConv1D`.');
    }
    this.dataFormat = normalizeDataFormat(options.dataFormat);
    this.dilationRate = normalizeTuple(options.dilationRate ?? 1, rank, 'dilation_rate');
    this.inputSpec = new InputSpec({ ndim: rank + 2 });
  }

  protected get channelAxis(): number {
    return this.dataFormat === 'channels_first' ? 1 : -1;
  }

  /** The input's channels: TF1's ValueError when unknown. */
  protected inputChannels(inputShape: StaticShape): number {
    const dim = inputShape!.at(this.channelAxis);
    if (dim === null || dim === undefined) {
      throw new ValueError('The channel dimension of the inputs should be defined. Found `None`.');
    }
    return dim;
  }

  override build(inputShape: StaticShape): void {
    const inputDim = this.inputChannels(inputShape);
    const kernelShape = [...this.kernelSize, inputDim, this.filters];
    this.addKernel(kernelShape);
    this.addBias(this.filters);
    this.inputSpec = new InputSpec({ ndim: this.rank + 2, axes: { [this.channelAxis]: inputDim } });
    const padding = (this.padding === 'causal' ? 'valid' : this.padding).toUpperCase() as Padding;
    this.convolutionOp = new Convolution(getDefaultGraph(), inputShape, kernelShape, padding, {
      dilationRate: this.dilationRate, strides: this.strides, dataFormat: convertDataFormat(this.dataFormat, this.rank + 2),
    });
    this.built = true;
  }

  override call(inputs: Output): Output {
    let outputs = this.convolutionOp!.call(inputs, this.kernel!);
    outputs = this.addBiasTo(outputs, this.dataFormat === 'channels_first' ? 'NCHW' : 'NHWC');
    return this.activation ? this.activation(outputs) : outputs;
  }

  /** The bias added (`nn.bias_add`; a 1-D channels-first output gets it reshaped and added). */
  protected addBiasTo(outputs: Output, dataFormat: string): Output {
    if (!this.bias) return outputs;
    if (this.dataFormat === 'channels_first' && this.rank === 1 && this instanceof Conv1D) {
      return add(outputs, reshape(this.bias, [1, this.filters, 1]), 'add');
    }
    return biasAdd(outputs, this.bias, { dataFormat });
  }

  /** `_compute_causal_padding`: the 1-D input padded on the left by the dilated kernel's extent. */
  protected causalPadded(inputs: Output): Output {
    if (this.padding !== 'causal') return inputs;
    const left = this.dilationRate[0] * (this.kernelSize[0] - 1);
    const paddings = this.dataFormat === 'channels_last' ? [[0, 0], [left, 0], [0, 0]] : [[0, 0], [0, 0], [left, 0]];
    return applyOp('Pad', { input: inputs, paddings }, {}, 'Pad').output(0);
  }
}

/**
 * `tf.layers.Conv1D(filters, kernel_size)`: a temporal convolution over `(batch, steps,
 * channels)`; 'causal' padding pads the start so that an output never sees later steps.
 */
export class Conv1D extends Conv {
  constructor(filters: number, kernelSize: number | number[], options: ConvOptions = {}) {
    super(1, filters, kernelSize, options);
  }

  override call(inputs: Output): Output {
    return super.call(this.causalPadded(inputs));
  }
}

/** `tf.layers.Conv2D(filters, kernel_size)`: a spatial convolution over images. */
export class Conv2D extends Conv {
  constructor(filters: number, kernelSize: number | number[], options: ConvOptions = {}) {
    super(2, filters, kernelSize, options);
  }
}

/** `tf.layers.Conv3D(filters, kernel_size)`: a convolution over volumes. */
export class Conv3D extends Conv {
  constructor(filters: number, kernelSize: number | number[], options: ConvOptions = {}) {
    super(3, filters, kernelSize, options);
  }
}

/** The keyword arguments of the separable convolution layers. */
export interface SeparableConvOptions extends Omit<ConvOptions, 'kernelInitializer' | 'kernelRegularizer' |
  'kernelConstraint'> {
  /** Depthwise channels per input channel (default 1). */
  depthMultiplier?: number;
  depthwiseInitializer?: Initializer;
  pointwiseInitializer?: Initializer;
  depthwiseRegularizer?: WeightRegularizer;
  pointwiseRegularizer?: WeightRegularizer;
  depthwiseConstraint?: Constraint;
  pointwiseConstraint?: Constraint;
}

/**
 * Keras' `SeparableConv`: a depthwise convolution (`depthwise_kernel` [...kernelSize, input
 * channels, depthMultiplier]) then a 1x1 one mixing the channels (`pointwise_kernel` [1, ...,
 * input channels * depthMultiplier, filters]), through `nn.separable_conv2d`.
 */
abstract class SeparableConv extends Conv {
  readonly depthMultiplier: number;
  readonly depthwiseInitializer: Initializer | undefined;
  readonly pointwiseInitializer: Initializer | undefined;
  readonly depthwiseRegularizer: WeightRegularizer | undefined;
  readonly pointwiseRegularizer: WeightRegularizer | undefined;
  readonly depthwiseConstraint: Constraint | undefined;
  readonly pointwiseConstraint: Constraint | undefined;
  depthwiseKernel: LayerWeight | null = null;
  pointwiseKernel: LayerWeight | null = null;

  constructor(rank: number, filters: number, kernelSize: number | number[], options: SeparableConvOptions) {
    super(rank, filters, kernelSize, options);
    this.depthMultiplier = options.depthMultiplier ?? 1;
    this.depthwiseInitializer = options.depthwiseInitializer;
    this.pointwiseInitializer = options.pointwiseInitializer;
    this.depthwiseRegularizer = options.depthwiseRegularizer;
    this.pointwiseRegularizer = options.pointwiseRegularizer;
    this.depthwiseConstraint = options.depthwiseConstraint;
    this.pointwiseConstraint = options.pointwiseConstraint;
  }

  override build(inputShape: StaticShape): void {
    const inputDim = this.inputChannels(inputShape);
    this.inputSpec = new InputSpec({ ndim: this.rank + 2, axes: { [this.channelAxis]: inputDim } });
    const dtype = this.dtype ?? undefined;
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, inputDim, this.depthMultiplier], {
      initializer: this.depthwiseInitializer, regularizer: this.depthwiseRegularizer, constraint: this.depthwiseConstraint,
      dtype, trainable: true,
    });
    this.pointwiseKernel = this.addWeight('pointwise_kernel',
      [...new Array<number>(this.rank).fill(1), this.depthMultiplier * inputDim, this.filters], {
        initializer: this.pointwiseInitializer, regularizer: this.pointwiseRegularizer,
        constraint: this.pointwiseConstraint, dtype, trainable: true,
      });
    this.addBias(this.filters);
    this.built = true;
  }

  /** `nn.separable_conv2d` over 4-D inputs and kernels, then the bias and the activation. */
  protected separable(inputs: Output, depthwise: Output | LayerWeight, pointwise: Output | LayerWeight, strides: number[],
    rate: number[], padding: string): Output {
    const dataFormat = convertDataFormat(this.dataFormat, 4) as 'NHWC' | 'NCHW';
    const outputs = nnSeparableConv2d(inputs, depthwise, pointwise, { strides, padding: padding.toUpperCase() as Padding,
      rate, dataFormat });
    return this.addBiasTo(outputs, dataFormat);
  }
}

/**
 * `tf.layers.SeparableConv1D(filters, kernel_size)`: the separable convolution of steps, as the
 * 2-D one over a dimension of 1 added (ExpandDims) and squeezed out.
 */
export class SeparableConv1D extends SeparableConv {
  constructor(filters: number, kernelSize: number | number[], options: SeparableConvOptions = {}) {
    super(1, filters, kernelSize, options);
  }

  override call(inputs: Output): Output {
    const x = this.causalPadded(inputs);
    const last = this.dataFormat === 'channels_last';
    const s = this.strides[0];
    const spatialStart = last ? 1 : 2;
    const outputs = this.separable(expandDims(x, spatialStart), expandDims(this.depthwiseKernel!, 0),
      expandDims(this.pointwiseKernel!, 0), last ? [1, s, s, 1] : [1, 1, s, s], [1, ...this.dilationRate],
      this.padding === 'causal' ? 'valid' : this.padding);
    const squeezed = squeeze(outputs, [spatialStart]);
    return this.activation ? this.activation(squeezed) : squeezed;
  }
}

/** `tf.layers.SeparableConv2D(filters, kernel_size)`: a depthwise then a pointwise convolution of images. */
export class SeparableConv2D extends SeparableConv {
  constructor(filters: number, kernelSize: number | number[], options: SeparableConvOptions = {}) {
    super(2, filters, kernelSize, options);
  }

  override call(inputs: Output): Output {
    const strides = this.dataFormat === 'channels_last' ? [1, ...this.strides, 1] : [1, 1, ...this.strides];
    const outputs = this.separable(inputs, this.depthwiseKernel!, this.pointwiseKernel!, strides, this.dilationRate,
      this.padding);
    return this.activation ? this.activation(outputs) : outputs;
  }
}

/** The keyword arguments of `Conv2DTranspose` and `Conv3DTranspose`. */
export interface Conv2DTransposeOptions extends Omit<ConvOptions, 'dilationRate'> {
  /** Extra rows and columns at the output's end (each below its stride); by default inferred. */
  outputPadding?: number | number[] | null;
}

/** The keyword arguments of `Conv3DTranspose`. */
export type Conv3DTransposeOptions = Conv2DTransposeOptions;

/**
 * Keras' transposed convolutions (`Conv2DTranspose`, `Conv3DTranspose`): `kernel` is
 * [...kernelSize, filters, input channels], and the output's shape is stacked from the input's at
 * run time (`deconv_output_length`), its static shape from the input's static one.
 */
abstract class ConvTranspose extends Conv {
  readonly outputPadding: number[] | null;

  constructor(rank: number, filters: number, kernelSize: number | number[], options: Conv2DTransposeOptions) {
    super(rank, filters, kernelSize, options);
    this.outputPadding = options.outputPadding === undefined || options.outputPadding === null ? null
      : normalizeTuple(options.outputPadding, rank, 'output_padding');
    if (this.outputPadding?.some((p, i) => p >= this.strides[i])) {
      throw new ValueError(`Stride ${tuple(this.strides)} must be greater than output padding ${tuple(this.outputPadding)}`);
    }
  }

  override build(inputShape: StaticShape): void {
    const inputDim = this.inputChannels(inputShape);
    this.inputSpec = new InputSpec({ ndim: this.rank + 2, axes: { [this.channelAxis]: inputDim } });
    this.addKernel([...this.kernelSize, this.filters, inputDim]);
    this.addBias(this.filters);
    this.built = true;
  }

  /** The input's (and output's) spatial axes. */
  private get spatialAxes(): number[] {
    const first = this.dataFormat === 'channels_first' ? 2 : 1;
    return this.kernelSize.map((_, i) => first + i);
  }

  /** The output's shape, a `stack` of the input's batch size, the output lengths and the filters. */
  protected outputShapeOf(inputs: Output): Output {
    const inputsShape = shape(inputs);
    const batchSize = sliceOf(inputsShape, [0]);
    const lengths = this.spatialAxes.map((a) => sliceOf(inputsShape, [a]));
    const outLengths = lengths.map((n, i) => deconvOutputLengthOp(n, this.kernelSize[i], this.padding,
      this.outputPadding?.[i] ?? null, this.strides[i], this.dilationRate[i]));
    return convertToTensor(this.dataFormat === 'channels_first' ? [batchSize, this.filters, ...outLengths]
      : [batchSize, ...outLengths, this.filters], { name: 'stack' });
  }

  /** The transposed convolution's output, given its static shape, with the bias and the activation. */
  protected finish(outputs: Output, inputs: Output): Output {
    outputs.setShape(this.computeOutputShape(inputs.shape));
    const out = this.addBiasTo(outputs, convertDataFormat(this.dataFormat, 4));
    return this.activation ? this.activation(out) : out;
  }

  /** `compute_output_shape`: the static output shape for an input shape. */
  computeOutputShape(inputShape: StaticShape): (number | null)[] {
    const out = [...inputShape!];
    out[this.dataFormat === 'channels_first' ? 1 : this.rank + 1] = this.filters;
    this.spatialAxes.forEach((a, i) => {
      out[a] = deconvOutputLength(out[a], this.kernelSize[i], this.padding, this.outputPadding?.[i] ?? null,
        this.strides[i], this.dilationRate[i]);
    });
    return out;
  }
}

/**
 * `tf.layers.Conv2DTranspose(filters, kernel_size)`: the transpose of a Conv2D (a
 * "deconvolution"). As keras' `backend.conv2d_transpose` without GPUs, channels-first inputs are
 * transposed to NHWC around it.
 */
export class Conv2DTranspose extends ConvTranspose {
  constructor(filters: number, kernelSize: number | number[], options: Conv2DTransposeOptions = {}) {
    super(2, filters, kernelSize, options);
  }

  override call(inputs: Output): Output {
    const first = this.dataFormat === 'channels_first';
    const outputShape = this.outputShapeOf(inputs);
    const x = first ? transpose(inputs, [0, 2, 3, 1]) : inputs;
    const nhwcShape = first ? stack([0, 2, 3, 1].map((i) => sliceOf(outputShape, [i]))) : outputShape;
    let outputs = nnConv2dTranspose(x, this.kernel!, nhwcShape, { strides: [1, ...this.strides, 1],
      padding: this.padding.toUpperCase() as Padding, dataFormat: 'NHWC' });
    if (first) outputs = transpose(outputs, [0, 3, 1, 2]);
    return this.finish(outputs, inputs);
  }
}

/**
 * `tf.layers.Conv3DTranspose(filters, kernel_size)`: the transpose of a Conv3D, through
 * `nn.conv3d_transpose` in the layer's own data format (whose CPU kernel takes NDHWC only).
 */
export class Conv3DTranspose extends ConvTranspose {
  constructor(filters: number, kernelSize: number | number[], options: Conv3DTransposeOptions = {}) {
    super(3, filters, kernelSize, options);
  }

  /** Keras' Conv3DTranspose words the unknown channels' error its own way. */
  protected override inputChannels(inputShape: StaticShape): number {
    if (inputShape!.at(this.channelAxis) === null) {
      throw new ValueError(`The channel dimension of the inputs should be defined, found None: ${shapeString(inputShape)}`);
    }
    return super.inputChannels(inputShape);
  }

  override call(inputs: Output): Output {
    const strides = this.dataFormat === 'channels_first' ? [1, 1, ...this.strides] : [1, ...this.strides, 1];
    const outputs = nnConv3dTranspose(inputs, this.kernel!, this.outputShapeOf(inputs), { strides,
      padding: this.padding.toUpperCase() as Padding, dataFormat: convertDataFormat(this.dataFormat, 5) });
    return this.finish(outputs, inputs);
  }
}

/** A Python tuple's repr: `(2, 2)`. */
function tuple(values: number[]): string {
  return shapeString(values);
}

type Functional<O> = Omit<O, 'scope'>;

/** A new layer applied to `inputs`; `name` is its variable scope, shared with `reuse` (as TF1's functional forms). */
function applyNew<O extends LayerOptions>(make: (options: O) => Layer<Output, Output, []>, inputs: Output,
  options: Functional<O>): Output {
  return make({ ...options, scope: options.name } as O).apply(inputs);
}

/** `tf.layers.conv1d(inputs, filters, kernel_size, ...)`. */
export function conv1d(inputs: Output, filters: number, kernelSize: number | number[],
  options: Functional<ConvOptions> = {}): Output {
  return applyNew((o) => new Conv1D(filters, kernelSize, o), inputs, options);
}

/** `tf.layers.conv2d(inputs, filters, kernel_size, ...)`. */
export function conv2d(inputs: Output, filters: number, kernelSize: number | number[],
  options: Functional<ConvOptions> = {}): Output {
  return applyNew((o) => new Conv2D(filters, kernelSize, o), inputs, options);
}

/** `tf.layers.conv3d(inputs, filters, kernel_size, ...)`. */
export function conv3d(inputs: Output, filters: number, kernelSize: number | number[],
  options: Functional<ConvOptions> = {}): Output {
  return applyNew((o) => new Conv3D(filters, kernelSize, o), inputs, options);
}

/** `tf.layers.separable_conv1d(inputs, filters, kernel_size, ...)`. */
export function separableConv1d(inputs: Output, filters: number, kernelSize: number | number[],
  options: Functional<SeparableConvOptions> = {}): Output {
  return applyNew((o) => new SeparableConv1D(filters, kernelSize, o), inputs, options);
}

/** `tf.layers.separable_conv2d(inputs, filters, kernel_size, ...)`. */
export function separableConv2d(inputs: Output, filters: number, kernelSize: number | number[],
  options: Functional<SeparableConvOptions> = {}): Output {
  return applyNew((o) => new SeparableConv2D(filters, kernelSize, o), inputs, options);
}

/** `tf.layers.conv2d_transpose(inputs, filters, kernel_size, ...)` (no `output_padding`, as TF1's). */
export function conv2dTranspose(inputs: Output, filters: number, kernelSize: number | number[],
  options: Functional<Omit<Conv2DTransposeOptions, 'outputPadding'>> = {}): Output {
  return applyNew((o) => new Conv2DTranspose(filters, kernelSize, o), inputs, options);
}

/** `tf.layers.conv3d_transpose(inputs, filters, kernel_size, ...)` (no `output_padding`, as TF1's). */
export function conv3dTranspose(inputs: Output, filters: number, kernelSize: number | number[],
  options: Functional<Omit<Conv3DTransposeOptions, 'outputPadding'>> = {}): Output {
  return applyNew((o) => new Conv3DTranspose(filters, kernelSize, o), inputs, options);
}
