/**
 * SparseTensors against TF1 Python: the graphs of scripts/graph_fixtures/sparse_ops.py, built here
 * with the same calls, must have the same ops (names, types, inputs, attrs, Const values) in the
 * same order and the same static dense shapes, and a session run of them the same values, a
 * fetched SparseTensor coming back as a SparseTensorValue and a fed one split over its three
 * tensors. Gradients through the sparse ops (values, and the ops the sparse gradient functions
 * add), a model on sparse features trained with Adagrad and the errors of bad arguments must match
 * Python's too.
 */
import * as path from 'path';
import {
  DType, Graph, IndexedSlices, Output, Session, SparseTensor, SparseTensorValue, Tensor, getDefaultGraph, ops, train,
} from '../lib';
import { tfRecordIterator } from '../lib/io';
import { sliceOf } from '../lib/ops/array_ops';
import { fixturePath } from './helpers/core';
import { RecordedAll, loadGraphFixture, recordAll } from './helpers/graph_record';

interface Fixture {
  graphs: Record<string, RecordedAll & { shapes: Record<string, unknown> }>;
  values: Record<string, Record<string, unknown>>;
  gradients: Record<string, unknown>;
  training: { losses: number[]; final: Record<string, number[][]> };
  batching: Record<string, { graph: RecordedAll; runs: unknown[] }>;
  /** Serialized Examples with the index and value features of SparseFeatures (latin-1). */
  sparse_examples: string[];
  /** The ops of the sparse gradient functions: name, type, inputs. */
  gradient_graph: Array<[string, string, string[]]>;
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('sparse_ops.json');
/** The serialized Examples io_ops.py wrote (its `example(i)`). */
const EXAMPLES = [...tfRecordIterator(path.join(fixturePath('io_ops'), 'examples.tfrecord'))].map((b) => new Uint8Array(b));
const SPARSE_EXAMPLES = fixture.sparse_examples.map((e) => new Uint8Array(Buffer.from(e, 'latin1')));

/** A value as the fixture has it: strings as latin-1 text, int64 as numbers, SparseTensorValues by their parts. */
function jsonOf(v: unknown): unknown {
  if (v instanceof SparseTensorValue) {
    return { indices: jsonOf(v.indices), values: jsonOf(v.values), dense_shape: jsonOf(v.denseShape) };
  }
  if (v instanceof Tensor) return jsonOf(v.toArray());
  if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(jsonOf);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonOf(x)]));
  return v;
}

/** The class and message of what `fn` throws (undefined if nothing), as the fixture's `errors_of` has them. */
function thrownBy(fn: () => unknown): { class: string; message: string } | undefined {
  try {
    fn();
  } catch (e) {
    return { class: (e as Error).constructor.name, message: (e as Error).message };
  }
  return undefined;
}

type Fetch = Output | SparseTensor | SparseTensor[] | Record<string, Output | SparseTensor>;
interface Built { fetch: Record<string, Fetch>; feed?: Map<Output | SparseTensor, unknown>; shapes?: Record<string, unknown> }

const st = () => new SparseTensor([[0, 0], [1, 2]], [1, 2], [3, 4]);
const st2 = () => new SparseTensor([[0, 1], [1, 2], [2, 0]], [3, 4, 5], [3, 4]);
const int64 = (v: number[]) => ops.constant(v, { dtype: DType.int64 });
const ids = () => new SparseTensor([[0, 0], [0, 1], [1, 0], [3, 0]], int64([1, 3, 4, 1]), [4, 2]);
const sp3 = () => new SparseTensor([[0, 0, 1], [0, 2, 0], [1, 1, 3]], [1, 2, 3], [2, 3, 4]);
const words = () => new SparseTensor([[0, 0], [1, 0], [1, 1]], ['a', 'b', 'c'], [3, 2]);
const int32 = (v: number | number[]) => ops.constant(v, { dtype: DType.int32 });
const weights = () => new SparseTensor([[0, 0], [0, 1], [1, 0], [3, 0]], [0.5, 2, 1, -1], [4, 2]);
/** `np.arange(n).reshape(-1, 3)` as float32, times `sign`. */
const range15 = (n: number, sign = 1) => Tensor.from(Array.from({ length: n / 3 }, (_, r) => [0, 1, 2].map((c) => sign * (r * 3 + c))),
  { dtype: DType.float32 });

const GRAPHS: Record<string, () => Built> = {
  placeholders: () => {
    const a = ops.sparsePlaceholder(DType.float32, [3, 4], 'sp');
    const b = ops.sparsePlaceholder(DType.int64);
    const c = ops.sparse.placeholder(DType.string, [null, 2]);
    const d = ops.sparsePlaceholder(DType.float32, [2, -1], 'd');
    const partial = ops.sparseAdd(ops.sparsePlaceholder(DType.float32, [3, null]), a);
    return {
      fetch: { dense: ops.sparseTensorToDense(a), sum: ops.sparseReduceSum(a, { axis: 1 }), a, b, c },
      feed: new Map<SparseTensor, unknown>([[a, new SparseTensorValue([[0, 1], [2, 3]], Float32Array.of(5, 7), [3, 4])],
        [b, new SparseTensorValue([[1], [4]], BigInt64Array.of(10n, -3n), [6])], [c, [[[0, 1]], ['x'], [1, 2]]]]),
      shapes: { d: d.shape, partial: [partial.shape, partial.denseShape.op.type] },
    };
  },
  constants: () => {
    const a = st();
    const b = st2();
    const dense = ops.constant([[0, 1.5], [0, 0], [-2, 0]]);
    const [fill, empty] = ops.sparseFillEmptyRows(a, -1);
    return {
      fetch: {
        a, from_dense: ops.sparse.fromDense(dense),
        to_dense: ops.sparseTensorToDense(a), to_dense_default: ops.sparse.toDense(a, { defaultValue: -1 }),
        sparse_to_dense: ops.sparseToDense([[0], [2]], [4], Int32Array.of(9, 8), { defaultValue: 1 }),
        add: ops.sparseAdd(a, b), add_dense: ops.sparseAdd(a, ops.ones([3, 4])),
        matmul: ops.sparseTensorDenseMatmul(a, ops.ones([4, 2])),
        matmul_dense_sparse: ops.sparseTensorDenseMatmul(ops.ones([2, 3]), a),
        matmul_adjoint: ops.sparseTensorDenseMatmul(a, ops.ones([3, 2]), { adjointA: true }),
        reduce_all: ops.sparseReduceSum(a), reduce_keep: ops.sparseReduceSum(a, { axis: 0, keepDims: true }),
        reduce_sparse: ops.sparseReduceSumSparse(a, { axis: 1 }),
        retain: ops.sparseRetain(a, [true, false]), fill, empty,
        slice: ops.sparseSlice(a, [1, 0], [2, 4]), split: ops.sparseSplit({ spInput: b, numSplit: 2, axis: 1 }),
        softmax: ops.sparseSoftmax(b), concat: ops.sparseConcat(1, [a, b]),
        reorder: ops.sparseReorder(new SparseTensor([[1, 0], [0, 1]], Int32Array.of(1, 2), [2, 2])),
        reshape: ops.sparseReshape(a, [4, -1]), reshape_2: ops.sparseReshape(a, [2, 6]),
      },
    };
  },
  dynamic: () => {
    const sp = ops.sparsePlaceholder(DType.float32);
    return {
      fetch: {
        reorder: ops.sparseReorder(sp), reshape: ops.sparseReshape(sp, [-1]), concat: ops.sparseConcat(0, [sp, sp]),
        sum: ops.sparseReduceSum(sp), dense: ops.sparseTensorToDense(sp, { validateIndices: false }),
      },
      feed: new Map([[sp, new SparseTensorValue([[1, 0], [0, 2]], Float32Array.of(3, 4), [2, 3])]]),
    };
  },
  parse: () => {
    const batch = ops.parseExample(Tensor.from(EXAMPLES, { dtype: DType.string }), {
      x: new ops.FixedLenFeature([3], DType.float32), s: new ops.VarLenFeature(DType.string),
      y: new ops.VarLenFeature(DType.int64),
    });
    const single = ops.parseSingleExample(EXAMPLES[0], {
      s: new ops.VarLenFeature(DType.string), 'odd key!': new ops.VarLenFeature(DType.int64),
    }, { name: 'one' });
    return { fetch: { batch, single }, shapes: { batch_s: batch.s.shape, single_s: single.s.shape } };
  },
  more: () => {
    const [a, b] = [st(), st2()];
    const c = new SparseTensor([[0, 1], [3, 2]], [3, 1], [4, 3]);
    const codes = new SparseTensor([[0, 0], [2, 0], [2, 1]], int32([7, 8, 9]), [3, 2]);
    const dense = ops.constant([['x'], ['y'], ['z']], { dtype: DType.string });
    const ids2 = new SparseTensor([[0, 0], [0, 1], [1, 0], [3, 0]], int32([0, 6, 2, 5]), [4, 2]);
    // The fixture fetches IndexedSlices by their parts.
    const parts = (x: IndexedSlices) => ({ values: x.values, indices: x.indices });
    const fetch: Record<string, Fetch> = {
      maximum: ops.sparseMaximum(a, b), minimum: ops.sparse.minimum(a, b, 'least'),
      concat_expand: ops.sparseConcat(1, [a, c], { expandNonconcatDim: true }),
      concat_expand_0: ops.sparse.concat(0, [a, c], { expandNonconcatDim: true }),
      concat_expand_last: ops.sparseConcat(-1, [a, c], { name: 'cat', expandNonconcatDim: true }),
      transpose: ops.sparseTranspose(sp3()), transpose_perm: ops.sparse.transpose(sp3(), [0, 2, 1]),
      transpose_named: ops.sparseTranspose(a, [1, 0], 't'),
      reset_shape: ops.sparseResetShape(sp3()), reset_shape_new: ops.sparse.resetShape(a, [5, 6]),
      merge: ops.sparseMerge(ids(), weights(), 6),
      merge_many: ops.sparse.merge([ids(), ids2], weights(), [6, 7], { name: 'mm', alreadySorted: true }),
      merge_tensor_size: ops.sparseMerge(ids2, weights(), ops.constant(8, { dtype: DType.int64 })),
      cross: ops.sparse.cross([words(), dense, codes]),
      cross_sep: ops.sparse.cross([dense, words()], { name: 'cs', separator: '#' }),
      cross_hashed: ops.sparse.crossHashed([words(), dense, codes], { numBuckets: 100 }),
      cross_hashed_key: ops.sparse.crossHashed([codes, words()], { hashKey: 7, name: 'hx' }),
      mul: a.mul(ops.constant([1, 2, 3, 4])), truediv: a.truediv(ops.constant([[2], [4], [8]])),
      div: a.div(ops.constant(2)), mul_host: b.mul(3), truediv_int: codes.truediv(int32(2)),
      mask: parts(ops.sparse.mask(new IndexedSlices(ops.constant([[1, 2], [3, 4], [5, 6]]), int32([0, 4, 7]),
        int32([10, 2])), int32([4]))),
      reduce_max: ops.sparseReduceMax(a, { axis: 1 }), reduce_max_all: ops.sparse.reduceMax(b),
      reduce_max_sparse: ops.sparseReduceMaxSparse(b, { axis: 0, keepDims: true }),
      to_indicator: ops.sparseToIndicator(ids(), 5),
    };
    return { fetch };
  },
  dynamic_more: () => {
    const sp = ops.sparsePlaceholder(DType.float32);
    const part = ops.sparsePlaceholder(DType.float32, [null, 3], 'part');
    const known = ops.sparsePlaceholder(DType.float32, [2, 3], 'known');
    const spIds = ops.sparsePlaceholder(DType.int64, null, 'ids');
    return {
      fetch: {
        transpose: ops.sparseTranspose(sp), transpose_part: ops.sparseTranspose(part, [1, 0]),
        reset_shape: ops.sparseResetShape(sp), reset_shape_new: ops.sparseResetShape(part, [5, 6]),
        reset_shape_tensor: ops.sparseResetShape(known, ops.add(int64([4, 4]), 1, 'add')),
        concat_expand: ops.sparseConcat(0, [part, known], { expandNonconcatDim: true }),
        concat_expand_unknown: ops.sparseConcat(1, [sp, known], { expandNonconcatDim: true }),
        merge: ops.sparseMerge(spIds, sp, 10), maximum: ops.sparseMaximum(sp, sp),
        cross_hashed: ops.sparse.crossHashed([spIds, ops.constant([[1], [2]], { dtype: DType.int64 })], { numBuckets: 10 }),
      },
      feed: new Map<SparseTensor, unknown>([[sp, new SparseTensorValue([[1, 0], [0, 2]], Float32Array.of(3, 4), [2, 3])],
        [part, new SparseTensorValue([[0, 1], [1, 2]], Float32Array.of(1, 2), [2, 3])],
        [known, new SparseTensorValue([[1, 1]], Float32Array.of(5), [2, 3])],
        [spIds, new SparseTensorValue([[0, 0], [1, 0]], BigInt64Array.of(4n, 7n), [2, 2])]]),
    };
  },
  parse_sparse: () => {
    const batch = ops.parseExample(Tensor.from(SPARSE_EXAMPLES, { dtype: DType.string }), {
      sp: new ops.SparseFeature('ix', 'val', DType.float32, 5),
      grid: new ops.SparseFeature(['jx', 'ix'], 'val', DType.float32, [3, 5], true),
      ix: new ops.VarLenFeature(DType.int64),
    });
    const single = ops.parseSingleExample(SPARSE_EXAMPLES[0], {
      sp: new ops.SparseFeature(['jx'], 'val', DType.float32, [3]),
      val: new ops.SparseFeature('ix', 'val', DType.float32, ops.constant(6, { dtype: DType.int64 })),
    }, { name: 'one' });
    return {
      fetch: { batch, single },
      shapes: {
        batch_sp: batch.sp.shape, batch_grid: batch.grid.shape, single_sp: single.sp.shape, single_val: single.val.shape,
      },
    };
  },
  embedding: () => {
    const table = new ops.Variable(range15(15), { name: 'table' });
    const parts = [new ops.Variable(range15(9), { name: 'p0' }),
      new ops.Variable(range15(6, -1), { name: 'p1' })];
    const [i, w] = [ids(), weights()];
    const withNeg = new SparseTensor([[0, 0], [0, 1], [2, 0]], int64([2, -1, 0]), [3, 2]);
    const rank3 = new SparseTensor([[0, 0, 0], [1, 1, 1]], int64([2, 4]), [2, 2, 2]);
    return {
      fetch: {
        mean: ops.nn.embeddingLookupSparse(table, i, null),
        sum_weighted: ops.nn.embeddingLookupSparse(table, i, w, { combiner: 'sum' }),
        sqrtn_weighted: ops.nn.embeddingLookupSparse(table, i, w, { combiner: 'sqrtn' }),
        mean_weighted: ops.nn.embeddingLookupSparse(table, i, w),
        parts: ops.nn.embeddingLookupSparse(parts, i, null, { combiner: 'sum' }),
        safe: ops.nn.safeEmbeddingLookupSparse(table, withNeg),
        safe_weighted: ops.nn.safeEmbeddingLookupSparse(table, i, w),
        safe_default: ops.nn.safeEmbeddingLookupSparse(table, withNeg, null, { defaultId: 4, combiner: 'sum' }),
        safe_rank3: ops.nn.safeEmbeddingLookupSparse(table, rank3),
      },
    };
  },
  eye_expand: () => {
    const n = ops.placeholder(DType.int32, [], 'n');
    const sp = ops.sparsePlaceholder(DType.float32, [null, null], 'sp');
    const axis = ops.placeholder(DType.int32, [], 'axis');
    return {
      fetch: {
        eye: ops.sparse.eye(3), eye_rect: ops.sparse.eye(2, 4, DType.int32, 'rect'),
        eye_tensor: ops.sparse.eye(n, ops.constant(5, { dtype: DType.int64 })),
        expand_last: ops.sparse.expandDims(st()), expand_0: ops.sparse.expandDims(st(), 0, 'e0'),
        expand_neg: ops.sparse.expandDims(sp3(), -2), expand_tensor_axis: ops.sparse.expandDims(st2(), axis),
        expand_known_rank: ops.sparse.expandDims(sp, 1),
      },
      feed: new Map<Output | SparseTensor, unknown>([[n, 2], [axis, -1],
        [sp, new SparseTensorValue([[1, 0], [0, 2]], Float32Array.of(3, 4), [2, 3])]]),
    };
  },
};

/** The static dense shapes of the SparseTensors fetched, as sparse_ops.py's `shapes_of`. */
function shapesOf(fetch: Record<string, Fetch>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fetch)) {
    if (v instanceof SparseTensor) out[k] = v.shape;
    else if (Array.isArray(v) && v.every((x) => x instanceof SparseTensor)) out[k] = v.map((x) => x.shape);
  }
  return out;
}

describe('SparseTensor graphs match TF1 Python op for op, and their runs its values', () => {
  for (const name of Object.keys(GRAPHS)) {
    test(name, async () => {
      const g = new Graph();
      const built = g.asDefault(GRAPHS[name]);
      const init = g.asDefault(() => ops.globalVariablesInitializer());
      expect({ ...recordAll(g, jsonOf), shapes: { ...shapesOf(built.fetch), ...built.shapes } })
        .toEqual(fixture.graphs[name]);
      const sess = new Session(g);
      try {
        await sess.run(init);
        const out = await sess.run(built.fetch, built.feed as never);
        expect(jsonOf(out)).toEqual(fixture.values[name]);
      } finally {
        await sess.close();
      }
    });
  }
});

describe('gradients through the sparse ops', () => {
  test('values and dense operands get TF1 Python gradients', async () => {
    const g = new Graph();
    await g.asDefault(async () => {
      const x = ops.constant([1, 2, 3]);
      const m = ops.constant([[1, -2], [0.5, 3], [2, 1], [-1, 1]]);
      const sp = new SparseTensor([[0, 1], [2, 0], [1, 3]], x, [3, 4]);
      const scale = ops.reshape(ops.range(1, 13, 1, DType.float32), [3, 4]);
      const sortedSp = new SparseTensor([[0, 1], [0, 3], [2, 0]], x, [3, 4]);
      const mul = (a: ops.InputValue, b: ops.InputValue) => ops.mul(a, b);
      const cases: Record<string, () => Output> = {
        to_dense: () => mul(ops.sparseTensorToDense(sp), scale),
        matmul: () => mul(ops.sparseTensorDenseMatmul(sp, m), [[1, 2]]),
        matmul_adjoint: () => ops.sparseTensorDenseMatmul(sp, sliceOf(m, [[null, 3]]), { adjointA: true }),
        reduce_sum: () => mul(ops.sparseReduceSum(sp, { axis: 1 }), [1, 2, 3]),
        add_dense: () => mul(ops.sparseAdd(sp, scale), scale),
        add_sparse: () => ops.square(ops.sparseAdd(sp, st2()).values),
        reorder: () => mul(ops.sparseReorder(sp).values, [1, 10, 100]),
        fill_empty: () => mul(ops.sparseFillEmptyRows(new SparseTensor([[0, 1], [2, 0], [2, 3]], x, [4, 4]), 0.5)[0].values,
          ops.range(1, 6, 1, DType.float32)),
        slice: () => mul(ops.sparseSlice(sp, [1, 0], [2, 4]).values, [2, 3]),
        softmax: () => mul(ops.sparseSoftmax(sortedSp).values, [1, 2, 3]),
        dense_mul: () => mul(sp.mul(sliceOf(m, [[null, null], 0])).values, [1, 2, 3]),
        dense_div: () => mul(sp.truediv(ops.add(sliceOf(m, [[null, null], 1]), 3)).values, [1, 2, 3]),
        dense_mul_full: () => sp.mul(ops.reshape(ops.concat([m, sliceOf(m, [[null, 2]])], 0), [3, 4])).values,
        concat: () => ops.sparseConcat(0, [sp, st2()]).values,
        merge: () => mul(ops.sparseMerge(new SparseTensor([[0, 0], [0, 1], [1, 0]], int64([3, 1, 0]), [3, 2]), sp, 4).values,
          [1, 10, 100]),
        transpose: () => mul(ops.sparseTranspose(sp).values, [1, 10, 100]),
        reset_shape: () => mul(ops.sparseResetShape(sp, [4, 5]).values, 2),
      };
      const sess = new Session(g);
      const dense = (gr: unknown) => (gr instanceof IndexedSlices ? gr.toOutput() : gr as Output);
      for (const [name, fn] of Object.entries(cases)) {
        const grads = ops.gradients(ops.reduceSum(fn()), [x, m]);
        const got = await Promise.all(grads.map((gr) => (gr === null ? null : sess.run(dense(gr)))));
        expect([name, jsonOf(got)]).toEqual([name, fixture.gradients[name]]);
      }
      for (const [name, op] of [['maximum', ops.sparseMaximum], ['minimum', ops.sparseMinimum]] as const) {
        expect([name, thrownBy(() => ops.gradients(op(sortedSp, sortedSp).values, [x]))])
          .toEqual([name, fixture.gradients[name]]);
      }
      // Softmax's gradient adds a SparseDenseCwiseAdd, which has none.
      const [first] = ops.gradients(ops.reduceSum(mul(ops.sparseSoftmax(sortedSp).values, [1, 2, 3])), [x]);
      expect(thrownBy(() => ops.gradients(first as Output, [x]))).toEqual(fixture.gradients.softmax_second_order);
      const table = new ops.Variable(range15(15), { name: 'table' });
      await sess.run(table.initializer);
      for (const combiner of ['mean', 'sqrtn', 'sum'] as const) {
        const e = ops.nn.embeddingLookupSparse(table, ids(), null, { combiner });
        const [gr] = ops.gradients(ops.reduceSum(ops.mul(e, [1, 2, 3])), [table]);
        expect([combiner, gr!.constructor.name, jsonOf(await sess.run(dense(gr)))]).toEqual([combiner,
          (fixture.gradients[`embedding_${combiner}`] as { type: string }).type,
          (fixture.gradients[`embedding_${combiner}`] as { values: unknown }).values]);
      }
      const e = ops.nn.embeddingLookupSparse(table, ids(), weights(), { combiner: 'sqrtn' });
      const [gr] = ops.gradients(ops.reduceSum(e), [table]);
      expect({ type: gr!.constructor.name, values: jsonOf(await sess.run(dense(gr))) }).toEqual(fixture.gradients.embedding_weighted);
      await sess.close();
    });
  });

  test('the sparse gradient functions build TF1 Python\'s ops', () => {
    const grads = new Set(['SparseReorder', 'SparseAdd', 'SparseTensorDenseAdd', 'SparseReduceSum', 'SparseSlice',
      'SparseTensorDenseMatMul', 'SparseDenseCwiseMul', 'SparseDenseCwiseDiv', 'SparseSoftmax', 'SparseFillEmptyRows',
      'SparseToDense']);
    const g = new Graph();
    const rows = g.asDefault(() => {
      const x = ops.constant([1, 2, 3]);
      const m = ops.constant([[1, -2], [0.5, 3], [2, 1], [-1, 1]]);
      const sp = new SparseTensor([[0, 1], [2, 0], [1, 3]], x, [3, 4]);
      const sortedSp = new SparseTensor([[0, 1], [0, 3], [2, 0]], x, [3, 4]);
      const parts = [ops.sparseSoftmax(sortedSp).values, sp.mul(sliceOf(m, [[null, null], 0])).values,
        sp.truediv(ops.add(sliceOf(m, [[null, null], 1]), 3, 'add')).values, ops.sparseSlice(sp, [1, 0], [2, 4]).values,
        ops.sparseReduceSum(sp, { axis: 1 }), ops.sparseReorder(sp).values, ops.sparseTensorToDense(sp),
        ops.sparseTensorDenseMatmul(sp, m), ops.sparseAdd(sp, st2()).values, ops.sparseAdd(sp, ops.ones([3, 4])),
        ops.sparseFillEmptyRows(sp, 0.5)[0].values];
      const y = ops.addN(parts.map((p) => ops.reduceSum(p)));
      const scopes = g.operations().filter((o) => grads.has(o.type)).map((o) => `gradients/${o.name}_grad/`);
      const n = g.operations().length;
      ops.gradients(y, [x, m]);
      return g.operations().slice(n).filter((o) => scopes.some((sc) => o.name.startsWith(sc)))
        .map((o) => [o.name, o.type, o.inputs.map((i) => i.name)]);
    });
    expect(rows).toEqual(fixture.gradient_graph);
  });

  test('a linear model on sparse ids and sparse floats trains as in TF1 Python (Adagrad, 5 steps)', async () => {
    const g = new Graph();
    await g.asDefault(async () => {
      const spIds = ops.sparsePlaceholder(DType.int64, [4, 3], 'ids');
      const spX = ops.sparsePlaceholder(DType.float32, [4, 2], 'x');
      const y = ops.constant([[1], [-1], [0.5], [2]]);
      const emb = ops.getVariable('emb', { shape: [6, 1], initializer: ops.constantInitializer(0.1) });
      const w = ops.getVariable('w', { shape: [2, 1], initializer: ops.constantInitializer(-0.2) });
      const logits = ops.add(ops.nn.embeddingLookupSparse(emb, spIds, null, { combiner: 'sum' }),
        ops.sparseTensorDenseMatmul(spX, w));
      const loss = ops.reduceMean(ops.square(ops.sub(logits, y)));
      const trainOp = new train.AdagradOptimizer(0.5).minimize(loss);
      const feed = new Map<SparseTensor, SparseTensorValue>([
        [spIds, new SparseTensorValue([[0, 0], [0, 1], [1, 0], [2, 2], [3, 0], [3, 1], [3, 2]],
          BigInt64Array.from([0n, 5n, 2n, 2n, 1n, 3n, 5n]), [4, 3])],
        [spX, new SparseTensorValue([[0, 1], [1, 0], [3, 0], [3, 1]], Float32Array.of(1, -2, 0.5, 1.5), [4, 2])]]);
      const sess = new Session(g);
      await sess.run(ops.globalVariablesInitializer());
      const losses: number[] = [];
      for (let i = 0; i < 5; i++) losses.push((await sess.run([loss, trainOp], feed))[0]!.item() as number);
      expect(losses).toEqual(fixture.training.losses);
      expect(jsonOf(await sess.run({ emb, w }))).toEqual(fixture.training.final);
      await sess.close();
    });
  });
});

describe('SparseTensors through the batching queues, as TF1 batches them', () => {
  const parsed = () => {
    const [serialized] = train.sliceInputProducer([ops.constant(EXAMPLES, { dtype: DType.string })], { shuffle: false });
    return ops.parseSingleExample(serialized, {
      s: new ops.VarLenFeature(DType.string), x: new ops.FixedLenFeature([3], DType.float32),
    });
  };
  const sp = () => new SparseTensor([[0, 0], [1, 1], [2, 0], [2, 1]], [1, 2, 3, 4], [3, 2]);
  const cases: Record<string, [() => unknown, number]> = {
    batch_dict: [() => train.batch(parsed(), 2), 2],
    batch_many: [() => train.batch([sp(), ops.constant(Int32Array.of(10, 20, 30))], 2, { enqueueMany: true }), 1],
    maybe_batch_many: [() => train.maybeBatch([sp()], [true, false, true], 2, { enqueueMany: true }), 1],
    shuffle_batch: [() => train.shuffleBatch([sp()], 2, 10, 0, { enqueueMany: true, seed: 3 }), 0],
    batch_join: [() => train.batchJoin([[sp()], [sp()]], 2, { enqueueMany: true }), 0],
  };
  for (const [name, [fn, steps]] of Object.entries(cases)) {
    test(name, async () => {
      const g = new Graph();
      await g.asDefault(async () => {
        ops.setRandomSeed(1);
        const b = fn();
        expect(recordAll(g, jsonOf)).toEqual(fixture.batching[name].graph);
        if (steps === 0) return;
        const sess = await train.MonitoredSession.create();
        const runs = [];
        for (let i = 0; i < steps; i++) runs.push(jsonOf(await sess.run(b as never)));
        await sess.close();
        expect(runs).toEqual(fixture.batching[name].runs);
      });
    });
  }
});

describe('SparseTensor values in sessions', () => {
  test('a SparseTensor key takes a SparseTensorValue or an [indices, values, dense_shape] triple; anything else is a TypeError', async () => {
    const g = new Graph();
    const sp = g.asDefault(() => ops.sparsePlaceholder(DType.float32, [2, 2]));
    const dense = g.asDefault(() => ops.sparseTensorToDense(sp));
    const sess = new Session(g);
    const a = await sess.run(dense, new Map([[sp, new SparseTensorValue([[1, 1]], [4], [2, 2])]]));
    const b = await sess.run(dense, new Map([[sp, [[[1, 1]], [4], [2, 2]]]]));
    expect(a.toArray()).toEqual([[0, 0], [0, 4]]);
    expect(b.toArray()).toEqual(a.toArray());
    await expect(sess.run(dense, new Map([[sp, [[1, 1]] as never]]))).rejects.toThrow(TypeError);
    expect(new SparseTensorValue([[0, 1], [1, 0]], [3, 4], [2, 2]).toDense()).toEqual([[0, 3], [4, 0]]);
    await sess.close();
  });

  test('a MonitoredSession feeds and fetches SparseTensors through its hooks', async () => {
    const g = new Graph();
    await g.asDefault(async () => {
      const sp = ops.sparsePlaceholder(DType.float32, [2, 3]);
      const total = ops.sparseReduceSum(sp);
      train.getOrCreateGlobalStep();
      const sess = await train.MonitoredSession.create();
      const v = new SparseTensorValue([[0, 2], [1, 0]], [1.5, 2], [2, 3]);
      const out = await sess.run({ total, sp }, new Map([[sp, v]]));
      expect(out.total.item()).toBe(3.5);
      expect(jsonOf(out.sp)).toEqual(jsonOf(v));
      await sess.close();
    });
  });
});

describe('errors of bad arguments are TF1 Python\'s', () => {
  const cases: Record<string, () => unknown> = {
    add_dense: () => ops.sparseAdd(ops.ones([2]), ops.ones([2])),
    indices_rank: () => new SparseTensor([0, 1], [1], [2]),
    indices_values: () => new SparseTensor([[0]], [1, 2], [3]),
    indices_shape: () => new SparseTensor([[0, 1]], [1], [3]),
    reshape_size: () => ops.sparseReshape(st(), [5, -1]),
    reshape_two_inferred: () => ops.sparseReshape(st(), [-1, -1]),
    combiner: () => ops.nn.embeddingLookupSparse(ops.ones([3, 2]), ids(), null, { combiner: 'max' as never }),
    varlen_no_dtype: () => ops.parseExample([EXAMPLES[0]], { s: new ops.VarLenFeature(null as never) }),
    split_no_axis: () => ops.sparseSplit({ spInput: st(), numSplit: 2 }),
    retain_rank: () => ops.sparseRetain(st(), [[true, false]]),
    retain_length: () => ops.sparseRetain(st(), [true]),
    merge_vocab_list: () => ops.sparseMerge(ids(), weights(), [6]),
    merge_vocab_int: () => ops.sparseMerge([ids()], weights(), 6),
    merge_vocab_float: () => ops.sparseMerge([ids()], weights(), [6.5]),
    merge_lengths: () => ops.sparseMerge([ids(), ids()], weights(), [6]),
    merge_ids: () => ops.sparseMerge(3 as never, weights(), 6),
    reset_shape_small: () => ops.sparseResetShape(st(), [2, 4]),
    reset_shape_rank: () => ops.sparseResetShape(st(), [3, 4, 5]),
    reset_shape_matrix: () => ops.sparseResetShape(st(), [[3, 4]]),
    cross_not_list: () => ops.sparse.cross(st() as never),
    cross_bad_input: () => ops.sparse.cross([words(), [['a']] as never]),
    cross_hashed_bad_input: () => ops.sparse.crossHashed([words(), [['a']] as never]),
    truediv_bool: () => new SparseTensor([[0]], [true], [2]).truediv(ops.constant(true)),
    sparse_feature_no_index: () => ops.parseExample(SPARSE_EXAMPLES, {
      sp: new ops.SparseFeature(null as never, 'val', DType.float32, 5) }),
    sparse_feature_no_value: () => ops.parseExample(SPARSE_EXAMPLES, {
      sp: new ops.SparseFeature(['ix'], '', DType.float32, [5]) }),
    sparse_feature_no_dtype: () => ops.parseExample(SPARSE_EXAMPLES, {
      sp: new ops.SparseFeature('ix', 'val', null as never, 5) }),
    sparse_feature_conflict: () => ops.parseExample(SPARSE_EXAMPLES, {
      sp: new ops.SparseFeature('ix', 'val', DType.float32, 5), ix: new ops.VarLenFeature(DType.float32) }),
    sparse_feature_dense: () => ops.parseExample(SPARSE_EXAMPLES, {
      sp: new ops.SparseFeature('ix', 'val', DType.float32, 5), val: new ops.FixedLenFeature([1], DType.float32) }),
    sparse_feature_size: () => ops.parseExample(SPARSE_EXAMPLES, {
      sp: new ops.SparseFeature('ix', 'val', DType.float32, [5]) }),
    sparse_feature_sizes: () => ops.parseExample(SPARSE_EXAMPLES, {
      sp: new ops.SparseFeature(['ix', 'jx'], 'val', DType.float32, [5]) }),
    safe_none: () => ops.nn.safeEmbeddingLookupSparse(null as never, ids()),
    expand_dims_float_axis: () => ops.sparse.expandDims(st(), 1.5),
    eye_float_rows: () => ops.sparse.eye(2.5),
    expand_dims_unknown_rank: () => ops.sparse.expandDims(ops.sparsePlaceholder(DType.float32), 1),
  };
  for (const [name, fn] of Object.entries(cases)) {
    test(name, () => {
      expect(thrownBy(() => new Graph().asDefault(fn))).toEqual(fixture.build_errors[name]);
    });
  }
  test('nothing was left in the default graph', () => {
    expect(getDefaultGraph().operations()).toEqual([]);
  });
});
