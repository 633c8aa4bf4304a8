/**
 * `tf.compat.v1.train.warm_start` and `tf.compat.v1.train.VocabInfo` (TF1's
 * warm_starting_util.py): a model starts from a checkpoint's values, by variable name, with renames
 * and with embedding rows (or output-layer columns) remapped to a changed vocabulary. Like
 * `initFromCheckpoint`, it changes the variables' initializers, so the init op built afterwards
 * (`globalVariablesInitializer`, a Scaffold's) loads them.
 */
import { fromBinary } from '@bufbuild/protobuf';
import * as fs from 'fs';
import { IndexError, NotFoundError, ValueError } from '../errors';
import { GraphKeys, Operation, getDefaultGraph } from '../framework/ops';
import { loadAndRemapMatrixInitializer } from '../ops/checkpoint_ops';
import { Initializer } from '../ops/init_ops';
import { pythonType } from '../ops/python_type';
import { refAssign } from '../ops/state_ops';
import { Variable } from '../ops/variables';
import { TrackableObjectGraphSchema } from '../proto';
import { CheckpointReader, checkpointFilename, latestCheckpoint } from './checkpoint_management';
import { initFromCheckpoint } from './checkpoint_utils';
import { logger } from './tf_logging';
import { pyRepr } from '../util/python_repr';

const logging = logger('warm_starting_util');

/** Where an object-based checkpoint (`tf.train.Checkpoint`) keeps its TrackableObjectGraph. */
const OBJECT_GRAPH_PROTO_KEY = '_CHECKPOINTABLE_OBJECT_GRAPH';

/** Options of `VocabInfo` (its optional arguments). */
export interface VocabInfoOptions {
  /** How many entries of the old vocabulary the checkpoint was made with (-1, the default: all). */
  oldVocabSize?: number;
  /** Initializes the entries new to the vocabulary and the OOV buckets; zeros when omitted. */
  backupInitializer?: Initializer | null;
  /** The variable's axis the vocabulary is along: 0 (embeddings, the default) or 1 (output layers). */
  axis?: number;
}

/**
 * `tf.compat.v1.train.VocabInfo(new_vocab, new_vocab_size, num_oov_buckets, old_vocab, ...)`: how
 * a variable's rows (axis 0) or columns (axis 1) map from the checkpoint's vocabulary file to the
 * model's (one entry a line), for `warmStart`'s `varNameToVocabInfo`.
 */
export class VocabInfo {
  readonly oldVocabSize: number;
  readonly backupInitializer: Initializer | null;
  readonly axis: number;

  constructor(readonly newVocab: string, readonly newVocabSize: number, readonly numOovBuckets: number,
    readonly oldVocab: string, options: VocabInfoOptions = {}) {
    const axis = options.axis ?? 0;
    if (axis !== 0 && axis !== 1) {
      throw new ValueError(`The only supported values for the axis argument are 0 and 1.  Provided axis: ${axis}`);
    }
    this.oldVocabSize = options.oldVocabSize ?? -1;
    this.backupInitializer = options.backupInitializer ?? null;
    this.axis = axis;
  }
}

/** A name-keyed argument: an object, a Map or entries, as Python's dict. */
export type NameMap<T> = Record<string, T> | Map<string, T> | Array<[string, T]>;

/** Options of `warmStart` (Python's keyword arguments). */
export interface WarmStartOptions {
  /**
   * Which variables: a regex matched at the start of the names in TRAINABLE_VARIABLES (default
   * '.*': all trainable ones); a list of regexes, each looked up in GLOBAL_VARIABLES (for
   * non-trainable ones); a list of Variables; or null, only those in `varNameToVocabInfo`.
   */
  varsToWarmStart?: string | string[] | Variable[] | null;
  /** Full variable names (not their parts') to the vocabulary changes of those variables. */
  varNameToVocabInfo?: NameMap<VocabInfo> | null;
  /** Full variable names to the names they have in the checkpoint, where they differ. */
  varNameToPrevVarName?: NameMap<string> | null;
}

const entriesOf = <T>(m: NameMap<T> | null | undefined): Map<string, T> =>
  new Map(m instanceof Map || Array.isArray(m) ? m : Object.entries(m ?? {}));

/** `_infer_var_name`: a part's whole variable's name, else the variable's own. */
function inferVarName(v: Variable): string {
  return v.saveSliceInfo?.fullName ?? v.op.name;
}

/** `_get_grouped_variables`: the variables to warm start, the parts of one partitioned variable together. */
function groupedVariables(varsToWarmStart: unknown): Map<string, Variable[]> {
  const graph = getDefaultGraph();
  let list: Variable[];
  if (typeof varsToWarmStart === 'string' || varsToWarmStart === null) {
    logging.info('Warm-starting variables only in TRAINABLE_VARIABLES.');
    list = graph.getCollection<Variable>(GraphKeys.TRAINABLE_VARIABLES, varsToWarmStart ?? undefined);
  } else if (Array.isArray(varsToWarmStart)) {
    if (varsToWarmStart.every((v): v is string => typeof v === 'string')) {
      list = varsToWarmStart.flatMap((scope) => graph.getCollection<Variable>(GraphKeys.GLOBAL_VARIABLES, scope));
    } else if (varsToWarmStart.every((v): v is Variable => v instanceof Variable)) {
      list = varsToWarmStart;
    } else {
      throw new ValueError('If `vars_to_warm_start` is a list, it must be all `Variable` or all `str`.  Given types are ' +
        `[${varsToWarmStart.map(pythonType).join(', ')}]`);
    }
  } else {
    throw new ValueError(`\`vars_to_warm_start must be a \`list\` or \`str\`.  Given type is ${pythonType(varsToWarmStart)}`);
  }
  const grouped = new Map<string, Variable[]>();
  for (const v of list) {
    const name = inferVarName(v);
    grouped.set(name, [...(grouped.get(name) ?? []), v]);
  }
  return grouped;
}

/**
 * `_get_object_checkpoint_renames`: for an object-based checkpoint, each variable's key in it; for
 * a name-based one (or none found), nothing.
 */
function objectCheckpointRenames(path: string, variableNames: string[]): Map<string, string> {
  const file = fs.existsSync(path) && fs.statSync(path).isDirectory() ? latestCheckpoint(path) : path;
  // TF1 hands the reader the None a directory without checkpoints gives.
  if (file === null) throw new TypeError('Expected binary or unicode string, got None');
  let reader: CheckpointReader;
  try {
    reader = new CheckpointReader(file);
  } catch (e) {
    if (e instanceof NotFoundError) return new Map();
    throw e;
  }
  const namesToKeys = new Map<string, string>();
  try {
    if (!reader.hasTensor(OBJECT_GRAPH_PROTO_KEY)) return new Map();
    const graph = fromBinary(TrackableObjectGraphSchema, reader.getTensor(OBJECT_GRAPH_PROTO_KEY).item() as Uint8Array);
    for (const node of graph.nodes) {
      for (const attribute of node.attributes) namesToKeys.set(attribute.fullName, attribute.checkpointKey);
    }
  } finally {
    reader.close();
  }
  const missing = [...new Set(variableNames)].filter((n) => !namesToKeys.has(n));
  if (missing.length > 0) {
    throw new ValueError('Attempting to warm-start from an object-based checkpoint, but found that the checkpoint did ' +
      'not contain values for all variables. The following variables were missing: ' +
      `{${missing.map(pyRepr).join(', ')}}`);
  }
  return new Map(variableNames.map((n) => [n, namesToKeys.get(n)!]));
}

/**
 * `_warm_start_var_with_vocab`: each part of the variable gets as initializer an assign of the
 * checkpoint's tensor remapped from the old vocabulary to the new (along `axis`), with TF1's
 * checks of the arguments and the shape.
 */
function warmStartVarWithVocab(parts: Variable[], prevCkpt: string, vocab: VocabInfo, prevTensorName: string | undefined):
  void {
  if (!(vocab.newVocab && vocab.newVocabSize && prevCkpt && vocab.oldVocab)) {
    throw new ValueError('Invalid args: Must provide all of [current_vocab_path, current_vocab_size, prev_ckpt, ' +
      'prev_vocab_path}.');
  }
  const tensorName = prevTensorName || inferVarName(parts[0]);
  const rows = vocab.axis === 0;
  // TF1 indexes the variables' shapes as lists: the rows of a scalar, the columns of a vector (along axis 0).
  const shapes = parts.map((v) => {
    const shape = v.shape as number[];
    if (shape.length < (rows ? 2 : 1)) throw new IndexError('list index out of range');
    return shape;
  });
  const totalFirstAxis = shapes.reduce((n, shape) => n + shape[0], 0);
  parts.forEach((v, i) => {
    const shape = shapes[i];
    const info = v.saveSliceInfo;
    const init = loadAndRemapMatrixInitializer({
      ckptPath: checkpointFilename(prevCkpt),
      oldTensorName: tensorName,
      // Along axis 1 the rows are counted over all parts, since partitioning is only along axis 0.
      newRowVocabSize: rows ? vocab.newVocabSize : totalFirstAxis,
      newColVocabSize: rows ? shape[1] : vocab.newVocabSize,
      oldRowVocabSize: rows ? vocab.oldVocabSize : -1,
      oldRowVocabFile: rows ? vocab.oldVocab : null,
      newRowVocabFile: rows ? vocab.newVocab : null,
      oldColVocabFile: rows ? null : vocab.oldVocab,
      newColVocabFile: rows ? null : vocab.newVocab,
      numRowOovBuckets: rows ? vocab.numOovBuckets : 0,
      numColOovBuckets: rows ? 0 : vocab.numOovBuckets,
      initializer: vocab.backupInitializer,
    });
    const value = init(shape, undefined, info ? { fullShape: info.fullShape, varOffset: info.varOffset } : undefined);
    // `state_ops.assign` (without a read, an op); TF1's resource assign also reads the value after
    // it (an _UnreadVariable, whose op, the AssignVariableOp, is what the init op then runs).
    const assign = v.isResource ? v.assign(value, { readValue: false }) as Operation : refAssign(v.ref, value).op;
    if (v.isResource) v.graph.controlDependencies([assign], () => v.value());
    // TF1 sets only the initializer op; a variable imported without its initial value takes this one.
    v.setInitializer(assign, v.initialValue ?? value);
  });
}

/**
 * `tf.compat.v1.train.warm_start(ckpt_to_initialize_from, vars_to_warm_start='.*',
 * var_name_to_vocab_info=None, var_name_to_prev_var_name=None)`: the chosen variables of the
 * default graph start from the checkpoint (a directory's latest, or a prefix; name-based, or
 * object-based with its keys looked up), by the same name unless `varNameToPrevVarName` renames
 * them, through their vocabulary remapping when `varNameToVocabInfo` has one. TF1's ValueError for
 * names in those maps that no warm-started variable has.
 */
export function warmStart(ckptToInitializeFrom: string, options: WarmStartOptions = {}): void {
  logging.info(`Warm-starting from: ${ckptToInitializeFrom}`);
  const varsToWarmStart = options.varsToWarmStart === undefined ? '.*' : options.varsToWarmStart;
  const grouped = groupedVariables(varsToWarmStart);
  const vocabInfos = entriesOf(options.varNameToVocabInfo);
  let prevNames = entriesOf(options.varNameToPrevVarName);
  if (prevNames.size === 0) prevNames = objectCheckpointRenames(ckptToInitializeFrom, [...grouped.keys()]);
  let warmstartedCount = 0;
  // Keys of the two maps that name no variable are an error at the end: a misspelled name would
  // otherwise silently go without its warm start.
  const prevNameUsed = new Set<string>();
  const vocabInfoUsed = new Set<string>();
  // The variables without vocabularies go through initFromCheckpoint together.
  let vocabless = new Map<string, Variable | Variable[]>();
  for (const [varName, parts] of grouped) {
    const prevVarName = prevNames.get(varName);
    if (prevVarName) prevNameUsed.add(varName);
    const vocab = vocabInfos.get(varName);
    if (vocab) {
      vocabInfoUsed.add(varName);
      warmstartedCount += 1;
      const backup = vocab.backupInitializer;
      logging.debug(`Warm-starting variable: ${varName}; current_vocab: ${vocab.newVocab} current_vocab_size: ` +
        `${vocab.newVocabSize} prev_vocab: ${vocab.oldVocab} prev_vocab_size: ` +
        `${vocab.oldVocabSize > 0 ? vocab.oldVocabSize : 'All'} current_oov: ${vocab.numOovBuckets} prev_tensor: ` +
        `${prevVarName || 'Unchanged'} initializer: ${backup ? backup.name || '<initializer>' : 'zero-initialized'}`);
      warmStartVarWithVocab(parts, ckptToInitializeFrom, vocab, prevVarName);
    } else if (varsToWarmStart !== null && varsToWarmStart.length > 0) {
      // With no vars_to_warm_start (None or empty), only the variables with vocabularies.
      warmstartedCount += 1;
      logging.debug(`Warm-starting variable: ${varName}; prev_var_name: ${prevVarName || 'Unchanged'}`);
      // An unpartitioned variable (or a lone part) goes as itself, a partitioned one as its parts.
      const variable = parts.length === 1 ? parts[0] : parts;
      const tensorName = prevVarName || varName;
      if (vocabless.has(tensorName)) {
        // An assignment map holds one variable per checkpoint name: a second reader of the same
        // tensor sends the map so far first.
        logging.debug(`Requested prev_var_name ${tensorName} initialize both ${pyRepr(vocabless.get(tensorName)!)} and ` +
          `${pyRepr(variable)}; calling init_from_checkpoint.`);
        initFromCheckpoint(ckptToInitializeFrom, vocabless);
        vocabless = new Map();
      }
      vocabless.set(tensorName, variable);
    }
  }
  if (vocabless.size > 0) initFromCheckpoint(ckptToInitializeFrom, vocabless);
  const prevNameNotUsed = [...prevNames.keys()].filter((n) => !prevNameUsed.has(n));
  const vocabInfoNotUsed = [...vocabInfos.keys()].filter((n) => !vocabInfoUsed.has(n));
  logging.info(`Warm-started ${warmstartedCount} variables.`);
  const viable = `dict_keys([${[...grouped.keys()].map(pyRepr).join(', ')}])`;
  if (prevNameNotUsed.length > 0) {
    throw new ValueError('You provided the following variables in var_name_to_prev_var_name that were not used: ' +
      `{${prevNameNotUsed.map(pyRepr).join(', ')}}.  Perhaps you misspelled them?  Here is the list of viable variable ` +
      `names: ${viable}`);
  }
  if (vocabInfoNotUsed.length > 0) {
    throw new ValueError('You provided the following variables in var_name_to_vocab_info that were not used: ' +
      `{${vocabInfoNotUsed.map(pyRepr).join(', ')}}.  Perhaps you misspelled them?  Here is the list of viable ` +
      `variable names: ${viable}`);
  }
}
