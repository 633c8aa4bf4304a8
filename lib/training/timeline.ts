/**
 * The Chrome trace of a run's step stats, as `tensorflow/python/client/timeline.py`'s
 * `Timeline.generate_chrome_trace_format()` writes it (compute regions; no dataflow arrows or
 * memory counters).
 */
import { StepStats } from '../proto';

interface TraceEvent {
  [key: string]: unknown;
}

/** `_parse_op_label`: `name = Op(in0, in1)` → [name, op, inputs]. */
function parseOpLabel(label: string): [string, string, string[]] {
  const m = /^(.*) = (.*)\((.*)\)/s.exec(label);
  if (!m) return ['unknown', 'unknown', []];
  return [m[1], m[2], m[3] ? m[3].split(', ') : []];
}

/** The trace JSON (compact, as TF writes it) of `stepStats`. */
export function chromeTraceFromStepStats(stepStats: StepStats | undefined): string {
  const metadata: TraceEvent[] = [];
  const events: TraceEvent[] = [];
  let nextPid = 0;
  const devicePids = new Map<string, number>();
  for (const dev of stepStats?.devStats ?? []) {
    const devicePid = nextPid++;
    const tensorsPid = nextPid++;
    devicePids.set(dev.device, devicePid);
    metadata.push({ name: 'process_name', ph: 'M', pid: devicePid, args: { name: `${dev.device} Compute` } });
    metadata.push({ name: 'process_name', ph: 'M', pid: tensorsPid, args: { name: `${dev.device} Tensors` } });
  }
  for (const dev of stepStats?.devStats ?? []) {
    const pid = devicePids.get(dev.device)!;
    for (const ns of dev.nodeStats) {
      const [, op, inputs] = ns.nodeName === 'RecvTensor' ? ['', 'RecvTensor', []] : parseOpLabel(ns.timelineLabel);
      const args: Record<string, string> = { name: ns.nodeName, op };
      inputs.forEach((n, i) => { args[`input${i}`] = n; });
      events.push({
        ph: 'X', cat: 'Op', name: op, pid, tid: ns.threadId, ts: Number(ns.allStartMicros),
        dur: Number(ns.allEndRelMicros), args,
      });
    }
  }
  return JSON.stringify({ traceEvents: [...metadata, ...events] });
}
