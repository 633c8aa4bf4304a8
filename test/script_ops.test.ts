/**
 * JS functions in the graph (TF1's tf.py_func, tf.numpy_function, tf.py_function) against TF1
 * Python (scripts/graph_fixtures/script_ops.py): the same PyFunc / PyFuncStateless / EagerPyFunc
 * ops (tokens numbered per graph on both sides), unknown shapes, name scopes, run values, the
 * run errors of py_func.cc, a tf.data map ended by the function, non-differentiability. Then what
 * only JS has: runSync, Promises, concurrent runs, JS error classes, training through
 * MonitoredSession, function lifetimes, worker threads and teardown with calls pending.
 */
import { DType, Graph, getDefaultGraph, NotImplementedError, Operation, Output, Session, Tensor, ValueError, data, errors, ops, train } from '../lib';
import * as raw from '../lib/ops/gen/raw_ops';
import { recordAll, loadGraphFixture } from './helpers/graph_record';
import { FixtureGraph, Json, expectClose, expectRunValues, jsonOf, staticShapesOf } from './helpers/fixture_values';
import { gcUntil, lastJson, runNodeScript } from './helpers/core';

interface RunError { class: string; node: string; message: string }
interface Fixture {
  graphs: Record<string, FixtureGraph>;
  values: Record<string, Json[]>;
  run_errors: Record<string, RunError>;
  dataset: { values: number[]; shape: null; error: string };
  gradients: Record<string, boolean[]>;
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('script_ops.json');
const X = Tensor.from([1.5, -2.0, 3.0], { dtype: DType.float32 });

const f32 = (t: Tensor) => t.data as Float32Array;
const map32 = (t: Tensor, f: (v: number) => number) => Tensor.from(f32(t).map(f));
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

const GRAPHS: Record<string, () => Record<string, Output | Output[]>> = {
  basic: () => {
    const x = ops.placeholder(DType.float32, [3], 'x');
    return {
      double: ops.pyFunc((a) => map32(a, (v) => v * 2), [x], DType.float32),
      stateless: ops.pyFunc((a) => map32(a, (v) => v + 1), [x], DType.float32, { stateful: false }),
      named: ops.pyFunc((a) => map32(a, (v) => -v), [x], DType.float32, { name: 'negate' }),
      numpy: ops.numpyFunction((a) => map32(a, (v) => v * v), [x], DType.float32),
      eager: ops.pyFunction((a) => map32(a, (v) => v * 3), [x], DType.float32),
    };
  },
  lists: () => {
    const x = ops.placeholder(DType.float32, [3], 'x');
    const n = ops.placeholder(DType.int32, [], 'n');
    const pair = ops.pyFunc((a, b) => [map32(a, (v) => v - 1), Tensor.from(Number(b.item()) * 2, { dtype: DType.int32 })],
      [x, n], [DType.float32, DType.int32]);
    const single = ops.pyFunc((a) => [a], [x], [DType.float32]);
    const eager = ops.pyFunction((a, b) => [a, Number(b.item()) + 1], [x, n], [DType.float32, DType.int32], { name: 'both' });
    const none = ops.pyFunc(() => undefined, [x], []);
    const mixed = ops.pyFunc((a, b, c) => Tensor.from(f32(a).map((v, i) => v + f32(b)[i] + Number(c.item()))),
      [x, x, Tensor.from(1, { dtype: DType.float32 })], DType.float32);
    const after = getDefaultGraph().controlDependencies([none], () => ops.identity(x));
    return { pair, single, eager, mixed, after };
  },
  strings: () => {
    const s = ops.placeholder(DType.string, [2], 's');
    const words = (t: Tensor) => (t.data as Uint8Array[]).map(text);
    return {
      upper: ops.pyFunc((a) => Tensor.from(words(a).map((w) => w.toUpperCase()), { dtype: DType.string }), [s], DType.string),
      length: ops.pyFunc((a) => Tensor.from([words(a).join('').length], { dtype: DType.int64, shape: [] }), [s], DType.int64),
      scalar: ops.pyFunc((a) => `${words(a)[0]}!`, [s], DType.string),
    };
  },
  scopes: () => {
    const x = ops.placeholder(DType.float32, [3], 'x');
    return getDefaultGraph().nameScope('outer', () => ({
      a: ops.pyFunc((v) => v, [x], DType.float32),
      b: ops.pyFunc((v) => v, [x], DType.float32, { name: 'f' }),
      c: ops.pyFunction((v) => v, [x], DType.float32, { name: 'f' }),
    }));
  },
  chained: () => {
    const x = ops.placeholder(DType.float32, [3], 'x');
    const y = ops.pyFunc((a) => map32(a, (v) => v * 2), [x], DType.float32);
    const z = ops.pyFunc((a) => map32(a, (v) => v + 1), [y], DType.float32);
    return { z, sum: ops.add(ops.reduceSum(z), 1.0, 'add') };
  },
};

/** `text` with each token replaced by its number among those seen so far (first seen, first), as the fixture's. */
function renumber(s: string, tokens: Map<string, string>): string {
  return s.replace(/pyfunc_\d+/g, (t) => {
    if (!tokens.has(t)) tokens.set(t, `pyfunc_${tokens.size}`);
    return tokens.get(t)!;
  });
}

/** A graph's record with its tokens numbered per graph, in the order of their ops. */
function recordNumbered(graph: Graph): Record<string, unknown> {
  const rec = recordAll(graph, jsonOf) as unknown as { attrs: Record<string, Record<string, { s?: string }>> };
  const tokens = new Map<string, string>();
  for (const attrs of Object.values(rec.attrs)) {
    if (!attrs.token) continue;
    const token = Buffer.from(attrs.token.s!, 'base64').toString();
    expect(token).toMatch(/^pyfunc_\d+$/);
    attrs.token.s = Buffer.from(renumber(token, tokens)).toString('base64');
  }
  return rec;
}

describe.each(Object.keys(GRAPHS))('%s', (name) => {
  const graph = new Graph();
  let fetch: Record<string, Output | Output[]>;
  const want = fixture.graphs[name];

  it('has the ops and attrs TF1 Python makes (tokens as its registry names them)', () => {
    fetch = graph.asDefault(GRAPHS[name]);
    const { feeds: _feeds, shapes, ...expected } = want;
    expect(recordNumbered(graph)).toEqual(expected);
    expect(staticShapesOf(fetch)).toEqual(shapes);
  });

  it('gives the values TF1 Python gives', () => expectRunValues(graph, fetch, want.feeds, fixture.values[name]));
});

describe('run errors', () => {
  const fail = (e: Error) => () => { throw e; };
  const CASES: Record<string, (x: Output) => Output | Output[]> = {
    value_error: (x) => ops.pyFunc(fail(new ValueError('bad value')), [x], DType.float32),
    type_error: (x) => ops.pyFunc(fail(new TypeError('bad type')), [x], DType.float32),
    not_implemented: (x) => ops.pyFunc(fail(new NotImplementedError('later')), [x], DType.float32),
    other_error: (x) => ops.pyFunc(fail(new Error("'k'")), [x], DType.float32),
    wrong_dtype: (x) => ops.pyFunc((a) => new Float64Array(f32(a)), [x], DType.float32),
    too_many: (x) => ops.pyFunc((a) => [a, a], [x], DType.float32),
    none_for_one: (x) => ops.pyFunc(() => null, [x], DType.float32),
    second_dtype: (x) => ops.pyFunc((a) => [a, a], [x], [DType.float32, DType.int32]),
    eager_wrong_count: (x) => ops.pyFunction(() => undefined, [x], DType.float32),
  };
  // Python's KeyError is JS's plain Error here: both are "any other exception".
  const jsMessage = (name: string, m: string) => (name === 'other_error' ? m.replace('KeyError', 'Error') : m);

  it.each(Object.keys(fixture.run_errors))('%s: the class and message of py_func.cc', async (name) => {
    const want = fixture.run_errors[name];
    const g = new Graph();
    const fetch = g.asDefault(() => CASES[name](ops.constant(X, { name: 'x' })));
    const sess = new Session(g);
    for (const run of [() => sess.run(fetch), async () => sess.runSync(fetch)]) {
      const e = await run().then(() => null, (err: Error) => err);
      expect(e?.constructor.name).toBe(want.class);
      expect((e as errors.OpError).op).toBe(want.node);
      expect(renumber(e!.message.split('\n')[0], new Map())).toBe(jsMessage(name, want.message));
    }
    await sess.close();
  });

  it('RangeError is an InvalidArgumentError; an OpError keeps its class; anything thrown is an UnknownError', async () => {
    const g = new Graph();
    const [r, o, s] = g.asDefault(() => {
      const x = ops.constant(X);
      return [
        ops.pyFunc(() => { throw new RangeError('out'); }, [x], DType.float32),
        ops.pyFunc(() => { throw new errors.NotFoundError('missing thing'); }, [x], DType.float32),
        ops.pyFunc(() => { throw 'a string'; }, [x], DType.float32), // eslint-disable-line no-throw-literal
      ];
    });
    const sess = new Session(g);
    await expect(sess.run(r)).rejects.toThrow(errors.InvalidArgumentError);
    await expect(sess.run(r)).rejects.toThrow(/^RangeError: out\n {4}at /);
    await expect(sess.run(o)).rejects.toThrow(errors.NotFoundError);
    await expect(sess.run(o)).rejects.toThrow(/^missing thing/);
    await expect(sess.run(s)).rejects.toThrow(errors.UnknownError);
    await expect(sess.run(s)).rejects.toThrow(/^a string/);
    await sess.close();
  });

  it('EXPECTED FAILURE - a token no function has: InvalidArgumentError, as FuncRegistry\'s ValueError', async () => {
    const g = new Graph();
    const y = g.asDefault(() => raw.pyFunc({ input: [ops.constant(X)], token: 'pyfunc_999999999', Tout: [DType.float32] })[0]);
    const sess = new Session(g);
    await expect(sess.run(y)).rejects.toThrow(errors.InvalidArgumentError);
    await expect(sess.run(y)).rejects.toThrow(/^ValueError: Could not find callback with key=pyfunc_999999999 in the registry\./);
    await sess.close();
  });
});

describe('tf.data', () => {
  it('a map through pyFunc gives TF1\'s elements; OutOfRangeError from the function ends it as StopIteration does', async () => {
    const g = new Graph();
    const next = g.asDefault(() => data.Dataset.range(6).map((i: Output) => ops.pyFunc((v) => {
      if (Number(v.item()) >= 3) throw new errors.OutOfRangeError('no more');
      return Tensor.from(BigInt(v.item() as bigint) * 10n, { dtype: DType.int64 });
    }, [i], DType.int64)).makeOneShotIterator().getNext() as Output);
    expect(staticShapesOf(next)).toEqual(fixture.dataset.shape);
    const sess = new Session(g);
    const got: number[] = [];
    const e = await (async () => {
      for (;;) got.push(Number((await sess.run(next)).item()));
    })().catch((err: Error) => err);
    expect(e.constructor.name).toBe(fixture.dataset.error);
    expect(got).toEqual(fixture.dataset.values);
    await sess.close();
  });

  it('runSync of a parallel map: tf.data\'s threads call the function while the JS thread waits in the run', () => {
    const g = new Graph();
    const next = g.asDefault(() => data.Dataset.range(40)
      .map((i: Output) => ops.pyFunc((v) => Tensor.from(Number(v.item()) * 2, { dtype: DType.int64 }), [i], DType.int64),
        { numParallelCalls: 4 })
      .batch(40).makeOneShotIterator().getNext() as Output);
    const sess = new Session(g);
    expect(Array.from(sess.runSync(next).data as BigInt64Array, Number)).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
    void sess.close();
  });
});

describe('gradients', () => {
  it.each(Object.keys(fixture.gradients))('%s is not differentiable, as TF1 registers it', (name) => {
    const g = new Graph();
    const grads = g.asDefault(() => {
      const x = ops.constant(X);
      const y = ops.pyFunc((a) => a, [x], DType.float32, { stateful: name === 'py_func' });
      return ops.gradients(y, x);
    });
    expect(grads.map((v) => v === null)).toEqual(fixture.gradients[name]);
  });

  it('a loss fed by a pyFunc trains through MonitoredSession until the pipeline ends', async () => {
    // Targets 2 * i from the function; w -> minimise (w - t)^2 by plain gradient descent.
    const g = new Graph();
    const w = [0];
    const losses: number[] = [];
    await g.asDefault(async () => {
      const t = data.Dataset.range(5).map((i: Output) => ops.pyFunc((v) => Tensor.from(Number(v.item()) * 2, { dtype: DType.float32 }),
        [i], DType.float32, { stateful: false })).makeOneShotIterator().getNext() as Output;
      const v = new ops.Variable(0.0, { name: 'w' });
      const loss = ops.square(ops.sub(v.value(), t));
      const step = new train.GradientDescentOptimizer(0.25).minimize(loss);
      await train.withMonitoredSession(train.MonitoredSession.create(), async (s) => {
        while (!s.shouldStop()) {
          const [, l] = await s.run([step, loss]);
          losses.push(Number((l as Tensor).item()));
        }
        expect(s.shouldStop()).toBe(true);
      });
      void v;
    });
    // By hand: w <- w - 0.25 * 2 (w - t) = (w + t) / 2 for t = 0, 2, 4, 6, 8.
    const want: number[] = [];
    for (const t of [0, 2, 4, 6, 8]) {
      want.push((w[0] - t) ** 2);
      w[0] = (w[0] + t) / 2;
    }
    expectClose(losses, want);
  });
});

describe('JS only', () => {
  it('a Promise returned is awaited by run(); runSync fails with FailedPreconditionError', async () => {
    const g = new Graph();
    const y = g.asDefault(() => ops.pyFunc(async (a) => {
      await new Promise((r) => setTimeout(r, 5));
      return map32(a, (v) => v + 10);
    }, [ops.constant(X)], DType.float32));
    const sess = new Session(g);
    expect(Array.from(f32(await sess.run(y)))).toEqual([11.5, 8, 13]);
    expect(() => sess.runSync(y)).toThrow(errors.FailedPreconditionError);
    expect(() => sess.runSync(y)).toThrow(/returned a Promise, which a run that blocks the JS thread \(runSync\) cannot wait for/);
    const rejected = g.asDefault(() => ops.pyFunc(async () => { throw new ValueError('later'); }, [ops.constant(X)], DType.float32));
    await expect(sess.run(rejected)).rejects.toThrow(errors.InvalidArgumentError);
    await expect(sess.run(rejected)).rejects.toThrow(/^ValueError: later/);
    await sess.close();
  });

  it('several functions in one graph and many concurrent runs each get their own inputs', async () => {
    const g = new Graph();
    const calls: number[] = [];
    const { x, y, a } = g.asDefault(() => {
      const xp = ops.placeholder(DType.float32, [], 'x');
      const a = ops.pyFunc((v) => { calls.push(Number(v.item())); return map32(v, (u) => u + 1); }, [xp], DType.float32);
      const b = ops.pyFunc(async (v) => map32(v, (u) => u * 10), [xp], DType.float32);
      return { x: xp, y: ops.add(a, b), a };
    });
    const sess = new Session(g);
    const got = await Promise.all(Array.from({ length: 50 }, (_, i) => sess.run(y, new Map([[x, Tensor.from(i, { dtype: DType.float32 })]]))));
    expect(got.map((t) => t.item())).toEqual(Array.from({ length: 50 }, (_, i) => i + 1 + i * 10));
    expect(calls.sort((p, q) => p - q)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(sess.runSync(a, new Map([[x, Tensor.from(2, { dtype: DType.float32 })]])).item()).toBe(3);
    await sess.close();
  });

  it('host values take their output\'s dtype: a Uint8Array as bools, numbers as int64, a thenable awaited', async () => {
    const g = new Graph();
    const [b, i, t] = g.asDefault(() => {
      const x = ops.constant(X);
      return [
        ops.pyFunc(() => Uint8Array.from([1, 0, 1]), [x], DType.bool),
        ops.pyFunc((a) => a.size * 1000, [x], DType.int64),
        ops.pyFunc(() => ({ then: (resolve: (v: unknown) => void) => resolve('done') }), [x], DType.string),
      ];
    });
    const sess = new Session(g);
    const [bv, iv, tv] = await sess.run([b, i, t]) as Tensor[];
    expect(bv.toArray()).toEqual([true, false, true]);
    expect(iv.dtype).toBe(DType.int64);
    expect(iv.item()).toBe(3000n);
    expect(text(tv.item() as Uint8Array)).toBe('done');
    await sess.close();
  });

  it('the function gets its own copy of its inputs: writing to them does not change the graph\'s tensors', async () => {
    const g = new Graph();
    const { c, y } = g.asDefault(() => {
      const cc = ops.constant(X);
      return { c: cc, y: ops.pyFunc((a) => { f32(a).fill(0); return a; }, [cc], DType.float32) };
    });
    const sess = new Session(g);
    const [yv, cv] = await sess.run([y, c]) as Tensor[];
    expect(Array.from(f32(yv))).toEqual([0, 0, 0]);
    expect(Array.from(f32(cv))).toEqual([1.5, -2, 3]);
    await sess.close();
  });

  it('tokens are unique: a second pyFunc of the same function gets a new one; an empty Tout gives the op', () => {
    const g = new Graph();
    const fn = (a: Tensor) => a;
    const [a, b, op] = g.asDefault(() => [ops.pyFunc(fn, [ops.constant(X)], DType.float32),
      ops.pyFunc(fn, [ops.constant(X)], DType.float32), ops.pyFunc(fn, [], [])]);
    const token = (o: Operation) => Buffer.from(o.getAttr('token') as Uint8Array).toString();
    expect(token((a as Output).op)).not.toBe(token((b as Output).op));
    expect(op).toBeInstanceOf(Operation);
  });

  it('functions live as long as their graph (graph._py_funcs_used_in_graph), no longer', async () => {
    const g = new Graph();
    const y = g.asDefault(() => ops.pyFunc((a) => map32(a, (v) => v * 5), [ops.constant(X)], DType.float32));
    const sess = new Session(g);
    await gcUntil(() => false, 3);
    expect(Array.from(f32(await sess.run(y)))).toEqual([7.5, -10, 15]);
    await sess.close();
    // Collection is checked in a fresh process: jest's module environment keeps graphs alive.
    const r = runNodeScript(`
      const { DType, Graph, ops } = require('./lib');
      const made = [];
      for (let i = 0; i < 3; i++) {
        const graph = new Graph();
        const fn = (a) => a;
        graph.asDefault(() => ops.pyFunc(fn, [ops.constant(1.0)], DType.float32));
        made.push({ graph: new WeakRef(graph), fn: new WeakRef(fn) });
      }
      (async () => {
        for (let i = 0; i < 20; i++) { gc(); await new Promise((r) => setImmediate(r)); }
        console.log(JSON.stringify(made.map((m) => [m.graph.deref() === undefined, m.fn.deref() === undefined])));
      })();
    `);
    expect(lastJson(r)).toEqual([[true, true], [true, true], [true, true]]);
  });

  it('BAD CALL - not a function: TF1\'s ValueError', () => {
    const want = fixture.build_errors.not_callable;
    const e = (() => {
      try {
        new Graph().asDefault(() => ops.pyFunc(3 as never, [ops.constant(1.0)], DType.float32));
      } catch (err) {
        return err as Error;
      }
      return null;
    })();
    expect(e?.constructor.name).toBe(want.class);
    expect(e?.message).toBe(want.message);
  });

  it('BAD CALL - a Tout that is not a dtype: as_dtype\'s TypeError (TF 2.21: tf.py_func(f, [x], 999) / [tf.float32, None])', () => {
    const g = new Graph();
    const x = g.asDefault(() => ops.constant(1.0));
    const before = g.operations().length;
    for (const [tout, shown] of [[999, '999'], [[DType.float32, null], 'None']] as const) {
      expect(() => g.asDefault(() => ops.pyFunc((a) => a, [x], tout as never))).toThrow(
        new TypeError(`Cannot convert the argument \`type_value\`: ${shown} to a TensorFlow DType.`));
    }
    expect(g.operations().length).toBe(before);
  });
});

describe('environments', () => {
  /** A worker: a pyFunc run, then a run left waiting on a function whose Promise never settles. */
  const WORKER_CODE = `
    const { parentPort } = require('worker_threads');
    require(${JSON.stringify(require.resolve('./helpers/register_ts.js'))});
    const { DType, Graph, Session, Tensor, ops } = require(${JSON.stringify(require.resolve('../lib'))});
    (async () => {
      const g = new Graph();
      const { y, stuck } = g.asDefault(() => {
        const x = ops.constant(Tensor.from([1, 2], { dtype: DType.float32 }));
        return {
          y: ops.pyFunc((a) => Tensor.from(a.data.map((v) => v + 100)), [x], DType.float32),
          stuck: ops.pyFunc(() => new Promise(() => {}), [x], DType.float32),
        };
      });
      const s = new Session(g);
      const v = await s.run(y);
      s.run(stuck).catch(() => {});
      parentPort.postMessage({ values: Array.from(v.data), token: Buffer.from(y.op.getAttr('token')).toString() });
    })().catch((e) => parentPort.postMessage({ failed: String(e.stack || e) }));
  `;

  it('a worker has its own functions, tokens are unique in the process, and terminating it with a call pending neither hangs nor crashes', () => {
    const r = runNodeScript(`
      const { Worker } = require('worker_threads');
      const { DType, Graph, ops } = require('./lib');
      const main = new Graph().asDefault(() => ops.pyFunc((a) => a, [ops.constant(1.0)], DType.float32));
      const mainToken = Buffer.from(main.op.getAttr('token')).toString();
      const w = new Worker(${JSON.stringify(WORKER_CODE)}, { eval: true });
      w.on('message', (m) => {
        if (m.failed) { console.log(JSON.stringify(m)); process.exit(1); }
        const t0 = Date.now();
        setTimeout(() => w.terminate().then(() => {
          console.log(JSON.stringify({ ...m, mainToken, ms: Date.now() - t0 }));
        }), 100);
      });
    `, { timeoutMs: 60000 });
    expect(r.signal).toBeNull();
    const out = lastJson(r);
    expect(out.failed).toBeUndefined();
    expect(out.values).toEqual([101, 102]);
    expect(out.token).toMatch(/^pyfunc_\d+$/);
    expect(out.token).not.toBe(out.mainToken);
    expect(out.ms).toBeLessThan(5000);
    expect(r.status).toBe(0);
  });

  it('process exit with a call pending (its Promise never settles) exits at once', () => {
    const r = runNodeScript(`
      const { DType, Graph, Session, ops } = require('./lib');
      const g = new Graph();
      const y = g.asDefault(() => ops.pyFunc(() => new Promise(() => {}), [ops.constant(1.0)], DType.float32));
      const s = new Session(g);
      s.run(y).catch(() => {});
      setTimeout(() => { console.log(JSON.stringify({ ok: true })); process.exit(0); }, 200);
    `, { timeoutMs: 30000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(lastJson(r)).toEqual({ ok: true });
  });

  it('BAD CALL - close() while tf.data\'s threads wait on the function (deleting the session joins them) does not hang', () => {
    const r = runNodeScript(`
      const { DType, Graph, Session, Tensor, data, ops } = require('./lib');
      (async () => {
        const out = {};
        for (const mode of ['run', 'runSync']) {
          const g = new Graph();
          const next = g.asDefault(() => data.Dataset.range(1000)
            .map((i) => ops.pyFunc((v) => Tensor.from(Number(v.item()), { dtype: DType.int64 }), [i], DType.int64),
              { numParallelCalls: 4 }).prefetch(20).makeOneShotIterator().getNext());
          const s = new Session(g);
          out[mode] = Number((mode === 'run' ? await s.run(next) : s.runSync(next)).item());
          await s.close();
        }
        console.log(JSON.stringify(out));
      })();
    `, { timeoutMs: 30000 });
    expect(r.signal).toBeNull();
    expect(lastJson(r)).toEqual({ run: 0, runSync: 0 });
  });

  it('BAD CALL - binding: a dispatcher returning a Promise to a runSync fails the run instead of deadlocking', () => {
    const r = runNodeScript(`
      const { DType, Graph, Session, ops } = require('./lib');
      const { binding } = require('./lib/native');
      const g = new Graph();
      const y = g.asDefault(() => ops.pyFunc((a) => a, [ops.constant(1.0)], DType.float32));
      binding.pyFuncBridge(() => new Promise(() => {}));  // ignores canWait
      let out;
      try { new Session(g).runSync(y); out = 'no error'; } catch (e) { out = e.constructor.name + ': ' + e.message.split('\\n')[0]; }
      console.log(JSON.stringify({ out }));
    `, { timeoutMs: 30000 });
    expect(r.signal).toBeNull();
    expect(lastJson(r)).toEqual({ out: 'FailedPreconditionError: py_func dispatch of pyfunc_0 returned a Promise' });
  });
});
