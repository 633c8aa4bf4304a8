/**
 * `tf.train.Saver` (`saver.py`) for V2 checkpoints: builds TF's own SaveV2/RestoreV2 ops as
 * BulkSaverBuilder does (when sharded, one shard per device of the variables, merged by
 * MergeV2Checkpoints), or runs the ops named by a SaverDef; keeps `maxToKeep` checkpoints, writes
 * the `checkpoint` state file and the `.meta` MetaGraphDef.
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import * as fs from 'fs';
import * as path from 'path';
import { Session } from '../client/session';
import {
  FailedPreconditionError, InvalidArgumentError, NotFoundError, OpError, RuntimeError, ValueError,
} from '../errors';
import { DType, baseDType } from '../framework/dtypes';
import { Graph, GraphKeys, Operation, Output, getDefaultGraph, sharedName } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { createMetaGraphDef } from '../framework/meta_graph';
import { makeDirs } from '../io/fs_util';
import { applyOp, makeConst } from '../framework/op_def_library';
import {
  MetaGraphDef, MetaGraphDefSchema, SaverDef, SaverDefSchema, SaverDef_CheckpointFormatVersion,
} from '../proto';
import {
  atomicWriteFile, checkpointExists, checkpointFiles, getCheckpointMtimes, updateCheckpointState,
} from './checkpoint_management';
import { DeviceSpec, canonicalDevice } from '../framework/device_spec';
// These take their graph from their inputs, so they build in `this.graph` even when it is not the default.
import { reshape, shape as arrayShape } from '../ops/array_ops';
import { group, withDependencies } from '../ops/control_flow_ops';
import { PartitionedVariable } from '../ops/partitioned_variables';
import { SaveSliceInfo } from '../ops/variables';
import { VarInfo, varInfo } from './graph_helpers';
import { logger } from './tf_logging';
import { isFullyDefined } from '../framework/tensor_shape';

const logging = logger('saver');

export interface SaverOptions {
  /**
   * Variables to save: a list, or a map from checkpoint key to variable (a PartitionedVariable, or a
   * list of its parts, saves as one whole tensor). Default: global + saveable.
   */
  varList?: unknown[] | Record<string, unknown> | null;
  /**
   * Restore a checkpoint tensor into a variable of another shape with as many elements: each
   * restored value is reshaped to its variable's shape (TF1's `reshape=True`).
   */
  reshape?: boolean;
  /** Save through per-device shards merged by MergeV2Checkpoints (the default Scaffold saver does). */
  sharded?: boolean;
  /** How many recent checkpoints to keep; 0 or null keeps all (and lists none). */
  maxToKeep?: number | null;
  keepCheckpointEveryNHours?: number;
  name?: string | null;
  /** Use the ops an existing SaverDef names instead of building new ones (importMetaGraph). */
  saverDef?: SaverDef | Uint8Array | null;
  deferBuild?: boolean;
  /** With no variables, make an empty saver (save returns null) instead of raising. */
  allowEmpty?: boolean;
  padStepNumber?: boolean;
  saveRelativePaths?: boolean;
  filename?: string | null;
  /** The graph (default: the default graph). */
  graph?: Graph;
}

export interface SaveOptions {
  /** Appended to the prefix as `-<step>`: a number, bigint, or a tensor/variable evaluated first. */
  globalStep?: number | bigint | Output | { asGraphElement(): Output | Operation } | string | null;
  latestFilename?: string | null;
  metaGraphSuffix?: string;
  writeMetaGraph?: boolean;
  writeState?: boolean;
  stripDefaultAttrs?: boolean;
}

/**
 * A `SaveableObject` that is no variable (a mutable lookup table's): tensors saved under their
 * names, put back by `restore` (built in the saver's name scope). The Saver saves those of
 * collection `saveable_objects` by default.
 */
export interface SaveableObject {
  readonly name: string;
  readonly specs: ReadonlyArray<{ tensor: Output; name: string }>;
  restore(tensors: Output[]): Operation;
}

function isSaveableObject(x: unknown): x is SaveableObject {
  return typeof x === 'object' && x !== null && Array.isArray((x as SaveableObject).specs) &&
    typeof (x as SaveableObject).restore === 'function';
}

/**
 * A variable to save: checkpoint key, the slice of it (a part of a partitioned variable: its spec;
 * '' for a whole variable), its variable, the tensor to save and the device it is on.
 */
interface VarSaveable {
  key: string;
  slice: string;
  v: VarInfo;
  /**
   * What SaveV2 writes: a ref variable's ref; a resource Variable's `Read/ReadVariableOp` (TF1's
   * `_graph_element`); null for a bare VarHandleOp, read by the saver.
   */
  tensor: Output | null;
  /** The variable's device, canonical (`pydev.canonical_name`): what `_GroupByDevices` shards by. */
  device: string;
}

/** A SaveableObject under its name, on the device of its first tensor. */
interface ObjectSaveable {
  key: string;
  object: SaveableObject;
  device: string;
}

type Saveable = VarSaveable | ObjectSaveable;

/** The checkpoint entries a saveable writes: name, slice spec and dtype of each of its tensors. */
function entriesOf(s: Saveable): Array<[string, string, DType]> {
  return 'object' in s ? s.object.specs.map((p) => [p.name, '', baseDType(p.tensor.dtype)]) : [[s.key, s.slice, s.v.dtype]];
}

function numberOf(x: unknown): number {
  if (x instanceof Tensor) return Number(x.item());
  return Number(x);
}

/** Saves and restores variables (`tf.compat.v1.train.Saver`). */
export class Saver {
  readonly graph: Graph;
  private saverDefMsg: SaverDef | null = null;
  private readonly options: SaverOptions;
  private readonly maxToKeep: number;
  private readonly keepEveryNHours: number;
  private nextCheckpointTime: number;
  private readonly sharded: boolean;
  private isEmpty = false;
  private lastCheckpointsList: Array<[string, number]> = [];
  private checkpointsToBeDeleted: Array<[string, number]> = [];
  /** What `save` last wrote as `.meta`, and the graph state it was made from (see `metaGraphBytes`). */
  private metaGraphCache: { epoch: number; collections: Array<[string, unknown[]]>; bytes: Uint8Array } | null = null;
  private readonly padStepNumber: boolean;
  private readonly saveRelativePaths: boolean;

  constructor(options: SaverOptions = {}) {
    this.options = options;
    this.graph = options.graph ?? getDefaultGraph();
    const list = options.varList;
    // Python's truthiness: an empty list or dict counts as not given.
    const hasVarList = !!list && (Array.isArray(list) ? list.length > 0 : Object.keys(list).length > 0);
    if (options.deferBuild && hasVarList) {
      throw new ValueError('If `var_list` is provided then build cannot be deferred. Either set defer_build=False ' +
        'or var_list=None.');
    }
    let def: SaverDef | null = null;
    if (options.saverDef) {
      def = options.saverDef instanceof Uint8Array ? fromBinary(SaverDefSchema, options.saverDef) : options.saverDef;
      if (typeof def !== 'object' || (def as { $typeName?: string }).$typeName !== 'tensorflow.SaverDef') {
        throw new ValueError(`saver_def must be a saver_pb2.SaverDef: ${String(def)}`);
      }
      if (!def.saveTensorName) throw new ValueError(`saver_def must specify the save_tensor_name: ${String(def)}`);
      if (!def.restoreOpName) throw new ValueError(`saver_def must specify the restore_op_name: ${String(def)}`);
      this.saverDefMsg = def;
    }
    this.sharded = def ? def.sharded : !!options.sharded;
    this.maxToKeep = def ? def.maxToKeep : (options.maxToKeep ?? (options.maxToKeep === null ? 0 : 5));
    this.keepEveryNHours = def ? def.keepCheckpointEveryNHours : (options.keepCheckpointEveryNHours ?? 10000);
    this.nextCheckpointTime = Date.now() / 1000 + this.keepEveryNHours * 3600;
    this.padStepNumber = !!options.padStepNumber;
    this.saveRelativePaths = !!options.saveRelativePaths;
    if (!options.deferBuild && !def) this.build();
  }

  /** Builds the save/restore ops (done by the constructor unless `deferBuild`). Idempotent. */
  build(): void {
    if (this.saverDefMsg || this.isEmpty) return;
    const saveables = this.saveables();
    if (saveables.length === 0) {
      if (this.options.allowEmpty) {
        this.isEmpty = true;
        return;
      }
      throw new ValueError('No variables to save');
    }
    this.saverDefMsg = this.buildOps(saveables);
  }

  private saveables(): Saveable[] {
    const g = this.graph;
    let list = this.options.varList;
    if (list === undefined || list === null) {
      list = [...g.getCollection('variables'), ...g.getCollection(GraphKeys.SAVEABLE_OBJECTS)];
    }
    // As `op_list_to_dict`: a part of a partitioned variable goes under its full name, with the
    // other parts (in list order); a dict value may list the parts of one.
    const byKey = new Map<string, Saveable[]>();
    // A PartitionedVariable stands for its parts, in a list or as a dict value.
    const items = (v: unknown): unknown[] => (Array.isArray(v) ? v : v instanceof PartitionedVariable ? v.parts : [v]);
    const entries: Array<[string | null, unknown]> = Array.isArray(list)
      ? list.flatMap((v) => items(v).map((p): [null, unknown] => [null, p]))
      : Object.entries(list).flatMap(([k, v]) => items(v).map((p): [string, unknown] => [k, p]));
    for (const [key, item] of entries) {
      if (isSaveableObject(item)) {
        // As `op_list_to_dict`, a later object of the same name replaces an earlier one.
        if (byKey.get(item.name)?.some((o) => !('object' in o))) {
          throw new ValueError(`At least two variables have the same name: ${item.name}`);
        }
        byKey.set(item.name, [{ key: item.name, object: item, device: canonicalDevice(item.specs[0].tensor.op.device) }]);
        continue;
      }
      const v = varInfo(g, item);
      const sliceInfo = (item as { saveSliceInfo?: SaveSliceInfo | null }).saveSliceInfo ?? null;
      const name = key ?? sliceInfo?.fullName ?? (v.isResource ? sharedName(v.op) : v.name);
      const same = byKey.get(name) as VarSaveable[] | undefined;
      if (same) {
        if (same.some((o) => 'object' in o)) throw new ValueError(`At least two variables have the same name: ${name}`);
        if (same.some((o) => o.v.op === v.op)) continue;
        const sliced = same[0].slice !== '';
        if (!sliceInfo || !sliced) {
          throw new ValueError(sliceInfo || sliced ? `Mixing slices and non-slices with the same name: ${name}`
            : `At least two variables have the same name: ${name}`);
        }
      }
      const snapshot = (item as { snapshot?: unknown }).snapshot;
      const tensor = !v.isResource ? v.handle : snapshot instanceof Output ? snapshot : null;
      const saveable = { key: name, slice: sliceInfo?.spec ?? '', v, tensor, device: canonicalDevice(v.op.device) };
      if (same) same.push(saveable);
      else byKey.set(name, [saveable]);
    }
    return [...byKey.keys()].sort().flatMap((key) => byKey.get(key)!);
  }

  private buildOps(saveables: Saveable[]): SaverDef {
    const g = this.graph;
    return g.nameScope(this.options.name ?? 'save', () => {
      // Through applyOp so the default string is named under the op, as TF1 names it.
      const filename = applyOp('PlaceholderWithDefault', { input: this.options.filename ?? 'model' }, { shape: [] },
        { name: 'filename', graph: g }).output(0);
      const prefix = g.addOperation({
        type: 'PlaceholderWithDefault', name: 'Const', inputs: [filename],
        attrs: [['dtype', 'type', DType.string], ['shape', 'shape', []]],
      }).output(0);
      let saveTensor: Output;
      let restoreOp: Operation;
      if (this.sharded) {
        const perDevice = groupByDevices(saveables);
        saveTensor = this.addShardedSaveOps(prefix, perDevice);
        restoreOp = group(perDevice.map(([device, shard]) =>
          g.device(device, () => this.addRestoreOps(prefix, shard, 'restore_shard'))), 'restore_all');
      } else {
        saveTensor = this.addSaveOps(prefix, saveables);
        restoreOp = this.addRestoreOps(prefix, saveables, 'restore_all');
      }
      return create(SaverDefSchema, {
        filenameTensorName: prefix.name,
        saveTensorName: saveTensor.name,
        restoreOpName: restoreOp.name,
        maxToKeep: this.maxToKeep,
        sharded: this.sharded,
        keepCheckpointEveryNHours: this.keepEveryNHours,
        version: SaverDef_CheckpointFormatVersion.V2,
      });
    });
  }

  /**
   * `_AddShardedSaveOpsForV2`: each device's variables saved to shard `i` of a temporary prefix
   * (on that device's CPU 0), then MergeV2Checkpoints (with the last device) merges the shards
   * into `prefix` and deletes the temporary directory. Gives `prefix` after the merge.
   */
  private addShardedSaveOps(prefix: Output, perDevice: Array<[string, Saveable[]]>): Output {
    const g = this.graph;
    // As TF 2.21: S3 (eventually consistent) gets `<prefix>.part`, not a temporary directory.
    const tmpPrefix = g.device('CPU', () => {
      const isS3 = g.addOperation({
        type: 'StaticRegexFullMatch', inputs: [prefix], attrs: [['pattern', 'string', '^s3://.*']],
      }).output(0);
      const suffix = g.addOperation({
        type: 'Select',
        inputs: [isS3, makeConst(g, Tensor.from('.part')), makeConst(g, Tensor.from(path.normalize('_temp/part')))],
        attrs: [['T', 'type', DType.string]],
      }).output(0);
      return g.addOperation({ type: 'StringJoin', inputs: [[prefix, suffix]], attrs: [['N', 'int', 2]] }).output(0);
    });
    const numShards = makeConst(g, Tensor.from(perDevice.length, { dtype: DType.int32 }), 'num_shards');
    const shardFiles: Output[] = [];
    const saves: Output[] = [];
    perDevice.forEach(([device, saveables], shard) => g.device(setCpu0(device), () => {
      const name = g.uniqueName('ShardedFilename');
      const shardConst = g.nameScope(`${name}/`, () =>
        makeConst(g, Tensor.from(shard, { dtype: DType.int32 }), 'shard'));
      const file = g.addOperation({
        type: 'ShardedFilename', name, exactName: true, inputs: [tmpPrefix, shardConst, numShards],
      }).output(0);
      shardFiles.push(file);
      saves.push(this.addSaveOps(file, saveables));
    }));
    const lastDevice = setCpu0(perDevice[perDevice.length - 1][0]);
    return g.controlDependencies(saves, () => g.device(lastDevice, () => {
      const name = g.uniqueName('MergeV2Checkpoints');
      const prefixes = g.nameScope(`${name}/`, () => g.addOperation({
        type: 'Pack', name: 'checkpoint_prefixes', inputs: [shardFiles],
        attrs: [['T', 'type', DType.string], ['N', 'int', shardFiles.length]],
      }).output(0));
      const merge = g.addOperation({
        type: 'MergeV2Checkpoints', name, exactName: true, inputs: [prefixes, prefix],
        attrs: [['delete_old_dirs', 'bool', true]],
      });
      return g.controlDependencies([merge], () =>
        g.addOperation({ type: 'Identity', inputs: [prefix], attrs: [['T', 'type', DType.string]] }).output(0));
    }));
  }

  /**
   * The op name for a SaveV2/RestoreV2 and its key constants under it, named as TF1's generated
   * op wrappers name them: the op takes `SaveV2` and its inputs `SaveV2/tensor_names`, ...
   */
  private keyConsts(type: string, saveables: Saveable[]): [string, Output, Output] {
    const g = this.graph;
    const opName = g.uniqueName(type);
    const entries = saveables.flatMap(entriesOf);
    return g.nameScope(`${opName}/`, () => [
      opName,
      makeConst(g, Tensor.from(entries.map(([key]) => key), { dtype: DType.string }), 'tensor_names'),
      makeConst(g, Tensor.from(entries.map(([, slice]) => slice), { dtype: DType.string }), 'shape_and_slices'),
    ]);
  }

  /** `_AddSaveOps`: SaveV2 of the saveables to `filename`; gives `filename` after it. */
  private addSaveOps(filename: Output, saveables: Saveable[]): Output {
    const g = this.graph;
    const [opName, names, slices] = this.keyConsts('SaveV2', saveables);
    const tensors = saveables.flatMap((s) => ('object' in s ? s.object.specs.map((p) => p.tensor) : [this.specTensor(s)]));
    const save = g.addOperation({
      type: 'SaveV2', name: opName, exactName: true, inputs: [filename, names, slices, tensors],
      attrs: [['dtypes', 'list(type)', saveables.flatMap(entriesOf).map(([, , dtype]) => dtype)]],
    });
    return withDependencies([save], filename, 'control_dependency');
  }

  /** What the saver writes for `s`; a bare VarHandleOp's read is made on first use, as TF1's saveable makes it. */
  private specTensor(s: VarSaveable): Output {
    s.tensor ??= this.graph.addOperation({
      type: 'ReadVariableOp', name: 'Read/ReadVariableOp', inputs: [s.v.handle], attrs: [['dtype', 'type', s.v.dtype]],
    }).output(0);
    return s.tensor;
  }

  /**
   * `_AddRestoreOps` of BulkSaverBuilder: one RestoreV2 on CPU 0, then an assign per saveable (a
   * ref variable's colocated with it, a resource variable's on its device; an object's own
   * `restore` of its tensors), grouped as `name`.
   * With `reshape`, each restored tensor is first reshaped to its variable's shape (the static one
   * when fully defined, else `Shape` of what is saved), and the assign does not check shapes.
   */
  private addRestoreOps(filename: Output, saveables: Saveable[], name: string): Operation {
    const g = this.graph;
    const restore = g.device('cpu:0', () => {
      const [opName, names, slices] = this.keyConsts('RestoreV2', saveables);
      return g.addOperation({
        type: 'RestoreV2', name: opName, exactName: true, inputs: [filename, names, slices],
        attrs: [['dtypes', 'list(type)', saveables.flatMap(entriesOf).map(([, , dtype]) => dtype)]],
      });
    });
    let next = 0;
    const assigns = saveables.map((saveable) => {
      if ('object' in saveable) return saveable.object.restore(saveable.object.specs.map(() => restore.output(next++)));
      const { v, device: varDevice } = saveable;
      const spec = this.specTensor(saveable);
      const shape = spec.shape;
      const fullyDefined = isFullyDefined(shape);
      let restored = restore.output(next++);
      if (this.options.reshape) restored = reshape(restored, fullyDefined ? shape as number[] : arrayShape(spec));
      if (v.isResource) {
        return g.device(varDevice, () => {
          const value = g.addOperation({
            type: 'Identity', inputs: [restored], attrs: [['T', 'type', v.dtype]],
          });
          return g.addOperation({
            type: 'AssignVariableOp', inputs: [v.handle, value.output(0)], attrs: [['dtype', 'type', v.dtype]],
          });
        });
      }
      return g.colocateWith(v.op, () => g.addOperation({
        type: 'Assign', name: 'Assign', inputs: [v.handle, restored],
        attrs: [['T', 'type', v.dtype], ['validate_shape', 'bool', !this.options.reshape && fullyDefined],
          ['use_locking', 'bool', true]],
      }));
    });
    return group(assigns, name);
  }

  /** The SaverDef of this saver (`as_saver_def`); null for an empty or unbuilt saver. */
  asSaverDef(): SaverDef | null {
    return this.saverDefMsg;
  }

  /** The checkpoints this saver keeps, oldest first (`last_checkpoints`). */
  get lastCheckpoints(): string[] {
    return this.lastCheckpointsList.map(([p]) => p);
  }

  /** Replaces the kept-checkpoints list with `[path, mtime seconds]` pairs. */
  setLastCheckpointsWithTime(list: Array<[string, number]>): void {
    this.lastCheckpointsList = [...list];
  }

  /** Re-adopts checkpoints written earlier (from the state file) so they get deleted in turn. */
  recoverLastCheckpoints(checkpointPaths: string[]): void {
    const out: Array<[string, number]> = [];
    for (const p of checkpointPaths) {
      const [t] = getCheckpointMtimes([p]);
      if (t !== undefined) out.push([p, t]);
    }
    this.setLastCheckpointsWithTime(out);
  }

  private recordLastCheckpoint(latest: string): void {
    if (!this.maxToKeep) return;
    this.lastCheckpointsList = this.lastCheckpointsList.filter(([p]) => p !== latest);
    this.lastCheckpointsList.push([latest, Date.now() / 1000]);
    if (this.lastCheckpointsList.length > this.maxToKeep) {
      this.checkpointsToBeDeleted.push(this.lastCheckpointsList.shift()!);
    }
  }

  private maybeDeleteOldCheckpoints(metaGraphSuffix: string): void {
    const entry = this.checkpointsToBeDeleted.shift();
    if (!entry) return;
    const [p, t] = entry;
    if (this.keepEveryNHours && t > this.nextCheckpointTime) {
      this.nextCheckpointTime += this.keepEveryNHours * 3600;
      return;
    }
    for (const f of checkpointFiles(p, metaGraphSuffix)) {
      try {
        fs.unlinkSync(f);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
          logging.warning(`Hit NotFoundError when deleting '${f}', possibly because another process/thread is also ` +
            'deleting/moving the same file');
        } else {
          logging.warning(`Ignoring: ${String(e)}`);
        }
      }
    }
  }

  /**
   * Saves the variables to `<savePath>-<globalStep>` (`Saver.save`); then, unless disabled,
   * updates the `checkpoint` state file, deletes checkpoints beyond `maxToKeep` and writes the
   * `.meta` MetaGraphDef. Resolves to the checkpoint prefix, or null for an empty saver.
   */
  async save(sess: Session, savePath: string, options: SaveOptions = {}): Promise<string | null> {
    if (!this.saverDefMsg && !this.isEmpty) {
      throw new RuntimeError('`build()` should be called before save if defer_build==True');
    }
    const latestFilename = options.latestFilename ?? 'checkpoint';
    const metaGraphSuffix = options.metaGraphSuffix ?? 'meta';
    if (path.basename(latestFilename) !== latestFilename) {
      throw new ValueError("'latest_filename' must not contain path components");
    }
    let prefix: string;
    const gs = options.globalStep;
    if (gs !== undefined && gs !== null) {
      let step: number;
      if (typeof gs === 'number' || typeof gs === 'bigint') step = Number(gs);
      else step = numberOf(await sess.run(gs as Output));
      prefix = this.padStepNumber ? `${savePath}-${String(step).padStart(8, '0')}` : `${savePath}-${step}`;
    } else {
      prefix = savePath;
      if (path.basename(savePath) === latestFilename && !this.sharded) {
        throw new ValueError(`'latest_filename' collides with 'save_path': '${latestFilename}' and '${savePath}'`);
      }
    }
    if (!(sess instanceof Session)) throw new TypeError(`'sess' must be a Session; ${String(sess)}`);
    const saveDir = path.dirname(savePath);
    let modelCheckpointPath: string | null = null;
    if (!this.isEmpty) {
      const def = this.saverDefMsg!;
      try {
        const out = await sess.run(def.saveTensorName, { [def.filenameTensorName]: prefix }) as Tensor;
        modelCheckpointPath = Buffer.from((out.data as Uint8Array[])[0]).toString();
      } catch (e) {
        if ((e instanceof FailedPreconditionError || e instanceof NotFoundError) && !fs.existsSync(saveDir)) {
          throw new ValueError(`Parent directory of ${savePath} doesn't exist, can't save.`);
        }
        throw e;
      }
      if (options.writeState ?? true) {
        this.recordLastCheckpoint(modelCheckpointPath);
        updateCheckpointState(saveDir, modelCheckpointPath, this.lastCheckpoints, latestFilename, this.saveRelativePaths);
        this.maybeDeleteOldCheckpoints(metaGraphSuffix);
      }
    }
    if (options.writeMetaGraph ?? true) {
      const metaFile = `${metaGraphFilename(prefix)}.${metaGraphSuffix}`.replace(/\.meta\.meta$/, '.meta');
      makeDirs(path.dirname(metaFile));
      atomicWriteFile(metaFile, this.metaGraphBytes());
    }
    return this.isEmpty ? null : modelCheckpointPath;
  }

  /**
   * Restores the variables from the checkpoint at `savePath` (`Saver.restore`), with TF1's
   * errors for a missing checkpoint or a graph that does not match it.
   */
  async restore(sess: Session, savePath: string | null): Promise<void> {
    if (this.isEmpty) return;
    if (savePath === null || savePath === undefined) throw new ValueError("Can't load save_path when it is None.");
    if (!checkpointExists(savePath)) throw new ValueError(`The passed save_path is not a valid checkpoint: ${savePath}`);
    logging.info(`Restoring parameters from ${savePath}`);
    const def = this.saverDefMsg!;
    try {
      await sess.run(def.restoreOpName, { [def.filenameTensorName]: savePath });
    } catch (e) {
      if (e instanceof NotFoundError || e instanceof InvalidArgumentError) {
        const what = e instanceof NotFoundError
          ? 'a Variable name or other graph key that is missing from the checkpoint. Please ensure that you have not ' +
            'altered the graph expected based on the checkpoint.'
          : 'a mismatch between the current graph and the graph from the checkpoint. Please ensure that you have ' +
            'not altered the graph expected based on the checkpoint.';
        const Cls = (e as OpError).constructor as new (m: string) => OpError;
        throw new Cls(`Restoring from checkpoint failed. This is most likely due to ${what} Original error:\n\n` +
          `${e.message}`);
      }
      throw e;
    }
  }

  /** Writes the graph as a binary MetaGraphDef with this saver's SaverDef, atomically (tmp + rename). */
  exportMetaGraph(filename: string): MetaGraphDef {
    const meta = this.metaGraph();
    makeDirs(path.dirname(filename));
    atomicWriteFile(filename, toBinary(MetaGraphDefSchema, meta));
    return meta;
  }

  private metaGraph(): MetaGraphDef {
    return createMetaGraphDef(this.graph, { saverDef: this.saverDefMsg, graphDef: this.graph.toGraphDef({ addShapes: true }) });
  }

  /**
   * The serialized MetaGraphDef for `save`. In a training loop the graph is finalized and every
   * save writes the same one, which costs more to make than the checkpoint itself: it is made
   * again only after the graph was unfinalized or its collections changed.
   */
  private metaGraphBytes(): Uint8Array {
    const g = this.graph;
    const epoch = g.finalizedEpoch;
    const collections = g.collections.map((k): [string, unknown[]] => [k, g.getCollection(k)]);
    const c = this.metaGraphCache;
    if (c && epoch === c.epoch && sameCollections(c.collections, collections)) return c.bytes;
    const bytes = toBinary(MetaGraphDefSchema, this.metaGraph());
    this.metaGraphCache = epoch === null ? null : { epoch, collections, bytes };
    return bytes;
  }
}

/** `meta_graph_filename`: the prefix without a trailing `-<n|?>-of-<n>` shard spec. */
function metaGraphFilename(prefix: string): string {
  return prefix.replace(/-[\d?]+-of-\d+$/, '');
}

/** `_GroupByDevices`: the saveables of each device, devices sorted. */
function groupByDevices(saveables: Saveable[]): Array<[string, Saveable[]]> {
  const byDevice = new Map<string, Saveable[]>();
  for (const s of saveables) byDevice.set(s.device, [...(byDevice.get(s.device) ?? []), s]);
  return [...byDevice].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `saveable_object_util.set_cpu0`: the same job, replica and task, on its CPU 0. */
function setCpu0(device: string): string {
  return DeviceSpec.fromString(device).replace({ deviceType: 'CPU', deviceIndex: 0 }).toString();
}


function sameCollections(a: Array<[string, unknown[]]>, b: Array<[string, unknown[]]>): boolean {
  return a.length === b.length && a.every(([k, items], i) => k === b[i][0] && items.length === b[i][1].length &&
    items.every((x, j) => x === b[i][1][j]));
}
