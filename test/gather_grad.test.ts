/**
 * The gradients of TF1's `tf.gather` (GatherV2, Python's `_GatherV2Grad`) against TF1 Python
 * (scripts/graph_fixtures/gather_grad.py): IndexedSlices on axis 0; on a positive, negative or
 * placeholder axis, with batch_dims (positive, negative, two batch dimensions), on rank-3 params,
 * with repeated indices and shapes known only at run time, Python's values; a gather on axis -1
 * trained by GradientDescent; the errors these gradients raise while building.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DType, Output, ops } from '../lib';
import { OpsFixture, expectClose, itGivesTF1Gradients, itThrowsTF1Errors, trainByGradientDescent } from './helpers/fixture_values';

interface Fixture extends Pick<OpsFixture, 'gradients' | 'build_errors'> {
  training: { losses: number[]; w: number[][] };
}
const fixture: Fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'graph_layer', 'gather_grad.json'),
  'utf8'));

const f32 = DType.float32;
const i32 = DType.int32;
const ph = (name: string, shape: Array<number | null> | null, dtype = f32) => ops.placeholder(dtype, shape, name);
/** Python's int list constant: int32. */
const ints = (v: number[][] | number[][][]) => ops.constant(v, { dtype: i32 });
const X34 = Array.from({ length: 3 }, (_, r) => Array.from({ length: 4 }, (_, c) => (r * 4 + c) * 0.5 - 2.0));
/** The fixture's loss: sum(y * y * 0.5 + y), whose gradient differs per element of y. */
const weighted = (y: Output) => ops.reduceSum(ops.add(ops.mul(ops.mul(y, y), 0.5), y));

describe('gradients', () => {
  itGivesTF1Gradients(fixture.gradients, {
    axis0_rows: () => {
      const x = ph('x', [3, 4]);
      return [weighted(ops.gather(x, [2, 0, 2])), [x]];
    },
    axis1: () => {
      const x = ph('x', [3, 4]);
      return [weighted(ops.gather(x, [3, 0, 3, 1], 1)), [x]];
    },
    axis_neg1: () => {
      const x = ph('x', [2, 3, 4]);
      return [weighted(ops.gather(x, [[3, 0], [1, 3]], -1)), [x]];
    },
    axis_neg2_rank3: () => {
      const x = ph('x', [2, 3, 4]);
      return [weighted(ops.gather(x, [2, 2, 0], -2)), [x]];
    },
    // tf.gather with a tensor axis makes a plain GatherV2 on it.
    axis_placeholder: () => {
      const [x, a] = [ph('x', [3, 3, 3]), ph('a', [], i32)];
      return [weighted(ops.gather(x, [2, 0, 2], a)), [x]];
    },
    batch_dims1_axis1: () => {
      const x = ph('x', [3, 4]);
      return [weighted(ops.gather(x, ints([[3, 0, 3], [1, 1, 0], [2, 3, 2]]), undefined, undefined, 1)), [x]];
    },
    batch_dims1_axis2: () => {
      const x = ph('x', [2, 3, 4]);
      return [weighted(ops.gather(x, ints([[3, 0], [1, 1]]), 2, undefined, 1)), [x]];
    },
    batch_dims2_axis2: () => {
      const x = ph('x', [2, 3, 4]);
      const i = ints([[[3, 0], [1, 1], [2, 2]], [[0, 0], [3, 1], [1, 2]]]);
      return [weighted(ops.gather(x, i, 2, undefined, 2)), [x]];
    },
    batch_dims_neg1: () => {
      const x = ph('x', [2, 3, 4]);
      return [weighted(ops.gather(x, ints([[3, 0, 0], [1, 2, 1]]), undefined, undefined, -1)), [x]];
    },
    batch_dims_neg1_axis1: () => {
      const x = ph('x', [2, 3, 4]);
      return [weighted(ops.gather(x, ints([[2, 0], [1, 1]]), 1, undefined, -1)), [x]];
    },
    int64_indices_axis1: () => {
      const x = ph('x', [3, 4]);
      return [weighted(ops.gather(x, ops.constant([1, 1, 2], { dtype: DType.int64 }), 1)), [x]];
    },
    unknown_shapes: () => {
      const [x, i] = [ph('x', null), ph('i', null, i32)];
      return [weighted(ops.gather(x, i, -1)), [x]];
    },
    unknown_batch: () => {
      const [x, i] = [ph('x', [null, null, 4]), ph('i', [null, 2], i32)];
      return [weighted(ops.gather(x, i, 2, undefined, 1)), [x]];
    },
  });
});

describe('training', () => {
  it('a gather on axis -1 trained by GradientDescent gives the losses and variable of TF1 Python', async () => {
    const { losses, fetched } = await trainByGradientDescent(() => {
      const w = ops.getVariable('w', { shape: [3, 4], initializer: ops.constantInitializer(X34) });
      const y = ops.gather(w, [3, 1, 3], -1);
      return { loss: ops.reduceSum(ops.square(ops.sub(y, ops.ones([3, 3])))), fetch: w };
    }, 0.1, 4);
    expectClose(losses, fixture.training.losses);
    expectClose(fetched, fixture.training.w);
  });
});

describe('build errors', () => {
  itThrowsTF1Errors(fixture.build_errors, {
    negative_batch_dims_unknown_rank: () => {
      const x = ph('x', [2, 3]);
      ops.gradients(ops.gather(x, ph('i', null, i32), undefined, undefined, -1), x);
    },
    // ResourceGather's gradient ignores batch_dims, as TF's: its Reshape fails shape inference.
    resource_gather_batch_dims: () => {
      const v = ops.getVariable('v', { initializer: ops.ones([2, 3]), useResource: true });
      const y = ops.gen.resourceGather({ resource: v.ref, indices: [[0, 2], [1, 1]], dtype: f32, batchDims: 1 });
      ops.gradients(y, v);
    },
  });
});
