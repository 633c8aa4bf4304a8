/**
 * The native surface, declared once: every other module imports the addon from here. The C++
 * side documents each method in its header (native/*.h).
 */
import * as path from 'path';
import { isMainThread } from 'worker_threads';
import { CODE_TO_CLASS } from './errors';

// TensorFlow's own C++ logging stays below warnings unless the user chose a level; it reads the
// variable when libtensorflow loads, which is below.
process.env.TF_CPP_MIN_LOG_LEVEL ??= '1';

/** A tensor as the addon returns it: [dtype, shape, data]. */
export type NativeTensorOut = [number, number[], ArrayBufferView | Uint8Array[]];

export interface NativeEndpoint {
  op: NativeOperation;
  index: number;
}

export type AttrKind = 'int' | 'float' | 'bool' | 'type' | 'shape' | 'string' | 'tensor' | 'func';
export type AttrEntry = [name: string, kind: AttrKind | `list(${AttrKind})` | 'proto', value: unknown];

export interface NativeOperation {
  readonly name: string;
  readonly type: string;
  readonly device: string;
  readonly numOutputs: number;
  readonly numInputs: number;
  readonly graph: NativeGraph;
  outputType(i: number): number;
  outputShape(i: number): number[] | null;
  input(i: number): NativeEndpoint;
  inputListLength(argName: string): number;
  controlInputs(): NativeOperation[];
  consumers(i: number): NativeEndpoint[];
  attrMetadata(name: string): { isList: boolean; listSize: number; type: number; totalSize: number } | null;
  getAttr(name: string): unknown;
  getAttrProto(name: string): Uint8Array;
  toNodeDef(): Uint8Array;
}

export interface NativeImportOptions {
  prefix?: string;
  inputMap?: Array<[string, number, NativeEndpoint]>;
  /** Control inputs (`'^name'` of the GraphDef, by name without the '^') remapped to ops of the graph. */
  controlInputMap?: Array<[string, NativeOperation]>;
  returnOutputs?: Array<[string, number]>;
  returnOperations?: string[];
  controlDependencies?: NativeOperation[];
  defaultDevice?: string;
  uniquifyNames?: boolean;
  uniquifyPrefix?: boolean;
}

export interface NativeGraph {
  importGraphDef(bytes: Uint8Array, options?: NativeImportOptions): {
    outputs: NativeEndpoint[];
    operations: NativeOperation[];
    missingUnusedInputMappings: Array<[string, number]>;
  };
  operation(name: string): NativeOperation | null;
  operations(): NativeOperation[];
  addOperation(spec: {
    type: string;
    name: string;
    device?: string;
    inputs?: Array<NativeEndpoint | NativeEndpoint[]>;
    controlInputs?: NativeOperation[];
    attrs?: AttrEntry[];
  }): NativeOperation;
  gradients(ys: NativeEndpoint[], xs: NativeEndpoint[], dys: NativeEndpoint[] | null, prefix?: string):
    Array<NativeEndpoint | null>;
  toGraphDef(): Uint8Array;
  opDef(type: string): Uint8Array;
  setOutputShape(output: NativeEndpoint, shape: number[]): void;
  /** The serialized HandleData of a resource or variant output (empty for other outputs). */
  handleData(output: NativeEndpoint): Uint8Array;
  setHandleData(output: NativeEndpoint, bytes: Uint8Array): void;
  /** TF_UpdateEdge: input `index` of `op` reads `src` instead (TF1's `_update_input`). */
  updateInput(op: NativeOperation, index: number, src: NativeEndpoint): void;
  /** TF_AddOperationControlInput (TF1's `_add_control_input`). */
  addControlInput(op: NativeOperation, control: NativeOperation): void;
  /** TF_RemoveAllControlInputs (TF1's `_remove_all_control_inputs`). */
  removeAllControlInputs(op: NativeOperation): void;
  /**
   * TF_GraphToFunction: a serialized FunctionDef of `opers` (all ops but the inputs' when null)
   * taking `inputs` and returning `outputs`, as TF1's function.Defun makes one; the graph is unchanged.
   */
  toFunction(name: string, appendHash: boolean, opers: NativeOperation[] | null, inputs: NativeEndpoint[],
    outputs: NativeEndpoint[], outputNames: string[] | null, description: string | null): Uint8Array;
  /** TF_GraphCopyFunction: adds a FunctionDef (and its gradient's) to the graph's library; its name. */
  addFunction(functionDef: Uint8Array, gradient?: Uint8Array | null): string;
}

/** `[runMetadata | null, then for each fetch: dtype, rank, each dimension, data]`, flat. */
export type NativeRunResult = unknown[];

/** A run signature (feeds, fetches, targets of one graph) resolved once: native/callable.h. */
export interface NativeCallable {
  readonly __nativeCallable: never;
}

/** Bits of NativeSession.run's `flags` (native/session.cc). */
export const RUN_WANT_METADATA = 1;
/** The run does not keep the process alive while it waits in TF (TF1's daemon threads). */
export const RUN_DAEMON = 2;
/** A feedless callable follows the flags: run right after the run succeeds (its results appended). */
export const RUN_THEN = 4;

export interface NativeSession {
  /**
   * `flags`: RUN_WANT_METADATA | RUN_DAEMON | RUN_THEN (the next callable is the first of
   * `feedValues`). `feedValues`: for each of the callable's feeds in
   * turn, dtype, rank, each dimension, data. A run that finished within its wait
   * (native/session.h) gives its results (or throws); any other run gives a promise.
   */
  run(callable: NativeCallable, runOptions: Uint8Array | null, flags: number,
    ...feedValues: unknown[]): NativeRunResult | Promise<NativeRunResult>;
  runSync(callable: NativeCallable, runOptions: Uint8Array | null, flags: number,
    ...feedValues: unknown[]): NativeRunResult;
  close(): Promise<void>;
  readonly closed: boolean;
  listDevices(): Array<{ name: string; type: string; memoryBytes: number }>;
}

export interface NativeCheckpointReader {
  variables(): Array<{ name: string; dtype: number; shape: number[] }>;
  hasTensor(name: string): boolean;
  getTensor(name: string): NativeTensorOut;
  close(): void;
}

export interface NativeServer {
  start(): void;
  join(): Promise<void>;
  stop(): void;
  readonly target: string;
}

export interface Binding {
  Graph: new () => NativeGraph;
  Operation: Function;
  Session: new (graph: NativeGraph, target: string, config: Uint8Array | null) => NativeSession;
  Callable: new (graph: NativeGraph, feeds: NativeEndpoint[], fetches: NativeEndpoint[], targets: NativeOperation[]) =>
    NativeCallable;
  CheckpointReader: new (prefix: string) => NativeCheckpointReader;
  Server: new (serverDef: Uint8Array) => NativeServer;
  version(): string;
  allOps(): Uint8Array;
  /** Zeroed memory aligned to 64 bytes, which runs share with libtensorflow instead of copying. */
  alignedArrayBuffer(byteLength: number): ArrayBuffer;
  loadSavedModel(exportDir: string, tags: string[], target: string, config: Uint8Array | null):
    Promise<[NativeGraph, NativeSession, Uint8Array]>;
  setErrorClasses(classes: ReadonlyArray<Function>): void;
  /**
   * Sets this environment's dispatcher of JS functions in the graph (native/py_func.h): called on
   * the JS thread with a kernel's token and inputs; `canWait` false when a Promise cannot be awaited.
   */
  pyFuncBridge(dispatch: (token: string, inputs: NativeTensorOut[], canWait: boolean) =>
    PyFuncResult | Promise<PyFuncResult>): void;
  /** A new process-wide unique token (`pyfunc_<n>`) for this environment's functions. */
  pyFuncToken(): string;
  /** Forgets a token whose function was collected. */
  pyFuncRelease(token: string): void;
  /** Cancels every runSync in flight in the process and any made later (native/session.h). */
  cancelSyncRuns(): void;
}

/** What a JS function in the graph gave its kernel: the output tensors, or the run's error. */
export type PyFuncResult = Array<{ dtype: number; shape: number[]; data: unknown }> | { code: number; message: string };

function load(): Binding {
  const root = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');
  try {
    // node-gyp-build picks a prebuild for this platform, else build/Release.
    return require('node-gyp-build')(root) as Binding;
  } catch (e) {
    const err = e as Error;
    throw new Error(`tf1-node: the native addon could not be loaded (${err.message}). Run \`npm install\` in ` +
      `${root} to fetch libtensorflow and build the addon, or \`node scripts/install.js --force\` if ` +
      'deps/libtensorflow was removed.', { cause: err });
  }
}

/** The addon, loaded once per JS environment (main thread or worker). */
export const binding: Binding = load();
binding.setErrorClasses(CODE_TO_CLASS);
// Exit waits for every worker: one whose runSync waits in TF for good would hold it forever.
if (isMainThread) process.once('exit', () => binding.cancelSyncRuns());
