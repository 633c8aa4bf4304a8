/**
 * `tf.compat.v1.train.ProximalGradientDescentOptimizer`: a gradient step, then the proximal step of
 * L1 (soft thresholding) and L2 (shrinkage). No slots.
 */
import { IndexedSlices } from '../framework/indexed_slices';
import { applyOp } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import { Variable } from '../ops/variables';
import { Hyper, Optimizer } from './optimizer';

/** Options of the proximal optimizers (Python's keyword arguments). */
export interface ProximalOptions {
  l1RegularizationStrength?: number;
  l2RegularizationStrength?: number;
  useLocking?: boolean;
  /** The update name scope (and slot suffix, for ProximalAdagrad). */
  name?: string;
}

/** `ProximalGradientDescentOptimizer(learning_rate, l1_regularization_strength=0.0, l2_regularization_strength=0.0)`. */
export class ProximalGradientDescentOptimizer extends Optimizer {
  private t: Record<'lr' | 'l1' | 'l2', Output> | undefined;

  constructor(readonly learningRate: Hyper, private readonly options: ProximalOptions = {}) {
    super(options.useLocking ?? false, options.name ?? 'ProximalGradientDescent');
  }

  protected override prepare(): void {
    this.t = {
      lr: this.hyperTensor(this.learningRate, 'learning_rate'),
      l1: this.hyperTensor(this.options.l1RegularizationStrength ?? 0, 'l1_regularization_strength'),
      l2: this.hyperTensor(this.options.l2RegularizationStrength ?? 0, 'l2_regularization_strength'),
    };
  }

  private update(resource: boolean, grad: Output, v: Variable, indices?: Output): Operation {
    const t = this.t!;
    return applyOp(`${resource ? 'Resource' : ''}${indices ? 'Sparse' : ''}ApplyProximalGradientDescent`, {
      var: v, alpha: this.castTo(t.lr, v), l1: this.castTo(t.l1, v), l2: this.castTo(t.l2, v),
      // The dense kernels call the gradient `delta`, the sparse ones `grad`.
      ...(indices ? { grad, indices } : { delta: grad }),
    }, { use_locking: this.useLocking });
  }

  protected applyDense(grad: Output, v: Variable): Operation {
    return this.update(false, grad, v);
  }

  protected resourceApplyDense(grad: Output, v: Variable): Operation {
    return this.update(true, grad, v);
  }

  protected override applySparse(grad: IndexedSlices, v: Variable): Operation {
    return this.update(false, grad.values, v, grad.indices);
  }

  protected override resourceApplySparse(values: Output, v: Variable, indices: Output): Operation {
    return this.update(true, values, v, indices);
  }
}
