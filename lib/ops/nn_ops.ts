/**
 * Neural-network helpers (TF1's `tf.nn`): activations, bias add, the cross-entropy losses, dropout,
 * embedding lookups, conv2d and pooling, moments and batch normalization, each op for op as TF 2.21
 * builds it.
 */
import { NotImplementedError, ValueError } from '../errors';
import { DType, baseDType, dtypeName, isFloatingDType } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor, makeConst } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { formatPythonFloat } from '../proto/text_format';
import {
  cast, concat, expandDims, gather, identity, ones, onesLike, rank, reshape, shape, size, sliceOf, stopGradient, transpose,
  where, withScope, zerosLike,
} from './array_ops';
import { clipByNorm } from './clip_ops';
import { assertShapesCompatible, isCompatible, isFullyDefined, shapeString } from '../framework/tensor_shape';
import { deprecatedArgumentLookup } from '../util/deprecation';
import { pyStr } from '../util/python_repr';
import { assertEqual, assertGreaterEqual, assertInteger, assertNonNegative, assertScalar } from './check_ops';
import { add, exp, greaterEqual, mul, neg, range, reduceProd, reduceSum, sigmoid, sqrt, square, sub } from './math_ops';
import { customGradient } from './custom_gradient';
import { divNoNan, less, logicalAnd, matmul, notEqual, reduceMax, truediv } from './math_ops';
import { ctcBeamSearchDecoder, ctcLoss } from './ctc_ops';
import { booleanMask, pad, scatterNd, sequenceMask, unique } from './array_ops';
import { controlDependencies } from './control_flow_ops';
import { mapFn } from './functional_ops';
import * as raw from './gen/raw_ops';
import { SparseTensor } from '../framework/sparse_tensor';
import { sparseFillEmptyRows, sparseReshape, sparseRetain } from './sparse_ops';
import { PartitionedVariable } from './partitioned_variables';
import { Variable } from './variables';
import { getSeed, randomUniform } from './random_ops';
import { getSequence } from './nn_conv';
import { pythonType } from './python_type';
import { pyInts } from './signal/util';

export {
  dynamicRnn, staticRnn, bidirectionalDynamicRnn, staticBidirectionalRnn, rawRnn, staticStateSavingRnn,
} from './rnn';
export type { StateSaver } from './rnn';
/** `tf.nn.rnn_cell`: TF1's RNN cells. */
export * as rnnCell from './rnn_cell_impl';
export {
  convolution, conv1d, conv1dTranspose, conv2dBackpropInput, conv2dTranspose, conv3d, conv3dTranspose, depthwiseConv2d,
  depthwiseConv2dNative, separableConv2d, atrousConv2d, pool, maxPool1d, maxPool3d, avgPool1d, avgPool3d, withSpaceToBatch,
  conv2dBackpropFilter, conv3dBackpropFilter, conv3dBackpropFilterV2, depthwiseConv2dNativeBackpropFilter,
  depthwiseConv2dNativeBackpropInput, depthwiseConv2dBackpropFilter, depthwiseConv2dBackpropInput, convTranspose,
  maxPool2d, maxPoolV2, avgPoolV2, atrousConv2dTranspose,
} from './nn_conv';
export type {
  Padding, Sequence, ConvolutionCallOptions, Conv1DOptions, Conv3DOptions, ConvTransposeOptions, Conv2DBackpropInputOptions,
  DepthwiseConv2dNativeOptions, DepthwiseConv2DOptions, KsizePoolOptions, WindowPoolOptions, WithSpaceToBatchOptions,
  BackpropOptions, PoolV2Options,
} from './nn_conv';
/** `tf.nn.depth_to_space`, `space_to_depth`, `space_to_batch`: the array ops by their tf.nn names. */
export { depthToSpace, spaceToDepth, spaceToBatch } from './array_ops';
export {
  logPoissonLoss, weightedCrossEntropyWithLogits, zeroFraction, sufficientStatistics, normalizeMoments, weightedMoments,
  batchNormWithGlobalNormalization, nceLoss, sampledSoftmaxLoss,
} from './nn_impl';
export type { WeightedCrossEntropyOptions, SampledLossOptions } from './nn_impl';
export {
  uniformCandidateSampler, logUniformCandidateSampler, learnedUnigramCandidateSampler, fixedUnigramCandidateSampler,
  allCandidateSampler, computeAccidentalHits,
} from './candidate_sampling_ops';
export type { CandidateSamples, SamplerOptions, FixedUnigramOptions } from './candidate_sampling_ops';
export { ctcLoss, ctcGreedyDecoder, ctcBeamSearchDecoder } from './ctc_ops';
/** The quantized ops of `tf.nn` (`tf.nn.quantized_conv2d`, `quantized_avg_pool`, ...). */
export { quantizedAvgPool, quantizedMaxPool, quantizedConv2d, quantizedReluX } from './quantization_ops';
export type { QuantizedPoolOptions, QuantizedConv2DOptions } from './quantization_ops';
export type { CTCLossOptions } from './ctc_ops';
export type {
  RNNCell, DynamicRnnOptions, StaticRnnOptions, BidirectionalDynamicRnnOptions, StaticBidirectionalRnnOptions,
  RawRnnOptions, RawRnnLoopFn, RawRnnLoopResult, CellOutputOf, CellStateOf,
} from './rnn';

/** `tf.nn.relu(features)`. */
export function relu(features: InputValue, name?: string): Output {
  return applyOp('Relu', { features }, {}, name ?? 'Relu').output(0);
}

/** `tf.nn.softmax(logits)` over the last axis. */
export function softmax(logits: InputValue, name?: string): Output {
  return applyOp('Softmax', { logits }, {}, name ?? 'Softmax').output(0);
}

/** `tf.nn.log_softmax(logits)` over the last axis. */
export function logSoftmax(logits: InputValue, name?: string): Output {
  return applyOp('LogSoftmax', { logits }, {}, name ?? 'LogSoftmax').output(0);
}

/**
 * `tf.nn.bias_add(value, bias, data_format=None)`: `bias` added along the channels, the last
 * dimension or (`dataFormat` 'NC...') the second.
 */
export function biasAdd(value: InputValue, bias: InputValue, options: { dataFormat?: string; name?: string } = {}): Output {
  return withScope(options.name, 'BiasAdd', [value, bias], (scope, graph) => {
    let dataFormat = options.dataFormat;
    if (dataFormat !== undefined) {
      if (dataFormat.startsWith('NC')) {
        dataFormat = 'NCHW';
      } else if (dataFormat.startsWith('N') && dataFormat.endsWith('C')) {
        dataFormat = 'NHWC';
      } else {
        throw new ValueError(`\`data_format\` must be of the form \`N...C\` or \`NC...\`. Received: data_format=${dataFormat}`);
      }
    }
    const x = convertToTensor(value, { name: 'input', graph });
    const b = convertToTensor(bias, { dtype: x.dtype, name: 'bias', graph });
    return applyOp('BiasAdd', { value: x, bias: b }, { data_format: dataFormat }, scope).output(0);
  });
}

/** `tf.nn.sigmoid`, `tanh`, `softplus`, `top_k`, `in_top_k`: the same functions as `tf.math`'s. */
export { sigmoid, tanh, softplus, topK, inTopK } from './math_ops';

/** `_ensure_xent_args`: both are given. */
function ensureXentArgs(name: string, labels: unknown, logits: unknown): void {
  if (labels == null || logits == null) {
    throw new ValueError(`Both \`labels\` and \`logits\` must be provided for ${name}` +
      `Received: labels=${pyStr(labels)} and logits=${pyStr(logits)}`);
  }
}

/** `_flatten_outer_dims`: `t` as a matrix of rows of its last dimension, of a static shape where TF knows it. */
function flattenOuterDims(t: Output): Output {
  const r = rank(t);
  const lastDimSize = raw.slice({ input: shape(t), begin: [sub(r, 1)], size: [1] }, 'Slice');
  const output = reshape(t, concat([[-1], lastDimSize], 0));
  const leading = t.shape && t.shape.slice(0, -1);
  if (isFullyDefined(leading)) output.setShape([leading.reduce((a, b) => a * b, 1), t.shape!.at(-1) ?? null]);
  return output;
}

/** Options of the softmax cross entropies. */
export interface SoftmaxCrossEntropyOptions {
  /** A probability distribution along the class dimension for each example. */
  labels: InputValue;
  /** Unscaled log probabilities. */
  logits: InputValue;
  /** The class dimension (default: the last). */
  axis?: number;
  /** The deprecated name of `axis`. */
  dim?: number;
  name?: string;
}

/**
 * `tf.nn.softmax_cross_entropy_with_logits_v2(labels, logits, axis=-1)`: the loss of each
 * example, of the labels' shape without the class dimension; gradients reach the labels too. As
 * TF 2.21 builds it (`softmax_cross_entropy_with_logits_v2_helper`): float16 and bfloat16 logits
 * computed in float32, the class dimension transposed to the end, both flattened to matrices for
 * the `SoftmaxCrossEntropyWithLogits` op (named for the scope), the loss reshaped back.
 */
export function softmaxCrossEntropyWithLogitsV2(options: SoftmaxCrossEntropyOptions): Output {
  const axis = deprecatedArgumentLookup('axis', options.axis, 'dim', options.dim) ?? -1;
  // `ops.convert_to_tensor(None)`.
  if (options.logits == null || options.labels == null) throw new ValueError('None values not supported.');
  return withScope(options.name, 'softmax_cross_entropy_with_logits', [options.logits, options.labels], (scope, graph) => {
    const logits = convertToTensor(options.logits, { name: 'logits', graph });
    const toFloat32 = logits.dtype === DType.float16 || logits.dtype === DType.bfloat16;
    let precise = toFloat32 ? cast(logits, DType.float32) : logits;
    let labels = cast(convertToTensor(options.labels, { name: 'labels', graph }), precise.dtype);
    const inputRank = rank(precise);
    if (axis !== -1) {
      // `_move_dim_to_end`.
      const moveDimToEnd = (t: Output) => transpose(t, concat([range(0, axis), range(axis + 1, inputRank), [axis]], 0));
      precise = moveDimToEnd(precise);
      labels = moveDimToEnd(labels);
    }
    const inputShape = shape(precise);
    const cost = applyOp('SoftmaxCrossEntropyWithLogits',
      { features: flattenOuterDims(precise), labels: flattenOuterDims(labels) }, {}, scope).output(0);
    const out = reshape(cost, raw.slice({ input: inputShape, begin: [0], size: [sub(inputRank, 1)] }, 'Slice'));
    if (logits.shape !== null) {
      const s = [...logits.shape];
      s.splice(axis, 1);
      out.setShape(s);
    }
    return toFloat32 ? cast(out, logits.dtype) : out;
  });
}

/**
 * `tf.compat.v1.nn.softmax_cross_entropy_with_logits(labels, logits, dim=-1)`: as
 * `softmaxCrossEntropyWithLogitsV2` in scope `softmax_cross_entropy_with_logits_sg`, with no
 * gradient to the labels (`labels_stop_gradient`). As in TF1, `axis` with the default `dim` is refused.
 */
export function softmaxCrossEntropyWithLogits(options: SoftmaxCrossEntropyOptions): Output {
  const dim = deprecatedArgumentLookup('axis', options.axis, 'dim', options.dim ?? -1);
  ensureXentArgs('softmax_cross_entropy_with_logits', options.labels, options.logits);
  return withScope(options.name, 'softmax_cross_entropy_with_logits_sg', [options.logits, options.labels], (scope) => {
    const labels = stopGradient(options.labels, 'labels_stop_gradient');
    return softmaxCrossEntropyWithLogitsV2({ labels, logits: options.logits, axis: dim, name: scope });
  });
}

/**
 * `tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits)`: `labels` are class indices
 * (int32/int64) of the logits' shape without the last dimension. As TF 2.21 builds it: the
 * `SparseSoftmaxCrossEntropyWithLogits` op on rank-2 logits, else on both flattened (after an
 * `assert_equal` of their shapes when they are not static) and the loss reshaped to the labels'.
 */
export function sparseSoftmaxCrossEntropyWithLogits(options: { labels: InputValue; logits: InputValue;
  name?: string }): Output {
  ensureXentArgs('sparse_softmax_cross_entropy_with_logits', options.labels, options.logits);
  return withScope(options.name, 'SparseSoftmaxCrossEntropyWithLogits', [options.labels, options.logits],
    (_scope, graph) => {
      const labels = convertToTensor(options.labels, { graph });
      const logits = convertToTensor(options.logits, { graph });
      const precise = logits.dtype === DType.float16 ? cast(logits, DType.float32) : logits;
      const labelsStatic = labels.shape;
      const labelsShape = shape(labels);
      const logitsStatic = logits.shape;
      const leading = logitsStatic && logitsStatic.slice(0, -1);
      const staticShapesFullyDefined = isFullyDefined(labelsStatic) && isFullyDefined(leading);
      if (logitsStatic?.length === 0) {
        throw new ValueError(`\`logits\` cannot be a scalar. Received logits=${pyStr(logits)}\``);
      }
      if (logitsStatic && labelsStatic && labelsStatic.length !== logitsStatic.length - 1) {
        throw new ValueError('`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: ' +
          `labels.shape=${shapeString(labelsStatic)} of rank ${labelsStatic.length} and ` +
          `logits.shape=${shapeString(logitsStatic)} of rank ${logitsStatic.length}`);
      }
      if (staticShapesFullyDefined && labelsStatic!.some((d, i) => d !== leading![i])) {
        throw new ValueError('`labels.shape` must equal `logits.shape` except for the last dimension. Received: ' +
          `labels.shape=${shapeString(labelsStatic)} and logits.shape=${shapeString(logitsStatic)}`);
      }
      // `_sparse_softmax_cross_entropy_with_rank_2_logits`: the op is named `name` in the scope.
      const xent = (x: Output, l: Output) => applyOp('SparseSoftmaxCrossEntropyWithLogits', { features: x, labels: l },
        {}, options.name ?? 'SparseSoftmaxCrossEntropyWithLogits').output(0);
      const castBack = (cost: Output) => (logits.dtype === DType.float16 ? cast(cost, DType.float16) : cost);
      if (logitsStatic?.length === 2) return castBack(xent(precise, labels));
      const shapeChecks = staticShapesFullyDefined ? []
        : [assertEqual(shape(labels), sliceOf(shape(logits), [[null, -1]]))];
      return graph.controlDependencies(shapeChecks, () => {
        const numClasses = sliceOf(shape(logits), [sub(rank(logits), 1, 'sub')]);
        const cost = reshape(xent(reshape(precise, [-1, numClasses]), reshape(labels, [-1])), labelsShape);
        cost.setShape(labelsStatic);
        return castBack(cost);
      });
    });
}

/**
 * `tf.nn.sigmoid_cross_entropy_with_logits(labels, logits)`: max(x, 0) - x * z + log(1 + exp(-|x|)),
 * the max and abs as Selects (which have gradients at 0).
 */
export function sigmoidCrossEntropyWithLogits(options: { labels: InputValue; logits: InputValue; name?: string }): Output {
  ensureXentArgs('sigmoid_cross_entropy_with_logits', options.labels, options.logits);
  return withScope(options.name, 'logistic_loss', [options.logits, options.labels], (scope, graph) => {
    const logits = convertToTensor(options.logits, { name: 'logits', graph });
    const labels = convertToTensor(options.labels, { name: 'labels', graph });
    if (!isCompatible(labels.shape, logits.shape)) {
      throw new ValueError(`\`logits\` and \`labels\` must have the same shape, received (${shapeString(logits.shape)} ` +
        `vs ${shapeString(labels.shape)}).`);
    }
    const zeros = zerosLike(logits, logits.dtype);
    const cond = greaterEqual(logits, zeros);
    const reluLogits = where(cond, logits, zeros);
    const negAbsLogits = where(cond, neg(logits), logits);
    return add(sub(reluLogits, mul(logits, labels, 'mul'), 'sub'), raw.log1p({ x: exp(negAbsLogits) }, 'Log1p'), scope);
  });
}

/** Options of `embeddingLookup`. */
export interface EmbeddingLookupOptions {
  name?: string;
  /** Each looked-up row whose L2 norm is larger is scaled down to it. */
  maxNorm?: number | Output;
  /**
   * How ids map to the parts of a partitioned table: 'mod' (default; id i in part i % n, row
   * i / n) or 'div' (contiguous ranges, the first parts one id longer).
   */
  partitionStrategy?: 'mod' | 'div';
}

/** A table to look rows up in: a tensor or variable, a PartitionedVariable, or a list of parts. */
export type EmbeddingParams = InputValue | PartitionedVariable | Array<Variable | Output>;

/**
 * `tf.nn.embedding_lookup(params, ids, partition_strategy, max_norm)`: the rows `ids` of the
 * table. One table: `tf.gather` colocated with it (a `ResourceGather` on a resource variable,
 * else `GatherV2`) through an Identity. Parts (a PartitionedVariable or a list): the ids split by
 * part (DynamicPartition), a gather in each part, stitched back (ParallelDynamicStitch). The
 * gradient is IndexedSlices of the rows of each part, so an optimizer updates only them.
 */
export function embeddingLookup(params: EmbeddingParams, ids: InputValue, options: EmbeddingLookupOptions = {}): Output {
  const list = params instanceof PartitionedVariable ? [...params]
    : Array.isArray(params) && params.length > 0 && params.every((p) => p instanceof Variable || p instanceof Output)
      ? params as Array<Variable | Output> : null;
  if (list && list.length > 1) return lookupParts(list, ids, options);
  const one = list ? list[0] : params as InputValue;
  return withScope(options.name, 'embedding_lookup', [one, ids], (scope, graph) => {
    const table = one instanceof Output || one instanceof Variable ? one : convertToTensor(one, { graph });
    const idsT = convertToTensor(ids, { name: 'ids', graph });
    return identity(graph.colocateWith(table, () => clipRows(gather(table, idsT, 0, scope), idsT, options.maxNorm)));
  });
}

/** `_clip`: each row scaled to at most `maxNorm`, its norm taken over the axes after the ids'. */
function clipRows(rows: Output, ids: Output, maxNorm: number | Output | undefined): Output {
  if (maxNorm === undefined) return rows;
  const [idsRank, rowsRank] = [ids.shape?.length, rows.shape?.length];
  const axes = idsRank && rowsRank ? Array.from({ length: rowsRank - idsRank }, (_, i) => idsRank + i)
    : applyOp('Range', { start: idsRank || rank(ids), limit: rowsRank || rank(rows), delta: 1 }, {}, 'range').output(0);
  return clipByNorm(rows, maxNorm, { axes });
}

/** `_embedding_lookup_and_transform` over several parts. */
function lookupParts(parts: Array<Variable | Output>, ids: InputValue, options: EmbeddingLookupOptions): Output {
  const np = parts.length;
  return withScope(options.name, 'embedding_lookup', [...parts, ids], (scope, graph) => {
    const idsT = convertToTensor(ids, { name: 'ids', graph });
    const flatIds = reshape(idsT, [-1]);
    const idType = baseDType(flatIds.dtype);
    const originalIndices = range(0, size(flatIds));
    const idConst = (v: number) => Tensor.from(v, { dtype: idType });
    // Python's operators on the ids: `//` is a FloorDiv named `floordiv`, and so on.
    const op2 = (type: string, name: string) => (x: InputValue, y: InputValue) => applyOp(type, { x, y }, {}, name).output(0);
    const [floordiv, mod, add, sub2] = [op2('FloorDiv', 'floordiv'), op2('FloorMod', 'mod'), op2('AddV2', 'add'),
      op2('Sub', 'sub')];
    let assignments: Output;
    let newIds: Output;
    const strategy = options.partitionStrategy ?? 'mod';
    if (strategy === 'mod') {
      assignments = mod(flatIds, idConst(np));
      newIds = floordiv(flatIds, idConst(np));
    } else if (strategy === 'div') {
      // Contiguous ranges over the parts' total rows: the first `extras` parts one id longer.
      const rows = parts.map((p) => p.shape?.[0] ?? null);
      if (rows.some((r) => r === null)) throw new ValueError('The \'div\' strategy needs the static row counts of the parts.');
      const total = makeConst(graph, idConst((rows as number[]).reduce((a, b) => a + b, 0)));
      const perPart = floordiv(total, idConst(np));
      const extras = mod(total, idConst(np));
      assignments = applyOp('Maximum', { x: floordiv(flatIds, add(perPart, idConst(1))),
        y: floordiv(sub2(flatIds, extras), perPart) }, {}, 'Maximum').output(0);
      const inLonger = applyOp('Less', { x: assignments, y: extras }, {}, 'Less').output(0);
      newIds = applyOp('Select', { condition: inLonger, t: mod(flatIds, add(perPart, idConst(1))),
        e: mod(sub2(flatIds, extras), perPart) }, {}, 'Select').output(0);
    } else {
      throw new ValueError(`Unrecognized partition strategy: ${strategy}. Must be one of either \`mod\` or \`div\`.`);
    }
    const byPart = cast(assignments, DType.int32);
    const partition = (data: Output) => applyOp('DynamicPartition', { data, partitions: byPart }, { num_partitions: np },
      'DynamicPartition').outputs;
    const gatherIds = partition(newIds);
    const pindices = partition(originalIndices);
    const results = parts.map((p, i) => graph.device(null, () => graph.colocateWith(p, () => gather(p, gatherIds[i]))));
    const stitched = applyOp('ParallelDynamicStitch', { indices: pindices, data: results }, {}, scope).output(0);
    const rowShape = parts[0].shape?.slice(1);
    if (!rowShape || rowShape.some((d) => d === null)) {
      throw new ValueError('embeddingLookup over parts needs the static row shape of the parts.');
    }
    const out = reshape(stitched, concat([shape(idsT), Tensor.from(rowShape as number[], { dtype: DType.int32 })], 0));
    return clipRows(out, idsT, options.maxNorm);
  });
}

/** Options of `embeddingLookupSparse`. */
export interface EmbeddingLookupSparseOptions {
  /** How each row's embeddings combine: 'mean' (default), 'sqrtn' or 'sum'. */
  combiner?: 'mean' | 'sqrtn' | 'sum';
  partitionStrategy?: 'mod' | 'div';
  maxNorm?: number | Output;
  /** Look rows up directly even with weights (no `Unique` first). */
  allowFastLookup?: boolean;
  name?: string;
}

const COMBINERS = ['mean', 'sqrtn', 'sum'];

/**
 * `tf.nn.embedding_lookup_sparse(params, sp_ids, sp_weights, ...)`: for each row of `spIds` (a
 * SparseTensor of ids, `[batch, n]`), the combination of the embeddings of its ids, weighted by
 * `spWeights` when given. One table without weights reads rows through `SparseSegment{Mean,...}`
 * with a sparse gradient, so an optimizer updates only the rows read, as in TF 2.21.
 */
export function embeddingLookupSparse(params: EmbeddingParams, spIds: SparseTensor, spWeights: SparseTensor | null = null,
  options: EmbeddingLookupSparseOptions = {}): Output {
  const combiner = options.combiner ?? 'mean';
  if (!COMBINERS.includes(combiner)) throw new ValueError(`combiner must be one of 'mean', 'sqrtn' or 'sum', got ${combiner}`);
  const list: EmbeddingParams[] = params instanceof PartitionedVariable ? [...params]
    : Array.isArray(params) && params.every((p) => p instanceof Variable || p instanceof Output) ? params : [params];
  if (!(spIds instanceof SparseTensor)) throw new TypeError(`sp_ids must be SparseTensor, got ${pythonType(spIds)}`);
  const ignoreWeights = spWeights === null || spWeights === undefined;
  if (!ignoreWeights) {
    if (!(spWeights instanceof SparseTensor)) {
      throw new TypeError(`sp_weights must be either None or SparseTensor,got ${pythonType(spWeights)}`);
    }
    assertShapesCompatible(spIds.values.shape, spWeights.values.shape);
    assertShapesCompatible(spIds.indices.shape, spWeights.indices.shape);
    assertShapesCompatible(spIds.denseShape.shape, spWeights.denseShape.shape);
  }
  return withScope(options.name, 'embedding_lookup_sparse', [...list, spIds.indices], (scope, graph) => {
    let segmentIds = sliceOf(spIds.indices, [[null, null], 0]);
    let ids = spIds.values;
    let tables = list;
    if (tables.length === 1 && !(tables[0] instanceof Output)) tables = [convertToTensor(tables[0] as InputValue, { name: 'params', graph })];
    let embeddings: Output;
    let idx: Output;
    let sparseGradient = false;
    const one = tables.length === 1 ? tables[0] as Output : null;
    if (one && one.op.device === segmentIds.op.device && options.maxNorm === undefined &&
      (options.allowFastLookup || ignoreWeights)) {
      idx = ids;
      embeddings = one;
      sparseGradient = !options.allowFastLookup;
    } else {
      const u = raw.unique({ x: ids });
      [ids, idx] = [u.y, u.idx];
      embeddings = embeddingLookup(tables.length === 1 ? tables[0] : tables as Array<Variable | Output>, ids,
        { partitionStrategy: options.partitionStrategy, maxNorm: options.maxNorm });
    }
    if (ignoreWeights) {
      if (segmentIds.dtype !== DType.int32 && segmentIds.dtype !== DType.int64) segmentIds = cast(segmentIds, DType.int32);
      const kind = combiner === 'sum' ? 'Sum' : combiner === 'mean' ? 'Mean' : 'SqrtN';
      return applyOp(`SparseSegment${kind}`, { data: embeddings, indices: idx, segment_ids: segmentIds },
        { sparse_gradient: sparseGradient }, scope).output(0);
    }
    if (segmentIds.dtype !== DType.int32) segmentIds = cast(segmentIds, DType.int32);
    let weights = spWeights!.values;
    embeddings = gather(embeddings, idx);
    const originalDtype = embeddings.dtype;
    if (embeddings.dtype === DType.float16 || embeddings.dtype === DType.bfloat16) embeddings = cast(embeddings, DType.float32);
    if (weights.dtype !== embeddings.dtype) weights = cast(weights, embeddings.dtype);
    // Weights broadcast over the embedding's dimensions: [n] to [n, 1, ...].
    const onesShape = expandDims(applyOp('Sub', { x: rank(embeddings), y: 1 }, {}, 'sub').output(0), 0);
    const weightsShape = shape(weights);
    const bcastShape = concat([weightsShape, ones(onesShape, weightsShape.dtype)], 0);
    const origWeightsShape = weights.shape;
    weights = reshape(weights, bcastShape);
    const embRank = embeddings.shape?.length;
    if (embRank !== undefined && origWeightsShape !== null) weights.setShape([...origWeightsShape, ...new Array<number>(embRank - 1).fill(1)]);
    embeddings = applyOp('Mul', { x: embeddings, y: weights }, {}, 'mul').output(0);
    const segmentSum = (data: Output, name?: string) => raw.segmentSum({ data, segmentIds }, name);
    if (combiner === 'sum') {
      embeddings = segmentSum(embeddings, scope);
    } else {
      const summed = segmentSum(embeddings);
      const weightSum = combiner === 'mean' ? segmentSum(weights)
        : sqrt(segmentSum(applyOp('Pow', { x: weights, y: 2 }, {}, 'Pow').output(0)));
      embeddings = withScope(scope, 'div_no_nan', [summed, weightSum], (s) => raw.divNoNan({ x: summed, y: weightSum }, s));
    }
    return embeddings.dtype !== originalDtype ? cast(embeddings, originalDtype) : embeddings;
  });
}

/**
 * `tf.nn.safe_embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights, combiner,
 * default_id, ...)`: `embeddingLookupSparse` over ids of any rank (the last dimension combined),
 * ids below 0 (and, but for 'sum', weights not above 0) left out, and rows with no ids left given
 * the `defaultId` row's embedding, or zeros.
 */
export function safeEmbeddingLookupSparse(embeddingWeights: EmbeddingParams, sparseIds: SparseTensor,
  sparseWeights: SparseTensor | null = null, options: EmbeddingLookupSparseOptions & { defaultId?: number | null } = {}): Output {
  if (embeddingWeights === null || embeddingWeights === undefined) throw new ValueError(`Missing embedding_weights None.`);
  const list: EmbeddingParams[] = embeddingWeights instanceof PartitionedVariable ? [...embeddingWeights]
    : Array.isArray(embeddingWeights) && embeddingWeights.every((p) => p instanceof Variable || p instanceof Output)
      ? embeddingWeights : [embeddingWeights];
  if (list.length < 1) throw new ValueError('Missing embedding_weights [].');
  const dtype = sparseWeights ? sparseWeights.dtype : undefined;
  const tables = list.map((w) => (w instanceof Variable && w.isResource && (dtype === undefined || dtype === baseDType(w.dtype))
    ? w : convertToTensor(w as InputValue, { dtype })));
  const combiner = options.combiner ?? 'mean';
  const defaultId = options.defaultId ?? null;
  return withScope(options.name, 'embedding_lookup', [...tables, sparseIds.indices], (scope, graph) => {
    const originalShape = sparseIds.denseShape;
    const rankDim = originalShape.shape?.[0] ?? null;
    const originalRank: InputValue = rankDim ?? size(originalShape);
    const minusOne = (x: InputValue) => (typeof x === 'number' ? x - 1 : applyOp('Sub', { x, y: 1 }, {}, 'sub').output(0));
    const leading = reduceProd(applyOp('Slice', { input: originalShape, begin: [0], size: [minusOne(originalRank)] },
      {}, 'Slice').output(0));
    let ids = sparseReshape(sparseIds, [leading, gather(originalShape, minusOne(originalRank))]);
    let weights = sparseWeights ? new SparseTensor(ids.indices, sparseWeights.values, ids.denseShape) : null;
    // Ids below 0 are dropped (`_prune_invalid_ids`), and for mean and sqrtn weights not above 0.
    let valid = applyOp('GreaterEqual', { x: ids.values, y: 0 }, {}, 'GreaterEqual').output(0);
    if (weights) {
      valid = applyOp('LogicalAnd', { x: valid, y: onesLike(weights.values, DType.bool) }, {}, 'LogicalAnd').output(0);
    }
    ids = sparseRetain(ids, valid);
    if (weights) weights = sparseRetain(weights, valid);
    if (combiner !== 'sum' && weights) {
      const positive = applyOp('Greater', { x: weights.values, y: 0 }, {}, 'Greater').output(0);
      ids = sparseRetain(ids, positive);
      weights = sparseRetain(weights, positive);
    }
    let isRowEmpty: Output;
    [ids, isRowEmpty] = sparseFillEmptyRows(ids, defaultId ?? 0);
    if (weights) [weights] = sparseFillEmptyRows(weights, 1.0);
    let result = embeddingLookupSparse(tables, ids, weights, { ...options, name: defaultId === null ? undefined : scope });
    if (defaultId === null) {
      const rows = reshape(isRowEmpty, [-1, 1]);
      const tiled = raw.tile({ input: rows, multiples: convertToTensor([1, sliceOf(shape(result), [1])], { name: 'stack', graph }) });
      result = applyOp('Select', { condition: tiled, t: zerosLike(result), e: result }, {}, scope).output(0);
    }
    const rankLess = minusOne(originalRank);
    const finalResult = reshape(result, concat([
      applyOp('Slice', { input: cast(originalShape, DType.int32), begin: [0], size: [rankLess] }, {}, 'Slice').output(0),
      applyOp('Slice', { input: shape(result), begin: [1], size: [-1] }, {}, 'Slice').output(0),
    ], 0));
    const rowShape = result.shape?.slice(1);
    finalResult.setShape(rankDim === null || rowShape === undefined ? null
      : [...new Array<null>(rankDim - 1).fill(null), ...rowShape]);
    return finalResult;
  });
}

/** `tf.nn.l2_loss(t)`: sum(t ** 2) / 2. */
export function l2Loss(t: InputValue, name?: string): Output {
  return applyOp('L2Loss', { t }, {}, name ?? 'L2Loss').output(0);
}

/** Options of `dropout` (TF1's keyword arguments). */
export interface DropoutOptions {
  /** Deprecated in TF for `rate`: the probability of keeping each element (`rate = 1 - keepProb`). */
  keepProb?: number | Output;
  /** The probability of dropping each element, in [0, 1). */
  rate?: number | Output;
  /**
   * The shape of the keep/drop draws (broadcast to `x`'s): an int tensor, or dimensions where null
   * takes `x`'s.
   */
  noiseShape?: (number | null)[] | Output;
  /** The op-level seed (with the graph-level one, `setRandomSeed`). */
  seed?: number;
  name?: string;
}

/**
 * `tf.compat.v1.nn.dropout(x, keep_prob, noise_shape, seed, name, rate)`: each element is zeroed
 * with probability `rate`, the others scaled by `1 / (1 - rate)`. As TF 2.21 builds it (through
 * `dropout_v2`): a `RandomUniform` in `dropout/random_uniform`, `GreaterEqual` against the rate
 * and a `SelectV2`; a number rate of 0 gives `x` itself, after taking a seed as a draw would.
 */
export function dropout(x: InputValue, options: DropoutOptions = {}): Output {
  const { keepProb, seed } = options;
  // `1. - keep_prob`: for a tensor, a `sub` op outside the dropout scope.
  const rateFromKeepProb = keepProb == null ? undefined : typeof keepProb === 'number' ? 1 - keepProb
    : sub(1, keepProb, 'sub');
  if (options.rate != null && rateFromKeepProb !== undefined) {
    throw new ValueError('Cannot specify both \'keep_prob\' and \'rate\'.');
  }
  const rate = rateFromKeepProb ?? options.rate;
  if (rate == null) throw new ValueError('`rate` must be provided. Received: rate=None');

  return withScope(options.name, 'dropout', [x], (_scope, graph) => {
    if (typeof rate === 'number' && (rate < 0 || rate >= 1)) {
      throw new ValueError('`rate` must be a scalar tensor or a float in the range [0, 1). ' +
        `Received: rate=${formatPythonFloat(rate)}`);
    }
    const xt = convertToTensor(x, { name: 'x', graph });
    const xDtype = xt.dtype;
    if (!isFloatingDType(xDtype)) {
      throw new ValueError('`x.dtype` must be a floating point tensor as `x` will be scaled. ' +
        `Received: x_dtype=<dtype: '${dtypeName(xDtype)}'>`);
    }
    if (rate === 0) {
      getSeed(seed, graph);
      return xt;
    }

    let kept: Output;
    let threshold: InputValue = rate;
    if (typeof rate === 'number') {
      const scale = makeConst(graph, Tensor.from(1 / (1 - rate), { dtype: baseDType(xDtype) }));
      kept = applyOp('Mul', { x: xt, y: scale }, {}).output(0);
    } else {
      if (rate.shape && rate.shape.length !== 0) throw new ValueError(`Shape ${shapeString(rate.shape)} must have rank 0`);
      // `rate_dtype.is_compatible_with(x_dtype)`: only a ref `x` takes a rate of its base dtype (cast).
      if (rate.dtype !== xDtype) {
        if (rate.dtype !== baseDType(xDtype)) {
          throw new ValueError('`x.dtype` must be compatible with `rate.dtype`. Received: ' +
            `x.dtype=<dtype: '${dtypeName(xDtype)}'> and rate.dtype=<dtype: '${dtypeName(rate.dtype)}'>`);
        }
        threshold = applyOp('Cast', { x: rate }, { DstT: xDtype }, 'rate').output(0);
      }
      const one = makeConst(graph, Tensor.from(1, { dtype: baseDType(xDtype) }));
      kept = applyOp('RealDiv', { x: xt, y: applyOp('Sub', { x: one, y: threshold }, {}).output(0) }, {}).output(0);
    }

    const noiseShape = fullNoiseShape(xt, options.noiseShape);
    const random = randomUniform(noiseShape, { dtype: baseDType(xDtype), seed });
    const keepMask = applyOp('GreaterEqual', { x: random, y: threshold }, {}).output(0);
    const zero = makeConst(graph, Tensor.from(0, { dtype: baseDType(xDtype) }));
    const ret = applyOp('SelectV2', { condition: keepMask, t: kept, e: zero }, {}).output(0);
    ret.setShape(xt.shape);
    return ret;
  });
}

/**
 * `_get_noise_shape`: `shape(x)` when not given, a tensor as is, and a list as long as `x`'s rank
 * with `x`'s static dimensions for null. The dimensions must then all be known
 * (`shape_util.shape_tensor`).
 */
function fullNoiseShape(x: Output, noiseShape: (number | null)[] | Output | undefined): Output | number[] {
  if (noiseShape == null) return shape(x);
  if (noiseShape instanceof Output) return noiseShape;
  const xShape = x.shape;
  let dims = noiseShape;
  if (xShape && xShape.length === dims.length) {
    dims = dims.map((d, i) => d ?? xShape[i]);
    if (dims.includes(null)) throw new ValueError(`Cannot convert a partially known TensorShape ${shapeString(dims)} to a Tensor.`);
  } else if (dims.includes(null)) {
    const tuple = `(${dims.map((d) => d ?? 'None').join(', ')}${dims.length === 1 ? ',' : ''})`;
    throw new TypeError(`Failed to convert elements of ${tuple} to Tensor. Consider casting elements to a supported type. ` +
      'See https://www.tensorflow.org/api_docs/python/tf/dtypes for supported TF dtypes.');
  }
  return dims as number[];
}


/** A stride, window or dilation given as one number, its spatial pair, or all four NHWC/NCHW values. */
type Window = number | number[];

/** `_get_sequence`: `w` as the op's 4 values (1 for the batch and channel axes). */
function window4(w: Window, dataFormat: string, what: string): number[] {
  return getSequence(w, 2, dataFormat.startsWith('NC') ? 1 : 3, what);
}

/** Options of `conv2d` (TF1's keyword arguments). */
export interface Conv2DOptions {
  strides: Window;
  padding: 'SAME' | 'VALID';
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: Window;
  name?: string;
}

/** `tf.nn.conv2d(input, filter, strides, padding, data_format='NHWC', dilations=1)` (`Conv2D`). */
export function conv2d(input: InputValue, filter: InputValue, options: Conv2DOptions): Output {
  const dataFormat = options.dataFormat ?? 'NHWC';
  return applyOp('Conv2D', { input, filter }, {
    strides: window4(options.strides, dataFormat, 'strides'), padding: options.padding, use_cudnn_on_gpu: true,
    explicit_paddings: [], data_format: dataFormat, dilations: window4(options.dilations ?? 1, dataFormat, 'dilations'),
  }, options.name ?? 'Conv2D').output(0);
}

/** Options of `maxPool` and `avgPool`. */
export interface PoolOptions {
  ksize: Window;
  strides: Window;
  padding: 'SAME' | 'VALID';
  dataFormat?: 'NHWC' | 'NCHW';
  name?: string;
}

/** `tf.nn.max_pool(value, ksize, strides, padding, data_format='NHWC')` (`MaxPool`). */
export function maxPool(value: InputValue, options: PoolOptions): Output {
  const dataFormat = options.dataFormat ?? 'NHWC';
  return applyOp('MaxPool', { input: value }, {
    ksize: window4(options.ksize, dataFormat, 'ksize'), strides: window4(options.strides, dataFormat, 'strides'),
    padding: options.padding, explicit_paddings: [], data_format: dataFormat,
  }, options.name ?? 'MaxPool').output(0);
}

/** `tf.nn.avg_pool(value, ksize, strides, padding, data_format='NHWC')` (`AvgPool`). */
export function avgPool(value: InputValue, options: PoolOptions): Output {
  const dataFormat = options.dataFormat ?? 'NHWC';
  return applyOp('AvgPool', { value }, {
    ksize: window4(options.ksize, dataFormat, 'ksize'), strides: window4(options.strides, dataFormat, 'strides'),
    padding: options.padding, data_format: dataFormat,
  }, options.name ?? 'AvgPool').output(0);
}

/**
 * `tf.nn.moments(x, axes, keep_dims=False)`: [mean, variance] over `axes` (the variance around the
 * mean, its gradient not flowing back into the mean), as TF builds them in scope `moments`.
 */
export function moments(x: InputValue, axes: number[], options: { keepDims?: boolean; name?: string } = {}): [Output, Output] {
  return withScope(options.name, 'moments', [x], (_scope, graph) => {
    const xt = convertToTensor(x, { graph });
    // float16 has too little range for the sums: computed in float32, as TF does.
    const y = baseDType(xt.dtype) === DType.float16 ? cast(xt, DType.float32) : xt;
    let mean = applyOp('Mean', { input: y, reduction_indices: axes }, { keep_dims: true }, 'mean').output(0);
    const dev = applyOp('SquaredDifference', { x: y, y: applyOp('StopGradient', { input: mean }, {}).output(0) }, {})
      .output(0);
    let variance = applyOp('Mean', { input: dev, reduction_indices: axes }, { keep_dims: true }, 'variance').output(0);
    if (!options.keepDims) {
      mean = applyOp('Squeeze', { input: mean }, { squeeze_dims: axes }, 'Squeeze').output(0);
      variance = applyOp('Squeeze', { input: variance }, { squeeze_dims: axes }, 'Squeeze').output(0);
    }
    if (baseDType(xt.dtype) === DType.float16) return [cast(mean, DType.float16), cast(variance, DType.float16)];
    return [mean, variance];
  });
}

/**
 * `tf.nn.batch_normalization(x, mean, variance, offset, scale, variance_epsilon)`:
 * x * scale / sqrt(variance + epsilon) + offset - mean * scale / sqrt(variance + epsilon), in
 * scope `batchnorm` (offset and scale may be null).
 */
export function batchNormalization(x: InputValue, mean: InputValue, variance: InputValue, offset: InputValue | null,
  scale: InputValue | null, varianceEpsilon: number, name?: string): Output {
  return withScope(name, 'batchnorm', [x, mean, variance], () => {
    let inv = applyOp('Rsqrt', { x: applyOp('AddV2', { x: variance, y: varianceEpsilon }, {}, 'add').output(0) }, {})
      .output(0);
    if (scale !== null) inv = applyOp('Mul', { x: inv, y: scale }, {}, 'mul').output(0);
    const scaled = applyOp('Mul', { x, y: inv }, {}, 'mul').output(0);
    const shift = offset !== null
      ? applyOp('Sub', { x: offset, y: applyOp('Mul', { x: mean, y: inv }, {}, 'mul').output(0) }, {}, 'sub').output(0)
      : applyOp('Mul', { x: applyOp('Neg', { x: mean }, {}).output(0), y: inv }, {}, 'mul').output(0);
    return applyOp('AddV2', { x: scaled, y: shift }, {}, 'add').output(0);
  });
}

/** Options of `fusedBatchNorm`. */
export interface FusedBatchNormOptions {
  /** The population statistics: required unless training. */
  mean?: InputValue;
  variance?: InputValue;
  epsilon?: number;
  dataFormat?: 'NHWC' | 'NCHW';
  isTraining?: boolean;
  exponentialAvgFactor?: number;
  name?: string;
}

/**
 * `tf.compat.v1.nn.fused_batch_norm(x, scale, offset, mean=None, variance=None, epsilon=0.001,
 * data_format='NHWC', is_training=True)` (`FusedBatchNormV3`): [y, batch or running mean, variance].
 */
export function fusedBatchNorm(x: InputValue, scale: InputValue, offset: InputValue,
  options: FusedBatchNormOptions = {}): [Output, Output, Output] {
  const isTraining = options.isTraining ?? true;
  const factor = options.exponentialAvgFactor ?? 1;
  if ((!isTraining || factor !== 1) && (options.mean === undefined || options.variance === undefined)) {
    throw new ValueError('Both `mean` and `variance` must be a 1D tensor when `is_training` is False or ' +
      '`exponential_avg_factor` != 1.0.');
  }
  const empty = () => convertToTensor(Tensor.from([], { dtype: DType.float32 }));
  const op = applyOp('FusedBatchNormV3', {
    x, scale, offset, mean: options.mean ?? empty(), variance: options.variance ?? empty(),
  }, {
    epsilon: options.epsilon ?? 0.001, exponential_avg_factor: factor, data_format: options.dataFormat ?? 'NHWC',
    is_training: isTraining,
  }, options.name ?? 'FusedBatchNormV3');
  return [op.output(0), op.output(1), op.output(2)];
}

/** `tf.nn.leaky_relu(features, alpha=0.2)`. */
export function leakyRelu(features: InputValue, alpha = 0.2, name?: string): Output {
  return applyOp('LeakyRelu', { features }, { alpha }, name ?? 'LeakyRelu').output(0);
}

/** `tf.nn.elu(features)`. */
export function elu(features: InputValue, name?: string): Output {
  return applyOp('Elu', { features }, {}, name ?? 'Elu').output(0);
}

/** `tf.nn.relu6(features)`. */
export function relu6(features: InputValue, name?: string): Output {
  return applyOp('Relu6', { features }, {}, name ?? 'Relu6').output(0);
}

/** `tf.nn.l2_normalize(x, axis, epsilon=1e-12)`: x / sqrt(max(sum(x²), epsilon)) along `axis`. */
export function l2Normalize(x: InputValue, axis: number | number[], epsilon = 1e-12, name?: string): Output {
  return withScope(name, 'l2_normalize', [x], (scope) => {
    const squareSum = applyOp('Sum', { input: applyOp('Square', { x }, {}).output(0), reduction_indices: axis },
      { keep_dims: true }, 'Sum').output(0);
    const inv = applyOp('Rsqrt', { x: applyOp('Maximum', { x: squareSum, y: epsilon }, {}).output(0) }, {}).output(0);
    return applyOp('Mul', { x, y: inv }, {}, scope).output(0);
  });
}

/**
 * `tf.nn.swish(features, beta=1.0)` (`tf.nn.silu`): features * sigmoid(beta * features), through
 * `customGradient` as TF makes it, its gradient recomputing the sigmoid once the gradient is there.
 */
export function swish(features: InputValue, beta: InputValue = 1.0): Output {
  const x = convertToTensor(features, { name: 'features' });
  const b = cast(convertToTensor(beta, { name: 'beta' }), x.dtype);
  return customGradient((f, bt) => [mul(f, sigmoid(mul(bt, f, 'mul')), 'mul'), (dy: Output) => {
    const sig = f.graph.controlDependencies([dy], () => sigmoid(mul(bt, f, 'mul')));
    const activationGrad = mul(sig, add(1.0, mul(mul(bt, f, 'mul'), sub(1.0, sig, 'sub'), 'mul'), 'add'), 'mul');
    const betaGrad = reduceSum(mul(mul(mul(dy, square(f), 'mul'), sig, 'mul'), sub(1.0, sig, 'sub'), 'mul'));
    return [mul(dy, activationGrad, 'mul'), betaGrad];
  }])(x, b);
}

/** `tf.nn.silu(features, beta=1.0)`: `swish`. */
export const silu = swish;

/** `tf.nn.softsign(features)`: features / (|features| + 1). */
export function softsign(features: InputValue, name?: string): Output {
  return applyOp('Softsign', { features }, {}, name ?? 'Softsign').output(0);
}

/** `tf.nn.selu(features)`: scaled exponential linear unit. */
export function selu(features: InputValue, name?: string): Output {
  return applyOp('Selu', { features }, {}, name ?? 'Selu').output(0);
}

/**
 * `tf.compat.v1.nn.crelu(features, name=None, axis=-1)`: relu of `[features, -features]`
 * concatenated along `axis` (the concat named for the `CRelu` scope).
 */
export function crelu(features: InputValue, options: { axis?: number; name?: string } = {}): Output {
  return withScope(options.name, 'CRelu', [features], (scope, graph) => {
    const x = convertToTensor(features, { name: 'features', graph });
    return relu(concat([x, neg(x)], options.axis ?? -1, scope));
  });
}

/** Options of `lrn`: TF's defaults depth_radius=5, bias=1, alpha=1, beta=0.5. */
export interface LRNOptions {
  depthRadius?: number;
  bias?: number;
  alpha?: number;
  beta?: number;
  name?: string;
}

/**
 * `tf.nn.lrn(input, depth_radius=5, bias=1, alpha=1, beta=0.5)` (also
 * `tf.nn.local_response_normalization`): each value divided by
 * (bias + alpha * sum of squares within depth_radius channels) ** beta (`LRN`).
 */
export function lrn(input: InputValue, options: LRNOptions = {}): Output {
  return applyOp('LRN', { input }, {
    depth_radius: options.depthRadius, bias: options.bias, alpha: options.alpha, beta: options.beta,
  }, options.name ?? 'LRN').output(0);
}
export { lrn as localResponseNormalization };

/** Options of `maxPoolWithArgmax` (TF1's keyword arguments). */
export interface MaxPoolWithArgmaxOptions {
  /** Only 'NHWC'. */
  dataFormat?: string;
  /** The argmax dtype (int64 by default); `outputDtype` is its newer name. */
  Targmax?: DType;
  outputDtype?: DType;
  /** Flat indices counting the batch too. */
  includeBatchInIndex?: boolean;
  name?: string;
}

/**
 * `tf.compat.v1.nn.max_pool_with_argmax(input, ksize, strides, padding, data_format='NHWC',
 * Targmax=None, ...)`: [the max pool, the flat index of each max] (`MaxPoolWithArgmax`; `ksize`
 * and `strides` as the op's 4 values).
 */
export function maxPoolWithArgmax(input: InputValue, ksize: number[], strides: number[], padding: 'SAME' | 'VALID',
  options: MaxPoolWithArgmaxOptions = {}): [Output, Output] {
  const dataFormat = options.dataFormat ?? 'NHWC';
  if (dataFormat !== 'NHWC') {
    throw new ValueError(`\`data_format\` values other  than 'NHWC' are not supported. Received: data_format=${dataFormat}`);
  }
  const targmax = deprecatedArgumentLookup('output_dtype', options.outputDtype, 'Targmax', options.Targmax) ?? DType.int64;
  const op = applyOp('MaxPoolWithArgmax', { input }, {
    ksize, strides, Targmax: targmax, padding, include_batch_in_index: options.includeBatchInIndex ?? false,
  }, options.name ?? 'MaxPoolWithArgmax');
  return [op.output(0), op.output(1)];
}

/** Options of the fractional pools (TF1's keyword arguments). */
export interface FractionalPoolOptions {
  pseudoRandom?: boolean;
  overlapping?: boolean;
  deterministic?: boolean;
  seed?: number;
  seed2?: number;
  name?: string;
}

function fractionalPool(type: string) {
  return (value: InputValue, poolingRatio: number[], options: FractionalPoolOptions = {}): [Output, Output, Output] => {
    const op = applyOp(type, { value }, {
      pooling_ratio: poolingRatio, pseudo_random: options.pseudoRandom ?? false, overlapping: options.overlapping ?? false,
      deterministic: options.deterministic ?? false, seed: options.seed ?? 0, seed2: options.seed2 ?? 0,
    }, options.name ?? type);
    return [op.output(0), op.output(1), op.output(2)];
  };
}

/**
 * `tf.compat.v1.nn.fractional_max_pool(value, pooling_ratio, pseudo_random=False, overlapping=False,
 * deterministic=False, seed=0, seed2=0)`: [output, row pooling sequence, column pooling sequence].
 */
export const fractionalMaxPool = fractionalPool('FractionalMaxPool');
/** `tf.compat.v1.nn.fractional_avg_pool(value, pooling_ratio, ...)`: as `fractionalMaxPool`, averaging. */
export const fractionalAvgPool = fractionalPool('FractionalAvgPool');

/**
 * `tf.compat.v1.nn.dilation2d(input, filter, strides, rates, padding)` (`Dilation2D`): grayscale
 * morphological dilation; `strides` and `rates` as the op's 4 values.
 */
export function dilation2d(input: InputValue, filter: InputValue, strides: number[], rates: number[],
  padding: 'SAME' | 'VALID', name?: string): Output {
  return applyOp('Dilation2D', { input, filter }, { strides, rates, padding }, name ?? 'Dilation2D').output(0);
}

/**
 * `tf.compat.v1.nn.erosion2d(value, kernel, strides, rates, padding)`: -dilation2d(-value, the
 * kernel reversed), in scope `erosion2d` (the Dilation2D named for it).
 */
export function erosion2d(value: InputValue, kernel: InputValue, strides: number[], rates: number[],
  padding: 'SAME' | 'VALID', name?: string): Output {
  return withScope(name, 'erosion2d', [value, kernel], (scope) => neg(dilation2d(neg(value),
    raw.reverseV2({ tensor: kernel, axis: [0, 1] }), strides, rates, padding, scope)));
}

/** `tf.nn.avg_pool2d`: TF1's other name of `avg_pool`. */
export { avgPool as avgPool2d };

/** `tf.nn.relu_layer(x, weights, biases, name)`: relu(matmul(x, weights) + biases) in a `relu_layer` scope. */
export function reluLayer(x: InputValue, weights: InputValue, biases: InputValue, name?: string): Output {
  return withScope(name, 'relu_layer', [x, weights, biases], (scope, graph) => {
    const mm = matmul(convertToTensor(x, { name: 'x', graph }), convertToTensor(weights, { name: 'weights', graph }));
    return relu(biasAdd(mm, convertToTensor(biases, { name: 'biases', graph })), scope);
  });
}

/** `tf.nn.xw_plus_b(x, weights, biases, name)`: matmul(x, weights) + biases, the BiasAdd named by the scope. */
export function xwPlusB(x: InputValue, weights: InputValue, biases: InputValue, name?: string): Output {
  return withScope(name, 'xw_plus_b', [x, weights, biases], (scope, graph) => {
    const mm = matmul(convertToTensor(x, { name: 'x', graph }), convertToTensor(weights, { name: 'weights', graph }));
    return biasAdd(mm, convertToTensor(biases, { name: 'biases', graph }), { name: scope });
  });
}

/**
 * `tf.nn.scale_regularization_loss(regularization_loss)`: the sum of the losses over the number of
 * replicas (1: this project has no distribution strategies).
 */
export function scaleRegularizationLoss(regularizationLoss: InputValue): Output {
  return truediv(reduceSum(regularizationLoss), 1, 'truediv');
}

/** `_get_dim`: dimension `i` of `t`, static when known, else from its Shape. */
function getDim(t: Output, i: number): number | Output {
  return t.shape?.[i] ?? sliceOf(shape(t), [i]);
}

/**
 * `tf.nn.collapse_repeated(labels, seq_length, name)`: each row's runs of a repeated label merged
 * into one (within its `seq_length`), padded with 0 to the longest; `[collapsed, newSeqLength]`.
 */
export function collapseRepeated(labels: InputValue, seqLength: InputValue, name?: string): [Output, Output] {
  return withScope(name, 'collapse_repeated_labels', [labels, seqLength], (_scope, graph) => {
    const l = convertToTensor(labels, { name: 'labels', graph });
    const len = convertToTensor(seqLength, { name: 'seq_length', graph });
    // Labels that differ from the one before, within the sequence.
    let labelMask = concat([onesLike(sliceOf(l, [[null, null], [null, 1]]), DType.bool),
      notEqual(sliceOf(l, [[null, null], [1, null]]), sliceOf(l, [[null, null], [null, -1]]))], 1);
    // A static length is a Python int there: an int32 maxlen.
    const maxlen = getDim(l, 1);
    labelMask = logicalAnd(labelMask, sequenceMask(len, {
      maxlen: typeof maxlen === 'number' ? Tensor.from(maxlen, { dtype: DType.int32 }) : maxlen }));
    const newSeqLen = reduceSum(cast(labelMask, DType.int32), { axis: 1 });
    const newMaxlen = reduceMax(newSeqLen);
    const idxMask = sequenceMask(newSeqLen, { maxlen: newMaxlen });
    const flatLabels = reshape(l, [-1]);
    const flatLabelMask = reshape(labelMask, [-1]);
    const flatIdxMask = reshape(idxMask, [-1]);
    const idx = range(0, getDim(flatIdxMask, 0));
    const flat = scatterNd(expandDims(booleanMask(idx, flatIdxMask), 1), booleanMask(flatLabels, flatLabelMask),
      shape(flatIdxMask));
    return [reshape(flat, [getDim(l, 0), newMaxlen]), cast(newSeqLen, len.dtype)];
  });
}

/**
 * `tf.nn.ctc_unique_labels(labels, name=None)`: for each row of the `[batch, maxLength]` labels,
 * its unique labels in first-appearance order padded with 0 (int64), and each label's index among
 * them (int32), by a `map_fn` of `Unique`.
 */
export function ctcUniqueLabels(labels: InputValue, name?: string): [Output, Output] {
  return withScope(name, 'ctc_unique_labels', [labels], (_scope, graph) => {
    const l = convertToTensor(labels, { name: 'labels', graph });
    return mapFn((x: Output) => {
      const [y, idx] = unique(x);
      const padded = pad(y, [[0, sub(getDim(idx, 0), getDim(y, 0), 'sub')]]);
      return [cast(padded, DType.int64), idx];
    }, l, { dtype: [DType.int64, DType.int32] }) as [Output, Output];
  });
}

/**
 * `losses_util.scale_losses_by_sample_weight`: the losses times the weights (both float32), the
 * weights squeezed or expanded by one dimension to the losses' rank (static ranks only here).
 */
function scaleLossesBySampleWeight(losses: Output, sampleWeight: Output): Output {
  const l = cast(losses, DType.float32);
  let w = cast(sampleWeight, DType.float32);
  const [lr, wr] = [l.shape?.length, w.shape?.length];
  if (wr !== 0) {
    if (lr === undefined || wr === undefined) {
      throw new NotImplementedError('compute_average_loss with a sample_weight of unknown rank is not supported.');
    }
    // Python passes the axis as [-1]: a shape-[1] Const.
    const axis = Tensor.from([-1], { dtype: DType.int32 });
    if (wr - lr === 1) w = applyOp('Squeeze', { input: w }, { squeeze_dims: [-1] }, 'Squeeze').output(0);
    else if (lr - wr === 1) w = applyOp('ExpandDims', { input: w, dim: axis }, {}, 'ExpandDims').output(0);
  }
  return mul(l, w, 'Mul');
}

/**
 * `tf.nn.compute_average_loss(per_example_loss, sample_weight=None, global_batch_size=None)`: the
 * (weighted) per-example losses summed and divided by the global batch size (the batch dimension
 * when not given: one replica here), 0 for an empty batch.
 */
export function computeAverageLoss(perExampleLoss: InputValue,
  options: { sampleWeight?: InputValue; globalBatchSize?: InputValue } = {}): Output {
  let loss = convertToTensor(perExampleLoss);
  const inputDtype = loss.dtype;
  const compute = () => {
    if (options.sampleWeight !== undefined) loss = scaleLossesBySampleWeight(loss, convertToTensor(options.sampleWeight));
    loss = cast(loss, inputDtype);
    // The default strategy has one replica in sync.
    // A JS integer is a Python int here (int32), as TF's check of it needs.
    const batch = options.globalBatchSize !== undefined ? pyInts(options.globalBatchSize)
      : mul(sliceOf(shape(loss), [0]), 1, 'mul');
    assertScalar(batch, { message: 'global_batch_size must be scalar.' });
    assertInteger(batch, { message: 'global_batch_size must be an integer.' });
    assertNonNegative(batch, { message: 'global_batch_size must be non-negative.' });
    return divNoNan(reduceSum(loss), cast(batch, inputDtype));
  };
  // `check_per_example_loss_rank`: rank 0 refused statically, an unknown rank checked at run time.
  if (loss.shape === null) {
    return controlDependencies([assertGreaterEqual(rank(loss), cast(Tensor.from(1, { dtype: DType.int32 }), DType.int32), {
      message: 'Invalid value passed for `per_example_loss`. Expected a tensor with at least rank 1.' })], compute);
  }
  if (loss.shape.length === 0) {
    throw new ValueError('Invalid value passed for `per_example_loss`. Expected a tensor with at least rank 1. Received ' +
      `per_example_loss=${pyStr(loss)} with rank 0`);
  }
  return compute();
}

/**
 * `tf.nn.ctc_beam_search_decoder_v2(inputs, sequence_length, beam_width=100, top_paths=1)`:
 * `ctc_beam_search_decoder` without merging repeated labels.
 */
export function ctcBeamSearchDecoderV2(inputs: InputValue, sequenceLength: InputValue,
  options: { beamWidth?: number; topPaths?: number } = {}): [SparseTensor[], Output] {
  return ctcBeamSearchDecoder(inputs, sequenceLength, { ...options, mergeRepeated: false });
}

/** Options of `ctcLossV2`. */
export interface CTCLossV2Options {
  logitsTimeMajor?: boolean;
  /** The blank class (negative from the end); required, as with TF's SparseTensor labels. */
  blankIndex?: number;
}

/**
 * `tf.compat.v1.nn.ctc_loss_v2(labels, logits, label_length, logit_length, logits_time_major=True,
 * blank_index)` with SparseTensor labels: `ctc_loss` once the blank class is moved last (the labels
 * above it shifted down); `labelLength` unused then, as in TF. TF's dense-label path (`ctc_loss_dense`) is not here.
 */
export function ctcLossV2(labels: SparseTensor, logits: Output, labelLength: InputValue | null,
  logitLength: InputValue, options: CTCLossV2Options = {}): Output {
  if (!(labels instanceof SparseTensor)) {
    throw new NotImplementedError('ctc_loss_v2 with dense labels (ctc_loss_dense) is not supported: give a SparseTensor.');
  }
  let blankIndex = options.blankIndex;
  if (blankIndex === undefined) {
    throw new ValueError('Argument `blank_index` must be provided when labels is a SparseTensor.');
  }
  const numClasses = logits.shape?.[2];
  if (numClasses === null || numClasses === undefined) {
    throw new NotImplementedError('ctc_loss_v2 needs the static number of classes of `logits`.');
  }
  if (blankIndex < 0) blankIndex += numClasses;
  let [x, l] = [logits, labels];
  if (blankIndex !== numClasses - 1) {
    const all = [null, null] as [null, null];
    x = concat([sliceOf(logits, [all, all, [null, blankIndex]]), sliceOf(logits, [all, all, [blankIndex + 1, null]]),
      sliceOf(logits, [all, all, [blankIndex, blankIndex + 1]])], 2);
    l = new SparseTensor(labels.indices, where(less(labels.values, blankIndex), labels.values,
      sub(labels.values, 1, 'sub')), labels.denseShape);
  }
  return ctcLoss(l, x, logitLength, { timeMajor: options.logitsTimeMajor ?? true });
}
