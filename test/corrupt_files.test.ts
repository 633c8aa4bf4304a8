/**
 * Corrupt, truncated and hostile files through the public API: each gives TF1's typed error
 * (DataLossError, NotFoundError, ...) and the process goes on working; none may crash it.
 */
import { create, fromJson, toBinary } from '@bufbuild/protobuf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DType, Graph, Session, Tensor, errors, ops, savedModel, summary, train } from '../lib';
import { DecodeError, tfRecordIterator } from '../lib/io';
import { GraphDefSchema, MetaGraphDefSchema, SavedModelSchema } from '../lib/proto';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corrupt-files-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A checkpoint of `w` = [1, 2, 3] written by the Saver; gives its prefix. */
async function writeCheckpoint(): Promise<string> {
  const graph = new Graph();
  const { w, saver } = graph.asDefault(() => ({
    w: new ops.Variable(Tensor.from([1, 2, 3], { dtype: DType.float32 }), { name: 'w' }),
    saver: new train.Saver(),
  }));
  const sess = new Session(graph);
  await sess.run(w.initializer);
  const prefix = (await saver.save(sess, path.join(dir, 'model.ckpt')))!;
  await sess.close();
  return prefix;
}

/** A GraphDef whose node `a` calls function `rec`, whose body calls `rec` again. */
function recursiveGraphDef() {
  return fromJson(GraphDefSchema, {
    node: [{ name: 'a', op: 'rec' }],
    versions: { producer: 1808 },
    library: { function: [{ signature: { name: 'rec' }, nodeDef: [{ name: 'x', op: 'rec' }] }] },
  });
}
const RECURSIVE = "Function 'rec' is recursive (rec -> rec): TensorFlow cannot import a graph that calls a recursive function.";

/** A later, valid import still works: the failure left nothing broken. */
function expectImportStillWorks(): void {
  const g = new Graph();
  g.asDefault(() => ops.importGraphDef(toBinary(GraphDefSchema, fromJson(GraphDefSchema, {
    node: [{ name: 'c', op: 'NoOp' }], versions: { producer: 1808 },
  }))));
  expect(g.operations().map((o) => o.name)).toEqual(['import/c']);
}

describe('checkpoints', () => {
  test('a truncated or bit-flipped .index / data file gives DataLossError (or OutOfRangeError for short data)', async () => {
    const prefix = await writeCheckpoint();
    const index = `${prefix}.index`;
    const data = `${prefix}.data-00000-of-00001`;
    const good = { index: fs.readFileSync(index), data: fs.readFileSync(data) };
    const restoreGood = () => { fs.writeFileSync(index, good.index); fs.writeFileSync(data, good.data); };
    fs.writeFileSync(index, good.index.subarray(0, 10));
    expect(() => train.listVariables(prefix)).toThrow(new errors.DataLossError('file is too short to be an sstable'));
    restoreGood();
    const flipped = Buffer.from(good.data);
    flipped[0] ^= 0xff;
    fs.writeFileSync(data, flipped);
    expect(() => train.loadVariable(prefix, 'w')).toThrow(errors.DataLossError);
    expect(() => train.loadVariable(prefix, 'w')).toThrow(/Checksum does not match/);
    fs.writeFileSync(data, good.data.subarray(0, 4));
    expect(() => train.loadVariable(prefix, 'w')).toThrow(new errors.OutOfRangeError('Read less bytes than requested'));
    restoreGood();
    expect(train.loadVariable(prefix, 'w').toArray()).toEqual([1, 2, 3]);
  });
});

describe('event files and TFRecords', () => {
  test('BAD CALL - summaryIterator on a missing file: NotFoundError, as TF\'s reader', () => {
    const file = path.join(dir, 'nope.tfevents');
    expect(() => [...train.summaryIterator(file)]).toThrow(new errors.NotFoundError(`${file}; No such file or directory`));
    expect(() => [...train.summaryIterator(file)]).toThrow(errors.NotFoundError);
  });

  test('BAD CALL - summaryIterator on a directory: FailedPreconditionError', () => {
    expect(() => [...train.summaryIterator(dir)]).toThrow(new errors.FailedPreconditionError(`${dir}; Is a directory`));
    expect(() => [...train.summaryIterator(dir)]).toThrow(errors.FailedPreconditionError);
  });

  test('BAD CALL - tfRecordIterator of a missing compressed file: NotFoundError', () => {
    const file = path.join(dir, 'nope.gz');
    expect(() => [...tfRecordIterator(file, 'GZIP')]).toThrow(errors.NotFoundError);
    expect(() => [...tfRecordIterator(file, 'GZIP')]).toThrow(`${file}; No such file or directory`);
  });

  test('BAD CALL - FileWriter where a file is on the logdir\'s path: FailedPreconditionError, as TF\'s makedirs', () => {
    const file = path.join(dir, 'afile');
    fs.writeFileSync(file, 'x');
    expect(() => new summary.FileWriter(file)).toThrow(new errors.FailedPreconditionError(`${file} is not a directory`));
    expect(() => new summary.FileWriter(path.join(file, 'sub'))).toThrow(new errors.FailedPreconditionError(`${file} is not a directory`));
    expect(() => new summary.FileWriter(file)).toThrow(errors.FailedPreconditionError);
  });

  // Node's recursive mkdir loops forever where mkdir fails with ENOENT under an existing parent.
  (fs.existsSync('/proc/self') ? test : test.skip)('BAD CALL - FileWriter to a logdir that cannot be made: NotFoundError, no hang', async () => {
    expect(() => new summary.FileWriter('/proc/nope/logs')).toThrow(new errors.NotFoundError('/proc/nope/logs; No such file or directory'));
    const writer = new summary.FileWriter(path.join(dir, 'a', 'b'));
    await writer.close();
    expect(fs.statSync(path.join(dir, 'a', 'b')).isDirectory()).toBe(true);
  });

  test('a bit-flipped event record gives DataLossError', () => {
    const file = path.join(__dirname, 'fixtures', 'events', 'python.tfevents');
    const bytes = fs.readFileSync(file);
    bytes[20] ^= 0xff;
    const bad = path.join(dir, 'bad.tfevents');
    fs.writeFileSync(bad, bytes);
    expect(() => [...train.summaryIterator(bad)]).toThrow(errors.DataLossError);
  });
});

describe('MetaGraph files', () => {
  test('BAD CALL - importMetaGraph of a missing file: Python\'s message', () => {
    const file = path.join(dir, 'nope.meta');
    expect(() => new Graph().asDefault(() => train.importMetaGraph(file)))
      .toThrow(`File does not exist. Received: ${file}.`);
  });

  test('BAD CALL - importMetaGraph of a directory: FailedPreconditionError', () => {
    expect(() => new Graph().asDefault(() => train.importMetaGraph(dir)))
      .toThrow(new errors.FailedPreconditionError(`${dir}; Is a directory`));
  });

  test('BAD CALL - importMetaGraph of bytes neither binary nor text: names the file', () => {
    const file = path.join(dir, 'bad.meta');
    fs.writeFileSync(file, Buffer.from([0x0a, 0xff, 0xfe, 0x00, 0x80]));
    expect(() => new Graph().asDefault(() => train.importMetaGraph(file)))
      .toThrow(new RegExp(`^Cannot parse file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect(() => new Graph().asDefault(() => train.importMetaGraph(file))).toThrow(errors.OSError);
  });

  test('BAD CALL - a MetaGraphDef whose variables collection is corrupt: DecodeError', () => {
    const meta = create(MetaGraphDefSchema, {
      collectionDef: { variables: { kind: { case: 'bytesList', value: { value: [new Uint8Array([0x0a, 0x09, 0x61])] } } } },
    });
    expect(() => new Graph().asDefault(() => train.importMetaGraph(toBinary(MetaGraphDefSchema, meta))))
      .toThrow(new DecodeError("Error parsing message with type 'tensorflow.VariableDef'"));
  });

  test('BAD CALL - importMetaGraph bytes that are no MetaGraphDef: DecodeError', () => {
    expect(() => new Graph().asDefault(() => train.importMetaGraph(new Uint8Array([0x0a, 0xff]))))
      .toThrow(DecodeError);
  });
});

describe('SavedModels', () => {
  test('BAD CALL - Builder where the export dir is a file: NotFoundError, as TF', () => {
    const file = path.join(dir, 'afile');
    fs.writeFileSync(file, 'x');
    expect(() => new savedModel.Builder(file)).toThrow(new errors.NotFoundError(`Could not find directory ${file}`));
    expect(() => new savedModel.Builder(path.join(file, 'x'))).toThrow(new errors.FailedPreconditionError(`${file} is not a directory`));
  });

  test('BAD CALL - savedModel.load of a saved_model.pb that does not parse: Python\'s parse_saved_model message', async () => {
    const file = path.join(dir, 'saved_model.pb');
    fs.writeFileSync(file, Buffer.from('this is not a proto \x00\xff\xfe garbage', 'latin1'));
    await expect(savedModel.load(['serve'], dir)).rejects.toThrow(
      `Cannot parse file ${file}: Error parsing message with type 'tensorflow.SavedModel': Wire format was corrupt.`);
    await expect(savedModel.load(['serve'], dir)).rejects.toBeInstanceOf(errors.OSError);
  });

  test('Builder into a non-empty directory: TF\'s AssertionError', () => {
    fs.writeFileSync(path.join(dir, 'x'), 'y');
    expect(() => new savedModel.Builder(dir)).toThrow(new errors.AssertionError('Export directory already exists, and ' +
      "isn't empty. Please choose a different export directory, or delete all the contents of the specified directory: " + dir));
  });
});

describe('recursive functions (TF\'s importer overflows its stack on them)', () => {
  test('BAD CALL - importGraphDef of a graph calling a recursive function: ValueError, and the process lives on', () => {
    const g = new Graph();
    expect(() => g.asDefault(() => ops.importGraphDef(recursiveGraphDef()))).toThrow(new errors.ValueError(RECURSIVE));
    expectImportStillWorks();
  });

  test('BAD CALL - Graph.importGraphDef (the bytes form) refuses it too: InvalidArgumentError', () => {
    expect(() => new Graph().importGraphDef(toBinary(GraphDefSchema, recursiveGraphDef())))
      .toThrow(new errors.InvalidArgumentError(RECURSIVE));
    expectImportStillWorks();
  });

  test('BAD CALL - mutual recursion through a function-valued attr is refused too', () => {
    const call = (f: string) => ({ op: 'PartitionedCall', attr: { f: { func: { name: f } }, Tin: { list: {} }, Tout: { list: {} } } });
    const graphDef = fromJson(GraphDefSchema, {
      node: [{ name: 'a', ...call('f1') }],
      versions: { producer: 1808 },
      library: { function: [
        { signature: { name: 'f1' }, nodeDef: [{ name: 'x', ...call('f2') }] },
        { signature: { name: 'f2' }, nodeDef: [{ name: 'y', op: 'f1' }] },
      ] },
    });
    expect(() => new Graph().asDefault(() => ops.importGraphDef(graphDef)))
      .toThrow("Function 'f1' is recursive (f1 -> f2 -> f1)");
    expectImportStillWorks();
  });

  test('BAD CALL - a node asking for a billion inputs it lacks (AddN N=1e9): ValueError at once, not a hang', () => {
    const graphDef = fromJson(GraphDefSchema, {
      node: [
        { name: 'a', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: {}, floatVal: [1] } } } },
        { name: 'm', op: 'AddN', input: ['a'], attr: { T: { type: 'DT_FLOAT' }, N: { i: '1000000000' } } },
      ],
      versions: { producer: 1808 },
    });
    expect(() => new Graph().asDefault(() => ops.importGraphDef(graphDef))).toThrow(new errors.ValueError(
      "NodeDef expected 1000000000 inputs for attr 'N' but 1 inputs specified; NodeDef: {{node m}}"));
    graphDef.node[1].attr.N.value = { case: 'i', value: 2n };
    expect(() => new Graph().asDefault(() => ops.importGraphDef(graphDef))).toThrow(/^NodeDef expected inputs 'float, float' do not match 1 inputs specified/);
    expectImportStillWorks();
  });

  test('a recursive function no node calls is imported, as TF does', () => {
    const graphDef = recursiveGraphDef();
    graphDef.node[0].op = 'NoOp';
    const g = new Graph();
    g.asDefault(() => ops.importGraphDef(graphDef));
    expect(g.operations().map((o) => o.name)).toEqual(['import/a']);
  });

  test('BAD CALL - importMetaGraph of a graph calling a recursive function: InvalidArgumentError', () => {
    const meta = create(MetaGraphDefSchema, { graphDef: recursiveGraphDef() });
    expect(() => new Graph().asDefault(() => train.importMetaGraph(toBinary(MetaGraphDefSchema, meta))))
      .toThrow(new errors.InvalidArgumentError(RECURSIVE));
    expectImportStillWorks();
  });

  test('BAD CALL - savedModel.load of a graph calling a recursive function: InvalidArgumentError', async () => {
    fs.writeFileSync(path.join(dir, 'saved_model.pb'), toBinary(SavedModelSchema, create(SavedModelSchema, {
      savedModelSchemaVersion: 1n,
      metaGraphs: [{ metaInfoDef: { tags: ['serve'] }, graphDef: recursiveGraphDef() }],
    })));
    await expect(savedModel.load(['serve'], dir)).rejects.toThrow(new errors.InvalidArgumentError(RECURSIVE));
    const loaded = await savedModel.load(['serve'], path.join(__dirname, 'fixtures', 'saved_model_tf1'));
    expect(Object.keys(loaded.signatureDefs).length).toBeGreaterThan(0);
    await loaded.session.close();
  });
});
