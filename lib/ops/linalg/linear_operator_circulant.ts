/**
 * `tf.linalg.LinearOperatorCirculant`, `...Circulant2D` and `...Circulant3D` (TF 2.21's
 * linear_operator_circulant.py): [batch] [[nested] block] circulant matrices given by their
 * spectrum, acting through FFTs.
 */
import { ValueError } from '../../errors';
import { DType, baseDType } from '../../framework/dtypes';
import { InputValue, convertToTensor } from '../../framework/op_def_library';
import { Operation, Output } from '../../framework/ops';
import { Tensor } from '../../framework/tensor';
import { isFullyDefined } from '../../framework/tensor_shape';
import { pyStr } from '../../util/python_repr';
import {
  cast, concat, ellipsis, getItem, newaxis, ones, rank, reshape, shape, sliceOf, transpose, whereV2, withScope, zerosLike,
} from '../array_ops';
import { assertInteger, assertLess, assertPositive } from '../check_ops';
import { adjoint as denseAdjoint } from '../linalg_ops';
import {
  abs, complex, conj, imag, less, log, mod, mul, neg, range, real, reduceMax, reduceMin, reduceProd, reduceSum, sub,
  truediv,
} from '../math_ops';
import { fft, fft2d, fft3d, ifft, ifft2d, ifft3d } from '../signal/fft_ops';
import { LinearOperator, LinearOperatorOptions } from './linear_operator';
import {
  StaticShapeList, assertNoEntriesWithModulusZero, assertZeroImagPart, broadcastMatrixBatchDims, commutingHints,
  isComplex, shapeTensor, transposeInt64,
} from './linear_operator_util';

const FFT_OP = { 1: fft, 2: fft2d, 3: fft3d };
const IFFT_OP = { 1: ifft, 2: ifft2d, 3: ifft3d };
type BlockDepth = 1 | 2 | 3;

/** The options of the circulant operators: the hints, name, and the dtype of arguments and results. */
export interface LinearOperatorCirculantOptions extends LinearOperatorOptions {
  /** `input_output_dtype`, complex64 by default. */
  inputOutputDtype?: DType;
}

/** `_to_complex(x)`: `x`, cast to complex64 (complex128 from float64) unless complex. */
export function toComplex(x: Output): Output {
  if (isComplex(x.dtype)) return x;
  return cast(x, baseDType(x.dtype) === DType.float64 ? DType.complex128 : DType.complex64);
}

/**
 * `distribution_util.rotate_transpose(x, shift)`: the dimensions of `x` rolled by `shift`, by a
 * numpy (int64) permutation when the rank is known.
 */
function rotateTranspose(x: Output, shift: number): Output {
  return withScope(undefined, 'rotate_transpose', [x, shift], (_scope, graph) => {
    const s = convertToTensor(shift, { dtype: DType.int32, name: 'shift', graph });
    assertInteger(s);
    const ndims = x.shape === null ? null : x.shape.length;
    if (ndims !== null) {
      if (ndims < 2) return x;
      const staticShift = Math.sign(shift) * (Math.abs(shift) % ndims);
      if (staticShift === 0) return x;
      const perm = Array.from({ length: ndims }, (_, i) => (((i - staticShift) % ndims) + ndims) % ndims);
      return transposeInt64(x, perm);
    }
    const n = rank(x);
    const rolled = whereV2(less(s, 0), mod(neg(s), n, 'mod'), sub(n, mod(s, n, 'mod'), 'sub'));
    const first = range(0, rolled);
    return transpose(x, concat([range(rolled, n), first], 0));
  });
}

/**
 * The circulant operators' base (TF's `_BaseLinearOperatorCirculant`): the spectrum `H` of shape
 * `batch + block_shape` (`block_depth` trailing dimensions), `A u = IDFT[H DFT[u]]`.
 */
export abstract class LinearOperatorCirculantBase extends LinearOperator {
  /** The spectrum, the eigenvalues of the operator. */
  readonly spectrum: Output;
  /** `block_depth`: 1 for circulant, 2 for block circulant, 3 for nested block circulant. */
  readonly blockDepth: BlockDepth;

  protected constructor(spectrum: InputValue, blockDepth: BlockDepth, options: LinearOperatorCirculantOptions,
    defaultName: string) {
    const name = options.name ?? defaultName;
    let isSelfAdjoint = options.isSelfAdjoint;
    const s = withScope(name, name, [spectrum], () => {
      const t = convertToTensor(spectrum, { name: 'spectrum' });
      if (t.shape !== null && t.shape.length < blockDepth) {
        throw new ValueError(`Argument \`spectrum\` must have at least ${blockDepth} dimensions. Received: ${pyStr(t)}.`);
      }
      if (!isComplex(t.dtype)) {
        if (isSelfAdjoint === false) {
          throw new ValueError('A real spectrum always corresponds to a self-adjoint operator. Expected argument ' +
            '`is_self_adjoint` to be True when `spectrum.dtype.is_complex` = True. Received: False.');
        }
        isSelfAdjoint = true;
      }
      if (options.isSquare === false) {
        throw new ValueError('A [[nested] block] circulant operator is always square. Expected argument `is_square` ' +
          'to be True. Received: False.');
      }
      return t;
    });
    super(options.inputOutputDtype ?? DType.complex64, { ...options, isSelfAdjoint, isSquare: true }, name);
    this.spectrum = s;
    this.blockDepth = blockDepth;
  }

  /** The operator of this class with spectrum `spectrum` (what `_linop_*` make). */
  protected abstract make(spectrum: Output, options: LinearOperatorCirculantOptions): LinearOperatorCirculantBase;

  /** `block_shape`: the static shape of the spectrum's block dimensions (null for an unknown rank). */
  get blockShape(): StaticShapeList {
    const s = this.spectrum.shape;
    return s === null ? null : s.slice(-this.blockDepth);
  }

  /** `block_shape_tensor()`: the block dimensions as an int32 tensor. */
  blockShapeTensor(): Output {
    return this.blockShapeTensorOf();
  }

  private blockShapeTensorOf(spectrumShape?: Output): Output {
    const b = this.blockShape;
    if (isFullyDefined(b)) return shapeTensor(b, 'block_shape');
    return sliceOf(spectrumShape ?? shape(this.spectrum), [[-this.blockDepth, null]]);
  }

  protected _shape(): StaticShapeList {
    const s = this.spectrum.shape;
    if (s === null) return null;
    const trailing = s.slice(-this.blockDepth);
    const n = isFullyDefined(trailing) ? trailing.reduce((p, d) => p * d, 1) : null;
    return [...s.slice(0, -this.blockDepth), n, n];
  }

  protected _shapeTensor(spectrum?: Output): Output {
    const sShape = shape(spectrum ?? this.spectrum);
    const batch = sliceOf(sShape, [[null, -this.blockDepth]]);
    const n = reduceProd(sliceOf(sShape, [[-this.blockDepth, null]]));
    return concat([batch, [n, n]], 0);
  }

  private linopHints(): LinearOperatorCirculantOptions {
    return { isNonSingular: this.isNonSingular, isSelfAdjoint: this.isSelfAdjoint,
      isPositiveDefinite: this.isPositiveDefinite, isSquare: true };
  }

  // TF makes the adjoint without `input_output_dtype`: complex64 whatever this operator's dtype.
  protected _linopAdjoint(): LinearOperator {
    return this.make(isComplex(this.spectrum.dtype) ? conj(this.spectrum) : this.spectrum, this.linopHints());
  }

  protected _linopInverse(): LinearOperator {
    return this.make(truediv(1.0, this.spectrum), { ...this.linopHints(), inputOutputDtype: this.dtype });
  }

  /** `isinstance(op, type(self))`: an operator of this one's class. */
  private sameClass(op: LinearOperator): op is LinearOperatorCirculantBase {
    return op instanceof LinearOperatorCirculantBase && op.constructor === this.constructor;
  }

  protected _linopMatmul(left: LinearOperator, right: LinearOperator): LinearOperator {
    if (!this.sameClass(right) || !this.sameClass(left)) return super._linopMatmul(left, right);
    return this.make(mul(left.spectrum, right.spectrum, 'mul'), { ...commutingHints(left, right), isSquare: true });
  }

  protected _linopSolve(left: LinearOperator, right: LinearOperator): LinearOperator {
    if (!this.sameClass(right)) return super._linopSolve(left, right);
    const l = left as LinearOperatorCirculantBase;
    return this.make(truediv(right.spectrum, l.spectrum), { ...commutingHints(left, right), isSquare: true });
  }

  /** `_vectorize_then_blockify(matrix)`: the batch matrix as a batch of vectors, their trailing dimension blocks. */
  private vectorizeThenBlockify(matrix: Output): Output {
    const vec = rotateTranspose(matrix, 1);
    const b = this.blockShape;
    if (isFullyDefined(vec.shape) && isFullyDefined(b)) return reshape(vec, [...vec.shape.slice(0, -1), ...b]);
    return reshape(vec, concat([sliceOf(shape(vec), [[null, -1]]), this.blockShapeTensor()], 0));
  }

  /** `_unblockify(x)`: the trailing block dimensions flattened. */
  private unblockify(x: Output): Output {
    const d = this.blockDepth;
    if (isFullyDefined(x.shape)) {
      return reshape(x, [...x.shape.slice(0, -d), x.shape.slice(-d).reduce((p, n) => p * n, 1)]);
    }
    const xShape = shape(x);
    return reshape(x, concat([sliceOf(xShape, [[null, -d]]), [reduceProd(sliceOf(xShape, [[-d, null]]))]], 0));
  }

  private unblockifyThenMatricize(vec: Output): Output {
    return rotateTranspose(this.unblockify(vec), -1);
  }

  private fft(x: Output): Output {
    return FFT_OP[this.blockDepth](toComplex(x));
  }

  private ifft(x: Output): Output {
    return IFFT_OP[this.blockDepth](toComplex(x));
  }

  /** `convolution_kernel(name='convolution_kernel')`: the kernel whose DFT is the spectrum, in this operator's dtype. */
  convolutionKernel(name = 'convolution_kernel'): Output {
    return this.nameScope(name, () => cast(this.ifft(toComplex(this.spectrum)), this.dtype));
  }

  /**
   * `assert_hermitian_spectrum(name='assert_hermitian_spectrum')`: an op failing when the spectrum is
   * not Hermitian. As in TF 2.21, whose tolerance (numpy's eps times the int32 domain dimension)
   * becomes an int32 zero, it raises TypeError at `Less`.
   */
  assertHermitianSpectrum(name = 'assert_hermitian_spectrum'): Operation {
    return this.nameScope(name, () => {
      const dim = this.domainDimensionTensor();
      // `eps * tensor` converts numpy's eps to the tensor's int32: 0.
      const maxErr = mul(convertToTensor(0, { dtype: dim.dtype, name: 'x' }), dim, 'mul');
      return assertLess(abs(imag(this.convolutionKernel())), maxErr, { message: 'Spectrum was not Hermitian' });
    });
  }

  protected _assertNonSingular(): Operation {
    return assertNoEntriesWithModulusZero(this.spectrum, 'Singular operator:  Spectrum contained zero values.');
  }

  protected _assertPositiveDefinite(): Operation {
    return assertPositive(real(this.spectrum),
      { message: 'Not positive definite:  Real part of spectrum was not all positive.' });
  }

  protected _assertSelfAdjoint(): Operation {
    return assertZeroImagPart(this.spectrum, 'Not self-adjoint:  The spectrum contained non-zero imaginary part.');
  }

  /** `_broadcast_batch_dims(x, spectrum)`: `x` and the spectrum broadcast to their common batch shape. */
  private broadcastBatchDims(x: Output, spectrum: Output): [Output, Output] {
    const batchShape = this._batchShapeTensor(this._shapeTensor(spectrum));
    const specMat = reshape(spectrum, concat([batchShape, [-1, 1]], 0));
    const [bx, bspec] = broadcastMatrixBatchDims([x, specMat]);
    const xBatchShape = sliceOf(shape(bx), [[null, -2]]);
    const spectrumShape = shape(spectrum);
    return [bx, reshape(bspec, concat([xBatchShape, this.blockShapeTensorOf(spectrumShape)], 0))];
  }

  protected _cond(): Output {
    const absSingularValues = abs(this.unblockify(this.spectrum));
    return truediv(reduceMax(absSingularValues, -1), reduceMin(absSingularValues, -1));
  }

  protected _eigvals(): Output {
    return this.unblockify(this.spectrum);
  }

  /** The spectrum as a complex tensor, conjugated for the adjoint. */
  private complexSpectrum(adjoint: boolean): Output {
    const spectrum = toComplex(this.spectrum);
    return adjoint ? conj(spectrum) : spectrum;
  }

  protected _matmul(x: Output, adjoint: boolean, adjointArg: boolean): Output {
    const xt = adjointArg ? denseAdjoint(x) : x;
    const spectrum = this.complexSpectrum(adjoint);
    const [bx, bspec] = this.broadcastBatchDims(cast(xt, spectrum.dtype), spectrum);
    const fftX = this.fft(this.vectorizeThenBlockify(bx));
    const y = this.unblockifyThenMatricize(this.ifft(mul(bspec, fftX, 'mul')));
    return cast(y, this.dtype);
  }

  private blockAxes(): number[] {
    return Array.from({ length: this.blockDepth }, (_, i) => -(i + 1));
  }

  protected _determinant(): Output {
    return cast(reduceProd(this.spectrum, this.blockAxes()), this.dtype);
  }

  protected _logAbsDeterminant(): Output {
    return cast(reduceSum(log(abs(this.spectrum)), this.blockAxes()), this.dtype);
  }

  protected _solve(rhs: Output, adjoint: boolean, adjointArg: boolean): Output {
    const r = adjointArg ? denseAdjoint(rhs) : rhs;
    const [br, bspec] = this.broadcastBatchDims(r, this.complexSpectrum(adjoint));
    const fftRhs = this.fft(this.vectorizeThenBlockify(br));
    return cast(this.unblockifyThenMatricize(this.ifft(truediv(fftRhs, bspec))), this.dtype);
  }

  protected _diagPart(): Output {
    const s = this.shape;
    const full = isFullyDefined(s);
    const diagShape = full ? s.slice(0, -1) : sliceOf(this.shapeTensor(), [[null, -1]]);
    // A Python int: Cast converts it as an int32 Const.
    const size = full ? Tensor.from(this.domainDimension as number, { dtype: DType.int32 }) : this.domainDimensionTensor();
    const onesDiag = ones(diagShape, this.dtype);
    const diagValue = truediv(this.trace(), cast(size, this.dtype));
    return mul(getItem(diagValue, [ellipsis, newaxis]), onesDiag, 'mul');
  }

  protected _trace(): Output {
    const s = this.spectrum.shape;
    let axis: number[] | Output;
    if (isFullyDefined(s)) {
      axis = Array.from({ length: this.blockDepth }, (_, i) => s.length - this.blockDepth + i);
    } else {
      const specRank = rank(this.spectrum);
      axis = range(sub(specRank, this.blockDepth, 'sub'), specRank);
    }
    const re = reduceSum(real(this.spectrum), { axis });
    if (!isComplex(this.dtype)) return cast(re, this.dtype);
    const im = this.isSelfAdjoint ? zerosLike(re) : reduceSum(imag(this.spectrum), { axis });
    return cast(complex(re, im), this.dtype);
  }
}

/**
 * `tf.linalg.LinearOperatorCirculant(spectrum, input_output_dtype=tf.complex64, is_non_singular=None,
 * is_self_adjoint=None, is_positive_definite=None, is_square=True, name='LinearOperatorCirculant')`:
 * the circulant matrices of spectrum `spectrum` (`[..., N]`); a real spectrum is self-adjoint, a
 * Hermitian one a real matrix.
 */
export class LinearOperatorCirculant extends LinearOperatorCirculantBase {
  constructor(spectrum: InputValue, options: LinearOperatorCirculantOptions = {}) {
    super(spectrum, 1, options, 'LinearOperatorCirculant');
  }

  protected make(spectrum: Output, options: LinearOperatorCirculantOptions): LinearOperatorCirculantBase {
    return new LinearOperatorCirculant(spectrum, options);
  }
}

/**
 * `tf.linalg.LinearOperatorCirculant2D(spectrum, input_output_dtype=tf.complex64, ...,
 * name='LinearOperatorCirculant2D')`: block circulant matrices with circulant blocks, of spectrum
 * `[..., N0, N1]`.
 */
export class LinearOperatorCirculant2D extends LinearOperatorCirculantBase {
  constructor(spectrum: InputValue, options: LinearOperatorCirculantOptions = {}) {
    super(spectrum, 2, options, 'LinearOperatorCirculant2D');
  }

  protected make(spectrum: Output, options: LinearOperatorCirculantOptions): LinearOperatorCirculantBase {
    return new LinearOperatorCirculant2D(spectrum, options);
  }
}

/**
 * `tf.linalg.LinearOperatorCirculant3D(spectrum, input_output_dtype=tf.complex64, ...,
 * name='LinearOperatorCirculant3D')`: nested block circulant matrices, of spectrum `[..., N0, N1, N2]`.
 */
export class LinearOperatorCirculant3D extends LinearOperatorCirculantBase {
  constructor(spectrum: InputValue, options: LinearOperatorCirculantOptions = {}) {
    super(spectrum, 3, options, 'LinearOperatorCirculant3D');
  }

  protected make(spectrum: Output, options: LinearOperatorCirculantOptions): LinearOperatorCirculantBase {
    return new LinearOperatorCirculant3D(spectrum, options);
  }
}
