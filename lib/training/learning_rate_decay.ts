/**
 * TF1's learning-rate schedules (`tf.compat.v1.train.exponential_decay` and the others of
 * `learning_rate_decay.py`, which TF 2.21 builds with Keras' legacy `learning_rate_schedule.py`):
 * each returns a scalar tensor that recomputes the rate from the global step at every run, made
 * of the same ops with the same names as TF's graph mode, v1 control flow (Switch/Merge) included.
 *
 * JS has a single number type where TF1 code passes Python ints or floats: a number given for a
 * step count (`decaySteps`, `firstDecaySteps`, the global step, a whole-number boundary of an
 * integer `x`) converts as a Python int (int32), any other as a Python float (float32).
 */
import { ValueError } from '../errors';
import { DType, baseDType, dtypeRepr, isFloatingDType } from '../framework/dtypes';
import { TensorConvertible, convertToTensor, graphFromInputs } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { cast, constant } from '../ops/array_ops';
import { cond } from '../ops/cond';
import { case_ } from '../ops/control_flow_case';
import * as raw from '../ops/gen/raw_ops';
import { add, equal, exp, greater, minimum, mul, neg, pow, sqrt, sub, truediv } from '../ops/math_ops';
import { randomNormal } from '../ops/random_ops';

/** A scalar argument: a number, or a tensor or Variable holding one. */
export type ScalarArg = number | Output | TensorConvertible;

/** Options of `exponentialDecay`, `naturalExpDecay` and `inverseTimeDecay`. */
export interface StaircaseDecayOptions {
  /** Decay at discrete intervals: `floor(globalStep / decaySteps)`. */
  staircase?: boolean;
  /** The name scope (default: the schedule's, e.g. "ExponentialDecay"). */
  name?: string;
}

/** Options of `polynomialDecay`. */
export interface PolynomialDecayOptions {
  /** Default 0.0001. */
  endLearningRate?: ScalarArg;
  /** Default 1 (linear). */
  power?: ScalarArg;
  /** Restart the decay every `decaySteps` instead of holding `endLearningRate`. */
  cycle?: boolean;
  name?: string;
}

/** Options of `cosineDecay`. */
export interface CosineDecayOptions {
  /** The minimum rate, as a fraction of `learningRate` (default 0). */
  alpha?: ScalarArg;
  name?: string;
}

/** Options of `cosineDecayRestarts`. */
export interface CosineDecayRestartsOptions {
  /** Each period is `tMul` times longer than the one before (default 2). */
  tMul?: ScalarArg;
  /** Each period starts at `mMul` times the previous start (default 1). */
  mMul?: ScalarArg;
  /** The minimum rate, as a fraction of `learningRate` (default 0). */
  alpha?: ScalarArg;
  name?: string;
}

/** Options of `linearCosineDecay`. */
export interface LinearCosineDecayOptions {
  /** Default 0.5. */
  numPeriods?: ScalarArg;
  /** Default 0. */
  alpha?: ScalarArg;
  /** Default 0.001. */
  beta?: ScalarArg;
  name?: string;
}

/** Options of `noisyLinearCosineDecay`. */
export interface NoisyLinearCosineDecayOptions extends LinearCosineDecayOptions {
  /** Default 1. */
  initialVariance?: ScalarArg;
  /** Default 0.55. */
  varianceDecay?: ScalarArg;
}

/** Options of `piecewiseConstant`. */
export interface PiecewiseConstantOptions {
  /** The name scope (default "PiecewiseConstant"). */
  name?: string;
}

/**
 * `tf.compat.v1.train.exponential_decay`: `learningRate * decayRate ^ (globalStep / decaySteps)`,
 * computed in the learning rate's dtype.
 */
export function exponentialDecay(learningRate: ScalarArg, globalStep: ScalarArg, decaySteps: ScalarArg,
  decayRate: ScalarArg, options: StaircaseDecayOptions = {}): Output {
  return schedule(options.name, 'ExponentialDecay', [learningRate, globalStep, decaySteps, decayRate], (scope) => {
    const { lr, rate, p } = stepDecay(learningRate, globalStep, decaySteps, decayRate, options);
    return mul(lr, pow(rate, p), scope);
  });
}

/** The parts exponential and inverse-time decay share: the rate, decay rate and `step / decaySteps` (floored with `staircase`). */
function stepDecay(learningRate: ScalarArg, globalStep: ScalarArg, decaySteps: ScalarArg, decayRate: ScalarArg,
  options: StaircaseDecayOptions): { lr: Output; dtype: DType; rate: Output; p: Output } {
  const [lr, dtype] = initialLearningRate(learningRate);
  const steps = castTo(decaySteps, dtype, true);
  const rate = castTo(decayRate, dtype);
  let p = truediv(castStep(globalStep, dtype), steps);
  if (options.staircase) p = raw.floor({ x: p });
  return { lr, dtype, rate, p };
}

/**
 * `tf.compat.v1.train.natural_exp_decay`: `learningRate * exp(-decayRate * globalStep / decaySteps)`,
 * which TF builds as an exponential decay (scope "ExponentialDecay") by `exp(-decayRate)`.
 */
export function naturalExpDecay(learningRate: ScalarArg, globalStep: ScalarArg, decaySteps: ScalarArg,
  decayRate: ScalarArg, options: StaircaseDecayOptions = {}): Output {
  const graph = graphFromInputs([learningRate, globalStep, decaySteps, decayRate]);
  // As TF, outside the schedule's name scope.
  const rate = graph.asDefault(() => exp(neg(decayRate)));
  return exponentialDecay(learningRate, globalStep, decaySteps, rate, options);
}

/** `tf.compat.v1.train.inverse_time_decay`: `learningRate / (1 + decayRate * globalStep / decaySteps)`. */
export function inverseTimeDecay(learningRate: ScalarArg, globalStep: ScalarArg, decaySteps: ScalarArg,
  decayRate: ScalarArg, options: StaircaseDecayOptions = {}): Output {
  return schedule(options.name, 'InverseTimeDecay', [learningRate, globalStep, decaySteps, decayRate], (scope) => {
    const { lr, dtype, rate, p } = stepDecay(learningRate, globalStep, decaySteps, decayRate, options);
    const one = cast(constant(1, { dtype: DType.int32 }), dtype);
    return truediv(lr, add(one, mul(rate, p)), scope);
  });
}

/**
 * `tf.compat.v1.train.polynomial_decay`: from `learningRate` to `endLearningRate` over
 * `decaySteps` as `(1 - step / decaySteps) ^ power`; with `cycle`, over the first multiple of
 * `decaySteps` past the step.
 */
export function polynomialDecay(learningRate: ScalarArg, globalStep: ScalarArg, decaySteps: ScalarArg,
  options: PolynomialDecayOptions = {}): Output {
  return schedule(options.name, 'PolynomialDecay', [learningRate, globalStep, decaySteps], (scope) => {
    const [lr, dtype] = initialLearningRate(learningRate);
    const end = castTo(options.endLearningRate ?? 0.0001, dtype);
    const power = castTo(options.power ?? 1, dtype);
    let step = castStep(globalStep, dtype);
    let steps = castTo(decaySteps, dtype, true);
    if (options.cycle) {
      const atZero = equal(step, 0);
      const periods = raw.ceil({ x: truediv(step, decaySteps) });
      // TF converts the 1.0 on its own, as float32, before it meets the other branch: a float64
      // schedule fails here, as it does in TF 2.21.
      const multiplier = atZero.graph.nameScope('SelectV2', (s) =>
        raw.selectV2({ condition: atZero, t: convertToTensor(1, { name: 't' }), e: periods }, s));
      steps = mul(steps, multiplier);
    } else {
      step = minimum(step, steps);
    }
    const p = truediv(step, steps);
    return add(mul(sub(lr, end, 'sub'), pow(sub(1, p, 'sub'), power)), end, scope);
  });
}

/**
 * `tf.compat.v1.train.cosine_decay`: `learningRate * ((1 - alpha) * 0.5 * (1 + cos(pi * step /
 * decaySteps)) + alpha)`, the step capped at `decaySteps`. As in TF 2.21, float32 only: TF's
 * float32 pi fails against a float64 step.
 */
export function cosineDecay(learningRate: ScalarArg, globalStep: ScalarArg, decaySteps: ScalarArg,
  options: CosineDecayOptions = {}): Output {
  return schedule(options.name, 'CosineDecay', [learningRate, globalStep, decaySteps, options.alpha], () => {
    const [lr, dtype] = initialLearningRate(learningRate);
    const steps = castTo(decaySteps, dtype, true);
    const step = minimum(castStep(globalStep, dtype), steps);
    const cosineDecayed = halfCosine(truediv(step, steps));
    // alpha is used uncast: a number folds into `1 - alpha` as Python arithmetic does.
    const alpha = options.alpha ?? 0;
    const oneMinusAlpha = typeof alpha === 'number' ? 1 - alpha : sub(1, alpha, 'sub');
    return mul(lr, add(mul(oneMinusAlpha, cosineDecayed, 'mul'), alpha, 'add'));
  });
}

/**
 * `tf.compat.v1.train.cosine_decay_restarts` (SGDR): cosine decays over `firstDecaySteps`, then
 * over periods `tMul` times longer, each starting `mMul` times lower. Float32 only, as in TF 2.21.
 */
export function cosineDecayRestarts(learningRate: ScalarArg, globalStep: ScalarArg, firstDecaySteps: ScalarArg,
  options: CosineDecayRestartsOptions = {}): Output {
  const args = [learningRate, globalStep, firstDecaySteps, options.tMul, options.mMul, options.alpha];
  return schedule(options.name, 'SGDRDecay', args, (scope) => {
    const [lr, dtype] = initialLearningRate(learningRate);
    const firstSteps = castTo(firstDecaySteps, dtype, true);
    const alpha = castTo(options.alpha ?? 0, dtype);
    const tMul = castTo(options.tMul ?? 2, dtype);
    const mMul = castTo(options.mMul ?? 1, dtype);
    const fraction = truediv(castStep(globalStep, dtype), firstSteps);
    const [restart, completed] = cond(equal(tMul, 1),
      () => restartStep(fraction, tMul, false), () => restartStep(fraction, tMul, true));
    const cosineDecayed = halfCosine(completed, pow(mMul, restart, 'pow'));
    return mul(lr, add(mul(sub(1, alpha, 'sub'), cosineDecayed, 'mul'), alpha, 'add'), scope);
  });
}

/**
 * `compute_step` of CosineDecayRestarts, a branch of its cond: the restart `fraction` (steps /
 * first period) falls in, and the fraction of that period done.
 */
function restartStep(fraction: Output, tMul: Output, geometric: boolean): [Output, Output] {
  if (!geometric) {
    const restart = raw.floor({ x: fraction });
    return [restart, sub(fraction, restart, 'sub')];
  }
  const restart = raw.floor({ x: truediv(raw.log({ x: sub(1, mul(fraction, sub(1, tMul, 'sub'), 'mul'), 'sub') }),
    raw.log({ x: tMul })) });
  const done = truediv(sub(1, pow(tMul, restart, 'pow'), 'sub'), sub(1, tMul, 'sub'));
  return [restart, truediv(sub(fraction, done, 'sub'), pow(tMul, restart, 'pow'))];
}

/**
 * `tf.compat.v1.train.linear_cosine_decay`: `learningRate * ((alpha + linear) * cosine + beta)`,
 * linear going from 1 to 0 over `decaySteps` and cosine making `numPeriods` periods. Float32 only,
 * as in TF 2.21.
 */
export function linearCosineDecay(learningRate: ScalarArg, globalStep: ScalarArg, decaySteps: ScalarArg,
  options: LinearCosineDecayOptions = {}): Output {
  return linearCosine('LinearCosineDecay', learningRate, globalStep, decaySteps, options, false);
}

/**
 * `tf.compat.v1.train.noisy_linear_cosine_decay`: linear cosine decay with Gaussian noise of
 * variance `initialVariance / (1 + step) ^ varianceDecay` added to the linear part; draws follow
 * the graph seed (`ops.setRandomSeed`) as TF's do. Float32 only, as in TF 2.21.
 */
export function noisyLinearCosineDecay(learningRate: ScalarArg, globalStep: ScalarArg, decaySteps: ScalarArg,
  options: NoisyLinearCosineDecayOptions = {}): Output {
  return linearCosine('NoisyLinearCosineDecay', learningRate, globalStep, decaySteps, options, true);
}

/** The linear cosine schedules, `noisy` or not (the noise casts come between TF's others). */
function linearCosine(defaultName: string, learningRate: ScalarArg, globalStep: ScalarArg, decaySteps: ScalarArg,
  options: NoisyLinearCosineDecayOptions, noisy: boolean): Output {
  const args = [learningRate, globalStep, decaySteps, ...Object.values(options)];
  return schedule(options.name, defaultName, args, (scope) => {
    const [lr, dtype] = initialLearningRate(learningRate);
    const steps = castTo(decaySteps, dtype, true);
    const variance = noisy
      ? { initial: castTo(options.initialVariance ?? 1, dtype), decay: castTo(options.varianceDecay ?? 0.55, dtype) }
      : null;
    const numPeriods = castTo(options.numPeriods ?? 0.5, dtype);
    const alpha = castTo(options.alpha ?? 0, dtype);
    const beta = castTo(options.beta ?? 0.001, dtype);
    const step = minimum(castStep(globalStep, dtype), steps);
    let linear = truediv(sub(steps, step, 'sub'), steps);
    if (variance) {
      const std = sqrt(truediv(variance.initial, pow(add(1, step, 'add'), variance.decay)));
      // randomNormal converts `stddev` with convertToTensor: a tensor goes in as is, as in TF.
      linear = add(linear, randomNormal([], { stddev: std as unknown as number }), 'add');
    }
    const completed = truediv(step, steps);
    const cosineDecayed = halfCosine(mul(mul(2, numPeriods, 'mul'), completed, 'mul'));
    return mul(lr, add(mul(add(alpha, linear, 'add'), cosineDecayed, 'mul'), beta, 'add'), scope);
  });
}

/**
 * `tf.compat.v1.train.piecewise_constant`: `values[0]` while `x <= boundaries[0]`, `values[i]`
 * while `boundaries[i-1] < x <= boundaries[i]`, `values[n]` past the last boundary; built as TF
 * does with `case` (nested v1 conds after an Assert that exactly one interval holds).
 */
export function piecewiseConstant(x: ScalarArg, boundaries: ScalarArg[], values: ScalarArg[],
  options: PiecewiseConstantOptions = {}): Output {
  const graph = graphFromInputs([x, boundaries, values]);
  return graph.asDefault(() => {
    const xArg = isNumber(x) ? pyNumber(x, true) : x;
    // A whole-number boundary is a Python int, unless x is floating (JS cannot write 10.0).
    const integral = xArg === null || xArg === undefined || !isFloatingDType(baseDType(xArg.dtype));
    const bounds = boundaries.map((b) => convertToTensor(isNumber(b) ? pyNumber(b, integral) : b));
    const vals = values.map((v) => convertToTensor(isNumber(v) ? pyNumber(v, false) : v));
    const xT = convertToTensor(required(xArg));
    const xType = baseDType(xT.dtype);
    bounds.forEach((b, i) => {
      const bType = baseDType(b.dtype);
      if (bType === xType) return;
      // int32 boundaries (Python ints) widen losslessly to an int64 step.
      if (bType === DType.int32 && xType === DType.int64) bounds[i] = cast(b, DType.int64);
      else throw new ValueError(`Boundaries (${pyDType(bType)}) must have the same dtype as x (${pyDType(xType)}).`);
    });
    for (const v of vals.slice(1)) {
      if (baseDType(v.dtype) !== baseDType(vals[0].dtype)) {
        throw new ValueError('Values must have elements all with the same dtype ' +
          `(${pyDType(vals[0].dtype)} vs ${pyDType(v.dtype)}).`);
      }
    }
    if (bounds.length !== vals.length - 1) {
      throw new ValueError('The length of boundaries should be 1 less than the length of values');
    }
    return graph.nameScope(options.name || 'PiecewiseConstant', () => {
      // Python's IndexError from `boundaries[0]`.
      if (bounds.length === 0) throw new RangeError('list index out of range');
      const last = bounds.length - 1;
      const pairs: Array<[Output, () => Output]> = [[raw.lessEqual({ x: xT, y: bounds[0] }), () => vals[0]],
        [greater(xT, bounds[last]), () => vals[last + 1]]];
      for (let i = 0; i < last; i++) {
        const pred = raw.logicalAnd({ x: greater(xT, bounds[i]), y: raw.lessEqual({ x: xT, y: bounds[i + 1] }) }, 'and');
        pairs.push([pred, () => vals[i + 1]]);
      }
      return case_(pairs, { default: () => vals[0], exclusive: true });
    });
  });
}

/** `tf.compat.v1.train.piecewise_constant_decay`: the same function under its other TF1 name. */
export const piecewiseConstantDecay = piecewiseConstant;

// --- building blocks --------------------------------------------------------------------------

/** A schedule's body in name scope `name || defaultName` of its inputs' graph, made the default. */
function schedule(name: string | undefined, defaultName: string, inputs: unknown[],
  build: (scope: string) => Output): Output {
  const graph = graphFromInputs(inputs);
  return graph.asDefault(() => graph.nameScope(name || defaultName, build));
}

/** The learning rate as a tensor (`initial_learning_rate` for a number) and the dtype the schedule computes in. */
function initialLearningRate(learningRate: ScalarArg): [Output, DType] {
  const lr = convertToTensor(learningRate, { name: 'initial_learning_rate' });
  return [lr, baseDType(lr.dtype)];
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number';
}

/**
 * The tensor TF makes of the Python number a JS number stands for: a whole number given where
 * TF1 code passes an int (`integral`) is int32 (int64 beyond), anything else a float32.
 */
function pyNumber(v: number, integral: boolean): Tensor {
  if (!integral || !Number.isInteger(v)) return Tensor.from(v, { dtype: DType.float32 });
  if (v >= -(2 ** 31) && v < 2 ** 31) return Tensor.from(v, { dtype: DType.int32 });
  return Tensor.from(BigInt(v), { dtype: DType.int64 });
}

/** `math_ops.cast(value, dtype)`: a number first becomes the `Cast/x` constant TF makes of it. */
function castTo(value: ScalarArg, dtype: DType, integral = false): Output {
  return cast(isNumber(value) ? pyNumber(value, integral) : value, dtype);
}

/** The global step cast to the schedule's dtype. */
function castStep(step: ScalarArg, dtype: DType): Output {
  return castTo(required(step), dtype, true);
}

/** TF's error for a missing (None) tensor argument. */
function required<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new ValueError('None values not supported.');
  return value;
}

function pyDType(dtype: DType): string {
  return dtypeRepr(baseDType(dtype));
}

/**
 * `0.5 * (1.0 + cos(pi * fraction))`, or with `scale`, `0.5 * scale * (...)`. TF's pi is a
 * float32 constant whatever the schedule's dtype.
 */
function halfCosine(fraction: Output, scale?: Output): Output {
  const half = scale ? mul(0.5, scale, 'mul') : 0.5;
  return mul(half, add(1, raw.cos({ x: mul(constant(Math.PI), fraction, 'mul') }), 'add'), 'mul');
}
