/**
 * TF1's sequence feature columns and the v1 metric aliases against TF 2.21 Python: the graphs of
 * scripts/graph_fixtures/columns_metrics_more.py built here with the same calls must have the same
 * ops, attrs, Const values and collections, static shapes and run values; the metrics stream to
 * Python's values batch by batch; bad arguments raise TF1's errors.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { DType, Graph, Output, Session, SparseTensor, errors, featureColumn as fc, ops, savedModel, summary } from '../lib';
import { NodeDefSchema, SavedModelSchema, SignatureDefSchema, toTextFormat } from '../lib/proto';
import { RecordedAll, loadGraphFixture, recordAll } from './helpers/graph_record';
import {
  FixtureGraph, Json, describeTF1Graphs, expectClose, feedOf, itThrowsTF1Errors, jsonOf, staticShapesOf,
  trainByGradientDescent,
} from './helpers/fixture_values';

interface Fixture {
  graphs: Record<string, FixtureGraph>;
  values: Record<string, Json[]>;
  parse_spec: Record<string, { kind: string; dtype: string }>;
  training: { losses: number[]; table: number[][] };
  metric_graphs: Record<string, RecordedAll & { feeds: Array<Record<string, Json>> }>;
  metric_values: Record<string, { initial: Json; updates: Json[]; final: Json }>;
  audio: RecordedAll & { feed: Record<string, Json>; values: Record<string, string>; mono_tags: string[] };
  summary_description: string;
  signatures: Record<string, string> & { valid: Record<string, boolean>; tensor_from_info: string };
  main_op: RecordedAll;
  simple_save: { tags: string[]; signatures: Record<string, string>; collections: string[]; nodes: string[];
    saver: [string, string, string, boolean]; contains: boolean; maybe: boolean; empty: boolean; files: string[];
    variables: string[] };
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('columns_metrics_more.json');
const DATA = 'test/fixtures/graph_layer/feature_column';
const VOCAB_FILE = `${DATA}/vocab.txt`;
const NUMBERS_FILE = `${DATA}/numbers.txt`;

const { float32, int64, string } = DType;
const sph = (dtype: DType, shape: Array<number | null>, name: string) => ops.sparsePlaceholder(dtype, shape, name);
const pair = (p: fc.SequenceDense) => [p.denseTensor, p.sequenceLength];
const constInit = (n: number, scale: number, offset = 0) =>
  ops.constantInitializer(Array.from({ length: n }, (_, i) => i * scale + offset));

/** The sequence column graphs: the same columns read through the same builder calls as Python's. */
const GRAPHS: Record<string, () => unknown> = {
  seq_identity: () => {
    const features = { ids: sph(int64, [null, null], 'ids'), dflt: sph(int64, [null, null], 'dflt') };
    const ids = fc.sequenceCategoricalColumnWithIdentity('ids', 5);
    const dflt = fc.sequenceCategoricalColumnWithIdentity('dflt', 3, 0);
    const builder = new fc.LazyBuilder(features);
    const e = ops.variableScope('emb', () =>
      fc.embeddingColumn(ids, 3, { initializer: constInit(15, 0.1) }).getSequenceDenseTensor(builder));
    const ind = fc.indicatorColumn(ids).getSequenceDenseTensor(builder);
    const d = ops.variableScope('sum', () =>
      fc.embeddingColumn(dflt, 2, { combiner: 'sum', initializer: ops.onesInitializer() }).getSequenceDenseTensor(builder));
    return { emb: pair(e), ind: pair(ind), dflt: pair(d) };
  },
  seq_hash: () => {
    const features = { tok: ops.placeholder(string, [null, 3], 'tok'), multi: sph(string, [null, null, null], 'multi') };
    const builder = new fc.LazyBuilder(features);
    const ind = fc.indicatorColumn(fc.sequenceCategoricalColumnWithHashBucket('tok', 7)).getSequenceDenseTensor(builder);
    const m = ops.variableScope('m', () => fc.embeddingColumn(fc.sequenceCategoricalColumnWithHashBucket('multi', 4), 2,
      { initializer: constInit(8, 1, -2) }).getSequenceDenseTensor(builder));
    return { ind: pair(ind), multi: pair(m) };
  },
  seq_numeric: () => {
    const features = { temp: sph(float32, [null, null], 'temp'), vec: sph(float32, [null, null], 'vec'),
      cnt: sph(int64, [null, null], 'cnt') };
    const builder = new fc.LazyBuilder(features);
    const cols: Array<[string, fc.SequenceNumericColumn]> = [
      ['temp', fc.sequenceNumericColumn('temp')],
      ['vec', fc.sequenceNumericColumn('vec', { shape: [2], defaultValue: -1.0 })],
      ['cnt', fc.sequenceNumericColumn('cnt', { dtype: int64, defaultValue: 0,
        normalizerFn: (sp) => new SparseTensor(sp.indices, ops.mul(sp.values, 2, 'mul'), sp.denseShape) })],
    ];
    return Object.fromEntries(cols.map(([k, c]) => [k, pair(c.getSequenceDenseTensor(builder))]));
  },
};

describeTF1Graphs(GRAPHS, fixture);

/** A record without the HashTableV2s' random `shared_name`s (the fixture writes them `hash_table_<uuid>`). */
function withoutTableNames(rec: RecordedAll): RecordedAll {
  for (const attrs of Object.values(rec.attrs) as Array<Record<string, { s?: string }>>) {
    const name = Buffer.from(attrs.shared_name?.s ?? '', 'base64').toString();
    if (/^hash_table_(<uuid>|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.test(name)) delete attrs.shared_name;
  }
  return rec;
}

test('vocabulary sequence columns (list, int and string files): TF1\'s graph and values, tables initialized', async () => {
  const graph = new Graph();
  const fetch = graph.asDefault(() => {
    const features = { w: sph(string, [null, null], 'w'), n: sph(int64, [null, null], 'n'), f: sph(string, [null, null], 'f') };
    const builder = new fc.LazyBuilder(features);
    const cols = {
      w: fc.sequenceCategoricalColumnWithVocabularyList('w', ['a', 'b', 'c'], { numOovBuckets: 2 }),
      n: fc.sequenceCategoricalColumnWithVocabularyFile('n', NUMBERS_FILE, { dtype: int64, defaultValue: 0 }),
      f: fc.sequenceCategoricalColumnWithVocabularyFile('f', VOCAB_FILE, { vocabularySize: 2, numOovBuckets: 1 }),
    };
    return Object.fromEntries(Object.entries(cols).map(([k, c]) => [k, pair(fc.indicatorColumn(c).getSequenceDenseTensor(builder))]));
  });
  const { feeds, shapes, ...expected } = fixture.graphs.seq_vocabulary;
  const got = recordAll(graph, jsonOf);
  expect(JSON.stringify(got.attrs).match(/"shared_name"/g)).toHaveLength(3);
  expect(withoutTableNames(got)).toEqual(withoutTableNames(expected as RecordedAll));
  expect(staticShapesOf(fetch)).toEqual(shapes);
  const sess = new Session(graph);
  try {
    await sess.run(graph.asDefault(() => [ops.globalVariablesInitializer(), ops.tablesInitializer()]));
    expectClose(jsonOf(await sess.run(fetch as Record<string, Output[]>, feedOf(graph, feeds[0]))),
      fixture.values.seq_vocabulary[0]);
  } finally {
    await sess.close();
  }
});

test('makeParseExampleSpec of sequence columns: VarLenFeatures, as TF1', () => {
  const spec = fc.makeParseExampleSpec([
    fc.embeddingColumn(fc.sequenceCategoricalColumnWithIdentity('ids', 5), 2),
    fc.indicatorColumn(fc.sequenceCategoricalColumnWithHashBucket('tok', 3, DType.int32))]);
  expect(Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, { kind: v.constructor.name, dtype: DType[v.dtype] }])))
    .toEqual(fixture.parse_spec);
});

test('a sequence embedding trained by GradientDescent: TF1\'s losses and table', async () => {
  const { losses, fetched } = await trainByGradientDescent(() => {
    const ids = new SparseTensor(ops.constant([[0, 0], [0, 1], [0, 2], [1, 0], [2, 0], [2, 1]], { dtype: int64 }),
      ops.constant([1, 3, 2, 0, 3, 3], { dtype: int64 }), ops.constant([3, 3], { dtype: int64 }));
    const emb = fc.embeddingColumn(fc.sequenceCategoricalColumnWithIdentity('ids', 4), 2, { initializer: constInit(8, 0.1) });
    const { denseTensor, sequenceLength } = ops.variableScope('seq', () => emb.getSequenceDenseTensor(new fc.LazyBuilder({ ids })));
    const mask = ops.sequenceMask(sequenceLength, { maxlen: 3, dtype: float32 });
    const target = ops.constant([[1.0, -1.0, 0.5], [2.0, 0.0, 0.0], [0.5, 1.5, 0.0]]);
    const loss = ops.reduceSum(ops.mul(ops.square(ops.sub(ops.reduceSum(denseTensor, { axis: -1 }), target)), mask));
    return { loss, fetch: ops.globalVariables()[0] };
  }, 0.1, 5);
  expectClose(losses, fixture.training.losses);
  expectClose(fetched, fixture.training.table);
});

// --- metrics --------------------------------------------------------------------------------

const METRICS: Record<string, () => Record<string, ops.metrics.Metric>> = {
  sparse_at_k_graph: () => {
    const labels = ops.placeholder(int64, [null], 'labels');
    const sl = sph(int64, [null, null], 'sl');
    const logits = ops.placeholder(float32, [null, 4], 'logits');
    const w = ops.placeholder(float32, [null], 'w');
    const m = ops.metrics;
    return {
      precision: m.sparsePrecisionAtK(labels, logits, 2),
      precision_class: m.sparsePrecisionAtK(sl, logits, 1, { classId: 2, weights: w, name: 'pc' }),
      ap: m.sparseAveragePrecisionAtK(labels, logits, 2, { metricsCollections: ['my_metrics'] }),
      ap_sparse: m.sparseAveragePrecisionAtK(sl, logits, 3, { weights: w }),
    };
  },
};

describe.each(Object.keys(METRICS))('metrics: %s', (name) => {
  const graph = new Graph();
  const want = fixture.metric_graphs[name];
  let metrics: Record<string, ops.metrics.Metric>;
  const pick = (i: 0 | 1) => Object.fromEntries(Object.entries(metrics).map(([k, mv]) => [k, mv[i]]));

  it('has the ops, attrs, variables and collections TF1 Python makes', () => {
    metrics = graph.asDefault(METRICS[name]);
    const { feeds, ...expected } = want;
    expect(feeds.length).toBe(2);
    expect(recordAll(graph, jsonOf)).toEqual(expected);
  });

  it('streams the batches to TF1 Python\'s updates and values', async () => {
    const sess = new Session(graph);
    try {
      await sess.run(graph.asDefault(() => ops.localVariablesInitializer()));
      const got = { initial: jsonOf(await sess.run(pick(0))), updates: [] as unknown[], final: null as unknown };
      for (const feed of want.feeds) got.updates.push(jsonOf(await sess.run(pick(1), feedOf(graph, feed))));
      got.final = jsonOf(await sess.run(pick(0)));
      // 0/0 before any update: NaN, which the fixture writes 'nan'.
      expect(got.initial).toEqual(Object.fromEntries(Object.keys(metrics).map((k) => [k, k.startsWith('ap') ? 0 : NaN])));
      expectClose({ ...got, initial: fixture.metric_values[name].initial }, fixture.metric_values[name]);
    } finally {
      await sess.close();
    }
  });
});

// --- summary ------------------------------------------------------------------------------

test('summary.audio: TF1\'s graph and serialized Summaries (WAV clips tagged <name>/audio/<i>)', async () => {
  const { feed, values, mono_tags: monoTags, ...expected } = fixture.audio;
  const graph = new Graph();
  const fetch = graph.asDefault(() => {
    const clip = ops.placeholder(float32, [null, 8], 'clip');
    const stereo = ops.placeholder(float32, [null, 4, 2], 'stereo');
    const rate = ops.placeholder(float32, [], 'rate');
    return { mono: summary.audio('sound', clip, 8000.0),
      stereo: summary.audio('st', stereo, rate, { maxOutputs: 1, family: 'fam', collections: ['mine'] }) };
  });
  expect(recordAll(graph, jsonOf)).toEqual(expected);
  const sess = new Session(graph);
  try {
    const out = await sess.run(fetch, feedOf(graph, feed));
    const bytes = Object.fromEntries(Object.entries(out).map(([k, t]) => [k, Buffer.from(t.item() as Uint8Array).toString('base64')]));
    expect(bytes).toEqual(values);
    const parsed = fromBinary(summary.Summary, Buffer.from(values.mono, 'base64'));
    expect(parsed.value.map((v) => v.tag)).toEqual(monoTags);
  } finally {
    await sess.close();
  }
});

test('summary.getSummaryDescription of a TensorSummary node; proto classes; v2 hooks in graph mode', () => {
  const graph = new Graph();
  const op = graph.asDefault(() => ops.gen.tensorSummary({ tensor: ops.constant(1.0), description: '{"typeHint": "scalar"}' },
    'ts'));
  const desc = summary.getSummaryDescription(fromBinary(NodeDefSchema, op.op.toNodeDef()));
  expect(`type_hint: "${desc.typeHint}"\n`).toBe(fixture.summary_description);
  const s = create(summary.Summary, { value: [{ tag: 'a', value: { case: 'simpleValue', value: 2 } }] });
  expect(fromBinary(summary.Summary, toBinary(summary.Summary, s)).value[0].tag).toBe('a');
  expect(summary.allV2SummaryOps(graph)).toEqual([]);
  expect(() => summary.initialize()).toThrow(new errors.RuntimeError('No default tf.contrib.summary.SummaryWriter found'));
});

// --- saved model ----------------------------------------------------------------------------

test('savedModel signature defs: TF1\'s classify / regress protos, isValidSignature, getTensorFromTensorInfo', () => {
  new Graph().asDefault(() => {
    const ex = ops.placeholder(string, [null], 'ex');
    const cls = ops.placeholder(string, [null, 2], 'cls');
    const scores = ops.placeholder(float32, [null, 2], 'scores');
    const pred = ops.placeholder(float32, [null, 1], 'pred');
    const defs = { classify: savedModel.classificationSignatureDef(ex, cls, scores),
      classify_scores: savedModel.classificationSignatureDef(ex, null, scores),
      regress: savedModel.regressionSignatureDef(ex, pred) };
    const { valid, tensor_from_info: fromInfo, ...texts } = fixture.signatures;
    expect(Object.fromEntries(Object.entries(defs).map(([k, d]) => [k, toTextFormat(SignatureDefSchema, d)]))).toEqual(texts);
    const all = { ...defs, predict: savedModel.predictSignatureDef({ x: scores }, { y: pred }),
      bad_classify: savedModel.buildSignatureDef({ x: scores }, { y: pred }, savedModel.signatureConstants.CLASSIFY_METHOD_NAME) };
    expect(Object.fromEntries(Object.entries(all).map(([k, d]) => [k, savedModel.isValidSignature(d)]))).toEqual(valid);
    expect((savedModel.getTensorFromTensorInfo(savedModel.buildTensorInfo(scores)) as Output).name).toBe(fromInfo);
  });
});

test('savedModel.mainOpWithRestore: TF1\'s group after main_op', () => {
  const graph = new Graph();
  graph.asDefault(() => {
    new ops.Variable(1.0, { name: 'v' });
    savedModel.mainOpWithRestore(ops.noOp('restore'));
  });
  expect(recordAll(graph, jsonOf)).toEqual(fixture.main_op);
});

test('savedModel.simpleSave: TF1\'s SavedModel (tags, signature, collections, nodes, saver), served after loading', async () => {
  const want = fixture.simple_save;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-save-'));
  const dir = path.join(tmp, 'm');
  try {
    const graph = new Graph();
    const { x, y } = graph.asDefault(() => {
      const xp = ops.placeholder(float32, [null, 2], 'x');
      const w = new ops.Variable([[1.0], [2.0]], { name: 'w' });
      return { x: xp, y: ops.matmul(xp, w, { name: 'y' }) };
    });
    const sess = new Session(graph);
    await sess.run(graph.asDefault(() => ops.globalVariablesInitializer()));
    await savedModel.simpleSave(sess, dir, { x }, { y });
    await sess.close();
    const meta = fromBinary(SavedModelSchema, fs.readFileSync(path.join(dir, 'saved_model.pb'))).metaGraphs[0];
    expect({
      tags: meta.metaInfoDef!.tags,
      signatures: Object.fromEntries(Object.entries(meta.signatureDef).map(([k, d]) => [k, toTextFormat(SignatureDefSchema, d)])),
      collections: Object.keys(meta.collectionDef).sort(), nodes: meta.graphDef!.node.map((n) => n.name),
      saver: [meta.saverDef!.filenameTensorName, meta.saverDef!.saveTensorName, meta.saverDef!.restoreOpName, meta.saverDef!.sharded],
      contains: savedModel.containsSavedModel(dir), maybe: savedModel.maybeSavedModelDirectory(dir),
      empty: savedModel.containsSavedModel(tmp), files: fs.readdirSync(dir).sort(),
      variables: fs.readdirSync(path.join(dir, 'variables')).sort(),
    }).toEqual(want);
    const loaded = await savedModel.load([savedModel.tagConstants.SERVING], dir);
    try {
      expect((await loaded.session.run('y:0', { 'x:0': [[1, 1]] })).toArray()).toEqual([[3]]);
    } finally {
      await loaded.session.close();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

/** The saved model and summary build errors of the fixture. */
function savedModelAndSummaryErrors(): Record<string, () => unknown> {
  const x = () => ops.placeholder(string, [null]);
  const y = () => ops.placeholder(float32, [null, 2]);
  const sm = savedModel;
  return {
    classify_no_outputs: () => sm.classificationSignatureDef(x(), null, null),
    classify_examples: () => sm.classificationSignatureDef(y(), null, y()),
    classify_classes: () => sm.classificationSignatureDef(x(), y(), null),
    classify_scores: () => sm.classificationSignatureDef(x(), null, x()),
    regress_examples: () => sm.regressionSignatureDef(null, y()),
    regress_examples_dtype: () => sm.regressionSignatureDef(y(), y()),
    regress_predictions: () => sm.regressionSignatureDef(x(), null),
    regress_predictions_dtype: () => sm.regressionSignatureDef(x(), x()),
    main_op_with_restore_name: () => sm.mainOpWithRestore('save/restore_all' as never),
    summary_description_op: () => summary.getSummaryDescription(fromBinary(NodeDefSchema,
      summary.tensorSummary('t', ops.constant(1.0)).op.toNodeDef())),
  };
}

// --- errors ---------------------------------------------------------------------------------

describe('build errors', () => {
  const ids = () => fc.sequenceCategoricalColumnWithIdentity('ids', 4);
  const plain = () => fc.categoricalColumnWithIdentity('p', 4);
  const features = () => ({
    ids: new SparseTensor(ops.constant([[0, 0]], { dtype: int64 }), ops.constant([1], { dtype: int64 }), ops.constant([1, 2], { dtype: int64 })),
    p: ops.constant([[1]], { dtype: int64 }),
    temp: new SparseTensor(ops.constant([[0, 0]], { dtype: int64 }), ops.constant([1.0]), ops.constant([1, 2], { dtype: int64 })),
  });
  const builder = () => new fc.LazyBuilder(features());
  itThrowsTF1Errors(fixture.build_errors, {
    seq_numeric_dtype: () => fc.sequenceNumericColumn('t', { dtype: string }),
    seq_numeric_shape: () => fc.sequenceNumericColumn('t', { shape: [0] }),
    seq_numeric_shape_float: () => fc.sequenceNumericColumn('t', { shape: [1.5] }),
    seq_numeric_normalizer: () => fc.sequenceNumericColumn('t', { normalizerFn: 3 as never }),
    seq_identity_buckets: () => fc.sequenceCategoricalColumnWithIdentity('ids', 0),
    seq_hash_dtype: () => fc.sequenceCategoricalColumnWithHashBucket('s', 3, float32),
    seq_vocab_empty: () => fc.sequenceCategoricalColumnWithVocabularyList('w', []),
    seq_vocab_file_size: () => fc.sequenceCategoricalColumnWithVocabularyFile('w', VOCAB_FILE, { vocabularySize: 0 }),
    input_layer_seq_embedding: () => fc.inputLayer(features(), [fc.embeddingColumn(ids(), 2)]),
    input_layer_seq_indicator: () => fc.inputLayer(features(), [fc.indicatorColumn(ids())]),
    input_layer_seq_numeric: () => fc.inputLayer(features(), [fc.sequenceNumericColumn('temp')]),
    parse_spec_seq_numeric: () => fc.makeParseExampleSpec([fc.sequenceNumericColumn('temp')]),
    seq_dense_of_plain_embedding: () => fc.embeddingColumn(plain(), 2).getSequenceDenseTensor(builder()),
    seq_dense_of_plain_indicator: () => fc.indicatorColumn(plain()).getSequenceDenseTensor(builder()),
    ...savedModelAndSummaryErrors(),
  });
});
