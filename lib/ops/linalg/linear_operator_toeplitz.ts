/** `tf.linalg.LinearOperatorToeplitz` (TF 2.21's linear_operator_toeplitz.py): Toeplitz matrices by a circulant embedding. */
import { ValueError } from '../../errors';
import { InputValue, convertToTensor } from '../../framework/op_def_library';
import { Operation, Output } from '../../framework/ops';
import { pyStr } from '../../util/python_repr';
import {
  broadcastDynamicShape, broadcastStaticShape, broadcastTo, cast, concat, ellipsis, gather, getItem, newaxis, ones, reverse,
  shape, sliceOf, withScope, zerosLike,
} from '../array_ops';
import { assertEqual } from '../check_ops';
import { adjoint as denseAdjoint } from '../linalg_ops';
import { add, mod, mul, range, sub } from '../math_ops';
import { fft } from '../signal/fft_ops';
import { LinearOperator, LinearOperatorOptions } from './linear_operator';
import { LinearOperatorCirculant, toComplex } from './linear_operator_circulant';
import { StaticShapeList, squareMatrixShape, squareMatrixShapeTensor } from './linear_operator_util';

/**
 * `tf.linalg.LinearOperatorToeplitz(col, row, is_non_singular=None, is_self_adjoint=None,
 * is_positive_definite=None, is_square=None, name='LinearOperatorToeplitz')`: the square Toeplitz
 * matrices of first column `col` and first row `row` (`[..., N]`; `row[..., 0]` is ignored);
 * products through a `2N` circulant embedding, solves dense.
 */
export class LinearOperatorToeplitz extends LinearOperator {
  /** The first column. */
  readonly col: Output;
  /** The first row. */
  readonly row: Output;

  constructor(col: InputValue, row: InputValue, options: LinearOperatorOptions = {}) {
    const name = options.name ?? 'LinearOperatorToeplitz';
    const [r, c] = withScope(name, name, [row, col], () => {
      const rt = convertToTensor(row, { name: 'row' });
      const ct = convertToTensor(col, { name: 'col' });
      for (const [n, t] of [['row', rt], ['col', ct]] as Array<[string, Output]>) {
        if (t.shape !== null && t.shape.length < 1) {
          throw new ValueError(`Argument ${n} must have at least 1 dimension.  Found: ${pyStr(t)}`);
        }
      }
      const [rn, cn] = [rt.shape?.[rt.shape.length - 1] ?? null, ct.shape?.[ct.shape.length - 1] ?? null];
      if (rn !== null && cn !== null && rn !== cn) {
        throw new ValueError('Expected square matrix, got row and col with mismatched dimensions.');
      }
      if (options.isSquare === false) throw new ValueError('Only square Toeplitz operators currently supported.');
      return [rt, ct];
    });
    super(r.dtype, { ...options, isSquare: true }, name);
    this.row = r;
    this.col = c;
  }

  protected _shape(): StaticShapeList {
    return squareMatrixShape(broadcastStaticShape(this.row.shape, this.col.shape) as StaticShapeList);
  }

  protected _shapeTensor(): Output {
    return squareMatrixShapeTensor(broadcastDynamicShape(shape(this.row), shape(this.col)));
  }

  protected _assertSelfAdjoint(): Operation {
    return assertEqual(this.row, this.col, { message: 'row and col are not the same, and so this operator is not self-adjoint.' });
  }

  protected _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output {
    const xt = adjointArg ? denseAdjoint(x) : x;
    const expandedX = concat([xt, zerosLike(xt)], -2);
    const circulantCol = concat([this.col, zerosLike(sliceOf(this.col, [ellipsis, [0, 1]])),
      reverse(sliceOf(this.row, [ellipsis, [1, null]]), [-1])], -1);
    const circulant = new LinearOperatorCirculant(fft(toComplex(circulantCol)), { inputOutputDtype: this.row.dtype });
    const result = circulant.matmul(expandedX, { adjoint });
    const n = this._domainDimensionTensor(this._shapeTensor());
    return cast(getItem(result, [ellipsis, [null, n], ':']), this.dtype);
  }

  protected _trace(): Output {
    return mul(cast(this.domainDimensionTensor(), this.dtype), sliceOf(this.col, [ellipsis, 0]), 'mul');
  }

  protected _diagPart(): Output {
    return mul(sliceOf(this.col, [ellipsis, [0, 1]]), ones([this.domainDimensionTensor()], this.dtype), 'mul');
  }

  protected _toDense(): Output {
    const totalShape = broadcastDynamicShape(shape(this.row), shape(this.col));
    const n = sliceOf(shape(this.row), [-1]);
    const row = broadcastTo(this.row, totalShape);
    const col = broadcastTo(this.col, totalShape);
    const elements = concat([reverse(col, [-1]), sliceOf(row, [ellipsis, [1, null]])], -1);
    const indices = mod(add(range(0, n), getItem(range(sub(n, 1, 'sub'), -1, -1), [ellipsis, newaxis]), 'add'),
      sub(mul(2, n, 'mul'), 1, 'sub'), 'mod');
    return gather(elements, indices, -1);
  }
}
