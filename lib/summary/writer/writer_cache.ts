/**
 * `tf.compat.v1.summary.FileWriterCache` (`writer_cache.py`).
 *
 * @packageDocumentation
 */
import { FileWriter, type GraphLike } from './writer';

/**
 * One FileWriter per log directory, shared by everything in the process (the
 * training hooks use it), keyed by the exact `logdir` string: `'/d'` and
 * `'/d/'` are two writers and two event files, as in TF.
 */
export class FileWriterCache {
  private static cache = new Map<string, FileWriter>();

  private constructor() {}

  /**
   * The writer for `logdir`, created on first use with the default graph (as
   * it is at that moment), which it writes to the file.
   */
  static get(logdir: string): FileWriter {
    let writer = FileWriterCache.cache.get(logdir);
    if (!writer) {
      writer = new FileWriter(logdir, { graph: defaultGraph() });
      FileWriterCache.cache.set(logdir, writer);
    }
    return writer;
  }

  /** Closes (so flushes) every cached writer and empties the cache; resolves when all are closed. */
  static async clear(): Promise<void> {
    const writers = [...FileWriterCache.cache.values()];
    FileWriterCache.cache = new Map();
    await Promise.all(writers.map((w) => w.close()));
  }
}

/**
 * The default graph. Required lazily: the graph module loads the native addon,
 * which writing and reading event files otherwise never needs.
 */
function defaultGraph(): GraphLike {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ops = require('../../framework/ops') as typeof import('../../framework/ops');
  return ops.getDefaultGraph();
}
