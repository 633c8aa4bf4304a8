/**
 * `tf.linalg.LinearOperatorBlockLowerTriangular` (TF 2.21's linear_operator_block_lower_triangular.py):
 * block lower triangular operators, solving by block forward substitution.
 */
import { ValueError } from '../../errors';
import { DType, dtypeRepr } from '../../framework/dtypes';
import { convertToTensor } from '../../framework/op_def_library';
import { Operation, Output, getDefaultGraph } from '../../framework/ops';
import { Tensor } from '../../framework/tensor';
import {
  broadcastDynamicShape, broadcastStaticShape, cast, concat, ellipsis, getItem, newaxis, ones, shape, sliceOf, split,
  squeeze, stack, zeros,
} from '../array_ops';
import { assertProperIterable } from '../check_ops';
import { group } from '../control_flow_ops';
import { adjoint as denseAdjoint } from '../linalg_ops';
import { add, exp, sub } from '../math_ops';
import { LinearOperator, LinearOperatorOptions, nameAndDtype, operatorList } from './linear_operator';
import { sumDims, sumTensors } from './linear_operator_block_diag';
import { LinearOperatorDiag } from './linear_operator_diag';
import { LinearOperatorFullMatrix } from './linear_operator_full_matrix';
import { LinearOperatorIdentity, LinearOperatorScaledIdentity } from './linear_operator_identity';
import { LinearOperatorLowerTriangular } from './linear_operator_lower_triangular';
import { StaticShapeList, broadcastMatrixBatchDims, foldOperators, shapeTensor } from './linear_operator_util';

/**
 * `tf.linalg.LinearOperatorBlockLowerTriangular(operators, is_non_singular=None, is_self_adjoint=None,
 * is_positive_definite=None, is_square=None, name='LinearOperatorBlockLowerTriangular')`: the square
 * block lower triangular matrix whose row `i` holds the `i + 1` blocks `operators[i]` (the last on
 * the diagonal). Tensor arguments are split into blocks along the diagonal blocks' dimensions;
 * blockwise (list) arguments of TF are not supported.
 */
export class LinearOperatorBlockLowerTriangular extends LinearOperator {
  /** The blocks, row by row. */
  readonly operators: LinearOperator[][];
  private readonly diagonalOperators: LinearOperator[];

  constructor(operators: LinearOperator[][], options: LinearOperatorOptions = {}) {
    assertProperIterable(operators);
    const rows = Array.from(operators, operatorList);
    if (rows.length === 0) throw new ValueError('Argument `operators` must be a list of >=1 operators. Received: [].');
    const diagonal = rows.map((row) => row[row.length - 1]);
    const dtype = rows[0][0].dtype;
    rows.forEach((row, i) => {
      if (row.some((o) => o.dtype !== dtype)) {
        // TF prints a generator object where this lists the row's names and dtypes.
        throw new TypeError(`Expected all operators to have the same dtype.  Found ${row.map(nameAndDtype).join(', ')} ` +
          `in row ${i} and ${dtypeRepr(dtype)} in row 0.`);
      }
    });
    const isNonSingular = validateNonSingular(diagonal, options.isNonSingular ?? null);
    rows.forEach((row, i) => {
      if (row.length !== i + 1) {
        throw new ValueError(`Argument \`operators[${i}]\` must contain \`${i + 1}\` blocks. Received: ${row.length} blocks.`);
      }
    });
    validateOperatorDimensions(rows);
    if (options.isSquare === false) {
      throw new ValueError('`LinearOperatorBlockLowerTriangular` must be square. Expected argument `is_square` to be ' +
        'True. Received: False.');
    }
    diagonal.forEach((o, i) => {
      if (o.isSquare === false) {
        throw new ValueError('Matrices on the diagonal (the final elements of each row-partition in the `operators` ' +
          `list) must be square. Expected argument \`operators[${i}][-1].is_square\` to be True. Received: False.`);
      }
    });
    const name = options.name ?? 'LinearOperatorBlockLowerTriangular';
    getDefaultGraph().nameScope(name, () => undefined);
    super(dtype, { isNonSingular, isSelfAdjoint: options.isSelfAdjoint, isPositiveDefinite: options.isPositiveDefinite,
      isSquare: true }, name);
    this.operators = rows;
    this.diagonalOperators = diagonal;
  }

  protected _shape(): StaticShapeList {
    const domain = sumDims(this.diagonalOperators.map((o) => o.domainDimension));
    const range = sumDims(this.diagonalOperators.map((o) => o.rangeDimension));
    let batch = this.operators[0][0].batchShape;
    for (const row of this.operators.slice(1)) {
      for (const o of row) batch = broadcastStaticShape(batch, o.batchShape) as StaticShapeList;
    }
    // TF's order: domain then range (equal, the operator being square).
    return batch === null ? null : [...batch, domain, range];
  }

  protected _shapeTensor(): Output {
    const domain = sumTensors(this.diagonalOperators.map((o) => o.domainDimensionTensor()));
    const range = sumTensors(this.diagonalOperators.map((o) => o.rangeDimensionTensor()));
    const matrixShape = stack([domain, range]);
    let batch = this.operators[0][0].batchShapeTensor();
    for (const row of this.operators.slice(1)) {
      for (const o of row) batch = broadcastDynamicShape(batch, o.batchShapeTensor());
    }
    return concat([batch, matrixShape], 0);
  }

  protected _linopInverse(): LinearOperator {
    const hints = { isNonSingular: this.isNonSingular, isSelfAdjoint: this.isSelfAdjoint,
      isPositiveDefinite: this.isPositiveDefinite, isSquare: true };
    if (this.operators.length === 1) {
      return new LinearOperatorBlockLowerTriangular([[this.operators[0][0].inverse()]], hints);
    }
    // The inverse's last block row by block forward substitution, the blocks above it the inverse of the rest.
    const n = this.operators.length;
    const upperLeftInverse = new LinearOperatorBlockLowerTriangular(this.operators.slice(0, -1)).inverse() as
      LinearOperatorBlockLowerTriangular;
    const bottomRow = this.operators[n - 1];
    const bottomRightInverse = bottomRow[n - 1].inverse();
    const inverseBottomRow: LinearOperator[] = [];
    for (let i = 0; i < n - 1; i++) {
      const blocks: LinearOperator[] = [];
      for (let j = i; j < n - 1; j++) {
        const result = bottomRow[j].matmul(upperLeftInverse.operators[j][i]);
        blocks.push(additionType(result) === null ? new LinearOperatorFullMatrix(result.toDense()) : result);
      }
      let block = addOperators(blocks)[0];
      block = bottomRightInverse.matmul(block);
      const numRows = bottomRightInverse.domainDimensionTensor();
      const minusOne = cast(Tensor.from(-1, { dtype: DType.int32 }), block.dtype);
      block = new LinearOperatorScaledIdentity(numRows, minusOne).matmul(block);
      inverseBottomRow.push(block);
    }
    inverseBottomRow.push(bottomRightInverse);
    return new LinearOperatorBlockLowerTriangular([...upperLeftInverse.operators, inverseBottomRow], hints);
  }

  /** `split_arg_into_blocks` by the diagonal blocks' domain dimensions, static or their tensors. */
  private splitByDomains(arg: Output, axis: number): Output[] {
    const dims = this.diagonalOperators.map((o) => o.domainDimension);
    // The sizes are a Python list, which `split` converts: an int32 Const, or the tensors packed.
    const sizes = dims.some((d) => d === null) ? convertToTensor(this.diagonalOperators.map((o) => o.domainDimensionTensor()))
      : shapeTensor(dims as number[]);
    return split(arg, sizes, { axis });
  }

  protected _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output {
    const splitX = this.splitByDomains(x, adjointArg ? -1 : -2);
    const n = this.operators.length;
    const mm = (o: LinearOperator, i: number) => o.matmul(splitX[i], { adjoint, adjointArg });
    const results: Output[] = [];
    for (let index = 0; index < n; index++) {
      // The adjoint's row `index` is the column `index` of the blocks, from the diagonal down.
      let result = adjoint ? mm(this.operators[index][index], index) : mm(this.operators[index][0], 0);
      for (let j = adjoint ? index + 1 : 1; j < (adjoint ? n : index + 1); j++) {
        result = add(result, adjoint ? mm(this.operators[j][index], j) : mm(this.operators[index][j], j), 'add');
      }
      results.push(result);
    }
    return concat(broadcastMatrixBatchDims(results), -2);
  }

  protected _matvec(x: Output, adjoint: boolean): Output {
    return squeeze(this.matmul(getItem(x, [ellipsis, newaxis]), { adjoint }), [-1]);
  }

  protected _determinant(): Output {
    if (this.diagonalOperators.every((o) => o.isPositiveDefinite)) return exp(this._logAbsDeterminant());
    return foldOperators(this.diagonalOperators, (o) => o.determinant(), 'mul');
  }

  protected _logAbsDeterminant(): Output {
    return foldOperators(this.diagonalOperators, (o) => o.logAbsDeterminant(), 'add');
  }

  protected _solve(rhs: Output, adjoint: boolean, adjointArg: boolean): Output {
    const splitRhs = this.splitByDomains(adjointArg ? denseAdjoint(rhs) : rhs, -2);
    const n = this.operators.length;
    const solutions: Output[] = [];
    if (adjoint) {
      // Back substitution with the blocks' adjoints, from the last block row up.
      for (let index = n - 1; index >= 0; index--) {
        let y = splitRhs[index];
        for (let j = n - 1; j > index; j--) {
          y = sub(y, this.operators[j][index].matmul(solutions[n - 1 - j], { adjoint }), 'sub');
        }
        solutions.push(this.diagonalOperators[index].solve(y, { adjoint }));
      }
      solutions.reverse();
    } else {
      this.operators.forEach((row, r) => {
        let y = splitRhs[r];
        row.slice(0, -1).forEach((o, i) => {
          y = sub(y, o.matmul(solutions[i], { adjoint }), 'sub');
        });
        solutions.push(row[row.length - 1].solve(y, { adjoint }));
      });
    }
    return concat(broadcastMatrixBatchDims(solutions), -2);
  }

  /** The diagonal blocks' vectors (diagonals or eigenvalues) end to end. */
  private concatVectors(part: (o: LinearOperator) => Output): Output {
    const cols = broadcastMatrixBatchDims(this.diagonalOperators.map((o) => getItem(part(o), [ellipsis, newaxis])));
    return squeeze(concat(cols, -2), [-1]);
  }

  protected _diagPart(): Output {
    return this.concatVectors((o) => o.diagPart());
  }

  protected _trace(): Output {
    return foldOperators(this.diagonalOperators, (o) => o.trace(), 'add');
  }

  protected _toDense(): Output {
    const flat = broadcastMatrixBatchDims(this.operators.flatMap((row) => row.map((o) => o.toDense())));
    let numCols: Output | number = 0;
    const denseRows: Output[] = [];
    this.operators.forEach((_row, i) => {
      const rowBlocks = flat.slice((i * (i + 1)) / 2, ((i + 1) * (i + 2)) / 2);
      const batchRowShape = sliceOf(shape(rowBlocks[0]), [[null, -1]]);
      numCols = add(numCols, sliceOf(shape(rowBlocks[rowBlocks.length - 1]), [-1]), 'add');
      const after = zeros(concat([batchRowShape, [sub(this.domainDimensionTensor(), numCols, 'sub')]], -1), this.dtype);
      denseRows.push(concat([...rowBlocks, after], -1));
    });
    const mat = concat(denseRows, -2);
    mat.setShape(this.shape);
    return mat;
  }

  protected _assertNonSingular(): Operation {
    return group(this.diagonalOperators.map((o) => o.assertNonSingular()));
  }

  protected _eigvals(): Output {
    return this.concatVectors((o) => o.eigvals());
  }
}

/** `_validate_non_singular`: true when all diagonal blocks are, false when one is known singular, else null. */
function validateNonSingular(diagonal: LinearOperator[], given: boolean | null): boolean | null {
  if (diagonal.every((o) => o.isNonSingular)) {
    if (given === false) {
      throw new ValueError('A blockwise lower-triangular operator with non-singular operators on the main diagonal is ' +
        'always non-singular. Expected argument `is_non_singular` to be True. Received: False.');
    }
    return true;
  }
  if (diagonal.some((o) => o.isNonSingular === false)) {
    if (given === true) {
      throw new ValueError('A blockwise lower-triangular operator with a singular operator on the main diagonal is ' +
        'always singular. Expected argument `is_non_singular` to be True. Received: True.');
    }
    return false;
  }
  // As TF: with neither, the hint given is dropped.
  return null;
}

/** `_validate_operator_dimensions`: each block's domain that of the block above, its range that of the block right. */
function validateOperatorDimensions(rows: LinearOperator[][]): void {
  for (let i = 1; i < rows.length; i++) {
    for (let j = 0; j < i; j++) {
      const [op, above, right] = [rows[i][j], rows[i - 1][j], rows[i][j + 1]];
      if (op.domainDimension !== null && above.domainDimension !== null && op.domainDimension !== above.domainDimension) {
        throw new ValueError(`Argument \`operators[${i}][${j}].domain_dimension\` (${op.domainDimension}) must be the ` +
          `same as \`operators[${i - 1}][${j}].domain_dimension\` (${above.domainDimension}).`);
      }
      if (op.rangeDimension !== null && right.rangeDimension !== null && op.rangeDimension !== right.rangeDimension) {
        throw new ValueError(`Argument \`operators[${i}][${j}].range_dimension\` (${op.rangeDimension}) must be the ` +
          `same as \`operators[${i}][${j + 1}].range_dimension\` (${right.rangeDimension}).`);
      }
    }
  }
}

// --- linear_operator_addition.add_operators, as the inverse sums its blocks -------------------------------

type AdditionType = 'identity' | 'scaled_identity' | 'diag' | 'tril' | 'matrix';

/** `linear_operator_addition._type`: the kind of a supported operator, null for another. */
function additionType(op: LinearOperator): AdditionType | null {
  if (op instanceof LinearOperatorDiag) return 'diag';
  if (op instanceof LinearOperatorLowerTriangular) return 'tril';
  if (op instanceof LinearOperatorFullMatrix) return 'matrix';
  if (op instanceof LinearOperatorIdentity) return 'identity';
  if (op instanceof LinearOperatorScaledIdentity) return 'scaled_identity';
  return null;
}

const DIAG_LIKE: AdditionType[] = ['diag', 'identity', 'scaled_identity'];

/** An adder of a tier: the kinds it adds, and how (with the hints inferred, in its name's scope). */
interface Adder {
  name: string;
  kinds: AdditionType[] | null;
  add(op1: LinearOperator, op2: LinearOperator, name: string, hints: LinearOperatorOptions): LinearOperator;
}

/** `_AddAndReturnTriL` and `_AddAndReturnMatrix`: a diagonal-like operator's `add_to_tensor` of the other's matrix. */
function denseSum(op1: LinearOperator, op2: LinearOperator): Output {
  const [adding, other] = DIAG_LIKE.includes(additionType(op1) as AdditionType) ? [op1, op2] : [op2, op1];
  return adding.addToTensor(other.toDense());
}

const onesOrMultiplier = (op: LinearOperator): Output => (op instanceof LinearOperatorScaledIdentity ? op.multiplier
  : ones(op.batchShapeTensor(), op.dtype));

/** `_DEFAULT_ADDITION_TIERS`: scaled identities, then diagonals, lower triangles and full matrices. */
const ADDITION_TIERS: Adder[][] = [
  [{ name: 'AddAndReturnScaledIdentity', kinds: ['identity', 'scaled_identity'], add: (op1, op2, name, hints) =>
    new LinearOperatorScaledIdentity(op1.rangeDimensionTensor(), add(onesOrMultiplier(op1), onesOrMultiplier(op2), 'add'),
      { ...hints, name }) }],
  [{ name: 'AddAndReturnDiag', kinds: DIAG_LIKE, add: (op1, op2, name, hints) =>
    new LinearOperatorDiag(add(op1.diagPart(), op2.diagPart(), 'add'), { ...hints, name }) }],
  [{ name: 'AddAndReturnTriL', kinds: [...DIAG_LIKE, 'tril'], add: (op1, op2, name, hints) =>
    new LinearOperatorLowerTriangular(denseSum(op1, op2), { ...hints, name }) }],
  [{ name: 'AddAndReturnMatrix', kinds: null, add: (op1, op2, name, hints) =>
    new LinearOperatorFullMatrix(denseSum(op1, op2), { ...hints, name }) }],
];

/** `_infer_hints_allowing_override(op1, op2, None)`: Python's `and` of the two operators' hints. */
function sumHints(op1: LinearOperator, op2: LinearOperator): LinearOperatorOptions {
  const isSelfAdjoint = op1.isSelfAdjoint ? op2.isSelfAdjoint : op1.isSelfAdjoint;
  const isPositiveDefinite = op1.isPositiveDefinite ? op2.isPositiveDefinite : op1.isPositiveDefinite;
  return { isNonSingular: isPositiveDefinite ? true : null, isSelfAdjoint, isPositiveDefinite };
}

/**
 * `add_operators(operators)`: the operators summed, tier by tier, each pair by the first adder of
 * the tier that can add them. Only the static dimension checks TF makes of them are left out, the
 * inverse giving blocks of one shape.
 */
function addOperators(operators: LinearOperator[]): LinearOperator[] {
  const reversed = [...operators].reverse();
  return getDefaultGraph().nameScope('add_operators', () => {
    let next = [...reversed];
    for (const tier of ADDITION_TIERS) {
      const current = next;
      next = [];
      while (current.length > 0) {
        const op1 = current.pop() as LinearOperator;
        let matched: [LinearOperator, Adder] | null = null;
        for (let i = 1; i <= current.length && matched === null; i++) {
          const op2 = current[current.length - i];
          const adder = tier.find((a) => a.kinds === null || [op1, op2].every((o) =>
            (a.kinds as AdditionType[]).includes(additionType(o) as AdditionType)));
          if (adder) matched = [current.splice(current.length - i, 1)[0], adder];
        }
        if (matched) {
          const [op2, adder] = matched;
          const name = `Add/${op1.name}__${op2.name}/`;
          current.push(getDefaultGraph().nameScope(adder.name, () => adder.add(op1, op2, name, sumHints(op1, op2))));
        } else {
          next.push(op1);
        }
      }
    }
    return next;
  });
}
