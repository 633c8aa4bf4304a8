/**
 * The protocol buffer classes `tf.compat.v1.summary` exposes (`Summary`, `Event`, `SessionLog`,
 * `SummaryDescription`, `TaggedRunMetadata`: each the message type and its protobuf-es schema, for
 * `create`, `toBinary` and `fromBinary`), `get_summary_description`, and the v2-summary hooks of
 * the v1 namespace (`all_v2_summary_ops`, `initialize`) as they behave in graph mode.
 */
import { fromJsonString } from '@bufbuild/protobuf';
import { RuntimeError, ValueError } from '../errors';
import { Graph, Operation, getDefaultGraph } from '../framework/ops';
import * as proto from '../proto';

/** `tf.summary.Summary`. */
export const Summary = proto.SummarySchema;
export type Summary = proto.Summary;
/** `tf.summary.Event`. */
export const Event = proto.EventSchema;
export type Event = proto.Event;
/** `tf.summary.SessionLog`. */
export const SessionLog = proto.SessionLogSchema;
export type SessionLog = proto.SessionLog;
/** `tf.summary.SummaryDescription`. */
export const SummaryDescription = proto.SummaryDescriptionSchema;
export type SummaryDescription = proto.SummaryDescription;
/** `tf.summary.TaggedRunMetadata`. */
export const TaggedRunMetadata = proto.TaggedRunMetadataSchema;
export type TaggedRunMetadata = proto.TaggedRunMetadata;

/**
 * `tf.compat.v1.summary.get_summary_description(node_def)`: the SummaryDescription a
 * `TensorSummary` node's `description` attr holds (JSON); other ops are a ValueError.
 */
export function getSummaryDescription(nodeDef: proto.NodeDef): proto.SummaryDescription {
  if (nodeDef.op !== 'TensorSummary') throw new ValueError(`Can't get_summary_description on ${nodeDef.op}`);
  const attr = nodeDef.attr.description?.value;
  const text = attr?.case === 's' ? Buffer.from(attr.value).toString() : '';
  return fromJsonString(proto.SummaryDescriptionSchema, text);
}

/** `tf.compat.v1.summary.all_v2_summary_ops()`: the graph's V2 summary ops (collection `_SUMMARY_V2`). */
export function allV2SummaryOps(graph: Graph = getDefaultGraph()): Operation[] {
  return graph.getCollection<Operation>('_SUMMARY_V2');
}

/**
 * `tf.compat.v1.summary.initialize(graph, session)`: initializes the default V2 summary writer; this
 * project has no V2 (`tf.contrib.summary`) writers, so there is never one, which TF reports so.
 */
export function initialize(): never {
  throw new RuntimeError('No default tf.contrib.summary.SummaryWriter found');
}
