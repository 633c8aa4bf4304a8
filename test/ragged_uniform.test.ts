/**
 * Uniform row lengths of RaggedTensors against TF1 Python (scripts/graph_fixtures/ragged_uniform.py):
 * fromUniformRowLength (with its validating asserts), uniformRowLength, fromTensor (whole rows,
 * lengths, padding, raggedRank > 1, nested lengths), fromSparse, fromNestedRowLengths, toTensor /
 * toSparse of uniform partitions, strings.ngrams, unicodeSplit(WithOffsets), the raw
 * raggedFillEmptyRows(Grad) and io.RaggedFeature in parseExample / parseSingleExample, built here
 * with the same calls, must have the same ops in the same order,
 * the same static shapes and the same values; gradients, a training and build errors too.
 */
import { DType, Graph, NotImplementedError, RaggedTensor, Session, SparseTensor, Tensor, ops } from '../lib';
import { loadGraphFixture } from './helpers/graph_record';
import { RaggedFetch, describeRaggedGraphs } from './helpers/ragged_graphs';
import {
  FixtureGraph, GradientCase, Json, expectClose, itGivesTF1Gradients, itThrowsTF1Errors, jsonOf,
  trainByGradientDescent,
} from './helpers/fixture_values';

interface Fixture {
  graphs: Record<string, FixtureGraph>;
  values: Record<string, Json[]>;
  gradients: Record<string, GradientCase>;
  training: { losses: number[]; w: number[][] };
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('ragged_uniform.json');
const { ragged, strings } = ops;

const V = Array.from({ length: 12 }, (_, i) => i + 1);
const DENSE = [[1, 2, 0, 0], [3, 0, 0, 0], [4, 5, 6, 0]];
const T3 = Tensor.from(Array.from({ length: 24 }, (_, i) => i), { shape: [2, 3, 4] });

const { RaggedFeature } = ops.io;

const GRAPHS: Record<string, () => Record<string, RaggedFetch>> = {
  uniform: () => {
    const v = ops.placeholder(DType.float32, [null], 'v');
    const n = ops.placeholder(DType.int64, [], 'n');
    const rt = RaggedTensor.fromUniformRowLength(v, 3);
    return {
      rt, url: rt.uniformRowLength!, nrows: rt.nrows(), lengths: rt.rowLengths(), dense: rt.toTensor(), sparse: rt.toSparse(),
      tensor_len: RaggedTensor.fromUniformRowLength(v, n),
      with_nrows: RaggedTensor.fromUniformRowLength(ops.constant(Tensor.from(V)), 2, { nrows: 6, name: 'wn' }),
      unchecked: RaggedTensor.fromUniformRowLength(v, n, { validate: false }),
      zero: RaggedTensor.fromUniformRowLength(ops.zeros([0]), 0, { nrows: 4 }),
    };
  },
  uniform_nrows: () => ({
    rt: RaggedTensor.fromUniformRowLength(ops.placeholder(DType.float32, [null], 'v'), 2, { nrows: 3 }),
  }),
  uniform_consts: () => {
    const inner = ragged.constant([[1.0, 2.0, 3.0], [4.0], [5.0, 6.0], [7.0, 8.0, 9.0, 10.0]]) as RaggedTensor;
    const rt = RaggedTensor.fromUniformRowLength(inner, 2);
    return {
      rt, flat: rt.flatValues, dense: rt.toTensor(), sparse: rt.toSparse(), bbox: rt.boundingShape(),
      consts: RaggedTensor.fromUniformRowLength([1.0, 2.0, 3.0, 4.0], 2),
      int32: RaggedTensor.fromUniformRowLength([[1.0], [2.0]], ops.constant(1, { dtype: DType.int32 })),
      outer_splits: RaggedTensor.fromRowSplits(rt, [0, 1, 2]),
      nested_lengths: RaggedTensor.fromNestedRowLengths([1.0, 2.0, 3.0], [[2, 1], [1, 0, 2]]),
    };
  },
  from_tensor: () => {
    const t = ops.placeholder(DType.float32, [null, null], 't');
    const lengths = ops.placeholder(DType.int64, [null], 'l');
    const dense = Tensor.from(DENSE);
    const out = {
      whole: RaggedTensor.fromTensor(t),
      lengths: RaggedTensor.fromTensor(t, { lengths }),
      const_lengths: RaggedTensor.fromTensor(dense, { lengths: [2, 0, 3], name: 'cl' }),
      padding: RaggedTensor.fromTensor(t, { padding: 0.0 }),
      static: RaggedTensor.fromTensor(dense, { rowSplitsDtype: DType.int32 }),
    };
    return { ...out, roundtrip: out.padding.toTensor() };
  },
  from_tensor_deep: () => {
    const p = ops.placeholder(DType.float32, [null, null, 2], 'p');
    return {
      rank2: RaggedTensor.fromTensor(T3, { raggedRank: 2 }),
      rank2_lengths: RaggedTensor.fromTensor(T3, { lengths: [1, 2, 3, 4, 0, 1], raggedRank: 2 }),
      vector_padding: RaggedTensor.fromTensor(p, { padding: [0.0, 0.0] }),
      unknown_rank2: RaggedTensor.fromTensor(p, { raggedRank: 2 }),
      nested: RaggedTensor.fromTensor(T3, { lengths: [[2, 1], [1, 3, 0]] }),
    };
  },
  from_sparse: () => {
    const st = new SparseTensor([[0, 0], [0, 1], [2, 0], [3, 0], [3, 1], [3, 2]], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [5, 3]);
    const sp = ops.sparsePlaceholder(DType.float32, [null, null], 'sp');
    return {
      rt: RaggedTensor.fromSparse(st), placeholder: RaggedTensor.fromSparse(sp, { rowSplitsDtype: DType.int32 }),
      roundtrip: RaggedTensor.fromSparse(st).toSparse(),
    };
  },
  ngrams: () => {
    const texts = ragged.constant([['a', 'b', 'c', 'd'], [], ['e', 'f'], ['g']]) as RaggedTensor;
    const dense = ops.constant([['a', 'b', 'c'], ['d', 'e', 'f']]);
    return {
      bigrams: strings.ngrams(texts, 2),
      widths: strings.ngrams(texts, [1, 3], { separator: '_', name: 'w' }),
      padded: strings.ngrams(texts, 3, { padValues: ['<s>', '</s>'], paddingWidth: 1 }),
      pad_all: strings.ngrams(texts, 3, { padValues: '#' }),
      short: strings.ngrams(texts, 3, { preserveShortSequences: true }),
      vector: strings.ngrams(ops.constant(['x', 'y', 'z']), 2),
      dense: strings.ngrams(dense, 2),
      nested: strings.ngrams(ragged.constant([[['a', 'b'], ['c']], [['d', 'e', 'f']]]) as RaggedTensor, 2),
    };
  },
  unicode_split: () => {
    const s = ops.constant(['h\u00e9llo', '', 'tf\u{1f642}', 'ab']);
    const [chars, offsets] = strings.unicodeSplitWithOffsets(s, 'UTF-8');
    return {
      split: strings.unicodeSplit(s, 'UTF-8'), chars, offsets,
      ragged: strings.unicodeSplit(ragged.constant([['ab', 'c'], []]) as RaggedTensor, 'UTF-8', { name: 'r' }),
      scalar: strings.unicodeSplit('h\u00e9', 'UTF-8'),
      matrix: strings.unicodeSplit(ops.reshape(s, [2, 2]), 'UTF-8'),
      split_matrix: strings.split(ops.reshape(s, [2, 2]), { resultType: 'RaggedTensor' }),
      decode_matrix: strings.unicodeDecode(ops.reshape(s, [2, 2]), 'UTF-8'),
      encode_matrix: strings.unicodeEncode(ops.constant([[65, 66], [67, 68]], { dtype: DType.int32 }), 'UTF-8'),
      bytes_scalar: strings.bytesSplit('ab'),
      bytes_matrix: strings.bytesSplit(ops.reshape(s, [2, 2])),
      encode_cube: strings.unicodeEncode(ops.constant([[[65], [66]], [[67], [68]]], { dtype: DType.int32 }), 'UTF-8'),
    };
  },
  fill_empty_rows: () => {
    const int64 = (v: number | number[]) => ops.constant(v, { dtype: DType.int64 });
    const r = ops.raggedFillEmptyRows(int64([0, 0, 2]), [1.0, 2.0, 3.0], int64(4), -1.0);
    const g = ops.raggedFillEmptyRowsGrad(r.reverseIndexMap, [10.0, 20.0, 30.0, 40.0, 50.0]);
    return {
      rows: [r.outputValueRowids, r.outputValues, r.emptyRowIndicator, r.reverseIndexMap],
      grad: [g.dValues, g.dDefaultValue],
    };
  },
  parse_ragged: () => {
    const s = ops.placeholder(DType.string, [null], 's');
    const one = ops.placeholder(DType.string, [], 'one');
    const rf = (dtype: DType, valueKey: string | undefined, ...partitions: ops.io.RaggedPartition[]) =>
      new RaggedFeature(dtype, { valueKey, partitions });
    const batch = {
      r: rf(DType.float32, undefined),
      lens: rf(DType.int64, 'v', new RaggedFeature.RowLengths('l')),
      uni: rf(DType.int64, 'v', new RaggedFeature.UniformRowLength(2)),
      both: new RaggedFeature(DType.int64, {
        valueKey: 'v', partitions: [new RaggedFeature.RowLengths('l'), new RaggedFeature.UniformRowLength(1)], validate: true,
      }),
      x: new ops.io.FixedLenFeature([], DType.int64, 0),
      splits: new RaggedFeature(DType.int64, { valueKey: 'v', partitions: [new RaggedFeature.RowSplits('sp')], validate: true }),
      starts: rf(DType.int64, 'v', new RaggedFeature.RowStarts('st')),
      limits: rf(DType.int64, 'v', new RaggedFeature.RowLimits('li')),
    };
    const single = {
      r: rf(DType.float32, undefined),
      splits: new RaggedFeature(DType.int64, { valueKey: 'v', partitions: [new RaggedFeature.RowSplits('sp')], validate: true }),
      rowids: rf(DType.int64, 'v', new RaggedFeature.ValueRowIds('ids')),
      starts: rf(DType.int64, 'v', new RaggedFeature.RowStarts('st')),
      limits: rf(DType.int64, 'v', new RaggedFeature.RowLimits('li')),
      nested: rf(DType.int64, 'v', new RaggedFeature.UniformRowLength(1), new RaggedFeature.RowLengths('l')),
      uni: rf(DType.int64, 'v', new RaggedFeature.UniformRowLength(2)),
    };
    return { batch: ops.io.parseExample(s, batch), single: ops.io.parseSingleExample(one, single) };
  },
};

describeRaggedGraphs(GRAPHS, fixture);

describe('uniform row lengths at run time', () => {
  it('fails a run whose values do not divide into the rows (the validate asserts)', async () => {
    const graph = new Graph();
    const [rt, v] = graph.asDefault(() => {
      const values = ops.placeholder(DType.float32, [null], 'v');
      return [RaggedTensor.fromUniformRowLength(values, 2, { nrows: 3 }), values] as const;
    });
    const sess = new Session(graph);
    try {
      await expect(sess.run(rt, new Map([[v, Tensor.from([1, 2, 3, 4])]])))
        .rejects.toThrow(/Condition x == y did not hold/);
      expect((await sess.run(rt, new Map([[v, Tensor.from([1, 2, 3, 4, 5, 6])]]))).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    } finally {
      await sess.close();
    }
  });

  it('fails a run on a SparseTensor that is not right-ragged', async () => {
    const graph = new Graph();
    const rt = graph.asDefault(() => RaggedTensor.fromSparse(new SparseTensor([[0, 1]], [1.0], [2, 2])));
    const sess = new Session(graph);
    try {
      await expect(sess.run(rt)).rejects.toThrow(/SparseTensor is not right-ragged/);
    } finally {
      await sess.close();
    }
  });
});

describe('RaggedFeature ValueRowIds partitions of a batch, which TF adjusts by a ragged reduce_max', () => {
  it('are a NotImplementedError, not a wrong graph', () => {
    new Graph().asDefault(() => {
      const feature = new RaggedFeature(DType.int64, { valueKey: 'v', partitions: [new RaggedFeature.ValueRowIds('i')] });
      expect(() => ops.io.parseExample(['x'], { f: feature })).toThrow(NotImplementedError);
      expect(() => ops.io.parseExample(['x'], { f: feature })).toThrow(/^ValueRowIds partitions of a batch of Examples/);
      expect(String(feature)).toBe("RaggedFeature(dtype=tf.int64, value_key='v', partitions=(ValueRowIds(key='i'),), " +
        'row_splits_dtype=tf.int32, validate=False)');
    });
  });
});

describe('gradients', () => {
  itGivesTF1Gradients(fixture.gradients, {
    tensor_roundtrip: () => {
      const t = ops.placeholder(DType.float32, [3, 4], 't');
      const w = ops.reshape(ops.range(1.0, 13.0, 1, DType.float32), [3, 4]);
      const rt = RaggedTensor.fromTensor(ops.mul(t, t, 'mul'), { lengths: [2, 0, 3] });
      return [ops.reduceSum(ops.mul(rt.toTensor({ shape: [3, 4] }), w, 'mul')), [t]];
    },
    uniform_to_tensor: () => {
      const v = ops.placeholder(DType.float32, [null], 'v');
      const rt = RaggedTensor.fromUniformRowLength(v, 3);
      return [ops.reduceSum(ops.mul(rt.toTensor(), ops.constant([1.0, 2.0, 3.0]), 'mul')), [v]];
    },
  });

  it('trains a dense weight matrix cut to row lengths by GradientDescent as TF1 does', async () => {
    const { losses, fetched } = await trainByGradientDescent(() => {
      const w = new ops.Variable(ops.ones([3, 4]), { name: 'w' });
      const rt = RaggedTensor.fromTensor(ops.mul(w, Tensor.from(DENSE), 'mul'), { lengths: [2, 1, 3] });
      const loss = ops.reduceMean(ops.square(ops.sub(rt.toTensor(), 1.0, 'sub')));
      return { loss, fetch: w };
    }, 0.1, 5);
    expectClose(losses, fixture.training.losses);
    expectClose(jsonOf(fetched), fixture.training.w);
  });
});

describe('build errors', () => {
  const zeros3 = () => ops.zeros([2, 2, 2]);
  itThrowsTF1Errors(fixture.build_errors, {
    url_negative: () => RaggedTensor.fromUniformRowLength([1.0, 2.0], -1, { nrows: 2 }),
    url_mismatch: () => RaggedTensor.fromUniformRowLength([1.0, 2.0, 3.0], 2, { nrows: 2 }),
    url_rank1: () => RaggedTensor.fromUniformRowLength([1.0, 2.0], [2]),
    url_float: () => RaggedTensor.fromUniformRowLength([1.0, 2.0], ops.constant(2.0)),
    url_validate: () => RaggedTensor.fromUniformRowLength([1.0], 1, { validate: 1 as unknown as boolean }),
    tensor_rank1: () => RaggedTensor.fromTensor([1.0, 2.0]),
    tensor_both: () => RaggedTensor.fromTensor([[1.0]], { lengths: [1], padding: 0.0 }),
    tensor_ragged_rank0: () => RaggedTensor.fromTensor([[1.0]], { raggedRank: 0 }),
    tensor_ragged_rank_high: () => RaggedTensor.fromTensor([[1.0]], { raggedRank: 2 }),
    tensor_lengths_float: () => RaggedTensor.fromTensor([[1.0]], { lengths: ops.constant([1.0]) }),
    tensor_nested_rank: () => RaggedTensor.fromTensor(zeros3(), { lengths: [[1, 1], [1, 1]], raggedRank: 3 }),
    tensor_padding_shape: () => RaggedTensor.fromTensor(zeros3(), { padding: [0.0, 0.0, 0.0] }),
    sparse_not_sparse: () => RaggedTensor.fromSparse(ops.constant([1.0]) as unknown as SparseTensor),
    sparse_rank3: () => RaggedTensor.fromSparse(new SparseTensor([[0, 0, 0]], [1.0], [1, 1, 1])),
    ngrams_width0: () => strings.ngrams(ops.constant([['a']]), 0),
    ngrams_pad_type: () => strings.ngrams(ops.constant(['a']), 2, { padValues: 1 as unknown as string }),
    ngrams_pad_width: () => strings.ngrams(ops.constant(['a']), 2, { padValues: 'x', paddingWidth: 0 }),
    ngrams_width_no_pad: () => strings.ngrams(ops.constant(['a']), 2, { paddingWidth: 1 }),
    ngrams_scalar: () => strings.ngrams(ops.constant('a'), 2),
    ngrams_unknown_rank: () => strings.ngrams(ops.placeholder(DType.string), 2),
    feature_dtype: () => new RaggedFeature(DType.int32),
    feature_dtype_none: () => new RaggedFeature(null as never),
    feature_dtype_name: () => new RaggedFeature('int32'),
    feature_splits_dtype: () => new RaggedFeature(DType.int64, { rowSplitsDtype: DType.float32 }),
    feature_value_key: () => new RaggedFeature(DType.int64, { valueKey: '' }),
    feature_validate: () => new RaggedFeature(DType.int64, { validate: 1 as unknown as boolean }),
    feature_partition: () => new RaggedFeature(DType.int64, { partitions: ['x' as unknown as ops.io.RaggedPartition] }),
    parse_conflict: () => ops.io.parseExample(['a'], {
      a: new RaggedFeature(DType.int64, { valueKey: 'v' }), b: new RaggedFeature(DType.float32, { valueKey: 'v' }),
    }),
    parse_conflict_splits: () => ops.io.parseExample(['a'], {
      a: new RaggedFeature(DType.int64, { valueKey: 'v' }),
      b: new RaggedFeature(DType.int64, { valueKey: 'v', rowSplitsDtype: DType.int64 }),
    }),
    parse_dense_ragged: () => ops.io.parseExample(['a'], {
      a: new RaggedFeature(DType.int64), b: new RaggedFeature(DType.int64, { partitions: [new RaggedFeature.RowLengths('c')] }),
      c: new ops.io.FixedLenFeature([], DType.int64),
    }),
    parse_ragged_sparse: () => ops.io.parseExample(['a'], {
      a: new RaggedFeature(DType.int64, { valueKey: 'b' }), b: new ops.io.VarLenFeature(DType.int64),
    }),
    parse_unknown_rank: () => ops.io.parseExample(ops.placeholder(DType.string), { a: new RaggedFeature(DType.int64) }),
  });
});
