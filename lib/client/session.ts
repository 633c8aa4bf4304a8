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
  /** The distinct Outputs fetched, in first-seen order. */
  readonly outputs: Output[] = [];
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
        this.outputs.push(el);
      }
      const k = i;
      return (r) => r[k];
    };
    this.build = plan(fetches);
  }

  /**
   * What TF must fetch: every output but the fed ones, which TF1 answers from the feed
   * (`_FetchHandler` in session.py) and the C API refuses ("is both fed and fetched").
   */
  toFetch(fed: Map<Output, Tensor>): NativeEndpoint[] {
    return this.outputs.filter((o) => !fed.has(o)).map((o) => o.endpoint);
  }

  results(outs: NativeTensorOut[], fed: Map<Output, Tensor>): unknown {
    let k = 0;
    return this.build(this.outputs.map((o) => fed.get(o) ?? Tensor.fromNative(outs[k++])));
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
  /** `run` calls not settled yet, and close()'s wait for none (made on first use: fromNative skips the constructor). */
  private pending?: { count: number; idle?: () => void; whenIdle?: Promise<void> };

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
    const fed = new Map<Output, Tensor>();
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
        fed.set(out, t);
      }
    }
    const outputs = plan.toFetch(fed);
    // As TF1: nothing left to fetch or run (only fed tensors asked for) is no run at all.
    const skip = outputs.length === 0 && plan.targets.length === 0 && plan.outputs.length > 0;
    return { plan, feeds, fed, outputs, skip };
  }

  /**
   * Runs the fetches (`Session.run`) off the JS thread. Outputs give Tensors, operations null, in
   * the structure of `fetches`.
   */
  run<F extends Fetches>(fetches: F, feedDict?: FeedDict | null, opts: RunOptionsArg = {}): Promise<FetchResult<F>> {
    // The promise goes back as is: one more reaction on it would cut V8's async stack traces.
    return this.runAsync(fetches, feedDict, opts) as Promise<never>;
  }

  private async runAsync(fetches: Fetches, feedDict: FeedDict | null | undefined, opts: RunOptionsArg): Promise<unknown> {
    const pending = (this.pending ??= { count: 0 });
    pending.count++;
    try {
      return await this.runPrepared(fetches, feedDict, opts);
    } finally {
      // Settles close() after this run's own promise: close() awaits one more turn than we do.
      if (--pending.count === 0 && pending.idle) {
        pending.idle();
        pending.idle = undefined;
        pending.whenIdle = undefined;
      }
    }
  }

  private async runPrepared(fetches: Fetches, feedDict: FeedDict | null | undefined, opts: RunOptionsArg): Promise<unknown> {
    const { plan, feeds, fed, outputs, skip } = this.prepare(fetches, feedDict);
    if (skip) return plan.results([], fed);
    let res;
    try {
      res = await this.native.run(feeds, outputs, plan.targets, opts.options ?? null, !!opts.runMetadata);
    } catch (e) {
      // The native rejection has no JS frames: capture them here, where V8's async stack traces
      // reach the awaiting callers; capturing before every run would cost ~4 us, failing or not.
      if (e instanceof Error) Error.captureStackTrace(e);
      throw e;
    }
    if (opts.runMetadata && res[1]) opts.runMetadata.serialized = res[1];
    return plan.results(res[0], fed);
  }

  /** The same as `run`, blocking the JS thread. */
  runSync<F extends Fetches>(fetches: F, feedDict?: FeedDict | null, opts: RunOptionsArg = {}): FetchResult<F> {
    const { plan, feeds, fed, outputs, skip } = this.prepare(fetches, feedDict);
    if (skip) return plan.results([], fed) as FetchResult<F>;
    const res = this.native.runSync(feeds, outputs, plan.targets, opts.options ?? null, !!opts.runMetadata);
    if (opts.runMetadata && res[1]) opts.runMetadata.serialized = res[1];
    return plan.results(res[0], fed) as FetchResult<F>;
  }

  /** Devices available to this session. */
  listDevices(): Array<{ name: string; type: string; memoryBytes: number }> {
    if (this.native.closed) throw new RuntimeError('Attempted to use a closed Session.');
    return this.native.listDevices();
  }

  /** Closes the session; waits for runs in flight. Idempotent. */
  async close(): Promise<void> {
    await this.native.close();
    // The native close waited for TF; the runs' own promises settle a few microtasks later, and
    // a run started before close() must have settled when close() resolves.
    const pending = this.pending;
    if (pending && pending.count > 0) {
      pending.whenIdle ??= new Promise<void>((resolve) => {
        pending.idle = resolve;
      });
      await pending.whenIdle;
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
