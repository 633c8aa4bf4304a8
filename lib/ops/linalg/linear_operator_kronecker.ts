/** `tf.linalg.LinearOperatorKronecker` (TF 2.21's linear_operator_kronecker.py): Kronecker products of operators. */
import { InvalidArgumentError, NotImplementedError, ValueError } from '../../errors';
import { DType } from '../../framework/dtypes';
import { InputValue, constantValue } from '../../framework/op_def_library';
import { Operation, Output, getDefaultGraph } from '../../framework/ops';
import { isFullyDefined } from '../../framework/tensor_shape';
import {
  broadcastDynamicShape, broadcastStaticShape, cast, concat, ellipsis, getItem, matrixTranspose, newaxis, reshape, shape,
  sliceOf,
} from '../array_ops';
import { group } from '../control_flow_ops';
import { add, conj, floordiv, mul, pow, truediv } from '../math_ops';
import { LinearOperator, LinearOperatorOptions, nameAndDtype, operatorList } from './linear_operator';
import { StaticShapeList, isComplex } from './linear_operator_util';

/** A shape as `_prefer_static_shape` gives it: its dimensions when fully known, else its Shape tensor. */
type PreferStatic = number[] | Output;

function preferStaticShape(x: Output): PreferStatic {
  return isFullyDefined(x.shape) ? [...x.shape] : shape(x);
}

/** `shape[-i]` of a preferred-static shape. */
function dimAt(s: PreferStatic, i: number): number | Output {
  return Array.isArray(s) ? s[s.length + i] : sliceOf(s, [i]);
}

/** `shape[:-n]` of a preferred-static shape. */
function leadOf(s: PreferStatic, n: number): PreferStatic {
  return Array.isArray(s) ? s.slice(0, -n) : sliceOf(s, [[null, -n]]);
}

/** `_prefer_static_concat_shape(first, rest)`: static when all is known, else a `concat`. */
function preferStaticConcatShape(first: PreferStatic, rest: Array<number | Output>): PreferStatic {
  const restStatic = rest.map((s) => {
    if (typeof s === 'number') return s;
    const v = constantValue(s);
    return v === null ? null : Number(v.data[0]);
  });
  if (Array.isArray(first) && restStatic.every((s) => s !== null)) return [...first, ...(restStatic as number[])];
  return concat([first, rest], 0);
}

/** Python's `a * b` of two dimensions or dimension tensors (`mul` when either is a tensor). */
function dimMul(a: number | Output, b: number | Output): number | Output {
  return typeof a === 'number' && typeof b === 'number' ? a * b : mul(a, b, 'mul');
}

const pyHint = (h: boolean | null | undefined) => (h === true ? 'True' : h === false ? 'False' : 'None');

/**
 * `tf.linalg.LinearOperatorKronecker(operators, is_non_singular=None, is_self_adjoint=None,
 * is_positive_definite=None, is_square=None, name=None)`: `operators[0] ⊗ operators[1] ⊗ ...`,
 * named `A_x_B` by default; matmul and solve factor by factor on reshaped arguments.
 */
export class LinearOperatorKronecker extends LinearOperator {
  /** The factors. */
  readonly operators: LinearOperator[];

  constructor(operators: LinearOperator[], options: LinearOperatorOptions = {}) {
    if (operatorList(operators).length === 0) throw new ValueError('Argument `operators` must be a list of >=1 operators. Received: [].');
    const dtype = operators[0].dtype;
    if (operators.some((o) => o.dtype !== dtype)) {
      throw new TypeError('Expected every operation in argument `operators` to have the same dtype. Received ' +
        `[${operators.map((o) => `"${nameAndDtype(o)}"`).join(', ')}].`);
    }
    let { isNonSingular = null, isSelfAdjoint = null, isPositiveDefinite = null } = options;
    const implied = (all: boolean, given: boolean | null, what: string, arg: string): boolean | null => {
      if (!all) return given;
      if (given === false) {
        throw new ValueError(`The Kronecker product of ${what} operators is always ${what}. Expected argument \`${arg}\` ` +
          `to be True. Received: ${pyHint(given)}.`);
      }
      return true;
    };
    isNonSingular = implied(operators.every((o) => o.isNonSingular), isNonSingular, 'non-singular', 'is_non_singular');
    isSelfAdjoint = implied(operators.every((o) => o.isSelfAdjoint), isSelfAdjoint, 'self-adjoint', 'is_self_adjoint');
    isPositiveDefinite = implied(operators.every((o) => o.isPositiveDefinite), isPositiveDefinite, 'positive-definite',
      'is_positive_definite');
    const name = options.name ?? operators.map((o) => o.name).join('_x_');
    getDefaultGraph().nameScope(name, () => undefined);
    super(dtype, { isNonSingular, isSelfAdjoint, isPositiveDefinite, isSquare: options.isSquare }, name);
    this.operators = [...operators];
  }

  protected _shape(): StaticShapeList {
    const product = (dims: Array<number | null>) => (dims.some((d) => d === null) ? null
      : (dims as number[]).reduce((p, d) => p * d, 1));
    const domain = product(this.operators.map((o) => o.domainDimension));
    const range = product(this.operators.map((o) => o.rangeDimension));
    let batch = this.operators[0].batchShape;
    for (const o of this.operators.slice(1)) batch = broadcastStaticShape(batch, o.batchShape) as StaticShapeList;
    return batch === null ? null : [...batch, range, domain];
  }

  protected _shapeTensor(): Output {
    let domain = this.operators[0].domainDimensionTensor();
    for (const o of this.operators.slice(1)) domain = mul(domain, o.domainDimensionTensor(), 'mul');
    let range = this.operators[0].rangeDimensionTensor();
    for (const o of this.operators.slice(1)) range = mul(range, o.rangeDimensionTensor(), 'mul');
    let batch = this.operators[0].batchShapeTensor();
    for (const o of this.operators.slice(1)) batch = broadcastDynamicShape(batch, o.batchShapeTensor());
    return concat([batch, [range, domain]], 0);
  }

  protected _linopAdjoint(): LinearOperator {
    return new LinearOperatorKronecker(this.operators.map((o) => o.adjoint()), { isNonSingular: this.isNonSingular,
      isSelfAdjoint: this.isSelfAdjoint, isPositiveDefinite: this.isPositiveDefinite, isSquare: true });
  }

  protected _linopCholesky(): LinearOperator {
    return new LinearOperatorKronecker(this.operators.map((o) => o.cholesky()),
      { isNonSingular: true, isSelfAdjoint: null, isSquare: true });
  }

  protected _linopInverse(): LinearOperator {
    return new LinearOperatorKronecker(this.operators.map((o) => o.inverse()), { isNonSingular: this.isNonSingular,
      isSelfAdjoint: this.isSelfAdjoint, isPositiveDefinite: this.isPositiveDefinite, isSquare: true });
  }

  /** `_solve_matmul_internal`: `fn` of each factor, last first, on `x` reshaped to its dimension. */
  private solveMatmulInternal(x: Output, fn: (o: LinearOperator, y: Output) => Output, adjoint: boolean,
    adjointArg: boolean): Output {
    let output = x;
    if (adjointArg) {
      if (isComplex(this.dtype)) output = conj(output);
    } else {
      output = matrixTranspose(output);
    }
    for (const o of [...this.operators].reverse()) {
      let operatorDimension: number | Output = adjoint ? o.rangeDimensionTensor() : o.domainDimensionTensor();
      let outputShape = preferStaticShape(output);
      let dim: number | Output;
      const known = constantValue(operatorDimension);
      if (known !== null) {
        operatorDimension = Number(known.data[0]);
        const s = output.shape;
        if (s === null || s[s.length - 2] === null || s[s.length - 1] === null || !Array.isArray(outputShape)) {
          // TF fails here too (`dim` is left unbound, or int() of a tensor).
          throw new NotImplementedError('Kronecker matmul/solve of an argument of unknown shape by factors of known ' +
            'dimensions is not supported (TF fails there too).');
        }
        dim = Math.floor((s[s.length - 2] as number) * (outputShape[outputShape.length - 1]) / operatorDimension);
      } else {
        dim = cast(floordiv(dimMul(dimAt(outputShape, -2), dimAt(outputShape, -1)), operatorDimension), DType.int32);
      }
      outputShape = preferStaticConcatShape(leadOf(outputShape, 2), [dim, operatorDimension]);
      output = reshape(output, outputShape);
      if (isComplex(this.dtype)) output = conj(output);
      output = fn(o, output);
    }
    const colDim = dimAt(preferStaticShape(x), adjointArg ? -2 : -1);
    const rowDim = adjoint ? this.domainDimensionTensor() : this.rangeDimensionTensor();
    output = reshape(output, preferStaticConcatShape(leadOf(preferStaticShape(output), 2), [rowDim, colDim]));
    const xs = x.shape;
    if (isFullyDefined(xs)) {
      const columnDim = xs[xs.length + (adjointArg ? -2 : -1)];
      const batch = broadcastStaticShape(xs.slice(0, -2), this.batchShape) as StaticShapeList;
      if (batch !== null) output.setShape([...batch, adjoint ? this.domainDimension : this.rangeDimension, columnDim]);
    }
    return output;
  }

  protected _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output {
    return this.solveMatmulInternal(x, (o, y) => o.matmul(y, { adjoint, adjointArg: true }), adjoint, adjointArg);
  }

  protected _solve(rhs: Output, adjoint: boolean, adjointArg: boolean): Output {
    return this.solveMatmulInternal(rhs, (o, y) => o.solve(y, { adjoint, adjointArg: true }), adjoint, adjointArg);
  }

  /** `total / operator.domain_dimension_tensor()` cast to the operator's dtype: the power of each factor. */
  private exponent(total: Output, o: LinearOperator): Output {
    return cast(truediv(total, o.domainDimensionTensor()), o.dtype);
  }

  protected _determinant(): Output {
    const total = this.domainDimensionTensor();
    let determinant: InputValue = 1.0;
    for (const o of this.operators) {
      const d = o.determinant();
      determinant = mul(determinant, pow(d, this.exponent(total, o), 'pow'), 'mul');
    }
    return determinant as Output;
  }

  protected _logAbsDeterminant(): Output {
    const total = this.domainDimensionTensor();
    let logAbsDet: InputValue = 0.0;
    for (const o of this.operators) {
      const lad = o.logAbsDeterminant();
      logAbsDet = add(logAbsDet, mul(lad, this.exponent(total, o), 'mul'), 'add');
    }
    return logAbsDet as Output;
  }

  protected _trace(): Output {
    let trace: InputValue = 1.0;
    for (const o of this.operators) trace = mul(trace, o.trace(), 'mul');
    return trace as Output;
  }

  /** The outer products of the factors' diagonals (or eigenvalues), flattened. */
  private outerFlat(parts: () => Output[]): Output {
    const all = parts();
    let product = all[0];
    for (const p of all.slice(1)) {
      product = mul(getItem(product, [ellipsis, newaxis]), getItem(p, [ellipsis, newaxis, ':']), 'mul');
      product = reshape(product, concat([sliceOf(shape(product), [[null, -2]]), [-1]], 0));
    }
    return product;
  }

  protected _diagPart(): Output {
    let diagPart = this.operators[0].diagPart();
    for (const o of this.operators.slice(1)) {
      diagPart = getItem(diagPart, [ellipsis, ':', newaxis]);
      diagPart = mul(diagPart, getItem(o.diagPart(), [ellipsis, newaxis, ':']), 'mul');
      diagPart = reshape(diagPart, concat([sliceOf(shape(diagPart), [[null, -2]]), [-1]], 0));
    }
    const [r, d] = [this.rangeDimension, this.domainDimension];
    const b = this.batchShape;
    if (b !== null) diagPart.setShape([...b, r !== null && d !== null && r > d ? d : r]);
    return diagPart;
  }

  protected _toDense(): Output {
    let product = this.operators[0].toDense();
    for (const o of this.operators.slice(1)) {
      product = getItem(product, [ellipsis, ':', newaxis, ':', newaxis]);
      product = mul(product, getItem(o.toDense(), [ellipsis, newaxis, ':', newaxis, ':']), 'mul');
      const s = preferStaticShape(product);
      product = reshape(product, preferStaticConcatShape(leadOf(s, 4),
        [dimMul(dimAt(s, -4), dimAt(s, -3)), dimMul(dimAt(s, -2), dimAt(s, -1))]));
    }
    product.setShape(this.shape);
    return product;
  }

  protected _eigvals(): Output {
    const product = this.outerFlat(() => this.operators.map((o) => o.eigvals()));
    const s = this.shape;
    product.setShape(s === null ? null : s.slice(0, -1));
    return product;
  }

  private groupOfFactors(each: (o: LinearOperator) => Operation): Operation {
    if (this.operators.every((o) => o.isSquare)) return group(this.operators.map(each));
    throw new InvalidArgumentError('All Kronecker factors must be square for the product to be invertible. Expected hint ' +
      '`is_square` to be True for every operator in argument `operators`.');
  }

  protected _assertNonSingular(): Operation {
    return this.groupOfFactors((o) => o.assertNonSingular());
  }

  protected _assertSelfAdjoint(): Operation {
    return this.groupOfFactors((o) => o.assertSelfAdjoint());
  }
}
