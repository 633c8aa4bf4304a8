/**
 * TF1's legacy layers (`tf.layers`) against TF1 Python: scripts/graph_fixtures/layers.py re-creates
 * in Python TF 2.21 what TF 1.15's base Layer, Dense, Dropout, Flatten and BatchNormalization build
 * (TF 2.21's own tf.compat.v1.layers needs Keras 2); the same graphs built here with `layers.*`
 * must have the same ops (names, types, inputs, control inputs, placement, attrs, Const values) in
 * the same order, the same collections, layer objects that say the same about themselves (names,
 * scope names, weights, updates, losses) and session runs giving the same values. Small models
 * trained with the UPDATE_OPS as control dependencies give Python's losses and weights, a
 * checkpoint Python wrote restores into layers built here, and bad arguments raise TF1's errors.
 */
import * as path from 'path';
import {
  DType, Fetches, Graph, GraphKeys, NotImplementedError, Operation, Output, Session, Tensor, Variable, getDefaultGraph, layers,
  ops, train,
} from '../lib';
import { dtypeName } from '../lib/framework/dtypes';
import { formatFloat32 } from '../lib/proto/text_format';
import { StaticShape } from '../lib/framework/tensor_shape';
import { sliceOf } from '../lib/ops/array_ops';
import { InputValue } from '../lib/ops';
import { RecordedAll, loadGraphFixture, recordAll } from './helpers/graph_record';
import { Json, expectClose, expectRunValues, itThrowsTF1Errors, jsonOf } from './helpers/fixture_values';

interface LayerInfo {
  name: string;
  scope_name: string;
  dtype: string | null;
  built: boolean;
  trainable_weights: string[];
  non_trainable_weights: string[];
  weights: string[];
  updates: string[];
  losses: string[];
}
interface Trained {
  update_ops: string[];
  forward: { ops: RecordedAll['ops'] };
  losses: number[];
  eval: Json;
  weights: Record<string, Json>;
}
interface Fixture {
  graphs: Record<string, RecordedAll & { feeds: Array<Record<string, Json>>; shapes: Json; layers: Record<string, LayerInfo> }>;
  values: Record<string, Json[]>;
  training: { xs: number[][]; ys: number[][]; mlp: Trained; conv_like: Trained };
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('layers.json');
const CKPT = path.join(__dirname, 'fixtures', 'layers', 'model.ckpt');

const l2 = ops.losses.l2Regularizer;
const f32 = (x: number) => Math.fround(x);
/** np.linspace(-1, 1, 12, dtype=float32).reshape(3, 4). */
const K = Array.from({ length: 3 }, (_, i) => Array.from({ length: 4 }, (__, j) => f32(-1 + (2 * (i * 4 + j)) / 11)));
const placeholder = (shape: (number | null)[] | null, name: string, dtype = DType.float32) =>
  ops.placeholder(dtype, shape, name);

/** y = x * w + shift (a user's layer): call counted in a non-trainable int weight, the input sum a loss. */
class ScaleShift extends layers.Layer<Output, Output, [InputValue]> {
  w: layers.LayerWeight | null = null;
  count: layers.LayerWeight | null = null;

  override build(inputShape: StaticShape): void {
    this.w = this.addWeight('w', [inputShape![inputShape!.length - 1]!], {
      initializer: ops.onesInitializer(), regularizer: l2(0.5) });
    this.count = this.addWeight('count', [], { dtype: DType.int32, trainable: false });
    this.addWeight('mean', [2], { synchronization: ops.VariableSynchronization.ON_READ,
      aggregation: ops.VariableAggregation.MEAN, initializer: ops.zerosInitializer() });
    this.addWeight('parts', [4, 3], { initializer: ops.constantInitializer(0.5), partitioner: ops.fixedSizePartitioner(2),
      regularizer: l2(0.25) });
  }

  override call(inputs: Output, shift: InputValue): Output {
    this.addUpdate(ops.assignAdd(this.count as Variable, 1));
    this.addLoss(ops.reduceSum(inputs));
    return ops.add(ops.mul(inputs, this.w!, 'mul'), shift, 'add');
  }

  /** TF1's `layer(inputs, shift, scope=scope)`. */
  applyInScope(scope: string, inputs: Output, shift: InputValue): Output {
    return this.callLayer(inputs, [shift], scope);
  }
}

/** A layer whose input spec wants two inputs: a float32 one of rank 2, then one of shape (?, 3). */
class NeedsPair extends layers.Layer<Output[], Output, []> {
  constructor(options: layers.LayerOptions) {
    super(options);
    this.inputSpec = [new layers.InputSpec({ dtype: DType.float32, ndim: 2 }), new layers.InputSpec({ shape: [null, 3] })];
  }

  override call(inputs: Output[]): Output {
    return ops.add(inputs[0], inputs[1], 'add');
  }
}

/** What the tests read of any layer. */
type AnyLayer = Pick<layers.Layer, 'name' | 'scopeName' | 'dtype' | 'built' | 'trainableWeights' | 'nonTrainableWeights' |
  'weights' | 'updates' | 'losses'>;
interface Built { fetch: Fetches; layers: Record<string, AnyLayer> }

/** The graphs of layers.py, built with the same calls in the same order. */
const GRAPHS: Record<string, () => Built> = {
  naming: () => {
    ops.setRandomSeed(1);
    const x = placeholder([null, 3], 'x');
    const a = layers.dense(x, 4);
    const b = layers.dense(a, 4);
    const same = layers.dense(x, 4, { name: 'dense', reuse: true });
    const hidden = layers.dense(x, 2, { name: 'hidden', activation: ops.nn.relu });
    const hiddenAgain = layers.dense(x, 2, { name: 'hidden', reuse: true, activation: ops.nn.relu });
    const hiddenAuto = layers.dense(x, 2, { name: 'hidden', reuse: ops.AUTO_REUSE });
    const proj = new layers.Dense(2, { name: 'proj' });
    const p1 = proj.apply(x);
    const p2 = proj.apply(sliceOf(a, [[null, null], [null, 3]]));
    const unnamed = new layers.Dense(3);
    const u = unnamed.apply(x);
    const [o, o2] = ops.variableScope('outer', () => [layers.dense(x, 2),
      getDefaultGraph().nameScope('inner', () => layers.dense(x, 2))]);
    const n = getDefaultGraph().nameScope('ns', () => layers.dense(x, 2));
    const model = (inputs: Output, reuse: boolean) => ops.variableScope('model', { reuse }, () =>
      layers.dense(layers.dense(inputs, 3, { activation: ops.nn.relu }), 1));
    const m1 = model(x, false);
    const m2 = model(ops.mul(x, 2, 'mul'), true);
    const [auto1, auto2] = ops.variableScope('auto', { reuse: ops.AUTO_REUSE }, () =>
      [layers.dense(x, 2, { reuse: ops.AUTO_REUSE }), layers.dense(x, 2, { reuse: ops.AUTO_REUSE })]);
    const r = ops.variableScope('res', { useResource: true }, () => layers.dense(x, 2));
    return {
      fetch: { a, b, same, hidden, hidden_again: hiddenAgain, hidden_auto: hiddenAuto, p1, p2, u, o, o2, n, m1, m2, auto1,
        auto2, r },
      layers: { proj, unnamed },
    };
  },

  dense_options: () => {
    const x = placeholder([null, 3], 'x');
    const full = new layers.Dense(4, { activation: ops.tanh, kernelInitializer: ops.constantInitializer(K),
      biasInitializer: ops.constantInitializer(0.1), kernelRegularizer: l2(0.1), biasRegularizer: l2(0.2),
      activityRegularizer: l2(0.05), kernelConstraint: (w) => ops.clipByValue(w, -0.5, 0.5) });
    const y = full.apply(x);
    const frozen = new layers.Dense(2, { useBias: false, kernelInitializer: ops.constantInitializer(0.25),
      trainable: false, name: 'frozen' });
    const z = frozen.apply(y);
    const seq = placeholder([null, 4, 3], 'seq');
    const stat = placeholder([2, 4, 3], 'static');
    const td = new layers.Dense(2, { kernelInitializer: ops.constantInitializer(K.map((row) => row.slice(0, 2))), name: 'td' });
    const t1 = td.apply(seq);
    const t2 = td.apply(stat);
    const x64 = placeholder([null, 3], 'x64', DType.float64);
    const d64 = new layers.Dense(2, { kernelInitializer: ops.constantInitializer(K.map((row) => row.slice(1, 3))),
      biasInitializer: ops.onesInitializer() });
    const y64 = d64.apply(x64);
    const cast = new layers.Dense(2, { dtype: DType.float64, kernelInitializer: ops.constantInitializer(0.5), name: 'cast' });
    const yc = cast.apply(x);
    return {
      fetch: { y, z, t1, t2, y64, yc, reg: ops.losses.getRegularizationLoss() },
      layers: { full, frozen, td, d64, cast },
    };
  },

  dropouts: () => {
    ops.setRandomSeed(3);
    const x = placeholder([4, 5], 'x');
    const training = placeholder([], 'training', DType.bool);
    const on = layers.dropout(x, { rate: 0.4, seed: 3, training: true });
    const off = layers.dropout(x, { rate: 0.4, training: false });
    const cond = layers.dropout(x, { rate: 0.5, noiseShape: [null, 1], seed: 5, training });
    const layer = new layers.Dropout({ rate: 0.3, noiseShape: [4, 5], seed: 7, name: 'drop' });
    const twice = [layer.apply(x, { training: true }), layer.apply(x, { training })];
    const unseeded = layers.dropout(x, { training: true, name: 'drop2' });
    return { fetch: { on, off, cond, twice, unseeded }, layers: { drop: layer } };
  },

  flattens: () => {
    const x = placeholder([null, 2, 3, 4], 'x');
    const last = layers.flatten(x);
    const first = layers.flatten(x, { dataFormat: 'channels_first', name: 'first' });
    const partial = placeholder([2, null, 3], 'partial');
    const unknown = placeholder([null, null, 3], 'unknown');
    const flat2 = layers.flatten(placeholder([null, 5], 'flat'));
    const vector = layers.flatten(placeholder([3], 'vector'));
    return {
      fetch: { last, first, partial: layers.flatten(partial), unknown: layers.flatten(unknown), flat2, vector }, layers: {},
    };
  },

  bn_fused: () => {
    const x = placeholder([null, 4, 4, 3], 'x');
    const training = placeholder([], 'training', DType.bool);
    const on = new layers.BatchNormalization();
    const yOn = on.apply(x, { training: true });
    const yOff = layers.batchNormalization(x, { training: false, name: 'off' });
    const yCond = layers.batchNormalization(x, { training, momentum: 0.9, epsilon: 0.01,
      gammaInitializer: ops.constantInitializer(1.5), movingVarianceInitializer: ops.constantInitializer(2) });
    const yPlain = layers.batchNormalization(x, { training, center: false, scale: false });
    return {
      fetch: { on: yOn, off: yOff, cond: yCond, plain: yPlain, stats: [on.movingMean!, on.movingVariance!] },
      layers: { on },
    };
  },

  bn_nchw: () => {
    const x = placeholder([null, 3, 4, 4], 'x');
    const training = placeholder([], 'training', DType.bool);
    const bn = new layers.BatchNormalization({ axis: 1 });
    return { fetch: { y: bn.apply(x, { training }) }, layers: { bn } };
  },

  bn_nonfused: () => {
    const x = placeholder([null, 3], 'x');
    const training = placeholder([], 'training', DType.bool);
    const on = layers.batchNormalization(x, { training: true });
    const off = layers.batchNormalization(x, { training: false });
    const condLayer = new layers.BatchNormalization({ momentum: 0.8, betaInitializer: ops.constantInitializer(0.5),
      gammaRegularizer: l2(0.1), betaConstraint: (b) => ops.mul(b, 0.5) });
    const cond = condLayer.apply(x, { training });
    const seq = placeholder([null, 3, 4], 'seq');
    const axis1 = new layers.BatchNormalization({ axis: 1 });
    const yAxis1 = axis1.apply(seq, { training });
    const twoAxes = layers.batchNormalization(seq, { axis: [1, 2], training, center: false });
    const img = placeholder([null, 4, 4, 3], 'img');
    const unfused = layers.batchNormalization(img, { fused: false, training, scale: false });
    const frozen = new layers.BatchNormalization({ trainable: false, name: 'frozen' });
    const yFrozen = frozen.apply(x, { training: true });
    return {
      fetch: { on, off, cond, axis1: yAxis1, two_axes: twoAxes, unfused, frozen: yFrozen,
        stats: [condLayer.movingMean!, condLayer.movingVariance!] },
      layers: { cond: condLayer, axis1, frozen },
    };
  },

  bn_special: () => {
    const x = placeholder([4, 3], 'x');
    const training = placeholder([], 'training', DType.bool);
    const ghost = new layers.BatchNormalization({ virtualBatchSize: 2 });
    const yGhost = ghost.apply(x, { training });
    const adjusted = layers.batchNormalization(x, { training, adjustment: (shape) => [
      ops.fill(sliceOf(shape, [[-1, null]]), 1.5), ops.fill(sliceOf(shape, [[-1, null]]), -0.25)] });
    const x64 = placeholder([null, 3], 'x64', DType.float64);
    const d64 = new layers.BatchNormalization();
    const y64 = d64.apply(x64, { training: true });
    const shared = layers.batchNormalization(x, { name: 'bn', training: true });
    const sharedAgain = layers.batchNormalization(ops.mul(x, 2, 'mul'), { name: 'bn', reuse: true, training: false });
    return {
      fetch: { ghost: yGhost, adjusted, y64, shared, shared_again: sharedAgain },
      layers: { ghost, d64 },
    };
  },

  custom: () => {
    const x = placeholder([null, 3], 'x');
    const layer = new ScaleShift();
    const first = layer.applyInScope('custom_scope', x, 1);
    const second = layer.apply(ops.mul(x, 2, 'mul'), ops.constant(-1));
    const pair = new NeedsPair({ name: 'pair' }).apply([x, x]);
    const frozen = new ScaleShift({ name: 'frozen' });
    frozen.apply(x, 0);
    frozen.trainable = false;
    // Shared variables made elsewhere, one not trainable: the layer tracks it as not trainable.
    ops.variableScope('pre', () => {
      ops.getVariable('kernel', { shape: [3, 2], trainable: false, initializer: ops.constantInitializer(0.5) });
      ops.getVariable('bias', { shape: [2], initializer: ops.zerosInitializer() });
    });
    const pre = new layers.Dense(2, { name: 'pre', reuse: true });
    return { fetch: { first, second, pair, pre: pre.apply(x) }, layers: { custom: layer, pair_frozen: frozen, pre } };
  },
};

/** What a layer says about itself, as layers.py records it (its losses made anew, last). */
function layerInfo(l: AnyLayer): LayerInfo {
  const names = (xs: Array<{ name: string }>) => xs.map((x) => x.name);
  const info = {
    name: l.name, scope_name: l.scopeName, dtype: l.dtype === null ? null : dtypeName(l.dtype), built: l.built,
    trainable_weights: names(l.trainableWeights), non_trainable_weights: names(l.nonTrainableWeights),
    weights: names(l.weights), updates: names(l.updates),
  };
  return { ...info, losses: names(l.losses) };
}

/** Float attrs as Python's json_format writes them: the shortest decimal giving back the float32. */
function pyFloats(x: unknown): unknown {
  const short = (v: unknown) => (typeof v === 'number' ? Number(formatFloat32(v)) : v);
  if (Array.isArray(x)) return x.map(pyFloats);
  if (x === null || typeof x !== 'object') return x;
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k,
    k === 'f' ? (Array.isArray(v) ? v.map(short) : short(v)) : pyFloats(v)]));
}

const shapeOf = (f: unknown): unknown => (f instanceof Output ? f.shape : f instanceof Variable ? f.shape
  : Array.isArray(f) ? f.map(shapeOf) : Object.fromEntries(Object.entries(f as object).map(([k, v]) => [k, shapeOf(v)])));

describe.each(Object.keys(GRAPHS))('%s', (name) => {
  const graph = new Graph();
  let built: Built;
  const want = fixture.graphs[name];

  it('has the ops, attrs and collections TF1 Python makes', () => {
    built = graph.asDefault(GRAPHS[name]);
    const { feeds, shapes, layers: layerInfos, ...expected } = want;
    void feeds;
    void layerInfos;
    const got = recordAll(graph, jsonOf);
    expect({ ...got, attrs: pyFloats(got.attrs) }).toEqual(expected);
    expect(shapeOf(built.fetch)).toEqual(shapes);
  });

  it('has layers that say what TF1 Python\'s say (names, scope names, weights, updates, losses)', () => {
    graph.asDefault(() => {
      for (const [key, layer] of Object.entries(built.layers)) expect([key, layerInfo(layer)]).toEqual([key, want.layers[key]]);
    });
  });

  it('gives the values TF1 Python gives', () => expectRunValues(graph, built.fetch, want.feeds, fixture.values[name]));
});

describe('training as TF1 Python does, with UPDATE_OPS as control dependencies of the train op', () => {
  const { xs, ys } = fixture.training;

  function mlp(training: Output): [Output, Output] {
    const x = placeholder([null, 5], 'x');
    let h = layers.dense(x, 6, { activation: ops.nn.relu, kernelRegularizer: l2(0.01) });
    h = layers.batchNormalization(h, { training, momentum: 0.9 });
    h = layers.dropout(h, { rate: 0.25, seed: 11, training });
    return [x, layers.dense(h, 1, { name: 'out', kernelConstraint: (w) => ops.clipByValue(w, -0.3, 0.3) })];
  }

  function convLike(training: Output): [Output, Output] {
    const x = placeholder([null, 2, 2, 5], 'x');
    const h = layers.batchNormalization(x, { training, momentum: 0.5 });
    return [x, layers.dense(layers.flatten(h), 1, { name: 'out' })];
  }

  /** The model, its loss and (unless only inference) the train op, as layers.py's `train` builds them. */
  function build(model: (training: Output) => [Output, Output], optimizer?: () => train.Optimizer) {
    ops.setRandomSeed(5);
    const isTraining = placeholder([], 'is_training', DType.bool);
    const [x, out] = model(isTraining);
    const y = placeholder([null, 1], 'y');
    const loss = ops.add(ops.reduceMean(ops.square(ops.sub(out, y, 'sub'))), ops.losses.getRegularizationLoss(), 'loss');
    const updateOps = getDefaultGraph().getCollection<Operation>(GraphKeys.UPDATE_OPS);
    const trainOp = optimizer && ops.controlDependencies(updateOps, () => optimizer().minimize(loss));
    return { isTraining, x, y, out, loss, updateOps, trainOp };
  }

  async function fit(model: (training: Output) => [Output, Output], optimizer: () => train.Optimizer, input: Json,
    want: Trained): Promise<void> {
    const graph = new Graph();
    await graph.asDefault(async () => {
      const { isTraining, x, y, out, loss, updateOps, trainOp } = build(model, () => {
        // The forward graph (the model and its loss) is TF1's op for op.
        expect(recordAll(getDefaultGraph(), jsonOf).ops).toEqual(want.forward.ops);
        return optimizer();
      });
      expect(updateOps.map((u) => u.name)).toEqual(want.update_ops);
      const sess = new Session(graph);
      await sess.run(ops.globalVariablesInitializer());
      const feed = new Map<Output, Tensor>([[x, Tensor.from(input as number[])], [y, Tensor.from(ys)],
        [isTraining, Tensor.from(true)]]);
      const losses: number[] = [];
      for (let i = 0; i < 5; i++) losses.push(((await sess.run([loss, trainOp!], feed))[0] as Tensor).toArray() as number);
      expectClose(losses, want.losses);
      const evals = await sess.run(out, new Map([[x, Tensor.from(input as number[])], [isTraining, Tensor.from(false)]]));
      expectClose(jsonOf(evals), want.eval);
      const vars = ops.globalVariables();
      const values = await sess.run(vars);
      expectClose(Object.fromEntries(vars.map((v, i) => [v.op.name, jsonOf(values[i])])), want.weights);
      await sess.close();
    });
  }

  it('dense (L2) → batch norm → dropout → dense (a constraint), with Momentum', () =>
    fit(mlp, () => new train.MomentumOptimizer(0.05, 0.9), xs, fixture.training.mlp));

  it('fused batch norm → flatten → dense, with GradientDescent', () => {
    const input = xs.map((row) => [0, 1].map((i) => [0, 1].map(() => row.map((v) => (i === 0 ? v : -v)))));
    return fit(convLike, () => new train.GradientDescentOptimizer(0.1), input, fixture.training.conv_like);
  });

  it('restores the checkpoint TF1 Python saved into layers built here, by name', async () => {
    const graph = new Graph();
    await graph.asDefault(async () => {
      const { isTraining, x, out } = build(mlp);
      const saver = new train.Saver();
      const sess = new Session(graph);
      await saver.restore(sess, CKPT);
      const got = await sess.run(out, new Map([[x, Tensor.from(xs)], [isTraining, Tensor.from(false)]]));
      expectClose(jsonOf(got), fixture.training.mlp.eval);
      const vars = ops.globalVariables();
      const values = await sess.run(vars);
      expectClose(Object.fromEntries(vars.map((v, i) => [v.op.name, jsonOf(values[i])])),
        Object.fromEntries(vars.map((v) => [v.op.name, fixture.training.mlp.weights[v.op.name]])));
      await sess.close();
    });
  });
});

describe('build errors', () => {
  const x = (shape: (number | null)[] | null = [null, 3], dtype = DType.float32) => placeholder(shape, 'x', dtype);
  const onRead = ops.VariableSynchronization.ON_READ;

  class ReturnsNone extends layers.Layer<Output, unknown, []> {
    override call(): unknown {
      return null;
    }
  }

  itThrowsTF1Errors(fixture.build_errors, {
    dense_units_none: () => new layers.Dense(null as unknown as number),
    dense_units_negative: () => layers.dense(x(), -1),
    dense_rank_1: () => layers.dense(x([3]), 2),
    dense_unknown_rank: () => layers.dense(x(null), 2),
    dense_last_dim_none: () => layers.dense(x([null, null]), 2),
    dense_int_input: () => layers.dense(x(undefined, DType.int32), 2),
    dense_wrong_last_dim: () => {
      const layer = new layers.Dense(2);
      layer.apply(x());
      layer.apply(placeholder([null, 4], 'x4'));
    },
    dense_dtype_mismatch: () => new layers.Dense(2, { dtype: DType.float64 }).apply(x([null, 2, 3])),
    dense_reuse_missing: () => layers.dense(x(), 2, { name: 'nope', reuse: true }),
    dense_reuse_default_name: () => layers.dense(x(), 2, { reuse: true }),
    dense_exists: () => {
      layers.dense(x(), 2, { name: 'd' });
      layers.dense(x(), 2, { name: 'd' });
    },
    dropout_rate: () => layers.dropout(x(), { rate: 1.5, training: true }),
    dropout_int_input: () => layers.dropout(x(undefined, DType.int32), { training: true }),
    flatten_data_format: () => new layers.Flatten({ dataFormat: 'nchw' as 'channels_first' }),
    bn_axis_type: () => new layers.BatchNormalization({ axis: 1.5 }),
    bn_invalid_axis: () => layers.batchNormalization(x(), { axis: 2 }),
    bn_duplicate_axis: () => layers.batchNormalization(x(), { axis: [1, -1] }),
    bn_undefined_rank: () => layers.batchNormalization(x(null)),
    bn_scalar: () => layers.batchNormalization(x([])),
    bn_undefined_axis_dim: () => layers.batchNormalization(x([null, null])),
    bn_virtual_batch_axis_0: () => layers.batchNormalization(x(), { axis: 0, virtualBatchSize: 2 }),
    bn_virtual_batch_size_0: () => layers.batchNormalization(x(), { virtualBatchSize: 0 }),
    bn_virtual_batch_adjustment: () => layers.batchNormalization(x(), { virtualBatchSize: 2,
      adjustment: (s) => [ops.ones(sliceOf(s, [[-1, null]])), ops.zeros(sliceOf(s, [[-1, null]]))] }),
    bn_wrong_rank: () => {
      const layer = new layers.BatchNormalization();
      layer.apply(x());
      layer.apply(placeholder([null, 3, 2], 'x3'));
    },
    scope_name_before_call: () => new layers.Dense(2).scopeName,
    add_weight_on_read_trainable: () => new layers.Layer({ name: 'l' }).addWeight('w', [2],
      { trainable: true, synchronization: onRead }),
    add_weight_string: () => new layers.Layer({ name: 'l' }).addWeight('s', [2], { dtype: DType.string }),
    call_returns_none: () => new ReturnsNone({ name: 'none' }).apply(x()),
    spec_count: () => new NeedsPair({ name: 'pair' }).apply(x() as unknown as Output[]),
    spec_dtype: () => new NeedsPair({ name: 'pair' }).apply([x(undefined, DType.float64), x()]),
    spec_ndim: () => new NeedsPair({ name: 'pair' }).apply([x([3]), x()]),
    spec_shape: () => new NeedsPair({ name: 'pair' }).apply([x(), placeholder([2, 4], 'y')]),
    spec_axes_max: () => new layers.InputSpec({ ndim: 2, axes: { 2: 3 } }),
  });

  it('batch renormalization is not here: a NotImplementedError, not a different graph', () => {
    expect(() => new layers.BatchNormalization({ renorm: true })).toThrow(NotImplementedError);
  });
});
