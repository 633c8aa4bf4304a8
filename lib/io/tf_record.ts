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
 * with no file header, footer or padding (this module does not handle the
 * optional GZIP/ZLIB compression).
 *
 * @packageDocumentation
 */
import * as fs from 'fs';
import { DataLossError } from '../errors';
import { crc32c, maskedCrc32c, unmaskCrc } from './crc32c';
import { writeFullySync } from './fs_util';

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

/**
 * The records of the TFRecord file at `path`, read incrementally, as TF's
 * `tf_record_iterator(path)`. The file is opened on the first `next()` and
 * closed when the iteration ends, throws, or is abandoned with `return()`
 * (as a `for...of` with `break` does).
 *
 * @throws {@link DataLossError} on a checksum mismatch or a truncated payload.
 */
export function* tfRecordIterator(path: string): Generator<Uint8Array, void, undefined> {
  const fd = fs.openSync(path, 'r');
  try {
    // A read-ahead window over the file, so small records cost no syscall each.
    let window = Buffer.alloc(0);
    let windowStart = 0;
    const readAt: ReadAt = (offset, n) => {
      if (offset < windowStart || offset + n > windowStart + window.length) {
        const want = Math.max(n, READ_CHUNK);
        const buf = Buffer.allocUnsafe(want);
        let got = 0;
        for (let r; got < want && (r = fs.readSync(fd, buf, got, want - got, offset + got)) > 0; ) got += r;
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
 * Writes a TFRecord file synchronously, as TF's `tf.io.TFRecordWriter`:
 * the file is created (truncated) on construction; `write` appends one record.
 */
export class TFRecordWriter {
  private fd: number | null;
  private position = 0;

  /** Creates (or truncates) the file at `path`. */
  constructor(readonly path: string) {
    this.fd = fs.openSync(path, 'w');
  }

  /** Appends one record. */
  write(record: Uint8Array): void {
    if (this.fd === null) throw new Error(`TFRecordWriter for ${this.path} is closed`);
    const framed = encodeRecord(record);
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
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
