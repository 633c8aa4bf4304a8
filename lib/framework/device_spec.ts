/**
 * `DeviceSpec` (`tf.DeviceSpec`, TF1's `pydev`): the parse / merge / print of device strings that
 * device scopes and device functions use.
 */
import { ValueError } from '../errors';

const VALID_DEVICE_TYPES = new Set(['CPU', 'GPU', 'TPU', 'XLA_CPU', 'XLA_GPU', 'TPU_SYSTEM', 'CUSTOM']);

/** The fields of a DeviceSpec, each optional. */
export interface DeviceSpecFields {
  job?: string | null;
  replica?: number | null;
  task?: number | null;
  deviceType?: string | null;
  deviceIndex?: number | null;
}

/**
 * A device specification (`tf.compat.v1.DeviceSpec(job=None, replica=None, task=None,
 * device_type=None, device_index=None)`): job, replica, task, device type and index, each optional;
 * 'cpu' and 'gpu' taken upper-case as TF does. Mutable as TF1's (`mergeFrom`, `parseFromString`).
 */
export class DeviceSpec {
  job: string | null;
  replica: number | null;
  task: number | null;
  deviceType: string | null;
  deviceIndex: number | null;

  constructor(fields: DeviceSpecFields = {}) {
    this.job = fields.job ?? null;
    this.replica = fields.replica ?? null;
    this.task = fields.task ?? null;
    const type = fields.deviceType ?? null;
    this.deviceType = type !== null && ['cpu', 'gpu'].includes(type) ? type.toUpperCase() : type;
    this.deviceIndex = fields.deviceIndex ?? null;
  }

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
    return new DeviceSpec({ job, replica, task, deviceType, deviceIndex });
  }

  /** `parse_from_string(spec)`: this spec's fields set to those `spec` parses to. */
  parseFromString(spec: string): this {
    return Object.assign(this, DeviceSpec.fromString(spec));
  }

  /** `merge_from(dev)`: this spec's fields replaced by those `dev` sets. */
  mergeFrom(dev: DeviceSpec): void {
    Object.assign(this, this.makeMergedSpec(dev));
  }

  /** A copy with some fields replaced (`DeviceSpec.replace`). */
  replace(fields: DeviceSpecFields): DeviceSpec {
    return new DeviceSpec({ ...this, ...fields });
  }

  /** This spec with every field `dev` sets taken from `dev` (`make_merged_spec`: `dev` wins). */
  makeMergedSpec(dev: DeviceSpec): DeviceSpec {
    return new DeviceSpec({
      job: dev.job ?? this.job,
      replica: dev.replica ?? this.replica,
      task: dev.task ?? this.task,
      deviceType: dev.deviceType ?? this.deviceType,
      deviceIndex: dev.deviceIndex ?? this.deviceIndex,
    });
  }

  /** `to_string()`: `/job:ps/replica:0/task:0/device:CPU:0`, leaving out unset fields. */
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
 * A device scope's string merged into the device an op has so far (`pydev.merge_device`): the
 * op's own fields win; the result in canonical form (`/cpu:0` gives `/device:CPU:0`).
 */
export function mergeDevice(spec: string, current: string): string {
  const s = DeviceSpec.fromString(spec);
  return (current ? s.makeMergedSpec(DeviceSpec.fromString(current)) : s).toString();
}

/** `pydev.canonical_name`: `/cpu:1` is `/device:CPU:1`, `/job:ps/task:0` stays, '' stays ''. */
export function canonicalDevice(device: string): string {
  return DeviceSpec.fromString(device).toString();
}
