/**
 * `tf.data.experimental`'s lookup tables (`data/experimental/ops/lookup_ops.py`): tables filled
 * from a dataset of (key, value) scalar pairs when their initializer runs.
 */
import { ValueError } from '../errors';
import { DType, dtypeRepr, isIntegerDType } from '../framework/dtypes';
import { InputValue, applyOp } from '../framework/op_def_library';
import { GraphKeys, Operation, Output, getDefaultGraph } from '../framework/ops';
import {
  FastHashSpec, HasherSpec, IdTableWithHashBuckets, InitializableLookupTableBase, StaticHashTable, TableInitializerBase,
} from '../ops/lookup_ops';
import { cast } from '../ops/array_ops';
import { Dataset } from './dataset_ops';
import { assertCardinality } from './experimental';
import { TensorSpec, specString } from './structure';

/** `_check_table_initializer_element_spec`: elements must be (key, value) pairs of scalars. */
function checkElementSpec(spec: unknown): [TensorSpec, TensorSpec] {
  const base = 'Datasets used to initialize lookup tables must produce elements in the form (key, value), where the ' +
    'keys and values are scalar tensors. However, the given dataset produces ';
  if (spec instanceof TensorSpec) throw new TypeError(`object of type '${spec.constructor.name}' has no len()`);
  const parts = Array.isArray(spec) ? spec : Object.values(spec as object);
  if (parts.length !== 2) {
    throw new ValueError(`${base}${parts.length} components instead of two (key, value) components. Full dataset element ` +
      `spec: ${specString(spec as TensorSpec)}.`);
  }
  const [key, value] = parts as TensorSpec[];
  for (const [s, what] of [[key, 'key'], [value, 'value']] as const) {
    if (s.shape !== null && s.shape.length !== 0) {
      throw new ValueError(`${base}non-scalar ${what} Tensors of rank ${s.shape.length}.`);
    }
  }
  return [key, value];
}

/** `tf.data.experimental.DatasetInitializer(dataset)`: fills a table with a dataset's (key, value) pairs. */
export class DatasetInitializer extends TableInitializerBase {
  constructor(readonly dataset: Dataset) {
    const [key, value] = checkElementSpec(dataset.elementSpec);
    super(key.dtype, value.dtype);
  }

  // The table is made of this initializer, so its dtypes are these (Python checks them again).
  initialize(table: InitializableLookupTableBase): Operation {
    const init = applyOp('InitializeTableFromDataset', { table_handle: table.resourceHandle, dataset: this.dataset.variantTensor });
    init.graph.addToCollection(GraphKeys.TABLE_INITIALIZERS, init);
    return init;
  }
}

/** Options of tableFromDataset and indexTableFromDataset. */
export interface TableFromDatasetOptions {
  /** Buckets for the keys not in the dataset (an IdTableWithHashBuckets); default 0. */
  numOovBuckets?: number;
  /** The number of elements read (an error at initialization if the dataset has fewer). */
  vocabSize?: number | Output;
  /** Default -1 (required for values neither integer nor floating). */
  defaultValue?: InputValue;
  hasherSpec?: HasherSpec;
  keyDtype?: DType;
  name?: string;
}

/**
 * `tf.data.experimental.table_from_dataset(dataset, num_oov_buckets=0, vocab_size=None,
 * default_value=None, hasher_spec=FastHashSpec, key_dtype=tf.string, name=None)`: a StaticHashTable
 * of the dataset's (key, value) pairs (in an IdTableWithHashBuckets with `numOovBuckets`).
 */
export function tableFromDataset(dataset: Dataset, options: TableFromDatasetOptions = {}): StaticHashTable | IdTableWithHashBuckets {
  const [, value] = checkElementSpec(dataset.elementSpec);
  let defaultValue = options.defaultValue;
  if (defaultValue === undefined) {
    defaultValue = -1;
    if (!isIntegerDType(value.dtype) && ![DType.float16, DType.bfloat16, DType.float32, DType.float64].includes(value.dtype)) {
      throw new ValueError('`default_value` must be specified when creating a table from a dataset that produces values ' +
        `of type ${dtypeRepr(value.dtype)}.`);
    }
  }
  const numOovBuckets = options.numOovBuckets ?? 0;
  if (numOovBuckets < 0) throw new ValueError(`\`num_oov_buckets\` must be greater than or equal to 0, got ${numOovBuckets}.`);
  const { vocabSize } = options;
  if (typeof vocabSize === 'number' && vocabSize < 1) throw new ValueError(`\`vocab_size\` must be greater than 0, got ${vocabSize}.`);
  const keyDtype = options.keyDtype ?? DType.string;
  if (!isIntegerDType(keyDtype) && keyDtype !== DType.string) {
    throw new TypeError(`\`key_dtype\` must be either an integer or string type, but got ${dtypeRepr(keyDtype)}`);
  }
  if (vocabSize !== undefined) {
    const size = vocabSize instanceof Output ? cast(vocabSize, DType.int64) : vocabSize;
    dataset = dataset.take(size).apply(assertCardinality(size));
  }
  const graph = getDefaultGraph();
  return graph.nameScope(options.name ?? 'string_to_index', () => {
    const initializer = new DatasetInitializer(dataset);
    return graph.nameScope('hash_table', () => {
      const table = new StaticHashTable(initializer, defaultValue!);
      if (numOovBuckets === 0) return table;
      return new IdTableWithHashBuckets(table, numOovBuckets, { hasherSpec: options.hasherSpec ?? FastHashSpec, keyDtype });
    });
  });
}

/**
 * `tf.data.experimental.index_table_from_dataset(dataset, num_oov_buckets=0, vocab_size=None,
 * default_value=-1, hasher_spec=FastHashSpec, key_dtype=tf.string, name=None)`: a table of each
 * element of `dataset` (the keys) to its index.
 */
export function indexTableFromDataset(dataset: Dataset, options: TableFromDatasetOptions = {}): StaticHashTable | IdTableWithHashBuckets {
  return tableFromDataset(dataset.enumerate().map((v: Output, k: Output) => [k, v]), { defaultValue: -1, ...options });
}
