/** `tf.linalg.LinearOperatorAdjoint` (TF 2.21's linear_operator_adjoint.py): the adjoint of an operator. */
import { Output, getDefaultGraph } from '../../framework/ops';
import { concat, sliceOf } from '../array_ops';
import { adjoint as denseAdjoint } from '../linalg_ops';
import { add, conj } from '../math_ops';
import {
  LinearOperator, LinearOperatorOfOperator, LinearOperatorOptions, checkOperator, subclasses,
} from './linear_operator';
import { StaticShapeList, hintsOfAdjointOrInverse } from './linear_operator_util';

/**
 * `tf.linalg.LinearOperatorAdjoint(operator, is_non_singular=None, is_self_adjoint=None,
 * is_positive_definite=None, is_square=None, name=None)`: `operator^H`, its methods those of
 * `operator` with `adjoint` flipped; the hints are the operator's (ValueError when they contradict).
 */
export class LinearOperatorAdjoint extends LinearOperatorOfOperator {
  constructor(operator: LinearOperator, options: LinearOperatorOptions = {}) {
    const hints = hintsOfAdjointOrInverse(checkOperator(operator, 'is_square'), options, 'adjoint');
    const name = options.name ?? `${operator.name}_adjoint`;
    getDefaultGraph().nameScope(name, () => undefined);
    super(operator, hints, name);
  }

  protected _linopAdjoint(): LinearOperator {
    return this.operator;
  }

  protected _shape(): StaticShapeList {
    const s = this.operator.shape;
    return s === null ? null : [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]];
  }

  protected _shapeTensor(): Output {
    const s = this.operator.shapeTensor();
    return concat([sliceOf(s, [[null, -2]]), [sliceOf(s, [-1]), sliceOf(s, [-2])]], -1);
  }

  protected _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output {
    return this.operator.matmul(x, { adjoint: !adjoint, adjointArg });
  }

  protected _matvec(x: Output, adjoint: boolean): Output {
    return this.operator.matvec(x, { adjoint: !adjoint });
  }

  protected _determinant(): Output {
    return this.isSelfAdjoint ? this.operator.determinant() : conj(this.operator.determinant());
  }

  protected _logAbsDeterminant(): Output {
    return this.operator.logAbsDeterminant();
  }

  protected _trace(): Output {
    return this.isSelfAdjoint ? this.operator.trace() : conj(this.operator.trace());
  }

  protected _solve(rhs: Output, adjoint: boolean, adjointArg: boolean): Output {
    return this.operator.solve(rhs, { adjoint: !adjoint, adjointArg });
  }

  protected _solvevec(rhs: Output, adjoint: boolean): Output {
    return this.operator.solvevec(rhs, { adjoint: !adjoint });
  }

  protected _toDense(): Output {
    return this.isSelfAdjoint ? this.operator.toDense() : denseAdjoint(this.operator.toDense());
  }

  protected _addToTensor(x: Output): Output {
    return add(this.toDense(), x, 'add');
  }

  protected _eigvals(): Output {
    const eigvals = this.operator.eigvals();
    return this.operator.isSelfAdjoint ? eigvals : conj(eigvals);
  }

  protected _cond(): Output {
    return this.operator.cond();
  }
}

subclasses.Adjoint = LinearOperatorAdjoint;
