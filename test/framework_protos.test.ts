/**
 * TF1's session and graph protos against TF1 Python (scripts/graph_fixtures/framework_protos.py):
 * the proto classes (ConfigProto, RunOptions, GraphDef, Event, ...) built with the same fields
 * serialize to Python's bytes and text and parse them back; `makeTensorProto` writes Python's
 * TensorProto bytes and `makeNdarray` reads them; `importGraphDef` and `container` make Python's
 * ops; bad arguments raise Python's errors. Sessions take the classes: a ConfigProto's operation
 * timeout and a FULL_TRACE RunOptions' step stats show they are honoured; InteractiveSession and
 * `asDefault` set the default session; Variable.eval, SparseTensor.eval, an InteractiveSession's graph,
 * TensorHandles fed and collected, control inputs remapped on import and DecodeWebP/DecodeJxl as TF1.
 */
import {
  AttrValue, ConfigProto, DType, Event, GPUOptions, Graph, GraphDef, GraphOptions, HistogramProto, InteractiveSession, LogMessage,
  MetaGraphDef, NameAttrList, NodeDef, Operation, OptimizerOptions, Output, ProtoMessage, RunMetadata, RunOptions, Session, SessionLog,
  SparseTensor, SummaryMetadata, Tensor, TensorInfo, Variable, errors, getDefaultGraph, getDefaultSession, ops, protoClass,
  resetDefaultGraph, train,
} from '../lib';
import { fromBinary } from '@bufbuild/protobuf';
import { OpListSchema, SummarySchema } from '../lib/proto';
import { loadGraphFixture } from './helpers/graph_record';
import {
  FixtureGraph, Json, describeTF1Graphs, expectClose, itThrowsTF1Errors, jsonOf, trainByGradientDescent,
} from './helpers/fixture_values';

interface Fixture {
  messages: Record<string, { hex: string; text?: string }>;
  tensor_protos: Record<string, { hex: string; ndarray: Json }>;
  graph_def: string;
  newer_graph_def: string;
  producer_ops: string[];
  newer_attrs: Record<string, string[]>;
  graphs: Record<string, FixtureGraph>;
  values: Record<string, Json[]>;
  build_errors: Record<string, { class: string; message: string }>;
  session_errors: Record<string, { class: string; message: string }>;
  training: { losses: number[]; w: number[] };
  control_graph_def: string;
  run_errors: Record<string, { class: string; message: string }>;
  conveniences: {
    ref: number[]; res: number; sparse: Json[]; interactive_default: boolean; interactive_eval: number;
    interactive_reset: { class: string; message: string }; interactive_closed: boolean; fetch_fed_handle: Json[];
    dead_ops: Array<[string, string, string]>; dead_freed: boolean[]; moved: number[]; mover_ops: Array<[string, string, string]>;
    handle_feed_error: string;
  };
}
const fixture = loadGraphFixture<Fixture>('framework_protos.json');
const GD = Buffer.from(fixture.graph_def, 'hex');
const NEWER_GD = Buffer.from(fixture.newer_graph_def, 'hex');
const CTRL_GD = Buffer.from(fixture.control_graph_def, 'hex');
const producerOps = (i: number) => Buffer.from(fixture.producer_ops[i], 'hex');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const Summary = protoClass(SummarySchema);

const cluster = () => new train.ClusterDef({
  job: [new train.JobDef({ name: 'ps', tasks: { 0: 'localhost:2222' } }),
    new train.JobDef({ name: 'worker', tasks: { 1: 'w1:2222', 0: 'w0:2222', 10: 'w10:2222' } })],
});

const MESSAGES: Record<string, () => ProtoMessage<unknown>> = {
  config: () => new ConfigProto({
    intraOpParallelismThreads: 2, interOpParallelismThreads: 3, allowSoftPlacement: true, logDevicePlacement: false,
    deviceCount: { CPU: 1, GPU: 0, XLA_CPU: 2 },
    gpuOptions: new GPUOptions({ allowGrowth: true, perProcessGpuMemoryFraction: 0.5, visibleDeviceList: '0' }),
    graphOptions: new GraphOptions({
      optimizerOptions: new OptimizerOptions({ optLevel: OptimizerOptions.L0, doCommonSubexpressionElimination: true,
        globalJitLevel: OptimizerOptions.ON_1 }),
      buildCostModel: 5, placePrunedGraph: true,
    }),
    operationTimeoutInMs: 1000, experimental: new ConfigProto.Experimental({ disableThreadSpinning: true }),
  }),
  config_spinning: () => new ConfigProto({ experimental: new ConfigProto.Experimental({ disableThreadSpinning: true }) }),
  config_nested: () => {
    const c = new ConfigProto();
    c.gpuOptions.allowGrowth = true;
    c.graphOptions.optimizerOptions.optLevel = OptimizerOptions.L1;
    c.experimental.disableThreadSpinning = true;
    return c;
  },
  config_empty: () => new ConfigProto(),
  gpu_options: () => new GPUOptions({
    perProcessGpuMemoryFraction: 0.25, allocatorType: 'BFC',
    experimental: new GPUOptions.Experimental({ virtualDevices: [{ memoryLimitMb: [100.0, 200.5] }] }),
  }),
  graph_options: () => new GraphOptions({ enableRecvScheduling: true, timelineStep: -2, inferShapes: true }),
  optimizer_options: () => new OptimizerOptions({ optLevel: 'L0', doFunctionInlining: true, maxFoldedConstantInBytes: 2 ** 33 }),
  run_options: () => new RunOptions({ traceLevel: RunOptions.FULL_TRACE, timeoutInMs: 500, outputPartitionGraphs: true,
    interOpThreadPool: -1, reportTensorAllocationsUponOom: true }),
  run_metadata: () => new RunMetadata({
    stepStats: { devStats: [{ device: '/cpu:0' }] }, partitionGraphs: [new GraphDef({ node: [new NodeDef({ name: 'a', op: 'NoOp' })] })],
  }),
  attr_list: () => new AttrValue({ list: new AttrValue.ListValue({ i: [1, -2, 3], s: ['a', 'bc'], type: [DType.float32],
    f: [0.5, -1.25], b: [true, false] }) }),
  attr_func: () => new AttrValue({ func: new NameAttrList({ name: 'f', attr: {
    T: new AttrValue({ type: DType.float32 }), a: new AttrValue({ i: -5 }), ab: new AttrValue({ s: 'x' }),
  } }) }),
  attr_shape: () => new AttrValue({ shape: { dim: [{ size: 2 }, { size: -1 }] } }),
  attr_tensor: () => new AttrValue({ tensor: ops.makeTensorProto([1.0, 2.0]) }),
  attr_zero: () => new AttrValue({ i: 0 }),
  name_attr_list: () => new NameAttrList({ name: 'g', attr: { b: new AttrValue({ b: true }) } }),
  node_def: () => new NodeDef({ name: 'n', op: 'MatMul', input: ['a', 'b:1', '^c'], device: '/cpu:0', attr: {
    T: new AttrValue({ type: DType.float32 }), transpose_a: new AttrValue({ b: true }), transpose_b: new AttrValue({ b: false }),
  } }),
  graph_def: () => new GraphDef({
    node: [new NodeDef({ name: 'x', op: 'Placeholder', attr: { dtype: new AttrValue({ type: 1 }) } }),
      new NodeDef({ name: 'y', op: 'Identity', input: ['x'] })],
    versions: { producer: 27, minConsumer: 12 },
  }),
  meta_graph_def: () => new MetaGraphDef({
    metaInfoDef: new MetaGraphDef.MetaInfoDef({ tags: ['serve', 'train'], tensorflowVersion: '2.21.0' }),
    signatureDef: {
      serving_default: { inputs: { x: new TensorInfo({ name: 'x:0', dtype: DType.float32 }) }, methodName: 'tensorflow/serving/predict' },
      a: { methodName: 'm' },
    },
    saverDef: new train.SaverDef({ version: train.SaverDef.V2 }),
  }),
  tensor_info: () => new TensorInfo({ name: 'x:0', dtype: DType.float32, tensorShape: { dim: [{ size: -1 }, { size: 3 }] } }),
  tensor_info_coo: () => new TensorInfo({
    cooSparse: { valuesTensorName: 'v:0', indicesTensorName: 'i:0', denseShapeTensorName: 's:0' }, dtype: DType.int64,
  }),
  histogram: () => new HistogramProto({ min: -1.5, max: 2, num: 3, sum: 0.5, sumSquares: 6.25,
    bucketLimit: [0, 1, 1.7976931348623157e308], bucket: [1, 1, 1] }),
  summary_metadata: () => new SummaryMetadata({
    displayName: 'loss', summaryDescription: 'd',
    pluginData: new SummaryMetadata.PluginData({ pluginName: 'scalars', content: new Uint8Array([1, 2]) }), dataClass: 1,
  }),
  event_summary: () => new Event({ wallTime: 1.5, step: 7, summary: new Summary({ value: [{ tag: 'loss', simpleValue: 0.25 }] }) }),
  event_version: () => new Event({ wallTime: 2.0, fileVersion: 'brain.Event:2' }),
  event_session_log: () => new Event({ step: 3, sessionLog: new SessionLog({ status: SessionLog.START, checkpointPath: '/tmp/x', msg: 'hi' }) }),
  event_log_message: () => new Event({ logMessage: new LogMessage({ level: LogMessage.WARN, message: 'careful' }) }),
  saver_def: () => new train.SaverDef({
    filenameTensorName: 'save/Const:0', saveTensorName: 'save/control_dependency:0', restoreOpName: 'save/restore_all',
    maxToKeep: 5, sharded: true, keepCheckpointEveryNHours: 10000.0, version: train.SaverDef.V2,
  }),
  cluster_def: cluster,
  job_def: () => new train.JobDef({ name: 'w', tasks: { 3: 'a:1' } }),
  server_def: () => new train.ServerDef({ cluster: cluster(), jobName: 'worker', taskIndex: 1, protocol: 'grpc',
    defaultSessionConfig: new ConfigProto({ intraOpParallelismThreads: 1 }) }),
};

describe('proto classes', () => {
  it('covers every message of the fixture', () => {
    expect(Object.keys(MESSAGES).sort()).toEqual(Object.keys(fixture.messages).sort());
  });

  it.each(Object.keys(fixture.messages))('%s: Python\'s bytes and text, parsed back', (name) => {
    const want = fixture.messages[name];
    const msg = MESSAGES[name]();
    expect(hex(msg.serializeToString())).toBe(want.hex);
    if (want.text !== undefined) expect(String(msg)).toBe(want.text);
    const cls = msg.constructor as unknown as { fromString(b: Uint8Array): ProtoMessage<unknown> };
    const parsed = cls.fromString(Buffer.from(want.hex, 'hex'));
    expect(hex(parsed.serializeToString())).toBe(want.hex);
    expect(parsed.equals(msg)).toBe(true);
  });

  it('is the ConfigProto the README spelled in bytes', () => {
    expect(Buffer.from(MESSAGES.config_spinning().serializeToString())).toEqual(Buffer.from([0x82, 0x01, 0x02, 0x48, 0x01]));
  });

  it('reads parsed fields as Python does', () => {
    const c = ConfigProto.fromString(Buffer.from(fixture.messages.config.hex, 'hex'));
    expect(c.gpuOptions.perProcessGpuMemoryFraction).toBe(0.5);
    expect(c.deviceCount).toEqual({ CPU: 1, GPU: 0, XLA_CPU: 2 });
    expect(c.graphOptions.optimizerOptions.globalJitLevel).toBe(OptimizerOptions.ON_1);
    expect(c.hasField('gpu_options')).toBe(true);
    expect(c.hasField('rpcOptions')).toBe(false);
    const big = new OptimizerOptions({ maxFoldedConstantInBytes: 2n ** 62n });
    expect(OptimizerOptions.fromString(big.serializeToString()).maxFoldedConstantInBytes).toBe(2n ** 62n);
    const e = Event.fromString(Buffer.from(fixture.messages.event_summary.hex, 'hex'));
    expect(e.whichOneof('what')).toBe('summary');
    expect(e.summary.value[0].simpleValue).toBe(0.25);
    expect(e.step).toBe(7);
    expect(NodeDef.fromString(new NodeDef({ name: '123' }).serializeToString()).name).toBe('123');
  });

  it('joins an unset submessage to its parent only once a field of it is set', () => {
    const c = new ConfigProto();
    const gpu = c.gpuOptions;
    expect(c.hasField('gpu_options')).toBe(false);
    expect(c.serializeToString()).toEqual(new Uint8Array());
    expect(c.gpuOptions).toBe(gpu);
    gpu.allowGrowth = false;
    expect(c.hasField('gpu_options')).toBe(true);
    expect(hex(c.serializeToString())).toBe('3200');
  });

  it('keeps one member of a oneof, and fields it does not know', () => {
    const a = new AttrValue({ i: 3 });
    a.s = new Uint8Array([97]);
    expect(a.whichOneof('value')).toBe('s');
    expect(a.i).toBe(0);
    // Field 999 (varint 7) is not ConfigProto's: parsed, it is written back after the known fields.
    const bytes = Buffer.concat([Buffer.from('1002', 'hex'), Buffer.from([0xb8, 0x3e, 0x07])]);
    const c = ConfigProto.fromString(bytes);
    expect(c.intraOpParallelismThreads).toBe(2);
    expect(Buffer.from(c.serializeToString())).toEqual(bytes);
    c.clear();
    expect(c.serializeToString()).toEqual(new Uint8Array());
  });

  it('merges and copies as Python', () => {
    const a = new ConfigProto({ intraOpParallelismThreads: 2, deviceCount: { CPU: 1 } });
    const b = new ConfigProto({ interOpParallelismThreads: 3, deviceCount: { GPU: 0 } });
    a.mergeFrom(b);
    expect([a.intraOpParallelismThreads, a.interOpParallelismThreads, a.deviceCount]).toEqual([2, 3, { CPU: 1, GPU: 0 }]);
    const c = new ConfigProto().copyFrom(b);
    expect(c.equals(b)).toBe(true);
    expect(() => c.copyFrom(new RunOptions() as never)).toThrow(TypeError);
  });

  it('BAD CALL - a map field given a number, list or bytes: TypeError (as Python), the message unchanged', () => {
    const c = new ConfigProto({ deviceCount: { CPU: 1 } });
    for (const v of [5, [1], new Uint8Array(1)]) {
      expect(() => { (c as unknown as { deviceCount: unknown }).deviceCount = v; }).toThrow(
        new TypeError(`Value of field device_count must be a dict, got ${v === 5 ? 'int' : Array.isArray(v) ? 'list' : 'bytes'}`));
    }
    expect(c.deviceCount).toEqual({ CPU: 1 });
  });
});

describe('makeTensorProto and makeNdarray', () => {
  const CASES: Record<string, () => ReturnType<typeof ops.makeTensorProto>> = {
    f32_vec: () => ops.makeTensorProto([1.5, -2.0, 3.25]),
    f32_scalar: () => ops.makeTensorProto(2.5),
    f32_broadcast: () => ops.makeTensorProto(1.0, { shape: [2, 3] }),
    f32_pad: () => ops.makeTensorProto([1.0, 2.0], { shape: [4] }),
    f32_allow_broadcast: () => ops.makeTensorProto([7.0], { shape: [2, 2], allowBroadcast: true }),
    f32_reshape: () => ops.makeTensorProto([1.0, 2.0, 3.0, 4.0], { shape: [2, 2], verifyShape: false }),
    f32_empty: () => ops.makeTensorProto([], { dtype: DType.float32 }),
    f32_zero_shape: () => ops.makeTensorProto(3.0, { shape: [0, 3] }),
    f64: () => ops.makeTensorProto([1.0, 2.0], { dtype: DType.float64 }),
    i32_matrix: () => ops.makeTensorProto([[1, 2], [3, 4]], { dtype: DType.int32 }),
    i32_scalar: () => ops.makeTensorProto(5, { dtype: DType.int32 }),
    i64: () => ops.makeTensorProto([2 ** 40, -1], { dtype: DType.int64 }),
    i64_scalar: () => ops.makeTensorProto(-7, { dtype: DType.int64 }),
    u8: () => ops.makeTensorProto([1, 255], { dtype: DType.uint8 }),
    i8_scalar: () => ops.makeTensorProto(-3, { dtype: DType.int8 }),
    u16_vec: () => ops.makeTensorProto([1, 65535], { dtype: DType.uint16 }),
    u32: () => ops.makeTensorProto([1, 2 ** 32 - 1], { dtype: DType.uint32 }),
    u64_scalar: () => ops.makeTensorProto(2n ** 63n, { dtype: DType.uint64 }),
    bool_vec: () => ops.makeTensorProto([true, false, true]),
    str_vec: () => ops.makeTensorProto(['ab', 'c']),
    str_scalar: () => ops.makeTensorProto('hi'),
    str_broadcast: () => ops.makeTensorProto('z', { shape: [3] }),
    f16_vec: () => ops.makeTensorProto([0.5, 1.5], { dtype: DType.float16 }),
    f16_scalar: () => ops.makeTensorProto(-2.0, { dtype: DType.float16 }),
    bf16_scalar: () => ops.makeTensorProto(1.5, { dtype: DType.bfloat16 }),
    complex64: () => ops.makeTensorProto(new Tensor(DType.complex64, [2], new Float32Array([1, 2, 3, -1]))),
  };

  it('covers every case of the fixture', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(fixture.tensor_protos).sort());
  });

  it.each(Object.keys(fixture.tensor_protos))('%s: Python\'s TensorProto and ndarray', (name) => {
    const want = fixture.tensor_protos[name];
    const proto = CASES[name]();
    expect(hex(proto.serializeToString())).toBe(want.hex);
    expect(ops.makeTensorProto(proto)).toBe(proto);
    const value = ops.makeNdarray(ops.TensorProto.fromString(Buffer.from(want.hex, 'hex')));
    expectClose(jsonOf(value), want.ndarray);
  });

  it('gives a Const of the same value when fed back as a tensor attr', async () => {
    const graph = new Graph();
    const c = graph.asDefault(() => ops.constant(ops.makeNdarray(CASES.i32_matrix())));
    const sess = new Session(graph);
    expect((await sess.run(c)).toArray()).toEqual([[1, 2], [3, 4]]);
    await sess.close();
  });
});

const importedGraphs = {
  import_graph: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const [out, op] = ops.importGraphDef(GD, { inputMap: { 'a:0': x }, returnElements: ['out:0', 'copy'] })!;
    const [again] = ops.importGraphDef(GD, { inputMap: { a: ops.mul(x, 3.0, 'mul') }, returnElements: ['copy:0'], name: 'sub' })!;
    const [scoped] = x.graph.nameScope('outer', () => ops.importGraphDef(GD, { inputMap: { 'a:0': x }, returnElements: ['out:0'] })!);
    const [plain] = ops.importGraphDef(GD, { inputMap: { 'a:0': x }, returnElements: ['out:0'] })!;
    const [vals] = ops.importGraphDef(GD, { inputMap: { 'a:0': [5.0, 6.0] }, returnElements: ['out:0'], name: 'vals' })!;
    const [root] = ops.importGraphDef(GD, { inputMap: { 'a:0': x }, returnElements: ['copy:0'], name: '' })!;
    const [root2] = ops.importGraphDef(GD, { inputMap: { 'a:0': x }, returnElements: ['copy:0'], name: '' })!;
    const none = ops.importGraphDef(GD, { inputMap: { 'a:0': x }, name: 'none' });
    expect(none).toBeNull();
    expect((op as Operation).type).toBe('Identity');
    return { out, again, scoped, plain, vals, root, root2 } as Record<string, Output>;
  },
  import_newer: () => {
    const [y] = ops.importGraphDef(NEWER_GD, { producerOpList: producerOps(0), returnElements: ['y:0'] })!;
    // The OpList as a protobuf-es message: another default, so 'foo' stays.
    ops.importGraphDef(NEWER_GD, { producerOpList: fromBinary(OpListSchema, producerOps(1)), name: 'kept' });
    const graph = (y as Output).graph;
    const attrs = Object.fromEntries(['import/y', 'kept/y'].map((n) => [n,
      Object.keys(NodeDef.fromString(graph.operation(n).toNodeDef()).attr).sort()]));
    expect(attrs).toEqual(fixture.newer_attrs);
    return { y: y as Output };
  },
  container_graph: () => {
    const [v, q, own, inner, deeper] = ops.container('exp', () => {
      const v = new Variable([1.0, 2.0], { name: 'v' });
      const q = new ops.FIFOQueue(3, DType.float32, { name: 'q' });
      const own = ops.gen.variableV2({ shape: [], dtype: DType.float32, container: 'mine' }, 'own');
      ops.randomUniform([2], { seed: 1, name: 'r' });
      const inner = ops.container('', () => new Variable(3.0, { name: 'inner' }));
      const deeper = ops.container('b', () => new Variable(4.0, { name: 'deeper' }));
      return [v, q, own, inner, deeper] as const;
    });
    const outside = new Variable(5.0, { name: 'outside' });
    expect(Buffer.from(own.op.getAttr('container') as Uint8Array).toString()).toBe('mine');
    return { v: v.value(), size: q.size(), inner: inner.value(), deeper: deeper.value(), outside: outside.value() };
  },
};

const CPU = '/job:localhost/replica:0/task:0/device:CPU:0';

describeTF1Graphs({
  ...importedGraphs,
  session_handles: () => {
    const a = ops.placeholder(DType.float32, [2], 'a');
    const double = ops.mul(a, 2.0, 'mul');
    ops.getSessionHandle(double);
    ops.getSessionHandle(ops.constant(3, { dtype: DType.int32, name: 'c' }), 'named');
    ops.getSessionTensor(`GetSessionHandle;0;${CPU}`, DType.float32);
    ops.getSessionTensor(`named;1;${CPU}`, DType.int32, 'read');
    ops.deleteSessionTensor(`named;1;${CPU}`, 'del');
    return { double };
  },
  import_control: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const c = ops.constant(3.0, { name: 'c' });
    const [out] = ops.importGraphDef(CTRL_GD, { inputMap: { 'a:0': x, '^b': c }, returnElements: ['out:0'] })!;
    const [vals] = ops.importGraphDef(CTRL_GD, { inputMap: { 'a:0': x, '^b': [1.0] }, returnElements: ['out:0'], name: 'ctrl' })!;
    return { out, vals } as Record<string, Output>;
  },
  decode_images: () => {
    const w = ops.io.decodeWebp(ops.constant('abc'));
    const j = ops.image.decodeJxl(ops.constant('abc'), { channels: 3, dtype: DType.uint8, name: 'jx' });
    const w2 = ops.image.decodeWebp(ops.constant('abc'), { channels: 4 });
    const j2 = ops.io.decodeJxl(ops.constant('abc'));
    return { w, j, w2, j2 };
  },
}, fixture);

describe('session handles', () => {
  it('keep a value between runs: read back, fed as a handle, deleted', async () => {
    const graph = new Graph();
    const [a, h] = graph.asDefault(() => {
      const a = ops.placeholder(DType.float32, [2], 'a');
      return [a, ops.getSessionHandle(ops.mul(a, 2.0))];
    });
    const sess = new Session(graph);
    const handle = (await sess.run(h, new Map([[a, [1.5, -1]]]))) as unknown as ops.TensorHandle;
    expect(handle).toBeInstanceOf(ops.TensorHandle);
    expect(handle.dtype).toBe(DType.float32);
    expect(String(handle)).toMatch(/^GetSessionHandle;\d+;.*CPU:0$/);
    expect((await handle.eval()).toArray()).toEqual([3, -2]);
    const [holder, t] = graph.asDefault(() => ops.getSessionTensor(handle.handle, DType.float32));
    const plusOne = graph.asDefault(() => ops.add(t, 1.0));
    expect((await sess.run(plusOne, new Map([[holder, handle]]))).toArray()).toEqual([4, -1]);
    await handle.delete();
    await expect(handle.eval()).rejects.toThrow(TypeError);
    await expect(sess.run(t, new Map([[holder, handle.handle]]))).rejects.toThrow(errors.InvalidArgumentError);
    await sess.close();
  });
});

describe('importGraphDef', () => {
  it('takes a GraphDef message and gives its ops', () => {
    const graph = new Graph();
    const [out] = graph.asDefault(() => ops.importGraphDef(GraphDef.fromString(GD), { returnElements: ['out:0'] })!);
    expect((out as Output).name).toBe('import/out:0');
  });

  it('trains a variable fed through an imported graph as Python does', async () => {
    let w: Variable;
    const { losses, fetched } = await trainByGradientDescent(() => {
      w = new Variable([1.0, -2.0], { name: 'w' });
      const [out] = ops.importGraphDef(GD, { inputMap: { 'a:0': w.value() }, returnElements: ['out:0'] })! as Output[];
      return { loss: ops.reduceSum(ops.square(out)), fetch: w };
    }, 0.05, 5);
    expectClose(losses, fixture.training.losses);
    expectClose(fetched, fixture.training.w);
  });
});

itThrowsTF1Errors(fixture.build_errors, {
  import_missing_input: () => ops.importGraphDef(GD, { inputMap: { 'nope:0': ops.constant(1.0) } }),
  import_bad_return: () => ops.importGraphDef(GD, { returnElements: ['nope:0'] }),
  import_bad_return_op: () => ops.importGraphDef(GD, { returnElements: ['nope'] }),
  import_bad_type: () => ops.importGraphDef('x' as never),
  import_input_map_list: () => ops.importGraphDef(GD, { inputMap: [1] as never }),
  import_return_not_str: () => ops.importGraphDef(GD, { returnElements: [1] as never }),
  import_empty_name_values: () => ops.importGraphDef(GD, { inputMap: { 'a:0': [1.0, 2.0] }, name: '' }),
  import_bad_dtype: () => ops.importGraphDef(GD, { inputMap: { 'a:0': ops.constant([1, 2], { dtype: DType.int32 }) } }),
  handle_not_tensor: () => ops.getSessionHandle([1.0] as never),
  import_control_missing: () => ops.importGraphDef(CTRL_GD, { inputMap: { '^nope': ops.constant(1.0) } }),
  import_control_op: () => ops.importGraphDef(CTRL_GD, { inputMap: { '^b': ops.noOp() as never } }),
  mtp_both: () => ops.makeTensorProto(1.0, { shape: [2], verifyShape: true, allowBroadcast: true }),
  mtp_verify: () => ops.makeTensorProto([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], { shape: [2, 3], verifyShape: true }),
  mtp_too_many: () => ops.makeTensorProto([1.0, 2.0, 3.0], { shape: [2] }),
  mtp_broadcast_bad: () => ops.makeTensorProto([1.0, 2.0], { shape: [3], allowBroadcast: true }),
  mtp_none: () => ops.makeTensorProto(null as never),
  mtp_dtype: () => ops.makeTensorProto([1.5], { dtype: DType.int32 }),
  proto_no_field: () => new ConfigProto({ foo: 1 } as never),
  proto_int_str: () => new ConfigProto({ intraOpParallelismThreads: '2' as never }),
  proto_int_float: () => new ConfigProto({ intraOpParallelismThreads: 2.5 }),
  proto_int_range: () => new ConfigProto({ intraOpParallelismThreads: 2 ** 40 }),
  proto_enum_label: () => new RunOptions({ traceLevel: 'BAD' }),
  proto_message_type: () => new ConfigProto({ gpuOptions: new RunOptions() as never }),
  proto_float_str: () => new GPUOptions({ perProcessGpuMemoryFraction: 'a' as never }),
  proto_string_int: () => new NodeDef({ name: 3 as never }),
  proto_decode: () => ConfigProto.fromString(new Uint8Array([0xff, 0xff])),
});

describe('sessions taking the classes', () => {
  /** A graph whose run waits on an empty queue. */
  const blockingGraph = () => {
    const graph = new Graph();
    const dequeue = graph.asDefault(() => new ops.FIFOQueue(1, DType.float32).dequeue());
    return { graph, dequeue: dequeue as Output };
  };

  it('honours a ConfigProto: its operation timeout ends a blocked run', async () => {
    const { graph, dequeue } = blockingGraph();
    const sess = new Session(graph, { config: new ConfigProto({ operationTimeoutInMs: 50 }) });
    await expect(sess.run(dequeue)).rejects.toThrow(errors.DeadlineExceededError);
    await sess.close();
  });

  it('honours RunOptions: a timeout, and FULL_TRACE filling a RunMetadata with step stats', async () => {
    const { graph, dequeue } = blockingGraph();
    const sess = new Session(graph);
    await expect(sess.run(dequeue, null, { options: new RunOptions({ timeoutInMs: 50 }) })).rejects.toThrow(errors.DeadlineExceededError);
    const c = graph.asDefault(() => ops.add(ops.constant(1.0), ops.constant(2.0)));
    const metadata = new RunMetadata();
    const r = await sess.run(c, null, { options: new RunOptions({ traceLevel: RunOptions.FULL_TRACE }), runMetadata: metadata });
    expect(r.item()).toBe(3);
    expect(metadata.stepStats.devStats.length).toBeGreaterThan(0);
    expect(metadata.stepStats.devStats.flatMap((d) => d.nodeStats.map((n) => n.nodeName))).toContain('Add');
    await sess.close();
  });

  it('refuses a config that is not a ConfigProto, as TF1', () => {
    expect(() => new Session(new Graph(), { config: new RunOptions() as never })).toThrow(
      'config must be a tf.ConfigProto, but got RunOptions');
  });

  it('gives MonitoredTrainingSession the config and fills a RunMetadata', async () => {
    const graph = new Graph();
    const { c, dequeue } = graph.asDefault(() => {
      train.getOrCreateGlobalStep();
      return { c: ops.constant(2.0), dequeue: new ops.FIFOQueue(1, DType.float32).dequeue() };
    });
    await graph.asDefault(async () => {
      const sess = await train.MonitoredTrainingSession({ config: new ConfigProto({ operationTimeoutInMs: 50 }) });
      const metadata = new RunMetadata();
      expect((await sess.run(c, null, { options: new RunOptions({ traceLevel: RunOptions.FULL_TRACE }), runMetadata: metadata }))
        .item()).toBe(2);
      expect(metadata.stepStats.devStats.length).toBeGreaterThan(0);
      await expect(sess.run(dequeue)).rejects.toThrow(errors.DeadlineExceededError);
      await sess.close();
    });
  });

  it('makes a Server from a ServerDef and a ConfigProto', () => {
    const def = new train.ServerDef({ cluster: { job: [{ name: 'local', tasks: { 0: 'localhost:0' } }] }, jobName: 'local',
      protocol: 'grpc' });
    const server = new train.Server(def, { config: new ConfigProto({ intraOpParallelismThreads: 1 }), start: false });
    expect(server.serverDef.defaultSessionConfig?.intraOpParallelismThreads).toBe(1);
  });
});

describe('the default session', () => {
  it('is the InteractiveSession until it closes, and the asDefault one inside it', async () => {
    const graph = new Graph();
    const c = graph.asDefault(() => ops.constant(4.0));
    expect(getDefaultSession()).toBeNull();
    const config = new ConfigProto({ intraOpParallelismThreads: 1 });
    const sess = new InteractiveSession(graph, { config });
    expect(config.graphOptions.placePrunedGraph).toBe(true);
    expect(ops.getDefaultSession()).toBe(sess);
    expect((await getDefaultSession()!.run(c)).item()).toBe(4);
    const other = new Session(graph);
    await other.asDefault(async () => {
      await Promise.resolve();
      expect(getDefaultSession()).toBe(other);
    });
    expect(getDefaultSession()).toBe(sess);
    await sess.close();
    expect(getDefaultSession()).toBeNull();
    await other.close();
  });

  it('runs Tensor.eval and Operation.run in it', async () => {
    const graph = new Graph();
    const [v, c, init] = graph.asDefault(() => {
      const v = new Variable(1.0, { name: 'v' });
      const p = ops.placeholder(DType.float32, [], 'p');
      return [v, ops.add(v.value(), p), ops.globalVariablesInitializer()] as const;
    });
    const sess = new InteractiveSession(graph);
    await init.run();
    expect((await c.eval({ 'p:0': 2 })).item()).toBe(3);
    const other = new Session(graph);
    await other.run(init);
    await (graph.asDefault(() => ops.assign(v, 5.0)) as Output).op.run(null, other);
    expect((await c.eval({ 'p:0': 0 }, other)).item()).toBe(5);
    expect((await c.eval({ 'p:0': 0 })).item()).toBe(1);
    await sess.close();
    await other.close();
  });

  const otherSession = () => new Session(new Graph());
  const SESSION_ERRORS: Record<string, (graph: Graph) => Promise<unknown>> = {
    eval_no_session: (g) => g.asDefault(() => ops.constant(1.0)).eval(),
    run_no_session: (g) => g.asDefault(() => ops.noOp()).run(),
    eval_given_other_graph: (g) => g.asDefault(() => ops.constant(1.0)).eval(null, otherSession()),
    run_given_other_graph: (g) => g.asDefault(() => ops.noOp()).run(null, otherSession()),
    eval_default_other_graph: (g) => otherSession().asDefault(() => g.asDefault(() => ops.constant(1.0)).eval()),
    run_default_other_graph: (g) => otherSession().asDefault(() => g.asDefault(() => ops.noOp()).run()),
    variable_eval_no_session: (g) => g.asDefault(() => new Variable(1.0)).eval(),
    variable_eval_given_other_graph: (g) => g.asDefault(() => new Variable(1.0)).eval(otherSession()),
    sparse_eval_no_session: (g) => g.asDefault(() => new SparseTensor([[0]], [1.0], [2])).eval(),
    sparse_eval_default_other_graph: (g) => otherSession().asDefault(() => g.asDefault(() => new SparseTensor([[0]], [1.0], [2])).eval()),
  };
  it.each(Object.keys(fixture.session_errors))('%s: TF1\'s error', async (name) => {
    const want = fixture.session_errors[name];
    const error = await SESSION_ERRORS[name](new Graph()).then(() => undefined, (e: Error) => e);
    expect(error?.constructor.name).toBe(want.class);
    expect(error?.message).toBe(want.message);
  });

  it('runs a pruned graph by default: an unfed placeholder off the fetch path is no error', async () => {
    const graph = new Graph();
    const c = graph.asDefault(() => {
      ops.placeholder(DType.float32, [], 'unfed');
      return ops.constant(1.0);
    });
    const sess = new InteractiveSession(graph);
    expect((await sess.run(c)).item()).toBe(1);
    await sess.close();
  });
});

describe('session conveniences', () => {
  const want = fixture.conveniences;

  it('evaluates variables and sparse tensors in the given or default session', async () => {
    const graph = new Graph();
    const { ref, res, p, sp } = graph.asDefault(() => {
      const ref = new Variable([1.0, 2.0], { name: 'ref' });
      const res = new Variable(3, { name: 'res', useResource: true });
      const p = ops.placeholder(DType.float32, [null], 'p');
      return { ref, res, p, sp: new SparseTensor([[0, 1], [1, 0]], p, [2, 2]) };
    });
    const sess = new Session(graph);
    await sess.run(graph.asDefault(() => ops.globalVariablesInitializer()));
    expect((await ref.eval(sess)).toArray()).toEqual(want.ref);
    const [resValue, sparse] = await sess.asDefault(() => Promise.all([res.eval(), sp.eval(new Map([[p, [5.0, 6.0]]]))]));
    expect(resValue.item()).toBe(want.res);
    expectClose(jsonOf([sparse.indices, sparse.values, sparse.denseShape]), want.sparse);
    await sess.close();
  });

  it('makes an InteractiveSession\'s graph the default graph until it closes', async () => {
    const before = getDefaultGraph();
    const graph = new Graph();
    const sess = new InteractiveSession(graph);
    expect(getDefaultGraph() === graph).toBe(want.interactive_default);
    const c = ops.constant(2.0, { name: 'c' });
    expect(c.graph).toBe(graph);
    expect((await c.eval()).item()).toBe(want.interactive_eval);
    let error: Error | undefined;
    try {
      resetDefaultGraph();
    } catch (e) {
      error = e as Error;
    }
    expect([error?.constructor.name, error?.message]).toEqual([want.interactive_reset.class, want.interactive_reset.message]);
    // graph.asDefault still wins inside it.
    const inner = new Graph();
    expect(inner.asDefault(() => getDefaultGraph())).toBe(inner);
    await sess.close();
    expect(getDefaultGraph() === graph).toBe(want.interactive_closed);
    expect(getDefaultGraph()).toBe(before);
  });

  /** A graph with a handle of `a * 2` and a string placeholder, and its session. */
  const handleGraph = () => {
    const graph = new Graph();
    const { a, h, plain } = graph.asDefault(() => {
      const a = ops.placeholder(DType.float32, [2], 'a');
      return { a, h: ops.getSessionHandle(ops.mul(a, 2.0, 'mul')), plain: ops.placeholder(DType.string, [], 'plain') };
    });
    return { graph, a, h, plain, sess: new Session(graph) };
  };
  const handleOf = async (sess: Session, h: Output, a: Output, value: number[]) =>
    (await sess.run(h, new Map([[a, value]]))) as unknown as ops.TensorHandle;

  it('gives the tensor a TensorHandle stands for when the placeholder it was fed is fetched', async () => {
    const { graph, a, h, plain, sess } = handleGraph();
    const hv = await handleOf(sess, h, a, [1.5, -1.0]);
    const [holder] = graph.asDefault(() => ops.getSessionTensor(hv.handle, DType.float32));
    const got = [(await sess.run(holder, new Map([[holder, hv]]))).toArray(), sess.runSync(plain, new Map([[plain, hv]])).toArray(),
      (await sess.run([plain, plain], new Map([[plain, hv]]))).map((t) => t.toArray())];
    expect(got).toEqual(want.fetch_fed_handle);
    // Fed its string, the placeholder gives the string.
    expect(Buffer.from((await sess.run(plain, new Map([[plain, hv.handle]]))).item() as Uint8Array).toString()).toBe(hv.handle);
    await sess.close();
  });

  it('frees the tensors of collected TensorHandles ten at a time, with Python\'s deleter ops', async () => {
    const { graph, a, h, sess } = handleGraph();
    const hv = await handleOf(sess, h, a, [1.5, -1.0]);
    // The same ops before the handles die as Python's graph: a get_session_tensor and a handle's reader.
    const [holder] = graph.asDefault(() => ops.getSessionTensor(hv.handle, DType.float32));
    await sess.run(holder, new Map([[holder, hv]]));
    const strs: string[] = [];
    // In a function of its own, so that nothing here keeps the handles alive.
    await (async () => {
      for (let i = 0; i < 10; i++) strs.push((await handleOf(sess, h, a, [i, 0])).handle);
    })();
    const n = graph.operations().length;
    for (let i = 0; i < 100 && graph.operations().length === n; i++) {
      global.gc!();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(graph.operations().slice(n).map((op) => [op.name, op.type, op.device])).toEqual(want.dead_ops);
    const [reader, t] = graph.asDefault(() => ops.getSessionTensor(strs[0], DType.float32));
    const freed = () => Promise.all(strs.map((s) => sess.run(t, new Map([[reader, s]])).then(() => false, (e) => {
      expect(e).toBeInstanceOf(errors.InvalidArgumentError);
      return true;
    })));
    // The deleting run was started as the tenth handle was collected: wait for it.
    let got = await freed();
    for (let i = 0; i < 100 && !got.every((x) => x); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      got = await freed();
    }
    expect(got).toEqual(want.dead_freed);
    // The first handle is alive yet: it still reads.
    expect((await hv.eval()).toArray()).toEqual([3, -2]);
    await sess.close();
  });
});

describe('handles fed to a placeholder on another device', () => {
  const want = fixture.conveniences;

  it.each(['string', 'TensorHandle'])('are moved there by a run first, as Python\'s session does (fed as a %s)', async (how) => {
    const graph = new Graph();
    const [a, h] = graph.asDefault(() => {
      const a = ops.placeholder(DType.float32, [2], 'a');
      return [a, ops.getSessionHandle(ops.mul(a, 2.0, 'mul'))];
    });
    const sess = new Session(graph);
    const hv = (await sess.run(h, new Map([[a, [1.5, -1.0]]]))) as unknown as ops.TensorHandle;
    // '/cpu:0' is '/device:CPU:0', not the handle's device.
    const [holder, t] = graph.asDefault(() => ops.getSessionTensor('x;0;/cpu:0', DType.float32));
    const n = graph.operations().length;
    const plusOne = graph.asDefault(() => ops.add(t, 1.0, 'add'));
    // TF 2.21's Python refuses a TensorHandle fed (want.handle_feed_error: it feeds a resource struct); its
    // string is what TF1 documents, and a TensorHandle here feeds that string.
    expect(want.handle_feed_error).toBe('Expects arg[0] to be string but float is provided');
    const feed = new Map([[holder, how === 'string' ? hv.handle : hv]]);
    expect((how === 'string' ? sess.runSync(plusOne, feed) : await sess.run(plusOne, feed)).toArray()).toEqual(want.moved);
    expect(graph.operations().slice(n).map((op) => [op.name, op.type, op.device])).toEqual(want.mover_ops);
    await sess.close();
  });
});

describe('DecodeWebP and DecodeJxl', () => {
  it.each(Object.keys(fixture.run_errors))('%s: TF\'s run error on bytes that are no image', async (name) => {
    const graph = new Graph();
    const t = graph.asDefault(() => (name === 'webp' ? ops.io.decodeWebp(ops.constant('abc')) : ops.image.decodeJxl(ops.constant('abc'))));
    const sess = new Session(graph);
    const error = await sess.run(t).then(() => undefined, (e: Error) => e);
    expect(error?.constructor.name).toBe(fixture.run_errors[name].class);
    expect(error?.message.split('\n')[0]).toBe(fixture.run_errors[name].message);
    await sess.close();
  });
});
