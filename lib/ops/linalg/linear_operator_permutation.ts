/** `tf.linalg.LinearOperatorPermutation` (TF 2.21's linear_operator_permutation.py): permutation matrices. */
import { ValueError } from '../../errors';
import { DType, isIntegerDType } from '../../framework/dtypes';
import { InputValue, constantValue, convertToTensor } from '../../framework/op_def_library';
import { Operation, Output } from '../../framework/ops';
import { pyStr } from '../../util/python_repr';
import {
  broadcastDynamicShape, broadcastTo, cast, concat, ellipsis, gather, getItem, newaxis, ones, reshape, shape, sliceOf,
  withScope, zeros,
} from '../array_ops';
import { noOp } from '../control_flow_ops';
import { adjoint as denseAdjoint } from '../linalg_ops';
import { equal, range } from '../math_ops';
import { argsort } from '../sort_ops';
import { LinearOperator, LinearOperatorOptions } from './linear_operator';
import { StaticShapeList, squareMatrixShape, squareMatrixShapeTensor } from './linear_operator_util';

/** `_check_perm(perm)`: at least a vector of ints, statically (when known) a permutation of 0..n-1. */
function checkPerm(perm: Output): void {
  if (perm.shape !== null && perm.shape.length < 1) {
    throw new ValueError(`Argument \`perm\` must have at least 1 dimension. Received: ${pyStr(perm)}.`);
  }
  if (!isIntegerDType(perm.dtype)) throw new TypeError(`Argument \`perm\` must be integer dtype. Received: ${pyStr(perm)}.`);
  const v = constantValue(perm);
  if (v === null) return;
  const n = v.shape[v.shape.length - 1];
  const flat = Array.from(v.data as ArrayLike<number | bigint>, Number);
  for (let i = 0; i < flat.length; i += n) {
    const sorted = flat.slice(i, i + n).sort((a, b) => a - b);
    if (sorted.some((x, j) => x !== j)) {
      throw new ValueError(`Argument \`perm\` must be a vector of unique integers from 0 to ${n - 1}.`);
    }
  }
}

/**
 * `tf.linalg.LinearOperatorPermutation(perm, dtype=tf.float32, is_non_singular=None,
 * is_self_adjoint=None, is_positive_definite=None, is_square=None, name='LinearOperatorPermutation')`:
 * the matrices whose row `i` is the unit vector `perm[i]`; matmul gathers rows.
 */
export class LinearOperatorPermutation extends LinearOperator {
  /** The permutation (`[..., N]` ints). */
  readonly perm: Output;

  constructor(perm: InputValue, options: LinearOperatorOptions & { dtype?: DType } = {}) {
    const name = options.name ?? 'LinearOperatorPermutation';
    const p = withScope(name, name, [perm], () => {
      const t = convertToTensor(perm, { name: 'perm', preferredDtype: DType.int32 });
      checkPerm(t);
      if (options.isNonSingular === false) {
        throw new ValueError('A Permutation operator is always non-singular. Expected argument `is_non_singular` to be ' +
          'True. Received: False.');
      }
      if (options.isSquare === false) {
        throw new ValueError('A Permutation operator is always square. Expected argument `is_square` to be True. ' +
          'Received: False.');
      }
      return t;
    });
    super(options.dtype ?? DType.float32, { ...options, isSquare: true }, name);
    this.perm = p;
  }

  protected _shape(): StaticShapeList {
    return squareMatrixShape(this.perm.shape);
  }

  protected _shapeTensor(): Output {
    return squareMatrixShapeTensor(shape(this.perm));
  }

  protected _assertNonSingular(): Operation {
    return noOp('assert_non_singular');
  }

  /** `_domain_dimension_tensor(perm=None)`: always from the shape of `perm`. */
  protected _domainDimensionTensor(perm?: Output): Output {
    return sliceOf(shape(perm ?? this.perm), [-1]);
  }

  protected _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output {
    let perm = this.perm;
    if (adjoint && !this.isSelfAdjoint) perm = argsort(perm, { axis: -1 });
    const xt = adjointArg ? denseAdjoint(x) : x;
    const broadcastShape = broadcastDynamicShape(sliceOf(shape(xt), [[null, -1]]), shape(perm));
    const k = sliceOf(shape(xt), [-1]);
    const broadcastXShape = concat([broadcastShape, [k]], -1);
    let xb = broadcastTo(xt, broadcastXShape);
    let pb = broadcastTo(perm, broadcastShape);
    const m = sliceOf(shape(xb), [-2]);
    xb = reshape(xb, [-1, m, k]);
    pb = reshape(pb, [-1, m]);
    return reshape(gather(xb, pb, -2, undefined, 1), broadcastXShape);
  }

  protected _logAbsDeterminant(): Output {
    return zeros(this.batchShapeTensor(), this.dtype);
  }

  protected _solve(rhs: Output, adjoint: boolean, adjointArg: boolean): Output {
    return this._matmul(rhs, !adjoint, adjointArg);
  }

  protected _toDense(): Output {
    return cast(equal(range(0, this._domainDimensionTensor(this.perm)), getItem(this.perm, [ellipsis, newaxis])), this.dtype);
  }

  protected _diagPart(): Output {
    return cast(equal(range(0, this._domainDimensionTensor(this.perm)), this.perm), this.dtype);
  }

  protected _cond(): Output {
    return ones(this.batchShapeTensor(), this.dtype);
  }
}
