/**
 * File formats below the protos: CRC-32C and TFRecord framing.
 *
 * @packageDocumentation
 */
export { crc32c, crc32cExtend, maskCrc, unmaskCrc, maskedCrc32c } from './crc32c';
export { decodeRecords, encodeRecord, tfRecordIterator, TFRecordWriter } from './tf_record';
