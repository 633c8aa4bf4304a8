/**
 * `tf.data.experimental.parse_example_dataset` (`data/experimental/ops/parsing_ops.py`) and
 * `make_batched_features_dataset` (`data/experimental/ops/readers.py`): batches of serialized
 * `tf.train.Example`s parsed by a ParseExampleDatasetV2 into objects of dense tensors and
 * SparseTensors, as TF 2.21's tf.compat.v1 builds them.
 */
import { NotImplementedError, ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { applyOp } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { StaticShape } from '../framework/tensor_shape';
import {
  Features, ParsedFeatures, SparseFeature, compositeFeatures, denseDefault, parseParams, prependNoneDimension,
} from '../ops/parsing_ops';
import { pyRepr } from '../util/python_repr';
import { AUTOTUNE, Dataset } from './dataset_ops';
import { Transformation, legacyParallelInterleave } from './experimental';
import { Options } from './options';
import { TFRecordDataset } from './readers';
import { ElementSpec, SparseTensorSpec, TensorSpec, flatAttrs, specString } from './structure';

/** Whether `spec` is compatible with a string vector's (`structure.are_compatible` with `TensorSpec([None], tf.string)`). */
function isStringVectors(spec: ElementSpec): boolean {
  return spec instanceof TensorSpec && !(spec instanceof SparseTensorSpec) && spec.dtype === DType.string &&
    (spec.shape === null || spec.shape.length === 1);
}

/** `_ParseExampleDataset`: the ParseExampleDatasetV2 of `dataset`, its sparse keys' SparseTensorSpecs first. */
function parseExamples(dataset: Dataset, features: Features, numParallelCalls: number | Output, deterministic?: boolean): Dataset {
  if (!isStringVectors(dataset.elementSpec)) {
    throw new TypeError('Input dataset should be a dataset of vectors of strings. Instead it is ' +
      `\`${specString(dataset.elementSpec)}\`.`);
  }
  const params = parseParams(prependNoneDimension(features));
  // Ragged components of datasets (RaggedTensorSpec's variant boxing) are not here yet.
  const ragged = Object.keys(features).filter((k) => !params.keys.includes(k) && !params.sparseKeys.includes(k) &&
    !(features[k] instanceof SparseFeature));
  if (ragged.length > 0) {
    throw new NotImplementedError(`parseExampleDataset: RaggedFeature ${pyRepr(ragged)} (ragged dataset elements) is not supported.`);
  }
  const defaults = params.keys.map((_, i) => denseDefault(params, i));
  const batch = (dataset.elementSpec as TensorSpec).shape;
  const concat = (dims: StaticShape): StaticShape => (batch === null || dims === null ? null : [...batch, ...dims]);
  const spec: Record<string, TensorSpec> = {};
  params.sparseKeys.forEach((k, i) => { spec[k] = new SparseTensorSpec(concat([null]), params.sparseTypes[i]); });
  params.keys.forEach((k, i) => { spec[k] = new TensorSpec(concat(params.shapes[i]), params.dtypes[i]); });
  const op = applyOp('ParseExampleDatasetV2', {
    input_dataset: dataset.variantTensor, num_parallel_calls: numParallelCalls, dense_defaults: defaults,
  }, {
    sparse_keys: params.sparseKeys, dense_keys: params.keys, sparse_types: params.sparseTypes, dense_shapes: params.shapes,
    deterministic: deterministic === undefined ? 'default' : String(deterministic), ragged_keys: [], ragged_value_types: [],
    ragged_split_types: [], ...flatAttrs(spec),
  });
  return new Dataset(op.output(0), spec);
}

/**
 * `tf.data.experimental.parse_example_dataset(features, num_parallel_calls=1, deterministic=None)`:
 * a transformation of a dataset of string vectors (serialized `Example`s) into objects of the
 * features (`FixedLenFeature`, `FixedLenSequenceFeature`, `VarLenFeature`, `SparseFeature`; not
 * `RaggedFeature`), a batch of each, as `tf.parse_example` gives them.
 */
export function parseExampleDataset(features: Features, numParallelCalls: number | Output = 1,
  deterministic?: boolean): Transformation {
  if (features === null || features === undefined) throw new ValueError('Argument `features` is required, but not specified.');
  return (dataset) => {
    const parsed = parseExamples(dataset, features, numParallelCalls, deterministic);
    if (!Object.values(features).some((f) => f instanceof SparseFeature)) return parsed;
    return parsed.map((x: ParsedFeatures) => compositeFeatures(features, x), { numParallelCalls },
      'Dataset_map_construct_tensors_for_composite_features', true);
  };
}

/** Options of `makeBatchedFeaturesDataset`, as Python's keyword arguments. */
export interface MakeBatchedFeaturesOptions {
  /** The dataset of one file's records; default `TFRecordDataset(filename)`. */
  reader?: (filename: Output) => Dataset;
  /** The feature given apart, as the element's second component. */
  labelKey?: string;
  /** Default forever (and then batches of exactly `batchSize`). */
  numEpochs?: number;
  /** Default true. */
  shuffle?: boolean;
  /** Default 10000. */
  shuffleBufferSize?: number;
  shuffleSeed?: number;
  /** Default AUTOTUNE. */
  prefetchBufferSize?: number;
  /** Default 1. */
  readerNumThreads?: number;
  /** Default 2. */
  parserNumThreads?: number;
  sloppyOrdering?: boolean;
  dropFinalBatch?: boolean;
}

/**
 * `tf.compat.v1.data.experimental.make_batched_features_dataset(file_pattern, batch_size, features,
 * reader=None, label_key=None, reader_args=None, num_epochs=None, shuffle=True,
 * shuffle_buffer_size=10000, shuffle_seed=None, prefetch_buffer_size=None, reader_num_threads=None,
 * parser_num_threads=None, sloppy_ordering=False, drop_final_batch=False)`: the records of the
 * files matching `filePattern` (shuffled, repeated), batched and parsed into objects of
 * `features` (with `labelKey`'s feature apart: `[features, label]`). `reader_args` are the
 * `reader` function's own.
 */
export function makeBatchedFeaturesDataset(filePattern: string | string[] | Output, batchSize: number | Output,
  features: Features, options: MakeBatchedFeaturesOptions = {}): Dataset {
  const reader = options.reader ?? ((filename: Output) => TFRecordDataset(filename));
  const readerNumThreads = options.readerNumThreads ?? 1;
  const shuffle = options.shuffle ?? true;
  const sloppy = options.sloppyOrdering ?? false;
  let dataset = Dataset.listFiles(filePattern, { shuffle, seed: options.shuffleSeed });
  if (readerNumThreads === AUTOTUNE) {
    const deterministic = new Options();
    deterministic.deterministic = !sloppy;
    dataset = dataset.interleave(reader, { numParallelCalls: readerNumThreads }).withOptions(deterministic);
  } else {
    dataset = legacyParallelInterleave(dataset, reader, readerNumThreads, { blockLength: 1, sloppy },
      'ParallelInterleaveDataset_reader');
  }
  if (shuffle) dataset = dataset.shuffle(options.shuffleBufferSize ?? 10000, { seed: options.shuffleSeed });
  if (options.numEpochs !== 1) dataset = dataset.repeat(options.numEpochs);
  dataset = dataset.batch(batchSize, { dropRemainder: (options.dropFinalBatch ?? false) || options.numEpochs === undefined });
  dataset = dataset.apply(parseExampleDataset(features, options.parserNumThreads ?? 2));
  const { labelKey } = options;
  if (labelKey !== undefined) {
    if (!(labelKey in features)) {
      throw new ValueError(`The \`label_key\` provided (${labelKey}) must be one of the \`features\` keys: ` +
        `dict_keys(${pyRepr(Object.keys(features))}).`);
    }
    dataset = dataset.map((x: Record<string, unknown>) => {
      const { [labelKey]: label, ...rest } = x;
      return [rest, label];
    });
  }
  return dataset.prefetch(options.prefetchBufferSize ?? AUTOTUNE);
}
