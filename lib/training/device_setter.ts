/**
 * `tf.train.replica_device_setter`, as `tensorflow/python/training/device_setter.py`: a device
 * function for `graph.device(fn, ...)` that places variables (the `psOps`) on the parameter
 * server tasks round-robin and every other op on the worker device.
 */
import { DeviceSpec } from '../framework/device_spec';
import { ClusterLike, ClusterSpec } from './server_lib';
import { logger } from './tf_logging';

const logging = logger('device_setter');

export { DeviceSpec };

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
