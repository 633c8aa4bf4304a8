/**
 * `tf.linalg.LinearOperator` (TF 2.21's linear_operator.py) in graph mode: the base class of the
 * operators acting like matrices without building them, with TF's hints, their checks, and its
 * public methods, each in TF's scope `<operator name>/<method>`. Subclasses give `_shape`,
 * `_matmul` and whatever they do better than the dense defaults here.
 */
import { AttributeError, NotImplementedError, ValueError } from '../../errors';
import { DType, baseDType, dtypeName, dtypeRepr } from '../../framework/dtypes';
import { InputValue, convertToTensor } from '../../framework/op_def_library';
import { Operation, Output, getDefaultGraph } from '../../framework/ops';
import { dimensionAtIndex, isFullyDefined } from '../../framework/tensor_shape';
import { pyStr } from '../../util/python_repr';
import { cast, expandDims, rank, size, sliceOf, squeeze } from '../array_ops';
import { assertEqual, assertLess, assertPositive, assertProperIterable } from '../check_ops';
import {
  adjoint as denseAdjoint, cholesky as denseCholesky, choleskySolve, det, diagPart as matrixDiagPart, eigvalsh, eye, slogdet,
  svd,
} from '../linalg_ops';
import { abs, add, exp, log, mul, range, reduceMax, reduceMin, reduceSum, truediv } from '../math_ops';
import type { LinearOperatorAdjoint } from './linear_operator_adjoint';
import type { LinearOperatorComposition } from './linear_operator_composition';
import type { LinearOperatorInversion } from './linear_operator_inversion';
import type { LinearOperatorLowerTriangular } from './linear_operator_lower_triangular';
import {
  Hint, StaticShapeList, combinedNonSingularHint, isSquareProduct, matrixSolveWithBroadcast, shapeTensor,
} from './linear_operator_util';

/** The hints of an operator (Python's `is_non_singular`, ...): true, false, or null/undefined when unknown. */
export interface LinearOperatorHints {
  isNonSingular?: Hint;
  isSelfAdjoint?: Hint;
  isPositiveDefinite?: Hint;
  isSquare?: Hint;
}

/** The options of a subclass's constructor: its hints and name. */
export interface LinearOperatorOptions extends LinearOperatorHints {
  name?: string;
}

/** The options of `matmul` and `solve`: the adjoint of the operator or of the argument. */
export interface LinearOperatorMatmulOptions {
  adjoint?: boolean;
  adjointArg?: boolean;
  name?: string;
}

/** The options of `matvec` and `solvevec`. */
export interface LinearOperatorMatvecOptions {
  adjoint?: boolean;
  name?: string;
}

type Ctor<T> = new (operator: LinearOperator, options?: LinearOperatorOptions) => T;

/**
 * The subclasses the base class makes (`_linop_matmul`'s composition, `_linop_adjoint`, ...), set
 * by their modules when they load: as in TF, where linear_operator.py imports them late.
 */
export const subclasses = {} as {
  Adjoint: Ctor<LinearOperatorAdjoint>;
  Inversion: Ctor<LinearOperatorInversion>;
  Composition: new (operators: LinearOperator[], options?: LinearOperatorOptions) => LinearOperatorComposition;
  LowerTriangular: new (tril: InputValue, options?: LinearOperatorOptions) => LinearOperatorLowerTriangular;
};

const hint = (h: Hint | undefined): Hint => (h === undefined ? null : h);

/**
 * `tf.linalg.LinearOperator(dtype, is_non_singular, is_self_adjoint, is_positive_definite,
 * is_square, name)`: the base class. Its hints are checked against each other (a positive
 * definite matrix is non-singular, a non-singular or self-adjoint one square) as TF does.
 */
export abstract class LinearOperator {
  readonly dtype: DType;
  readonly name: string;
  readonly isNonSingular: Hint;
  readonly isSelfAdjoint: Hint;
  readonly isPositiveDefinite: Hint;
  private readonly isSquareSetOrImpliedByHints: Hint;

  protected constructor(dtype: DType, hints: LinearOperatorHints, name: string) {
    let isNonSingular = hint(hints.isNonSingular);
    let isSquare = hint(hints.isSquare);
    if (hints.isPositiveDefinite) {
      if (isNonSingular === false) throw new ValueError('A positive definite matrix is always non-singular.');
      isNonSingular = true;
    }
    if (isNonSingular) {
      if (isSquare === false) throw new ValueError('A non-singular matrix is always square.');
      isSquare = true;
    }
    if (hints.isSelfAdjoint) {
      if (isSquare === false) throw new ValueError('A self-adjoint matrix is always square.');
      isSquare = true;
    }
    this.isSquareSetOrImpliedByHints = isSquare;
    this.dtype = baseDType(dtype);
    this.isNonSingular = isNonSingular;
    this.isSelfAdjoint = hint(hints.isSelfAdjoint);
    this.isPositiveDefinite = hint(hints.isPositiveDefinite);
    this.name = name;
  }

  /** `_name_scope(name)`: `fn` in scope `<this.name>/<name>` (a new unique one) of the default graph. */
  protected nameScope<T>(name: string | undefined, fn: () => T): T {
    return getDefaultGraph().nameScope(name === undefined ? this.name : `${this.name}/${name}`, fn);
  }

  /** `is_square`: the hint, or whether the static shape is square (null when unknown). */
  get isSquare(): Hint {
    const d = this.domainDimension;
    const r = this.rangeDimension;
    const auto = d === null || r === null ? null : d === r;
    if (this.isSquareSetOrImpliedByHints === false && auto) {
      throw new ValueError('User set is_square hint to False, but the operator was square.');
    }
    return this.isSquareSetOrImpliedByHints === null ? auto : this.isSquareSetOrImpliedByHints;
  }

  protected abstract _shape(): StaticShapeList;

  /** `shape`: the static shape, `batch_shape + [M, N]` (null for an unknown rank). */
  get shape(): StaticShapeList {
    return this._shape();
  }

  protected _shapeTensor(): Output {
    throw new NotImplementedError('_shape_tensor is not implemented.');
  }

  /** `shape_tensor(name='shape_tensor')`: the shape as an int32 tensor, a Const when static. */
  shapeTensor(name = 'shape_tensor'): Output {
    return this.nameScope(name, () => {
      const s = this.shape;
      return isFullyDefined(s) ? shapeTensor(s) : this._shapeTensor();
    });
  }

  /** `batch_shape`: the static shape but its last two dimensions. */
  get batchShape(): StaticShapeList {
    const s = this.shape;
    return s === null ? null : s.slice(0, -2);
  }

  /** `batch_shape_tensor(name='batch_shape_tensor')`. */
  batchShapeTensor(name = 'batch_shape_tensor'): Output {
    return this.nameScope(name, () => this._batchShapeTensor());
  }

  /** `_batch_shape_tensor(shape=None)`: of `shape` (this operator's shape tensor) when given and needed. */
  protected _batchShapeTensor(shape?: Output): Output {
    const b = this.batchShape;
    if (isFullyDefined(b)) return shapeTensor(b, 'batch_shape');
    return sliceOf(shape ?? this.shapeTensor(), [[null, -2]]);
  }

  /** `tensor_rank`: the static rank, null when unknown. */
  get tensorRank(): number | null {
    const s = this.shape;
    return s === null ? null : s.length;
  }

  /** `tensor_rank_tensor(name='tensor_rank_tensor')`. */
  tensorRankTensor(name = 'tensor_rank_tensor'): Output {
    return this.nameScope(name, () => {
      const r = this.tensorRank;
      return r !== null ? convertToTensor(r, { dtype: DType.int32 }) : size(this.shapeTensor());
    });
  }

  /** `domain_dimension`: N of the `[M, N]` matrices, null when unknown. */
  get domainDimension(): number | null {
    const s = this.shape;
    return s === null ? null : s[s.length - 1];
  }

  /** `domain_dimension_tensor(name='domain_dimension_tensor')`. */
  domainDimensionTensor(name = 'domain_dimension_tensor'): Output {
    return this.nameScope(name, () => this._domainDimensionTensor());
  }

  /** `_domain_dimension_tensor(shape=None)`. */
  protected _domainDimensionTensor(shape?: Output): Output {
    const d = this.domainDimension;
    return d !== null ? convertToTensor(d, { dtype: DType.int32 }) : sliceOf(shape ?? this.shapeTensor(), [-1]);
  }

  /** `range_dimension`: M of the `[M, N]` matrices, null when unknown. */
  get rangeDimension(): number | null {
    const s = this.shape;
    return s === null || s.length === 0 ? null : s[s.length - 2];
  }

  /** `range_dimension_tensor(name='range_dimension_tensor')`. */
  rangeDimensionTensor(name = 'range_dimension_tensor'): Output {
    return this.nameScope(name, () => this._rangeDimensionTensor());
  }

  /** `_range_dimension_tensor(shape=None)`. */
  protected _rangeDimensionTensor(shape?: Output): Output {
    const r = this.rangeDimension;
    return r !== null ? convertToTensor(r, { dtype: DType.int32 }) : sliceOf(shape ?? this.shapeTensor(), [-2]);
  }

  protected _assertNonSingular(): Operation {
    if (this.canUseCholesky()) return this.assertPositiveDefinite();
    const singularValues = svd(this.toDense(), { computeUv: false });
    const cond = truediv(reduceMax(singularValues, -1), reduceMin(singularValues, -1));
    return assertLess(cond, this.maxConditionNumberToBeNonSingular(), { message: 'Singular matrix up to precision epsilon.' });
  }

  private maxConditionNumberToBeNonSingular(): Output {
    return getDefaultGraph().nameScope('max_nonsingular_condition_number', () => {
      const eps = this.dtype === DType.float64 ? 2.220446049250313e-16 : this.dtype === DType.float16 ? 0.000977
        : 1.1920929e-07;
      const dims = [100.0, cast(this.rangeDimensionTensor(), this.dtype), cast(this.domainDimensionTensor(), this.dtype)];
      // Of a list, TF reduces over `range(0, rank(list))`, packing the list once for each.
      return truediv(1.0, mul(cast(reduceMax(dims, range(0, rank(dims))), this.dtype), eps, 'mul'));
    });
  }

  /** `assert_non_singular(name='assert_non_singular')`: an op failing at run time when the operator is singular. */
  assertNonSingular(name = 'assert_non_singular'): Operation {
    return this.nameScope(name, () => this._assertNonSingular());
  }

  protected _assertPositiveDefinite(): Operation {
    if (this.isSelfAdjoint) {
      return assertPositive(matrixDiagPart(denseCholesky(this.toDense())), { message: 'Matrix was not positive definite.' });
    }
    throw new NotImplementedError('assert_positive_definite is not implemented.');
  }

  /** `assert_positive_definite(name='assert_positive_definite')`. */
  assertPositiveDefinite(name = 'assert_positive_definite'): Operation {
    return this.nameScope(name, () => this._assertPositiveDefinite());
  }

  protected _assertSelfAdjoint(): Operation {
    const dense = this.toDense();
    return assertEqual(dense, denseAdjoint(dense), { message: 'Matrix was not equal to its adjoint.' });
  }

  /** `assert_self_adjoint(name='assert_self_adjoint')`. */
  assertSelfAdjoint(name = 'assert_self_adjoint'): Operation {
    return this.nameScope(name, () => this._assertSelfAdjoint());
  }

  /** `_check_input_dtype(arg)`: TypeError unless `arg` is of this operator's dtype. */
  protected checkInputDtype(arg: Output): void {
    if (baseDType(arg.dtype) !== this.dtype) {
      throw new TypeError(`Expected argument to have dtype ${dtypeRepr(this.dtype)}.  Found: ${dtypeRepr(arg.dtype)} in ` +
        `tensor ${pyStr(arg)}`);
    }
  }

  protected abstract _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output;

  /**
   * `matmul(x, adjoint=False, adjoint_arg=False, name='matmul')`: this operator (or its adjoint)
   * times `x` (or its adjoint); of another LinearOperator, the operator of their product.
   */
  matmul(x: LinearOperator, options?: LinearOperatorMatmulOptions): LinearOperator;
  matmul(x: InputValue, options?: LinearOperatorMatmulOptions): Output;
  matmul(x: InputValue | LinearOperator, options: LinearOperatorMatmulOptions = {}): Output | LinearOperator {
    const { adjoint = false, adjointArg = false, name = 'matmul' } = options;
    if (x instanceof LinearOperator) {
      const left = adjoint ? this.adjoint() : this;
      const right = adjointArg ? x.adjoint() : x;
      checkOperatorsCompatible(left, right, 'x');
      return this.nameScope(name, () => this._linopMatmul(left, right));
    }
    return this.nameScope(name, () => {
      const xt = convertToTensor(x, { name: 'x' });
      this.checkInputDtype(xt);
      dimensionAtIndex(this.shape, adjoint ? -2 : -1).assertIsCompatibleWith(
        dimensionAtIndex(xt.shape, adjointArg ? -1 : -2));
      return this._matmul(xt, adjoint, adjointArg);
    });
  }

  /** `_linop_matmul(left, right)`: the operator of `left right`, by default their Composition. */
  protected _linopMatmul(left: LinearOperator, right: LinearOperator): LinearOperator {
    if (isIdentity(right)) return left;
    if ('zerosDiag' in right) {
      if (!right.isSquare || !left.isSquare) {
        throw new ValueError('Matmul with non-square `LinearOperator`s or non-square `LinearOperatorZeros` not supported ' +
          'at this time.');
      }
      return right;
    }
    return new subclasses.Composition([left, right], productHints(left, right));
  }

  protected _matvec(x: Output, adjoint: boolean): Output {
    return squeeze(this.matmul(expandDims(x, -1), { adjoint }), [-1]);
  }

  /** `matvec(x, adjoint=False, name='matvec')`: this operator (or its adjoint) times the vectors `x`. */
  matvec(x: InputValue, options: LinearOperatorMatvecOptions = {}): Output {
    const { adjoint = false, name = 'matvec' } = options;
    return this.nameScope(name, () => {
      const xt = convertToTensor(x, { name: 'x' });
      this.checkInputDtype(xt);
      dimensionAtIndex(this.shape, adjoint ? -2 : -1).assertIsCompatibleWith(dimensionAtIndex(xt.shape, -1));
      return this._matvec(xt, adjoint);
    });
  }

  protected _determinant(): Output {
    if (this.canUseCholesky()) return exp(this.logAbsDeterminant());
    return det(this.toDense());
  }

  /** `determinant(name='det')`. */
  determinant(name = 'det'): Output {
    if (this.isSquare === false) {
      throw new NotImplementedError('Determinant not implemented for an operator that is expected to not be square.');
    }
    return this.nameScope(name, () => this._determinant());
  }

  protected _logAbsDeterminant(): Output {
    if (this.canUseCholesky()) {
      const diag = matrixDiagPart(denseCholesky(this.toDense()));
      return mul(2, reduceSum(log(diag), [-1]), 'mul');
    }
    return slogdet(this.toDense())[1];
  }

  /** `log_abs_determinant(name='log_abs_det')`. */
  logAbsDeterminant(name = 'log_abs_det'): Output {
    if (this.isSquare === false) {
      throw new NotImplementedError('Determinant not implemented for an operator that is expected to not be square.');
    }
    return this.nameScope(name, () => this._logAbsDeterminant());
  }

  /** `_dense_solve(rhs, adjoint, adjoint_arg)`: by Cholesky when positive definite, else `MatrixSolve`. */
  protected denseSolve(rhs: Output, adjoint: boolean, adjointArg: boolean): Output {
    if (this.isSquare === false) throw new NotImplementedError('Solve is not yet implemented for non-square operators.');
    const r = adjointArg ? denseAdjoint(rhs) : rhs;
    if (this.canUseCholesky()) return choleskySolve(denseCholesky(this.toDense()), r);
    return matrixSolveWithBroadcast(this.toDense(), r, adjoint);
  }

  protected _solve(rhs: Output, adjoint: boolean, adjointArg: boolean): Output {
    return this.denseSolve(rhs, adjoint, adjointArg);
  }

  /**
   * `solve(rhs, adjoint=False, adjoint_arg=False, name='solve')`: `X` with `A X = rhs` (A this
   * operator or its adjoint); of another LinearOperator, the operator of `A^-1 rhs`.
   */
  solve(rhs: LinearOperator, options?: LinearOperatorMatmulOptions): LinearOperator;
  solve(rhs: InputValue, options?: LinearOperatorMatmulOptions): Output;
  solve(rhs: InputValue | LinearOperator, options: LinearOperatorMatmulOptions = {}): Output | LinearOperator {
    const { adjoint = false, adjointArg = false, name = 'solve' } = options;
    if (this.isNonSingular === false) {
      throw new NotImplementedError('Exact solve not implemented for an operator that is expected to be singular.');
    }
    if (this.isSquare === false) {
      throw new NotImplementedError('Exact solve not implemented for an operator that is expected to not be square.');
    }
    if (rhs instanceof LinearOperator) {
      const left = adjoint ? this.adjoint() : this;
      const right = adjointArg ? rhs.adjoint() : rhs;
      checkOperatorsCompatible(left, right, 'rhs');
      return this.nameScope(name, () => this._linopSolve(left, right));
    }
    return this.nameScope(name, () => {
      const r = convertToTensor(rhs, { name: 'rhs' });
      this.checkInputDtype(r);
      dimensionAtIndex(this.shape, adjoint ? -1 : -2).assertIsCompatibleWith(dimensionAtIndex(r.shape, adjointArg ? -1 : -2));
      return this._solve(r, adjoint, adjointArg);
    });
  }

  /** `_linop_solve(left, right)`: the operator of `left^-1 right`, by default `Composition([Inversion(left), right])`. */
  protected _linopSolve(left: LinearOperator, right: LinearOperator): LinearOperator {
    if (isIdentity(right)) return left.inverse();
    const hints = productHints(left, right);
    return new subclasses.Composition([new subclasses.Inversion(left), right], hints);
  }

  protected _solvevec(rhs: Output, adjoint: boolean): Output {
    return squeeze(this.solve(expandDims(rhs, -1), { adjoint }), [-1]);
  }

  /** `solvevec(rhs, adjoint=False, name='solve')`: the vectors `x` with `A x = rhs`. */
  solvevec(rhs: InputValue, options: LinearOperatorMatvecOptions = {}): Output {
    const { adjoint = false, name = 'solve' } = options;
    return this.nameScope(name, () => {
      const r = convertToTensor(rhs, { name: 'rhs' });
      this.checkInputDtype(r);
      dimensionAtIndex(this.shape, adjoint ? -1 : -2).assertIsCompatibleWith(dimensionAtIndex(r.shape, -1));
      return this._solvevec(r, adjoint);
    });
  }

  /** `adjoint(name='adjoint')` (also `H`): the operator of the conjugate transpose; this one when self-adjoint. */
  adjoint(name = 'adjoint'): LinearOperator {
    if (this.isSelfAdjoint === true) return this;
    return this.nameScope(name, () => this._linopAdjoint());
  }

  /** `H`: `adjoint()`. */
  get H(): LinearOperator {
    return this.adjoint();
  }

  protected _linopAdjoint(): LinearOperator {
    return new subclasses.Adjoint(this, { isNonSingular: this.isNonSingular, isSelfAdjoint: this.isSelfAdjoint,
      isPositiveDefinite: this.isPositiveDefinite, isSquare: this.isSquare });
  }

  /** `inverse(name='inverse')`: the operator of the inverse (ValueError when non-square or singular). */
  inverse(name = 'inverse'): LinearOperator {
    if (this.isSquare === false) {
      throw new ValueError('Cannot take the Inverse: This operator represents a non square matrix.');
    }
    if (this.isNonSingular === false) {
      throw new ValueError('Cannot take the Inverse: This operator represents a singular matrix.');
    }
    return this.nameScope(name, () => this._linopInverse());
  }

  protected _linopInverse(): LinearOperator {
    return new subclasses.Inversion(this, { isNonSingular: this.isNonSingular, isSelfAdjoint: this.isSelfAdjoint,
      isPositiveDefinite: this.isPositiveDefinite, isSquare: this.isSquare });
  }

  /** `cholesky(name='cholesky')`: the lower triangular operator `L` with `L L^H` this one (self-adjoint positive definite). */
  cholesky(name = 'cholesky'): LinearOperator {
    if (!this.canUseCholesky()) {
      throw new ValueError('Cannot take the Cholesky decomposition: Not a positive definite self adjoint matrix.');
    }
    return this.nameScope(name, () => this._linopCholesky());
  }

  protected _linopCholesky(): LinearOperator {
    return new subclasses.LowerTriangular(denseCholesky(this.toDense()),
      { isNonSingular: true, isSelfAdjoint: false, isSquare: true });
  }

  protected _toDense(): Output {
    const b = this.batchShape;
    const batchShape = isFullyDefined(b) ? b : this.batchShapeTensor();
    const d = this.domainDimension;
    const n = d !== null ? d : this.domainDimensionTensor();
    return this.matmul(eye(n, { batchShape, dtype: this.dtype }));
  }

  /** `to_dense(name='to_dense')`: the matrix this operator stands for. */
  toDense(name = 'to_dense'): Output {
    return this.nameScope(name, () => this._toDense());
  }

  protected _diagPart(): Output {
    return matrixDiagPart(this.toDense());
  }

  /** `diag_part(name='diag_part')`: the diagonal of the matrix. */
  diagPart(name = 'diag_part'): Output {
    return this.nameScope(name, () => this._diagPart());
  }

  protected _trace(): Output {
    return reduceSum(this.diagPart(), -1);
  }

  /** `trace(name='trace')`: the sum of the diagonal. */
  trace(name = 'trace'): Output {
    return this.nameScope(name, () => this._trace());
  }

  protected _addToTensor(x: Output): Output {
    return add(this.toDense(), x, 'add');
  }

  /** `add_to_tensor(x, name='add_to_tensor')`: the matrix plus `x`. */
  addToTensor(x: InputValue, name = 'add_to_tensor'): Output {
    return this.nameScope(name, () => {
      const xt = convertToTensor(x, { name: 'x' });
      this.checkInputDtype(xt);
      return this._addToTensor(xt);
    });
  }

  protected _eigvals(): Output {
    return eigvalsh(this.toDense());
  }

  /** `eigvals(name='eigvals')`: the eigenvalues of a self-adjoint operator. */
  eigvals(name = 'eigvals'): Output {
    if (!this.isSelfAdjoint) throw new NotImplementedError('Only self-adjoint matrices are supported.');
    return this.nameScope(name, () => this._eigvals());
  }

  protected _cond(): Output {
    const vals = !this.isSelfAdjoint ? svd(this.toDense(), { computeUv: false }) : abs(this._eigvals());
    return truediv(reduceMax(vals, -1), reduceMin(vals, -1));
  }

  /** `cond(name='cond')`: the condition number (largest over smallest singular value). */
  cond(name = 'cond'): Output {
    return this.nameScope(name, () => this._cond());
  }

  /** `_can_use_cholesky()`: self-adjoint and positive definite. */
  protected canUseCholesky(): boolean {
    return Boolean(this.isSelfAdjoint && this.isPositiveDefinite);
  }
}

/** The hints of the Composition `left right` that `_linop_matmul`/`_linop_solve` make by default. */
function productHints(left: LinearOperator, right: LinearOperator): LinearOperatorHints {
  const isSquare = isSquareProduct(left, right);
  if (isSquare) return { isNonSingular: combinedNonSingularHint(left, right), isSquare };
  if (isSquare === false) return { isNonSingular: false, isSelfAdjoint: false, isPositiveDefinite: false, isSquare };
  return { isSquare };
}

/** An operator made from another (LinearOperatorAdjoint, LinearOperatorInversion): its assertions are the other's. */
export abstract class LinearOperatorOfOperator extends LinearOperator {
  /** The operator this one is made from. */
  readonly operator: LinearOperator;

  protected constructor(operator: LinearOperator, hints: LinearOperatorHints, name: string) {
    super(operator.dtype, hints, name);
    this.operator = operator;
  }

  protected _assertNonSingular(): Operation {
    return this.operator.assertNonSingular();
  }

  protected _assertPositiveDefinite(): Operation {
    return this.operator.assertPositiveDefinite();
  }

  protected _assertSelfAdjoint(): Operation {
    return this.operator.assertSelfAdjoint();
  }
}

/** `hasattr(op, "_ones_diag") and not hasattr(op, "multiplier")`: a LinearOperatorIdentity. */
export function isIdentity(op: LinearOperator): boolean {
  return 'onesDiag' in op && !('multiplier' in op);
}

/** The check of `matmul`/`solve` of two operators: `right`'s range is `left`'s domain. */
function checkOperatorsCompatible(left: LinearOperator, right: LinearOperator, arg: string): void {
  const r = right.rangeDimension;
  const d = left.domainDimension;
  if (r !== null && d !== null && r !== d) {
    throw new ValueError(`Operators are incompatible. Expected \`${arg}\` to have dimension ${d} but got ${r}.`);
  }
}

/** Python's type name of the JS value standing for `x`, as its AttributeError prints it. */
function pyTypeName(x: unknown): string {
  if (x === null || x === undefined) return 'NoneType';
  if (x instanceof Output) return 'SymbolicTensor';
  if (typeof x === 'number') return Number.isInteger(x) ? 'int' : 'float';
  if (typeof x === 'string') return 'str';
  if (typeof x === 'boolean') return 'bool';
  if (Array.isArray(x)) return 'list';
  return (x as object).constructor?.name ?? 'object';
}

/** `operator` as the LinearOperator it must be: otherwise Python's AttributeError on the first attribute read. */
export function checkOperator(operator: unknown, attribute: string): LinearOperator {
  if (operator instanceof LinearOperator) return operator;
  throw new AttributeError(`'${pyTypeName(operator)}' object has no attribute '${attribute}'`);
}

/**
 * `operators` as a list of LinearOperators: `assert_proper_iterable`'s TypeError, then the
 * AttributeError of the first that is not one (Python reads `dtype`, then `is_non_singular`).
 */
export function operatorList(operators: unknown): LinearOperator[] {
  assertProperIterable(operators);
  return Array.from(operators as Iterable<unknown>, (o) =>
    checkOperator(o, o !== null && typeof o === 'object' && 'dtype' in o ? 'is_non_singular' : 'dtype'));
}

/**
 * The checks Composition and BlockDiag make of their operators: some, all of one dtype (which this
 * gives); ValueError, TypeError or AttributeError with TF's messages.
 */
export function checkOperatorList(operators: LinearOperator[]): DType {
  if (operatorList(operators).length === 0) throw new ValueError('Expected a non-empty list of operators. Found: []');
  const dtype = operators[0].dtype;
  if (operators.some((o) => o.dtype !== dtype)) {
    throw new TypeError(`Expected all operators to have the same dtype.  Found ${operators.map(nameAndDtype).join('   ')}`);
  }
  return dtype;
}

/** `str((o.name, o.dtype))` of TF's messages. */
export function nameAndDtype(op: LinearOperator): string {
  return `('${op.name}', tf.${dtypeName(op.dtype)})`;
}
