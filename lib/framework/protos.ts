/**
 * TF1's protocol buffer classes as a Python user writes them: `new ConfigProto({
 * intraOpParallelismThreads: 2, gpuOptions: new GPUOptions({allowGrowth: true})})`,
 * `config.graphOptions.optimizerOptions.optLevel = OptimizerOptions.L1`, `serializeToString()`,
 * `ConfigProto.fromString(bytes)`. Each class is made from the message's generated protobuf-es
 * schema (lib/proto/gen): fields are camelCase properties, a oneof's members are properties of
 * their own (`attr.s`, `attr.i`, `whichOneof('value')`), reading an unset submessage gives an
 * empty one that joins its parent once a field of it is set (as in Python), and nested enums
 * and messages are static members (`RunOptions.FULL_TRACE`, `ConfigProto.Experimental`).
 *
 * Bytes are those of Python's `SerializeToString(deterministic=True)` (the same as its default
 * but for the order of map entries, which Python takes from a per-process hash seed).
 *
 * @packageDocumentation
 */
import {
  clone, create, fromBinary, ScalarType, type DescEnum, type DescField, type DescMessage, type MessageShape,
} from '@bufbuild/protobuf';
import { ValueError } from '../errors';
import { DecodeError } from '../io/example';
import { serializeDeterministic } from '../proto/deterministic';
import { toTextFormat } from '../proto/text_format';
import * as attrPb from '../proto/gen/tensorflow/core/framework/attr_value_pb';
import * as clusterPb from '../proto/gen/tensorflow/core/protobuf/cluster_pb';
import * as configPb from '../proto/gen/tensorflow/core/protobuf/config_pb';
import * as eventPb from '../proto/gen/tensorflow/core/util/event_pb';
import * as graphPb from '../proto/gen/tensorflow/core/framework/graph_pb';
import * as histogramPb from '../proto/gen/xla/tsl/protobuf/histogram_pb';
import * as metaGraphPb from '../proto/gen/tensorflow/core/protobuf/meta_graph_pb';
import * as nodeDefPb from '../proto/gen/tensorflow/core/framework/node_def_pb';
import * as saverPb from '../proto/gen/tensorflow/core/protobuf/saver_pb';
import * as serverPb from '../proto/gen/tensorflow/core/protobuf/tensorflow_server_pb';
import * as summaryPb from '../proto/gen/tensorflow/core/framework/summary_pb';

// --- types ----------------------------------------------------------------------------------

type Msg = { $typeName: string };
/** A field's value as these classes hold it: wrapped messages, numbers for 64-bit integers (bigints past 2^53). */
type Py<T> = T extends Msg ? PyMessage<T>
  : T extends Uint8Array ? Uint8Array
    : T extends bigint ? number | bigint
      : T extends ReadonlyArray<infer E> ? Array<Py<E>>
        : T extends object ? { [key: string]: Py<T[keyof T]> }
          : T;
type OneofKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends { case: string | undefined } ? K : never }[keyof T];
type PlainKeys<T> = Exclude<keyof T, OneofKeys<T> | '$typeName' | '$unknown'>;
type OneofMembers<U> = U extends { case: infer C extends string; value: infer V } ? { [P in C]: Py<V> } : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** The fields of message type T, a oneof's members each a property of its own. */
export type PyFields<T> = { -readonly [K in PlainKeys<T>]-?: Py<NonNullable<T[K]>> }
  & UnionToIntersection<OneofMembers<T[OneofKeys<T>]>>;
/** What a field may be given: a message also as a plain object of its fields, an enum also by name. */
type InitValue<V> = V extends PyMessage<infer M> ? V | PyInit<M>
  : V extends Uint8Array ? Uint8Array | string
    : V extends Array<infer E> ? Array<InitValue<E>>
      : V extends number ? V | number | string
        : V extends object ? { [key: string]: InitValue<V[keyof V]> }
          : V;
/** The constructor's argument: any of the fields. */
export type PyInit<T> = { [K in keyof PyFields<T>]?: InitValue<PyFields<T>[K]> | null };
/** An instance of a message class: its fields and the methods of {@link ProtoMessage}. */
export type PyMessage<T> = PyFields<T> & ProtoMessage<T>;

/** A message class made by {@link protoClass}. */
export interface ProtoClass<T extends Msg> {
  new (init?: PyInit<T>): PyMessage<T>;
  /** Python's `Message.FromString(bytes)`. */
  fromString(bytes: Uint8Array): PyMessage<T>;
  /** The message wrapping a protobuf-es message of this type (copied). */
  fromProto(proto: T): PyMessage<T>;
  readonly schema: DescMessage;
}

// --- runtime --------------------------------------------------------------------------------

const VALUES = Symbol('values');
const LAZY = Symbol('lazy');
const ATTACH = Symbol('attach');
const UNKNOWN = Symbol('unknown');

type Values = Record<string, unknown>;

/** The Python type name of a JS value, for TypeError messages as Python's. */
function pyType(v: unknown): string {
  if (typeof v === 'string') return 'str';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'boolean') return 'bool';
  if (v === null || v === undefined) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Uint8Array) return 'bytes';
  return typeof v === 'object' ? 'dict' : typeof v;
}

const INT32: ReadonlySet<ScalarType> = new Set([ScalarType.INT32, ScalarType.SINT32, ScalarType.SFIXED32]);
const UINT32: ReadonlySet<ScalarType> = new Set([ScalarType.UINT32, ScalarType.FIXED32]);
const INT64: ReadonlySet<ScalarType> = new Set([ScalarType.INT64, ScalarType.SINT64, ScalarType.SFIXED64]);
const UINT64: ReadonlySet<ScalarType> = new Set([ScalarType.UINT64, ScalarType.FIXED64]);
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** An integer scalar checked as Python checks it ('Value out of range' past the type's bounds). */
function checkInteger(v: unknown, type: ScalarType): number | bigint {
  if (typeof v === 'boolean') v = Number(v);
  if (typeof v !== 'bigint' && !(typeof v === 'number' && Number.isInteger(v))) {
    throw new TypeError(`'${pyType(v)}' object cannot be interpreted as an integer`);
  }
  const b = BigInt(v);
  const ok = INT32.has(type) ? b === BigInt.asIntN(32, b) : UINT32.has(type) ? b === BigInt.asUintN(32, b)
    : INT64.has(type) ? b === BigInt.asIntN(64, b) : b === BigInt.asUintN(64, b);
  if (!ok) throw new ValueError(`Value out of range: ${b}`);
  return v;
}

/** A scalar (or enum) field's value checked and converted as Python's setter does. */
function checkScalar(field: DescField, v: unknown): unknown {
  const e = (field as { enum?: DescEnum }).enum;
  if (e) {
    if (typeof v === 'string') {
      const value = e.values.find((x) => x.name === v);
      if (!value) throw new ValueError(`unknown enum label "${v}"`);
      return value.number;
    }
    return Number(checkInteger(v, ScalarType.INT32));
  }
  const type = (field as { scalar: ScalarType }).scalar;
  switch (type) {
    case ScalarType.STRING:
      if (typeof v === 'string') return v;
      if (v instanceof Uint8Array) return utf8Decoder.decode(v);
      throw new TypeError('bad argument type for built-in operation');
    case ScalarType.BYTES:
      if (v instanceof Uint8Array) return v;
      if (typeof v === 'string') return utf8.encode(v);
      throw new TypeError(`expected bytes, ${pyType(v)} found`);
    case ScalarType.BOOL:
      if (typeof v === 'boolean') return v;
      return checkInteger(v, ScalarType.INT64) !== 0;
    case ScalarType.FLOAT:
    case ScalarType.DOUBLE: {
      if (typeof v !== 'number' && typeof v !== 'bigint' && typeof v !== 'boolean') {
        throw new TypeError(`must be real number, not ${pyType(v)}`);
      }
      return type === ScalarType.FLOAT ? Math.fround(Number(v)) : Number(v);
    }
    default:
      return checkInteger(v, type);
  }
}

/** A 64-bit integer of protobuf-es as these classes give it: a number while exact. */
function fromLong(v: bigint | string): number | bigint {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : BigInt(v);
}

function isLong(field: DescField): boolean {
  const type = (field as { scalar?: ScalarType }).scalar;
  return type !== undefined && (INT64.has(type) || UINT64.has(type));
}

/** The zero value of a singular scalar or enum field. */
function zero(field: DescField): unknown {
  if (field.fieldKind === 'enum') return field.enum.values[0].number;
  switch ((field as { scalar: ScalarType }).scalar) {
    case ScalarType.STRING: return '';
    case ScalarType.BYTES: return new Uint8Array(0);
    case ScalarType.BOOL: return false;
    default: return 0;
  }
}

/** The schema of a message's class (a function, not a property: a field may have any name). */
function schemaOf(msg: ProtoMessage<unknown>): DescMessage {
  return (msg.constructor as unknown as { schema: DescMessage }).schema;
}

/** A field of `msg` by its proto or local name; Python's ValueError for others. */
function fieldOf(msg: ProtoMessage<unknown>, name: string): DescField {
  const schema = schemaOf(msg);
  const field = schema.fields.find((f) => f.name === name || f.localName === name);
  if (!field) throw new ValueError(`Protocol message ${schema.name} has no "${name}" field.`);
  return field;
}

/** A field of `msg` was written: a lazily made message joins its parent. */
function touch(msg: ProtoMessage<unknown>): void {
  const attach = msg[ATTACH];
  if (attach) {
    msg[ATTACH] = undefined;
    attach();
  }
}

/** The base of every message class: Python's Message methods. */
export abstract class ProtoMessage<T = Msg> {
  /** @internal Set fields by local name. */
  [VALUES]: Values = {};
  /** @internal Unset submessages handed out by getters, not part of the message until written. */
  [LAZY]: Record<string, ProtoMessage<unknown>> = {};
  /** @internal For a lazily made submessage: puts it in its parent. */
  [ATTACH]?: () => void;
  /** @internal Fields parsed that the schema does not know, kept for serialization as Python does. */
  [UNKNOWN]?: unknown;

  /** The wire bytes, as Python's `SerializeToString(deterministic=True)`. */
  serializeToString(): Uint8Array {
    return serializeDeterministic(schemaOf(this), this.toProto() as MessageShape<DescMessage>);
  }

  /** Python's `ParseFromString`: replaces the contents with the parsed bytes. */
  parseFromString(bytes: Uint8Array): this {
    this.clear();
    return this.mergeFromString(bytes);
  }

  /** Python's `MergeFromString`: parsed fields merged in (singular ones replaced, lists appended). */
  mergeFromString(bytes: Uint8Array): this {
    // Protobuf merging: the parse of two serializations one after the other.
    const merged = Buffer.concat([this.serializeToString(), bytes]);
    const parsed = parse(schemaOf(this), merged);
    this[VALUES] = {};
    this[LAZY] = {};
    loadProto(this, parsed);
    touch(this);
    return this;
  }

  /** Python's `CopyFrom`. */
  copyFrom(other: ProtoMessage<T>): this {
    this.checkSameType(other);
    return this.parseFromString(other.serializeToString());
  }

  /** Python's `MergeFrom`. */
  mergeFrom(other: ProtoMessage<T>): this {
    this.checkSameType(other);
    return this.mergeFromString(other.serializeToString());
  }

  /** Python's `Clear`. */
  clear(): void {
    this[VALUES] = {};
    this[LAZY] = {};
    this[UNKNOWN] = undefined;
  }

  /** Python's `HasField(name)` (snake_case or camelCase), for submessages, oneofs and explicit-presence fields. */
  hasField(name: string): boolean {
    const oneof = schemaOf(this).oneofs.find((o) => o.name === name || o.localName === name);
    if (oneof) return oneof.fields.some((f) => f.localName in this[VALUES]);
    const field = fieldOf(this, name);
    if (field.fieldKind === 'list' || field.fieldKind === 'map' || (field.fieldKind !== 'message' && !field.oneof &&
      field.presence === 2)) {
      throw new ValueError(`Field ${schemaOf(this).typeName}.${field.name} does not have presence.`);
    }
    return field.localName in this[VALUES];
  }

  /** Python's `ClearField(name)`. */
  clearField(name: string): void {
    const oneof = schemaOf(this).oneofs.find((o) => o.name === name || o.localName === name);
    for (const f of oneof ? oneof.fields : [fieldOf(this, name)]) {
      delete this[VALUES][f.localName];
      delete this[LAZY][f.localName];
    }
  }

  /** Python's `WhichOneof(name)`: the local (camelCase) name of the member set, or null. */
  whichOneof(name: string): string | null {
    const oneof = schemaOf(this).oneofs.find((o) => o.name === name || o.localName === name);
    if (!oneof) throw new ValueError(`Protocol message has no oneof "${name}" field.`);
    return oneof.fields.find((f) => f.localName in this[VALUES])?.localName ?? null;
  }

  /** Python's `ListFields()`: [local name, value] of each set field, in field-number order. */
  listFields(): Array<[string, unknown]> {
    const proto = this.toProto() as unknown as Values;
    return [...schemaOf(this).fields].sort((a, b) => a.number - b.number)
      .filter((f) => f.localName in this[VALUES] && isSet(f, proto))
      .map((f) => [f.localName, this[VALUES][f.localName]]);
  }

  /** Whether `other` has the same fields (Python's `==`). */
  equals(other: unknown): boolean {
    return other instanceof ProtoMessage && schemaOf(other) === schemaOf(this) &&
      Buffer.from(other.serializeToString()).equals(Buffer.from(this.serializeToString()));
  }

  /** This message as a protobuf-es message of its generated schema (a copy). */
  toProto(): T {
    const schema = schemaOf(this);
    const init: Values = {};
    for (const [name, value] of Object.entries(this[VALUES])) {
      const field = schema.field[name];
      const v = toProtoValue(field, value);
      if (field.oneof) init[field.oneof.localName] = { case: name, value: v };
      else init[name] = v;
    }
    const proto = create(schema, init as never) as unknown as Values;
    if (this[UNKNOWN]) proto.$unknown = this[UNKNOWN];
    return proto as T;
  }

  /** The text format, as Python's `text_format.MessageToString(message)` (map entries sorted by key). */
  toString(): string {
    return toTextFormat(schemaOf(this), this.toProto() as MessageShape<DescMessage>);
  }

  private checkSameType(other: unknown): void {
    if (!(other instanceof ProtoMessage) || schemaOf(other) !== schemaOf(this)) {
      throw new TypeError(`Parameter to CopyFrom() must be instance of same class: expected ${schemaOf(this).name} got ` +
        `${other instanceof ProtoMessage ? schemaOf(other).name : pyType(other)}.`);
    }
  }
}

/** Whether a field of a protobuf-es message would be written. */
function isSet(field: DescField, proto: Values): boolean {
  if (field.oneof) return (proto[field.oneof.localName] as { case?: string }).case === field.localName;
  const v = proto[field.localName];
  if (v === undefined) return false;
  if (field.fieldKind === 'list') return (v as unknown[]).length > 0;
  if (field.fieldKind === 'map') return Object.keys(v as object).length > 0;
  if (field.fieldKind === 'message') return true;
  return field.presence !== 2 || !(v === zero(field) || (v instanceof Uint8Array && v.length === 0) || v === 0n);
}

/** One value of `field` (an element of a list or map) for protobuf-es. */
function toProtoElement(field: DescField, v: unknown): unknown {
  if (v instanceof ProtoMessage) return v.toProto();
  return isLong(field) ? BigInt(v as number | bigint) : v;
}

function toProtoValue(field: DescField, v: unknown): unknown {
  if (field.fieldKind === 'list') return (v as unknown[]).map((e) => toProtoElement(field, e));
  if (field.fieldKind === 'map') {
    return Object.fromEntries(Object.entries(v as Values).map(([k, e]) => [k, toProtoElement(field, e)]));
  }
  return toProtoElement(field, v);
}

/** Parses `bytes` as `schema`, with Python's DecodeError on bad input. */
function parse(schema: DescMessage, bytes: Uint8Array): Values {
  try {
    return fromBinary(schema, bytes) as unknown as Values;
  } catch {
    throw new DecodeError(`Error parsing message with type '${schema.typeName}': Wire format was corrupt`);
  }
}

/** Fills a message from a protobuf-es message of its type. */
function loadProto(msg: ProtoMessage<unknown>, proto: Values): void {
  for (const field of schemaOf(msg).fields) {
    if (!isSet(field, proto)) continue;
    const raw = field.oneof ? (proto[field.oneof.localName] as { value: unknown }).value : proto[field.localName];
    const element = (v: unknown): unknown => (field.message ? protoClass(field.message).fromProto(v as Msg)
      : isLong(field) ? fromLong(v as bigint) : v);
    msg[VALUES][field.localName] = field.fieldKind === 'list' ? (raw as unknown[]).map(element)
      : field.fieldKind === 'map' ? Object.fromEntries(Object.entries(raw as Values).map(([k, v]) => [k, element(v)]))
        : element(raw);
  }
  if ((proto.$unknown as unknown[] | undefined)?.length) msg[UNKNOWN] = proto.$unknown;
}

/** The Python class of a message type, as `repr(type(msg))` prints it. */
function pyClass(desc: DescMessage): string {
  return `<class '${desc.file.name.replace(/\//g, '.')}_pb2.${desc.name}'>`;
}

/** A value given for a message field: a message of its class, or a plain object of its fields. */
function toMessage(field: DescField, v: unknown): ProtoMessage<unknown> {
  const desc = field.message!;
  if (v instanceof ProtoMessage ? schemaOf(v) !== desc : v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new TypeError('Parameter to initialize message field must be dict or instance of same class: expected ' +
      `${pyClass(desc)} got ${v instanceof ProtoMessage ? pyClass(schemaOf(v)) : `<class '${pyType(v)}'>`}.`);
  }
  return v instanceof ProtoMessage ? v : new (protoClass(desc))(v as never) as unknown as ProtoMessage<unknown>;
}

/** A value given for a field, checked and converted (lists and maps element by element). */
function checkValue(field: DescField, v: unknown): unknown {
  const element = (e: unknown): unknown => (field.message ? toMessage(field, e) : checkScalar(field, e));
  if (field.fieldKind === 'list') {
    if (typeof v === 'string' || v === null || typeof v !== 'object' || !(Symbol.iterator in v)) {
      throw new TypeError(`Value of field ${field.name} must be a list, got ${pyType(v)}`);
    }
    return Array.from(v as Iterable<unknown>, element);
  }
  if (field.fieldKind === 'map') {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array) {
      throw new TypeError(`Value of field ${field.name} must be a dict, got ${pyType(v)}`);
    }
    const entries = v instanceof Map ? [...v] : Object.entries(v as Values);
    return Object.fromEntries(entries.map(([k, e]) => [String(k), element(e)]));
  }
  return element(v);
}

/** Defines the property of one field on a class's prototype. */
function defineField(proto: object, field: DescField): void {
  const name = field.localName;
  const set = function (this: ProtoMessage, v: unknown): void {
    if (v === null || v === undefined) {
      delete this[VALUES][name];
      return;
    }
    const value = checkValue(field, v);
    // Setting a oneof member clears the others.
    if (field.oneof) for (const f of field.oneof.fields) delete this[VALUES][f.localName];
    this[VALUES][name] = value;
    delete this[LAZY][name];
    touch(this);
  };
  const get = function (this: ProtoMessage): unknown {
    const values = this[VALUES];
    if (name in values) return values[name];
    if (field.fieldKind === 'list') return (values[name] = []);
    if (field.fieldKind === 'map') return (values[name] = {});
    if (field.fieldKind !== 'message') return zero(field);
    let child = this[LAZY][name];
    if (!child) {
      child = new (protoClass(field.message))() as unknown as ProtoMessage<unknown>;
      child[ATTACH] = () => set.call(this, child);
      this[LAZY][name] = child;
    }
    return child;
  };
  Object.defineProperty(proto, name, { get, set, enumerable: true, configurable: true });
}

const classes = new WeakMap<DescMessage, ProtoClass<Msg>>();

/**
 * The message class of a protobuf-es schema (one per schema): Python's generated message class,
 * with the schema's nested enums' values and nested messages as static members.
 */
export function protoClass<Desc extends DescMessage, T extends Msg = MessageShape<Desc> & Msg>(schema: Desc): ProtoClass<T> {
  const known = classes.get(schema);
  if (known) return known as unknown as ProtoClass<T>;
  const cls = class extends ProtoMessage<T> {
    static readonly schema = schema;
    constructor(init: Values = {}) {
      super();
      for (const [key, value] of Object.entries(init)) {
        const field = fieldOf(this, key);
        if (value !== null && value !== undefined) (this as unknown as Values)[field.localName] = value;
      }
    }
    static fromString(bytes: Uint8Array): PyMessage<T> {
      return cls.fromProto(parse(schema, bytes) as unknown as T);
    }
    static fromProto(p: T): PyMessage<T> {
      const msg = new cls();
      loadProto(msg, p as unknown as Values);
      return msg as unknown as PyMessage<T>;
    }
  };
  Object.defineProperty(cls, 'name', { value: schema.name });
  for (const field of schema.fields) defineField(cls.prototype, field);
  for (const e of schema.nestedEnums) {
    Object.defineProperty(cls, e.name, { value: Object.fromEntries(e.values.map((v) => [v.name, v.number])) });
    for (const v of e.values) Object.defineProperty(cls, v.name, { value: v.number, enumerable: true });
  }
  for (const m of schema.nestedMessages) {
    Object.defineProperty(cls, m.name, { get: () => protoClass(m), enumerable: true });
  }
  classes.set(schema, cls as unknown as ProtoClass<Msg>);
  return cls as unknown as ProtoClass<T>;
}

// --- the classes of tf.* and tf.train.* --------------------------------------------------------

type Nested<N> = { readonly [K in keyof N]: N[K] };

/** `tf.ConfigProto`: session configuration (`new Session(graph, {config})`). */
export const ConfigProto = protoClass(configPb.ConfigProtoSchema) as
  ProtoClass<configPb.ConfigProto> & Nested<{ Experimental: ProtoClass<configPb.ConfigProto_Experimental> }>;
export type ConfigProto = PyMessage<configPb.ConfigProto>;
/** `tf.GPUOptions`. */
export const GPUOptions = protoClass(configPb.GPUOptionsSchema) as
  ProtoClass<configPb.GPUOptions> & Nested<{ Experimental: ProtoClass<configPb.GPUOptions_Experimental> }>;
export type GPUOptions = PyMessage<configPb.GPUOptions>;
/** `tf.GraphOptions`. */
export const GraphOptions = protoClass(configPb.GraphOptionsSchema);
export type GraphOptions = PyMessage<configPb.GraphOptions>;
/** `tf.OptimizerOptions` (levels `OptimizerOptions.L0`/`L1`, jit levels `OFF`/`ON_1`/`ON_2`). */
export const OptimizerOptions = protoClass(configPb.OptimizerOptionsSchema) as
  ProtoClass<configPb.OptimizerOptions> & typeof configPb.OptimizerOptions_Level & typeof configPb.OptimizerOptions_GlobalJitLevel;
export type OptimizerOptions = PyMessage<configPb.OptimizerOptions>;
/** `tf.RunOptions` (trace levels `RunOptions.NO_TRACE` ... `FULL_TRACE`). */
export const RunOptions = protoClass(configPb.RunOptionsSchema) as
  ProtoClass<configPb.RunOptions> & typeof configPb.RunOptions_TraceLevel &
  Nested<{ Experimental: ProtoClass<configPb.RunOptions_Experimental> }>;
export type RunOptions = PyMessage<configPb.RunOptions>;
/** `tf.RunMetadata`: what a run with `runMetadata` fills (step stats, partition graphs). */
export const RunMetadata = protoClass(configPb.RunMetadataSchema);
export type RunMetadata = PyMessage<configPb.RunMetadata>;
/** `tf.AttrValue`. */
export const AttrValue = protoClass(attrPb.AttrValueSchema) as
  ProtoClass<attrPb.AttrValue> & Nested<{ ListValue: ProtoClass<attrPb.AttrValue_ListValue> }>;
export type AttrValue = PyMessage<attrPb.AttrValue>;
/** `tf.NameAttrList`. */
export const NameAttrList = protoClass(attrPb.NameAttrListSchema);
export type NameAttrList = PyMessage<attrPb.NameAttrList>;
/** `tf.NodeDef`. */
export const NodeDef = protoClass(nodeDefPb.NodeDefSchema);
export type NodeDef = PyMessage<nodeDefPb.NodeDef>;
/** `tf.GraphDef` (`graph.toGraphDef()` bytes parse with `GraphDef.fromString`). */
export const GraphDef = protoClass(graphPb.GraphDefSchema);
export type GraphDef = PyMessage<graphPb.GraphDef>;
/** `tf.MetaGraphDef`. */
export const MetaGraphDef = protoClass(metaGraphPb.MetaGraphDefSchema) as
  ProtoClass<metaGraphPb.MetaGraphDef> & Nested<{ MetaInfoDef: ProtoClass<metaGraphPb.MetaGraphDef_MetaInfoDef> }>;
export type MetaGraphDef = PyMessage<metaGraphPb.MetaGraphDef>;
/** `tf.TensorInfo`. */
export const TensorInfo = protoClass(metaGraphPb.TensorInfoSchema);
export type TensorInfo = PyMessage<metaGraphPb.TensorInfo>;
/** `tf.HistogramProto`. */
export const HistogramProto = protoClass(histogramPb.HistogramProtoSchema);
export type HistogramProto = PyMessage<histogramPb.HistogramProto>;
/** `tf.SummaryMetadata`. */
export const SummaryMetadata = protoClass(summaryPb.SummaryMetadataSchema) as
  ProtoClass<summaryPb.SummaryMetadata> & Nested<{ PluginData: ProtoClass<summaryPb.SummaryMetadata_PluginData> }>;
export type SummaryMetadata = PyMessage<summaryPb.SummaryMetadata>;
/** `tf.Event`: a record of an event file. */
export const Event = protoClass(eventPb.EventSchema);
export type Event = PyMessage<eventPb.Event>;
/** `tf.SessionLog` (statuses `SessionLog.START`, `STOP`, `CHECKPOINT`). */
export const SessionLog = protoClass(eventPb.SessionLogSchema) as
  ProtoClass<eventPb.SessionLog> & typeof eventPb.SessionLog_SessionStatus;
export type SessionLog = PyMessage<eventPb.SessionLog>;
/** `tf.LogMessage` (levels `LogMessage.INFO`, `WARN`, ...). */
export const LogMessage = protoClass(eventPb.LogMessageSchema) as
  ProtoClass<eventPb.LogMessage> & typeof eventPb.LogMessage_Level;
export type LogMessage = PyMessage<eventPb.LogMessage>;
/** `tf.train.SaverDef`. */
export const SaverDef = protoClass(saverPb.SaverDefSchema) as
  ProtoClass<saverPb.SaverDef> & typeof saverPb.SaverDef_CheckpointFormatVersion;
export type SaverDef = PyMessage<saverPb.SaverDef>;
/** `tf.train.ClusterDef`. */
export const ClusterDef = protoClass(clusterPb.ClusterDefSchema);
export type ClusterDef = PyMessage<clusterPb.ClusterDef>;
/** `tf.train.JobDef`. */
export const JobDef = protoClass(clusterPb.JobDefSchema);
export type JobDef = PyMessage<clusterPb.JobDef>;
/** `tf.train.ServerDef`. */
export const ServerDef = protoClass(serverPb.ServerDefSchema);
export type ServerDef = PyMessage<serverPb.ServerDef>;

/**
 * A proto argument as bytes: serialized already, one of these classes, or a protobuf-es message
 * of `schema`. TypeError for anything else, as `tf.Session(config=...)` raises for a non-proto.
 */
export function protoBytes(value: Uint8Array | ProtoMessage<unknown> | Msg, schema: DescMessage, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ProtoMessage && schemaOf(value) === schema) return value.serializeToString();
  if (value !== null && typeof value === 'object' && (value as Msg).$typeName === schema.typeName) {
    return serializeDeterministic(schema, clone(schema, value as never));
  }
  throw new TypeError(`${what} must be a tf.${schema.name}, but got ${value instanceof ProtoMessage ? schemaOf(value).name : pyType(value)}`);
}
