/**
 * Summary ops: what a run of them gives (serialized Summary protos with TF1's tags and
 * values), their collections, mergeAll, and TF1's errors.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { DType, Graph, GraphKeys, Output, Session, Tensor, ValueError, ops, summary } from '../lib';
import { Summary, SummarySchema } from '../lib/proto';

let g: Graph;
beforeEach(() => { g = new Graph(); });

async function evalSummary(out: Output): Promise<Summary> {
  const sess = new Session(g);
  try {
    const t = await sess.run(out);
    return fromBinary(SummarySchema, (t.data as Uint8Array[])[0]);
  } finally {
    await sess.close();
  }
}

test('scalar: a simple value tagged by its unique scope', async () => {
  const [s1, s2] = g.asDefault(() => {
    const x = ops.constant(2.5);
    return [summary.scalar('loss', x), summary.scalar('loss', x)];
  });
  const v1 = (await evalSummary(s1)).value[0];
  expect(v1.tag).toBe('loss');
  expect(v1.value).toEqual({ case: 'simpleValue', value: 2.5 });
  expect((await evalSummary(s2)).value[0].tag).toBe('loss_1');
  expect(g.getCollection(GraphKeys.SUMMARIES)).toEqual([s1, s2]);
});

test('histogram, image and text', async () => {
  const [h, im, tx] = g.asDefault(() => [
    summary.histogram('w', ops.constant([1, 2, 3, 4]), { family: 'weights' }),
    summary.image('img', ops.zeros([2, 4, 4, 3]), { maxOutputs: 1 }),
    summary.text('note', ops.constant('hello')),
  ]);
  const hv = (await evalSummary(h)).value[0];
  expect(hv.tag).toBe('weights/weights/w');
  expect(hv.value.case).toBe('histo');
  const histo = hv.value.value as { num: number; sum: number; min: number; max: number };
  expect([histo.num, histo.sum, histo.min, histo.max]).toEqual([4, 10, 1, 4]);
  const iv = (await evalSummary(im)).value;
  expect(iv.map((v) => v.tag)).toEqual(['img/image']);
  expect(iv[0].value.case).toBe('image');
  const tv = (await evalSummary(tx)).value[0];
  expect(tv.tag).toBe('note');
  expect(tv.metadata!.pluginData!.pluginName).toBe('text');
  expect(tv.value.case).toBe('tensor');
});

test('merge and mergeAll', async () => {
  const { merged, none } = g.asDefault(() => {
    const none = summary.mergeAll();
    summary.scalar('a', ops.constant(1));
    summary.scalar('b', ops.constant(2));
    summary.scalar('c', ops.constant(3), { collections: ['other'] });
    return { merged: summary.mergeAll(), none };
  });
  expect(none).toBeNull();
  expect(merged!.name).toBe('Merge/MergeSummary:0');
  const tags = (await evalSummary(merged!)).value.map((v) => v.tag);
  expect(tags).toEqual(['a', 'b']);
  const other = g.asDefault(() => summary.mergeAll('other'))!;
  expect((await evalSummary(other)).value.map((v) => v.tag)).toEqual(['c']);
});

test('TF1 errors and tag cleaning', () => {
  g.asDefault(() => {
    expect(() => summary.text('t', ops.constant(1))).toThrow(new ValueError(
      'Expected tensor Const:0 to have dtype string, got float32'));
    expect(summary.cleanTag('a b/c!')).toBe('a_b/c_');
    expect(summary.scalar('/lead', ops.constant(Tensor.from(1, { dtype: DType.float64 }))).name).toBe('lead:0');
    expect(() => summary.scalar('s', ops.constant('x'))).toThrow(/^Value passed to parameter 'values' has DataType string/);
  });
});
