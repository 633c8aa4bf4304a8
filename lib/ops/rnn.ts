/**
 * TF1's `tf.compat.v1.nn.dynamic_rnn` (`rnn.py`) for a cell written by the user: in variable
 * scope `rnn`, the inputs made time-major, read one step at a time from TensorArrays inside a v1
 * while loop (bounded by `maximum_iterations`), the cell's outputs written to TensorArrays and
 * stacked after it; with `sequenceLength`, rows past their length keep their state and give zeros.
 */
import { ValueError } from '../errors';
import { DType, baseDType } from '../framework/dtypes';
import { InputValue, constantValue, convertToTensor, makeConst } from '../framework/op_def_library';
import { Output, getDefaultGraph } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { shapeString } from '../framework/tensor_shape';
import { Nested, assertSameStructure, flatten, packSequenceAs } from '../util/nest';
import { pyStr } from '../util/python_repr';
import { cast, concat, expandDims, identity, rank, shape, sliceOf, withScope, zeros } from './array_ops';
import { Assert } from './control_flow_assert';
import { controlDependencies } from './control_flow_ops';
import * as raw from './gen/raw_ops';
import { add, equal, less, maximum, minimum, range, reduceAll, reduceMax, reduceMin } from './math_ops';
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
   * The initial state when `dynamicRnn` is given none (default: RNNCell's, zeros of `stateSize`
   * for the batch, in name scope `<class name>ZeroState`).
   */
  zeroState?(batchSize: number | Output, dtype: DType): Nested<Output>;
}

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
function assertLikeRnnCell(name: string, cell: unknown): asserts cell is RNNCell {
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
function zeroStateTensors(stateSize: Nested<number>, batchSize: number | Output, dtype: DType): Nested<Output> {
  return packSequenceAs(stateSize, flatten(stateSize).map((s) => {
    const z = zeros(concatSizes(batchSize, s), dtype);
    z.setShape(concatSizes(batchSize, s, true));
    return z;
  }));
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

/**
 * `_rnn_step(..., skip_conditionals=True)`: the cell's step, each output row past its sequence
 * length zero and each state row kept (a Select on `time >= sequenceLength`, colocated with the new value).
 */
function rnnStep(time: Output, sequenceLength: Output, zeroOutput: Nested<Output>, state: Nested<Output>,
  callCell: () => [Nested<Output>, Nested<Output>]): [Nested<Output>, Nested<Output>] {
  const copyCond = raw.greaterEqual({ x: time, y: sequenceLength });
  const [newOutput, newState] = callCell();
  assertSameStructure(zeroOutput, newOutput);
  assertSameStructure(state, newState);
  const copyOneThrough = (old: Output, next: Output) => (old.shape?.length === 0 ? next
    : next.graph.colocateWith(next, () => raw.select({ condition: copyCond, t: old, e: next })));
  const flatZero = flatten(zeroOutput);
  const flatState = flatten(state);
  const finalOutput = flatten(newOutput).map((o, i) => copyOneThrough(flatZero[i], o));
  const finalState = flatten(newState).map((s, i) => copyOneThrough(flatState[i], s));
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
  let maxSequenceLength = timeSteps;
  if (sequenceLength !== null) {
    // TF1 makes the min too, which only `_rnn_step`'s conditionals (off here) would read.
    reduceMin(sequenceLength);
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
    const callCell = () => cell.call(packed, st);
    const [output, newState] = sequenceLength !== null
      ? rnnStep(t, sequenceLength, zeroOutput, st, callCell) : callCell();
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
 * last state, in the structures `cell.call` gives them. Gradients (`minimize`) go through the
 * loop to the variables the cell reads; the cell must make them outside the loop (when it is
 * made, say): TF1's `init_scope`, which lifts variables made in the loop out of it, is not here.
 */
export function dynamicRnn<C extends RNNCell>(cell: C, inputs: Nested<InputValue>, options: DynamicRnnOptions = {}):
  ReturnType<C['call']> {
  assertLikeRnnCell('cell', cell);
  const timeMajor = options.timeMajor ?? false;
  return variableScope(options.scope ?? 'rnn', () => {
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
    let state: Nested<Output>;
    if (options.initialState !== undefined) {
      state = options.initialState;
    } else {
      if (!options.dtype) throw new ValueError('If no initial_state is provided, argument `dtype` must be specified');
      const dtype = options.dtype;
      state = cell.zeroState ? cell.zeroState(batchSize, dtype) : getDefaultGraph().nameScope(
        `${cell.constructor.name}ZeroState`, () => zeroStateTensors(cell.stateSize, batchSize, dtype));
    }
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
