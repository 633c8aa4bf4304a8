/**
 * `tf.compat.v1.summary.FileWriter` (`tensorflow/python/summary/writer/writer.py`).
 *
 * @packageDocumentation
 */
import { create, fromBinary, isMessage, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import {
  EventSchema,
  GraphDefSchema,
  MetaGraphDefSchema,
  RunMetadataSchema,
  SessionLogSchema,
  SummarySchema,
  type Event,
  type GraphDef,
  type MetaGraphDef,
  type RunMetadata,
  type SessionLog,
  type Summary,
} from '../../proto';
import { ValueError } from '../../errors';
import { logger } from '../../training/tf_logging';
import { EventFileWriter } from './event_file_writer';

const log = logger('writer');

/**
 * A graph as FileWriter takes it: anything that serializes itself to a
 * GraphDef, as the package's `Graph` does. Python asks for
 * `as_graph_def(add_shapes=True)`; the option is passed on so graphs that can
 * annotate `_output_shapes` (which TensorBoard shows on edges) do.
 */
export interface GraphLike {
  toGraphDef(options?: { addShapes?: boolean }): Uint8Array;
}

/** A global step: Python's `int(global_step)`. */
export type GlobalStep = number | bigint;

/** What `addSummary` takes: a serialized Summary (a summary op's result) or a Summary message / init object. */
export type SummaryInput = Uint8Array | Summary | MessageInitShape<typeof SummarySchema>;

/** Options of {@link FileWriter}: Python's keyword arguments. */
export interface FileWriterOptions {
  /** Written to the file at once, followed by a MetaGraphDef of it (see {@link setMetaGraphDefFactory}). */
  graph?: GraphLike | GraphDef | Uint8Array;
  /** Deprecated in TF: a GraphDef, as `graph`. */
  graphDef?: GraphDef | Uint8Array;
  /** Events held in memory before they are handed to the OS. Default 10. */
  maxQueue?: number;
  /** Seconds between automatic flushes. Default 120. */
  flushSecs?: number;
  /** Appended to the event file names. */
  filenameSuffix?: string;
}

/**
 * Builds the MetaGraphDef a FileWriter constructed with a graph writes after
 * the graph, as Python's `meta_graph.create_meta_graph_def(graph_def=...)`.
 */
export type MetaGraphDefFactory = (graphDef: Uint8Array, graph: GraphLike | null) => MetaGraphDef | Uint8Array;

/** Without a registered factory: the graph, and an empty meta_info_def. */
let metaGraphDefFactory: MetaGraphDefFactory = (graphDef) =>
  create(MetaGraphDefSchema, { metaInfoDef: {}, graphDef: fromBinary(GraphDefSchema, graphDef) });

/**
 * Sets how a FileWriter built with a graph makes the MetaGraphDef it writes.
 * The meta-graph exporter registers one that fills `meta_info_def` (op list,
 * TF version) and the collections, as TF does; this module cannot depend on it.
 */
export function setMetaGraphDefFactory(factory: MetaGraphDefFactory): void {
  metaGraphDefFactory = factory;
}

const CLOSED_WARNING =
  'Attempting to use a closed FileWriter. The operation will be a noop unless the FileWriter is explicitly reopened.';
// Python's warnings module shows a warning once per call site, i.e. once per process here.
let closedWarningShown = false;

function isGraphLike(x: unknown): x is GraphLike {
  return typeof x === 'object' && x !== null && typeof (x as GraphLike).toGraphDef === 'function';
}

/**
 * Each value's tag and whether it has metadata, read from a serialized Summary (`repeated Value
 * value = 1`, a Value's `tag = 1` and `metadata = 9`); null when the bytes do not parse.
 */
function summaryValues(bytes: Uint8Array): Array<[string, boolean]> | null {
  try {
    const r = new BinaryReader(bytes);
    const out: Array<[string, boolean]> = [];
    while (r.pos < r.len) {
      const [field, type] = r.tag();
      if (field !== 1 || type !== WireType.LengthDelimited) {
        r.skip(type, field);
        continue;
      }
      const v = new BinaryReader(r.bytes());
      let tag = '';
      let hasMetadata = false;
      while (v.pos < v.len) {
        const [f, t] = v.tag();
        if (f === 1 && t === WireType.LengthDelimited) {
          tag = v.string();
        } else {
          hasMetadata ||= f === 9;
          v.skip(t, f);
        }
      }
      out.push([tag, hasMetadata]);
    }
    return out;
  } catch {
    return null;
  }
}

function toStep(step: GlobalStep): bigint {
  if (typeof step === 'bigint') return BigInt.asIntN(64, step);
  if (Number.isNaN(step)) throw new ValueError('cannot convert float NaN to integer');
  if (!Number.isFinite(step)) throw new RangeError('cannot convert float infinity to integer');
  return BigInt.asIntN(64, BigInt(Math.trunc(step)));
}

/**
 * Writes `Summary` protos and other events to an event file in `logdir`, for
 * TensorBoard. Writes happen in the background: adding never waits for the
 * disk, and every added event reaches the file by `flush()`, `close()` or
 * process exit at the latest.
 *
 * @example
 * ```ts
 * const writer = new summary.FileWriter('/tmp/run', { graph: sess.graph });
 * const serialized = (await sess.run(merged)).item() as Uint8Array; // a summary op's result
 * writer.addSummary(serialized, step);
 * await writer.close();
 * ```
 */
export class FileWriter {
  /** The underlying asynchronous writer. */
  readonly eventWriter: EventFileWriter;
  private closed = false;
  /** Tags of summary values seen: only the first value of a tag keeps its metadata. */
  private readonly seenSummaryTags = new Set<string>();
  /** Tags used by addRunMetadata. */
  private readonly sessionRunTags = new Set<string>();

  /**
   * Creates `logdir` if needed and, with a `graph`, writes the graph and a
   * MetaGraphDef of it first.
   */
  constructor(logdir: string, options: FileWriterOptions = {}) {
    const { graph, graphDef, maxQueue, flushSecs, filenameSuffix } = options;
    this.eventWriter = new EventFileWriter(logdir, { maxQueue, flushSecs, filenameSuffix });
    if (graph !== undefined || graphDef !== undefined) {
      const bytes = graphDefBytes(graph, graphDef);
      this.addGraphDefBytes(bytes);
      this.addMetaGraph(metaGraphDefFactory(bytes, isGraphLike(graph) ? graph : null));
    }
  }

  /** The directory the event files go to. */
  getLogdir(): string {
    return this.eventWriter.getLogdir();
  }

  /**
   * Adds a Summary (serialized, as a summary op returns it, or a message) at
   * `globalStep`. The metadata of a value is kept only the first time its tag
   * is seen by this writer, as in TF, to save space.
   */
  addSummary(summary: SummaryInput, globalStep?: GlobalStep): void {
    if (summary instanceof Uint8Array && this.addSummaryBytes(summary, globalStep)) return;
    const parsed =
      summary instanceof Uint8Array
        ? fromBinary(SummarySchema, summary)
        : isMessage(summary, SummarySchema)
          ? summary
          : create(SummarySchema, summary);
    // TF clears the metadata on the caller's message; a shallow copy leaves it alone.
    const value = parsed.value.map((v) => {
      if (!this.seenSummaryTags.has(v.tag)) {
        this.seenSummaryTags.add(v.tag);
        return v;
      }
      return v.metadata ? { ...v, metadata: undefined } : v;
    });
    this.addEventWithStep({ case: 'summary', value: { ...parsed, value } }, globalStep);
  }

  /**
   * The common case of {@link addSummary}: a summary op's bytes with no metadata to clear go into
   * the event as they are. Parsing and re-encoding them with protobuf-es (by reflection, and cold
   * code when summaries come every 100 steps) cost more than the summary step's run. False when
   * the bytes need the general path.
   */
  private addSummaryBytes(bytes: Uint8Array, globalStep: GlobalStep | undefined): boolean {
    const values = summaryValues(bytes);
    if (values === null) return false;
    const tags = new Set<string>();
    for (const [tag, hasMetadata] of values) {
      if (hasMetadata && (tags.has(tag) || this.seenSummaryTags.has(tag))) return false;
      tags.add(tag);
    }
    for (const tag of tags) this.seenSummaryTags.add(tag);
    this.warnIfClosed();
    // Event fields in number order, proto3 defaults left out: the bytes protobuf-es would write.
    const w = new BinaryWriter().tag(1, WireType.Bit64).double(Date.now() / 1000);
    if (globalStep !== undefined && globalStep !== null) {
      const step = toStep(globalStep);
      if (step !== 0n) w.tag(2, WireType.Varint).int64(step);
    }
    this.eventWriter.addSerializedEvent(w.tag(5, WireType.LengthDelimited).bytes(bytes).finish());
    return true;
  }

  /** Adds a SessionLog (START, STOP, CHECKPOINT) at `globalStep`. */
  addSessionLog(sessionLog: SessionLog | MessageInitShape<typeof SessionLogSchema>, globalStep?: GlobalStep): void {
    const value = isMessage(sessionLog, SessionLogSchema) ? sessionLog : create(SessionLogSchema, sessionLog);
    this.addEventWithStep({ case: 'sessionLog', value }, globalStep);
  }

  /**
   * Adds the graph, for TensorBoard's graph tab: a `Graph` (anything with
   * `toGraphDef()`), or a GraphDef message or its bytes. `graphDef` is TF's
   * deprecated alternative argument.
   *
   * @throws ValueError if both `graph` and `graphDef` are given.
   * @throws TypeError if neither is a graph or a GraphDef.
   */
  addGraph(graph: GraphLike | GraphDef | Uint8Array | undefined, globalStep?: GlobalStep, graphDef?: GraphDef | Uint8Array): void {
    this.addGraphDefBytes(graphDefBytes(graph, graphDef), globalStep);
  }

  private addGraphDefBytes(bytes: Uint8Array, globalStep?: GlobalStep): void {
    this.addEventWithStep({ case: 'graphDef', value: bytes }, globalStep);
  }

  /**
   * Adds a MetaGraphDef (a message or its bytes).
   *
   * @throws TypeError for anything else.
   */
  addMetaGraph(metaGraphDef: MetaGraphDef | Uint8Array, globalStep?: GlobalStep): void {
    let bytes: Uint8Array;
    if (metaGraphDef instanceof Uint8Array) bytes = metaGraphDef;
    else if (isMessage(metaGraphDef, MetaGraphDefSchema)) bytes = toBinary(MetaGraphDefSchema, metaGraphDef);
    else throw new TypeError(`meta_graph_def must be type MetaGraphDef, saw type: ${typeName(metaGraphDef)}`);
    this.addEventWithStep({ case: 'metaGraphDef', value: bytes }, globalStep);
  }

  /**
   * Adds the RunMetadata of one `session.run` (a message or its bytes) under
   * `tag`, for TensorBoard's per-step compute time and memory view.
   *
   * @throws ValueError if this writer already used `tag` for run metadata.
   */
  addRunMetadata(
    runMetadata: RunMetadata | Uint8Array | MessageInitShape<typeof RunMetadataSchema>,
    tag: string,
    globalStep?: GlobalStep,
  ): void {
    if (this.sessionRunTags.has(tag)) throw new ValueError('The provided tag was already used for this event type');
    this.sessionRunTags.add(tag);
    const bytes =
      runMetadata instanceof Uint8Array
        ? runMetadata
        : toBinary(RunMetadataSchema, isMessage(runMetadata, RunMetadataSchema) ? runMetadata : create(RunMetadataSchema, runMetadata));
    this.addEventWithStep({ case: 'taggedRunMetadata', value: { tag, runMetadata: bytes } }, globalStep);
  }

  /** Adds an event as is (no wall time or step is filled in). */
  addEvent(event: Event | MessageInitShape<typeof EventSchema>): void {
    this.warnIfClosed();
    this.eventWriter.addEvent(isMessage(event, EventSchema) ? event : create(EventSchema, event));
  }

  /** Stamps `wall_time` (and `step` if given), as `SummaryToEventTransformer._add_event`. */
  private addEventWithStep(what: MessageInitShape<typeof EventSchema>['what'], globalStep?: GlobalStep): void {
    this.warnIfClosed();
    const event = create(EventSchema, { wallTime: Date.now() / 1000, what });
    if (globalStep !== undefined && globalStep !== null) event.step = toStep(globalStep);
    this.eventWriter.addEvent(event);
  }

  /** Resolves once every event added so far is on disk. */
  flush(): Promise<void> {
    this.warnIfClosed();
    return this.eventWriter.flush();
  }

  /** Flushes and closes the file. Later events are dropped (with a warning) until {@link reopen}. */
  close(): Promise<void> {
    const done = this.eventWriter.close();
    this.closed = true;
    return done;
  }

  /** Accepts events again after {@link close}; they go to a new event file. */
  reopen(): void {
    this.eventWriter.reopen();
    this.closed = false;
  }

  /** `await using writer = new FileWriter(dir)` closes it at the end of the block, as Python's `with`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private warnIfClosed(): void {
    if (this.closed && !closedWarningShown) {
      closedWarningShown = true;
      process.emitWarning(CLOSED_WARNING, 'UserWarning');
    }
  }
}

/** The serialized GraphDef for `add_graph(graph, graph_def=...)`, with TF's argument checks. */
function graphDefBytes(graph: unknown, graphDef: unknown): Uint8Array {
  if (graph !== undefined && graph !== null && graphDef !== undefined && graphDef !== null) {
    throw new ValueError('Please pass only graph, or graph_def (deprecated), but not both.');
  }
  const given = graph ?? graphDef;
  if (isGraphLike(given)) {
    if (!isGraphLike(graph)) log.warning('When passing a `Graph` object, please use the `graph` named argument instead of `graph_def`.');
    return given.toGraphDef({ addShapes: true });
  }
  if (isMessage(given, GraphDefSchema) || given instanceof Uint8Array) {
    log.warning('Passing a `GraphDef` to the SummaryWriter is deprecated. Pass a `Graph` object instead, such as `sess.graph`.');
    return given instanceof Uint8Array ? given : toBinary(GraphDefSchema, given);
  }
  throw new TypeError('The passed graph must be an instance of `Graph` or the deprecated `GraphDef`');
}

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x !== 'object') return typeof x;
  return (x as { $typeName?: string }).$typeName ?? x.constructor?.name ?? 'object';
}
