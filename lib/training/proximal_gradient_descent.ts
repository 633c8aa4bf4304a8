/**
 * `tf.compat.v1.train.ProximalGradientDescentOptimizer`: a gradient step, then the proximal step of
 * L1 (soft thresholding) and L2 (shrinkage). No slots.
 */
import { InputValue } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Variable } from '../ops/variables';
import { Hyper, KernelOptimizer } from './optimizer';

/** Options of the proximal optimizers (Python's keyword arguments). */
export interface ProximalOptions {
  l1RegularizationStrength?: number;
  l2RegularizationStrength?: number;
  useLocking?: boolean;
  /** The update name scope (and slot suffix, for ProximalAdagrad). */
  name?: string;
}

/** `ProximalGradientDescentOptimizer(learning_rate, l1_regularization_strength=0.0, l2_regularization_strength=0.0)`. */
export class ProximalGradientDescentOptimizer extends KernelOptimizer {
  private t: Record<'lr' | 'l1' | 'l2', Output> | undefined;

  constructor(readonly learningRate: Hyper, private readonly options: ProximalOptions = {}) {
    super(options.useLocking ?? false, options.name ?? 'ProximalGradientDescent');
  }

  protected override prepare(): void {
    const lr = this.hyperTensor(this.learningRate, 'learning_rate');
    this.t = { lr, ...proximalStrengths((value, name) => this.hyperTensor(value, name), this.options) };
  }

  protected kernel(): string {
    return 'ProximalGradientDescent';
  }

  protected kernelInputs(v: Variable): Record<string, InputValue> {
    const t = this.t!;
    return { alpha: this.castTo(t.lr, v), l1: this.castTo(t.l1, v), l2: this.castTo(t.l2, v) };
  }

  /** The dense kernels call the gradient `delta`, the sparse ones `grad`. */
  protected override gradName(sparse: boolean): string {
    return sparse ? 'grad' : 'delta';
  }

}

/** The `l1_regularization_strength` and `l2_regularization_strength` tensors of a proximal optimizer. */
export function proximalStrengths(hyper: (value: Hyper, name: string) => Output,
  options: ProximalOptions): Record<'l1' | 'l2', Output> {
  return {
    l1: hyper(options.l1RegularizationStrength ?? 0, 'l1_regularization_strength'),
    l2: hyper(options.l2RegularizationStrength ?? 0, 'l2_regularization_strength'),
  };
}
