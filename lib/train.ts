/**
 * The `train` namespace (`tf.compat.v1.train`): hooks, sessions, Saver, optimizers, global step.
 * Each module below is one of TF1's; add exports here as modules land.
 */
export {};
export {
  getGlobalStep, createGlobalStep, getOrCreateGlobalStep, globalStep, assertGlobalStep, getGlobalStepRead,
  getOrCreateGlobalStepRead, incrementGlobalStep, GLOBAL_STEP_READ_KEY, writeGraph,
} from './training/training_util';
export type { GlobalStep } from './training/training_util';
export {
  SessionRunHook, SessionRunArgs, SessionRunContext, SessionRunValues,
} from './training/session_run_hook';
export type { MaybePromise, RunMetadataHolder } from './training/session_run_hook';
export {
  SecondOrStepTimer, NeverTriggerTimer, LoggingTensorHook, StopAtStepHook, CheckpointSaverListener,
  CheckpointSaverHook, StepCounterHook, NanLossDuringTrainingError, NanTensorHook, SummarySaverHook,
  GlobalStepWaiterHook, FinalOpsHook, FeedFnHook, ProfilerHook,
} from './training/basic_session_run_hooks';
export type {
  LoggingTensorHookOptions, CheckpointSaverHookOptions, StepCounterHookOptions, SummarySaverHookOptions,
  ProfilerHookOptions,
} from './training/basic_session_run_hooks';
export {
  Scaffold, ChiefSessionCreator, WorkerSessionCreator, MonitoredSession, SingularMonitoredSession,
  MonitoredTrainingSession, withMonitoredSession, StepContext, StopIteration, USE_DEFAULT, SessionCreator,
} from './training/monitored_session';
export type {
  ScaffoldOptions, ChiefSessionCreatorOptions, WorkerSessionCreatorOptions, MonitoredRunOptions,
  MonitoredSessionOptions, SingularMonitoredSessionOptions, MonitoredTrainingSessionOptions,
} from './training/monitored_session';
export { SessionManager } from './training/session_manager';
export type { SessionManagerOptions, PrepareSessionOptions, InitFn } from './training/session_manager';
export { Coordinator, CoordinatedThread } from './training/coordinator';
export type { JoinOptions } from './training/coordinator';
export { QueueRunner, addQueueRunner, startQueueRunners } from './training/queue_runner';
export type { QueueRunnerOptions } from './training/queue_runner';
export {
  matchFilenamesOnce, limitEpochs, inputProducer, stringInputProducer, rangeInputProducer, sliceInputProducer,
  batch, maybeBatch, batchJoin, maybeBatchJoin, shuffleBatch, maybeShuffleBatch, shuffleBatchJoin, maybeShuffleBatchJoin,
} from './training/input';
export type {
  InputProducerOptions, ProducerOptions, BatchOptions, ShuffleBatchOptions, BatchTensors, BatchedValues,
} from './training/input';
export { summaryIterator } from './summary/summary_iterator';
/** The `tf.train.Example` protos, built as in Python, with `serializeToString()` and `fromString()`. */
export {
  BytesList, FloatList, Int64List, Feature, Features, FeatureList, FeatureLists, Example, SequenceExample,
} from './io/example';
export { Saver } from './training/saver';
export type { SaverOptions, SaveOptions } from './training/saver';
export {
  latestCheckpoint, getCheckpointState, updateCheckpointState, generateCheckpointStateProto, checkpointExists,
  getCheckpointMtimes, loadCheckpoint, listVariables, CheckpointReader, NewCheckpointReader, loadVariable, removeCheckpoint,
  checkpointsIterator,
} from './training/checkpoint_management';
export { initFromCheckpoint } from './training/checkpoint_utils';
export { warmStart, VocabInfo } from './training/warm_starting_util';
export type { WarmStartOptions, VocabInfoOptions, NameMap } from './training/warm_starting_util';
export { ExponentialMovingAverage, assignMovingAverage } from './training/moving_averages';
export { SyncReplicasOptimizer } from './training/sync_replicas_optimizer';
export type { SyncReplicasOptions } from './training/sync_replicas_optimizer';
export type { ExponentialMovingAverageOptions } from './training/moving_averages';
export type { AssignmentMap, AssignmentTarget } from './training/checkpoint_utils';
export { LogLevel, setVerbosity, getVerbosity, addLogHandler } from './training/tf_logging';
export type { LogRecord, LogHandler } from './training/tf_logging';
export { Optimizer } from './training/optimizer';
export type { GradAndVar, Hyper, MinimizeOptions, ComputeGradientsOptions, ApplyGradientsOptions } from './training/optimizer';
export { GradientDescentOptimizer } from './training/gradient_descent';
export { MomentumOptimizer } from './training/momentum';
export { AdamOptimizer } from './training/adam';
export { AdagradOptimizer } from './training/adagrad';
export { RMSPropOptimizer } from './training/rmsprop';
export { AdadeltaOptimizer } from './training/adadelta';
export { FtrlOptimizer } from './training/ftrl';
export type { FtrlOptions } from './training/ftrl';
export type { AdadeltaOptions } from './training/adadelta';
export { AdagradDAOptimizer } from './training/adagrad_da';
export type { AdagradDAOptions } from './training/adagrad_da';
export { ProximalGradientDescentOptimizer } from './training/proximal_gradient_descent';
export type { ProximalOptions } from './training/proximal_gradient_descent';
export { ProximalAdagradOptimizer } from './training/proximal_adagrad';
export type { ProximalAdagradOptions } from './training/proximal_adagrad';
export {
  importMetaGraph, exportMetaGraph, createMetaGraphDef, readMetaGraphFile, importScopedMetaGraph, restoreCollections,
} from './framework/meta_graph';
export type { ImportMetaGraphOptions, ExportMetaGraphOptions, ImportedMetaGraph } from './framework/meta_graph';
export { ClusterSpec, Server, makeServerDef } from './training/server_lib';
export type { ClusterLike, JobTasks, ServerOptions } from './training/server_lib';
export { replicaDeviceSetter, roundRobinStrategy, DeviceSpec, STANDARD_PS_OPS } from './training/device_setter';
export type { DeviceFunction, DeviceFunctionOp, PsStrategy, ReplicaDeviceSetterOptions } from './training/device_setter';
export {
  exponentialDecay, naturalExpDecay, inverseTimeDecay, polynomialDecay, piecewiseConstant, piecewiseConstantDecay,
  cosineDecay, cosineDecayRestarts, linearCosineDecay, noisyLinearCosineDecay,
} from './training/learning_rate_decay';
export type {
  ScalarArg, StaircaseDecayOptions, PolynomialDecayOptions, PiecewiseConstantOptions, CosineDecayOptions,
  CosineDecayRestartsOptions, LinearCosineDecayOptions, NoisyLinearCosineDecayOptions,
} from './training/learning_rate_decay';
export { LooperThread } from './training/coordinator';
export type { LooperThreadOptions } from './training/coordinator';
export { Supervisor } from './training/supervisor';
export type {
  SupervisorOptions, PrepareOrWaitForSessionOptions, ManagedSessionOptions, SupervisorStopOptions, ComputedSummary,
} from './training/supervisor';
export { basicTrainLoop } from './training/basic_loops';
export type { BasicTrainLoopOptions } from './training/basic_loops';
/** TF1's SDCA ops (`tf.train.sdca_optimizer`, `sdca_fprint`, `sdca_shrink_l1`). */
export { sdcaOptimizer, sdcaFprint, sdcaShrinkL1 } from './ops/sdca_ops';
export type { SdcaOptimizerArgs } from './ops/sdca_ops';
/** TF1's `tf.train` proto classes (lib/framework/protos). */
export { SaverDef, ClusterDef, JobDef, ServerDef } from './framework/protos';
