/**
 * TF1's `tf.train.Example` protos (`tensorflow/core/example/{example,feature}.proto`) as classes
 * built the way Python builds them: `new Example({features: new Features({feature: {x: new
 * Feature({floatList: new FloatList({value: [1, 2]})})}})})`, with `serializeToString()`,
 * `fromString(bytes)` and `toString()` (Python's text format).
 *
 * Serialization writes map entries in the order of Python's (upb's)
 * `SerializeToString(deterministic=True)`; Python's default order comes from a per-process
 * hash seed, so it only matches that for maps of one key.
 *
 * @packageDocumentation
 */
import { create, fromBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { ValueError } from '../errors';
import { toTextFormat } from '../proto/text_format';
import { upbKeyOrder } from '../proto/deterministic';
import * as pb from '../proto/gen/tensorflow/core/example/example_pb';
import * as fpb from '../proto/gen/tensorflow/core/example/feature_pb';

/** Python's `google.protobuf.message.DecodeError`: bytes that are not a message of the type. */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

/** Protobuf wire-format output, just what these messages need. */
class Writer {
  private readonly parts: number[] = [];

  varint(v: bigint | number): this {
    let x = BigInt.asUintN(64, BigInt(v));
    while (x >= 0x80n) {
      this.parts.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.parts.push(Number(x));
    return this;
  }

  /** A length-delimited field (wire type 2). */
  bytes(field: number, data: Uint8Array): this {
    this.varint((field << 3) | 2).varint(data.length);
    for (const b of data) this.parts.push(b);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

const utf8 = new TextEncoder();

abstract class ExampleMessage<Desc extends DescMessage> {
  protected abstract get schema(): Desc;

  /** This message as a protobuf-es message of its generated schema. */
  abstract toProto(): MessageShape<Desc>;

  /** The wire bytes, as Python's `SerializeToString(deterministic=True)`. */
  abstract serializeToString(): Uint8Array;

  /** Python's `str(message)`: the text format (map entries sorted by key). */
  toString(): string {
    return toTextFormat(this.schema, this.toProto());
  }
}

/** Parses `bytes` as `schema`, with Python's DecodeError on bad input. */
export function parseMessage<Desc extends DescMessage>(schema: Desc, bytes: Uint8Array): MessageShape<Desc> {
  try {
    return fromBinary(schema, bytes);
  } catch {
    throw new DecodeError(`Error parsing message with type '${schema.typeName}'`);
  }
}

/** `tf.train.BytesList`: byte strings (JS strings are taken as UTF-8). */
export class BytesList extends ExampleMessage<typeof fpb.BytesListSchema> {
  value: Uint8Array[];
  constructor(init: { value?: Array<Uint8Array | string> } = {}) {
    super();
    this.value = (init.value ?? []).map((v) => (typeof v === 'string' ? utf8.encode(v) : v));
  }
  protected get schema() { return fpb.BytesListSchema; }
  toProto(): fpb.BytesList { return create(fpb.BytesListSchema, { value: this.value }); }
  serializeToString(): Uint8Array {
    const w = new Writer();
    for (const v of this.value) w.bytes(1, v);
    return w.finish();
  }
  static fromString(bytes: Uint8Array): BytesList { return BytesList.fromProto(parseMessage(fpb.BytesListSchema, bytes)); }
  static fromProto(p: fpb.BytesList): BytesList { return new BytesList({ value: p.value }); }
}

/** `tf.train.FloatList`: float32 values (packed). */
export class FloatList extends ExampleMessage<typeof fpb.FloatListSchema> {
  value: number[];
  constructor(init: { value?: Iterable<number> } = {}) {
    super();
    this.value = Array.from(init.value ?? [], Math.fround);
  }
  protected get schema() { return fpb.FloatListSchema; }
  toProto(): fpb.FloatList { return create(fpb.FloatListSchema, { value: this.value }); }
  serializeToString(): Uint8Array {
    if (this.value.length === 0) return new Uint8Array(0);
    const packed = Buffer.alloc(4 * this.value.length);
    this.value.forEach((v, i) => packed.writeFloatLE(v, 4 * i));
    return new Writer().bytes(1, packed).finish();
  }
  static fromString(bytes: Uint8Array): FloatList { return FloatList.fromProto(parseMessage(fpb.FloatListSchema, bytes)); }
  static fromProto(p: fpb.FloatList): FloatList { return new FloatList({ value: p.value }); }
}

/** `tf.train.Int64List`: int64 values (packed); parsed ones are numbers, or bigints past 2^53. */
export class Int64List extends ExampleMessage<typeof fpb.Int64ListSchema> {
  value: Array<number | bigint>;
  constructor(init: { value?: Iterable<number | bigint> } = {}) {
    super();
    this.value = Array.from(init.value ?? [], (v) => {
      if (typeof v === 'number' && !Number.isInteger(v)) throw new TypeError("'float' object cannot be interpreted as an integer");
      const b = BigInt(v);
      if (b !== BigInt.asIntN(64, b)) throw new ValueError(`Value out of range: ${b}`);
      return v;
    });
  }
  protected get schema() { return fpb.Int64ListSchema; }
  toProto(): fpb.Int64List { return create(fpb.Int64ListSchema, { value: this.value.map(String) }); }
  serializeToString(): Uint8Array {
    if (this.value.length === 0) return new Uint8Array(0);
    const packed = new Writer();
    for (const v of this.value) packed.varint(v);
    return new Writer().bytes(1, packed.finish()).finish();
  }
  static fromString(bytes: Uint8Array): Int64List { return Int64List.fromProto(parseMessage(fpb.Int64ListSchema, bytes)); }
  static fromProto(p: fpb.Int64List): Int64List {
    return new Int64List({ value: p.value.map((s) => (Number.isSafeInteger(Number(s)) ? Number(s) : BigInt(s))) });
  }
}

/** The `kind` of a {@link Feature}, as Python's `WhichOneof('kind')`. */
export type FeatureKind = 'bytesList' | 'floatList' | 'int64List';

/**
 * `tf.train.Feature`: one of a BytesList, FloatList or Int64List. Given more than one, the last
 * (in that order) is kept, as a proto oneof keeps the last one set.
 */
export class Feature extends ExampleMessage<typeof fpb.FeatureSchema> {
  bytesList?: BytesList;
  floatList?: FloatList;
  int64List?: Int64List;
  constructor(init: { bytesList?: BytesList; floatList?: FloatList; int64List?: Int64List } = {}) {
    super();
    if (init.int64List) this.int64List = init.int64List;
    else if (init.floatList) this.floatList = init.floatList;
    else if (init.bytesList) this.bytesList = init.bytesList;
  }
  /** Which list is set, or undefined for an empty Feature. */
  get kind(): FeatureKind | undefined {
    return this.bytesList ? 'bytesList' : this.floatList ? 'floatList' : this.int64List ? 'int64List' : undefined;
  }
  protected get schema() { return fpb.FeatureSchema; }
  toProto(): fpb.Feature {
    const kind = this.kind;
    return create(fpb.FeatureSchema, kind ? { kind: { case: kind, value: this[kind]!.toProto() } } as never : {});
  }
  serializeToString(): Uint8Array {
    const kind = this.kind;
    if (!kind) return new Uint8Array(0);
    const field = { bytesList: 1, floatList: 2, int64List: 3 }[kind];
    return new Writer().bytes(field, this[kind]!.serializeToString()).finish();
  }
  static fromString(bytes: Uint8Array): Feature { return Feature.fromProto(parseMessage(fpb.FeatureSchema, bytes)); }
  static fromProto(p: fpb.Feature): Feature {
    switch (p.kind.case) {
      case 'bytesList': return new Feature({ bytesList: BytesList.fromProto(p.kind.value) });
      case 'floatList': return new Feature({ floatList: FloatList.fromProto(p.kind.value) });
      case 'int64List': return new Feature({ int64List: Int64List.fromProto(p.kind.value) });
      default: return new Feature();
    }
  }
}

/** A map field's entries (key 1, message value 2) in upb's deterministic order. */
function mapEntries(w: Writer, field: number, map: Record<string, { serializeToString(): Uint8Array }>): Writer {
  const keys = Object.keys(map).map((k) => Buffer.from(k)).sort(upbKeyOrder);
  for (const key of keys) {
    w.bytes(field, new Writer().bytes(1, key).bytes(2, map[key.toString()].serializeToString()).finish());
  }
  return w;
}

/** Maps each value of `record` with `f`, keeping the keys. */
function mapValues<A, B>(record: Record<string, A>, f: (a: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}

/** `tf.train.Features`: a Feature for each name. */
export class Features extends ExampleMessage<typeof fpb.FeaturesSchema> {
  feature: Record<string, Feature>;
  constructor(init: { feature?: Record<string, Feature> } = {}) {
    super();
    this.feature = { ...init.feature };
  }
  protected get schema() { return fpb.FeaturesSchema; }
  toProto(): fpb.Features { return create(fpb.FeaturesSchema, { feature: mapValues(this.feature, (f) => f.toProto()) }); }
  serializeToString(): Uint8Array { return mapEntries(new Writer(), 1, this.feature).finish(); }
  static fromString(bytes: Uint8Array): Features { return Features.fromProto(parseMessage(fpb.FeaturesSchema, bytes)); }
  static fromProto(p: fpb.Features): Features { return new Features({ feature: mapValues(p.feature, Feature.fromProto) }); }
}

/** `tf.train.FeatureList`: a sequence of Features (one per step). */
export class FeatureList extends ExampleMessage<typeof fpb.FeatureListSchema> {
  feature: Feature[];
  constructor(init: { feature?: Feature[] } = {}) {
    super();
    this.feature = [...(init.feature ?? [])];
  }
  protected get schema() { return fpb.FeatureListSchema; }
  toProto(): fpb.FeatureList { return create(fpb.FeatureListSchema, { feature: this.feature.map((f) => f.toProto()) }); }
  serializeToString(): Uint8Array {
    const w = new Writer();
    for (const f of this.feature) w.bytes(1, f.serializeToString());
    return w.finish();
  }
  static fromString(bytes: Uint8Array): FeatureList { return FeatureList.fromProto(parseMessage(fpb.FeatureListSchema, bytes)); }
  static fromProto(p: fpb.FeatureList): FeatureList { return new FeatureList({ feature: p.feature.map(Feature.fromProto) }); }
}

/** `tf.train.FeatureLists`: a FeatureList for each name. */
export class FeatureLists extends ExampleMessage<typeof fpb.FeatureListsSchema> {
  featureList: Record<string, FeatureList>;
  constructor(init: { featureList?: Record<string, FeatureList> } = {}) {
    super();
    this.featureList = { ...init.featureList };
  }
  protected get schema() { return fpb.FeatureListsSchema; }
  toProto(): fpb.FeatureLists {
    return create(fpb.FeatureListsSchema, { featureList: mapValues(this.featureList, (f) => f.toProto()) });
  }
  serializeToString(): Uint8Array { return mapEntries(new Writer(), 1, this.featureList).finish(); }
  static fromString(bytes: Uint8Array): FeatureLists { return FeatureLists.fromProto(parseMessage(fpb.FeatureListsSchema, bytes)); }
  static fromProto(p: fpb.FeatureLists): FeatureLists {
    return new FeatureLists({ featureList: mapValues(p.featureList, FeatureList.fromProto) });
  }
}

/** `tf.train.Example`: one record of named features, what `parseExample` reads. */
export class Example extends ExampleMessage<typeof pb.ExampleSchema> {
  features?: Features;
  constructor(init: { features?: Features } = {}) {
    super();
    if (init.features) this.features = init.features;
  }
  protected get schema() { return pb.ExampleSchema; }
  toProto(): pb.Example { return create(pb.ExampleSchema, { features: this.features?.toProto() }); }
  serializeToString(): Uint8Array {
    const w = new Writer();
    if (this.features) w.bytes(1, this.features.serializeToString());
    return w.finish();
  }
  static fromString(bytes: Uint8Array): Example { return Example.fromProto(parseMessage(pb.ExampleSchema, bytes)); }
  static fromProto(p: pb.Example): Example {
    return new Example({ features: p.features && Features.fromProto(p.features) });
  }
}

/** `tf.train.SequenceExample`: context features and per-step feature lists, what `parseSequenceExample` reads. */
export class SequenceExample extends ExampleMessage<typeof pb.SequenceExampleSchema> {
  context?: Features;
  featureLists?: FeatureLists;
  constructor(init: { context?: Features; featureLists?: FeatureLists } = {}) {
    super();
    if (init.context) this.context = init.context;
    if (init.featureLists) this.featureLists = init.featureLists;
  }
  protected get schema() { return pb.SequenceExampleSchema; }
  toProto(): pb.SequenceExample {
    return create(pb.SequenceExampleSchema, { context: this.context?.toProto(), featureLists: this.featureLists?.toProto() });
  }
  serializeToString(): Uint8Array {
    const w = new Writer();
    if (this.context) w.bytes(1, this.context.serializeToString());
    if (this.featureLists) w.bytes(2, this.featureLists.serializeToString());
    return w.finish();
  }
  static fromString(bytes: Uint8Array): SequenceExample {
    return SequenceExample.fromProto(parseMessage(pb.SequenceExampleSchema, bytes));
  }
  static fromProto(p: pb.SequenceExample): SequenceExample {
    return new SequenceExample({
      context: p.context && Features.fromProto(p.context),
      featureLists: p.featureLists && FeatureLists.fromProto(p.featureLists),
    });
  }
}
