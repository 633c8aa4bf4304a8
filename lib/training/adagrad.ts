/**
 * `tf.compat.v1.train.AdagradOptimizer`: accum += grad²; var -= lr * grad / sqrt(accum).
 * Slot `accumulator` is named `w/Adagrad`, initialized to `initialAccumulatorValue`.
 */
import { ValueError } from '../errors';
import { InputValue } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { constantInitializer } from '../ops/init_ops';
import { Variable } from '../ops/variables';
import { Hyper, KernelOptimizer } from './optimizer';

/** Options of the Adagrad optimizer (Python's keyword arguments). */
export interface AdagradOptions {
  initialAccumulatorValue?: number;
  useLocking?: boolean;
  /** The update name scope and slot suffix (default "Adagrad"). */
  name?: string;
}

/** `tf.compat.v1.train.AdagradOptimizer(learning_rate, initial_accumulator_value=0.1)`. */
export class AdagradOptimizer extends KernelOptimizer {
  readonly initialAccumulatorValue: number;
  private lrT?: Output;

  constructor(readonly learningRate: Hyper, options: AdagradOptions = {}) {
    super(options.useLocking ?? false, options.name ?? 'Adagrad');
    this.initialAccumulatorValue = options.initialAccumulatorValue ?? 0.1;
    if (this.initialAccumulatorValue <= 0) {
      throw new ValueError(`initial_accumulator_value must be positive: ${this.initialAccumulatorValue}`);
    }
  }

  protected override createSlots(varList: Variable[]): void {
    for (const v of varList) {
      this.getOrMakeSlotWithInitializer(v, constantInitializer(this.initialAccumulatorValue, v.dtype), 'accumulator',
        this.name);
    }
  }

  protected override prepare(): void {
    this.lrT = this.hyperTensor(this.learningRate, 'learning_rate');
  }

  protected kernel(): string {
    return 'Adagrad';
  }

  protected kernelInputs(v: Variable): Record<string, InputValue> {
    return { accum: this.getSlot(v, 'accumulator')!, lr: this.castTo(this.lrT!, v) };
  }
}
