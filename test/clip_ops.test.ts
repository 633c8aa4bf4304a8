/**
 * The clipping ops (`ops.clipByValue`, `clipByNorm`, `globalNorm`, `clipByGlobalNorm`,
 * `clipByAverageNorm`) and `ops.nn.dropout` against Python TF 2.21's `tf.compat.v1`
 * (test/fixtures/clip_ops, made by scripts/fixtures/make_clip_ops.py): each call adds the ops TF
 * adds (names, types, inputs, control inputs, colocation, dtypes), returns the same tensors and
 * computes the same values, dropout drawing the same masks run after run; bad arguments raise
 * TF's errors; and clipping gradients by their global norm trains as in TF.
 */
import { DType, Graph, IndexedSlices, Operation, Output, Session, Tensor, ValueError, ops, train } from '../lib';
import { baseOf, describeErrorCases, expected } from './helpers/core';

type Json = number | string | boolean | null | Json[] | { [key: string]: Json };
type Args = Record<string, Json>;

interface Call {
  id: string;
  fn: string;
  args: Args;
}

interface Case extends Call {
  graph_seed?: number;
  before?: [string, Args][];
  outputs: ({ name: string; dtype: string; shape: (number | null)[] | null } | null)[];
  ops: Record<string, string>;
  values: Json[][];
}

interface ErrorCase extends Call {
  error: { class: string; message: string };
}

interface Training {
  x: number[][];
  y: number[][];
  w0: number[][];
  b0: number;
  learning_rate: number;
  clip_norm: number;
  clipped: string[];
  global_norm: string;
  steps: { global_norm: number; loss: number; w: number[][]; b: number }[];
}

const fixture = expected<{ cases: Case[]; errors: ErrorCase[]; training: Training }>('clip_ops');

/** 'inf', '-inf' and 'nan' in the fixture are those floats. */
function decode(v: Json): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (v === 'nan') return NaN;
  return v;
}

type Result = Output | [Array<Output | null>, Output];
/** Resolved keyword arguments: whatever the fixture says each is. */
type A = Record<string, any>;

/** TF1's function -> ours, keyword arguments in the options object where ours takes one. */
const CALLS: Record<string, (a: A) => Result> = {
  clip_by_value: (a) => ops.clipByValue(a.t, a.clip_value_min, a.clip_value_max, a.name),
  clip_by_norm: (a) => ops.clipByNorm(a.t, a.clip_norm, { axes: a.axes, name: a.name }),
  global_norm: (a) => ops.globalNorm(a.t_list, a.name),
  clip_by_global_norm: (a) => ops.clipByGlobalNorm(a.t_list, a.clip_norm, { useNorm: a.use_norm, name: a.name }),
  clip_by_average_norm: (a) => ops.clipByAverageNorm(a.t, a.clip_norm, a.name),
  'nn.dropout': (a) => ops.nn.dropout(a.x, { keepProb: a.keep_prob, rate: a.rate, noiseShape: a.noise_shape,
    seed: a.seed, name: a.name }),
};

/** The fixture's arguments as graph values: constants, placeholders (fed) and variables, made in order. */
function resolve(v: Json, feeds: Map<Output, Tensor>): unknown {
  if (Array.isArray(v)) return v.map((x) => resolve(x, feeds));
  if (v === null || typeof v !== 'object') return decode(v);
  const dtype = DType[v.dtype as keyof typeof DType];
  if ('const' in v) return ops.constant(decode(v.const) as number[], { dtype });
  if ('placeholder' in v) {
    const p = ops.placeholder(dtype, v.placeholder as (number | null)[] | null);
    feeds.set(p, Tensor.from(decode(v.feed) as number[], { dtype }));
    return p;
  }
  return new ops.Variable(v.variable as number);
}

const resolveArgs = (args: Args, feeds: Map<Output, Tensor>): A =>
  Object.fromEntries(Object.entries(args).map(([k, v]) => [k, resolve(v, feeds)]));

/** The fixture's graph: graph seed, the `before` calls, the arguments, then the call; what it returned or threw and the ops it added. */
function build(c: Call & Partial<Case>) {
  const g = new Graph();
  return g.asDefault(() => {
    const feeds = new Map<Output, Tensor>();
    if (c.graph_seed !== undefined) ops.setRandomSeed(c.graph_seed);
    for (const [fn, args] of c.before ?? []) CALLS[fn](resolveArgs(args, feeds));
    const args = resolveArgs(c.args, feeds);
    const first = g.operations().length;
    let result: Result | Error;
    try {
      result = CALLS[c.fn](args);
    } catch (e) {
      result = e as Error;
    }
    return { g, feeds, result, added: g.operations().slice(first) };
  });
}

const flatten = (r: Result): Array<Output | null> => (r instanceof Output ? [r] : [...r[0], r[1]]);

function colocation(op: Operation): string[] {
  try {
    return (op.getAttr('_class') as Uint8Array[]).map((b) => Buffer.from(b).toString());
  } catch (e) {
    if (e instanceof ValueError) return [];
    throw e;
  }
}

/** As the generator's describe_op: 'Type(input, ...) ^control ... @colocation ... -> dtype'. */
function describeOp(op: Operation): string {
  const controls = op.controlInputs.map((c) => ` ^${c.name}`).join('');
  const groups = colocation(op).map((c) => ` @${c}`).join('');
  const dtype = op.numOutputs > 0 ? ` -> ${DType[baseOf(op.outputs[0])]}` : '';
  return `${op.type}(${op.inputs.map((i) => i.name).join(', ')})${controls}${groups}${dtype}`;
}

/** The outputs' values, one list per run, all runs in one session (null for a null output). */
async function values(g: Graph, outputs: Array<Output | null>, feeds: Map<Output, Tensor>, runs: number) {
  const sess = new Session(g);
  try {
    const all = [];
    for (let i = 0; i < runs; i++) {
      const got = (await sess.run(outputs.filter((o): o is Output => o !== null), feeds)).values();
      all.push(outputs.map((o) => (o === null ? null : got.next().value!.toArray())));
    }
    return all;
  } finally {
    await sess.close();
  }
}

describe.each(fixture.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
  test('adds the ops TF adds and returns the same tensors', () => {
    const { result, added } = build(c);
    if (result instanceof Error) throw result;
    expect(flatten(result).map((o) => o && { name: o.name, dtype: DType[baseOf(o)], shape: o.shape }))
      .toEqual(c.outputs);
    expect(Object.fromEntries(added.map((op) => [op.name, describeOp(op)]))).toEqual(c.ops);
  });

  // The same ops, constants and seeds run by the same kernels: values are exact, draws identical.
  test('computes the values TF computes', async () => {
    const { g, feeds, result } = build(c);
    if (result instanceof Error) throw result;
    expect(await values(g, flatten(result), feeds, c.values.length)).toEqual(decode(c.values));
  });
});

describeErrorCases(fixture.errors, build);

describe('clipByGlobalNorm between computeGradients and applyGradients', () => {
  test('trains as TF does', async () => {
    const t = fixture.training;
    const g = new Graph();
    const { w, b, loss, clipped, norm, trainOp, init } = g.asDefault(() => {
      const x = ops.constant(t.x, { name: 'x' });
      const y = ops.constant(t.y, { name: 'y' });
      const w = new ops.Variable(t.w0, { name: 'w' });
      const b = new ops.Variable(t.b0, { name: 'b' });
      const loss = ops.reduceMean(ops.square(ops.sub(ops.add(ops.matmul(x, w), b), y)), { name: 'loss' });
      const opt = new train.GradientDescentOptimizer(t.learning_rate);
      const gradsAndVars = opt.computeGradients(loss);
      const [clipped, norm] = ops.clipByGlobalNorm(gradsAndVars.map(([grad]) => grad), t.clip_norm);
      const trainOp = opt.applyGradients(gradsAndVars.map(([, v], i) => [clipped[i], v]));
      return { w, b, loss, clipped, norm, trainOp, init: ops.globalVariablesInitializer() };
    });
    expect(clipped.map((c) => c?.name)).toEqual(t.clipped);
    expect(norm.name).toBe(t.global_norm);

    // libtensorflow's C++ gradients are not Python's graphs: allow for the last bits.
    const close = (actual: unknown, want: unknown) => {
      const [a, e] = [[actual].flat(2) as number[], [want].flat(2) as number[]];
      expect(a).toHaveLength(e.length);
      a.forEach((v, i) => expect(Math.abs(v - e[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(e[i]))));
    };
    const sess = new Session(g);
    try {
      await sess.run(init);
      for (const step of t.steps) {
        const [n, l] = await sess.run([norm, loss, trainOp]) as [Tensor, Tensor, null];
        close(n.item(), step.global_norm);
        close(l.item(), step.loss);
        const [wv, bv] = await sess.run([w, b]) as Tensor[];
        close(wv.toArray(), step.w);
        close(bv.item(), step.b);
      }
    } finally {
      await sess.close();
    }
  });
});

describe('IndexedSlices (an embedding\'s gradient)', () => {
  test('clipByGlobalNorm and clipByNorm clip the values and keep the rows and indices, as TF1', async () => {
    const g = new Graph();
    const { grads, clipped, norm, byNorm, byValue } = g.asDefault(() => {
      const emb = new ops.Variable([[1, 2], [3, 4], [5, 6]], { name: 'emb' });
      const w = new ops.Variable([[2], [-1]], { name: 'w' });
      const rows = ops.nn.embeddingLookup(emb, Tensor.from([2, 0, 2], { dtype: DType.int32 }));
      const loss = ops.reduceSum(ops.matmul(rows, w));
      const gs = ops.gradients(loss, [emb, w]);
      const [c, n] = ops.clipByGlobalNorm(gs, 1);
      return { grads: gs, clipped: c, norm: n, byNorm: ops.clipByNorm(gs[0]!, 1), byValue: ops.clipByValue(gs[0]!, -1, 1) };
    });
    expect(grads[0]).toBeInstanceOf(IndexedSlices);
    expect(clipped[0]).toBeInstanceOf(IndexedSlices);
    expect(clipped[1]).toBeInstanceOf(Output);
    expect(byNorm).toBeInstanceOf(IndexedSlices);
    expect(byValue).toBeInstanceOf(IndexedSlices);
    const sess = new Session(g);
    try {
      await sess.run(g.asDefault(() => ops.globalVariablesInitializer()));
      const [raw, clip, n, bn, bv] = await sess.run([grads[0] as IndexedSlices, clipped[0] as IndexedSlices, norm,
        byNorm, byValue]);
      // Each looked-up row's gradient is w's transpose: [2, -1], three times; w's is the rows' sum.
      expect(raw.values.toArray()).toEqual([[2, -1], [2, -1], [2, -1]]);
      expect(Array.from(clip.indices.data as Int32Array)).toEqual([2, 0, 2]);
      const want = Math.sqrt(3 * 5 + (5 + 1 + 5) ** 2 + (6 + 2 + 6) ** 2);
      expect(n.item()).toBeCloseTo(want, 4);
      (clip.values.toArray() as number[][]).flat().forEach((v, i) => expect(v).toBeCloseTo([2, -1][i % 2] / want, 5));
      // clipByNorm takes the norm of the values (sqrt(15)), clipByValue clips each.
      (bn.values.toArray() as number[][]).flat().forEach((v, i) => expect(v).toBeCloseTo([2, -1][i % 2] / Math.sqrt(15), 5));
      expect(bv.values.toArray()).toEqual([[1, -1], [1, -1], [1, -1]]);
    } finally {
      await sess.close();
    }
  });
});
