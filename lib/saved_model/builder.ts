/**
 * `tf.compat.v1.saved_model.Builder` (SavedModelBuilder) and the signature helpers
 * (`build_tensor_info`, `build_signature_def`, `predict_signature_def`): writes a TF1 SavedModel
 * — `saved_model.pb` plus `variables/variables.{index,data-*}` saved by a sharded Saver — that
 * Python's `tf.compat.v1.saved_model.load` restores and serves by its signatures.
 */
import * as fs from 'fs';
import * as path from 'path';
import { create, toBinary } from '@bufbuild/protobuf';
import { AssertionError, NotFoundError, ValueError } from '../errors';
import type { Session } from '../client/session';
import { baseDType } from '../framework/dtypes';
import { createMetaGraphDef } from '../framework/meta_graph';
import { makeDirs } from '../io/fs_util';
import { GraphKeys, Operation, Output } from '../framework/ops';
import {
  AssetFileDef, AssetFileDefSchema, MetaGraphDef, SavedModelSchema, SignatureDef, SignatureDefSchema, TensorInfo, TensorInfoSchema, toTextFormat,
} from '../proto';
import { Saver } from '../training/saver';

/** `tf.saved_model.tag_constants`. */
export const tagConstants = { SERVING: 'serve', TRAINING: 'train', EVAL: 'eval', GPU: 'gpu', TPU: 'tpu' } as const;

/** `tf.saved_model.signature_constants`. */
export const signatureConstants = {
  DEFAULT_SERVING_SIGNATURE_DEF_KEY: 'serving_default',
  PREDICT_METHOD_NAME: 'tensorflow/serving/predict',
  CLASSIFY_METHOD_NAME: 'tensorflow/serving/classify',
  REGRESS_METHOD_NAME: 'tensorflow/serving/regress',
  PREDICT_INPUTS: 'inputs',
  PREDICT_OUTPUTS: 'outputs',
} as const;

/** Collection keys the loader reads (`saved_model.constants`). */
export const MAIN_OP_KEY = 'saved_model_main_op';
export const LEGACY_INIT_OP_KEY = 'legacy_init_op';
export const TRAIN_OP_KEY = 'saved_model_train_op';

/** `build_tensor_info(tensor)`: name, dtype and static shape. */
export function buildTensorInfo(tensor: Output): TensorInfo {
  const shape = tensor.shape;
  return create(TensorInfoSchema, {
    encoding: { case: 'name', value: tensor.name },
    dtype: baseDType(tensor.dtype) as number,
    tensorShape: shape === null ? { unknownRank: true } : { dim: shape.map((d) => ({ size: BigInt(d ?? -1) })) },
  });
}

/** `build_signature_def(inputs, outputs, method_name)`. */
export function buildSignatureDef(inputs: Record<string, Output>, outputs: Record<string, Output>,
  methodName: string = signatureConstants.PREDICT_METHOD_NAME): SignatureDef {
  const info = (m: Record<string, Output>) => Object.fromEntries(Object.entries(m).map(([k, t]) => [k, buildTensorInfo(t)]));
  return create(SignatureDefSchema, { inputs: info(inputs), outputs: info(outputs), methodName });
}

/** `predict_signature_def(inputs, outputs)`. */
export function predictSignatureDef(inputs: Record<string, Output>, outputs: Record<string, Output>): SignatureDef {
  if (Object.keys(inputs).length === 0) throw new ValueError('Prediction inputs cannot be None or empty.');
  if (Object.keys(outputs).length === 0) throw new ValueError('Prediction outputs cannot be None or empty.');
  return buildSignatureDef(inputs, outputs, signatureConstants.PREDICT_METHOD_NAME);
}

export interface AddMetaGraphOptions {
  /** Signatures by key (e.g. `serving_default`). */
  signatureDefMap?: Record<string, SignatureDef>;
  /** Run by the loader after restoring (collection `saved_model_main_op`). */
  mainOp?: Operation;
  /** Legacy init op (collection `legacy_init_op`). */
  legacyInitOp?: Operation;
  /** Asset file tensors: each a string Const naming a file, copied to `assets/`. */
  assetsCollection?: Output[];
  /** Drop device placements. */
  clearDevices?: boolean;
  /** The saver to use (default: a sharded Saver of all saveable variables). */
  saver?: Saver;
  /** Recorded as collection `saved_model_train_op`. */
  trainOp?: Operation;
}


function validateSignatures(map: Record<string, SignatureDef> | undefined): void {
  for (const [key, sig] of Object.entries(map ?? {})) {
    if ((sig as { $typeName?: string })?.$typeName !== 'tensorflow.SignatureDef') {
      throw new TypeError(`signature_def_map must contain SignatureDef values; got ${typeof sig} for '${key}'`);
    }
    for (const info of [...Object.values(sig.inputs), ...Object.values(sig.outputs)]) {
      if (info.encoding.case === undefined) {
        throw new AssertionError(`All TensorInfo protos used in the SignatureDefs must have the name and dtype fields ` +
          `set. The SignatureDef '${key}' has an input or output with no name.`);
      }
    }
  }
}

/** Writes a TF1 SavedModel (`tf.compat.v1.saved_model.Builder`). */
export class Builder {
  private readonly metaGraphs: MetaGraphDef[] = [];
  private hasSavedVariables = false;

  /** AssertionError when `exportDir` exists and is not empty, as TF1. */
  constructor(readonly exportDir: string) {
    // A file there: TF's list_directory fails so.
    if (fs.existsSync(exportDir) && !fs.statSync(exportDir).isDirectory()) throw new NotFoundError(`Could not find directory ${exportDir}`);
    if (fs.existsSync(exportDir) && fs.readdirSync(exportDir).length > 0) {
      throw new AssertionError(`Export directory already exists, and isn't empty. Please choose a different export ` +
        `directory, or delete all the contents of the specified directory: ${exportDir}`);
    }
    makeDirs(exportDir);
  }

  /**
   * Saves the session's variables to `variables/variables` and adds the first MetaGraph, tagged
   * `tags`, with its signatures and collections.
   */
  async addMetaGraphAndVariables(session: Session, tags: string[], options: AddMetaGraphOptions = {}): Promise<void> {
    if (this.hasSavedVariables) {
      throw new AssertionError('Graph state including variables and assets has already been saved. Please invoke ' +
        '`add_meta_graph()` instead.');
    }
    validateSignatures(options.signatureDefMap);
    const graph = session.graph;
    const [saver, assets] = graph.asDefault(() => {
      const a = this.addCollections(options);
      return [options.saver ?? new Saver({ graph, sharded: true, allowEmpty: true }), a] as const;
    });
    const varDir = path.join(this.exportDir, 'variables');
    makeDirs(varDir);
    await saver.save(session, path.join(varDir, 'variables'), { writeMetaGraph: false, writeState: false });
    this.tagAndAdd(graph.asDefault(() => createMetaGraphDef(graph, {
      saverDef: saver.asSaverDef(), clearDevices: options.clearDevices,
    })), tags, options.signatureDefMap, assets);
    this.hasSavedVariables = true;
  }

  /** Adds another MetaGraph of the same variables (after `addMetaGraphAndVariables`). */
  addMetaGraph(tags: string[], options: AddMetaGraphOptions & { session: Session }): void {
    if (!this.hasSavedVariables) {
      throw new AssertionError('Graph state including variables and assets has not been saved yet. Please invoke ' +
        '`add_meta_graph_and_variables()` first.');
    }
    validateSignatures(options.signatureDefMap);
    const graph = options.session.graph;
    const [saver, assets] = graph.asDefault(() => {
      const a = this.addCollections(options);
      return [options.saver ?? new Saver({ graph, sharded: true, allowEmpty: true }), a] as const;
    });
    this.tagAndAdd(graph.asDefault(() => createMetaGraphDef(graph, { saverDef: saver.asSaverDef(),
      clearDevices: options.clearDevices })), tags, options.signatureDefMap, assets);
  }

  /** Writes `saved_model.pb` (or `.pbtxt` with `asText`) and returns its path. */
  save(asText = false): string {
    const sm = create(SavedModelSchema, { savedModelSchemaVersion: 1n, metaGraphs: this.metaGraphs });
    const file = path.join(this.exportDir, asText ? 'saved_model.pbtxt' : 'saved_model.pb');
    fs.writeFileSync(file, asText ? toTextFormat(SavedModelSchema, sm) : toBinary(SavedModelSchema, sm));
    return file;
  }

  /** Records the init/train ops in their collections and copies the assets; gives the asset defs. */
  private addCollections(options: AddMetaGraphOptions): AssetFileDef[] {
    const add = (key: string, op: Operation | undefined, what: string) => {
      if (op === undefined) return;
      if (!(op instanceof Operation)) throw new TypeError(`${what} needs to be an Operation: ${String(op)}`);
      op.graph.clearCollection(key);
      op.graph.addToCollection(key, op);
    };
    add(MAIN_OP_KEY, options.mainOp, 'main_op');
    add(LEGACY_INIT_OP_KEY, options.legacyInitOp, 'legacy_init_op');
    add(TRAIN_OP_KEY, options.trainOp, 'train_op');
    return (options.assetsCollection ?? []).map((a) => this.copyAsset(a));
  }

  /** Copies the file an asset tensor names into `assets/` and records it in `asset_filepaths`. */
  private copyAsset(asset: Output): AssetFileDef {
    const value = asset.op.type === 'Const' ? asset.op.getAttr('value') as { data?: Uint8Array[] } : null;
    const file = value?.data?.[0] ? Buffer.from(value.data[0]).toString() : null;
    if (!file) throw new ValueError(`Asset ${asset.name} must be a string constant naming a file.`);
    const dir = path.join(this.exportDir, 'assets');
    makeDirs(dir);
    fs.copyFileSync(file, path.join(dir, path.basename(file)));
    if (!asset.graph.getCollection(GraphKeys.ASSET_FILEPATHS).includes(asset)) {
      asset.graph.addToCollection(GraphKeys.ASSET_FILEPATHS, asset);
    }
    return create(AssetFileDefSchema, { tensorInfo: { encoding: { case: 'name', value: asset.name } },
      filename: path.basename(file) });
  }

  private tagAndAdd(meta: MetaGraphDef, tags: string[], signatures: Record<string, SignatureDef> | undefined,
    assets: AssetFileDef[]): void {
    meta.assetFileDef.push(...assets);
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw new TypeError('tags must be a list of strings');
    meta.metaInfoDef!.tags.push(...tags);
    for (const [k, s] of Object.entries(signatures ?? {})) meta.signatureDef[k] = s;
    this.metaGraphs.push(meta);
  }
}
