/** `tf.linalg.LinearOperatorComposition` (TF 2.21's linear_operator_composition.py): a product of operators. */
import { ValueError } from '../../errors';
import { Operation, Output, getDefaultGraph } from '../../framework/ops';
import { assertDimsCompatible } from '../../framework/tensor_shape';
import { broadcastStaticShape, concat, expandDims, shape, stack, zeros } from '../array_ops';
import { group } from '../control_flow_ops';
import { cholesky as denseCholesky } from '../linalg_ops';
import { add, sign, truediv } from '../math_ops';
import { LinearOperator, LinearOperatorOptions, checkOperatorList, subclasses } from './linear_operator';
import { LinearOperatorLowerTriangular } from './linear_operator_lower_triangular';
import { StaticShapeList, foldOperators, isAatForm } from './linear_operator_util';

/**
 * `tf.linalg.LinearOperatorComposition(operators, is_non_singular=None, is_self_adjoint=None,
 * is_positive_definite=None, is_square=None, name=None)`: `operators[0] operators[1] ...`, applied
 * right to left; named `A_o_B` after its operators by default. Hints follow from the operators'
 * (non-singular factors, the form `A A^H`).
 */
export class LinearOperatorComposition extends LinearOperator {
  /** The factors, left to right. */
  readonly operators: LinearOperator[];

  constructor(operators: LinearOperator[], options: LinearOperatorOptions = {}) {
    const dtype = checkOperatorList(operators);
    let { isNonSingular = null, isSelfAdjoint = null, isPositiveDefinite = null, isSquare = null } = options;
    if (operators.every((o) => o.isNonSingular)) {
      if (isNonSingular === false) throw new ValueError('The composition of non-singular operators is always non-singular.');
      isNonSingular = true;
    }
    if ((operators.length === 1 && operators[0].isSelfAdjoint) || isAatForm(operators)) {
      if (isSelfAdjoint === false) {
        throw new ValueError('The composition was determined to be self-adjoint but user provided incorrect `False` hint.');
      }
      isSelfAdjoint = true;
    }
    if (isAatForm(operators)) {
      if (isSquare === false) {
        throw new ValueError('The composition was determined have the form A @ A.H, hence it must be square. The user ' +
          'provided an incorrect `False` hint.');
      }
      isSquare = true;
    }
    if (isAatForm(operators) && isNonSingular) {
      if (isPositiveDefinite === false) {
        throw new ValueError('The composition was determined to be non-singular and have the form A @ A.H, hence it must ' +
          'be positive-definite. The user provided an incorrect `False` hint.');
      }
      isPositiveDefinite = true;
    }
    const name = options.name ?? operators.map((o) => o.name).join('_o_');
    getDefaultGraph().nameScope(name, () => undefined);
    super(dtype, { isNonSingular, isSelfAdjoint, isPositiveDefinite, isSquare }, name);
    this.operators = [...operators];
  }

  protected _shape(): StaticShapeList {
    let domain = this.operators[0].domainDimension;
    for (const o of this.operators.slice(1)) {
      assertDimsCompatible(domain, o.rangeDimension);
      domain = o.domainDimension;
    }
    const matrix = [this.operators[0].rangeDimension, this.operators[this.operators.length - 1].domainDimension];
    let batch = this.operators[0].batchShape;
    for (const o of this.operators.slice(1)) batch = broadcastStaticShape(batch, o.batchShape) as StaticShapeList;
    return batch === null ? null : [...batch, ...matrix];
  }

  protected _shapeTensor(): Output {
    const matrixShape = stack([this.operators[0].rangeDimensionTensor(),
      this.operators[this.operators.length - 1].domainDimensionTensor()]);
    let z = zeros(this.operators[0].batchShapeTensor());
    for (const o of this.operators.slice(1)) z = add(z, zeros(o.batchShapeTensor()), 'add');
    return concat([shape(z), matrixShape], 0);
  }

  protected _linopCholesky(): LinearOperator {
    const [left] = this.operators;
    if (this.operators.length !== 2 || !isAatForm(this.operators) || !(left instanceof LinearOperatorLowerTriangular)) {
      return new LinearOperatorLowerTriangular(denseCholesky(this.toDense()),
        { isNonSingular: true, isSelfAdjoint: false, isSquare: true });
    }
    if (left.isPositiveDefinite) return left;
    const diagSign = expandDims(sign(left.diagPart()), -2);
    return new LinearOperatorLowerTriangular(truediv(left.tril, diagSign), { isNonSingular: left.isNonSingular,
      isSelfAdjoint: left.isSelfAdjoint, isPositiveDefinite: left.isPositiveDefinite ? true : null, isSquare: true });
  }

  protected _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output {
    const order = adjoint ? this.operators : [...this.operators].reverse();
    let result = order[0].matmul(x, { adjoint, adjointArg });
    for (const o of order.slice(1)) result = o.matmul(result, { adjoint });
    return result;
  }

  protected _determinant(): Output {
    return foldOperators(this.operators, (o) => o.determinant(), 'mul');
  }

  protected _logAbsDeterminant(): Output {
    return foldOperators(this.operators, (o) => o.logAbsDeterminant(), 'add');
  }

  protected _solve(rhs: Output, adjoint: boolean, adjointArg: boolean): Output {
    const order = adjoint ? [...this.operators].reverse() : this.operators;
    let solution = order[0].solve(rhs, { adjoint, adjointArg });
    for (const o of order.slice(1)) solution = o.solve(solution, { adjoint });
    return solution;
  }

  protected _assertNonSingular(): Operation {
    if (this.operators.every((o) => o.isSquare)) return group(this.operators.map((o) => o.assertNonSingular()));
    return super._assertNonSingular();
  }
}

subclasses.Composition = LinearOperatorComposition;
