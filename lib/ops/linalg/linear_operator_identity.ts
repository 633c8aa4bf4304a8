/**
 * `tf.linalg.LinearOperatorIdentity` and `tf.linalg.LinearOperatorScaledIdentity` (TF 2.21's
 * linear_operator_identity.py): identity matrices (times a scalar per batch member) of `num_rows`
 * rows, built without their entries.
 */
import { ValueError } from '../../errors';
import { DType, isIntegerDType } from '../../framework/dtypes';
import { InputValue, constantValue, convertToTensor } from '../../framework/op_def_library';
import { Operation, Output, getDefaultGraph } from '../../framework/ops';
import { isFullyDefined } from '../../framework/tensor_shape';
import { pyStr } from '../../util/python_repr';
import {
  broadcastStaticShape, cast, concat, ellipsis, expandDims, getItem, newaxis, ones, shape, sliceOf, stack, whereV2, withScope,
  zeros, zerosLike,
} from '../array_ops';
import { assertEqual, assertNonNegative, assertPositive, assertRank } from '../check_ops';
import { noOp, withDependencies } from '../control_flow_ops';
import { adjoint as denseAdjoint, diagPart, setDiag } from '../linalg_ops';
import { abs, add, conj, equal, imag, log, mul, pow, real, reduceMin, sqrt, truediv } from '../math_ops';
import { LinearOperator, LinearOperatorOptions } from './linear_operator';
import { LinearOperatorDiag } from './linear_operator_diag';
import {
  StaticShapeList, commutingHints, isComplex, realDType, shapeTensor,
} from './linear_operator_util';

/** The options of the identity operators: also whether to check `num_rows` (and `batch_shape`) at run time. */
export interface LinearOperatorIdentityOptions extends LinearOperatorOptions {
  assertProperShapes?: boolean;
}

/**
 * The checks of a `num_rows` (`num_columns`) or `batch_shape` argument of the identity and zero
 * operators: asserts added at run time when asked, TypeError unless of an int dtype, ValueError
 * when its static value is of the wrong rank or negative. Gives the argument (after its asserts).
 */
export function checkShapeArg(arg: Output, value: number | number[] | null, argName: string, assertProperShapes: boolean,
  batch = false): Output {
  const rank = batch ? 1 : 0;
  const rankText = batch ? '1-D' : '0-D';
  let checked = arg;
  if (assertProperShapes) {
    checked = withDependencies([
      assertRank(arg, rank, { message: `Argument ${argName} must be a ${rankText} Tensor.` }),
      assertNonNegative(arg, { message: `Argument ${argName} must be non-negative.` }),
    ], arg);
  }
  if (!isIntegerDType(checked.dtype)) throw new TypeError(`Argument ${argName} must be integer type.  Found: ${pyStr(checked)}`);
  if (value === null) return checked;
  const numpy = (v: number | number[]) => (Array.isArray(v) ? `[${v.join(' ')}]` : String(v));
  if (Array.isArray(value) !== batch) {
    throw new ValueError(`Argument ${argName} must be a ${rankText} Tensor.  Found: ${numpy(value)}`);
  }
  if ((Array.isArray(value) ? value : [value]).some((d) => d < 0)) {
    // TF's message of a batch shape has no space after "Found:".
    throw new ValueError(`Argument ${argName} must be non-negative.  Found:${batch ? '' : ' '}${numpy(value)}`);
  }
  return checked;
}

/** `_possibly_broadcast_batch_shape(x)`: `x` plus zeros of the operator's batch shape when that is given. */
export function possiblyBroadcastBatchShape(op: LinearOperator, batchShapeArg: Output | null, x: Output): Output {
  if (batchShapeArg === null) return x;
  const b = op.batchShape;
  if (isFullyDefined(b)) {
    const special = [...b, 1, 1];
    const bshape = broadcastStaticShape(x.shape, special) as StaticShapeList;
    const xs = x.shape;
    if (bshape !== null && xs !== null && bshape.length === xs.length && bshape.every((d, i) => d === xs[i])) return x;
    return add(x, zeros(special, op.dtype), 'add');
  }
  return add(x, zeros(concat([op.batchShapeTensor(), [1, 1]], 0), op.dtype), 'add');
}

/** The static value of a shape argument (`tensor_util.constant_value`), as numbers. */
export function staticValue(t: Output): number | number[] | null {
  const v = constantValue(t);
  if (v === null) return null;
  const flat = Array.from(v.data as ArrayLike<number | bigint>, Number);
  return v.shape.length === 0 ? flat[0] : flat;
}

/** `assert_compatible_matrix_dimensions(operator, x)`: `x`'s rows at run time are the operator's domain dimension. */
export function assertCompatibleMatrixDimensions(operator: LinearOperator, x: Output): Operation {
  return assertEqual(sliceOf(shape(x), [-2]), operator.domainDimensionTensor(),
    { message: 'Dimensions are not compatible.  shape[-2] of argument to be the same as this operator' });
}

/** `BaseLinearOperatorIdentity`: what the identity operators share (`num_rows` and its checks, the diagonal of ones). */
export abstract class BaseLinearOperatorIdentity extends LinearOperator {
  protected numRows!: Output;
  protected numRowsStatic: number | number[] | null = null;
  protected assertProperShapes = false;

  /** `_check_num_rows_possibly_add_asserts`. */
  protected checkNumRows(): void {
    this.numRows = checkShapeArg(this.numRows, this.numRowsStatic, 'num_rows', this.assertProperShapes);
  }

  protected minMatrixDim(): number | null {
    const d = this.domainDimension;
    const r = this.rangeDimension;
    return d === null || r === null ? null : Math.min(d, r);
  }

  protected minMatrixDimTensor(): Output {
    return reduceMin(sliceOf(this.shapeTensor(), [[-2, null]]));
  }

  /** `_ones_diag()`: the diagonal, all ones. */
  protected onesDiag(): Output {
    const s = this.shape;
    if (isFullyDefined(s)) return ones([...(this.batchShape as number[]), this.minMatrixDim() as number], this.dtype);
    return ones(concat([this.batchShapeTensor(), [this.minMatrixDimTensor()]], 0), this.dtype);
  }

  /** `batch_of_ones` of `_trace`: ones of the batch shape. */
  protected batchOfOnes(): Output {
    const b = this.batchShape;
    return isFullyDefined(b) ? ones(b, this.dtype) : ones(this.batchShapeTensor(), this.dtype);
  }
}

/**
 * `tf.linalg.LinearOperatorIdentity(num_rows, batch_shape=None, dtype=None, is_non_singular=True,
 * is_self_adjoint=True, is_positive_definite=True, is_square=True, assert_proper_shapes=False,
 * name='LinearOperatorIdentity')`: the `[*batch_shape, N, N]` identity; matmul and solve give
 * their argument back (broadcast to the batch shape when one is given).
 */
export class LinearOperatorIdentity extends BaseLinearOperatorIdentity {
  private batchShapeArg: Output | null = null;
  private batchShapeStatic: number[] | null = null;

  constructor(numRows: number | Output, options: LinearOperatorIdentityOptions & { batchShape?: number[] | Output;
    dtype?: DType } = {}) {
    const name = options.name ?? 'LinearOperatorIdentity';
    const { isNonSingular = true, isSelfAdjoint = true, isPositiveDefinite = true, isSquare = true } = options;
    const graph = getDefaultGraph();
    let scope = '';
    const [rows, batch] = graph.nameScope(name, (s): [Output, Output | null] => {
      scope = s;
      if (!isSelfAdjoint) throw new ValueError('An identity operator is always self adjoint.');
      if (!isNonSingular) throw new ValueError('An identity operator is always non-singular.');
      if (!isPositiveDefinite) throw new ValueError('An identity operator is always positive-definite.');
      if (!isSquare) throw new ValueError('An identity operator is always square.');
      return [shapeTensor(numRows, 'num_rows'),
        options.batchShape === undefined ? null : shapeTensor(options.batchShape, 'batch_shape_arg')];
    });
    super(options.dtype ?? DType.float32, { isNonSingular, isSelfAdjoint, isPositiveDefinite, isSquare }, name);
    this.assertProperShapes = options.assertProperShapes ?? false;
    this.numRows = rows;
    this.batchShapeArg = batch;
    // TF sets and checks these inside the constructor's scope, which its asserts are in.
    graph.nameScope(scope, () => {
      this.numRowsStatic = staticValue(this.numRows);
      this.checkNumRows();
      if (this.batchShapeArg !== null) {
        const b = staticValue(this.batchShapeArg);
        this.batchShapeStatic = b === null ? null : Array.isArray(b) ? b : [b];
        this.batchShapeArg = checkShapeArg(this.batchShapeArg, b, 'batch_shape', this.assertProperShapes, true);
      }
    });
  }

  protected _shape(): StaticShapeList {
    const n = typeof this.numRowsStatic === 'number' ? this.numRowsStatic : null;
    if (this.batchShapeArg === null) return [n, n];
    return this.batchShapeStatic === null ? null : [...this.batchShapeStatic, n, n];
  }

  protected _shapeTensor(): Output {
    const matrixShape = stack([this.numRows, this.numRows], 0);
    return this.batchShapeArg === null ? matrixShape : concat([this.batchShapeArg, matrixShape], 0);
  }

  protected _linopAdjoint(): LinearOperator {
    return this;
  }

  protected _linopCholesky(): LinearOperator {
    return new LinearOperatorIdentity(this.numRows, { batchShape: this.batchShape as number[], dtype: this.dtype });
  }

  protected _linopInverse(): LinearOperator {
    return this;
  }

  protected _linopMatmul(_left: LinearOperator, right: LinearOperator): LinearOperator {
    return right;
  }

  protected _linopSolve(_left: LinearOperator, right: LinearOperator): LinearOperator {
    return right;
  }

  protected _assertNonSingular(): Operation {
    return noOp('assert_non_singular');
  }

  protected _assertPositiveDefinite(): Operation {
    return noOp('assert_positive_definite');
  }

  protected _assertSelfAdjoint(): Operation {
    return noOp('assert_self_adjoint');
  }

  protected _matmul(x: Output, _adjoint: boolean, adjointArg: boolean): Output {
    let xt = adjointArg ? denseAdjoint(x) : x;
    if (this.assertProperShapes) xt = withDependencies([assertCompatibleMatrixDimensions(this, xt)], xt);
    return possiblyBroadcastBatchShape(this, this.batchShapeArg, xt);
  }

  protected _determinant(): Output {
    return ones(this.batchShapeTensor(), this.dtype);
  }

  protected _logAbsDeterminant(): Output {
    return zeros(this.batchShapeTensor(), this.dtype);
  }

  protected _solve(rhs: Output, _adjoint: boolean, adjointArg: boolean): Output {
    return this._matmul(rhs, false, adjointArg);
  }

  protected _trace(): Output {
    const batchOfOnes = this.batchOfOnes();
    const n = this.minMatrixDim();
    return n !== null ? mul(n, batchOfOnes, 'mul') : mul(cast(this.minMatrixDimTensor(), this.dtype), batchOfOnes, 'mul');
  }

  protected _diagPart(): Output {
    return this.onesDiag();
  }

  /** `add_to_tensor(mat, name='add_to_tensor')`: `mat` plus one on its diagonal. */
  addToTensor(mat: InputValue, name = 'add_to_tensor'): Output {
    return this.nameScope(name, () => {
      const m = convertToTensor(mat, { name: 'mat' });
      return setDiag(m, add(1, diagPart(m), 'add'));
    });
  }

  protected _eigvals(): Output {
    return this.onesDiag();
  }

  protected _cond(): Output {
    return ones(this.batchShapeTensor(), this.dtype);
  }
}

/**
 * `tf.linalg.LinearOperatorScaledIdentity(num_rows, multiplier, is_non_singular=None,
 * is_self_adjoint=None, is_positive_definite=None, is_square=True, assert_proper_shapes=False,
 * name='LinearOperatorScaledIdentity')`: `multiplier` (`[*batch_shape]`) times the `N x N` identity.
 */
export class LinearOperatorScaledIdentity extends BaseLinearOperatorIdentity {
  private readonly multiplierTensor: Output;
  private numRowsCastToDtype!: Output;
  private numRowsCastToRealDtype!: Output;

  constructor(numRows: number | Output, multiplier: InputValue, options: LinearOperatorIdentityOptions = {}) {
    const name = options.name ?? 'LinearOperatorScaledIdentity';
    const { isSquare = true } = options;
    let isSelfAdjoint = options.isSelfAdjoint;
    const graph = getDefaultGraph();
    let scope = '';
    const m = withScope(name, name, [multiplier, numRows], (s) => {
      scope = s;
      const t = convertToTensor(multiplier, { name: 'multiplier' });
      if (!isComplex(t.dtype)) {
        if (isSelfAdjoint === false) throw new ValueError('A real diagonal operator is always self adjoint.');
        isSelfAdjoint = true;
      }
      if (!isSquare) throw new ValueError('A ScaledIdentity operator is always square.');
      return t;
    });
    super(m.dtype, { ...options, isSelfAdjoint, isSquare }, name);
    this.multiplierTensor = m;
    this.assertProperShapes = options.assertProperShapes ?? false;
    graph.nameScope(scope, () => {
      this.numRows = shapeTensor(numRows, 'num_rows');
      this.numRowsStatic = staticValue(this.numRows);
      this.checkNumRows();
      this.numRowsCastToDtype = cast(this.numRows, this.dtype);
      this.numRowsCastToRealDtype = cast(this.numRows, realDType(this.dtype));
    });
  }

  /** The scalar (per batch member) the identity is multiplied by. */
  get multiplier(): Output {
    return this.multiplierTensor;
  }

  protected _shape(): StaticShapeList {
    const n = typeof this.numRowsStatic === 'number' ? this.numRowsStatic : null;
    const b = this.multiplier.shape;
    return b === null ? null : [...b, n, n];
  }

  protected _shapeTensor(): Output {
    const matrixShape = stack([this.numRows, this.numRows], 0);
    return concat([shape(this.multiplier), matrixShape], 0);
  }

  protected _assertNonSingular(): Operation {
    return assertPositive(abs(this.multiplier), { message: 'LinearOperator was singular' });
  }

  protected _assertPositiveDefinite(): Operation {
    return assertPositive(real(this.multiplier), { message: 'LinearOperator was not positive definite.' });
  }

  protected _assertSelfAdjoint(): Operation {
    const imagMultiplier = imag(this.multiplier);
    return assertEqual(zerosLike(imagMultiplier), imagMultiplier, { message: 'LinearOperator was not self-adjoint' });
  }

  private makeMultiplierMatrix(conjugate: boolean): Output {
    const m = expandDims(expandDims(this.multiplier, -1), -1);
    return conjugate ? conj(m) : m;
  }

  private scaled(multiplier: Output, hints: LinearOperatorOptions, numRows: Output = this.numRows): LinearOperatorScaledIdentity {
    return new LinearOperatorScaledIdentity(numRows, multiplier, { ...hints, isSquare: true });
  }

  protected _linopAdjoint(): LinearOperator {
    return this.scaled(conj(this.multiplier), { isNonSingular: this.isNonSingular, isSelfAdjoint: this.isSelfAdjoint,
      isPositiveDefinite: this.isPositiveDefinite });
  }

  protected _linopCholesky(): LinearOperator {
    return this.scaled(sqrt(this.multiplier), { isNonSingular: true, isSelfAdjoint: true, isPositiveDefinite: true });
  }

  protected _linopInverse(): LinearOperator {
    return this.scaled(truediv(1.0, this.multiplier), { isNonSingular: this.isNonSingular, isSelfAdjoint: true,
      isPositiveDefinite: this.isPositiveDefinite });
  }

  protected _linopMatmul(left: LinearOperator, right: LinearOperator): LinearOperator {
    const l = left as LinearOperatorScaledIdentity;
    const hints = commutingHints(left, right);
    if (right instanceof LinearOperatorScaledIdentity) {
      const numRows = left.domainDimensionTensor();
      return this.scaled(mul(l.multiplier, right.multiplier, 'mul'), hints, numRows);
    }
    if (right instanceof LinearOperatorDiag) {
      return new LinearOperatorDiag(mul(right.diag, l.multiplier, 'mul'), { ...hints, isSquare: true });
    }
    return super._linopMatmul(left, right);
  }

  protected _linopSolve(left: LinearOperator, right: LinearOperator): LinearOperator {
    const l = left as LinearOperatorScaledIdentity;
    const hints = commutingHints(left, right);
    if (right instanceof LinearOperatorScaledIdentity) {
      const numRows = left.domainDimensionTensor();
      return this.scaled(truediv(right.multiplier, l.multiplier), hints, numRows);
    }
    if (right instanceof LinearOperatorDiag) {
      return new LinearOperatorDiag(truediv(right.diag, l.multiplier), { ...hints, isSquare: true });
    }
    return super._linopSolve(left, right);
  }

  protected _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output {
    let xt = adjointArg ? denseAdjoint(x) : x;
    if (this.assertProperShapes) xt = withDependencies([assertCompatibleMatrixDimensions(this, xt)], xt);
    return mul(xt, this.makeMultiplierMatrix(adjoint), 'mul');
  }

  protected _determinant(): Output {
    return pow(this.multiplier, this.numRowsCastToDtype, 'pow');
  }

  protected _logAbsDeterminant(): Output {
    return mul(this.numRowsCastToRealDtype, log(abs(this.multiplier)), 'mul');
  }

  protected _solve(rhs: Output, adjoint: boolean, adjointArg: boolean): Output {
    let r = adjointArg ? denseAdjoint(rhs) : rhs;
    if (this.assertProperShapes) r = withDependencies([assertCompatibleMatrixDimensions(this, r)], r);
    return truediv(r, this.makeMultiplierMatrix(adjoint));
  }

  protected _trace(): Output {
    const batchOfOnes = this.batchOfOnes();
    const n = this.minMatrixDim();
    const scaled = n !== null ? mul(this.multiplier, n, 'mul')
      : mul(this.multiplier, cast(this.minMatrixDimTensor(), this.dtype), 'mul');
    return mul(scaled, batchOfOnes, 'mul');
  }

  protected _diagPart(): Output {
    return mul(this.onesDiag(), getItem(this.multiplier, [ellipsis, newaxis]), 'mul');
  }

  /** `add_to_tensor(mat, name='add_to_tensor')`: `mat` plus the multiplier on its diagonal. */
  addToTensor(mat: InputValue, name = 'add_to_tensor'): Output {
    return this.nameScope(name, () => {
      const multiplierVector = expandDims(this.multiplier, -1);
      const m = convertToTensor(mat, { name: 'mat' });
      return setDiag(m, add(multiplierVector, diagPart(m), 'add'));
    });
  }

  protected _eigvals(): Output {
    return this._diagPart();
  }

  protected _cond(): Output {
    return whereV2(equal(this.multiplierTensor, 0.0), cast(NaN, this.dtype), cast(1.0, this.dtype));
  }
}
