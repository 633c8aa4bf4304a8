/**
 * TF1's `tf.signal.overlap_and_add` (TF 2.21's `tensorflow/python/ops/signal/reconstruction_ops.py`),
 * with Python's numpy shortcuts where the frames' shape and the step are static.
 */
import { ValueError } from '../../errors';
import { DType, dtypeRepr, isIntegerDType } from '../../framework/dtypes';
import { InputValue, convertToTensor } from '../../framework/op_def_library';
import { Output } from '../../framework/ops';
import { Tensor } from '../../framework/tensor';
import { concat, pad, reshape, shape, size, sliceOf, transpose, withScope, zeros } from '../array_ops';
import { add, range, reduceSum } from '../math_ops';
import { Val, pyAdd, pyFloorDiv, pyMul, pyNeg, pySub } from './python_ints';
import { assertScalar, pyInts, staticNumbers, withRankAtLeast } from './util';

const int32 = (v: number[]) => Tensor.from(v, { dtype: DType.int32, shape: [v.length] });

/**
 * `tf.signal.overlap_and_add(signal, frame_step, name=None)`: frames `[..., frames, frame_length]`
 * added back into a signal, each `frameStep` samples after the previous one.
 */
export function overlapAndAdd(signal: InputValue, frameStep: InputValue, name?: string): Output {
  return withScope(name, 'overlap_and_add', [signal, frameStep], (_scope, graph) => {
    let sig = convertToTensor(signal, { name: 'signal', graph });
    withRankAtLeast(sig, 2);
    const stepT = convertToTensor(pyInts(frameStep), { name: 'frame_step', graph });
    assertScalar(stepT);
    if (!isIntegerDType(stepT.dtype)) throw new ValueError(`frame_step must be an integer. Got ${dtypeRepr(stepT.dtype)}`);
    const stepStatic = staticNumbers(stepT);
    const step: Val = stepStatic === null ? stepT : stepStatic[0];

    const shapeT = shape(sig);
    const shapeStatic = staticNumbers(shapeT);
    const outer: number[] | Output = shapeStatic === null ? sliceOf(shapeT, [[null, -2]]) : shapeStatic.slice(0, -2);
    const outerRankT = size(Array.isArray(outer) ? int32(outer) : outer);
    const outerRankStatic = staticNumbers(outerRankT);
    const outerRank: Val = outerRankStatic === null ? outerRankT : outerRankStatic[0];
    const fullShape = (inner: InputValue[]) => concat([Array.isArray(outer) ? int32(outer) : outer, pyInts(inner)], 0);

    const at = (i: number): Val => (shapeStatic === null ? sliceOf(shapeT, [i]) : shapeStatic[shapeStatic.length + i]);
    const frameLength = at(-1);
    const frames = at(-2);
    const outputLength = pyAdd(frameLength, pyMul(step, pySub(frames, 1)));
    if (stepStatic !== null && sig.shape !== null && step === sig.shape[sig.shape.length - 1]) {
      return reshape(sig, fullShape([outputLength]), 'fast_path');
    }
    const segments = pyNeg(pyFloorDiv(pyNeg(frameLength), step));
    const innerPaddings = pyInts([[0, segments], [0, pySub(pyMul(segments, step), frameLength)]]);
    const paddings = concat([zeros([outerRank, 2], DType.int32), innerPaddings], 0);
    sig = pad(sig, paddings);
    sig = reshape(sig, fullShape([pyAdd(frames, segments), segments, step]));
    const perm = concat([range(0, outerRank), typeof outerRank === 'number' ? int32([1, 0, 2].map((p) => p + outerRank))
      : add(outerRank, int32([1, 0, 2]), 'add')], 0);
    const permStatic = staticNumbers(perm);
    sig = transpose(sig, permStatic ?? perm);
    sig = reshape(sig, fullShape([pyMul(pyAdd(frames, segments), segments), step]));
    sig = sliceOf(sig, ['...', [null, pyMul(pySub(pyAdd(frames, segments), 1), segments)], ':']);
    sig = reshape(sig, fullShape([segments, pySub(pyAdd(frames, segments), 1), step]));
    sig = reduceSum(sig, -3);
    sig = reshape(sig, fullShape([pyMul(pySub(pyAdd(frames, segments), 1), step)]));
    return sliceOf(sig, ['...', [null, outputLength]]);
  });
}
