/**
 * `tf.compat.v1.train.AdagradOptimizer`: accum += grad²; var -= lr * grad / sqrt(accum).
 * Slot `accumulator` is named `w/Adagrad`, initialized to `initialAccumulatorValue`.
 */
import { ValueError } from '../errors';
import { IndexedSlices } from '../framework/indexed_slices';
import { applyOp } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import { constantInitializer } from '../ops/init_ops';
import { Variable } from '../ops/variables';
import { Hyper, Optimizer } from './optimizer';

/** Options of the Adagrad optimizer (Python's keyword arguments). */
export interface AdagradOptions {
  initialAccumulatorValue?: number;
  useLocking?: boolean;
  /** The update name scope and slot suffix (default "Adagrad"). */
  name?: string;
}

/** `tf.compat.v1.train.AdagradOptimizer(learning_rate, initial_accumulator_value=0.1)`. */
export class AdagradOptimizer extends Optimizer {
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

  /** The update op `type`, of the rows at `indices` when given. */
  private update(type: string, grad: Output, v: Variable, indices?: Output): Operation {
    return applyOp(type, {
      var: v, accum: this.getSlot(v, 'accumulator')!, lr: this.castTo(this.lrT!, v), grad, ...(indices && { indices }),
    }, { use_locking: this.useLocking });
  }

  protected applyDense(grad: Output, v: Variable): Operation {
    return this.update('ApplyAdagrad', grad, v);
  }

  protected resourceApplyDense(grad: Output, v: Variable): Operation {
    return this.update('ResourceApplyAdagrad', grad, v);
  }

  protected override applySparse(grad: IndexedSlices, v: Variable): Operation {
    return this.update('SparseApplyAdagrad', grad.values, v, grad.indices);
  }

  protected override resourceApplySparse(values: Output, v: Variable, indices: Output): Operation {
    return this.update('ResourceSparseApplyAdagrad', values, v, indices);
  }
}
