/**
 * Writes `Event` protos to an event file: TF's `EventFileWriter`
 * (`tensorflow/python/summary/writer/event_file_writer.py`) over the C++
 * `EventsWriter` (`tensorflow/core/util/events_writer.cc`).
 *
 * ## Design: never wait on disk, never lose an event
 *
 * Python hands events to a worker thread through a bounded queue. Node has no
 * blocking queue, so the same guarantees are built differently:
 *
 * - `addEvent` only serializes and frames the event into an in-memory list.
 *   Handing bytes to the OS happens as positional `fs.write`s on libuv's
 *   threadpool, chained one after the other per file, so the caller never
 *   blocks on I/O. Only creating a file (open, plus its 50-byte version record)
 *   is synchronous, as TF's `InitWithSuffix` runs on the caller's thread too.
 * - Flush policy, as TF's worker: the first event is flushed at once, later
 *   ones on the first write more than `flushSecs` after the last flush, or by
 *   `flush()`/`close()`; a flush writes what is buffered and fsyncs, as
 *   `EventsWriter::Flush`. Where Python's `add_event` would block on a full
 *   queue (`maxQueue` events waiting), the buffered events are handed to the OS
 *   instead, without an fsync and without moving the flush clock.
 * - Nothing is lost at exit: a `process.on('exit')` handler (which also runs
 *   on `process.exit()` and after an uncaught exception) reopens each file
 *   whose data is not all confirmed written, rewrites the in-flight chunks at
 *   their positions (idempotent, whether or not the threadpool write landed)
 *   and appends what is still buffered, synchronously. Killing signals skip
 *   'exit' handlers, as they skip Python's.
 *
 * @packageDocumentation
 */
import * as fs from 'fs';
import * as os from 'os';
import { create, toBinary } from '@bufbuild/protobuf';
import { EventSchema, type Event } from '../../proto';
import { encodeRecord } from '../../io/tf_record';
import { makeDirs, writeFully, writeFullySync } from '../../io/fs_util';
import { logger } from '../../training/tf_logging';

const log = logger('event_file_writer');

/** `EventsWriter::kVersionPrefix + kCurrentVersion`. */
export const EVENT_FILE_VERSION = 'brain.Event:2';
/** `source_metadata.writer` of the first event (`kWriterSourceMetadata`). */
export const EVENTS_WRITER_SOURCE = 'tensorflow.core.util.events_writer';

/** Options of {@link EventFileWriter}, as TF's constructor arguments. */
export interface EventFileWriterOptions {
  /** Events held in memory before they are handed to the OS. Default 10; `<= 0` means no limit. */
  maxQueue?: number;
  /** Seconds between automatic flushes. Default 120. */
  flushSecs?: number;
  /** Appended to every event file name; when set, the file is created at once. */
  filenameSuffix?: string;
}

/** A chunk handed to the threadpool, kept until its write is confirmed. */
interface Chunk {
  data: Buffer;
  position: number;
}

/** Files with data that may not be on disk yet; the exit handler writes them out. */
const unsettledFiles = new Set<EventsFile>();
let exitHandlerInstalled = false;

function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const file of unsettledFiles) {
      try {
        file.writeOutSync();
      } catch (e) {
        log.error(`Could not write pending events to ${file.path}: ${(e as Error).message}`);
      }
    }
  });
}

/** One open events file: TF's `EventsWriter` between `InitIfNeeded` and `Close`. */
class EventsFile {
  private position = 0;
  private readonly inFlight = new Set<Chunk>();
  private pending: Buffer[] = [];
  /** Events buffered in `pending` (the ones Python would have queued). */
  pendingEvents = 0;
  /** Events written since the last fsync (`num_outstanding_events_`). */
  private outstanding = 0;
  /** Serializes this file's threadpool operations. */
  private chain: Promise<void> = Promise.resolve();
  /** The first failed write or fsync; the file takes no more writes after it. */
  failure: Error | null = null;

  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {}

  /**
   * Creates `<prefix>.out.tfevents.<%010d secs>.<hostname><suffix>` and writes
   * the version record (wall time: those seconds) at once, as
   * `EventsWriter::InitIfNeeded`.
   */
  static create(prefix: string, suffix: string): EventsFile {
    let seconds = Math.floor(Date.now() / 1000);
    let path: string;
    let fd: number;
    for (;;) {
      path = `${prefix}.out.tfevents.${String(seconds).padStart(10, '0')}.${os.hostname()}${suffix}`;
      try {
        fd = fs.openSync(path, 'wx');
        break;
      } catch (e) {
        // Deliberately unlike TF, which truncates: a second file in the same second (a reopen, or
        // two writers on one directory) takes the next free second instead of destroying the first.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        seconds++;
      }
    }
    const file = new EventsFile(path, fd);
    const first = create(EventSchema, {
      wallTime: seconds,
      what: { case: 'fileVersion', value: EVENT_FILE_VERSION },
      sourceMetadata: { writer: EVENTS_WRITER_SOURCE },
    });
    const record = encodeRecord(toBinary(EventSchema, first));
    try {
      writeFullySync(fd, record, 0);
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
    file.position = record.length;
    file.outstanding = 1;
    installExitHandler();
    unsettledFiles.add(file);
    file.scheduleFlush(); // TF flushes the version record right away; the fsync runs on the threadpool.
    return file;
  }

  append(record: Buffer): void {
    this.pending.push(record);
    this.pendingEvents++;
  }

  /** Hands the buffered records to the threadpool. */
  dispatch(): void {
    if (this.pending.length === 0) return;
    const chunk = { data: Buffer.concat(this.pending), position: this.position };
    this.position += chunk.data.length;
    this.outstanding += this.pendingEvents;
    this.pending = [];
    this.pendingEvents = 0;
    this.inFlight.add(chunk);
    this.enqueue(async () => {
      await writeFully(this.fd, chunk.data, chunk.position);
      this.inFlight.delete(chunk);
    });
  }

  /** Dispatches and queues an fsync (`EventsWriter::Flush`, a no-op when nothing was written since the last). */
  scheduleFlush(): void {
    this.dispatch();
    if (this.outstanding > 0) {
      this.outstanding = 0;
      this.enqueue(() => new Promise<void>((resolve, reject) => fs.fsync(this.fd, (e) => (e ? reject(e) : resolve()))));
    }
  }

  /** {@link scheduleFlush}, resolving once the data is on disk. */
  flush(): Promise<void> {
    this.scheduleFlush();
    return this.settled();
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    this.scheduleFlush();
    this.chain = this.chain.then(() =>
      new Promise<void>((resolve) => fs.close(this.fd, () => resolve())),
    );
    return this.settled().finally(() => unsettledFiles.delete(this));
  }

  private enqueue(op: () => Promise<void>): void {
    this.chain = this.chain.then(async () => {
      if (this.failure) return;
      try {
        await op();
      } catch (e) {
        this.failure = e as Error;
        // What Python's writer thread logs when it dies.
        log.error(`EventFileWriter writer thread error: ${this.failure.message}`);
      }
    });
  }

  /** Resolves when every operation queued so far is done; rejects with the file's failure. */
  private settled(): Promise<void> {
    return this.chain.then(() => {
      if (this.failure) throw this.failure;
    });
  }

  /** At exit: puts everything not confirmed on disk there, synchronously. */
  writeOutSync(): void {
    if (this.inFlight.size === 0 && this.pending.length === 0) return;
    this.dispatch(); // assigns the buffered records their position, as one more in-flight chunk
    // A fresh descriptor: ours may be mid-close on the threadpool.
    let fd: number;
    try {
      fd = fs.openSync(this.path, 'r+');
    } catch {
      return; // deleted under us: nothing to save it into
    }
    try {
      for (const chunk of this.inFlight) writeFullySync(fd, chunk.data, chunk.position);
      this.inFlight.clear();
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** `os.path.join(logdir, "events")`, without normalizing the path as `path.join` would. */
function eventsPrefix(logdir: string): string {
  return logdir === '' || logdir.endsWith('/') ? `${logdir}events` : `${logdir}/events`;
}

/**
 * Writes `Event` protos to an event file in `logdir`, asynchronously (see the
 * module comment for how). TF's `EventFileWriter`; most code uses it through
 * `FileWriter`.
 */
export class EventFileWriter {
  private readonly logdir: string;
  private readonly maxQueue: number;
  private readonly flushSecs: number;
  private readonly prefix: string;
  private readonly suffix: string;
  private file: EventsFile | null = null;
  private closed = false;
  /** Seconds since the epoch after which the next write flushes; 0 flushes the first. */
  private nextFlushTime = 0;

  /**
   * Creates `logdir` if needed. The event file is created by the first event,
   * or here when `filenameSuffix` is given.
   */
  constructor(logdir: string, { maxQueue = 10, flushSecs = 120, filenameSuffix }: EventFileWriterOptions = {}) {
    this.logdir = String(logdir);
    makeDirs(this.logdir);
    this.maxQueue = maxQueue;
    this.flushSecs = flushSecs;
    this.prefix = eventsPrefix(this.logdir);
    this.suffix = filenameSuffix ?? '';
    if (this.suffix) this.file = EventsFile.create(this.prefix, this.suffix);
  }

  /** The directory the event files go to. */
  getLogdir(): string {
    return this.logdir;
  }

  /** The event file being written, or null before the first event (and after close). */
  get fileName(): string | null {
    return this.file?.path ?? null;
  }

  /**
   * Adds an event; a no-op once closed. Returns without waiting for the disk.
   *
   * @throws the error that made an earlier background write fail; the writer
   * is closed by then, as Python's is when its worker thread died.
   */
  addEvent(event: Event): void {
    this.addSerializedEvent(toBinary(EventSchema, event));
  }

  /** {@link addEvent} for an Event already serialized. */
  addSerializedEvent(event: Uint8Array): void {
    if (this.closed) return;
    this.throwIfFailed();
    this.file ??= EventsFile.create(this.prefix, this.suffix);
    this.file.append(encodeRecord(event));
    const now = Date.now() / 1000;
    if (now > this.nextFlushTime) {
      this.file.scheduleFlush(); // a failure surfaces at the next call
      this.nextFlushTime = now + this.flushSecs;
    } else if (this.maxQueue > 0 && this.file.pendingEvents >= this.maxQueue) {
      this.file.dispatch();
    }
  }

  /** Writes every added event to disk (fsynced); a no-op once closed. */
  async flush(): Promise<void> {
    if (this.closed || !this.file) return;
    try {
      await this.file.flush();
    } catch (e) {
      this.failed();
      throw e;
    }
  }

  /** Flushes and closes the file. Later events are dropped until {@link reopen}. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const file = this.file;
    this.file = null;
    await file?.close();
  }

  /**
   * After {@link close}, accepts events again; they go to a new file (with a
   * new timestamp). Does nothing if not closed.
   */
  reopen(): void {
    if (!this.closed) return;
    this.closed = false;
    this.nextFlushTime = 0;
  }

  private throwIfFailed(): void {
    const failure = this.file?.failure;
    if (failure) {
      this.failed();
      throw failure;
    }
  }

  /** Python's `_internal_close` after its worker died. */
  private failed(): void {
    this.closed = true;
    const file = this.file;
    this.file = null;
    file?.close().catch(() => {});
  }
}
