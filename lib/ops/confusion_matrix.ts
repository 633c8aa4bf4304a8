/**
 * TF1's `confusion_matrix.py`: `tf.math.confusion_matrix` and `remove_squeezable_dimensions`,
 * which the metrics and losses use to line labels up with predictions.
 */
import { DType } from '../framework/dtypes';
import { InputValue, convertToTensor } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { assertShapesCompatible } from '../framework/tensor_shape';
import { cast, onesLike, rank, squeeze, stack, withScope } from './array_ops';
import { assertLess, assertNonNegative, pyInt } from './check_ops';
import { cond } from './cond';
import { withDependencies } from './control_flow_ops';
import * as raw from './gen/raw_ops';
import { add, equal, maximum, reduceMax, sub } from './math_ops';

/** Whether a static shape's last dimension may be 1 (`dims[-1].is_compatible_with(1)`). */
export function lastDimMayBeOne(shape: (number | null)[]): boolean {
  const last = shape[shape.length - 1];
  return last === null || last === 1;
}

/**
 * `remove_squeezable_dimensions(labels, predictions, expected_rank_diff=0)`: `[labels,
 * predictions]` with the last dimension of 1 squeezed from the one whose rank is one more than
 * expected; by the static ranks when known, else by conds on the ranks at run time.
 */
export function removeSqueezableDimensions(labels: InputValue, predictions: InputValue, expectedRankDiff = 0,
  name?: string): [Output, Output] {
  return withScope(name, 'remove_squeezable_dimensions', [labels, predictions], (_scope, graph) => {
    let p = convertToTensor(predictions, { graph });
    let l = convertToTensor(labels, { graph });
    const [ps, ls] = [p.shape, l.shape];
    if (ps !== null && ls !== null) {
      const rankDiff = ps.length - ls.length;
      if (rankDiff === expectedRankDiff + 1 && lastDimMayBeOne(ps)) p = squeeze(p, [-1]);
      else if (rankDiff === expectedRankDiff - 1 && lastDimMayBeOne(ls)) l = squeeze(l, [-1]);
      return [l, p];
    }
    const rankDiff = sub(rank(p), rank(l), 'sub');
    if (ps === null || lastDimMayBeOne(ps)) {
      const p0 = p;
      p = cond(equal(expectedRankDiff + 1, rankDiff), () => squeeze(p0, [-1]), () => p0);
    }
    if (ls === null || lastDimMayBeOne(ls)) {
      const l0 = l;
      l = cond(equal(expectedRankDiff - 1, rankDiff), () => squeeze(l0, [-1]), () => l0);
    }
    return [l, p];
  });
}

/** Options of `confusionMatrix`. */
export interface ConfusionMatrixOptions {
  /** The number of classes (default: one more than the largest label or prediction). */
  numClasses?: InputValue;
  /** Each entry's weight (default 1). */
  weights?: InputValue;
  /** The matrix's dtype (default int32). */
  dtype?: DType;
  name?: string;
}

/**
 * `tf.math.confusion_matrix(labels, predictions, num_classes, weights, dtype)`: the
 * `[numClasses, numClasses]` matrix counting (or weighing) each (label, prediction) pair, after
 * run-time checks that both are non-negative and below `numClasses`.
 */
export function confusionMatrix(labels: InputValue, predictions: InputValue, options: ConfusionMatrixOptions = {}): Output {
  const dtype = options.dtype ?? DType.int32;
  return withScope(options.name, 'confusion_matrix', [predictions, labels, options.numClasses, options.weights],
    (_scope, graph) => {
      let [l, p] = removeSqueezableDimensions(convertToTensor(labels, { name: 'labels', graph }),
        convertToTensor(predictions, { name: 'predictions', graph }));
      p = cast(p, DType.int64);
      l = cast(l, DType.int64);
      l = withDependencies([assertNonNegative(l, { message: '`labels` contains negative values' })], l);
      p = withDependencies([assertNonNegative(p, { message: '`predictions` contains negative values' })], p);
      let numClasses: InputValue;
      if (options.numClasses === undefined) {
        numClasses = add(maximum(reduceMax(p), reduceMax(l)), 1, 'add');
      } else {
        numClasses = options.numClasses;
        const n = cast(pyInt(numClasses), DType.int64);
        l = withDependencies([assertLess(l, n, { message: '`labels` out of bound' })], l);
        p = withDependencies([assertLess(p, n, { message: '`predictions` out of bound' })], p);
      }
      let weights: Output | undefined;
      if (options.weights !== undefined) {
        weights = convertToTensor(options.weights, { name: 'weights', graph });
        assertShapesCompatible(p.shape, weights.shape);
        weights = cast(weights, dtype);
      }
      // `stack` of two ints is a Const, of two tensors a Pack.
      const shape = convertToTensor([numClasses, numClasses], { name: 'stack', preferredDtype: DType.int32, graph });
      const indices = stack([l, p], 1);
      const values = weights ?? onesLike(p, dtype);
      return raw.scatterNd({ indices, updates: values, shape: cast(shape, DType.int64) });
    });
}
