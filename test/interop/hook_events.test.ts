/**
 * Event files written by the training hooks, loaded by TensorBoard's EventAccumulator (Python,
 * through scripts/interop/check_events.py): what TensorBoard shows of a MonitoredTrainingSession
 * run. Run with `npm run test:interop`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DType } from '../../lib/framework/dtypes';
import { constant } from '../../lib/ops/array_ops';
import { group } from '../../lib/ops/control_flow_ops';
import { FileWriterCache } from '../../lib/summary/writer/writer_cache';
import {
  MonitoredSession, MonitoredTrainingSession, ProfilerHook, StopAtStepHook, addLogHandler, incrementGlobalStep,
  withMonitoredSession,
} from '../../lib/train';
import { addHalf, counterGraph } from '../helpers/graphs';

const PYTHON = process.env.TF1_NODE_PYTHON;
if (!PYTHON) throw new Error('TF1_NODE_PYTHON is not set: run this suite with `npm run test:interop`');
const CHECKER = path.join(__dirname, '..', '..', 'scripts', 'interop', 'check_events.py');

function tensorBoardView(logdir: string): any {
  return JSON.parse(execFileSync(PYTHON!, [CHECKER, logdir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
}

let dir: string;
let stopLogs: () => void;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hook-events-')));
  stopLogs = addLogHandler(() => {});
});
afterEach(async () => {
  stopLogs();
  await FileWriterCache.clear();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** v += 0.5 per step, `loss` = v before the step, summarised as scalar `loss`. */
function counter() {
  return counterGraph(({ graph, v, loss }) => {
    graph.addToCollection('summaries', graph.addOperation({
      type: 'ScalarSummary', name: 'loss_summary', inputs: [constant('loss'), loss], attrs: [['T', 'type', DType.float32]],
    }).output(0));
    const train = graph.controlDependencies([loss], () => group([incrementGlobalStep(1), addHalf(v)], 'train'));
    return { train };
  });
}

describe('hook event files in TensorBoard', () => {
  it('MonitoredTrainingSession: scalars, step rate, graph, meta graph and run metadata', async () => {
    const m = counter();
    await m.graph.asDefault(() => withMonitoredSession(MonitoredTrainingSession({
      checkpointDir: dir, saveSummariesSteps: 2, logStepCountSteps: 2, saveCheckpointSteps: 3,
      hooks: [new StopAtStepHook({ lastStep: 6 }), new ProfilerHook({ saveSteps: 3, outputDir: dir })],
    }), async (s) => {
      while (!s.shouldStop()) await s.run(m.train);
    }));
    await FileWriterCache.clear();
    const view = tensorBoardView(dir);
    expect(view.file_version).toBe(2);
    expect(view.source_writer).toBe('tensorflow.core.util.events_writer');
    // SummarySaverHook: the first run, then every 2 steps; the value is v before the step.
    expect(view.scalars.loss).toEqual([[1, 0], [3, 1], [5, 2]]);
    expect(view.scalars['global_step/sec'].map(([step]: [number]) => step)).toEqual([3, 5]);
    expect(view.graph.train).toBe('NoOp');
    expect(view.tags.meta_graph).toBe(true);
    expect(Object.keys(view.run_metadata).sort()).toEqual(['step_3', 'step_6']);
    expect(view.run_metadata.step_3.length).toBeGreaterThan(0);
  });

  for (const showMemory of [false, true]) {
    it(`ProfilerHook's timeline is Python's Timeline of the same RunMetadata (showMemory=${showMemory})`, async () => {
      const m = counter();
      await m.graph.asDefault(() => withMonitoredSession(MonitoredSession.create({
        hooks: [new ProfilerHook({ saveSteps: 1, outputDir: dir, showMemory }), new StopAtStepHook({ numSteps: 2 })],
      }), async (s) => {
        while (!s.shouldStop()) await s.run(m.train);
      }));
      await FileWriterCache.clear();
      const [events] = fs.readdirSync(dir).filter((f) => f.startsWith('events.out.tfevents.'));
      const python = execFileSync(PYTHON!, ['-c', `
import sys
from tensorflow.core.protobuf import config_pb2
from tensorflow.python.client import timeline
from tensorflow.python.summary.summary_iterator import summary_iterator
for e in summary_iterator(sys.argv[1]):
  if e.WhichOneof('what') == 'tagged_run_metadata' and e.tagged_run_metadata.tag == 'step_2':
    md = config_pb2.RunMetadata.FromString(e.tagged_run_metadata.run_metadata)
    sys.stdout.write(timeline.Timeline(md.step_stats).generate_chrome_trace_format(show_dataflow=True, show_memory=sys.argv[2] == '1'))
`, path.join(dir, events), showMemory ? '1' : '0'], { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
      expect(python.length).toBeGreaterThan(100);
      expect(fs.readFileSync(path.join(dir, 'timeline-2.json'), 'utf8')).toBe(python);
    });
  }
});

