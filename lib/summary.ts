/**
 * The `summary` namespace (`tf.compat.v1.summary`): FileWriter, FileWriterCache, summaryIterator
 * and the summary graph ops.
 */

export { FileWriter, setMetaGraphDefFactory } from './summary/writer/writer';
export type { FileWriterOptions, GraphLike, GlobalStep, SummaryInput, MetaGraphDefFactory } from './summary/writer/writer';
export { FileWriterCache } from './summary/writer/writer_cache';
export { EventFileWriter } from './summary/writer/event_file_writer';
export { summaryIterator } from './summary/summary_iterator';
export { scalar, histogram, image, text, tensorSummary, merge, mergeAll, cleanTag } from './summary/summary_ops';
export type { SummaryOptions } from './summary/summary_ops';
