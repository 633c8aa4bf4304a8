/**
 * The graph checks of the ragged tests (test/ragged.test.ts, test/ragged_uniform.test.ts): each
 * graph builder against its fixture (scripts/graph_fixtures/ragged.py's `graphs`), a fetched
 * RaggedTensorValue compared as its `to_list()` and string feeds fed as the bytes they stand for.
 */
import { DType, Graph, Output, RaggedTensor, RaggedTensorValue, Session, SparseTensor, Tensor } from '../../lib';
import { recordAll } from './graph_record';
import { FixtureGraph, Json, expectClose, feedOf, jsonOf } from './fixture_values';

/** What a ragged graph builder fetches: tensors, RaggedTensors, SparseTensors, arrays and records of them. */
export type RaggedFetch = Output | RaggedTensor | SparseTensor | RaggedFetch[] | { [key: string]: RaggedFetch };

/** A fetched value as the fixture has it: a RaggedTensorValue as its `to_list()`. */
const listed = (v: unknown): unknown => (v instanceof RaggedTensorValue ? v.toArray() : Array.isArray(v) ? v.map(listed)
  : v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, listed(x)])) : v);

/** The fixture's feed, strings (its latin-1 text) as the bytes they stand for. */
const feedWithBytes = (graph: Graph, feed: Record<string, Json>): Map<Output, Tensor> => {
  const bytes = (v: Json): unknown => (typeof v === 'string' ? new Uint8Array(Buffer.from(v, 'latin1'))
    : Array.isArray(v) ? v.map(bytes) : v);
  const strings = Object.entries(feed).filter(([k]) => graph.tensor(`${k}:0`).dtype === DType.string);
  const feeds = feedOf(graph, Object.fromEntries(Object.entries(feed).filter(([k]) => !strings.some(([s]) => s === k))));
  for (const [k, v] of strings) feeds.set(graph.tensor(`${k}:0`), Tensor.from(bytes(v) as Uint8Array));
  return feeds;
};

/** The static shapes of a fetch, nested as it is. */
const shapeOf = (f: RaggedFetch): unknown => (Array.isArray(f) ? f.map(shapeOf) : 'shape' in f ? f.shape
  : Object.fromEntries(Object.entries(f).map(([k, x]) => [k, shapeOf(x)])));

/**
 * For each graph builder, in a new graph: a test that it makes the fixture's ops (names, types,
 * inputs, attrs, Const values) and its fetches' static shapes, then one that session runs on the
 * fixture's feeds give its values.
 */
export function describeRaggedGraphs(graphs: Record<string, () => Record<string, RaggedFetch>>,
  fixture: { graphs: Record<string, FixtureGraph>; values: Record<string, Json[]> }): void {
  describe.each(Object.keys(graphs))('%s', (name) => {
    const graph = new Graph();
    let fetch: Record<string, RaggedFetch>;
    const want = fixture.graphs[name];

    it('has the ops, attrs, static shapes TF1 Python makes', () => {
      fetch = graph.asDefault(graphs[name]);
      const expected: Record<string, unknown> = { ...want };
      for (const key of ['feeds', 'shapes']) delete expected[key];
      expect(recordAll(graph, jsonOf)).toEqual(expected);
      expect(shapeOf(fetch)).toEqual(want.shapes);
    });

    it('gives the values TF1 Python gives, a RaggedTensor as a RaggedTensorValue', async () => {
      const sess = new Session(graph);
      try {
        for (const [i, feed] of want.feeds.entries()) {
          const got = await sess.run(fetch as never, feedWithBytes(graph, feed));
          expectClose(jsonOf(listed(got)), fixture.values[name][i]);
        }
      } finally {
        await sess.close();
      }
    });
  });
}
