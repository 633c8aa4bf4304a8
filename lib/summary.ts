/**
 * The `summary` namespace (`tf.compat.v1.summary`): FileWriter, FileWriterCache, summaryIterator
 * and the summary graph ops.
 */
export {};
