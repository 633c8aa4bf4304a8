/**
 * `tf.train.ClusterSpec` and `tf.train.Server`, as `tensorflow/python/training/server_lib.py`:
 * a cluster description (jobs of tasks at network addresses) and TensorFlow's own in-process gRPC
 * server (TF_NewServer) for one task of it. Sessions reach a server through its `target`
 * (`new Session(graph, {target: server.target})` or `MonitoredTrainingSession({master})`).
 *
 * TF's gRPC server cannot be shut down once started (`stop()` raises UnimplementedError from TF,
 * which `stop()` here passes on as TF1 Python does): a process that starts a server ends by
 * exiting.
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { ValueError } from '../errors';
import { NativeServer, binding } from '../native';
import { ProtoMessage } from '../framework/protos';
import {
  ClusterDef, ClusterDefSchema, ConfigProto, ConfigProtoSchema, JobDefSchema, ServerDef, ServerDefSchema,
} from '../proto';

/** The tasks of one job: a dense list of addresses, or a map from task index to address. */
export type JobTasks = string[] | Record<number, string> | Map<number, string>;
/** What `ClusterSpec` takes: `{jobName: tasks}`, a ClusterDef proto, or another ClusterSpec. */
export type ClusterLike = Record<string, JobTasks> | Map<string, JobTasks> | ClusterDef | ProtoMessage<ClusterDef> | ClusterSpec;

/** A message of lib/framework/protos as its protobuf-es message; anything else as it is. */
function unwrap<T>(x: T | ProtoMessage<T>): T {
  return x instanceof ProtoMessage ? x.toProto() : x;
}

function isClusterDef(x: unknown): x is ClusterDef {
  return typeof x === 'object' && x !== null && (x as { $typeName?: string }).$typeName === 'tensorflow.ClusterDef';
}

/**
 * A cluster as a set of jobs, each a set of tasks (`tf.train.ClusterSpec`):
 *
 *     new ClusterSpec({worker: ['worker0:2222', 'worker1:2222'], ps: ['ps0:2222']})
 *     new ClusterSpec({worker: {1: 'worker1:2222'}})   // sparse: only task 1 is known here
 */
export class ClusterSpec {
  private readonly spec = new Map<string, Map<number, string>>();
  private clusterDef!: ClusterDef;

  constructor(clusterLike: ClusterLike) {
    const cluster = unwrap(clusterLike);
    if (cluster instanceof ClusterSpec || isClusterDef(cluster)) {
      const def = cluster instanceof ClusterSpec ? cluster.asClusterDef() : cluster;
      // A copy, as TF1 merges the ClusterDef into a fresh one for a ClusterSpec argument.
      this.clusterDef = fromBinary(ClusterDefSchema, toBinary(ClusterDefSchema, def));
      for (const job of this.clusterDef.job) {
        this.spec.set(job.name, new Map(Object.entries(job.tasks).map(([i, t]) => [Number(i), t])));
      }
      return;
    }
    if (typeof cluster !== 'object' || cluster === null || Array.isArray(cluster)) {
      throw new TypeError('`cluster` must be a dictionary mapping one or more job names to lists of network ' +
        'addresses, or a `ClusterDef` protocol buffer');
    }
    const entries: Array<[string, unknown]> = cluster instanceof Map ? [...cluster] : Object.entries(cluster);
    for (const [jobName, tasks] of entries) {
      const jobTasks = new Map<number, string>();
      if (Array.isArray(tasks)) {
        tasks.forEach((t, i) => jobTasks.set(i, t));
      } else if (tasks instanceof Map) {
        for (const [i, t] of tasks) jobTasks.set(toTaskIndex(i), t);
      } else if (typeof tasks === 'object' && tasks !== null) {
        for (const [i, t] of Object.entries(tasks)) jobTasks.set(toTaskIndex(i), t as string);
      } else {
        throw new TypeError(`The tasks for job '${jobName}' must be a list or a dictionary from integers to strings.`);
      }
      this.spec.set(jobName, jobTasks);
    }
    this.makeClusterDef();
  }

  /** Whether the cluster has any job (Python's `__bool__`). */
  get isEmpty(): boolean {
    return this.spec.size === 0;
  }

  /** Equality of the job → tasks mapping (Python's `__eq__`). */
  equals(other: ClusterLike): boolean {
    const o = other instanceof ClusterSpec ? other : new ClusterSpec(other);
    if (o.spec.size !== this.spec.size) return false;
    for (const [job, tasks] of this.spec) {
      const ot = o.spec.get(job);
      if (!ot || ot.size !== tasks.size) return false;
      for (const [i, t] of tasks) if (ot.get(i) !== t) return false;
    }
    return true;
  }

  /**
   * `{job: tasks}`: a list where a job's task indices are dense (0..n-1), else an object from
   * index to address (`as_dict`).
   */
  asDict(): Record<string, string[] | Record<number, string>> {
    const ret: Record<string, string[] | Record<number, string>> = {};
    for (const job of this.jobs) {
      const indices = this.taskIndices(job);
      if (indices.length === 0) {
        ret[job] = {};
      } else if (Math.max(...indices) + 1 === indices.length) {
        ret[job] = this.jobTasks(job) as string[];
      } else {
        ret[job] = Object.fromEntries(indices.map((i) => [i, this.taskAddress(job, i)]));
      }
    }
    return ret;
  }

  /** The ClusterDef proto (jobs sorted by name, as TF1 builds it). */
  asClusterDef(): ClusterDef {
    return this.clusterDef;
  }

  /** The job names, in the order given. */
  get jobs(): string[] {
    return [...this.spec.keys()];
  }

  private job(jobName: string): Map<number, string> {
    const job = this.spec.get(jobName);
    if (!job) throw new ValueError(`No such job in cluster: '${jobName}'`);
    return job;
  }

  /** The number of tasks of `jobName` (ValueError for an unknown job). */
  numTasks(jobName: string): number {
    return this.job(jobName).size;
  }

  /** The task indices of `jobName`, sorted. */
  taskIndices(jobName: string): number[] {
    return [...this.job(jobName).keys()].sort((a, b) => a - b);
  }

  /** The address of a task (ValueError for an unknown job or task). */
  taskAddress(jobName: string, taskIndex: number): string {
    const addr = this.job(jobName).get(taskIndex);
    if (addr === undefined) throw new ValueError(`No task with index ${taskIndex} in job '${jobName}'`);
    return addr;
  }

  /** The addresses of a job's tasks by index, null where a (sparse) index is missing. */
  jobTasks(jobName: string): Array<string | null> {
    const job = this.job(jobName);
    const ret: Array<string | null> = new Array(job.size ? Math.max(...job.keys()) + 1 : 0).fill(null);
    for (const [i, t] of job) ret[i] = t;
    return ret;
  }

  /** As Python's repr: `ClusterSpec({'ps': ['a:1'], 'worker': {1: 'b:1'}})`. */
  toString(): string {
    const d = this.asDict();
    const repr = (v: string | null) => (v === null ? 'None' : `'${v}'`);
    const items = Object.keys(d).sort().map((k) => {
      const v = d[k];
      const tasks = Array.isArray(v) ? `[${v.map(repr).join(', ')}]`
        : `{${Object.entries(v).map(([i, t]) => `${i}: ${repr(t)}`).join(', ')}}`;
      return `'${k}': ${tasks}`;
    });
    return `ClusterSpec({${items.join(', ')}})`;
  }

  private makeClusterDef(): void {
    // Sorted by job name and task index, for deterministic protos (as TF1).
    const jobs = [...this.spec.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.clusterDef = create(ClusterDefSchema, {
      job: jobs.map(([name, tasks]) => {
        if (typeof name !== 'string') throw new TypeError(`Job name '${String(name)}' must be bytes or unicode`);
        const def = create(JobDefSchema, { name });
        for (const [i, addr] of [...tasks].sort(([a], [b]) => a - b)) {
          if (typeof addr !== 'string') throw new TypeError(`Task address '${String(addr)}' must be bytes or unicode`);
          def.tasks[i] = addr;
        }
        return def;
      }),
    });
  }
}

function toTaskIndex(i: unknown): number {
  const n = Number(i);
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`Task index '${String(i)}' must be a non-negative integer`);
  return n;
}

export interface ServerOptions {
  /** The job of this task; may be left out when the cluster has a single job. */
  jobName?: string;
  /** The task index in the job; may be left out when the job has a single task. */
  taskIndex?: number;
  /** 'grpc' unless given. */
  protocol?: string;
  /** Default ConfigProto for sessions on this server (message or serialized). */
  config?: ConfigProto | ProtoMessage<ConfigProto> | Uint8Array | null;
  /** Start at once (default true), as TF1. */
  start?: boolean;
}

function toConfig(config: ConfigProto | ProtoMessage<ConfigProto> | Uint8Array): ConfigProto {
  return config instanceof Uint8Array ? fromBinary(ConfigProtoSchema, config) : unwrap(config);
}

function isServerDef(x: unknown): x is ServerDef {
  return typeof x === 'object' && x !== null && (x as { $typeName?: string }).$typeName === 'tensorflow.ServerDef';
}

/** The ServerDef for a task (`_make_server_def`). */
export function makeServerDef(serverOrClusterDefLike: ServerDef | ProtoMessage<ServerDef> | ClusterLike,
  options: ServerOptions = {}): ServerDef {
  const serverOrClusterDef = unwrap(serverOrClusterDefLike);
  const { jobName, taskIndex, protocol, config } = options;
  if (isServerDef(serverOrClusterDef)) {
    const def = fromBinary(ServerDefSchema, toBinary(ServerDefSchema, serverOrClusterDef));
    if (jobName !== undefined) def.jobName = jobName;
    if (taskIndex !== undefined) def.taskIndex = taskIndex;
    if (protocol !== undefined) def.protocol = protocol;
    if (config != null) mergeConfig(def, toConfig(config));
    return def;
  }
  let clusterSpec: ClusterSpec;
  try {
    clusterSpec = new ClusterSpec(serverOrClusterDef);
  } catch (e) {
    if (e instanceof TypeError) {
      throw new TypeError('Could not convert `server_or_cluster_def` to a `tf.train.ServerDef` or `tf.train.ClusterSpec`.');
    }
    throw e;
  }
  let job = jobName;
  if (job === undefined) {
    if (clusterSpec.jobs.length === 1) job = clusterSpec.jobs[0];
    else throw new ValueError('Must specify an explicit `job_name`.');
  }
  let task = taskIndex;
  if (task === undefined) {
    const indices = clusterSpec.taskIndices(job);
    if (indices.length === 1) task = indices[0];
    else throw new ValueError('Must specify an explicit `task_index`.');
  }
  const def = create(ServerDefSchema, {
    cluster: clusterSpec.asClusterDef(), jobName: job, taskIndex: task, protocol: protocol ?? 'grpc',
  });
  if (config != null) mergeConfig(def, toConfig(config));
  return def;
}

function mergeConfig(def: ServerDef, config: ConfigProto): void {
  // Protobuf MergeFrom: concatenating the serializations merges the messages.
  const a = def.defaultSessionConfig ? toBinary(ConfigProtoSchema, def.defaultSessionConfig) : new Uint8Array();
  const b = toBinary(ConfigProtoSchema, config);
  const merged = new Uint8Array(a.length + b.length);
  merged.set(a);
  merged.set(b, a.length);
  def.defaultSessionConfig = fromBinary(ConfigProtoSchema, merged);
}

/**
 * An in-process TensorFlow server for one task of a cluster (`tf.train.Server`):
 *
 *     const cluster = new ClusterSpec({ps: ['127.0.0.1:2222'], worker: ['127.0.0.1:2223']});
 *     const server = new Server(cluster, {jobName: 'worker', taskIndex: 0});
 *     const sess = new Session(graph, {target: server.target});
 */
export class Server {
  readonly serverDef: ServerDef;
  private readonly native: NativeServer;

  constructor(serverOrClusterDef: ServerDef | ProtoMessage<ServerDef> | ClusterLike, options: ServerOptions = {}) {
    this.serverDef = makeServerDef(serverOrClusterDef, options);
    this.native = new binding.Server(toBinary(ServerDefSchema, this.serverDef));
    if (options.start ?? true) this.start();
  }

  /** Starts the server (idempotent in TF). */
  start(): void {
    this.native.start();
  }

  /**
   * Resolves when the server stops: for a started gRPC server, never (TF cannot stop one). The
   * join waits on a thread of its own, so process.exit() and worker.terminate() still end.
   */
  join(): Promise<void> {
    return this.native.join();
  }

  /**
   * Stops the server. TF's gRPC server does not implement stopping once started and raises
   * UnimplementedError, as from TF1 Python's `TF_ServerStop`.
   */
  stop(): void {
    this.native.stop();
  }

  /** The session target, `grpc://host:port` of this task. */
  get target(): string {
    return this.native.target;
  }

  /** A single-task server on localhost at a port the OS picks (`create_local_server`). */
  static createLocalServer(options: { config?: ServerOptions['config']; start?: boolean } = {}): Server {
    return new Server({ localhost: ['localhost:0'] }, { protocol: 'grpc', config: options.config, start: options.start });
  }
}

