/**
 * tf.data graphs and elements as scripts/graph_fixtures/datasets.py records them (graph_json,
 * run_all), for the tests of tf.data.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { FeedDict, Graph, Operation, Output, Session, Tensor, data, errors, ops } from '../../lib';
import { GraphDefSchema } from '../../lib/proto';
import { fixturePath } from './core';
import { expectClose, jsonOf as plainJson } from './fixture_values';
import { RecordedAll, recordAll } from './graph_record';

/** The data files datasets.py writes. */
export const DATA = fixturePath('graph_layer', 'datasets');

/** A value as the fixtures have it: strings as latin-1 text, the data directory as `<data>`. */
export function jsonOf(v: unknown): unknown {
  const fix = (x: unknown): unknown => (typeof x === 'string' ? x.split(DATA).join('<data>')
    : Array.isArray(x) ? x.map(fix) : x !== null && typeof x === 'object'
      ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, fix(y)])) : x);
  return fix(plainJson(v));
}

/** datasets.py's graph_json: recordAll, function attrs as '<fn>', and the distinct op types of each function body. */
export function graphJson(g: Graph): unknown {
  const out = recordAll(g, jsonOf) as RecordedAll & { functions: Record<string, string[]> };
  const lib = new Map(fromBinary(GraphDefSchema, g.toGraphDef()).library?.function
    .map((f) => [f.signature!.name, f]) ?? []);
  out.functions = {};
  for (const [op, attrs] of Object.entries(out.attrs)) {
    for (const [k, v] of Object.entries(attrs)) {
      const name = (v as { func?: { name: string } }).func?.name;
      if (name === undefined) continue;
      attrs[k] = '<fn>';
      out.functions[op] = [...new Set(lib.get(name)!.nodeDef.map((n) => n.op))].filter((t) => t !== 'Identity' && t !== 'NoOp').sort();
    }
  }
  return out;
}

/**
 * The values of `fetch` until OutOfRangeError (after `init`, run with `feed`); with `reinit`, `init`
 * again and that many more.
 */
export async function runAll(sess: Session, fetch: unknown, init?: Operation, reinit = 0, feed?: FeedDict): Promise<unknown[]> {
  if (init) await sess.run(init, feed);
  const values: unknown[] = [];
  for (;;) {
    try {
      values.push(jsonOf(await sess.run(fetch as Output)));
    } catch (e) {
      if (!(e instanceof errors.OutOfRangeError)) throw e;
      break;
    }
  }
  if (reinit > 0) {
    await sess.run(init!);
    const more: unknown[] = [];
    for (let i = 0; i < reinit; i++) more.push(jsonOf(await sess.run(fetch as Output)));
    values.push(more);
  }
  return values;
}

/** `fn` of a new session of `g`, closed after. */
export async function withSession<T>(g: Graph, fn: (sess: Session) => Promise<T>): Promise<T> {
  const sess = new Session(g);
  try {
    return await fn(sess);
  } finally {
    await sess.close();
  }
}

/** A dataset graph case: built in the graph it is given, then run: [elements, element specs]. */
export type DatasetCase = (g: Graph) => () => Promise<[unknown, unknown]>;

/**
 * One describe per case: built in a new graph, its ops as the fixture script records them (`graphOf`), its
 * elements and element specs as the fixture has them.
 */
export function describeDatasetGraphs(graphs: Record<string, DatasetCase>,
  fixture: { graphs: Record<string, unknown>; values: Record<string, unknown>; specs: Record<string, unknown> },
  graphOf: (g: Graph) => unknown = graphJson): void {
  describe.each(Object.keys(graphs))('%s', (name) => {
    const g = new Graph();
    let got: [unknown, unknown];

    beforeAll(async () => {
      got = await graphs[name](g)();
    });

    it('has the ops, attrs and function bodies TF1 Python makes', () => {
      expect(graphOf(g)).toEqual(fixture.graphs[name]);
    });

    it('gives the elements (or run-time errors) TF1 Python gives, with its element specs', () => {
      expectClose(got[0], fixture.values[name]);
      expect(got[1]).toEqual(fixture.specs[name]);
    });
  });
}

/**
 * One describe per pipeline of a fixture's `data` (cond_v2.py's and data_functions.py's): built in a new graph
 * through an initializable iterator, its ops as graph_json records them and its functions as `functionsOf`
 * gives them the fixture's (`all_functions`), its elements (after the variables' initializers) the fixture's.
 * `normalize` maps the ops' record before the comparison (while_v2.py's function uids).
 */
export function describeFunctionPipelines(title: string, pipelines: Record<string, () => data.Dataset>,
  fixture: Record<string, { all_functions: unknown; elements: unknown[] }>, functionsOf: (g: Graph) => unknown,
  normalize: (record: unknown) => unknown = (record) => record): void {
  describe.each(Object.keys(pipelines))(title, (name) => {
    const { all_functions: functions, elements, ...want } = fixture[name];
    const g = new Graph();
    let iterator: data.Iterator;
    let next: unknown;

    it('builds the dataset graph and the functions TF builds', () => {
      g.asDefault(() => {
        iterator = data.makeInitializableIterator(pipelines[name]());
        next = iterator.getNext();
      });
      expect(normalize(graphJson(g))).toEqual(want);
      expect(functionsOf(g)).toEqual(functions);
    });

    it('gives the elements TF gives', async () => {
      await withSession(g, async (sess) => {
        await sess.run(g.asDefault(() => ops.globalVariablesInitializer()));
        expectClose(await runAll(sess, next, iterator.initializer), elements);
      });
    });
  });
}

/**
 * Builds datasets in `g`; the run gives each one's elements (through one-shot iterators made after
 * them) and their specs as Python prints them.
 */
export function fetchAll(g: Graph, build: () => data.Dataset[]): () => Promise<[unknown[], string[]]> {
  const { fetch, specs } = g.asDefault(() => {
    const datasets = build();
    return { fetch: datasets.map((ds) => data.makeOneShotIterator(ds).getNext()), specs: datasets.map((ds) => data.specString(ds.elementSpec)) };
  });
  return () => withSession(g, async (sess) => {
    const values = [];
    for (const t of fetch) values.push(await runAll(sess, t));
    return [values, specs];
  });
}

/** The loss of each run of `trainOp` until the data runs out (OutOfRangeError). */
export async function lossesUntilEnd(sess: Session, trainOp: Operation, loss: Output): Promise<number[]> {
  const losses = [];
  for (;;) {
    try {
      losses.push(Number(((await sess.run([trainOp, loss]))[1] as Tensor).item()));
    } catch (e) {
      if (!(e instanceof errors.OutOfRangeError)) throw e;
      return losses;
    }
  }
}
