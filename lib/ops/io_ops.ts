/**
 * TF1's queue-based readers (`io_ops.py`): a reader turns work units (filenames) that it takes
 * from a queue into records, one `read` at a time, keeping its place in the current file between
 * runs. As in TF 2.21 the readers are resource ops (`TFRecordReaderV2`, `ReaderReadV2`...); a
 * reader of the old string-ref kind (`gen.wholeFileReader`) reads through a `FakeQueue`, as
 * Python's `ReaderBase` does. Also the file ops (`readFile`, `writeFile`, `matchingFiles`), the
 * serialized SparseTensors of `tf.io` and `decodeProto` / `encodeProto`.
 */
import { DType } from '../framework/dtypes';
import { InputValue } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import { SparseTensor, convertToSparseTensor } from '../framework/sparse_tensor';
import { TFRecordOptions, type TFRecordOptionsLike } from '../io/tf_record';
import * as raw from './gen/raw_ops';
import type { SparseInput } from './sparse_ops';

/** A queue of string work units: a queue object (such as `FIFOQueue`) or a queue's handle. */
export type QueueLike = { queueRef: Output } | Output;

/** The compression of a TFRecord file, as `TFRecordOptions.get_compression_type_string` gives it. */
export type TFRecordCompressionType = '' | 'ZLIB' | 'GZIP';

/**
 * `tf.ReaderBase`: the methods every reader has, on the reader op `readerRef`.
 * `supportsSerialize` says whether `serializeState` works for this kind of reader.
 */
export class ReaderBase {
  constructor(readonly readerRef: Output, readonly supportsSerialize = false) {}

  /** The old string-ref readers take their ops without the V2. */
  private get isResource(): boolean {
    return this.readerRef.dtype === DType.resource;
  }

  /** The queue handle `queue` stands for, as the reader's ops take it. */
  private queueHandle(queue: QueueLike): Output {
    const ref = queue instanceof Output ? queue : queue.queueRef;
    return this.isResource ? ref : raw.fakeQueue({ resource: ref });
  }

  /**
   * The next record, `[key, value]` (string scalars), taking a work unit from `queue` when the
   * reader has finished the last one.
   */
  read(queue: QueueLike, name?: string): [Output, Output] {
    const args = { readerHandle: this.readerRef, queueHandle: this.queueHandle(queue) };
    const { key, value } = this.isResource ? raw.readerReadV2(args, name) : raw.readerRead(args, name);
    return [key, value];
  }

  /**
   * Up to `numRecords` records, `[keys, values]` (string vectors); fewer may come before the
   * last batch (a work unit's records are not mixed with the next one's).
   */
  readUpTo(queue: QueueLike, numRecords: InputValue, name?: string): [Output, Output] {
    const args = { readerHandle: this.readerRef, queueHandle: this.queueHandle(queue), numRecords };
    const { keys, values } = this.isResource ? raw.readerReadUpToV2(args, name) : raw.readerReadUpTo(args, name);
    return [keys, values];
  }

  /** How many records this reader has produced (successful reads), int64. */
  numRecordsProduced(name?: string): Output {
    const args = { readerHandle: this.readerRef };
    return this.isResource ? raw.readerNumRecordsProducedV2(args, name) : raw.readerNumRecordsProduced(args, name);
  }

  /** How many work units this reader has finished, int64. */
  numWorkUnitsCompleted(name?: string): Output {
    const args = { readerHandle: this.readerRef };
    return this.isResource ? raw.readerNumWorkUnitsCompletedV2(args, name)
      : raw.readerNumWorkUnitsCompleted(args, name);
  }

  /** The reader's state as a string (UnimplementedError at run time for readers that cannot). */
  serializeState(name?: string): Output {
    const args = { readerHandle: this.readerRef };
    return this.isResource ? raw.readerSerializeStateV2(args, name) : raw.readerSerializeState(args, name);
  }

  /** Restores a state `serializeState` gave, of a reader of the same kind. */
  restoreState(state: InputValue, name?: string): Operation {
    const args = { readerHandle: this.readerRef, state };
    return this.isResource ? raw.readerRestoreStateV2(args, name) : raw.readerRestoreState(args, name);
  }

  /** Back to the reader's initial state. */
  reset(name?: string): Operation {
    const args = { readerHandle: this.readerRef };
    return this.isResource ? raw.readerResetV2(args, name) : raw.readerReset(args, name);
  }
}

/** `tf.WholeFileReader`: each work unit (filename) is one record, the file's contents. */
export class WholeFileReader extends ReaderBase {
  constructor(options: { name?: string } = {}) {
    super(raw.wholeFileReaderV2({}, options.name), true);
  }
}

/** `tf.TextLineReader`: the lines of each file, newlines stripped; keys are `file:line`. */
export class TextLineReader extends ReaderBase {
  constructor(options: { skipHeaderLines?: number; name?: string } = {}) {
    super(raw.textLineReaderV2({ skipHeaderLines: options.skipHeaderLines }, options.name));
  }
}

/**
 * `tf.FixedLengthRecordReader`: records of `recordBytes` bytes, after `headerBytes` and before
 * `footerBytes`, each `hopBytes` after the last (a record's length when 0); `encoding` '' or
 * 'ZLIB' / 'GZIP' for compressed files.
 */
export class FixedLengthRecordReader extends ReaderBase {
  constructor(recordBytes: number, options: {
    headerBytes?: number; footerBytes?: number; hopBytes?: number; encoding?: string; name?: string;
  } = {}) {
    super(raw.fixedLengthRecordReaderV2({
      recordBytes, headerBytes: options.headerBytes, footerBytes: options.footerBytes, hopBytes: options.hopBytes,
      encoding: options.encoding,
    }, options.name));
  }
}

/** `tf.TFRecordReader`: the records of TFRecord files, compressed as `options` says. */
export class TFRecordReader extends ReaderBase {
  constructor(options: { name?: string; options?: TFRecordOptionsLike } = {}) {
    super(raw.tFRecordReaderV2({ compressionType: TFRecordOptions.getCompressionTypeString(options.options) }, options.name));
  }
}

/** `tf.IdentityReader`: each work unit is one record, as both key and value. */
export class IdentityReader extends ReaderBase {
  constructor(options: { name?: string } = {}) {
    super(raw.identityReaderV2({}, options.name), true);
  }
}

/** `tf.io.read_file(filename, name)`: the whole contents of the file `filename` (a string scalar). */
export function readFile(filename: InputValue, name?: string): Output {
  return raw.readFile({ filename }, name);
}

/** `tf.io.write_file(filename, contents, name)`: writes `contents` to `filename`, creating its directories. */
export function writeFile(filename: InputValue, contents: InputValue, name?: string): Operation {
  return raw.writeFile({ filename, contents }, name);
}

/** `tf.io.matching_files(pattern, name)`: the sorted names of the files matching glob `pattern`(s). */
export function matchingFiles(pattern: InputValue, name?: string): Output {
  return raw.matchingFiles({ pattern }, name);
}

/** Options of `serializeSparse` and `serializeManySparse`. */
export interface SerializeSparseOptions {
  name?: string;
  /** string (default) or variant. */
  outType?: DType;
}

/**
 * `tf.io.serialize_sparse(sp_input, name, out_type)` (TF's sparse_ops): a SparseTensor as a
 * 3-vector of its serialized indices, values and dense shape.
 */
export function serializeSparse(spInput: SparseInput, options: SerializeSparseOptions = {}): Output {
  const sp = convertToSparseTensor(spInput);
  return raw.serializeSparse({
    sparseIndices: sp.indices, sparseValues: sp.values, sparseShape: sp.denseShape, outType: options.outType ?? DType.string,
  }, options.name);
}

/**
 * `tf.io.serialize_many_sparse(sp_input, name, out_type)`: each row (first dimension) of a
 * SparseTensor of rank > 1 serialized as `serializeSparse` does, a `[rows, 3]` matrix.
 */
export function serializeManySparse(spInput: SparseInput, options: SerializeSparseOptions = {}): Output {
  const sp = convertToSparseTensor(spInput);
  return raw.serializeManySparse({
    sparseIndices: sp.indices, sparseValues: sp.values, sparseShape: sp.denseShape, outType: options.outType ?? DType.string,
  }, options.name);
}

/**
 * `tf.io.deserialize_many_sparse(serialized_sparse, dtype, rank, name)`: a `[N, 3]` string
 * matrix of serialized SparseTensors (of `dtype` and one rank) as one SparseTensor, their
 * rows stacked along a new first dimension. `rank`, when given, is the originals' rank plus one.
 */
export function deserializeManySparse(serializedSparse: InputValue, dtype: DType,
  options: { rank?: number | null; name?: string } = {}): SparseTensor {
  const { sparseIndices, sparseValues, sparseShape } = raw.deserializeManySparse({ serializedSparse, dtype }, options.name);
  const rank = options.rank ?? null;
  sparseIndices.setShape([null, rank]);
  sparseShape.setShape([rank]);
  return new SparseTensor(sparseIndices, sparseValues, sparseShape);
}

/** Options of `decodeProto`. */
export interface DecodeProtoOptions {
  /** `local://` (the protos linked into TF), a file of a FileDescriptorSet, or `bytes://<set>`. */
  descriptorSource?: string;
  /** binary (default) or text. */
  messageFormat?: string;
  sanitize?: boolean;
  name?: string;
}

/**
 * `tf.io.decode_proto(bytes, message_type, field_names, output_types, ...)`: fields of
 * serialized `messageType` protos, as `[sizes, values]`: how many values each field has per
 * message, and each field's values padded to the most any message has.
 */
export function decodeProto(bytes: InputValue, messageType: string, fieldNames: string[], outputTypes: DType[],
  options: DecodeProtoOptions = {}): [Output, Output[]] {
  const { sizes, values } = raw.decodeProtoV2({
    bytes, messageType, fieldNames, outputTypes, descriptorSource: options.descriptorSource ?? 'local://',
    messageFormat: options.messageFormat ?? 'binary', sanitize: options.sanitize ?? false,
  }, options.name);
  return [sizes, values];
}

/**
 * `tf.io.encode_proto(sizes, values, field_names, message_type, descriptor_source, name)`: the
 * serialized `messageType` protos whose fields take `sizes[..., i]` values of `values[i]`.
 */
export function encodeProto(sizes: InputValue, values: InputValue[], fieldNames: string[], messageType: string,
  options: { descriptorSource?: string; name?: string } = {}): Output {
  return raw.encodeProto({
    sizes, values, fieldNames, messageType, descriptorSource: options.descriptorSource ?? 'local://',
  }, options.name);
}
