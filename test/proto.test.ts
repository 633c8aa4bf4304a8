import { readFileSync } from 'fs';
import * as path from 'path';
import { create, fromBinary, toBinary, type DescMessage, type Message } from '@bufbuild/protobuf';
import {
  AttrValueSchema,
  CheckpointStateSchema,
  ConfigProtoSchema,
  EventSchema,
  formatFloat32,
  formatPythonFloat,
  fromTextFormat,
  GraphDefSchema,
  MetaGraphDefSchema,
  SessionLog_SessionStatus,
  TextFormatParseError,
  tfRegistry,
  toTextFormat,
} from '../lib/proto';

const FIXTURES = path.join(__dirname, 'fixtures', 'text_format');
const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));

/** Golden cases written by scripts/interop/gen_text_format_goldens.py, by message type. */
const GOLDEN_SCHEMAS: Record<string, DescMessage> = {
  checkpoint_saver: CheckpointStateSchema,
  checkpoint_manager: CheckpointStateSchema,
  checkpoint_written: CheckpointStateSchema,
  graph_tf: GraphDefSchema,
  graph_floats: GraphDefSchema,
  meta_graph_any: MetaGraphDefSchema,
  config: ConfigProtoSchema,
};

/**
 * Messages are compared through their (golden-checked) text form: binary
 * serializations differ in map order, and protobuf-es's equals() says NaN != NaN.
 */
function expectSameMessage(schema: DescMessage, actual: Message, expected: Message): void {
  expect(toTextFormat(schema, actual)).toBe(toTextFormat(schema, expected));
}

describe('generated protos', () => {
  test('round-trip an Event through binary with the TF1 field numbers', () => {
    const event = create(EventSchema, {
      wallTime: 1700000000.5,
      step: 7n,
      what: { case: 'sessionLog', value: { status: SessionLog_SessionStatus.CHECKPOINT, checkpointPath: '/d/m' } },
    });
    const bytes = toBinary(EventSchema, event);
    // wall_time is field 1 (double, key 0x09), step field 2 (varint, key 0x10), session_log field 7 (key 0x3a).
    expect([bytes[0], bytes[9], bytes[11]]).toEqual([0x09, 0x10, 0x3a]);
    expect(fromBinary(EventSchema, bytes)).toEqual(event);
  });

  test('the registry resolves every message the package reads or writes', () => {
    for (const name of [
      'GraphDef', 'NodeDef', 'AttrValue', 'TensorProto', 'TensorShapeProto', 'OpList', 'FunctionDefLibrary',
      'VersionDef', 'MetaGraphDef', 'CollectionDef', 'SaverDef', 'VariableDef', 'SignatureDef', 'TensorInfo',
      'SavedModel', 'SavedObjectGraph', 'AssetFileDef', 'Event', 'Summary', 'SummaryMetadata', 'SessionLog',
      'TaggedRunMetadata', 'HistogramProto', 'CheckpointState', 'ConfigProto', 'RunOptions', 'RunMetadata',
      'StepStats', 'ServerDef', 'ClusterDef',
    ]) {
      expect(tfRegistry.getMessage(`tensorflow.${name}`)?.name).toBe(name);
    }
    expect(tfRegistry.getEnum('tensorflow.DataType')?.value[1].name).toBe('DT_FLOAT');
  });
});

describe('text format matches Python text_format byte for byte', () => {
  test.each(Object.keys(GOLDEN_SCHEMAS))('prints %s as Python does', (name) => {
    const schema = GOLDEN_SCHEMAS[name];
    const message = fromBinary(schema, fixture(`${name}.pb`));
    expect(Buffer.from(toTextFormat(schema, message), 'utf8').equals(fixture(`${name}.pbtxt`))).toBe(true);
    expect(toTextFormat(schema, message)).toBe(fixture(`${name}.pbtxt`).toString('utf8'));
  });

  test.each(Object.keys(GOLDEN_SCHEMAS))('parses %s back to the same message', (name) => {
    const schema = GOLDEN_SCHEMAS[name];
    const parsed = fromTextFormat(schema, fixture(`${name}.pbtxt`).toString('utf8'));
    expectSameMessage(schema, parsed, fromBinary(schema, fixture(`${name}.pb`)));
  });

  test.each([
    ['parse_config', ConfigProtoSchema],
    ['parse_graph', GraphDefSchema],
  ] as const)('parses hand-written %s as Python does', (name, schema) => {
    const parsed = fromTextFormat(schema, fixture(`${name}.input.pbtxt`).toString('utf8'));
    expectSameMessage(schema, parsed, fromBinary(schema, fixture(`${name}.pb`)));
  });
});

describe('text format parse errors read as Python ParseError', () => {
  const SCHEMA_BY_NAME: Record<string, DescMessage> = { CheckpointState: CheckpointStateSchema, AttrValue: AttrValueSchema };
  // Messages as Python's text_format.Parse raises them for the same input.
  test.each([
    ['CheckpointState', 'model_checkpoint_path: "a"\nfoo: 1', '2:1 : Message type "tensorflow.CheckpointState" has no field named "foo".'],
    ['CheckpointState', 'model_checkpoint_path: 3', "1:24 : 'model_checkpoint_path: 3': Expected string but found: '3'"],
    ['CheckpointState', 'model_checkpoint_path "a"', '1:23 : \'model_checkpoint_path "a"\': Expected ":".'],
    ['CheckpointState', 'last_preserved_timestamp: x', "1:27 : 'last_preserved_timestamp: x': Couldn't parse float: x"],
    ['AttrValue', 'type: DT_NOPE', '1:7 : \'type: DT_NOPE\': Enum type "tensorflow.DataType" has no value named DT_NOPE.'],
    ['AttrValue', 'i: 99999999999999999999', "1:4 : 'i: 99999999999999999999': Value out of range: 99999999999999999999"],
    ['AttrValue', 'b: yes', '1:4 : \'b: yes\': Expected "true" or "false".'],
    ['AttrValue', 'list { i: [1, x] }', "1:15 : 'list { i: [1, x] }': Couldn't parse integer: x"],
    ['AttrValue', 'i: 1.5', "1:4 : 'i: 1.5': Couldn't parse integer: 1.5"],
    ['AttrValue', 'func {', '1:6 : Expected "}".'],
  ] as const)('%s %j', (_, text, message) => {
    const schema = SCHEMA_BY_NAME[_];
    let error: unknown;
    try {
      fromTextFormat(schema, text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TextFormatParseError);
    expect((error as Error).message).toBe(message);
  });
});

describe('number formatting helpers', () => {
  test('doubles print as Python repr()', () => {
    expect([1, 0.1, 1e-5, 1e-4, 1e16, 1e15, -0, 1.5e300, NaN, -Infinity, 123456789012345680].map(formatPythonFloat)).toEqual(
      ['1.0', '0.1', '1e-05', '0.0001', '1e+16', '1000000000000000.0', '-0.0', '1.5e+300', 'nan', '-inf', '1.2345678901234568e+17'],
    );
  });

  test('floats print with the fewest digits that give back the same float32', () => {
    // A JS number assigned to a float field is the float32 it will be stored as.
    expect([0.1, 0.3, 16777217, 3.4028234663852886e38, Math.fround(0.1)].map(formatFloat32)).toEqual(
      ['0.1', '0.3', '16777216.0', '3.4028235e+38', '0.1'],
    );
  });
});
