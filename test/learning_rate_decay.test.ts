/**
 * The learning-rate schedules (`train.exponentialDecay` and the others) against Python TF 2.21
 * (test/fixtures/learning_rate_decay, made by scripts/fixtures/make_learning_rate_decay.py): each
 * call adds the same ops as TF's (names, types, inputs, control inputs, dtypes), returns the same
 * tensor and gives the same value at every step, bit for bit; bad arguments raise TF's errors; and
 * a decayed rate drives GradientDescentOptimizer.
 */
import { DType, Graph, Operation, Output, Session, Tensor, ops, train } from '../lib';
import { baseOf, describeErrorCases, expected } from './helpers/core';

type Arg = number | boolean | string | null | { dtype: keyof typeof DType; value: number } | Arg[];

interface Call {
  id: string;
  fn: string;
  args: Record<string, Arg>;
}

interface Case extends Call {
  output: { name: string; dtype: string };
  ops: Record<string, string>;
  values: number[];
  graph_seed?: number;
}

interface ErrorCase extends Call {
  error: { class: string; message: string };
}

const fixture = expected<{ steps: number[]; cases: Case[]; errors: ErrorCase[] }>('learning_rate_decay');
const GLOBAL_STEP = '<global_step>';
const INT32_STEP = '<int32_step>';

type Schedule = (...args: unknown[]) => Output;

/** TF1's function -> ours and its positional parameters; the other arguments go in the options object. */
const SIGNATURES: Record<string, [Schedule, string[]]> = {
  exponential_decay: [train.exponentialDecay as Schedule, ['learning_rate', 'global_step', 'decay_steps', 'decay_rate']],
  natural_exp_decay: [train.naturalExpDecay as Schedule, ['learning_rate', 'global_step', 'decay_steps', 'decay_rate']],
  inverse_time_decay: [train.inverseTimeDecay as Schedule, ['learning_rate', 'global_step', 'decay_steps', 'decay_rate']],
  polynomial_decay: [train.polynomialDecay as Schedule, ['learning_rate', 'global_step', 'decay_steps']],
  piecewise_constant: [train.piecewiseConstant as Schedule, ['x', 'boundaries', 'values']],
  cosine_decay: [train.cosineDecay as Schedule, ['learning_rate', 'global_step', 'decay_steps']],
  cosine_decay_restarts: [train.cosineDecayRestarts as Schedule, ['learning_rate', 'global_step', 'first_decay_steps']],
  linear_cosine_decay: [train.linearCosineDecay as Schedule, ['learning_rate', 'global_step', 'decay_steps']],
  noisy_linear_cosine_decay: [train.noisyLinearCosineDecay as Schedule, ['learning_rate', 'global_step', 'decay_steps']],
};

const camel = (s: string) => s.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/**
 * The fixture's graph: graph seed, global step, the int32 step placeholder when used, the
 * {dtype, value} constants in argument order, then the call; what it returned or threw, and the
 * ops it added.
 */
function build(call: Call, seed?: number) {
  const g = new Graph();
  return g.asDefault(() => {
    if (seed !== undefined) ops.setRandomSeed(seed);
    const gs = train.getOrCreateGlobalStep() as ops.Variable;
    const step = JSON.stringify(call.args).includes(INT32_STEP) ? ops.placeholder(DType.int32, [], 'step') : gs;
    const resolve = (a: Arg): unknown => {
      if (a === GLOBAL_STEP || a === INT32_STEP) return step;
      if (Array.isArray(a)) return a.map(resolve);
      if (a !== null && typeof a === 'object') {
        const dtype = DType[a.dtype];
        return ops.constant(dtype === DType.int64 ? BigInt(a.value) : a.value, { dtype });
      }
      return a;
    };
    const args = Object.fromEntries(Object.entries(call.args).map(([k, v]) => [k, resolve(v)]));
    const [fn, positional] = SIGNATURES[call.fn];
    const options = Object.fromEntries(Object.entries(args).filter(([k]) => !positional.includes(k))
      .map(([k, v]) => [camel(k), v]));
    const first = g.operations().length;
    let result: Output | Error;
    try {
      result = fn(...positional.map((k) => args[k]), options);
    } catch (e) {
      result = e as Error;
    }
    return { g, gs, step, result, added: g.operations().slice(first) };
  });
}

/** As the generator's describe_op: 'Type(input, ...) ^control ... -> dtype'. */
function describeOp(op: Operation): string {
  const controls = op.controlInputs.map((c) => ` ^${c.name}`).join('');
  const dtype = op.numOutputs > 0 ? ` -> ${DType[baseOf(op.outputs[0])]}` : '';
  return `${op.type}(${op.inputs.map((i) => i.name).join(', ')})${controls}${dtype}`;
}

/** The schedule's value at each of `steps`, in one session, setting the step as the fixture did. */
async function valuesAt(built: ReturnType<typeof build>, lr: Output, steps: number[]): Promise<number[]> {
  const { g, gs, step } = built;
  const newStep = g.asDefault(() => ops.placeholder(DType.int64, [], 'new_step'));
  const setStep = g.asDefault(() => gs.assign(newStep));
  const sess = new Session(g);
  try {
    await sess.run(g.asDefault(() => ops.globalVariablesInitializer()));
    const values: number[] = [];
    for (const s of steps) {
      let feed = new Map<Output, Tensor>();
      if (step === gs) await sess.run(setStep, new Map([[newStep, Tensor.from(BigInt(s), { dtype: DType.int64 })]]));
      else feed = new Map([[step as Output, Tensor.from(s, { dtype: DType.int32 })]]);
      values.push((await sess.run(lr, feed)).item() as number);
    }
    return values;
  } finally {
    await sess.close();
  }
}

const NOISY = 'noisy_linear_cosine_decay';

describe.each(fixture.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
  test('adds the ops TF adds and returns the same tensor', () => {
    const { result, added } = build(c, c.graph_seed);
    if (result instanceof Error) throw result;
    expect(result.name).toBe(c.output.name);
    expect(DType[baseOf(result)]).toBe(c.output.dtype);
    expect(Object.fromEntries(added.map((op) => [op.name, describeOp(op)]))).toEqual(c.ops);
  });

  // The same ops and constants run by the same kernels: float32 (and float64) results are exact.
  // (The noisy schedule's draws have their own test below.)
  if (c.fn !== NOISY) {
    test('has the value TF computes at each step', async () => {
      const built = build(c, c.graph_seed);
      expect(await valuesAt(built, built.result as Output, fixture.steps)).toEqual(c.values);
    });
  }
});

describeErrorCases(fixture.errors, build);

// Random: its values match TF's draw for draw (the same seeds, a fresh session taking the steps
// in the fixture's order), and each run draws anew.
describe('noisyLinearCosineDecay', () => {
  const c = fixture.cases.find((x) => x.fn === NOISY)!;

  test('is a float32 scalar with TF\'s draws, fresh noise each run', async () => {
    const built = build(c, c.graph_seed);
    const lr = built.result as Output;
    expect(lr.dtype).toBe(DType.float32);
    expect(lr.shape).toEqual([]);
    expect(await valuesAt(built, lr, fixture.steps)).toEqual(c.values);
    const [first, second] = await valuesAt(built, lr, [0, 0]);
    expect(first).not.toBe(second);
  });
});

describe('a decayed learning rate in GradientDescentOptimizer', () => {
  test('each step moves the variable by the rate of that step', async () => {
    const g = new Graph();
    const { w, gs, lr, trainOp, init } = g.asDefault(() => {
      const gs = train.getOrCreateGlobalStep();
      const w = new ops.Variable(1, { name: 'w' });
      // 0.25 halved every step; loss 2w has gradient 2: w goes 1 -> 0.5 -> 0.25 ..., all exact.
      const lr = train.exponentialDecay(0.25, gs, 1, 0.5, { staircase: true });
      const trainOp = new train.GradientDescentOptimizer(lr).minimize(ops.mul(w, 2), { globalStep: gs });
      return { w, gs, lr, trainOp, init: ops.globalVariablesInitializer() };
    });
    const sess = new Session(g);
    try {
      await sess.run(init);
      for (let k = 0; k < 5; k++) {
        expect((await sess.run(lr)).item()).toBe(0.25 * 0.5 ** k);
        await sess.run(trainOp);
        expect((await sess.run(w)).item()).toBe(0.5 ** (k + 1));
        expect(await train.globalStep(sess, gs)).toBe(k + 1);
      }
    } finally {
      await sess.close();
    }
  });
});
