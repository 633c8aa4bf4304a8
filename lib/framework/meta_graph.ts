/**
 * MetaGraphs (TF1's `meta_graph.py`, `tf.train.import_meta_graph` / `export_meta_graph`): a
 * GraphDef plus meta_info_def (TF version, stripped op list), saver_def and the collections —
 * ops and tensors as node lists, variables as VariableDefs, savers as SaverDefs, queue runners as
 * QueueRunnerDefs, v1 control-flow contexts as CondContextDefs / WhileContextDefs, strings,
 * integers and floats as bytes/int64/float lists — so MetaGraphs move both ways with Python.
 */
import * as fs from 'fs';
import * as path from 'path';
import { create, equals, fromBinary, toBinary } from '@bufbuild/protobuf';
import { OSError, ValueError } from '../errors';
import { parseMessage } from '../io/example';
import { makeDirs, tfFileCall } from '../io/fs_util';
import { binding } from '../native';
import {
  AttrValueSchema, CollectionDef, CollectionDefSchema, CondContextDefSchema, GraphDefSchema, MetaGraphDef, MetaGraphDefSchema,
  QueueRunnerDefSchema, SaverDef, SaverDefSchema, VariableDefSchema, WhileContextDefSchema, fromTextFormat, toTextFormat,
} from '../proto';
import { CondContext, WhileContext } from '../ops/control_flow_ops';
import { prependNameScope, stripNameScope } from '../ops/name_utils';
import { Variable } from '../ops/variables';
import { QueueRunner } from '../training/queue_runner';
import { Saver } from '../training/saver';
import { logger } from '../training/tf_logging';
import { setMetaGraphDefFactory } from '../summary/writer/writer';
import { getOpDef } from './op_def_library';
import { Graph, GraphKeys, Operation, Output, getDefaultGraph } from './ops';

const log = logger('meta_graph');

/** Collections whose items are Variables, stored as VariableDef bytes (`_VARIABLE_COLLECTIONS`). */
export const VARIABLE_COLLECTIONS: readonly string[] = [
  GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES, 'metric_variables', GraphKeys.MODEL_VARIABLES,
  GraphKeys.TRAINABLE_VARIABLES, GraphKeys.MOVING_AVERAGE_VARIABLES, 'concatenated_variables',
  'trainable_resource_variables', GraphKeys.GLOBAL_STEP,
];

/** Collections of protos not read here: skipped on import. */
const UNSUPPORTED_PROTO_COLLECTIONS = ['savers_restore'];

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** The serialized SaverDef of a Saver-like collection item. */
function saverDefOf(item: unknown): SaverDef | null {
  const s = item as { asSaverDef?: () => SaverDef | null };
  return typeof s?.asSaverDef === 'function' ? s.asSaverDef() : null;
}

const isContext = (x: unknown): x is CondContext | WhileContext => x instanceof CondContext || x instanceof WhileContext;

/** A control-flow context's serialized CondContextDef / WhileContextDef (`to_proto`); null outside the export scope. */
function contextDefOf(c: CondContext | WhileContext, exportScope?: string): Uint8Array | null {
  if (c instanceof CondContext) {
    const def = c.toProto(exportScope);
    return def && toBinary(CondContextDefSchema, def);
  }
  const def = c.toProto(exportScope);
  return def && toBinary(WhileContextDefSchema, def);
}

/**
 * The CollectionDef of one collection (`add_collection_def`), or null when its items cannot be
 * stored (TF1 logs a warning and leaves the collection out).
 */
function collectionDef(graph: Graph, key: string, exportScope?: string): CollectionDef | null {
  const items = graph.getCollection(key);
  if (items.length === 0) return null;
  const strip = (n: string) => stripNameScope(n, exportScope);
  const inScope = (n: string) => !exportScope || n.startsWith(`${exportScope}/`);
  if (VARIABLE_COLLECTIONS.includes(key) && items.every((v) => v instanceof Variable)) {
    const defs = (items as Variable[]).map((v) => v.toVariableDef(exportScope)).filter((d) => d !== null);
    return create(CollectionDefSchema, { kind: { case: 'bytesList', value: {
      value: defs.map((d) => toBinary(VariableDefSchema, d!)) } } });
  }
  const first = items[0];
  if (first instanceof QueueRunner) {
    if (!items.every((q) => q instanceof QueueRunner)) return null;
    const defs = (items as QueueRunner[]).map((q) => q.toProto(exportScope)).filter((d) => d !== null);
    return create(CollectionDefSchema, { kind: { case: 'bytesList', value: {
      value: defs.map((d) => toBinary(QueueRunnerDefSchema, d!)) } } });
  }
  if (isContext(first)) {
    if (!items.every(isContext)) return null;
    const defs = (items as Array<CondContext | WhileContext>).map((c) => contextDefOf(c, exportScope));
    return create(CollectionDefSchema, { kind: { case: 'bytesList', value: {
      value: defs.filter((d): d is Uint8Array => d !== null) } } });
  }
  if (saverDefOf(first)) {
    return create(CollectionDefSchema, { kind: { case: 'bytesList', value: {
      value: items.map((s) => toBinary(SaverDefSchema, saverDefOf(s)!)) } } });
  }
  if (typeof first === 'string' || first instanceof Uint8Array) {
    if (!items.every((v) => typeof v === 'string' || v instanceof Uint8Array)) return null;
    return create(CollectionDefSchema, { kind: { case: 'bytesList', value: {
      value: items.map((v) => (typeof v === 'string' ? encoder.encode(v) : v as Uint8Array)) } } });
  }
  if (typeof first === 'bigint' || (typeof first === 'number' && Number.isInteger(first))) {
    if (!items.every((v) => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)))) {
      if (items.every((v) => typeof v === 'number')) {
        return create(CollectionDefSchema, { kind: { case: 'floatList', value: { value: items as number[] } } });
      }
      return null;
    }
    return create(CollectionDefSchema, { kind: { case: 'int64List', value: {
      value: items.map((v) => BigInt(v as number | bigint)) } } });
  }
  if (typeof first === 'number') {
    if (!items.every((v) => typeof v === 'number')) return null;
    return create(CollectionDefSchema, { kind: { case: 'floatList', value: { value: items as number[] } } });
  }
  // Graph elements (and objects standing for one, such as Variables outside variable collections) by name.
  const names: string[] = [];
  for (const it of items) {
    const n = (it as { name?: unknown })?.name;
    if (!(it instanceof Output || it instanceof Operation || it instanceof Variable) || typeof n !== 'string') return null;
    if (inScope(n)) names.push(strip(n));
  }
  return create(CollectionDefSchema, { kind: { case: 'nodeList', value: { value: names } } });
}

/** Options of `exportMetaGraph` / `createMetaGraphDef`. */
export interface ExportMetaGraphOptions {
  /** The SaverDef to record (a Saver's `asSaverDef()`). */
  saverDef?: SaverDef | null;
  /** Collections to export (default: all). */
  collectionList?: string[];
  /** Write text format instead of binary. */
  asText?: boolean;
  /** Export only the part of the graph under this name scope, with the scope stripped. */
  exportScope?: string;
  /** Drop device placements from the nodes. */
  clearDevices?: boolean;
  /** Leave out attrs whose value is the op's default (`strip_default_attrs`). */
  stripDefaultAttrs?: boolean;
  /** A serialized GraphDef to use instead of the graph's own. */
  graphDef?: Uint8Array;
  /** Extra meta_info_def fields. */
  metaInfoDef?: { metaGraphVersion?: string; tags?: string[] };
}

/**
 * `meta_graph.create_meta_graph_def`: the MetaGraphDef of `graph`: GraphDef, meta_info_def
 * (stripped op list, TF version), saver_def and collections.
 */
export function createMetaGraphDef(graph: Graph = getDefaultGraph(), options: ExportMetaGraphOptions = {}): MetaGraphDef {
  const graphDef = fromBinary(GraphDefSchema, options.graphDef ?? graph.toGraphDef());
  const scope = options.exportScope;
  if (scope) {
    graphDef.node = graphDef.node.filter((n) => n.name.startsWith(`${scope}/`));
    for (const n of graphDef.node) {
      n.name = stripNameScope(n.name, scope);
      n.input = n.input.map((i) => stripNameScope(i, scope));
    }
  }
  if (options.clearDevices) for (const n of graphDef.node) n.device = '';
  if (options.stripDefaultAttrs) {
    for (const n of graphDef.node) {
      for (const a of getOpDef(n.op, graph).attr) {
        if (a.defaultValue && n.attr[a.name] && equals(AttrValueSchema, n.attr[a.name], a.defaultValue)) delete n.attr[a.name];
      }
    }
  }
  const types = [...new Set(graphDef.node.map((n) => n.op))].sort();
  const meta = create(MetaGraphDefSchema, {
    metaInfoDef: {
      metaGraphVersion: options.metaInfoDef?.metaGraphVersion ?? '',
      tags: options.metaInfoDef?.tags ?? [],
      tensorflowVersion: binding.version(),
      tensorflowGitVersion: 'unknown',
      strippedDefaultAttrs: !!options.stripDefaultAttrs,
      strippedOpList: { op: types.map((t) => getOpDef(t, graph)) },
    },
    graphDef,
  });
  if (options.saverDef) meta.saverDef = options.saverDef;
  const keys = options.collectionList ?? graph.collections;
  for (const key of keys) {
    const def = collectionDef(graph, key, scope);
    if (def) meta.collectionDef[key] = def;
    else if (graph.getCollection(key).length > 0) {
      log.warning(`Issue encountered when serializing ${key}.\nType is unsupported, or the types of the items don't ` +
        'match field type in CollectionDef. Note this is a warning and probably safe to ignore.');
    }
  }
  return meta;
}

/**
 * `tf.train.export_meta_graph(filename, ...)`: the MetaGraphDef of `graph` (default graph when
 * omitted), written to `filename` when given (binary, or text with `asText`).
 */
export function exportMetaGraph(graph?: Graph | null, filename?: string | null, options?: ExportMetaGraphOptions): MetaGraphDef;
export function exportMetaGraph(filename?: string | null, options?: ExportMetaGraphOptions): MetaGraphDef;
export function exportMetaGraph(a?: Graph | string | null, b?: string | null | ExportMetaGraphOptions,
  c: ExportMetaGraphOptions = {}): MetaGraphDef {
  const graph = a instanceof Graph ? a : getDefaultGraph();
  const filename = a instanceof Graph || a === null || a === undefined ? (typeof b === 'string' ? b : null) : a;
  const options = (a instanceof Graph || a === null || a === undefined ? c : (b as ExportMetaGraphOptions)) ?? {};
  const meta = createMetaGraphDef(graph, options);
  if (filename) {
    makeDirs(path.dirname(path.resolve(filename)));
    fs.writeFileSync(filename, options.asText ? toTextFormat(MetaGraphDefSchema, meta) : toBinary(MetaGraphDefSchema, meta));
  }
  return meta;
}

/** Reads a MetaGraphDef file, binary or text (`read_meta_graph_file`). */
export function readMetaGraphFile(filename: string): MetaGraphDef {
  if (!fs.existsSync(filename)) throw new Error(`File does not exist. Received: ${filename}.`);
  const bytes = tfFileCall(filename, () => fs.readFileSync(filename));
  try {
    return fromBinary(MetaGraphDefSchema, bytes);
  } catch {
    // Not binary: text, as Python tries next; bytes that are neither name the file.
    try {
      return fromTextFormat(MetaGraphDefSchema, new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (e) {
      throw new OSError(`Cannot parse file ${filename}: ${(e as Error).message}.`);
    }
  }
}

/** Options of `importMetaGraph`. */
export interface ImportMetaGraphOptions {
  /** Prefix for the imported names (`import_scope`). */
  importScope?: string;
  /** Drop device placements (`clear_devices`). */
  clearDevices?: boolean;
  /** Replace imported tensors with tensors of this graph (`input_map`). */
  inputMap?: Record<string, Output>;
}

/** What importMetaGraph gives: the Saver, and the imported Variables by name. */
export interface ImportedMetaGraph {
  saver: Saver | null;
  variables: Map<string, Variable>;
  metaGraphDef: MetaGraphDef;
}

function toMeta(x: MetaGraphDef | Uint8Array | string): MetaGraphDef {
  if (typeof x === 'string') return readMetaGraphFile(x);
  if (x instanceof Uint8Array) return parseMessage(MetaGraphDefSchema, x);
  return x;
}

/**
 * `import_scoped_meta_graph_with_return_elements`: imports the graph and rebuilds its
 * collections (variables as Variables, one object per variable across collections).
 */
export function importScopedMetaGraph(graph: Graph, metaGraph: MetaGraphDef | Uint8Array | string,
  options: ImportMetaGraphOptions = {}): ImportedMetaGraph {
  const meta = toMeta(metaGraph);
  const scope = options.importScope;
  const graphDef = meta.graphDef ? create(GraphDefSchema, meta.graphDef) : create(GraphDefSchema);
  if (options.clearDevices) for (const n of graphDef.node) n.device = '';
  graph.importGraphDef(toBinary(GraphDefSchema, graphDef), { prefix: scope ?? '', inputMap: options.inputMap });
  const variables = restoreCollections(graph, meta, scope);
  return { saver: null, variables, metaGraphDef: meta };
}

/**
 * Adds the collections of `metaGraph` to a graph that holds its nodes (imported under
 * `importScope`): node lists as graph elements, VariableDefs as Variables (one object per
 * variable across collections), SaverDefs as Savers. Gives the Variables by name. This is
 * also what a loaded SavedModel's graph needs.
 */
export function restoreCollections(graph: Graph, meta: MetaGraphDef, scope?: string): Map<string, Variable> {
  const variables = new Map<string, Variable>();
  const byBytes = new Map<string, Variable>();
  for (const key of Object.keys(meta.collectionDef).sort()) {
    const kind = meta.collectionDef[key].kind;
    if (UNSUPPORTED_PROTO_COLLECTIONS.includes(key)) {
      log.warning(`Collection ${key} is not supported when importing a MetaGraph and was left out.`);
      continue;
    }
    switch (kind.case) {
      case 'nodeList':
        for (const n of kind.value.value) graph.addToCollection(key, graph.asGraphElement(prependNameScope(n, scope)));
        break;
      case 'int64List':
        for (const v of kind.value.value) graph.addToCollection(key, Number(v));
        break;
      case 'floatList':
        for (const v of kind.value.value) graph.addToCollection(key, v);
        break;
      case 'bytesList':
        for (const bytes of kind.value.value) {
          if (VARIABLE_COLLECTIONS.includes(key)) {
            const id = Buffer.from(bytes).toString('base64');
            let v = byBytes.get(id);
            if (!v) {
              v = Variable.fromVariableDef(parseMessage(VariableDefSchema, bytes), { importScope: scope, graph });
              byBytes.set(id, v);
              variables.set(v.name, v);
            }
            graph.addToCollection(key, v);
          } else if (key === GraphKeys.QUEUE_RUNNERS) {
            graph.addToCollection(key, QueueRunner.fromProto(parseMessage(QueueRunnerDefSchema, bytes), scope, graph));
          } else if (key === GraphKeys.COND_CONTEXT) {
            graph.addToCollection(key, CondContext.fromProto(graph, parseMessage(CondContextDefSchema, bytes), scope));
          } else if (key === GraphKeys.WHILE_CONTEXT) {
            graph.addToCollection(key, WhileContext.fromProto(graph, parseMessage(WhileContextDefSchema, bytes), scope));
          } else if (key === GraphKeys.SAVERS) {
            graph.addToCollection(key, new Saver({ saverDef: scopedSaverDef(parseMessage(SaverDefSchema, bytes), scope), graph }));
          } else {
            graph.addToCollection(key, prependNameScope(decoder.decode(bytes), scope));
          }
        }
        break;
      default:
        log.warning(`Collection ${key} has an unsupported kind and was left out.`);
    }
  }
  return variables;
}

/** A SaverDef with its tensor and op names moved under `scope`. */
function scopedSaverDef(def: SaverDef, scope?: string): SaverDef {
  if (!scope) return def;
  const d = create(SaverDefSchema, def);
  d.filenameTensorName = prependNameScope(d.filenameTensorName, scope);
  d.saveTensorName = prependNameScope(d.saveTensorName, scope);
  d.restoreOpName = prependNameScope(d.restoreOpName, scope);
  return d;
}

/**
 * `tf.train.import_meta_graph(meta_graph_or_file)`: imports a MetaGraph (a file path, bytes or
 * message) into `graph` (default graph when omitted) and returns a Saver for it: one on the
 * imported saver_def, else a new Saver when there are variables, else null.
 */
export function importMetaGraph(graph: Graph, metaGraphOrPath: MetaGraphDef | Uint8Array | string,
  options?: ImportMetaGraphOptions): Saver | null;
export function importMetaGraph(metaGraphOrPath: MetaGraphDef | Uint8Array | string,
  options?: ImportMetaGraphOptions): Saver | null;
export function importMetaGraph(a: Graph | MetaGraphDef | Uint8Array | string,
  b?: MetaGraphDef | Uint8Array | string | ImportMetaGraphOptions, c?: ImportMetaGraphOptions): Saver | null {
  const graph = a instanceof Graph ? a : getDefaultGraph();
  const meta = (a instanceof Graph ? b : a) as MetaGraphDef | Uint8Array | string;
  const options = (a instanceof Graph ? c : b as ImportMetaGraphOptions) ?? {};
  return graph.asDefault(() => {
    const imported = importScopedMetaGraph(graph, meta, options);
    const def = imported.metaGraphDef;
    if (def.saverDef) return new Saver({ saverDef: scopedSaverDef(def.saverDef, options.importScope), graph });
    if (imported.variables.size > 0 || graph.getCollection(GraphKeys.GLOBAL_VARIABLES).length > 0) {
      return new Saver({ graph });
    }
    log.info('Saver not created because there are no variables in the graph to restore');
    return null;
  });
}

// FileWriter(logdir, {graph}) writes a MetaGraphDef after the graph, as TF1's
// `create_meta_graph_def(graph_def=...)`: with the default graph's collections.
setMetaGraphDefFactory((graphDef) => {
  try {
    return createMetaGraphDef(getDefaultGraph(), { graphDef });
  } catch (e) {
    throw new ValueError(`Could not build the MetaGraphDef of the graph: ${(e as Error).message}`);
  }
});
