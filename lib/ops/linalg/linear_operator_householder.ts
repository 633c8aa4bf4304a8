/** `tf.linalg.LinearOperatorHouseholder` (TF 2.21's linear_operator_householder.py): reflections `I - 2 v v^H / |v|^2`. */
import { InvalidArgumentError, ValueError } from '../../errors';
import { InputValue, convertToTensor } from '../../framework/op_def_library';
import { Operation, Output } from '../../framework/ops';
import { pyStr } from '../../util/python_repr';
import { cast, concat, ellipsis, getItem, newaxis, ones, shape, sliceOf, withScope, zeros } from '../array_ops';
import { noOp } from '../control_flow_ops';
import { adjoint as denseAdjoint, diagPart, setDiag } from '../linalg_ops';
import { add, conj, matmul, mul, neg, sub } from '../math_ops';
import { l2Normalize } from '../nn_ops';
import { LinearOperator, LinearOperatorOptions } from './linear_operator';
import { StaticShapeList, squareMatrixShape, squareMatrixShapeTensor } from './linear_operator_util';

/**
 * `tf.linalg.LinearOperatorHouseholder(reflection_axis, is_non_singular=None, is_self_adjoint=None,
 * is_positive_definite=None, is_square=None, name='LinearOperatorHouseholder')`: the reflection
 * through the hyperplane orthogonal to `reflection_axis` (`[..., N]`); its own adjoint and inverse.
 */
export class LinearOperatorHouseholder extends LinearOperator {
  /** The vector the reflection negates. */
  readonly reflectionAxis: Output;

  constructor(reflectionAxis: InputValue, options: LinearOperatorOptions = {}) {
    const name = options.name ?? 'LinearOperatorHouseholder';
    const axis = withScope(name, name, [reflectionAxis], () => {
      const t = convertToTensor(reflectionAxis, { name: 'reflection_axis' });
      if (t.shape !== null && t.shape.length < 1) {
        throw new ValueError(`Argument reflection_axis must have at least 1 dimension.  Found: ${pyStr(t)}`);
      }
      if (options.isSelfAdjoint === false) throw new ValueError('A Householder operator is always self adjoint.');
      if (options.isPositiveDefinite === true) throw new ValueError('A Householder operator is always non-positive definite.');
      if (options.isSquare === false) throw new ValueError('A Householder operator is always square.');
      return t;
    });
    super(axis.dtype, { isNonSingular: options.isNonSingular, isSelfAdjoint: true, isPositiveDefinite: false,
      isSquare: true }, name);
    this.reflectionAxis = axis;
  }

  protected _shape(): StaticShapeList {
    return squareMatrixShape(this.reflectionAxis.shape);
  }

  protected _shapeTensor(): Output {
    return squareMatrixShapeTensor(shape(this.reflectionAxis));
  }

  protected _assertNonSingular(): Operation {
    return noOp('assert_non_singular');
  }

  protected _assertPositiveDefinite(): Operation {
    throw new InvalidArgumentError('Householder operators are always non-positive definite.');
  }

  protected _assertSelfAdjoint(): Operation {
    return noOp('assert_self_adjoint');
  }

  protected _linopAdjoint(): LinearOperator {
    return this;
  }

  protected _linopInverse(): LinearOperator {
    return this;
  }

  private axisColumn(): Output {
    return getItem(l2Normalize(this.reflectionAxis, -1), [ellipsis, newaxis]);
  }

  protected _matmul(x: Output, _adjoint: boolean, adjointArg: boolean): Output {
    const xt = adjointArg ? denseAdjoint(x) : x;
    const mat = this.axisColumn();
    const xDotNormalizedV = matmul(mat, xt, { adjointA: true });
    return sub(xt, mul(mul(2, mat, 'mul'), xDotNormalizedV, 'mul'), 'sub');
  }

  protected _trace(): Output {
    const s = this.shapeTensor();
    return mul(cast(sub(this._domainDimensionTensor(s), 2, 'sub'), this.dtype),
      ones(this._batchShapeTensor(s), this.dtype), 'mul');
  }

  protected _determinant(): Output {
    return neg(ones(this.batchShapeTensor(), this.dtype));
  }

  protected _logAbsDeterminant(): Output {
    return zeros(this.batchShapeTensor(), this.dtype);
  }

  protected _solve(rhs: Output, adjoint: boolean, adjointArg: boolean): Output {
    return this._matmul(rhs, adjoint, adjointArg);
  }

  protected _toDense(): Output {
    const mat = this.axisColumn();
    const matrix = mul(-2, matmul(mat, mat, { adjointB: true }), 'mul');
    return setDiag(matrix, add(1.0, diagPart(matrix), 'add'));
  }

  protected _diagPart(): Output {
    const normalizedAxis = l2Normalize(this.reflectionAxis, -1);
    return sub(1.0, mul(mul(2, normalizedAxis, 'mul'), conj(normalizedAxis), 'mul'), 'sub');
  }

  protected _eigvals(): Output {
    const resultShape = shape(this.reflectionAxis);
    const n = sliceOf(resultShape, [-1]);
    const onesShape = concat([sliceOf(resultShape, [[null, -1]]), [sub(n, 1, 'sub')]], -1);
    const negShape = concat([sliceOf(resultShape, [[null, -1]]), [1]], -1);
    const eigvals = ones(onesShape, this.dtype);
    return concat([neg(ones(negShape, this.dtype)), eigvals], -1);
  }

  protected _cond(): Output {
    return ones(this.batchShapeTensor(), this.dtype);
  }
}
