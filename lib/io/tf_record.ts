/**
 * TFRecord framing: the container format of event files and `.tfrecord`
 * data sets (`tensorflow/core/lib/io/record_writer.h`, `record_reader.cc`).
 *
 * Each record is
 * ```
 * uint64 length            (little-endian)
 * uint32 masked_crc32c(length bytes)
 * byte   data[length]
 * uint32 masked_crc32c(data)
 * ```
 * with no file header, footer or padding. A GZIP or ZLIB file is that stream
 * compressed as a whole.
 *
 * @packageDocumentation
 */
import * as fs from 'fs';
import * as zlib from 'zlib';
import { DataLossError, ValueError } from '../errors';
import { crc32c, maskedCrc32c, unmaskCrc } from './crc32c';
import { tfFileCall, writeFullySync } from './fs_util';

/** Bytes before the payload: length and its CRC. */
export const RECORD_HEADER_SIZE = 12;
/** Bytes after the payload: its CRC. */
export const RECORD_FOOTER_SIZE = 4;

/** Frames one record: header, `data`, footer. */
export function encodeRecord(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(RECORD_HEADER_SIZE + data.length + RECORD_FOOTER_SIZE);
  out.writeBigUInt64LE(BigInt(data.length), 0);
  out.writeUInt32LE(maskedCrc32c(out.subarray(0, 8)), 8);
  out.set(data, RECORD_HEADER_SIZE);
  out.writeUInt32LE(maskedCrc32c(data), RECORD_HEADER_SIZE + data.length);
  return out;
}

/** Reads up to `n` bytes at `offset`; fewer only at the end of the data. */
type ReadAt = (offset: number, n: number) => Uint8Array;

/** TF appends this to errors at offset 0, since TFRecord files have no magic number. */
function formatHint(offset: number): string {
  return offset === 0 ? ' (Is this even a TFRecord file?)' : '';
}

/**
 * The records of a byte source, verifying both checksums, with TF's
 * `RecordReader::ReadRecord` outcomes: the iteration ends cleanly where fewer
 * than 12 bytes (a partial or missing header) remain, which is also how a
 * file that is still being written looks; a bad CRC or a payload cut short
 * throws {@link DataLossError} with TF's message.
 */
function* iterateRecords(readAt: ReadAt): Generator<Uint8Array, void, undefined> {
  let offset = 0;
  for (;;) {
    const header = readAt(offset, RECORD_HEADER_SIZE);
    if (header.length < RECORD_HEADER_SIZE) return;
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    if (unmaskCrc(view.getUint32(8, true)) !== crc32c(header.subarray(0, 8))) {
      throw new DataLossError(`corrupted record at ${offset}${formatHint(offset)}`);
    }
    const length = view.getBigUint64(0, true);
    if (length > BigInt(Number.MAX_SAFE_INTEGER - RECORD_HEADER_SIZE - RECORD_FOOTER_SIZE)) {
      throw new DataLossError(`record size too large${formatHint(offset)}`);
    }
    const n = Number(length);
    const body = readAt(offset + RECORD_HEADER_SIZE, n + RECORD_FOOTER_SIZE);
    if (body.length < n + RECORD_FOOTER_SIZE) {
      throw new DataLossError(`truncated record at ${offset}' failed with Read less bytes than requested`);
    }
    const data = body.subarray(0, n);
    const stored = new DataView(body.buffer, body.byteOffset + n, RECORD_FOOTER_SIZE).getUint32(0, true);
    if (unmaskCrc(stored) !== crc32c(data)) {
      throw new DataLossError(`corrupted record at ${offset + RECORD_HEADER_SIZE}`);
    }
    yield data;
    offset += RECORD_HEADER_SIZE + n + RECORD_FOOTER_SIZE;
  }
}

/**
 * The records in `bytes` (a whole TFRecord file in memory). Each yielded
 * record is a view into `bytes`.
 *
 * @throws {@link DataLossError} on a checksum mismatch or a truncated payload.
 */
export function decodeRecords(bytes: Uint8Array): Generator<Uint8Array, void, undefined> {
  return iterateRecords((offset, n) => bytes.subarray(offset, offset + n));
}

const READ_CHUNK = 1 << 16;

/** `tf.io.TFRecordCompressionType`: the compression of a TFRecord file. */
export enum TFRecordCompressionType {
  NONE = 0,
  ZLIB = 1,
  GZIP = 2,
}

/** A compression type as a string ('', 'ZLIB' or 'GZIP'), an enum value, or full options. */
export type TFRecordOptionsLike = TFRecordOptions | TFRecordCompressionType | string | null | undefined;

const COMPRESSION_NAMES: Record<number, string> = { 0: '', 1: 'ZLIB', 2: 'GZIP' };

/**
 * `tf.io.TFRecordOptions(compression_type, ...)`: how a TFRecordWriter compresses. Of TF's
 * zlib options, the level, window bits, memory level and strategy apply; the buffer sizes and
 * flush mode have no use here, since the file is compressed in one piece on `close()`.
 */
export class TFRecordOptions {
  readonly compressionType: TFRecordCompressionType | string | null;
  readonly compressionLevel: number | null;
  readonly windowBits: number | null;
  readonly memLevel: number | null;
  readonly compressionStrategy: number | null;

  constructor(compressionType: TFRecordCompressionType | string | null = null, options: {
    compressionLevel?: number | null; windowBits?: number | null; memLevel?: number | null;
    compressionStrategy?: number | null;
  } = {}) {
    this.compressionType = compressionType;
    this.compressionLevel = options.compressionLevel ?? null;
    this.windowBits = options.windowBits ?? null;
    this.memLevel = options.memLevel ?? null;
    this.compressionStrategy = options.compressionStrategy ?? null;
  }

  /** `TFRecordOptions.get_compression_type_string(options)`: 'ZLIB', 'GZIP' or ''. */
  static getCompressionTypeString(options: TFRecordOptionsLike): '' | 'ZLIB' | 'GZIP' {
    if (!options) return '';
    if (options instanceof TFRecordOptions) return TFRecordOptions.getCompressionTypeString(options.compressionType);
    if (typeof options === 'number' && options in COMPRESSION_NAMES) return COMPRESSION_NAMES[options] as 'ZLIB';
    if (options === 'ZLIB' || options === 'GZIP') return options;
    throw new ValueError(`Not a valid compression_type: "${options}"`);
  }

  /** TF's `ZlibCompressionOptions` (level -1, 15 window bits, memory level 9) for Node's zlib. */
  zlibOptions(): zlib.ZlibOptions {
    return {
      level: this.compressionLevel ?? zlib.constants.Z_DEFAULT_COMPRESSION,
      windowBits: this.windowBits ?? 15,
      memLevel: this.memLevel ?? 9,
      strategy: this.compressionStrategy ?? zlib.constants.Z_DEFAULT_STRATEGY,
    };
  }
}

/** The uncompressed bytes of a compressed TFRecord file, with TF's DataLossError when they are not. */
function inflate(data: Buffer, type: 'ZLIB' | 'GZIP'): Buffer {
  try {
    return type === 'GZIP' ? zlib.gunzipSync(data) : zlib.inflateSync(data);
  } catch (e) {
    throw new DataLossError(`${(e as Error).message} (Is this a ${type} compressed TFRecord file?)`);
  }
}

/**
 * The records of the TFRecord file at `path`, as TF's `tf_record_iterator(path, options)`.
 * An uncompressed file is read incrementally: it is opened on the first `next()` and closed
 * when the iteration ends, throws, or is abandoned with `return()` (as a `for...of` with
 * `break` does); a compressed one ('GZIP', 'ZLIB' or TFRecordOptions saying so) is read and
 * inflated whole.
 *
 * @throws {@link DataLossError} on a checksum mismatch or a truncated payload, and TF's
 * NotFoundError / FailedPreconditionError for a missing file or a directory.
 */
export function* tfRecordIterator(path: string, options?: TFRecordOptionsLike): Generator<Uint8Array, void, undefined> {
  const compression = TFRecordOptions.getCompressionTypeString(options);
  if (compression) {
    yield* decodeRecords(inflate(tfFileCall(path, () => fs.readFileSync(path)), compression));
    return;
  }
  const fd = tfFileCall(path, () => fs.openSync(path, 'r'));
  try {
    // A read-ahead window over the file, so small records cost no syscall each.
    let window = Buffer.alloc(0);
    let windowStart = 0;
    const readAt: ReadAt = (offset, n) => {
      if (offset < windowStart || offset + n > windowStart + window.length) {
        const want = Math.max(n, READ_CHUNK);
        const buf = Buffer.allocUnsafe(want);
        let got = 0;
        for (let r; got < want && (r = tfFileCall(path, () => fs.readSync(fd, buf, got, want - got, offset + got))) > 0; ) got += r;
        window = buf.subarray(0, got);
        windowStart = offset;
      }
      const start = offset - windowStart;
      // Copy: the window is reused, but callers keep records.
      return Uint8Array.prototype.slice.call(window, start, start + n);
    };
    yield* iterateRecords(readAt);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes a TFRecord file synchronously, as TF's `tf.io.TFRecordWriter(path, options)`:
 * the file is created (truncated) on construction; `write` appends one record (a JS string is
 * written as UTF-8). Uncompressed records reach the file as they are written, byte for byte
 * as TF writes them. With GZIP or ZLIB compression the records are kept until `close()`,
 * which writes them compressed by Node's zlib; TF reads those files, though their bytes differ
 * from TF's (Node's zlib compresses differently from the one TF links).
 */
export class TFRecordWriter {
  private fd: number | null;
  private position = 0;
  private readonly options: TFRecordOptions;
  private readonly compression: '' | 'ZLIB' | 'GZIP';
  private pending: Buffer[] = [];

  /** Creates (or truncates) the file at `path`. */
  constructor(readonly path: string, options?: TFRecordOptionsLike) {
    this.options = options instanceof TFRecordOptions ? options : new TFRecordOptions(options ?? null);
    this.compression = TFRecordOptions.getCompressionTypeString(this.options);
    this.fd = fs.openSync(path, 'w');
  }

  /** Appends one record. */
  write(record: Uint8Array | string): void {
    if (this.fd === null) throw new Error(`TFRecordWriter for ${this.path} is closed`);
    const framed = encodeRecord(typeof record === 'string' ? Buffer.from(record) : record);
    if (this.compression) {
      this.pending.push(framed);
      return;
    }
    writeFullySync(this.fd, framed, this.position);
    this.position += framed.length;
  }

  /** Makes the written records durable (fsync). */
  flush(): void {
    if (this.fd !== null) fs.fsyncSync(this.fd);
  }

  /** Flushes and closes the file; further writes throw. Idempotent. */
  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      if (this.compression) {
        const data = Buffer.concat(this.pending);
        this.pending = [];
        const zlibOptions = this.options.zlibOptions();
        writeFullySync(fd, this.compression === 'GZIP' ? zlib.gzipSync(data, zlibOptions)
          : zlib.deflateSync(data, zlibOptions), 0);
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
