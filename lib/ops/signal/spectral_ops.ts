/**
 * TF1's short-time Fourier transforms (TF 2.21's `tensorflow/python/ops/signal/spectral_ops.py`):
 * stft, inverse_stft and the window that inverts an STFT, mdct and inverse_mdct.
 */
import { ValueError } from '../../errors';
import { DType, baseDType } from '../../framework/dtypes';
import { Tensor } from '../../framework/tensor';
import { InputValue, convertToTensor } from '../../framework/op_def_library';
import { Graph, Output } from '../../framework/ops';
import {
  cast, concat, constant, pad, rank, reshape, reverse, shape, sliceOf, split, tile, where, withScope, zeros, zerosLike,
} from '../array_ops';
import { ceil, equal, floorDiv, log, maximum, mul, neg, pow, reduceSum, square, sub, truediv } from '../math_ops';
import { irfft, rfft } from './fft_ops';
import { pyFloorDiv } from './python_ints';
import { overlapAndAdd } from './reconstruction_ops';
import { frame } from './shape_ops';
import { assertScalar, pyInts, staticNumbers, withRankAtLeast } from './util';
import { WindowFn, hannWindow, vorbisWindow } from './window_ops';
import { dct } from './dct_ops';

/** `_enclosing_power_of_two`: the smallest power of two at least `value`, a Const when static. */
function enclosingPowerOfTwo(value: Output): Output {
  const v = staticNumbers(value);
  if (v !== null) return constant(2 ** Math.ceil(Math.log(v[0]) / Math.log(2.0)), { dtype: baseDType(value.dtype) });
  return cast(pow(2.0, ceil(truediv(log(cast(value, DType.float32)), log(2.0)))), baseDType(value.dtype));
}

/** The frame length and step as int scalars (`frame_length`, `frame_step`). */
function lengthAndStep(frameLength: InputValue, frameStep: InputValue, graph: Graph): [Output, Output] {
  const length = convertToTensor(pyInts(frameLength), { name: 'frame_length', graph });
  assertScalar(length);
  const step = convertToTensor(pyInts(frameStep), { name: 'frame_step', graph });
  assertScalar(step);
  return [length, step];
}

/** Options of `stft`. */
export interface StftOptions {
  /** The FFT length (the power of two enclosing `frameLength` by default). */
  fftLength?: InputValue;
  /** The window (Hann by default; null for none). */
  windowFn?: WindowFn | null;
  /** Pad the end of the signal so that every sample is in a frame (default false). */
  padEnd?: boolean;
  name?: string;
}

/**
 * `tf.signal.stft(signals, frame_length, frame_step, fft_length=None, window_fn=hann_window,
 * pad_end=False, name=None)`: the RFFTs of the windowed frames of `signals`.
 */
export function stft(signals: InputValue, frameLength: InputValue, frameStep: InputValue,
  options: StftOptions = {}): Output {
  return withScope(options.name, 'stft', [signals, frameLength, frameStep], (_scope, graph) => {
    const sig = convertToTensor(signals, { name: 'signals', graph });
    withRankAtLeast(sig, 1);
    const [length, step] = lengthAndStep(frameLength, frameStep, graph);
    const fftLength = options.fftLength === undefined ? enclosingPowerOfTwo(length)
      : convertToTensor(pyInts(options.fftLength), { name: 'fft_length', graph });
    let framed = frame(sig, length, step, { padEnd: options.padEnd ?? false });
    const windowFn = options.windowFn === undefined ? hannWindow : options.windowFn;
    if (windowFn !== null) framed = mul(framed, windowFn(length, { dtype: baseDType(framed.dtype) }), 'mul');
    return rfft(framed, { fftLength: [fftLength] });
  });
}

/**
 * `tf.signal.inverse_stft_window_fn(frame_step, forward_window_fn=hann_window, name=None)`: the window
 * function that makes `inverseStft` invert an `stft` made with `forwardWindowFn`.
 */
export function inverseStftWindowFn(frameStep: InputValue,
  options: { forwardWindowFn?: WindowFn; name?: string } = {}): WindowFn {
  const forwardWindowFn = options.forwardWindowFn ?? hannWindow;
  return (frameLength, { dtype = DType.float32 } = {}) => withScope(options.name, 'inverse_stft_window_fn', [],
    (_scope, graph) => {
      const step = convertToTensor(pyInts(frameStep), { name: 'frame_step', graph });
      assertScalar(step);
      const length = convertToTensor(pyInts(frameLength), { name: 'frame_length', graph });
      assertScalar(length);
      const forwardWindow = forwardWindowFn(length, { dtype });
      let denom = square(forwardWindow);
      const overlaps = neg(pyFloorDiv(neg(length), step) as Output);
      denom = pad(denom, [[0, sub(mul(overlaps, step, 'mul'), length, 'sub')]]);
      denom = reshape(denom, [overlaps, step]);
      denom = reduceSum(denom, { axis: 0, keepDims: true });
      denom = tile(denom, [overlaps, 1]);
      denom = reshape(denom, [mul(overlaps, step, 'mul')]);
      denom = sliceOf(denom, [[null, length]]);
      return where(equal(denom, 0.0), zerosLike(forwardWindow), truediv(forwardWindow, denom));
    });
}

/** Options of `inverseStft`. */
export interface InverseStftOptions {
  /** The FFT length the STFT was made with (the power of two enclosing `frameLength` by default). */
  fftLength?: InputValue;
  /** The window (Hann by default, as TF's; `inverseStftWindowFn` inverts a Hann-windowed STFT; null for none). */
  windowFn?: WindowFn | null;
  name?: string;
}

/**
 * `tf.signal.inverse_stft(stfts, frame_length, frame_step, fft_length=None, window_fn=hann_window,
 * name=None)`: the frames of the IRFFTs of `stfts`, windowed and overlap-added.
 */
export function inverseStft(stfts: InputValue, frameLength: InputValue, frameStep: InputValue,
  options: InverseStftOptions = {}): Output {
  return withScope(options.name, 'inverse_stft', [stfts], (_scope, graph) => {
    const spectra = convertToTensor(stfts, { name: 'stfts', graph });
    withRankAtLeast(spectra, 2);
    const [length, step] = lengthAndStep(frameLength, frameStep, graph);
    let fftLength: Output;
    if (options.fftLength === undefined) {
      fftLength = enclosingPowerOfTwo(length);
    } else {
      fftLength = convertToTensor(pyInts(options.fftLength), { name: 'fft_length', graph });
      assertScalar(fftLength);
    }
    let realFrames = irfft(spectra, { fftLength: [fftLength] });
    const lengthStatic = staticNumbers(length)?.[0] ?? null;
    const last = realFrames.shape === null ? null : realFrames.shape[realFrames.shape.length - 1];
    if (lengthStatic === null || realFrames.shape === null || last === null) {
      realFrames = sliceOf(realFrames, ['...', [null, length]]);
      const framesRank = rank(realFrames);
      const framesShape = shape(realFrames);
      const paddings = concat([zeros([sub(framesRank, 1, 'sub'), 2], baseDType(length.dtype)),
        [[0, maximum(0, sub(length, sliceOf(framesShape, [-1]), 'sub'))]]], 0);
      realFrames = pad(realFrames, paddings);
    } else if (last > lengthStatic) {
      realFrames = sliceOf(realFrames, ['...', [null, lengthStatic]]);
    } else if (last < lengthStatic) {
      const outer = Array.from({ length: realFrames.shape.length - 1 }, () => [0, 0]);
      realFrames = pad(realFrames, [...outer, [0, lengthStatic - last]]);
    }
    if (lengthStatic !== null && realFrames.shape !== null) {
      realFrames.setShape([...new Array<null>(realFrames.shape.length - 1).fill(null), lengthStatic]);
    }
    const windowFn = options.windowFn === undefined ? hannWindow : options.windowFn;
    if (windowFn !== null) {
      const realDtype = baseDType(spectra.dtype) === DType.complex128 ? DType.float64 : DType.float32;
      realFrames = mul(realFrames, windowFn(length, { dtype: realDtype }), 'mul');
    }
    return overlapAndAdd(realFrames, step);
  });
}

/** Options of `mdct`. */
export interface MdctOptions {
  /** The window (Vorbis by default, as TF's; null for none, a `1/sqrt(2)` scale). */
  windowFn?: WindowFn | null;
  /** Pad the end of the signal so that every sample is in a frame (default false). */
  padEnd?: boolean;
  /** null or 'ortho'. */
  norm?: string | null;
  name?: string;
}

/**
 * `tf.signal.mdct(signals, frame_length, window_fn=vorbis_window, pad_end=False, norm=None, name=None)`:
 * the modified DCTs (a DCT-IV of the folded frames) of frames overlapping by half.
 */
export function mdct(signals: InputValue, frameLength: InputValue, options: MdctOptions = {}): Output {
  return withScope(options.name, 'mdct', [signals, frameLength], (_scope, graph) => {
    const sig = convertToTensor(signals, { name: 'signals', graph });
    withRankAtLeast(sig, 1);
    const length = convertToTensor(pyInts(frameLength), { name: 'frame_length', graph });
    assertScalar(length);
    const lengthStatic = staticNumbers(length);
    let step: Output;
    if (lengthStatic !== null) {
      if (lengthStatic[0] % 4 !== 0) throw new ValueError('The frame length must be a multiple of 4.');
      step = convertToTensor(Tensor.from(Math.floor(lengthStatic[0] / 2), { dtype: baseDType(length.dtype) }), { graph });
    } else {
      step = floorDiv(length, 2, 'floordiv');
    }
    let framed = frame(sig, length, step, { padEnd: options.padEnd ?? false });
    const windowFn = options.windowFn === undefined ? vorbisWindow : options.windowFn;
    framed = mul(framed, windowFn === null ? 1.0 / Math.sqrt(2) : windowFn(length, { dtype: baseDType(framed.dtype) }),
      'mul');
    const parts = split(framed, 4, { axis: -1 });
    const firstHalf = sub(neg(reverse(parts[2], [-1])), parts[3], 'sub');
    const secondHalf = sub(parts[0], reverse(parts[1], [-1]), 'sub');
    return dct(concat([firstHalf, secondHalf], -1), { type: 4, norm: options.norm ?? null });
  });
}

/**
 * `tf.signal.inverse_mdct(mdcts, window_fn=vorbis_window, norm=None, name=None)`: the signal back
 * from its MDCTs (time-domain aliasing cancelled by overlap-add).
 */
export function inverseMdct(mdcts: InputValue, options: Omit<MdctOptions, 'padEnd'> = {}): Output {
  return withScope(options.name, 'inverse_mdct', [mdcts], (_scope, graph) => {
    const x = convertToTensor(mdcts, { name: 'mdcts', graph });
    withRankAtLeast(x, 2);
    const halfLen = cast(pyInts(x.shape![x.shape!.length - 1]!), DType.int32);
    const result = options.norm === 'ortho' ? dct(x, { type: 4, norm: 'ortho' })
      : mul(truediv(0.5, cast(halfLen, baseDType(x.dtype))), dct(x, { type: 4 }), 'mul');
    const [first, second] = split(result, 2, { axis: -1 });
    let realFrames = concat([second, neg(reverse(second, [-1])), neg(reverse(first, [-1])), neg(first)], -1);
    const windowFn = options.windowFn === undefined ? vorbisWindow : options.windowFn;
    realFrames = mul(realFrames, windowFn === null ? 1.0 / Math.sqrt(2)
      : windowFn(mul(2, halfLen, 'mul'), { dtype: baseDType(x.dtype) }), 'mul');
    return overlapAndAdd(realFrames, halfLen);
  });
}
