/**
 * Distributed TF1 training on one machine, no command line needed: picks free loopback ports,
 * starts 1 parameter server and 2 workers as separate processes (`task.ts`), lets the workers
 * train the model of `model.ts` to a shared global step, then ends the ps (a started TF gRPC
 * server only ends with its process).
 *
 *     node dist/examples/distributed/train_local_cluster.js [checkpointDir]
 *     node -r ./examples/distributed/register_ts.js examples/distributed/train_local_cluster.ts
 */
import { mkdtempSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LocalCluster, localClusterDict } from './cluster';
import { TaskOptions } from './task';

export interface LocalTrainingResult {
  checkpointDir: string;
  cluster: { ps: string[]; worker: string[] };
  /** The `done` event of each worker (its steps, the final global step, w and b). */
  workers: Array<Record<string, any>>;
}

/** Runs a cluster of `numPs` ps and `numWorkers` workers until the workers finish. */
export async function trainOnLocalCluster(options: TaskOptions & {
  numPs?: number; numWorkers?: number; timeoutMs?: number; echo?: NodeJS.WritableStream | null;
} = {}): Promise<LocalTrainingResult> {
  const { numPs = 1, numWorkers = 2, timeoutMs = 120000, echo = null, ...taskOptions } = options;
  const checkpointDir = taskOptions.checkpointDir ?? mkdtempSync(path.join(os.tmpdir(), 'tf1-node-dist-'));
  const cluster = await localClusterDict(numPs, numWorkers);
  const lc = new LocalCluster(cluster);
  try {
    const ps = cluster.ps.map((_, i) => lc.start('ps', i, { echo }));
    await Promise.all(ps.map((t) => lc.waitForEvent(t, (e) => e.event === 'ready', 30000)));
    // The chief first: it initialises the variables. The other workers start once it trains, so
    // their first readiness check passes (a non-chief that finds the model not ready waits 30 s,
    // TF1's recovery_wait_secs, before it looks again).
    const start = (i: number) => lc.start('worker', i, { echo, options: { ...taskOptions, checkpointDir } });
    const chief = start(0);
    await lc.waitForEvent(chief, (e) => e.event === 'step' || e.event === 'done', timeoutMs);
    const workers = [chief, ...cluster.worker.slice(1).map((_, i) => start(i + 1))];
    const codes = await Promise.all(workers.map((t) => lc.waitForExit(t, timeoutMs)));
    codes.forEach((c, i) => {
      if (c !== 0) throw new Error(`worker ${i} exited with ${c}:\n${workers[i].stderr.slice(-4000)}`);
    });
    return { checkpointDir, cluster, workers: workers.map((t) => t.events.find((e) => e.event === 'done')!) };
  } finally {
    await lc.killAll();
  }
}

if (require.main === module) {
  trainOnLocalCluster({
    checkpointDir: process.argv[2], lastStep: 300, saveCheckpointSteps: 100, saveSummariesSteps: 20, stepDelayMs: 10,
    echo: null,
  }).then((r) => {
    console.log(`cluster: ${JSON.stringify(r.cluster)}`);
    for (const w of r.workers) {
      console.log(`worker ${w.task}${w.isChief ? ' (chief)' : ''}: ${w.steps} steps, global step ${w.globalStep}, ` +
        `w=${w.w.map((x: number) => x.toFixed(3)).join(',')} b=${w.b[0].toFixed(3)}`);
    }
    console.log(`checkpoints and events in ${r.checkpointDir}`);
    process.exit(0);
  }, (e) => {
    console.error(e);
    process.exit(1);
  });
}
