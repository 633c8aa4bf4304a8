/**
 * TF1's CTC (`ctc_ops.py`): the v1 `ctc_loss` on sparse labels (its gradient, CTCLoss's second
 * output, registered in nn_grad.ts) and the greedy and beam-search decoders. Re-exported by
 * nn_ops.ts as part of `ops.nn`.
 */
import { DType } from '../framework/dtypes';
import { InputValue, convertToTensor } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { SparseTensor } from '../framework/sparse_tensor';
import { deprecatedArgumentLookup } from '../util/deprecation';
import { pyStr } from '../util/python_repr';
import { cast, transpose } from './array_ops';
import * as raw from './gen/raw_ops';
import { pythonType } from './python_type';

/** Options of `ctcLoss` (TF1's keyword arguments). */
export interface CTCLossOptions {
  /** Repeated labels merged before the loss is computed. */
  preprocessCollapseRepeated?: boolean;
  /** Repeated non-blank outputs between blanks count as one label (default true). */
  ctcMergeRepeated?: boolean;
  /** A sequence with more labels than time steps gets loss 0 instead of failing. */
  ignoreLongerOutputsThanInputs?: boolean;
  /** `inputs` is [time, batch, classes] (default), else [batch, time, classes]. */
  timeMajor?: boolean;
  /** The newer name of `inputs`. */
  logits?: InputValue;
}

/**
 * `tf.compat.v1.nn.ctc_loss(labels, inputs, sequence_length, preprocess_collapse_repeated=False,
 * ctc_merge_repeated=True, ignore_longer_outputs_than_inputs=False, time_major=True)`: the negative
 * log probability of each batch entry's label sequence (`labels` an int32 SparseTensor, the blank
 * the last class) given the unscaled `inputs` (`CTCLoss`; float16 and bfloat16 computed in float32).
 */
export function ctcLoss(labels: SparseTensor, inputs: InputValue | undefined, sequenceLength: InputValue,
  options: CTCLossOptions = {}): Output {
  if (!(labels instanceof SparseTensor)) {
    const type = pythonType(labels).replace(/^<class '(?:.*\.)?(.*)'>$/, '$1');
    throw new TypeError(`Expected argument \`labels\` to be a SparseTensor. Received labels=${pyStr(labels)} of type: ${type}`);
  }
  let x = convertToTensor(deprecatedArgumentLookup('logits', options.logits, 'inputs', inputs) as InputValue,
    { name: 'logits' });
  if (options.timeMajor === false) x = transpose(x, [1, 0, 2]);
  const origDtype = x.dtype;
  const halfPrecision = origDtype === DType.float16 || origDtype === DType.bfloat16;
  if (halfPrecision) x = cast(x, DType.float32);
  const { loss } = raw.cTCLoss({
    inputs: x, labelsIndices: labels.indices, labelsValues: labels.values, sequenceLength,
    preprocessCollapseRepeated: options.preprocessCollapseRepeated ?? false,
    ctcMergeRepeated: options.ctcMergeRepeated ?? true,
    ignoreLongerOutputsThanInputs: options.ignoreLongerOutputsThanInputs ?? false,
  });
  return halfPrecision ? cast(loss, origDtype) : loss;
}

/**
 * `tf.nn.ctc_greedy_decoder(inputs, sequence_length, merge_repeated=True, blank_index=None)`: the
 * most likely class at each step (blanks dropped, repeats merged): [[the decoded SparseTensor],
 * the negative sum of the chosen logits, [batch, 1]].
 */
export function ctcGreedyDecoder(inputs: InputValue, sequenceLength: InputValue,
  options: { mergeRepeated?: boolean; blankIndex?: number } = {}): [SparseTensor[], Output] {
  const d = raw.cTCGreedyDecoder({
    inputs, sequenceLength, mergeRepeated: options.mergeRepeated ?? true, blankIndex: options.blankIndex ?? -1,
  });
  return [[new SparseTensor(d.decodedIndices, d.decodedValues, d.decodedShape)], d.logProbability];
}

/**
 * `tf.compat.v1.nn.ctc_beam_search_decoder(inputs, sequence_length, beam_width=100, top_paths=1,
 * merge_repeated=True)`: the `topPaths` most likely label sequences as SparseTensors, and their
 * log probabilities [batch, topPaths].
 */
export function ctcBeamSearchDecoder(inputs: InputValue, sequenceLength: InputValue,
  options: { beamWidth?: number; topPaths?: number; mergeRepeated?: boolean } = {}): [SparseTensor[], Output] {
  const d = raw.cTCBeamSearchDecoder({
    inputs, sequenceLength, beamWidth: options.beamWidth ?? 100, topPaths: options.topPaths ?? 1,
    mergeRepeated: options.mergeRepeated ?? true,
  });
  return [d.decodedIndices.map((ix, i) => new SparseTensor(ix, d.decodedValues[i], d.decodedShape[i])),
    d.logProbability];
}
