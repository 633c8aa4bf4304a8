/**
 * `tf.import_graph_def` (tensorflow/python/framework/importer.py) over `Graph.importGraphDef`.
 *
 * @packageDocumentation
 */
import { clone, fromBinary, toBinary } from '@bufbuild/protobuf';
import { InvalidArgumentError, NotFoundError, ValueError } from '../errors';
import {
  AttrValueSchema, GraphDefSchema, OpDefSchema, OpListSchema, type AttrValue, type GraphDef as GraphDefMessage, type NodeDef, type OpList,
} from '../proto';
import { serializeDeterministic } from '../proto/deterministic';
import { convertToTensor, getOpDef, type InputValue } from './op_def_library';
import { Graph, Operation, Output, getDefaultGraph } from './ops';
import { ProtoMessage, protoBytes, type GraphDef } from './protos';

export interface ImportGraphDefOptions {
  /**
   * Tensor names (`'op:0'`, or `'op'` for output 0) of the GraphDef mapped to tensors (or values) of this graph;
   * a control input `'^op'` is mapped to the op of the tensor given.
   */
  inputMap?: Record<string, InputValue> | Map<string, InputValue> | null;
  /** Names of ops (`'op'`) and tensors (`'op:0'`) of the GraphDef to return, imported. */
  returnElements?: string[] | null;
  /** The name scope of the imported names ('import' unless given; '' for none). */
  name?: string | null;
  /** Deprecated and unused, as in TF. */
  opDict?: unknown;
  /** The OpList the GraphDef was made with: attrs the ops here do not know are dropped where they hold the producer's default. */
  producerOpList?: ProtoMessage<OpList> | OpList | Uint8Array | null;
}

function sameAttr(a: AttrValue, b: AttrValue): boolean {
  const bytes = (v: AttrValue) => Buffer.from(serializeDeterministic(AttrValueSchema, clone(AttrValueSchema, v)));
  return bytes(a).equals(bytes(b));
}

/** Python's `_RemoveDefaultAttrs`: attrs unknown here that hold the producer's default value go. */
function removeDefaultAttrs(graph: Graph, bytes: Uint8Array, producer: OpList): Uint8Array {
  const producerOps = new Map(producer.op.map((op) => [op.name, op]));
  const graphDef = fromBinary(GraphDefSchema, bytes);
  for (const node of graphDef.node) {
    const producerOp = producerOps.get(node.op);
    if (!producerOp) continue;
    let opDef;
    try {
      opDef = fromBinary(OpDefSchema, graph.opDef(node.op));
    } catch (e) {
      // An op not registered here (a function, say): nothing to strip, as in TF.
      if (e instanceof NotFoundError) continue;
      throw e;
    }
    for (const key of Object.keys(node.attr)) {
      if (opDef.attr.some((a) => a.name === key)) continue;
      const def = producerOp.attr.find((a) => a.name === key)?.defaultValue;
      if (def && sameAttr(node.attr[key], def)) delete node.attr[key];
    }
  }
  return toBinary(GraphDefSchema, graphDef);
}

/** The library functions a node calls: as its op, or through a function-valued attr (PartitionedCall's `f`). */
function calledFunctions(node: NodeDef, library: Set<string>): string[] {
  const names = [node.op];
  for (const attr of Object.values(node.attr)) {
    if (attr.value.case === 'func') names.push(attr.value.value.name);
    if (attr.value.case === 'list') names.push(...attr.value.value.func.map((f) => f.name));
  }
  return names.filter((n) => library.has(n));
}

/** Past this many inputs owed, TF's message spelling out each expected input's type takes minutes and gigabytes. */
const MAX_MISSING_INPUTS = 1 << 16;

/**
 * Rejects GraphDefs TF's importer cannot survive, before libtensorflow sees them: nodes that reach
 * a recursive function of the library (one that calls itself, directly or through others: TF
 * instantiates calls without end and the process dies of a stack overflow, Python's too), and
 * nodes whose number attr (AddN's `N`) asks for vastly more inputs than they have.
 */
export function checkImportable(graphDefOrBytes: GraphDefMessage | Uint8Array, graph: Graph): void {
  let graphDef = graphDefOrBytes;
  if (graphDef instanceof Uint8Array) {
    try {
      graphDef = fromBinary(GraphDefSchema, graphDef);
    } catch {
      return; // not a GraphDef: TF's importer says so
    }
  }
  const functions = new Map((graphDef.library?.function ?? []).map((f) => [f.signature?.name ?? '', f]));
  for (const node of graphDef.node) if (!functions.has(node.op)) checkInputCount(node, graph);
  if (functions.size === 0) return;
  const names = new Set(functions.keys());
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (name: string): void => {
    if (done.has(name)) return;
    const at = path.indexOf(name);
    if (at >= 0) {
      throw new InvalidArgumentError(`Function '${name}' is recursive (${[...path.slice(at), name].join(' -> ')}): ` +
        'TensorFlow cannot import a graph that calls a recursive function.');
    }
    path.push(name);
    for (const node of functions.get(name)!.nodeDef) for (const f of calledFunctions(node, names)) visit(f);
    path.pop();
    done.add(name);
  };
  for (const node of graphDef.node) for (const f of calledFunctions(node, names)) visit(f);
}

function checkInputCount(node: NodeDef, graph: Graph): void {
  let opDef;
  try {
    opDef = getOpDef(node.op, graph);
  } catch {
    return; // an unknown op: TF's importer says so
  }
  const given = node.input.filter((i) => !i.startsWith('^')).length;
  for (const arg of opDef.inputArg) {
    const attr = arg.numberAttr ? node.attr[arg.numberAttr]?.value : undefined;
    if (attr?.case === 'i' && attr.value > BigInt(given + MAX_MISSING_INPUTS)) {
      throw new InvalidArgumentError(`NodeDef expected ${attr.value} inputs for attr '${arg.numberAttr}' but ` +
        `${given} inputs specified; NodeDef: {{node ${node.name}}}`);
    }
  }
}

/**
 * `tf.import_graph_def(graph_def, input_map=None, return_elements=None, name=None, op_dict=None,
 * producer_op_list=None)`: imports a GraphDef (a `GraphDef` message, a protobuf-es one, or its
 * bytes) into the default graph under a new name scope ('import', 'import_1', ...), inputs
 * mapped to tensors of this graph. Returns the `returnElements` (Operations for op names,
 * Outputs for tensor names), or null when none were asked for. ValueError for names not in the
 * GraphDef and for a GraphDef TF rejects, as Python.
 */
export function importGraphDef(graphDef: GraphDef | Uint8Array | ProtoMessage<unknown> | { $typeName: string },
  options: ImportGraphDefOptions = {}): Array<Output | Operation> | null {
  let bytes: Uint8Array;
  try {
    bytes = protoBytes(graphDef as Uint8Array, GraphDefSchema, 'graph_def');
  } catch (e) {
    if (e instanceof TypeError) throw new TypeError('Argument `graph_def` must be a GraphDef proto.');
    throw e;
  }
  const { name, producerOpList } = options;
  const inputMap = options.inputMap ?? {};
  if (typeof inputMap !== 'object' || Array.isArray(inputMap)) {
    throw new TypeError(`Argument \`input_map\` must be a dictionary. Obtained ${Array.isArray(inputMap) ? 'list' : typeof inputMap}`);
  }
  const entries = inputMap instanceof Map ? [...inputMap] : Object.entries(inputMap);
  if (entries.some(([k]) => typeof k !== 'string')) {
    throw new TypeError(`All keys for argument \`input_map\` must be strings. Obtained keys: [${entries.map(([k]) => String(k)).join(', ')}]`);
  }
  const returnElements = options.returnElements ?? null;
  if (returnElements !== null && (!Array.isArray(returnElements) || returnElements.some((x) => typeof x !== 'string'))) {
    const repr = (x: unknown) => (typeof x === 'string' ? `'${x}'` : String(x));
    throw new TypeError('Argument `return_elements` must be a list of strings. Obtained ' +
      `${Array.isArray(returnElements) ? `[${returnElements.map(repr).join(', ')}]` : repr(returnElements)}.`);
  }
  const graph = getDefaultGraph();
  if (producerOpList != null) {
    const producer = producerOpList instanceof ProtoMessage ? producerOpList.toProto() as OpList
      : producerOpList instanceof Uint8Array ? fromBinary(OpListSchema, producerOpList) : producerOpList;
    bytes = removeDefaultAttrs(graph, bytes, producer);
  }
  const [prefix, mapped] = graph.nameScope(name ?? 'import', (scope) => {
    if (entries.every(([, v]) => v instanceof Output)) return [scope.slice(0, -1), entries as Array<[string, Output]>];
    if (name === '') {
      throw new ValueError('tf.import_graph_def() requires a non-empty `name` if `input_map` contains non-Tensor values. ' +
        'Try calling tf.convert_to_tensor() on `input_map` values before calling tf.import_graph_def().');
    }
    return [scope.slice(0, -1), graph.nameScope('_inputs', () => entries.map(([k, v]) => {
      // Python's Operation.__tf_tensor__ (a '^name' key takes the op of a tensor, not an op).
      if (v instanceof Operation) throw new TypeError(`can't convert Operation '${v.name}' to Tensor`);
      return [k, convertToTensor(v)] as [string, Output];
    }))];
  });
  let results: Array<Output | Operation>;
  try {
    results = graph.importGraphDef(bytes, {
      prefix, exactPrefix: true, uniquifyNames: true, inputMap: new Map(mapped), returnElements: returnElements ?? [],
    });
  } catch (e) {
    // As TF1: InvalidArgumentErrors of TF_GraphImportGraphDef are ValueErrors.
    if (e instanceof InvalidArgumentError) throw new ValueError(e.message);
    throw e;
  }
  return returnElements === null ? null : results;
}
