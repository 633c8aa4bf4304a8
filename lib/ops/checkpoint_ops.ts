/**
 * Loading a 2-D tensor from a checkpoint with its rows and columns remapped to new vocabularies
 * (TF1's `checkpoint_ops`), what `train.warmStart` does for a variable with a `VocabInfo`: a
 * `GenerateVocabRemapping` per remapped axis, a `LoadAndRemapMatrix` that fills the rows and
 * columns missing from the old vocabulary with the backup initializer's values, and the
 * initializer's out-of-vocabulary rows or columns concatenated after them.
 */
import { ValueError } from '../errors';
import { DType, dtypeName } from '../framework/dtypes';
import { Output } from '../framework/ops';
import { concat } from './array_ops';
import { generateVocabRemapping, loadAndRemapMatrix as loadAndRemapMatrixOp } from './gen/raw_ops';
import { Initializer, PartitionInfo, zerosInitializer } from './init_ops';
import { mul, range, sub } from './math_ops';
import { pythonType } from './python_type';

/** Options of `loadAndRemapMatrixInitializer` (`_load_and_remap_matrix_initializer`'s arguments). */
export interface LoadAndRemapMatrixInitializerOptions {
  /** The checkpoint's prefix. */
  ckptPath: string;
  /** The 2-D tensor to load from it. */
  oldTensorName: string;
  /** Entries of `newRowVocabFile`, or the rows to load when rows are not remapped. */
  newRowVocabSize: number;
  /** Entries of `newColVocabFile`, or the old matrix's columns when columns are not remapped. */
  newColVocabSize: number;
  /** Use only the first entries of the old row vocabulary (-1, the default: all). */
  oldRowVocabSize?: number;
  oldRowVocabFile?: string | null;
  newRowVocabFile?: string | null;
  oldColVocabFile?: string | null;
  newColVocabFile?: string | null;
  numRowOovBuckets?: number;
  numColOovBuckets?: number;
  /** Values of the missing and out-of-vocabulary entries; zeros by default. */
  initializer?: Initializer | null;
  /** Rows read from the checkpoint at once (-1, the default: all). */
  maxRowsInMemory?: number;
}

/** A shape that may hold a tensor: the count of the entries the old vocabulary lacks. */
type DynamicShape = Array<number | Output>;

/**
 * TF1 hands the initializer such a shape; its zeros, ones and random initializers take one
 * (their shape converts as a packed tensor).
 */
function initialize(initializer: Initializer, shape: DynamicShape): Output {
  return initializer(shape as number[]);
}

/** Python's `a * b` and `a - b` on ints and int32 tensors: an op (named `mul`, `sub`) only for a tensor. */
function pyMul(a: number | Output, b: number | Output): number | Output {
  return typeof a === 'number' && typeof b === 'number' ? a * b : mul(a, b, 'mul');
}

function pySub(a: number | Output, b: number | Output): number | Output {
  return typeof a === 'number' && typeof b === 'number' ? a - b : sub(a, b, 'sub');
}

const pyList = (shape: number[]): string => `[${shape.join(', ')}]`;

/** `_load_and_remap_matrix`: the rows `[offset, offset + numRowsToLoad)` of the new matrix, OOV entries appended. */
function loadAndRemapMatrix(o: Required<Omit<LoadAndRemapMatrixInitializerOptions, 'newRowVocabSize' | 'initializer'>>
  & { newRowVocabOffset: number; numRowsToLoad: number; initializer: Initializer }): Output {
  if (o.numRowOovBuckets < 0) {
    throw new ValueError(`num_row_oov_buckets must be >= 0, but received ${o.numRowOovBuckets}`);
  }
  if (o.numColOovBuckets < 0) {
    throw new ValueError(`num_col_oov_buckets must be >= 0, but received ${o.numColOovBuckets}`);
  }
  const py = (file: string | null) => file ?? 'None';
  if (!o.oldRowVocabFile !== !o.newRowVocabFile) {
    throw new ValueError('old_row_vocab_file and new_row_vocab_file must both be specified or left unspecified. ' +
      `old_row_vocab_file='${py(o.oldRowVocabFile)}', new_row_vocab_file='${py(o.newRowVocabFile)}'`);
  }
  if (!o.oldColVocabFile !== !o.newColVocabFile) {
    throw new ValueError('old_col_vocab_file and new_col_vocab_file must both be specified or left unspecified. ' +
      `old_col_vocab_file='${py(o.oldColVocabFile)}', new_col_vocab_file='${py(o.newColVocabFile)}'`);
  }
  const remapRows = !!(o.newRowVocabFile && o.oldRowVocabFile);
  const remapCols = !!(o.newColVocabFile && o.oldColVocabFile);
  if (!(remapRows || remapCols)) {
    throw new ValueError('Must provide either row or column vocab files. If no remapping is necessary, consider using ' +
      '`tf.contrib.framework.init_from_checkpoint` instead.');
  }
  let rowRemapping: Output;
  let numRowsPresent: number | Output = o.numRowsToLoad;
  if (remapRows) {
    ({ remapping: rowRemapping, numPresent: numRowsPresent } = generateVocabRemapping({
      newVocabFile: o.newRowVocabFile!, oldVocabFile: o.oldRowVocabFile!, newVocabOffset: o.newRowVocabOffset,
      numNewVocab: o.numRowsToLoad, oldVocabSize: o.oldRowVocabSize,
    }));
  } else {
    // The rows are not reordered, but a part of a partitioned variable still starts at its offset.
    rowRemapping = range(o.newRowVocabOffset, o.newRowVocabOffset + o.numRowsToLoad, 1, DType.int64);
  }
  let colRemapping: Output | number[] = [];
  let numColsPresent: number | Output = o.newColVocabSize;
  if (remapCols) {
    ({ remapping: colRemapping, numPresent: numColsPresent } = generateVocabRemapping({
      newVocabFile: o.newColVocabFile!, oldVocabFile: o.oldColVocabFile!, newVocabOffset: 0,
      numNewVocab: o.newColVocabSize,
    }));
  }
  const initVals = initialize(o.initializer,
    [pySub(o.numRowsToLoad * o.newColVocabSize, pyMul(numRowsPresent, numColsPresent)), 1]);
  let result = loadAndRemapMatrixOp({
    ckptPath: o.ckptPath, oldTensorName: o.oldTensorName, rowRemapping, colRemapping, initializingValues: initVals,
    numRows: o.numRowsToLoad, numCols: o.newColVocabSize, maxRowsInMemory: o.maxRowsInMemory,
  });
  if (o.numRowOovBuckets > 0) {
    result = concat([result, initialize(o.initializer, [o.numRowOovBuckets, o.newColVocabSize])], 0);
  }
  if (o.numColOovBuckets > 0) {
    result = concat([result, initialize(o.initializer, [o.numRowsToLoad + o.numRowOovBuckets, o.numColOovBuckets])], 1);
  }
  return result;
}

/** `_PartitionInfo.single_offset`: the part's offset along the one axis it is sliced on (0 if none). */
function singleOffset(info: PartitionInfo, shape: number[]): number {
  const dim = shape.findIndex((d, i) => d !== info.fullShape[i]);
  return dim < 0 ? 0 : info.varOffset[dim];
}

/**
 * `checkpoint_ops._load_and_remap_matrix_initializer`: an initializer for a (possibly partitioned,
 * along axis 0) float32 variable of shape `[newRowVocabSize + numRowOovBuckets, newColVocabSize +
 * numColOovBuckets]` that loads `oldTensorName` from the checkpoint, row i of the new matrix being
 * the old row of the same entry of the row vocabularies (one line each), and likewise for
 * columns; entries missing from the old vocabularies and the OOV buckets take the `initializer`'s
 * values. An axis with no vocabulary files is loaded as it is.
 */
export function loadAndRemapMatrixInitializer(options: LoadAndRemapMatrixInitializerOptions): Initializer {
  const initializer = options.initializer ?? zerosInitializer();
  if (typeof initializer !== 'function') {
    throw new TypeError(`initializer must be callable, instead of being ${String(initializer)} of type ` +
      `${pythonType(initializer)}.`);
  }
  const { newRowVocabSize, newColVocabSize } = options;
  const numRowOovBuckets = options.numRowOovBuckets ?? 0;
  const numColOovBuckets = options.numColOovBuckets ?? 0;
  return (shape, dtype = DType.float32, partitionInfo) => {
    if (dtype !== DType.float32) {
      throw new TypeError(`Currently, only float32 is supported. Received dtype: <dtype: '${dtypeName(dtype)}'>`);
    }
    if (shape.length !== 2) throw new ValueError(`Expected 2-dim shape, but received: ${pyList(shape)}`);
    if (shape[0] <= 0) throw new ValueError(`Expected 1st dim of shape to be > 0, but received shape: ${pyList(shape)}`);
    if (shape[1] !== newColVocabSize + numColOovBuckets) {
      throw new ValueError(`Expected 2nd dim of shape to be new_col_vocab_size (${newColVocabSize}) + ` +
        `num_col_oov_buckets (${numColOovBuckets}) = ${newColVocabSize + numColOovBuckets}, but received shape: ` +
        `${pyList(shape)}`);
    }
    const offset = partitionInfo ? singleOffset(partitionInfo, shape) : 0;
    if (offset + shape[0] > newRowVocabSize + numRowOovBuckets) {
      throw new ValueError(`Trying to initialize ${shape[0]} additional rows after ${offset} rows have already been ` +
        `initialized, which would exceed expected total row count of new_row_vocab_size (${newRowVocabSize}) + ` +
        `num_row_oov_buckets (${numRowOovBuckets}) = ${newRowVocabSize + numRowOovBuckets}.`);
    }
    const rowOovBucketsToUse = Math.min(shape[0], Math.max(0, offset + shape[0] - newRowVocabSize));
    const numRowsToLoad = shape[0] - rowOovBucketsToUse;
    // A part holding only OOV rows is all the initializer's.
    if (offset > newRowVocabSize) {
      if (shape[0] !== rowOovBucketsToUse) {
        throw new ValueError('Partitioned variable offset is greater than new vocab size and not operating on ' +
          'OOV-only partition.');
      }
      return initializer(shape);
    }
    return loadAndRemapMatrix({
      ckptPath: options.ckptPath, oldTensorName: options.oldTensorName, newRowVocabOffset: offset, numRowsToLoad,
      newColVocabSize, initializer, oldRowVocabSize: options.oldRowVocabSize ?? -1,
      oldRowVocabFile: options.oldRowVocabFile ?? null, newRowVocabFile: options.newRowVocabFile ?? null,
      oldColVocabFile: options.oldColVocabFile ?? null, newColVocabFile: options.newColVocabFile ?? null,
      numRowOovBuckets: rowOovBucketsToUse, numColOovBuckets, maxRowsInMemory: options.maxRowsInMemory ?? -1,
    });
  };
}
