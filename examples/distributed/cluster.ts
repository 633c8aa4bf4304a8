/**
 * Starting a TF cluster on this machine: free loopback ports picked at run time, one process per
 * task (`task.ts`), each told its place in the cluster through `TF_CONFIG` as TF does. Every wait
 * has a timeout and `LocalCluster.killAll()` ends every process it started.
 */
import { ChildProcess, spawn } from 'child_process';
import * as net from 'net';
import * as path from 'path';

/** `n` distinct TCP ports that were free on 127.0.0.1 a moment ago (the OS picks them). */
export async function freePorts(n: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = net.createServer();
      servers.push(s);
      // Held open until all are picked, so the n ports differ.
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => resolve());
      });
      ports.push((s.address() as net.AddressInfo).port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}

/** `{ps: ['127.0.0.1:p0'], worker: ['127.0.0.1:p1', ...]}` on free ports. */
export async function localClusterDict(numPs: number, numWorkers: number): Promise<{ ps: string[]; worker: string[] }> {
  const ports = await freePorts(numPs + numWorkers);
  const addr = (p: number) => `127.0.0.1:${p}`;
  return { ps: ports.slice(0, numPs).map(addr), worker: ports.slice(numPs).map(addr) };
}

/** The per-task script next to this file, and how to start node on it (.ts sources or dist .js). */
export function taskCommand(script = 'task'): { node: string; args: string[] } {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `${script}${ext}`);
  if (ext === '.ts') return { node: process.execPath, args: ['-r', path.join(__dirname, 'register_ts.js'), file] };
  return { node: process.execPath, args: [file] };
}

export interface TaskProcess {
  job: string;
  index: number;
  child: ChildProcess;
  /** Everything written to stdout / stderr so far. */
  stdout: string;
  stderr: string;
  /** The JSON lines the task printed on stdout (`{"event": ...}`). */
  events: Array<Record<string, any>>;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string>;
  exitCode: number | string | null;
}

export interface StartTaskOptions {
  /** Training options passed as JSON in argv[2] (see task.ts). */
  options?: Record<string, unknown>;
  /** Extra environment. */
  env?: NodeJS.ProcessEnv;
  /** Mirror the task's output here (prefixed), e.g. process.stderr. */
  echo?: NodeJS.WritableStream | null;
}

/** A set of task processes of one cluster. */
export class LocalCluster {
  readonly tasks: TaskProcess[] = [];

  constructor(readonly cluster: Record<string, string[]>, readonly script = 'task') {}

  /** Starts the process of task `job:index`. */
  start(job: string, index: number, opts: StartTaskOptions = {}): TaskProcess {
    const { node, args } = taskCommand(this.script);
    const tfConfig = JSON.stringify({ cluster: this.cluster, task: { type: job, index } });
    const child = spawn(node, [...args, JSON.stringify(opts.options ?? {})], {
      env: { ...process.env, ...opts.env, TF_CONFIG: tfConfig, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const t: TaskProcess = {
      job, index, child, stdout: '', stderr: '', events: [], exitCode: null,
      exited: new Promise((resolve) => {
        child.once('exit', (code, signal) => {
          t.exitCode = code ?? signal ?? -1;
          resolve(t.exitCode);
        });
        child.once('error', () => {
          t.exitCode = t.exitCode ?? -1;
          resolve(t.exitCode);
        });
      }),
    };
    let pending = '';
    child.stdout!.on('data', (d: Buffer) => {
      const s = d.toString();
      t.stdout += s;
      opts.echo?.write(s.replace(/^(?=.)/gm, `[${job}:${index}] `));
      pending += s;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('{')) {
          try {
            t.events.push(JSON.parse(line));
          } catch { /* not an event line */ }
        }
      }
    });
    child.stderr!.on('data', (d: Buffer) => {
      const s = d.toString();
      t.stderr += s;
      opts.echo?.write(s.replace(/^(?=.)/gm, `[${job}:${index}] `));
    });
    this.tasks.push(t);
    return t;
  }

  /** Waits (at most `timeoutMs`) until `pred` holds for the task's printed events. */
  async waitForEvent(t: TaskProcess, pred: (e: Record<string, any>) => boolean, timeoutMs: number): Promise<Record<string, any>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = t.events.find(pred);
      if (hit) return hit;
      if (t.exitCode !== null) {
        throw new Error(`task ${t.job}:${t.index} exited (${t.exitCode}) before the awaited event\n${tail(t.stderr)}`);
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for an event of ${t.job}:${t.index}\n${tail(t.stderr)}`);
      await sleep(25);
    }
  }

  /** Waits (at most `timeoutMs`) for the task to exit; kills it and throws on timeout. */
  async waitForExit(t: TaskProcess, timeoutMs: number): Promise<number | string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); });
    const res = await Promise.race([t.exited, timeout]);
    clearTimeout(timer);
    if (res === 'timeout') {
      await this.kill(t);
      throw new Error(`task ${t.job}:${t.index} did not exit within ${timeoutMs} ms\n${tail(t.stderr)}`);
    }
    return res;
  }

  /** Kills one task (SIGKILL: a started TF server does not stop otherwise) and waits for it to end. */
  async kill(t: TaskProcess, timeoutMs = 10000): Promise<void> {
    if (t.exitCode !== null) return;
    t.child.kill('SIGKILL');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([t.exited, new Promise((r) => { timer = setTimeout(r, timeoutMs); })]);
    clearTimeout(timer);
  }

  /** Kills every task still running. */
  async killAll(): Promise<void> {
    await Promise.all(this.tasks.map((t) => this.kill(t)));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function tail(s: string, n = 4000): string {
  return s.length > n ? `...${s.slice(-n)}` : s;
}
