/**
 * TF1's top-level array ops against TF1 Python (scripts/graph_fixtures/array_ops.py): slicing,
 * splitting, padding, one_hot, masks, gathers and scatters, reversing, broadcasting, unique and
 * searchsorted, space/batch/depth rearrangements and the small ones (shape_n, bitcast, ...), built
 * here with the same calls, must have the same ops (names, types, inputs, attrs, Const values) in
 * the same order, the same static shapes, and session runs of them the same values; gradients
 * through them TF1's values; bad arguments TF1's errors.
 */
import { DType, Output, SparseTensor, SparseTensorValue, Tensor, ops } from '../lib';
import { sliceOf } from '../lib/ops/array_ops';
import { loadGraphFixture } from './helpers/graph_record';
import {
  Json, OpsFixture, describeTF1Graphs, expectClose, itGivesTF1Gradients, itThrowsTF1Errors, trainByGradientDescent,
} from './helpers/fixture_values';

interface Fixture extends OpsFixture {
  training: { w0: Json; losses: number[]; w: Json };
  static_shapes: Array<{ x: Array<number | null> | null; y: Array<number | null> | null; shape?: Json; error?: string }>;
}
const fixture = loadGraphFixture<Fixture>('array_ops.json');

const f32 = DType.float32;
const i32 = DType.int32;
/** X of the fixture script: 3x4x2 floats `i * 0.5 - 3`. */
const X = Tensor.from(Array.from({ length: 24 }, (_, i) => i * 0.5 - 3), { shape: [3, 4, 2] });
/** M of the fixture script: 4x6 floats `i % 7 - 2.5`. */
const M = Tensor.from(Array.from({ length: 24 }, (_, i) => (i % 7) - 2.5), { shape: [4, 6] });
const all = [null, null] as [null, null];

const GRAPHS: Record<string, () => Record<string, Output | Output[]>> = {
  partitions: () => {
    const x = ops.placeholder(f32, [3, 4, 2], 'x');
    const p = ops.placeholder(i32, [3], 'p');
    const parts = ops.dynamicPartition(x, p, 2);
    return {
      partition: parts,
      partition_named: ops.dynamicPartition(sliceOf(x, [0]), Tensor.from([[0, 2], [1, 1], [2, 0], [0, 0]], { dtype: i32 }), 3,
        'dp'),
      stitch: ops.dynamicStitch([Tensor.from([0, 2], { dtype: i32 }), Tensor.from([1], { dtype: i32 })],
        [[[1.0], [2.0]], [[3.0]]]),
      stitch_back: ops.dynamicStitch(ops.dynamicPartition(ops.range(0, 3), p, 2), parts, 'ds'),
      scatter_max: ops.tensorScatterNdMax(x, Tensor.from([[0, 1], [2, 2]], { dtype: i32 }), [[0.0, 0.0], [5.0, -5.0]]),
      scatter_min: ops.tensorScatterNdMin(x, Tensor.from([[1, 3]], { dtype: i32 }), [[0.0, 9.0]], 'low'),
      reverse_v2: ops.reverseV2(x, [2]),
    };
  },
  batch_gathers: () => {
    const x = ops.placeholder(f32, [3, 4, 2], 'x');
    const dyn = ops.placeholder(f32, [null, 4, 2], 'dyn');
    const idx = ops.placeholder(i32, [3, 2], 'idx');
    const nd = ops.placeholder(DType.int64, [3, 2, 1], 'nd');
    return {
      gather_batch: ops.gather(x, idx, undefined, undefined, 1),
      gather_batch_axis: ops.gather(x, Tensor.from([[1, 0], [0, 0], [1, 1]], { dtype: i32 }), 2, 'g', 1),
      gather_nd_batch: ops.gatherNd(x, nd, undefined, 1),
      gather_nd_batch_dyn: ops.gatherNd(dyn, Tensor.from([[[1, 0]], [[3, 1]], [[0, 0]]], { dtype: i32 }), 'picks', 1),
    };
  },
  variables: () => {
    // X[0] and X[1] of the fixture script: numpy values.
    const row = (i: number) => Tensor.from(Array.from({ length: 8 }, (_, j) => (i * 8 + j) * 0.5 - 3), { shape: [4, 2] });
    const w = ops.getVariable('w', { initializer: row(0) });
    const r = ops.getVariable('r', { initializer: row(1), useResource: true });
    return {
      ref: ops.gatherNd(w, Tensor.from([[0, 1], [3, 0]], { dtype: i32 })),
      resource: ops.gatherNd(r, Tensor.from([[1], [2]], { dtype: i32 })),
      resource_named: ops.gatherNd(r, Tensor.from([[0, 0]], { dtype: i32 }), 'picks'),
      resource_gather: ops.gather(r, Tensor.from([2, 0], { dtype: i32 })),
    };
  },
  checks: () => {
    const x = ops.placeholder(f32, [3, 4, 2], 'x');
    const img = ops.placeholder(f32, [1, 4, 4, 2], 'img');
    return {
      check_numerics: ops.checkNumerics(x, 'bad x'),
      patches: ops.extractImagePatches(img, [1, 2, 2, 1], [1, 2, 2, 1], [1, 1, 1, 1], 'VALID'),
      patches_same: ops.extractImagePatches(img, [1, 3, 2, 1], [1, 1, 2, 1], [1, 2, 1, 1], 'SAME', 'p'),
    };
  },
  slicing: () => {
    const x = ops.placeholder(f32, [3, 4, 2], 'x');
    const dyn = ops.placeholder(f32, undefined, 'dyn');
    const b = ops.placeholder(i32, [3], 'b');
    return {
      slice: ops.slice(x, [1, 0, 0], [2, -1, 1]),
      slice_dyn: ops.slice(dyn, b, [1, 2, -1], 'cut'),
      strided: ops.stridedSlice(x, [0, 1, 0], [3, 4, 2], [2, 2, 1]),
      strided_masks: ops.stridedSlice(x, [1, 0, 1], [0, 3, 2], undefined, { beginMask: 1, endMask: 1, shrinkAxisMask: 4 }),
      strided_no_strides: ops.stridedSlice(x, [0, 0], [2, 2]),
      strided_ellipsis: ops.stridedSlice(x, [0, 1], [0, 2], [1, 1], { ellipsisMask: 1, newAxisMask: 0 }),
      strided_new_axis: ops.stridedSlice(x, [0, 0, 1], [0, 2, 3], [1, 1, 1], { newAxisMask: 1, name: 'grow' }),
      strided_reverse: ops.stridedSlice(x, [-1], [0], [-1], { endMask: 1 }),
    };
  },
  splitting: () => {
    const x = ops.placeholder(f32, [3, 4, 2], 'x');
    const m = ops.placeholder(f32, [4, 6], 'm');
    const dyn = ops.placeholder(f32, [null, 6], 'dyn');
    return {
      split: ops.split(m, 2),
      split_axis: ops.split(m, 3, { axis: 1, name: 'thirds' }),
      split_sizes: ops.split(m, Tensor.from([1, 2, 3], { dtype: i32 }), { axis: 1 }),
      split_infer: ops.split(m, Tensor.from([3, -1], { dtype: i32 })),
      split_tensor_sizes: ops.split(dyn, ops.constant([2, 4], { dtype: i32 }), { axis: 1 }),
      split_num: ops.split(m, ops.placeholderWithDefault(Tensor.from([1, 3], { dtype: i32 }), null, 'sizes'), { num: 2 }),
      unstack: ops.unstack(x),
      unstack_axis: ops.unstack(x, { axis: -1, name: 'parts' }),
      unstack_num: ops.unstack(dyn, { num: 2 }),
    };
  },
  padding: () => {
    const x = ops.placeholder(f32, [3, 4, 2], 'x');
    const m = ops.placeholder(f32, [4, 6], 'm');
    const dyn = ops.placeholder(f32, [null, 6], 'dyn');
    const p = ops.placeholder(i32, [2, 2], 'p');
    return {
      pad: ops.pad(m, [[1, 0], [2, 1]]),
      pad_values: ops.pad(m, [[0, 1], [1, 1]], { constantValues: -1.5 }),
      pad_named: ops.pad(x, [[0, 0], [1, 1], [0, 2]], { name: 'border' }),
      reflect: ops.pad(m, [[1, 2], [2, 0]], { mode: 'REFLECT' }),
      symmetric: ops.pad(m, [[2, 1], [0, 3]], { mode: 'symmetric' }),
      pad_dyn: ops.pad(dyn, [[1, 1], [0, 2]]),
      pad_tensor: ops.pad(m, p),
      pad_int: ops.pad(ops.constant([[1, 2]], { dtype: i32 }), [[1, 1], [0, 0]], { constantValues: 7 }),
    };
  },
  one_hots: () => {
    const i = ops.placeholder(i32, [4], 'i');
    const i64 = ops.placeholder(DType.int64, [2, 2], 'i64');
    return {
      default: ops.oneHot(i, 3),
      values: ops.oneHot(i, 4, { onValue: 5.0, offValue: -1.0 }),
      axis: ops.oneHot(i64, 3, { axis: 0, name: 'hot' }),
      dtype: ops.oneHot(i, 3, { dtype: i32 }),
      // Python's int 7: an int32 on_value.
      on_int: ops.oneHot(i, 3, { onValue: Tensor.from(7, { dtype: i32 }) }),
      off_only: ops.oneHot(i64, 2, { offValue: 0.5, axis: -1 }),
      both_dtype: ops.oneHot(i, 3, { onValue: 2, offValue: 1, dtype: DType.int64 }),
    };
  },
  masks: () => {
    const x = ops.placeholder(f32, [3, 4, 2], 'x');
    const mask = ops.placeholder(DType.bool, [3], 'mask');
    const mask2 = ops.placeholder(DType.bool, [3, 4], 'mask2');
    const dyn = ops.placeholder(f32, [null, 4], 'dyn');
    const lengths = ops.placeholder(i32, [3], 'lengths');
    return {
      boolean_mask: ops.booleanMask(x, mask),
      boolean_mask_2d: ops.booleanMask(x, mask2, { name: 'picked' }),
      boolean_mask_axis: ops.booleanMask(x, [true, false, true, true], { axis: 1 }),
      boolean_mask_dyn: ops.booleanMask(dyn, [false, true, true, false], { axis: 1 }),
      sequence_mask: ops.sequenceMask(lengths),
      sequence_mask_maxlen: ops.sequenceMask(lengths, { maxlen: Tensor.from(5, { dtype: i32 }), dtype: f32 }),
      sequence_mask_2d: ops.sequenceMask(Tensor.from([[1, 3], [2, 0]], { dtype: i32 }),
        { maxlen: Tensor.from(4, { dtype: i32 }), name: 'seq' }),
    };
  },
  gather_scatter: () => {
    const x = ops.placeholder(f32, [3, 4, 2], 'x');
    const idx = ops.placeholder(i32, [2, 2], 'idx');
    const u = ops.placeholder(f32, [2, 2], 'u');
    return {
      gather_nd: ops.gatherNd(x, idx),
      gather_nd_full: ops.gatherNd(x, Tensor.from([[0, 1, 1], [2, 3, 0]], { dtype: i32 }), 'picks'),
      gather_axis: ops.gather(x, Tensor.from([3, 0], { dtype: i32 }), 1),
      scatter_nd: ops.scatterNd(idx, u, [3, 4, 2]),
      scatter_nd_named: ops.scatterNd(Tensor.from([[1], [0]], { dtype: i32 }), [5.0, 6.0], ops.constant([3], { dtype: i32 }),
        'put'),
      update: ops.tensorScatterUpdate(x, idx, u),
      add: ops.tensorScatterAdd(x, idx, u),
      sub: ops.tensorScatterSub(x, idx, u, 'minus'),
      nd_update: ops.tensorScatterNdUpdate(x, Tensor.from([[0, 0, 0]], { dtype: i32 }), [100.0]),
    };
  },
  reversing: () => {
    const x = ops.placeholder(f32, [3, 4, 2], 'x');
    const lengths = ops.placeholder(DType.int64, [3], 'lengths');
    return {
      reverse: ops.reverse(x, [1]),
      reverse_axes: ops.reverse(x, [0, -1], 'flip'),
      reverse_sequence: ops.reverseSequence(x, lengths, { seqAxis: 1, batchAxis: 0 }),
      reverse_sequence_dims: ops.reverseSequence(x, Tensor.from([1, 2], { dtype: i32 }), { seqAxis: 0, batchAxis: 2,
        name: 'rs' }),
      roll: ops.roll(x, 1, 1),
      roll_axes: ops.roll(x, [2, -1], [0, 2], 'rot'),
    };
  },
  broadcasting: () => {
    const x = ops.placeholder(f32, [3, 1, 2], 'x');
    const v = ops.placeholder(f32, [3], 'v');
    const w = ops.placeholder(f32, [2], 'w');
    const s = ops.placeholder(i32, [null], 's');
    return {
      broadcast_to: ops.broadcastTo(x, [2, 3, 4, 2]),
      broadcast_to_tensor: ops.broadcastTo(v, ops.stack([2, ops.size(v)]), 'wide'),
      dynamic_shape: ops.broadcastDynamicShape(s, ops.constant([3, 1, 2], { dtype: i32 })),
      meshgrid: ops.meshgrid([v, w]),
      meshgrid_ij: ops.meshgrid([v, w, [1.0, 2.0]], { indexing: 'ij', name: 'grid' }),
      tile: ops.tile(x, [2, 3, 1]),
    };
  },
  sets: () => {
    const v = ops.placeholder(i32, [6], 'v');
    const f = ops.placeholder(f32, [5], 'f');
    const srt = ops.placeholder(f32, [2, 4], 'srt');
    return {
      unique: ops.unique(v),
      unique_int64: ops.unique(f, DType.int64, 'uniq'),
      unique_with_counts: ops.uniqueWithCounts(v),
      setdiff1d: ops.setdiff1d(v, [3, 1]),
      setdiff1d_int64: ops.setdiff1d(f, ops.constant([2.0]), DType.int64, 'diff'),
      invert_permutation: ops.invertPermutation(Tensor.from([2, 0, 3, 1], { dtype: i32 })),
      unravel_index: ops.unravelIndex(v, [3, 4]),
      searchsorted: ops.searchsorted(srt, [[2.5, 0.0], [7.0, 9.0]]),
      searchsorted_right: ops.searchsorted(ops.constant([1.0, 2.0, 2.0, 3.0]), f, { side: 'right', outType: DType.int64,
        name: 'ss' }),
    };
  },
  space: () => {
    const img = ops.placeholder(f32, [1, 4, 4, 2], 'img');
    const b = ops.placeholder(f32, [4, 2, 2, 1], 'b');
    return {
      space_to_batch_nd: ops.spaceToBatchND(img, [2, 2], [[0, 0], [0, 0]]),
      space_to_batch_nd_pad: ops.spaceToBatchND(img, [2, 1], [[1, 1], [0, 2]], 's2b'),
      batch_to_space_nd: ops.batchToSpaceND(b, [2, 2], [[0, 0], [1, 0]]),
      space_to_batch: ops.spaceToBatch(img, [[0, 0], [0, 2]], 2),
      batch_to_space: ops.batchToSpace(b, [[0, 0], [0, 1]], 2, 'b2s'),
      depth_to_space: ops.depthToSpace(ops.reshape(img, [1, 2, 2, 8]), 2),
      space_to_depth: ops.spaceToDepth(img, 2, { name: 's2d' }),
    };
  },
  misc: () => {
    const x = ops.placeholder(f32, [3, 4, 2], 'x');
    const dyn = ops.placeholder(f32, [null, null], 'dyn');
    const c = ops.placeholder(DType.bool, [3], 'c');
    return {
      shape_n: ops.shapeN([x, dyn]),
      shape_n_int64: ops.shapeN([dyn], DType.int64, 'shapes'),
      identity_n: ops.identityN([x, dyn]),
      ensure_shape: ops.ensureShape(dyn, [null, 3]),
      matrix_transpose: ops.matrixTranspose(x),
      matrix_transpose_dyn: ops.matrixTranspose(ops.placeholderWithDefault(M, null, 'any'), 'mt'),
      bitcast: ops.bitcast(x, i32),
      bitcast_narrow: ops.bitcast(ops.constant([1, 256], { dtype: i32 }), DType.uint8, 'bytes'),
      rank: ops.rank(x),
      rank_dyn: ops.rank(ops.placeholderWithDefault(X, null, 'r')),
      size: ops.size(x),
      size_dyn: ops.size(dyn, undefined, DType.int64),
      where: ops.where(c, [1.0, 2.0, 3.0], [-1.0, -2.0, -3.0]),
      where_indices: ops.where(c),
      where_v2: ops.whereV2(c, 1.0, sliceOf(x, [all, 0, 0])),
      stop_gradient: ops.stopGradient(x),
      diag_part: ops.diagPart(ops.reshape(sliceOf(x, [[null, 2], all, all]), [4, 4])),
      parallel_stack: ops.parallelStack([sliceOf(x, [0]), sliceOf(x, [1])]),
    };
  },
  edit_distances: () => {
    const hyp = new SparseTensor(Tensor.from([[0n, 0n], [0n, 1n], [1n, 0n]]), ['a', 'b', 'c'], [2, 2]);
    const truth = new SparseTensor(Tensor.from([[0n, 0n], [1n, 0n], [1n, 1n]]), ['a', 'c', 'd'], [2, 2]);
    const h = ops.sparsePlaceholder(DType.int64, undefined, 'h');
    return {
      normalized: ops.editDistance(hyp, truth),
      raw: ops.editDistance(hyp, truth, { normalize: false, name: 'ed' }),
      fed: ops.editDistance(h, new SparseTensor([[0, 1]], ops.constant([4], { dtype: DType.int64 }), [1, 3])),
      values: ops.editDistance(new SparseTensorValue([[0, 0], [0, 1]], [1.0, 2.0], [1, 2]),
        new SparseTensorValue([[0, 0]], [2.0], [1, 1]), { name: 'ev' }),
    };
  },
};

describe('TF1 array ops: graphs and values', () => describeTF1Graphs(GRAPHS, fixture));

/** The fixture's `weighted`: y summed with weights spread over [-1, 2] (y * y summed for a dynamic shape). */
function weighted(y: Output): Output {
  const s = y.shape;
  if (!s || s.some((d) => d === null)) return ops.reduceSum(ops.mul(y, y));
  const n = (s as number[]).reduce((a, b) => a * b, 1);
  const w = Array.from({ length: n }, (_, i) => (n === 1 ? -1 : -1 + (3 * i) / (n - 1)));
  return ops.reduceSum(ops.mul(y, ops.constant(w, { shape: s as number[] })));
}

function gradCase(fn: (x: Output) => Output, shape: number[] = [3, 4, 2]): () => [Output, Output[]] {
  return () => {
    const x = ops.placeholder(f32, shape, 'x');
    return [weighted(fn(x)), [x]];
  };
}

const GRAD_CASES: Record<string, () => [Output, Output[]]> = {
  slice: gradCase((x) => ops.slice(x, [1, 1, 0], [2, 2, 1])),
  strided_slice: gradCase((x) => ops.stridedSlice(x, [2, 0, 1], [0, 4, 2], [-1, 2, 1], { endMask: 1, shrinkAxisMask: 4 })),
  subscript: gradCase((x) => ops.stridedSlice(x, [1, 0, 0], [0, 0, 1], [1, 2, 1], { beginMask: 0, endMask: 3,
    shrinkAxisMask: 4 })),
  split: gradCase((x) => ops.mul(ops.split(x, 2, { axis: 1 })[1], ops.split(x, 2, { axis: 1 })[0])),
  split_sizes: gradCase((x) => ops.split(x, Tensor.from([1, 3], { dtype: i32 }), { axis: 1 })[1]),
  unstack: gradCase((x) => ops.add(ops.mul(ops.unstack(x, { axis: 1 })[2], 3.0), ops.unstack(x, { axis: 1 })[0])),
  pad: gradCase((x) => ops.pad(x, [[1, 0], [0, 2], [1, 1]])),
  pad_values: gradCase((x) => ops.pad(x, [[1, 0], [0, 0], [0, 1]], { constantValues: 2.0 })),
  reflect: gradCase((x) => ops.pad(x, [[1, 1], [2, 0], [0, 1]], { mode: 'REFLECT' })),
  symmetric: gradCase((x) => ops.pad(x, [[0, 2], [1, 1], [1, 0]], { mode: 'SYMMETRIC' })),
  gather_nd: gradCase((x) => ops.gatherNd(x, Tensor.from([[0, 1], [2, 3], [0, 1]], { dtype: i32 }))),
  scatter_nd: gradCase((x) => ops.scatterNd(Tensor.from([[1], [0], [1]], { dtype: i32 }), sliceOf(x, [all, 0]), [2, 2])),
  tensor_scatter_update: gradCase((x) => ops.tensorScatterUpdate(ops.mul(x, x), Tensor.from([[1, 2]], { dtype: i32 }),
    sliceOf(x, [[null, 1], 0]))),
  tensor_scatter_add: gradCase((x) => ops.tensorScatterAdd(ops.mul(x, x), Tensor.from([[1, 2], [0, 0]], { dtype: i32 }),
    sliceOf(x, [[null, 2], 1]))),
  tensor_scatter_sub: gradCase((x) => {
    const u = sliceOf(x, [[1, 2], 2]);
    return ops.tensorScatterSub(ops.mul(x, 2.0), Tensor.from([[0, 1]], { dtype: i32 }), ops.mul(u, u));
  }),
  tensor_scatter_max: gradCase((x) => ops.gen.tensorScatterMax({ tensor: x, indices: Tensor.from([[1, 2], [2, 0]], { dtype: i32 }),
    updates: ops.add(ops.mul(sliceOf(x, [[null, 2], 0]), 0.5), 1.0) })),
  tensor_scatter_min: gradCase((x) => ops.gen.tensorScatterMin({ tensor: x, indices: Tensor.from([[0, 3]], { dtype: i32 }),
    updates: ops.fill([1, 2], -1.0) })),
  gather_batch: gradCase((x) => ops.gather(x, Tensor.from([[3, 0], [1, 1], [2, 3]], { dtype: i32 }), undefined, undefined, 1)),
  gather_nd_batch: gradCase((x) => ops.gatherNd(x, Tensor.from([[[1, 0]], [[3, 1]], [[0, 0]]], { dtype: i32 }), undefined, 1)),
  check_numerics: gradCase((x) => ops.checkNumerics(ops.mul(x, x), 'bad')),
  extract_image_patches: gradCase((x) => ops.extractImagePatches(x, [1, 2, 2, 1], [1, 1, 2, 1], [1, 1, 1, 1], 'VALID'),
    [1, 4, 4, 2]),
  dynamic_partition: gradCase((x) => ops.mul(ops.dynamicPartition(x, Tensor.from([1, 0, 1], { dtype: i32 }), 2)[1], 2.0)),
  dynamic_stitch: gradCase((x) => {
    const tail = sliceOf(x, [2, [1, 3]]);
    return ops.dynamicStitch([Tensor.from([2, 0], { dtype: i32 }), Tensor.from([1, 3], { dtype: i32 })],
      [sliceOf(x, [0, [null, 2]]), ops.mul(tail, tail)]);
  }),
  reverse: gradCase((x) => ops.reverse(x, [0, 2])),
  reverse_sequence: gradCase((x) => ops.reverseSequence(x, Tensor.from([2, 4, 1], { dtype: i32 }), { seqAxis: 1, batchAxis: 0 })),
  roll: gradCase((x) => ops.roll(x, [1, -1], [0, 1])),
  tile: gradCase((x) => ops.tile(x, [1, 2, 3])),
  broadcast_to: gradCase((x) => ops.broadcastTo(x, [2, 3, 4, 2])),
  boolean_mask: gradCase((x) => ops.booleanMask(x, [true, false, true])),
  matrix_transpose: gradCase((x) => ops.mul(ops.matrixTranspose(x), ops.matrixTranspose(x))),
  space_to_batch_nd: gradCase((x) => ops.spaceToBatchND(x, [2, 2], [[0, 0], [1, 1]]), [1, 4, 4, 2]),
  batch_to_space_nd: gradCase((x) => ops.batchToSpaceND(x, [2, 1], [[0, 1], [0, 0]]), [4, 2, 2, 2]),
  depth_to_space: gradCase((x) => ops.depthToSpace(x, 2), [1, 2, 2, 8]),
  space_to_depth: gradCase((x) => ops.spaceToDepth(x, 2), [1, 4, 4, 2]),
  meshgrid: gradCase((x) => {
    const args = () => [sliceOf(x, [0, all, 0]), sliceOf(x, [all, 0, 1])];
    return ops.mul(ops.meshgrid(args())[0], ops.meshgrid(args())[1]);
  }),
};

describe('TF1 array ops: gradients', () => itGivesTF1Gradients(fixture.gradients, GRAD_CASES));

it('broadcastStaticShape gives TF1 Python\'s shapes and error', () => {
  const got = fixture.static_shapes.map(({ x, y }) => {
    try {
      return { x, y, shape: ops.broadcastStaticShape(x, y) };
    } catch (e) {
      return { x, y, error: (e as Error).message };
    }
  });
  expect(got).toEqual(fixture.static_shapes);
});

describe('TF1 array ops: build errors', () => {
  const z = (...shape: number[]) => ops.zeros(shape);
  itThrowsTF1Errors(fixture.build_errors, {
    boolean_mask_scalar: () => ops.booleanMask(z(3), true),
    boolean_mask_unknown_rank: () => ops.booleanMask(z(3), ops.placeholder(DType.bool)),
    boolean_mask_shape: () => ops.booleanMask(z(3, 2), [true, false]),
    pad_mode: () => ops.pad(z(2), [[1, 1]], { mode: 'WRAP' }),
    one_hot_on_dtype: () => ops.oneHot([0], 2, { onValue: 1.5, dtype: i32 }),
    one_hot_off_dtype: () => ops.oneHot([0], 2, { offValue: 1.5, dtype: i32 }),
    one_hot_mixed: () => ops.oneHot([0], 2, { onValue: 1.0, offValue: Tensor.from(0, { dtype: i32 }) }),
    meshgrid_indexing: () => ops.meshgrid([z(2), z(3)], { indexing: 'xx' as 'xy' }),
    unstack_unknown: () => ops.unstack(ops.placeholder(f32, [null, 2])),
    unstack_no_rank: () => ops.unstack(ops.placeholder(f32)),
    unstack_axis: () => ops.unstack(z(2, 3), { axis: 2 }),
    split_scalar_sizes: () => ops.split(z(4), ops.constant(2, { dtype: i32 })),
    split_unknown_num: () => ops.split(z(4), ops.placeholder(i32, [null])),
    split_uneven: () => ops.split(z(5), 2),
    sequence_mask_maxlen: () => ops.sequenceMask(Tensor.from([1, 2], { dtype: i32 }), { maxlen: Tensor.from([3, 4], { dtype: i32 }) }),
    searchsorted_side: () => ops.searchsorted(z(3), z(2), { side: 'middle' as 'left' }),
    matrix_transpose_rank: () => ops.matrixTranspose(z(3)),
    edit_distance_dense: () => ops.editDistance(z(2) as unknown as SparseTensor, new SparseTensor([[0]], [1.0], [1])),
    edit_distance_truth: () => ops.editDistance(new SparseTensor([[0]], [1.0], [1]), z(2) as unknown as SparseTensor),
    reverse_sequence_dtype: () => ops.reverseSequence(z(2, 3), Tensor.from([1.0, 2.0], { dtype: f32 }), { seqAxis: 1, batchAxis: 0 }),
    slice_size_length: () => ops.slice(z(2, 3), [0, 0], [1]),
    strided_slice_length: () => ops.stridedSlice(z(2, 3), [0, 0], [1]),
    gather_nd_depth: () => ops.gatherNd(z(2, 3), [[0, 1, 2]]),
    broadcast_to_shape: () => ops.broadcastTo(z(3), [2, 2]),
    space_to_depth_block: () => ops.spaceToDepth(z(1, 3, 3, 1), 2),
    gather_nd_batch_negative: () => ops.gatherNd(z(2, 3), [[0]], undefined, -1),
    gather_nd_batch_indices_rank: () => ops.gatherNd(z(2, 3, 4), [[0], [1]], undefined, 2),
    gather_nd_batch_params_rank: () => ops.gatherNd(z(2), [[[0]], [[1]]], undefined, 1),
    where_x_only: () => ops.where([true], [1.0]),
    patches_padding: () => ops.extractImagePatches(z(1, 4, 4, 1), [1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], 'FULL' as 'SAME'),
  });
});

it('a loss through pad, gather_nd, boolean_mask, one_hot and split trains as in TF1 Python (GradientDescent, 5 steps)',
  async () => {
    const want = fixture.training;
    const { losses, fetched } = await trainByGradientDescent(() => {
      const w = ops.getVariable('w', { shape: [4, 3], initializer: ops.constantInitializer(want.w0 as number[][]) });
      const padded = ops.pad(w, [[1, 0], [0, 1]], { mode: 'REFLECT' });
      const picked = ops.gatherNd(padded, Tensor.from([[1, 1], [2, 3], [4, 0]], { dtype: i32 }));
      const rows = ops.booleanMask(w, [true, false, true, true]);
      const labels = ops.oneHot(Tensor.from([2, 0, 1], { dtype: i32 }), 3, { onValue: 0.9, offValue: 0.05 });
      const [first, rest] = ops.split(rows, Tensor.from([1, 2], { dtype: i32 }), { axis: 1 });
      const loss = ops.add(ops.add(ops.reduceSum(ops.square(ops.sub(picked, 0.5))),
        ops.reduceSum(ops.square(ops.sub(rows, labels)))),
      ops.reduceSum(ops.mul(first, ops.reduceSum(rest, { axis: 1, keepdims: true }))));
      return { loss, fetch: w };
    }, 0.1, want.losses.length);
    expectClose(losses, want.losses);
    expectClose(fetched, want.w);
  });
