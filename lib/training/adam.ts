/**
 * `tf.compat.v1.train.AdamOptimizer`: slots `m` (`w/Adam`) and `v` (`w/Adam_1`), and the
 * non-slot `beta1_power` / `beta2_power` variables advanced after each update, as TF1 does.
 */
import { IndexedSlices } from '../framework/indexed_slices';
import { applyOp } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import { group } from '../ops/control_flow_ops';
import { add, mul, realDiv, sqrt, sub } from '../ops/math_ops';
import { Variable } from '../ops/variables';
import { Hyper, Optimizer } from './optimizer';

/** Options of the Adam optimizer (Python's keyword arguments). */
export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  useLocking?: boolean;
  /** The update name scope and slot suffix (default "Adam"). */
  name?: string;
}

/** `tf.compat.v1.train.AdamOptimizer(learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8)`. */
export class AdamOptimizer extends Optimizer {
  readonly beta1: Hyper;
  readonly beta2: Hyper;
  readonly epsilon: Hyper;
  private t: Record<'lr' | 'beta1' | 'beta2' | 'epsilon', Output> | undefined;

  constructor(readonly learningRate: Hyper = 0.001, options: AdamOptions = {}) {
    super(options.useLocking ?? false, options.name ?? 'Adam');
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  /** The `beta1_power` and `beta2_power` variables of the default graph. */
  getBetaAccumulators(): [Variable, Variable] {
    return [this.getNonSlotVariable('beta1_power')!, this.getNonSlotVariable('beta2_power')!];
  }

  protected override createSlots(varList: Variable[]): void {
    // The powers live next to the variable first by name, as TF1 places them.
    const first = [...varList].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0];
    const b1 = typeof this.beta1 === 'number' ? this.beta1 : 0.9;
    const b2 = typeof this.beta2 === 'number' ? this.beta2 : 0.999;
    this.createNonSlotVariable(b1, 'beta1_power', first);
    this.createNonSlotVariable(b2, 'beta2_power', first);
    for (const v of varList) {
      this.zerosSlot(v, 'm', this.name);
      this.zerosSlot(v, 'v', this.name);
    }
  }

  protected override prepare(): void {
    this.t = {
      lr: this.hyperTensor(this.learningRate, 'learning_rate'),
      beta1: this.hyperTensor(this.beta1, 'beta1'),
      beta2: this.hyperTensor(this.beta2, 'beta2'),
      epsilon: this.hyperTensor(this.epsilon, 'epsilon'),
    };
  }

  private update(type: string, grad: Output, v: Variable): Operation {
    const t = this.t!;
    const [b1p, b2p] = this.getBetaAccumulators();
    return applyOp(type, {
      var: v, m: this.getSlot(v, 'm')!, v: this.getSlot(v, 'v')!,
      beta1_power: this.castTo(b1p.value(), v), beta2_power: this.castTo(b2p.value(), v),
      lr: this.castTo(t.lr, v), beta1: this.castTo(t.beta1, v), beta2: this.castTo(t.beta2, v),
      epsilon: this.castTo(t.epsilon, v), grad,
    }, { use_locking: this.useLocking });
  }

  protected applyDense(grad: Output, v: Variable): Operation {
    return this.update('ApplyAdam', grad, v);
  }

  protected resourceApplyDense(grad: Output, v: Variable): Operation {
    return this.update('ResourceApplyAdam', grad, v);
  }

  protected override applySparse(grad: IndexedSlices, v: Variable): Operation {
    return this.sparseUpdate(grad.values, v, grad.indices, (slot, indices, rows) =>
      applyOp('ScatterAdd', { ref: slot, indices, updates: rows }, { use_locking: this.useLocking }, 'ScatterAdd').output(0));
  }

  protected override resourceApplySparse(values: Output, v: Variable, indices: Output): Operation {
    return this.sparseUpdate(values, v, indices, (slot, i, rows) => {
      const scatter = applyOp('ResourceScatterAdd', { resource: slot, indices: i, updates: rows }, {}, 'ResourceScatterAdd');
      return slot.graph.controlDependencies([scatter], () => slot.value());
    });
  }

  /**
   * `_apply_sparse_shared`: every row of m and v decays, the batch's rows get their share of the
   * gradient (`scatterAdd` returns the slot after it), and the variable moves by the new m and v.
   */
  private sparseUpdate(grad: Output, v: Variable, indices: Output,
    scatterAdd: (slot: Variable, indices: Output, rows: Output) => Output): Operation {
    const t = this.t!;
    const [b1p, b2p] = this.getBetaAccumulators().map((p) => this.castTo(p.value(), v));
    const [lrT, beta1, beta2, eps] = [t.lr, t.beta1, t.beta2, t.epsilon].map((h) => this.castTo(h, v));
    const lr = realDiv(mul(lrT, sqrt(sub(1, b2p, 'sub'))), sub(1, b1p, 'sub'), 'truediv');
    const decayed = (slot: Variable, beta: Output, rows: Output): Output => {
      const decay = slot.assign(mul(slot, beta, 'mul'), { useLocking: this.useLocking, readValue: false });
      return slot.graph.controlDependencies([decay], () => scatterAdd(slot, indices, rows));
    };
    const m = this.getSlot(v, 'm')!;
    const mT = decayed(m, beta1, mul(grad, sub(1, beta1, 'sub'), 'mul'));
    const vSlot = this.getSlot(v, 'v')!;
    const vT = decayed(vSlot, beta2, mul(mul(grad, grad, 'mul'), sub(1, beta2, 'sub'), 'mul'));
    const step = realDiv(mul(lr, mT, 'mul'), add(sqrt(vT, 'Sqrt'), eps, 'add'), 'truediv');
    const varUpdate = v.assignSub(step, { useLocking: this.useLocking, readValue: false });
    return group([varUpdate, mT, vT]);
  }

  protected override finish(updateOps: Operation[], nameScope: string): Operation {
    const [b1p, b2p] = this.getBetaAccumulators();
    const graph = b1p.graph;
    const powers = graph.controlDependencies(updateOps, () => graph.colocateWith(b1p, () => [
      b1p.assign(mul(b1p, this.t!.beta1, 'mul'), { useLocking: this.useLocking, readValue: false }),
      b2p.assign(mul(b2p, this.t!.beta2, 'mul'), { useLocking: this.useLocking, readValue: false }),
    ]));
    return group([...updateOps, ...powers], nameScope);
  }
}
