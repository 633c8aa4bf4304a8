/**
 * Fake quantization (TF1's quantization-aware training) and quantize / dequantize: TF's
 * `fake_quant_with_min_max_*` ops and their gradient ops, and `array_ops.quantize_v2` /
 * `quantize` / `dequantize`, with the negative-axis handling of their Python wrappers.
 */
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { InputValue, applyOp, groupedOutputs } from '../framework/op_def_library';
import { Output } from '../framework/ops';

/** Options of the fake-quant ops on variables (`num_bits=8, narrow_range=False`). */
export interface FakeQuantOptions {
  numBits?: number;
  narrowRange?: boolean;
  name?: string;
}

/** Options of `fakeQuantWithMinMaxArgs` (its range an attribute, -6 to 6 by default). */
export interface FakeQuantArgsOptions extends FakeQuantOptions {
  min?: number;
  max?: number;
}

const argsAttrs = (o: FakeQuantArgsOptions) => ({ min: o.min ?? -6, max: o.max ?? 6, num_bits: o.numBits ?? 8,
  narrow_range: o.narrowRange ?? false });
const varsAttrs = (o: FakeQuantOptions) => ({ num_bits: o.numBits ?? 8, narrow_range: o.narrowRange ?? false });

/** `tf.fake_quant_with_min_max_args(inputs, min=-6, max=6, num_bits=8, narrow_range=False)`. */
export function fakeQuantWithMinMaxArgs(inputs: InputValue, options: FakeQuantArgsOptions = {}): Output {
  return applyOp('FakeQuantWithMinMaxArgs', { inputs }, argsAttrs(options), options.name ?? 'FakeQuantWithMinMaxArgs')
    .output(0);
}

/** `tf.fake_quant_with_min_max_args_gradient(gradients, inputs, min=-6, max=6, num_bits=8, narrow_range=False)`. */
export function fakeQuantWithMinMaxArgsGradient(gradients: InputValue, inputs: InputValue,
  options: FakeQuantArgsOptions = {}): Output {
  return applyOp('FakeQuantWithMinMaxArgsGradient', { gradients, inputs }, argsAttrs(options),
    options.name ?? 'FakeQuantWithMinMaxArgsGradient').output(0);
}

/** `tf.fake_quant_with_min_max_vars(inputs, min, max, num_bits=8, narrow_range=False)`: min and max scalars. */
export function fakeQuantWithMinMaxVars(inputs: InputValue, min: InputValue, max: InputValue,
  options: FakeQuantOptions = {}): Output {
  return applyOp('FakeQuantWithMinMaxVars', { inputs, min, max }, varsAttrs(options),
    options.name ?? 'FakeQuantWithMinMaxVars').output(0);
}

/**
 * `tf.fake_quant_with_min_max_vars_gradient(gradients, inputs, min, max, num_bits=8, narrow_range=False)`:
 * `[backprops_wrt_input, backprop_wrt_min, backprop_wrt_max]`.
 */
export function fakeQuantWithMinMaxVarsGradient(gradients: InputValue, inputs: InputValue, min: InputValue,
  max: InputValue, options: FakeQuantOptions = {}): [Output, Output, Output] {
  return groupedOutputs(applyOp('FakeQuantWithMinMaxVarsGradient', { gradients, inputs, min, max }, varsAttrs(options),
    options.name ?? 'FakeQuantWithMinMaxVarsGradient')) as [Output, Output, Output];
}

/** `tf.fake_quant_with_min_max_vars_per_channel(inputs, min, max, num_bits=8, narrow_range=False)`: a range per last-axis channel. */
export function fakeQuantWithMinMaxVarsPerChannel(inputs: InputValue, min: InputValue, max: InputValue,
  options: FakeQuantOptions = {}): Output {
  return applyOp('FakeQuantWithMinMaxVarsPerChannel', { inputs, min, max }, varsAttrs(options),
    options.name ?? 'FakeQuantWithMinMaxVarsPerChannel').output(0);
}

/**
 * `tf.fake_quant_with_min_max_vars_per_channel_gradient(gradients, inputs, min, max, num_bits=8,
 * narrow_range=False)`: `[backprops_wrt_input, backprop_wrt_min, backprop_wrt_max]`.
 */
export function fakeQuantWithMinMaxVarsPerChannelGradient(gradients: InputValue, inputs: InputValue, min: InputValue,
  max: InputValue, options: FakeQuantOptions = {}): [Output, Output, Output] {
  return groupedOutputs(applyOp('FakeQuantWithMinMaxVarsPerChannelGradient', { gradients, inputs, min, max },
    varsAttrs(options), options.name ?? 'FakeQuantWithMinMaxVarsPerChannelGradient')) as [Output, Output, Output];
}

/** `axis` of quantize / dequantize: -1 when not given, a negative one counted from the (known) rank. */
function quantAxis(input: InputValue, axis: number | undefined): number {
  if (axis === undefined) return -1;
  if (axis >= 0) return axis;
  // Python reads the rank of an input tensor only (a value has no static shape there).
  if (!(input instanceof Output) || input.shape === null) throw new ValueError('input should have known rank to use negative axis.');
  return ((axis % input.shape.length) + input.shape.length) % input.shape.length;
}

/** Options of `quantize` / `quantizeV2`. */
export interface QuantizeOptions {
  mode?: 'MIN_COMBINED' | 'MIN_FIRST' | 'SCALED';
  roundMode?: 'HALF_AWAY_FROM_ZERO' | 'HALF_TO_EVEN';
  narrowRange?: boolean;
  axis?: number;
  ensureMinimumRange?: number;
  name?: string;
}

/** What `quantize` gives (Python's `QuantizeV2` namedtuple). */
export interface QuantizeResult {
  output: Output;
  outputMin: Output;
  outputMax: Output;
}

/**
 * `tf.quantize_v2(input, min_range, max_range, T, mode='MIN_COMBINED', name=None,
 * round_mode='HALF_AWAY_FROM_ZERO', narrow_range=False, axis=None, ensure_minimum_range=0.01)`.
 */
export function quantizeV2(input: InputValue, minRange: InputValue, maxRange: InputValue, T: DType,
  options: QuantizeOptions = {}): QuantizeResult {
  const [output, outputMin, outputMax] = groupedOutputs(applyOp('QuantizeV2', {
    input, min_range: minRange, max_range: maxRange,
  }, {
    T, mode: options.mode ?? 'MIN_COMBINED', round_mode: options.roundMode ?? 'HALF_AWAY_FROM_ZERO',
    narrow_range: options.narrowRange ?? false, axis: quantAxis(input, options.axis),
    ensure_minimum_range: options.ensureMinimumRange ?? 0.01,
  }, options.name ?? 'QuantizeV2')) as Output[];
  return { output, outputMin, outputMax };
}

/** `tf.quantize(input, min_range, max_range, T, ...)` (`tf.quantization.quantize`): `quantizeV2`. */
export const quantize = quantizeV2;

/** Options of `dequantize`. */
export interface DequantizeOptions {
  mode?: 'MIN_COMBINED' | 'MIN_FIRST' | 'SCALED';
  axis?: number;
  narrowRange?: boolean;
  dtype?: DType;
  name?: string;
}

/**
 * `tf.dequantize(input, min_range, max_range, mode='MIN_COMBINED', name=None, axis=None,
 * narrow_range=False, dtype=tf.float32)` (`tf.quantization.dequantize`).
 */
export function dequantize(input: InputValue, minRange: InputValue, maxRange: InputValue,
  options: DequantizeOptions = {}): Output {
  return applyOp('Dequantize', { input, min_range: minRange, max_range: maxRange }, {
    mode: options.mode ?? 'MIN_COMBINED', narrow_range: options.narrowRange ?? false, axis: quantAxis(input, options.axis),
    dtype: options.dtype ?? DType.float32,
  }, options.name ?? 'Dequantize').output(0);
}

/** Options of the quantized pools: the window, strides (4 each) and padding. */
export interface QuantizedPoolOptions {
  ksize: number[];
  strides: number[];
  padding: 'SAME' | 'VALID';
  name?: string;
}

/** A quantized pool op: `[output, min_output, max_output]`. */
function quantizedPool(type: string, input: InputValue, minInput: InputValue, maxInput: InputValue,
  options: QuantizedPoolOptions): [Output, Output, Output] {
  return groupedOutputs(applyOp(type, { input, min_input: minInput, max_input: maxInput },
    { ksize: options.ksize, strides: options.strides, padding: options.padding }, options.name ?? type)) as [Output, Output, Output];
}

/**
 * `tf.nn.quantized_avg_pool(input, min_input, max_input, ksize, strides, padding)`: `QuantizedAvgPool`,
 * `[output, min_output, max_output]`.
 */
export function quantizedAvgPool(input: InputValue, minInput: InputValue, maxInput: InputValue,
  options: QuantizedPoolOptions): [Output, Output, Output] {
  return quantizedPool('QuantizedAvgPool', input, minInput, maxInput, options);
}

/**
 * `tf.nn.quantized_max_pool(input, min_input, max_input, ksize, strides, padding)`: `QuantizedMaxPool`,
 * `[output, min_output, max_output]`.
 */
export function quantizedMaxPool(input: InputValue, minInput: InputValue, maxInput: InputValue,
  options: QuantizedPoolOptions): [Output, Output, Output] {
  return quantizedPool('QuantizedMaxPool', input, minInput, maxInput, options);
}

/** Options of `quantizedConv2d`. */
export interface QuantizedConv2DOptions {
  strides: number[];
  padding: 'SAME' | 'VALID';
  /** The accumulator dtype (default qint32). */
  outType?: DType;
  dilations?: number[];
  name?: string;
}

/**
 * `tf.nn.quantized_conv2d(input, filter, min_input, max_input, min_filter, max_filter, strides, padding,
 * out_type=tf.qint32, dilations=[1, 1, 1, 1])`: `QuantizedConv2D`, `[output, min_output, max_output]`.
 */
export function quantizedConv2d(input: InputValue, filter: InputValue, minInput: InputValue, maxInput: InputValue,
  minFilter: InputValue, maxFilter: InputValue, options: QuantizedConv2DOptions): [Output, Output, Output] {
  return groupedOutputs(applyOp('QuantizedConv2D', { input, filter, min_input: minInput, max_input: maxInput,
    min_filter: minFilter, max_filter: maxFilter }, { out_type: options.outType ?? DType.qint32, strides: options.strides,
    padding: options.padding, dilations: options.dilations ?? [1, 1, 1, 1] },
  options.name ?? 'QuantizedConv2D')) as [Output, Output, Output];
}

/**
 * `tf.nn.quantized_relu_x(features, max_value, min_features, max_features, out_type=tf.quint8)`:
 * `QuantizedReluX`, `[activations, min_activations, max_activations]`.
 */
export function quantizedReluX(features: InputValue, maxValue: InputValue, minFeatures: InputValue,
  maxFeatures: InputValue, options: { outType?: DType; name?: string } = {}): [Output, Output, Output] {
  return groupedOutputs(applyOp('QuantizedReluX', { features, max_value: maxValue, min_features: minFeatures,
    max_features: maxFeatures }, { out_type: options.outType ?? DType.quint8 },
  options.name ?? 'QuantizedReluX')) as [Output, Output, Output];
}
