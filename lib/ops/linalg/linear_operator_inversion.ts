/** `tf.linalg.LinearOperatorInversion` (TF 2.21's linear_operator_inversion.py): the inverse of an operator. */
import { ValueError } from '../../errors';
import { Output, getDefaultGraph } from '../../framework/ops';
import { mul, truediv } from '../math_ops';
import {
  LinearOperator, LinearOperatorOfOperator, LinearOperatorOptions, checkOperator, subclasses,
} from './linear_operator';
import { StaticShapeList, hintsOfAdjointOrInverse } from './linear_operator_util';

const py = (h: boolean | null | undefined) => (h === true ? 'True' : h === false ? 'False' : 'None');

/**
 * `tf.linalg.LinearOperatorInversion(operator, is_non_singular=None, is_self_adjoint=None,
 * is_positive_definite=None, is_square=None, name=None)`: `operator^-1`, whose matmul is the
 * operator's solve and whose solve its matmul; `operator` must not be hinted singular or non-square.
 */
export class LinearOperatorInversion extends LinearOperatorOfOperator {
  constructor(operator: LinearOperator, options: LinearOperatorOptions = {}) {
    if (checkOperator(operator, 'is_non_singular').isNonSingular === false || options.isNonSingular === false) {
      throw new ValueError('Argument `is_non_singular` or argument `operator` must have supplied hint `is_non_singular` ' +
        `equal to \`True\` or \`None\`. Found \`operator.is_non_singular\`: ${py(operator.isNonSingular)}, ` +
        `\`is_non_singular\`: ${py(options.isNonSingular)}.`);
    }
    if (operator.isSquare === false || options.isSquare === false) {
      throw new ValueError('Argument `is_square` or argument `operator` must have supplied hint `is_square` equal to ' +
        `\`True\` or \`None\`. Found \`operator.is_square\`: ${py(operator.isSquare)}, \`is_square\`: ${py(options.isSquare)}.`);
    }
    const hints = hintsOfAdjointOrInverse(operator, options, 'inverse');
    const name = options.name ?? `${operator.name}_inv`;
    getDefaultGraph().nameScope(name, () => undefined);
    super(operator, hints, name);
  }

  protected _linopInverse(): LinearOperator {
    return this.operator;
  }

  protected _linopSolve(left: LinearOperator, right: LinearOperator): LinearOperator {
    return (left as LinearOperatorInversion).operator.matmul(right);
  }

  protected _shape(): StaticShapeList {
    return this.operator.shape;
  }

  protected _shapeTensor(): Output {
    return this.operator.shapeTensor();
  }

  protected _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output {
    return this.operator.solve(x, { adjoint, adjointArg });
  }

  protected _determinant(): Output {
    return truediv(1.0, this.operator.determinant());
  }

  protected _logAbsDeterminant(): Output {
    return mul(-1.0, this.operator.logAbsDeterminant(), 'mul');
  }

  protected _solve(rhs: Output, adjoint: boolean, adjointArg: boolean): Output {
    return this.operator.matmul(rhs, { adjoint, adjointArg });
  }

  protected _eigvals(): Output {
    return truediv(1.0, this.operator.eigvals());
  }

  protected _cond(): Output {
    return this.operator.cond();
  }
}

subclasses.Inversion = LinearOperatorInversion;
