/**
 * Protocol buffer text format, as Python's `google.protobuf.text_format`
 * writes and reads it.
 *
 * TF1 writes two text protos that users and tools diff and parse: the
 * `checkpoint` state file (CheckpointState) and `graph.pbtxt` (GraphDef), both
 * with a plain `text_format.MessageToString(msg)`. {@link toTextFormat}
 * reproduces that output byte for byte (protobuf 7.x defaults: fields in
 * field-number order, map entries sorted by key, strings printed as UTF-8 with
 * C escapes for ASCII control characters, bytes octal-escaped, floats in their
 * shortest round-tripping form, `google.protobuf.Any` expanded).
 * {@link fromTextFormat} parses what TF writes and the usual hand-written
 * variations (comments, `<>` or `{}`, `[a, b]` lists, single quotes, adjacent
 * string concatenation, hex/octal integers, `inf`/`nan`).
 *
 * @packageDocumentation
 */
import {
  create,
  fromBinary,
  ScalarType,
  toBinary,
  type DescEnum,
  type DescField,
  type DescMessage,
  type MessageShape,
  type Registry,
} from '@bufbuild/protobuf';
import { reflect, type ReflectMessage } from '@bufbuild/protobuf/reflect';
import { tfRegistry } from './registry';

/** Options of {@link toTextFormat} and {@link fromTextFormat}. */
export interface TextFormatOptions {
  /**
   * Resolves the type URLs of `google.protobuf.Any` values. Defaults to every
   * TensorFlow message ({@link tfRegistry}).
   */
  registry?: Registry;
}

const ANY_TYPE_NAME = 'google.protobuf.Any';

// ---------------------------------------------------------------- printing

/**
 * Prints `message` in text format, exactly as Python's
 * `text_format.MessageToString(message)` does.
 *
 * @example
 * ```ts
 * toTextFormat(CheckpointStateSchema, state);
 * // 'model_checkpoint_path: "/d/model.ckpt-10"\nall_model_checkpoint_paths: ...'
 * ```
 */
export function toTextFormat<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  options: TextFormatOptions = {},
): string {
  const out: string[] = [];
  printMessage(reflect(schema, message), 0, out, options.registry ?? tfRegistry);
  return out.join('');
}

function printMessage(msg: ReflectMessage, indent: number, out: string[], registry: Registry): void {
  if (msg.desc.typeName === ANY_TYPE_NAME && printAny(msg, indent, out, registry)) return;
  // Python's ListFields(): set fields only, by field number.
  for (const field of msg.sortedFields) {
    if (!msg.isSet(field)) continue;
    switch (field.fieldKind) {
      case 'map': {
        const map = msg.get(field);
        for (const key of sortMapKeys([...map.keys()])) {
          out.push(`${' '.repeat(indent)}${field.name} {\n`);
          printMapEntry(field, key, map.get(key), indent + 2, out, registry);
          out.push(`${' '.repeat(indent)}}\n`);
        }
        break;
      }
      case 'list':
        for (const item of msg.get(field)) printField(field, item, indent, out, registry);
        break;
      default:
        printField(field, msg.get(field), indent, out, registry);
    }
  }
}

/** `[type.googleapis.com/pkg.Msg] { ... }` when the packed type is known, as Python. */
function printAny(msg: ReflectMessage, indent: number, out: string[], registry: Registry): boolean {
  const typeUrl = msg.get(msg.desc.field.typeUrl) as string;
  if (!typeUrl.includes('/')) return false;
  const packed = registry.getMessage(typeUrl.slice(typeUrl.lastIndexOf('/') + 1));
  if (!packed) return false;
  const inner = fromBinary(packed, msg.get(msg.desc.field.value) as Uint8Array);
  out.push(`${' '.repeat(indent)}[${typeUrl}] {\n`);
  printMessage(reflect(packed, inner), indent + 2, out, registry);
  out.push(`${' '.repeat(indent)}}\n`);
  return true;
}

/**
 * A map entry is printed as the proto3 entry message Python builds for it, so
 * a default key or scalar value is left out (a message value never is).
 */
function printMapEntry(
  field: DescField & { fieldKind: 'map' },
  key: unknown,
  value: unknown,
  indent: number,
  out: string[],
  registry: Registry,
): void {
  if (!isDefaultScalar(key)) {
    out.push(`${' '.repeat(indent)}key: ${formatScalar(field.mapKey, key)}\n`);
  }
  const pad = ' '.repeat(indent);
  if (field.mapKind === 'message') {
    out.push(`${pad}value {\n`);
    printMessage(value as ReflectMessage, indent + 2, out, registry);
    out.push(`${pad}}\n`);
  } else if (!isDefaultScalar(value)) {
    const text = field.mapKind === 'enum' ? formatEnum(field.enum, value as number) : formatScalar(field.scalar, value);
    out.push(`${pad}value: ${text}\n`);
  }
}

function isDefaultScalar(v: unknown): boolean {
  return v === '' || v === 0 || v === 0n || v === false || (v instanceof Uint8Array && v.length === 0);
}

/** Python's `sorted()` of the keys: numbers numerically, strings by code point. */
function sortMapKeys(keys: unknown[]): unknown[] {
  return keys.sort((a, b) => {
    if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  });
}

function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

function printField(field: DescField, value: unknown, indent: number, out: string[], registry: Registry): void {
  const pad = ' '.repeat(indent);
  const kind = field.fieldKind === 'list' ? field.listKind : field.fieldKind;
  if (kind === 'message') {
    out.push(`${pad}${field.name} {\n`);
    printMessage(value as ReflectMessage, indent + 2, out, registry);
    out.push(`${pad}}\n`);
  } else if (kind === 'enum') {
    out.push(`${pad}${field.name}: ${formatEnum(field.enum!, value as number)}\n`);
  } else {
    out.push(`${pad}${field.name}: ${formatScalar(field.scalar!, value)}\n`);
  }
}

function formatEnum(desc: DescEnum, value: number): string {
  return desc.values.find((v) => v.number === value)?.name ?? String(value);
}

function formatScalar(type: ScalarType, value: unknown): string {
  switch (type) {
    case ScalarType.STRING:
      return `"${escapeString(value as string)}"`;
    case ScalarType.BYTES:
      return `"${escapeBytes(value as Uint8Array)}"`;
    case ScalarType.BOOL:
      return value ? 'true' : 'false';
    case ScalarType.FLOAT:
      return formatFloat32(value as number);
    case ScalarType.DOUBLE:
      return formatPythonFloat(value as number);
    default:
      return String(value);
  }
}

/**
 * Python's `CEscape(text, as_utf8=True)` for string fields: ASCII control
 * characters and DEL as 3-digit octal (except \t \n \r), quotes and backslash
 * escaped, everything else (including non-ASCII) as is.
 */
function escapeString(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += c < 0x80 ? asciiEscape(c) : ch;
  }
  return out;
}

/** Python's `CEscape(bytes, as_utf8=False)` for bytes fields: octal for every byte outside printable ASCII. */
function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b < 0x80 ? asciiEscape(b) : `\\${b.toString(8)}`;
  return out;
}

function asciiEscape(c: number): string {
  switch (c) {
    case 0x09:
      return '\\t';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x22:
      return '\\"';
    case 0x27:
      return "\\'";
    case 0x5c:
      return '\\\\';
  }
  return c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\${c.toString(8).padStart(3, '0')}`;
}

/**
 * A float field as Python prints it: `str(ToShortestFloat(v))`, the fewest
 * significant digits (at least 6) that give back the same float32.
 */
export function formatFloat32(value: number): string {
  const f = Math.fround(value);
  if (!Number.isFinite(f) || f === 0) return formatPythonFloat(f);
  let precision = 6;
  let rounded = Number(f.toPrecision(precision));
  while (Math.fround(rounded) !== f) rounded = Number(f.toPrecision(++precision));
  return formatPythonFloat(rounded);
}

/**
 * Python's `repr(float)`: the shortest round-tripping digits, in positional
 * notation with at least one decimal (`1.0`) when the decimal exponent is in
 * [-4, 16), otherwise scientific with a signed, at least 2-digit exponent
 * (`1e-05`, `1.5e+16`); `inf`, `-inf`, `nan`.
 */
export function formatPythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  // toExponential() without an argument gives the shortest round-tripping digits.
  const [mantissa, exp] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  if (e < -4 || e >= 16) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    return `${sign}${digits[0]}${frac}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const point = e + 1; // digits before the decimal point
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

// ----------------------------------------------------------------- parsing

/**
 * A text-format syntax or schema error, with Python's `ParseError` message
 * form `"<line>:<column> : <what>"` (1-based).
 */
export class TextFormatParseError extends Error {
  constructor(
    what: string,
    /** 1-based line of the offending token. */
    readonly line: number,
    /** 1-based column of the offending token. */
    readonly column: number,
  ) {
    super(`${line}:${column} : ${what}`);
    this.name = 'ParseError';
  }
}

/**
 * Parses text format into a new message of `schema`, as Python's
 * `text_format.Parse(text, message)`.
 *
 * @throws {@link TextFormatParseError} on a syntax error, an unknown field or
 * enum value, or an out-of-range number.
 */
export function fromTextFormat<Desc extends DescMessage>(
  schema: Desc,
  text: string,
  options: TextFormatOptions = {},
): MessageShape<Desc> {
  const message = create(schema);
  const parser = new Parser(new Tokenizer(text), options.registry ?? tfRegistry);
  parser.mergeFields(reflect(schema, message), null);
  return message;
}

interface Token {
  text: string;
  /** 'string' for quoted strings (text is the raw, still-escaped token), 'word' for identifiers and numbers, 'punct' otherwise. */
  kind: 'string' | 'word' | 'punct' | 'eof';
  line: number;
  column: number;
}

const WORD = /[a-zA-Z_][0-9a-zA-Z_+-]*|(?:[0-9+-]|\.[0-9])[0-9a-zA-Z_.+-]*/y;
const STRING = /"(?:[^"\n\\]|\\.)*(?:"|\\?$)|'(?:[^'\n\\]|\\.)*(?:'|\\?$)/my;
const SKIP = /(?:\s|#[^\n]*)*/y;

class Tokenizer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly lines: string[];
  token!: Token;
  /** The token before `token`. */
  previous!: Token;

  constructor(private readonly text: string) {
    this.lines = text.split('\n');
    this.next();
  }

  next(): void {
    this.previous = this.token;
    this.advanceTo(matchAt(SKIP, this.text, this.pos)!.length + this.pos);
    const start = { line: this.line, column: this.pos - this.lineStart + 1 };
    if (this.pos >= this.text.length) {
      this.token = { text: '', kind: 'eof', ...start };
      return;
    }
    const str = matchAt(STRING, this.text, this.pos);
    const word = str === null ? matchAt(WORD, this.text, this.pos) : null;
    const text = str ?? word ?? this.text[this.pos];
    this.token = { text, kind: str !== null ? 'string' : word !== null ? 'word' : 'punct', ...start };
    this.advanceTo(this.pos + text.length);
  }

  private advanceTo(end: number): void {
    for (let i = this.pos; i < end; i++) {
      if (this.text.charCodeAt(i) === 0x0a) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.pos = end;
  }

  /**
   * An error at `token` (default: the current one). As Python, errors about a
   * token's value quote the whole line it is on; errors about a field name do not.
   */
  error(what: string, token: Token = this.token, quoteLine = true): TextFormatParseError {
    const prefix = quoteLine && token.kind !== 'eof' ? `'${this.lines[token.line - 1]}': ` : '';
    return new TextFormatParseError(prefix + what, token.line, token.column);
  }

  tryConsume(text: string): boolean {
    if (this.token.kind !== 'string' && this.token.text === text) {
      this.next();
      return true;
    }
    return false;
  }

  consume(text: string): void {
    if (!this.tryConsume(text)) throw this.error(`Expected "${text}".`);
  }

  consumeWord(what: string): string {
    if (this.token.kind !== 'word') throw this.error(`Expected ${what}, got ${this.token.text}.`);
    const text = this.token.text;
    this.next();
    return text;
  }

  /** One or more adjacent quoted strings, unescaped and concatenated into bytes. */
  consumeBytes(): Uint8Array {
    if (this.token.kind !== 'string') throw this.error(`Expected string but found: '${this.token.text}'`);
    const parts: number[] = [];
    while (this.token.kind === 'string') {
      const raw = this.token.text;
      const quote = raw[0];
      if (raw.length < 2 || raw[raw.length - 1] !== quote) throw this.error('String missing ending quote: ' + raw);
      try {
        unescapeInto(raw.slice(1, -1), parts);
      } catch (e) {
        throw this.error((e as Error).message);
      }
      this.next();
    }
    return Uint8Array.from(parts);
  }
}

function matchAt(re: RegExp, text: string, pos: number): string | null {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m ? m[0] : null;
}

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 0x0a, t: 0x09, r: 0x0d, a: 0x07, b: 0x08, f: 0x0c, v: 0x0b,
  '\\': 0x5c, "'": 0x27, '"': 0x22, '?': 0x3f,
};

/** C unescaping as Python's `CUnescape`: octal, `\x` hex, `\u`/`\U` code points; literal text as UTF-8. */
function unescapeInto(s: string, out: number[]): void {
  const encoder = new TextEncoder();
  let i = 0;
  while (i < s.length) {
    const slash = s.indexOf('\\', i);
    const end = slash < 0 ? s.length : slash;
    if (end > i) out.push(...encoder.encode(s.slice(i, end)));
    if (slash < 0) return;
    const c = s[slash + 1];
    let m: RegExpMatchArray | null;
    if (c in SIMPLE_ESCAPES) {
      out.push(SIMPLE_ESCAPES[c]);
      i = slash + 2;
    } else if ((m = s.slice(slash + 1).match(/^[0-7]{1,3}/))) {
      out.push(parseInt(m[0], 8) & 0xff);
      i = slash + 1 + m[0].length;
    } else if ((m = s.slice(slash + 1).match(/^x([0-9a-fA-F]{1,2})/))) {
      out.push(parseInt(m[1], 16));
      i = slash + 1 + m[0].length;
    } else if ((m = s.slice(slash + 1).match(/^(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/))) {
      out.push(...encoder.encode(String.fromCodePoint(parseInt(m[1] ?? m[2], 16))));
      i = slash + 1 + m[0].length;
    } else {
      throw new Error(`Invalid escape sequence: \\${c ?? ''}`);
    }
  }
}

const INT_RANGES: Partial<Record<ScalarType, [bigint, bigint]>> = {
  [ScalarType.INT32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [ScalarType.SINT32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [ScalarType.SFIXED32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [ScalarType.UINT32]: [0n, 2n ** 32n - 1n],
  [ScalarType.FIXED32]: [0n, 2n ** 32n - 1n],
  [ScalarType.INT64]: [-(2n ** 63n), 2n ** 63n - 1n],
  [ScalarType.SINT64]: [-(2n ** 63n), 2n ** 63n - 1n],
  [ScalarType.SFIXED64]: [-(2n ** 63n), 2n ** 63n - 1n],
  [ScalarType.UINT64]: [0n, 2n ** 64n - 1n],
  [ScalarType.FIXED64]: [0n, 2n ** 64n - 1n],
};

const DECIMAL_INT = /^-?(?:0|[1-9][0-9]*)$/;
const OCTAL_INT = /^(-?)0([0-7]+)$/;
const HEX_INT = /^(-?)0[xX]([0-9a-fA-F]+)$/;

function parseInteger(text: string): bigint | null {
  if (DECIMAL_INT.test(text)) return BigInt(text);
  const octal = OCTAL_INT.exec(text);
  const m = octal ?? HEX_INT.exec(text);
  if (!m) return null;
  const v = BigInt((octal ? '0o' : '0x') + m[2]);
  return m[1] ? -v : v;
}

function parseFloatText(text: string): number | null {
  if (/^-?inf(?:inity)?f?$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^-?nanf?$/i.test(text)) return NaN;
  const body = /^-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fF]?$/.test(text) ? text.replace(/[fF]$/, '') : null;
  if (body !== null) return Number(body);
  const int = parseInteger(text);
  return int === null ? null : Number(int);
}

class Parser {
  constructor(
    private readonly tok: Tokenizer,
    private readonly registry: Registry,
  ) {}

  /** Fields until `end` ('}' or '>'), or until EOF at the top level. */
  mergeFields(msg: ReflectMessage, end: string | null): void {
    for (;;) {
      if (end === null ? this.tok.token.kind === 'eof' : this.tok.tryConsume(end)) return;
      if (this.tok.token.kind === 'eof') throw this.tok.error(`Expected "${end}".`, this.tok.previous, false);
      this.mergeField(msg);
    }
  }

  private mergeField(msg: ReflectMessage): void {
    const tok = this.tok;
    if (msg.desc.typeName === ANY_TYPE_NAME && tok.token.text === '[') {
      this.mergeExpandedAny(msg);
    } else {
      const nameToken = tok.token;
      const name = tok.consumeWord('identifier or number');
      const field = msg.desc.fields.find((f) => f.name === name);
      if (!field) throw tok.error(`Message type "${msg.desc.typeName}" has no field named "${name}".`, nameToken, false);
      const kind = field.fieldKind === 'list' ? field.listKind : field.fieldKind === 'map' ? 'message' : field.fieldKind;
      if (kind === 'message') {
        tok.tryConsume(':');
        if (tok.tryConsume('[')) {
          if (field.fieldKind === 'message') throw tok.error(`Singular message field "${name}" cannot take a list.`);
          if (!tok.tryConsume(']')) {
            do this.mergeMessageValue(msg, field);
            while (tok.tryConsume(','));
            tok.consume(']');
          }
        } else {
          this.mergeMessageValue(msg, field);
        }
      } else {
        tok.consume(':');
        if (field.fieldKind === 'list' && tok.tryConsume('[')) {
          if (!tok.tryConsume(']')) {
            do msg.get(field).add(this.scalarValue(field));
            while (tok.tryConsume(','));
            tok.consume(']');
          }
        } else if (field.fieldKind === 'list') {
          msg.get(field).add(this.scalarValue(field));
        } else {
          msg.set(field, this.scalarValue(field));
        }
      }
    }
    // Fields may be separated by ',' or ';'.
    if (!tok.tryConsume(',')) tok.tryConsume(';');
  }

  private openBrace(): string {
    if (this.tok.tryConsume('{')) return '}';
    if (this.tok.tryConsume('<')) return '>';
    throw this.tok.error('Expected "{".');
  }

  private mergeMessageValue(msg: ReflectMessage, field: DescField): void {
    const end = this.openBrace();
    if (field.fieldKind === 'map') {
      this.mergeMapEntry(msg, field, end);
    } else if (field.fieldKind === 'list') {
      const item = reflect(field.message!);
      this.mergeFields(item, end);
      msg.get(field).add(item);
    } else {
      const sub = msg.get(field as DescField & { fieldKind: 'message' });
      this.mergeFields(sub, end);
      msg.set(field, sub);
    }
  }

  private mergeMapEntry(msg: ReflectMessage, field: DescField & { fieldKind: 'map' }, end: string): void {
    const tok = this.tok;
    let key: unknown = scalarDefault(field.mapKey);
    let value: unknown =
      field.mapKind === 'message' ? reflect(field.message) : field.mapKind === 'enum' ? 0 : scalarDefault(field.scalar);
    while (!tok.tryConsume(end)) {
      const nameToken = tok.token;
      const name = tok.consumeWord('identifier');
      if (name === 'key') {
        tok.consume(':');
        key = this.scalar(field.mapKey);
      } else if (name === 'value') {
        if (field.mapKind === 'message') {
          tok.tryConsume(':');
          this.mergeFields(value as ReflectMessage, this.openBrace());
        } else {
          tok.consume(':');
          value = field.mapKind === 'enum' ? this.enumValue(field.enum) : this.scalar(field.scalar);
        }
      } else {
        throw tok.error(`Message type "${field.parent.typeName}.${field.name}" has no field named "${name}".`, nameToken, false);
      }
      if (!tok.tryConsume(',')) tok.tryConsume(';');
    }
    msg.get(field).set(key, value);
  }

  /** `[type.googleapis.com/pkg.Msg] { ... }` into an Any. */
  private mergeExpandedAny(msg: ReflectMessage): void {
    const tok = this.tok;
    tok.consume('[');
    let url = '';
    while (!tok.tryConsume(']')) {
      if (tok.token.kind === 'eof') throw tok.error('Expected "]".');
      url += tok.token.text;
      tok.next();
    }
    const slash = url.lastIndexOf('/');
    const packed = slash < 0 ? undefined : this.registry.getMessage(url.slice(slash + 1));
    if (!packed) throw tok.error(`Can not find message descriptor by type_url: ${url}`);
    tok.tryConsume(':');
    const inner = reflect(packed);
    this.mergeFields(inner, this.openBrace());
    msg.set(msg.desc.field.typeUrl, url);
    msg.set(msg.desc.field.value, toBinary(packed, inner.message));
  }

  private scalarValue(field: DescField): unknown {
    if (field.fieldKind === 'enum' || (field.fieldKind === 'list' && field.listKind === 'enum')) {
      return this.enumValue(field.enum!);
    }
    return this.scalar(field.scalar!);
  }

  private enumValue(desc: DescEnum): number {
    const token = this.tok.token;
    const text = this.tok.consumeWord('identifier or number');
    const int = parseInteger(text);
    if (int !== null) {
      if (int < -(2n ** 31n) || int >= 2n ** 31n) throw this.tok.error(`Value out of range: ${text}`, token);
      return Number(int);
    }
    const value = desc.values.find((v) => v.name === text);
    if (!value) throw this.tok.error(`Enum type "${desc.typeName}" has no value named ${text}.`, token);
    return value.number;
  }

  private scalar(type: ScalarType): unknown {
    const tok = this.tok;
    const token = tok.token;
    switch (type) {
      case ScalarType.STRING: {
        const bytes = tok.consumeBytes();
        try {
          return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          throw tok.error('Invalid UTF-8 in string field.', token);
        }
      }
      case ScalarType.BYTES:
        return tok.consumeBytes();
      case ScalarType.BOOL: {
        const text = tok.consumeWord('identifier');
        if (['true', 't', '1', 'True'].includes(text)) return true;
        if (['false', 'f', '0', 'False'].includes(text)) return false;
        throw tok.error(`Expected "true" or "false".`, token);
      }
      case ScalarType.FLOAT:
      case ScalarType.DOUBLE: {
        const text = tok.consumeWord('float');
        const v = parseFloatText(text);
        if (v === null) throw tok.error(`Couldn't parse float: ${text}`, token);
        return type === ScalarType.FLOAT ? Math.fround(v) : v;
      }
      default: {
        const text = tok.consumeWord('integer');
        const v = parseInteger(text);
        if (v === null) throw tok.error(`Couldn't parse integer: ${text}`, token);
        const [lo, hi] = INT_RANGES[type]!;
        if (v < lo || v > hi) throw tok.error(`Value out of range: ${text}`, token);
        const is64 = hi > 2n ** 32n;
        return is64 ? v : Number(v);
      }
    }
  }
}

function scalarDefault(type: ScalarType): unknown {
  switch (type) {
    case ScalarType.STRING:
      return '';
    case ScalarType.BYTES:
      return new Uint8Array(0);
    case ScalarType.BOOL:
      return false;
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return 0n;
    default:
      return 0;
  }
}
