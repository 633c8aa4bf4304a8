/**
 * Shared helpers for the native-core tests (tensor, session, graph, errors, saved_model, bad_call,
 * workers, gc): small graphs built straight on `Graph.addOperation`, fixture access, and a runner
 * for scripts that must live in their own process (anything that might crash it).
 */
import { spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { DType, Graph, Operation, Output, Tensor } from '../../lib';

export const REPO = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(REPO, 'test', 'fixtures');
/** Plain-JS `require` hook that lets a child process or worker load lib/*.ts (see register_ts.js). */
export const REGISTER_TS = path.join(__dirname, 'register_ts.js');
export const LIB_INDEX = path.join(REPO, 'lib', 'index.ts');

/** Path inside a fixture directory. */
export function fixturePath(dir: string, ...rest: string[]): string {
  return path.join(FIXTURES, dir, ...rest);
}

/** Whether a fixture (made by Python TF, see test/fixtures/README.md) is there. */
export function hasFixture(dir: string): boolean {
  return existsSync(fixturePath(dir, 'expected.json'));
}

/** The parsed expected.json of a fixture. */
export function expected<T = any>(dir: string): T {
  return JSON.parse(readFileSync(fixturePath(dir, 'expected.json'), 'utf8')) as T;
}

/** A GraphDef fixture imported into a fresh graph with no prefix (names as Python wrote them). */
export function importFixtureGraph(dir: string, file = 'graph.pb'): Graph {
  const g = new Graph();
  g.importGraphDef(new Uint8Array(readFileSync(fixturePath(dir, file))), { prefix: '' });
  return g;
}

// --- small graphs -----------------------------------------------------------------------------

export function placeholder(g: Graph, dtype: DType, name: string, shape?: number[] | null): Output {
  const attrs: Array<[string, 'type' | 'shape', unknown]> = [['dtype', 'type', dtype]];
  if (shape !== undefined) attrs.push(['shape', 'shape', shape]);
  return g.addOperation({ type: 'Placeholder', name, exactName: true, attrs: attrs as never }).output(0);
}

/** The base dtype of an output (a ref variable's `float32_ref` is 101: T wants 1). */
export const baseOf = (x: Output): DType => (x.dtype > 100 ? x.dtype - 100 : x.dtype) as DType;

export function identity(g: Graph, x: Output, name: string): Output {
  return g.addOperation({ type: 'Identity', name, exactName: true, inputs: [x], attrs: [['T', 'type', baseOf(x)]] })
    .output(0);
}

export function constant(g: Graph, t: Tensor, name: string): Output {
  return g.addOperation({
    type: 'Const', name, exactName: true,
    attrs: [['dtype', 'type', t.dtype], ['value', 'tensor', { dtype: t.dtype, shape: t.shape, data: t.data }]],
  }).output(0);
}

export function binary(g: Graph, type: string, a: Output, b: Output, name: string): Output {
  return g.addOperation({ type, name, exactName: true, inputs: [a, b], attrs: [['T', 'type', a.dtype]] }).output(0);
}

export function noOp(g: Graph, name: string, controlInputs: Operation[] = []): Operation {
  return g.addOperation({ type: 'NoOp', name, exactName: true, controlInputs });
}

/** x -> Square(x) plus an Identity, on float32 [-1] (the workhorse of the session tests). */
export function squareGraph(): { g: Graph; x: Output; sq: Output; id: Output } {
  const g = new Graph();
  const x = placeholder(g, DType.float32, 'x', [-1]);
  const sq = g.addOperation({ type: 'Square', name: 'sq', exactName: true, inputs: [x], attrs: [['T', 'type', DType.float32]] })
    .output(0);
  const id = identity(g, x, 'id');
  return { g, x, sq, id };
}

/**
 * A ref variable `v` (float32 scalar, initialised to `init`), an op `inc` adding 1 to it, and
 * `v_read` reading it: state that outlives a run, for ordering and concurrency checks.
 */
export function counterGraph(init = 0): { g: Graph; v: Output; init: Operation; inc: Output; read: Output } {
  const g = new Graph();
  const v = g.addOperation({
    type: 'VariableV2', name: 'v', exactName: true, attrs: [['dtype', 'type', DType.float32], ['shape', 'shape', []]],
  }).output(0);
  const initVal = constant(g, Tensor.from(init, { dtype: DType.float32 }), 'v_init_value');
  const initOp = g.addOperation({
    type: 'Assign', name: 'v_init', exactName: true, inputs: [v, initVal], attrs: [['T', 'type', DType.float32]],
  });
  const one = constant(g, Tensor.from(1, { dtype: DType.float32 }), 'one');
  const inc = g.addOperation({
    type: 'AssignAdd', name: 'inc', exactName: true, inputs: [v, one],
    attrs: [['T', 'type', DType.float32], ['use_locking', 'bool', true]],
  }).output(0);
  const read = identity(g, v, 'v_read');
  return { g, v, init: initOp, inc, read };
}

// --- processes ----------------------------------------------------------------------------------

export interface ChildResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `code` (CommonJS, plain JS) in a fresh `node --expose-gc` with lib/*.ts loadable, so a
 * crash (segfault, abort) shows up as a signal or status instead of taking jest down.
 */
export function runNodeScript(code: string, { timeoutMs = 60000, env = {} as Record<string, string> } = {}): ChildResult {
  const r = spawnSync(process.execPath, ['--expose-gc', '-r', REGISTER_TS, '-e', code], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3', ...env },
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** The last line of stdout parsed as JSON (what a child script reports). */
export function lastJson<T = any>(r: ChildResult): T {
  const lines = r.stdout.trim().split('\n');
  try {
    return JSON.parse(lines[lines.length - 1]) as T;
  } catch {
    throw new Error(`child printed no JSON (status ${r.status}, signal ${r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
}

// --- GC -------------------------------------------------------------------------------------------

export const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (() => {
  throw new Error('run jest through `node --expose-gc` (npm test does)');
});

/** Collects until `done()` holds (finalizers of native objects need a few cycles and turns). */
export async function gcUntil(done: () => boolean, rounds = 50): Promise<boolean> {
  for (let i = 0; i < rounds; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 5));
    if (done()) return true;
  }
  return done();
}

/** Resident set size in MiB. */
export function rssMiB(): number {
  return process.memoryUsage().rss / 2 ** 20;
}

/**
 * One test per error case of a fixture (`errors` of expected.json): `build` gives back the error
 * the call raised as its `result`, which must be TF's (class name and message).
 */
export function describeErrorCases<C extends { id: string; error: { class: string; message: string } }>(
  cases: C[], build: (c: C) => { result: unknown }): void {
  describe.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    test('raises the error TF raises', () => {
      const { result } = build(c);
      expect(result).toBeInstanceOf(Error);
      const e = result as Error;
      expect({ class: e.name, message: e.message }).toEqual(c.error);
    });
  });
}
