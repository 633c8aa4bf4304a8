/** `tf.compat.v1.train.GradientDescentOptimizer`: var -= learning_rate * grad. */
import { IndexedSlices } from '../framework/indexed_slices';
import { applyOp } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import { mul, neg } from '../ops/math_ops';
import { Variable } from '../ops/variables';
import { Hyper, Optimizer } from './optimizer';

/** Options of the GradientDescent optimizer (Python's keyword arguments). */
export interface GradientDescentOptions {
  useLocking?: boolean;
  /** The update name scope (default "GradientDescent"). */
  name?: string;
}

/** `tf.compat.v1.train.GradientDescentOptimizer(learning_rate)`. */
export class GradientDescentOptimizer extends Optimizer {
  private lrT?: Output;

  constructor(readonly learningRate: Hyper, options: GradientDescentOptions = {}) {
    super(options.useLocking ?? false, options.name ?? 'GradientDescent');
  }

  protected override prepare(): void {
    this.lrT = this.hyperTensor(this.learningRate, 'learning_rate');
  }

  protected applyDense(grad: Output, v: Variable): Operation | Output {
    return applyOp('ApplyGradientDescent', { var: v, alpha: this.castTo(this.lrT!, v), delta: grad },
      { use_locking: this.useLocking });
  }

  protected resourceApplyDense(grad: Output, v: Variable): Operation | Output {
    return applyOp('ResourceApplyGradientDescent', { var: v, alpha: this.castTo(this.lrT!, v), delta: grad },
      { use_locking: this.useLocking });
  }

  // Rows go straight to a scatter, which adds those of a repeated index one by one.
  protected override applySparseDuplicateIndices(grad: IndexedSlices, v: Variable): Operation | Output {
    return applyOp('ScatterSub', { ref: v, indices: grad.indices, updates: mul(grad.values, this.castTo(this.lrT!, v), 'mul') },
      { use_locking: this.useLocking }, 'ScatterSub').output(0);
  }

  protected override resourceApplySparseDuplicateIndices(values: Output, v: Variable, indices: Output): Operation {
    return applyOp('ResourceScatterAdd', { resource: v, indices, updates: mul(neg(values), this.lrT!, 'mul') }, {},
      'ResourceScatterAdd');
  }
}
