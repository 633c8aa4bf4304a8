/**
 * The README's quick start, run as written (with a temp dir): if this fails, the README lies.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  DType, Graph, Output, Session, SparseTensor, SparseTensorValue, Tensor, data, featureColumn, ops, summary, train,
} from '../lib';
import { FileWriterCache } from '../lib/summary/writer/writer_cache';
import { tfRecordIterator } from '../lib/io';

test('README quick start trains a linear model to y = 2x + 1 and leaves a checkpoint', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
  const graph = new Graph();
  let finalLoss = NaN;
  await graph.asDefault(async () => {
    const x = ops.placeholder(DType.float32, [null, 1], 'x');
    const y = ops.placeholder(DType.float32, [null, 1], 'y');
    const w = ops.getVariable('w', { shape: [1, 1], initializer: ops.zerosInitializer() });
    const b = ops.getVariable('b', { shape: [1], initializer: ops.zerosInitializer() });
    const loss = ops.reduceMean(ops.square(ops.sub(ops.add(ops.matmul(x, w), b), y)), { name: 'mse' });
    summary.scalar('loss', loss);
    const trainOp = new train.GradientDescentOptimizer(0.1)
      .minimize(loss, { globalStep: train.getOrCreateGlobalStep() });

    const sess = await train.MonitoredTrainingSession({
      checkpointDir: dir,
      hooks: [new train.StopAtStepHook({ lastStep: 1000 })],
    });
    const feed = new Map([[x, Tensor.from([[1], [2], [3]])], [y, Tensor.from([[3], [5], [7]])]]);
    await train.withMonitoredSession(sess, async (s) => {
      while (!s.shouldStop()) await s.run(trainOp, feed);
    });
    // The README's loop ends here; reading the result back needs a plain session on the checkpoint.
    const check = new Session();
    await new train.Saver().restore(check, train.latestCheckpoint(dir)!);
    finalLoss = Number((await check.run(loss, feed)).item());
    await check.close();
  });
  expect(finalLoss).toBeLessThan(1e-3);
  expect(train.latestCheckpoint(dir)).toBe(path.join(dir, 'model.ckpt-1000'));
  const w = train.loadCheckpoint(dir).getTensor('w').item() as number;
  expect(w).toBeCloseTo(2, 1);
});

test('README input pipeline: TFRecords parsed, shuffled into batches, trained on until the epochs run out', async () => {
  // The README's code on the io_ops fixture file (4 records), with a batch size and queue that fit it.
  const checkpointDir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-input-'));
  let steps = 0;
  try {
    await new Graph().asDefault(async () => {
      const files = train.stringInputProducer([path.join(__dirname, 'fixtures', 'io_ops', 'examples.tfrecord')], { numEpochs: 2 });
      const [, serialized] = new ops.TFRecordReader().read(files);
      const { x, y } = ops.parseSingleExample(serialized, {
        x: new ops.FixedLenFeature([3], DType.float32),
        y: new ops.FixedLenFeature([], DType.int64, 7),
      });
      const [xb, yb] = train.shuffleBatch([x, y], 2, 8, 2, { seed: 1 }) as Output[];
      const w = ops.getVariable('w', { shape: [3, 1], initializer: ops.zerosInitializer() });
      const loss = ops.reduceMean(ops.square(ops.sub(ops.matmul(xb, w), ops.reshape(ops.cast(yb, DType.float32), [-1, 1]))));
      const trainOp = new train.GradientDescentOptimizer(0.001).minimize(loss, { globalStep: train.getOrCreateGlobalStep() });
      await train.withMonitoredSession(train.MonitoredTrainingSession({ checkpointDir }), async (sess) => {
        while (!sess.shouldStop()) {
          await sess.run(trainOp);
          steps++;
        }
      });
    });
    // 4 records x 2 epochs in batches of 2.
    expect(steps).toBe(4);
    expect(path.basename(train.latestCheckpoint(checkpointDir)!)).toBe('model.ckpt-4');
  } finally {
    await FileWriterCache.clear();
    fs.rmSync(checkpointDir, { recursive: true, force: true });
  }
});

test('README sparse features: VarLenFeature ids batched and looked up by bag; a sparse feed', async () => {
  // The README's code on the io_ops fixture file ('odd key!' holds a one-id bag in 3 of 4 records), in batches of 2.
  await new Graph().asDefault(async () => {
    const [serialized] = train.sliceInputProducer([ops.constant([...tfRecordIterator(path.join(__dirname, 'fixtures', 'io_ops',
      'examples.tfrecord'))].map((b) => new Uint8Array(b)), { dtype: DType.string })], { shuffle: false });
    const parsed = ops.parseSingleExample(serialized, {
      'odd key!': new ops.VarLenFeature(DType.int64), x: new ops.FixedLenFeature([3], DType.float32),
    });
    const [words, x] = [parsed['odd key!'], parsed.x];
    const batch = train.batch({ words, x }, 2) as { words: SparseTensor; x: Output };
    const table = ops.getVariable('emb', { shape: [10, 2], initializer: ops.onesInitializer() });
    const bag = ops.nn.safeEmbeddingLookupSparse(table, batch.words, null, { combiner: 'mean' });
    const sp = ops.sparsePlaceholder(DType.float32, [null, 4]);
    const total = ops.sparseReduceSum(sp, { axis: 1 });
    const sess = await train.MonitoredSession.create();
    const [b, w] = await sess.run([bag, batch.words]);
    const out = await sess.run(total, new Map([[sp, new SparseTensorValue([[0, 1], [1, 3]], Float32Array.of(2, 5), [2, 4])]]));
    await sess.close();
    expect(w.denseShape.toArray()).toEqual([2n, 1n]);
    expect(b.toArray()).toEqual([[1, 1], [0, 0]]);   // record 1 has no ids: an empty bag gives zeros
    expect(out.toArray()).toEqual([2, 5]);
  });
});

test('README tf.data: a MonitoredTrainingSession trains until the dataset runs out', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-data-'));
  try {
    const graph = new Graph();
    let steps = 0;
    await graph.asDefault(async () => {
      const xs = Tensor.from([[1], [2], [3], [4]]);
      const ys = Tensor.from([[3], [5], [7], [9]]);
      const ds = data.Dataset.fromTensorSlices([xs, ys]).shuffle(4, { seed: 1 }).batch(2).repeat(200);
      const [x, y] = ds.makeOneShotIterator().getNext() as Output[];
      const w = ops.getVariable('w', { shape: [1, 1], initializer: ops.zerosInitializer() });
      const b = ops.getVariable('b', { shape: [1], initializer: ops.zerosInitializer() });
      const loss = ops.reduceMean(ops.square(ops.sub(ops.add(ops.matmul(x, w), b), y)));
      const trainOp = new train.GradientDescentOptimizer(0.05).minimize(loss, { globalStep: train.getOrCreateGlobalStep() });
      const sess = await train.MonitoredTrainingSession({ checkpointDir: dir });
      await train.withMonitoredSession(sess, async (s) => {
        while (!s.shouldStop()) {
          await s.run(trainOp);
          steps++;
        }
      });
      const check = new Session();
      await new train.Saver().restore(check, train.latestCheckpoint(dir)!);
      const [wv, bv] = await check.run([w.value(), b.value()]);
      expect(Number(wv.item())).toBeCloseTo(2, 1);
      expect(Number(bv.item())).toBeCloseTo(1, 1);
      await check.close();
    });
    // The run that hits OutOfRangeError is not a step: 400 batches trained.
    expect(steps).toBe(400);
    expect(train.latestCheckpoint(dir)).toBe(path.join(dir, 'model.ckpt-400'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('README lookup tables: file vocabulary ids with OOV buckets, back to words, a mutable table filled', async () => {
  // The README's code on the lookup_ops fixture vocabulary (emerson, lake, palmer).
  const vocabFile = path.join(__dirname, 'fixtures', 'graph_layer', 'lookup_ops', 'words.txt');
  const graph = new Graph();
  const sess = new Session(graph);
  try {
    await graph.asDefault(async () => {
      const { lookup } = ops;
      const words = ops.placeholder(DType.string, [null], 'words');
      const table = lookup.indexTableFromFile(vocabFile, { numOovBuckets: 2 });
      const ids = table.lookup(words);
      const back = lookup.indexToStringTableFromFile(vocabFile).lookup(ids);
      const seen = new lookup.MutableHashTable(DType.string, DType.int64, -1);
      const remember = seen.insert(words, ids);
      await sess.run(ops.tablesInitializer());
      const feed = new Map([[words, Tensor.from(['lake', 'king', 'palmer'])]]);
      const [idv, backv] = await sess.run([ids, back], feed);
      expect(Array.from(idv.data as BigInt64Array, Number)).toEqual([1, 3, 2]);
      expect((backv.data as Uint8Array[]).map((b) => Buffer.from(b).toString())).toEqual(['lake', 'UNK', 'palmer']);
      await sess.run(remember, feed);
      expect(Number((await sess.run(seen.size())).item())).toBe(3);
    });
  } finally {
    await sess.close();
  }
});

test('README feature columns: bucketized, vocabulary, embedding and crossed columns through inputLayer and linearModel', async () => {
  const graph = new Graph();
  const sess = new Session(graph);
  try {
    await graph.asDefault(async () => {
      const fc = featureColumn;
      const age = fc.bucketizedColumn(fc.numericColumn('age'), [18, 30, 50]);
      const color = fc.categoricalColumnWithVocabularyList('color', ['red', 'green', 'blue']);
      const columns = [
        age,
        fc.indicatorColumn(color),
        fc.embeddingColumn(fc.categoricalColumnWithHashBucket('word', 100), 4),
        fc.indicatorColumn(fc.crossedColumn(['color', age], 20)),
      ];
      const features = {
        age: ops.placeholder(DType.float32, [null, 1], 'age'),
        color: ops.placeholder(DType.string, [null, 1], 'color'),
        word: ops.placeholder(DType.string, [null, 2], 'word'),
      };
      const net = fc.inputLayer(features, columns);
      const logits = fc.linearModel(features, [age, color], { units: 2 });
      await sess.run([ops.globalVariablesInitializer(), ops.tablesInitializer()]);
      const feed = new Map([[features.age, Tensor.from([[25], [61]])], [features.color, Tensor.from([['green'], ['']])],
        [features.word, Tensor.from([['tf1', 'node'], ['graph', '']])]]);
      const [netv, logitsv] = await sess.run([net, logits], feed);
      expect(netv.shape).toEqual([2, 31]);
      // Sorted by name: age_bucketized, its cross with color, color_indicator, word_embedding.
      const rows = netv.toArray() as number[][];
      expect(rows.map((row) => [...row.slice(0, 4), ...row.slice(24, 27)])).toEqual([[0, 1, 0, 0, 0, 1, 0], [0, 0, 0, 1, 0, 0, 0]]);
      // The cross of each color (the raw feature: '' too) and age bucket, where Python hashes it.
      expect(rows.map((row) => row.slice(4, 24).indexOf(1))).toEqual([10, 1]);
      expect(logitsv.toArray()).toEqual([[0, 0], [0, 0]]);
      expect(graph.operations().some((o) => o.name === 'linear_model/color/weights')).toBe(true);
    });
  } finally {
    await sess.close();
  }
});
