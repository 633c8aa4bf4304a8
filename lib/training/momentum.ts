/**
 * `tf.compat.v1.train.MomentumOptimizer`: accum = accum * momentum + grad; var -= lr * accum
 * (Nesterov: var -= lr * (grad + momentum * accum)). Slot `momentum` is named `w/Momentum`.
 */
import { InputValue } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Variable } from '../ops/variables';
import { Hyper, KernelOptimizer } from './optimizer';

/** Options of the Momentum optimizer (Python's keyword arguments). */
export interface MomentumOptions {
  useLocking?: boolean;
  /** The update name scope and slot suffix (default "Momentum"). */
  name?: string;
  useNesterov?: boolean;
}

/** `tf.compat.v1.train.MomentumOptimizer(learning_rate, momentum)`. */
export class MomentumOptimizer extends KernelOptimizer {
  readonly useNesterov: boolean;
  private lrT?: Output;
  private momentumT?: Output;

  constructor(readonly learningRate: Hyper, readonly momentum: Hyper, options: MomentumOptions = {}) {
    super(options.useLocking ?? false, options.name ?? 'Momentum');
    this.useNesterov = options.useNesterov ?? false;
  }

  protected override createSlots(varList: Variable[]): void {
    for (const v of varList) this.zerosSlot(v, 'momentum', this.name);
  }

  protected override prepare(): void {
    this.lrT = this.hyperTensor(this.learningRate, 'learning_rate');
    this.momentumT = this.hyperTensor(this.momentum, 'momentum');
  }

  protected kernel(): string {
    return 'Momentum';
  }

  protected kernelInputs(v: Variable): Record<string, InputValue> {
    return { accum: this.getSlot(v, 'momentum')!, lr: this.castTo(this.lrT!, v), momentum: this.castTo(this.momentumT!, v) };
  }

  protected override kernelAttrs(): Record<string, unknown> {
    return { use_nesterov: this.useNesterov };
  }
}
