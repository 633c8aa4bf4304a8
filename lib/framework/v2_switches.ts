/**
 * TF1's global behaviour switches (`tf.compat.v1.disable_v2_behavior()` and the toggles it flips), so
 * that ported scripts can keep their first lines. This package always builds graphs and runs them in
 * Sessions (TF1's graph mode); its defaults are those of TF 2.21 after `disable_v2_behavior()`:
 * ref variables and v1 control flow. The switches it has change those defaults as TF's do.
 */
import { NotImplementedError } from '../errors';
import { Graph, getDefaultGraph } from './ops';
import { LogLevel, getVerbosity, log, setVerbosity } from '../training/tf_logging';
import { format } from 'util';

// resource_variables_toggle._DEFAULT_USE_RESOURCE and control_flow_util.ENABLE_CONTROL_FLOW_V2, as after
// disable_v2_behavior().
let defaultUseResource = false;
let controlFlowV2 = false;

/** `tf.executing_eagerly()`: always false, graphs are built and run in Sessions. */
export function executingEagerly(): boolean {
  return false;
}

/** `tf.executing_eagerly_outside_functions()`: always false (no eager context here). */
export function executingEagerlyOutsideFunctions(): boolean {
  return false;
}

/** `tf.disable_eager_execution()`: nothing to do, this package is always in graph mode. */
export function disableEagerExecution(): void {}

/** `tf.enable_eager_execution(...)`: not supported; this package builds graphs and runs them in Sessions. */
export function enableEagerExecution(): never {
  throw new NotImplementedError('tf.enable_eager_execution is not supported by tf1-node: it builds graphs and runs ' +
    'them in a Session (TF1 graph mode).');
}

/** `tf.enable_resource_variables()`: Variable and getVariable make resource variables unless told `useResource`. */
export function enableResourceVariables(): void {
  defaultUseResource = true;
}

/** `tf.disable_resource_variables()`: ref variables by default again (the default here). */
export function disableResourceVariables(): void {
  defaultUseResource = false;
}

/** `tf.resource_variables_enabled()`: whether variables are resource variables by default. */
export function resourceVariablesEnabled(): boolean {
  return defaultUseResource;
}

/** `tf.enable_control_flow_v2()`: cond and whileLoop build If/While ops (cond_v2, while_v2) in every graph. */
export function enableControlFlowV2(): void {
  controlFlowV2 = true;
}

/** `tf.disable_control_flow_v2()`: v1 control flow (Switch/Merge, Enter/Exit) outside functions (the default). */
export function disableControlFlowV2(): void {
  controlFlowV2 = false;
}

/** `tf.control_flow_v2_enabled()`: whether cond and whileLoop build v2 control flow in the default graph. */
export function controlFlowV2Enabled(): boolean {
  return enableControlFlowV2In(getDefaultGraph());
}

/** @internal `control_flow_util.EnableControlFlowV2(graph)`: the toggle, or a function graph being traced. */
export function enableControlFlowV2In(graph: Graph): boolean {
  return controlFlowV2 || !!graph.captureOuter;
}

/**
 * `tf.enable_tensor_equality()`: a no-op here. JS has no `==` overloading: Outputs compare by identity,
 * and `tf.equal` compares values, whichever TF's switch says.
 */
export function enableTensorEquality(): void {}

/** `tf.disable_tensor_equality()`: a no-op here (see enableTensorEquality). */
export function disableTensorEquality(): void {}

/**
 * `tf.enable_v2_tensorshape()`: a no-op here. Static shapes are already arrays of numbers and nulls
 * (v2's `shape[i]` is an int or None), and messages print shapes as TF1 does.
 */
export function enableV2Tensorshape(): void {}

/** `tf.disable_v2_tensorshape()`: a no-op here (see enableV2Tensorshape). */
export function disableV2Tensorshape(): void {}

/**
 * `tf.enable_v2_behavior()`: TF2's defaults of the switches this package has: resource variables and v2
 * control flow. Eager execution is not turned on (there is none here), the tensor-equality and
 * tensorshape switches are no-ops, and tf.data has one Dataset class for both versions.
 */
export function enableV2Behavior(): void {
  enableResourceVariables();
  enableControlFlowV2();
}

/** `tf.disable_v2_behavior()`: TF1's defaults (this package's own): ref variables, v1 control flow, graph mode. */
export function disableV2Behavior(): void {
  disableResourceVariables();
  disableControlFlowV2();
}

/** Python logging's level names, as `Logger.setLevel` takes them. */
type LevelLike = LogLevel | number | keyof typeof LogLevel | 'WARN';

function levelOf(level: LevelLike): number {
  if (typeof level === 'number') return level;
  return level === 'WARN' ? LogLevel.WARNING : LogLevel[level];
}

/** What `getLogger` gives: Python's `logging.Logger` of TensorFlow, in small. */
export interface TFLogger {
  readonly name: 'tensorflow';
  debug(msg: string, ...args: unknown[]): void;
  info(msg: string, ...args: unknown[]): void;
  warning(msg: string, ...args: unknown[]): void;
  warn(msg: string, ...args: unknown[]): void;
  error(msg: string, ...args: unknown[]): void;
  fatal(msg: string, ...args: unknown[]): void;
  log(level: LevelLike, msg: string, ...args: unknown[]): void;
  /** The threshold, as `tf.logging.set_verbosity` sets it. */
  setLevel(level: LevelLike): void;
  getEffectiveLevel(): number;
  isEnabledFor(level: LevelLike): boolean;
}

/**
 * `tf.get_logger()`: TensorFlow's logger, writing `WARNING:tensorflow:<msg>` lines to stderr (from
 * WARNING up unless `setLevel` says otherwise), `%s`-style arguments formatted. Shares its level
 * and handlers with `train.setVerbosity` / `train.addLogHandler`.
 */
export function getLogger(): TFLogger {
  const at = (level: number) => (msg: string, ...args: unknown[]) => log(level, 'tf_logging', format(msg, ...args));
  return {
    name: 'tensorflow',
    debug: at(LogLevel.DEBUG),
    info: at(LogLevel.INFO),
    warning: at(LogLevel.WARNING),
    warn: at(LogLevel.WARNING),
    error: at(LogLevel.ERROR),
    fatal: at(LogLevel.FATAL),
    log: (level, msg, ...args) => at(levelOf(level))(msg, ...args),
    setLevel: (level) => setVerbosity(levelOf(level)),
    getEffectiveLevel: () => getVerbosity(),
    isEnabledFor: (level) => levelOf(level) >= getVerbosity(),
  };
}
