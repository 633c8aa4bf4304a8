/**
 * The Chrome trace of a run's step stats, as `tensorflow/python/client/timeline.py`'s
 * `Timeline(step_stats).generate_chrome_trace_format(show_dataflow, show_memory)` writes it
 * (op time "schedule", the default): process metadata, op regions on per-device lanes, dataflow
 * arrows between lanes, and with `showMemory` tensor objects and allocator counters.
 */
import { clone } from '@bufbuild/protobuf';
import { StepStats, StepStatsSchema, TensorDescriptionSchema, toTextFormat } from '../proto';

type TraceEvent = Record<string, unknown>;

/** `_ChromeTraceFormatter`: events keep TF's key order, so the JSON text matches. */
class ChromeTrace {
  readonly metadata: TraceEvent[] = [];
  readonly events: TraceEvent[] = [];

  private event(ph: string, cat: string, name: string, pid: number, tid: number, ts: number): TraceEvent {
    return { ph, cat, name, pid, tid, ts };
  }

  emitPid(name: string, pid: number): void {
    this.metadata.push({ name: 'process_name', ph: 'M', pid, args: { name } });
  }

  emitRegion(ts: number, dur: number, pid: number, tid: number, cat: string, name: string, args: object): void {
    this.events.push({ ...this.event('X', cat, name, pid, tid, ts), dur, args });
  }

  emitObj(ph: 'N' | 'D', name: string, ts: number, pid: number, tid: number, id: number): void {
    this.events.push({ ...this.event(ph, 'Tensor', name, pid, tid, ts), id });
  }

  emitObjSnapshot(name: string, ts: number, pid: number, tid: number, id: number, snapshot: object): void {
    this.events.push({ ...this.event('O', 'Tensor', name, pid, tid, ts), id, args: { snapshot } });
  }

  emitFlow(ph: 's' | 't', name: string, ts: number, pid: number, tid: number, id: number): void {
    this.events.push({ ...this.event(ph, 'DataFlow', name, pid, tid, ts), id });
  }

  emitCounter(name: string, pid: number, ts: number, counter: string, value: number): void {
    this.events.push({ ...this.event('C', 'Memory', name, pid, 0, ts), args: { [counter]: value } });
  }

  /** `format_to_string(pretty=True)`: `json.dumps(trace, indent=4)`. */
  toString(): string {
    return JSON.stringify({ traceEvents: [...this.metadata, ...this.events] }, null, 4);
  }
}

interface TensorTracker {
  name: string;
  objectId: number;
  createTime: number;
  pid: number;
  allocator: string;
  numBytes: number;
  unrefTimes: number[];
}

/** `_parse_op_label`: `name = Op(in0, in1)` → [name, op, inputs]. */
function parseOpLabel(label: string): [string, string, string[]] {
  const m = /^(.*) = (.*)\((.*)\)/.exec(label);
  if (!m) return ['unknown', 'unknown', []];
  return [m[1], m[2], m[3] ? m[3].split(', ') : []];
}

/** `_parse_kernel_label`: the node name and op of a GPU kernel's label. */
function parseKernelLabel(label: string, nodeName: string): [string, string] {
  const start = label.indexOf('@@');
  const end = label.indexOf('#');
  const name = start >= 0 && end >= 0 && start + 2 < end ? label.slice(start + 2, end) : nodeName;
  const fields = [...name.split(':'), 'unknown'];
  return [fields[0], fields[1]];
}

const isGpuTraceDevice = (device: string) => device.includes('/stream:') || device.includes('/memcpy');
const n = (x: bigint) => Number(x);

/** The Chrome trace JSON of `stepStats`, as TF's ProfilerHook writes `timeline-<step>.json`. */
export function chromeTraceFromStepStats(stepStats: StepStats | undefined,
  options: { showDataflow?: boolean; showMemory?: boolean } = {}): string {
  const { showDataflow = true, showMemory = false } = options;
  // `_assign_lanes` rewrites thread ids, on a copy as TF's analysis does.
  const stats = stepStats ? clone(StepStatsSchema, stepStats) : undefined;
  const trace = new ChromeTrace();
  let nextPid = 0;
  const allocatorsPid = nextPid++;
  trace.emitPid('Allocators', allocatorsPid);
  const devicePids = new Map<string, number>();
  const tensorPids = new Map<string, number>();
  for (const dev of stats?.devStats ?? []) {
    devicePids.set(dev.device, nextPid++);
    tensorPids.set(dev.device, nextPid++);
    trace.emitPid(`${dev.device} Compute`, devicePids.get(dev.device)!);
    trace.emitPid(`${dev.device} Tensors`, tensorPids.get(dev.device)!);
  }
  for (const dev of stats?.devStats ?? []) {
    const lanes = [0];
    for (const ns of dev.nodeStats) {
      const end = n(ns.allStartMicros) + n(ns.allEndRelMicros);
      let lane = lanes.findIndex((t) => n(ns.allStartMicros) > t);
      if (lane < 0) lane = lanes.push(end) - 1;
      else lanes[lane] = end;
      ns.threadId = lane;
    }
  }
  const tensors = new Map<string, TensorTracker>();
  const flowStarts = new Map<string, [number, number, number]>();
  for (const dev of stats?.devStats ?? []) {
    const devicePid = devicePids.get(dev.device)!;
    const tensorsPid = tensorPids.get(dev.device)!;
    for (const ns of dev.nodeStats) {
      const tid = ns.threadId;
      const start = n(ns.allStartMicros);
      const end = start + n(ns.allEndRelMicros);
      ns.output.forEach((output, index) => {
        const name = index ? `${ns.nodeName}:${index}` : ns.nodeName;
        const allocation = output.tensorDescription?.allocationDescription;
        const tensor: TensorTracker = {
          name, objectId: tensors.size, createTime: start, pid: tensorsPid,
          allocator: allocation?.allocatorName ?? '', numBytes: n(allocation?.requestedBytes ?? 0n), unrefTimes: [end],
        };
        tensors.set(name, tensor);
        flowStarts.set(name, [end, devicePid, tid]);
        if (showMemory) {
          trace.emitObj('N', name, start, tensorsPid, tid, tensor.objectId);
          const desc = output.tensorDescription
            ? toTextFormat(TensorDescriptionSchema, output.tensorDescription).replace(/"/g, '') : '';
          trace.emitObjSnapshot(name, end - 1, tensorsPid, tid, tensor.objectId, { tensor_description: desc });
        }
      });
    }
  }
  let nextFlowId = 0;
  for (const dev of stats?.devStats ?? []) {
    const devicePid = devicePids.get(dev.device)!;
    const gpuTrace = isGpuTraceDevice(dev.device);
    for (const ns of dev.nodeStats) {
      const tid = ns.threadId;
      const start = n(ns.allStartMicros);
      const end = start + n(ns.allEndRelMicros);
      let nodeName = ns.nodeName;
      let op: string;
      let inputs: string[] = [];
      if (gpuTrace) [nodeName, op] = parseKernelLabel(ns.timelineLabel, nodeName);
      else if (nodeName === 'RecvTensor') op = 'RecvTensor';
      else [, op, inputs] = parseOpLabel(ns.timelineLabel);
      const args: Record<string, string> = { name: nodeName, op };
      inputs.forEach((input, i) => { args[`input${i}`] = input; });
      trace.emitRegion(start, n(ns.allEndRelMicros), devicePid, tid, 'Op', op, args);
      if (gpuTrace || ns.nodeName === 'RecvTensor') continue;
      for (let input of inputs) {
        if (!tensors.has(input)) {
          const i = input.lastIndexOf('/_');
          if (i > 0) input = input.slice(0, i);
        }
        const tensor = tensors.get(input);
        if (!tensor) continue; // removed by CSE
        tensor.unrefTimes.push(end - 1);
        if (showDataflow) {
          const [createTime, createPid, createTid] = flowStarts.get(input)!;
          if (createPid !== devicePid || createTid !== tid) {
            const id = nextFlowId++;
            trace.emitFlow('s', input, createTime, createPid, createTid, id);
            trace.emitFlow('t', input, start, devicePid, tid, id);
          }
        }
      }
    }
  }
  if (showMemory) {
    const allocations = new Map<string, Array<[number, number, string]>>();
    for (const t of tensors.values()) {
      const lastUnref = Math.max(...t.unrefTimes);
      trace.emitObj('D', t.name, lastUnref, t.pid, 0, t.objectId);
      if (!allocations.has(t.allocator)) allocations.set(t.allocator, []);
      allocations.get(t.allocator)!.push([t.createTime, t.numBytes, t.name], [lastUnref, -t.numBytes, t.name]);
    }
    for (const [allocator, list] of allocations) {
      list.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
      let total = 0;
      for (const [time, bytes] of list) {
        total += bytes;
        trace.emitCounter(allocator, allocatorsPid, time, allocator, total);
      }
    }
  }
  return trace.toString();
}
