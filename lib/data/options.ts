/**
 * `tf.data.Options` (`data/ops/options.py`): the options a dataset's pipeline runs with, as the
 * `dataset_options.proto` Options that `Dataset.withOptions` serializes into its OptionsDataset.
 * The proto is written here from a table of the fields (all varints, or the nested option messages).
 * An option left undefined is unset (the runtime's default), as Python's unset options.
 */

/** `tf.data.experimental.ExternalStatePolicy`. */
export enum ExternalStatePolicy {
  WARN = 0,
  IGNORE = 1,
  FAIL = 2,
}

/** `tf.data.experimental.AutoShardPolicy`. */
export enum AutoShardPolicy {
  OFF = -1,
  AUTO = 0,
  FILE = 1,
  DATA = 2,
  HINT = 3,
}

/** `tf.data.experimental.AutotuneAlgorithm`. */
export enum AutotuneAlgorithm {
  DEFAULT = 0,
  HILL_CLIMB = 1,
  GRADIENT_DESCENT = 2,
  MAX_PARALLELISM = 3,
  STAGE_BASED = 4,
}

/** `tf.data.experimental.AutotuneOptions` (`options.autotune`). */
export class AutotuneOptions {
  enabled?: boolean;
  cpuBudget?: number;
  ramBudget?: number;
  autotuneAlgorithm?: AutotuneAlgorithm;
  initialParallelism?: number;
  minParallelism?: number;
}

/** `tf.data.experimental.DistributeOptions` (`options.experimentalDistribute`); the shard policy AUTO when unset. */
export class DistributeOptions {
  autoShardPolicy?: AutoShardPolicy;
  numDevices?: number;
}

/** `tf.data.experimental.OptimizationOptions` (`options.experimentalOptimization`). */
export class OptimizationOptions {
  applyDefaultOptimizations?: boolean;
  filterFusion?: boolean;
  filterParallelization?: boolean;
  injectPrefetch?: boolean;
  mapAndBatchFusion?: boolean;
  mapAndFilterFusion?: boolean;
  mapFusion?: boolean;
  mapParallelization?: boolean;
  noopElimination?: boolean;
  parallelBatch?: boolean;
  seqInterleavePrefetch?: boolean;
  shuffleAndRepeatFusion?: boolean;
}

/** `tf.data.ThreadingOptions` (`options.threading`). */
export class ThreadingOptions {
  maxIntraOpParallelism?: number;
  privateThreadpoolSize?: number;
}

/** `tf.data.Options`. */
export class Options {
  deterministic?: boolean;
  experimentalSlack?: boolean;
  experimentalExternalStatePolicy?: ExternalStatePolicy;
  experimentalSymbolicCheckpoint?: boolean;
  experimentalWarmStart?: boolean;
  readonly autotune = new AutotuneOptions();
  readonly experimentalDistribute = new DistributeOptions();
  readonly experimentalOptimization = new OptimizationOptions();
  readonly threading = new ThreadingOptions();

  /** `merge(options)`: these options with those set in `other` taking precedence. */
  merge(other: Options): Options {
    const out = new Options();
    const pick = (to: object, a: object, b: object) => {
      for (const [k, v] of [...Object.entries(a), ...Object.entries(b)]) {
        if (v !== undefined && typeof v !== 'object') (to as Record<string, unknown>)[k] = v;
      }
    };
    pick(out, this, other);
    for (const key of NESTED) pick(out[key], this[key], other[key]);
    return out;
  }

  /** The serialized Options proto, as Python's `_to_proto().SerializeToString()` gives it. */
  toProto(): Uint8Array {
    return Uint8Array.from(encode(this as unknown as Record<string, unknown>, OPTIONS));
  }
}

const NESTED = ['autotune', 'experimentalDistribute', 'experimentalOptimization', 'threading'] as const;

/**
 * A message's fields, in field number order: [option, number, what]. A varint option is written
 * when set (the proto's `optional_*` oneofs), a plain one when not 0; a message always.
 */
type Schema = Array<[string, number, 'set' | 'plain' | Schema]>;
const AUTOTUNE: Schema = [['enabled', 1, 'set'], ['cpuBudget', 2, 'set'], ['ramBudget', 3, 'set'],
  ['autotuneAlgorithm', 4, 'set'], ['initialParallelism', 5, 'set'], ['minParallelism', 6, 'set']];
const DISTRIBUTE: Schema = [['autoShardPolicy', 1, 'plain'], ['numDevices', 2, 'set']];
const OPTIMIZATION: Schema = [['applyDefaultOptimizations', 1, 'set'], ['filterFusion', 6, 'set'],
  ['mapAndBatchFusion', 9, 'set'], ['mapAndFilterFusion', 10, 'set'], ['mapFusion', 11, 'set'],
  ['mapParallelization', 12, 'set'], ['noopElimination', 14, 'set'], ['parallelBatch', 15, 'set'],
  ['shuffleAndRepeatFusion', 17, 'set'], ['filterParallelization', 18, 'set'], ['injectPrefetch', 19, 'set'],
  ['seqInterleavePrefetch', 21, 'set']];
const THREADING: Schema = [['maxIntraOpParallelism', 1, 'set'], ['privateThreadpoolSize', 2, 'set']];
const OPTIONS: Schema = [['deterministic', 1, 'set'], ['experimentalDistribute', 2, DISTRIBUTE],
  ['experimentalOptimization', 3, OPTIMIZATION], ['experimentalSlack', 4, 'set'], ['threading', 5, THREADING],
  ['experimentalExternalStatePolicy', 6, 'set'], ['autotune', 7, AUTOTUNE], ['experimentalSymbolicCheckpoint', 8, 'set'],
  ['experimentalWarmStart', 9, 'set'], ['serviceOptions', 12, []]];

/** Protobuf's varint of an int64 (ten bytes for a negative one). */
function varint(n: number | bigint, out: number[]): void {
  let v = BigInt.asUintN(64, BigInt(n));
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? b | 0x80 : b);
  } while (v > 0n);
}

/** The wire bytes of `message` of `schema`. */
function encode(message: Record<string, unknown> | undefined, schema: Schema): number[] {
  const out: number[] = [];
  for (const [key, number, what] of schema) {
    const value = message?.[key];
    if (Array.isArray(what)) {
      const body = encode(value as Record<string, unknown> | undefined, what);
      varint((number << 3) | 2, out);
      varint(body.length, out);
      out.push(...body);
    } else if (value !== undefined && (what === 'set' || Number(value) !== 0)) {
      varint(number << 3, out);
      varint(Number(value), out);
    }
  }
  return out;
}
