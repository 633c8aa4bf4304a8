/**
 * Keras' `utils/conv_utils.py`: the argument checks and formats of the convolution and pooling
 * layers, with keras' messages.
 */
import { ValueError } from '../errors';
import { pythonType } from '../ops/python_type';
import { pyStr } from '../util/python_repr';

/** 'channels_last' (`(batch, ..., channels)`) or 'channels_first' (`(batch, channels, ...)`). */
export type DataFormat = 'channels_last' | 'channels_first';

/**
 * `conv_utils.normalize_tuple(value, n, name)`: a number for every dimension, or one per
 * dimension; keras' ValueError otherwise.
 */
export function normalizeTuple(value: number | readonly number[], n: number, name: string): number[] {
  if (typeof value === 'number' && Number.isInteger(value)) return new Array<number>(n).fill(value);
  const message = `The \`${name}\` argument must be a tuple of ${n} integers. Received: ${pyStr(value)}`;
  if (!Array.isArray(value) || value.length !== n) throw new ValueError(message);
  for (const v of value as unknown[]) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValueError(`${message} including element ${pyStr(v)} of type ${pythonType(v)}`);
    }
  }
  return [...value];
}

/** `conv_utils.normalize_padding`: 'valid', 'same' or 'causal', in any case. */
export function normalizePadding(value: string): string {
  const padding = value.toLowerCase();
  if (!['valid', 'same', 'causal'].includes(padding)) {
    throw new ValueError('The `padding` argument must be a list/tuple or one of "valid", "same" (or "causal", only for ' +
      `\`Conv1D). Received: ${padding}`);
  }
  return padding;
}

/** `conv_utils.normalize_data_format`: 'channels_last' (the default) or 'channels_first', in any case. */
export function normalizeDataFormat(value: string | undefined): DataFormat {
  const format = (value ?? 'channels_last').toLowerCase();
  if (format !== 'channels_first' && format !== 'channels_last') {
    throw new ValueError(`The \`data_format\` argument must be one of "channels_first", "channels_last". Received: ${value}`);
  }
  return format;
}

/** `conv_utils.convert_data_format`: the op's format for an input of rank `ndim` (3 to 5). */
export function convertDataFormat(format: DataFormat, ndim: number): string {
  const last = { 3: 'NWC', 4: 'NHWC', 5: 'NDHWC' }[ndim];
  const first = { 3: 'NCW', 4: 'NCHW', 5: 'NCDHW' }[ndim];
  if (!last || !first) throw new ValueError(`('Input rank not supported:', ${ndim})`);
  return format === 'channels_last' ? last : first;
}
