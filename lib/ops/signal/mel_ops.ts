/**
 * TF1's `tf.signal.linear_to_mel_weight_matrix` (TF 2.21's `tensorflow/python/ops/signal/mel_ops.py`):
 * the triangular mel filterbank that maps linear-frequency spectrogram bins to mel bins (HTK's mel scale).
 */
import { ValueError } from '../../errors';
import { DType, dtypeRepr, isFloatingDType } from '../../framework/dtypes';
import { InputValue, convertToTensor } from '../../framework/op_def_library';
import { Output } from '../../framework/ops';
import { cast, expandDims, pad, reshape, sliceOf, split, withScope } from '../array_ops';
import { add, linspace, log, maximum, minimum, mul, sub, truediv } from '../math_ops';
import { frame } from './shape_ops';
import { pyInts, staticNumbers } from './util';

const MEL_BREAK_FREQUENCY_HERTZ = 700.0;
const MEL_HIGH_FREQUENCY_Q = 1127.0;

/** Python's `%s` of a float (`3800.0`, `-1.0`). */
const pyFloat = (x: number) => (Number.isInteger(x) ? x.toFixed(1) : String(x));

/** `_hertz_to_mel`: `1127 log(1 + f / 700)` (scope `hertz_to_mel`). */
function hertzToMel(frequencies: InputValue): Output {
  return withScope(undefined, 'hertz_to_mel', [frequencies], (_scope, graph) => {
    const f = convertToTensor(frequencies, { graph });
    return mul(MEL_HIGH_FREQUENCY_Q, log(add(1.0, truediv(f, MEL_BREAK_FREQUENCY_HERTZ), 'add')), 'mul');
  });
}

/** Options of `linearToMelWeightMatrix` (TF's defaults: 20 mel bins of 129 bins at 8 kHz, 125 Hz to 3.8 kHz). */
export interface MelOptions {
  numMelBins?: number;
  numSpectrogramBins?: number;
  /** Hz; a JS integer converts as Python's int (int32), a tensor is taken as it is. */
  sampleRate?: InputValue;
  lowerEdgeHertz?: number;
  upperEdgeHertz?: number;
  dtype?: DType;
  name?: string;
}

/**
 * `tf.signal.linear_to_mel_weight_matrix(num_mel_bins=20, num_spectrogram_bins=129, sample_rate=8000,
 * lower_edge_hertz=125.0, upper_edge_hertz=3800.0, dtype=tf.float32, name=None)`: a
 * `[numSpectrogramBins, numMelBins]` matrix of triangular filters.
 */
export function linearToMelWeightMatrix(options: MelOptions = {}): Output {
  const numMelBins = options.numMelBins ?? 20;
  const numSpectrogramBins = options.numSpectrogramBins ?? 129;
  const lower = options.lowerEdgeHertz ?? 125.0;
  const upper = options.upperEdgeHertz ?? 3800.0;
  const dtype = options.dtype ?? DType.float32;
  return withScope(options.name, 'linear_to_mel_weight_matrix', [], (scope, graph) => {
    let sampleRate: InputValue = options.sampleRate ?? 8000;
    if (sampleRate instanceof Output) sampleRate = staticNumbers(sampleRate)?.[0] ?? sampleRate;
    if (numMelBins <= 0) throw new ValueError(`num_mel_bins must be positive. Got: ${numMelBins}`);
    if (lower < 0.0) throw new ValueError(`lower_edge_hertz must be non-negative. Got: ${pyFloat(lower)}`);
    if (lower >= upper) throw new ValueError(`lower_edge_hertz ${lower.toFixed(1)} >= upper_edge_hertz ${upper.toFixed(1)}`);
    if (typeof sampleRate === 'number') {
      if (sampleRate <= 0.0) throw new ValueError(`sample_rate must be positive. Got: ${sampleRate}`);
      if (upper > sampleRate / 2) {
        throw new ValueError('upper_edge_hertz must not be larger than the Nyquist frequency (sample_rate / 2). ' +
          `Got ${pyFloat(upper)} for sample_rate: ${sampleRate}`);
      }
    }
    if (!isFloatingDType(dtype)) throw new ValueError(`dtype must be a floating point type. Got: ${dtypeRepr(dtype)}`);
    const rate = cast(pyInts(sampleRate as InputValue), dtype, 'sample_rate');
    const lowerT = convertToTensor(lower, { dtype, name: 'lower_edge_hertz', graph });
    const upperT = convertToTensor(upper, { dtype, name: 'upper_edge_hertz', graph });
    const zero = convertToTensor(0.0, { dtype, graph });
    const nyquist = truediv(rate, 2.0);
    const linearFrequencies = sliceOf(linspace(zero, nyquist, numSpectrogramBins), [[1, null]]);
    const spectrogramBinsMel = expandDims(hertzToMel(linearFrequencies), 1);
    const bandEdgesMel = frame(linspace(hertzToMel(lowerT), hertzToMel(upperT), numMelBins + 2), 3, 1);
    const [lowerEdgeMel, centerMel, upperEdgeMel] = split(bandEdgesMel, 3, { axis: 1 })
      .map((t) => reshape(t, [1, numMelBins]));
    const lowerSlopes = truediv(sub(spectrogramBinsMel, lowerEdgeMel, 'sub'), sub(centerMel, lowerEdgeMel, 'sub'));
    const upperSlopes = truediv(sub(upperEdgeMel, spectrogramBinsMel, 'sub'), sub(upperEdgeMel, centerMel, 'sub'));
    const weights = maximum(zero, minimum(lowerSlopes, upperSlopes));
    return pad(weights, [[1, 0], [0, 0]], { name: scope });
  });
}
