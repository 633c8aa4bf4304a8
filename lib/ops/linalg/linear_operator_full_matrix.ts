/** `tf.linalg.LinearOperatorFullMatrix` (TF 2.21's linear_operator_full_matrix.py): an operator holding its matrix. */
import { ValueError } from '../../errors';
import { DType, baseDType, dtypeRepr } from '../../framework/dtypes';
import { InputValue, convertToTensor } from '../../framework/op_def_library';
import { Output } from '../../framework/ops';
import { pyStr } from '../../util/python_repr';
import { shape, withScope } from '../array_ops';
import { matmul } from '../math_ops';
import { LinearOperator, LinearOperatorOptions } from './linear_operator';
import { StaticShapeList } from './linear_operator_util';

const ALLOWED = [DType.float16, DType.float32, DType.float64, DType.complex64, DType.complex128];

/**
 * `tf.linalg.LinearOperatorFullMatrix(matrix, is_non_singular=None, is_self_adjoint=None,
 * is_positive_definite=None, is_square=None, name='LinearOperatorFullMatrix')`: `matrix`
 * (`[..., M, N]`, float or complex) as an operator; solves by `MatrixSolve`, or by Cholesky when
 * hinted self-adjoint and positive definite.
 */
export class LinearOperatorFullMatrix extends LinearOperator {
  /** The matrix. */
  readonly matrix: Output;

  constructor(matrix: InputValue, options: LinearOperatorOptions = {}) {
    const name = options.name ?? 'LinearOperatorFullMatrix';
    const m = withScope(name, name, [matrix], () => {
      const t = convertToTensor(matrix, { name: 'matrix' });
      if (!ALLOWED.includes(baseDType(t.dtype))) {
        throw new TypeError(`Argument \`matrix\` must have dtype in [tf.float16, tf.float32, tf.float64, tf.complex64, ` +
          `tf.complex128]. Received: ${dtypeRepr(t.dtype)}.`);
      }
      if (t.shape !== null && t.shape.length < 2) {
        throw new ValueError(`Argument \`matrix\` must have at least 2 dimensions. Received: ${pyStr(t)}.`);
      }
      return t;
    });
    super(m.dtype, options, name);
    this.matrix = m;
  }

  protected _shape(): StaticShapeList {
    return this.matrix.shape;
  }

  protected _shapeTensor(): Output {
    return shape(this.matrix);
  }

  protected _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output {
    return matmul(this.matrix, x, { adjointA: adjoint, adjointB: adjointArg });
  }

  protected _toDense(): Output {
    return this.matrix;
  }
}
