/** `tf.linalg.LinearOperatorLowRankUpdate` (TF 2.21's linear_operator_low_rank_update.py): `L + U D V^H`. */
import { ValueError } from '../../errors';
import { InputValue, convertToTensor } from '../../framework/op_def_library';
import { Operation, Output, getDefaultGraph } from '../../framework/ops';
import { Dimension, dimensionAtIndex } from '../../framework/tensor_shape';
import { broadcastDynamicShape, broadcastStaticShape, cast, concat, expandDims, shape, sliceOf } from '../array_ops';
import { cholesky as denseCholesky, choleskySolve, det, diagPart } from '../linalg_ops';
import { abs, add, conj, exp, log, matmul, mul, reduceSum, sub } from '../math_ops';
import { LinearOperator, LinearOperatorOptions, checkOperator } from './linear_operator';
import { LinearOperatorDiag } from './linear_operator_diag';
import { LinearOperatorIdentity } from './linear_operator_identity';
import { StaticShapeList, isComplex, matrixSolveWithBroadcast } from './linear_operator_util';

/** The options of `LinearOperatorLowRankUpdate`: the diagonal `D` (identity by default), `V` (`U` by default). */
export interface LinearOperatorLowRankUpdateOptions extends LinearOperatorOptions {
  diagUpdate?: InputValue;
  v?: InputValue;
  isDiagUpdatePositive?: boolean | null;
}

const lead = (s: StaticShapeList, n: number): StaticShapeList => (s === null ? null : s.slice(0, -n));

/**
 * `tf.linalg.LinearOperatorLowRankUpdate(base_operator, u, diag_update=None, v=None,
 * is_diag_update_positive=None, is_non_singular=None, is_self_adjoint=None,
 * is_positive_definite=None, is_square=None, name='LinearOperatorLowRankUpdate')`: `L + U D V^H`
 * for an `[M, N]` operator `L`, `U` `[M, K]`, `V` `[N, K]`; solves and determinants by the matrix
 * determinant lemma and the Woodbury identity (by Cholesky when all is self-adjoint positive definite).
 */
export class LinearOperatorLowRankUpdate extends LinearOperator {
  readonly baseOperator: LinearOperator;
  readonly u: Output;
  readonly v: Output;
  readonly diagUpdate: Output | null;
  readonly diagOperator: LinearOperator;
  readonly isDiagUpdatePositive: boolean | null;
  private readonly useCholesky: boolean;

  constructor(baseOperator: LinearOperator, u: InputValue, options: LinearOperatorLowRankUpdateOptions = {}) {
    const name = options.name ?? 'LinearOperatorLowRankUpdate';
    const dtype = checkOperator(baseOperator, 'dtype').dtype;
    let { isSelfAdjoint = null, isPositiveDefinite = null, isDiagUpdatePositive = null } = options;
    if (options.diagUpdate === undefined) {
      if (isDiagUpdatePositive === false) {
        throw new ValueError("Default diagonal is the identity, which is positive.  However, user set " +
          "'is_diag_update_positive' to False.");
      }
      isDiagUpdatePositive = true;
    }
    const useCholesky = Boolean(baseOperator.isPositiveDefinite && baseOperator.isSelfAdjoint && isDiagUpdatePositive &&
      options.v === undefined);
    if (baseOperator.isSelfAdjoint && options.v === undefined && !isComplex(dtype)) {
      if (isSelfAdjoint === false) {
        throw new ValueError('A = L + UDU^H, with L self-adjoint and D real diagonal.  Since UDU^H is self-adjoint, this ' +
          'must be a self-adjoint operator.');
      }
      isSelfAdjoint = true;
    }
    if (useCholesky) {
      if (isPositiveDefinite === false || isSelfAdjoint === false || options.isNonSingular === false) {
        throw new ValueError('Arguments imply this is self-adjoint positive-definite operator.');
      }
      isPositiveDefinite = true;
      isSelfAdjoint = true;
    }
    const graph = getDefaultGraph();
    let scope = '';
    const [ut, vt, d] = graph.nameScope(name, (s) => {
      scope = s;
      const uu = convertToTensor(u, { name: 'u' });
      const vv = options.v === undefined ? uu : convertToTensor(options.v, { name: 'v' });
      const dd = options.diagUpdate === undefined ? null : convertToTensor(options.diagUpdate, { name: 'diag_update' });
      return [uu, vv, dd];
    });
    super(dtype, { ...options, isSelfAdjoint, isPositiveDefinite }, name);
    this.baseOperator = baseOperator;
    this.u = ut;
    this.v = vt;
    this.diagUpdate = d;
    this.useCholesky = useCholesky;
    this.isDiagUpdatePositive = isDiagUpdatePositive;
    this.diagOperator = graph.nameScope(scope, () => {
      if (d !== null) return new LinearOperatorDiag(d, { isPositiveDefinite: isDiagUpdatePositive });
      const us = ut.shape;
      const r = us !== null && us[us.length - 1] !== null ? us[us.length - 1] as number : sliceOf(shape(ut), [-1]);
      return new LinearOperatorIdentity(r, { dtype });
    });
    this.checkShapes();
  }

  /** `_check_shapes()`: `U`, `V` and `D` broadcast with the base operator and fit its domain. */
  private checkShapes(): void {
    const uv = broadcastStaticShape(this.u.shape, this.v.shape) as StaticShapeList;
    const batch = broadcastStaticShape(this.baseOperator.batchShape, lead(uv, 2)) as StaticShapeList;
    new Dimension(this.baseOperator.domainDimension).assertIsCompatibleWith(dimensionAtIndex(uv, -2));
    if (this.diagUpdate !== null) {
      dimensionAtIndex(uv, -1).assertIsCompatibleWith(dimensionAtIndex(this.diagUpdate.shape, -1));
      broadcastStaticShape(batch, lead(this.diagUpdate.shape, 1));
    }
  }

  protected _assertSelfAdjoint(): Operation {
    if (this.u === this.v && this.diagUpdate === null) return this.baseOperator.assertSelfAdjoint();
    // TF calls the public super().assert_self_adjoint() here, which recurses into this method without end; the
    // dense check is what it means.
    return super._assertSelfAdjoint();
  }

  protected _shape(): StaticShapeList {
    let batch = broadcastStaticShape(this.baseOperator.batchShape, this.diagOperator.batchShape) as StaticShapeList;
    batch = broadcastStaticShape(batch, lead(this.u.shape, 2)) as StaticShapeList;
    batch = broadcastStaticShape(batch, lead(this.v.shape, 2)) as StaticShapeList;
    const s = this.baseOperator.shape;
    return batch === null || s === null ? null : [...batch, ...s.slice(-2)];
  }

  protected _shapeTensor(): Output {
    let batch = broadcastDynamicShape(this.baseOperator.batchShapeTensor(), this.diagOperator.batchShapeTensor());
    batch = broadcastDynamicShape(batch, sliceOf(shape(this.u), [[null, -2]]));
    batch = broadcastDynamicShape(batch, sliceOf(shape(this.v), [[null, -2]]));
    return concat([batch, sliceOf(this.baseOperator.shapeTensor(), [[-2, null]])], 0);
  }

  protected _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output {
    const [u, v] = [this.u, this.v];
    const leadingTerm = this.baseOperator.matmul(x, { adjoint, adjointArg });
    const [left, right] = adjoint ? [u, v] : [v, u];
    const hX = matmul(left, x, { adjointA: true, adjointB: adjointArg });
    const dHX = this.diagOperator.matmul(hX, { adjoint });
    return add(leadingTerm, matmul(right, dHX), 'add');
  }

  protected _determinant(): Output {
    if (this.isPositiveDefinite) return exp(this.logAbsDeterminant());
    const detC = det(this.makeCapacitance(this.u, this.v));
    const detD = this.diagOperator.determinant();
    const detL = this.baseOperator.determinant();
    return mul(mul(detC, detD, 'mul'), detL, 'mul');
  }

  protected _diagPart(): Output {
    let product = mul(this.u, conj(this.v), 'mul');
    if (this.diagUpdate !== null) product = mul(product, expandDims(this.diagUpdate, -2), 'mul');
    return add(reduceSum(product, -1), this.baseOperator.diagPart(), 'add');
  }

  protected _logAbsDeterminant(): Output {
    const logAbsDetD = this.diagOperator.logAbsDeterminant();
    const logAbsDetL = this.baseOperator.logAbsDeterminant();
    let logAbsDetC: Output;
    if (this.useCholesky) {
      const cholCapDiag = diagPart(denseCholesky(this.makeCapacitance(this.u, this.v)));
      logAbsDetC = mul(2, reduceSum(log(cholCapDiag), [-1]), 'mul');
    } else {
      logAbsDetC = log(abs(det(this.makeCapacitance(this.u, this.v))));
      if (isComplex(this.dtype)) logAbsDetC = cast(logAbsDetC, this.dtype);
    }
    return add(add(logAbsDetC, logAbsDetD, 'add'), logAbsDetL, 'add');
  }

  protected _solve(rhs: Output, adjoint: boolean, adjointArg: boolean): Output {
    if (this.baseOperator.isNonSingular === false) {
      throw new ValueError('Solve not implemented unless this is a perturbation of a non-singular LinearOperator.');
    }
    const l = this.baseOperator;
    // The capacitance is C's own either way (the adjoint solve takes its adjoint); U and V swap for the rest.
    const [u, v] = adjoint ? [this.v, this.u] : [this.u, this.v];
    const capacitance = this.makeCapacitance(this.u, this.v);
    const linvRhs = l.solve(rhs, { adjoint, adjointArg });
    const vhLinvRhs = matmul(v, linvRhs, { adjointA: true });
    const capinvVhLinvRhs = this.useCholesky ? choleskySolve(denseCholesky(capacitance), vhLinvRhs)
      : matrixSolveWithBroadcast(capacitance, vhLinvRhs, adjoint);
    const linvUCapinv = l.solve(matmul(u, capinvVhLinvRhs), { adjoint });
    return sub(linvRhs, linvUCapinv, 'sub');
  }

  /** `_make_capacitance(u, v)`: `D^-1 + V^H L^-1 U`. */
  private makeCapacitance(u: Output, v: Output): Output {
    const linvU = this.baseOperator.solve(u);
    const vhLinvU = matmul(v, linvU, { adjointA: true });
    return this.diagOperator.inverse().addToTensor(vhLinvU);
  }
}
