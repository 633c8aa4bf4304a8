/**
 * `tf.compat.v1.train.ProximalAdagradOptimizer`: an Adagrad step, then the proximal step of L1 and
 * L2. Slot `accumulator` (`w/ProximalAdagrad`), initialized to `initialAccumulatorValue`.
 */
import { ValueError } from '../errors';
import { IndexedSlices } from '../framework/indexed_slices';
import { applyOp } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import { constantInitializer } from '../ops/init_ops';
import { Variable } from '../ops/variables';
import { Hyper, Optimizer } from './optimizer';
import { ProximalOptions } from './proximal_gradient_descent';

/** Options of the ProximalAdagrad optimizer (Python's keyword arguments). */
export interface ProximalAdagradOptions extends ProximalOptions {
  initialAccumulatorValue?: number;
}

/**
 * `ProximalAdagradOptimizer(learning_rate, initial_accumulator_value=0.1,
 * l1_regularization_strength=0.0, l2_regularization_strength=0.0)`.
 */
export class ProximalAdagradOptimizer extends Optimizer {
  readonly initialAccumulatorValue: number;
  private t: Record<'lr' | 'l1' | 'l2', Output> | undefined;

  constructor(readonly learningRate: Hyper, private readonly options: ProximalAdagradOptions = {}) {
    super(options.useLocking ?? false, options.name ?? 'ProximalAdagrad');
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
    this.t = {
      lr: this.hyperTensor(this.learningRate, 'learning_rate'),
      l1: this.hyperTensor(this.options.l1RegularizationStrength ?? 0, 'l1_regularization_strength'),
      l2: this.hyperTensor(this.options.l2RegularizationStrength ?? 0, 'l2_regularization_strength'),
    };
  }

  private update(resource: boolean, grad: Output, v: Variable, indices?: Output): Operation {
    const t = this.t!;
    return applyOp(`${resource ? 'Resource' : ''}${indices ? 'Sparse' : ''}ApplyProximalAdagrad`, {
      var: v, accum: this.getSlot(v, 'accumulator')!, lr: this.castTo(t.lr, v), l1: this.castTo(t.l1, v),
      l2: this.castTo(t.l2, v), grad, ...(indices && { indices }),
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
