/**
 * `tf.io` (TF1's `tf.compat.v1.io`): TFRecord files, Example parsing, serialized tensors and
 * SparseTensors, file ops, and the image and base64 codecs under their `tf.io` names.
 */
export {
  FixedLenFeature, FixedLenSequenceFeature, SparseFeature, VarLenFeature, parseExample, parseSingleExample,
  parseSequenceExample, parseSingleSequenceExample, decodeRaw, decodeCSV as decodeCsv, serializeTensor, parseTensor,
  decodeCompressed, decodeJsonExample,
} from './parsing_ops';
export { RaggedFeature } from './ragged/ragged_feature';
export type { RaggedFeatureOptions, RaggedPartition } from './ragged/ragged_feature';
export type {
  Features, ParsedFeatures, ParseExampleOptions, ParseSequenceExampleOptions, ParsedSequenceExample, DecodeCSVOptions,
} from './parsing_ops';
export {
  readFile, writeFile, matchingFiles, serializeSparse, serializeManySparse, deserializeManySparse, decodeProto, encodeProto,
} from './io_ops';
export type { SerializeSparseOptions, DecodeProtoOptions } from './io_ops';
export { QueueBase, PaddingFIFOQueue, PriorityQueue, RandomShuffleQueue } from './data_flow_ops';
export { TFRecordCompressionType, TFRecordOptions, TFRecordWriter, tfRecordIterator } from '../io/tf_record';
export type { TFRecordOptionsLike } from '../io/tf_record';
export { encodeBase64, decodeBase64 } from './string_ops';
export {
  decodeAndCropJpeg, decodeBmp, decodeGif, decodeImage, decodeJpeg, decodeJxl, decodePng, decodeWebp, encodeJpeg, encodePng,
  extractJpegShape, isJpeg,
} from './image_ops';
export { matchFilenamesOnce } from '../training/input';
export { writeGraph } from '../training/training_util';
