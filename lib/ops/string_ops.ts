/**
 * TF1's string ops (`tf.compat.v1.strings`, `string_ops.py`, and the v1 `strings.split` /
 * `string_split` of `ragged_string_ops.py`) in graph mode, with their v1 signatures and defaults:
 * splitting into SparseTensors, joins, lengths and substrings, regexes, case and whitespace,
 * numbers to and from strings, hash buckets, base64, `format` and Unicode scripts and transcoding.
 * TF1's top-level names (`tf.string_split`, `tf.substr`, `tf.reduce_join`, ...) are these same
 * functions, re-exported by `ops`.
 *
 * What TF gives as a RaggedTensor (`result_type: 'RaggedTensor'`, `unicode_decode`, `unicode_split`,
 * `bytes_split`, `ngrams`) is one here too; dense inputs of rank 2 or more go through
 * `RaggedTensor.from_tensor` as in TF (but `bytes_split`'s, which needs ragged indexing).
 */
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { InputValue, convertToTensor, makeConst } from '../framework/op_def_library';
import { Graph, Output } from '../framework/ops';
import { RaggedTensor } from '../framework/ragged_tensor';
import { SparseTensor } from '../framework/sparse_tensor';
import { Tensor } from '../framework/tensor';
import { deprecatedArgumentLookup } from '../util/deprecation';
import { pyStr } from '../util/python_repr';
import { concat, expandDims, getItem, rank, reshape, reshapeToScalar, shape, stack, withScope } from './array_ops';
import { pyInt } from './check_ops';
import * as raw from './gen/raw_ops';
import { range, sub } from './math_ops';

/** A string attr's value, or a string tensor where the op takes one. */
type StringArg = string | Uint8Array;

/** `isinstance(x, bytes_or_text_types)`: a host string or bytes, which the Static regex ops take as an attr. */
const isPyString = (x: unknown): x is StringArg => typeof x === 'string' || x instanceof Uint8Array;

/** What the split functions give. */
export type SplitResultType = 'SparseTensor' | 'RaggedTensor';

function checkResultType(resultType: string): void {
  if (resultType !== 'SparseTensor' && resultType !== 'RaggedTensor') {
    throw new ValueError("result_type must be 'RaggedTensor' or 'SparseTensor'.");
  }
}

/** A string input: a RaggedTensor as is, anything else a string tensor (`convert_to_tensor_or_ragged_tensor`). */
function stringsOf(input: InputValue | RaggedTensor, graph: Graph): Output | RaggedTensor {
  return input instanceof RaggedTensor ? input : convertToTensor(input, { dtype: DType.string, name: 'input', graph });
}

/** A vector's split (`StringSplitV2` or `StringSplit`) as a RaggedTensor: `from_value_rowids` of its first index column. */
function raggedOfSplit(r: { indices: Output; values: Output; shape: Output }): RaggedTensor {
  return RaggedTensor.fromValueRowids(r.values, getItem(r.indices, [':', 0]),
    { nrows: getItem(r.shape, [0]), validate: false });
}

/** `ragged_string_ops.string_split_v2`: each string of a vector or RaggedTensor split into a row. */
function splitRagged(input: Output | RaggedTensor, sep: StringArg | Output | undefined, maxsplit: number): RaggedTensor {
  return withScope(undefined, 'StringSplit', [input instanceof RaggedTensor ? input.flatValues : input], (_s, graph) => {
    const t = stringsOf(input, graph);
    if (t instanceof RaggedTensor) return t.withFlatValues(splitRagged(t.flatValues, sep, maxsplit));
    const n = t.shape?.length;
    if (n !== undefined && n > 1) return splitRagged(RaggedTensor.fromTensor(t), sep, maxsplit);
    const sepT = convertToTensor(sep ?? '', { dtype: DType.string, graph });
    return raggedOfSplit(raw.stringSplitV2({ input: t, sep: sepT, maxsplit }));
  });
}

/** Options of `split` (`tf.strings.split`, v1). */
export interface SplitOptions {
  /** The separator (a scalar string or string tensor); by default runs of whitespace. */
  sep?: StringArg | Output;
  /** At most this many splits of each string when > 0. */
  maxsplit?: number;
  resultType?: SplitResultType;
  name?: string;
}

/**
 * `tf.strings.split(input, sep=None, maxsplit=-1, result_type='SparseTensor')` (v1): each string
 * of a scalar, vector or RaggedTensor split on `sep` (`StringSplitV2`), as a SparseTensor whose
 * rows are the strings, or a RaggedTensor with `resultType: 'RaggedTensor'`. As Python's
 * `str.split`: with a `sep`, consecutive separators delimit empty strings; without one, runs of
 * whitespace separate and give none.
 */
export function split(input: InputValue | RaggedTensor, options: SplitOptions & { resultType: 'RaggedTensor' }): RaggedTensor;
export function split(input: InputValue | RaggedTensor, options?: SplitOptions): SparseTensor;
export function split(input: InputValue | RaggedTensor, options: SplitOptions = {}): SparseTensor | RaggedTensor {
  const resultType = options.resultType ?? 'SparseTensor';
  return withScope(options.name, 'StringSplit', [input instanceof RaggedTensor ? input.flatValues : input], (_scope, graph) => {
    let source = stringsOf(input, graph);
    if (source instanceof Output && source.shape?.length === 0) source = expandDims(source, 0);
    checkResultType(resultType);
    const maxsplit = options.maxsplit ?? -1;
    if (resultType === 'RaggedTensor') return splitRagged(source, options.sep, maxsplit);
    if (source instanceof Output && source.shape?.length === 1) {
      const sep = convertToTensor(options.sep ?? '', { dtype: DType.string, graph });
      const r = raw.stringSplitV2({ input: source, sep, maxsplit });
      return new SparseTensor(r.indices, r.values, r.shape);
    }
    return splitRagged(source, options.sep, maxsplit).toSparse();
  });
}

/** Options of `stringSplit` (TF1's `tf.string_split`). */
export interface StringSplitOptions {
  /** The delimiters, each byte one (empty: every byte alone); default ' '. */
  sep?: StringArg | Output;
  /** Leave out empty tokens (default true). */
  skipEmpty?: boolean;
  /** The deprecated name of `sep`. */
  delimiter?: StringArg | Output;
  resultType?: SplitResultType;
  name?: string;
}

/**
 * TF1's `tf.string_split(source, sep=None, skip_empty=True, delimiter=None, result_type='SparseTensor')`:
 * each string of a vector split on any byte of `sep` (`StringSplit`), as a SparseTensor of rank 2 or
 * a RaggedTensor.
 */
export function stringSplit(source: InputValue, options: StringSplitOptions & { resultType: 'RaggedTensor' }): RaggedTensor;
export function stringSplit(source: InputValue, options?: StringSplitOptions): SparseTensor;
export function stringSplit(source: InputValue, options: StringSplitOptions = {}): SparseTensor | RaggedTensor {
  return withScope(options.name, 'StringSplit', [source], (_scope, graph) => {
    const sep = deprecatedArgumentLookup('sep', options.sep, 'delimiter', options.delimiter) ?? ' ';
    const delimiter = convertToTensor(sep, { dtype: DType.string, graph });
    const input = convertToTensor(source, { dtype: DType.string, graph });
    const r = raw.stringSplit({ input, delimiter, skipEmpty: options.skipEmpty ?? true });
    const resultType = options.resultType ?? 'SparseTensor';
    checkResultType(resultType);
    return resultType === 'RaggedTensor' ? raggedOfSplit(r) : new SparseTensor(r.indices, r.values, r.shape);
  });
}

/** `tf.strings.join(inputs, separator='')` (TF1's `tf.string_join`): the strings of same-shaped tensors (or scalars) joined elementwise. */
export function join(inputs: InputValue[], separator: StringArg = '', name?: string): Output {
  return raw.stringJoin({ inputs, separator }, name);
}

/** Options of `reduceJoin`. */
export interface ReduceJoinOptions {
  /** The axes to join along (default all, last first). */
  axis?: number | number[] | Output;
  keepdims?: boolean;
  separator?: StringArg;
  /** The deprecated name of `keepdims`. */
  keepDims?: boolean;
  /** The deprecated name of `axis`. */
  reductionIndices?: number | number[] | Output;
  name?: string;
}

/**
 * `tf.strings.reduce_join(inputs, axis=None, keep_dims=None, separator='', reduction_indices=None,
 * keepdims=None)` (v1, also TF1's `tf.reduce_join`): the strings joined along `axis` (`ReduceJoin`).
 */
export function reduceJoin(inputs: InputValue, options: ReduceJoinOptions = {}): Output {
  const keepdims = deprecatedArgumentLookup('keepdims', options.keepdims, 'keep_dims', options.keepDims);
  const axis = deprecatedArgumentLookup('axis', options.axis, 'reduction_indices', options.reductionIndices);
  return withScope(undefined, 'ReduceJoin', [inputs, axis], (_scope, graph) => {
    const x = convertToTensor(inputs, { graph });
    return raw.reduceJoin({
      inputs: x, reductionIndices: axis ?? joinAxes(x), keepDims: keepdims ?? false, separator: options.separator ?? '',
    }, options.name);
  });
}

/** `_reduce_join_reduction_dims(x, None)`: every axis, last first; a Const when the rank is known. */
function joinAxes(x: Output): Output {
  const n = x.shape?.length;
  if (n !== undefined) {
    return makeConst(x.graph, Tensor.from(Array.from({ length: n }, (_, i) => n - 1 - i), { dtype: DType.int32, shape: [n] }));
  }
  return range(sub(rank(x), pyInt(1), 'sub'), -1, -1);
}

/** A string's length counted in bytes or in UTF-8 characters. */
export type StringUnit = 'BYTE' | 'UTF8_CHAR';

/** `tf.strings.length(input, name=None, unit='BYTE')` (v1): each string's length (`StringLength`, int32). */
export function length(input: InputValue, options: { unit?: StringUnit; name?: string } = {}): Output {
  return raw.stringLength({ input, unit: options.unit ?? 'BYTE' }, options.name);
}

/**
 * `tf.strings.substr(input, pos, len, name=None, unit='BYTE')` (v1, also TF1's `tf.substr`): the
 * substrings of `len` units from `pos` (negative: from the end), `pos` and `len` broadcast to `input`.
 */
export function substr(input: InputValue, pos: InputValue, len: InputValue,
  options: { unit?: StringUnit; name?: string } = {}): Output {
  return raw.substr({ input, pos, len, unit: options.unit ?? 'BYTE' }, options.name);
}

/**
 * `tf.strings.regex_full_match(input, pattern)`: whether each string matches the RE2 `pattern`
 * whole. A host string pattern is compiled once, as an attr of `StaticRegexFullMatch`; a string
 * tensor makes `RegexFullMatch`.
 */
export function regexFullMatch(input: InputValue, pattern: InputValue, name?: string): Output {
  if (isPyString(pattern)) return raw.staticRegexFullMatch({ input, pattern }, name);
  return raw.regexFullMatch({ input, pattern }, name);
}

/**
 * `tf.strings.regex_replace(input, pattern, rewrite, replace_global=True)` (also TF1's
 * `tf.regex_replace`): the matches of the RE2 `pattern` replaced by `rewrite` (`\1`..`\9` for its
 * groups), all or the first. `StaticRegexReplace` when both are host strings, else `RegexReplace`.
 */
export function regexReplace(input: InputValue, pattern: InputValue, rewrite: InputValue,
  replaceGlobal = true, name?: string): Output {
  if (isPyString(pattern) && isPyString(rewrite)) {
    return raw.staticRegexReplace({ input, pattern, rewrite, replaceGlobal }, name);
  }
  return raw.regexReplace({ input, pattern, rewrite, replaceGlobal }, name);
}

/** Options of `format`. */
export interface FormatOptions {
  /** What in the template each tensor replaces (default '{}'). */
  placeholder?: string;
  /** The first and last elements shown of each dimension (default 3; -1: all). */
  summarize?: number;
  name?: string;
}

/**
 * `tf.strings.format(template, inputs, placeholder='{}', summarize=3)`: the template with each
 * placeholder replaced by a tensor's printed value (`StringFormat`, a scalar). A single tensor
 * needs no list.
 */
export function format(template: string, inputs: InputValue, options: FormatOptions = {}): Output {
  const list = Array.isArray(inputs) ? inputs : [inputs];
  const placeholder = options.placeholder ?? '{}';
  const count = template.split(placeholder).length - 1;
  if (count !== list.length) {
    throw new ValueError(`The template expects ${count} tensors, but the inputs only has ${list.length}. Please ensure ` +
      'the number of placeholders in template matches inputs length.');
  }
  return raw.stringFormat({ inputs: list, template, placeholder, summarize: options.summarize ?? 3 }, options.name);
}

/** `tf.strings.strip(input)` (TF1's `tf.string_strip`): leading and trailing whitespace removed. */
export function strip(input: InputValue, name?: string): Output {
  return raw.stringStrip({ input }, name);
}

/** `tf.strings.lower(input, encoding='')`: ASCII letters lowercased, or all letters with encoding 'utf-8'. */
export function lower(input: InputValue, encoding = '', name?: string): Output {
  return raw.stringLower({ input, encoding }, name);
}

/** `tf.strings.upper(input, encoding='')`: ASCII letters uppercased, or all letters with encoding 'utf-8'. */
export function upper(input: InputValue, encoding = '', name?: string): Output {
  return raw.stringUpper({ input, encoding }, name);
}

/**
 * `tf.strings.to_number(string_tensor, out_type=float32)` (v1, also TF1's `tf.string_to_number`):
 * each string parsed as a number of `outType` (`StringToNumber`).
 */
export function toNumber(input: InputValue, outType: DType = DType.float32, name?: string): Output {
  return raw.stringToNumber({ stringTensor: input, outType }, name);
}

/**
 * `tf.strings.to_hash_bucket(string_tensor, num_buckets)` (v1, also TF1's
 * `tf.string_to_hash_bucket`): each string's legacy hash modulo `numBuckets` (`StringToHashBucket`).
 */
export function toHashBucket(input: InputValue, numBuckets: number, name?: string): Output {
  return raw.stringToHashBucket({ stringTensor: input, numBuckets }, name);
}

/** `tf.strings.to_hash_bucket_fast(input, num_buckets)`: each string's Fingerprint64 modulo `numBuckets` (int64). */
export function toHashBucketFast(input: InputValue, numBuckets: number, name?: string): Output {
  return raw.stringToHashBucketFast({ input, numBuckets }, name);
}

/** `tf.strings.to_hash_bucket_strong(input, num_buckets, key)`: a keyed SipHash (`key` two ints) modulo `numBuckets`. */
export function toHashBucketStrong(input: InputValue, numBuckets: number, key: number[], name?: string): Output {
  return raw.stringToHashBucketStrong({ input, numBuckets, key }, name);
}

/** Options of `asString`. */
export interface AsStringOptions {
  /** Digits after the point of floats (-1: C's default). */
  precision?: number;
  scientific?: boolean;
  /** The shortest representation of floats. */
  shortest?: boolean;
  /** Pad to this width (-1: none). */
  width?: number;
  /** The padding character: '' (spaces) or one character, '0' padding numbers with zeros. */
  fill?: string;
  name?: string;
}

/** `tf.strings.as_string(input, precision=-1, scientific=False, shortest=False, width=-1, fill='')` (also `tf.as_string`). */
export function asString(input: InputValue, options: AsStringOptions = {}): Output {
  return raw.asString({
    input, precision: options.precision ?? -1, scientific: options.scientific ?? false, shortest: options.shortest ?? false,
    width: options.width ?? -1, fill: options.fill ?? '',
  }, options.name);
}

/** `tf.io.encode_base64(input, pad=False)` (TF1's `tf.encode_base64`): web-safe base64, '=' padding only with `pad`. */
export function encodeBase64(input: InputValue, pad = false, name?: string): Output {
  return raw.encodeBase64({ input, pad }, name);
}

/** `tf.io.decode_base64(input)` (TF1's `tf.decode_base64`): web-safe base64 decoded, with or without padding. */
export function decodeBase64(input: InputValue, name?: string): Output {
  return raw.decodeBase64({ input }, name);
}

/** `tf.strings.unicode_script(input)`: the ICU UScriptCode of each int32 code point (-1 for invalid ones). */
export function unicodeScript(input: InputValue, name?: string): Output {
  return raw.unicodeScript({ input }, name);
}

/** Options of `unicodeTranscode`. */
export interface UnicodeTranscodeOptions {
  /** What invalid input does: 'replace' (default) it with `replacementChar`, 'ignore' it, or fail ('strict'). */
  errors?: 'strict' | 'replace' | 'ignore';
  /** The code point that replaces invalid input (default U+FFFD). */
  replacementChar?: number;
  /** Replace C0 control characters too. */
  replaceControlCharacters?: boolean;
  name?: string;
}

/**
 * `tf.strings.unicode_transcode(input, input_encoding, output_encoding, errors='replace',
 * replacement_char=65533, replace_control_characters=False)`: the strings re-encoded (ICU's
 * encodings in; 'UTF-8', 'UTF-16-BE' or 'UTF-32-BE' out).
 */
export function unicodeTranscode(input: InputValue, inputEncoding: string, outputEncoding: 'UTF-8' | 'UTF-16-BE' | 'UTF-32-BE',
  options: UnicodeTranscodeOptions = {}): Output {
  return raw.unicodeTranscode({
    input, inputEncoding, outputEncoding, errors: options.errors ?? 'replace', replacementChar: options.replacementChar ?? 65533,
    replaceControlCharacters: options.replaceControlCharacters ?? false,
  }, options.name);
}

/**
 * `tf.strings.unsorted_segment_join(inputs, segment_ids, num_segments, separator='')`: the
 * strings of each segment joined, in row-major order (`UnsortedSegmentJoin`).
 */
export function unsortedSegmentJoin(inputs: InputValue, segmentIds: InputValue, numSegments: InputValue, separator: StringArg = '',
  name?: string): Output {
  return raw.unsortedSegmentJoin({ inputs, segmentIds, numSegments, separator }, name);
}

/** Options of `unicodeDecode` and its kin. */
export interface UnicodeDecodeOptions {
  /** What invalid input does: 'replace' (default) it with `replacementChar`, 'ignore' it, or fail ('strict'). */
  errors?: 'strict' | 'replace' | 'ignore';
  /** The code point that replaces invalid input (default U+FFFD). */
  replacementChar?: number;
  /** Replace C0 control characters too. */
  replaceControlCharacters?: boolean;
  name?: string;
}

/**
 * `_unicode_decode`: the flat strings decoded (`UnicodeDecode` or `UnicodeDecodeWithOffsets`), a
 * scalar's code points as a tensor, each string's of a vector or RaggedTensor as a row.
 */
function unicodeDecodeOf(input: InputValue | RaggedTensor, inputEncoding: string, options: UnicodeDecodeOptions,
  withOffsets: boolean, graph: Graph): Array<Output | RaggedTensor> {
  let t = input instanceof RaggedTensor ? input : convertToTensor(input, { name: 'input', graph });
  const n = t.shape?.length;
  if (n === undefined) throw new ValueError('Rank of `input` must be statically known.');
  // A dense tensor's (a RaggedTensor's dense flat values') outer dimensions made ragged.
  if (n > 1 && !(t instanceof RaggedTensor)) t = RaggedTensor.fromTensor(t, { raggedRank: n - 1 });
  else if (t instanceof RaggedTensor && t.raggedRank < n - 1) {
    t = t.withFlatValues(RaggedTensor.fromTensor(t.flatValues, { raggedRank: n - t.raggedRank - 1 }));
  }
  const flat = reshape(t instanceof RaggedTensor ? t.flatValues : t, [-1]);
  const args = {
    input: flat, inputEncoding, errors: options.errors ?? 'replace', replacementChar: options.replacementChar ?? 0xFFFD,
    replaceControlCharacters: options.replaceControlCharacters ?? false,
  };
  const r: { rowSplits: Output; charValues: Output; charToByteStarts?: Output } = withOffsets
    ? raw.unicodeDecodeWithOffsets(args) : raw.unicodeDecode(args);
  const parts = [r.charValues, ...(r.charToByteStarts ? [r.charToByteStarts] : [])];
  if (n === 0) return parts;
  return parts.map((p) => {
    const rows = RaggedTensor.fromRowSplits(p, r.rowSplits, { validate: false });
    return t instanceof RaggedTensor ? t.withFlatValues(rows) : rows;
  });
}

/**
 * `tf.strings.unicode_decode(input, input_encoding, errors='replace', replacement_char=0xFFFD,
 * replace_control_characters=False)`: each string's int32 code points, a row of a RaggedTensor (a
 * tensor for a scalar).
 */
export function unicodeDecode(input: InputValue | RaggedTensor, inputEncoding: string,
  options: UnicodeDecodeOptions = {}): Output | RaggedTensor {
  return withScope(options.name, 'UnicodeDecode', [input instanceof RaggedTensor ? input.flatValues : input],
    (_s, graph) => unicodeDecodeOf(input, inputEncoding, options, false, graph)[0]);
}

/**
 * `tf.strings.unicode_decode_with_offsets(input, input_encoding, ...)`: `unicodeDecode`'s code
 * points and the byte offset where each starts.
 */
export function unicodeDecodeWithOffsets(input: InputValue | RaggedTensor, inputEncoding: string,
  options: UnicodeDecodeOptions = {}): [Output | RaggedTensor, Output | RaggedTensor] {
  return withScope(options.name, 'UnicodeDecodeWithOffsets', [input instanceof RaggedTensor ? input.flatValues : input],
    (_s, graph) => unicodeDecodeOf(input, inputEncoding, options, true, graph) as [Output | RaggedTensor, Output | RaggedTensor]);
}

/**
 * `tf.strings.bytes_split(input)`: each string split into its bytes (`StringSplit` on '' keeping
 * empties), a row each of a RaggedTensor (a vector for a scalar).
 */
export function bytesSplit(input: InputValue | RaggedTensor, name?: string): RaggedTensor | Output {
  return withScope(name, 'StringsByteSplit', [], (_s, graph) => {
    const t = input instanceof RaggedTensor ? input : convertToTensor(input, { name: 'input', graph });
    if (t instanceof RaggedTensor) return t.withFlatValues(bytesSplit(t.flatValues));
    const n = t.shape?.length;
    if (n === undefined) throw new ValueError('input must have a statically-known rank.');
    if (n === 0) return firstRow(bytesSplit(stack([t])) as RaggedTensor);
    if (n > 1) return bytesSplit(RaggedTensor.fromTensor(t));
    return raggedOfSplit(raw.stringSplit({ input: t, delimiter: '', skipEmpty: false }));
  });
}

/** Options of `unicodeEncode`. */
export interface UnicodeEncodeOptions {
  /** What invalid code points do: 'replace' (default) with `replacementChar`, 'ignore', or fail ('strict'). */
  errors?: 'strict' | 'replace' | 'ignore';
  /** The code point that replaces invalid ones (default U+FFFD). */
  replacementChar?: number;
  name?: string;
}

/** `unicode_encode`'s recursion: a RaggedTensor's rows of code points encoded (`UnicodeEncode`), a vector as one string. */
/** The encodings `UnicodeEncode` writes. */
export type UnicodeEncoding = 'UTF-8' | 'UTF-16-BE' | 'UTF-32-BE';

function unicodeEncodeOf(input: InputValue | RaggedTensor, outputEncoding: UnicodeEncoding, options: UnicodeEncodeOptions,
  graph: Graph): Output | RaggedTensor {
  const t = input instanceof RaggedTensor ? input : convertToTensor(input, { graph });
  const n = t.shape?.length;
  if (n === undefined) throw new ValueError('Rank of input_tensor must be statically known.');
  // TF recurses through `unicode_encode`, each call in a scope of its own.
  const again = (x: Output | RaggedTensor) => unicodeEncode(x, outputEncoding, { ...options, name: undefined });
  if (t instanceof RaggedTensor) {
    if ((t.flatValues.shape?.length ?? 0) > 1) return t.withFlatValues(again(t.flatValues));
    if (t.raggedRank > 1) return t.withValues(again(t.values));
    return raw.unicodeEncode({
      inputValues: t.values as Output, inputSplits: t.rowSplits, outputEncoding,
      errors: options.errors ?? 'replace', replacementChar: options.replacementChar ?? 65533,
    });
  }
  if (n === 2) return again(RaggedTensor.fromTensor(t));
  if (n > 2) {
    // Encoded as a matrix of the last dimension's rows, reshaped back.
    const flat = again(reshape(t, stack([-1, getItem(shape(t), [-1])]))) as Output;
    return reshape(flat, t.shape!.slice(0, -1).map((d) => d ?? -1));
  }
  if (n === 0) throw new ValueError("input_tensor's rank must be at least 1.");
  const splits = stack([0, getItem(shape(t, undefined, DType.int32), [0])]);
  return reshapeToScalar(again(RaggedTensor.fromRowSplits(t, splits, { validate: false })) as Output);
}

/**
 * `tf.strings.unicode_encode(input, output_encoding, errors='replace', replacement_char=65533)`:
 * each row of int32 code points (of a RaggedTensor, or a vector as one) encoded as a string in
 * 'UTF-8', 'UTF-16-BE' or 'UTF-32-BE'.
 */
export function unicodeEncode(input: InputValue | RaggedTensor, outputEncoding: UnicodeEncoding,
  options: UnicodeEncodeOptions = {}): Output | RaggedTensor {
  return withScope(options.name, 'UnicodeEncode', [input instanceof RaggedTensor ? input.flatValues : input],
    (_s, graph) => unicodeEncodeOf(input, outputEncoding, options, graph));
}

/** Options of `unicodeSplit`. */
export type UnicodeSplitOptions = Omit<UnicodeDecodeOptions, 'replaceControlCharacters'>;

/** `ragged_array_ops.expand_dims(input, -1)` of decoded code points: a last dimension of size 1. */
function expandLast(input: Output | RaggedTensor): Output | RaggedTensor {
  return withScope(undefined, 'RaggedExpandDims', [input instanceof RaggedTensor ? input.flatValues : input], () => {
    if (!(input instanceof RaggedTensor)) return expandDims(input, -1);
    const values = input.values;
    // The new last axis is past the ragged one, so the values take it (TF gives its positive index).
    return input.withValues(values instanceof RaggedTensor ? expandLast(values) : expandDims(values, values.shape!.length));
  });
}

/** `unicode_split(_with_offsets)`: the code points decoded, each encoded back as a string of its own. */
function unicodeSplitOf(input: InputValue | RaggedTensor, inputEncoding: UnicodeEncoding, options: UnicodeSplitOptions,
  withOffsets: boolean, graph: Graph): Array<Output | RaggedTensor> {
  const errors = options.errors ?? 'replace';
  const replacementChar = options.replacementChar ?? 0xFFFD;
  const [codepoints, offsets] = unicodeDecodeOf(input, inputEncoding,
    { errors, replacementChar, replaceControlCharacters: false }, withOffsets, graph);
  const chars = unicodeEncode(expandLast(codepoints), inputEncoding, { errors, replacementChar });
  return withOffsets ? [chars, offsets] : [chars];
}

/**
 * `tf.strings.unicode_split(input, input_encoding, errors='replace', replacement_char=0xFFFD)`: each
 * string split into its characters (strings), a row each (a vector for a scalar).
 */
export function unicodeSplit(input: InputValue | RaggedTensor, inputEncoding: UnicodeEncoding,
  options: UnicodeSplitOptions = {}): Output | RaggedTensor {
  return withScope(options.name, 'UnicodeSplit', [input instanceof RaggedTensor ? input.flatValues : input],
    (_s, graph) => unicodeSplitOf(input, inputEncoding, options, false, graph)[0]);
}

/**
 * `tf.strings.unicode_split_with_offsets(input, input_encoding, ...)`: `unicodeSplit`'s characters
 * and the byte offset where each starts.
 */
export function unicodeSplitWithOffsets(input: InputValue | RaggedTensor, inputEncoding: UnicodeEncoding,
  options: UnicodeSplitOptions = {}): [Output | RaggedTensor, Output | RaggedTensor] {
  return withScope(options.name, 'UnicodeSplitWithOffsets', [input instanceof RaggedTensor ? input.flatValues : input],
    (_s, graph) => unicodeSplitOf(input, inputEncoding, options, true, graph) as [Output | RaggedTensor, Output | RaggedTensor]);
}

/** Options of `ngrams`. */
export interface NgramsOptions {
  /** What joins an ngram's strings (default ' '). */
  separator?: StringArg;
  /** The padding string, or the left and right ones (default: no padding). */
  padValues?: StringArg | [StringArg, StringArg];
  /** How many pads each side gets (default: width - 1). */
  paddingWidth?: number;
  /** A sequence shorter than the width (padded) gives one ngram of all of it. */
  preserveShortSequences?: boolean;
  name?: string;
}

/** `rt[0]` of a RaggedTensor (`RaggedGetItem`): its first row, `values[starts[0]:limits[0]]`. */
function firstRow(rt: RaggedTensor): Output {
  return withScope(undefined, 'RaggedGetItem', [rt.flatValues], () => {
    const starts = getItem(rt.rowSplits, [[null, -1]]);
    const limits = getItem(rt.rowSplits, [[1, null]]);
    const row = getItem(rt.values as Output, [[getItem(starts, [0]), getItem(limits, [0])]]);
    return getItem(row, []);
  });
}

/**
 * `tf.strings.ngrams(data, ngram_width, separator=' ', pad_values=None, padding_width=None,
 * preserve_short_sequences=False)`: the ngrams of each row's strings (`StringNGrams`), joined by
 * `separator`; of a RaggedTensor a RaggedTensor, of a dense tensor a dense tensor (its last
 * dimension the ngrams').
 */
export function ngrams(data: InputValue | RaggedTensor, ngramWidth: number | number[],
  options: NgramsOptions = {}): Output | RaggedTensor {
  const { padValues, paddingWidth } = options;
  return withScope(options.name, 'StringNGrams', [data instanceof RaggedTensor ? data.flatValues : data], (_s, graph) => {
    const padsBad = () => new TypeError('pad_values must be a string, tuple of strings, or None.');
    let pads: [StringArg, StringArg] = ['', ''];
    if (Array.isArray(padValues)) {
      if (!isPyString(padValues[0]) || !isPyString(padValues[1])) throw padsBad();
      pads = [padValues[0], padValues[1]];
    } else if (padValues !== undefined) {
      if (!isPyString(padValues)) throw padsBad();
      pads = [padValues, padValues];
    }
    if (paddingWidth !== undefined && paddingWidth < 1) throw new ValueError('padding_width must be greater than 0.');
    if (paddingWidth !== undefined && padValues === undefined) {
      throw new ValueError('pad_values must be provided if padding_width is set.');
    }
    let rt: Output | RaggedTensor = data instanceof RaggedTensor ? data
      : convertToTensor(data, { name: 'data', dtype: DType.string, graph });
    // A dense input gives a dense output: its shape, the last dimension the ngrams'.
    let denseShape: Output | undefined;
    if (rt instanceof Output) {
      denseShape = concat([getItem(shape(rt), [[null, -1]]), [-1]], 0);
      const n = rt.shape?.length;
      if (n === undefined) throw new ValueError('Rank of data must be known.');
      if (n === 0) throw new ValueError('Data must have rank>0');
      if (n === 1) {
        return firstRow(ngrams(RaggedTensor.fromRowStarts(rt, [0], { validate: false }), ngramWidth, options) as RaggedTensor);
      }
      rt = RaggedTensor.fromTensor(rt, { raggedRank: n - 1 });
    }
    const out = (r: RaggedTensor) => (denseShape === undefined ? r : reshape(r.flatValues, denseShape));
    if (rt.raggedRank > 1) return out(rt.withValues(ngrams(rt.values, ngramWidth, options) as RaggedTensor));
    const widths = Array.isArray(ngramWidth) ? ngramWidth : [ngramWidth];
    if (widths.some((w) => w < 1)) throw new ValueError(`All ngram_widths must be greater than 0. Got ${pyStr(ngramWidth)}`);
    const r = raw.stringNGrams({
      data: rt.flatValues, dataSplits: rt.rowSplits, separator: options.separator ?? ' ', ngramWidths: widths,
      leftPad: pads[0], rightPad: pads[1], padWidth: padValues === undefined ? 0 : paddingWidth ?? -1,
      preserveShortSequences: options.preserveShortSequences ?? false,
    });
    return out(RaggedTensor.fromRowSplits(r.ngrams, r.ngramsSplits, { validate: false }));
  });
}
