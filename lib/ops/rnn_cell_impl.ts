/**
 * TF1's RNN cells (`tf.compat.v1.nn.rnn_cell`, `rnn_cell_impl.py` and `rnn_cell_wrapper_impl.py`):
 * legacy `tf.layers.Layer`s named as TF1 names them (`basic_lstm_cell`, `multi_rnn_cell/cell_0/...`),
 * their variables (`kernel`, `bias`, ...) made on the first call, in the scope they are first
 * called in (`rnn/basic_lstm_cell/kernel`), so that TF1 checkpoints restore by name. They compute
 * what TF1's compute, op for op, and run in `dynamicRnn`, `staticRnn` and the bidirectional RNNs.
 */
import { createHash } from 'crypto';
import { NotImplementedError, ValueError } from '../errors';
import { DType, baseDType, dtypeName, isFloatingDType } from '../framework/dtypes';
import { InputValue, constantValue, convertToTensor } from '../framework/op_def_library';
import { DeviceFunction, Output, getDefaultGraph } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { assertShapesCompatible } from '../framework/tensor_shape';
import { InputSpec, Layer, LayerShape, LayerWeight } from '../layers/base';
import { Nested, assertSameStructure, flatten, isNested, packSequenceAs } from '../util/nest';
import { pyStr } from '../util/python_repr';
import { concat, shape, sliceOf } from './array_ops';
import { clipByValue } from './clip_ops';
import * as raw from './gen/raw_ops';
import { Initializer, constantInitializer, zerosInitializer } from './init_ops';
import { add, matmul, mul, sigmoid, sub, tanh, truediv } from './math_ops';
import { biasAdd, dropout } from './nn_ops';
import { randomUniform } from './random_ops';
import { RNNCell as RNNCellLike, assertLikeRnnCell, cellZeroState, zeroStateTensors } from './rnn';
import { TensorArray } from './tensor_array_ops';
import { VariableScope, getVariableScope, storedVariables, variableScope } from './variable_scope';
import { Variable, trainableVariables } from './variables';

/** A cell's state: a tensor, or a structure of them (an LSTM's `LSTMStateTuple`). */
export type State = Nested<Output>;
/** What a cell's call gives: the step's output and the new state. */
export type CellOutput<O extends Nested<Output> = Nested<Output>, S extends State = State> = [O, S];
/** The nonlinearity of a cell (`activation`), e.g. `ops.tanh` or `ops.nn.relu`. */
export type Activation = (x: Output) => Output;

/** Options of calling a cell (TF1's `cell(inputs, state, scope=None)`). */
export interface CellCallOptions {
  /** The variable scope of the cell's variables, used when it has none yet (its first call). */
  scope?: string | VariableScope | null;
}

/**
 * `LSTMStateTuple(c, h)`: an LSTM's state, the memory `c` and the output `h` (an array `[c, h]`
 * as `nest` sees it; `nest` keeps the class when it packs one).
 */
export class LSTMStateTuple<T = Output> extends Array<T> {
  constructor(c: T, h: T) {
    super(c, h);
  }

  get c(): T {
    return this[0];
  }

  get h(): T {
    return this[1];
  }

  /** `LSTMStateTuple.dtype`: the dtype of `c` and `h`, TF1's TypeError when they differ. */
  get dtype(): DType {
    const [c, h] = this as unknown as Output[];
    if (c.dtype !== h.dtype) {
      throw new TypeError(`Inconsistent internal state: <dtype: '${dtypeName(c.dtype)}'> vs <dtype: '${dtypeName(h.dtype)}'>`);
    }
    return c.dtype;
  }
}

/** `_check_supported_dtypes`: RNN cells compute in floats (or complex numbers) only. */
function checkSupportedDTypes(dtype: DType | null): void {
  if (dtype === null) return;
  if (!isFloatingDType(dtype) && dtype !== DType.complex64 && dtype !== DType.complex128) {
    throw new ValueError(`RNN cell only supports floating point inputs, but saw dtype: <dtype: '${dtypeName(dtype)}'>`);
  }
}

/** `_check_rnn_cell_input_dtypes([inputs, state])`. */
function checkRnnCellInputDTypes(values: Nested<Output>): void {
  for (const t of flatten(values)) checkSupportedDTypes(baseDType(t.dtype));
}

/** `build`'s check that the depth of the inputs is known, with `shape_type_conversion`'s tuple in the message. */
function inputDepth(inputsShape: LayerShape): number {
  const s = inputsShape as (number | null)[];
  const depth = s[s.length - 1];
  if (depth === null) {
    throw new ValueError(`Expected inputs.shape[-1] to be known, saw shape: (${s.map((d) => d ?? 'None').join(', ')})`);
  }
  return depth;
}

/** `cell(inputs, state, scope=scope)` for any cell: an RNNCell's `apply`, else the duck type's. */
function callCell(cell: RNNCellLike, inputs: Nested<Output>, state: State, options: CellCallOptions = {}): CellOutput {
  if (cell instanceof RNNCell) return cell.apply(inputs, state, options);
  return cell.apply ? cell.apply(inputs, state) : cell.call(inputs, state);
}

/**
 * `tf.nn.rnn_cell.RNNCell`: the base of TF1's cells, a legacy Layer. A subclass gives `stateSize`,
 * `outputSize` and `call(inputs, state)`; it may make its variables in `call` with `getVariable`
 * (they become its weights), as TF1's cells written before LayerRNNCell do. Calling it
 * (`apply(inputs, state)`) runs in the variable scope current at its first call, re-entered.
 */
export abstract class RNNCell<O extends Nested<Output> = Nested<Output>, S extends State = State>
  extends Layer<Nested<Output>, CellOutput<O, S>, [S]> implements RNNCellLike {
  /** `rnncell_scope`: the variable scope of the first call, re-entered by the next ones. */
  private rnncellScope: VariableScope | null = null;
  /** The variables `call` made with `getVariable` (`_rnn_get_variable`'s tracking). */
  private readonly gotWeights: Variable[] = [];

  /** The size(s) of the state: a number, or a structure of them (`LSTMStateTuple(c, h)` for an LSTM). */
  abstract get stateSize(): Nested<number>;

  /** The size(s) of the output. */
  abstract get outputSize(): Nested<number>;

  /**
   * TF1's `cell(inputs, state, scope=None)`: one step. With `scope`, in that variable scope; else
   * in the one current at the first call, re-entered (in a new name scope) each time.
   */
  override apply(inputs: Nested<Output>, state: S, options: CellCallOptions = {}): CellOutput<O, S> {
    if (options.scope != null) {
      return variableScope(options.scope, (scope) => this.trackingVariables(() => this.callLayer(inputs, [state], scope)));
    }
    this.rnncellScope ??= getVariableScope();
    return variableScope(this.rnncellScope, () => this.trackingVariables(() => this.callLayer(inputs, [state])));
  }

  /** Runs `fn`, keeping the variables made in it as the cell's weights, as TF1's `_rnn_get_variable` getter. */
  private trackingVariables<T>(fn: () => T): T {
    const before = new Set(storedVariables().vars.keys());
    const result = fn();
    for (const [name, v] of storedVariables().vars) {
      if (!before.has(name) && !this.weights.includes(v)) this.gotWeights.push(v);
    }
    return result;
  }

  override get trainableWeights(): LayerWeight[] {
    if (!this.trainable) return [];
    const all = trainableVariables();
    return [...super.trainableWeights, ...this.gotWeights.filter((v) => all.includes(v))];
  }

  override get nonTrainableWeights(): LayerWeight[] {
    const all = trainableVariables();
    const got = this.gotWeights.filter((v) => !this.trainable || !all.includes(v));
    return [...super.nonTrainableWeights, ...got];
  }

  /**
   * `zero_state(batch_size, dtype)`: zeros of `[batch] + size` for each size of `stateSize`, in
   * name scope `<class name>ZeroState`.
   */
  zeroState(batchSize: number | Output, dtype: DType): S {
    return getDefaultGraph().nameScope(`${this.constructor.name}ZeroState`,
      () => zeroStateTensors(this.stateSize, batchSize, dtype)) as S;
  }

  /**
   * `get_initial_state(inputs=None, batch_size=None, dtype=None)`: the zero state, for `inputs`'
   * batch and dtype when given (which must agree with `batchSize` and `dtype`).
   */
  getInitialState(options: { inputs?: InputValue; batchSize?: number | Output; dtype?: DType } = {}): S {
    let { batchSize, dtype } = options;
    if (options.inputs !== undefined) {
      const inputs = convertToTensor(options.inputs, { name: 'inputs' });
      const inputBatch = inputs.shape?.[0] ?? null;
      if (batchSize !== undefined) {
        const staticBatch = batchSize instanceof Output ? constantValue(batchSize)?.data[0] ?? null : batchSize;
        if (inputBatch !== staticBatch) {
          throw new ValueError('batch size from input tensor is different from the input param. Input tensor batch: ' +
            `${pyStr(inputBatch)}, batch_size: ${pyStr(batchSize)}`);
        }
      }
      if (dtype !== undefined && inputs.dtype !== dtype) {
        throw new ValueError('dtype from input tensor is different from the input param. Input tensor dtype: ' +
          `<dtype: '${dtypeName(inputs.dtype)}'>, dtype: <dtype: '${dtypeName(dtype)}'>`);
      }
      batchSize = inputBatch || sliceOf(shape(inputs), [0]);
      dtype = inputs.dtype;
    }
    if (batchSize === undefined || dtype === undefined) {
      throw new ValueError('batch_size and dtype cannot be None while constructing initial state: ' +
        `batch_size=${pyStr(batchSize)}, dtype=${dtype === undefined ? 'None' : `<dtype: '${dtypeName(dtype)}'>`}`);
    }
    return this.zeroState(batchSize, dtype);
  }

  /** `build`: an RNNCell may make its variables in `call` instead. */
  override build(_inputShape: LayerShape): void {
    this.built = true;
  }
}

/**
 * `LayerRNNCell`: a cell that makes its variables in `build` (with `addWeight`), as a Layer does;
 * calling it goes straight to the Layer's call, with `scope` as its variable scope on the first call.
 */
export abstract class LayerRNNCell<O extends Nested<Output> = Nested<Output>, S extends State = State> extends RNNCell<O, S> {
  override apply(inputs: Nested<Output>, state: S, options: CellCallOptions = {}): CellOutput<O, S> {
    return this.callLayer(inputs, [state], options.scope);
  }
}

/** Options every cell takes (TF1's `reuse`, `name`, `dtype` and the Layer keyword arguments). */
export interface CellOptions {
  /** Reuse the variables of an existing scope of the cell's name. */
  reuse?: boolean;
  /** The cell's name, also its variable scope's (default: the class name in snake case, `basic_lstm_cell`). */
  name?: string;
  /** The dtype of its variables (default: the first input's); floats only. */
  dtype?: DType;
  trainable?: boolean;
}

/** Options of `BasicRNNCell`. */
export interface BasicRNNCellOptions extends CellOptions {
  /** Default `tanh`. */
  activation?: Activation;
}

/**
 * What TF1's four unit cells start with: `num_units`, the float check of the dtype, 2-D inputs, an
 * activation (tanh by default) and an output of `num_units`.
 */
abstract class UnitsCell<S extends State> extends LayerRNNCell<Output, S> {
  protected readonly activation: Activation;

  constructor(readonly numUnits: number, options: BasicRNNCellOptions) {
    super({ reuse: options.reuse, name: options.name, dtype: options.dtype, trainable: options.trainable });
    checkSupportedDTypes(this.dtype);
    this.inputSpec = new InputSpec({ ndim: 2 });
    this.activation = options.activation ?? tanh;
  }

  get outputSize(): number {
    return this.numUnits;
  }
}

/**
 * `tf.nn.rnn_cell.BasicRNNCell(num_units)`: `output = new_state = activation([inputs, state] W + b)`,
 * with `kernel` `[depth + units, units]` and `bias` (zeros).
 */
export class BasicRNNCell extends UnitsCell<Output> {
  private kernel!: LayerWeight;
  private bias!: LayerWeight;

  constructor(numUnits: number, options: BasicRNNCellOptions = {}) {
    super(numUnits, options);
  }

  get stateSize(): number {
    return this.numUnits;
  }

  override build(inputsShape: LayerShape): void {
    const depth = inputDepth(inputsShape);
    checkSupportedDTypes(this.dtype);
    this.kernel = this.addWeight('kernel', [depth + this.numUnits, this.numUnits]);
    this.bias = this.addWeight('bias', [this.numUnits], { initializer: zerosInitializer(this.dtype ?? DType.float32) });
    this.built = true;
  }

  override call(inputs: Nested<Output>, state: Output): CellOutput<Output, Output> {
    checkRnnCellInputDTypes([inputs, state]);
    const gateInputs = biasAdd(matmul(concat([inputs as Output, state], 1), this.kernel), this.bias);
    const output = this.activation(gateInputs);
    return [output, output];
  }
}

/** Options of `GRUCell`. */
export interface GRUCellOptions extends BasicRNNCellOptions {
  /** The initializer of both kernels (default glorot uniform). */
  kernelInitializer?: Initializer;
  /** The initializer of both biases (default: ones for the gates, zeros for the candidate). */
  biasInitializer?: Initializer;
}

/**
 * `tf.nn.rnn_cell.GRUCell(num_units)`: the reset and update gates `r, u = sigmoid([x, h] W_g + b_g)`,
 * the candidate `c = activation([x, r h] W_c + b_c)`, `h' = u h + (1 - u) c`; variables
 * `gates/kernel`, `gates/bias`, `candidate/kernel`, `candidate/bias`.
 */
export class GRUCell extends UnitsCell<Output> {
  private readonly kernelInitializer?: Initializer;
  private readonly biasInitializer?: Initializer;
  private gateKernel!: LayerWeight;
  private gateBias!: LayerWeight;
  private candidateKernel!: LayerWeight;
  private candidateBias!: LayerWeight;

  constructor(numUnits: number, options: GRUCellOptions = {}) {
    super(numUnits, options);
    this.kernelInitializer = options.kernelInitializer;
    this.biasInitializer = options.biasInitializer;
  }

  get stateSize(): number {
    return this.numUnits;
  }

  override build(inputsShape: LayerShape): void {
    const depth = inputDepth(inputsShape);
    checkSupportedDTypes(this.dtype);
    const units = this.numUnits;
    const dtype = this.dtype ?? DType.float32;
    const kernelInitializer = this.kernelInitializer;
    this.gateKernel = this.addWeight('gates/kernel', [depth + units, 2 * units], { initializer: kernelInitializer });
    this.gateBias = this.addWeight('gates/bias', [2 * units],
      { initializer: this.biasInitializer ?? constantInitializer(1, dtype) });
    this.candidateKernel = this.addWeight('candidate/kernel', [depth + units, units], { initializer: kernelInitializer });
    this.candidateBias = this.addWeight('candidate/bias', [units],
      { initializer: this.biasInitializer ?? zerosInitializer(dtype) });
    this.built = true;
  }

  override call(inputs: Nested<Output>, state: Output): CellOutput<Output, Output> {
    checkRnnCellInputDTypes([inputs, state]);
    const h = state;
    const gateInputs = biasAdd(matmul(concat([inputs as Output, h], 1), this.gateKernel), this.gateBias);
    const value = sigmoid(gateInputs);
    const [r, u] = raw.split({ splitDim: 1, value, numSplit: 2 }, 'split');
    const rState = mul(r, h, 'mul');
    const candidate = biasAdd(matmul(concat([inputs as Output, rState], 1), this.candidateKernel), this.candidateBias);
    const c = this.activation(candidate);
    const newH = add(mul(u, h, 'mul'), mul(sub(1, u, 'sub'), c, 'mul'), 'add');
    return [newH, newH];
  }
}

/** Options of `BasicLSTMCell`. */
export interface BasicLSTMCellOptions<T extends boolean = true> extends BasicRNNCellOptions {
  /** Added to the forget gate's pre-activation (default 1). */
  forgetBias?: number;
  /** The state as `LSTMStateTuple(c, h)` (default), or `c` and `h` concatenated. */
  stateIsTuple?: T;
}

/** An LSTM's state: `LSTMStateTuple(c, h)`, or with `stateIsTuple: false` both concatenated. */
export type LSTMState<T extends boolean> = T extends false ? Output : LSTMStateTuple;

/**
 * `tf.nn.rnn_cell.BasicLSTMCell(num_units)`: the LSTM of TF1, gates `i, j, f, o` from one
 * `[x, h] kernel + bias`, `c' = c sigmoid(f + forgetBias) + sigmoid(i) activation(j)`,
 * `h' = activation(c') sigmoid(o)`; the state `LSTMStateTuple(c', h')`.
 */
export class BasicLSTMCell<T extends boolean = true> extends UnitsCell<LSTMState<T>> {
  private readonly forgetBias: number;
  private readonly stateIsTuple: boolean;
  private kernel!: LayerWeight;
  private bias!: LayerWeight;

  constructor(numUnits: number, options: BasicLSTMCellOptions<T> = {}) {
    super(numUnits, options);
    this.forgetBias = options.forgetBias ?? 1;
    this.stateIsTuple = options.stateIsTuple ?? true;
  }

  get stateSize(): Nested<number> {
    return this.stateIsTuple ? new LSTMStateTuple(this.numUnits, this.numUnits) : 2 * this.numUnits;
  }

  override build(inputsShape: LayerShape): void {
    const depth = inputDepth(inputsShape);
    checkSupportedDTypes(this.dtype);
    this.kernel = this.addWeight('kernel', [depth + this.numUnits, 4 * this.numUnits]);
    this.bias = this.addWeight('bias', [4 * this.numUnits], { initializer: zerosInitializer(this.dtype ?? DType.float32) });
    this.built = true;
  }

  override call(inputs: Nested<Output>, state: LSTMState<T>): CellOutput<Output, LSTMState<T>> {
    checkRnnCellInputDTypes([inputs, state]);
    const one = convertToTensor(1, { dtype: DType.int32, name: 'Const' });
    const [c, h] = this.stateIsTuple ? state as Output[]
      : raw.split({ splitDim: one, value: state as Output, numSplit: 2 }, 'split');
    const gateInputs = biasAdd(matmul(concat([inputs as Output, h], 1), this.kernel), this.bias);
    const [i, j, f, o] = raw.split({ splitDim: one, value: gateInputs, numSplit: 4 }, 'split');
    const forgetBias = convertToTensor(this.forgetBias, { dtype: f.dtype, name: 'Const' });
    const newC = add(mul(c, sigmoid(add(f, forgetBias))), mul(sigmoid(i), this.activation(j)));
    const newH = mul(this.activation(newC), sigmoid(o));
    return [newH, (this.stateIsTuple ? new LSTMStateTuple(newC, newH) : concat([newC, newH], 1)) as LSTMState<T>];
  }
}

/** Options of `LSTMCell`. */
export interface LSTMCellOptions<T extends boolean = true> extends BasicLSTMCellOptions<T> {
  /** Diagonal (peephole) connections from the cell to the gates: variables `w_f_diag`, `w_i_diag`, `w_o_diag`. */
  usePeepholes?: boolean;
  /** The cell state is clipped to `[-cellClip, cellClip]` before the output activation. */
  cellClip?: number;
  /** The initializer of the weight and projection matrices (default glorot uniform). */
  initializer?: Initializer;
  /** Project the output to this size (`projection/kernel`); the output and `h` are then `numProj` wide. */
  numProj?: number;
  /** The projection is clipped to `[-projClip, projClip]`. */
  projClip?: number;
  /** TF1's deprecated sharding of the kernel: not supported here (a partitioner on the scope is TF1's replacement). */
  numUnitShards?: number;
  /** As `numUnitShards`, for the projection. */
  numProjShards?: number;
}

/**
 * `tf.nn.rnn_cell.LSTMCell(num_units)`: the LSTM with optional peepholes, cell clipping and an
 * output projection (with its own clipping); the state `LSTMStateTuple(c, m)`.
 */
export class LSTMCell<T extends boolean = true> extends UnitsCell<LSTMState<T>> {
  private readonly options: LSTMCellOptions<T>;
  private readonly stateIsTuple: boolean;
  private readonly sizes: { state: Nested<number>; output: number };
  private kernel!: LayerWeight;
  private bias!: LayerWeight;
  private peepholes!: { f: LayerWeight; i: LayerWeight; o: LayerWeight };
  private projKernel!: LayerWeight;

  constructor(numUnits: number, options: LSTMCellOptions<T> = {}) {
    super(numUnits, options);
    if (options.numUnitShards != null || options.numProjShards != null) {
      throw new NotImplementedError('LSTMCell: num_unit_shards and num_proj_shards (deprecated in TF1) are not ' +
        'supported; use a variable scope with a partitioner instead.');
    }
    this.options = options;
    this.stateIsTuple = options.stateIsTuple ?? true;
    const h = options.numProj ?? numUnits;
    this.sizes = { state: this.stateIsTuple ? new LSTMStateTuple(numUnits, h) : numUnits + h, output: h };
  }

  get stateSize(): Nested<number> {
    return this.sizes.state;
  }

  override get outputSize(): number {
    return this.sizes.output;
  }

  override build(inputsShape: LayerShape): void {
    const depth = inputDepth(inputsShape);
    checkSupportedDTypes(this.dtype);
    const { initializer, numProj } = this.options;
    const units = this.numUnits;
    this.kernel = this.addWeight('kernel', [depth + (numProj ?? units), 4 * units], { initializer });
    this.bias = this.addWeight('bias', [4 * units], { initializer: zerosInitializer(this.dtype ?? DType.float32) });
    if (this.options.usePeepholes) {
      const f = this.addWeight('w_f_diag', [units], { initializer });
      const i = this.addWeight('w_i_diag', [units], { initializer });
      this.peepholes = { f, i, o: this.addWeight('w_o_diag', [units], { initializer }) };
    }
    if (numProj !== undefined) this.projKernel = this.addWeight('projection/kernel', [units, numProj], { initializer });
    this.built = true;
  }

  override call(inputs: Nested<Output>, state: LSTMState<T>): CellOutput<Output, LSTMState<T>> {
    checkRnnCellInputDTypes([inputs, state]);
    const { usePeepholes, cellClip, numProj, projClip } = this.options;
    const forgetBias = this.options.forgetBias ?? 1;
    const units = this.numUnits;
    const [cPrev, mPrev] = this.stateIsTuple ? state as Output[] : [
      raw.slice({ input: state as Output, begin: [0, 0], size: [-1, units] }, 'Slice'),
      raw.slice({ input: state as Output, begin: [0, units], size: [-1, numProj ?? units] }, 'Slice')];
    const x = inputs as Output;
    if (x.shape !== null && x.shape.length !== 2) throw new ValueError(`Shape ${pyStr(x.shape)} must have rank 2`);
    if (x.shape?.[1] == null) throw new ValueError('Could not infer input size from inputs.get_shape()[-1]');
    const lstmMatrix = biasAdd(matmul(concat([x, mPrev], 1), this.kernel), this.bias);
    const [i, j, f, o] = raw.split({ splitDim: 1, value: lstmMatrix, numSplit: 4 }, 'split');
    const p = this.peepholes;
    let c = usePeepholes
      ? add(mul(sigmoid(add(add(f, forgetBias, 'add'), mul(p.f, cPrev, 'mul'), 'add')), cPrev, 'mul'),
        mul(sigmoid(add(i, mul(p.i, cPrev, 'mul'), 'add')), this.activation(j), 'mul'), 'add')
      : add(mul(sigmoid(add(f, forgetBias, 'add')), cPrev, 'mul'), mul(sigmoid(i), this.activation(j), 'mul'), 'add');
    if (cellClip != null) c = clipByValue(c, -cellClip, cellClip);
    let m = usePeepholes ? mul(sigmoid(add(o, mul(p.o, c, 'mul'), 'add')), this.activation(c), 'mul')
      : mul(sigmoid(o), this.activation(c), 'mul');
    if (numProj !== undefined) {
      m = matmul(m, this.projKernel);
      if (projClip != null) m = clipByValue(m, -projClip, projClip);
    }
    return [m, (this.stateIsTuple ? new LSTMStateTuple(c, m) : concat([c, m], 1)) as LSTMState<T>];
  }
}

/** `str(state_size)` as MultiRNNCell's message prints one: `3`, `LSTMStateTuple(c=3, h=3)`, `(3, 2)`. */
function sizeRepr(size: Nested<number>): string {
  if (size instanceof LSTMStateTuple) return `LSTMStateTuple(c=${sizeRepr(size.c)}, h=${sizeRepr(size.h)})`;
  if (Array.isArray(size)) return size.length === 1 ? `(${sizeRepr(size[0])},)` : `(${size.map(sizeRepr).join(', ')})`;
  return String(size);
}

/**
 * `tf.nn.rnn_cell.MultiRNNCell(cells, state_is_tuple=True)`: the cells stacked, each step's input
 * going through them in order (each in variable scope `cell_<i>`), the state the tuple of theirs
 * (or all concatenated).
 */
export class MultiRNNCell extends RNNCell {
  private readonly cells: RNNCellLike[];
  private readonly stateIsTuple: boolean;

  constructor(cells: RNNCellLike[], options: { stateIsTuple?: boolean } = {}) {
    super();
    if (!cells || (Array.isArray(cells) && cells.length === 0)) {
      throw new ValueError('Must specify at least one cell for MultiRNNCell.');
    }
    if (!isNested(cells)) throw new TypeError(`cells must be a list or tuple, but saw: ${pyStr(cells)}.`);
    this.cells = cells;
    this.stateIsTuple = options.stateIsTuple ?? true;
    if (!this.stateIsTuple && cells.some((c) => isNested(c.stateSize))) {
      throw new ValueError('Some cells return tuples of states, but the flag state_is_tuple is not set.  State sizes ' +
        `are: [${cells.map((c) => sizeRepr(c.stateSize)).join(', ')}]`);
    }
  }

  get stateSize(): Nested<number> {
    const sizes = this.cells.map((c) => c.stateSize);
    return this.stateIsTuple ? sizes : (sizes as number[]).reduce((a, b) => a + b, 0);
  }

  get outputSize(): Nested<number> {
    return this.cells[this.cells.length - 1].outputSize;
  }

  /** Each cell's zero state (in `MultiRNNCellZeroState`), or, with concatenated states, RNNCell's zeros. */
  override zeroState(batchSize: number | Output, dtype: DType): State {
    return getDefaultGraph().nameScope(`${this.constructor.name}ZeroState`, () => (this.stateIsTuple
      ? this.cells.map((c) => cellZeroState(c, batchSize, dtype)) : super.zeroState(batchSize, dtype)));
  }

  /** The trainable weights of its cells (TF1's `MultiRNNCell.trainable_weights`). */
  override get trainableWeights(): LayerWeight[] {
    if (!this.trainable) return [];
    return this.cells.flatMap((c) => (c instanceof Layer ? c.trainableWeights : []));
  }

  override get nonTrainableWeights(): LayerWeight[] {
    const weights = this.cells.flatMap((c) => (c instanceof Layer ? c.nonTrainableWeights : []));
    if (this.trainable) return weights;
    return [...this.cells.flatMap((c) => (c instanceof Layer ? c.trainableWeights : [])), ...weights];
  }

  override call(inputs: Nested<Output>, state: State): CellOutput {
    let curStatePos = 0;
    let curInp = inputs;
    const newStates = this.cells.map((cell, i) => variableScope(`cell_${i}`, () => {
      let curState: State;
      if (this.stateIsTuple) {
        if (!isNested(state)) {
          throw new ValueError(`Expected state to be a tuple of length ${(this.stateSize as unknown[]).length}, but ` +
            `received: ${pyStr(state)}`);
        }
        curState = (state as State[])[i];
      } else {
        const size = cell.stateSize as number;
        curState = raw.slice({ input: state as Output, begin: [0, curStatePos], size: [-1, size] }, 'Slice');
        curStatePos += size;
      }
      let newState: State;
      [curInp, newState] = callCell(cell, curInp, curState);
      return newState;
    }));
    return [curInp, this.stateIsTuple ? newStates : concat(newStates as Output[], 1)];
  }
}

/**
 * `_RNNCellWrapperV1`: a cell around another (`cell`), with its sizes; calling it calls the
 * wrapped cell's `__call__` (with the scope given) through `callWrappedCell`, in no scope of its own.
 */
abstract class RNNCellWrapper extends RNNCell {
  constructor(readonly cell: RNNCellLike, options: { dtype?: DType } = {}) {
    super({ dtype: options.dtype });
    assertLikeRnnCell('cell', cell);
  }

  get stateSize(): Nested<number> {
    return this.cell.stateSize;
  }

  get outputSize(): Nested<number> {
    return this.cell.outputSize;
  }

  /** `zero_state`: the wrapped cell's, in `<class name>ZeroState`. */
  override zeroState(batchSize: number | Output, dtype: DType): State {
    return getDefaultGraph().nameScope(`${this.constructor.name}ZeroState`, () => cellZeroState(this.cell, batchSize, dtype));
  }

  /** `_call_wrapped_cell`: the wrapping around `cellCall`, the wrapped cell's step. */
  protected abstract callWrappedCell(inputs: Nested<Output>, state: State,
    cellCall: (inputs: Nested<Output>, state: State) => CellOutput): CellOutput;

  override apply(inputs: Nested<Output>, state: State, options: CellCallOptions = {}): CellOutput {
    return this.callWrappedCell(inputs, state, (i, s) => callCell(this.cell, i, s, options));
  }

  override call(inputs: Nested<Output>, state: State): CellOutput {
    return this.callWrappedCell(inputs, state, (i, s) => this.cell.call(i, s));
  }
}

/** What `dropoutStateFilterVisitor` gives for a part of the state: drop it out or not, or which of its parts. */
export type DropoutFilter = boolean | Nested<boolean>;

/** Options of `DropoutWrapper`. */
export interface DropoutWrapperOptions {
  /** Keep probability of the inputs (a number or a scalar tensor; default 1, no dropout). */
  inputKeepProb?: number | Output;
  /** Keep probability of the outputs. */
  outputKeepProb?: number | Output;
  /** Keep probability of the new state (of the parts `dropoutStateFilterVisitor` picks: not an LSTM's `c`). */
  stateKeepProb?: number | Output;
  /** The same dropout mask at every step (Gal and Ghahramani); needs `dtype`, and `inputSize` to drop inputs. */
  variationalRecurrent?: boolean;
  /** The depth(s) of the inputs, for variational input dropout. */
  inputSize?: Nested<number>;
  dtype?: DType;
  /** The seed from which each dropout's own seed is derived. */
  seed?: number;
  /** Which parts of the state to drop out (default: all but an `LSTMStateTuple`'s `c` and TensorArrays). */
  dropoutStateFilterVisitor?: (substate: unknown) => DropoutFilter;
}

/** `_default_dropout_state_filter_visitor`: never the memory `c` of an LSTM, nor a TensorArray. */
function defaultDropoutStateFilter(substate: unknown): DropoutFilter {
  if (substate instanceof LSTMStateTuple) return new LSTMStateTuple(false, true);
  return !(substate instanceof TensorArray);
}

/** `nest.get_traverse_shallow_structure(traverse_fn, structure)`: the structure down to where `fn` answers with bools. */
function traverseShallowStructure(fn: (s: unknown) => DropoutFilter, structure: unknown): Nested<boolean> {
  const toTraverse = fn(structure);
  if (!isNested(structure)) {
    if (typeof toTraverse !== 'boolean') {
      throw new TypeError(`traverse_fn returned structure: ${pyStr(toTraverse)} for non-structure: ${pyStr(structure)}`);
    }
    return toTraverse;
  }
  const branches = childrenOf(structure);
  let level: Nested<boolean>[];
  if (typeof toTraverse === 'boolean') {
    if (!toTraverse) return false;
    level = branches.map((b) => traverseShallowStructure(fn, b));
  } else {
    const flags = flatten(toTraverse);
    level = branches.map((b, i) => (flags[i] ? traverseShallowStructure(fn, b) : false));
  }
  return sequenceLike(structure, level);
}

/** The elements of a structure's top level (an object's by sorted key, as `nest`). */
function childrenOf(structure: unknown): unknown[] {
  if (Array.isArray(structure)) return [...structure];
  const o = structure as Record<string, unknown>;
  return Object.keys(o).sort().map((k) => o[k]);
}

/** `nest.sequence_like`: `values` in the kind of sequence `structure` is (an LSTMStateTuple stays one). */
function sequenceLike<T>(structure: unknown, values: T[]): Nested<T> {
  if (structure instanceof LSTMStateTuple) return new LSTMStateTuple(values[0], values[1]) as unknown as Nested<T>;
  if (Array.isArray(structure)) return values as Nested<T>[];
  const keys = Object.keys(structure as object).sort();
  return Object.fromEntries(keys.map((k, i) => [k, values[i]])) as Nested<T>;
}

/**
 * `_enumerated_map_structure_up_to(shallow, fn, *values)`: `fn(i, ...)` on each leaf of `shallow`
 * and the parts of `values` under it, `i` counting the leaves.
 */
function enumeratedMapUpTo<T>(shallow: Nested<unknown>, fn: (i: number, ...parts: unknown[]) => T,
  ...values: unknown[]): Nested<T> {
  let i = 0;
  const walk = (s: unknown, parts: unknown[]): unknown => {
    if (!isNested(s)) return fn(i++, ...parts);
    const kids = childrenOf(s);
    const partKids = parts.map((p) => {
      // `assert_shallow_structure`: each of `values` has `shallow`'s structure down to its leaves.
      assertSameStructure(kids.map(() => 0), isNested(p) ? childrenOf(p).map(() => 0) : p);
      return childrenOf(p);
    });
    return sequenceLike(s, kids.map((k, j) => walk(k, partKids.map((p) => p[j]))));
  };
  return walk(shallow, values) as Nested<T>;
}

/**
 * `tf.nn.rnn_cell.DropoutWrapper(cell, input_keep_prob, output_keep_prob, state_keep_prob, ...)`:
 * dropout of the cell's inputs, outputs and (filtered) new state, each with its keep probability
 * (a number, or a tensor decided at run time; 1 for none), a new mask at each step, or the same
 * one at every step with `variationalRecurrent`.
 */
export class DropoutWrapper extends RNNCellWrapper {
  private readonly keepProbs: Record<'input' | 'state' | 'output', number | Output>;
  private readonly seed: number | undefined;
  private readonly variational: boolean;
  private readonly stateFilter: (substate: unknown) => DropoutFilter;
  private readonly noise: Record<'input' | 'state' | 'output', Nested<Output> | null> = {
    input: null, state: null, output: null,
  };

  constructor(cell: RNNCellLike, options: DropoutWrapperOptions = {}) {
    super(cell, { dtype: options.dtype });
    if (options.dropoutStateFilterVisitor !== undefined && typeof options.dropoutStateFilterVisitor !== 'function') {
      throw new TypeError('dropout_state_filter_visitor must be callable');
    }
    this.stateFilter = options.dropoutStateFilterVisitor ?? defaultDropoutStateFilter;
    const probs = { input: options.inputKeepProb ?? 1, state: options.stateKeepProb ?? 1, output: options.outputKeepProb ?? 1 };
    // As TF1, each probability is made a tensor (a Const for a number), in `DropoutWrapperInit`.
    this.keepProbs = getDefaultGraph().nameScope('DropoutWrapperInit', () => {
      const out = {} as Record<'input' | 'state' | 'output', number | Output>;
      for (const attr of ['input', 'state', 'output'] as const) {
        const prob = convertToTensor(probs[attr] as InputValue);
        const value = constantValue(prob);
        if (value !== null) {
          const p = Number(value.data[0]);
          if (p < 0 || p > 1) throw new ValueError(`Parameter ${attr}_keep_prob must be between 0 and 1: ${Math.trunc(p)}`);
          out[attr] = p;
        } else {
          out[attr] = prob;
        }
      }
      return out;
    });
    this.variational = options.variationalRecurrent ?? false;
    this.seed = options.seed;
    if (this.variational) {
      const dtype = options.dtype;
      if (dtype === undefined) throw new ValueError('When variational_recurrent=True, dtype must be provided');
      // `random_uniform(concat(([1], TensorShape(s).as_list()), 0))`: Python's ints, int32.
      const ints = (xs: number[]) => Tensor.from(xs, { dtype: DType.int32 });
      const batchNoise = (s: Nested<number>, innerSeed: number | undefined) => randomUniform(
        concat([ints([1]), ints(flatten(s))], 0), { seed: innerSeed, dtype });
      const noiseFor = (attr: 'input' | 'state' | 'output', sizes: Nested<number>) =>
        enumeratedMapUpTo(sizes, (i, s) => batchNoise(s as number, this.genSeed(attr, i)), sizes);
      const inputProb = this.keepProbs.input;
      if (typeof inputProb !== 'number' || inputProb < 1) {
        if (options.inputSize === undefined) {
          throw new ValueError('When variational_recurrent=True and input_keep_prob < 1.0 or is unknown, input_size ' +
            'must be provided');
        }
        this.noise.input = noiseFor('input', options.inputSize);
      }
      this.noise.state = noiseFor('state', cell.stateSize);
      this.noise.output = noiseFor('output', cell.outputSize);
    }
  }

  /** `_gen_seed`: the seed of dropout `<prefix>_<index>`, from the wrapper's (md5 of both, as TF1). */
  private genSeed(saltPrefix: string, index: number): number | undefined {
    if (this.seed === undefined) return undefined;
    const digest = createHash('md5').update(`${this.seed}${saltPrefix}_${index}`, 'utf8').digest('hex');
    return parseInt(digest.slice(0, 8), 16) & 0x7fffffff;
  }

  /** `_dropout`: standard dropout of each part of `values` that `shallow` marks, or the variational mask. */
  private dropout(values: Nested<Output>, saltPrefix: 'input' | 'state' | 'output', keepProb: number | Output,
    shallow: Nested<unknown> = values): Nested<Output> {
    const noise = this.noise[saltPrefix];
    return enumeratedMapUpTo(shallow, (i, doDropout, v, n) => {
      if (doDropout === false) return v as Nested<Output>;
      const value = v as Output;
      if (!this.variational) return dropout(value, { keepProb, seed: this.genSeed(saltPrefix, i) });
      // `_variational_recurrent_dropout_value`: the step's fixed mask, `floor(keep_prob + noise)`.
      const binary = raw.floor({ x: add(keepProb, n as Output, 'add') }, 'Floor');
      const ret = mul(truediv(value, keepProb), binary, 'mul');
      ret.setShape(value.shape);
      return ret;
    }, shallow, values, ...(this.variational ? [noise] : [])) as Nested<Output>;
  }

  protected callWrappedCell(inputs: Nested<Output>, state: State,
    cellCall: (inputs: Nested<Output>, state: State) => CellOutput): CellOutput {
    const shouldDropout = (p: number | Output) => typeof p !== 'number' || p < 1;
    const { input, state: stateProb, output: outputProb } = this.keepProbs;
    const x = shouldDropout(input) ? this.dropout(inputs, 'input', input) : inputs;
    let [output, newState] = cellCall(x, state);
    if (shouldDropout(stateProb)) {
      newState = this.dropout(newState, 'state', stateProb, traverseShallowStructure(this.stateFilter, newState));
    }
    if (shouldDropout(outputProb)) output = this.dropout(output, 'output', outputProb);
    return [output, newState];
  }
}

/**
 * `tf.nn.rnn_cell.ResidualWrapper(cell, residual_fn=None)`: the cell's output plus its input
 * (`residualFn(inputs, outputs)` instead when given), which must have the same structure and shapes.
 */
export class ResidualWrapper extends RNNCellWrapper {
  constructor(cell: RNNCellLike, private readonly residualFn?: (inputs: Nested<Output>, outputs: Nested<Output>) =>
    Nested<Output>) {
    super(cell);
  }

  protected callWrappedCell(inputs: Nested<Output>, state: State,
    cellCall: (inputs: Nested<Output>, state: State) => CellOutput): CellOutput {
    const [outputs, newState] = cellCall(inputs, state);
    const defaultResidual = (ins: Nested<Output>, outs: Nested<Output>) => {
      assertSameStructure(ins, outs);
      const [flatIn, flatOut] = [flatten(ins), flatten(outs)];
      flatIn.forEach((inp, i) => assertShapesCompatible(inp.shape, flatOut[i].shape));
      return packSequenceAs(ins, flatIn.map((inp, i) => add(inp, flatOut[i], 'add')));
    };
    return [(this.residualFn ?? defaultResidual)(inputs, outputs), newState];
  }
}

/** `tf.nn.rnn_cell.DeviceWrapper(cell, device)`: the cell (and its zero state) built on `device`. */
export class DeviceWrapper extends RNNCellWrapper {
  constructor(cell: RNNCellLike, private readonly device: string | DeviceFunction) {
    super(cell);
  }

  override zeroState(batchSize: number | Output, dtype: DType): State {
    const graph = getDefaultGraph();
    return graph.nameScope(`${this.constructor.name}ZeroState`, () => graph.device(this.device, () =>
      cellZeroState(this.cell, batchSize, dtype)));
  }

  protected callWrappedCell(inputs: Nested<Output>, state: State,
    cellCall: (inputs: Nested<Output>, state: State) => CellOutput): CellOutput {
    return getDefaultGraph().device(this.device, () => cellCall(inputs, state));
  }
}
