/**
 * The built-in hooks and timers: what they log, write and request, beyond the conformance
 * scenarios (time-based schedules, formatting, files).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DType } from '../lib/framework/dtypes';
import { Tensor } from '../lib/framework/tensor';
import { sqrt, sub } from '../lib/ops/math_ops';
import { cast, identity } from '../lib/ops/array_ops';
import { controlDependencies, group } from '../lib/ops/control_flow_ops';
import { summaryIterator } from '../lib/summary/summary_iterator';
import { FileWriterCache } from '../lib/summary/writer/writer_cache';
import {
  LogRecord, LoggingTensorHook, MonitoredSession, NanLossDuringTrainingError, NanTensorHook, ProfilerHook,
  SecondOrStepTimer, StepCounterHook, StopAtStepHook, SummarySaverHook, addLogHandler,
  getOrCreateGlobalStepRead, incrementGlobalStep, withMonitoredSession,
} from '../lib/train';
import { formatG } from '../lib/training/basic_session_run_hooks';
import { numpyStr } from '../lib/util/python_repr';
import { RuntimeError } from '../lib/errors';
import { addHalf, counterGraph } from './helpers/graphs';

let dir: string;
let logs: LogRecord[];
let removeHandler: () => void;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hooks-')));
  logs = [];
  removeHandler = addLogHandler((r) => logs.push(r));
});
afterEach(async () => {
  removeHandler();
  await FileWriterCache.clear();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * gs += 1 and v += 0.5 per `train` run; `nanLoss` = sqrt(2 - gs); `updated` = v after the update
 * (`loss` fetched beside `train` is unordered with the update, in TF as here).
 */
function counter() {
  return counterGraph(({ v }) => {
    const nanLoss = sqrt(sub(2, cast(getOrCreateGlobalStepRead()!, DType.float32)), 'nan_loss');
    const train = group([incrementGlobalStep(1), addHalf(v)], 'train');
    const updated = controlDependencies([train], () => identity(v.value(), 'updated'));
    return { nanLoss, train, updated };
  });
}

async function trainLoop(m: ReturnType<typeof counter>, hooks: ConstructorParameters<never>[] | unknown[]): Promise<void> {
  await m.graph.asDefault(() => withMonitoredSession(MonitoredSession.create({ hooks: hooks as never }), async (s) => {
    while (!s.shouldStop()) await s.run(m.train);
  }));
}

const messages = (source: string) => logs.filter((l) => l.source === source).map((l) => l.msg);

describe('SecondOrStepTimer', () => {
  it('triggers on the first step, then every N steps, never twice for one step', () => {
    const t = new SecondOrStepTimer({ everySteps: 3 });
    expect(t.shouldTriggerForStep(5)).toBe(true);
    expect(t.updateLastTriggeredStep(5)).toEqual([null, null]);
    expect([5, 6, 7, 8].map((s) => t.shouldTriggerForStep(s))).toEqual([false, false, false, true]);
    expect(t.lastTriggeredStep()).toBe(5);
  });

  it('triggers every N seconds by the wall clock', () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1000_000);
    try {
      const t = new SecondOrStepTimer({ everySecs: 10 });
      t.updateLastTriggeredStep(1);
      now.mockReturnValue(1009_000);
      expect(t.shouldTriggerForStep(2)).toBe(false);
      now.mockReturnValue(1010_000);
      expect(t.shouldTriggerForStep(2)).toBe(true);
      expect(t.shouldTriggerForStep(1)).toBe(false);
      expect(t.updateLastTriggeredStep(4)).toEqual([10, 3]);
    } finally {
      now.mockRestore();
    }
  });
});

describe('formatting', () => {
  it('renders values as numpy str() and rates as %g', () => {
    expect(numpyStr(Tensor.from(1.5, { dtype: DType.float32 }))).toBe('1.5');
    expect(numpyStr(Tensor.from(0.1, { dtype: DType.float32 }))).toBe('0.1');
    expect(numpyStr(Tensor.from(7n))).toBe('7');
    // As numpy: str(np.array([[1, 2.5], [3, -4]], np.float32)), str(np.array([1, 10])), ...
    expect(numpyStr(Tensor.from([[1, 2.5], [3, -4]], { dtype: DType.float32 }))).toBe('[[ 1.   2.5]\n [ 3.  -4. ]]');
    expect(numpyStr(Tensor.from([1, 10], { dtype: DType.int32 }))).toBe('[ 1 10]');
    expect(numpyStr(Tensor.from([0.00001, 1], { dtype: DType.float32 }))).toBe('[0.00001 1.     ]');
    expect(numpyStr(Tensor.from([true, false]))).toBe('[ True False]');
    expect(numpyStr(Tensor.from(new Float32Array(8), { shape: [2, 2, 2] }))).toBe('[[[0. 0.]\n  [0. 0.]]\n\n [[0. 0.]\n  [0. 0.]]]');
    expect([132.5, 0.000012345, 1234567, 100, 2 / 3].map(formatG)).toEqual(['132.5', '1.2345e-05', '1.23457e+06', '100',
      '0.666667']);
  });
});

describe('hooks', () => {
  it('LoggingTensorHook logs every N local runs and at the end, with a custom formatter', async () => {
    const m = counter();
    await trainLoop(m, [
      new LoggingTensorHook({ v: m.updated }, { everyNIter: 2, formatter: (v) => `v=${v.v.item()}` }),
      new LoggingTensorHook([m.loss], { atEnd: true }),
      new StopAtStepHook({ numSteps: 5 }),
    ]);
    expect(messages('basic_session_run_hooks')).toEqual(['v=0.5', 'v=1.5', 'v=2.5', 'loss:0 = 2.5']);
  });

  it('NanTensorHook raises NanLossDuringTrainingError, or requests a stop', async () => {
    const m = counter();
    const err = await trainLoop(m, [new NanTensorHook(m.nanLoss)]).catch((e) => e);
    expect(err).toBeInstanceOf(NanLossDuringTrainingError);
    expect(err).toBeInstanceOf(RuntimeError);
    expect(err.message).toBe('NaN loss during training.');
    expect(logs.find((l) => l.msg === 'Model diverged with loss = NaN.')?.level).toBe(40);
    const m2 = counter();
    await trainLoop(m2, [new NanTensorHook(m2.nanLoss, false)]);
    expect(logs.filter((l) => l.msg === 'Model diverged with loss = NaN.').map((l) => l.level)).toEqual([40, 30]);
  });

  it('StepCounterHook and SummarySaverHook write global_step/sec and summaries to the event file', async () => {
    const m = counter();
    const summaryOp = m.graph.asDefault(() => {
      const g = m.graph;
      return g.addOperation({
        type: 'ScalarSummary', name: 'loss_summary',
        inputs: [g.addOperation({ type: 'Const', name: 'tag', attrs: [['value', 'tensor', Tensor.from('loss')], ['dtype', 'type', DType.string]] }).output(0), m.loss],
        attrs: [['T', 'type', DType.float32]],
      }).output(0);
    });
    await trainLoop(m, [
      new StepCounterHook({ everyNSteps: 2, outputDir: dir }),
      new SummarySaverHook({ saveSteps: 3, outputDir: dir, summaryOp }),
      new StopAtStepHook({ numSteps: 6 }),
    ]);
    await FileWriterCache.clear();
    const [file] = fs.readdirSync(dir).filter((f) => f.startsWith('events.out.tfevents.'));
    const events = [...summaryIterator(path.join(dir, file))];
    const tagged = events.filter((e) => e.what.case === 'summary').map((e) => {
      const v = (e.what.value as { value: Array<{ tag: string }> }).value[0];
      return `${v.tag}@${e.step}`;
    });
    expect(tagged).toEqual(['loss@1', 'global_step/sec@3', 'loss@4', 'global_step/sec@5']);
    expect(messages('basic_session_run_hooks').filter((s) => s.startsWith('global_step/sec: '))).toHaveLength(2);
  });

  it('ProfilerHook writes Chrome traces of the traced steps', async () => {
    const m = counter();
    await trainLoop(m, [new ProfilerHook({ saveSteps: 2, outputDir: dir }), new StopAtStepHook({ numSteps: 4 })]);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('timeline-')).sort()).toEqual(['timeline-2.json', 'timeline-4.json']);
    const trace = JSON.parse(fs.readFileSync(path.join(dir, 'timeline-2.json'), 'utf8'));
    const ops = trace.traceEvents.filter((e: { ph: string }) => e.ph === 'X');
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.map((e: { args: { name: string } }) => e.args.name)).toContain('train');
    // One "Allocators" process, then a Compute and a Tensors process per device in the step stats.
    const processes = trace.traceEvents.filter((e: { ph: string }) => e.ph === 'M').map((e: { args: { name: string } }) => e.args.name);
    expect(processes[0]).toBe('Allocators');
    expect(processes.length % 2).toBe(1);
    processes.slice(1).forEach((name: string, i: number) => expect(name).toMatch(i % 2 ? / Tensors$/ : / Compute$/));
    expect(messages('basic_session_run_hooks')).toContain(`Saving timeline for 2 into '${path.join(dir, 'timeline-2.json')}'.`);
  });
});
