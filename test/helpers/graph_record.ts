/**
 * Graphs recorded op by op as scripts/graph_fixtures/names.py records TF1 Python's (name, type,
 * inputs, sorted control inputs; device and colocation groups where set; collections), so that
 * a graph built here compares with the fixture's as plain data.
 */
import { fromBinary, toJson } from '@bufbuild/protobuf';
import * as fs from 'fs';
import * as path from 'path';
import { DType, Graph, Operation, Tensor } from '../../lib';
import { dtypeName } from '../../lib/framework/dtypes';
import { AttrValueSchema, NodeDefSchema } from '../../lib/proto';

export type OpRow = [string, string, string[], string[]];
export interface Recorded { ops: OpRow[]; collections: Record<string, unknown[]>; placement: Record<string, [string, string[]]> }

/** A fixture file of test/fixtures/graph_layer. */
export function loadGraphFixture<T = Record<string, Recorded>>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'graph_layer', file), 'utf8'));
}

function itemName(x: unknown): unknown {
  if (typeof x === 'number' || typeof x === 'string') return x;
  return (x as { name: string }).name;
}

// Control inputs come back in TF's edge-set order, which varies (in Python too): the fixture
// has them sorted, and so does record().
export function record(g: Graph, keep: (name: string) => boolean = () => true): Recorded {
  const rows: OpRow[] = g.operations().filter((o) => keep(o.name)).map((o) => [o.name, o.type,
    o.inputs.map((i) => i.name), o.controlInputs.map((c) => c.name).sort()]);
  const collections: Record<string, unknown[]> = {};
  for (const k of [...g.collections].sort()) collections[k] = g.getCollection(k).map(itemName);
  const placement: Recorded['placement'] = {};
  for (const o of g.operations().filter((op) => keep(op.name))) {
    const groups = o.colocationGroups();
    const own = groups.length === 1 && groups[0] === `loc:@${o.name}` && !hasClass(o);
    if (o.device || !own) placement[o.name] = [o.device, own ? [] : groups];
  }
  return { ops: rows, collections, placement };
}

function hasClass(o: Operation): boolean {
  try {
    o.getAttr('_class');
    return true;
  } catch {
    return false;
  }
}

/** A new graph with `fn` run in it as the default graph. */
export function build(fn: () => void): Graph {
  const g = new Graph();
  g.asDefault(fn);
  return g;
}

/** A graph recorded with every non-Const op's attrs and every Const's value (io_ops.py's `record_all`). */
export interface RecordedAll extends Recorded {
  attrs: Record<string, Record<string, unknown>>;
  consts: Record<string, { dtype: string; shape: number[]; value: unknown[] }>;
}

/**
 * As `record`, with every non-Const op's attrs (proto3 JSON, but `_class`) and every Const's
 * value, each element through `json` (the fixture's form of strings and int64s).
 */
export function recordAll(g: Graph, json: (v: unknown) => unknown): RecordedAll {
  const attrs: RecordedAll['attrs'] = {};
  const consts: RecordedAll['consts'] = {};
  for (const o of g.operations()) {
    if (o.type === 'Const') {
      const t = o.getAttr('value') as Tensor;
      const flat = t.dtype === DType.bool ? Array.from(t.data as Uint8Array, Boolean) : Array.from(t.data as ArrayLike<unknown>);
      consts[o.name] = { dtype: dtypeName(t.dtype), shape: t.shape, value: json(flat) as unknown[] };
    } else {
      const attr = fromBinary(NodeDefSchema, o.toNodeDef()).attr;
      attrs[o.name] = Object.fromEntries(Object.keys(attr).sort().filter((k) => k !== '_class')
        .map((k) => [k, toJson(AttrValueSchema, attr[k])]));
    }
  }
  return { ...record(g), attrs, consts };
}
