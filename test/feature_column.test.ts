/**
 * TF1's feature columns against TF1 Python (scripts/graph_fixtures/feature_column.py): input_layer
 * and linear_model over numeric, bucketized, hashed, identity, weighted, crossed, indicator,
 * embedding and shared embedding columns of dense, sparse and unknown-rank features, built here with
 * the same calls, must have the same ops (names, types, inputs, attrs, Const values) in the same
 * order, the same collections, static shapes and cols_to_vars, and session runs of them the same
 * values; make_parse_example_spec the same specs (and parseExample of its spec the same tensors);
 * GradientDescent trainings the same losses; bad arguments TF1's errors.
 */
import {
  DType, Graph, Output, Session, SparseTensor, Tensor, Variable, featureColumn as fc, getDefaultGraph, ops, train,
} from '../lib';
import { RecordedAll, loadGraphFixture, recordAll } from './helpers/graph_record';
import {
  FixtureGraph, Json, describeTF1Graphs, expectClose, feedOf, itThrowsTF1Errors, jsonOf, staticShapesOf,
} from './helpers/fixture_values';

interface Fixture {
  examples: string[];
  graphs: Record<string, FixtureGraph & { cols_to_vars: Record<string, string[]> }>;
  values: Record<string, Json[]>;
  table_graphs: Record<string, FixtureGraph>;
  table_values: Record<string, Json[]>;
  parse_specs: Record<string, Record<string, Json>>;
  trainings: Record<string, number[]>;
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('feature_column.json');
const EXAMPLES = fixture.examples.map((e) => Buffer.from(e, 'base64'));
// The vocabulary files and checkpoint as the script names them, from the repository root (the tests' working directory).
const DATA = 'test/fixtures/graph_layer/feature_column';
const VOCAB_FILE = `${DATA}/vocab.txt`;
const NUMBERS_FILE = `${DATA}/numbers.txt`;
const CKPT = `${DATA}/ckpt/model`;

const { float32, int32, int64, string } = DType;
const ph = (dtype: DType, shape: Array<number | null> | undefined, name: string) => ops.placeholder(dtype, shape, name);
const sph = (dtype: DType, shape: Array<number | null> | undefined, name: string) => ops.sparsePlaceholder(dtype, shape, name);
/** `np.arange(n) * scale + offset` as a constant initializer. */
const arange = (n: number, scale = 1, offset = 0) => ops.constantInitializer(Array.from({ length: n }, (_, i) => i * scale + offset));

/** cols_to_vars of each graph, by column name (as the fixture's `vars_json`). */
const colsToVarsOf: Record<string, Map<unknown, Variable[]>> = {};
function colsToVars<K>(graph: string): Map<K, Variable[]> {
  const m = new Map<K, Variable[]>();
  colsToVarsOf[graph] = m as Map<unknown, Variable[]>;
  return m;
}

function categoricalFeatures() {
  return {
    age: ph(float32, [null, 2], 'age'),
    word: ph(string, [null, 2], 'word'),
    code: ph(int32, [null, 2], 'code'),
    id: sph(int64, [null, 3], 'id'),
    wt: sph(float32, [null, 3], 'wt'),
  };
}

function linearColumns() {
  const features = {
    price: ph(float32, [null, 1], 'price'),
    age: ph(float32, [null, 2], 'age'),
    word: ph(string, [null, 2], 'word'),
    id: sph(int64, [null, 3], 'id'),
    wt: sph(float32, [null, 3], 'wt'),
  };
  const age = fc.bucketizedColumn(fc.numericColumn('age', { shape: 2 }), [10.0, 20.0]);
  const ident = fc.categoricalColumnWithIdentity('id', 4);
  const cols = [fc.numericColumn('price'), age, fc.categoricalColumnWithHashBucket('word', 6),
    fc.weightedCategoricalColumn(ident, 'wt'), fc.crossedColumn(['word', age], 9),
    fc.embeddingColumn(ident, 2, { initializer: ops.onesInitializer() })];
  return { features, cols };
}

function parseColumns(): fc.FeatureColumn[] {
  const age = fc.bucketizedColumn(fc.numericColumn('age'), [15.0, 25.0]);
  return [fc.numericColumn('price'), age,
    fc.embeddingColumn(fc.categoricalColumnWithHashBucket('word', 5), 3,
      { initializer: ops.truncatedNormalInitializer({ seed: 3 }) }),
    fc.indicatorColumn(fc.categoricalColumnWithIdentity('id', 4)),
    fc.indicatorColumn(fc.crossedColumn(['word', age], 7))];
}

function parseGraph(): [Output, Output] {
  const cols = parseColumns();
  const spec = fc.makeParseExampleSpec([...cols, fc.numericColumn('label')]);
  const features = ops.parseExample(ops.constant(Tensor.from(EXAMPLES, { dtype: string }), { name: 'serialized' }), spec);
  const label = features.label;
  if (!(label instanceof Output)) throw new Error('label is a FixedLenFeature');
  return [fc.inputLayer(features, cols), label];
}

const GRAPHS: Record<string, () => Record<string, Output | Output[]>> = {
  numeric: () => {
    const features = {
      age: ph(float32, [null], 'age'),
      vec: ph(float32, [null, 2, 2], 'vec'),
      count: ph(int64, [null, 1], 'count'),
    };
    const cols = [fc.numericColumn('age'),
      fc.numericColumn('vec', { shape: [2, 2], normalizerFn: (x) => ops.truediv(ops.sub(x, 3.0, 'sub'), 2.0) }),
      fc.numericColumn('count', { dtype: int64, defaultValue: 0 })];
    const outputs = new Map<fc.FeatureColumn, Output>();
    const out = fc.inputLayer(features, cols, {
      weightCollections: ['mine'], colsToVars: colsToVars('numeric'), colsToOutputTensors: outputs,
    });
    // One column: concat of one tensor.
    const single = fc.inputLayer(features, cols[0]);
    return { out, parts: cols.map((c) => outputs.get(c)!), single };
  },
  categorical: () => {
    const features = categoricalFeatures();
    const ident = fc.categoricalColumnWithIdentity('id', 6, 0);
    const cols = [
      fc.bucketizedColumn(fc.numericColumn('age', { shape: 2 }), [0.0, 10.0, 20.0]),
      fc.indicatorColumn(fc.categoricalColumnWithHashBucket('word', 5)),
      fc.indicatorColumn(ident),
      fc.embeddingColumn(fc.categoricalColumnWithHashBucket('code', 4, int32), 3,
        { combiner: 'sqrtn', initializer: arange(12, 1 / 4) }),
      fc.embeddingColumn(ident, 2, { combiner: 'sum', maxNorm: 1.5, initializer: arange(12, 1, -5) }),
      fc.indicatorColumn(fc.weightedCategoricalColumn(ident, 'wt')),
    ];
    return { out: fc.inputLayer(features, cols, { colsToVars: colsToVars('categorical'), trainable: false }) };
  },
  embeddings: () => {
    ops.setRandomSeed(5);
    const features = categoricalFeatures();
    const ident = fc.categoricalColumnWithIdentity('id', 10);
    const cols = [
      fc.embeddingColumn(ident, 4),
      fc.embeddingColumn(fc.weightedCategoricalColumn(ident, 'wt'), 2, { initializer: arange(20, 0.5) }),
      fc.embeddingColumn(fc.categoricalColumnWithHashBucket('word', 3), 2, { trainable: false }),
      // Ids of rank 2: embeddingLookupSparse, not the safe lookup.
      fc.embeddingColumn(fc.bucketizedColumn(fc.numericColumn('age', { shape: 2 }), [0.0, 10.0]), 2,
        { combiner: 'sum', useSafeEmbeddingLookup: false, initializer: arange(12, 1, -3) }),
    ];
    return { out: fc.inputLayer(features, cols) };
  },
  crossed: () => {
    const features = {
      a: ph(string, [null, 2], 'a'),
      b: sph(string, [null, 2], 'b'),
      n: ph(float32, [null, 1], 'n'),
      k: sph(int64, [null, 2], 'k'),
    };
    const bn = fc.bucketizedColumn(fc.numericColumn('n'), [0.5]);
    const x1 = fc.crossedColumn(['a', 'b'], 10);
    const x2 = fc.crossedColumn([bn, 'a', fc.categoricalColumnWithIdentity('k', 4)], 7, 123);
    const x3 = fc.crossedColumn([x1, bn], 13);
    const cols = [fc.indicatorColumn(x1), fc.embeddingColumn(x2, 2, { initializer: ops.onesInitializer() }),
      fc.indicatorColumn(x3)];
    return { out: fc.inputLayer(features, cols) };
  },
  shared: () => {
    const features = { a: sph(int64, [null, 2], 'a'), b: ph(int64, [null, 2], 'b') };
    const a = fc.categoricalColumnWithIdentity('a', 5);
    const b = fc.categoricalColumnWithIdentity('b', 5);
    const [sb, sa] = fc.sharedEmbeddingColumns([b, a], 2, { combiner: 'sum', initializer: arange(10) });
    const named = fc.sharedEmbeddingColumns([a, b], 3, { sharedEmbeddingCollectionName: 'mine',
      initializer: ops.onesInitializer() });
    const out = fc.inputLayer(features, [sa, sb], { colsToVars: colsToVars('shared') });
    return { out, again: fc.inputLayer(features, named) };
  },
  checkpoint: () => {
    const features = { id: sph(int64, [null, 3], 'id') };
    const ident = fc.categoricalColumnWithIdentity('id', 4);
    const cols = [fc.embeddingColumn(ident, 2, { ckptToLoadFrom: CKPT, tensorNameInCkpt: 'table' }),
      ...fc.sharedEmbeddingColumns([ident], 2, { combiner: 'sqrtn', ckptToLoadFrom: CKPT, tensorNameInCkpt: 'table' })];
    return { out: fc.inputLayer(features, cols) };
  },
  linear: () => {
    const { features, cols } = linearColumns();
    return {
      out: fc.linearModel(features, cols, { units: 2, sparseCombiner: 'mean', colsToVars: colsToVars('linear') }),
    };
  },
  linear_twice: () => {
    const { features, cols } = linearColumns();
    const first = fc.linearModel(features, cols.slice(0, 3));
    const second = getDefaultGraph().nameScope('outer', () => fc.linearModel(features, cols.slice(1, 4), {
      units: 3, weightCollections: ['mine'], trainable: false, colsToVars: colsToVars('linear_twice'),
      sparseCombiner: 'sqrtn',
    }));
    return { first, second };
  },
  dynamic_rank: () => {
    const features = { x: ph(float32, undefined, 'x'), id: sph(int64, undefined, 'id') };
    const cols = [fc.numericColumn('x'), fc.indicatorColumn(fc.categoricalColumnWithIdentity('id', 3))];
    return { out: fc.inputLayer(features, cols), lin: fc.linearModel(features, cols) };
  },
  parsed: () => {
    const [net, label] = parseGraph();
    return { net, label };
  },
};

describe('feature column graphs', () => {
  describeTF1Graphs(GRAPHS, fixture, {
    keys: ['cols_to_vars'],
    check: (name) => {
      const got = Object.fromEntries([...(colsToVarsOf[name] ?? new Map()).entries()].map(([k, vs]) =>
        [typeof k === 'string' ? k : (k as fc.FeatureColumn).name, vs.map((v) => v.name)]));
      expect(got).toEqual(fixture.graphs[name].cols_to_vars);
    },
  });
});

/** The script's `placeless`: each random table name (a base64 `shared_name`) as 'hash_table_<uuid>'. */
function placeless(record: RecordedAll): RecordedAll {
  const uuid = /hash_table_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
  for (const attrs of Object.values(record.attrs) as Array<Record<string, { s?: string }>>) {
    for (const v of Object.values(attrs)) {
      if (v.s !== undefined) v.s = Buffer.from(Buffer.from(v.s, 'base64').toString().replace(uuid, 'hash_table_<uuid>')).toString('base64');
    }
  }
  return record;
}

/** Graphs of lookup tables: as `describeTF1Graphs`, the random table names aside and the tables initialized before each run. */
const TABLE_GRAPHS: Record<string, () => Record<string, Output>> = {
  vocabulary: () => {
    const features = {
      word: ph(string, [null, 2], 'word'),
      code: sph(int32, [null, 2], 'code'),
      fword: ph(string, [null, 2], 'fword'),
      fnum: sph(int64, [null, 2], 'fnum'),
    };
    const word = fc.categoricalColumnWithVocabularyList('word', ['a', 'b', 'c'], { numOovBuckets: 2 });
    const fword = fc.categoricalColumnWithVocabularyFile('fword', VOCAB_FILE);
    const cols = [
      fc.indicatorColumn(word),
      fc.embeddingColumn(fc.categoricalColumnWithVocabularyList('code', [10, 20, 30, 40], { defaultValue: 0 }), 2,
        { initializer: arange(8) }),
      fc.indicatorColumn(fword),
      fc.indicatorColumn(fc.categoricalColumnWithVocabularyFile('fnum', NUMBERS_FILE, { dtype: int64, numOovBuckets: 1 })),
    ];
    return { out: fc.inputLayer(features, cols), lin: fc.linearModel(features, [word, fword], { units: 2 }) };
  },
};

describe.each(Object.keys(TABLE_GRAPHS))('vocabulary columns: %s', (name) => {
  const graph = new Graph();
  const want = fixture.table_graphs[name];
  let fetch: Record<string, Output>;

  it('has the ops, attrs and collections TF1 Python makes', () => {
    fetch = graph.asDefault(TABLE_GRAPHS[name]);
    const { feeds, shapes, ...expected } = want;
    expect(placeless(recordAll(graph, jsonOf))).toEqual(expected);
    expect(staticShapesOf(fetch)).toEqual(shapes);
    expect(feeds).toHaveLength(1);
  });

  it('gives the values TF1 Python gives', async () => {
    const init = graph.asDefault(() => [ops.globalVariablesInitializer(), ops.tablesInitializer()]);
    const sess = new Session(graph);
    try {
      await sess.run(init);
      expectClose(jsonOf(await sess.run(fetch, feedOf(graph, want.feeds[0]))), fixture.table_values[name][0]);
    } finally {
      await sess.close();
    }
  });
});

/** A spec as the fixture's `spec_json` writes it. */
function specJson(spec: fc.ParseSpec): Record<string, Json> {
  return Object.fromEntries(Object.keys(spec).sort().map((k) => {
    const s = spec[k];
    const dtype = DType[s.dtype];
    const json: Json = s instanceof ops.FixedLenFeature ? { kind: 'FixedLenFeature', shape: s.shape as Json, dtype,
      default_value: s.defaultValue as Json } : { kind: 'VarLenFeature', dtype };
    return [k, json];
  }));
}

describe('makeParseExampleSpec', () => {
  it('gives the specs TF1 Python gives', () => {
    const ident = fc.categoricalColumnWithIdentity('id', 4);
    expect(specJson(fc.makeParseExampleSpec(parseColumns()))).toEqual(fixture.parse_specs.parse_columns);
    expect(specJson(fc.makeParseExampleSpec([
      fc.numericColumn('n', { shape: [2], defaultValue: 1.5, dtype: DType.float64 }),
      fc.numericColumn('m', { dtype: int64, defaultValue: [4] }),
      fc.weightedCategoricalColumn(ident, 'w', int64),
      fc.embeddingColumn(fc.categoricalColumnWithHashBucket('h', 3, int64), 2),
      fc.crossedColumn(['s', ident], 5),
    ]))).toEqual(fixture.parse_specs.mixed);
  });
});

describe('GradientDescent trainings', () => {
  /** Each training: [loss, train op, feeds by placeholder name], as the fixture script's. */
  const TRAININGS: Record<string, () => [Output, ReturnType<train.Optimizer['minimize']>, Record<string, Json>]> = {
    train_linear: () => {
      const { features, cols } = linearColumns();
      const logits = fc.linearModel(features, cols, { units: 1 });
      const loss = ops.losses.meanSquaredError(ops.constant([[1.0], [-1.0]]), logits);
      return [loss, new train.GradientDescentOptimizer(0.1).minimize(loss), fixture.graphs.linear.feeds[0]];
    },
    train_parsed: () => {
      const [net, label] = parseGraph();
      // A dense layer by hand, as the fixture script's.
      const kernel = ops.getVariable('kernel', { shape: [net.shape![1]!, 1],
        initializer: ops.glorotUniformInitializer({ seed: 1 }) });
      const bias = ops.getVariable('bias', { shape: [1], initializer: ops.zerosInitializer() });
      const logits = ops.add(ops.matmul(net, kernel), bias, 'add');
      const loss = ops.losses.meanSquaredError(label, logits);
      return [loss, new train.GradientDescentOptimizer(0.05).minimize(loss), {}];
    },
  };

  it.each(Object.keys(TRAININGS))('%s: the losses TF1 Python gives', async (name) => {
    const graph = new Graph();
    const [loss, trainOp, feed, init] = graph.asDefault(() => [...TRAININGS[name](), ops.globalVariablesInitializer()] as const);
    const sess = new Session(graph);
    try {
      await sess.run(init);
      const losses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const [l] = await sess.run([loss, trainOp], feedOf(graph, feed));
        losses.push((l as Tensor).item() as number);
      }
      losses.forEach((l, i) => expect(l).toBeCloseTo(fixture.trainings[name][i], 5));
    } finally {
      await sess.close();
    }
  });
});

describe('feature column build errors', () => {
  const num = () => fc.numericColumn('n');
  const ident = () => fc.categoricalColumnWithIdentity('id', 4);
  const hashed = () => fc.categoricalColumnWithHashBucket('s', 5);
  const dense = () => ({
    n: ops.zeros([2, 1]), s: ops.constant([['a'], ['b']]), id: ops.constant([[1], [2]], { dtype: int64 }),
  });
  const layer = (features: () => Record<string, unknown>, cols: () => unknown) => () =>
    fc.inputLayer(features() as Record<string, Output>, cols() as fc.FeatureColumn[]);
  const sparse = () => new SparseTensor(Tensor.from([[0, 0]], { dtype: int64 }), ops.constant([1.0]),
    Tensor.from([2, 1], { dtype: int64 }));
  itThrowsTF1Errors(fixture.build_errors, {
    numeric_shape_zero: () => fc.numericColumn('n', { shape: [2, 0] }),
    numeric_shape_float: () => fc.numericColumn('n', { shape: [1.5] }),
    numeric_dtype: () => fc.numericColumn('n', { dtype: string }),
    numeric_default_shape: () => fc.numericColumn('n', { shape: [2], defaultValue: [1.5, 2.5, 3.5] }),
    numeric_default_dtype: () => fc.numericColumn('n', { dtype: int32, defaultValue: 1.5 }),
    numeric_normalizer: () => fc.numericColumn('n', { normalizerFn: 3 as never }),
    numeric_key: () => fc.numericColumn(3 as never),
    bucketized_source: () => fc.bucketizedColumn(hashed() as never, [1.0]),
    bucketized_rank: () => fc.bucketizedColumn(fc.numericColumn('n', { shape: [2, 2] }), [1.0]),
    bucketized_empty: () => fc.bucketizedColumn(num(), []),
    bucketized_unsorted: () => fc.bucketizedColumn(num(), [1.0, 3.0, 2.0]),
    bucketized_equal: () => fc.bucketizedColumn(num(), [1.0, 1.0]),
    hash_size: () => fc.categoricalColumnWithHashBucket('s', 0),
    hash_dtype: () => fc.categoricalColumnWithHashBucket('s', 3, float32),
    identity_buckets: () => fc.categoricalColumnWithIdentity('id', 0),
    identity_default: () => fc.categoricalColumnWithIdentity('id', 3, 3),
    indicator_dense: () => fc.indicatorColumn(num() as never),
    weighted_dtype: () => fc.weightedCategoricalColumn(ident(), 'w', string),
    embedding_dimension: () => fc.embeddingColumn(ident(), 0),
    embedding_ckpt: () => fc.embeddingColumn(ident(), 2, { ckptToLoadFrom: '/tmp/x' }),
    embedding_initializer: () => fc.embeddingColumn(ident(), 2, { initializer: 1.0 as never }),
    crossed_size: () => fc.crossedColumn(['a', 'b'], 0),
    crossed_one_key: () => fc.crossedColumn(['a'], 5),
    crossed_hashed_key: () => fc.crossedColumn([hashed(), 'a'], 5),
    crossed_key_type: () => fc.crossedColumn([num() as never, 'a'], 5),
    shared_types: () => fc.sharedEmbeddingColumns([ident(), hashed()], 2),
    shared_buckets: () => fc.sharedEmbeddingColumns([ident(), fc.categoricalColumnWithIdentity('j', 5)], 2),
    shared_dimension: () => fc.sharedEmbeddingColumns([ident()], 0),
    input_empty: layer(dense, () => []),
    input_categorical: layer(dense, () => [hashed()]),
    input_not_column: layer(dense, () => [num(), 'n']),
    input_dict: layer(dense, () => ({ n: num() })),
    input_duplicate: layer(dense, () => [num(), fc.numericColumn('n')]),
    input_missing_key: layer(() => ({ m: ops.zeros([2, 1]) }), () => [num()]),
    input_rank0: layer(() => ({ n: ops.constant(1.0) }), () => [num()]),
    input_batch_size: layer(() => ({ n: ops.zeros([2, 1]), m: ops.zeros([3, 1]) }), () => [num(), fc.numericColumn('m')]),
    input_numeric_sparse: layer(() => ({ n: sparse() }), () => [num()]),
    input_hash_float: layer(() => ({ s: ops.zeros([2, 1]) }), () => [fc.indicatorColumn(hashed())]),
    input_hash_int: layer(() => ({ s: ops.constant([[1]], { dtype: int64 }) }), () => [fc.indicatorColumn(hashed())]),
    input_identity_string: layer(() => ({ id: ops.constant([['a']]) }), () => [fc.indicatorColumn(ident())]),
    input_weight_dtype: layer(() => ({ id: ops.constant([[1]], { dtype: int64 }), w: ops.constant([[1]], { dtype: int64 }) }),
      () => [fc.indicatorColumn(fc.weightedCategoricalColumn(ident(), 'w'))]),
    linear_not_column: () => fc.linearModel(dense(), [num(), 3 as never]),
    linear_batch_size: () => fc.linearModel({ n: ops.zeros([2, 1]), id: ops.constant([[1], [2], [3]], { dtype: int64 }) },
      [num(), ident()]),
    vocab_list_empty: () => fc.categoricalColumnWithVocabularyList('w', []),
    vocab_list_duplicate: () => fc.categoricalColumnWithVocabularyList('w', ['a', 'a']),
    vocab_list_oov_default: () => fc.categoricalColumnWithVocabularyList('w', ['a'], { defaultValue: 0, numOovBuckets: 1 }),
    vocab_list_oov_negative: () => fc.categoricalColumnWithVocabularyList('w', ['a'], { numOovBuckets: -1 }),
    vocab_list_float: () => fc.categoricalColumnWithVocabularyList('w', [1.5, 2.5]),
    vocab_list_dtype: () => fc.categoricalColumnWithVocabularyList('w', [1, 2], { dtype: string }),
    vocab_file_missing: () => fc.categoricalColumnWithVocabularyFile('w', `${DATA}/missing.txt`),
    vocab_file_empty_name: () => fc.categoricalColumnWithVocabularyFile('w', ''),
    vocab_file_size: () => fc.categoricalColumnWithVocabularyFile('w', VOCAB_FILE, { vocabularySize: 0 }),
    vocab_file_oov_default: () => fc.categoricalColumnWithVocabularyFile('w', VOCAB_FILE, { numOovBuckets: 1, defaultValue: 0 }),
    vocab_input_dtype: layer(() => ({ w: ops.constant([['a']]) }),
      () => [fc.indicatorColumn(fc.categoricalColumnWithVocabularyList('w', [1, 2]))]),
    spec_not_column: () => fc.makeParseExampleSpec([num(), 'x' as never]),
    spec_conflict: () => fc.makeParseExampleSpec([hashed(), fc.categoricalColumnWithIdentity('s', 3)]),
    spec_weight_key: () => fc.makeParseExampleSpec([fc.weightedCategoricalColumn(ident(), 'id')]),
  });
});
