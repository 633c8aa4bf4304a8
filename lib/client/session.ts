/**
 * Session (TF1's `tf.compat.v1.Session`): runs a Graph in libtensorflow. `run` executes off the JS
 * thread and returns a Promise; `runSync` blocks. Fetches nest as arrays and plain objects and come
 * back in the same structure.
 */
import { AsyncLocalStorage } from 'async_hooks';
import { InaccessibleTensorError, RuntimeError, ValueError } from '../errors';
import { NativeCallable, NativeRunResult, NativeSession, RUN_DAEMON, RUN_THEN, RUN_WANT_METADATA, binding } from '../native';
import { baseDType, dtypeName } from '../framework/dtypes';
import { IndexedSlices, IndexedSlicesValue } from '../framework/indexed_slices';
import { SparseTensor, SparseTensorValue } from '../framework/sparse_tensor';
import { RaggedTensor, RaggedTensorValue } from '../framework/ragged_tensor';
import { Graph, GraphElement, Operation, Output, getDefaultGraph, interactiveDefaultGraph } from '../framework/ops';
import { Tensor, TensorLike } from '../framework/tensor';
import { shapeString } from '../framework/tensor_shape';
import { ConfigProto as ConfigProtoClass, ProtoMessage, protoBytes } from '../framework/protos';
import { logger } from '../training/tf_logging';
import { TensorHandle, handleMover, mayMoveHandles } from '../ops/session_ops';
import { ConfigProtoSchema, RunOptionsSchema, type ConfigProto, type RunOptions } from '../proto';

/**
 * A fetch leaf: an Output, an Operation, a name, an object standing for one (a Variable), an
 * IndexedSlices (giving an IndexedSlicesValue), a SparseTensor (giving a SparseTensorValue) or a RaggedTensor
 * (giving a RaggedTensorValue).
 */
export type Fetch = GraphElement | { asGraphElement(): Output | Operation } | IndexedSlices | SparseTensor | RaggedTensor;
/** Fetches nest as arrays and plain objects. */
export type Fetches = Fetch | Fetches[] | { [key: string]: Fetches };
/** What a fetch structure gives back: Tensor for outputs, null for operations, same nesting. */
export type FetchResult<F> =
  F extends Operation ? null
    : F extends IndexedSlices ? IndexedSlicesValue
    : F extends SparseTensor ? SparseTensorValue
    : F extends RaggedTensor ? RaggedTensorValue
    : F extends `${string}:${number}` ? Tensor
      : F extends string ? (string extends F ? Tensor | null : null)
        : F extends Output | { asGraphElement(): Output | Operation } ? Tensor
          : F extends readonly unknown[] ? { -readonly [K in keyof F]: FetchResult<F[K]> }
            : F extends object ? { [K in keyof F]: FetchResult<F[K]> }
              : unknown;

/** A SparseTensor's fed value: a SparseTensorValue, or its indices, values and dense shape. */
export type SparseFeed = SparseTensorValue | [TensorLike, TensorLike, TensorLike];
/** Feeds by tensor (or name); a SparseTensor key takes a SparseFeed. */
export type FeedDict = Map<Output | string | SparseTensor, TensorLike | SparseFeed | TensorHandle> |
  Record<string, TensorLike | TensorHandle>;

/** A serialized proto, or a message with `toBinary()`. */
export type ProtoBytes = Uint8Array;

export interface RunOptionsArg {
  /** RunOptions: a `RunOptions` (lib/framework/protos), a protobuf-es message or the bytes. */
  options?: ProtoBytes | ProtoMessage<RunOptions> | RunOptions | null;
  /**
   * Filled with the RunMetadata of the run: a `RunMetadata` is parsed into (as TF1's
   * `run_metadata`), any other holder gets the bytes in `serialized`.
   */
  runMetadata?: { serialized?: Uint8Array } | ProtoMessage<unknown> | null;
  /**
   * @internal While out, the run does not keep Node alive: a queue runner's enqueue, which TF1
   * runs on a daemon thread (at exit it is cancelled).
   */
  daemon?: boolean;
  /**
   * @internal A read the caller expects to make next, with no feeds or options (a hook's global
   * step read after the train step). An in-process session makes it right after this run, on the
   * same thread, and answers the next run of it with that result, unless another run of the
   * session started or ended in between: then no run can have changed what it reads (a local
   * session's variables are its own), and the step saves a run's hand-off to TF and back.
   */
  prefetch?: Output | null;
}

export interface SessionOptions {
  /** The execution engine: '' (in-process) or 'grpc://host:port'. */
  target?: string;
  /** The ConfigProto: a `ConfigProto` (lib/framework/protos), a protobuf-es message or the bytes. */
  config?: SessionConfig | null;
}

/** A ConfigProto as sessions take it. */
export type SessionConfig = Uint8Array | ProtoMessage<ConfigProto> | ConfigProto;

/** A session config's bytes; TypeError, as TF1's, for anything not a ConfigProto. */
export function configBytes(config: SessionConfig | null | undefined): Uint8Array | null {
  return config == null ? null : protoBytes(config, ConfigProtoSchema, 'config');
}

/** Run signatures (and fetch structures) a session keeps; past this a cache starts over. */
const MAX_CACHED = 256;
/** Plans kept for one structure object whose contents change. */
const PLANS_PER_STRUCTURE = 4;

// Markers in a FetchPlan's record of its structure (see FetchPlan.matches).
const ARRAY = Symbol('array');
const OBJECT = Symbol('object');

/**
 * A fetch structure resolved against a graph: the distinct outputs and targets to run, and how
 * to put results back in the structure. Sessions keep plans by structure object, so a loop that
 * runs the same fetches resolves them once; `matches` catches a structure changed in place.
 */
class FetchPlan {
  /** The distinct Outputs fetched, in first-seen order. */
  readonly outputs: Output[] = [];
  readonly targets: Operation[] = [];
  /** Native callables of this plan by fed outputs (usually one entry: the same feeds each step). */
  readonly callables: Array<{ feeds: Output[]; fetched: Output[]; callable: NativeCallable }> = [];
  /** The plan this one replaced for the same structure object (see Session.plan). */
  previous?: FetchPlan;
  /** The structure walked depth first: ARRAY and length, OBJECT and keys, or the leaf as given. */
  private readonly record: unknown[] = [];
  private readonly build: (results: Tensor[]) => unknown;

  /** `session` is what the TensorHandles of fetched `getSessionHandle` tensors belong to. */
  constructor(graph: Graph, fetches: Fetches, session: Session) {
    const index = new Map<Output, number>();
    const seenTargets = new Set<Operation>();
    const record = this.record;
    const plan = (f: Fetches): ((r: Tensor[]) => unknown) => {
      if (Array.isArray(f)) {
        record.push(ARRAY, f.length);
        const parts = f.map(plan);
        return (r) => parts.map((p) => p(r));
      }
      if (f !== null && typeof f === 'object' && Object.getPrototypeOf(f) === Object.prototype) {
        const keys = Object.keys(f);
        record.push(OBJECT, keys.length, ...keys);
        const parts = keys.map((k) => plan((f as Record<string, Fetches>)[k]));
        // Assignment would set the prototype for a key "__proto__": only fromEntries makes it own.
        if (keys.includes('__proto__')) return (r) => Object.fromEntries(keys.map((k, i) => [k, parts[i](r)]));
        return (r) => {
          const out: Record<string, unknown> = {};
          for (let i = 0; i < keys.length; i++) out[keys[i]] = parts[i](r);
          return out;
        };
      }
      record.push(f);
      if (f === null || f === undefined) throw new TypeError(`Fetch argument ${f} has invalid type ${typeof f}`);
      if (f instanceof IndexedSlices) {
        const [values, indices, shape] = [f.values, f.indices, f.denseShape]
          .map((t) => (t ? tensorAt(graph.asGraphElement(t) as Output) : () => null));
        return (r) => new IndexedSlicesValue(values(r)!, indices(r)!, shape(r));
      }
      if (f instanceof SparseTensor) {
        const [indices, values, shape] = [f.indices, f.values, f.denseShape].map((t) => tensorAt(graph.asGraphElement(t) as Output));
        return (r) => new SparseTensorValue(indices(r), values(r), shape(r));
      }
      if (f instanceof RaggedTensor) {
        const parts = [...f.nestedRowSplits, f.flatValues].map((t) => tensorAt(graph.asGraphElement(t) as Output));
        return (r) => RaggedTensorValue.fromComponents(parts.map((p) => p(r)));
      }
      let el: Output | Operation;
      try {
        el = graph.asGraphElement(f as Exclude<Fetch, IndexedSlices | SparseTensor | RaggedTensor>);
      } catch (e) {
        if (e instanceof TypeError) {
          throw new TypeError(`Fetch argument ${String(f)} has invalid type ${typeof f}, must be a string or ` +
            `Tensor. (${e.message})`);
        }
        if (e instanceof Error) e.message = `Fetch argument ${JSON.stringify(String(f))} cannot be interpreted as a Tensor. (${e.message})`;
        throw e;
      }
      if (el instanceof Operation) {
        assertFetchable(graph, el);
        if (!seenTargets.has(el)) {
          seenTargets.add(el);
          this.targets.push(el);
        }
        return () => null;
      }
      if (el.op.type === 'GetSessionHandle' || el.op.type === 'GetSessionHandleV2') {
        // As TF1's fetch handler: a handle's run gives a TensorHandle.
        const handle = tensorAt(el);
        const dtype = baseDType(el.op.inputs[0].dtype);
        return (r) => new TensorHandle(Buffer.from(handle(r).item() as Uint8Array).toString(), dtype, session);
      }
      return tensorAt(el);
    };
    const tensorAt = (el: Output): ((r: Tensor[]) => Tensor) => {
      let i = index.get(el);
      if (i === undefined) {
        assertFetchable(graph, el.op);
        i = this.outputs.length;
        index.set(el, i);
        this.outputs.push(el);
      }
      const k = i;
      return (r) => r[k];
    };
    this.build = plan(fetches);
  }

  /** Whether `fetches` still has the structure and leaves this plan was made from. */
  matches(fetches: Fetches): boolean {
    return this.match(fetches, 0) === this.record.length;
  }

  /** Walks `f` against the record from `i`: the index after it, or -1 at the first difference. */
  private match(f: Fetches, i: number): number {
    const r = this.record;
    if (Array.isArray(f)) {
      if (r[i] !== ARRAY || r[i + 1] !== f.length) return -1;
      i += 2;
      for (let k = 0; k < f.length && i >= 0; k++) i = this.match(f[k], i);
      return i;
    }
    if (f !== null && typeof f === 'object' && Object.getPrototypeOf(f) === Object.prototype) {
      const keys = Object.keys(f);
      if (r[i] !== OBJECT || r[i + 1] !== keys.length) return -1;
      i += 2;
      for (const key of keys) if (r[i++] !== key) return -1;
      for (let k = 0; k < keys.length && i >= 0; k++) i = this.match((f as Record<string, Fetches>)[keys[k]], i);
      return i;
    }
    return r[i] === f ? i + 1 : -1;
  }

  /** The fetch structure of a run's tensors (in `fetched` order) and the fed values. */
  results(outs: Tensor[], fetched: Output[], fed: Map<Output, Tensor> | null): unknown {
    if (fed === null) return this.build(outs);
    const byOutput = new Map(fetched.map((o, i) => [o, outs[i]]));
    return this.build(this.outputs.map((o) => fed.get(o) ?? byOutput.get(o)!));
  }
}

/** TF1's `_assert_fetchable`: an op inside a cond branch or a while loop cannot be fetched. */
function assertFetchable(graph: Graph, op: Operation): void {
  if (!graph.isFetchable(op)) {
    throw new InaccessibleTensorError(`Operation ${op.name} has been marked as not fetchable. Typically this happens ` +
      'when it is defined in another function or code block. Use return values, explicit Python locals or ' +
      'TensorFlow collections to access it.');
  }
}

/** A run resolved by Session.prepare. */
interface Prepared {
  plan: FetchPlan;
  args: unknown[];
  fed: Map<Output, Tensor> | null;
  fetched: Output[];
  skip: boolean;
  /** The read made right after the run (RunOptionsArg.prefetch), when there is one. */
  next: Prefetch | null;
}

/** A read made right after a run; `tensors` is set once it ran. */
interface Prefetch {
  /** The Output asked for (RunOptionsArg.prefetch): a run of this very object is answered. */
  fetch: Output;
  plan: FetchPlan;
  fetched: Output[];
  tensors?: Tensor[];
}

/** What Session.takePrefetched answers when the prefetched read does not serve the run. */
const NOT_PREFETCHED = Symbol('not prefetched');

/** Whether a feed dict feeds anything. */
export function hasFeeds(feed: FeedDict | null | undefined): boolean {
  if (!feed) return false;
  return feed instanceof Map ? feed.size > 0 : Object.keys(feed).length > 0;
}

/**
 * A feed dict's (key, value) pairs, a SparseTensor key's value split over its three tensors, as
 * TF1's feed function for SparseTensors does.
 */
export function feedPairs(feed: FeedDict): Array<[Output | string, TensorLike]> {
  const out: Array<[Output | string, TensorLike]> = [];
  for (const [key, value] of feed instanceof Map ? feed : Object.entries(feed)) {
    if (key instanceof SparseTensor) out.push(...sparseFeed(key, value));
    else out.push([key, value as TensorLike]);
  }
  return out;
}

/** A SparseTensor's feed as its three tensors'. */
function sparseFeed(key: SparseTensor, value: unknown): Array<[Output, TensorLike]> {
  const parts = value instanceof SparseTensorValue ? [value.indices, value.values, value.denseShape] : value;
  if (!Array.isArray(parts) || parts.length !== 3) {
    throw new TypeError(`The value fed for ${key} must be a SparseTensorValue or [indices, values, dense_shape], ` +
      `got ${String(value)}`);
  }
  return [[key.indices, parts[0]], [key.values, parts[1]], [key.denseShape, parts[2]]];
}

/** Reads the tensor at `k` of a native run's results into `out`; the index after it. */
function tensorAt(res: NativeRunResult, k: number, out: Tensor[]): number {
  const dtype = res[k++] as number;
  const shape: number[] = new Array(res[k++] as number);
  for (let i = 0; i < shape.length; i++) shape[i] = res[k++] as number;
  out.push(Tensor.fromNativeParts(dtype, shape, res[k++]));
  return k;
}

function shapeCompatible(actual: number[], declared: readonly (number | null)[] | null): boolean {
  if (declared === null) return true;
  return actual.length === declared.length && declared.every((d, i) => d === null || d === actual[i]);
}

export class Session {
  readonly graph: Graph;
  /** @internal */
  readonly native: NativeSession;
  /** `run` calls not settled yet, and close()'s wait for none (made on first use: fromNative skips the constructor). */
  private pending?: { count: number; idle?: () => void; whenIdle?: Promise<void> };
  /** Native callables by run signature (see `callable`) and fetch plans; made on first use, as `pending`. */
  private callables?: Map<string, NativeCallable>;
  private plans?: { byObject: WeakMap<object, FetchPlan>; byName: Map<string, FetchPlan> };
  /** Set by close(), the only way to close a session: read here rather than from the addon, a native call saved per run. */
  private closeCalled?: boolean;
  /** Made on another machine ('grpc://...'): its variables may change without a run of ours. */
  private remote?: boolean;
  /** The read made right after the last run that ended (RunOptionsArg.prefetch), until another run starts or ends. */
  private prefetched?: Prefetch;

  constructor(graph?: Graph | null, options: SessionOptions = {}) {
    this.graph = graph ?? getDefaultGraph();
    if (!(this.graph instanceof Graph)) throw new TypeError(`graph must be a tf.Graph, but got ${typeof graph}`);
    this.native = new binding.Session(this.graph.native, options.target ?? '', configBytes(options.config));
    this.remote = !!options.target;
  }

  /** @internal A Session around a native session made elsewhere (SavedModel loading) for `target`. */
  static fromNative(graph: Graph, native: NativeSession, target = ''): Session {
    const s = Object.create(Session.prototype) as Session;
    Object.assign(s, { graph, native, remote: !!target });
    return s;
  }

  get closed(): boolean {
    return this.closeCalled === true;
  }

  /** The plan of a fetch structure: the one kept for this structure object when it still matches. */
  private plan(fetches: Fetches): FetchPlan {
    const plans = (this.plans ??= { byObject: new WeakMap(), byName: new Map() });
    // Names key a Map, objects (structures, Outputs, Operations) a WeakMap; anything else is not kept.
    const cache: Map<string, FetchPlan> | WeakMap<object, FetchPlan> | null = typeof fetches === 'string' ? plans.byName
      : typeof fetches === 'object' && fetches !== null ? plans.byObject : null;
    const head = (cache as Map<Fetches, FetchPlan> | null)?.get(fetches);
    let depth = 0;
    for (let p = head; p !== undefined; p = p.previous) {
      if (p.matches(fetches)) return p;
      // A structure changed in place keeps its last few plans: MonitoredSession's merged fetches
      // alternate between steps with and without a hook's extra fetches (summaries, say).
      if (++depth === PLANS_PER_STRUCTURE - 1) p.previous = undefined;
    }
    const plan = new FetchPlan(this.graph, fetches, this);
    plan.previous = head;
    if (cache === plans.byName && plans.byName.size >= MAX_CACHED) plans.byName.clear();
    (cache as Map<Fetches, FetchPlan> | null)?.set(fetches, plan);
    return plan;
  }

  /**
   * Resolves a run: the plan, the native arguments (callable, options, flags, then each
   * feed's dtype, rank, dimensions and data) and the fed values TF1 answers fetches of fed tensors
   * with. A null callable means nothing is left to run.
   */
  private prepare(fetches: Fetches, feedDict: FeedDict | undefined | null, opts: RunOptionsArg): Prepared {
    if (this.closed) throw new RuntimeError('Attempted to use a closed Session.');
    const plan = this.plan(fetches);
    const feeds: Output[] = [];
    const runOptions = opts.options == null ? null : protoBytes(opts.options, RunOptionsSchema, 'options');
    const args: unknown[] = [null, runOptions, (opts.runMetadata ? RUN_WANT_METADATA : 0) | (opts.daemon ? RUN_DAEMON : 0)];
    let next: Prefetch | null = null;
    if (opts.prefetch && !this.remote) {
      const nextPlan = this.plan(opts.prefetch);
      const entry = this.callableEntry(nextPlan, [], null);
      if (entry) {
        next = { fetch: opts.prefetch, plan: nextPlan, fetched: entry.fetched };
        (args[2] as number) |= RUN_THEN;
        args.push(entry.callable);
      }
    }
    let fed: Map<Output, Tensor> | null = null;
    if (feedDict) {
      const entries = feedDict instanceof Map ? feedDict : Object.entries(feedDict);
      for (const [key, value] of entries) {
        if (!(key instanceof SparseTensor)) {
          fed = this.feed(plan, feeds, args, fed, key, value as TensorLike);
          continue;
        }
        for (const [k, v] of sparseFeed(key, value)) fed = this.feed(plan, feeds, args, fed, k, v);
      }
    }
    const entry = this.callableEntry(plan, feeds, fed);
    args[0] = entry?.callable;
    return { plan, args, fed, fetched: entry?.fetched ?? [], skip: entry === null, next };
  }

  /** Adds one feed to a run's arguments; the fed values TF1 answers fetches with. */
  private feed(plan: FetchPlan, feeds: Output[], args: unknown[], fed: Map<Output, Tensor> | null, key: Output | string,
    value: TensorLike): Map<Output, Tensor> | null {
    const out = this.feedKey(key);
    // A TensorHandle feeds its handle string (for a getSessionTensor placeholder).
    const t = value instanceof Tensor ? value : this.feedValue(out, value instanceof TensorHandle ? value.handle : value);
    const declared = out.shapeView;
    if (!shapeCompatible(t.shape, declared)) {
      throw new ValueError(`Cannot feed value of shape ${shapeString(t.shape)} for Tensor ${out.name}, which has ` +
        `shape ${shapeString(declared)}`);
    }
    feeds.push(out);
    const shape = t.shape;
    args.push(t.dtype, shape.length);
    for (let i = 0; i < shape.length; i++) args.push(shape[i]);
    args.push(t.data);
    // TF1 answers a fetch of a fed tensor with the fed value (`_FetchHandler`), of one fed a TensorHandle with
    // the tensor it stands for (read at once, as TF1 does); TF would refuse.
    if (plan.outputs.includes(out)) (fed ??= new Map()).set(out, value instanceof TensorHandle ? value.evalSync() : t);
    return fed;
  }

  private feedKey(key: Output | string): Output {
    if (key instanceof Output && key.graph === this.graph) return key;
    try {
      return this.graph.asGraphElement(key, { allowOperation: false }) as Output;
    } catch (e) {
      if (e instanceof Error) e.message = `Cannot interpret feed_dict key as Tensor: ${e.message}`;
      throw e;
    }
  }

  private feedValue(out: Output, value: TensorLike): Tensor {
    const dtype = baseDType(out.dtype);
    try {
      return Tensor.from(value, { dtype });
    } catch (e) {
      if (e instanceof Error) e.message = `Cannot convert the value fed for Tensor '${out.name}' to ${dtypeName(dtype)}: ${e.message}`;
      throw e;
    }
  }

  /**
   * The plan's callable for these feeds, made on first use (TF1's `make_callable`): endpoints are
   * resolved and checked once, and later runs only convert tensors. Null when only fed tensors
   * are asked for: as in TF1, that is no run at all.
   */
  private callableEntry(plan: FetchPlan, feeds: Output[], fed: Map<Output, Tensor> | null) {
    for (const e of plan.callables) {
      if (e.feeds.length === feeds.length && e.feeds.every((o, i) => o === feeds[i])) return e;
    }
    // Checked once per signature, as the callable is made: a loop's tensors may not be fed.
    for (const o of feeds) if (!this.graph.isFeedable(o)) throw new ValueError(`Tensor ${o.name} may not be fed.`);
    const fetched = fed === null ? plan.outputs : plan.outputs.filter((o) => !fed.has(o));
    if (fetched.length === 0 && plan.targets.length === 0 && plan.outputs.length > 0) return null;
    const entry = { feeds, fetched, callable: this.callable(feeds, fetched, plan.targets) };
    if (plan.callables.length >= MAX_CACHED) plan.callables.length = 0;
    plan.callables.push(entry);
    return entry;
  }

  /** The native callable of a run signature, shared by every plan with that signature. */
  private callable(feeds: Output[], fetches: Output[], targets: Operation[]): NativeCallable {
    let key = '';
    for (const o of feeds) key += `${o.op.name}:${o.index},`;
    key += '|';
    for (const o of fetches) key += `${o.op.name}:${o.index},`;
    key += '|';
    for (const op of targets) key += `${op.name},`;
    const cache = (this.callables ??= new Map());
    let c = cache.get(key);
    if (c === undefined) {
      // A program that builds ever new signatures must not grow the cache without end.
      if (cache.size >= MAX_CACHED) cache.clear();
      c = new binding.Callable(this.graph.native, feeds.map((o) => o.endpoint), fetches.map((o) => o.endpoint),
        targets.map((op) => op.native));
      cache.set(key, c);
    }
    return c;
  }

  /**
   * Runs the fetches (`Session.run`) off the JS thread. Outputs give Tensors, operations null, in
   * the structure of `fetches`. A run whose earlier runs took under 150 µs is waited for briefly
   * (about twice that, at most), which is cheaper than waking the JS thread for its result; a run
   * that takes longer, or blocks, settles later as any other.
   */
  run<F extends Fetches>(fetches: F, feedDict?: FeedDict | null, opts: RunOptionsArg = {}): Promise<FetchResult<F>> {
    try {
      const r = this.start(fetches, feedDict, opts);
      // A run in flight goes back as is: one more reaction on it would cut V8's async stack traces.
      return (r instanceof Promise ? r : Promise.resolve(r)) as Promise<never>;
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * @internal `run` for callers that take either: the results of a run that finished within its
   * wait, or a promise of them. MonitoredSession's run path awaits only when it must, a microtask
   * turn saved per layer.
   */
  start(fetches: Fetches, feedDict: FeedDict | null | undefined, opts: RunOptionsArg): unknown {
    const moves = this.handleMoves(feedDict);
    if (moves !== null) {
      return this.run(moves.movers, moves.feeds).then(async (handles) => {
        try {
          return await this.startMoved(fetches, moves.moved(handles), opts);
        } finally {
          // The moved handles are not collected (and freed) before the run is done, as TF1's `movers`.
          handles.length = 0;
        }
      });
    }
    return this.startMoved(fetches, feedDict, opts);
  }

  /**
   * TF1's `_update_with_movers`: the handles (TensorHandles or their strings) fed to a `getSessionTensor`
   * placeholder on another device than theirs, to move there by a run of `movers` (fed `feeds`) first, and
   * `moved`, the feed dict with the handles that run gave in their place; null when none moves.
   */
  private handleMoves(feedDict: FeedDict | null | undefined):
    { movers: Output[]; feeds: Map<Output, TensorLike | TensorHandle>; moved: (handles: unknown[]) => FeedDict } | null {
    if (!feedDict || !mayMoveHandles()) return null;
    const entries = feedDict instanceof Map ? [...feedDict] : Object.entries(feedDict);
    const movers: Output[] = [];
    const feeds = new Map<Output, TensorLike | TensorHandle>();
    const keys: Array<Output | string> = [];
    for (const [key, value] of entries) {
      if (key instanceof SparseTensor) continue;
      const mover = handleMover(this.feedKey(key), value);
      if (mover === null) continue;
      movers.push(mover[1]);
      feeds.set(mover[0], value as TensorHandle);
      keys.push(key);
    }
    if (movers.length === 0) return null;
    return {
      movers, feeds,
      moved: (handles) => new Map<Output | string | SparseTensor, TensorLike | SparseFeed | TensorHandle>(entries.map(([k, v]) => {
        const i = keys.indexOf(k as Output | string);
        return [k, i < 0 ? v : (handles[i] as TensorHandle).handle];
      })),
    };
  }

  /** `start` once handles fed are where their placeholders are. */
  private startMoved(fetches: Fetches, feedDict: FeedDict | null | undefined, opts: RunOptionsArg): unknown {
    const hit = this.takePrefetched(fetches, feedDict, opts);
    if (hit !== NOT_PREFETCHED) return hit;
    const prep = this.prepare(fetches, feedDict, opts);
    if (prep.skip) return prep.plan.results([], prep.fetched, prep.fed);
    const out = (this.native.run as (...a: unknown[]) => NativeRunResult | Promise<NativeRunResult>).apply(this.native, prep.args);
    // Results are an array; a promise of the addon's may come from another realm (jest's vm contexts).
    return Array.isArray(out) ? this.results(out, prep, opts) : this.settle(out, prep, opts);
  }

  /** Waits for a run in flight; close() waits for these. */
  private async settle(run: Promise<NativeRunResult>, prep: Prepared, opts: RunOptionsArg): Promise<unknown> {
    const pending = (this.pending ??= { count: 0 });
    pending.count++;
    try {
      let res;
      try {
        res = await run;
      } catch (e) {
        this.prefetched = undefined;
        // The native rejection has no JS frames: capture them here, where V8's async stack traces
        // reach the awaiting callers; capturing before every run would cost ~4 us, failing or not.
        if (e instanceof Error) Error.captureStackTrace(e);
        throw e;
      }
      return this.results(res, prep, opts);
    } finally {
      // Settles close() after this run's own promise: close() awaits one more turn than we do.
      if (--pending.count === 0 && pending.idle) {
        pending.idle();
        pending.idle = undefined;
        pending.whenIdle = undefined;
      }
    }
  }

  private results(res: NativeRunResult, prep: Prepared, opts: RunOptionsArg): unknown {
    const metadata = opts.runMetadata;
    if (metadata && res[0]) {
      if (metadata instanceof ProtoMessage) metadata.parseFromString(res[0] as Uint8Array);
      else metadata.serialized = res[0] as Uint8Array;
    }
    const tensors: Tensor[] = [];
    let k = 1;
    while (tensors.length < prep.fetched.length) k = tensorAt(res, k, tensors);
    // A run ended: only a read made right after it is still current.
    this.prefetched = undefined;
    const next = prep.next;
    if (next !== null && k < res.length) {
      next.tensors = [];
      while (k < res.length) k = tensorAt(res, k, next.tensors);
      this.prefetched = next;
    }
    return prep.plan.results(tensors, prep.fetched, prep.fed);
  }

  /**
   * The prefetched read's results, if this run is that read (the same Output, no feeds, no options); otherwise
   * NOT_PREFETCHED. Either way the read is used up: a run starts, or it was answered.
   */
  private takePrefetched(fetches: Fetches, feedDict: FeedDict | null | undefined, opts: RunOptionsArg): unknown {
    const p = this.prefetched;
    if (p === undefined) return NOT_PREFETCHED;
    this.prefetched = undefined;
    // The hooks read with the Output they asked for: comparing it costs no plan lookup per run.
    if (fetches !== p.fetch || this.closed || hasFeeds(feedDict) || opts.options || opts.runMetadata || opts.daemon ||
      opts.prefetch) {
      return NOT_PREFETCHED;
    }
    return p.plan.results(p.tensors!, p.fetched, null);
  }

  /** The same as `run`, blocking the JS thread. */
  runSync<F extends Fetches>(fetches: F, feedDict?: FeedDict | null, opts: RunOptionsArg = {}): FetchResult<F> {
    const moves = this.handleMoves(feedDict);
    // The moved handles stay referenced (not freed) until the run is done, as TF1's `movers`.
    const handles = moves === null ? null : this.runSync(moves.movers, moves.feeds) as unknown[];
    if (moves !== null) feedDict = moves.moved(handles!);
    const hit = this.takePrefetched(fetches, feedDict, opts);
    if (hit !== NOT_PREFETCHED) return hit as FetchResult<F>;
    const prep = this.prepare(fetches, feedDict, opts);
    if (prep.skip) return prep.plan.results([], prep.fetched, prep.fed) as FetchResult<F>;
    const res = (this.native.runSync as (...a: unknown[]) => NativeRunResult).apply(this.native, prep.args);
    return this.results(res, prep, opts) as FetchResult<F>;
  }

  /** Devices available to this session. */
  listDevices(): Array<{ name: string; type: string; memoryBytes: number }> {
    if (this.closed) throw new RuntimeError('Attempted to use a closed Session.');
    return this.native.listDevices();
  }

  /**
   * Closes the session, as TF1's close(): runs in flight that TF has not finished are cancelled
   * (they reject with CancelledError, a run blocked on an empty queue too); resolves once every
   * run started before it has settled. Idempotent.
   */
  async close(): Promise<void> {
    this.closeCalled = true;
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

  /**
   * Runs `fn` with this session the default one (`with sess.as_default():`): `getDefaultSession()`
   * gives it in `fn` and in the async calls made from it.
   */
  asDefault<T>(fn: () => T): T {
    return defaultSessionStorage.run(this, fn);
  }
}

const defaultSessionStorage = new AsyncLocalStorage<Session>();
/** InteractiveSessions not closed yet, latest last: the default session outside `asDefault`. */
const interactiveSessions: InteractiveSession[] = [];

/**
 * `tf.get_default_session()`: the session of the innermost `sess.asDefault(fn)` running, else
 * the latest InteractiveSession not closed, else null.
 */
export function getDefaultSession(): Session | null {
  return defaultSessionStorage.getStore() ?? interactiveSessions[interactiveSessions.length - 1] ?? null;
}

/**
 * @internal TF1's `_eval_using_default_session` and `_run_using_default_session`: runs `x` (a
 * SparseTensor's three tensors too) in `session` or, when none is given, the default session, with
 * TF1's ValueErrors for no session or one of another graph.
 */
export function runUsingDefaultSession(kind: 'tensor' | 'operation', x: Output | Operation | SparseTensor,
  feedDict?: FeedDict | null,
  session?: Session | null): Promise<unknown> {
  const [verb, call, what] = kind === 'tensor' ? ['evaluate', 'eval', 'tensor'] : ['execute', 'run', 'operation'];
  const graph = x.graph;
  try {
    if (!session) {
      session = getDefaultSession();
      if (!session) {
        throw new ValueError(`Cannot ${verb} ${what} using \`${call}()\`: No default session is registered. Use \`with ` +
          `sess.as_default()${kind === 'tensor' ? '' : ':'}\` or pass an explicit session to \`${call}(session=sess)\``);
      }
      if (session.graph !== graph) {
        throw new ValueError(`Cannot use the default session to ${verb} ${what}: the ${what}'s graph is different from ` +
          `the session's graph. Pass an explicit session to ${kind === 'tensor' ? '`eval(session=sess)`' : 'run(session=sess)'}.`);
      }
    } else if (session.graph !== graph) {
      throw new ValueError(`Cannot use the given session to ${verb} ${what}: the ${what}'s graph is different from the ` +
        'session\'s graph.');
    }
  } catch (e) {
    return Promise.reject(e);
  }
  return session.run(x, feedDict);
}

const interactiveLog = logger('session');

/**
 * `tf.InteractiveSession(target='', graph=None, config=None)`: a Session that installs itself
 * as the default session until closed, and a graph given as the default graph (outside any
 * `graph.asDefault`). As in TF1, its config (a new one when none is given, with
 * `gpuOptions.allowGrowth`) gets `graphOptions.placePrunedGraph = true`; a `ConfigProto` given
 * is changed in place, as Python changes it.
 */
export class InteractiveSession extends Session {
  private explicitlyClosed = false;
  /** The graph given, made the default graph until close(). */
  private readonly explicitGraph: Graph | null;

  constructor(graph?: Graph | null, options: SessionOptions = {}) {
    const given = options.config;
    const config = !given ? new ConfigProtoClass({ gpuOptions: { allowGrowth: true } })
      : given instanceof ConfigProtoClass ? given as ConfigProtoClass
        : ConfigProtoClass.fromString(protoBytes(given, ConfigProtoSchema, 'config'));
    config.graphOptions.placePrunedGraph = true;
    super(graph, { ...options, config });
    if (interactiveSessions.length > 0) {
      interactiveLog.error('An interactive session is already active. This can cause out-of-memory errors or some other ' +
        'unexpected errors (due to the unpredictable timing of garbage collection) in some cases. You must explicitly ' +
        'call `InteractiveSession.close()` to release resources held by the other session(s). Please use ' +
        '`tf.Session()` if you intend to productionize.');
    }
    interactiveSessions.push(this);
    this.explicitGraph = graph ?? null;
    if (this.explicitGraph) interactiveDefaultGraph(this.explicitGraph, true);
  }

  /** Closes the session; it stops being the default one. */
  override async close(): Promise<void> {
    const closing = super.close();
    if (!this.explicitlyClosed) {
      this.explicitlyClosed = true;
      interactiveSessions.splice(interactiveSessions.indexOf(this), 1);
      if (this.explicitGraph) interactiveDefaultGraph(this.explicitGraph, false);
    }
    await closing;
  }
}
