/**
 * TF1's printing ops (`logging_ops.py`): `tf.print` (a `StringFormat` of the inputs printed by
 * `PrintV2`), the deprecated `tf.Print` identity op, and `tf.timestamp`.
 */
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { InputValue, applyOp } from '../framework/op_def_library';
import { Operation, Output, getDefaultGraph } from '../framework/ops';
import { SparseTensor } from '../framework/sparse_tensor';
import { isPlainObject, pyRepr } from '../util/python_repr';
import { format } from './string_ops';

/** Options of `print` (Python's keyword arguments). */
export interface PrintOptions {
  /**
   * Where PrintV2 writes: 'stderr' (default), 'stdout', 'log(info)', 'log(warning)',
   * 'log(error)', or a file as 'file://<path>' (appended to).
   */
  outputStream?: string;
  /** Elements shown at the start and end of each dimension (default 3; -1: all). */
  summarize?: number;
  /** Between the inputs (default ' '). */
  sep?: string;
  /** After the last input (default '\n'). */
  end?: string;
  name?: string;
}

const STREAMS = ['stdout', 'stderr', 'log(info)', 'log(warning)', 'log(error)'];

/** The digits Python's `random.Random(5).randint(0, 9)` draws first (`_generate_placeholder_string`). */
const PLACEHOLDER_DIGITS = [9, 4, 5, 8, 0, 7, 3, 0, 2, 1, 5, 7];

/** `pprint.pformat` of a short structure: strings and leaves by their repr, dicts by sorted keys. */
function pformat(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(pformat).join(', ')}]`;
  if (isPlainObject(x)) return `{${Object.keys(x).sort().map((k) => `${pyRepr(k)}: ${pformat(x[k])}`).join(', ')}}`;
  return pyRepr(x);
}

/** `nest.map_structure` over lists and dicts (dict leaves in sorted key order, as `nest.flatten`). */
function mapLeaves(x: unknown, fn: (leaf: unknown) => unknown): unknown {
  if (Array.isArray(x)) return x.map((v) => mapLeaves(v, fn));
  if (isPlainObject(x)) return Object.fromEntries(Object.keys(x).sort().map((k) => [k, mapLeaves(x[k], fn)]));
  return fn(x);
}

const isTensorLeaf = (x: unknown): boolean => x instanceof Output || x instanceof SparseTensor;

/**
 * `tf.print(*inputs, output_stream=sys.stderr, summarize=3, sep=' ', end='\n')`: the `PrintV2`
 * op printing the inputs (tensors, sparse tensors, strings, numbers, and lists and dicts of
 * them) as Python's print would, each tensor formatted by `StringFormat`; a single scalar
 * string tensor is printed as it is. (pprint's wrapping of structures past 80 columns is not reproduced.)
 */
export function print(inputs: unknown[], options: PrintOptions = {}): Operation {
  const stream = options.outputStream ?? 'stderr';
  if (!STREAMS.includes(stream) && !stream.startsWith('file://')) {
    throw new ValueError(`Unsupported output stream, logging level, or file.${stream}. Supported streams are sys.stdout, ` +
      'sys.stderr, tf.logging.info, tf.logging.warning, tf.logging.error. File needs to be in the form of ' +
      "'file://<filepath>'.");
  }
  const name = options.name || undefined;
  const only = inputs[0];
  let formatted: Output;
  if (inputs.length === 1 && only instanceof Output && only.shape?.length === 0 && only.dtype === DType.string) {
    formatted = only;
  } else {
    const tensorFree = inputs.map((x) => mapLeaves(x, (leaf) => (isTensorLeaf(leaf) ? '' : leaf)));
    const freeTemplate = tensorFree.map(pformat).join(' ');
    let placeholder = '{}';
    for (let i = 0; freeTemplate.includes(placeholder); i++) placeholder += String(PLACEHOLDER_DIGITS[i % 12]);
    const tensors: Output[] = [];
    const templates = inputs.map((input) => {
      const filled = mapLeaves(input, (leaf) => {
        if (leaf instanceof SparseTensor) {
          tensors.push(leaf.indices, leaf.values, leaf.denseShape);
          return `SparseTensor(indices=${placeholder}, values=${placeholder}, shape=${placeholder})`;
        }
        if (leaf instanceof Output) {
          tensors.push(leaf);
          return placeholder;
        }
        return leaf;
      });
      return typeof input === 'string' ? input : pformat(filled);
    });
    const template = templates.join(options.sep ?? ' ').split(`'${placeholder}'`).join(placeholder);
    formatted = format(template, tensors, { placeholder, summarize: options.summarize ?? 3,
      name: name && `${name}_format` });
  }
  return applyOp('PrintV2', { input: formatted }, { output_stream: stream, end: options.end ?? '\n' },
    { name: name ?? 'PrintV2', graph: formatted.graph });
}

/** Options of the deprecated `Print`. */
export interface PrintOpOptions {
  /** Printed before the data. */
  message?: string;
  /** Print only the first `firstN` runs (default -1: every run). */
  firstN?: number;
  /** Elements of each tensor printed (default 3). */
  summarize?: number;
  name?: string;
}

/**
 * `tf.Print(input_, data, message, first_n, summarize)` (deprecated): `input_` passed through a
 * `Print` op that logs `data` to stderr each time it runs.
 */
export function Print(input: InputValue, data: InputValue[], options: PrintOpOptions = {}): Output {
  return applyOp('Print', { input, data }, { message: options.message ?? '', first_n: options.firstN ?? -1,
    summarize: options.summarize ?? 3 }, options.name ?? 'Print').output(0);
}

/** `tf.timestamp()`: the time the op runs, in seconds since the epoch (a float64 `Timestamp`). */
export function timestamp(name?: string): Output {
  return applyOp('Timestamp', {}, {}, { name: name ?? 'Timestamp', graph: getDefaultGraph() }).output(0);
}
