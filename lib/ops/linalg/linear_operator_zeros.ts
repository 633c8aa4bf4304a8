/** `tf.linalg.LinearOperatorZeros` (TF 2.21's linear_operator_zeros.py): zero matrices, built without their entries. */
import { InvalidArgumentError, ValueError } from '../../errors';
import { DType } from '../../framework/dtypes';
import { Operation, Output, getDefaultGraph } from '../../framework/ops';
import { isFullyDefined } from '../../framework/tensor_shape';
import { concat, shape, sliceOf, stack, zeros } from '../array_ops';
import { noOp, withDependencies } from '../control_flow_ops';
import { adjoint as denseAdjoint } from '../linalg_ops';
import { reduceMin } from '../math_ops';
import { LinearOperator, LinearOperatorOptions } from './linear_operator';
import {
  assertCompatibleMatrixDimensions, checkShapeArg, possiblyBroadcastBatchShape, staticValue,
} from './linear_operator_identity';
import { StaticShapeList, shapeTensor } from './linear_operator_util';

/** The options of `LinearOperatorZeros`. */
export interface LinearOperatorZerosOptions extends LinearOperatorOptions {
  numColumns?: number | Output;
  batchShape?: number[] | Output;
  dtype?: DType;
  assertProperShapes?: boolean;
}

/**
 * `tf.linalg.LinearOperatorZeros(num_rows, num_columns=None, batch_shape=None, dtype=None,
 * is_non_singular=False, is_self_adjoint=True, is_positive_definite=False, is_square=True,
 * assert_proper_shapes=False, name='LinearOperatorZeros')`: the `[*batch_shape, num_rows,
 * num_columns]` zeros; products with it are zeros of the product's shape.
 */
export class LinearOperatorZeros extends LinearOperator {
  private numRows!: Output;
  private numColumns!: Output;
  private readonly assertShapes: boolean;
  private readonly numRowsStatic: number | null;
  private readonly numColumnsStatic: number | null;
  private batchShapeArg: Output | null = null;
  private batchShapeStatic: number[] | null = null;

  constructor(numRows: number | Output, options: LinearOperatorZerosOptions = {}) {
    const name = options.name ?? 'LinearOperatorZeros';
    const { isNonSingular = false, isSelfAdjoint = true, isPositiveDefinite = false, isSquare = true } = options;
    const assertProperShapes = options.assertProperShapes ?? false;
    const graph = getDefaultGraph();
    let scope = '';
    graph.nameScope(name, (s) => {
      scope = s;
      if (!isSelfAdjoint && isSquare) throw new ValueError('A zero operator is always self adjoint.');
      if (isNonSingular) throw new ValueError('A zero operator is always singular.');
      if (isPositiveDefinite) throw new ValueError('A zero operator is always not positive-definite.');
    });
    super(options.dtype ?? DType.float32, { isNonSingular, isSelfAdjoint, isPositiveDefinite, isSquare }, name);
    const statics = graph.nameScope(scope, () => {
      this.numRows = shapeTensor(numRows, 'num_rows');
      const rows = staticValue(this.numRows);
      this.numColumns = shapeTensor(options.numColumns ?? numRows, 'num_columns');
      const cols = staticValue(this.numColumns);
      if (assertProperShapes) {
        this.numRows = checkShapeArg(this.numRows, null, 'num_rows', true);
        this.numColumns = checkShapeArg(this.numColumns, null, 'num_columns', true);
      }
      checkShapeArg(this.numRows, rows, 'num_rows', false);
      checkShapeArg(this.numColumns, cols, 'num_columns', false);
      if (typeof rows === 'number' && typeof cols === 'number' && isSquare && rows !== cols) {
        throw new ValueError(`LinearOperatorZeros initialized as is_square=True, but got num_rows(${rows}) != ` +
          `num_columns(${cols})`);
      }
      if (options.batchShape !== undefined) {
        const arg = shapeTensor(options.batchShape, 'batch_shape_arg');
        const b = staticValue(arg);
        this.batchShapeStatic = b === null ? null : Array.isArray(b) ? b : [b];
        this.batchShapeArg = checkShapeArg(arg, b, 'batch_shape', assertProperShapes, true);
      }
      return [rows, cols];
    });
    this.assertShapes = assertProperShapes;
    this.numRowsStatic = typeof statics[0] === 'number' ? statics[0] : null;
    this.numColumnsStatic = typeof statics[1] === 'number' ? statics[1] : null;
  }

  protected _shape(): StaticShapeList {
    const matrix = [this.numRowsStatic, this.numColumnsStatic];
    if (this.batchShapeArg === null) return matrix;
    return this.batchShapeStatic === null ? null : [...this.batchShapeStatic, ...matrix];
  }

  protected _shapeTensor(): Output {
    const matrixShape = stack([this.numRows, this.numColumns], 0);
    return this.batchShapeArg === null ? matrixShape : concat([this.batchShapeArg, matrixShape], 0);
  }

  protected _assertNonSingular(): Operation {
    throw new InvalidArgumentError('Zero operators are always non-invertible.');
  }

  protected _assertPositiveDefinite(): Operation {
    throw new InvalidArgumentError('Zero operators are always non-positive definite.');
  }

  protected _assertSelfAdjoint(): Operation {
    return noOp('assert_self_adjoint');
  }

  protected _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output {
    let xt = x;
    if (this.assertShapes) {
      xt = adjointArg ? denseAdjoint(x) : x;
      xt = withDependencies([assertCompatibleMatrixDimensions(this, xt)], xt);
    }
    if (this.isSquare) {
      const outputShape = adjointArg
        ? concat([sliceOf(shape(xt), [[null, -2]]), [sliceOf(shape(xt), [-1]), sliceOf(shape(xt), [-2])]], 0)
        : shape(xt);
      return possiblyBroadcastBatchShape(this, this.batchShapeArg, zeros(outputShape, xt.dtype));
    }
    const xShape = shape(xt);
    const n = adjoint ? this.numColumns : this.numRows;
    const m = adjointArg ? sliceOf(xShape, [-2]) : sliceOf(xShape, [-1]);
    const outputShape = concat([sliceOf(xShape, [[null, -2]]), [n, m]], 0);
    return possiblyBroadcastBatchShape(this, this.batchShapeArg, zeros(outputShape, xt.dtype));
  }

  protected _linopMatmul(left: LinearOperator, right: LinearOperator): LinearOperator {
    if (!left.isSquare || !right.isSquare) {
      throw new ValueError('Matmul with non-square `LinearOperator`s or non-square `LinearOperatorZeros` not supported ' +
        'at this time.');
    }
    return left;
  }

  private zerosOfBatch(): Output {
    const b = this.batchShape;
    return isFullyDefined(b) ? zeros(b, this.dtype) : zeros(this.batchShapeTensor(), this.dtype);
  }

  protected _determinant(): Output {
    return this.zerosOfBatch();
  }

  protected _trace(): Output {
    return this.zerosOfBatch();
  }

  protected _diagPart(): Output {
    return this.zerosDiag();
  }

  /** `add_to_tensor(mat)`: `mat` itself (broadcast to the batch shape), in no scope, as TF. */
  addToTensor(mat: Output): Output {
    return possiblyBroadcastBatchShape(this, this.batchShapeArg, mat);
  }

  /** `_zeros_diag()`: the diagonal, all zeros. */
  protected zerosDiag(): Output {
    const s = this.shape;
    const d = this.domainDimension;
    const r = this.rangeDimension;
    if (isFullyDefined(s) && d !== null && r !== null) return zeros([...(this.batchShape as number[]), Math.min(d, r)], this.dtype);
    return zeros(concat([this.batchShapeTensor(), [reduceMin(sliceOf(this.shapeTensor(), [[-2, null]]))]], 0), this.dtype);
  }

  protected _eigvals(): Output {
    return this.zerosDiag();
  }
}
