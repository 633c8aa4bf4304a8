/**
 * `tf.compat.v1.train.ProximalAdagradOptimizer`: an Adagrad step, then the proximal step of L1 and
 * L2. Slot `accumulator` (`w/ProximalAdagrad`), initialized to `initialAccumulatorValue`.
 */
import { InputValue } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Variable } from '../ops/variables';
import { AdagradOptimizer, AdagradOptions } from './adagrad';
import { Hyper } from './optimizer';
import { ProximalOptions, proximalStrengths } from './proximal_gradient_descent';

/** Options of the ProximalAdagrad optimizer (Python's keyword arguments). */
export type ProximalAdagradOptions = ProximalOptions & AdagradOptions;

/**
 * `ProximalAdagradOptimizer(learning_rate, initial_accumulator_value=0.1,
 * l1_regularization_strength=0.0, l2_regularization_strength=0.0)`: Adagrad's slot, checks and
 * learning rate, with the L1 and L2 strengths.
 */
export class ProximalAdagradOptimizer extends AdagradOptimizer {
  private strengths?: Record<'l1' | 'l2', Output>;

  constructor(learningRate: Hyper, private readonly proximal: ProximalAdagradOptions = {}) {
    super(learningRate, { ...proximal, name: proximal.name ?? 'ProximalAdagrad' });
  }

  protected override prepare(): void {
    super.prepare();
    this.strengths = proximalStrengths((value, name) => this.hyperTensor(value, name), this.proximal);
  }

  protected override kernel(): string {
    return 'ProximalAdagrad';
  }

  protected override kernelInputs(v: Variable): Record<string, InputValue> {
    const s = this.strengths!;
    return { ...super.kernelInputs(v), l1: this.castTo(s.l1, v), l2: this.castTo(s.l2, v) };
  }
}
