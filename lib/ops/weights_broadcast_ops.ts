/**
 * TF1's weights broadcasting (`weights_broadcast_ops.py`): weights of a loss or metric must be a
 * scalar or have the values' rank with each dimension 1 or the values' own. Checked while
 * building where the shapes are known (TF1's ValueError), else by an Assert when run.
 */
import { ValueError } from '../errors';
import { baseDType } from '../framework/dtypes';
import { InputValue, constantValue, convertToTensor } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import { numbers } from '../framework/sparse_tensor';
import { isCompatible, shapeString } from '../framework/tensor_shape';
import { npStr, pyStr } from '../util/python_repr';
import { concat, expandDims, onesLike, rank, shape, size, withScope } from './array_ops';
import { cond } from './cond';
import { Assert } from './control_flow_assert';
import { controlDependencies, noOp } from './control_flow_ops';
import { equal, mul } from './math_ops';
import { setDifference } from './sets';

const ERROR_PREFIX = 'weights can not be broadcast to values.';

/** `_has_valid_dims`: each dimension of the weights is 1 or the values' (a set difference of the two). */
function hasValidDims(weightsShape: Output, valuesShape: Output): Output {
  return withScope(undefined, 'has_invalid_dims', [weightsShape, valuesShape], (scope) => {
    const values2d = expandDims(valuesShape, -1);
    const validDims = concat([values2d, onesLike(values2d)], 1);
    const weights2d = expandDims(weightsShape, -1);
    const invalidDims = setDifference(weights2d, validDims);
    return equal(0, size(invalidDims.values, 'num_invalid_dims'), scope);
  });
}

/** `_has_valid_nonscalar_shape`: same ranks, and valid dimensions. */
function hasValidNonscalarShape(weightsRank: Output, weightsShape: Output, valuesRank: Output, valuesShape: Output): Output {
  return withScope(undefined, 'has_valid_nonscalar_shape', [weightsRank, weightsShape, valuesRank, valuesShape],
    (scope) => {
      const isSameRank = equal(valuesRank, weightsRank, 'is_same_rank');
      return cond(isSameRank, () => hasValidDims(weightsShape, valuesShape), () => isSameRank, { name: scope });
    });
}

/**
 * `weights_broadcast_ops.assert_broadcastable(weights, values)`: a NoOp when the static shapes
 * show the weights broadcast (TF1's ValueError when they show they do not), else the Assert that
 * they do.
 */
export function assertBroadcastable(weights: InputValue, values: InputValue): Operation {
  return withScope(undefined, 'assert_broadcastable', [weights, values], (scope, graph) => {
    const [w, wShape, wRank] = graph.nameScope('weights', (s) => {
      const t = convertToTensor(weights, { name: s, graph });
      return [t, shape(t, 'shape'), rank(t, 'rank')] as const;
    });
    const [v, vShape, vRank] = graph.nameScope('values', (s) => {
      const t = convertToTensor(values, { name: s, graph });
      return [t, shape(t, 'shape'), rank(t, 'rank')] as const;
    });
    const wRankStatic = constantValue(wRank);
    const vRankStatic = constantValue(vRank);
    if (wRankStatic !== null && vRankStatic !== null) {
      const [wr, vr] = [Number(wRankStatic.item()), Number(vRankStatic.item())];
      if (wr === 0) return noOp('static_scalar_check_success');
      if (wr !== vr) {
        throw new ValueError(`${ERROR_PREFIX} values.rank=${vr}. weights.rank=${wr}. values.shape=${shapeString(v.shape)}. ` +
          `weights.shape=${shapeString(w.shape)}. Received weights=${pyStr(w)}, values=${pyStr(v)}`);
      }
      const wStatic = constantValue(wShape);
      const vStatic = constantValue(vShape);
      if (wStatic !== null && vStatic !== null) {
        const [ws, vs] = [numbers(wStatic), numbers(vStatic)];
        const at = ws.findIndex((d, i) => d !== 1 && d !== vs[i]);
        if (at >= 0) {
          throw new ValueError(`${ERROR_PREFIX} Mismatch at dim ${at}. values.shape=${npStr(vs)}, weights.shape=` +
            `${npStr(ws)}. Received weights=${pyStr(w)}, values=${pyStr(v)}`);
        }
        return noOp('static_dims_check_success');
      }
    }
    const isScalar = equal(0, wRank, 'is_scalar');
    const data = [ERROR_PREFIX, 'weights.shape=', w.name, wShape, 'values.shape=', v.name, vShape, 'is_scalar=', isScalar];
    const isValidShape = cond(isScalar, () => isScalar, () => hasValidNonscalarShape(wRank, wShape, vRank, vShape),
      { name: 'is_valid_shape' });
    return Assert(isValidShape, data, { name: scope });
  });
}

/**
 * `weights_broadcast_ops.broadcast_weights(weights, values)`: the weights as is when both static
 * shapes are known and compatible, else `weights * ones_like(values)` after `assertBroadcastable`.
 */
export function broadcastWeights(weights: InputValue, values: InputValue): Output {
  return withScope(undefined, 'broadcast_weights', [weights, values], (scope, graph) => {
    const v = convertToTensor(values, { name: 'values', graph });
    const w = convertToTensor(weights, { dtype: baseDType(v.dtype), name: 'weights', graph });
    const [ws, vs] = [w.shape, v.shape];
    const known = (s: (number | null)[] | null) => s !== null && s.every((d) => d !== null);
    if (known(ws) && known(vs) && isCompatible(ws, vs)) return w;
    return controlDependencies([assertBroadcastable(w, v)], () => mul(w, onesLike(v), scope));
  });
}
