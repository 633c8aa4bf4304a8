/**
 * Session (TF1's `tf.compat.v1.Session`): runs a Graph in libtensorflow. `run` executes off the JS
 * thread and returns a Promise; `runSync` blocks. Fetches nest as arrays and plain objects and come
 * back in the same structure.
 */
import { RuntimeError, ValueError } from '../errors';
import { NativeEndpoint, NativeFeed, NativeOperation, NativeSession, NativeTensorOut, binding } from '../native';
import { baseDType, dtypeName } from '../framework/dtypes';
import { Graph, GraphElement, Operation, Output, getDefaultGraph } from '../framework/ops';
import { Tensor, TensorLike } from '../framework/tensor';

/** A fetch leaf: an Output, an Operation, a name, or an object standing for one (a Variable). */
export type Fetch = GraphElement | { asGraphElement(): Output | Operation };
/** Fetches nest as arrays and plain objects. */
export type Fetches = Fetch | Fetches[] | { [key: string]: Fetches };
/** What a fetch structure gives back: Tensor for outputs, null for operations, same nesting. */
export type FetchResult<F> =
  F extends Operation ? null
    : F extends `${string}:${number}` ? Tensor
      : F extends string ? (string extends F ? Tensor | null : null)
        : F extends Output | { asGraphElement(): Output | Operation } ? Tensor
          : F extends readonly unknown[] ? { -readonly [K in keyof F]: FetchResult<F[K]> }
            : F extends object ? { [K in keyof F]: FetchResult<F[K]> }
              : unknown;

export type FeedDict = Map<Output | string, TensorLike> | Record<string, TensorLike>;

/** A serialized proto, or a message with `toBinary()`. */
export type ProtoBytes = Uint8Array;

export interface RunOptionsArg {
  /** Serialized RunOptions. */
  options?: ProtoBytes | null;
  /** Filled with the serialized RunMetadata of the run. */
  runMetadata?: { serialized?: Uint8Array } | null;
}

export interface SessionOptions {
  /** The execution engine: '' (in-process) or 'grpc://host:port'. */
  target?: string;
  /** Serialized ConfigProto. */
  config?: Uint8Array | null;
}

/** A fetch structure resolved against a graph once; reusable for many runs. */
class FetchPlan {
  readonly outputs: NativeEndpoint[] = [];
  readonly targets: NativeOperation[] = [];
  private readonly build: (results: Tensor[]) => unknown;

  constructor(graph: Graph, fetches: Fetches) {
    const index = new Map<Output, number>();
    const seenTargets = new Set<Operation>();
    const plan = (f: Fetches): ((r: Tensor[]) => unknown) => {
      if (Array.isArray(f)) {
        const parts = f.map(plan);
        return (r) => parts.map((p) => p(r));
      }
      if (f !== null && typeof f === 'object' && Object.getPrototypeOf(f) === Object.prototype) {
        const keys = Object.keys(f);
        const parts = keys.map((k) => plan((f as Record<string, Fetches>)[k]));
        return (r) => Object.fromEntries(keys.map((k, i) => [k, parts[i](r)]));
      }
      if (f === null || f === undefined) throw new TypeError(`Fetch argument ${f} has invalid type ${typeof f}`);
      let el: Output | Operation;
      try {
        el = graph.asGraphElement(f as Fetch);
      } catch (e) {
        if (e instanceof TypeError) {
          throw new TypeError(`Fetch argument ${String(f)} has invalid type ${typeof f}, must be a string or ` +
            `Tensor. (${e.message})`);
        }
        if (e instanceof Error) e.message = `Fetch argument ${JSON.stringify(String(f))} cannot be interpreted as a Tensor. (${e.message})`;
        throw e;
      }
      if (el instanceof Operation) {
        if (!seenTargets.has(el)) {
          seenTargets.add(el);
          this.targets.push(el.native);
        }
        return () => null;
      }
      let i = index.get(el);
      if (i === undefined) {
        i = this.outputs.length;
        index.set(el, i);
        this.outputs.push(el.endpoint);
      }
      const k = i;
      return (r) => r[k];
    };
    this.build = plan(fetches);
  }

  results(outs: NativeTensorOut[]): unknown {
    return this.build(outs.map((o) => Tensor.fromNative(o)));
  }
}

function shapeCompatible(actual: number[], declared: readonly (number | null)[] | null): boolean {
  if (declared === null) return true;
  return actual.length === declared.length && declared.every((d, i) => d === null || d === actual[i]);
}

function fmtShape(shape: readonly (number | null)[] | null): string {
  if (shape === null) return '<unknown>';
  return `(${shape.map((d) => (d === null ? '?' : d)).join(', ')}${shape.length === 1 ? ',' : ''})`;
}

export class Session {
  readonly graph: Graph;
  /** @internal */
  readonly native: NativeSession;

  constructor(graph?: Graph | null, options: SessionOptions = {}) {
    this.graph = graph ?? getDefaultGraph();
    if (!(this.graph instanceof Graph)) throw new TypeError(`graph must be a tf.Graph, but got ${typeof graph}`);
    this.native = new binding.Session(this.graph.native, options.target ?? '', options.config ?? null);
  }

  /** @internal A Session around a native session made elsewhere (SavedModel loading). */
  static fromNative(graph: Graph, native: NativeSession): Session {
    const s = Object.create(Session.prototype) as Session;
    Object.assign(s, { graph, native });
    return s;
  }

  get closed(): boolean {
    return this.native.closed;
  }

  private prepare(fetches: Fetches, feedDict: FeedDict | undefined | null) {
    if (this.native.closed) throw new RuntimeError('Attempted to use a closed Session.');
    const plan = new FetchPlan(this.graph, fetches);
    const feeds: NativeFeed[] = [];
    if (feedDict) {
      const entries: Array<[Output | string, TensorLike]> =
        feedDict instanceof Map ? [...feedDict] : Object.entries(feedDict);
      for (const [key, value] of entries) {
        let out: Output;
        try {
          out = this.graph.asGraphElement(key, { allowOperation: false }) as Output;
        } catch (e) {
          if (e instanceof Error) e.message = `Cannot interpret feed_dict key as Tensor: ${e.message}`;
          throw e;
        }
        const dtype = baseDType(out.dtype);
        let t: Tensor;
        try {
          t = value instanceof Tensor ? value : Tensor.from(value, { dtype });
        } catch (e) {
          if (e instanceof Error) e.message = `Cannot convert the value fed for Tensor '${out.name}' to ${dtypeName(dtype)}: ${e.message}`;
          throw e;
        }
        const declared = out.shapeView;
        if (!shapeCompatible(t.shape, declared)) {
          throw new ValueError(`Cannot feed value of shape ${fmtShape(t.shape)} for Tensor ${out.name}, which has ` +
            `shape ${fmtShape(declared)}`);
        }
        feeds.push([out.endpoint, t]);
      }
    }
    return { plan, feeds };
  }

  /**
   * Runs the fetches (`Session.run`) off the JS thread. Outputs give Tensors, operations null, in
   * the structure of `fetches`.
   */
  run<F extends Fetches>(fetches: F, feedDict?: FeedDict | null, opts: RunOptionsArg = {}): Promise<FetchResult<F>> {
    return this.runAsync(fetches, feedDict, opts) as Promise<never>;
  }

  private async runAsync(fetches: Fetches, feedDict: FeedDict | null | undefined, opts: RunOptionsArg): Promise<unknown> {
    const stack = new Error();
    const { plan, feeds } = this.prepare(fetches, feedDict);
    let res;
    try {
      res = await this.native.run(feeds, plan.outputs, plan.targets, opts.options ?? null, !!opts.runMetadata);
    } catch (e) {
      // Keep the caller's stack: the native rejection has none of its own.
      if (e instanceof Error && stack.stack) e.stack = `${e.name}: ${e.message}\n${stack.stack.split('\n').slice(1).join('\n')}`;
      throw e;
    }
    if (opts.runMetadata && res[1]) opts.runMetadata.serialized = res[1];
    return plan.results(res[0]);
  }

  /** The same as `run`, blocking the JS thread. */
  runSync<F extends Fetches>(fetches: F, feedDict?: FeedDict | null, opts: RunOptionsArg = {}): FetchResult<F> {
    const { plan, feeds } = this.prepare(fetches, feedDict);
    const res = this.native.runSync(feeds, plan.outputs, plan.targets, opts.options ?? null, !!opts.runMetadata);
    if (opts.runMetadata && res[1]) opts.runMetadata.serialized = res[1];
    return plan.results(res[0]) as unknown as FetchResult<F>;
  }

  /** Devices available to this session. */
  listDevices(): Array<{ name: string; type: string; memoryBytes: number }> {
    if (this.native.closed) throw new RuntimeError('Attempted to use a closed Session.');
    return this.native.listDevices();
  }

  /** Closes the session; waits for runs in flight. Idempotent. */
  close(): Promise<void> {
    return this.native.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
