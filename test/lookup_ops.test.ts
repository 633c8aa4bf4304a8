/**
 * TF1's lookup tables against TF1 Python (scripts/graph_fixtures/lookup_ops.py): index tables from
 * tensors and vocabulary files (with OOV hash buckets of each hasher), id-to-string tables, static,
 * vocabulary and hash-bucket tables (dense and SparseTensor keys), mutable and dense hash tables
 * (insert, remove, export), a table made in a cond branch and the Saver's ops for tables, built
 * here with the same calls, must have the same ops (names, types, inputs, attrs, Const values,
 * collections) in the same order, the same static shapes, and runs after the same setup ops the
 * same values; bad arguments TF1's errors. A
 * MonitoredTrainingSession initializes tables itself, a checkpoint of mutable tables has TF1's keys
 * and restores, and a SavedModel of a vocabulary-file table carries the file as an asset.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  DType, Graph, GraphKeys, Operation, Output, Session, SparseTensor, SparseTensorValue, Tensor, ops, savedModel, train,
} from '../lib';
import { fixturePath } from './helpers/core';
import { Json, expectClose, feedOf, jsonOf as plainJson, itThrowsTF1Errors, staticShapesOf } from './helpers/fixture_values';
import { RecordedAll, loadGraphFixture, recordAll } from './helpers/graph_record';

interface Fixture {
  graphs: Record<string, RecordedAll & { feeds: Array<Record<string, Json>>; shapes: Json }>;
  values: Record<string, Array<Record<string, Json>>>;
  monitored: number[];
  checkpoint: {
    keys: Record<string, { shape: number[]; dtype: string }>;
    v: number;
    words: Json[];
    counts: Json[];
  };
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('lookup_ops.json');
const { lookup } = ops;

const DATA = fixturePath('graph_layer', 'lookup_ops');
const WORDS = path.join(DATA, 'words.txt');
const COLUMNS = path.join(DATA, 'columns.txt');
const IDS = path.join(DATA, 'ids.txt');
const WORD_KEYS = ['emerson', 'lake', 'king', 'palmer', 'crimson', ''];

/** lookup_ops.py's `placeless`: the data directory as '<data>', a random table name as 'hash_table_<uuid>'. */
const placeless = (s: string) => s.split(DATA).join('<data>')
  .replace(/hash_table_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'hash_table_<uuid>');

/** A value as the fixture has it: strings placeless, int64 as numbers, SparseTensorValues by their parts. */
function jsonOf(v: unknown): unknown {
  if (v instanceof SparseTensorValue) {
    return { indices: jsonOf(v.indices), values: jsonOf(v.values), dense_shape: jsonOf(v.denseShape) };
  }
  const j = plainJson(v);
  const fix = (x: unknown): unknown => (typeof x === 'string' ? placeless(x) : Array.isArray(x) ? x.map(fix) : x);
  return fix(j);
}

/** lookup_ops.py's `graph_json`: recordAll with placeless Const strings and string attrs. */
function graphJson(g: Graph): RecordedAll {
  const out = recordAll(g, jsonOf);
  for (const attrs of Object.values(out.attrs)) {
    for (const v of Object.values(attrs) as Array<{ s?: string }>) {
      if (v.s !== undefined) v.s = Buffer.from(placeless(Buffer.from(v.s, 'base64').toString())).toString('base64');
    }
  }
  return out;
}

/** Python's ordering of JSON values: numbers and strings as such, lists element by element. */
function pyCompare(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = pyCompare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** [key, value] pairs of an export, sorted by key as lookup_ops.py sorts them. */
function sortedPairs(keys: unknown, values: unknown): unknown[] {
  const k = jsonOf(keys) as unknown[];
  const v = jsonOf(values) as unknown[];
  return k.map((x, i) => [x, v[i]]).sort(pyCompare);
}

/** lookup_ops.py's `fetch_json`: an `export*` fetch as sorted [key, value] pairs. */
function fetchJson(fetched: Record<string, unknown>): unknown {
  return Object.fromEntries(Object.entries(fetched).map(([k, v]) =>
    [k, k.startsWith('export') ? sortedPairs(...(v as [unknown, unknown])) : jsonOf(v)]));
}

type Fetch = Record<string, Output | SparseTensor | Output[]>;
interface Built { fetch: Fetch; setup: Operation[] }

const words = () => ops.placeholder(DType.string, [null], 'words');
const int64 = (v: number[]) => ops.constant(v, { dtype: DType.int64 });

const GRAPHS: Record<string, () => Built> = {
  from_tensor: () => {
    const w = words();
    const ids = ops.placeholder(DType.int64, [null], 'ids');
    const plain = lookup.indexTableFromTensor(['emerson', 'lake', 'palmer']);
    const oov = lookup.indexTableFromTensor(ops.constant(['emerson', 'lake', 'palmer']), { numOovBuckets: 3, defaultValue: -5,
      name: 'vocab' });
    const ints = lookup.indexTableFromTensor([42, 7, 1000], { numOovBuckets: 2, dtype: DType.int64 });
    const strong = lookup.indexTableFromTensor(['a', 'b'], { numOovBuckets: 4, hasherSpec: new lookup.StrongHashSpec([17, 23]) });
    const legacy = lookup.indexTableFromTensor(['a', 'b'], { numOovBuckets: 4, hasherSpec: new lookup.HasherSpec('legacy', null) });
    const fetch = {
      plain: plain.lookup(w), oov: oov.lookup(w, 'ids_of'), ints: ints.lookup(ids), strong: strong.lookup(w),
      legacy: legacy.lookup(w), size_plain: plain.size(), size_oov: oov.size('vocab_size'),
    };
    return { fetch, setup: [ops.tablesInitializer()] };
  },
  to_string: () => {
    const ids = ops.placeholder(DType.int64, [null], 'ids');
    const names = lookup.indexToStringTableFromTensor(['emerson', 'lake', 'palmer']);
    const named = lookup.indexToStringTableFromTensor(ops.constant(['x', 'y']), { defaultValue: '?', name: 'xy' });
    return { fetch: { names: names.lookup(ids), named: named.lookup(ids), size: named.size() },
      setup: [ops.tablesInitializer('init_tables')] };
  },
  static_tables: () => {
    const w = words();
    const sw = ops.placeholder(DType.string, [3], 'sparse_words');
    const ids = ops.placeholder(DType.int64, [null, 2], 'ids');
    const table = new lookup.StaticHashTable(new lookup.KeyValueTensorInitializer(['emerson', 'lake', 'palmer'], [7, 8, 9]), -1);
    const floats = new lookup.HashTable(new lookup.KeyValueTensorInitializer(int64([1, 2, 3]), [0.5, 1.5, 2.5]), -1.0, 'floats');
    const named = new lookup.StaticHashTable(new lookup.KeyValueTensorInitializer([10, 20], ['ten', 'twenty'],
      { keyDtype: DType.int64, valueDtype: DType.string, name: 'kv' }), 'none');
    const sparse = new SparseTensor([[0, 0], [1, 2], [2, 1]], sw, [3, 4]);
    const exported = table.export();
    const fetch = {
      found: table.lookup(w, 'find'), floats: floats.lookup(ids), named: named.lookup(ids), sparse: table.lookup(sparse),
      size: table.size(), export: exported,
    };
    return { fetch, setup: [ops.tablesInitializer()] };
  },
  vocabulary_tables: () => {
    const w = words();
    const sw = ops.placeholder(DType.string, [2], 'sparse_words');
    const n = ops.placeholder(DType.int32, [null], 'n');
    const init = new lookup.KeyValueTensorInitializer(['emerson', 'lake', 'palmer'], int64([0, 1, 2]));
    const vocab = new lookup.StaticVocabularyTable(init, 5);
    const buckets = new lookup.StaticVocabularyTable(null, 3, { name: 'only_buckets' });
    const ints = new lookup.StaticVocabularyTable(new lookup.KeyValueTensorInitializer(int64([5, 6]), int64([0, 1])), 2,
      { lookupKeyDtype: DType.int32 });
    const fetch = {
      vocab: vocab.lookup(w), buckets: buckets.lookup(w), ints: ints.lookup(n, 'int_ids'),
      sparse: vocab.lookup(new SparseTensor([[0, 1], [1, 0]], sw, [2, 2])), size: vocab.size(), buckets_size: buckets.size(),
    };
    return { fetch, setup: [ops.tablesInitializer()] };
  },
  hash_buckets: () => {
    const w = words();
    const n = ops.placeholder(DType.int32, [null], 'n');
    const only = new lookup.IdTableWithHashBuckets(null, 4);
    const table = new lookup.StaticHashTable(new lookup.KeyValueTensorInitializer(int64([5, 6]), int64([0, 1])), -1);
    const ints = new lookup.IdTableWithHashBuckets(table, 2, { keyDtype: DType.int32, name: 'ints/' });
    const noBuckets = new lookup.IdTableWithHashBuckets(table, 0);
    const fetch = {
      only: only.lookup(w), ints: ints.lookup(n), no_buckets: noBuckets.lookup(ops.cast(n, DType.int64)), size: ints.size(),
      only_size: only.size(),
    };
    return { fetch, setup: [ops.tablesInitializer()] };
  },
  from_file: () => {
    const w = words();
    const ids = ops.placeholder(DType.int64, [null], 'ids');
    const { TextFileIndex } = lookup;
    const plain = lookup.indexTableFromFile(WORDS);
    const oov = lookup.indexTableFromFile(WORDS, { numOovBuckets: 2, vocabSize: 2, name: 'two' });
    const columns = lookup.indexTableFromFile(COLUMNS, { keyColumnIndex: 0, valueColumnIndex: 1, delimiter: ' ' });
    const ints = lookup.indexTableFromFile(IDS, { numOovBuckets: 1, keyDtype: DType.int64 });
    const names = lookup.indexToStringTableFromFile(WORDS, { defaultValue: '?' });
    const letters = lookup.indexToStringTableFromFile(COLUMNS, { vocabSize: 3, keyColumnIndex: 1, valueColumnIndex: 2,
      delimiter: ' ', name: 'letters' });
    const offset = new lookup.StaticHashTable(new lookup.TextFileInitializer(WORDS, DType.string, TextFileIndex.WHOLE_LINE,
      DType.int64, TextFileIndex.LINE_NUMBER, { valueIndexOffset: 10 }), -1);
    const byId = new lookup.StaticHashTable(new lookup.TextFileStringTableInitializer(WORDS, { vocabSize: 3 }), '');
    const byWord = new lookup.StaticHashTable(new lookup.TextFileIdTableInitializer(WORDS, { name: 'ids_init' }), -1);
    const fed = new lookup.StaticHashTable(new lookup.TextFileIdTableInitializer(ops.placeholderWithDefault(WORDS, [])), -2);
    const fetch = {
      plain: plain.lookup(w), oov: oov.lookup(w), columns: columns.lookup(w), ints: ints.lookup(ids), names: names.lookup(ids),
      letters: letters.lookup(ids), offset: offset.lookup(w), by_id: byId.lookup(ids), by_word: byWord.lookup(w),
      fed: fed.lookup(w), size: columns.size(),
    };
    return { fetch, setup: [ops.tablesInitializer()] };
  },
  mutable: () => {
    const w = words();
    const table = new lookup.MutableHashTable(DType.string, DType.int64, -1);
    const vectors = new lookup.MutableHashTable(DType.int64, DType.float32, [-1.0, -2.0], { name: 'vectors', checkpoint: false });
    const insert = table.insert(['emerson', 'lake', 'palmer'], int64([1, 2, 3]));
    const remove = table.remove(ops.constant(['lake']));
    const insertVectors = vectors.insert(int64([4, 5]), [[0.5, 1.5], [2.5, 3.5]], 'put');
    const exported = table.export();
    const exportedVectors = vectors.export('all');
    const ids = int64([5, 6]);
    const fetch = {
      found: table.lookup(w), vectors: vectors.lookup(ids), dynamic: vectors.lookup(ids, undefined, [[9.0, 9.0], [8.0, 8.0]]),
      size: table.size(), export: exported, export_vectors: exportedVectors,
    };
    return { fetch, setup: [ops.tablesInitializer(), insert, remove, insertVectors] };
  },
  dense: () => {
    const n = ops.placeholder(DType.int64, [null], 'n');
    const table = new lookup.DenseHashTable(DType.int64, DType.int64, -1, 0, -1, { initialNumBuckets: 8 });
    const wordsTable = new lookup.DenseHashTable(DType.string, DType.float32, [0.0, 0.0], '', '$',
      { initialNumBuckets: 4, name: 'words', checkpoint: false });
    const insert = table.insert(int64([5, 6, 7]), int64([50, 60, 70]));
    const remove = table.remove(int64([6]), 'drop');
    const insertWords = wordsTable.insertOrAssign(['a', 'b'], [[1.0, 2.0], [3.0, 4.0]]);
    const exported = table.export();
    const fetch = { found: table.lookup(n), words: wordsTable.lookup(['b', 'c', 'a']), size: table.size(), export: exported };
    return { fetch, setup: [insert, remove, insertWords] };
  },
  in_cond: () => {
    const w = words();
    const p = ops.placeholder(DType.bool, [], 'p');
    const branch = () => new lookup.StaticHashTable(new lookup.KeyValueTensorInitializer(['emerson', 'lake'], [1, 2]), -1).lookup(w);
    const ids = ops.cond(p, branch, () => ops.zerosLike(w, DType.int32)) as Output;
    return { fetch: { ids }, setup: [ops.tablesInitializer()] };
  },
  with_saver: () => {
    new ops.Variable(1.5, { name: 'v' });
    new lookup.MutableHashTable(DType.string, DType.int64, -1, { name: 'words' });
    new lookup.DenseHashTable(DType.int64, DType.float32, 0.0, -1, -2, { initialNumBuckets: 4, name: 'counts' });
    new train.Saver();
    new train.Saver({ sharded: true });
    return { fetch: {}, setup: [] };
  },
};

describe.each(Object.keys(GRAPHS))('lookup tables: %s', (name) => {
  const graph = new Graph();
  let built: Built;
  const { feeds, shapes, ...want } = fixture.graphs[name];

  it('has the ops, attrs and collections TF1 Python makes', () => {
    built = graph.asDefault(GRAPHS[name]);
    expect(graphJson(graph)).toEqual(want);
    expect(staticShapesOf(built.fetch)).toEqual(shapes);
  });

  it('gives the values TF1 Python gives after its setup ops', async () => {
    const sess = new Session(graph);
    try {
      for (const op of built.setup) await sess.run(op);
      for (const [i, feed] of feeds.entries()) {
        const got = await sess.run(built.fetch as Record<string, Output>, feedOf(graph, feed));
        expectClose(fetchJson(got as Record<string, unknown>), fixture.values[name][i]);
      }
    } finally {
      await sess.close();
    }
  });
});

describe('lookup tables in sessions', () => {
  it('a MonitoredTrainingSession initializes tables (its default local init op runs tablesInitializer)', async () => {
    const graph = new Graph();
    await graph.asDefault(async () => {
      train.getOrCreateGlobalStep();
      const table = lookup.indexTableFromTensor(['emerson', 'lake', 'palmer'], { numOovBuckets: 1 });
      const out = table.lookup(ops.constant(WORD_KEYS));
      await train.withMonitoredSession(train.MonitoredTrainingSession(), async (sess) => {
        expect(jsonOf(await sess.run(out))).toEqual(fixture.monitored);
      });
    });
  });

  it('the Saver checkpoints mutable tables under TF1\'s keys and restores them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lookup-ckpt-'));
    const graph = new Graph();
    const { v, wordsTable, counts, fill, saver } = graph.asDefault(() => {
      const variable = new ops.Variable(1.5, { name: 'v' });
      const w = new lookup.MutableHashTable(DType.string, DType.int64, -1, { name: 'words' });
      const c = new lookup.DenseHashTable(DType.int64, DType.float32, 0.0, -1, -2, { initialNumBuckets: 4, name: 'counts' });
      return { v: variable, wordsTable: w, counts: c, saver: new train.Saver(),
        fill: [w.insert(['emerson', 'lake'], int64([1, 2])), c.insert(int64([3]), [0.25])] };
    });
    const exports = [...wordsTable.export(), ...counts.export()];
    const sess = new Session(graph);
    const restored = new Session(graph);
    try {
      await sess.run([v.initializer, ...fill]);
      const reader = train.loadCheckpoint(await saver.save(sess, path.join(dir, 'model'), { writeMetaGraph: false }) as string);
      const dtypes = reader.getVariableToDtypeMap();
      const shapes = reader.getVariableToShapeMap();
      expect(Object.fromEntries(Object.keys(shapes).sort().map((k) => [k, { shape: shapes[k], dtype: DType[dtypes[k]] }])))
        .toEqual(fixture.checkpoint.keys);
      const pairs = (name: string) => sortedPairs(reader.getTensor(`${name}-keys`), reader.getTensor(`${name}-values`));
      expect(jsonOf(reader.getTensor('v'))).toEqual(fixture.checkpoint.v);
      expect(pairs('words')).toEqual(fixture.checkpoint.words);
      expect(pairs('counts')).toEqual(fixture.checkpoint.counts);
      reader.close();
      // A new session starts with empty tables: restoring fills them.
      await saver.restore(restored, path.join(dir, 'model'));
      const [wk, wv, ck, cv] = await restored.run(exports);
      expect(sortedPairs(wk, wv)).toEqual(fixture.checkpoint.words);
      expect(sortedPairs(ck, cv)).toEqual(fixture.checkpoint.counts);
    } finally {
      await sess.close();
      await restored.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a SavedModel of a vocabulary-file table copies the file as an asset and looks up without it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lookup-sm-'));
    try {
      const vocab = path.join(dir, 'vocab.txt');
      fs.copyFileSync(WORDS, vocab);
      const graph = new Graph();
      const { input, ids, init } = graph.asDefault(() => {
        const x = ops.placeholder(DType.string, [null], 'x');
        return { input: x, ids: lookup.indexTableFromFile(vocab, { numOovBuckets: 1 }).lookup(x), init: ops.tablesInitializer() };
      });
      const assets = graph.getCollection<Output>(GraphKeys.ASSET_FILEPATHS);
      expect(assets.map((a) => a.name)).toEqual(['string_to_index/hash_table/asset_path:0']);
      const sess = new Session(graph);
      const exportDir = path.join(dir, 'export');
      try {
        await sess.run(init);
        const builder = new savedModel.Builder(exportDir);
        // As TF1's Builder, assets are the ones given (`assets_collection`), not the collection by default.
        await builder.addMetaGraphAndVariables(sess, ['serve'], {
          assetsCollection: assets, mainOp: init,
          signatureDefMap: { serving_default: savedModel.predictSignatureDef({ x: input }, { ids }) },
        });
        builder.save();
      } finally {
        await sess.close();
      }
      fs.rmSync(vocab);
      expect(fs.readFileSync(path.join(exportDir, 'assets', 'vocab.txt'), 'utf8')).toBe(fs.readFileSync(WORDS, 'utf8'));
      const loaded = await savedModel.load(['serve'], exportDir);
      try {
        const sig = loaded.signatureDefs.serving_default;
        const out = await loaded.session.run(sig.outputs.ids.encoding.value as `${string}:${number}`,
          { [sig.inputs.x.encoding.value as string]: Tensor.from(WORD_KEYS) });
        expect(jsonOf(out)).toEqual(fixture.monitored);
      } finally {
        await loaded.session.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('lookup tables: build errors', () => {
  const strTable = () => new lookup.StaticHashTable(new lookup.KeyValueTensorInitializer(['a'], [1]), -1);
  const intTable = (values = DType.int64) => new lookup.StaticHashTable(new lookup.KeyValueTensorInitializer(int64([1]),
    ops.constant([1], { dtype: values })), -1);
  const text = (o: { filename?: string; keyDtype?: DType; keyIndex?: number; valueDtype?: DType; valueIndex?: number;
    vocabSize?: number } = {}) => new lookup.TextFileInitializer(o.filename ?? 'vocab.txt', o.keyDtype ?? DType.string,
    o.keyIndex ?? -2, o.valueDtype ?? DType.int64, o.valueIndex ?? -1, { vocabSize: o.vocabSize });
  const mutable = () => new lookup.MutableHashTable(DType.string, DType.int64, -1);
  const dense = () => new lookup.DenseHashTable(DType.int64, DType.int64, -1, 0, -1);
  const int32 = (v: number[]) => ops.constant(v, { dtype: DType.int32 });
  itThrowsTF1Errors(fixture.build_errors, {
    tensor_none: () => lookup.indexTableFromTensor(null),
    tensor_negative_oov: () => lookup.indexTableFromTensor(['a'], { numOovBuckets: -1 }),
    tensor_float_dtype: () => lookup.indexTableFromTensor([1.0], { dtype: DType.float32 }),
    tensor_ints_as_strings: () => lookup.indexTableFromTensor([1, 2]),
    tensor_strings_as_ints: () => lookup.indexTableFromTensor(['a'], { dtype: DType.int64 }),
    tensor_string_kind: () => lookup.indexTableFromTensor(ops.constant([1.5]), { dtype: DType.string }),
    file_empty: () => lookup.indexTableFromFile(''),
    file_none: () => lookup.indexTableFromFile(null),
    file_negative_oov: () => lookup.indexTableFromFile('vocab.txt', { numOovBuckets: -1 }),
    file_vocab_size: () => lookup.indexTableFromFile('vocab.txt', { vocabSize: 0 }),
    file_vocab_size_tensor: () => lookup.indexTableFromFile(ops.constant('v.txt'), { vocabSize: -1 }),
    file_float_keys: () => lookup.indexTableFromFile('vocab.txt', { keyDtype: DType.float32 }),
    to_string_file_empty: () => lookup.indexToStringTableFromFile(''),
    to_string_vocab_size: () => lookup.indexToStringTableFromFile('vocab.txt', { vocabSize: 0 }),
    to_string_tensor_none: () => lookup.indexToStringTableFromTensor(null),
    text_empty_filename: () => text({ filename: '' }),
    text_key_index: () => text({ keyIndex: -3 }),
    text_key_line_number: () => text({ keyIndex: -1 }),
    text_key_whole_line: () => text({ keyDtype: DType.float32 }),
    text_value_index: () => text({ valueIndex: -4 }),
    text_value_line_number: () => text({ valueDtype: DType.int32 }),
    text_value_whole_line: () => text({ valueIndex: -2, valueDtype: DType.float64 }),
    text_vocab_size: () => text({ vocabSize: 0 }),
    default_not_scalar: () => new lookup.StaticHashTable(new lookup.KeyValueTensorInitializer(['a'], [1]), [-1, -2]),
    lookup_key_dtype: () => strTable().lookup(int32([1])),
    vocabulary_no_buckets: () => new lookup.StaticVocabularyTable(null, 0),
    vocabulary_value_dtype: () => new lookup.StaticVocabularyTable(new lookup.KeyValueTensorInitializer(['a'], [1]), 1),
    vocabulary_key_dtype: () => new lookup.StaticVocabularyTable(new lookup.KeyValueTensorInitializer([1.5], int64([1])), 1),
    vocabulary_key_kind: () => new lookup.StaticVocabularyTable(new lookup.KeyValueTensorInitializer(int64([1]), int64([1])), 1,
      { lookupKeyDtype: DType.string }),
    vocabulary_lookup_dtype: () => new lookup.StaticVocabularyTable(null, 2).lookup(int32([1])),
    buckets_no_table: () => new lookup.IdTableWithHashBuckets(null, 0),
    buckets_value_dtype: () => new lookup.IdTableWithHashBuckets(intTable(DType.int32), 1),
    buckets_key_kind: () => new lookup.IdTableWithHashBuckets(intTable(), 1, { keyDtype: DType.string }),
    buckets_float_keys: () => new lookup.IdTableWithHashBuckets(null, 1, { keyDtype: DType.float32 }),
    buckets_table_keys: () => new lookup.IdTableWithHashBuckets(new lookup.StaticHashTable(
      new lookup.KeyValueTensorInitializer(int32([1]), int64([1])), -1), 1),
    buckets_unknown_hasher: () => new lookup.IdTableWithHashBuckets(null, 2, { hasherSpec: new lookup.HasherSpec('murmur', null) })
      .lookup(ops.constant(['a'])),
    buckets_lookup_dtype: () => new lookup.IdTableWithHashBuckets(null, 2).lookup(int32([1])),
    strong_key_size: () => new lookup.StrongHashSpec([1]),
    strong_key_type: () => new lookup.StrongHashSpec([1, 2.5]),
    mutable_remove_dtype: () => mutable().remove(int32([1])),
    dense_remove_dtype: () => dense().remove(int32([1])),
  });
});
