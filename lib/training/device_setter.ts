/**
 * `tf.train.replica_device_setter`, as `tensorflow/python/training/device_setter.py`: a device
 * function for `graph.device(fn, ...)` that places variables (the `psOps`) on the parameter
 * server tasks round-robin and every other op on the worker device. Also `DeviceSpec`, the
 * parse / merge / print of device strings TF1's `pydev.DeviceSpec` does.
 */
import { ValueError } from '../errors';
import { ClusterLike, ClusterSpec } from './server_lib';
import { logger } from './tf_logging';

const logging = logger('device_setter');

const VALID_DEVICE_TYPES = new Set(['CPU', 'GPU', 'TPU', 'XLA_CPU', 'XLA_GPU', 'TPU_SYSTEM', 'CUSTOM']);

/** A device specification (`tf.DeviceSpec`): job, replica, task, device type and index, each optional. */
export class DeviceSpec {
  constructor(
    readonly job: string | null = null,
    readonly replica: number | null = null,
    readonly task: number | null = null,
    readonly deviceType: string | null = null,
    readonly deviceIndex: number | null = null,
  ) {}

  /** Parses `/job:ps/replica:0/task:1/device:CPU:0` (any part optional; `/cpu:0` too). */
  static fromString(spec: string): DeviceSpec {
    let job: string | null = null;
    let replica: number | null = null;
    let task: number | null = null;
    let deviceType: string | null = null;
    let deviceIndex: number | null = null;
    for (const part of (spec ?? '').split('/')) {
      const y = part.split(':');
      const ly = y.length;
      if (ly === 2 && y[0] === 'job') {
        job = y[1];
      } else if (ly === 2 && y[0] === 'replica') {
        replica = toInt(y[1], spec);
      } else if (ly === 2 && y[0] === 'task') {
        task = toInt(y[1], spec);
      } else if ((ly === 1 || ly === 2) && VALID_DEVICE_TYPES.has(y[0].toUpperCase())) {
        if (deviceType !== null) {
          throw new ValueError(`Multiple device types are not allowed while parsing the device spec: ${spec}.`);
        }
        deviceType = y[0].toUpperCase();
        if (ly === 2 && y[1] !== '*') deviceIndex = toInt(y[1], spec);
      } else if (ly === 3 && y[0] === 'device') {
        if (deviceType !== null) {
          throw new ValueError(`Multiple device types are not allowed while parsing the device spec: ${spec}.`);
        }
        deviceType = y[1];
        if (y[2] !== '*') deviceIndex = toInt(y[2], spec);
      } else if (ly && y[0] !== '') {
        throw new ValueError(`Unknown attribute '${y[0]}' is encountered while parsing the device spec: '${spec}'.`);
      }
    }
    return new DeviceSpec(job, replica, task, deviceType, deviceIndex);
  }

  /** A copy with some fields replaced (`DeviceSpec.replace`). */
  replace(fields: Partial<Pick<DeviceSpec, 'job' | 'replica' | 'task' | 'deviceType' | 'deviceIndex'>>): DeviceSpec {
    const f = { job: this.job, replica: this.replica, task: this.task, deviceType: this.deviceType,
      deviceIndex: this.deviceIndex, ...fields };
    return new DeviceSpec(f.job, f.replica, f.task, f.deviceType, f.deviceIndex);
  }

  /** This spec with every field `dev` sets taken from `dev` (`make_merged_spec`: `dev` wins). */
  makeMergedSpec(dev: DeviceSpec): DeviceSpec {
    return new DeviceSpec(
      dev.job ?? this.job,
      dev.replica ?? this.replica,
      dev.task ?? this.task,
      dev.deviceType ?? this.deviceType,
      dev.deviceIndex ?? this.deviceIndex,
    );
  }

  /** `/job:ps/replica:0/task:0/device:CPU:0`, leaving out unset fields. */
  toString(): string {
    let out = '';
    if (this.job !== null) out += `/job:${this.job}`;
    if (this.replica !== null) out += `/replica:${this.replica}`;
    if (this.task !== null) out += `/task:${this.task}`;
    if (this.deviceType !== null) out += `/device:${this.deviceType}:${this.deviceIndex ?? '*'}`;
    return out;
  }
}

function toInt(s: string, spec: string): number {
  const n = Number(s);
  if (s === '' || !Number.isInteger(n)) {
    throw new ValueError(`invalid literal for int() with base 10: '${s}' (in device spec '${spec}')`);
  }
  return n;
}

/**
 * What a device function sees of the op being placed: its type (`node_def.op`) and the device
 * chosen for it so far by inner device scopes. An `Operation` is one; so is a NodeDef-like
 * `{op, device}`.
 */
export interface DeviceFunctionOp {
  readonly type?: string;
  /** NodeDef's op type field, for NodeDef-like arguments. */
  readonly op?: string;
  readonly device?: string;
  readonly name?: string;
}

/** A device function (`tf.device(fn)`): the device string for an op. */
export type DeviceFunction = (op: DeviceFunctionOp) => string;

/** Chooses the ps task for a ps op: a function of the op giving a task index. */
export type PsStrategy = (op: DeviceFunctionOp) => number;

/** The ops that go to parameter servers by default (`STANDARD_PS_OPS`). */
export const STANDARD_PS_OPS: readonly string[] = [
  'Variable', 'VariableV2', 'AutoReloadVariable', 'MutableHashTable', 'MutableHashTableV2',
  'MutableHashTableOfTensors', 'MutableHashTableOfTensorsV2', 'MutableDenseHashTable', 'MutableDenseHashTableV2',
  'VarHandleOp', 'BoostedTreesEnsembleResourceHandleOp', 'BoostedTreesQuantileStreamResourceHandleOp',
  'ResourceConditionalAccumulator', 'DecisionTreeResource',
];

/** Round-robin over `numTasks` ps tasks, in the order ps ops are placed (`_RoundRobinStrategy`). */
export function roundRobinStrategy(numTasks: number): PsStrategy {
  let next = 0;
  return () => {
    const task = next;
    next = (next + 1) % numTasks;
    return task;
  };
}

export interface ReplicaDeviceSetterOptions {
  /** The number of ps tasks (ignored when `cluster` is given: the size of its ps job). */
  psTasks?: number;
  /** The ps job's device ('/job:ps'). */
  psDevice?: string;
  /** The device of every other op ('/job:worker'). */
  workerDevice?: string;
  /** Merge with the device an inner scope chose (default true) rather than keep it as is. */
  mergeDevices?: boolean;
  /** The cluster: ps tasks are counted in the job that `psDevice` names. */
  cluster?: ClusterLike | null;
  /** Op types placed on ps (`STANDARD_PS_OPS`). */
  psOps?: readonly string[] | null;
  /** Which ps task gets the next ps op (round-robin). */
  psStrategy?: PsStrategy | null;
}

/**
 * A device function for replicated training (`tf.train.replica_device_setter`): variables go to
 * `/job:ps/task:i` round-robin, the rest to `workerDevice`; or null when there are no ps tasks,
 * as TF1 returns None (a no-op device scope):
 *
 *     graph.device(replicaDeviceSetter({cluster, workerDevice: `/job:worker/task:${i}`}), () => {
 *       ... build the model ...
 *     });
 */
export function replicaDeviceSetter(options: ReplicaDeviceSetterOptions = {}): DeviceFunction | null {
  let psTasks = options.psTasks ?? 0;
  const psDevice = options.psDevice ?? '/job:ps';
  const workerDevice = options.workerDevice ?? '/job:worker';
  const mergeDevices = options.mergeDevices ?? true;
  if (options.cluster != null) {
    const clusterSpec = (options.cluster instanceof ClusterSpec ? options.cluster : new ClusterSpec(options.cluster))
      .asDict();
    const psJobName = DeviceSpec.fromString(psDevice).job;
    if (psJobName === null || !(psJobName in clusterSpec) || clusterSpec[psJobName] == null) return null;
    const tasks = clusterSpec[psJobName];
    psTasks = Array.isArray(tasks) ? tasks.length : Object.keys(tasks).length;
  }
  if (psTasks === 0) return null;
  const psOps = new Set(options.psOps ?? STANDARD_PS_OPS);
  if (!mergeDevices) {
    logging.warning('DEPRECATION: It is recommended to set merge_devices=true in replica_device_setter');
  }
  const psStrategy = options.psStrategy ?? roundRobinStrategy(psTasks);
  if (typeof psStrategy !== 'function') throw new TypeError('ps_strategy must be callable');

  // `_ReplicaDeviceChooser.device_function`.
  return (op: DeviceFunctionOp): string => {
    const opDevice = op.device ?? '';
    if (!mergeDevices && opDevice) return opDevice;
    const current = DeviceSpec.fromString(opDevice);
    const opType = op.type ?? op.op ?? '';
    if (psTasks && psDevice && psOps.has(opType)) {
      let ps = DeviceSpec.fromString(psDevice);
      const currentJob = current.job;
      const psJob = ps.job;
      if (psJob && (!currentJob || currentJob === psJob)) ps = ps.replace({ task: psStrategy(op) });
      return ps.makeMergedSpec(current).toString();
    }
    return DeviceSpec.fromString(workerDevice).makeMergedSpec(current).toString();
  };
}
