/**
 * `tf.compat.v1.train.AdadeltaOptimizer`: accum = rho accum + (1 - rho) grad²; update =
 * sqrt(accum_update + eps) / sqrt(accum + eps) grad; accum_update = rho accum_update + (1 - rho)
 * update²; var -= lr update. Slots `accum` (`w/Adadelta`) and `accum_update` (`w/Adadelta_1`), zeros.
 */
import { InputValue } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Variable } from '../ops/variables';
import { Hyper, KernelOptimizer } from './optimizer';

/** Options of the Adadelta optimizer (Python's keyword arguments). */
export interface AdadeltaOptions {
  rho?: Hyper;
  epsilon?: Hyper;
  useLocking?: boolean;
  /** The update name scope and slot suffix (default "Adadelta"). */
  name?: string;
}

/** `tf.compat.v1.train.AdadeltaOptimizer(learning_rate=0.001, rho=0.95, epsilon=1e-8)`. */
export class AdadeltaOptimizer extends KernelOptimizer {
  readonly rho: Hyper;
  readonly epsilon: Hyper;
  private t: Record<'lr' | 'rho' | 'epsilon', Output> | undefined;

  constructor(readonly learningRate: Hyper = 0.001, options: AdadeltaOptions = {}) {
    super(options.useLocking ?? false, options.name ?? 'Adadelta');
    this.rho = options.rho ?? 0.95;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  protected override createSlots(varList: Variable[]): void {
    for (const v of varList) {
      this.zerosSlot(v, 'accum', this.name);
      this.zerosSlot(v, 'accum_update', this.name);
    }
  }

  protected override prepare(): void {
    this.t = {
      lr: this.hyperTensor(this.learningRate, 'lr'),
      rho: this.hyperTensor(this.rho, 'rho'),
      epsilon: this.hyperTensor(this.epsilon, 'epsilon'),
    };
  }

  protected kernel(): string {
    return 'Adadelta';
  }

  protected kernelInputs(v: Variable): Record<string, InputValue> {
    const t = this.t!;
    return {
      accum: this.getSlot(v, 'accum')!, accum_update: this.getSlot(v, 'accum_update')!, lr: this.castTo(t.lr, v),
      rho: this.castTo(t.rho, v), epsilon: this.castTo(t.epsilon, v),
    };
  }
}
