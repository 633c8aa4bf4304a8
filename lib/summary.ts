/**
 * The `summary` namespace (`tf.compat.v1.summary`): FileWriter, FileWriterCache, summaryIterator,
 * the summary graph ops and the summary protocol buffer classes.
 */

export { FileWriter, setMetaGraphDefFactory } from './summary/writer/writer';
export type { FileWriterOptions, GraphLike, GlobalStep, SummaryInput, MetaGraphDefFactory } from './summary/writer/writer';
export { FileWriterCache } from './summary/writer/writer_cache';
export { EventFileWriter } from './summary/writer/event_file_writer';
export { summaryIterator } from './summary/summary_iterator';
export { scalar, histogram, image, audio, text, tensorSummary, merge, mergeAll, cleanTag } from './summary/summary_ops';
export {
  Summary, Event, SessionLog, SummaryDescription, TaggedRunMetadata, getSummaryDescription, allV2SummaryOps, initialize,
} from './summary/summary_protos';
export type { SummaryOptions } from './summary/summary_ops';
