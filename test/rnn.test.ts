/**
 * TF1's RNN cells (`tf.nn.rnn_cell.*`), `init_scope` and `tf.nn`'s RNN functions against TF1 Python
 * (TF 2.21's own copy of TF1's cells, through `tf.compat.v1.nn`): the graphs of
 * scripts/graph_fixtures/rnn.py, built here with the same calls, must have the same ops (names,
 * types, inputs, control inputs, placement, attrs, Const values) in the same order and the same
 * collections, and session runs of them the same values. Gradients through the RNNs, LSTM models
 * trained with Adam (ref and resource variables), a checkpoint Python wrote restored by name, and
 * the errors of bad arguments must match Python's too.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  DType, Fetches, Graph, NotImplementedError, Output, Session, Tensor, Variable, ops, train,
} from '../lib';
import { Nested } from '../lib/util/nest';
import { sliceOf } from '../lib/ops/array_ops';
import { RecordedAll, loadGraphFixture } from './helpers/graph_record';
import {
  Json, describeTF1Graphs, expectClose, itGivesTF1Gradients, feedOf, itThrowsTF1Errors, jsonOf,
} from './helpers/fixture_values';

interface Fixture {
  graphs: Record<string, RecordedAll & { feeds: Array<Record<string, Json>>; shapes: Json; weights?: Json }>;
  values: Record<string, Json[]>;
  gradients: Record<string, { sparse: boolean[]; runs: Array<{ feed: Record<string, Json>; grads: Json[] }> }>;
  training: { target: Json } & Record<'ref' | 'resource', {
    losses: number[]; weights: Record<string, Json>; prediction?: Json;
    checkpoint?: { files: Record<string, string>; variables: Array<[string, number[]]> };
  }>;
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('rnn.json');

const SEED = 7;
const [B, T, D] = [2, 4, 3];

/** The input placeholder, after the graph-level seed the cells' default kernels are drawn from. */
function seq(shape: number[] = [B, T, D], name = 'x'): Output {
  ops.setRandomSeed(SEED);
  return ops.placeholder(DType.float32, shape, name);
}

const lengths = () => ops.placeholder(DType.int32, [B], 'n');

/** `tf.unstack(x, axis=1)`: the steps of `[batch, time, depth]` inputs. */
const unstack = (x: Output) => ops.gen.unpack({ value: x, num: x.shape![1]!, axis: 1 }, 'unstack');

/**
 * h = tanh(x W + h U + b), W, U and b made by getVariable at each call (shared after the first):
 * initScope lifts them out of the while loop.
 */
class GetVariableCell implements ops.nn.RNNCell {
  constructor(readonly units: number, readonly useResource?: boolean) {}

  get stateSize() {
    return this.units;
  }

  get outputSize() {
    return this.units;
  }

  zeroState(batchSize: number | Output, dtype: DType): Output {
    return ops.zeros([batchSize, this.units], dtype, 'h0');
  }

  call(x: Nested<Output>, h: Nested<Output>): [Output, Output] {
    const input = x as Output;
    const [w, u, b] = ops.variableScope('cell', { reuse: ops.AUTO_REUSE, useResource: this.useResource }, () => [
      ops.getVariable('w', { shape: [input.shape![1]!, this.units], initializer: ops.constantInitializer(0.3) }),
      ops.getVariable('u', { shape: [this.units, this.units], initializer: ops.constantInitializer(-0.2) }),
      ops.getVariable('b', { shape: [this.units], initializer: ops.constantInitializer(0.1) }),
    ]);
    const next = ops.tanh(ops.add(ops.add(ops.matmul(input, w), ops.matmul(h as Output, u), 'add'), b, 'add'));
    return [next, next];
  }
}

const { rnnCell } = ops.nn;
const f32 = DType.float32;

/** An RNNCell subclass on a pair of inputs, which makes a variable in `call` with getVariable. */
class PairInput extends rnnCell.RNNCell {
  constructor(private readonly cell: ops.nn.rnnCell.BasicLSTMCell) {
    super();
  }

  get stateSize() {
    return this.cell.stateSize;
  }

  get outputSize() {
    return this.cell.outputSize;
  }

  override call(inputs: Nested<Output>, state: Nested<Output>): [Nested<Output>, Nested<Output>] {
    const [a, b] = inputs as Output[];
    const w = ops.getVariable('mix', { shape: [1, 2], initializer: ops.constantInitializer(0.5) });
    return this.cell.apply(ops.add(a, ops.matmul(b, w), 'add'), state as ops.nn.rnnCell.LSTMStateTuple);
  }
}

/** Each graph of the fixture with a `weights` record, built, gives it too. */
const weightsOf: Record<string, Json> = {};

const GRAPHS: Record<string, () => Record<string, Fetches>> = {
  basic_rnn: () => {
    const [x, n] = [seq(), lengths()];
    const [out, state] = ops.nn.dynamicRnn(new rnnCell.BasicRNNCell(5), x, { sequenceLength: n, dtype: f32 });
    const [relu, reluState] = ops.nn.dynamicRnn(new rnnCell.BasicRNNCell(2, { activation: ops.nn.relu, name: 'relu_rnn' }),
      x, { dtype: f32, scope: 'second' });
    return { out, state, relu, relu_state: reluState };
  },
  basic_lstm: () => {
    const [x, n] = [seq(), lengths()];
    const [out, { c, h }] = ops.nn.dynamicRnn(new rnnCell.BasicLSTMCell(4, { forgetBias: 0.5 }), x,
      { sequenceLength: n, dtype: f32 });
    return { out, c, h };
  },
  basic_lstm_concat_state: () => {
    const x = seq();
    const h0 = ops.placeholder(f32, [B, 8], 'h0');
    const cell = new rnnCell.BasicLSTMCell(4, { stateIsTuple: false, activation: (t) => ops.gen.softsign({ features: t }) });
    const [out, state] = ops.nn.dynamicRnn(cell, x, { initialState: h0, timeMajor: false });
    return { out, state };
  },
  lstm_cell: () => {
    const [x, n] = [seq(), lengths()];
    const initializer = ops.randomUniformInitializer({ minval: -0.5, maxval: 0.5, seed: 3 });
    const cell = new rnnCell.LSTMCell(4, { usePeepholes: true, cellClip: 0.8, numProj: 3, projClip: 0.5, initializer,
      forgetBias: 0.25 });
    const [out, [c, h]] = ops.nn.dynamicRnn(cell, x, { sequenceLength: n, dtype: f32 });
    const [out2, state2] = ops.nn.dynamicRnn(new rnnCell.LSTMCell(2, { stateIsTuple: false }), x, { dtype: f32, scope: 'plain' });
    return { out, c, h, out2, state2 };
  },
  gru: () => {
    const [x, n] = [seq(), lengths()];
    const [out, state] = ops.nn.dynamicRnn(new rnnCell.GRUCell(3), x, { sequenceLength: n, dtype: f32 });
    const cell = new rnnCell.GRUCell(2, { activation: ops.nn.relu, kernelInitializer: ops.constantInitializer(0.2),
      biasInitializer: ops.constantInitializer(0.5), name: 'custom_gru' });
    const [out2, state2] = ops.nn.dynamicRnn(cell, x, { dtype: f32, scope: 'custom' });
    return { out, state, out2, state2 };
  },
  multi_rnn: () => {
    const [x, n] = [seq(), lengths()];
    const cell = new rnnCell.MultiRNNCell([new rnnCell.BasicLSTMCell(4), new rnnCell.GRUCell(3)]);
    const [out, [[c, h], g]] = ops.nn.dynamicRnn(cell, x, { sequenceLength: n, dtype: f32 }) as [Output, [Output[], Output]];
    const concat = new rnnCell.MultiRNNCell([new rnnCell.BasicRNNCell(3), new rnnCell.BasicRNNCell(2)], { stateIsTuple: false });
    const [out2, state2] = ops.nn.dynamicRnn(concat, x, { dtype: f32, scope: 'concat' });
    return { out, c, h, g, out2, state2 };
  },
  wrappers: () => {
    const [x, n] = [seq(), lengths()];
    const keep = ops.placeholder(f32, [], 'keep');
    const cell = new rnnCell.MultiRNNCell([
      new rnnCell.ResidualWrapper(new rnnCell.BasicRNNCell(3)),
      new rnnCell.DropoutWrapper(new rnnCell.LSTMCell(3), { inputKeepProb: keep, outputKeepProb: 1, stateKeepProb: keep,
        seed: 5 }),
      new rnnCell.DeviceWrapper(new rnnCell.GRUCell(3), '/cpu:0'),
      new rnnCell.DropoutWrapper(new rnnCell.BasicRNNCell(2), { outputKeepProb: 0.75, seed: 9 }),
    ]);
    // One iteration at a time: the dropout masks of the steps are then drawn in the order of the steps.
    const [out, state] = ops.nn.dynamicRnn(cell, x, { sequenceLength: n, dtype: f32, parallelIterations: 1 });
    return { out, state };
  },
  variational_dropout: () => {
    const [x, n] = [seq(), lengths()];
    const cell = new rnnCell.DropoutWrapper(new rnnCell.BasicLSTMCell(3), { inputKeepProb: 0.8, outputKeepProb: 0.7,
      stateKeepProb: 0.6, variationalRecurrent: true, inputSize: D, dtype: f32, seed: 11 });
    const [out, [c, h]] = ops.nn.dynamicRnn(cell, x, { sequenceLength: n, dtype: f32 }) as [Output, Output[]];
    return { out, c, h };
  },
  dynamic_options: () => {
    const a = seq([T, B, 2], 'a');
    const b = ops.placeholder(f32, [T, B, 1], 'b');
    const c0 = ops.placeholder(f32, [B, 3], 'c0');
    const scope = ops.variableScope('enc', (s) => s);
    const initialState = new rnnCell.LSTMStateTuple(c0, ops.mul(c0, 0.5, 'mul'));
    const [out, [c, h]] = ops.nn.dynamicRnn(new PairInput(new rnnCell.BasicLSTMCell(3)), [a, b], { initialState,
      timeMajor: true, parallelIterations: 2, scope }) as [Output, Output[]];
    return { out, c, h };
  },
  cells_direct: () => {
    const x = seq([B, D]);
    const cell = new rnnCell.BasicLSTMCell(4);
    const zero = cell.zeroState(B, f32);
    const [out1, s1] = cell.apply(x, zero);
    const [out2, s2] = cell.apply(ops.mul(x, 2, 'mul'), s1);
    const named = new rnnCell.GRUCell(2, { name: 'my_gru' });
    const g = named.apply(x, named.getInitialState({ inputs: x }));
    const scoped = new rnnCell.BasicRNNCell(2);
    const r = scoped.apply(x, scoped.zeroState(sliceOf(ops.shape(x), [0]), f32), { scope: 'my_scope' });
    const r2 = ops.variableScope('outer', () => new rnnCell.BasicRNNCell(2).apply(x, ops.zeros([B, 2])));
    const r3 = ops.variableScope('outer', { reuse: true }, () =>
      new rnnCell.BasicRNNCell(2, { name: 'basic_rnn_cell' }).apply(x, ops.ones([B, 2])));
    const multi = new rnnCell.MultiRNNCell([new rnnCell.BasicRNNCell(2), new rnnCell.BasicRNNCell(2)]);
    const m = multi.apply(x, multi.zeroState(B, f32));
    const names = (ws: Array<{ name: string }>) => ws.map((w) => w.name);
    weightsOf.cells_direct = { lstm: names(cell.trainableWeights), multi: names(multi.trainableWeights),
      gru: names(named.variables) };
    return { out1, s1, out2, s2, g, r, r2, r3, m } as Record<string, Fetches>;
  },
  static_rnn: () => {
    const x = seq();
    const [out, [c, h]] = ops.nn.staticRnn(new rnnCell.BasicLSTMCell(4), unstack(x), { dtype: f32 });
    return { out, c, h };
  },
  static_rnn_sequence_length: () => {
    const [x, n] = [seq(), lengths()];
    const inputs = unstack(x);
    const h0 = ops.placeholder(f32, [B, 3], 'h0');
    const [out, state] = ops.nn.staticRnn(new rnnCell.GRUCell(3), inputs, { initialState: h0, sequenceLength: n });
    const [out2, [c, h]] = ops.nn.staticRnn(new rnnCell.BasicLSTMCell(2), inputs, { dtype: f32, sequenceLength: [3, 1],
      scope: 'lstm' });
    return { out, state, out2, c, h } as Record<string, Fetches>;
  },
  bidirectional_dynamic: () => {
    const [x, n] = [seq(), lengths()];
    const [[fw, bw], [[c, h], g]] = ops.nn.bidirectionalDynamicRnn(new rnnCell.LSTMCell(3), new rnnCell.GRUCell(2), x,
      { sequenceLength: n, dtype: f32 });
    const tm = ops.transpose(x, [1, 0, 2]);
    const [[fw2, bw2], [sFw, sBw]] = ops.nn.bidirectionalDynamicRnn(new rnnCell.BasicRNNCell(2), new rnnCell.BasicRNNCell(2),
      tm, { dtype: f32, timeMajor: true, scope: 'tm' });
    return { fw, bw, c, h, g, fw2, bw2, s_fw: sFw, s_bw: sBw } as Record<string, Fetches>;
  },
  raw_rnn: () => {
    const [x, n] = [seq(), lengths()];
    const inputsTa = new ops.TensorArray(f32, { size: T }).unstack(ops.transpose(x, [1, 0, 2]));
    const cell = new rnnCell.BasicLSTMCell(3);
    const [outputsTa, [c, h], none] = ops.nn.rawRnn(cell, (time, cellOutput, cellState) => {
      const nextState = cellOutput === null ? cell.zeroState(B, f32) : cellState!;
      const finished = ops.greaterEqual(time, n);
      const nextInput = ops.cond(ops.reduceAll(finished), () => ops.zeros([B, D]), () => inputsTa.read(time));
      return [finished, nextInput, nextState, cellOutput, null];
    }) as [ops.TensorArray, Output[], null];
    expect(none).toBeNull();
    const gru = new rnnCell.GRUCell(2);
    const [[doubledTa, summedTa], g, total] = ops.nn.rawRnn(gru, (time, cellOutput, cellState, loopState) => {
      if (cellOutput === null) {
        return [ops.zeros([B], DType.bool), sliceOf(x, [[null, null], 0]), gru.zeroState(B, f32),
          [ops.zeros([2]), ops.zeros([1])], ops.constant(0)];
      }
      const finished = ops.greaterEqual(time, T);
      const nextInput = ops.cond(ops.reduceAll(finished), () => ops.zeros([B, D]),
        () => ops.gather(x, ops.minimum(time, T - 1), 1));
      const out = cellOutput as Output;
      const emit = [ops.mul(out, 2, 'mul'), ops.reduceSum(out, { axis: 1, keepDims: true })];
      return [finished, nextInput, cellState!, emit, ops.add(loopState as Output, ops.reduceSum(out), 'add')];
    }, { parallelIterations: 1, scope: 'sums' }) as [ops.TensorArray[], Output, Output];
    return { out: outputsTa.stack(), c, h, doubled: doubledTa.stack(), summed: summedTa.stack(), g, total };
  },
  static_bidirectional: () => {
    const [x, n] = [seq(), lengths()];
    const inputs = unstack(x);
    const [out, sFw, sBw] = ops.nn.staticBidirectionalRnn(new rnnCell.BasicRNNCell(3), new rnnCell.BasicRNNCell(2), inputs,
      { sequenceLength: n, dtype: f32 });
    const [out2, [c, h], g] = ops.nn.staticBidirectionalRnn(new rnnCell.BasicLSTMCell(2), new rnnCell.GRUCell(2), inputs,
      { dtype: f32, scope: 'plain' });
    return { out, s_fw: sFw, s_bw: sBw, out2, c, h, g } as Record<string, Fetches>;
  },
  init_scope_ref: () => {
    const [x, n] = [seq(), lengths()];
    const [out, state] = ops.nn.dynamicRnn(new GetVariableCell(3), x, { sequenceLength: n, dtype: DType.float32 });
    return { out, state };
  },
  init_scope_resource: () => {
    const [x, n] = [seq(), lengths()];
    const [out, state] = ops.nn.dynamicRnn(new GetVariableCell(3, true), x, { sequenceLength: n, dtype: DType.float32 });
    return { out, state };
  },
  functions_get_variable: () => {
    const [x, n] = [seq(), lengths()];
    const inputs = unstack(x);
    const [out, state] = ops.nn.staticRnn(new GetVariableCell(3), inputs, { sequenceLength: n, dtype: DType.float32 });
    const [out2, state2] = ops.nn.staticRnn(new GetVariableCell(2), inputs, { initialState: ops.ones([B, 2]),
      scope: 'plain_static' });
    const [[fw, bw], [sFw, sBw]] = ops.nn.bidirectionalDynamicRnn(new GetVariableCell(2), new GetVariableCell(3), x,
      { sequenceLength: n, dtype: DType.float32 });
    const [[fw2, bw2]] = ops.nn.bidirectionalDynamicRnn(new GetVariableCell(2), new GetVariableCell(2), x,
      { dtype: DType.float32, scope: 'plain' });
    const [out3, s3Fw, s3Bw] = ops.nn.staticBidirectionalRnn(new GetVariableCell(2), new GetVariableCell(3), inputs,
      { sequenceLength: n, dtype: DType.float32, scope: 'static_bi' });
    return { out, state, out2, state2, fw, bw, s_fw: sFw, s_bw: sBw, fw2, bw2, out3, s3_fw: s3Fw, s3_bw: s3Bw } as
      Record<string, Fetches>;
  },
  init_scope_direct: () => {
    const x = seq([2]);
    const p = ops.placeholder(DType.bool, [], 'p');
    const [, acc] = ops.whileLoop((i) => ops.less(i, 3), (i, acc) => {
      const [c, v] = ops.initScope(() => [ops.constant(2, { name: 'c' }), new Variable(1.5, { name: 'v' })] as const);
      return [ops.add(i, 1, 'add'), ops.add(ops.mul(acc, c, 'mul'), v, 'add')];
    }, [0, x]);
    const y = ops.cond(p, () => ops.mul(x, ops.getVariable('g', { shape: [2], initializer: ops.constantInitializer(0.5) }),
      'mul'), () => x);
    const [free, held] = ops.controlDependencies([acc], () =>
      [ops.initScope(() => ops.identity(x, 'free')), ops.identity(x, 'held')]);
    return { acc, y, free, held };
  },
};

describeTF1Graphs(GRAPHS, fixture, {
  keys: ['weights'],
  check: (name) => {
    const weights = fixture.graphs[name].weights;
    if (weights) expect(weightsOf[name]).toEqual(weights);
  },
});

/** The trainable variable of the default graph named `name` (its op's name). */
function variable(name: string): Variable {
  const v = ops.trainableVariables().find((x) => x.op.name === name);
  if (!v) throw new Error(`no variable ${name}`);
  return v;
}

/** Each gradient case of the fixture: its loss and xs, built with the same calls as Python's. */
const GRAD_CASES: Record<string, () => [Output, Array<Output | Variable>]> = {
  lstm_grad: () => {
    const [x, n] = [seq(), lengths()];
    const [out, [c, h]] = ops.nn.dynamicRnn(new rnnCell.BasicLSTMCell(3), x, { sequenceLength: n, dtype: f32 });
    const loss = ops.add(ops.reduceSum(ops.mul(out, out, 'mul')), ops.reduceSum(ops.mul(c, h, 'mul')), 'add');
    return [loss, [x, variable('rnn/basic_lstm_cell/kernel'), variable('rnn/basic_lstm_cell/bias')]];
  },
  static_gru_grad: () => {
    const [x, n] = [seq(), lengths()];
    const [out, state] = ops.nn.staticRnn(new rnnCell.GRUCell(2), unstack(x), { sequenceLength: n, dtype: f32 });
    const loss = ops.add(ops.reduceSum(ops.mul(ops.stack(out), 1.5, 'mul')), ops.reduceSum(ops.square(state)), 'add');
    return [loss, [x, variable('rnn/gru_cell/gates/kernel'), variable('rnn/gru_cell/candidate/bias')]];
  },
  bidirectional_grad: () => {
    const [x, n] = [seq(), lengths()];
    const [[fw, bw]] = ops.nn.bidirectionalDynamicRnn(new rnnCell.LSTMCell(2, { numProj: 2 }), new rnnCell.BasicRNNCell(2), x,
      { sequenceLength: n, dtype: f32 });
    const loss = ops.add(ops.reduceSum(ops.mul(fw, bw, 'mul')), ops.reduceSum(ops.square(bw)), 'add');
    return [loss, [x, variable('bidirectional_rnn/fw/lstm_cell/kernel'), variable('bidirectional_rnn/bw/basic_rnn_cell/kernel')]];
  },
  init_scope_grad: () => {
    const [x, n] = [seq(), lengths()];
    const [out, state] = ops.nn.dynamicRnn(new GetVariableCell(3, true), x, { sequenceLength: n, dtype: DType.float32 });
    const loss = ops.add(ops.reduceSum(ops.square(out)), ops.reduceSum(state), 'add');
    return [loss, [x, variable('rnn/cell/w'), variable('rnn/cell/u'), variable('rnn/cell/b')]];
  },
};

describe('gradients', () => itGivesTF1Gradients(fixture.gradients, GRAD_CASES));

/** The model of the trainings: a MultiRNNCell of two LSTMs over sequences of two lengths, a readout of its last h. */
function lstmModel(useResource: boolean) {
  const [x, n] = [seq(), lengths()];
  const target = ops.placeholder(f32, [B, 2], 'target');
  const pred = ops.variableScope('model', { useResource }, () => {
    const cell = new rnnCell.MultiRNNCell([new rnnCell.BasicLSTMCell(4), new rnnCell.LSTMCell(3, { usePeepholes: true })]);
    const [, state] = ops.nn.dynamicRnn(cell, x, { sequenceLength: n, dtype: f32 });
    const w = ops.getVariable('readout', { shape: [3, 2] });
    return ops.matmul((state as ops.nn.rnnCell.LSTMStateTuple[])[1].h, w);
  });
  const loss = ops.reduceMean(ops.square(ops.sub(pred, target, 'sub')));
  const trainOp = new train.AdamOptimizer(0.05).minimize(loss);
  return { x, n, target, pred, loss, trainOp };
}

describe('training an LSTM model as TF1 Python does', () => {
  const seqFeed = fixture.graphs.basic_lstm.feeds[0];

  it.each(['ref', 'resource'] as const)('MultiRNNCell of BasicLSTMCell and LSTMCell with Adam (%s variables)', async (kind) => {
    const want = fixture.training[kind];
    const graph = new Graph();
    const m = graph.asDefault(() => lstmModel(kind === 'resource'));
    const vars = graph.asDefault(() => ops.trainableVariables());
    expect(vars.map((v) => v.op.name)).toEqual(Object.keys(want.weights));
    const sess = new Session(graph);
    try {
      await sess.run(graph.asDefault(() => ops.globalVariablesInitializer()));
      const feed = feedOf(graph, { ...seqFeed, target: fixture.training.target });
      const losses: number[] = [];
      for (let i = 0; i < want.losses.length; i++) {
        losses.push(((await sess.run([m.loss, m.trainOp], feed)) as Tensor[])[0].item() as number);
      }
      expectClose(losses, want.losses);
      const values = jsonOf(await sess.run(vars)) as Json[];
      expectClose(Object.fromEntries(vars.map((v, i) => [v.op.name, values[i]])), want.weights);
    } finally {
      await sess.close();
    }
  });

  it('restores the checkpoint Python wrote of the trained model, by name', async () => {
    const want = fixture.training.ref;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-ckpt-'));
    try {
      for (const [file, data] of Object.entries(want.checkpoint!.files)) {
        fs.writeFileSync(path.join(dir, file), Buffer.from(data, 'base64'));
      }
      const prefix = path.join(dir, 'model');
      const graph = new Graph();
      const [m, saver, vars] = graph.asDefault(() => [lstmModel(false), new train.Saver(), ops.trainableVariables()] as const);
      // Every variable of the graph, the optimizer's too, is in the checkpoint under its name.
      expect(graph.asDefault(() => ops.globalVariables()).map((v) => [v.op.name, v.shape]).sort())
        .toEqual([...want.checkpoint!.variables].sort());
      const sess = new Session(graph);
      try {
        await saver.restore(sess, prefix);
        const values = jsonOf(await sess.run(vars)) as Json[];
        expectClose(Object.fromEntries(vars.map((v, i) => [v.op.name, values[i]])), want.weights);
        expectClose(jsonOf(await sess.run(m.pred, feedOf(graph, seqFeed))), want.prediction);
      } finally {
        await sess.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('build errors', () => {
  const x = (shape: (number | null)[], dtype = f32) => ops.placeholder(dtype, shape, 'x');
  const zeros = (units: number) => ops.zeros([B, units]);
  const cellLike = (props: object, repr: string) => Object.assign(Object.create({ toString: () => repr }), props);
  const notCallable = () => cellLike({ stateSize: 3, outputSize: 3, zeroState: () => zeros(3) }, '<NotCallable>');
  const noOutputSize = () => cellLike({ stateSize: 3, zeroState: () => zeros(3), call: (_: Output, h: Output) => [h, h] },
    '<NoOutputSize>');
  const CASES: Record<string, () => unknown> = {
    cell_input_depth: () => new rnnCell.GRUCell(3).apply(x([B, null]), zeros(3)),
    cell_int_inputs: () => new rnnCell.BasicRNNCell(3).apply(x([B, D], DType.int32), zeros(3)),
    cell_int_dtype: () => new rnnCell.BasicRNNCell(3, { dtype: DType.int32 }),
    multi_empty: () => new rnnCell.MultiRNNCell([]),
    multi_not_list: () => new rnnCell.MultiRNNCell(3 as unknown as ops.nn.RNNCell[]),
    multi_tuple_states: () => new rnnCell.MultiRNNCell([new rnnCell.BasicLSTMCell(3)], { stateIsTuple: false }),
    multi_state_not_tuple: () => {
      const cell = new rnnCell.BasicRNNCell(3);
      return new rnnCell.MultiRNNCell([cell, cell]).apply(x([B, D]), zeros(6));
    },
    dropout_keep_prob: () => new rnnCell.DropoutWrapper(new rnnCell.BasicRNNCell(3), { inputKeepProb: 1.5 }),
    dropout_variational_dtype: () => new rnnCell.DropoutWrapper(new rnnCell.BasicRNNCell(3), { variationalRecurrent: true }),
    dropout_variational_input_size: () => new rnnCell.DropoutWrapper(new rnnCell.BasicRNNCell(3),
      { inputKeepProb: 0.5, variationalRecurrent: true, dtype: f32 }),
    wrapper_not_cell: () => new rnnCell.ResidualWrapper(notCallable()),
    residual_shape: () => new rnnCell.ResidualWrapper(new rnnCell.BasicRNNCell(4)).apply(x([B, D]), zeros(4)),
    zero_state_no_dtype: () => new rnnCell.BasicRNNCell(3).getInitialState({ batchSize: 2 }),
    initial_state_batch: () => new rnnCell.BasicRNNCell(3).getInitialState({ inputs: x([B, D]), batchSize: 5 }),
    static_not_list: () => ops.nn.staticRnn(new rnnCell.BasicRNNCell(3), x([B, D]) as unknown as Output[]),
    static_empty: () => ops.nn.staticRnn(new rnnCell.BasicRNNCell(3), []),
    static_no_dtype: () => ops.nn.staticRnn(new rnnCell.BasicRNNCell(3), [x([B, D])]),
    static_input_depth: () => ops.nn.staticRnn(new rnnCell.BasicRNNCell(3), [x([B, null])], { dtype: f32 }),
    static_sequence_length_rank: () => ops.nn.staticRnn(new rnnCell.BasicRNNCell(3), [x([B, D])],
      { dtype: f32, sequenceLength: [[1, 2]] }),
    bidirectional_not_cell: () => ops.nn.bidirectionalDynamicRnn(new rnnCell.BasicRNNCell(3), noOutputSize(), x([B, T, D]),
      { dtype: f32 }),
    static_bidirectional_empty: () => ops.nn.staticBidirectionalRnn(new rnnCell.BasicRNNCell(3), new rnnCell.BasicRNNCell(3), [],
      { dtype: f32 }),
    dynamic_state_size: () => ops.nn.dynamicRnn(new rnnCell.BasicRNNCell(3), x([B, T, D]), { initialState: zeros(4) }),
  };

  itThrowsTF1Errors(fixture.build_errors, CASES);

  it('checks the rank of the inputs with the cell\'s InputSpec', () => {
    new Graph().asDefault(() => expect(() => new rnnCell.BasicLSTMCell(3).apply(x([B, T, D]),
      new rnnCell.LSTMStateTuple(zeros(3), zeros(3))))
      .toThrow(/^Input 0 of layer basic_lstm_cell_1 is incompatible with the layer: expected ndim=2, found ndim=3/));
  });

  it('leaves out LSTMCell\'s deprecated shards with a NotImplementedError', () => {
    expect(() => new rnnCell.LSTMCell(3, { numUnitShards: 2 })).toThrow(NotImplementedError);
  });
});
