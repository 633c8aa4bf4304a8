/** `tf.linalg.LinearOperatorBlockDiag` (TF 2.21's linear_operator_block_diag.py): block diagonal operators. */
import { NotImplementedError, ValueError } from '../../errors';
import { InputValue, convertToTensor } from '../../framework/op_def_library';
import { Operation, Output, getDefaultGraph } from '../../framework/ops';
import {
  broadcastStaticShape, concat, ellipsis, getItem, newaxis, shape, sliceOf, split, squeeze, stack, zeros,
} from '../array_ops';
import { group } from '../control_flow_ops';
import { add, sub } from '../math_ops';
import { LinearOperator, LinearOperatorOptions, checkOperatorList } from './linear_operator';
import {
  StaticShapeList, broadcastMatrixBatchDims, combinedNonSingularHint, foldOperators, shapeTensor,
} from './linear_operator_util';

/** Python's `sum(dims)` of static dimensions: null when any is unknown. */
export function sumDims(dims: Array<number | null>): number | null {
  return dims.some((d) => d === null) ? null : (dims as number[]).reduce((a, b) => a + b, 0);
}

/** Python's `sum(tensors)`: `0 + t0 + t1 ...`. */
export function sumTensors(ts: Output[]): Output {
  let total: InputValue = 0;
  for (const t of ts) total = add(total, t, 'add');
  return total as Output;
}

/**
 * `tf.linalg.LinearOperatorBlockDiag(operators, is_non_singular=None, is_self_adjoint=None,
 * is_positive_definite=None, is_square=True, name=None)`: the direct sum of `operators` (named
 * `A_ds_B` by default); tensor arguments are split into blocks along the operators' dimensions.
 * Blockwise (list) arguments of TF are not supported.
 */
export class LinearOperatorBlockDiag extends LinearOperator {
  /** The diagonal blocks. */
  readonly operators: LinearOperator[];

  constructor(operators: LinearOperator[], options: LinearOperatorOptions = {}) {
    const dtype = checkOperatorList(operators);
    let { isNonSingular = null, isSelfAdjoint = null, isPositiveDefinite = null } = options;
    if (operators.every((o) => o.isNonSingular)) {
      if (isNonSingular === false) throw new ValueError('The direct sum of non-singular operators is always non-singular.');
      isNonSingular = true;
    }
    if (operators.every((o) => o.isSelfAdjoint)) {
      if (isSelfAdjoint === false) throw new ValueError('The direct sum of self-adjoint operators is always self-adjoint.');
      isSelfAdjoint = true;
    }
    if (operators.every((o) => o.isPositiveDefinite)) {
      if (isPositiveDefinite === false) {
        throw new ValueError('The direct sum of positive definite operators is always positive definite.');
      }
      isPositiveDefinite = true;
    }
    const name = options.name ?? operators.map((o) => o.name).join('_ds_');
    getDefaultGraph().nameScope(name, () => undefined);
    super(dtype, { isNonSingular, isSelfAdjoint, isPositiveDefinite, isSquare: options.isSquare === undefined ? true
      : options.isSquare }, name);
    this.operators = [...operators];
  }

  protected _shape(): StaticShapeList {
    const matrix = [sumDims(this.operators.map((o) => o.rangeDimension)), sumDims(this.operators.map((o) => o.domainDimension))];
    let batch = this.operators[0].batchShape;
    for (const o of this.operators.slice(1)) batch = broadcastStaticShape(batch, o.batchShape) as StaticShapeList;
    return batch === null ? null : [...batch, ...matrix];
  }

  protected _shapeTensor(): Output {
    const domain = sumTensors(this.operators.map((o) => o.domainDimensionTensor()));
    const range = sumTensors(this.operators.map((o) => o.rangeDimensionTensor()));
    const matrixShape = stack([range, domain]);
    let z = zeros(this.operators[0].batchShapeTensor());
    for (const o of this.operators.slice(1)) z = add(z, zeros(o.batchShapeTensor()), 'add');
    return concat([shape(z), matrixShape], 0);
  }

  private blocksOf(make: (o: LinearOperator) => LinearOperator, hints: LinearOperatorOptions): LinearOperatorBlockDiag {
    return new LinearOperatorBlockDiag(this.operators.map(make), { ...hints, isSquare: true });
  }

  protected _linopAdjoint(): LinearOperator {
    return this.blocksOf((o) => o.adjoint(), { isNonSingular: this.isNonSingular, isSelfAdjoint: this.isSelfAdjoint,
      isPositiveDefinite: this.isPositiveDefinite });
  }

  protected _linopCholesky(): LinearOperator {
    return this.blocksOf((o) => o.cholesky(), { isNonSingular: true, isSelfAdjoint: null });
  }

  protected _linopInverse(): LinearOperator {
    return this.blocksOf((o) => o.inverse(), { isNonSingular: this.isNonSingular, isSelfAdjoint: this.isSelfAdjoint,
      isPositiveDefinite: this.isPositiveDefinite });
  }

  /** The block-by-block checks TF makes of two BlockDiags before multiplying or solving. */
  private pairwise(left: LinearOperator, right: LinearOperator, what: 'multiply' | 'solve',
    fn: (a: LinearOperator, b: LinearOperator) => LinearOperator): LinearOperator | null {
    if (!(right instanceof LinearOperatorBlockDiag) || !(left instanceof LinearOperatorBlockDiag)) return null;
    if (left.operators.length !== right.operators.length) {
      throw new ValueError(what === 'multiply'
        ? 'Can not efficiently multiply two `LinearOperatorBlockDiag`s together when number of blocks differ.'
        : 'Can not efficiently solve `LinearOperatorBlockDiag` when number of blocks differ.');
    }
    left.operators.forEach((o1, i) => {
      const [r, d] = [right.operators[i].rangeDimension, o1.domainDimension];
      if (r !== null && d !== null && r !== d) {
        throw new ValueError(`Blocks are incompatible. Expected \`x\` to have dimension ${d} but got ${r}.`);
      }
    });
    return new LinearOperatorBlockDiag(left.operators.map((o1, i) => fn(o1, right.operators[i])),
      { isNonSingular: combinedNonSingularHint(left, right), isSelfAdjoint: null, isPositiveDefinite: null, isSquare: true });
  }

  protected _linopMatmul(left: LinearOperator, right: LinearOperator): LinearOperator {
    return this.pairwise(left, right, 'multiply', (a, b) => a.matmul(b)) ?? super._linopMatmul(left, right);
  }

  protected _linopSolve(left: LinearOperator, right: LinearOperator): LinearOperator {
    return this.pairwise(left, right, 'solve', (a, b) => a.solve(b)) ?? super._linopSolve(left, right);
  }

  /** `split_arg_into_blocks`: `arg` split along `axis` by the static block sizes, or their tensors. */
  private splitIntoBlocks(dims: Array<number | null>, tensors: () => Output[], arg: Output, axis: number): Output[] {
    // The sizes are a Python list, which `split` converts: an int32 Const, or the tensors packed.
    const sizes = dims.some((d) => d === null) ? convertToTensor(tensors()) : shapeTensor(dims as number[]);
    return split(arg, sizes, { axis });
  }

  /** The results of the blocks, broadcast to one batch shape and stacked along the rows. */
  private stackBlocks(results: Output[]): Output {
    return concat(broadcastMatrixBatchDims(results), -2);
  }

  protected _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output {
    const dims = this.operators.map((o) => (adjoint ? o.rangeDimension : o.domainDimension));
    const tensors = () => this.operators.map((o) => (adjoint ? o.rangeDimensionTensor() : o.domainDimensionTensor()));
    const splitX = this.splitIntoBlocks(dims, tensors, x, adjointArg ? -1 : -2);
    return this.stackBlocks(this.operators.map((o, i) => o.matmul(splitX[i], { adjoint, adjointArg })));
  }

  protected _matvec(x: Output, adjoint: boolean): Output {
    return squeeze(this.matmul(getItem(x, [ellipsis, newaxis]), { adjoint }), [-1]);
  }

  protected _solve(rhs: Output, adjoint: boolean, adjointArg: boolean): Output {
    // TF splits by the domain dimensions whether or not it solves with the adjoint.
    const splitRhs = this.splitIntoBlocks(this.operators.map((o) => o.domainDimension),
      () => this.operators.map((o) => o.domainDimensionTensor()), rhs, adjointArg ? -1 : -2);
    return this.stackBlocks(this.operators.map((o, i) => o.solve(splitRhs[i], { adjoint, adjointArg })));
  }

  protected _determinant(): Output {
    return foldOperators(this.operators, (o) => o.determinant(), 'mul');
  }

  protected _logAbsDeterminant(): Output {
    return foldOperators(this.operators, (o) => o.logAbsDeterminant(), 'add');
  }

  private requireSquareBlocks(what: string): void {
    if (!this.operators.every((o) => o.isSquare)) {
      throw new NotImplementedError(`\`${what}\` not implemented for an operator whose blocks are not square.`);
    }
  }

  /** The blocks' diagonals (or eigenvalues) end to end. */
  private concatVectors(parts: (o: LinearOperator) => Output): Output {
    const cols = broadcastMatrixBatchDims(this.operators.map((o) => getItem(parts(o), [ellipsis, newaxis])));
    return squeeze(concat(cols, -2), [-1]);
  }

  protected _diagPart(): Output {
    this.requireSquareBlocks('diag_part');
    return this.concatVectors((o) => o.diagPart());
  }

  protected _trace(): Output {
    this.requireSquareBlocks('trace');
    return foldOperators(this.operators, (o) => o.trace(), 'add');
  }

  protected _toDense(): Output {
    let numCols: InputValue = 0;
    const rows: Output[] = [];
    const blocks = broadcastMatrixBatchDims(this.operators.map((o) => o.toDense()));
    for (const block of blocks) {
      const batchRowShape = sliceOf(shape(block), [[null, -1]]);
      const before = zeros(concat([batchRowShape, [numCols]], -1), block.dtype);
      numCols = add(numCols, sliceOf(shape(block), [-1]), 'add');
      const after = zeros(concat([batchRowShape, [sub(this.domainDimensionTensor(), numCols, 'sub')]], -1), block.dtype);
      rows.push(concat([before, block, after], -1));
    }
    const mat = concat(rows, -2);
    mat.setShape(this.shape);
    return mat;
  }

  protected _assertNonSingular(): Operation {
    return group(this.operators.map((o) => o.assertNonSingular()));
  }

  protected _assertSelfAdjoint(): Operation {
    return group(this.operators.map((o) => o.assertSelfAdjoint()));
  }

  protected _assertPositiveDefinite(): Operation {
    return group(this.operators.map((o) => o.assertPositiveDefinite()));
  }

  protected _eigvals(): Output {
    this.requireSquareBlocks('eigvals');
    return this.concatVectors((o) => o.eigvals());
  }
}
