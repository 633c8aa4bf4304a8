/**
 * `tf.compat.v1.train.RMSPropOptimizer`: slots `rms` (`w/RMSProp`, ones), `mg` when centered,
 * and `momentum` (`w/RMSProp_1`, or `_2` when centered), in TF1's order.
 */
import { InputValue } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { onesInitializer } from '../ops/init_ops';
import { Variable } from '../ops/variables';
import { Hyper, KernelOptimizer } from './optimizer';

/** Options of the RMSProp optimizer (Python's keyword arguments). */
export interface RMSPropOptions {
  decay?: number;
  momentum?: number;
  epsilon?: number;
  useLocking?: boolean;
  centered?: boolean;
  /** The update name scope and slot suffix (default "RMSProp"). */
  name?: string;
}

/** `tf.compat.v1.train.RMSPropOptimizer(learning_rate, decay=0.9, momentum=0, epsilon=1e-10)`. */
export class RMSPropOptimizer extends KernelOptimizer {
  readonly decay: Hyper;
  readonly momentum: Hyper;
  readonly epsilon: Hyper;
  readonly centered: boolean;
  private t: Record<'lr' | 'decay' | 'momentum' | 'epsilon', Output> | undefined;

  constructor(readonly learningRate: Hyper, options: RMSPropOptions = {}) {
    super(options.useLocking ?? false, options.name ?? 'RMSProp');
    this.decay = options.decay ?? 0.9;
    this.momentum = options.momentum ?? 0;
    this.epsilon = options.epsilon ?? 1e-10;
    this.centered = options.centered ?? false;
  }

  protected override createSlots(varList: Variable[]): void {
    for (const v of varList) {
      this.getOrMakeSlotWithInitializer(v, onesInitializer(v.dtype), 'rms', this.name);
      if (this.centered) this.zerosSlot(v, 'mg', this.name);
      this.zerosSlot(v, 'momentum', this.name);
    }
  }

  protected override prepare(): void {
    this.t = {
      lr: this.hyperTensor(this.learningRate, 'learning_rate'),
      decay: this.hyperTensor(this.decay, 'decay'),
      momentum: this.hyperTensor(this.momentum, 'momentum'),
      epsilon: this.hyperTensor(this.epsilon, 'epsilon'),
    };
  }

  protected kernel(): string {
    return this.centered ? 'CenteredRMSProp' : 'RMSProp';
  }

  protected kernelInputs(v: Variable): Record<string, InputValue> {
    const t = this.t!;
    return {
      ...(this.centered && { mg: this.getSlot(v, 'mg')! }), ms: this.getSlot(v, 'rms')!, mom: this.getSlot(v, 'momentum')!,
      lr: this.castTo(t.lr, v), rho: this.castTo(t.decay, v), momentum: this.castTo(t.momentum, v),
      epsilon: this.castTo(t.epsilon, v),
    };
  }
}
