/**
 * TF1's file datasets (`data/ops/readers.py`): a TensorSliceDataset of the file names, flat-mapped
 * with a function that reads one file, as TF 2.21's tf.compat.v1.data makes them.
 */
import { DType, dtypeRepr } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor } from '../framework/op_def_library';
import { Output, getDefaultGraph } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { constant, reshape } from '../ops/array_ops';
import { AUTOTUNE, Dataset, tensorSlices } from './dataset_ops';
import { legacyParallelInterleave } from './experimental';
import { TensorSpec } from './structure';

const DEFAULT_READER_BUFFER_SIZE_BYTES = 256 * 1024;
const DEFAULT_TF_RECORD_BUFFER_SIZE_BYTES = -1;

/** Options common to the file datasets. */
export interface ReaderOptions {
  /** '' (none), 'ZLIB' or 'GZIP'. */
  compressionType?: string;
  bufferSize?: number;
  /** Files read in parallel (their records interleaved in order); AUTOTUNE for `interleave`'s choice. */
  numParallelReads?: number;
}

/** `convert.optional_param_to_tensor`: the value, or its default, as a Const named `name`. */
function param(name: string, value: number | string | undefined, dflt: number | string, dtype = DType.int64): Output {
  return convertToTensor(value ?? dflt, { dtype, name });
}

/** `_create_or_validate_filenames_dataset`: the file names as a dataset of scalars. */
function filenamesDataset(filenames: string | string[] | Output | Dataset): Dataset {
  if (filenames instanceof Dataset) {
    const spec = filenames.elementSpec;
    if (!(spec instanceof TensorSpec) || spec.dtype !== DType.string) {
      throw new TypeError('The `filenames` argument must contain `tf.string` elements.');
    }
    return filenames;
  }
  const t = convertToTensor(filenames, { preferredDtype: DType.string });
  if (t.dtype !== DType.string) {
    throw new TypeError(`The \`filenames\` argument must contain \`tf.string\` elements. Got \`tf.${DType[t.dtype]}\` elements.`);
  }
  return tensorSlices(reshape(t, [-1], 'flat_filenames'), true);
}

/**
 * `_create_dataset_reader`: a dataset of each file's records, read by the dataset `read` makes of
 * one file name; `numParallelReads` files at a time.
 */
function readEach(filenames: string | string[] | Output | Dataset, read: (filename: Output) => Output,
  numParallelReads?: number): Dataset {
  const readOneFile = (filename: Output) =>
    new Dataset(read(convertToTensor(filename, { dtype: DType.string, name: 'filename' })), new TensorSpec([], DType.string));
  const files = filenamesDataset(filenames);
  if (numParallelReads === undefined) return files.flatMap(readOneFile, 'Dataset_flat_map_read_one_file');
  if (numParallelReads === AUTOTUNE) return files.interleave(readOneFile, { numParallelCalls: AUTOTUNE });
  return legacyParallelInterleave(files, readOneFile, numParallelReads, { sloppy: false }, 'ParallelInterleaveDataset_read_one_file');
}

/** The records of `type`'s dataset op (a TFRecord or text reader) of each file. */
function recordsOf(type: string, filenames: string | string[] | Output | Dataset, options: ReaderOptions,
  defaultBufferSize: number): Dataset {
  return readEach(filenames, (filename) => {
    const compression = param('compression_type', options.compressionType, '', DType.string);
    const buffer = param('buffer_size', options.bufferSize, defaultBufferSize);
    return applyOp(type, { filenames: filename, compression_type: compression, buffer_size: buffer },
      { metadata: '' }).output(0);
  }, options.numParallelReads);
}

/** `tf.data.TFRecordDataset(filenames, compression_type=None, buffer_size=None, num_parallel_reads=None)`: the records of TFRecord files. */
export function TFRecordDataset(filenames: string | string[] | Output | Dataset, options: ReaderOptions = {}): Dataset {
  return recordsOf('TFRecordDataset', filenames, options, DEFAULT_TF_RECORD_BUFFER_SIZE_BYTES);
}

/** `tf.data.TextLineDataset(filenames, compression_type=None, buffer_size=None, num_parallel_reads=None)`: the lines of text files. */
export function TextLineDataset(filenames: string | string[] | Output | Dataset, options: ReaderOptions = {}): Dataset {
  return recordsOf('TextLineDataset', filenames, options, DEFAULT_READER_BUFFER_SIZE_BYTES);
}

/** Options of FixedLengthRecordDataset. */
export interface FixedLengthOptions extends ReaderOptions {
  headerBytes?: number;
  footerBytes?: number;
}

/**
 * `tf.data.FixedLengthRecordDataset(filenames, record_bytes, header_bytes=None, footer_bytes=None,
 * buffer_size=None, compression_type=None, num_parallel_reads=None)`: records of `recordBytes` bytes.
 */
export function FixedLengthRecordDataset(filenames: string | string[] | Output | Dataset, recordBytes: number,
  options: FixedLengthOptions = {}): Dataset {
  return readEach(filenames, (filename) => {
    const record = param('record_bytes', recordBytes, 0);
    const header = param('header_bytes', options.headerBytes, 0);
    const footer = param('footer_bytes', options.footerBytes, 0);
    const buffer = param('buffer_size', options.bufferSize, DEFAULT_READER_BUFFER_SIZE_BYTES);
    const compression = param('compression_type', options.compressionType, '', DType.string);
    return applyOp('FixedLengthRecordDatasetV2', {
      filenames: filename, header_bytes: header, record_bytes: record, footer_bytes: footer, buffer_size: buffer,
      compression_type: compression,
    }, { metadata: '' }).output(0);
  }, options.numParallelReads);
}

/** Options of CsvDataset. */
export interface CsvOptions {
  compressionType?: string;
  /** Default 4 MB. */
  bufferSize?: number;
  /** Whether the files' first line is a header, skipped. */
  header?: boolean;
  fieldDelim?: string;
  useQuoteDelim?: boolean;
  /** The text of a missing value (which then takes the column's default). */
  naValue?: string;
  /** The columns read (sorted), as many as `recordDefaults`. */
  selectCols?: number[];
}

export const CSV_TYPES = [DType.float32, DType.float64, DType.int32, DType.int64, DType.string];

/**
 * `tf.data.experimental.CsvDataset(filenames, record_defaults, compression_type=None,
 * buffer_size=None, header=False, field_delim=',', use_quote_delim=True, na_value='',
 * select_cols=None)`: a tuple of scalars per CSV line. A record default is a
 * DType (a required column) or a value of one element (a list such as `[0.0]`, or a tensor: the
 * column's default); a plain number is taken for a DType.
 */
export function CsvDataset(filenames: string | string[] | Output, recordDefaults: Array<DType | InputValue>,
  options: CsvOptions = {}): Dataset {
  const files = convertToTensor(filenames, { dtype: DType.string, name: 'filenames' });
  const compression = param('compression_type', options.compressionType, '', DType.string);
  // A number is a DType; Python converts other DTypes as values, which fails.
  const given = recordDefaults.map((x) => {
    if (typeof x !== 'number') return x;
    if (CSV_TYPES.includes(x)) return constant([], { dtype: x });
    throw new TypeError(`Failed to convert elements of ${dtypeRepr(x)} to Tensor. Consider casting elements to a ` +
      'supported type. See https://www.tensorflow.org/api_docs/python/tf/dtypes for supported TF dtypes.');
  });
  const defaults = given.map((x, i) => convertToTensor(x, { name: `record_defaults_${i}` }));
  const buffer = param('buffer_size', options.bufferSize, 4 * 1024 * 1024);
  const header = convertToTensor(options.header ?? false, { dtype: DType.bool, name: 'header' });
  const delim = convertToTensor(options.fieldDelim ?? ',', { dtype: DType.string, name: 'field_delim' });
  const quote = convertToTensor(options.useQuoteDelim ?? true, { dtype: DType.bool, name: 'use_quote_delim' });
  const na = convertToTensor(options.naValue ?? '', { dtype: DType.string, name: 'na_value' });
  const cols = (name: string, value?: number[]) => convertToTensor(Tensor.from(value ?? [], { dtype: DType.int64 }), { name });
  const select = cols('select_cols', options.selectCols);
  const exclude = cols('exclude_cols');
  const spec = defaults.map((d) => new TensorSpec([], d.dtype));
  const op = applyOp('CSVDatasetV2', {
    filenames: files, compression_type: compression, buffer_size: buffer, header, field_delim: delim,
    use_quote_delim: quote, na_value: na, select_cols: select, record_defaults: defaults, exclude_cols: exclude,
  }, { output_shapes: spec.map((s) => s.shape) }, { graph: getDefaultGraph() });
  return new Dataset(op.output(0), spec);
}
