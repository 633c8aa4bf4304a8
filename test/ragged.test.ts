/**
 * RaggedTensors against TF1 Python (scripts/graph_fixtures/ragged.py): the factories (with their
 * validating asserts), tf.ragged.constant, the row-partition accessors, toTensor, toSparse,
 * boundingShape and withFlatValues, built here with the same calls, must have the same ops (names,
 * types, inputs, attrs, Const values) in the same order and the same static shapes, and session runs
 * the same values, a fetched RaggedTensor coming back as a RaggedTensorValue. Gradients through
 * toTensor, a GradientDescent training through it and the errors of bad arguments must match too.
 */
import { DType, Graph, Output, RaggedTensor, Session, Tensor, ops } from '../lib';
import { loadGraphFixture } from './helpers/graph_record';
import { RaggedFetch, describeRaggedGraphs } from './helpers/ragged_graphs';
import {
  GradientCase, Json, expectClose, itGivesTF1Gradients, itThrowsTF1Errors, jsonOf, trainByGradientDescent,
  FixtureGraph,
} from './helpers/fixture_values';

interface Fixture {
  graphs: Record<string, FixtureGraph>;
  values: Record<string, Json[]>;
  gradients: Record<string, GradientCase>;
  training: { losses: number[]; w: number[] };
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('ragged.json');
const { ragged, strings } = ops;

const V = [3, 1, 4, 1, 5, 9, 2, 6];
const SPLITS = [0, 4, 4, 7, 8, 8];

const placeholders = () => [ops.placeholder(DType.float32, [null], 'v'), ops.placeholder(DType.int64, [null], 's')];
const int64 = (v: number[]) => ops.constant(v, { dtype: DType.int64 });

const GRAPHS: Record<string, () => Record<string, RaggedFetch>> = {
  from_splits: () => {
    const [v, s] = placeholders();
    const rt = RaggedTensor.fromRowSplits(v, s);
    return {
      rt, values: rt.values as Output, row_splits: rt.rowSplits, lengths: rt.rowLengths(), nrows: rt.nrows(),
      nrows32: rt.nrows({ outType: DType.int32 }), dense: rt.toTensor(),
      padded: rt.toTensor({ defaultValue: -1.0, shape: [4, 3] }),
    };
  },
  from_consts: () => ({
    splits: RaggedTensor.fromRowSplits([1.0, 2.0, 3.0], [0, 2, 3]),
    lengths: RaggedTensor.fromRowLengths([1.0, 2.0, 3.0], [2, 0, 1]),
    starts: RaggedTensor.fromRowStarts([1.0, 2.0, 3.0], [0, 1]),
    limits: RaggedTensor.fromRowLimits([1.0, 2.0, 3.0], [1, 3], { name: 'lim' }),
    splits32: RaggedTensor.fromRowSplits([[1.0, 2.0], [3.0, 4.0]], ops.constant([0, 1, 2], { dtype: DType.int32 })),
    unchecked: RaggedTensor.fromRowSplits([1.0, 2.0, 3.0], [0, 1, 3], { validate: false }),
  }),
  from_lengths: () => {
    const v = ops.placeholder(DType.float32, [null], 'v');
    const rt = RaggedTensor.fromRowLengths(v, ops.placeholder(DType.int64, [null], 'l'));
    const starts = RaggedTensor.fromRowStarts(v, ops.placeholder(DType.int64, [null], 'st'));
    const limits = RaggedTensor.fromRowLimits(v, ops.placeholder(DType.int64, [null], 'li'));
    return { rt, lengths: rt.rowLengths(), dense: rt.toTensor(), starts, limits };
  },
  nested: () => {
    const [v, s] = placeholders();
    const s2 = ops.placeholder(DType.int64, [null], 's2');
    const rt = RaggedTensor.fromNestedRowSplits(v, [s2, s]);
    return {
      rt, flat: rt.flatValues, inner: rt.values as RaggedTensor, dense: rt.toTensor(), bbox: rt.boundingShape(),
      bbox32: rt.boundingShape({ outType: DType.int32 }), sparse: rt.toSparse(),
      doubled: rt.withFlatValues(ops.mul(rt.flatValues, 2.0, 'mul')), rowids: rt.valueRowids(),
      segment_ids: ragged.rowSplitsToSegmentIds(s),
    };
  },
  constants: () => {
    const out: Record<string, RaggedFetch> = {
      floats: ragged.constant([[1.0, 2.0], [3.0]]),
      ints: ragged.constant([[1, 2], [], [3, 4, 5]], { dtype: DType.int32 }),
      deep: ragged.constant([[[1.0, 2.0]], [[3.0]], []], { name: 'deep' }),
      strings: ragged.constant([['a', 'bc'], ['d']]),
      splits32: ragged.constant([[1.0], [2.0, 3.0]], { rowSplitsDtype: DType.int32 }),
      flat: ragged.constant([1.0, 2.0]),
    };
    return { ...out, dense: (out.deep as RaggedTensor).toTensor() };
  },
  from_rowids: () => {
    const v = ops.placeholder(DType.float32, [null], 'v');
    const ids = ops.placeholder(DType.int64, [null], 'ids');
    const rt = RaggedTensor.fromValueRowids(v, ids);
    return {
      rt, with_nrows: RaggedTensor.fromValueRowids(v, ids, { nrows: 6 }),
      consts: RaggedTensor.fromValueRowids([1.0, 2.0, 3.0], [0, 0, 2]),
      rowids: rt.valueRowids(), nrows: rt.nrows(), lengths: rt.rowLengths(), dense: rt.toTensor(),
    };
  },
  strings: () => {
    const s = ops.placeholder(DType.string, [null], 's');
    const nestedTexts = ragged.constant([['a b', 'c'], [], ['d e f']]) as RaggedTensor;
    return {
      split: strings.split(s, { resultType: 'RaggedTensor' }),
      split_sep: strings.split(s, { sep: 'l', maxsplit: 1, resultType: 'RaggedTensor' }),
      split_scalar: strings.split('x y', { resultType: 'RaggedTensor' }),
      string_split: ops.stringSplit(s, { resultType: 'RaggedTensor' }),
      split_ragged: strings.split(nestedTexts, { resultType: 'RaggedTensor' }),
      split_ragged_sparse: strings.split(nestedTexts, { name: 'sparse' }),
      decode: strings.unicodeDecode(s, 'UTF-8'),
      decode_scalar: strings.unicodeDecode(ops.placeholder(DType.string, [], 's0'), 'UTF-8'),
      decode_offsets: strings.unicodeDecodeWithOffsets(s, 'UTF-8', { errors: 'ignore' }),
      decode_ragged: strings.unicodeDecode(nestedTexts, 'UTF-8', { replacementChar: 63, name: 'dr' }),
      bytes: strings.bytesSplit(s),
      bytes_ragged: strings.bytesSplit(nestedTexts),
      encode: strings.unicodeEncode(strings.unicodeDecode(s, 'UTF-8'), 'UTF-16-BE'),
      encode_vector: strings.unicodeEncode(ops.constant([104, 233, 128578], { dtype: DType.int32 }), 'UTF-8'),
      encode_nested: strings.unicodeEncode(ragged.constant([[[65, 66], []], [[67]]], { dtype: DType.int32 }),
        'UTF-8', { errors: 'ignore', name: 'enc' }),
    };
  },
  math: () => {
    const n = ops.placeholder(DType.int64, [null], 'n');
    const v = ops.placeholder(DType.float32, [null], 'v');
    const rt = RaggedTensor.fromRowSplits(v, Tensor.from(SPLITS, { dtype: DType.int64 }), { validate: false });
    return {
      range_n: ragged.range(n),
      range: ragged.range([0, 1, 2], [3, 3, 5], 2),
      range_float: ragged.range([0.0, 1.5], [1.25, 3.0], 0.5, { rowSplitsDtype: DType.int32, name: 'rf' }),
      segment_splits: ragged.segmentIdsToRowSplits(ops.placeholder(DType.int64, [null], 'ids')),
      segment_splits_n: ragged.segmentIdsToRowSplits([0, 0, 2], { numSegments: 4 }),
      mapped: ragged.mapFlatValues((x: Output) => ops.square(x), rt),
      mapped2: ragged.mapFlatValues((x: Output, y: Output) => ops.add(x, y), rt,
        rt.withFlatValues(ops.mul(rt.flatValues, 2.0, 'mul'))),
    };
  },
};

describeRaggedGraphs(GRAPHS, fixture);

describe('RaggedTensorValue', () => {
  it('nests the fetched splits over the flat values', async () => {
    const graph = new Graph();
    const rt = graph.asDefault(() => RaggedTensor.fromNestedRowSplits([1, 2, 3], [[0, 2, 3], [0, 1, 1, 3]]));
    const sess = new Session(graph);
    try {
      const value = await sess.run(rt);
      expect(value.raggedRank).toBe(2);
      expect(value.dtype).toBe(DType.float32);
      expect(value.nestedRowSplits.map((s) => jsonOf(s))).toEqual([[0, 2, 3], [0, 1, 1, 3]]);
      expect(value.toArray()).toEqual([[[1], []], [[2, 3]]]);
    } finally {
      await sess.close();
    }
  });

  it('fails at run time on splits that do not form a RaggedTensor (the validate asserts)', async () => {
    const graph = new Graph();
    const [rt, s] = graph.asDefault(() => {
      const splits = ops.placeholder(DType.int64, [null], 's');
      return [RaggedTensor.fromRowSplits([1.0, 2.0, 3.0], splits), splits] as const;
    });
    const sess = new Session(graph);
    try {
      await expect(sess.run(rt, new Map([[s, Tensor.from([0, 3, 2], { dtype: DType.int64 })]])))
        .rejects.toThrow(/Arguments to from_row_splits do not form a valid RaggedTensor:monotonic/);
      await expect(sess.run(rt, new Map([[s, Tensor.from([0, 1, 2], { dtype: DType.int64 })]])))
        .rejects.toThrow(/Arguments to _from_row_partition do not form a valid RaggedTensor/);
    } finally {
      await sess.close();
    }
  });
});

describe('gradients', () => {
  const placeholdersV = () => placeholders();
  itGivesTF1Gradients(fixture.gradients, {
    to_tensor: () => {
      const [v, s] = placeholdersV();
      const w = ops.reshape(ops.range(1.0, 21.0, 1, DType.float32), [5, 4]);
      const loss = ops.reduceSum(ops.mul(RaggedTensor.fromRowSplits(v, s).toTensor(), w, 'mul'));
      return [loss, [v]];
    },
    nested_to_tensor: () => {
      const [v, s] = placeholdersV();
      const s2 = ops.placeholder(DType.int64, [null], 's2');
      const rt = RaggedTensor.fromNestedRowSplits(ops.mul(v, v, 'mul'), [s2, s]);
      return [ops.reduceSum(ops.mul(rt.toTensor({ shape: [2, 3, 2] }), 3.0, 'mul')), [v]];
    },
  });

  it('trains a weight per value through toTensor by GradientDescent as TF1 does', async () => {
    let w: ops.Variable | undefined;
    const { losses } = await trainByGradientDescent(() => {
      w = new ops.Variable(ops.ones([8]), { name: 'w' });
      const rt = RaggedTensor.fromRowSplits(ops.mul(w, Tensor.from(V), 'mul'), int64(SPLITS));
      const target = ops.constant(Tensor.from(Array.from({ length: 20 }, (_, i) => i / 4), { shape: [5, 4] }));
      const loss = ops.reduceMean(ops.square(ops.sub(rt.toTensor(), target, 'sub')));
      return { loss, fetch: w };
    }, 0.01, 5);
    expectClose(losses, fixture.training.losses);
    expect(w).toBeDefined();
  });
});

describe('build errors', () => {
  itThrowsTF1Errors(fixture.build_errors, {
    validate_not_bool: () => RaggedTensor.fromRowSplits([1.0], [0, 1], { validate: 'yes' as unknown as boolean }),
    splits_empty: () => RaggedTensor.fromRowSplits([1.0], []),
    splits_float: () => RaggedTensor.fromRowSplits([1.0], ops.constant([0.0, 1.0])),
    splits_rank2: () => RaggedTensor.fromRowSplits([1.0], [[0, 1]]),
    lengths_float: () => RaggedTensor.fromRowLengths([1.0], ops.constant([1.0])),
    nested_tensor: () => RaggedTensor.fromNestedRowSplits([1.0],
      ops.constant([[0, 1]], { dtype: DType.int64 }) as unknown as Output[]),
    splits_dtype_mismatch: () => RaggedTensor.fromRowSplits(
      RaggedTensor.fromRowSplits([1.0], ops.constant([0, 1], { dtype: DType.int32 })), int64([0, 1])),
    constant_depth: () => ragged.constant([[1, 2], 3]),
    constant_empty_nesting: () => ragged.constant([[1], [[]]]),
    segment_ids_float: () => ragged.rowSplitsToSegmentIds(ops.constant([0.0, 1.0])),
    segment_ids_empty: () => ragged.rowSplitsToSegmentIds(ops.zeros([0], DType.int64)),
    rowids_nrows_negative: () => RaggedTensor.fromValueRowids([1.0], [0], { nrows: -1 }),
    rowids_nrows_small: () => RaggedTensor.fromValueRowids([1.0, 2.0], [0, 3], { nrows: 2 }),
    decode_unknown_rank: () => strings.unicodeDecode(ops.placeholder(DType.string), 'UTF-8'),
    bytes_unknown_rank: () => strings.bytesSplit(ops.placeholder(DType.string)),
    split_result_type: () => strings.split(['a'], { resultType: 'Ragged' as 'RaggedTensor' }),
    encode_scalar: () => strings.unicodeEncode(ops.constant(65, { dtype: DType.int32 }), 'UTF-8'),
    segment_splits_float: () => ragged.segmentIdsToRowSplits([0.5, 1.0]),
    map_ragged_rank: () => ragged.mapFlatValues((x: Output, y: Output) => ops.add(x, y),
      ragged.constant([[1.0]]) as RaggedTensor, ragged.constant([[[1.0]]]) as RaggedTensor),
  });
});
