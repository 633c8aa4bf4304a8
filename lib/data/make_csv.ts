/**
 * `tf.data.experimental.make_csv_dataset` (`data/experimental/ops/readers.py`): batches of CSV
 * rows as objects of columns, the column names and types read from the files on the host as
 * Python reads them (its glob, `csv.reader` and type inference) while the graph is built.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { InputValue, applyOp } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { constant } from '../ops/array_ops';
import { AUTOTUNE, Dataset } from './dataset_ops';
import { legacyParallelInterleave } from './experimental';
import { Options } from './options';
import { CSV_TYPES, CsvDataset } from './readers';
import { elementOutputs, traceFunction } from './structured_function';
import { flatAttrs } from './structure';

/** Options of makeCsvDataset, as Python's keyword arguments. */
export interface MakeCsvOptions {
  /** Default the header row's names. */
  columnNames?: string[];
  /** DTypes or defaults (as CsvDataset's), one per column read; default inferred from the first rows. */
  columnDefaults?: Array<DType | InputValue>;
  /** The column given apart, as the element's second component. */
  labelName?: string;
  /** The columns read, by index or name. */
  selectColumns?: Array<number | string>;
  fieldDelim?: string;
  useQuoteDelim?: boolean;
  naValue?: string;
  /** Default true. */
  header?: boolean;
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
  numParallelReads?: number;
  sloppy?: boolean;
  /** Default 100. */
  numRowsForInference?: number;
  /** '' or 'GZIP' (when the files are read for names or types); 'ZLIB' otherwise. */
  compressionType?: string;
  ignoreErrors?: boolean;
}

/** `gfile.Glob` of one pattern: the paths matching it, each component matched as `fnmatch` does. */
function glob(pattern: string): string[] {
  const wild = /[*?[]/;
  if (!wild.test(pattern)) return fs.existsSync(pattern) ? [pattern] : [];
  const parts = pattern.split('/');
  const fixed = parts.findIndex((p) => wild.test(p));
  let found = [parts.slice(0, fixed).join('/')];
  for (const part of parts.slice(fixed)) {
    if (!wild.test(part)) {
      found = found.map((dir) => path.join(dir, part)).filter((p) => fs.existsSync(p));
      continue;
    }
    const re = new RegExp(`^${part.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
      .replace(/\[!/g, '[^')}$`);
    found = found.flatMap((dir) => {
      const base = dir === '' ? '.' : dir;
      if (!fs.existsSync(base) || !fs.statSync(base).isDirectory()) return [];
      return fs.readdirSync(base).filter((e) => re.test(e)).map((e) => (dir === '' ? e : path.join(dir, e)));
    });
  }
  return found;
}

/** `_get_file_names(file_pattern, shuffle=False)`: the matching files, sorted. */
function fileNames(filePattern: string | string[]): string[] {
  if (Array.isArray(filePattern) && filePattern.length === 0) throw new ValueError('Argument `file_pattern` should not be empty.');
  const names = (Array.isArray(filePattern) ? filePattern : [filePattern]).flatMap(glob);
  if (names.length === 0) {
    const shown = Array.isArray(filePattern) ? `[${filePattern.map((p) => `'${p}'`).join(', ')}]` : filePattern;
    throw new ValueError(`No files match \`file_pattern\` ${shown}.`);
  }
  return names.sort();
}

/** The rows of CSV text as Python's `csv.reader` gives them (QUOTE_MINIMAL, or QUOTE_NONE without `quoting`). */
function csvRows(text: string, delim: string, quoting: boolean): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  // 'record': a row's start; 'field': a field's start; 'plain'; 'quoted'; 'quote': a quote in a quoted field.
  let state: 'record' | 'field' | 'plain' | 'quoted' | 'quote' = 'record';
  const endRow = () => {
    rows.push(row);
    row = [];
    state = 'record';
  };
  for (const c of text.replace(/\r\n?/g, '\n')) {
    if (state === 'quoted') {
      if (c === '"') state = 'quote';
      else field += c;
      continue;
    }
    if (state === 'quote' && c === '"') {
      field += c;
      state = 'quoted';
    } else if (c === delim) {
      row.push(field);
      field = '';
      state = 'field';
    } else if (c === '\n') {
      if (state !== 'record') row.push(field);
      field = '';
      endRow();
    } else if (c === '"' && quoting && (state === 'record' || state === 'field')) {
      state = 'quoted';
    } else {
      field += c;
      state = 'plain';
    }
  }
  if (state !== 'record') {
    row.push(field);
    endRow();
  }
  return rows;
}

/** Python's int() of a string: whether it parses, and its value. */
function pyInt(s: string): bigint | null {
  return /^\s*[+-]?\d+(_\d+)*\s*$/.test(s) ? BigInt(s.trim().replace(/_/g, '')) : null;
}

/** Python's float() of a string (but inf and nan, never valid here), or null. */
function pyFloat(s: string): number | null {
  const t = s.trim().replace(/(\d)_(?=\d)/g, '$1');
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : null;
}

const INFERRED = [DType.int32, DType.int64, DType.float32, DType.float64, DType.string];

/** `_infer_type`: the least permissive type of `value` no less permissive than `prev`. */
function inferType(value: string, naValue: string, prev: DType | null): DType | null {
  if (value === '' || value === naValue) return prev;
  const i = pyInt(value);
  const f = pyFloat(value);
  const valid = [
    i !== null && i >= -(2n ** 31n) && i < 2n ** 31n, i !== null && i >= -(2n ** 63n) && i < 2n ** 63n,
    f !== null && Math.abs(Math.fround(f)) < Infinity, f !== null && Math.abs(f) < Infinity, true,
  ];
  const k = INFERRED.findIndex((t, j) => valid[j] && (prev === null || INFERRED.slice(0, j + 1).includes(prev)));
  return INFERRED[k];
}

/**
 * `tf.data.experimental.make_csv_dataset(file_pattern, batch_size, column_names=None,
 * column_defaults=None, label_name=None, select_columns=None, field_delim=',',
 * use_quote_delim=True, na_value='', header=True, num_epochs=None, shuffle=True,
 * shuffle_buffer_size=10000, shuffle_seed=None, prefetch_buffer_size=None,
 * num_parallel_reads=None, sloppy=False, num_rows_for_inference=100, compression_type=None,
 * ignore_errors=False)`: batches of objects of the columns (and the label apart, as
 * `[features, label]`, with `labelName`).
 */
export function makeCsvDataset(filePattern: string | string[], batchSize: number | Output, options: MakeCsvOptions = {}): Dataset {
  const fieldDelim = options.fieldDelim ?? ',';
  const quoting = options.useQuoteDelim ?? true;
  const naValue = options.naValue ?? '';
  const header = options.header ?? true;
  const shuffle = options.shuffle ?? true;
  const numParallelReads = options.numParallelReads ?? 1;
  const filenames = fileNames(filePattern);
  let dataset = Dataset.fromTensorSlices(Tensor.from(filenames));
  if (shuffle) dataset = dataset.shuffle(filenames.length, { seed: options.shuffleSeed });
  let read = (file: string): string => fs.readFileSync(file, 'utf-8');
  if (options.columnNames === undefined || options.columnDefaults === undefined) {
    const compression = options.compressionType;
    if (compression === 'GZIP') read = (file) => zlib.gunzipSync(fs.readFileSync(file)).toString('utf-8');
    else if (compression === 'ZLIB') {
      throw new ValueError(`\`compression_type\` ${compression} is not supported for probing columns.`);
    } else if (compression !== undefined && compression !== '') {
      throw new ValueError(`Received unknown \`compression_type\` ${compression}. Expected: GZIP, ZLIB or  (empty string).`);
    }
  }
  const rowsOf = (file: string) => csvRows(read(file), fieldDelim, quoting);
  let columnNames = options.columnNames;
  if (columnNames === undefined) {
    if (!header) throw new ValueError('Expected `column_names` or `header` arguments. Neither is provided.');
    const first = (file: string) => {
      const rows = rowsOf(file);
      if (rows.length === 0) throw new ValueError(`Failed when reading the header line of ${file}. Is it an empty file?`);
      return rows[0];
    };
    columnNames = first(filenames[0]);
    for (const file of filenames.slice(1)) {
      if (first(file).join('\0') !== columnNames.join('\0')) {
        throw new ValueError('All input CSV files should have the same column names in the header row. File ' +
          `${file} has different column names.`);
      }
    }
  }
  const sorted = [...columnNames].sort();
  const duplicates = new Set(sorted.filter((n, i) => i > 0 && sorted[i - 1] === n));
  if (duplicates.size > 0) {
    throw new ValueError('Either `column_names` argument or CSV header row contains duplicate column names: ' +
      `{${[...duplicates].map((n) => `'${n}'`).join(', ')}}.`);
  }
  const selectColumns = options.selectColumns === undefined ? undefined : sortedIndices(options.selectColumns, columnNames);
  let defaults: Array<Output | InputValue>;
  if (options.columnDefaults !== undefined) {
    defaults = options.columnDefaults.map((x) => (typeof x === 'number' && CSV_TYPES.includes(x) ? constant([], { dtype: x }) : x));
  } else {
    const numCols = columnNames.length;
    const columns = selectColumns ?? columnNames.map((_, i) => i);
    const types: Array<DType | null> = columns.map(() => null);
    let seen = 0;
    const limit = options.numRowsForInference ?? 100;
    for (const file of filenames) {
      if (seen >= limit) break;
      const rows = rowsOf(file).slice(header ? 1 : 0);
      for (let r = 0; r < rows.length && seen < limit; r++, seen++) {
        if (rows[r].length !== numCols) {
          throw new ValueError(`Problem inferring types: CSV row ${r + (header ? 2 : 1)} has ${rows[r].length} number of ` +
            `fields. Expected: ${numCols}.`);
        }
        columns.forEach((c, j) => { types[j] = inferType(rows[r][c], naValue, types[j]); });
      }
    }
    defaults = types.map((t) => t ?? DType.string).map((t) => constant(t === DType.string ? [''] : [0], { dtype: t }));
  }
  if (selectColumns !== undefined && defaults.length !== selectColumns.length) {
    throw new ValueError('If specified, `column_defaults` and `select_columns` must have the same length: ' +
      `\`column_defaults\` has length ${defaults.length}, \`select_columns\` has length ${selectColumns.length}.`);
  }
  const names = selectColumns !== undefined && columnNames.length > selectColumns.length
    ? selectColumns.map((i) => columnNames![i]) : columnNames;
  const { labelName } = options;
  if (labelName !== undefined && !names.includes(labelName)) {
    throw new ValueError(`\`label_name\` provided must be one of the columns: [${names.map((n) => `'${n}'`).join(', ')}]. ` +
      `Received: ${labelName}.`);
  }
  const filenameToDataset = (filename: Output) => {
    const ds = CsvDataset(filename, defaults as InputValue[], {
      fieldDelim, useQuoteDelim: quoting, naValue, selectCols: selectColumns, header,
      compressionType: options.compressionType,
    });
    return options.ignoreErrors ? ds.ignoreErrors() : ds;
  };
  if (numParallelReads === AUTOTUNE) {
    const deterministic = new Options();
    deterministic.deterministic = !options.sloppy;
    dataset = dataset.interleave(filenameToDataset, { numParallelCalls: numParallelReads }).withOptions(deterministic);
  } else {
    dataset = legacyParallelInterleave(dataset, filenameToDataset, numParallelReads,
      { blockLength: 1, sloppy: options.sloppy ?? false }, 'ParallelInterleaveDataset_filename_to_dataset');
  }
  if (shuffle) dataset = dataset.shuffle(options.shuffleBufferSize ?? 10000, { seed: options.shuffleSeed });
  if (options.numEpochs !== 1) dataset = dataset.repeat(options.numEpochs);
  dataset = dataset.batch(batchSize, { dropRemainder: options.numEpochs === undefined });
  const mapFn = (...columns: Output[]) => {
    const features: Record<string, Output> = Object.fromEntries(names.map((n, i) => [n, columns[i]]));
    if (labelName === undefined) return features;
    const label = features[labelName];
    delete features[labelName];
    return [features, label];
  };
  // map_op._MapDataset, as Python makes it here: no inter-op parallelism, cardinality preserved.
  const f = traceFunction(dataset.graph, 'Dataset_map_map_fn', dataset.elementSpec, mapFn, elementOutputs);
  dataset = new Dataset(applyOp('MapDataset', { input_dataset: dataset.variantTensor, other_arguments: f.captured }, {
    f: f.name, ...flatAttrs(f.returned), metadata: '', use_inter_op_parallelism: false, preserve_cardinality: true,
  }).output(0), f.returned);
  return dataset.prefetch(options.prefetchBufferSize ?? AUTOTUNE);
}

/** `_get_sorted_col_indices`: the columns' indices, sorted, each named or given once. */
function sortedIndices(selectColumns: Array<number | string>, columnNames: string[]): number[] {
  const results = selectColumns.map((v) => {
    if (typeof v === 'number') {
      if (v < 0 || v >= columnNames.length) {
        throw new ValueError(`Column index ${v} specified in \`select_columns\` should be > 0  and <= ${columnNames.length}, ` +
          'which is the number of columns.');
      }
      return v;
    }
    const i = columnNames.indexOf(v);
    if (i < 0) {
      throw new ValueError(`Column ${v} specified in \`select_columns\` must be of one of the columns: ` +
        `dict_keys([${columnNames.map((n) => `'${n}'`).join(', ')}]).`);
    }
    return i;
  });
  const unique = [...new Set(results)].sort((a, b) => a - b);
  // Python looks for the duplicates among the distinct indices, so it names none.
  if (unique.length !== selectColumns.length) throw new ValueError('The `select_columns` argument contains duplicate columns: set().');
  return unique;
}
