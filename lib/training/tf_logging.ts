/**
 * TF's Python logger (`tf.compat.v1.logging`) as the training stack uses it: each line carries
 * a level and the TF module that wrote it, so tests and tools can capture exactly what TF1 logs.
 */

/** Log levels, with Python logging's numbers. */
export enum LogLevel {
  DEBUG = 10,
  INFO = 20,
  WARNING = 30,
  ERROR = 40,
  FATAL = 50,
}

/** One log line: level, the TF1 module that logs it (`basic_session_run_hooks`, ...), text. */
export interface LogRecord {
  level: LogLevel;
  source: string;
  msg: string;
}

export type LogHandler = (record: LogRecord) => void;

// As Python's tensorflow logger: WARNING and above unless the user asks for more.
let verbosity = LogLevel.WARNING;
const handlers = new Set<LogHandler>();

/** `tf.compat.v1.logging.set_verbosity`. */
export function setVerbosity(level: LogLevel): void {
  verbosity = level;
}

/** `tf.compat.v1.logging.get_verbosity`. */
export function getVerbosity(): LogLevel {
  return verbosity;
}

/**
 * Sends every record (whatever the verbosity) to `handler` instead of stderr until the returned
 * function is called.
 */
export function addLogHandler(handler: LogHandler): () => void {
  handlers.add(handler);
  return () => { handlers.delete(handler); };
}

/** @internal Writes one line as `INFO:tensorflow:<msg>` on stderr, or to the added handlers. */
export function log(level: LogLevel, source: string, msg: string): void {
  if (handlers.size > 0) {
    for (const h of handlers) h({ level, source, msg });
    return;
  }
  if (level >= verbosity) process.stderr.write(`${LogLevel[level]}:tensorflow:${msg}\n`);
}

/** @internal A logger bound to one TF module name. */
export function logger(source: string) {
  return {
    debug: (msg: string) => log(LogLevel.DEBUG, source, msg),
    info: (msg: string) => log(LogLevel.INFO, source, msg),
    warning: (msg: string) => log(LogLevel.WARNING, source, msg),
    error: (msg: string) => log(LogLevel.ERROR, source, msg),
  };
}
