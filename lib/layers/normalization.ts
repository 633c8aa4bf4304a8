/**
 * TF1's batch normalization layer (`tensorflow/python/layers/normalization.py` over keras'
 * `layers/normalization.py`, its V1 behavior): `BatchNormalization` and the functional
 * `batchNormalization`, with the moving mean and variance updated by `AssignMovingAvg` ops that
 * go to `UPDATE_OPS`.
 */
import { NotImplementedError, ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { convertToTensor } from '../framework/op_def_library';
import { Output, getDefaultGraph } from '../framework/ops';
import { StaticShape } from '../framework/tensor_shape';
import { cast, constant, onesLike, reshape, shape, zerosLike } from '../ops/array_ops';
import { Initializer, onesInitializer, zerosInitializer } from '../ops/init_ops';
import { add, mul, reduceMean, sub } from '../ops/math_ops';
import { batchNormalization as nnBatchNormalization, fusedBatchNorm, moments } from '../ops/nn_ops';
import { pythonType } from '../ops/python_type';
import { Variable, VariableAggregation, VariableSynchronization } from '../ops/variables';
import {
  Constraint, InputSpec, Layer, LayerOptions, TrainingArg, WeightRegularizer, constantTraining, smartCond,
} from './base';

/** Options of `BatchNormalization` (TF1's `tf.layers.BatchNormalization` keyword arguments). */
export interface BatchNormalizationOptions extends LayerOptions {
  /** The axis (or axes) normalized over, the features; default -1. */
  axis?: number | number[];
  /** Of the moving averages (default 0.99). */
  momentum?: number;
  /** Added to the variance (default 1e-3). */
  epsilon?: number;
  /** Add the offset `beta` (default true). */
  center?: boolean;
  /** Multiply by `gamma` (default true). */
  scale?: boolean;
  betaInitializer?: Initializer;
  gammaInitializer?: Initializer;
  movingMeanInitializer?: Initializer;
  movingVarianceInitializer?: Initializer;
  betaRegularizer?: WeightRegularizer;
  gammaRegularizer?: WeightRegularizer;
  betaConstraint?: Constraint;
  gammaConstraint?: Constraint;
  /** Batch renormalization: not supported here (NotImplementedError). */
  renorm?: boolean;
  /**
   * `FusedBatchNormV3` when the input allows it (4-D, one axis 1 or 3, no virtual batches or
   * adjustment), as TF1 picks it when null or true (the default); false never.
   */
  fused?: boolean | null;
  /** "Ghost" batch normalization: statistics over sub-batches of this size (it must divide the batch). */
  virtualBatchSize?: number;
  /**
   * While training, `[scale, bias]` applied to the normalized values before gamma and beta, from
   * the input's dynamic shape.
   */
  adjustment?: (shape: Output) => [Output, Output];
}

/** What `BatchNormalization.apply` takes after the inputs. */
export interface BatchNormalizationCallOptions {
  /** Normalize with the batch's statistics and update the moving ones (true), or use those (false, the default). */
  training?: TrainingArg;
}

/** `repr(TensorShape)` as TF1 prints it (`TensorShape([Dimension(None), Dimension(3)])`), for the messages that quote one. */
function tensorShapeRepr(s: StaticShape): string {
  return s === null ? 'TensorShape(None)' : `TensorShape([${s.map((d) => `Dimension(${d ?? 'None'})`).join(', ')}])`;
}

/**
 * `tf.layers.BatchNormalization()`: normalizes the input over its batch (and the axes other than
 * `axis`) while training, with the moving averages otherwise, then scales by `gamma` and offsets
 * by `beta`. Its weights are `gamma`, `beta` (trainable), `moving_mean` and `moving_variance`.
 */
export class BatchNormalization extends Layer<Output, Output, [BatchNormalizationCallOptions?]> {
  /** The normalized axes once built (non-negative), as given before. */
  axis: number | number[];
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  /** Whether it uses `FusedBatchNormV3`, settled when built. */
  fused: boolean | null;
  readonly virtualBatchSize: number | null;
  readonly adjustment: ((shape: Output) => [Output, Output]) | null;
  /** The weights, once built (made without a partitioner, so never partitioned). */
  gamma: Variable | null = null;
  beta: Variable | null = null;
  movingMean: Variable | null = null;
  movingVariance: Variable | null = null;
  private readonly options: BatchNormalizationOptions;
  private dataFormat: 'NCHW' | 'NHWC' = 'NHWC';
  /** What the fused op takes for a missing gamma or beta (`_gamma_const`, `_beta_const`). */
  private gammaConst: Output | null = null;
  private betaConst: Output | null = null;

  constructor(options: BatchNormalizationOptions = {}) {
    super(options);
    const axis = options.axis ?? -1;
    if (!Array.isArray(axis) && !Number.isInteger(axis)) {
      throw new TypeError(`axis must be int or list, type given: ${pythonType(axis)}`);
    }
    if (options.renorm) throw new NotImplementedError('Batch renormalization (renorm=True) is not supported.');
    this.axis = Array.isArray(axis) ? [...axis] : axis;
    this.momentum = options.momentum ?? 0.99;
    this.epsilon = options.epsilon ?? 1e-3;
    this.center = options.center ?? true;
    this.scale = options.scale ?? true;
    this.virtualBatchSize = options.virtualBatchSize ?? null;
    this.adjustment = options.adjustment ?? null;
    // V1 behavior: None means fused where possible, settled in build.
    this.fused = options.fused ?? true;
    this.options = options;
  }

  /** `_fused_can_be_used`: one axis 1 or 3 (or -3, -1), no virtual batches, no adjustment. */
  private fusedCanBeUsed(): boolean {
    const axis = Array.isArray(this.axis) ? this.axis : [this.axis];
    return axis.length === 1 && [-3, -1, 1, 3].includes(axis[0]) && this.virtualBatchSize === null &&
      this.adjustment === null;
  }

  /** `_param_dtype`: float16 and bfloat16 inputs keep float32 weights. */
  private get paramDtype(): DType {
    const d = this.dtype;
    return d === DType.float16 || d === DType.bfloat16 ? DType.float32 : d ?? DType.float32;
  }

  override build(inputShape: StaticShape): void {
    if (!inputShape || inputShape.length === 0) {
      throw new ValueError(`('Input has undefined rank:', ${tensorShapeRepr(inputShape)})`);
    }
    const ndims = inputShape.length;
    // `fusedCanBeUsed` reads the axis as given, so the fused choice is made before it is resolved.
    const fusedOk = ndims === 4 && this.fusedCanBeUsed();
    const axes = (Array.isArray(this.axis) ? this.axis : [this.axis]).map((x) => (x < 0 ? ndims + x : x));
    for (const x of axes) if (x < 0 || x >= ndims) throw new ValueError(`Invalid axis: ${x}`);
    if (new Set(axes).size !== axes.length) throw new ValueError(`Duplicate axis: [${axes.join(', ')}]`);
    if (this.virtualBatchSize !== null) {
      if (this.virtualBatchSize <= 0) {
        throw new ValueError('virtual_batch_size must be a positive integer that divides the true batch size of the ' +
          'input Tensor');
      }
      if (axes.includes(0)) {
        throw new ValueError('When using virtual_batch_size, the batch dimension must be 0 and thus axis cannot include 0');
      }
      if (this.adjustment !== null) throw new ValueError('When using virtual_batch_size, adjustment cannot be specified');
    }
    if (this.fused) this.fused = fusedOk;
    if (this.fused) {
      if (axes.length === 1 && axes[0] === 1) this.dataFormat = 'NCHW';
      else if (axes.length === 1 && axes[0] === 3) this.dataFormat = 'NHWC';
      else throw new ValueError('Unsupported axis, fused batch norm only supports axis == [1] or axis == [3]');
    }
    const axisToDim: Record<number, number> = {};
    for (const x of axes) {
      const d = inputShape[x];
      if (d === null) {
        throw new ValueError(`('Input has undefined \`axis\` dimension. Input shape: ', ${tensorShapeRepr(inputShape)})`);
      }
      axisToDim[x] = d;
    }
    this.inputSpec = new InputSpec({ ndim: ndims, axes: axisToDim });
    let paramShape: number[];
    if (axes.length === 1 && this.virtualBatchSize === null) {
      paramShape = [axisToDim[axes[0]]];
    } else {
      paramShape = Array.from({ length: ndims }, (_, i) => (axes.includes(i) ? axisToDim[i] : 1));
      if (this.virtualBatchSize !== null) {
        // The sub-batches get their own dimension, at 1.
        paramShape.splice(1, 0, 1);
        axes.forEach((x, i) => { axes[i] = x + 1; });
      }
    }
    this.axis = axes;
    const o = this.options;
    const dtype = this.paramDtype;
    if (this.scale) {
      this.gamma = this.addWeight('gamma', paramShape, { dtype, initializer: o.gammaInitializer ?? onesInitializer(),
        regularizer: o.gammaRegularizer, constraint: o.gammaConstraint, trainable: true }) as Variable;
    } else if (this.fused) {
      this.gammaConst = constant(1, { dtype, shape: paramShape });
    }
    if (this.center) {
      this.beta = this.addWeight('beta', paramShape, { dtype, initializer: o.betaInitializer ?? zerosInitializer(),
        regularizer: o.betaRegularizer, constraint: o.betaConstraint, trainable: true }) as Variable;
    } else if (this.fused) {
      this.betaConst = constant(0, { dtype, shape: paramShape });
    }
    const moving = { dtype, synchronization: VariableSynchronization.ON_READ, trainable: false,
      aggregation: VariableAggregation.MEAN };
    this.movingMean = this.addWeight('moving_mean', paramShape,
      { ...moving, initializer: o.movingMeanInitializer ?? zerosInitializer() }) as Variable;
    this.movingVariance = this.addWeight('moving_variance', paramShape,
      { ...moving, initializer: o.movingVarianceInitializer ?? onesInitializer() }) as Variable;
    this.built = true;
  }

  /**
   * `_assign_moving_average`: in scope `AssignMovingAvg`, colocated with the variable,
   * `variable -= (variable - value) * (1 - momentum)`, the AssignSub named after the scope.
   */
  private assignMovingAverage(v: Variable, value: Output, momentum: number | Output): Output {
    const graph = getDefaultGraph();
    return graph.nameScope('AssignMovingAvg', (scope) => graph.colocateWith(v, () => {
      let decay = typeof momentum === 'number' ? convertToTensor(1 - momentum, { name: 'decay' }) : sub(1, momentum, 'sub');
      if (decay.dtype !== v.dtype) decay = cast(decay, v.dtype);
      const delta = mul(sub(v, cast(value, v.dtype), 'sub'), decay, 'mul');
      return v.assignSub(delta, { name: scope });
    }));
  }

  /** `_fused_batch_norm`: FusedBatchNormV3 (training, or with the moving statistics) and its updates. */
  private fusedBatchNorm(inputs: Output, training: TrainingArg): Output {
    const beta = this.center ? this.beta! : this.betaConst!;
    const gamma = this.scale ? this.gamma! : this.gammaConst!;
    const [output, mean, variance] = smartCond(training,
      () => fusedBatchNorm(inputs, gamma, beta, { epsilon: this.epsilon, dataFormat: this.dataFormat }),
      () => fusedBatchNorm(inputs, gamma, beta, { mean: this.movingMean!, variance: this.movingVariance!,
        epsilon: this.epsilon, isTraining: false, dataFormat: this.dataFormat })) as [Output, Output, Output];
    const trainingValue = constantTraining(training);
    const momentum = trainingValue === null ? smartCond(training, () => this.momentum, () => 1) as Output
      : convertToTensor(this.momentum);
    if (trainingValue !== false) {
      this.addUpdate(() => this.assignMovingAverage(this.movingMean!, mean, momentum));
      this.addUpdate(() => this.assignMovingAverage(this.movingVariance!, variance, momentum));
    }
    return output;
  }

  override call(inputs: Output, options: BatchNormalizationCallOptions = {}): Output {
    const training = options.training ?? false;
    const axes = this.axis as number[];
    let x = inputs;
    let originalShape: number[] = [];
    if (this.virtualBatchSize !== null) {
      // Sub-batches as a new dimension 0: [virtual_batch_size, -1, ...].
      originalShape = [-1, ...(inputs.shape!.slice(1) as number[])];
      x = reshape(inputs, [this.virtualBatchSize, ...originalShape]);
    }
    const undoVirtualBatching = (y: Output) => (this.virtualBatchSize === null ? y : reshape(y, originalShape));
    if (this.fused) return undoVirtualBatching(this.fusedBatchNorm(x, training));

    const inputShape = x.shape!;
    const ndims = inputShape.length;
    const reductionAxes = Array.from({ length: ndims }, (_, i) => i).filter((i) => !axes.includes(i));
    if (this.virtualBatchSize !== null) reductionAxes.splice(1, 1);
    const broadcastShape = new Array<number | null>(ndims).fill(1);
    broadcastShape[axes[0]] = inputShape[axes[0]];
    const lastAxisOnly = reductionAxes.length === ndims - 1 && reductionAxes.every((a, i) => a === i);
    // Only single-axis normalization over another axis than the last needs its parameters reshaped.
    const broadcast = <T extends Output | Variable | null>(v: T): T | Output => {
      if (v === null || lastAxisOnly || v.shape!.length === ndims) return v;
      return reshape(v as Output, broadcastShape as number[]);
    };
    let scale: Output | Variable | null = broadcast(this.gamma);
    let offset: Output | Variable | null = broadcast(this.beta);

    let mean: Output | Variable;
    let variance: Output | Variable;
    if (constantTraining(training) === false) {
      [mean, variance] = [this.movingMean!, this.movingVariance!];
    } else {
      if (this.adjustment) {
        let [adjScale, adjBias] = this.adjustment(shape(x));
        adjScale = smartCond(training, () => adjScale, () => onesLike(adjScale)) as Output;
        adjBias = smartCond(training, () => adjBias, () => zerosLike(adjBias)) as Output;
        // `_compose_transforms(adj_scale, adj_bias, scale, offset)`.
        let [s, o] = [adjScale, adjBias];
        if (scale !== null) [s, o] = [mul(s, scale, 'mul'), mul(o, scale, 'mul')];
        if (offset !== null) o = add(o, offset, 'add');
        [scale, offset] = [s, o];
      }
      const keepDims = this.virtualBatchSize !== null || axes.length > 1;
      const [batchMean, batchVariance] = moments(cast(x, this.paramDtype), reductionAxes, { keepDims });
      const movingMean = this.movingMean!;
      const movingVariance = this.movingVariance!;
      mean = smartCond(training, () => batchMean, () => convertToTensor(movingMean)) as Output;
      variance = smartCond(training, () => batchVariance, () => convertToTensor(movingVariance)) as Output;
      const [newMean, newVariance] = this.virtualBatchSize === null ? [mean, variance]
        : [reduceMean(mean, { axis: 1, keepDims: true }), reduceMean(variance, { axis: 1, keepDims: true })];
      const update = (v: Variable, value: Output) => () =>
        smartCond<Output | Variable>(training, () => this.assignMovingAverage(v, value, this.momentum), () => v) as Output;
      this.addUpdate(update(movingMean, newMean));
      this.addUpdate(update(movingVariance, newVariance));
    }
    const dtype = x.dtype;
    mean = cast(mean, dtype);
    variance = cast(variance, dtype);
    if (offset !== null) offset = cast(offset, dtype);
    if (scale !== null) scale = cast(scale, dtype);
    const outputs = nnBatchNormalization(x, broadcast(mean), broadcast(variance), offset, scale, this.epsilon);
    outputs.setShape(inputShape);
    return undoVirtualBatching(outputs);
  }
}

/**
 * `tf.layers.batch_normalization(inputs, training=False, ...)`: a new `BatchNormalization`
 * applied to `inputs`; `name` is its variable scope (shared with `reuse`). Its moving averages
 * update only when the ops in `UPDATE_OPS` run, e.g. `ops.controlDependencies(updateOps, () =>
 * optimizer.minimize(loss))`.
 */
export function batchNormalization(inputs: Output,
  options: Omit<BatchNormalizationOptions, 'scope'> & BatchNormalizationCallOptions = {}): Output {
  const { training, ...layerOptions } = options;
  return new BatchNormalization({ ...layerOptions, scope: options.name }).apply(inputs, { training: training ?? false });
}
