/**
 * TF1's v1 TensorArray against TF1 Python (`tf.compat.v1` with v2 control flow off): the graphs of
 * scripts/graph_fixtures/tensor_array.py, built here with the same calls to `ops.TensorArray`,
 * `ops.whileLoop` and `ops.nn.dynamicRnn`, must have the same ops (names, types, inputs, control
 * inputs, placement, attrs, Const values) in the same order and the same collections, and session
 * runs of them the same values. Gradients through TensorArrays (in loops and out of them), models
 * on dynamicRnn trained with an optimizer, and the errors of bad arguments must match Python's too.
 */
import { DType, Fetches, Graph, IndexedSlices, Operation, Output, Session, Tensor, Variable, getDefaultGraph, ops, train } from '../lib';
import { Nested } from '../lib/util/nest';
import { sliceOf } from '../lib/ops/array_ops';
import { OpRow, RecordedAll, loadGraphFixture, recordAll } from './helpers/graph_record';
import {
  Json, describeTF1Graphs, expectClose, expectGradientValues, itThrowsTF1Errors, jsonOf,
} from './helpers/fixture_values';

interface Fixture {
  graphs: Record<string, RecordedAll & { feeds: Array<Record<string, Json>>; shapes: Json }>;
  values: Record<string, Json[]>;
  gradients: Record<string, Pick<RecordedAll, 'ops' | 'attrs'> &
    { sparse: boolean[]; runs: Array<{ feed: Record<string, Json>; grads: Json[] }> }>;
  init: Record<string, Record<string, Json>>;
  training: { target: Json } & Record<'tanh' | 'lstm', Record<'ref' | 'resource', { losses: number[]; weights: Json[] }>>;
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('tensor_array.json');
type Matrix = number[][];

/** h = tanh(x W + h U + b), the output the new state; the default zero state (TF1 RNNCell's). */
class TanhCell implements ops.nn.RNNCell {
  readonly w: Variable;
  readonly u: Variable;
  readonly b: Variable;

  constructor(depth: number, readonly units: number, name = 'tanh_cell', useResource?: boolean) {
    const init = fixture.init[`tanh_${depth}_${units}`] as { w: Matrix; u: Matrix };
    [this.w, this.u, this.b] = ops.variableScope(name, { useResource }, () => [
      ops.getVariable('w', { shape: [depth, units], initializer: ops.constantInitializer(init.w) }),
      ops.getVariable('u', { shape: [units, units], initializer: ops.constantInitializer(init.u) }),
      ops.getVariable('b', { shape: [units], initializer: ops.zerosInitializer() }),
    ]);
  }

  get stateSize() {
    return this.units;
  }

  get outputSize() {
    return this.units;
  }

  call(x: Nested<Output>, h: Nested<Output>): [Output, Output] {
    const next = ops.tanh(ops.add(ops.add(ops.matmul(x as Output, this.w), ops.matmul(h as Output, this.u), 'add'), this.b, 'add'));
    return [next, next];
  }
}

/** An LSTM on a pair of inputs, its state `[c, h]`; its own zero state. */
class PairLSTMCell implements ops.nn.RNNCell {
  readonly kernel: Variable;
  readonly bias: Variable;

  constructor(depth: number, readonly units: number, name = 'lstm_cell', useResource?: boolean) {
    const init = fixture.init[`lstm_${depth}_${units}`] as { kernel: Matrix };
    [this.kernel, this.bias] = ops.variableScope(name, { useResource }, () => [
      ops.getVariable('kernel', { shape: [depth + units, 4 * units], initializer: ops.constantInitializer(init.kernel) }),
      ops.getVariable('bias', { shape: [4 * units], initializer: ops.constantInitializer(0.1) }),
    ]);
  }

  get stateSize() {
    return [this.units, this.units];
  }

  get outputSize() {
    return this.units;
  }

  zeroState(batchSize: number | Output, dtype: DType): Output[] {
    return [ops.zeros([batchSize, this.units], dtype, 'c0'), ops.zeros([batchSize, this.units], dtype, 'h0')];
  }

  call(inputs: Nested<Output>, state: Nested<Output>): [Output, Output[]] {
    const [a, b] = inputs as Output[];
    const [c, h] = state as Output[];
    const gates = ops.add(ops.matmul(ops.concat([a, b, h], 1), this.kernel), this.bias, 'add');
    const [i, j, f, o] = ops.gen.split({ splitDim: 1, value: gates, numSplit: 4 }, 'split');
    const c2 = ops.add(ops.mul(c, ops.sigmoid(ops.add(f, 1, 'add')), 'mul'), ops.mul(ops.sigmoid(i), ops.tanh(j), 'mul'), 'add');
    const h2 = ops.mul(ops.tanh(c2), ops.sigmoid(o), 'mul');
    return [h2, [c2, h2]];
  }
}

const GRAPHS: Record<string, () => Record<string, Fetches>> = {
  ta_write_read: () => {
    const x = ops.placeholder(DType.float32, [2, 3], 'x');
    let ta = new ops.TensorArray(DType.float32, { size: 2, clearAfterRead: false });
    ta = ta.write(0, sliceOf(x, [0])).write(1, ops.mul(sliceOf(x, [1]), 2, 'mul'));
    // A host value converts to the array's dtype; a named read and stack.
    let ta3 = new ops.TensorArray(DType.float32, { size: 3, name: 'three' }).write(0, [1, 2, 3]).write(1, sliceOf(x, [0]), 'w');
    ta3 = ta3.write(2, sliceOf(x, [1]));
    return { stack: ta.stack(), read: ta.read(1), named: ta3.stack('stacked'), read_named: ta.read(0, 'r'), size: ta3.size() };
  },
  ta_dynamic: () => {
    const x = ops.placeholder(DType.float32, [null, 3], 'x');
    const n = ops.placeholder(DType.int32, [], 'n');
    let ta = new ops.TensorArray(DType.float32, { size: 0, dynamicSize: true, elementShape: [null] });
    ta = ta.unstack(x);
    let sized = new ops.TensorArray(DType.float32, { size: n, clearAfterRead: false, tensorArrayName: 'sized' });
    sized = sized.unstack(x, 'unstacked');
    return { concat: ta.concat(), size: ta.size(), stack: sized.stack(), first: sized.read(0), again: sized.read(0),
      gather: sized.gather([1, 0], 'g'), sized_size: sized.size('sz') };
  },
  ta_scatter_split: () => {
    const x = ops.placeholder(DType.float32, [4, 2], 'x');
    let ta = new ops.TensorArray(DType.float32, { size: 3, inferShape: false });
    ta = ta.scatter([2, 0], sliceOf(x, [[null, 2]]));
    const parts = new ops.TensorArray(DType.float32, { size: 2, inferShape: false }).split(x, [1, 3]);
    const even = new ops.TensorArray(DType.float32, { size: 2, clearAfterRead: false })
      .split(x, ops.constant([2, 2], { dtype: DType.int64 }), 'even');
    const concat = parts.concat();
    const closed = ops.controlDependencies([concat], () => parts.close());
    const done = ops.controlDependencies([closed], () => ops.identity(x, 'done'));
    return { gather: ta.gather([0, 2]), concat, even: even.stack(), even_concat: even.concat(), done };
  },
  ta_grad_identity: () => {
    const x = ops.placeholder(DType.float32, [3], 'x');
    const ta = new ops.TensorArray(DType.float32, { size: 2, elementShape: [3] }).write(0, x);
    const same = ta.identity();
    let g = same.grad('gradients', undefined, 'g');
    const g2 = ta.grad('other', same.flow);
    g = g.write(0, ops.mul(x, 3, 'mul'));
    return { read: same.write(1, ops.add(x, 1, 'add')).stack(), grad: g.read(0), size: g2.size(), flow: [same.flow, g2.flow] };
  },
  rnn_basic: () => {
    const x = ops.placeholder(DType.float32, [2, 3, 4], 'x');
    const [out, state] = ops.nn.dynamicRnn(new TanhCell(4, 5), x, { dtype: DType.float32 });
    return { out, state };
  },
  rnn_sequence_length: () => {
    const x = ops.placeholder(DType.float32, [2, 3, 4], 'x');
    const n = ops.placeholder(DType.int32, [2], 'n');
    const h0 = ops.placeholder(DType.float32, [2, 3], 'h0');
    const [out, state] = ops.nn.dynamicRnn(new TanhCell(4, 3), x, { sequenceLength: n, initialState: h0,
      parallelIterations: 4, swapMemory: true, scope: 'enc' });
    // A second RNN in the same graph; lengths as a list.
    const [out2] = ops.nn.dynamicRnn(new TanhCell(4, 3, 'other'), x, { sequenceLength: [1, 3], dtype: DType.float32 });
    return { out, state, out2 };
  },
  rnn_lstm_time_major: () => {
    const a = ops.placeholder(DType.float32, [3, null, 2], 'a');
    const b = ops.placeholder(DType.float32, [3, null, 1], 'b');
    const [out, [c, h]] = ops.nn.dynamicRnn(new PairLSTMCell(3, 4), [a, b], { dtype: DType.float32, timeMajor: true });
    return { out, c, h };
  },
  ta_placement: () => {
    const graph = getDefaultGraph();
    const x = graph.device('/cpu:0', () => ops.placeholder(DType.float32, [2], 'x'));
    const [ta0, fixed0] = graph.device('/device:CPU:0', () => [new ops.TensorArray(DType.float32, { size: 2 }),
      new ops.TensorArray(DType.float32, { size: 2, colocateWithFirstWriteCall: false })]);
    const y = ops.mul(x, 2, 'mul');
    const ta = ta0.write(0, y).write(1, x);
    const fixed = fixed0.write(0, y).write(1, x);
    const i = new ops.TensorArray(DType.int32, { size: 2, elementShape: null }).write(0, [1, 2]).write(1, [3, 4]);
    return { stack: ta.stack(), fixed: fixed.stack(), ints: i.stack() };
  },
  while_ta_write: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const ta = new ops.TensorArray(DType.float32, { size: 3 });
    const [, out] = ops.whileLoop((i) => ops.less(i, 3),
      (i, ta) => [ops.add(i, 1, 'add'), ta.write(i, ops.mul(x, ops.cast(i, DType.float32), 'mul'))], [0, ta]);
    return { stack: out.stack() };
  },
  while_ta_read_write: () => {
    const seq = ops.placeholder(DType.float32, [4, 2], 'seq');
    const inputs = new ops.TensorArray(DType.float32, { size: 4 }).unstack(seq);
    const outputs = new ops.TensorArray(DType.float32, { size: 0, dynamicSize: true });
    const [t, acc, out] = ops.whileLoop((t) => ops.less(t, 4), (t, acc, out) => {
      const next = ops.add(acc, inputs.read(t), 'add');
      return [ops.add(t, 1, 'add'), next, out.write(t, ops.mul(next, 2, 'mul'))];
    }, [0, ops.zeros([2]), outputs], { maximumIterations: 3 });
    // A dict of loop variables with a TensorArray, and returnSameStructure.
    const [d] = ops.whileLoop((d) => ops.less(d.i, 2), (d) => [{ i: ops.add(d.i, 1, 'add'),
      ta: d.ta.write(d.i, ops.mul(d.i, 10, 'mul')) }], [{ i: 0, ta: new ops.TensorArray(DType.int32, { size: 2 }) }],
    { returnSameStructure: true }) as unknown as [{ i: Output; ta: ops.TensorArray }];
    return { t, acc, out: out.stack(), size: out.size(), ints: d.ta.stack() };
  },
};

// The static shapes are those TF1's element shape inference gives the fetches.
describeTF1Graphs(GRAPHS, fixture);

describe('build errors', () => {
  const h = () => new ops.TensorArray(DType.float32, { size: 1 });
  class NoOutputSize {
    readonly stateSize = 3;
    call(x: unknown, h: Output): [Output, Output] {
      return [h, h];
    }
    toString() {
      return '<NoOutputSize>';
    }
  }
  class NotCallable {
    readonly stateSize = 3;
    readonly outputSize = 3;
    toString() {
      return '<NotCallable>';
    }
  }
  const x = (shape: (number | null)[]) => ops.placeholder(DType.float32, shape, 'x');
  const rnn = (inputs: Nested<Output>, options: ops.nn.DynamicRnnOptions = {}) =>
    ops.nn.dynamicRnn(new TanhCell(4, 5), inputs, { dtype: DType.float32, ...options });
  const CASES: Record<string, () => void> = {
    rnn_no_output_size: () => ops.nn.dynamicRnn(new NoOutputSize() as unknown as ops.nn.RNNCell, x([2, 3, 4]),
      { dtype: DType.float32 }),
    rnn_not_callable: () => ops.nn.dynamicRnn(new NotCallable() as unknown as ops.nn.RNNCell, x([2, 3, 4]), { dtype: DType.float32 }),
    rnn_no_dtype: () => ops.nn.dynamicRnn(new TanhCell(4, 5), x([2, 3, 4])),
    rnn_sequence_length_rank: () => rnn(x([2, 3, 4]), { sequenceLength: ops.placeholder(DType.int32, [2, 2], 'n') }),
    rnn_input_rank: () => rnn(x([2, 3])),
    rnn_input_depth: () => rnn(x([2, 3, null])),
    rnn_time_steps: () => rnn([x([2, 3, 4]), x([2, 4, 1])]),
    rnn_batch_size: () => rnn([x([2, 3, 4]), x([1, 3, 1])]),
    handle_and_name: () => new ops.TensorArray(DType.float32, { handle: h().handle, tensorArrayName: 'a' }),
    handle_not_tensor: () => new ops.TensorArray(DType.float32, { handle: 1 as unknown as Output }),
    no_size: () => new ops.TensorArray(DType.float32),
    handle_and_size: () => new ops.TensorArray(DType.float32, { handle: h().handle, size: 1 }),
    handle_and_element_shape: () => new ops.TensorArray(DType.float32, { handle: h().handle, elementShape: [1] }),
    handle_and_dynamic_size: () => new ops.TensorArray(DType.float32, { handle: h().handle, dynamicSize: false }),
    handle_and_clear_after_read: () => new ops.TensorArray(DType.float32, { handle: h().handle, clearAfterRead: true }),
    handle_no_flow: () => new ops.TensorArray(DType.float32, { handle: h().handle }),
    write_shape: () => new ops.TensorArray(DType.float32, { size: 2, elementShape: [2] }).write(0, [1, 2, 3]),
    write_inferred: () => new ops.TensorArray(DType.float32, { size: 2 }).write(0, ops.zeros([2, 3])).write(1, ops.zeros([3])),
    scatter_shape: () => new ops.TensorArray(DType.float32, { size: 2, elementShape: [null, 2] })
      .scatter([0, 1], ops.zeros([2, 3, 3])),
    split_shape: () => new ops.TensorArray(DType.float32, { size: 2, elementShape: [3, 3] }).split(ops.zeros([4, 3]), [2, 2]),
  };

  itThrowsTF1Errors(fixture.build_errors, CASES);
});

/** Each gradient case of the fixture: its loss and xs, built with the same calls as Python's. */
const GRAD_CASES: Record<string, () => [Output, Array<Output | Variable>]> = {
  dynamic_rnn_grad: () => {
    const x = ops.placeholder(DType.float32, [2, 3, 4], 'x');
    const n = ops.placeholder(DType.int32, [2], 'n');
    const cell = new TanhCell(4, 3);
    const [out, state] = ops.nn.dynamicRnn(cell, x, { sequenceLength: n, dtype: DType.float32 });
    const loss = ops.add(ops.reduceSum(ops.mul(out, out, 'mul')), ops.reduceSum(state), 'add');
    return [loss, [x, cell.w, cell.u, cell.b]];
  },
  write_stack_grad: () => {
    const x = ops.placeholder(DType.float32, [3], 'x');
    const ta = new ops.TensorArray(DType.float32, { size: 2 }).write(0, ops.mul(x, 2, 'mul')).write(1, ops.mul(x, x, 'mul'));
    return [ops.reduceSum(ops.mul(ta.stack(), ops.constant([[1], [3]]), 'mul')), [x]];
  },
  unstack_read_grad: () => {
    const x = ops.placeholder(DType.float32, [2, 3], 'x');
    const ta = new ops.TensorArray(DType.float32, { size: 2 }).unstack(x);
    return [ops.reduceSum(ops.mul(ta.read(0), ta.read(1), 'mul')), [x]];
  },
  scatter_gather_grad: () => {
    const x = ops.placeholder(DType.float32, [2, 2], 'x');
    const w = ops.placeholder(DType.float32, [2], 'w');
    const ta = new ops.TensorArray(DType.float32, { size: 3 }).scatter([2, 0], ops.mul(x, w, 'mul')).write(1, w);
    return [ops.reduceSum(ops.square(ta.gather([0, 1, 2]))), [x, w]];
  },
  split_concat_grad: () => {
    const x = ops.placeholder(DType.float32, [5, 2], 'x');
    const ta = new ops.TensorArray(DType.float32, { size: 2, inferShape: false }).split(x, [2, 3]);
    return [ops.reduceSum(ops.mul(ta.concat(), ops.constant([[1], [2], [3], [4], [5]]), 'mul')), [x]];
  },
  sliced_stack_grad: () => {
    // gather's gradient is IndexedSlices, which the stack's gradient scatters dense.
    const x = ops.placeholder(DType.float32, [2, 3], 'x');
    const ta = new ops.TensorArray(DType.float32, { size: 2 }).unstack(ops.mul(x, x, 'mul'));
    return [ops.reduceSum(ops.gather(ta.stack(), [1, 0, 1])), [x]];
  },
  nested_while_ta_grad: () => {
    const x = ops.placeholder(DType.float32, [3, 2], 'x');
    const inputs = new ops.TensorArray(DType.float32, { size: 3, clearAfterRead: false }).unstack(x);
    const [, acc, out] = ops.whileLoop((i) => ops.less(i, 3), (i, acc, out) => {
      const [, s] = ops.whileLoop((j) => ops.gen.lessEqual({ x: j, y: i }), (j, s) => [ops.add(j, 1, 'add'),
        ops.add(s, ops.mul(inputs.read(j), ops.cast(ops.add(i, 1, 'add'), DType.float32), 'mul'), 'add')], [0, ops.zeros([2])]);
      return [ops.add(i, 1, 'add'), ops.add(acc, ops.mul(s, s, 'mul'), 'add'), out.write(i, s)];
    }, [0, ops.zeros([2]), new ops.TensorArray(DType.float32, { size: 3 })]);
    const loss = ops.add(ops.reduceSum(ops.mul(out.stack(), ops.constant([[1], [-1], [0.5]]), 'mul')), ops.reduceSum(acc), 'add');
    return [loss, [x]];
  },
  while_ta_grad: () => {
    const seq = ops.placeholder(DType.float32, [3, 2], 'seq');
    const w = ops.placeholder(DType.float32, [], 'w');
    const inputs = new ops.TensorArray(DType.float32, { size: 3 }).unstack(seq);
    const [, h, out] = ops.whileLoop((t) => ops.less(t, 3), (t, h, out) => {
      const next = ops.tanh(ops.add(ops.mul(h, w, 'mul'), inputs.read(t), 'add'));
      return [ops.add(t, 1, 'add'), next, out.write(t, next)];
    }, [0, ops.zeros([2]), new ops.TensorArray(DType.float32, { size: 3 })]);
    const loss = ops.add(ops.reduceSum(ops.mul(out.stack(), ops.constant([[1], [2], [3]]), 'mul')), ops.reduceSum(h), 'add');
    return [loss, [seq, w]];
  },
  while_ta_max_iterations_grad: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const [, out] = ops.whileLoop((i) => ops.less(i, 10), (i, ta) => [ops.add(i, 1, 'add'),
      ta.write(i, ops.mul(ops.mul(x, ops.cast(ops.add(i, 1, 'add'), DType.float32), 'mul'), x, 'mul'))],
    [0, new ops.TensorArray(DType.float32, { size: 0, dynamicSize: true })], { maximumIterations: 3 });
    return [ops.reduceSum(out.stack()), [x]];
  },
};

describe('gradients', () => {
  describe.each(Object.keys(fixture.gradients))('%s', (name) => {
    const want = fixture.gradients[name];
    const graph = new Graph();
    let grads: Array<Output | IndexedSlices | null>;
    let init: Operation;

    it('builds the gradient ops TF1 Python builds', () => {
      [grads, init] = graph.asDefault(() => {
        const [loss, xs] = GRAD_CASES[name]();
        return [ops.gradients(loss, xs), ops.globalVariablesInitializer()] as const;
      });
      const { sparse, runs, ...expected } = want;
      void runs;
      expect(grads.map((g) => g instanceof IndexedSlices)).toEqual(sparse);
      // The rest of the gradient graph comes from libtensorflow's C++ gradients (which name their
      // ops otherwise): the TensorArray gradient ops and the flows ordering them must be Python's,
      // reading the same forward tensors and the same gradients of each other.
      const taOp = (row: OpRow) => /^TensorArray/.test(row[1]) || /(gradient_flow|flow_out|write_barrier)(_\d+)?$/.test(row[0]);
      const pick = (rec: Pick<RecordedAll, 'ops' | 'attrs'>) => {
        const rows = rec.ops.filter(taOp);
        const types = new Map(rec.ops.map((r) => [r[0], r[1]]));
        const walked = /^(TensorArray.*|Identity|Enter|Exit|Switch|Merge|NextIteration|StackPopV2|AddN|Const)$/;
        const input = (t: string) => {
          const op = t.replace(/^\^|:\d+$/g, '');
          return op.includes('_grad/') && !walked.test(types.get(op)!) ? '<C++ gradient>' : t;
        };
        return { ops: rows.map(([n, type, inputs, controls]) => [n, type, inputs.map(input), controls]),
          attrs: Object.fromEntries(rows.filter((r) => r[1].startsWith('TensorArray')).map((r) => [r[0], rec.attrs[r[0]]])) };
      };
      expect(pick(recordAll(graph, jsonOf))).toEqual(pick(expected));
    });

    it('gives the values TF1 Python gives', () => expectGradientValues(graph, grads, init, want.runs));
  });
});

describe('training models on dynamicRnn as TF1 Python does', () => {
  const seq = fixture.graphs.rnn_basic.feeds[0].x;
  const f32 = (v: Json) => Tensor.from(v as number[], { dtype: DType.float32 });

  /** Runs `steps` training steps; gives the losses and the weights after. */
  async function fit(graph: Graph, loss: Output, trainOp: Operation, weights: Variable[], feed: Map<Output, Tensor>,
    steps: number): Promise<[number[], unknown]> {
    const sess = new Session(graph);
    try {
      await sess.run(graph.asDefault(() => ops.globalVariablesInitializer()));
      const losses: number[] = [];
      for (let i = 0; i < steps; i++) losses.push(((await sess.run([loss, trainOp], feed)) as Tensor[])[0].item() as number);
      return [losses, jsonOf(await sess.run(weights))];
    } finally {
      await sess.close();
    }
  }

  it.each(['ref', 'resource'] as const)('a TanhCell over sequences of two lengths, with GradientDescent (%s variables)', async (kind) => {
    const want = fixture.training.tanh[kind];
    const graph = new Graph();
    const [x, target, loss, trainOp, cell] = graph.asDefault(() => {
      const x = ops.placeholder(DType.float32, [2, 3, 4], 'x');
      const target = ops.placeholder(DType.float32, [2, 3, 5], 'target');
      const cell = new TanhCell(4, 5, 'tanh_cell', kind === 'resource');
      const [out, state] = ops.nn.dynamicRnn(cell, x, { sequenceLength: [3, 2], dtype: DType.float32 });
      const loss = ops.add(ops.reduceMean(ops.square(ops.sub(out, target, 'sub'))),
        ops.mul(0.1, ops.reduceMean(ops.square(state)), 'mul'), 'add');
      return [x, target, loss, new train.GradientDescentOptimizer(0.5).minimize(loss), cell] as const;
    });
    const [losses, weights] = await fit(graph, loss, trainOp, [cell.w, cell.u, cell.b],
      new Map([[x, f32(seq)], [target, f32(fixture.training.target)]]), want.losses.length);
    expectClose(losses, want.losses);
    expectClose(weights, want.weights);
  });

  it.each(['ref', 'resource'] as const)('a PairLSTMCell, time-major, with Adam (%s variables)', async (kind) => {
    const want = fixture.training.lstm[kind];
    const graph = new Graph();
    const [a, b, loss, trainOp, cell] = graph.asDefault(() => {
      const a = ops.placeholder(DType.float32, [3, null, 2], 'a');
      const b = ops.placeholder(DType.float32, [3, null, 1], 'b');
      const cell = new PairLSTMCell(3, 4, 'lstm_cell', kind === 'resource');
      const [out] = ops.nn.dynamicRnn(cell, [a, b], { dtype: DType.float32, timeMajor: true });
      const last = ops.sub(sliceOf(out, [-1]), ops.constant([[0.5, -0.5, 0.25, 0], [0, 0.25, -0.25, 0.5]]), 'sub');
      const loss = ops.reduceMean(ops.square(last));
      return [a, b, loss, new train.AdamOptimizer(0.05).minimize(loss), cell] as const;
    });
    const feed = fixture.graphs.rnn_lstm_time_major.feeds[0];
    const [losses, weights] = await fit(graph, loss, trainOp, [cell.kernel, cell.bias],
      new Map([[a, f32(feed.a)], [b, f32(feed.b)]]), want.losses.length);
    expectClose(losses, want.losses);
    expectClose(weights, want.weights);
  });
});

it('the README example: a user cell through dynamicRnn trained, and a TensorArray through whileLoop', async () => {
  const losses: number[] = [];
  let stackedValue: unknown;
  await new Graph().asDefault(async () => {
    // A user cell (TF1's RNNCell duck type): h = tanh(x W + h U + b). Its variables are made with the cell.
    class TanhCell implements ops.nn.RNNCell {
      readonly stateSize = 4;
      readonly outputSize = 4;
      private readonly w = ops.getVariable('w', { shape: [3, 4], initializer: ops.glorotUniformInitializer({ seed: 1 }) });
      private readonly u = ops.getVariable('u', { shape: [4, 4], initializer: ops.glorotUniformInitializer({ seed: 2 }) });
      private readonly b = ops.getVariable('b', { shape: [4], initializer: ops.zerosInitializer() });

      call(x: Output, h: Output): [Output, Output] {
        const next = ops.tanh(ops.add(ops.add(ops.matmul(x, this.w), ops.matmul(h, this.u)), this.b));
        return [next, next];
      }
    }
    const x = ops.placeholder(DType.float32, [8, 10, 3], 'x'); // [batch, time, features]
    const lengths = ops.placeholder(DType.int32, [8], 'lengths');
    const target = ops.placeholder(DType.float32, [8, 4], 'target');
    const [outputs, state] = ops.nn.dynamicRnn(new TanhCell(), x, { sequenceLength: lengths, dtype: DType.float32 });
    // outputs: [8, 10, 4], zeros past each length; state: [8, 4], each row's at its last step.
    const loss = ops.reduceMean(ops.square(ops.sub(state, target)));
    const trainOp = new train.GradientDescentOptimizer(0.5).minimize(loss);

    // A TensorArray as a loop variable: one element written per iteration, stacked after the loop.
    const [, squares] = ops.whileLoop((i) => ops.less(i, 5), (i, ta) => [ops.add(i, 1), ta.write(i, ops.mul(i, i))],
      [0, new ops.TensorArray(DType.int32, { size: 5 })]);
    const stacked = squares.stack(); // [0, 1, 4, 9, 16]

    expect(outputs.shape).toEqual([8, 10, 4]);
    const sess = new Session();
    await sess.run(ops.globalVariablesInitializer());
    const feed = new Map([
      [x, Tensor.from(new Float32Array(240).map((_, i) => Math.sin(i * 0.3)), { shape: [8, 10, 3] })],
      [lengths, Tensor.from([10, 9, 8, 7, 6, 5, 4, 3], { dtype: DType.int32 })],
      [target, Tensor.from(new Float32Array(32).map((_, i) => Math.cos(i) * 0.5), { shape: [8, 4] })],
    ]);
    for (let i = 0; i < 30; i++) losses.push(((await sess.run([loss, trainOp], feed)) as Tensor[])[0].item() as number);
    stackedValue = (await sess.run(stacked)).toArray();
    await sess.close();
  });
  expect(losses[29]).toBeLessThan(losses[0] / 2);
  expect(stackedValue).toEqual([0, 1, 4, 9, 16]);
});
