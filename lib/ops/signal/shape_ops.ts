/**
 * TF1's `tf.signal.frame` (TF 2.21's `tensorflow/python/ops/signal/shape_ops.py`): the frames of a
 * signal gathered from its subframes, with the numpy shortcuts Python takes where the signal's shape,
 * the axis, the frame length and the step are static.
 */
import { ValueError } from '../../errors';
import { DType, baseDType, dtypeRepr, isIntegerDType } from '../../framework/dtypes';
import { InputValue, applyOp, convertToTensor } from '../../framework/op_def_library';
import { Output } from '../../framework/ops';
import { Tensor } from '../../framework/tensor';
import {
  concat, constant, gather, pad, rank, reshape, reshapeToScalar, shape, size, sliceOf, split, stridedSlice, withScope, zeros,
  zerosLike,
} from '../array_ops';
import { add, floorDiv, floormod, greater, maximum, mul, neg, range, sub } from '../math_ops';
import { whileLoop } from '../while_loop';
import { Val, pyFloorDiv, pyMul } from './python_ints';
import { assertScalar, pyInts, staticNumbers, withRankAtLeast } from './util';

/** Options of `frame`. */
export interface FrameOptions {
  /** Pad the end of the signal with `padValue` so that every sample is in a frame (default false). */
  padEnd?: boolean;
  padValue?: InputValue;
  /** The axis to frame (default -1). */
  axis?: InputValue;
  name?: string;
}

/** A static scalar's value, or null. */
function staticScalar(t: Output): number | null {
  const v = staticNumbers(t);
  return v !== null && t.shape?.length === 0 ? v[0] : null;
}

const gcdOf = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcdOf(b, a % b));
const int32 = (v: number | number[]) => Tensor.from(v, { dtype: DType.int32 });

/** `_infer_frame_shape`: the frames' static shape. */
function inferFrameShape(signal: Output, frameLength: number | null, frameStep: number | null, padEnd: boolean,
  axis: number | null): Array<number | null> | null {
  if (signal.shape === null) return null;
  if (axis === null) return new Array<null>(signal.shape.length + 1).fill(null);
  const dims = [...signal.shape];
  const ax = axis < 0 ? axis + dims.length : axis;
  const frameAxis = dims[ax];
  let numFrames: number | null = null;
  if (dims.length > 0 && frameAxis !== null) {
    if (frameStep !== null && padEnd) numFrames = Math.max(0, -Math.floor(-frameAxis / frameStep));
    else if (frameStep !== null && frameLength !== null) {
      numFrames = Math.max(0, Math.floor((frameAxis - frameLength + frameStep) / frameStep));
    }
  }
  return [...dims.slice(0, ax), numFrames, frameLength, ...dims.slice(ax + 1)];
}

/** `util_ops.gcd(a, b)` (scope `gcd`): a Const of static scalars, else Euclid's algorithm in a while loop. */
function gcd(a: Output, b: Output): Output {
  return withScope(undefined, 'gcd', [a, b], () => {
    assertScalar(a);
    assertScalar(b);
    if (!isIntegerDType(a.dtype)) throw new ValueError(`a must be an integer type. Got: ${dtypeRepr(a.dtype)}`);
    if (!isIntegerDType(b.dtype)) throw new ValueError(`b must be an integer type. Got: ${dtypeRepr(b.dtype)}`);
    const [x, y] = [staticScalar(a), staticScalar(b)];
    if (x !== null && y !== null) return convertToTensor(pyInts(gcdOf(x, y)));
    const [result] = whileLoop((_x: Output, r: Output) => greater(r, zerosLike(r)),
      (p: Output, q: Output) => [q, floormod(p, q, 'mod')], [a, b], { backProp: false });
    return result;
  });
}

/**
 * `tf.signal.frame(signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1, name=None)`:
 * `signal`'s `axis` cut into frames of `frameLength` samples every `frameStep`.
 */
export function frame(signal: InputValue, frameLength: InputValue, frameStep: InputValue,
  options: FrameOptions = {}): Output {
  const padEnd = options.padEnd ?? false;
  return withScope(options.name, 'frame', [signal, frameLength, frameStep, options.padValue], (_scope, graph) => {
    let sig = convertToTensor(signal, { name: 'signal', graph });
    const length = convertToTensor(pyInts(frameLength), { name: 'frame_length', graph });
    const step = convertToTensor(pyInts(frameStep), { name: 'frame_step', graph });
    const axisT = convertToTensor(pyInts(options.axis ?? -1), { name: 'axis', graph });
    withRankAtLeast(sig, 1);
    assertScalar(length);
    assertScalar(step);
    assertScalar(axisT);
    const resultShape = inferFrameShape(sig, staticScalar(length), staticScalar(step), padEnd, staticScalar(axisT));

    // Python keeps numpy values where the shape and axis are static, tensors otherwise.
    const shapeT = shape(sig);
    const staticShape = staticNumbers(shapeT);
    const staticAxis = staticScalar(axisT);
    let axis: number | Output;
    let outer: number[] | Output;
    let inner: number[] | Output;
    let lengthSamples: number | Output;
    let signalShape: number[] | Output;
    if (staticShape !== null && staticAxis !== null) {
      axis = staticAxis < 0 ? staticAxis + staticShape.length : staticAxis;
      outer = staticShape.slice(0, axis);
      lengthSamples = staticShape[axis];
      inner = staticShape.slice(axis + 1);
      signalShape = staticShape;
    } else {
      const signalRank = rank(sig);
      axis = sliceOf(range(0, signalRank), [staticAxis ?? axisT]);
      [outer, lengthSamples, inner] = split(shapeT, [axis, 1, sub(sub(signalRank, 1, 'sub'), axis, 'sub')]);
      lengthSamples = reshapeToScalar(lengthSamples);
      signalShape = shapeT;
    }
    const numOuter = size(Array.isArray(outer) ? int32(outer).reshape([outer.length]) : outer);
    const numInner = size(Array.isArray(inner) ? int32(inner).reshape([inner.length]) : inner);

    let numFrames: Output;
    if (padEnd) {
      const padValue = convertToTensor(options.padValue ?? 0, { dtype: baseDType(sig.dtype), graph });
      assertScalar(padValue);
      numFrames = neg(floorDiv(typeof lengthSamples === 'number' ? -lengthSamples : neg(lengthSamples), step,
        'floordiv'));
      const padSamples = maximum(0, sub(add(length, mul(step, sub(numFrames, 1, 'sub'), 'mul'), 'add'),
        lengthSamples, 'sub'));
      const paddings = concat([zeros([numOuter, 2], baseDType(padSamples.dtype)),
        convertToTensor([[0, padSamples]], { graph }), zeros([numInner, 2], baseDType(padSamples.dtype))], 0);
      sig = pad(sig, paddings, { constantValues: padValue });
      signalShape = shape(sig);
      lengthSamples = sliceOf(signalShape, [axis]);
    } else {
      const zero = constant(0, { dtype: baseDType(length.dtype) });
      numFrames = maximum(zero, add(1, floorDiv(sub(lengthSamples, length, 'sub'), step, 'floordiv'), 'add'));
    }

    const gcdT = gcd(length, step);
    const subframeLength: Val = staticScalar(gcdT) ?? gcdT;
    const subframesPerFrame = floorDiv(length, subframeLength, 'floordiv');
    const subframesPerHop = floorDiv(step, subframeLength, 'floordiv');
    const numSubframes = pyFloorDiv(lengthSamples, subframeLength);
    const sliceLength = pyMul(numSubframes, subframeLength);
    const hostOr = (v: number[] | Output) => (Array.isArray(v) ? int32(v).reshape([v.length]) : v);
    const sliceShape = concat([hostOr(outer), pyInts([sliceLength]), hostOr(inner)], 0);
    const subframeShape = concat([hostOr(outer), pyInts([numSubframes, subframeLength]), hostOr(inner)], 0);
    const begin = zerosLike(Array.isArray(signalShape) ? int32(signalShape).reshape([signalShape.length]) : signalShape);
    const subframes = reshape(stridedSlice(sig, begin, sliceShape), subframeShape);

    const frameSelector = reshape(mul(range(0, numFrames, 1, baseDType(length.dtype)), subframesPerHop, 'mul'),
      [numFrames, 1]);
    const subframeSelector = reshape(range(0, subframesPerFrame, 1, baseDType(length.dtype)), [1, subframesPerFrame]);
    const selector = add(frameSelector, subframeSelector, 'add');
    const outerT = convertToTensor(hostOr(outer), { graph });
    const innerT = convertToTensor(hostOr(inner), { dtype: outerT.dtype, graph });
    const mid = convertToTensor([numFrames, length], { dtype: outerT.dtype, graph });
    const gathered = typeof axis === 'number' ? gather(subframes, selector, axis)
      : applyOp('GatherV2', { params: subframes, indices: selector, axis }, { batch_dims: 0 }, 'GatherV2').output(0);
    const frames = reshape(gathered, concat([outerT, mid, innerT], 0));
    if (resultShape !== null) frames.setShape(resultShape);
    return frames;
  });
}
