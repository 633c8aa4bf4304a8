/** `tf.linalg.LinearOperatorLowerTriangular` (TF 2.21's linear_operator_lower_triangular.py). */
import { ValueError } from '../../errors';
import { InputValue, convertToTensor } from '../../framework/op_def_library';
import { Operation, Output } from '../../framework/ops';
import { pyStr } from '../../util/python_repr';
import { shape, withScope } from '../array_ops';
import { adjoint as denseAdjoint, bandPart, diagPart, triangularSolve } from '../linalg_ops';
import { abs, log, matmul, mul, reduceProd, reduceSum } from '../math_ops';
import { LinearOperator, LinearOperatorOptions, subclasses } from './linear_operator';
import { LinearOperatorDiag } from './linear_operator_diag';
import {
  StaticShapeList, assertNoEntriesWithModulusZero, combinedCommutingSelfAdjointHint, combinedNonSingularHint,
} from './linear_operator_util';

/**
 * `tf.linalg.LinearOperatorLowerTriangular(tril, is_non_singular=None, is_self_adjoint=None,
 * is_positive_definite=None, is_square=None, name='LinearOperatorLowerTriangular')`: the lower
 * triangle of `tril` (`[..., N, N]`; what is above the diagonal is ignored); solves by substitution.
 */
export class LinearOperatorLowerTriangular extends LinearOperator {
  /** The matrix whose lower triangle this operator is. */
  readonly tril: Output;

  constructor(tril: InputValue, options: LinearOperatorOptions = {}) {
    if (options.isSquare === false) throw new ValueError('Only square lower triangular operators supported at this time.');
    const name = options.name ?? 'LinearOperatorLowerTriangular';
    const t = withScope(name, name, [tril], () => {
      const x = convertToTensor(tril, { name: 'tril' });
      if (x.shape !== null && x.shape.length < 2) {
        throw new ValueError(`Argument tril must have at least 2 dimensions.  Found: ${pyStr(x)}`);
      }
      return x;
    });
    super(t.dtype, { ...options, isSquare: true }, name);
    this.tril = t;
  }

  private getTril(): Output {
    return bandPart(this.tril, -1, 0);
  }

  private getDiag(): Output {
    return diagPart(this.tril);
  }

  protected _shape(): StaticShapeList {
    return this.tril.shape;
  }

  protected _shapeTensor(): Output {
    return shape(this.tril);
  }

  protected _assertNonSingular(): Operation {
    return assertNoEntriesWithModulusZero(this.getDiag(), 'Singular operator:  Diagonal contained zero values.');
  }

  protected _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output {
    return matmul(this.getTril(), x, { adjointA: adjoint, adjointB: adjointArg });
  }

  protected _linopMatmul(left: LinearOperator, right: LinearOperator): LinearOperator {
    if (right instanceof LinearOperatorDiag) {
      return new LinearOperatorLowerTriangular(mul(left.toDense(), right.diag, 'mul'), {
        isNonSingular: combinedNonSingularHint(right, left), isSelfAdjoint: combinedCommutingSelfAdjointHint(right, left),
        isPositiveDefinite: null, isSquare: true,
      });
    }
    return super._linopMatmul(left, right);
  }

  protected _determinant(): Output {
    return reduceProd(this.getDiag(), [-1]);
  }

  protected _logAbsDeterminant(): Output {
    return reduceSum(log(abs(this.getDiag())), [-1]);
  }

  protected _solve(rhs: Output, adjoint: boolean, adjointArg: boolean): Output {
    return triangularSolve(this.getTril(), adjointArg ? denseAdjoint(rhs) : rhs, { lower: true, adjoint });
  }

  protected _toDense(): Output {
    return this.getTril();
  }

  protected _eigvals(): Output {
    return this.getDiag();
  }
}

subclasses.LowerTriangular = LinearOperatorLowerTriangular;
