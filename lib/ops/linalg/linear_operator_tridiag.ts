/** `tf.linalg.LinearOperatorTridiag` (TF 2.21's linear_operator_tridiag.py): square tridiagonal matrices. */
import { ValueError } from '../../errors';
import { InputValue, convertToTensor } from '../../framework/op_def_library';
import { Operation, Output } from '../../framework/ops';
import {
  broadcastDynamicShape, broadcastStaticShape, broadcastTo, concat, ellipsis, roll, shape, sliceOf, stack, unstack,
  withScope,
} from '../array_ops';
import { assertEqual } from '../check_ops';
import { group } from '../control_flow_ops';
import { adjoint as denseAdjoint, diagPart, tridiagonalMatmul, tridiagonalSolve } from '../linalg_ops';
import { conj } from '../math_ops';
import * as raw from '../gen/raw_ops';
import { LinearOperator, LinearOperatorOptions } from './linear_operator';
import { StaticShapeList, assertZeroImagPart } from './linear_operator_util';

/** How the diagonals are given: `[..., 3, N]`, the `[..., N, N]` matrix, or the three `[..., N]` diagonals. */
export type TridiagFormat = 'compact' | 'matrix' | 'sequence';
type Diagonals = Output | [Output, Output, Output];

/**
 * `tf.linalg.LinearOperatorTridiag(diagonals, diagonals_format='compact', is_non_singular=None,
 * is_self_adjoint=None, is_positive_definite=None, is_square=None, name='LinearOperatorTridiag')`:
 * the tridiagonal matrices of `diagonals` (superdiagonal, diagonal, subdiagonal); matmul and solve
 * by `tf.linalg.tridiagonal_matmul`/`tridiagonal_solve`.
 */
export class LinearOperatorTridiag extends LinearOperator {
  /** The diagonals as given (converted to tensors). */
  readonly diagonals: Diagonals;
  /** Their format. */
  readonly diagonalsFormat: TridiagFormat;

  constructor(diagonals: InputValue | [InputValue, InputValue, InputValue],
    options: LinearOperatorOptions & { diagonalsFormat?: TridiagFormat } = {}) {
    const name = options.name ?? 'LinearOperatorTridiag';
    const format = options.diagonalsFormat ?? 'compact';
    const d = withScope(name, name, [diagonals], (): Diagonals => {
      if (!['compact', 'matrix', 'sequence'].includes(format)) {
        throw new ValueError('Argument `diagonals_format` must be one of compact, matrix, or sequence. Received : ' +
          `${format}.`);
      }
      if (format === 'sequence') {
        return (diagonals as InputValue[]).map((x, i) => convertToTensor(x, { name: `diag_${i}` })) as [Output, Output, Output];
      }
      return convertToTensor(diagonals as InputValue, { name: 'diagonals' });
    });
    super((Array.isArray(d) ? d[0] : d).dtype, options, name);
    this.diagonals = d;
    this.diagonalsFormat = format;
  }

  private get sequence(): [Output, Output, Output] {
    return this.diagonals as [Output, Output, Output];
  }

  private get tensor(): Output {
    return this.diagonals as Output;
  }

  protected _shape(): StaticShapeList {
    if (this.diagonalsFormat === 'matrix') return this.tensor.shape;
    let dShape: StaticShapeList;
    if (this.diagonalsFormat === 'compact') {
      const s = this.tensor.shape;
      dShape = s === null ? null : [...s.slice(0, -2), s[s.length - 1]];
    } else {
      const [a, b, c] = this.sequence.map((x) => x.shape);
      const lead = (s: StaticShapeList) => (s === null ? null : s.slice(0, -1));
      const bcast = broadcastStaticShape(broadcastStaticShape(lead(a), lead(b)) as StaticShapeList, lead(c)) as StaticShapeList;
      dShape = bcast === null || b === null ? null : [...bcast, b[b.length - 1]];
    }
    return dShape === null ? null : [...dShape, dShape[dShape.length - 1]];
  }

  protected _shapeTensor(diagonals?: Diagonals): Output {
    const diags = diagonals ?? this.diagonals;
    if (this.diagonalsFormat === 'matrix') return shape(diags as Output);
    let dShape: Output;
    if (this.diagonalsFormat === 'compact') {
      dShape = shape(sliceOf(diags as Output, [ellipsis, 0, ':']));
    } else {
      // TF reads the operator's own diagonals here, whatever it is given.
      const [a, b, c] = this.sequence;
      const bcast = broadcastDynamicShape(broadcastDynamicShape(sliceOf(shape(a), [[null, -1]]),
        sliceOf(shape(b), [[null, -1]])), sliceOf(shape(c), [[null, -1]]));
      dShape = concat([bcast, [sliceOf(shape(b), [-1])]], 0);
    }
    return concat([dShape, [sliceOf(dShape, [-1])]], -1);
  }

  protected _assertSelfAdjoint(): Operation {
    const diagMessage = 'This tridiagonal operator contained non-zero imaginary values on the diagonal.';
    const offDiagMessage = 'This tridiagonal operator has non-conjugate subdiagonal and superdiagonal.';
    const asserts: Operation[] = [];
    if (this.diagonalsFormat === 'matrix') {
      asserts.push(assertEqual(this.tensor, denseAdjoint(this.tensor), { message: 'Matrix was not equal to its adjoint.' }));
    } else {
      const [diag, sub, sup] = this.diagonalsFormat === 'compact'
        ? [() => sliceOf(this.tensor, [ellipsis, 1, ':']), () => sliceOf(this.tensor, [ellipsis, 2, ':']),
          () => sliceOf(this.tensor, [ellipsis, 0, [null, -1]])]
        : [() => this.sequence[1], () => this.sequence[2], () => sliceOf(this.sequence[0], [ellipsis, [null, -1]])];
      asserts.push(assertZeroImagPart(diag(), diagMessage));
      const subdiag = roll(sub(), -1, -1);
      asserts.push(assertEqual(conj(sliceOf(subdiag, [ellipsis, [null, -1]])), sup(), { message: offDiagMessage }));
    }
    return group(asserts);
  }

  private adjointDiagonals(diagonals: Diagonals): Diagonals {
    if (this.diagonalsFormat === 'sequence') {
      const d = [...(diagonals as Output[])].reverse().map((x) => conj(x));
      d[0] = roll(d[0], -1, -1);
      d[2] = roll(d[2], 1, -1);
      return d as [Output, Output, Output];
    }
    if (this.diagonalsFormat === 'matrix') return denseAdjoint(diagonals as Output);
    const [superdiag, diag, subdiag] = unstack(conj(diagonals as Output), { num: 3, axis: -2 });
    return stack([roll(subdiag, -1, -1), diag, roll(superdiag, 1, -1)], -2);
  }

  protected _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output {
    const diagonals = adjoint ? this.adjointDiagonals(this.diagonals) : this.diagonals;
    return tridiagonalMatmul(diagonals, adjointArg ? denseAdjoint(x) : x, { diagonalsFormat: this.diagonalsFormat });
  }

  protected _solve(rhs: Output, adjoint: boolean, adjointArg: boolean): Output {
    let diagonals = adjoint ? this.adjointDiagonals(this.diagonals) : this.diagonals;
    const rhsShape = shape(rhs);
    const k = sliceOf(this._shapeTensor(diagonals), [-1]);
    const broadcastShape = broadcastDynamicShape(sliceOf(this._shapeTensor(diagonals), [[null, -2]]),
      sliceOf(rhsShape, [[null, -2]]));
    const r = broadcastTo(rhs, concat([broadcastShape, sliceOf(rhsShape, [[-2, null]])], -1));
    if (this.diagonalsFormat === 'matrix') {
      diagonals = broadcastTo(diagonals as Output, concat([broadcastShape, [k, k]], -1));
    } else if (this.diagonalsFormat === 'compact') {
      diagonals = broadcastTo(diagonals as Output, concat([broadcastShape, [3, k]], -1));
    } else {
      diagonals = (diagonals as Output[]).map((d) => broadcastTo(d, concat([broadcastShape, [k]], -1))) as
        [Output, Output, Output];
    }
    return tridiagonalSolve(diagonals, r, { diagonalsFormat: this.diagonalsFormat, transposeRhs: adjointArg,
      conjugateRhs: adjointArg });
  }

  protected _diagPart(): Output {
    if (this.diagonalsFormat === 'matrix') return diagPart(this.tensor);
    if (this.diagonalsFormat === 'sequence') return broadcastTo(this.sequence[1], sliceOf(this.shapeTensor(), [[null, -1]]));
    return sliceOf(this.tensor, [ellipsis, 1, ':']);
  }

  protected _toDense(): Output {
    if (this.diagonalsFormat === 'matrix') return this.tensor;
    const diagonals = this.diagonalsFormat === 'compact' ? this.tensor : stack(this.sequence, -2);
    return raw.matrixDiagV3({ diagonal: diagonals, k: [-1, 1], numRows: -1, numCols: -1, paddingValue: 0.0,
      align: 'LEFT_RIGHT' }, 'MatrixDiagV3');
  }
}
