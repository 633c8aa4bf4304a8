/**
 * Summary ops (TF1's `tf.compat.v1.summary.scalar/histogram/image/audio/text/tensor_summary/merge/
 * merge_all`). Tags are what TF1 makes them: the op's unique name scope, so a second
 * `scalar('loss', ...)` is tagged `loss_1` and one under scope `train` is `train/loss`; the ops
 * go to collection `summaries` unless `collections` says otherwise.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { ValueError } from '../errors';
import { DType, baseDType, dtypeName } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor, graphFromInputs } from '../framework/op_def_library';
import { Graph, GraphKeys, Output, getDefaultGraph } from '../framework/ops';
import { SummaryMetadata, SummaryMetadataSchema } from '../proto';
import { logger } from '../training/tf_logging';

const log = logger('summary_op_util');

export interface SummaryOptions {
  /** Collections to add the op to (default `[summaries]`). */
  collections?: string[];
  /** A prefix for the tag and the scope, shown as a TensorBoard tab. */
  family?: string;
}

/** `clean_tag`: characters other than `-/\w.` become `_`; leading slashes go. */
export function cleanTag(name: string): string {
  const cleaned = name.replace(/[^-/\w.]/g, '_').replace(/^\/+/, '');
  if (cleaned !== name) log.info(`Summary name ${name} is illegal; using ${cleaned} instead.`);
  return cleaned;
}

/** `summary_scope`: runs `fn(tag, scope)` in the summary's unique name scope. */
function summaryScope<T>(graph: Graph, name: string, family: string | undefined, fn: (tag: string, scope: string) => T): T {
  const n = cleanTag(name);
  const f = family === undefined ? undefined : cleanTag(family);
  return graph.nameScope(f === undefined ? n : `${f}/${n}`, (scope) => {
    const base = scope.replace(/\/$/, '');
    return fn(f === undefined ? base : `${f}/${base}`, scope);
  });
}

function collect(graph: Graph, op: Output, collections: string[] | undefined, defaults: string[]): void {
  for (const key of collections ?? defaults) graph.addToCollection(key, op);
}

function summaryOp(name: string, values: InputValue, options: SummaryOptions,
  build: (tag: string, scope: string, graph: Graph) => Output): Output {
  const graph = graphFromInputs([values]);
  return graph.asDefault(() => summaryScope(graph, name, options.family, (tag, scope) => {
    const out = build(tag, scope, graph);
    collect(graph, out, options.collections, [GraphKeys.SUMMARIES]);
    return out;
  }));
}

/** `tf.summary.scalar(name, tensor)`: a `ScalarSummary` of a real scalar. */
export function scalar(name: string, tensor: InputValue, options: SummaryOptions = {}): Output {
  return summaryOp(name, tensor, options, (tag, scope) =>
    applyOp('ScalarSummary', { tags: tag, values: tensor }, {}, scope).output(0));
}

/** `tf.summary.histogram(name, values)`: a `HistogramSummary`. */
export function histogram(name: string, values: InputValue, options: SummaryOptions = {}): Output {
  return summaryOp(name, values, options, (tag, scope) =>
    applyOp('HistogramSummary', { tag, values }, {}, scope).output(0));
}

/**
 * `tf.summary.image(name, tensor, max_outputs=3)`: an `ImageSummary` of a `[batch, height,
 * width, channels]` tensor (1, 3 or 4 channels).
 */
export function image(name: string, tensor: InputValue, options: SummaryOptions & { maxOutputs?: number } = {}): Output {
  return summaryOp(name, tensor, options, (tag, scope) =>
    applyOp('ImageSummary', { tag, tensor }, { max_images: options.maxOutputs ?? 3 }, scope).output(0));
}

/**
 * `tf.summary.audio(name, tensor, sample_rate, max_outputs=3)`: an `AudioSummaryV2` of a
 * `[batch, frames, channels]` or `[batch, frames]` float tensor of samples in [-1, 1].
 */
export function audio(name: string, tensor: InputValue, sampleRate: InputValue,
  options: SummaryOptions & { maxOutputs?: number } = {}): Output {
  return summaryOp(name, tensor, options, (tag, scope, graph) => {
    const rate = convertToTensor(sampleRate, { dtype: DType.float32, name: 'sample_rate', graph });
    return applyOp('AudioSummaryV2', { tag, tensor, sample_rate: rate }, { max_outputs: options.maxOutputs ?? 3 }, scope)
      .output(0);
  });
}

/**
 * `tf.summary.tensor_summary(name, tensor, summary_description, ...)`: a `TensorSummaryV2`
 * with serialized SummaryMetadata.
 */
export function tensorSummary(name: string, tensor: InputValue, options: SummaryOptions & {
  summaryDescription?: string; displayName?: string; summaryMetadata?: SummaryMetadata;
} = {}): Output {
  const meta = options.summaryMetadata ? create(SummaryMetadataSchema, options.summaryMetadata) : create(SummaryMetadataSchema);
  if (options.summaryDescription !== undefined) meta.summaryDescription = options.summaryDescription;
  if (options.displayName !== undefined) meta.displayName = options.displayName;
  const serialized = toBinary(SummaryMetadataSchema, meta);
  return summaryOp(name, tensor, options, (tag, scope) => applyOp('TensorSummaryV2', {
    tag, tensor, serialized_summary_metadata: serialized,
  }, {}, scope).output(0));
}

/** `tf.summary.text(name, tensor)`: a string tensor for TensorBoard's text plugin. */
export function text(name: string, tensor: InputValue, options: Omit<SummaryOptions, 'family'> = {}): Output {
  const graph = graphFromInputs([tensor]);
  const t = graph.asDefault(() => convertToTensor(tensor, { graph }));
  if (baseDType(t.dtype) !== DType.string) {
    throw new ValueError(`Expected tensor ${t.name} to have dtype string, got ${dtypeName(t.dtype)}`);
  }
  return tensorSummary(name, t, { collections: options.collections,
    summaryMetadata: create(SummaryMetadataSchema, { pluginData: { pluginName: 'text' } }) });
}

/**
 * `tf.summary.merge(inputs, collections, name)`: one `MergeSummary` (in scope `Merge`) of
 * serialized summaries.
 */
export function merge(inputs: Output[], options: { collections?: string[]; name?: string } = {}): Output {
  const graph = inputs.length ? graphFromInputs(inputs) : getDefaultGraph();
  return graph.asDefault(() => graph.nameScope(options.name ?? 'Merge', () => {
    const out = applyOp('MergeSummary', { inputs }, {}, { name: options.name ?? 'MergeSummary', graph }).output(0);
    collect(graph, out, options.collections, []);
    return out;
  }));
}

/**
 * `tf.summary.merge_all(key='summaries', scope, name)`: merges the default graph's summaries,
 * or null when there are none.
 */
export function mergeAll(key: string = GraphKeys.SUMMARIES, options: { scope?: string; name?: string;
  graph?: Graph } = {}): Output | null {
  const graph = options.graph ?? getDefaultGraph();
  const ops = graph.getCollection<Output>(key, options.scope);
  if (ops.length === 0) return null;
  return merge(ops, { name: options.name });
}
