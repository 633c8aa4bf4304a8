/**
 * Values of the graph-layer fixtures (control_flow.json, tensor_array.json): results as the
 * fixtures write them, compared to 5 digits, and feeds by placeholder name.
 */
import {
  Graph, IndexedSlices, Operation, Output, Session, SparseTensor, SparseTensorValue, Tensor, Variable, ops, train,
} from '../../lib';
import { RecordedAll, recordAll } from './graph_record';

export type Json = number | boolean | string | null | Json[] | { [k: string]: Json };

/**
 * A value as the fixture has it: int64 as numbers, tensors as nested arrays, a SparseTensorValue
 * as `[indices, values, dense_shape]` (Python's namedtuple).
 */
export function jsonOf(v: unknown): unknown {
  if (v instanceof Tensor) return jsonOf(v.toArray());
  if (v instanceof SparseTensorValue) return jsonOf([v.indices, v.values, v.denseShape]);
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
  if (Array.isArray(v)) return v.map(jsonOf);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonOf(x)]));
  return v;
}

/** `got` equals `want`, floats to 5 digits. */
export function expectClose(got: unknown, want: unknown, path = ''): void {
  if (typeof want === 'number' && typeof got === 'number') {
    if (Math.abs(got - want) > 1e-5 * Math.max(1, Math.abs(want))) throw new Error(`${path}: ${got} != ${want}`);
    return;
  }
  if (Array.isArray(want) || (want !== null && typeof want === 'object')) {
    expect(typeof got).toBe('object');
    const keys = Object.keys(want as object);
    expect(Object.keys(got as object).sort()).toEqual([...keys].sort());
    for (const k of keys) expectClose((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], `${path}/${k}`);
    return;
  }
  expect(got).toEqual(want);
}

/** The fixture's feeds for `graph`: by placeholder name, in each placeholder's dtype. */
export function feedOf(graph: Graph, feed: Record<string, Json>): Map<Output, Tensor> {
  return new Map(Object.entries(feed).map(([k, v]) => {
    const t = graph.tensor(`${k}:0`);
    return [t, Tensor.from(v as number, { dtype: t.dtype })];
  }));
}

/**
 * Each run of a graph fixture: the variables initialized, then `fetch` (of any nesting) run on the
 * run's feeds gives the fixture's values.
 */
export async function expectRunValues(graph: Graph, fetch: unknown, feeds: Array<Record<string, Json>>,
  values: Json[]): Promise<void> {
  const sess = new Session(graph);
  try {
    for (const [i, feed] of feeds.entries()) {
      const init = graph.getCollection<{ initializer: Operation }>('variables').map((v) => v.initializer);
      if (init.length > 0) await sess.run(init);
      expectClose(jsonOf(await sess.run(fetch as Output, feedOf(graph, feed))), values[i]);
    }
  } finally {
    await sess.close();
  }
}

/**
 * The static shapes of nested fetches (Outputs, Variables, a SparseTensor's dense shape), as the
 * fixtures' `shapes_of` writes them.
 */
export function staticShapesOf(f: unknown): unknown {
  if (f instanceof Output || f instanceof Variable || f instanceof SparseTensor) return f.shape;
  if (Array.isArray(f)) return f.map(staticShapesOf);
  return Object.fromEntries(Object.entries(f as object).map(([k, v]) => [k, staticShapesOf(v)]));
}

/** A graph of a fixture (control_flow.py's `graphs`): its ops, feeds, and the fetches' static shapes if recorded. */
export type FixtureGraph = RecordedAll & { feeds: Array<Record<string, Json>>; shapes?: Json };

/**
 * For each graph builder, built in a new graph: a test that it makes the fixture's ops, attrs and
 * collections (and the fetches' static shapes when the fixture has them; `more` adds checks,
 * its keys left out of the comparison), then one that its runs on the fixture's feeds give its values.
 */
export function describeTF1Graphs<F>(graphs: Record<string, () => F>,
  fixture: { graphs: Record<string, FixtureGraph>; values: Record<string, Json[]> },
  more: { keys: string[]; check: (name: string, fetch: F) => void } = { keys: [], check: () => undefined }): void {
  describe.each(Object.keys(graphs))('%s', (name) => {
    const graph = new Graph();
    let fetch: F;
    const want = fixture.graphs[name];

    it('has the ops, attrs and collections TF1 Python makes', () => {
      fetch = graph.asDefault(graphs[name]);
      const expected: Record<string, unknown> = { ...want };
      for (const key of ['feeds', 'shapes', ...more.keys]) delete expected[key];
      expect(recordAll(graph, jsonOf)).toEqual(expected);
      if (want.shapes !== undefined) expect(staticShapesOf(fetch)).toEqual(want.shapes);
      more.check(name, fetch);
    });

    it('gives the values TF1 Python gives', () => expectRunValues(graph, fetch, want.feeds, fixture.values[name]));
  });
}

/** Gradients (IndexedSlices as their dense value) run on each fixture run's feeds, after `init`, give its values. */
export async function expectGradientValues(graph: Graph, grads: Array<Output | IndexedSlices | null>, init: Operation,
  runs: Array<{ feed: Record<string, Json>; grads: Json[] }>): Promise<void> {
  const sess = new Session(graph);
  try {
    await sess.run(init);
    for (const run of runs) {
      const got = await sess.run(grads.map((g) => (g instanceof IndexedSlices ? g.toOutput() : g!)), feedOf(graph, run.feed));
      expectClose(jsonOf(got), run.grads);
    }
  } finally {
    await sess.close();
  }
}

/** A fixture's gradient case: which gradients are IndexedSlices, and their values per run. */
export interface GradientCase {
  sparse: boolean[];
  runs: Array<{ feed: Record<string, Json>; grads: Json[] }>;
}

/**
 * One test per case (control_flow.py's `gradient_values`): `ops.gradients` of the case's loss with
 * respect to its xs, built in a new graph, has TF1's IndexedSlices and values.
 */
export function itGivesTF1Gradients(gradients: Record<string, GradientCase>,
  cases: Record<string, () => [Output, Array<Output | Variable>]>): void {
  it.each(Object.keys(gradients))('%s: the gradients TF1 Python gives', async (name) => {
    const want = gradients[name];
    const graph = new Graph();
    const [grads, init] = graph.asDefault(() => {
      const [loss, xs] = cases[name]();
      return [ops.gradients(loss, xs), ops.globalVariablesInitializer()] as const;
    });
    expect(grads.map((g) => g instanceof IndexedSlices)).toEqual(want.sparse);
    await expectGradientValues(graph, grads, init, want.runs);
  });
}

/** One test per fixture build error: the case, built in a new graph, throws TF1's class and message. */
export function itThrowsTF1Errors(errors: Record<string, { class: string; message: string }>,
  cases: Record<string, () => unknown>): void {
  it.each(Object.keys(errors))('%s: TF1\'s error', (name) => {
    let error: Error | undefined;
    new Graph().asDefault(() => {
      try {
        cases[name]();
      } catch (e) {
        error = e as Error;
      }
    });
    expect(error?.constructor.name).toBe(errors[name].class);
    expect(error?.message).toBe(errors[name].message);
  });
}

/** What an ops fixture (scripts/graph_fixtures/<ops>.py) holds: graphs and their runs, gradient cases, build errors. */
export interface OpsFixture {
  graphs: Record<string, FixtureGraph>;
  values: Record<string, Json[]>;
  gradients: Record<string, GradientCase>;
  build_errors: Record<string, { class: string; message: string }>;
}

/** What `build` gives `trainByGradientDescent`: the loss, what to fetch after training, ops to run before it. */
export interface TrainingCase {
  loss: Output;
  fetch?: Output | Variable;
  before?: Array<Output | Operation>;
}

/**
 * The loss `build` makes in a new graph minimised by GradientDescent(`rate`) for `steps` runs, after the
 * variables are initialized and `before` ran: each run's loss, then the value of `fetch` as the fixtures write it.
 */
export async function trainByGradientDescent(build: () => TrainingCase, rate: number, steps: number):
Promise<{ losses: number[]; fetched: unknown }> {
  const graph = new Graph();
  const { loss, fetch, before, trainOp, init } = graph.asDefault(() => {
    const c = build();
    return { ...c, trainOp: new train.GradientDescentOptimizer(rate).minimize(c.loss), init: ops.globalVariablesInitializer() };
  });
  const sess = new Session(graph);
  try {
    await sess.run(init);
    for (const op of before ?? []) await sess.run(op);
    const losses: number[] = [];
    for (let i = 0; i < steps; i++) losses.push(Number(((await sess.run([loss, trainOp])) as Tensor[])[0].item()));
    return { losses, fetched: fetch === undefined ? undefined : jsonOf(await sess.run(fetch)) };
  } finally {
    await sess.close();
  }
}
