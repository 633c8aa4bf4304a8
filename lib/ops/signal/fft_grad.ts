/**
 * Gradients of the spectral ops that libtensorflow's C++ registry lacks, after TF 2.21's Python ones
 * (`fft_ops.py`'s FFT gradients and RFFT/IRFFT ones of rank 1 and 2, and math_grad's `_ComplexAbsGrad`, the
 * gradient of a spectrogram's magnitude); registered with the others in gradients.ts.
 */
import { DType, baseDType } from '../../framework/dtypes';
import { denseGradient as dense } from '../../framework/indexed_slices';
import { Operation, Output } from '../../framework/ops';
import { Tensor } from '../../framework/tensor';
import {
  cast, concat, constant, expandDims, ones, rank, reshape, shape, sliceOf, tile, transpose, zerosLike,
} from '../array_ops';
import type { GradFn } from '../gradients';
import {
  add, complex, conj, divNoNan, exp, floormod, matmul, mul, range, real, reciprocal, reduceProd, sub, truediv,
} from '../math_ops';
import { fft, fft2d, fft3d, ifft, ifft2d, ifft3d, irfft, irfft2d, rfft, rfft2d } from './fft_ops';
import { staticInt32 } from './util';

const realOf = (complexDtype: DType) => (baseDType(complexDtype) === DType.complex128 ? DType.float64 : DType.float32);
const complexOf = (realDtype: DType) => (baseDType(realDtype) === DType.float64 ? DType.complex128 : DType.complex64);

/** `_fft_size_for_grad`: the number of elements of the inner `rank` dimensions. */
const fftSize = (t: Output, r: number) => reduceProd(sliceOf(shape(t), [[-r, null]]));

/** `_ComplexAbsGrad`: `grad * x / |x|` (0 where `|x|` is). */
const complexAbsGrad: GradFn = (op, [g]) => {
  const grad = dense(g!);
  return [divNoNan(mul(complex(grad, zerosLike(grad)), op.inputs[0]),
    complex(op.outputs[0], zerosLike(op.outputs[0])))];
};

/** `_fft_grad`, `_fft2d_grad`, `_fft3d_grad` (`inverse`: of the IFFTs): the inverse transform, scaled by the size (its reciprocal). */
function fftGrad(r: number, transform: (x: Output) => Output, inverse: boolean): GradFn {
  return (_op, [g]) => {
    const grad = dense(g!);
    const dtype = baseDType(grad.dtype);
    const size = fftSize(grad, r);
    const scale = inverse ? cast(truediv(1.0, cast(size, realOf(dtype))), dtype) : cast(size, dtype);
    return [mul(transform(grad), scale)];
  };
}

/** `_rfft_grad_helper(rank, irfft_fn)`. */
function rfftGrad(r: 1 | 2, irfftFn: typeof irfft): GradFn {
  return (op: Operation, [g]) => {
    const grad = dense(g!);
    const fftLength = op.inputs[1];
    const complexDtype = baseDType(grad.dtype);
    const realDtype = realOf(complexDtype);
    const inputShape = shape(op.inputs[0]);
    const isEven = cast(sub(1, floormod(sliceOf(fftLength, [-1]), 2)), complexDtype);
    const ymask = (length: Output) => cast(sub(1, mul(2, floormod(range(0, length), 2))), complexDtype);
    const y0 = sliceOf(grad, ['...', [0, 1]]);
    const ym = sliceOf(grad, ['...', [-1, null]]);
    let extraTerms: Output;
    if (r === 1) {
      extraTerms = add(y0, mul(mul(isEven, ym), ymask(sliceOf(inputShape, [-1]))));
    } else {
      const length = sliceOf(inputShape, [-2]);
      const a = tile(expandDims(range(0, length), 0), [length, 1]);
      const b = transpose(a, [1, 0]);
      const twoPiI = complex(constant(0, { dtype: realDtype }), constant(-2 * Math.PI, { dtype: realDtype }));
      const baseMask = exp(truediv(mul(twoPiI, cast(mul(a, b), complexDtype)), cast(length, complexDtype)));
      const expanded = reshape(baseMask, concat([ones([sub(rank(y0), 2)], DType.int32), shape(baseMask)], 0));
      const tiledMask = tile(expanded, concat([sliceOf(shape(y0), [[null, -2]]),
        Tensor.from([1, 1], { dtype: DType.int32 })], 0));
      const innerDim = sliceOf(inputShape, [-1]);
      const ymTerm = mul(tile(matmul(tiledMask, conj(ym)),
        concat([ones([sub(rank(grad), 1)], DType.int32), expandDims(innerDim, 0)], 0)), ymask(innerDim));
      extraTerms = add(matmul(tiledMask, conj(y0)), mul(isEven, ymTerm));
    }
    const inputSize = cast(fftSize(op.inputs[0], r), realDtype);
    const theIrfft = irfftFn(grad, { fftLength });
    return [mul(0.5, add(mul(theIrfft, inputSize), real(extraTerms))), null];
  };
}

/** `_irfft_grad_helper(rank, rfft_fn)`. */
function irfftGrad(r: 1 | 2, rfftFn: typeof rfft): GradFn {
  return (op: Operation, [g]) => {
    const grad = dense(g!);
    const fftLength = staticInt32(op.inputs[1]) ?? op.inputs[1];
    const realDtype = baseDType(grad.dtype);
    const isOdd = floormod(sliceOf(op.inputs[1], [-1]), 2);
    const inputLast = sliceOf(shape(op.inputs[0]), [-1]);
    const mask = concat([constant([1.0], { dtype: realDtype }),
      mul(2.0, ones([add(sub(inputLast, 2), isOdd)], realDtype)), ones([sub(1, isOdd)], realDtype)], 0);
    const rsize = reciprocal(cast(fftSize(grad, r), realDtype));
    const theRfft = rfftFn(grad, { fftLength });
    return [mul(theRfft, cast(mul(rsize, mask), complexOf(realDtype))), null];
  };
}

/** The spectral gradients of TF's Python registry missing from the C++ one. */
export const FFT_GRADIENTS: Array<[string, GradFn | null]> = [
  ['ComplexAbs', complexAbsGrad],
  ['FFT', fftGrad(1, ifft, false)], ['IFFT', fftGrad(1, fft, true)],
  ['FFT2D', fftGrad(2, ifft2d, false)], ['IFFT2D', fftGrad(2, fft2d, true)],
  ['FFT3D', fftGrad(3, ifft3d, false)], ['IFFT3D', fftGrad(3, fft3d, true)],
  ['RFFT', rfftGrad(1, irfft)], ['IRFFT', irfftGrad(1, rfft)],
  ['RFFT2D', rfftGrad(2, irfft2d)], ['IRFFT2D', irfftGrad(2, rfft2d)],
];
