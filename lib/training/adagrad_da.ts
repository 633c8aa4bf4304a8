/**
 * `tf.compat.v1.train.AdagradDAOptimizer`: Adagrad dual averaging, for sparse linear models that
 * must stay sparse (L1). Slots `gradient_accumulator` (`w/AdagradDA`, zeros) and
 * `gradient_squared_accumulator` (`w/AdagradDA_1`); the kernel also takes the global step + 1,
 * copied once per step on the worker.
 */
import { ValueError } from '../errors';
import { InputValue } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { cast, identity } from '../ops/array_ops';
import { constantInitializer } from '../ops/init_ops';
import { add } from '../ops/math_ops';
import { Variable } from '../ops/variables';
import { Hyper, KernelOptimizer } from './optimizer';

/** Options of the AdagradDA optimizer (Python's keyword arguments). */
export interface AdagradDAOptions {
  initialGradientSquaredAccumulatorValue?: number;
  l1RegularizationStrength?: number;
  l2RegularizationStrength?: number;
  useLocking?: boolean;
  /** The update name scope and slot suffix (default "AdagradDA"). */
  name?: string;
}

/**
 * `AdagradDAOptimizer(learning_rate, global_step, initial_gradient_squared_accumulator_value=0.1,
 * l1_regularization_strength=0.0, l2_regularization_strength=0.0)`.
 */
export class AdagradDAOptimizer extends KernelOptimizer {
  readonly initialGradientSquaredAccumulatorValue: number;
  private lrT?: Output;
  private globalStepOnWorker?: Output;

  constructor(readonly learningRate: Hyper, readonly globalStep: Variable | Output,
    private readonly options: AdagradDAOptions = {}) {
    super(options.useLocking ?? false, options.name ?? 'AdagradDA');
    this.initialGradientSquaredAccumulatorValue = options.initialGradientSquaredAccumulatorValue ?? 0.1;
    if (this.initialGradientSquaredAccumulatorValue <= 0) {
      throw new ValueError('initial_gradient_squared_accumulator_value must be positive: ' +
        `${this.initialGradientSquaredAccumulatorValue}`);
    }
  }

  protected override createSlots(varList: Variable[]): void {
    for (const v of varList) {
      this.getOrMakeSlotWithInitializer(v, constantInitializer(0, v.dtype), 'gradient_accumulator', this.name);
      this.getOrMakeSlotWithInitializer(v, constantInitializer(this.initialGradientSquaredAccumulatorValue, v.dtype),
        'gradient_squared_accumulator', this.name);
    }
  }

  protected override prepare(): void {
    const lr = this.hyperTensor(this.learningRate, 'learning_rate');
    this.lrT = lr;
    // A copy of the global step with the learning rate (on the worker), not read from its ps per variable.
    this.globalStepOnWorker = lr.graph.colocateWith(lr, () => add(identity(this.globalStep), 1));
  }

  protected kernel(): string {
    return 'AdagradDA';
  }

  protected kernelInputs(v: Variable): Record<string, InputValue> {
    const graph = v.graph;
    return {
      gradient_accumulator: this.getSlot(v, 'gradient_accumulator')!,
      gradient_squared_accumulator: this.getSlot(v, 'gradient_squared_accumulator')!,
      lr: this.castTo(this.lrT!, v), l1: cast(this.options.l1RegularizationStrength ?? 0, v.dtype),
      l2: cast(this.options.l2RegularizationStrength ?? 0, v.dtype),
      global_step: graph.device(v.op.device, () => identity(this.globalStepOnWorker!)),
    };
  }
}
