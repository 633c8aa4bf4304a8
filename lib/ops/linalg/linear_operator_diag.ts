/** `tf.linalg.LinearOperatorDiag` (TF 2.21's linear_operator_diag.py): a (batch of) square diagonal matrices. */
import { ValueError } from '../../errors';
import { InputValue, convertToTensor } from '../../framework/op_def_library';
import { Operation, Output } from '../../framework/ops';
import { pyStr } from '../../util/python_repr';
import { cast, ellipsis, expandDims, getItem, newaxis, shape, withScope } from '../array_ops';
import { assertPositive } from '../check_ops';
import { adjoint as denseAdjoint, diag as matrixDiag, diagPart as matrixDiagPart, setDiag } from '../linalg_ops';
import { abs, add, conj, log, mul, real, reduceMax, reduceMin, reduceProd, reduceSum, sqrt, truediv } from '../math_ops';
import { LinearOperator, LinearOperatorOptions } from './linear_operator';
import { LinearOperatorLowerTriangular } from './linear_operator_lower_triangular';
import {
  StaticShapeList, assertNoEntriesWithModulusZero, assertZeroImagPart, commutingHints, isComplex, squareMatrixShape,
  squareMatrixShapeTensor,
} from './linear_operator_util';

/**
 * `tf.linalg.LinearOperatorDiag(diag, is_non_singular=None, is_self_adjoint=None,
 * is_positive_definite=None, is_square=None, name='LinearOperatorDiag')`: the square matrices of
 * diagonal `diag` (`[..., N]`); real ones are self-adjoint.
 */
export class LinearOperatorDiag extends LinearOperator {
  /** The diagonal. */
  readonly diag: Output;

  constructor(diag: InputValue, options: LinearOperatorOptions = {}) {
    const name = options.name ?? 'LinearOperatorDiag';
    let isSelfAdjoint = options.isSelfAdjoint;
    const d = withScope(name, name, [diag], () => {
      const t = convertToTensor(diag, { name: 'diag' });
      if (t.shape !== null && t.shape.length < 1) {
        throw new ValueError(`Argument diag must have at least 1 dimension.  Found: ${pyStr(t)}`);
      }
      if (!isComplex(t.dtype)) {
        if (isSelfAdjoint === false) throw new ValueError('A real diagonal operator is always self adjoint.');
        isSelfAdjoint = true;
      }
      if (options.isSquare === false) throw new ValueError('Only square diagonal operators currently supported.');
      return t;
    });
    super(d.dtype, { ...options, isSelfAdjoint, isSquare: true }, name);
    this.diag = d;
  }

  protected _shape(): StaticShapeList {
    return squareMatrixShape(this.diag.shape);
  }

  protected _shapeTensor(): Output {
    return squareMatrixShapeTensor(shape(this.diag));
  }

  protected _linopInverse(): LinearOperator {
    return new LinearOperatorDiag(truediv(1.0, this.diag), { isNonSingular: this.isNonSingular,
      isSelfAdjoint: this.isSelfAdjoint, isPositiveDefinite: this.isPositiveDefinite, isSquare: true });
  }

  protected _linopMatmul(left: LinearOperator, right: LinearOperator): LinearOperator {
    const l = left as LinearOperatorDiag;
    const hints = commutingHints(left, right);
    if (right instanceof LinearOperatorDiag) {
      return new LinearOperatorDiag(mul(l.diag, right.diag, 'mul'), { ...hints, isSquare: true });
    }
    if ('onesDiag' in right && 'multiplier' in right) {
      return new LinearOperatorDiag(mul(l.diag, right.multiplier as Output, 'mul'),
        { ...hints, isSquare: true });
    }
    if (right instanceof LinearOperatorLowerTriangular) {
      return new LinearOperatorLowerTriangular(mul(getItem(l.diag, [ellipsis, newaxis]), right.toDense(), 'mul'),
        { ...hints, isPositiveDefinite: null, isSquare: true });
    }
    return super._linopMatmul(left, right);
  }

  protected _linopSolve(left: LinearOperator, right: LinearOperator): LinearOperator {
    const l = left as LinearOperatorDiag;
    const hints = commutingHints(left, right);
    if (right instanceof LinearOperatorDiag) {
      return new LinearOperatorDiag(truediv(right.diag, l.diag), { ...hints, isSquare: true });
    }
    if ('onesDiag' in right && 'multiplier' in right) {
      return new LinearOperatorDiag(truediv(right.multiplier as Output, l.diag), { ...hints, isSquare: true });
    }
    if (right instanceof LinearOperatorLowerTriangular) {
      return new LinearOperatorLowerTriangular(truediv(right.toDense(), getItem(l.diag, [ellipsis, newaxis])),
        { ...hints, isPositiveDefinite: null, isSquare: true });
    }
    return super._linopSolve(left, right);
  }

  protected _assertNonSingular(): Operation {
    return assertNoEntriesWithModulusZero(this.diag, 'Singular operator:  Diagonal contained zero values.');
  }

  protected _assertPositiveDefinite(): Operation {
    const message = isComplex(this.dtype)
      ? 'Diagonal operator had diagonal entries with non-positive real part, thus was not positive definite.'
      : 'Real diagonal operator had non-positive diagonal entries, thus was not positive definite.';
    return assertPositive(real(this.diag), { message });
  }

  protected _assertSelfAdjoint(): Operation {
    return assertZeroImagPart(this.diag,
      'This diagonal operator contained non-zero imaginary values.   Thus it was not self-adjoint.');
  }

  protected _linopAdjoint(): LinearOperator {
    return new LinearOperatorDiag(conj(this.diag), { isNonSingular: this.isNonSingular, isSelfAdjoint: this.isSelfAdjoint,
      isPositiveDefinite: this.isPositiveDefinite, isSquare: true });
  }

  protected _linopCholesky(): LinearOperator {
    return new LinearOperatorDiag(sqrt(this.diag), { isNonSingular: true, isSelfAdjoint: true, isPositiveDefinite: true,
      isSquare: true });
  }

  protected _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output {
    const diagTerm = adjoint ? conj(this.diag) : this.diag;
    const xt = adjointArg ? denseAdjoint(x) : x;
    return mul(expandDims(diagTerm, -1), xt, 'mul');
  }

  protected _matvec(x: Output, adjoint: boolean): Output {
    return mul(adjoint ? conj(this.diag) : this.diag, x, 'mul');
  }

  protected _determinant(): Output {
    return reduceProd(this.diag, [-1]);
  }

  protected _logAbsDeterminant(): Output {
    const logDet = reduceSum(log(abs(this.diag)), [-1]);
    return isComplex(this.dtype) ? cast(logDet, this.dtype) : logDet;
  }

  protected _solve(rhs: Output, adjoint: boolean, adjointArg: boolean): Output {
    const diagTerm = adjoint ? conj(this.diag) : this.diag;
    const r = adjointArg ? denseAdjoint(rhs) : rhs;
    return mul(r, expandDims(truediv(1.0, diagTerm), -1), 'mul');
  }

  protected _toDense(): Output {
    return matrixDiag(this.diag);
  }

  protected _diagPart(): Output {
    return this.diag;
  }

  protected _addToTensor(x: Output): Output {
    return setDiag(x, add(this.diag, matrixDiagPart(x), 'add'));
  }

  protected _eigvals(): Output {
    return this.diag;
  }

  protected _cond(): Output {
    const absDiag = abs(this.diag);
    return truediv(reduceMax(absDiag, -1), reduceMin(absDiag, -1));
  }
}
