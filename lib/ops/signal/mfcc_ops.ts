/** TF1's `tf.signal.mfccs_from_log_mel_spectrograms` (TF 2.21's `tensorflow/python/ops/signal/mfcc_ops.py`). */
import { ValueError } from '../../errors';
import { DType } from '../../framework/dtypes';
import { InputValue, convertToTensor } from '../../framework/op_def_library';
import { Output } from '../../framework/ops';
import { Tensor } from '../../framework/tensor';
import { cast, shape, sliceOf, withScope } from '../array_ops';
import { mul, rsqrt } from '../math_ops';
import { pyStr } from '../../util/python_repr';
import { dct } from './dct_ops';

/**
 * `tf.signal.mfccs_from_log_mel_spectrograms(log_mel_spectrograms, name=None)`: the orthonormal DCT-II
 * of log-mel spectrograms (HTK's MFCCs).
 */
export function mfccsFromLogMelSpectrograms(logMelSpectrograms: InputValue, name?: string): Output {
  return withScope(name, 'mfccs_from_log_mel_spectrograms', [logMelSpectrograms], (_scope, graph) => {
    const x = convertToTensor(logMelSpectrograms, { graph });
    const last = x.shape === null || x.shape.length === 0 ? null : x.shape[x.shape.length - 1];
    let numMelBins: Output | Tensor;
    if (last !== null) {
      if (last === 0) throw new ValueError(`num_mel_bins must be positive. Got: ${pyStr(x)}`);
      numMelBins = Tensor.from(last, { dtype: DType.int32 });
    } else {
      numMelBins = sliceOf(shape(x), [-1]);
    }
    const dct2 = dct(x, { type: 2 });
    return mul(dct2, rsqrt(mul(cast(numMelBins, dct2.dtype), 2.0, 'mul')), 'mul');
  });
}
