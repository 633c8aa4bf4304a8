/** SavedModel loading (`tf.compat.v1.saved_model.loader.load`). */
import * as fs from 'fs';
import * as path from 'path';
import { OSError } from '../errors';
import { binding } from '../native';
import { Graph } from '../framework/ops';
import { checkImportable } from '../framework/importer';
import { parseMessage } from '../io/example';
import { restoreCollections } from '../framework/meta_graph';
import { MetaGraphDef, MetaGraphDefSchema, SavedModelSchema, SignatureDef } from '../proto';
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
 * Reads `saved_model.pb` as Python's loader does first (`parse_saved_model`): bytes that do not
 * parse give its error (libtensorflow's parser accepts some that the MetaGraphDef read back here
 * would then fail on), and graphs libtensorflow would crash on are refused (see checkImportable).
 * A missing file (or a .pbtxt one) is left to libtensorflow's loader and its errors.
 */
async function checkSavedModel(exportDir: string): Promise<void> {
  const file = path.join(exportDir, 'saved_model.pb');
  let bytes: Uint8Array;
  try {
    bytes = await fs.promises.readFile(file);
  } catch {
    return;
  }
  let savedModel;
  try {
    savedModel = parseMessage(SavedModelSchema, bytes);
  } catch (e) {
    throw new OSError(`Cannot parse file ${file}: ${(e as Error).message}: Wire format was corrupt.`);
  }
  const scratch = new Graph();
  for (const meta of savedModel.metaGraphs) if (meta.graphDef) checkImportable(meta.graphDef, scratch);
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
  await checkSavedModel(exportDir);
  const [nativeGraph, nativeSession, metaBytes] =
    await binding.loadSavedModel(exportDir, tags, options.target ?? '', configBytes(options.config));
  const graph = new Graph(nativeGraph);
  const metaGraphDef = parseMessage(MetaGraphDefSchema, metaBytes);
  restoreCollections(graph, metaGraphDef);
  return { graph, session: Session.fromNative(graph, nativeSession, options.target), metaGraphDef, signatureDefs: metaGraphDef.signatureDef };
}
