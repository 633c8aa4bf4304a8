/**
 * Protobuf bytes as Python's (upb's) `SerializeToString(deterministic=True)` writes them: fields
 * in number order (as protobuf-es writes them too) and map entries sorted by key.
 *
 * @packageDocumentation
 */
import { ScalarType, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';

/**
 * upb's order of string map keys in deterministic serialization: by their UTF-8 bytes, except
 * that of two keys one of which starts the other, the longer comes first ('ab' before 'a', ''
 * last).
 */
export function upbKeyOrder(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  return Buffer.compare(a.subarray(0, n), b.subarray(0, n)) || b.length - a.length;
}

/**
 * A map record's keys in upb's order for its key type: strings by upbKeyOrder, integers (and
 * bools) from the largest down, as unsigned numbers (-1 first).
 */
function sortedKeys(keys: string[], keyType: ScalarType): string[] {
  if (keyType === ScalarType.STRING) return keys.map((k) => Buffer.from(k)).sort(upbKeyOrder).map(String);
  const unsigned = (k: string) => BigInt.asUintN(64, BigInt(k === 'true' ? 1 : k === 'false' ? 0 : k));
  return keys.sort((x, y) => (unsigned(x) > unsigned(y) ? -1 : unsigned(x) < unsigned(y) ? 1 : 0));
}

/**
 * Makes protobuf-es write `msg`'s maps (and its submessages') in upb's order. It writes a map's
 * entries in `Object.keys` order, which for a plain object puts integer-like keys first: a Proxy
 * gives the order instead. Mutates `msg`, which must be the caller's own.
 */
function sortMaps(desc: DescMessage, msg: Record<string, unknown>): void {
  for (const field of desc.fields) {
    if (field.oneof) {
      const one = msg[field.oneof.localName] as { case?: string; value?: Record<string, unknown> };
      if (one.case === field.localName && field.fieldKind === 'message') sortMaps(field.message, one.value!);
      continue;
    }
    const value = msg[field.localName];
    if (field.fieldKind === 'message' && value) {
      sortMaps(field.message, value as Record<string, unknown>);
    } else if (field.fieldKind === 'list' && field.listKind === 'message') {
      for (const m of value as Array<Record<string, unknown>>) sortMaps(field.message, m);
    } else if (field.fieldKind === 'map') {
      const record = value as Record<string, unknown>;
      if (field.mapKind === 'message') for (const m of Object.values(record)) sortMaps(field.message, m as Record<string, unknown>);
      const order = sortedKeys(Object.keys(record), field.mapKey);
      msg[field.localName] = new Proxy(record, { ownKeys: () => order });
    }
  }
}

/** `msg`'s bytes as Python's `SerializeToString(deterministic=True)`; `msg` is the caller's own and is changed. */
export function serializeDeterministic<Desc extends DescMessage>(schema: Desc, msg: MessageShape<Desc>): Uint8Array {
  sortMaps(schema, msg as unknown as Record<string, unknown>);
  return toBinary(schema, msg);
}
