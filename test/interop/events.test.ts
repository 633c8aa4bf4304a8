/**
 * Event files written here, loaded by TensorBoard's EventAccumulator (Python, through
 * scripts/interop/check_events.py): what TensorBoard shows is what these tests assert.
 * Run with `npm run test:interop`, which sets TF1_NODE_PYTHON to the reference venv.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { create, toBinary } from '@bufbuild/protobuf';
import { DataType, GraphDefSchema, MetaGraphDefSchema, SessionLog_SessionStatus, SummarySchema } from '../../lib/proto';
import { FileWriter } from '../../lib/summary/writer/writer';
import { addLogHandler } from '../../lib/training/tf_logging';

const PYTHON = process.env.TF1_NODE_PYTHON;
if (!PYTHON) throw new Error('TF1_NODE_PYTHON is not set: run this suite with `npm run test:interop`');
const CHECKER = path.join(__dirname, '..', '..', 'scripts', 'interop', 'check_events.py');

interface TensorBoardView {
  file_version: number;
  source_writer: string;
  first_event_timestamp: number;
  tags: { scalars: string[]; histograms: string[]; tensors: string[]; graph: boolean; meta_graph: boolean; run_metadata: string[] };
  scalars: Record<string, [number, number][]>;
  histograms: Record<string, [number, number, number, number, number][]>;
  tensors: Record<string, [number, string[]][]>;
  summary_metadata: Record<string, string>;
  graph: Record<string, string> | null;
  meta_graph: { tags: string[]; nodes: number } | null;
  run_metadata: Record<string, string[]>;
}

function tensorBoardView(logdir: string): TensorBoardView {
  return JSON.parse(execFileSync(PYTHON!, [CHECKER, logdir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
}

let dir: string;
let stopCapturingLogs: () => void;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf1-node-tb-'));
  stopCapturingLogs = addLogHandler(() => {}); // the GraphDef deprecation warning
});
afterEach(() => {
  stopCapturingLogs();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A small linear-model graph, as TF1 would serialize it. */
const graphDef = toBinary(
  GraphDefSchema,
  create(GraphDefSchema, {
    node: [
      {
        name: 'x',
        op: 'Placeholder',
        attr: {
          dtype: { value: { case: 'type', value: DataType.DT_FLOAT } },
          shape: { value: { case: 'shape', value: { dim: [{ size: -1n }, { size: 3n }] } } },
        },
      },
      { name: 'w', op: 'VariableV2', attr: { dtype: { value: { case: 'type', value: DataType.DT_FLOAT } } } },
      { name: 'w/read', op: 'Identity', input: ['w'] },
      { name: 'y', op: 'MatMul', input: ['x', 'w/read'] },
    ],
    versions: { producer: 1882 },
  }),
);

const scalarSummary = (tag: string, value: number) => ({ value: [{ tag, value: { case: 'simpleValue' as const, value } }] });

test('TensorBoard sees the scalars, histogram, text, graph, meta graph and run metadata', async () => {
  const writer = new FileWriter(dir, { graph: graphDef });
  writer.addSessionLog({ status: SessionLog_SessionStatus.START }, 0);
  for (let step = 1; step <= 5; step++) {
    // As a summary op's result (serialized) on odd steps, as a message on even ones.
    const s = scalarSummary('loss', 1 / step);
    writer.addSummary(step % 2 ? toBinary(SummarySchema, create(SummarySchema, s)) : s, step);
  }
  writer.addSummary(
    {
      value: [
        {
          tag: 'weights',
          value: { case: 'histo', value: { min: -1, max: 2, num: 4, sum: 3, sumSquares: 7, bucketLimit: [0, 1, 2], bucket: [1, 2, 1] } },
        },
        {
          tag: 'note',
          metadata: { pluginData: { pluginName: 'text' } },
          value: { case: 'tensor', value: { dtype: DataType.DT_STRING, tensorShape: {}, stringVal: [Buffer.from('hello')] } },
        },
      ],
    },
    5,
  );
  writer.addSessionLog({ status: SessionLog_SessionStatus.CHECKPOINT, checkpointPath: path.join(dir, 'model.ckpt') }, 5);
  writer.addRunMetadata({ stepStats: { devStats: [{ device: '/job:localhost/replica:0/task:0/device:CPU:0' }] } }, 'step_5', 5);
  writer.addMetaGraph(create(MetaGraphDefSchema, { metaInfoDef: { tags: ['train'] } }));
  await writer.close();

  const tb = tensorBoardView(dir);
  expect(tb.file_version).toBe(2);
  expect(tb.source_writer).toBe('tensorflow.core.util.events_writer');
  expect(Number.isInteger(tb.first_event_timestamp)).toBe(true);
  expect(tb.scalars).toEqual({ loss: [1, 2, 3, 4, 5].map((s) => [s, Math.fround(1 / s)]) });
  expect(tb.histograms).toEqual({ weights: [[5, 4, 3, -1, 2]] });
  expect(tb.tensors).toEqual({ note: [[5, ['hello']]] });
  expect(tb.summary_metadata).toEqual({ note: 'text' });
  expect(tb.graph).toEqual({ x: 'Placeholder', w: 'VariableV2', 'w/read': 'Identity', y: 'MatMul' });
  // The last MetaGraphDef wins: the one added explicitly, after the graph's own.
  expect(tb.meta_graph).toEqual({ tags: ['train'], nodes: 0 });
  expect(tb.run_metadata).toEqual({ step_5: ['/job:localhost/replica:0/task:0/device:CPU:0'] });
});

test('a SessionLog START makes TensorBoard drop the steps a restarted run redoes', async () => {
  const writer = new FileWriter(dir);
  for (let step = 1; step <= 10; step++) writer.addSummary(scalarSummary('loss', step), step);
  writer.addSessionLog({ status: SessionLog_SessionStatus.CHECKPOINT, checkpointPath: '/c/model.ckpt' }, 5);
  // Restart from the checkpoint at step 5: steps 6.. are written again with new values.
  writer.addSessionLog({ status: SessionLog_SessionStatus.START }, 6);
  for (let step = 6; step <= 8; step++) writer.addSummary(scalarSummary('loss', 100 + step), step);
  await writer.close();

  expect(tensorBoardView(dir).scalars.loss).toEqual([
    [1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 106], [7, 107], [8, 108],
  ]);
});

test('TensorBoard reads every file of a writer that was closed and reopened, and events never closed', async () => {
  const writer = new FileWriter(dir, { flushSecs: 1000 });
  writer.addSummary(scalarSummary('loss', 1), 1);
  await writer.close();
  writer.reopen();
  writer.addSummary(scalarSummary('loss', 2), 2);
  writer.addSummary(scalarSummary('loss', 3), 3);
  // Not closed: flush() alone must make the events visible.
  await writer.flush();

  expect(fs.readdirSync(dir).filter((f) => f.startsWith('events.out.tfevents.'))).toHaveLength(2);
  expect(tensorBoardView(dir).scalars.loss).toEqual([[1, 1], [2, 2], [3, 3]]);
  await writer.close();
});
