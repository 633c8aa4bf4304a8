/**
 * Gradients through ops libtensorflow's C++ registry lacks (v1 cond, sparse softmax cross-entropy,
 * FusedBatchNorm, the gathers, TopK, ...), next to ops whose inputs are computed from each other,
 * and common ops one by one (`survey_*`): the graphs of scripts/graph_fixtures/gradients.py,
 * imported as Python wrote them (no gradients yet), must give the gradient values TF1 Python's
 * tf.gradients gave.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DType, Graph, IndexedSlices, LookupError, Operation, Session, Tensor, ops } from '../lib';
import { expectClose } from './helpers/fixture_values';

interface Value { dtype: string; shape: number[]; values: Array<number | boolean> }
interface Case { graph_def: string; loss: string; xs: string[]; sparse: boolean[]; init: string[]; runs: Array<{ feeds: Record<string, Value>; grads: Value[] }> }
const cases: Record<string, Case> =
  JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'graph_layer', 'gradients.json'), 'utf8'));

const DTYPES: Record<string, DType> = { float32: DType.float32, int32: DType.int32, bool: DType.bool };

function tensor(v: Value): Tensor {
  return Tensor.from(v.values as number[], { dtype: DTYPES[v.dtype], shape: v.shape });
}

describe.each(Object.keys(cases))('%s', (name) => {
  it('gives the gradients TF1 Python gives', async () => {
    const c = cases[name];
    const graph = new Graph();
    graph.importGraphDef(new Uint8Array(Buffer.from(c.graph_def, 'base64')), { prefix: '' });
    const raw = graph.gradients([graph.tensor(c.loss)], c.xs.map((x) => graph.tensor(x)));
    expect(raw.map((g) => g instanceof IndexedSlices)).toEqual(c.sparse);
    // IndexedSlices as the dense tensor they stand for, as the fixture converts them.
    const grads = raw.map((g) => (g instanceof IndexedSlices ? g.toOutput() : g!));
    const sess = new Session(graph);
    try {
      for (const op of c.init) await sess.run(graph.operation(op));
      for (const run of c.runs) {
        const feed = new Map(Object.entries(run.feeds).map(([k, v]) => [graph.tensor(`${k}:0`), tensor(v)]));
        const got = await sess.run(grads, feed) as Tensor[];
        got.forEach((g, i) => {
          expect(g.shape).toEqual(run.grads[i].shape);
          const want = run.grads[i].values as number[];
          // Relative: float32 sums (a determinant's) differ in the last bits from one CPU's kernels to another's.
          expectClose(Array.from(g.data as Float32Array), want);
        });
      }
    } finally {
      await sess.close();
    }
  });
});

describe('gradients', () => {
  it('name the op with no gradient, and keep one TF_AddGradients call when C++ has them all', () => {
    const graph = new Graph();
    graph.asDefault(() => {
      const x = ops.placeholder(DType.float32, [3]);
      // Snapshot has no gradient in TF1 Python either.
      const snap = ops.reduceSum(graph.addOperation({ type: 'Snapshot', name: 'snap', inputs: [x],
        attrs: [['T', 'type', DType.float32]] }).output(0));
      expect(() => graph.gradients([snap], [x])).toThrow(new LookupError("No gradient defined for operation'snap' " +
        '(op type: Snapshot). In general every operation must have an associated `@tf.RegisterGradient` for correct ' +
        'autodiff, which this op is lacking. If you want to pretend this operation is a constant in your program, ' +
        'you may insert `tf.stop_gradient`. This can be useful to silence the error in cases where you know ' +
        'gradients are not needed, e.g. the forward pass of tf.custom_gradient. Please see more details in ' +
        'https://www.tensorflow.org/api_docs/python/tf/custom_gradient.'));
      const y = ops.reduceSum(ops.mul(x, ops.tanh(x)));
      const before = new Set(graph.operations().map((o: Operation) => o.name));
      graph.gradients([y], [x]);
      // The C++ registry's nodes, under one prefix (the walker would name them per op).
      const added = graph.operations().map((o: Operation) => o.name).filter((n) => !before.has(n));
      expect(added.every((n) => n.startsWith('gradients_1/'))).toBe(true);
      expect(added.some((n) => n.includes('_grad/'))).toBe(false);
    });
  });

  it('walked op by op, add only nodes the gradients read: no copy of a forward op, no stand-in', async () => {
    const graph = new Graph();
    const x = graph.asDefault(() => ops.placeholder(DType.float32, [3], 'x'));
    const [y, dx] = graph.asDefault(() => {
      // EnsureShape (a gradient written in lib/) below `a + tanh(a)`, whose inputs depend on each
      // other, makes every op above it go through TF_AddGradients alone.
      const a = graph.addOperation({ type: 'EnsureShape', inputs: [x],
        attrs: [['shape', 'shape', [3]], ['T', 'type', DType.float32]] }).output(0);
      const loss = ops.reduceSum(ops.add(a, ops.tanh(a)));
      const before = new Set(graph.operations());
      const [g] = graph.gradients([loss], [x]);
      const read = new Set<Operation>();
      const stack = [g!.op];
      while (stack.length) {
        const op = stack.pop()!;
        if (read.has(op)) continue;
        read.add(op);
        stack.push(...op.inputs.map((i) => i.op), ...op.controlInputs);
      }
      const added = graph.operations().filter((op) => !before.has(op));
      expect(added.filter((op) => !read.has(op)).map((op) => op.name)).toEqual([]);
      expect(added.every((op) => op.name.startsWith('gradients/') && op.type !== 'Placeholder')).toBe(true);
      return [loss, g!];
    });
    const sess = new Session(graph);
    try {
      const v = [0.5, -1, 2];
      const [got] = await sess.run([dx, y], new Map([[x, Tensor.from(v, { dtype: DType.float32 })]])) as Tensor[];
      Array.from(got.data as Float32Array).forEach((d, i) => expect(d).toBeCloseTo(2 - Math.tanh(v[i]) ** 2, 5));
    } finally {
      await sess.close();
    }
  });

  it('refuse v1 while loops on the walked path with a clear error', () => {
    const graph = new Graph();
    graph.asDefault(() => {
      const x = ops.placeholder(DType.float32, [2]);
      const enter = graph.addOperation({ type: 'Enter', name: 'loop/Enter', inputs: [x],
        attrs: [['T', 'type', DType.float32], ['frame_name', 'string', 'loop']] }).output(0);
      const pred = ops.placeholder(DType.bool, []);
      const sw = graph.addOperation({ type: 'Switch', inputs: [enter, pred], attrs: [['T', 'type', DType.float32]] });
      expect(() => graph.gradients([ops.reduceSum(sw.output(1))], [x])).toThrow(
        "Gradients through a v1 while loop are not supported: 'loop/Enter' (op type: Enter) lies between the ys and the xs.");
    });
  });
});
