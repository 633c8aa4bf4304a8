/**
 * Graph and Operation over the native core: GraphDef import (Python-made fixtures) and export,
 * lookups, attrs, gradients, input maps and return elements, and the errors of graph building.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { readFileSync } from 'fs';
import { DType, Graph, KeyError, Operation, Output, Session, Tensor, ValueError, errors } from '../lib';
import { FunctionDefSchema, GraphDefSchema } from '../lib/proto';
import { binary, constant, expected, fixturePath, hasFixture, identity, importFixtureGraph, placeholder } from './helpers/core';

const maybeLinear = hasFixture('linear') ? test : test.skip;

describe('GraphDef import and export', () => {
  maybeLinear('the linear fixture imports with Python\'s names, dtypes and shapes', () => {
    const exp = expected('linear');
    const g = importFixtureGraph('linear');
    const names = g.operations().map((o) => o.name);
    for (const n of [exp.names.init_op, exp.names.train_op, exp.names.global_step_op, 'x', 'y', 'w', 'b']) expect(names).toContain(n);
    const x = g.tensor('x:0');
    expect(x).toBeInstanceOf(Output);
    expect(x.dtype).toBe(DType.float32);
    expect(x.shape).toEqual([null, 1]);
    expect(x.op.type).toBe('Placeholder');
    expect(g.tensor(exp.names.loss).shape).toEqual([]);
    expect(g.operation('w').type).toBe('VariableV2');
    expect(g.tensor('w:0').dtype).toBe(DType.float32 + 100); // float32_ref
    expect(g.operation(exp.names.train_op).controlInputs.length + g.operation(exp.names.train_op).inputs.length).toBeGreaterThan(0);
  });

  maybeLinear('toGraphDef re-imports into another graph under a prefix, and runs the same', async () => {
    const exp = expected('linear');
    const g = importFixtureGraph('linear');
    const bytes = g.toGraphDef();
    expect(bytes.length).toBeGreaterThan(1000);
    const g2 = new Graph();
    g2.importGraphDef(bytes, { prefix: 'copy' });
    expect(g2.operation('copy/w').type).toBe('VariableV2');
    const sess = new Session(g2);
    await sess.run('copy/' + exp.names.init_op);
    const loss = await sess.run<string>('copy/' + exp.names.loss, { 'copy/x:0': exp.data.x, 'copy/y:0': exp.data.y });
    expect((loss as Tensor).item()).toBeCloseTo(exp.train_losses.value[0], 6);
    await sess.close();
  });

  test('importGraphDef: input maps and return elements', async () => {
    const src = new Graph();
    const p = placeholder(src, DType.float32, 'p', [2]);
    binary(src, 'Mul', p, p, 'sq');
    const def = src.toGraphDef();
    const g = new Graph();
    const c = constant(g, Tensor.from([3, 4]), 'c');
    const [out, op] = g.importGraphDef(def, { prefix: 'imp', inputMap: { 'p:0': c }, returnElements: ['sq:0', 'sq'] });
    expect(out).toBeInstanceOf(Output);
    expect(op).toBeInstanceOf(Operation);
    expect((out as Output).name).toBe('imp/sq:0');
    const sess = new Session(g);
    expect((await sess.run(out as Output)).toArray()).toEqual([9, 16]);
    await sess.close();
    // A mapping for a name the GraphDef does not have is TF1's ValueError.
    expect(() => g.importGraphDef(def, { inputMap: { 'nope:0': c } })).toThrow(ValueError);
  });

  test('an empty GraphDef imports nothing; garbage bytes are InvalidArgumentError', () => {
    const g = new Graph();
    expect(g.importGraphDef(new Uint8Array(0))).toEqual([]);
    expect(() => g.importGraphDef(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f]))).toThrow(errors.InvalidArgumentError);
    const noise = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251);
    expect(() => g.importGraphDef(noise)).toThrow(errors.InvalidArgumentError);
    // A failed import leaves the graph as it was.
    expect(g.operations()).toHaveLength(0);
  });

  test('a GraphDef with an unknown op type is a NotFoundError', () => {
    const src = new Graph();
    placeholder(src, DType.float32, 'p');
    const bytes = Buffer.from(src.toGraphDef());
    // Rename the op type in the serialized NodeDef ("Placeholder" -> "Placeholdex", same length).
    const at = bytes.indexOf('Placeholder');
    bytes.write('Placeholdex', at);
    const e = (() => {
      try {
        new Graph().importGraphDef(new Uint8Array(bytes));
      } catch (x) {
        return x as errors.OpError;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(errors.NotFoundError);
    expect(e!.message).toMatch(/Placeholdex/);
  });
});

describe('building', () => {
  test('attrs read back with their kinds', () => {
    const g = new Graph();
    const p = placeholder(g, DType.int64, 'p', [-1, 3]);
    expect(p.op.getAttr('dtype')).toBe(DType.int64);
    expect(p.op.getAttr('shape')).toEqual([-1, 3]);
    const c = constant(g, Tensor.from([[1, 2]], { dtype: DType.int32 }), 'c');
    const value = c.op.getAttr('value') as Tensor;
    expect(value).toBeInstanceOf(Tensor);
    expect(value.toArray()).toEqual([[1, 2]]);
    expect(() => p.op.getAttr('nope')).toThrow(ValueError);
    expect(p.op.toNodeDef().length).toBeGreaterThan(0);
  });

  test('gradients: d(x*x)/dx = 2x, None where y does not depend on x', async () => {
    const g = new Graph();
    const x = placeholder(g, DType.float32, 'x', [3]);
    const z = placeholder(g, DType.float32, 'z', [3]);
    const y = binary(g, 'Mul', x, x, 'y');
    const [dx, dz] = g.gradients([y], [x, z]);
    expect(dz).toBeNull();
    const sess = new Session(g);
    expect((await sess.run(dx!, { 'x:0': [1, 2, 3] })).toArray()).toEqual([2, 4, 6]);
    await sess.close();
  });

  test('names are uniquified unless exact; a duplicate exact name is an error', () => {
    const g = new Graph();
    const a = g.addOperation({ type: 'NoOp', name: 'n' });
    const b = g.addOperation({ type: 'NoOp', name: 'n' });
    expect([a.name, b.name]).toEqual(['n', 'n_1']);
    expect(() => g.addOperation({ type: 'NoOp', name: 'n', exactName: true })).toThrow(/Duplicate node name/);
  });

  test('an unknown op type is a NotFoundError and adds nothing', () => {
    const g = new Graph();
    expect(() => g.addOperation({ type: 'TotallyUnknownOp', name: 'u' })).toThrow(errors.NotFoundError);
    expect(g.operations()).toHaveLength(0);
    expect(() => g.opDef('TotallyUnknownOp')).toThrow(errors.NotFoundError);
    expect(g.opDef('MatMul').length).toBeGreaterThan(0);
  });

  test('inputs of mismatched dtypes fail at build time (TF1: ValueError)', () => {
    const g = new Graph();
    const f = placeholder(g, DType.float32, 'f');
    const i = placeholder(g, DType.int32, 'i');
    let e: unknown;
    try {
      g.addOperation({ type: 'AddV2', name: 'bad', inputs: [f, i], attrs: [['T', 'type', DType.float32]] });
    } catch (x) {
      e = x;
    }
    expect(e instanceof ValueError || e instanceof errors.InvalidArgumentError).toBe(true);
    expect(String((e as Error).message)).toMatch(/attr 'T'/);
    expect(g.findOperation('bad')).toBeUndefined();
  });

  test('an output of another graph is refused', () => {
    const g1 = new Graph();
    const g2 = new Graph();
    const p = placeholder(g1, DType.float32, 'p');
    expect(() => identity(g2, p, 'id')).toThrow(ValueError);
    const sess = new Session(g2);
    expect(() => sess.runSync(p)).toThrow(ValueError);
    void sess.close();
  });

  test('finalize makes the graph read-only', () => {
    const g = new Graph();
    g.finalize();
    expect(g.finalized).toBe(true);
    expect(() => g.addOperation({ type: 'NoOp', name: 'n' })).toThrow(/finalized/);
  });

  test('lookups: operation, tensor, asGraphElement', () => {
    const g = new Graph();
    const p = placeholder(g, DType.float32, 'p');
    expect(g.operation('p')).toBe(p.op);
    expect(g.tensor('p:0')).toBe(p);
    expect(g.asGraphElement('p')).toBe(p.op);
    expect(() => g.operation('q')).toThrow(KeyError);
    expect(() => g.asGraphElement(42 as never)).toThrow(TypeError);
  });

  test('the mlp fixture imports (larger graph, random initialisers)', () => {
    if (!hasFixture('mlp')) return;
    const g = new Graph();
    g.importGraphDef(new Uint8Array(readFileSync(fixturePath('mlp', 'graph.pb'))), { prefix: '' });
    expect(g.operations().length).toBeGreaterThan(50);
  });
});

describe('functions (TF_GraphToFunction, TF_GraphCopyFunction)', () => {
  // A call of function `f` taking `inputs` (float32) and returning one float32.
  const call = (g: Graph, f: string, inputs: Output[], name: string) => g.addOperation({
    type: 'PartitionedCall', name, exactName: true, inputs: [inputs],
    attrs: [['Tin', 'list(type)', inputs.map(() => DType.float32)], ['Tout', 'list(type)', [DType.float32]], ['f', 'func', f]],
  }).output(0);

  test('a function of some ops of a graph runs in another graph and in its own, which it leaves as it was', async () => {
    const body = new Graph();
    const x = placeholder(body, DType.float32, 'x', [2]);
    const three = constant(body, Tensor.from([3, 3], { dtype: DType.float32 }), 'three');
    const y = binary(body, 'Mul', x, three, 'y');
    const before = body.operations().length;
    const fdef = body.native.toFunction('times3', false, null, [x.endpoint], [y.endpoint], ['out'], 'x * 3');
    expect(body.operations()).toHaveLength(before);
    const parsed = fromBinary(FunctionDefSchema, fdef);
    expect(parsed.signature?.name).toBe('times3');
    expect(parsed.signature?.description).toBe('x * 3');
    expect(parsed.signature?.outputArg.map((a) => a.name)).toEqual(['out']);
    expect(parsed.nodeDef.map((n) => n.op).sort()).toEqual(['Const', 'Mul']);

    const g = new Graph();
    expect(g.native.addFunction(fdef)).toBe('times3');
    const out = call(g, 'times3', [constant(g, Tensor.from([1, 2], { dtype: DType.float32 }), 'in')], 'call');
    // By value: `opers` picks the ops, and the constant comes along (as Defun(capture_by_value=True)).
    const hashed = body.native.toFunction('three', true, [three.op.native], [], [three.endpoint], null, null);
    const name = body.native.addFunction(hashed);
    expect(name).toMatch(/^three_\w+$/);
    const own = call(body, name, [], 'own');
    const [sg, sb] = [new Session(g), new Session(body)];
    expect((await sg.run(out)).toArray()).toEqual([3, 6]);
    expect((await sb.run(own)).toArray()).toEqual([3, 3]);
    await Promise.all([sg.close(), sb.close()]);
    // The library goes with the GraphDef and comes back with an import.
    const library = fromBinary(GraphDefSchema, g.toGraphDef()).library?.function.map((f) => f.signature?.name);
    expect(library).toEqual(['times3']);
    const copy = new Graph();
    copy.importGraphDef(g.toGraphDef(), { prefix: '' });
    const sc = new Session(copy);
    expect((await sc.run(copy.tensor('call:0'))).toArray()).toEqual([3, 6]);
    await sc.close();
  });

  test('bad bodies and FunctionDefs are typed errors that leave the graph as it was', () => {
    const g = new Graph();
    const x = placeholder(g, DType.float32, 'x', [2]);
    const y = binary(g, 'Mul', x, x, 'y');
    // y reads x, which is neither in the body nor an input.
    expect(() => g.native.toFunction('f', false, [y.op.native], [], [y.endpoint], null, null))
      .toThrow(new errors.InvalidArgumentError("Input 0, 'x:0', of node 'y' in function 'f' is not available. " +
        'You might need to include it in inputs or include its source node in the body'));
    expect(() => g.native.toFunction('f', false, null, [x.endpoint], [y.endpoint], ['a', 'b'], null))
      .toThrow(/^outputNames must have one name per output$/);
    expect(() => g.native.addFunction(new Uint8Array([1, 2, 3])))
      .toThrow(new errors.InvalidArgumentError('Invalid FunctionDef given to TF_FunctionImportFunctionDef'));
    expect(() => g.native.addFunction('f' as never)).toThrow(/functionDef/);
    const other = new Graph();
    expect(() => other.native.toFunction('f', false, [y.op.native], [x.endpoint], [y.endpoint], null, null)).toThrow(/another graph|not .*graph/);
    expect(fromBinary(GraphDefSchema, g.toGraphDef()).library?.function ?? []).toEqual([]);
    expect(g.operations().map((o) => o.name)).toEqual(['x', 'y']);
  });
});

describe('handle data (TF_GetHandleShapeAndType / TF_SetHandleShapeAndType)', () => {
  test('a resource carries its variable\'s shape and dtype; copied to a placeholder, reads infer from it', () => {
    const g = new Graph();
    const handle = g.addOperation({
      type: 'VarHandleOp', name: 'v',
      attrs: [['dtype', 'type', DType.float32], ['shape', 'shape', [2, 3]], ['shared_name', 'string', 'v']],
    }).output(0);
    const data = g.native.handleData(handle.endpoint);
    expect(data.length).toBeGreaterThan(0);
    const standIn = placeholder(g, DType.resource, 'stand_in');
    expect(g.native.handleData(standIn.endpoint).length).toBe(0);
    g.native.setHandleData(standIn.endpoint, data);
    const read = g.addOperation({ type: 'ReadVariableOp', name: 'read', inputs: [standIn], attrs: [['dtype', 'type', DType.float32]] });
    expect(read.output(0).shape).toEqual([2, 3]);
  });

  test('BAD CALL - other outputs carry none; bad bytes are a typed error, not a crash', () => {
    const g = new Graph();
    const x = placeholder(g, DType.float32, 'x');
    expect(g.native.handleData(x.endpoint)).toEqual(new Uint8Array(0));
    expect(() => g.native.setHandleData(x.endpoint, 'no' as never)).toThrow(expect.objectContaining({ name: 'TypeError', message: 'handle data must be a Uint8Array' }));
    expect(() => g.native.setHandleData(x.endpoint, new Uint8Array([0xff, 0xff, 0xff]))).toThrow(errors.InvalidArgumentError);
  });
});
