/**
 * File formats below the protos: CRC-32C, TFRecord framing (and its compression) and the
 * `tf.train.Example` protos.
 *
 * @packageDocumentation
 */
export { crc32c, crc32cExtend, maskCrc, unmaskCrc, maskedCrc32c } from './crc32c';
export {
  decodeRecords, encodeRecord, tfRecordIterator, TFRecordWriter, TFRecordOptions, TFRecordCompressionType,
} from './tf_record';
export type { TFRecordOptionsLike } from './tf_record';
export {
  BytesList, FloatList, Int64List, Feature, Features, FeatureList, FeatureLists, Example, SequenceExample, DecodeError,
} from './example';
export type { FeatureKind } from './example';
