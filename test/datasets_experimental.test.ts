/**
 * TF1's tf.data.experimental (tf.compat.v1.data.experimental, graph mode) against TF 2.21 Python
 * (scripts/graph_fixtures/datasets_experimental.py): cardinality, assertCardinality, padToCardinality,
 * getSingleElement, unique, Counter, RandomDataset, shuffleAndRepeat, fromList, the aliases of
 * takeWhile/unbatch/enumerate, groupByReducer, CsvDataset, makeCsvDataset, tableFromDataset,
 * indexTableFromDataset, TFRecordWriter, toVariant/fromVariant, getStructure, getNextAsOptional and Optional,
 * getOutputTypes/Shapes/Classes, Dataset.withOptions/options: the same graphs op for op (and the op types of each function
 * body), the same elements until OutOfRangeError (or the same run-time error), the same element
 * specs, the same errors, and the same losses of a model trained on a CSV file.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DType, Graph, Output, Session, Tensor, data, errors, ops, train } from '../lib';
import { describeDatasetGraphs, graphJson, jsonOf, withSession } from './helpers/datasets';
import { fixturePath } from './helpers/core';
import { expectClose, itThrowsTF1Errors } from './helpers/fixture_values';
import { RecordedAll, loadGraphFixture } from './helpers/graph_record';

interface Fixture {
  graphs: Record<string, RecordedAll & { functions: Record<string, string[]> }>;
  values: Record<string, unknown>;
  specs: Record<string, string[] | null>;
  errors: Record<string, { class: string; message: string }>;
  train_csv: { losses: number[]; w: number[]; b: number };
}
const fixture = loadGraphFixture<Fixture>('datasets_experimental.json');
const DATA = fixturePath('graph_layer', 'datasets_experimental');
const CSV = path.join(DATA, 'rows.csv');
const HEADED = path.join(DATA, 'headed.csv');
// The files this test writes (the script writes them in DATA).
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'datasets_experimental-'));
const WRITTEN = path.join(TMP, 'written.tfrecord');
const { Dataset, experimental: x } = data;
type Dataset = data.Dataset;

/** `v` with this test's data directories as `<data>` (graphJson's `<data>_experimental` too), as the script strips its own. */
function strip(v: unknown): unknown {
  if (typeof v === 'string') return [DATA, TMP, '<data>_experimental'].reduce((x, dir) => x.split(dir).join('<data>'), v);
  if (Array.isArray(v)) return v.map(strip);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, y]) => [k, strip(y)]));
  return v;
}

/** The graph as the script records it: graphJson, the tables' random shared names as 'hash_table_<uuid>'. */
function graphOf(g: Graph): unknown {
  const out = graphJson(g) as { attrs: Record<string, Record<string, unknown>> };
  for (const attrs of Object.values(out.attrs)) {
    const name = (attrs.shared_name as { s?: string } | undefined)?.s;
    if (name && Buffer.from(name, 'base64').toString().startsWith('hash_table_')) attrs.shared_name = 'hash_table_<uuid>';
  }
  return strip(out);
}

/** A run-time error as the script records it: its class and the kernel's message. */
function runError(e: unknown): unknown {
  if (!(e instanceof errors.OpError)) throw e;
  return { error: e.constructor.name, message: e.message.split('\n').filter((l) => l && l[0] !== '\t').pop() };
}

/** The values of `fetch` until OutOfRangeError (at most `limit`), then the other error that ends the run. */
async function runUntilEnd(sess: Session, fetch: unknown, limit = Infinity): Promise<unknown[]> {
  const values: unknown[] = [];
  try {
    while (values.length < limit) values.push(strip(jsonOf(await sess.run(fetch as Output))));
  } catch (e) {
    if (!(e instanceof errors.OutOfRangeError)) values.push(runError(e));
  }
  return values;
}

type Run = () => Promise<[unknown, unknown]>;

/** One-shot iterators' getNext of each dataset `build` makes in `g`; the run gives each one's elements and the specs. */
function fetchAll(g: Graph, build: () => Dataset[]): Run {
  const { fetch, specs } = g.asDefault(() => {
    const datasets = build();
    return { fetch: datasets.map((ds) => data.makeOneShotIterator(ds).getNext()), specs: datasets.map((d) => data.specString(d.elementSpec)) };
  });
  return () => withSession(g, async (sess) => {
    const values = [];
    for (const t of fetch) values.push(await runUntilEnd(sess, t));
    return [values, specs];
  });
}

/** Tensors `build` makes in `g`, each run once (or its run-time error). */
function fetchTensors(g: Graph, build: () => unknown[]): Run {
  const fetch = g.asDefault(build);
  return () => withSession(g, async (sess) => {
    const values = [];
    for (const t of fetch) values.push(await runUntilEnd(sess, t, 1));
    return [values, null];
  });
}

const int64 = (v: number | number[]) => ops.constant(v, { dtype: DType.int64 });
const int32 = (v: number | number[]) => Tensor.from(v, { dtype: DType.int32 });

const graphs: Record<string, (g: Graph) => Run> = {
  cardinalities: (g) => fetchTensors(g, () => {
    const r = Dataset.range(42);
    return [
      x.cardinality(r), x.cardinality(r.repeat()), x.cardinality(r.filter((v: Output) => ops.greater(v, 2))),
      x.cardinality(r.batch(5)), x.cardinality(data.TextLineDataset(CSV).apply(x.assertCardinality(4))),
      x.cardinality(r.apply(x.unique())),
    ];
  }),
  singles: (g) => fetchTensors(g, () => [
    x.getSingleElement(Dataset.fromTensors([ops.constant([1, 2], { dtype: DType.int32 }), 'a'])),
    x.getSingleElement(Dataset.range(3).batch(3)),
    x.getSingleElement(Dataset.range(2)),
    x.getSingleElement(Dataset.range(0)),
    Dataset.fromTensors({ k: 1.5 }).getSingleElement(),
  ]),
  transformations: (g) => fetchAll(g, () => {
    const r = Dataset.range(6);
    return [
      Dataset.fromTensorSlices(int32([1, 3, 1, 2, 3, 4])).apply(x.unique()),
      Dataset.fromTensorSlices(['a', 'b', 'a']).unique(),
      data.TextLineDataset(CSV).apply(x.assertCardinality(3)),
      r.apply(x.assertCardinality(6)),
      r.apply(x.takeWhile((v: Output) => ops.less(v, 4))),
      r.batch(4).apply(x.unbatch()),
      r.apply(x.enumerateDataset(5)),
      r.apply(x.shuffleAndRepeat(3, 2, 7)),
      r.apply(x.shuffleAndRepeat(int64(2))).take(4).map((v: Output) => ops.mul(v, 0, 'mul')),
      // Keys that sort as Python inserts them: element specs print sorted keys.
      Dataset.zip({ a: r, b: r.map((v: Output) => ops.fill([2], v)) }).apply(x.padToCardinality(8)),
      Dataset.zip({ k: r }).take(2).apply(x.padToCardinality(3, 'ok')),
    ];
  }),
  sources: (g) => fetchAll(g, () => [
    x.Counter().take(4),
    x.Counter(10, -3, DType.int32).take(3),
    x.RandomDataset(3).take(3),
    x.fromList([[int32(1), 'a'], [int32(2), 'b'], [int32(3), 'c']]),
    x.fromList([Tensor.from([1, 2], { dtype: DType.float64 }), Tensor.from([3], { dtype: DType.float64 })]),
    x.fromList([{ k: int32([1, 2]) }, { k: int32([3, 4]) }]),
  ]),
  reducers: (g) => fetchAll(g, () => {
    const r = Dataset.range(10);
    const sums = new x.Reducer(() => int64(0), (s: Output, v: Output) => ops.add(s, v), (s: Output) => s);
    const means = new x.Reducer((k) => [k, 0.0, 0.0],
      (s: Output[], v: Output) => [s[0], ops.add(s[1], ops.cast(v, DType.float32)), ops.add(s[2], 1)],
      (k: Output, total: Output, n: Output) => ({ key: k, mean: ops.truediv(total, n) }));
    const grown = new x.Reducer(() => int64([]), (s: Output, v: Output) => ops.concat([s, ops.stack([v])], 0), (s: Output) => s);
    const scale = int64(10);
    return [
      r.apply(x.groupByReducer((v: Output) => ops.floormod(v, 3, 'mod'), sums)),
      r.apply(x.groupByReducer((v: Output) => ops.floormod(v, 2, 'mod'), means)),
      r.apply(x.groupByReducer((v: Output) => ops.floordiv(v, 4, 'floordiv'), grown)),
      r.apply(x.groupByReducer((v: Output) => ops.floormod(v, 2, 'mod'),
        new x.Reducer((k) => ops.mul(k, scale, 'mul'), (s: Output, v: Output) => ops.add(s, v), (s: Output) => s))),
    ];
  }),
  csv: (g) => fetchAll(g, () => [
    x.CsvDataset(CSV, [DType.int32, [0.0], DType.string, ops.constant([-1], { dtype: DType.int64 })]),
    x.CsvDataset([CSV, CSV], [DType.int64, DType.string], { selectCols: [0, 2] }),
    x.CsvDataset(CSV, [[0.0], int32([7])], { selectCols: [1, 3], bufferSize: 16 }),
    x.CsvDataset(HEADED, [DType.float32, DType.float32, DType.float64], { header: true, fieldDelim: ';' }),
    x.CsvDataset(CSV, [DType.int32, DType.float64, DType.string, int32([0])], { useQuoteDelim: false, naValue: '2.5' }).take(1),
    x.CsvDataset(CSV, [DType.int32, DType.float32, DType.string, DType.int64]),
  ]),
  make_csv: (g) => {
    const names = ['a', 'b', 'c', 'd'];
    const run = fetchAll(g, () => [
      x.makeCsvDataset(path.join(DATA, 'head*.csv'), 2, { fieldDelim: ';', numEpochs: 1, shuffle: false }),
      x.makeCsvDataset(HEADED, 2, { fieldDelim: ';', labelName: 'y', numEpochs: 2, shuffleSeed: 3 }),
      x.makeCsvDataset(CSV, 3, { columnNames: names, header: false, numEpochs: 1, shuffle: false, selectColumns: ['c', 0] }),
      x.makeCsvDataset(CSV, 2, {
        columnNames: names, columnDefaults: [DType.int32, [0.0], DType.string, int32([0])], header: false, numEpochs: 1,
        shuffle: false, numParallelReads: data.AUTOTUNE, labelName: 'd',
      }),
      x.makeCsvDataset([HEADED, HEADED], 4, { fieldDelim: ';', shuffle: false, numParallelReads: 2, ignoreErrors: true }).take(3),
    ]);
    return async () => [(await run())[0], null];
  },
  tables: (g) => {
    const built = g.asDefault(() => {
      const words = Dataset.fromTensorSlices(Tensor.from(['a', 'b', 'c']));
      const pairs = Dataset.zip([words, Dataset.range(10, 13)]);
      const keys = ops.constant(['c', 'a', 'z']);
      const t1 = x.tableFromDataset(pairs);
      const t2 = x.indexTableFromDataset(words, { numOovBuckets: 2, name: 'vocab' });
      const t3 = x.indexTableFromDataset(words, { vocabSize: 2, defaultValue: -5 });
      const t4 = x.tableFromDataset(pairs.map((k: Output, v: Output) => [v, ops.truediv(ops.cast(v, DType.float32), 2)]),
        { keyDtype: DType.int64, defaultValue: 0.5 });
      const fetch = [t1.lookup(keys), t2.lookup(keys), t3.lookup(keys), t4.lookup(int64([11, 3]))];
      const bad = x.indexTableFromDataset(words, { vocabSize: 5 });
      return { fetch, bad, init: ops.group([t1, t2, t3, t4].map((t) => t.initializer)) };
    });
    return () => withSession(g, async (sess) => {
      await sess.run(built.init);
      const values = jsonOf(await sess.run(built.fetch as Output[])) as unknown[];
      await sess.run(built.bad.initializer).catch((e) => values.push(runError(e)));
      return [values, null];
    });
  },
  variants: (g) => {
    const built = g.asDefault(() => {
      const r = Dataset.range(3);
      const write = new x.TFRecordWriter(WRITTEN).write(r.map((v: Output) => ops.asString(ops.mul(v, 7, 'mul'))));
      const gz = new x.TFRecordWriter(ops.constant(`${WRITTEN}.gz`), 'GZIP').write(Dataset.fromTensorSlices(Tensor.from(['p', 'q'])));
      const back = data.makeInitializableIterator(data.TFRecordDataset(WRITTEN));
      const backGz = data.makeInitializableIterator(data.TFRecordDataset(`${WRITTEN}.gz`, { compressionType: 'GZIP' }));
      const pair = (v: Output) => [v, ops.neg(v)];
      const again = x.fromVariant(x.toVariant(r.map(pair)), x.getStructure(r.map(pair)));
      const fetch = [data.makeOneShotIterator(again.batch(3)).getNext(), back.getNext(), backGz.getNext()];
      return { write, gz, back, backGz, again, fetch };
    });
    return () => withSession(g, async (sess) => {
      await sess.run([built.write, built.gz]);
      const values = [await runUntilEnd(sess, built.fetch[0])];
      for (const [i, it] of [built.back, built.backGz].entries()) {
        await sess.run(it.initializer);
        values.push(await runUntilEnd(sess, built.fetch[i + 1]));
      }
      return [values, [data.specString(x.getStructure(built.again)), data.specString(x.getStructure(built.back))]];
    });
  },
  optionals: (g) => {
    const built = g.asDefault(() => {
      const it = data.makeInitializableIterator(Dataset.range(2).map((v: Output) => [v, ops.mul(ops.cast(v, DType.float32), 2)]));
      const opt = x.getNextAsOptional(it);
      const opt2 = data.makeOneShotIterator(Dataset.range(1)).getNextAsOptional();
      const made = x.Optional.fromValue([ops.constant([1, 2], { dtype: DType.int32 }), { s: ops.constant('a') }]);
      const none = x.Optional.empty(new data.TensorSpec([], DType.int32));
      return {
        it, fetch: [opt.hasValue(), opt.getValue(), opt2.hasValue('has')],
        once: [made.hasValue(), made.getValue(), none.hasValue(), opt2.getValue('got')], noneValue: none.getValue(),
        specs: [data.specString(opt.elementSpec), data.specString(made.elementSpec)],
      };
    });
    return async () => {
      const values = await withSession(g, async (sess) => {
        const out: unknown[] = [];
        await sess.run(built.it.initializer);
        for (let i = 0; i < 3; i++) {
          out.push(jsonOf(await sess.run(built.fetch[0] as Output)));
          try {
            out.push(jsonOf(await sess.run(built.fetch[1] as Output)));
          } catch (e) {
            out.push(runError(e));
          }
        }
        out.push(jsonOf(await sess.run(built.once.slice(0, 3) as Output[])));
        return out;
      });
      values.push(await withSession(g, (sess) => runUntilEnd(sess, built.noneValue)));
      return [values, built.specs];
    };
  },
  options: (g) => {
    const o = new data.Options();
    o.deterministic = false;
    o.threading.privateThreadpoolSize = 2;
    const o2 = new data.Options();
    o2.experimentalSlack = true;
    o2.threading.maxIntraOpParallelism = 1;
    o2.deterministic = true;
    const o3 = new data.Options();
    o3.experimentalExternalStatePolicy = x.ExternalStatePolicy.IGNORE;
    o3.threading.privateThreadpoolSize = 300;
    const o4 = new data.Options();
    o4.experimentalDistribute.autoShardPolicy = x.AutoShardPolicy.OFF;
    o4.experimentalDistribute.numDevices = 2;
    o4.experimentalOptimization.mapParallelization = false;
    o4.experimentalOptimization.injectPrefetch = true;
    o4.experimentalOptimization.seqInterleavePrefetch = false;
    o4.autotune.enabled = true;
    o4.autotune.ramBudget = 3 * 2 ** 30;
    o4.autotune.autotuneAlgorithm = x.AutotuneAlgorithm.STAGE_BASED;
    o4.experimentalWarmStart = true;
    let datasets: Dataset[] = [];
    const run = fetchAll(g, () => {
      const r = Dataset.range(4);
      const a = r.withOptions(o).map((v: Output) => ops.mul(v, 2, 'mul'));
      const b = a.withOptions(o2);
      datasets = [a, b, Dataset.zip([a, r.withOptions(o3)]), r.withOptions(new data.Options()), b.withOptions(o4)];
      return datasets;
    });
    const of = (ds: Dataset) => {
      const opts = ds.options();
      return [opts.deterministic, opts.experimentalSlack, opts.threading.privateThreadpoolSize,
        opts.threading.maxIntraOpParallelism, opts.experimentalExternalStatePolicy,
        opts.experimentalDistribute.autoShardPolicy ?? x.AutoShardPolicy.AUTO, opts.experimentalOptimization.mapParallelization,
        opts.experimentalOptimization.injectPrefetch, opts.autotune.ramBudget, opts.autotune.autotuneAlgorithm,
        opts.experimentalWarmStart].map((v) => v ?? null);
    };
    return async () => {
      const [values, specs] = await run();
      return [values, [...specs as string[], ...datasets.map(of)]];
    };
  },
};

afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

describeDatasetGraphs(graphs, fixture, graphOf);

describe('getOutputTypes, getOutputShapes, getOutputClasses', () => {
  const g = new Graph();
  const { ds, iterator } = g.asDefault(() => {
    const r = Dataset.range(3);
    const ds = Dataset.zip([r, { w: r.window(2), s: r.map((v: Output) => ops.fill(ops.stack([v]), 'a')) }]);
    return { ds, iterator: data.makeInitializableIterator(ds) };
  });

  it('has the ops TF1 Python makes', () => {
    expect(graphOf(g)).toEqual(fixture.graphs.output_info);
  });

  it('gives the types, shapes and classes of each component, nested as the element', () => {
    const [types, shapes, classes] = fixture.specs.output_info!;
    const window = "DatasetSpec(TensorSpec(shape=(), dtype=tf.int64, name=None), TensorShape([]))";
    expect(types).toBe(`(tf.int64, {'w': ${window}, 's': tf.string})`);
    expect(data.getOutputTypes(ds)).toEqual([DType.int64, { w: DType.variant, s: DType.string }]);
    expect(shapes).toBe(`(TensorShape([]), {'w': ${window}, 's': TensorShape([Dimension(None)])})`);
    expect(data.getOutputShapes(iterator)).toEqual([[], { w: [], s: [null] }]);
    expect(classes).toContain("<class 'tensorflow.python.framework.tensor.Tensor'>, {'w': DatasetSpec(");
    expect(data.getOutputClasses(ds)).toEqual([Output, { w: data.DatasetSpec, s: Output }]);
  });
});

describe('bad arguments', () => {
  const r = () => Dataset.range(3);
  // The messages name the data directory, which the fixture has as <data>.
  itThrowsTF1Errors(JSON.parse(JSON.stringify(fixture.errors).split('<data>').join(DATA)), {
    unique_float: () => Dataset.fromTensors(1.0).apply(x.unique()),
    single_not_dataset: () => x.getSingleElement([1] as never),
    from_list_empty: () => x.fromList([]),
    from_list_structure: () => x.fromList([[int32(1), int32(2)], [int32(3)]]),
    from_list_nesting: () => x.fromList([[int32(1), [int32(2)]], [int32(3), int32(4)]]),
    from_list_keys: () => x.fromList([{ a: int32(1) }, { b: int32(1) }]),
    from_list_kinds: () => x.fromList([[int32(1), int32(2)], { a: int32(1) }]),
    reducer_key_shape: () => r().apply(x.groupByReducer((v: Output) => ops.stack([v, v]),
      new x.Reducer((k) => k, (s: Output) => s, (s: Output) => s))),
    reducer_key_type: () => r().apply(x.groupByReducer((v: Output) => ops.cast(v, DType.int32),
      new x.Reducer((k) => k, (s: Output) => s, (s: Output) => s))),
    reducer_state_types: () => r().apply(x.groupByReducer((v: Output) => v,
      new x.Reducer((k) => k, (s: Output) => ops.cast(s, DType.float32), (s: Output) => s))),
    csv_bad_default: () => x.CsvDataset(CSV, [DType.bool]),
    writer_not_dataset: () => new x.TFRecordWriter(WRITTEN).write([1] as never),
    writer_not_strings: () => new x.TFRecordWriter(WRITTEN).write(r().batch(2)),
    structure_not_dataset: () => x.getStructure(1 as never),
    debug_mode: () => x.enableDebugMode(),
    pad_not_dict: () => r().apply(x.padToCardinality(5)),
    table_components: () => x.tableFromDataset(r()),
    table_rank: () => x.tableFromDataset(Dataset.fromTensors([int32([1]), int32(2)])),
    table_default: () => x.tableFromDataset(Dataset.fromTensors([ops.constant('a'), ops.constant('b')])),
    table_oov: () => x.indexTableFromDataset(r().map((v: Output) => ops.asString(v)), { numOovBuckets: -1 }),
    table_vocab: () => x.indexTableFromDataset(r().map((v: Output) => ops.asString(v)), { vocabSize: 0 }),
    table_key_dtype: () => x.indexTableFromDataset(r(), { keyDtype: DType.float32 }),
    make_csv_no_files: () => x.makeCsvDataset(path.join(DATA, '*.none'), 2),
    make_csv_no_names: () => x.makeCsvDataset(CSV, 2, { header: false }),
    make_csv_duplicates: () => x.makeCsvDataset(CSV, 2, { columnNames: ['a', 'b', 'a', 'c'], header: false }),
    make_csv_label: () => x.makeCsvDataset(HEADED, 2, { fieldDelim: ';', labelName: 'z' }),
    make_csv_headers: () => x.makeCsvDataset([HEADED, CSV], 2),
    make_csv_select_index: () => x.makeCsvDataset(HEADED, 2, { fieldDelim: ';', selectColumns: [5] }),
    make_csv_select_name: () => x.makeCsvDataset(HEADED, 2, { fieldDelim: ';', selectColumns: ['q'] }),
    make_csv_select_twice: () => x.makeCsvDataset(HEADED, 2, { fieldDelim: ';', selectColumns: [0, 'x1'] }),
    make_csv_fields: () => x.makeCsvDataset(CSV, 2, { columnNames: ['a', 'b', 'c'], header: false }),
  });
});

test('a linear model trained on a CSV file, shuffled and repeated, gives TF1 Python\'s losses', async () => {
  const g = new Graph();
  const { trainOp, loss, w, b } = g.asDefault(() => {
    const ds = x.CsvDataset(HEADED, [DType.float32, DType.float32, DType.float32], { header: true, fieldDelim: ';' })
      .map((a: Output, c: Output, y: Output) => [ops.stack([a, c]), y]).apply(x.shuffleAndRepeat(5, 3, 1)).batch(2);
    const [xb, yb] = data.makeOneShotIterator(ds).getNext() as Output[];
    const w = new ops.Variable(ops.zeros([2]), { name: 'w' });
    const b = new ops.Variable(0.0, { name: 'b' });
    const loss = ops.reduceMean(ops.square(ops.sub(ops.add(ops.reduceSum(ops.mul(xb, w), 1), b), yb)));
    return { trainOp: new train.GradientDescentOptimizer(0.1).minimize(loss), loss, w, b };
  });
  await withSession(g, async (sess) => {
    await sess.run(g.asDefault(() => ops.globalVariablesInitializer()));
    const losses = (await runUntilEnd(sess, [trainOp, loss])).map((v) => (v as unknown[])[1]);
    expectClose(losses, fixture.train_csv.losses);
    expectClose(jsonOf(await sess.run([w.value(), b.value()])), [fixture.train_csv.w, fixture.train_csv.b]);
  });
});
