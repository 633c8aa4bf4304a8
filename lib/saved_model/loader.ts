/** SavedModel loading (`tf.compat.v1.saved_model.loader.load`). */
import { binding } from '../native';
import { Graph } from '../framework/ops';
import { Session, SessionOptions } from '../client/session';

export interface LoadedSavedModel {
  session: Session;
  graph: Graph;
  /** The serialized MetaGraphDef that was loaded. */
  metaGraphDef: Uint8Array;
}

/**
 * Loads the MetaGraph tagged `tags` from `exportDir` into a new graph and session, variables
 * restored (off the JS thread). NotFoundError/RuntimeError-like OpErrors for a missing directory
 * or tag set, as libtensorflow reports them.
 */
export async function loadRaw(tags: string[], exportDir: string, options: SessionOptions = {}): Promise<LoadedSavedModel> {
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw new TypeError('tags must be an array of strings');
  if (typeof exportDir !== 'string') throw new TypeError('exportDir must be a string');
  const [nativeGraph, nativeSession, metaGraphDef] =
    await binding.loadSavedModel(exportDir, tags, options.target ?? '', options.config ?? null);
  const graph = new Graph(nativeGraph);
  return { graph, session: Session.fromNative(graph, nativeSession), metaGraphDef };
}
