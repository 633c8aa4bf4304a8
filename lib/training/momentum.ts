/**
 * `tf.compat.v1.train.MomentumOptimizer`: accum = accum * momentum + grad; var -= lr * accum
 * (Nesterov: var -= lr * (grad + momentum * accum)). Slot `momentum` is named `w/Momentum`.
 */
import { IndexedSlices } from '../framework/indexed_slices';
import { applyOp } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import { Variable } from '../ops/variables';
import { Hyper, Optimizer } from './optimizer';

/** Options of the Momentum optimizer (Python's keyword arguments). */
export interface MomentumOptions {
  useLocking?: boolean;
  /** The update name scope and slot suffix (default "Momentum"). */
  name?: string;
  useNesterov?: boolean;
}

/** `tf.compat.v1.train.MomentumOptimizer(learning_rate, momentum)`. */
export class MomentumOptimizer extends Optimizer {
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

  /** The update op `type`, of the rows at `indices` when given. */
  private update(type: string, grad: Output, v: Variable, indices?: Output): Operation {
    return applyOp(type, {
      var: v, accum: this.getSlot(v, 'momentum')!, lr: this.castTo(this.lrT!, v), grad,
      ...(indices && { indices }), momentum: this.castTo(this.momentumT!, v),
    }, { use_locking: this.useLocking, use_nesterov: this.useNesterov });
  }

  protected applyDense(grad: Output, v: Variable): Operation {
    return this.update('ApplyMomentum', grad, v);
  }

  protected resourceApplyDense(grad: Output, v: Variable): Operation {
    return this.update('ResourceApplyMomentum', grad, v);
  }

  protected override applySparse(grad: IndexedSlices, v: Variable): Operation {
    return this.update('SparseApplyMomentum', grad.values, v, grad.indices);
  }

  protected override resourceApplySparse(values: Output, v: Variable, indices: Output): Operation {
    return this.update('ResourceSparseApplyMomentum', values, v, indices);
  }
}
