/**
 * BAD CALL: misuse of the graph-building functions (found by sweeping every exported function with
 * hostile arguments). Each case must throw TF1's error class and message, not an internal JS error.
 */
import { DType, Graph, Output, Session, ValueError, layers, ops, train } from '../lib';

/** The error `fn` throws when run in a fresh default graph; fails the test if it throws nothing. */
function thrown(fn: (x: Output) => unknown): Error {
  const g = new Graph();
  try {
    g.asDefault(() => fn(ops.constant([1, 2])));
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

const bad = <T>(v: unknown) => v as T;

describe('BAD CALL - a name that is not a string', () => {
  const cases: Array<[string, (x: Output) => unknown, string]> = [
    ['tf.abs(x, name=5)', (x) => ops.abs(x, bad(5)), 'int'],
    ['tf.exp(x, name=1.5)', (x) => ops.math.exp(x, bad({ name: 1.5 })), 'float'],
    ['tf.constant(1, name=True)', () => ops.constant(1, { name: bad(true) }), 'bool'],
    ['tf.zeros([2], name=[])', () => ops.zeros([2], DType.float32, bad([])), 'list'],
  ];
  it.each(cases)('%s: TypeError as Python\'s name-scope regex raises', (_what, fn, type) => {
    const e = thrown(fn);
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(`expected string or bytes-like object, got '${type}'`);
  });
});

describe('BAD CALL - None (undefined / null) where a tensor is required', () => {
  const cases: Array<[string, (x: Output) => unknown, Function, string]> = [
    ['tf.convert_to_tensor(None)', () => ops.convertToTensor(bad(null)), ValueError, 'None values not supported.'],
    ['tf.abs(None)', () => ops.abs(bad(undefined)), ValueError, 'None values not supported.'],
    ['tf.add(x, None)', (x) => ops.add(x, bad(null)), ValueError,
      "Tried to convert 'y' to a tensor and failed. Error: None values not supported."],
    ['tf.gather(None, [1])', () => ops.gather(bad(undefined), [1]), ValueError,
      "Tried to convert 'params' to a tensor and failed. Error: None values not supported."],
    ['tf.gather_nd(None, [0])', () => ops.gatherNd(bad(undefined), [0]), ValueError,
      "Tried to convert 'params' to a tensor and failed. Error: None values not supported."],
    ['tf.layers.dense(None, 2)', () => layers.dense(bad(undefined), 2), ValueError, 'None values not supported.'],
    ['tf.concat(None, 0)', () => ops.concat(bad(undefined), 0), ValueError,
      "Tried to convert 'input' to a tensor and failed. Error: None values not supported."],
    ['tf.add_n(None)', () => ops.addN(bad(null)), TypeError, "'NoneType' object is not iterable"],
    ['tf.add_n([])', () => ops.addN([]), ValueError,
      'Inputs must be an iterable of at least one Tensor/IndexedSlices with the same dtype and shape.'],
  ];
  it.each(cases)('%s', (_what, fn, cls, message) => {
    const e = thrown(fn);
    expect(e).toBeInstanceOf(cls);
    expect(e.message).toBe(message);
  });

  it('a non-list value to tf.concat is wrapped in a list, as in Python', () => {
    const g = new Graph();
    const y = g.asDefault(() => ops.concat(bad(ops.constant([1, 2])), 0));
    expect(y.op.type).toBe('Identity');
    const sess = new Session(g);
    try {
      expect((sess.runSync(y) as { toArray(): unknown }).toArray()).toEqual([1, 2]);
    } finally {
      sess.close();
    }
  });
});

describe('BAD CALL - an optimizer named by a number', () => {
  it('minimize: TypeError from the name scope, as TF1 raises it', () => {
    const e = thrown(() => {
      const v = ops.getVariable('v', { shape: [2] });
      new train.GradientDescentOptimizer(0.1, bad({ name: 5 })).minimize(ops.reduceSum(v));
    });
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe("`default_name` type (<class 'int'>) is not a string type. You likely meant to pass this " +
      'into the `values` kwarg.');
  });
});
