/**
 * `tf.data.experimental.rejection_resample` (`DatasetV2.rejection_resample` and its helpers in
 * data/ops/dataset_ops.py): a dataset resampled by class to a target distribution.
 */
import { DType } from '../framework/dtypes';
import { InputValue, constantValue, convertToTensor } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { cast, expandDims, fill, gather, getItem, oneHot, shape, tile } from '../ops/array_ops';
import { cond } from '../ops/cond';
import { Print } from '../ops/logging_ops';
import { add, less, mul, reduceMax, reduceMin, reduceSum, sub, truediv } from '../ops/math_ops';
import { randomUniform } from '../ops/random_ops';
import { Dataset, sampleFromDatasets } from './dataset_ops';

/** Options of `rejectionResample`. */
export interface RejectionResampleOptions {
  /** The classes' distribution in the data (float, `[numClasses]`); else estimated as the data comes. */
  initialDist?: InputValue;
  seed?: number;
}

/** `DatasetV2.map`, which the datasets rejection_resample makes use (the input's own maps are TF1's). */
function v2Map(dataset: Dataset, fn: (...args: never[]) => unknown): Dataset {
  return dataset.map(fn, {}, 'Dataset_map_fn', true);
}

// numpy's `finfo(float32).tiny`.
const FLOAT32_TINY = 1.1754943508222875e-38;

/** `_calculate_acceptance_probs_with_mixing`: each class's acceptance probability, and the mixing ratio. */
function acceptanceProbsWithMixing(initialProbs: Output, targetProbs: Output): [Output, Output] {
  // `_get_target_to_initial_ratio`.
  const ratio = truediv(targetProbs, add(initialProbs, FLOAT32_TINY, 'add'), 'truediv');
  const maxRatio = reduceMax(ratio);
  const m = reduceMin(ratio);
  return [truediv(sub(ratio, m, 'sub'), sub(maxRatio, m, 'sub'), 'truediv'), m];
}

/** `_estimate_initial_dist_ds`: the class distribution seen so far, per element of `classValues` (by batches of 32). */
function estimateInitialDist(targetDist: Output, classValues: Dataset): Dataset {
  const batchSize = 32;
  const numClasses = targetDist.shape?.[0] ?? getItem(shape(targetDist), 0);
  const initialCounts = fill([numClasses], BigInt(10));
  return classValues.batch(batchSize).scan(initialCounts, (counts: Output, c: Output) => {
    // `_estimate_data_distribution`.
    const n = counts.shape![0]!;
    const updated = add(counts, reduceSum(oneHot(c, n, { dtype: DType.int64 }), 0));
    const dist = cast(truediv(updated, reduceSum(updated)), DType.float32);
    return [updated, tile(expandDims(dist, 0), [batchSize, 1])];
  }).unbatch(true);
}

/**
 * `_filter_ds`: `dataset`'s elements as (class, element), each kept with its class's acceptance
 * probability (a warning printed while more than half would be rejected).
 */
function filterDs(dataset: Dataset, acceptanceDist: Dataset, initialDist: Dataset, classFunc: (...args: never[]) => unknown,
  seed?: number): Dataset {
  const accept = v2Map(Dataset.zip([acceptanceDist, initialDist]), (acceptDist: Output, initial: Output) => {
    // `maybe_warn_on_large_rejection`.
    const rejected = reduceSum(mul(sub(1, acceptDist, 'sub'), initial, 'mul'));
    return cond(less(rejected, 0.5), () => acceptDist, () => Print(acceptDist, [rejected, initial, acceptDist],
      { message: 'Proportion of examples rejected by sampler is high: ', summarize: 100, firstN: 10 }));
  });
  const tuple = Array.isArray(dataset.elementSpec);
  const withProbs = v2Map(Dataset.zip([accept, dataset]), (prob: Output, data: unknown) => {
    const classValue = (tuple ? classFunc(...(data as never[])) : classFunc(data as never)) as Output;
    return [classValue, gather(prob, classValue), data];
  });
  return v2Map(withProbs.filter((_c: Output, p: Output) => less(randomUniform([], { seed, dtype: p.dtype }), p)),
    (classValue: Output, _p: Output, data: unknown) => [classValue, data]);
}

/**
 * `tf.data.experimental.rejection_resample(class_func, target_dist, initial_dist=None, seed=None)`:
 * a transformation giving (class, element) pairs whose classes (`classFunc` of an element, a scalar
 * int32 in `[0, numClasses)`) follow `targetDist`: elements rejected or repeated by their class's
 * acceptance probability, mixed with the original data (which, when `initialDist` is known to give
 * the target already, is all it gives).
 */
export function rejectionResample(classFunc: (...args: never[]) => unknown, targetDist: InputValue,
  options: RejectionResampleOptions = {}): (dataset: Dataset) => Dataset {
  return (dataset) => {
    const target = cast(convertToTensor(targetDist, { name: 'target_dist' }), DType.float32);
    let initialT: Output | undefined;
    let initialDs: Dataset;
    let acceptanceDs: Dataset;
    let probOfOriginalDs: Dataset;
    if (options.initialDist !== undefined) {
      initialT = cast(convertToTensor(options.initialDist, { name: 'initial_dist' }), DType.float32);
      const [acceptance, probOfOriginal] = acceptanceProbsWithMixing(initialT, target);
      initialDs = Dataset.fromTensors(initialT).repeat();
      acceptanceDs = Dataset.fromTensors(acceptance).repeat();
      probOfOriginalDs = Dataset.fromTensors(probOfOriginal).repeat();
    } else {
      initialDs = estimateInitialDist(target, dataset.map(classFunc));
      const both = v2Map(initialDs, (initial: Output) => acceptanceProbsWithMixing(initial, target));
      acceptanceDs = v2Map(both, (acceptProb: Output) => acceptProb);
      probOfOriginalDs = v2Map(both, (_a: Output, probOriginal: Output) => probOriginal);
    }
    const filtered = filterDs(dataset, acceptanceDs, initialDs, classFunc, options.seed).prefetch(3);
    const addClassValue = (...x: never[]) => (x.length === 1 ? [classFunc(...x), x[0]] : [classFunc(...x), x]);
    const original = probOriginalStatic(initialT, target);
    if (original === 1) return dataset.map(addClassValue);
    if (original === 0) return filtered;
    return sampleFromDatasets([dataset.map(addClassValue), filtered],
      v2Map(probOfOriginalDs, (prob: Output) => [[prob, sub(1.0, prob, 'sub')]]), { seed: options.seed, stopOnEmptyDataset: true });
  };
}

/** `_get_prob_original_static`: `min(target / initial)` when both are known constants, else null. */
function probOriginalStatic(initial: Output | undefined, target: Output): number | null {
  const init = initial === undefined ? null : constantValue(initial);
  const want = constantValue(target);
  if (init === null || want === null) return null;
  const a = init.toArray() as number[];
  return Math.min(...(want.toArray() as number[]).map((t, i) => Math.fround(t / a[i])));
}
