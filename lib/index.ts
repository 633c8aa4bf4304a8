/**
 * tf1-node: TensorFlow 1.x-style graphs, sessions and training from Node.js, on libtensorflow.
 */
import { binding } from './native';
import * as errors from './errors';

export { errors };
export {
  ValueError, RuntimeError, KeyError, LookupError, AssertionError, NotImplementedError, IndexError, AttributeError, OpError,
} from './errors';
export { Variable } from './ops/variables';
export { DType } from './framework/dtypes';
export { Tensor } from './framework/tensor';
export { IndexedSlices, IndexedSlicesValue } from './framework/indexed_slices';
export { SparseTensor, SparseTensorValue } from './framework/sparse_tensor';
export { RaggedTensor, RaggedTensorValue } from './framework/ragged_tensor';
export type { Gradient } from './framework/indexed_slices';
export type { TensorLike } from './framework/tensor';
export { Graph, Operation, Output, GraphKeys, getDefaultGraph, resetDefaultGraph } from './framework/ops';
export { Session, InteractiveSession, getDefaultSession } from './client/session';
export type { Fetches, FeedDict, FetchResult, SessionConfig } from './client/session';
export {
  ConfigProto, GPUOptions, GraphOptions, OptimizerOptions, RunOptions, RunMetadata, AttrValue, NameAttrList, NodeDef, GraphDef,
  MetaGraphDef, TensorInfo, HistogramProto, SummaryMetadata, Event, SessionLog, LogMessage, ProtoMessage, protoClass,
} from './framework/protos';
export type { ProtoClass, PyMessage, PyInit } from './framework/protos';
export {
  executingEagerly, executingEagerlyOutsideFunctions, enableEagerExecution, disableEagerExecution, enableV2Behavior,
  disableV2Behavior, enableResourceVariables, disableResourceVariables, resourceVariablesEnabled, enableControlFlowV2,
  disableControlFlowV2, controlFlowV2Enabled, enableTensorEquality, disableTensorEquality, enableV2Tensorshape,
  disableV2Tensorshape, getLogger,
} from './framework/v2_switches';
export type { TFLogger } from './framework/v2_switches';
export {
  TypeSpec, TensorSpec, SparseTensorSpec, RaggedTensorSpec, TensorArraySpec, IndexedSlicesSpec, OptionalSpec, NoneTensorSpec,
  typeSpecFromValue,
} from './framework/type_spec';
export type {
  RaggedTensorSpecOptions, TensorArraySpecOptions, IndexedSlicesSpecOptions,
} from './framework/type_spec';
export * as ops from './ops';
export * as train from './train';
export * as summary from './summary';
export * as savedModel from './saved_model';
export * as layers from './layers';
export * as data from './data';
export * as featureColumn from './feature_column';

/** The version of the libtensorflow in use (`TF_Version()`). */
export function version(): string {
  return binding.version();
}
