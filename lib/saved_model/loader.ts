/** SavedModel loading (`tf.compat.v1.saved_model.loader.load`). */
import { fromBinary } from '@bufbuild/protobuf';
import { binding } from '../native';
import { Graph } from '../framework/ops';
import { restoreCollections } from '../framework/meta_graph';
import { MetaGraphDef, MetaGraphDefSchema, SignatureDef } from '../proto';
import { Session, SessionOptions, configBytes } from '../client/session';

export interface LoadedSavedModel {
  session: Session;
  graph: Graph;
  /** The MetaGraphDef that was loaded. */
  metaGraphDef: MetaGraphDef;
  /** The serving signatures by key (`meta_graph_def.signature_def`). */
  signatureDefs: { [key: string]: SignatureDef };
}

/**
 * Loads the MetaGraph tagged `tags` from `exportDir` into a new graph and session, off the JS
 * thread: variables restored, the main/legacy init op run, and the MetaGraph's collections
 * attached to the graph (variables rebuilt as `Variable`s), as TF1's loader leaves them.
 * Rejects with libtensorflow's OpErrors (NotFoundError for a missing directory, RuntimeError-like
 * messages for an unknown tag set).
 */
export async function load(tags: string[], exportDir: string, options: SessionOptions = {}): Promise<LoadedSavedModel> {
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw new TypeError('tags must be an array of strings');
  if (typeof exportDir !== 'string') throw new TypeError('exportDir must be a string');
  const [nativeGraph, nativeSession, metaBytes] =
    await binding.loadSavedModel(exportDir, tags, options.target ?? '', configBytes(options.config));
  const graph = new Graph(nativeGraph);
  const metaGraphDef = fromBinary(MetaGraphDefSchema, metaBytes);
  restoreCollections(graph, metaGraphDef);
  return { graph, session: Session.fromNative(graph, nativeSession, options.target), metaGraphDef, signatureDefs: metaGraphDef.signatureDef };
}
