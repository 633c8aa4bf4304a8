/**
 * train.warmStart and train.VocabInfo (tf.compat.v1.train.warm_start / VocabInfo) against TF1
 * Python on the scenarios of scripts/fixtures/make_warm_start.py: every form of varsToWarmStart,
 * partitioned (also differently) and resource variables, renamed variables, vocabulary remapping
 * along axis 0 and 1 with OOV buckets, backup initializers and partitions, an object-based
 * checkpoint; the ops it and the init op after it add (op for op, attrs and constants), the values
 * that init op gives, the logs, and TF1's errors. Then a model trained here, warm-started with a
 * changed vocabulary.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DType, Graph, Output, Session, Tensor, ValueError, Variable, ops, train } from '../lib';
import { LogLevel, addLogHandler } from '../lib/training/tf_logging';
import { expected, fixturePath, hasFixture } from './helpers/core';
import { RecordedAll, recordAll } from './helpers/graph_record';

const FIXTURE = 'warm_start';
const maybe = hasFixture(FIXTURE) ? test : test.skip;
const DIR = fixturePath(FIXTURE);

interface VarSpec { name: string; shape: number[]; parts?: number; resource?: boolean; trainable?: boolean }
type Backup = { type: 'ones' } | { type: 'truncated_normal'; stddev: number; seed: number } | number;
interface VocabArgs {
  new_vocab: string; new_vocab_size: number; num_oov_buckets: number; old_vocab: string;
  old_vocab_size?: number; backup_initializer?: Backup; axis?: number;
}
type VarsArg = string | null | number | { variables: string[] } | Array<string | { variable: string } | { partitioned: string }>;
interface Args {
  vars_to_warm_start?: VarsArg;
  var_name_to_vocab_info?: Record<string, VocabArgs>;
  var_name_to_prev_var_name?: Record<string, string>;
}
type GraphRecord = Omit<RecordedAll, 'collections'>;
interface Scenario {
  model: VarSpec[];
  checkpoint: 'dir' | 'prefix' | 'obj' | 'empty' | 'missing';
  args: Args;
  error?: { class: string; message: string };
  graph?: GraphRecord;
  values?: Record<string, unknown>;
  logs?: Array<[string, string, string]>;
}
interface Fixture {
  checkpoint_prefix: string;
  pretrained: Record<string, unknown>;
  scenarios: Record<string, Scenario>;
  vocab_info_errors: Record<string, { args: VocabArgs; error: { class: string; message: string } }>;
}

const fixture = hasFixture(FIXTURE) ? expected<Fixture>(FIXTURE) : null;

const ckptPaths = (): Record<Scenario['checkpoint'], string> => ({
  dir: path.join(DIR, 'ckpt'), prefix: path.join(DIR, fixture!.checkpoint_prefix), obj: path.join(DIR, 'obj'),
  empty: path.join(DIR, 'empty'), missing: path.join(DIR, 'missing', 'model.ckpt'),
});

/** The model's variables as the fixture's get_variable calls make them, every one initialized to -1. */
function buildModel(model: VarSpec[]): Map<string, Variable | ops.PartitionedVariable> {
  return new Map(model.map((spec) => [spec.name, ops.getVariable(spec.name, {
    shape: spec.shape, initializer: ops.constantInitializer(-1),
    partitioner: spec.parts ? ops.fixedSizePartitioner(spec.parts) : undefined,
    useResource: spec.resource ?? false, trainable: spec.trainable ?? true,
  })]));
}

function backupInitializer(b: Backup): ops.Initializer {
  if (typeof b === 'number') return b as never;  // not callable, as the fixture's 3
  return b.type === 'ones' ? ops.onesInitializer() : ops.truncatedNormalInitializer({ stddev: b.stddev, seed: b.seed });
}

function vocabInfo(a: VocabArgs): train.VocabInfo {
  return new train.VocabInfo(path.join(DIR, a.new_vocab), a.new_vocab_size, a.num_oov_buckets, path.join(DIR, a.old_vocab), {
    oldVocabSize: a.old_vocab_size, axis: a.axis,
    backupInitializer: a.backup_initializer === undefined ? undefined : backupInitializer(a.backup_initializer),
  });
}

/** vars_to_warm_start from its JSON form: Variables found by op name, a PartitionedVariable by its name. */
function varsArg(g: Graph, created: Map<string, Variable | ops.PartitionedVariable>, v: VarsArg): unknown {
  const variable = (name: string) => g.getCollection<Variable>('variables').find((x) => x.op.name === name)!;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v.variables.map(variable);
  if (!Array.isArray(v)) return v;
  return v.map((x) => (typeof x === 'string' ? x : 'variable' in x ? variable(x.variable) : created.get(x.partitioned)));
}

/** A value as the fixture has it: strings as text with the fixture directory as <DIR>, int64 as numbers. */
function jsonOf(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1').split(DIR).join('<DIR>');
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(jsonOf);
  return v;
}

/** recordAll of the ops not in `before`, as the fixture keeps them. */
function recordAdded(g: Graph, before: Set<string>): GraphRecord {
  const rec = recordAll(g, jsonOf);
  const added = <T>(m: Record<string, T>) => Object.fromEntries(Object.entries(m).filter(([k]) => !before.has(k)));
  return {
    ops: rec.ops.filter(([name]) => !before.has(name)), placement: added(rec.placement), attrs: added(rec.attrs),
    consts: added(rec.consts),
  };
}

/** Runs one scenario as the fixture's script does: its error, or the graph, values and logs. */
async function runScenario(sc: Scenario) {
  const g = new Graph();
  return g.asDefault(async () => {
    const created = buildModel(sc.model);
    const before = new Set(g.operations().map((o) => o.name));
    const logs: Array<[string, string, string]> = [];
    const remove = addLogHandler(({ level, source, msg }) => {
      logs.push([LogLevel[level], source, msg.split(DIR).join('<DIR>')]);
    });
    try {
      const a = sc.args;
      train.warmStart(ckptPaths()[sc.checkpoint], {
        ...('vars_to_warm_start' in a ? { varsToWarmStart: varsArg(g, created, a.vars_to_warm_start!) as never } : {}),
        varNameToVocabInfo: a.var_name_to_vocab_info && Object.fromEntries(Object.entries(a.var_name_to_vocab_info)
          .map(([k, v]) => [k, vocabInfo(v)])),
        varNameToPrevVarName: a.var_name_to_prev_var_name,
      });
    } catch (e) {
      return { error: e as Error };
    } finally {
      remove();
    }
    const init = ops.globalVariablesInitializer();
    const graph = recordAdded(g, before);
    const sess = new Session(g);
    try {
      await sess.run(init);
      const values: Record<string, unknown> = {};
      for (const v of ops.globalVariables()) values[v.op.name] = (await sess.run(v) as Tensor).toArray();
      return { graph, values, logs };
    } finally {
      await sess.close();
    }
  });
}

describe('warmStart, as TF1 Python', () => {
  const scenarios = fixture?.scenarios ?? {};
  const names = Object.keys(scenarios);

  maybe.each(names.length ? names : ['none'])('%s', async (name) => {
    const sc = scenarios[name];
    const outcome = await runScenario(sc);
    if (sc.error) {
      expect(outcome.error).toBeDefined();
      expect(outcome.error!.name).toBe(sc.error.class);
      expect(outcome.error!.message.split(DIR).join('<DIR>')).toBe(sc.error.message);
      return;
    }
    if (outcome.error) throw outcome.error;
    expect(outcome.graph).toEqual(sc.graph);
    expect(outcome.values).toEqual(sc.values);
    // TF prints a backup initializer's repr, which has no JS twin: compared as <initializer>.
    expect(outcome.logs).toEqual(sc.logs);
  });
});

describe('VocabInfo', () => {
  maybe('holds its arguments, with TF1 defaults', () => {
    const init = ops.onesInitializer();
    const v = new train.VocabInfo('new.txt', 5, 2, 'old.txt', { backupInitializer: init });
    expect([v.newVocab, v.newVocabSize, v.numOovBuckets, v.oldVocab, v.oldVocabSize, v.backupInitializer, v.axis])
      .toEqual(['new.txt', 5, 2, 'old.txt', -1, init, 0]);
  });

  maybe.each(Object.keys(fixture?.vocab_info_errors ?? { none: 0 }))('TF1 error: %s', (name) => {
    const { args, error } = fixture!.vocab_info_errors[name];
    expect(error.class).toBe('ValueError');
    expect(() => vocabInfo(args)).toThrow(new ValueError(error.message));
  });
});

describe('warmStart, in Node', () => {
  maybe('fine-tunes a model trained here after its vocabulary changed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf1-node-warm-'));
    const oldWords = ['the', 'cat', 'sat', 'mat'];
    const newWords = ['mat', 'dog', 'the', 'sat', 'hat'];
    const write = (file: string, words: string[]) => {
      fs.writeFileSync(path.join(dir, file), `${words.join('\n')}\n`);
      return path.join(dir, file);
    };
    const oldVocab = write('old.txt', oldWords);
    const newVocab = write('new.txt', newWords);
    const trainDir = path.join(dir, 'train');
    // A bag-of-embeddings regression over the old vocabulary, trained for 5 steps.
    const model = (vocabSize: number) => {
      const ids = ops.placeholder(DType.int32, [null], 'ids');
      const y = ops.placeholder(DType.float32, [null, 1], 'y');
      const emb = ops.getVariable('emb', { shape: [vocabSize, 3], initializer: ops.randomUniformInitializer({ seed: 1 }) });
      const w = ops.getVariable('dense/w', { shape: [3, 1], initializer: ops.onesInitializer() });
      const pred = ops.matmul(ops.gather(emb, ids), w);
      const loss = ops.reduceMean(ops.square(ops.sub(pred, y)));
      return { ids, y, emb, w, loss };
    };
    try {
      await new Graph().asDefault(async () => {
        const m = model(oldWords.length);
        const trainOp = new train.GradientDescentOptimizer(0.1).minimize(m.loss, { globalStep: train.getOrCreateGlobalStep() });
        const feed = new Map<Output, Tensor>([[m.ids, Tensor.from([0, 1, 2, 3], { dtype: DType.int32 })],
          [m.y, Tensor.from([[1], [-1], [2], [0.5]])]]);
        await train.withMonitoredSession(train.MonitoredTrainingSession({
          checkpointDir: trainDir, hooks: [new train.StopAtStepHook({ lastStep: 5 })], saveSummariesSteps: null,
        }), async (sess) => {
          while (!sess.shouldStop()) await sess.run(trainOp, feed);
        });
      });
      const trained = train.loadVariable(trainDir, 'emb').toArray() as number[][];
      const trainedW = train.loadVariable(trainDir, 'dense/w').toArray();
      expect(train.loadVariable(trainDir, 'global_step').item()).toBe(5n);

      // The new model: one OOV bucket, new words and the bucket zero-initialized.
      await new Graph().asDefault(async () => {
        const m = model(newWords.length + 1);
        const step = train.getOrCreateGlobalStep();
        train.warmStart(trainDir, {
          varNameToVocabInfo: { emb: new train.VocabInfo(newVocab, newWords.length, 1, oldVocab) },
        });
        await train.withMonitoredSession(train.MonitoredTrainingSession({
          checkpointDir: path.join(dir, 'finetune'), saveSummariesSteps: null, saveCheckpointSecs: null,
        }), async (sess) => {
          const [emb, w, gs] = await sess.run([m.emb, m.w, step]) as Tensor[];
          const expectedRows = [...newWords.map((word) => (oldWords.includes(word) ? trained[oldWords.indexOf(word)]
            : [0, 0, 0])), [0, 0, 0]];
          expect(emb.toArray()).toEqual(expectedRows);
          expect(w.toArray()).toEqual(trainedW);
          // Not trainable, so not warm-started: training starts over at step 0.
          expect(gs.item()).toBe(0n);
        });
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
