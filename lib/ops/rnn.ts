/**
 * TF1's RNN functions (`rnn.py`): `tf.compat.v1.nn.dynamic_rnn` (in variable scope `rnn`, the
 * inputs made time-major, read one step at a time from TensorArrays inside a v1 while loop bounded
 * by `maximum_iterations`, the cell's outputs written to TensorArrays and stacked after it),
 * `static_rnn` (the steps unrolled, with conds past the sequence lengths), their bidirectional
 * forms and `raw_rnn`. With a sequence length, rows past their length keep their state and give
 * zeros. The cell is one of `rnnCell`'s or a user's (the RNNCell duck type); the variables it
 * makes when called are made outside the loop (`initScope`) and read once before it (the scope's
 * caching device).
 */
import { ValueError } from '../errors';
import { DType, baseDType } from '../framework/dtypes';
import { InputValue, constantValue, convertToTensor, makeConst } from '../framework/op_def_library';
import { Operation, Output, getDefaultGraph } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { assertDimsCompatible, assertShapesCompatible, isFullyDefined, shapeString } from '../framework/tensor_shape';
import { Nested, assertSameStructure, flatten, isNested, packSequenceAs } from '../util/nest';
import { pyStr } from '../util/python_repr';
import { cast, concat, expandDims, identity, rank, shape, sliceOf, withScope, zeros } from './array_ops';
import { Assert } from './control_flow_assert';
import { controlDependencies } from './control_flow_ops';
import { getContainingWhileContext } from './control_flow_util';
import * as raw from './gen/raw_ops';
import { cond } from './cond';
import {
  add, equal, greater, less, lessEqual, logicalNot, logicalOr, maximum, minimum, range, reduceAll, reduceMax, reduceMin,
} from './math_ops';
import { TensorArray } from './tensor_array_ops';
import { VariableScope, variableScope } from './variable_scope';
import { pythonNumber } from './python_type';
import { WhileLoopOptions, whileLoop } from './while_loop';

/**
 * A cell for `dynamicRnn` (TF1's RNNCell duck type): `call` maps one step's inputs (`[batch,
 * ...]`) and the state to the step's output and the next state; sizes exclude the batch
 * dimension and nest as the state and output do.
 */
export interface RNNCell {
  /** The size of the state, or a structure of sizes for a structure of states (an LSTM's `[c, h]`). */
  readonly stateSize: Nested<number>;
  /** The size of the output (or a structure of them). */
  readonly outputSize: Nested<number>;
  call(inputs: Nested<Output>, state: Nested<Output>): [Nested<Output>, Nested<Output>];
  /**
   * TF1's `cell(inputs, state)` (`__call__`), which the RNN functions call when the cell has it
   * (`rnnCell`'s cells: their variable scope, built on the first call); else they call `call`.
   */
  apply?(inputs: Nested<Output>, state: Nested<Output>): [Nested<Output>, Nested<Output>];
  /**
   * The initial state when an RNN function is given none (default: RNNCell's, zeros of
   * `stateSize` for the batch, in name scope `<class name>ZeroState`).
   */
  zeroState?(batchSize: number | Output, dtype: DType): Nested<Output>;
  /** `get_initial_state(inputs=None, batch_size, dtype)`, used before `zeroState` when the cell has it. */
  getInitialState?(options: { batchSize: number | Output; dtype: DType }): Nested<Output>;
}

/** The output of a step of `C` (an Output for `rnnCell`'s cells), as its `call` types it. */
export type CellOutputOf<C extends RNNCell> = ReturnType<C['call']>[0];
/** The state of `C` (an LSTMStateTuple for an LSTM), as its `call` types it. */
export type CellStateOf<C extends RNNCell> = ReturnType<C['call']>[1];

export interface DynamicRnnOptions {
  /** Each batch row's length (an int vector): past it the state is copied through and outputs are zero. */
  sequenceLength?: InputValue;
  /** The initial state (default: the cell's zero state, which needs `dtype`). */
  initialState?: Nested<Output>;
  /** The dtype of the state and outputs (required without `initialState`). */
  dtype?: DType;
  /** How many iterations may run in parallel (default 32). */
  parallelIterations?: number;
  swapMemory?: boolean;
  /** Whether inputs and outputs are `[time, batch, ...]` (default: `[batch, time, ...]`). */
  timeMajor?: boolean;
  /** The variable scope (default `rnn`). */
  scope?: string | VariableScope;
}

/** `assert_like_rnncell`: TF1's TypeError naming what makes `cell` no RNNCell. */
export function assertLikeRnnCell(name: string, cell: unknown): asserts cell is RNNCell {
  const c = Object(cell) as Record<string, unknown>;
  const errors = [
    ['outputSize' in c, "'output_size' property is missing"],
    ['stateSize' in c, "'state_size' property is missing"],
    [typeof c.call === 'function', 'is not callable'],
  ].filter(([ok]) => !ok).map(([, e]) => e);
  if (errors.length > 0) {
    throw new TypeError(`The argument '${name}' (${pyStr(cell)}) is not an RNNCell: ${errors.join(', ')}.`);
  }
}

/** A size as `_concat` takes it: a number or static shape, or an int tensor. */
type Size = number | (number | null)[] | Output;

/**
 * `rnn_cell_impl._concat(prefix, suffix, static)`: the shape `prefix + suffix` as an int32
 * tensor, or with `isStatic` as a static shape (TF1 makes the Consts of known parts either way).
 */
function concatSizes(prefix: Size, suffix: Size, isStatic: true): (number | null)[] | null;
function concatSizes(prefix: Size, suffix: Size, isStatic?: false): Output;
function concatSizes(prefix: Size, suffix: Size, isStatic = false): Output | (number | null)[] | null {
  const graph = getDefaultGraph();
  const part = (x: Size, which: string): [Output | null, (number | null)[] | null] => {
    if (x instanceof Output) {
      const c = constantValue(x);
      const known = c === null ? null : Array.from(c.data as Int32Array, Number);
      if (x.shape?.length === 0) return [expandDims(x, 0), known];
      if (x.shape?.length !== 1) {
        throw new ValueError(`${which} tensor must be either a scalar or vector, but saw tensor: ${pyStr(x)}`);
      }
      return [x, known];
    }
    const dims = typeof x === 'number' ? [x] : x;
    const full = dims.every((d) => d !== null);
    const t = full ? makeConst(graph, Tensor.from(dims as number[], { dtype: DType.int32, shape: [dims.length] })) : null;
    return [t, dims];
  };
  const [p, pStatic] = part(prefix, 'prefix');
  const [s, sStatic] = part(suffix, 'suffix');
  if (isStatic) return pStatic === null || sStatic === null ? null : [...pStatic, ...sStatic];
  if (p === null || s === null) {
    throw new ValueError(`Provided a prefix or suffix of None: ${pyStr(prefix)} and ${pyStr(suffix)}`);
  }
  return concat([p, s], 0);
}

/** `_zero_state_tensors`: zeros of `[batch] + size` for each size of `stateSize`. */
export function zeroStateTensors(stateSize: Nested<number>, batchSize: number | Output, dtype: DType): Nested<Output> {
  return packSequenceAs(stateSize, flatten(stateSize).map((s) => {
    const z = zeros(concatSizes(batchSize, s), dtype);
    z.setShape(concatSizes(batchSize, s, true));
    return z;
  }));
}

/**
 * `_should_cache` and what the RNN functions then do: outside a while loop, the variables the cell
 * makes in `varscope` are read where the RNN's ops run (`caching_device = lambda op: op.device`),
 * once, before the loop, rather than colocated with them at every step.
 */
function setDefaultCachingDevice(varscope: VariableScope): void {
  const graph = getDefaultGraph();
  if (getContainingWhileContext(graph.getControlFlowContext()) !== null) return;
  if (varscope.cachingDevice === undefined) varscope.setCachingDevice((op) => op.device);
}

/** `_transpose_batch_time`: `x` with its first two dimensions swapped (as it is below rank 2). */
function transposeBatchTime(x: Output): Output {
  const s = x.shape;
  if (s !== null && s.length < 2) return x;
  const perm = concat([[1, 0], range(2, rank(x))], 0);
  const t = withScope(undefined, 'transpose', [x], (scope) => raw.transpose({ x, perm }, scope));
  t.setShape(s === null ? null : [s[1], s[0], ...s.slice(2)]);
  return t;
}

/** `_best_effort_input_batch_size`: the static batch size of time-major inputs, else a tensor of it. */
function bestEffortBatchSize(flatInput: Output[]): number | Output {
  for (const input of flatInput) {
    const s = input.shape;
    if (s === null) continue;
    if (s.length < 2) {
      throw new ValueError(`Input tensor should have rank >= 2. Received input=${pyStr(input)} of rank ${s.length}`);
    }
    if (s[1] !== null) return s[1];
  }
  return sliceOf(shape(flatInput[0]), [1]);
}

/** `_infer_state_dtype`: `dtype` when given, else the dtype all of `state` has. */
function inferStateDType(dtype: DType | undefined, state: Nested<Output>): DType {
  if (dtype !== undefined) return dtype;
  const dtypes = flatten(state).map((t) => baseDType(t.dtype));
  if (dtypes.length === 0) throw new ValueError(`Unable to infer dtype from argument state=${pyStr(state)}.`);
  if (dtypes.some((d) => d !== dtypes[0])) {
    throw new ValueError(`Argument state=${pyStr(state)} has tensors of different inferred dtypes. Unable to infer a ` +
      `single representative dtype. Dtypes received: ${pyStr(dtypes.map((d) => `tf.${DType[d]}`))}`);
  }
  return dtypes[0];
}

/** `cell(inputs, state)` as the RNN functions call a cell: its `apply` (TF1's `__call__`) when it has one. */
function callRnnCell(cell: RNNCell, inputs: Nested<Output>, state: Nested<Output>): [Nested<Output>, Nested<Output>] {
  return cell.apply ? cell.apply(inputs, state) : cell.call(inputs, state);
}

/** A cell's `zero_state`, or RNNCell's zeros of `stateSize` (in `<class name>ZeroState`) when it has none. */
export function cellZeroState(cell: RNNCell, batchSize: number | Output, dtype: DType): Nested<Output> {
  if (cell.zeroState) return cell.zeroState(batchSize, dtype);
  return getDefaultGraph().nameScope(`${cell.constructor.name}ZeroState`,
    () => zeroStateTensors(cell.stateSize, batchSize, dtype));
}

/** The state an RNN function starts from without `initialState`: the cell's `get_initial_state`, else its zero state. */
function cellInitialState(cell: RNNCell, batchSize: number | Output, dtype: DType): Nested<Output> {
  return cell.getInitialState ? cell.getInitialState({ batchSize, dtype }) : cellZeroState(cell, batchSize, dtype);
}

/** The RNN's first state: the caller's `initialState`, else the cell's initial state in `dtype`. */
function initialStateOf(cell: RNNCell, options: { initialState?: Nested<Output>; dtype?: DType },
  batchSize: number | Output): Nested<Output> {
  if (options.initialState !== undefined) return options.initialState;
  if (!options.dtype) throw new ValueError('If no initial_state is provided, argument `dtype` must be specified');
  return cellInitialState(cell, batchSize, options.dtype);
}

/** The lengths and their min and max, as `_rnn_step` reads them. */
interface SequenceBounds {
  sequenceLength: Output;
  minSequenceLength: Output;
  maxSequenceLength: Output;
}

/**
 * `_rnn_step`: the cell's step, each output row past its sequence length zero and each state row
 * kept (a Select on `time >= sequence_length`, colocated with the new value). `dynamic_rnn` skips
 * the conditionals (its time is a tensor); `static_rnn`'s steps (a Python int time) are conds:
 * past the longest sequence the zeros and the state as they are, before the shortest the cell's
 * values as they are, else the Selects.
 */
function rnnStep(time: number | Output, bounds: SequenceBounds, zeroOutput: Nested<Output>, state: Nested<Output>,
  callCell: () => [Nested<Output>, Nested<Output>]): [Nested<Output>, Nested<Output>] {
  const flatState = flatten(state);
  const flatZero = flatten(zeroOutput);
  // `time >= sequence_length`: with a Python int time, the tensor's reflected `__le__`.
  const copyCond = typeof time === 'number' ? lessEqual(bounds.sequenceLength, time)
    : raw.greaterEqual({ x: time, y: bounds.sequenceLength });
  const copyOneThrough = (old: Output, next: Output) => (old.shape?.length === 0 ? next
    : next.graph.colocateWith(next, () => raw.select({ condition: copyCond, t: old, e: next })));
  const copySomeThrough = (newOutput: Output[], newState: Output[]) => [
    ...newOutput.map((o, i) => copyOneThrough(flatZero[i], o)), ...newState.map((s, i) => copyOneThrough(flatState[i], s))];
  const step = (): [Output[], Output[]] => {
    const [newOutput, newState] = callCell();
    assertSameStructure(zeroOutput, newOutput);
    assertSameStructure(state, newState);
    return [flatten(newOutput), flatten(newState)];
  };
  let final: Output[];
  if (typeof time !== 'number') {
    final = copySomeThrough(...step());
  } else {
    // `time >= max_sequence_length` and `time < min_sequence_length`, reflected as above.
    final = cond(lessEqual(bounds.maxSequenceLength, time), () => [...flatZero, ...flatState], () => {
      const [newOutput, newState] = step();
      return cond(greater(bounds.minSequenceLength, time), () => [...newOutput, ...newState],
        () => copySomeThrough(newOutput, newState));
    }) as Output[];
  }
  const finalOutput = final.slice(0, flatZero.length);
  const finalState = final.slice(flatZero.length);
  finalOutput.forEach((o, i) => o.setShape(flatZero[i].shape));
  finalState.forEach((s, i) => s.setShape(flatState[i].shape));
  return [packSequenceAs(zeroOutput, finalOutput), packSequenceAs(state, finalState)] as [Nested<Output>, Nested<Output>];
}

/**
 * `_dynamic_rnn_loop`: the time-major inputs unstacked into TensorArrays, a while loop of at
 * most `time` steps calling the cell and writing its outputs, the outputs stacked.
 */
function dynamicRnnLoop(cell: RNNCell, inputs: Nested<Output>, initialState: Nested<Output>, parallelIterations: number,
  swapMemory: boolean, sequenceLength: Output | null, dtype: DType | undefined): [Nested<Output>, Nested<Output>] {
  const state = initialState;
  const flatInput = flatten(inputs);
  const flatOutputSize = flatten(cell.outputSize);
  const timeSteps = sliceOf(shape(flatInput[0]), [0]);
  const batchSize = bestEffortBatchSize(flatInput);
  const gotShapes = flatInput.map((x) => {
    const s = x.shape;
    if (s !== null && s.length < 3) throw new ValueError(`Shape ${shapeString(s)} must have rank at least 3`);
    return s;
  });
  if (gotShapes[0] === null) throw new ValueError('as_list() is not defined on an unknown TensorShape.');
  const [constTimeSteps, constBatchSize] = gotShapes[0];
  gotShapes.forEach((s, i) => {
    if (s === null || s.slice(2).some((d) => d === null)) {
      throw new ValueError('Input size (depth of inputs) must be accessible via shape inference, but saw value None ' +
        `for input=${pyStr(flatInput[i])}.`);
    }
    if (s[0] !== constTimeSteps) {
      throw new ValueError('Time steps is not the same for all the elements in the input in a batch. Received time ' +
        `steps=${pyStr(s[0])} for input=${pyStr(flatInput[i])}.`);
    }
    if (s[1] !== constBatchSize) {
      throw new ValueError('Batch_size is not the same for all the elements in the input. Received batch ' +
        `size=${pyStr(s[1])} for input=${pyStr(flatInput[i])}.`);
    }
  });
  const zeroOutput = packSequenceAs(cell.outputSize, flatOutputSize.map((size) =>
    zeros(concatSizes(batchSize, size), inferStateDType(dtype, state))));
  let [minSequenceLength, maxSequenceLength] = [timeSteps, timeSteps];
  if (sequenceLength !== null) {
    minSequenceLength = reduceMin(sequenceLength);
    maxSequenceLength = reduceMax(sequenceLength);
  }
  const graph = getDefaultGraph();
  const time = makeConst(graph, Tensor.from(0, { dtype: DType.int32 }), 'time');
  // The arrays' resource names start with the (unused) name scope `dynamic_rnn`.
  const baseName = graph.nameScope('dynamic_rnn', (scope) => scope);
  const createTa = (name: string, elementShape: (number | null)[] | null, taDtype: DType) => new TensorArray(taDtype,
    { size: timeSteps, elementShape, tensorArrayName: baseName + name });
  const outputTa = flatOutputSize.map((size, i) => createTa(`output_${i}`, [constBatchSize, size],
    inferStateDType(dtype, state)));
  const inputTa = flatInput.map((x, i) => createTa(`input_${i}`, x.shape === null ? null : x.shape.slice(1), x.dtype))
    .map((ta, i) => ta.unstack(flatInput[i]));

  const timeStep = (t: Output, outputTaT: TensorArray[], st: Nested<Output>) => {
    const inputT = inputTa.map((ta, i) => {
      const x = ta.read(t);
      x.setShape(gotShapes[i]!.slice(1));
      return x;
    });
    const packed = packSequenceAs(inputs, inputT) as Nested<Output>;
    const callCell = () => callRnnCell(cell, packed, st);
    const [output, newState] = sequenceLength !== null
      ? rnnStep(t, { sequenceLength, minSequenceLength, maxSequenceLength }, zeroOutput, st, callCell) : callCell();
    const flatOutput = flatten(output);
    const written = outputTaT.map((ta, i) => ta.write(t, flatOutput[i]));
    return [add(t, 1, 'add'), written, newState];
  };
  const loopBound = minimum(timeSteps, maximum(1, maxSequenceLength));
  // whileLoop's types of nested loop variables instantiate too deep for these.
  const loop = whileLoop as unknown as (cond: (t: Output) => Output, body: typeof timeStep, vars: unknown[],
    options: WhileLoopOptions) => [Output, TensorArray[], Nested<Output>];
  const [, outputFinalTa, finalState] = loop((t) => less(t, loopBound), timeStep, [time, outputTa, state],
    { parallelIterations, maximumIterations: timeSteps, swapMemory });
  const finalOutputs = outputFinalTa.map((ta) => ta.stack());
  finalOutputs.forEach((o, i) => o.setShape(concatSizes([constTimeSteps, constBatchSize], flatOutputSize[i], true)));
  return [packSequenceAs(cell.outputSize, finalOutputs) as Nested<Output>, finalState];
}

/**
 * `tf.compat.v1.nn.dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None,
 * dtype=None, parallel_iterations=None, swap_memory=False, time_major=False, scope=None)`: runs
 * `cell` over the time steps of `inputs` (`[batch, time, ...]`, or a structure of them). Gives
 * the outputs of every step (`[batch, time, outputSize]`, time-major with `timeMajor`) and the
 * last state, in the structures the cell gives them. Gradients (`minimize`) go through the loop to
 * the variables the cell reads, made before the loop or by the cell when called (then outside the
 * loop, as TF1's `init_scope` makes them).
 */
export function dynamicRnn<C extends RNNCell>(cell: C, inputs: Nested<InputValue>, options: DynamicRnnOptions = {}):
  ReturnType<C['call']> {
  assertLikeRnnCell('cell', cell);
  const timeMajor = options.timeMajor ?? false;
  return variableScope(options.scope ?? 'rnn', (varscope) => {
    setDefaultCachingDevice(varscope);
    let flatInput = flatten(inputs as Nested<unknown>).map((x) => convertToTensor(x as InputValue));
    if (!timeMajor) flatInput = flatInput.map(transposeBatchTime);
    const parallelIterations = options.parallelIterations || 32;
    let sequenceLength: Output | null = null;
    if (options.sequenceLength !== undefined && options.sequenceLength !== null) {
      const len = cast(pythonNumber(options.sequenceLength) as InputValue, DType.int32);
      if (len.shape !== null && len.shape.length !== 1) {
        throw new ValueError('Argument sequence_length must be a vector of length batch_size. Received ' +
          `sequence_length=${pyStr(len)} of shape: ${shapeString(len.shape)}`);
      }
      sequenceLength = identity(len, 'sequence_length');
    }
    const batchSize = bestEffortBatchSize(flatInput);
    const state = initialStateOf(cell, options, batchSize);
    if (sequenceLength !== null) {
      // `_assert_has_shape(sequence_length, [batch_size])`.
      const len = sequenceLength;
      const xShape = shape(len);
      const packedShape = convertToTensor(pythonNumber([batchSize]) as InputValue, { name: 'stack' });
      const check = Assert(reduceAll(equal(xShape, packedShape)), [`Expected shape for Tensor ${len.name} is `, packedShape,
        ' but saw shape: ', xShape]);
      sequenceLength = controlDependencies([check], () => identity(len, 'CheckSeqLen'));
    }
    const packedInputs = packSequenceAs(inputs as Nested<unknown>, flatInput) as Nested<Output>;
    const [outputs, finalState] = dynamicRnnLoop(cell, packedInputs, state, parallelIterations, options.swapMemory ?? false,
      sequenceLength, options.dtype);
    const result = timeMajor ? outputs : packSequenceAs(outputs, flatten(outputs).map(transposeBatchTime)) as Nested<Output>;
    return [result, finalState] as ReturnType<C['call']>;
  });
}

/** Options of `staticRnn`. */
export interface StaticRnnOptions {
  /** The initial state (default: the cell's zero state, which needs `dtype`). */
  initialState?: Nested<Output>;
  /** The dtype of the state and outputs (required without `initialState`). */
  dtype?: DType;
  /** Each batch row's length (an int vector): past it the state is copied through and outputs are zero. */
  sequenceLength?: InputValue;
  /** The variable scope (default `rnn`). */
  scope?: string | VariableScope;
}

/**
 * `tf.compat.v1.nn.static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None,
 * scope=None)`: `cell` called on each of `inputs` (a list over time of `[batch, ...]` tensors, or
 * of structures of them), its variables shared from the second step on. Gives the list of outputs
 * and the last state. With `sequenceLength`, each step is TF1's conds (`_rnn_step`): rows past
 * their length give zeros and keep their state, and steps past the longest length are skipped.
 */
export function staticRnn<C extends RNNCell>(cell: C, inputs: Nested<Output>[], options: StaticRnnOptions = {}):
  [CellOutputOf<C>[], CellStateOf<C>] {
  assertLikeRnnCell('cell', cell);
  if (!isNested(inputs)) throw new TypeError(`Argument \`inputs\` must be a sequence. Received: ${pyStr(inputs)}`);
  if (inputs.length === 0) throw new ValueError('Argument `inputs` must not be empty.');
  return variableScope(options.scope ?? 'rnn', (varscope) => {
    setDefaultCachingDevice(varscope);
    let firstInput: Nested<Output> = inputs;
    while (isNested(firstInput)) firstInput = (firstInput as Nested<Output>[])[0];
    const first = firstInput as Output;
    let fixedBatchSize: number | null;
    if (first.shape?.length !== 1) {
      fixedBatchSize = withRankAtLeast(first.shape, 2)[0];
      for (const input of flatten(inputs)) {
        const inputShape = withRankAtLeast(input.shape, 2);
        assertDimsCompatible(fixedBatchSize, inputShape[0]);
        inputShape.slice(1).forEach((size, i) => {
          if (size === null) {
            throw new ValueError(`Input size (dimension ${i} of input ${pyStr(input)}) must be accessible via shape ` +
              'inference, but saw value None.');
          }
        });
      }
    } else {
      fixedBatchSize = first.shape[0];
    }
    const batchSize = fixedBatchSize ?? sliceOf(shape(first), [0]);
    let state = initialStateOf(cell, options, batchSize);
    let bounds: SequenceBounds | null = null;
    let zeroOutput: Nested<Output> = [];
    if (options.sequenceLength !== undefined && options.sequenceLength !== null) {
      const len = convertToTensor(pythonNumber(options.sequenceLength) as InputValue, { name: 'sequence_length' });
      if (len.shape !== null && len.shape.length !== 1) {
        throw new ValueError(`Argument \`sequence_length\` must be a vector of length ${pyStr(batchSize)}. Received ` +
          `sequence_length=${pyStr(len)}.`);
      }
      const dtype = inferStateDType(options.dtype, state);
      zeroOutput = packSequenceAs(cell.outputSize, flatten(cell.outputSize).map((size) => {
        const z = zeros(concatSizes(batchSize, size), dtype);
        z.setShape(fixedBatchSize === null ? null : concatSizes(fixedBatchSize, size, true));
        return z;
      }));
      const sequenceLength = cast(len, DType.int32);
      bounds = { sequenceLength, minSequenceLength: reduceMin(sequenceLength), maxSequenceLength: reduceMax(sequenceLength) };
    }
    const outputs = inputs.map((input, time) => {
      if (time > 0) varscope.reuseVariables();
      const callCell = () => callRnnCell(cell, input, state);
      let output: Nested<Output>;
      [output, state] = bounds !== null ? rnnStep(time, bounds, zeroOutput, state, callCell) : callCell();
      return output;
    });
    return [outputs, state] as [CellOutputOf<C>[], CellStateOf<C>];
  });
}

/** `TensorShape.with_rank_at_least`: the dimensions of a shape of at least `rank` (unknown for an unknown rank). */
function withRankAtLeast(s: (number | null)[] | null, rank: number): (number | null)[] {
  if (s === null) return new Array<null>(rank).fill(null);
  if (s.length < rank) throw new ValueError(`Shape ${shapeString(s)} must have rank at least ${rank}`);
  return s;
}

/** Options of `bidirectionalDynamicRnn`. */
export interface BidirectionalDynamicRnnOptions extends Omit<DynamicRnnOptions, 'initialState'> {
  /** The forward RNN's initial state (default: `cellFw`'s zero state). */
  initialStateFw?: Nested<Output>;
  /** The backward RNN's initial state (default: `cellBw`'s zero state). */
  initialStateBw?: Nested<Output>;
}

/**
 * `tf.compat.v1.nn.bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, ...)`: `dynamicRnn` of
 * `cellFw` over `inputs` (in scope `bidirectional_rnn/fw`) and of `cellBw` over them reversed in
 * time (`bidirectional_rnn/bw`; each row within its length with `sequenceLength`), its outputs
 * reversed back. Gives `[[outputFw, outputBw], [stateFw, stateBw]]`.
 */
export function bidirectionalDynamicRnn<F extends RNNCell, W extends RNNCell>(cellFw: F, cellBw: W, inputs: Nested<InputValue>,
  options: BidirectionalDynamicRnnOptions = {}): [[CellOutputOf<F>, CellOutputOf<W>], [CellStateOf<F>, CellStateOf<W>]] {
  assertLikeRnnCell('cell_fw', cellFw);
  assertLikeRnnCell('cell_bw', cellBw);
  const { initialStateFw, initialStateBw, scope, ...shared } = options;
  const timeMajor = options.timeMajor ?? false;
  const [timeAxis, batchAxis] = timeMajor ? [0, 1] : [1, 0];
  const reverse = (x: InputValue): Output => (options.sequenceLength == null ? raw.reverseV2({ tensor: x, axis: [timeAxis] })
    : raw.reverseSequence({ input: x, seqLengths: options.sequenceLength, seqDim: timeAxis, batchDim: batchAxis }));
  const [[outputFw, stateFw], [tmp, stateBw]] = variableScope(scope ?? 'bidirectional_rnn', () => [
    variableScope('fw', (fwScope) => dynamicRnn(cellFw, inputs, { ...shared, initialState: initialStateFw, scope: fwScope })),
    variableScope('bw', (bwScope) => {
      const reversed = packSequenceAs(inputs as Nested<unknown>, flatten(inputs as Nested<unknown>)
        .map((x) => reverse(x as InputValue))) as Nested<Output>;
      return dynamicRnn(cellBw, reversed, { ...shared, initialState: initialStateBw, scope: bwScope });
    }),
  ] as [Nested<Output>[], Nested<Output>[]]);
  const outputBw = packSequenceAs(tmp, flatten(tmp).map(reverse));
  return [[outputFw, outputBw], [stateFw, stateBw]] as [[CellOutputOf<F>, CellOutputOf<W>], [CellStateOf<F>, CellStateOf<W>]];
}

/**
 * `_reverse_seq`: the list over time reversed; with `lengths`, each row reversed within its
 * length (the steps stacked, ReverseSequence, unstacked).
 */
function reverseSeq(inputSeq: Nested<Output>[], lengths: InputValue | undefined): Nested<Output>[] {
  if (lengths == null) return [...inputSeq].reverse();
  const flatInputSeq = inputSeq.map((input) => flatten(input));
  const flatResults: Output[][] = inputSeq.map(() => []);
  flatInputSeq[0].forEach((_, j) => {
    const sequence = flatInputSeq.map((flat) => flat[j]);
    const rank = sequence[0].shape === null ? null : sequence[0].shape.length;
    for (const input of sequence) assertShapesCompatible(rank === null ? null : new Array(rank).fill(null), input.shape);
    const joined = raw.pack({ values: sequence }, 'stack');
    const reversed = raw.reverseSequence({ input: joined, seqLengths: lengths, seqDim: 0, batchDim: 1 });
    raw.unpack({ value: reversed, num: sequence.length }, 'unstack').forEach((r, i) => flatResults[i].push(r));
  });
  return inputSeq.map((input, i) => packSequenceAs(input, flatResults[i]));
}

/** Options of `staticBidirectionalRnn`. */
export interface StaticBidirectionalRnnOptions extends Omit<StaticRnnOptions, 'initialState'> {
  /** The forward RNN's initial state (default: `cellFw`'s zero state). */
  initialStateFw?: Nested<Output>;
  /** The backward RNN's initial state (default: `cellBw`'s zero state). */
  initialStateBw?: Nested<Output>;
}

/**
 * `tf.compat.v1.nn.static_bidirectional_rnn(cell_fw, cell_bw, inputs, ...)`: `staticRnn` of
 * `cellFw` over `inputs` (in scope `bidirectional_rnn/fw`) and of `cellBw` over them reversed
 * (`bidirectional_rnn/bw`), each step's outputs concatenated (`[batch, fw + bw]`). Gives
 * `[outputs, stateFw, stateBw]`.
 */
export function staticBidirectionalRnn<F extends RNNCell, W extends RNNCell>(cellFw: F, cellBw: W, inputs: Nested<Output>[],
  options: StaticBidirectionalRnnOptions = {}): [CellOutputOf<F>[], CellStateOf<F>, CellStateOf<W>] {
  assertLikeRnnCell('cell_fw', cellFw);
  assertLikeRnnCell('cell_bw', cellBw);
  if (!isNested(inputs)) throw new TypeError(`Argument \`inputs\` must be a sequence. Received: ${pyStr(inputs)}`);
  if (inputs.length === 0) throw new ValueError('Argument `inputs` must not be empty.');
  const { initialStateFw, initialStateBw, scope, ...shared } = options;
  const [[outputFw, stateFw], [tmp, stateBw]] = variableScope(scope ?? 'bidirectional_rnn', () => [
    variableScope('fw', (fwScope) => staticRnn(cellFw, inputs, { ...shared, initialState: initialStateFw, scope: fwScope })),
    variableScope('bw', (bwScope) => staticRnn(cellBw, reverseSeq(inputs, options.sequenceLength),
      { ...shared, initialState: initialStateBw, scope: bwScope })),
  ]);
  const outputBw = reverseSeq(tmp, options.sequenceLength);
  const flatBw = flatten(outputBw);
  const outputs = packSequenceAs(outputFw, flatten(outputFw).map((fw, i) => concat([fw, flatBw[i]], 1)));
  return [outputs, stateFw, stateBw] as [CellOutputOf<F>[], CellStateOf<F>, CellStateOf<W>];
}

/** What `rawRnn`'s `loopFn` gives: `[finished, nextInput, nextCellState, emitOutput, nextLoopState]`. */
export type RawRnnLoopResult = [Output, Nested<Output>, Nested<Output>, Nested<Output> | null, Nested<Output> | null];

/**
 * `rawRnn`'s `loop_fn(time, cell_output, cell_state, loop_state)`: called with nulls at time 0 (then
 * its `nextCellState` is the initial state and its `emitOutput` the structure, without batch, of
 * what each step emits, or null for the cell's output), then after each step.
 */
export type RawRnnLoopFn = (time: Output, cellOutput: Nested<Output> | null, cellState: Nested<Output> | null,
  loopState: Nested<Output> | null) => RawRnnLoopResult;

/** Options of `rawRnn`. */
export interface RawRnnOptions {
  /** How many iterations may run in parallel (default 32). */
  parallelIterations?: number;
  swapMemory?: boolean;
  /** The variable scope (default `rnn`). */
  scope?: string | VariableScope;
}

/**
 * `tf.compat.v1.nn.raw_rnn(cell, loop_fn, parallel_iterations=None, swap_memory=False, scope=None)`:
 * a while loop calling `cell` on the inputs `loopFn` gives, until every batch row is finished;
 * each step's emit (the cell's output by default) is written to TensorArrays (zeros, and the state
 * kept, for finished rows). Gives `[emitTa, finalState, finalLoopState]` (the last null without a
 * loop state).
 */
export function rawRnn(cell: RNNCell, loopFn: RawRnnLoopFn, options: RawRnnOptions = {}):
  [Nested<TensorArray>, Nested<Output>, Nested<Output> | null] {
  assertLikeRnnCell('cell', cell);
  if (typeof loopFn !== 'function') throw new TypeError(`Argument \`loop_fn\` must be a callable. Received: ${pyStr(loopFn)}.`);
  const parallelIterations = options.parallelIterations || 32;
  return variableScope(options.scope ?? 'rnn', (varscope) => {
    setDefaultCachingDevice(varscope);
    const graph = getDefaultGraph();
    const time = makeConst(graph, Tensor.from(0, { dtype: DType.int32 }));
    const [elementsFinished, nextInput, initialState, emitStructure, initLoopState] = loopFn(time, null, null, null);
    const flatInput = flatten(nextInput);
    const loopState = initLoopState ?? makeConst(graph, Tensor.from(0, { dtype: DType.int32 }));
    const inputShapes = flatInput.map((x) => x.shape);
    const staticBatchSize = inputShapes[0]?.[0] ?? null;
    for (const s of inputShapes) assertDimsCompatible(staticBatchSize, s?.[0] ?? null);
    const batchSize = staticBatchSize ?? sliceOf(shape(flatInput[0]), [0]);
    assertSameStructure(initialState, cell.stateSize);
    const flatState = flatten(initialState).map((s) => convertToTensor(s));
    const state = packSequenceAs(initialState, flatState) as Nested<Output>;
    let emitSizes: Size[];
    let emitDTypes: DType[];
    let emitShape: Nested<unknown>;
    if (emitStructure !== null) {
      const flatEmit = flatten(emitStructure);
      emitSizes = flatEmit.map((e) => (isFullyDefined(e.shape) ? e.shape : shape(e)));
      emitDTypes = flatEmit.map((e) => e.dtype);
      emitShape = emitStructure;
    } else {
      emitSizes = flatten(cell.outputSize);
      emitDTypes = emitSizes.map(() => flatState[0].dtype);
      emitShape = cell.outputSize;
    }
    // `_maybe_tensor_shape_from_tensor`: a size tensor's constant value as far as known.
    const staticSize = (size: Size): (number | null)[] | null => {
      if (!(size instanceof Output)) return typeof size === 'number' ? [size] : size;
      const c = constantValue(size);
      return c === null ? null : Array.from(c.data as Int32Array, Number);
    };
    const emitTa = packSequenceAs(emitShape, emitSizes.map((size, i) => {
      const sizeShape = staticSize(size);
      return new TensorArray(emitDTypes[i], { dynamicSize: true, size: 0, name: `rnn_output_${i}`,
        elementShape: sizeShape === null ? null : [staticBatchSize, ...sizeShape] });
    })) as Nested<TensorArray>;
    const flatZeroEmit = emitSizes.map((size, i) => zeros(concatSizes(batchSize, size), emitDTypes[i]));
    const zeroEmit = packSequenceAs(emitShape, flatZeroEmit) as Nested<Output>;

    const body = (t: Output, finished: Output, currentInput: Nested<Output>, emitTaT: Nested<TensorArray>,
      st: Nested<Output>, ls: Nested<Output>) => {
      const [nextOutput, cellState] = callRnnCell(cell, currentInput, st);
      assertSameStructure(st, cellState);
      assertSameStructure(cell.outputSize, nextOutput);
      const nextTime = add(t, 1, 'add');
      const [nextFinished, nextIn, nextState, emitOutput, nextLoopState] = loopFn(nextTime, nextOutput, cellState, ls);
      assertSameStructure(st, nextState);
      assertSameStructure(currentInput, nextIn);
      assertSameStructure(emitTaT, emitOutput);
      // `_copy_some_through`: finished rows keep the zeros and the state (TensorArrays and scalars pass).
      const copySomeThrough = (current: Nested<Output>, candidate: Nested<Output>) => {
        const flatCandidate = flatten(candidate);
        return packSequenceAs(current, flatten(current).map((cur, i) => {
          const cand = flatCandidate[i];
          if (cur.shape?.length === 0) return cand;
          return graph.colocateWith(cand, () => raw.select({ condition: finished, t: cur, e: cand }));
        }));
      };
      const flatEmitted = flatten(copySomeThrough(zeroEmit, emitOutput as Nested<Output>));
      const keptState = copySomeThrough(st, nextState);
      const written = packSequenceAs(emitTaT, flatten(emitTaT).map((ta, i) => ta.write(t, flatEmitted[i])));
      return [nextTime, logicalOr(finished, nextFinished), nextIn, written, keptState, nextLoopState ?? ls];
    };
    // whileLoop's types of nested loop variables instantiate too deep for these.
    const loop = whileLoop as unknown as (cond: (t: Output, finished: Output) => Output, body: unknown, vars: unknown[],
      options: WhileLoopOptions) => [Output, Output, Nested<Output>, Nested<TensorArray>, Nested<Output>, Nested<Output>];
    const returned = loop((_, finished) => logicalNot(reduceAll(finished)), body,
      [time, elementsFinished, nextInput, emitTa, state, loopState],
      { parallelIterations, swapMemory: options.swapMemory ?? false });
    return [returned[3], returned[4], initLoopState === null ? null : returned[5]];
  });
}

/**
 * What `staticStateSavingRnn` keeps its state in (TF1's state saver duck type, e.g. contrib's
 * SequenceQueueingStateSaver): the saved state by name, and an op that saves a new one.
 */
export interface StateSaver {
  state(name: string): Output;
  saveState(name: string, value: Output): Output | Operation;
}

/**
 * `tf.nn.static_state_saving_rnn(cell, inputs, state_saver, state_name, sequence_length=None,
 * scope=None)`: `staticRnn` from the state `stateSaver` holds under `stateName` (a structure of
 * names for a structure of states), the final state saved back; the last output and the state come
 * through Identities run after the saves.
 */
export function staticStateSavingRnn<C extends RNNCell>(cell: C, inputs: Nested<Output>[], stateSaver: StateSaver,
  stateName: Nested<string>, options: { sequenceLength?: InputValue; scope?: string | VariableScope } = {}):
  [CellOutputOf<C>[], CellStateOf<C>] {
  const stateSize = cell.stateSize;
  const stateIsTuple = isNested(stateSize);
  if (stateIsTuple !== isNested(stateName)) {
    throw new ValueError('Argument `state_name` should be the same type as `cell.state_size`. Received: ' +
      `state_name=${pyStr(stateName)}, cell.state_size=${pyStr(stateSize)}.`);
  }
  const names = flatten(stateName) as string[];
  if (stateIsTuple && names.length !== flatten(stateSize).length) {
    throw new ValueError('Number of elements in argument `state_name` and `cell.state_size` are mismatched. Received ' +
      `state_name=${pyStr(stateName)} with ${names.length} elements and cell.state_size=${pyStr(stateSize)} with ` +
      `${flatten(stateSize).length} elements.`);
  }
  const initialState = stateIsTuple ? packSequenceAs(stateSize, names.map((n) => stateSaver.state(n)))
    : stateSaver.state(stateName as string);
  const [outputs, state] = staticRnn(cell, inputs, { initialState: initialState as Nested<Output>,
    sequenceLength: options.sequenceLength, scope: options.scope });
  const flatState = flatten(state as Nested<Output>) as Output[];
  const saves = names.map((n, i) => stateSaver.saveState(n, flatState[i]));
  return controlDependencies(saves, () => {
    const last = outputs[outputs.length - 1] as Nested<Output>;
    outputs[outputs.length - 1] = packSequenceAs(last, (flatten(last) as Output[]).map((o) => identity(o))) as CellOutputOf<C>;
    const newState = stateIsTuple ? packSequenceAs(state as Nested<Output>, flatState.map((s) => identity(s)))
      : identity(state as Output);
    return [outputs, newState as CellStateOf<C>];
  });
}
