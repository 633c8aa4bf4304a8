/**
 * Variables as TF1 has them (ref and resource), getVariable with variable scopes, the
 * initialization helpers, and the global step of training_util (with its shared read tensor).
 */
import { DType, Graph, GraphKeys, Output, Session, Tensor, ValueError, ops, train } from '../lib';
import { addLogHandler } from '../lib/training/tf_logging';

let g: Graph;
let sess: Session | undefined;
beforeEach(() => { g = new Graph(); });
afterEach(async () => { await sess?.close(); sess = undefined; });
const session = () => (sess = new Session(g));

describe.each([['ref', false], ['resource', true]] as const)('%s Variable', (kind, useResource) => {
  test('names, properties and collections', () => {
    g.asDefault(() => {
      const v = new ops.Variable([[1, 2], [3, 4]], { name: 'w', useResource });
      expect(v.name).toBe('w:0');
      expect(v.dtype).toBe(DType.float32);
      expect(v.shape).toEqual([2, 2]);
      expect(v.op.type).toBe(useResource ? 'VarHandleOp' : 'VariableV2');
      expect(v.initializer.name).toBe('w/Assign');
      expect(v.initialValue!.name).toBe(useResource ? 'w/Initializer/initial_value:0' : 'w/initial_value:0');
      expect(v.value().name).toBe(useResource ? 'ReadVariableOp:0' : 'w/read:0');
      expect(v.toString()).toBe(`<tf.Variable 'w:0' shape=(2, 2) dtype=float32${useResource ? '' : '_ref'}>`);
      expect(ops.globalVariables()).toEqual([v]);
      expect(ops.trainableVariables()).toEqual([v]);
      const local = new ops.Variable(0, { name: 'n', trainable: false, collections: [GraphKeys.LOCAL_VARIABLES], useResource });
      expect(ops.localVariables()).toEqual([local]);
      expect(ops.trainableVariables()).toEqual([v]);
      expect(new ops.Variable(1, { name: 'w', useResource }).name).toBe('w_1:0');
    });
  });

  test('initializes, reads, assigns, and fetches as its value', async () => {
    const { v, a, add, sub, isInit, report } = g.asDefault(() => {
      const v = new ops.Variable([1, 2], { name: 'v', useResource });
      return {
        v, a: v.assign([10, 20]), add: v.assignAdd([1, 1]), sub: v.assignSub([2, 2]),
        isInit: ops.isVariableInitialized(v),
        report: ops.reportUninitializedVariables(),
      };
    });
    const s = session();
    expect((await s.run(isInit)).item()).toBe(false);
    expect((await s.run(report)).toArray()).toEqual([new TextEncoder().encode('v')]);
    await s.run(g.asDefault(() => ops.globalVariablesInitializer()));
    expect((await s.run(report)).shape).toEqual([0]);
    expect((await s.run(v)).toArray()).toEqual([1, 2]);
    expect((await s.run(a)).toArray()).toEqual([10, 20]);
    expect((await s.run(add)).toArray()).toEqual([11, 21]);
    expect((await s.run(sub)).toArray()).toEqual([9, 19]);
    expect((await s.run(g.asDefault(() => v.readValue()))).toArray()).toEqual([9, 19]);
  });

  test('VariableDef round trip', () => {
    g.asDefault(() => {
      const v = new ops.Variable(ops.zeros([3]), { name: 'w', useResource });
      const def = v.toVariableDef()!;
      expect(def.variableName).toBe('w:0');
      expect(def.snapshotName).toBe(useResource ? 'w/Read/ReadVariableOp:0' : 'w/read:0');
      expect(def.isResource).toBe(useResource);
      const back = ops.Variable.fromVariableDef(def, { graph: g });
      expect(back.op).toBe(v.op);
      expect(back.initializer).toBe(v.initializer);
      expect(back.toVariableDef()).toEqual(def);
      expect(v.toVariableDef('other')).toBeNull();
      void kind;
    });
  });
});

describe('Variable errors', () => {
  test('missing initial value and unknown shapes', () => {
    g.asDefault(() => {
      expect(() => new ops.Variable(undefined as never)).toThrow(new ValueError('initial_value must be specified.'));
      const p = ops.placeholder(DType.float32, [null], 'p');
      expect(() => new ops.Variable(p)).toThrow(/^initial_value must have a shape specified: /);
      expect(new ops.Variable(p, { validateShape: false }).shape).toBeNull();
    });
  });
});

describe('getVariable and variable scopes', () => {
  test('shares under reuse and raises TF1 errors otherwise', () => {
    g.asDefault(() => {
      const w = ops.variableScope('layer', () => ops.getVariable('w', { shape: [2] }));
      expect(w.name).toBe('layer/w:0');
      expect(ops.variableScope('layer', { reuse: true }, () => ops.getVariable('w'))).toBe(w);
      expect(ops.variableScope('layer', { reuse: ops.AUTO_REUSE }, () => ops.getVariable('w', { shape: [2] }))).toBe(w);
      expect(() => ops.variableScope('layer', () => ops.getVariable('w', { shape: [2] }))).toThrow(new ValueError(
        'Variable layer/w already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?'));
      expect(() => ops.variableScope('layer', { reuse: true }, () => ops.getVariable('x'))).toThrow(new ValueError(
        'Variable layer/x does not exist, or was not created with tf.get_variable(). Did you mean to set ' +
        'reuse=tf.AUTO_REUSE in VarScope?'));
      expect(() => ops.variableScope('layer', { reuse: true }, () => ops.getVariable('w', { shape: [3] }))).toThrow(
        new ValueError('Trying to share variable layer/w, but specified shape (3,) and found shape (2,).'));
      expect(() => ops.variableScope('layer', { reuse: true }, () => ops.getVariable('w', { dtype: DType.float64 })))
        .toThrow(new ValueError('Trying to share variable layer/w, but specified dtype float64 and found dtype float32.'));
      expect(() => ops.getVariable('noshape')).toThrow(new ValueError(
        'Shape of a new variable (noshape) must be fully defined, but instead was <unknown>.'));
      expect(() => ops.getVariable('c', { shape: [2], initializer: ops.constant([1, 2]) })).toThrow(
        new ValueError('If initializer is a constant, do not specify shape.'));
    });
  });

  test('scope initializer, default initializers by dtype, nested scopes', async () => {
    const vars = g.asDefault(() => ops.variableScope('outer', { initializer: ops.onesInitializer() }, () => [
      ops.getVariable('a', { shape: [2] }),
      ops.variableScope('inner', () => ops.getVariable('b', { shape: [1] })),
      ops.getVariable('i', { shape: [2], dtype: DType.int32, initializer: undefined }),
      ops.getVariable('t', { initializer: ops.constant([5, 6]) }),
    ]));
    expect(vars.map((v) => v.name)).toEqual(['outer/a:0', 'outer/inner/b:0', 'outer/i:0', 'outer/t:0']);
    const s = session();
    await s.run(g.asDefault(() => ops.globalVariablesInitializer()));
    expect((await s.run(vars)).map((t) => t.toArray())).toEqual([[1, 1], [1], [1, 1], [5, 6]]);
  });
});

describe('global step', () => {
  test('create, get, and TF1 errors', async () => {
    g.asDefault(() => {
      expect(train.getGlobalStep()).toBeNull();
      const gs = train.createGlobalStep();
      expect(gs.name).toBe('global_step:0');
      expect(gs.dtype).toBe(DType.int64);
      expect(gs.trainable).toBe(false);
      expect(g.getCollection(GraphKeys.GLOBAL_STEP)).toEqual([gs]);
      expect(train.getOrCreateGlobalStep()).toBe(gs);
      expect(() => train.createGlobalStep()).toThrow(new ValueError('"global_step" already exists.'));
    });
    const s = session();
    await s.run(g.operation('global_step/Assign'));
    expect(await train.globalStep(s, train.getGlobalStep(g)!)).toBe(0);
  });

  test('validation of what is in the collection', () => {
    const check = (item: unknown) => {
      const h = new Graph();
      return () => h.asDefault(() => {
        h.addToCollection(GraphKeys.GLOBAL_STEP, item instanceof Function ? item() : item);
        return train.getGlobalStep();
      });
    };
    expect(check('gs')).toThrow(new TypeError('Existing "global_step" must be a Variable or Tensor: gs.'));
    expect(check(() => new ops.Variable(1.5))).toThrow(
      new TypeError('Existing "global_step" does not have integer type: <dtype: \'float32\'>'));
    expect(check(() => new ops.Variable(Tensor.from([1n, 2n])))).toThrow(
      new TypeError('Existing "global_step" is not scalar: (2,)'));
  });

  test('several in the collection log an error and give null', () => {
    const lines: string[] = [];
    const off = addLogHandler((r) => lines.push(r.msg));
    try {
      g.asDefault(() => {
        g.addToCollection(GraphKeys.GLOBAL_STEP, new ops.Variable(Tensor.from(0n)));
        g.addToCollection(GraphKeys.GLOBAL_STEP, new ops.Variable(Tensor.from(0n)));
        expect(train.getGlobalStep()).toBeNull();
      });
    } finally {
      off();
    }
    expect(lines).toContain('Multiple tensors in global_step collection.');
  });

  test('the shared read tensor gives the initial value before init, and precedes incrementGlobalStep', async () => {
    const { read, inc } = g.asDefault(() => {
      train.getOrCreateGlobalStep();
      const r = train.getOrCreateGlobalStepRead()!;
      expect(train.getOrCreateGlobalStepRead()).toBe(r);
      expect(r.name).toBe('global_step/add:0');
      expect(g.getCollection(train.GLOBAL_STEP_READ_KEY)).toEqual([r]);
      return { read: r, inc: train.incrementGlobalStep(1) as Output };
    });
    // Ordered after the read (through its `value` input, as in TF1).
    expect(inc.op.inputs[1].op.controlInputs.map((o) => o.name)).toEqual(['global_step/add']);
    const s = session();
    expect((await s.run(read)).item()).toBe(0n);
    await s.run(g.operation('global_step/Assign'));
    for (let i = 0; i < 3; i++) {
      const [r, after] = await s.run([read, inc]);
      expect(r.item()).toBe(BigInt(i));
      expect(after.item()).toBe(BigInt(i + 1));
    }
  });

  test('incrementGlobalStep without a global step', () => {
    g.asDefault(() => expect(() => train.incrementGlobalStep()).toThrow(new ValueError(
      'Global step tensor should be created by tf.train.get_or_create_global_step before calling increment.')));
  });
});
