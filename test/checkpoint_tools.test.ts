/**
 * TF1's checkpoint tools beside the Saver: remove_checkpoint, load_variable, NewCheckpointReader,
 * checkpoints_iterator (an evaluation loop's source of new checkpoints) and write_graph.
 */
import { fromBinary } from '@bufbuild/protobuf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DType, Graph, Session, Tensor, errors, ops, train } from '../lib';
import { GraphDefSchema, fromTextFormat } from '../lib/proto';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ckpt-tools-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A session on a graph with variable `w` = [1, 2] and a Saver. */
async function saved() {
  const graph = new Graph();
  const { w, saver } = graph.asDefault(() => {
    const v = new ops.Variable(Tensor.from([1, 2], { dtype: DType.float32 }), { name: 'w' });
    return { w: v, saver: new train.Saver() };
  });
  const sess = new Session(graph);
  await sess.run(w.initializer);
  return { graph, w, saver, sess };
}

test('removeCheckpoint deletes one checkpoint\'s files and leaves the others', async () => {
  const { saver, sess } = await saved();
  const first = await saver.save(sess, path.join(dir, 'model.ckpt'), { globalStep: 1 });
  const second = await saver.save(sess, path.join(dir, 'model.ckpt'), { globalStep: 2 });
  train.removeCheckpoint(first);
  expect(train.checkpointExists(first)).toBe(false);
  expect(fs.readdirSync(dir).filter((f) => f.startsWith('model.ckpt-1'))).toEqual([]);
  expect(train.checkpointExists(second)).toBe(true);
  expect(fs.existsSync(`${second}.meta`)).toBe(true);
  train.removeCheckpoint(first); // nothing left to delete: no error, as TF1
  await sess.close();
});

test('loadVariable and NewCheckpointReader read a variable; a trailing :0 is dropped', async () => {
  const { saver, sess } = await saved();
  const prefix = await saver.save(sess, path.join(dir, 'model.ckpt'));
  for (const where of [dir, prefix]) {
    expect(Array.from(train.loadVariable(where, 'w:0').data as Float32Array)).toEqual([1, 2]);
  }
  const reader = train.NewCheckpointReader(prefix);
  expect(reader.getVariableToShapeMap()).toEqual({ w: [2] });
  reader.close();
  await sess.close();
});

test('checkpointsIterator gives each new checkpoint once, then ends after its timeout', async () => {
  const { saver, sess } = await saved();
  await saver.save(sess, path.join(dir, 'model.ckpt'), { globalStep: 1 });
  const seen: string[] = [];
  for await (const p of train.checkpointsIterator(dir, { timeout: 2 })) {
    seen.push(path.basename(p));
    // A trainer saving the next checkpoint while the evaluation of this one runs.
    if (seen.length === 1) await saver.save(sess, path.join(dir, 'model.ckpt'), { globalStep: 2 });
  }
  expect(seen).toEqual(['model.ckpt-1', 'model.ckpt-2']);
  // timeoutFn, as TF1 asks it after each checkpoint and each timeout: true ends the loop.
  let asked = 0;
  for await (const p of train.checkpointsIterator(dir, { timeout: 1, timeoutFn: () => ++asked >= 2 })) {
    seen.push(path.basename(p));
  }
  expect(seen).toEqual(['model.ckpt-1', 'model.ckpt-2', 'model.ckpt-2']);
  expect(asked).toBe(2);
  await sess.close();
}, 20000);

test('writeGraph writes the GraphDef as text or binary and returns the path', async () => {
  const { graph, sess } = await saved();
  const text = train.writeGraph(graph, path.join(dir, 'sub'), 'graph.pbtxt');
  expect(text).toBe(path.join(dir, 'sub', 'graph.pbtxt'));
  const binary = train.writeGraph(graph, dir, 'graph.pb', false);
  const expected = fromBinary(GraphDefSchema, graph.toGraphDef());
  expect(fromBinary(GraphDefSchema, new Uint8Array(fs.readFileSync(binary)))).toEqual(expected);
  expect(fromTextFormat(GraphDefSchema, fs.readFileSync(text, 'utf8'))).toEqual(expected);
  await sess.close();
});

test('BAD CALL - writeGraph where no directory can be made: NotFoundError at once (Node\'s recursive mkdir looped on /proc)', () => {
  expect(() => train.writeGraph(new Graph(), '/proc/nope/logs', 'graph.pbtxt'))
    .toThrow(new errors.NotFoundError('/proc/nope/logs; No such file or directory'));
});
