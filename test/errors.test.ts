/**
 * Errors: TF statuses become the typed OpError subclasses of lib/errors.ts, with `.code`, `.op`
 * and TF's message, from sync and async paths alike. The dataset_iterator fixture (Python TF)
 * gives the OutOfRangeError a MonitoredSession loop depends on.
 */
import { Graph, KeyError, Session, Tensor, ValueError, errors } from '../lib';
import { binding } from '../lib/native';
import { expected, hasFixture, importFixtureGraph, placeholder, identity } from './helpers/core';
import { DType } from '../lib';

const CLASS_NAMES = [
  'OpError', 'CancelledError', 'UnknownError', 'InvalidArgumentError', 'DeadlineExceededError', 'NotFoundError',
  'AlreadyExistsError', 'PermissionDeniedError', 'ResourceExhaustedError', 'FailedPreconditionError', 'AbortedError',
  'OutOfRangeError', 'UnimplementedError', 'InternalError', 'UnavailableError', 'DataLossError', 'UnauthenticatedError',
];

async function rejection(p: Promise<unknown>): Promise<any> {
  return p.then(() => {
    throw new Error('expected a rejection');
  }, (e) => e);
}

function thrown(fn: () => unknown): any {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('error classes', () => {
  test('one OpError subclass per TF code, as _CODE_TO_EXCEPTION_CLASS', () => {
    for (let code = 1; code <= 16; code++) {
      const name = CLASS_NAMES[code];
      const Cls = (errors as unknown as Record<string, typeof errors.OpError>)[name];
      expect(Cls).toBeDefined();
      const e = errors.errorForCode(code, `message ${code}`);
      expect(e).toBeInstanceOf(Cls);
      expect(e).toBeInstanceOf(errors.OpError);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(name);
      expect(e.code).toBe(code);
      expect(e.message).toBe(`message ${code}`);
      expect(errors.CODE_TO_CLASS[code]).toBe(Cls);
      // The class fixes the code whatever the constructor is given.
      expect(new Cls('x', 0 as never).code).toBe(code);
    }
    expect(errors.Code.OUT_OF_RANGE).toBe(11);
  });

  test('OpError.op is the node named in the message', () => {
    const e = new errors.InvalidArgumentError('boom\n\t [[{{node a/b/c}}]]');
    expect(e.op).toBe('a/b/c');
    expect(new errors.InternalError('no node').op).toBeNull();
  });

  test('native failures throw the typed classes: NotFound for an unknown op type', () => {
    const g = new Graph();
    const e = thrown(() => g.addOperation({ type: 'NoSuchOpType', name: 'x' }));
    expect(e).toBeInstanceOf(errors.NotFoundError);
    expect(e.code).toBe(errors.Code.NOT_FOUND);
    expect(e.message).toMatch(/Op type not registered 'NoSuchOpType'/);
  });

  test('native failures: InvalidArgument for a garbage GraphDef', () => {
    const e = thrown(() => binding.Graph.prototype.importGraphDef.call(new binding.Graph(), new Uint8Array([0xff, 0xff, 0x01]), {}));
    expect(e).toBeInstanceOf(errors.InvalidArgumentError);
    expect(e.code).toBe(3);
  });

  test('a missing feed: InvalidArgumentError naming the placeholder, sync and async', async () => {
    const g = new Graph();
    const p = placeholder(g, DType.float32, 'p', [2]);
    const out = identity(g, p, 'out');
    const sess = new Session(g);
    const sync = thrown(() => sess.runSync(out));
    const async = await rejection(sess.run(out));
    for (const e of [sync, async]) {
      expect(e).toBeInstanceOf(errors.InvalidArgumentError);
      expect(e.code).toBe(3);
      expect(e.op).toBe('p');
      expect(e.message).toMatch(/You must feed a value for placeholder tensor 'p'/);
    }
    await sess.close();
  });

  test('an async rejection carries the caller\'s stack', async () => {
    const g = new Graph();
    const out = identity(g, placeholder(g, DType.float32, 'p'), 'out');
    const sess = new Session(g);
    let e: any;
    try {
      await sess.run(out); // awaited here, as user code does
    } catch (x) {
      e = x;
    }
    expect(e.stack).toContain('errors.test.ts');
    expect(e.stack).toMatch(/^InvalidArgumentError: You must feed/);
    await sess.close();
  });

  test('graph lookups: KeyError and ValueError with TF1\'s messages', () => {
    const g = new Graph();
    placeholder(g, DType.float32, 'p');
    expect(() => g.operation('nope')).toThrow(KeyError);
    expect(() => g.operation('nope')).toThrow("The name 'nope' refers to an Operation not in the graph.");
    expect(() => g.tensor('p:3')).toThrow(KeyError);
    expect(() => g.tensor('nope:0')).toThrow(/does not exist/);
    expect(() => g.tensor('p')).toThrow(ValueError);
    expect(() => g.operation('p:0')).toThrow(ValueError);
  });
});

describe('dataset_iterator fixture: OutOfRangeError ends an iterator', () => {
  const maybe = hasFixture('dataset_iterator') ? test : test.skip;
  type End = { class: string; code: number; node: string; status_message: string };

  function expectEnd(e: any, end: End) {
    expect(e).toBeInstanceOf(errors.OutOfRangeError);
    expect(e).toBeInstanceOf(errors.OpError);
    expect(e.constructor.name).toBe(end.class);
    expect({ code: e.code, op: e.op, message: e.message }).toEqual({ code: end.code, op: end.node, message: end.status_message });
  }

  maybe('one-shot iterator: 0, 1, 2, then OutOfRangeError (code 11), and again after (run)', async () => {
    const exp = expected('dataset_iterator').iterators.one_shot;
    const sess = new Session(importFixtureGraph('dataset_iterator'));
    const values: bigint[] = [];
    for (const _ of exp.values) values.push(((await sess.run(exp.get_next)) as Tensor).item() as bigint);
    expect(values).toEqual(exp.values.map(BigInt));
    expectEnd(await rejection(sess.run(exp.get_next)), exp.end);
    expectEnd(await rejection(sess.run(exp.get_next)), exp.after_end);
    await sess.close();
  });

  maybe('one-shot iterator through runSync', () => {
    const exp = expected('dataset_iterator').iterators.one_shot;
    const sess = new Session(importFixtureGraph('dataset_iterator'));
    const got = exp.values.map(() => (sess.runSync(exp.get_next) as Tensor).item());
    expect(got).toEqual(exp.values.map(BigInt));
    expectEnd(thrown(() => sess.runSync(exp.get_next)), exp.end);
    void sess.close();
  });

  maybe('initializable iterator: FailedPrecondition before its initializer, restarts after it', async () => {
    const exp = expected('dataset_iterator').iterators.initializable;
    const sess = new Session(importFixtureGraph('dataset_iterator'));
    const early = await rejection(sess.run(exp.get_next));
    expect(early).toBeInstanceOf(errors.FailedPreconditionError);
    expect(early.code).toBe(9);
    for (let round = 0; round < 2; round++) {
      await sess.run(exp.initializer);
      const got = [];
      for (const _ of exp.values) got.push(((await sess.run(exp.get_next)) as Tensor).item());
      expect(got).toEqual(exp.values.map(BigInt));
      expectEnd(await rejection(sess.run(exp.get_next)), exp.end);
    }
    await sess.close();
  });

  maybe('map+batch iterator: batches, a short last one, then the end; the session stays usable', async () => {
    const all = expected('dataset_iterator').iterators;
    const exp = all.batched;
    const sess = new Session(importFixtureGraph('dataset_iterator'));
    for (const batch of exp.values as number[][]) {
      expect(((await sess.run(exp.get_next)) as Tensor).toArray()).toEqual(batch.map(BigInt));
    }
    const e = await rejection(sess.run(exp.get_next));
    expectEnd(e, exp.end);
    // An OutOfRangeError ends one iterator, not the session.
    expect(((await sess.run(all.one_shot.get_next)) as Tensor).item()).toBe(0n);
    await sess.close();
  });

  maybe('concurrent get_next runs: every element once, then only OutOfRangeErrors', async () => {
    const exp = expected('dataset_iterator').iterators.one_shot;
    const sess = new Session(importFixtureGraph('dataset_iterator'));
    const settled = await Promise.allSettled(Array.from({ length: 10 }, () => sess.run(exp.get_next)));
    const ok = settled.filter((s) => s.status === 'fulfilled').map((s) => (s as PromiseFulfilledResult<Tensor>).value.item());
    const bad = settled.filter((s) => s.status === 'rejected').map((s) => (s as PromiseRejectedResult).reason);
    expect(ok.sort()).toEqual(exp.values.map(BigInt));
    expect(bad).toHaveLength(10 - exp.values.length);
    bad.forEach((e) => expect(e).toBeInstanceOf(errors.OutOfRangeError));
    await sess.close();
  });
});
