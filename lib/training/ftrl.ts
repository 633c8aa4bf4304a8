/**
 * `tf.compat.v1.train.FtrlOptimizer`: FTRL-Proximal ("Ad Click Prediction: a View from the
 * Trenches"), the optimizer of wide linear models. Slots `accum` (`w/Ftrl`, initialAccumulatorValue)
 * and `linear` (`w/Ftrl_1`, zeros); ApplyFtrl, or ApplyFtrlV2 with L2 shrinkage, and their sparse
 * and resource forms.
 */
import { ValueError } from '../errors';
import { InputValue } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { ones } from '../ops/array_ops';
import { add, maximum, mul, realDiv } from '../ops/math_ops';
import { Variable } from '../ops/variables';
import { Hyper, KernelOptimizer } from './optimizer';

/** Options of the FTRL optimizer (Python's keyword arguments). */
export interface FtrlOptions {
  learningRatePower?: number;
  initialAccumulatorValue?: number;
  l1RegularizationStrength?: number;
  l2RegularizationStrength?: number;
  useLocking?: boolean;
  /** The update name scope and slot suffix (default "Ftrl"). */
  name?: string;
  /** Suffixes of the `accum` and `linear` slots instead of `name`. */
  accumName?: string;
  linearName?: string;
  /** L2 on the weights themselves, not on the accumulated gradient (ApplyFtrlV2). */
  l2ShrinkageRegularizationStrength?: number;
  /** Added to L2 as beta / (2 lr). */
  beta?: number;
}

/** Python's `%f`. */
const pyF = (x: number) => x.toFixed(6);

/**
 * `tf.compat.v1.train.FtrlOptimizer(learning_rate, learning_rate_power=-0.5,
 * initial_accumulator_value=0.1, l1_regularization_strength=0.0, l2_regularization_strength=0.0,
 * ..., l2_shrinkage_regularization_strength=0.0, beta=None)`, with TF1's ValueErrors.
 */
export class FtrlOptimizer extends KernelOptimizer {
  readonly learningRatePower: number;
  readonly initialAccumulatorValue: number;
  readonly l1RegularizationStrength: number;
  readonly l2RegularizationStrength: number;
  readonly l2ShrinkageRegularizationStrength: number;
  readonly beta: number;
  private t: Record<'lr' | 'l1' | 'l2' | 'l2Shrinkage' | 'lrPower', Output> | undefined;

  constructor(readonly learningRate: Hyper, private readonly options: FtrlOptions = {}) {
    super(options.useLocking ?? false, options.name ?? 'Ftrl');
    this.learningRatePower = options.learningRatePower ?? -0.5;
    this.initialAccumulatorValue = options.initialAccumulatorValue ?? 0.1;
    this.l1RegularizationStrength = options.l1RegularizationStrength ?? 0;
    this.l2RegularizationStrength = options.l2RegularizationStrength ?? 0;
    this.l2ShrinkageRegularizationStrength = options.l2ShrinkageRegularizationStrength ?? 0;
    this.beta = options.beta ?? 0;
    const positive = (value: number, what: string) => {
      if (value < 0) throw new ValueError(`${what} ${pyF(value)} needs to be positive or zero`);
    };
    positive(this.initialAccumulatorValue, 'initial_accumulator_value');
    if (this.learningRatePower > 0) {
      throw new ValueError(`learning_rate_power ${pyF(this.learningRatePower)} needs to be negative or zero`);
    }
    positive(this.l1RegularizationStrength, 'l1_regularization_strength');
    positive(this.l2RegularizationStrength, 'l2_regularization_strength');
    if (this.l2ShrinkageRegularizationStrength < 0) {
      throw new ValueError(`l2_shrinkage_regularization_strength ${pyF(this.l2ShrinkageRegularizationStrength)} ` +
        'needs to be positive or zero');
    }
  }

  protected override createSlots(varList: Variable[]): void {
    const initial = this.initialAccumulatorValue;
    for (const v of varList) {
      this.getOrMakeSlotWithInitializer(v, (shape, dtype) => mul(ones(shape, dtype), initial, 'mul'), 'accum',
        this.options.accumName ?? this.name);
      this.zerosSlot(v, 'linear', this.options.linearName ?? this.name);
    }
  }

  protected override prepare(): void {
    const lr = this.hyperTensor(this.learningRate, 'learning_rate');
    this.t = {
      lr,
      l1: this.hyperTensor(this.l1RegularizationStrength, 'l1_regularization_strength'),
      // Beta folded into L2, so the kernels need not take it.
      l2: add(this.l2RegularizationStrength, realDiv(this.beta, mul(2, maximum(lr, 1e-36, 'Maximum'), 'mul'), 'truediv'),
        'add'),
      l2Shrinkage: this.hyperTensor(this.l2ShrinkageRegularizationStrength, 'l2_shrinkage_regularization_strength'),
      lrPower: this.hyperTensor(this.learningRatePower, 'learning_rate_power'),
    };
  }

  /** ApplyFtrlV2 only with L2 shrinkage, as TF1 chooses. */
  protected kernel(): string {
    return this.l2ShrinkageRegularizationStrength > 0 ? 'FtrlV2' : 'Ftrl';
  }

  protected kernelInputs(v: Variable): Record<string, InputValue> {
    const t = this.t!;
    return {
      accum: this.getSlot(v, 'accum')!, linear: this.getSlot(v, 'linear')!, lr: this.castTo(t.lr, v),
      l1: this.castTo(t.l1, v), l2: this.castTo(t.l2, v),
      ...(this.l2ShrinkageRegularizationStrength > 0 && { l2_shrinkage: this.castTo(t.l2Shrinkage, v) }),
      lr_power: this.castTo(t.lrPower, v),
    };
  }
}
