/**
 * More of TF1's tf.data (tf.compat.v1.data, graph mode) against TF 2.21 Python
 * (scripts/graph_fixtures/datasets_more.py): enumerate, apply, takeWhile, ignoreErrors, interleave,
 * window, reduce, scan, groupByWindow, listFiles, tf.data.experimental's mapAndBatch,
 * parallelInterleave, chooseFromDatasets and the readers' numParallelReads: the same graphs op for
 * op (and the op types of each function body), the same elements until OutOfRangeError, the same
 * element specs, the same errors, and the same losses of a model trained on windows of a series.
 */
import * as path from 'path';
import { DType, Graph, Output, Tensor, data, errors, ops, train } from '../lib';
import { DATA, DatasetCase, describeDatasetGraphs, jsonOf, lossesUntilEnd, runAll, withSession } from './helpers/datasets';
import { expectClose, itThrowsTF1Errors } from './helpers/fixture_values';
import { RecordedAll, loadGraphFixture } from './helpers/graph_record';

interface Fixture {
  graphs: Record<string, RecordedAll & { functions: Record<string, string[]> }>;
  values: Record<string, unknown>;
  specs: Record<string, string[]>;
  errors: Record<string, { class: string; message: string }>;
  train_windows: { losses: number[]; w: number[][] };
}
const fixture = loadGraphFixture<Fixture>('datasets_more.json');
const TFRECORD = path.join(DATA, 'records.tfrecord');
const TEXT = path.join(DATA, 'lines.txt');
const { Dataset, experimental } = data;
type Dataset = data.Dataset;

/**
 * Builds datasets in `g` (and whatever else `build` makes first); the run gives each one's elements
 * (through one-shot iterators made after them) and their specs.
 */
function fetchAll(g: Graph, build: () => Dataset[]): () => Promise<[unknown[], string[]]> {
  const { fetch, specs } = g.asDefault(() => {
    const datasets = build();
    return { fetch: datasets.map((ds) => data.makeOneShotIterator(ds).getNext()), specs: datasets.map(specOf) };
  });
  return () => withSession(g, async (sess) => {
    const values = [];
    for (const t of fetch) values.push(await runAll(sess, t));
    return [values, specs];
  });
}

/** `str(dataset.element_spec)`. */
function specOf(ds: Dataset): string {
  return data.specString(ds.elementSpec);
}

const int64 = (v: number | number[]) => ops.constant(v, { dtype: DType.int64 });
const rows = (x: Output) => Dataset.fromTensors(x).repeat(x);

const graphs: Record<string, DatasetCase> = {
  simple: (g) => fetchAll(g, () => {
    const r = Dataset.range(6);
    const inv = Dataset.fromTensorSlices(Tensor.from([1, 0, 4], { dtype: DType.float32 }))
      .map((x: Output) => ops.checkNumerics(ops.truediv(1, x), 'inf'));
    return [
      r.enumerate(2),
      r.apply((d) => d.skip(1).take(2)),
      r.takeWhile((x: Output) => ops.less(x, 3)),
      inv.ignoreErrors(),
      inv.apply(experimental.ignoreErrors()),
      Dataset.zip({ a: r, b: r.map((x: Output) => ops.mul(x, 10, 'mul')) }).enumerate(),
    ];
  }),
  interleaves: (g) => {
    let auto: Dataset;
    const run = fetchAll(g, () => {
      const r = Dataset.range(1, 4);
      auto = r.interleave(rows);
      data.makeOneShotIterator(auto).getNext();
      return [
        r.interleave(rows, { cycleLength: 2, blockLength: 1 }),
        r.interleave(rows, { cycleLength: 2, blockLength: 2 }),
        r.interleave(rows, { cycleLength: 3, numParallelCalls: 2, deterministic: true }),
        r.apply(experimental.parallelInterleave(rows, 2)),
        r.apply(experimental.parallelInterleave(rows, 2, {
          blockLength: 2, sloppy: null, bufferOutputElements: 3, prefetchInputElements: 1,
        })),
      ];
    });
    return async () => {
      const [values, specs] = await run();
      return [values, [...specs, specOf(auto)]];
    };
  },
  windows: (g) => fetchAll(g, () => {
    const r = Dataset.range(7);
    const z = Dataset.zip([r, r.map((x: Output) => ops.mul(x, 10, 'mul'))]);
    return [
      r.window(3, { shift: 2 }).flatMap((w: Dataset) => w.batch(3)),
      r.window(3, { shift: 2, stride: 2, dropRemainder: true }).flatMap((w: Dataset) => w.batch(3)),
      z.window(2).flatMap((a: Dataset, b: Dataset) => Dataset.zip([a.batch(2), b])),
      Dataset.zip({ x: r }).window(4).flatMap((d: Record<string, Dataset>) => d.x.batch(4)),
      r.window(2).interleave((w: Dataset) => w.batch(2), { cycleLength: 2 }),
    ];
  }),
  windows_spec: (g) => {
    const specs = g.asDefault(() => {
      const r = Dataset.range(3);
      return [specOf(r.window(2)), specOf(Dataset.zip([r, { k: r }]).window(2))];
    });
    return async () => [null, specs];
  },
  reductions: (g) => {
    let reduced: unknown[] = [];
    let grown: Output;
    const run = fetchAll(g, () => {
      const r = Dataset.range(1, 6);
      const total = r.reduce(int64(0), (s: Output, x: Output) => ops.add(s, x));
      const pair = r.map((x: Output) => ops.cast(x, DType.float32)).reduce(
        [Tensor.from(0, { dtype: DType.float32 }), Tensor.from(1, { dtype: DType.float32 })],
        (s: Output[], x: Output) => [ops.add(s[0], x), ops.mul(s[1], x)]);
      grown = r.reduce(int64([]), (s: Output, x: Output) => ops.concat([s, ops.stack([x])], 0)) as Output;
      reduced = [total, pair, grown];
      return [
        r.scan(int64(0), (s: Output, x: Output) => [ops.add(s, x), ops.mul(s, x)]),
        r.apply(experimental.scan(int64([0]), (s: Output, x: Output) => [ops.concat([s, ops.stack([x])], 0), ops.size(s)])),
        r.scan([Tensor.from(0, { dtype: DType.int32 }), Tensor.from(1, { dtype: DType.float32 })],
          (s: Output[], x: Output) => [[ops.add(s[0], 1), ops.mul(s[1], 2)], { i: s[0], p: s[1], x }]),
      ];
    });
    return async () => {
      const values = await withSession(g, async (sess) => (await sess.run(reduced as Output[])).map(jsonOf));
      const [scans, specs] = await run();
      return [[values, ...scans], [...specs, `(${grown.shape!.map((d) => d ?? '?').join(', ')},)`]];
    };
  },
  experimental: (g) => fetchAll(g, () => {
    const r = Dataset.range(10);
    const choice = Dataset.fromTensorSlices(int64([0, 1, 1, 0, 2]));
    return [
      r.apply(experimental.mapAndBatch((x: Output) => ops.mul(x, 2, 'mul'), 4)),
      r.apply(experimental.mapAndBatch((x: Output) => [x, ops.neg(x)], 3, { numParallelBatches: 2, dropRemainder: true })),
      experimental.chooseFromDatasets([r, r.map((x: Output) => ops.add(x, 100)), Dataset.range(2)], choice),
      r.groupByWindow((x: Output) => ops.floormod(x, 3, 'mod'),
        (k, w) => w.batch(2).map((b: Output) => [k, b]), { windowSize: 2 }),
      r.apply(experimental.groupByWindow((x: Output) => ops.floormod(x, 2, 'mod'), (_k, w) => w.batch(5),
        { windowSizeFunc: (k) => ops.add(k, 2) })),
    ];
  }),
  readers: (g) => fetchAll(g, () => {
    const auto = data.TextLineDataset([TEXT], { numParallelReads: data.AUTOTUNE });
    data.makeOneShotIterator(auto).getNext();
    return [
      data.TFRecordDataset([TFRECORD, TFRECORD], { numParallelReads: 2 }).map((s: Output) => ops.strings.length(s)),
      data.TextLineDataset([TEXT, TEXT], { numParallelReads: 2 }),
      Dataset.listFiles(path.join(DATA, '*.t*'), { shuffle: false }),
      Dataset.listFiles([path.join(DATA, '*.bin'), path.join(DATA, 'lines.*')], { seed: 4 }),
    ];
  }),
  sampling: (g) => fetchAll(g, () => {
    const a = Dataset.range(5);
    const b = Dataset.range(100, 105);
    return [
      experimental.sampleFromDatasets([a, b], [0.3, 0.7], { seed: 4 }),
      experimental.sampleFromDatasets([a, b], undefined, { seed: 2, stopOnEmptyDataset: true }),
      experimental.sampleFromDatasets([a, b, Dataset.range(3)], [0.5, 0.0, 0.5], { seed: 1 }),
      experimental.sampleFromDatasets([a, b], ops.constant([1, 3], { dtype: DType.float64 }), { seed: 3 }),
      experimental.sampleFromDatasets([a], [2.0]),
    ];
  }),
  padded: (g) => fetchAll(g, () => {
    const seqs = Dataset.range(1, 4).map((x: Output) => ops.fill(ops.stack([x]), x));
    return [
      Dataset.fromTensorSlices([Tensor.from([[1, 2], [3, 4], [5, 6]], { dtype: DType.int32 }), Tensor.from(['a', 'b', 'c'])])
        .paddedBatch(2),
      seqs.paddedBatch(2, undefined, undefined, { dropRemainder: true }),
      seqs.paddedBatch(2, [4], int64(-1)),
    ];
  }),
  buckets: (g) => fetchAll(g, () => {
    const seqs = Dataset.range(1, 8).map((x: Output) => ops.fill(ops.stack([x]), x));
    const pairs = seqs.map((s: Output) => ({ len: ops.size(s), seq: s }));
    const length = (s: Output) => ops.getItem(ops.shape(s), 0);
    return [
      seqs.bucketBySequenceLength(length, [3, 5], [2, 2, 3]),
      seqs.apply(experimental.bucketBySequenceLength(length, [4], [3, 2], {
        noPadding: false, dropRemainder: true, paddedShapes: [8], paddingValues: int64(-1),
      })),
      pairs.bucketBySequenceLength((d: Record<string, Output>) => d.len, [3], [2, 4]),
      seqs.map((s: Output) => ops.getItem(s, [[null, 1]])).bucketBySequenceLength(length, [2], [2, 2], { noPadding: true }),
    ];
  }),
};

describeDatasetGraphs(graphs, fixture);

describe('bad arguments', () => {
  const r = () => Dataset.range(3);
  itThrowsTF1Errors(fixture.errors, {
    apply_not_dataset: () => r().apply(() => 1 as never),
    take_while_not_bool: () => r().takeWhile((x: Output) => x),
    scan_not_pair: () => r().scan(int64(0), (s: Output, x: Output) => ops.add(s, x)),
    scan_types: () => r().scan(ops.constant(0, { dtype: DType.int32 }), (_s: Output, x: Output) => [x, x]),
    reduce_types: () => r().reduce(ops.constant(0, { dtype: DType.int32 }), (_s: Output, x: Output) => x),
    choose_empty: () => experimental.chooseFromDatasets([], r()),
    choose_int32: () => experimental.chooseFromDatasets([r()], Dataset.range(3, { outputType: DType.int32 })),
    choose_incompatible: () => experimental.chooseFromDatasets([r(), Dataset.fromTensors('a')], r()),
    group_by_window_sizes: () => r().groupByWindow((x: Output) => x, (_k, w) => w),
    group_by_window_not_dataset: () => r().groupByWindow((x: Output) => x, (k) => k as never, { windowSize: 2 }),
    map_and_batch_both: () => experimental.mapAndBatch((x: Output) => x, 2, { numParallelBatches: 1, numParallelCalls: 2 }),
    range_args: () => Dataset.range(1, 2, 3, 4),
    bucket_sizes: () => r().bucketBySequenceLength((x: Output) => x, [1, 2], [1, 2]),
    sample_empty: () => experimental.sampleFromDatasets([]),
    sample_weights_length: () => experimental.sampleFromDatasets([r(), r()], [1.0]),
    sample_weights_shape: () => experimental.sampleFromDatasets([r(), r()], ops.constant([1.0, 2, 3])),
    sample_weights_int: () => experimental.sampleFromDatasets([r(), r()], Tensor.from([1, 2], { dtype: DType.int32 })),
  });
});

test('a linear model trained on shuffled windows of a series gives TF1 Python\'s losses', async () => {
  const g = new Graph();
  const { trainOp, loss, w } = g.asDefault(() => {
    const series = Dataset.range(12).map((x: Output) => ops.truediv(ops.cast(x, DType.float32), 10));
    const ds = series.window(4, { shift: 1, dropRemainder: true }).flatMap((win: Dataset) => win.batch(4))
      .map((win: Output) => [ops.getItem(win, [[null, 3]]), ops.getItem(win, [[3, null]])]).shuffle(10, { seed: 2 }).batch(3);
    const [xb, yb] = data.makeOneShotIterator(ds).getNext() as Output[];
    const w = new ops.Variable(ops.zeros([3, 1]), { name: 'w' });
    const loss = ops.reduceMean(ops.square(ops.sub(ops.matmul(xb, w), yb)));
    return { trainOp: new train.GradientDescentOptimizer(0.5).minimize(loss), loss, w };
  });
  await withSession(g, async (sess) => {
    await sess.run(g.asDefault(() => ops.globalVariablesInitializer()));
    expectClose(await lossesUntilEnd(sess, trainOp, loss), fixture.train_windows.losses);
    expectClose(jsonOf(await sess.run(w.value())), fixture.train_windows.w);
  });
});

test('listFiles of a pattern no file matches fails at run time with TF\'s InvalidArgumentError', async () => {
  const g = new Graph();
  const next = g.asDefault(() => data.Dataset.listFiles(path.join(DATA, '*.none')).makeInitializableIterator());
  await withSession(g, async (sess) => {
    await expect(sess.run(next.initializer)).rejects.toThrow(errors.InvalidArgumentError);
    await expect(sess.run(next.initializer)).rejects.toThrow(`No files matched pattern: ${path.join(DATA, '*.none')}`);
  });
});
