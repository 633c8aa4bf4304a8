/**
 * Tensor marshalling: every DType fed through an Identity op and fetched back (small tensors are
 * copied across the boundary, large ones take the shared-buffer path), string and int64 tensors
 * from the Python-made dtypes fixture, and the host-side Tensor API.
 */
import { DType, Graph, Session, Tensor, ValueError, errors } from '../lib';
import { expected, hasFixture, identity, importFixtureGraph, placeholder } from './helpers/core';

type TypedArray = Tensor['data'];

const enc = (s: string) => new TextEncoder().encode(s);

/** For each dtype: values as they are given to the Tensor (typed array, raw layout). */
const CASES: Array<{ name: keyof typeof DType; dtype: DType; make: (n: number) => TypedArray }> = [
  { name: 'float32', dtype: DType.float32, make: (n) => Float32Array.from({ length: n }, (_, i) => [1.5, -2.25, 3.4e38, -0, Infinity, NaN, 1e-45][i % 7]) },
  { name: 'float64', dtype: DType.float64, make: (n) => Float64Array.from({ length: n }, (_, i) => [Math.PI, -1e300, 5e-324, -0, -Infinity][i % 5]) },
  { name: 'int32', dtype: DType.int32, make: (n) => Int32Array.from({ length: n }, (_, i) => [-2147483648, 2147483647, 0, i][i % 4]) },
  { name: 'uint8', dtype: DType.uint8, make: (n) => Uint8Array.from({ length: n }, (_, i) => (i * 37) % 256) },
  { name: 'int16', dtype: DType.int16, make: (n) => Int16Array.from({ length: n }, (_, i) => [-32768, 32767, 0, i % 1000][i % 4]) },
  { name: 'int8', dtype: DType.int8, make: (n) => Int8Array.from({ length: n }, (_, i) => [-128, 127, 0, 5][i % 4]) },
  // complex: interleaved (re, im) pairs.
  { name: 'complex64', dtype: DType.complex64, make: (n) => Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 ? -i : i) / 4) },
  { name: 'int64', dtype: DType.int64, make: (n) => BigInt64Array.from({ length: n }, (_, i) => [-(2n ** 63n), 2n ** 63n - 1n, 9007199254740993n, BigInt(i)][i % 4]) },
  { name: 'bool', dtype: DType.bool, make: (n) => Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)) },
  // 16-bit floats: raw bits (0x3fc0 = 1.5 in bfloat16, 0x3e00 = 1.5 in float16, 0x7bff = 65504).
  { name: 'bfloat16', dtype: DType.bfloat16, make: (n) => Uint16Array.from({ length: n }, (_, i) => [0x3fc0, 0xc000, 0x4049, 0x0000][i % 4]) },
  { name: 'uint16', dtype: DType.uint16, make: (n) => Uint16Array.from({ length: n }, (_, i) => [0, 65535, i % 65536][i % 3]) },
  { name: 'complex128', dtype: DType.complex128, make: (n) => Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 ? Math.E : -Math.PI) * i) },
  { name: 'float16', dtype: DType.float16, make: (n) => Uint16Array.from({ length: n }, (_, i) => [0x3e00, 0xc000, 0x7bff, 0x0001][i % 4]) },
  { name: 'uint32', dtype: DType.uint32, make: (n) => Uint32Array.from({ length: n }, (_, i) => [0, 4294967295, i][i % 3]) },
  { name: 'uint64', dtype: DType.uint64, make: (n) => BigUint64Array.from({ length: n }, (_, i) => [0n, 2n ** 64n - 1n, 2n ** 53n + 1n][i % 3]) },
];

/** The typed-array kind by tag: arrays the addon makes come from Node's main realm, not jest's. */
const kind = (x: unknown) => Object.prototype.toString.call(x).slice(8, -1);

/** Element-wise equality that tells NaN and -0 apart, for any numeric typed array. */
function sameBits(a: ArrayLike<number | bigint>, b: ArrayLike<number | bigint>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

describe('every dtype round trips through Identity', () => {
  const g = new Graph();
  const outs = new Map<DType, ReturnType<typeof identity>>();
  for (const c of CASES) outs.set(c.dtype, identity(g, placeholder(g, c.dtype, `in_${c.name}`), `out_${c.name}`));
  const strIn = placeholder(g, DType.string, 'in_string');
  const strOut = identity(g, strIn, 'out_string');
  const sess = new Session(g);
  afterAll(() => sess.close());

  // 5 elements stay under the addon's 16 KiB share threshold (copied); 6000 elements (>= 6 KiB
  // for int8, up to 96 KiB for complex128) go over it for every dtype with >= 4-byte elements.
  for (const size of [5, 6000]) {
    for (const c of CASES) {
      test(`${c.name} (${c.dtype}), ${size} elements, runSync and run`, async () => {
        const data = c.make(size);
        const t = new Tensor(c.dtype, [size], data);
        const out = outs.get(c.dtype)!;
        const fromSync = sess.runSync(out, { [`in_${c.name}:0`]: t });
        const fromAsync = await sess.run(out, new Map([[`in_${c.name}:0`, t]]));
        for (const r of [fromSync, fromAsync]) {
          expect(r).toBeInstanceOf(Tensor);
          expect(r.dtype).toBe(c.dtype);
          expect(r.shape).toEqual([size]);
          expect(kind(r.data)).toBe(kind(data));
          expect(sameBits(r.data as ArrayLike<number>, data as ArrayLike<number>)).toBe(true);
          expect(r.data).not.toBe(data); // a fetched tensor never aliases the fed array
        }
      });
    }
  }

  test('int64 and uint64 come back as BigInt, beyond 2**53', () => {
    const i64 = sess.runSync(outs.get(DType.int64)!, { 'in_int64:0': Tensor.from([2n ** 62n + 1n, -(2n ** 63n)]) });
    expect(kind(i64.data)).toBe('BigInt64Array');
    expect(i64.toArray()).toEqual([2n ** 62n + 1n, -(2n ** 63n)]);
    const u64 = sess.runSync(outs.get(DType.uint64)!,
      { 'in_uint64:0': Tensor.from([18446744073709551615n], { dtype: DType.uint64 }) });
    expect(kind(u64.data)).toBe('BigUint64Array');
    expect(u64.item()).toBe(18446744073709551615n);
    expect(typeof u64.item()).toBe('bigint');
  });

  test('scalars and empty tensors of each dtype', () => {
    for (const c of CASES) {
      const scalar = new Tensor(c.dtype, [], c.make(1));
      expect(sess.runSync(outs.get(c.dtype)!, { [`in_${c.name}:0`]: scalar }).shape).toEqual([]);
      const empty = new Tensor(c.dtype, [0, 3], c.make(0));
      const r = sess.runSync(outs.get(c.dtype)!, { [`in_${c.name}:0`]: empty });
      expect(r.shape).toEqual([0, 3]);
      expect(r.size).toBe(0);
    }
  });

  test('decoded values of the 16-bit float, bool and complex dtypes', () => {
    const f16 = sess.runSync(outs.get(DType.float16)!, { 'in_float16:0': Tensor.from([1.5, -2, 65504, 0.5], { dtype: DType.float16 }) });
    expect(f16.toArray()).toEqual([1.5, -2, 65504, 0.5]);
    const bf16 = sess.runSync(outs.get(DType.bfloat16)!, { 'in_bfloat16:0': Tensor.from([1.5, -2, 3.140625], { dtype: DType.bfloat16 }) });
    expect(bf16.toArray()).toEqual([1.5, -2, 3.140625]);
    const b = sess.runSync(outs.get(DType.bool)!, { 'in_bool:0': [[true, false], [false, true]] });
    expect(b.toArray()).toEqual([[true, false], [false, true]]);
    // Any non-zero byte is true: the addon normalises bools before TF sees them.
    const raw = sess.runSync(outs.get(DType.bool)!, { 'in_bool:0': new Tensor(DType.bool, [3], new Uint8Array([0, 2, 255])) });
    expect(Array.from(raw.data as Uint8Array)).toEqual([0, 1, 1]);
    const c64 = sess.runSync(outs.get(DType.complex64)!, { 'in_complex64:0': new Tensor(DType.complex64, [2], new Float32Array([1, 2, -3.5, 4])) });
    expect(c64.toArray()).toEqual([[1, 2], [-3.5, 4]]);
    const c128 = sess.runSync(outs.get(DType.complex128)!, { 'in_complex128:0': new Tensor(DType.complex128, [], new Float64Array([Math.PI, -Math.E])) });
    expect(c128.item()).toEqual([Math.PI, -Math.E]);
  });

  test('string tensors: empty, NUL, non-UTF-8 and large elements, strings or bytes', async () => {
    const big = new Uint8Array(1 << 20).map((_, i) => (i * 31) % 256);
    const values = [enc(''), new Uint8Array([0, 255, 0]), enc('héllo wörld ✓'), big];
    const r = await sess.run(strOut, { 'in_string:0': new Tensor(DType.string, [2, 2], values) });
    expect(r.dtype).toBe(DType.string);
    expect(r.shape).toEqual([2, 2]);
    const data = r.data as Uint8Array[];
    expect(data.map((d) => Buffer.from(d).toString('hex'))).toEqual(values.map((d) => Buffer.from(d).toString('hex')));
    // Plain JS strings are UTF-8 encoded.
    const s = sess.runSync(strOut, { 'in_string:0': ['a', 'ü€'] });
    expect((s.data as Uint8Array[]).map((d) => Buffer.from(d).toString())).toEqual(['a', 'ü€']);
    expect(sess.runSync(strOut, { 'in_string:0': 'scalar' }).shape).toEqual([]);
  });
});

describe('the dtypes fixture (Python TF): strings, int64, 16-bit floats, errors', () => {
  const have = hasFixture('dtypes');
  const maybe = have ? test : test.skip;
  type Spec = { dtype: string; shape: number[]; value: unknown };

  /** A fixture tensor spec as a Tensor (int64 as decimal strings, strings as byte arrays). */
  function toTensor(spec: Spec): Tensor {
    const dtype = DType[spec.dtype as keyof typeof DType];
    const flat = (spec.shape.length === 0 ? [spec.value] : (spec.value as unknown[]).flat(spec.shape.length - 1)) as unknown[];
    if (dtype === DType.string) return new Tensor(dtype, spec.shape, flat.map((b) => new Uint8Array(b as number[])));
    if (dtype === DType.int64 || dtype === DType.uint64) return Tensor.from(flat.map((v) => BigInt(v as string)) as bigint[], { dtype, shape: spec.shape });
    return Tensor.from(flat as number[], { dtype, shape: spec.shape });
  }

  function expectMatches(t: Tensor, spec: Spec, what: string) {
    const want = toTensor(spec);
    expect({ what, dtype: DType[t.dtype], shape: t.shape }).toEqual({ what, dtype: spec.dtype, shape: spec.shape });
    if (t.dtype === DType.string) {
      expect((t.data as Uint8Array[]).map((b) => Array.from(b))).toEqual((want.data as Uint8Array[]).map((b) => Array.from(b)));
    } else {
      expect({ what, values: t.toArray() }).toEqual({ what, values: want.toArray() });
    }
  }

  maybe('every run case gives the values or the error Python TF gave', async () => {
    const exp = expected('dtypes');
    const g = importFixtureGraph('dtypes');
    const sess = new Session(g);
    try {
      for (const c of exp.cases as Array<{ name: string; feeds: Record<string, Spec>; fetches: string[]; results?: Record<string, Spec>; error?: { class: string; code: number; node: string; status_message: string } }>) {
        const feeds = Object.fromEntries(Object.entries(c.feeds).map(([k, v]) => [k, toTensor(v)]));
        for (const mode of ['sync', 'async'] as const) {
          const go = () => (mode === 'sync' ? Promise.resolve().then(() => sess.runSync(c.fetches, feeds)) : sess.run(c.fetches, feeds));
          if (c.error) {
            const err = await go().then(() => null, (e) => e);
            expect(err).toBeInstanceOf((errors as Record<string, any>)[c.error.class]);
            expect(err).toBeInstanceOf(errors.OpError);
            expect({ case: c.name, code: err.code, op: err.op, message: err.message })
              .toEqual({ case: c.name, code: c.error.code, op: c.error.node, message: c.error.status_message });
          } else {
            const res = (await go()) as Tensor[];
            c.fetches.forEach((f, i) => expectMatches(res[i], c.results![f], `${c.name} ${f} (${mode})`));
          }
        }
      }
    } finally {
      await sess.close();
    }
  });

});

describe('Tensor on the host', () => {
  test('Tensor.from infers dtypes as TF1 does', () => {
    expect(Tensor.from(1.5).dtype).toBe(DType.float32);
    expect(Tensor.from(3n).dtype).toBe(DType.int64);
    expect(Tensor.from(true).dtype).toBe(DType.bool);
    expect(Tensor.from('s').dtype).toBe(DType.string);
    expect(Tensor.from(new Uint8Array([1, 2])).dtype).toBe(DType.string); // bytes
    expect(Tensor.from(new Int16Array(3)).dtype).toBe(DType.int16);
    expect(Tensor.from([[1, 2], [3, 4]]).shape).toEqual([2, 2]);
    expect(Tensor.from([]).shape).toEqual([0]);
  });

  test('a typed array of the right kind is shared, not copied', () => {
    const a = new Float32Array([1, 2, 3, 4]);
    const t = Tensor.from(a, { shape: [2, 2] });
    expect(t.data).toBe(a);
    expect(kind(Tensor.from(a, { dtype: DType.float64 }).data)).toBe('Float64Array');
  });

  test('item, toArray, reshape, scalar broadcast', () => {
    expect(Tensor.from(7, { dtype: DType.int32 }).item()).toBe(7);
    expect(Tensor.from(2, { dtype: DType.int32, shape: [2, 2] }).toArray()).toEqual([[2, 2], [2, 2]]);
    expect(Tensor.from([1, 2, 3, 4]).reshape([2, 2]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(() => Tensor.from([1, 2, 3]).item()).toThrow(ValueError);
    expect(() => Tensor.from([1, 2, 3]).reshape([2, 2])).toThrow(ValueError);
    expect(String(Tensor.from([1n, 2n]))).toMatch(/dtype=int64, shape=\[2\]/);
  });

  test('ragged nested arrays are a ValueError', () => {
    expect(() => Tensor.from([[1, 2], [3]])).toThrow(ValueError);
    expect(() => Tensor.from([[1, 2], 3] as never)).toThrow(/ragged/);
    expect(() => Tensor.from([1, [2]] as never)).toThrow(/ragged/);
  });

  test('a Tensor whose data does not fit its dtype and shape is a ValueError', () => {
    expect(() => new Tensor(DType.float32, [3], new Float32Array(2))).toThrow(ValueError);
    expect(() => new Tensor(DType.int64, [1], new Int32Array(2) as never)).toThrow(ValueError);
    expect(() => new Tensor(DType.string, [2], [enc('a')])).toThrow(ValueError);
    expect(() => new Tensor(DType.float32, [-1], new Float32Array(0))).toThrow(ValueError);
  });
});

test('a number with a fraction does not go into an integer dtype (TF1 TypeError), nothing truncated', () => {
  expect(() => Tensor.from(3.1, { dtype: DType.int32 })).toThrow(new TypeError("Expected int32, but got 3.1 of type 'float'."));
  expect(() => Tensor.from([1, 1.5], { dtype: DType.int64 })).toThrow(new TypeError("Expected int64, but got 1.5 of type 'float'."));
  expect(() => Tensor.from(NaN, { dtype: DType.uint8 })).toThrow(new TypeError("Expected uint8, but got nan of type 'float'."));
  expect(Tensor.from([1, -2], { dtype: DType.int32 }).data).toEqual(new Int32Array([1, -2]));
  // A typed array converts element-wise, as numpy's astype.
  expect(Tensor.from(new Float32Array([1.5]), { dtype: DType.int32 }).data).toEqual(new Int32Array([1]));
});
