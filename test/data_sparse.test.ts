/**
 * tf.data with SparseTensor elements and Example parsing datasets against TF 2.21 Python
 * (scripts/graph_fixtures/data_sparse.py): fromTensorSlices / fromTensors of SparseTensors, map to
 * and from them, batch and unbatch of them, denseToSparseBatch, parseExampleDataset and
 * makeBatchedFeaturesDataset over a TFRecord file of tf.train.Examples: the same graphs op for op
 * (and the op types of each function body), the same elements until OutOfRangeError (SparseTensorValues),
 * the same element specs, the same errors, and the same losses of a model trained on parsed batches.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DType, Graph, Output, SparseTensor, SparseTensorValue, Tensor, data, ops, train } from '../lib';
import {
  DatasetCase, describeDatasetGraphs, fetchAll, jsonOf, lossesUntilEnd, runAll, withSession,
} from './helpers/datasets';
import { expectClose, itThrowsTF1Errors } from './helpers/fixture_values';
import { RecordedAll, loadGraphFixture } from './helpers/graph_record';

interface Fixture {
  graphs: Record<string, RecordedAll & { functions: Record<string, string[]> }>;
  values: Record<string, unknown>;
  specs: Record<string, string[]>;
  errors: Record<string, { class: string; message: string }>;
  run_errors: Record<string, { class: string; message: string }>;
  train_parsed: { losses: number[]; w: number[][] };
}
const fixture = loadGraphFixture<Fixture>('data_sparse.json');
/** Relative, as the graphs hold it: jest runs from the repository root, as the script does. */
const EXAMPLES = path.join('test', 'fixtures', 'graph_layer', 'data_sparse', 'examples.tfrecord');
const { Dataset, experimental } = data;
type Dataset = data.Dataset;

const sp = () => new SparseTensorValue([[0, 0], [1, 1], [2, 0], [2, 1]], Tensor.from([1, 2, 3, 4], { dtype: DType.float32 }), [3, 2]);
const features = () => ({
  x: new ops.FixedLenFeature([2], DType.float32),
  label: new ops.FixedLenFeature([], DType.int64, -1),
  words: new ops.VarLenFeature(DType.string),
});
const fill = (x: Output) => ops.fill(ops.stack([x]), x);

/** `str(dataset.element_spec)`. */
function specOf(ds: Dataset): string {
  return data.specString(ds.elementSpec);
}

const graphs: Record<string, DatasetCase> = {
  slices: (g) => fetchAll(g, () => [
    Dataset.fromTensorSlices(sp()),
    Dataset.fromTensorSlices([sp(), Tensor.from([10, 20, 30], { dtype: DType.int32 })]),
    Dataset.fromTensors(sp()),
    Dataset.fromTensors({ d: 1.5, s: new SparseTensor([[1]], ['a'], [4]) }),
  ]),
  batches: (g) => fetchAll(g, () => {
    const s = Dataset.fromTensorSlices(sp());
    return [
      s.batch(2),
      s.batch(2, { dropRemainder: true }),
      s.batch(2).unbatch(),
      Dataset.zip([s, Dataset.range(3)]).batch(3).unbatch(),
    ];
  }),
  maps: (g) => fetchAll(g, () => {
    const s = Dataset.fromTensorSlices(sp());
    const seqs = Dataset.range(4).map(fill);
    return [
      seqs.map((x: Output) => ops.sparse.fromDense(x)),
      s.map((x: SparseTensor) => ops.sparse.reduceSum(x)),
      s.map((x: SparseTensor) => [x, new SparseTensor(x.indices, ops.mul(x.values, 2, 'mul'), x.denseShape)]),
      seqs.map((x: Output) => ({ n: ops.size(x), sp: ops.sparse.fromDense(x) })).batch(2),
    ];
  }),
  dense_to_sparse: (g) => fetchAll(g, () => {
    const seqs = Dataset.range(1, 6).map(fill);
    const grid = Dataset.range(1, 4).map((x: Output) => ops.fill(ops.stack([x, 2]), ops.cast(x, DType.float32)));
    return [seqs.apply(experimental.denseToSparseBatch(2, [5])), grid.apply(experimental.denseToSparseBatch(3, [4, 3]))];
  }),
  initializable: (g) => {
    const { ds, it, next } = g.asDefault(() => {
      const batched = Dataset.fromTensorSlices(sp()).batch(2);
      const iterator = data.makeInitializableIterator(batched);
      return { ds: batched, it: iterator, next: iterator.getNext() };
    });
    return () => withSession(g, async (sess) => [await runAll(sess, next, it.initializer, 1), [specOf(ds)]]);
  },
  fed: (g) => {
    const { ph, ds, it, next } = g.asDefault(() => {
      const placeholder = ops.sparse.placeholder(DType.float32, [null, 2], 'sp');
      const batched = Dataset.fromTensorSlices(placeholder).batch(2);
      const iterator = data.makeInitializableIterator(batched);
      return { ph: placeholder, ds: batched, it: iterator, next: iterator.getNext() };
    });
    return () => withSession(g, async (sess) => [await runAll(sess, next, it.initializer, 0, new Map([[ph, sp()]])), [specOf(ds)]]);
  },
  structures: (g) => {
    const { ds, init, next, seqs, next2 } = g.asDefault(() => {
      const batched = Dataset.fromTensorSlices(sp()).batch(2);
      const it = data.Iterator.fromStructure(DType.float32, [null, 2], '', SparseTensor);
      const initOp = it.makeInitializer(batched);
      const nextSp = it.getNext();
      const sparseBatches = Dataset.range(1, 4).map(fill).sparseBatch(2, [3]);
      return { ds: batched, init: initOp, next: nextSp, seqs: sparseBatches, next2: data.makeOneShotIterator(sparseBatches).getNext() };
    });
    return () => withSession(g, async (sess) => [[await runAll(sess, next, init), await runAll(sess, next2)], [specOf(ds), specOf(seqs)]]);
  },
  optional: (g) => {
    const { it, fetch, made, madeValue } = g.asDefault(() => {
      const iterator = data.makeInitializableIterator(Dataset.fromTensorSlices(sp()));
      const opt = iterator.getNextAsOptional();
      const optFetch = [opt.hasValue(), opt.getValue()];
      const fromValue = experimental.Optional.fromValue({
        s: new SparseTensor([[0]], Tensor.from([7], { dtype: DType.int32 }), [3]), d: ops.constant(1, { dtype: DType.int32 }),
      });
      return { it: iterator, fetch: optFetch, made: fromValue, madeValue: fromValue.getValue() };
    });
    return () => withSession(g, async (sess) => {
      await sess.run(it.initializer);
      const values = [];
      for (let i = 0; i < 3; i++) values.push(jsonOf(await sess.run(fetch as never)));
      values.push(jsonOf(await sess.run(fetch[0] as Output)), jsonOf(await sess.run(madeValue as never)));
      return [values, [data.specString(made.elementSpec)]];
    });
  },
  parse: (g) => fetchAll(g, () => {
    const records = data.TFRecordDataset(EXAMPLES);
    const composite = { ...features(), sp: new ops.SparseFeature('ix', 'v', DType.float32, 4) };
    return [
      records.batch(2).apply(experimental.parseExampleDataset(features())),
      records.batch(3).apply(experimental.parseExampleDataset({ x: new ops.FixedLenFeature([2], DType.float32) }, 2, true)),
      records.batch(2).apply(experimental.parseExampleDataset(composite, undefined, false)),
    ];
  }),
  batched_features: (g) => fetchAll(g, () => [
    experimental.makeBatchedFeaturesDataset(EXAMPLES, 2, features(), { numEpochs: 1, shuffle: false }),
    experimental.makeBatchedFeaturesDataset([EXAMPLES], 3, features(), {
      labelKey: 'label', numEpochs: 2, shuffleSeed: 5, shuffleBufferSize: 4, readerNumThreads: 2, parserNumThreads: 1,
      dropFinalBatch: true,
    }),
  ]),
  batched_features_forever: (g) => {
    const { ds, next } = g.asDefault(() => {
      ops.setRandomSeed(7);
      const made = experimental.makeBatchedFeaturesDataset(EXAMPLES, 2, features(), { prefetchBufferSize: 1 });
      return { ds: made, next: data.makeOneShotIterator(made).getNext() };
    });
    return () => withSession(g, async (sess) => {
      const values = [];
      for (let i = 0; i < 4; i++) values.push(jsonOf(await sess.run(next as never)));
      return [values, [specOf(ds)]];
    });
  },
};

describeDatasetGraphs(graphs, fixture);

describe('errors', () => {
  const scalar = () => new SparseTensor(ops.zeros([0, 0], DType.int64), ops.constant([], { dtype: DType.float32 }),
    ops.zeros([0], DType.int64));
  itThrowsTF1Errors(fixture.errors, {
    slices_scalar: () => Dataset.fromTensorSlices(new SparseTensor(Tensor.from([], { dtype: DType.int64, shape: [0, 0] }),
      ops.constant([], { dtype: DType.float32 }), Tensor.from([], { dtype: DType.int64, shape: [0] }))),
    unbatch_scalar: () => Dataset.fromTensors(scalar()).unbatch(),
    parse_none: () => experimental.parseExampleDataset(null as never),
    parse_not_strings: () => Dataset.range(3).batch(2).apply(experimental.parseExampleDataset(features())),
    parse_scalar_strings: () => data.TFRecordDataset(EXAMPLES).apply(experimental.parseExampleDataset(features())),
    parse_unknown_shape: () => data.TFRecordDataset(EXAMPLES).batch(2)
      .apply(experimental.parseExampleDataset({ x: new ops.FixedLenFeature(null, DType.float32) })),
    batched_features_label: () => experimental.makeBatchedFeaturesDataset(EXAMPLES, 2, features(), { labelKey: 'y' }),
    dense_to_sparse_tuple: () => Dataset.zip([Dataset.range(3), Dataset.range(3)]).apply(experimental.denseToSparseBatch(2, [2])),
    padded_batch_sparse: () => Dataset.fromTensorSlices(sp()).paddedBatch(2),
    initializer_classes: () => data.Iterator.fromStructure(DType.float32, [null, 2])
      .makeInitializer(Dataset.fromTensorSlices(sp()).batch(2)),
  });

  test('an element longer than denseToSparseBatch\'s row shape fails at run time with TF\'s DataLossError', async () => {
    const g = new Graph();
    const next = g.asDefault(() => data.makeOneShotIterator(
      Dataset.range(1, 5).map(fill).apply(experimental.denseToSparseBatch(2, [2]))).getNext());
    await withSession(g, async (sess) => {
      await sess.run(next as never);
      const want = fixture.run_errors.dense_to_sparse_too_long;
      const error = await sess.run(next as never).then(() => null, (e: Error) => e);
      expect(error?.constructor.name).toBe(want.class);
      expect(error?.message).toContain(want.message);
    });
  });
});

describe('element structures', () => {
  test('a SparseTensor component is a SparseTensorSpec: output types, shapes and classes as TF1\'s legacy ones', () => {
    new Graph().asDefault(() => {
      const ds = Dataset.zip([Dataset.fromTensorSlices(sp()), Dataset.range(3)]);
      expect(data.getOutputTypes(ds)).toEqual([DType.float32, DType.int64]);
      expect(data.getOutputShapes(ds)).toEqual([[2], []]);
      expect(data.getOutputClasses(ds)).toEqual([SparseTensor, Output]);
      expect(ds.elementSpec).toEqual([new data.SparseTensorSpec([2], DType.float32), new data.TensorSpec([], DType.int64)]);
      expect(experimental.SparseTensorStructure).toBe(data.SparseTensorSpec);
    });
  });
});

describe('a TFRecord file written with this repo\'s TFRecordWriter and tf.train.Example', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-sparse-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** data_sparse.py's `example(i)`. */
  function example(i: number): train.Example {
    const n = i % 3;
    const range = Array.from({ length: n }, (_, j) => j);
    const feature: Record<string, train.Feature> = {
      x: new train.Feature({ floatList: new train.FloatList({ value: [i, i / 2] }) }),
      words: new train.Feature({ bytesList: new train.BytesList({ value: range.map((j) => `w${j}`) }) }),
      ix: new train.Feature({ int64List: new train.Int64List({ value: range }) }),
      v: new train.Feature({ floatList: new train.FloatList({ value: range.map((j) => 10 * i + j) }) }),
    };
    if (i % 4 !== 3) feature.label = new train.Feature({ int64List: new train.Int64List({ value: [i % 2] }) });
    return new train.Example({ features: new train.Features({ feature }) });
  }

  test('holds Python\'s bytes, and parses into Python\'s batches', async () => {
    const file = path.join(dir, 'examples.tfrecord');
    const writer = new ops.io.TFRecordWriter(file);
    for (let i = 0; i < 5; i++) writer.write(example(i).serializeToString());
    writer.close();
    expect(fs.readFileSync(file)).toEqual(fs.readFileSync(EXAMPLES));
    const g = new Graph();
    const next = g.asDefault(() => data.makeOneShotIterator(
      experimental.makeBatchedFeaturesDataset(file, 2, features(), { numEpochs: 1, shuffle: false })).getNext());
    const got = await withSession(g, (sess) => runAll(sess, next));
    expectClose(got, (fixture.values.batched_features as unknown[])[0]);
  });
});

test('a model trained on parsed batches (dense and sparse features) gives TF1 Python\'s losses', async () => {
  const g = new Graph();
  const { trainOp, loss, w } = g.asDefault(() => {
    const ds = experimental.makeBatchedFeaturesDataset(EXAMPLES, 2, features(), { labelKey: 'label', numEpochs: 3, shuffle: false });
    const [feats, label] = data.makeOneShotIterator(ds).getNext() as [Record<string, Output | SparseTensor>, Output];
    const words = feats.words as SparseTensor;
    const w = new ops.Variable(ops.zeros([2, 1]), { name: 'w' });
    const counts = ops.sparse.reduceSum(new SparseTensor(words.indices, ops.onesLike(words.values, DType.float32),
      words.denseShape), { axis: 1, keepDims: true });
    const pred = ops.add(ops.matmul(feats.x as Output, w), ops.cast(counts, DType.float32));
    const loss = ops.reduceMean(ops.square(ops.sub(pred, ops.cast(ops.reshape(label, [-1, 1]), DType.float32))));
    return { trainOp: new train.GradientDescentOptimizer(0.05).minimize(loss), loss, w };
  });
  await withSession(g, async (sess) => {
    await sess.run(g.asDefault(() => ops.globalVariablesInitializer()));
    expectClose(await lossesUntilEnd(sess, trainOp, loss), fixture.train_parsed.losses);
    expectClose(jsonOf(await sess.run(w.value())), fixture.train_parsed.w);
  });
});
