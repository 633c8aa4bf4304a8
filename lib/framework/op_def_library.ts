/**
 * The generic op builder (TF's `op_def_library.py`): turns an op type, its inputs and attrs into
 * an Operation, reading the op's OpDef from libtensorflow's registry. It infers type attrs from
 * input dtypes and number attrs from list lengths, converts JS values to `Const` inputs inside
 * the op's name scope (so `add(x, 1)` makes `Add/y`, as TF1 does), and raises TF1's TypeError /
 * ValueError messages.
 */
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { NotFoundError, RuntimeError, ValueError } from '../errors';
import { AttrEntry, AttrKind } from '../native';
import { AttrValueSchema, NodeDefSchema, OpDef, OpDefSchema, OpDef_ArgDef, OpDef_AttrDef } from '../proto';
import { DType, REF_OFFSET, baseDType, dtypeName } from './dtypes';
import { Graph, OpInput, Operation, Output, getDefaultGraph } from './ops';
import { Tensor, TensorLike } from './tensor';
import { Dimension } from './tensor_shape';
import { pyRepr } from '../util/python_repr';

/**
 * An object that stands for a graph tensor (a Variable): `toOutput()` gives its value, or with
 * `asRef` the ref tensor that stateful ops (Assign) write to.
 */
export interface TensorConvertible {
  readonly graph: Graph;
  readonly dtype: DType;
  toOutput(options?: { asRef?: boolean; dtype?: DType }): Output;
}

/**
 * What an op input accepts: a graph tensor, something standing for one, or a host value; a list
 * holding graph tensors is packed into one (TF1's autopacking).
 */
export type InputValue = Output | TensorConvertible | TensorLike | InputValue[];

/** Attr values as JS: numbers, booleans, DTypes, shapes, strings, TensorLikes, lists of these. */
export type AttrInput = number | boolean | string | Uint8Array | DType | (number | null)[] | null | Tensor |
  TensorLike | AttrInput[];

/** Whether `x` stands for a graph tensor (has `toOutput`), as a Variable does. */
export function isTensorConvertible(x: unknown): x is TensorConvertible {
  return typeof x === 'object' && x !== null && typeof (x as TensorConvertible).toOutput === 'function';
}

const opDefCache = new Map<string, OpDef>();

/** The OpDef of a registered op type (the registry is process-wide, so it is cached). */
export function getOpDef(type: string, graph: Graph = getDefaultGraph()): OpDef {
  let def = opDefCache.get(type);
  if (!def) {
    try {
      def = fromBinary(OpDefSchema, graph.opDef(type));
    } catch (e) {
      if (e instanceof NotFoundError) throw new RuntimeError(`Unrecognized Op name ${type}`);
      throw e;
    }
    opDefCache.set(type, def);
  }
  return def;
}

/**
 * Rejects a non-string op or scope name as Python's name-scope regex match does (a number would
 * otherwise fail deep inside as "name.endsWith is not a function").
 */
export function checkOpName(name: unknown): void {
  if (name === undefined || name === null || typeof name === 'string') return;
  const type = typeof name === 'number' ? (Number.isInteger(name) ? 'int' : 'float')
    : typeof name === 'boolean' ? 'bool' : Array.isArray(name) ? 'list' : typeof name === 'object' ? 'dict' : typeof name;
  throw new TypeError(`expected string or bytes-like object, got '${type}'`);
}

/** Adds a `Const` op holding `value` (TF's `constant_op.constant` body); a name ending in '/' is used as is. */
export function makeConst(graph: Graph, value: Tensor, name = 'Const'): Output {
  checkOpName(name);
  const exactName = name.endsWith('/');
  return graph.addOperation({
    type: 'Const',
    name: exactName ? name.slice(0, -1) : name,
    exactName,
    attrs: [['value', 'tensor', value], ['dtype', 'type', value.dtype]],
  }).output(0);
}

/** `tensor_util.constant_value` as far as it reads Consts (through Identity, StopGradient and Cast); null otherwise. */
export function constantValue(t: Output): Tensor | null {
  const op = t.op;
  if (op.type === 'Const') return op.getAttr('value') as Tensor;
  if (op.type === 'Identity' || op.type === 'StopGradient') return constantValue(op.inputs[0]);
  if (op.type === 'Cast') {
    const v = constantValue(op.inputs[0]);
    return v === null ? null : Tensor.from(Array.from(v.data as ArrayLike<number | bigint>, Number),
      { dtype: baseDType(t.dtype), shape: v.shape });
  }
  return null;
}

/** Options of `convertToTensor`. */
export interface ConvertOptions {
  /** The required dtype; a graph tensor of another dtype is a TypeError/ValueError. */
  dtype?: DType;
  /** The dtype host values take when `dtype` is not given. */
  preferredDtype?: DType;
  /** Name of the Const made for a host value. */
  name?: string;
  /** Give the ref tensor of a ref variable instead of its value. */
  asRef?: boolean;
  graph?: Graph;
}

/**
 * A function that converts instances of a registered class to a graph tensor (TF's
 * `conversion_func(value, dtype, name, as_ref)`); null stands for Python's `NotImplemented`.
 */
export type TensorConversionFunction = (value: any, dtype: DType | undefined, name: string | undefined,
  asRef: boolean) => Output | null;

/** The registered conversions as TF's `tensor_conversion_registry` keeps them: by priority, then in order. */
const conversionRegistry: Array<{ baseTypes: Function[]; fn: TensorConversionFunction; priority: number }> = [];

/**
 * `tf.register_tensor_conversion_function(base_type, conversion_func, priority=100)`: `convertToTensor`
 * (and so every op input) converts instances of `baseType` (a class or classes) with `conversionFunc`,
 * lower priorities first.
 */
export function registerTensorConversionFunction(baseType: Function | Function[], conversionFunc: TensorConversionFunction,
  priority = 100): void {
  const baseTypes = Array.isArray(baseType) ? baseType : [baseType];
  if (baseTypes.some((t) => typeof t !== 'function')) {
    throw new TypeError(`Argument \`base_type\` must be a type or a tuple of types. Obtained: ${String(baseType)}`);
  }
  // Numbers, arrays and host tensors become Consts; TF refuses these (Python numbers, NumPy values).
  if (baseTypes.some((t) => t === Number || t === Boolean || t === Array || t === Tensor || t.prototype instanceof Tensor)) {
    throw new TypeError('Cannot register conversions for Python numeric types and NumPy scalars and arrays.');
  }
  if (typeof conversionFunc !== 'function') {
    throw new TypeError(`Argument \`conversion_func\` must be callable. Received ${String(conversionFunc)}.`);
  }
  const at = conversionRegistry.findIndex((r) => r.priority > priority);
  conversionRegistry.splice(at < 0 ? conversionRegistry.length : at, 0, { baseTypes, fn: conversionFunc, priority });
}

/** `tensor_conversion_registry.convert` of a value some registered conversion takes, else undefined. */
function convertRegistered(value: unknown, options: ConvertOptions): Output | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const named = (m: string) => (options.name ? `${options.name}: ${m}` : m);
  for (const { baseTypes, fn } of conversionRegistry) {
    const baseType = baseTypes.find((t) => value instanceof t);
    if (baseType === undefined) continue;
    let ret: Output | null | undefined;
    if (options.dtype === undefined && options.preferredDtype !== undefined) {
      try {
        ret = fn(value, options.preferredDtype, options.name, options.asRef ?? false);
      } catch (e) {
        // A conversion that cannot take the preferred dtype is retried without it.
        if (!(e instanceof TypeError || e instanceof ValueError)) throw e;
      }
      if (ret && baseDType(ret.dtype) !== baseDType(options.preferredDtype)) {
        throw new RuntimeError(named(`Conversion function ${fn.name} for type ${baseType.name} returned incompatible ` +
          `dtype: requested = ${dtypeName(options.preferredDtype)}, actual = ${dtypeName(baseDType(ret.dtype))}`));
      }
    }
    if (ret === undefined) ret = fn(value, options.dtype, options.name, options.asRef ?? false);
    if (ret === null) continue;
    if (!(ret instanceof Output)) {
      throw new RuntimeError(named(`Conversion function ${fn.name} for type ${baseType.name} returned non-Tensor: ${String(ret)}`));
    }
    if (options.dtype !== undefined && baseDType(options.dtype) !== baseDType(ret.dtype)) {
      throw new RuntimeError(named(`Conversion function ${fn.name} for type ${baseType.name} returned incompatible ` +
        `dtype: requested = ${dtypeName(options.dtype)}, actual = ${dtypeName(ret.dtype)}`));
    }
    return ret;
  }
  return undefined;
}

// TF's `constant_op` converts a known Dimension to an int32 (or int64) Const named `shape_as_tensor` by default.
registerTensorConversionFunction(Dimension, (d: Dimension, dtype, name) => {
  if (d.value === null) throw new ValueError(`Cannot convert unknown Dimension ${d} to a Tensor.`);
  if (dtype !== undefined && dtype !== DType.int32 && dtype !== DType.int64) {
    throw new TypeError(`Cannot convert Dimension ${d} to dtype ${dtypeName(dtype)}. Allowed dtypes are tf.int32 and tf.int64.`);
  }
  return makeConst(getDefaultGraph(), Tensor.from(d.value, { dtype: dtype ?? DType.int32 }), name ?? 'shape_as_tensor');
});

/**
 * `tf.convert_to_tensor`: an Output as is (its dtype checked), a Variable's value, or a host
 * value as a new `Const`.
 */
export function convertToTensor(value: InputValue, options: ConvertOptions = {}): Output {
  if (value === undefined || value === null) throw new ValueError('None values not supported.');
  let out: Output;
  let registered: Output | undefined;
  if (value instanceof Output) {
    out = value;
  } else if (isTensorConvertible(value)) {
    out = value.toOutput({ asRef: options.asRef, dtype: options.dtype });
  } else if ((registered = convertRegistered(value, options)) !== undefined) {
    out = registered;
  } else if (Array.isArray(value) && hasOutput(value)) {
    const graph = options.graph ?? graphFromInputs([value]);
    out = autopack(value, options.dtype ?? firstOutput(value)!.dtype, options.name ?? 'packed', graph) as Output;
  } else {
    const graph = options.graph ?? getDefaultGraph();
    const dtype = options.dtype ?? (value instanceof Tensor ? undefined : options.preferredDtype);
    const hostTensor = (as: DType | undefined): Tensor => {
      // Bytes are a string scalar; they take no dtype conversion.
      const bytes = value instanceof Uint8Array && !(value instanceof Tensor) && (as === undefined || as === DType.string);
      return (value instanceof Tensor && as === undefined) || bytes ? Tensor.from(value as TensorLike)
        : Tensor.from(value as TensorLike, { dtype: as });
    };
    let t: Tensor;
    try {
      try {
        t = hostTensor(dtype);
      } catch (e) {
        // A preferred dtype the value does not take gives way to the value's own, as in Python.
        if (options.dtype !== undefined || dtype === undefined) throw e;
        t = hostTensor(undefined);
      }
    } catch (e) {
      throw new TypeError(`Expected ${dtype === undefined ? 'a tensor value' : dtypeName(dtype)}, got ` +
        `${describe(value)} instead. (${(e as Error).message})`);
    }
    return makeConst(graph, t, options.name ?? 'Const');
  }
  const target = options.graph ?? getDefaultGraph();
  if (out.graph !== target && target.captureOuter) out = target.captureOuter(out);
  if (options.dtype !== undefined && baseDType(out.dtype) !== baseDType(options.dtype)) {
    // Python prefixes the name the conversion was given (`_add_error_prefix`).
    throw new ValueError(`${options.name ? `${options.name}: ` : ''}Tensor conversion requested dtype ` +
      `${dtypeName(options.dtype)} for Tensor with dtype ${dtypeName(baseDType(out.dtype))}: ${pyRepr(out)}`);
  }
  return out;
}

function hasOutput(v: unknown[]): boolean {
  return v.some((x) => x instanceof Output || (Array.isArray(x) && hasOutput(x)));
}

function firstOutput(v: unknown[]): Output | undefined {
  for (const x of v) {
    const o = x instanceof Output ? x : Array.isArray(x) ? firstOutput(x) : undefined;
    if (o) return o;
  }
  return undefined;
}

/**
 * `_autopacking_helper`: a list holding graph tensors as one Pack (named for the scope), its
 * other elements Consts named by position; a list without any comes back as is.
 */
function autopack(list: unknown[], dtype: DType, name: string, graph: Graph): Output | unknown[] {
  return graph.nameScope(name, (scope) => {
    let mustPack = false;
    const elems = list.map((x, i) => {
      if (x instanceof Output) {
        if (baseDType(x.dtype) !== baseDType(dtype)) {
          throw new TypeError(`Cannot convert a list containing a tensor of dtype ${dtypeName(baseDType(x.dtype))} to ` +
            `${dtypeName(baseDType(dtype))} (Tensor is: ${x})`);
        }
        mustPack = true;
        return x;
      }
      if (Array.isArray(x)) {
        const inner = autopack(x, dtype, String(i), graph);
        if (inner instanceof Output) mustPack = true;
        return inner;
      }
      return x;
    });
    if (!mustPack) return elems;
    const tensors = elems.map((x, i) => (x instanceof Output ? x
      : makeConst(graph, Tensor.from(x as TensorLike, { dtype: baseDType(dtype) }), String(i))));
    return applyOp('Pack', { values: tensors }, { axis: 0 }, { name: scope, graph }).output(0);
  });
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v}' of type 'string'`;
  if (Array.isArray(v)) return `${JSON.stringify(v)} of type 'array'`;
  return `${String(v)} of type '${typeof v}'`;
}

/** The graph an op with these inputs belongs to (`_get_graph_from_inputs`). */
export function graphFromInputs(values: unknown[]): Graph {
  const current = getDefaultGraph();
  if (current.captureOuter) return current;
  let found: { graph: Graph; el: unknown } | undefined;
  const visit = (v: unknown) => {
    if (Array.isArray(v)) {
      v.forEach(visit);
      return;
    }
    let g: Graph | undefined;
    if (v instanceof Output || v instanceof Operation) g = v.graph;
    else if (isTensorConvertible(v)) g = v.graph;
    if (!g) return;
    if (!found) found = { graph: g, el: v };
    else if (found.graph !== g) throw new ValueError(`${String(v)} must be from the same graph as ${String(found.el)}.`);
  };
  visit(values);
  return found?.graph ?? getDefaultGraph();
}

const ATTR_KINDS: Record<string, AttrKind> = {
  int: 'int', float: 'float', bool: 'bool', type: 'type', shape: 'shape', string: 'string', tensor: 'tensor',
  func: 'func',
};

function allowedTypes(attr: OpDef_AttrDef | undefined): DType[] | null {
  const v = attr?.allowedValues?.value;
  return v?.case === 'list' && v.value.type.length > 0 ? (v.value.type as number[]) : null;
}

function checkAllowed(attr: OpDef_AttrDef | undefined, param: string, dtype: DType): void {
  const allowed = allowedTypes(attr);
  if (allowed && !allowed.includes(baseDType(dtype))) {
    throw new TypeError(`Value passed to parameter '${param}' has DataType ${dtypeName(baseDType(dtype))} not in list ` +
      `of allowed values: ${allowed.map((t) => dtypeName(t)).join(', ')}`);
  }
}

/** Converts one attr value to the addon's [name, kind, value] form, checking its JS type. */
function attrEntry(opType: string, def: OpDef_AttrDef, value: unknown): AttrEntry {
  const listMatch = /^list\((\w+)\)$/.exec(def.type);
  const base = listMatch ? listMatch[1] : def.type;
  const kind = ATTR_KINDS[base];
  if (!kind) return [def.name, 'proto', value];
  const one = (v: unknown): unknown => {
    switch (kind) {
      case 'int':
        if (typeof v === 'bigint') return Number(v);
        if (typeof v !== 'number' || !Number.isInteger(v)) {
          throw new TypeError(`Expected int for argument '${def.name}' not ${describe(v)}.`);
        }
        return v;
      case 'float':
        if (typeof v !== 'number') throw new TypeError(`Expected float for argument '${def.name}' not ${describe(v)}.`);
        return v;
      case 'bool':
        if (typeof v !== 'boolean') throw new TypeError(`Expected bool for argument '${def.name}' not ${describe(v)}.`);
        return v;
      case 'type':
        if (typeof v !== 'number' || DType[baseDType(v)] === undefined) {
          throw new TypeError(`Expected DataType for argument '${def.name}' not ${describe(v)}.`);
        }
        checkAllowed(def, def.name, v);
        return baseDType(v);
      case 'shape':
        if (v === null) return null;
        if (!Array.isArray(v)) throw new TypeError(`Error converting ${def.name} to a TensorShape: ${describe(v)}.`);
        return v.map((d) => (d === null || d === undefined ? -1 : d));
      case 'string':
        if (typeof v !== 'string' && !(v instanceof Uint8Array)) {
          throw new TypeError(`Expected string for argument '${def.name}' not ${describe(v)}.`);
        }
        return v;
      case 'tensor':
        return v instanceof Tensor ? v : Tensor.from(v as TensorLike);
      default:
        return v;
    }
  };
  // `_SatisfiesAllowedStringsConstraint` and `_SatisfiesIntMinimumConstraint`: TF1's messages, not the C API's.
  const allowedStrings = def.allowedValues?.value.case === 'list' ? def.allowedValues.value.value.s : [];
  const checked = (v: unknown): unknown => {
    const x = one(v);
    if (kind === 'string' && allowedStrings.length > 0) {
      const text = typeof x === 'string' ? x : Buffer.from(x as Uint8Array).toString();
      const allowed = allowedStrings.map((a) => Buffer.from(a).toString());
      if (!allowed.includes(text)) {
        throw new ValueError(`Attr '${def.name}' of '${opType}' Op passed string '${text}' not in: "${allowed.join('", "')}".`);
      }
    }
    if (kind === 'int' && !listMatch && def.hasMinimum && (x as number) < Number(def.minimum)) {
      throw new ValueError(`Attr '${def.name}' of '${opType}' Op passed ${x} less than minimum ${def.minimum}.`);
    }
    return x;
  };
  if (listMatch) {
    if (!Array.isArray(value)) throw new TypeError(`Expected list for attr ${def.name}, obtained ${typeof value} instead.`);
    if (def.hasMinimum && value.length < Number(def.minimum)) {
      throw new ValueError(`Attr '${def.name}' of '${opType}' Op passed list of length ${value.length} less than ` +
        `minimum ${def.minimum}.`);
    }
    return [def.name, `list(${kind})`, value.map(checked)];
  }
  return [def.name, kind, checked(value)];
}

/** Options of `applyOp` (a string is the name). */
export interface ApplyOpOptions {
  /** The op's name (default: its type), uniquified in the current name scope; a trailing '/' uses it as is. */
  name?: string;
  /** Extra control inputs. */
  controlInputs?: Operation[];
  graph?: Graph;
}

/**
 * Adds an op of registered type `type` (`_apply_op_helper`). `inputs` is keyed by the OpDef's
 * input arg names, `attrs` by attr names; attrs inferable from inputs may be left out, and attrs
 * with defaults are filled by TF.
 */
export function applyOp(type: string, inputs: Record<string, InputValue | InputValue[]>,
  attrs: Record<string, unknown> = {}, options: ApplyOpOptions | string = {}): Operation {
  const opts = typeof options === 'string' ? { name: options } : options ?? {};
  checkOpName(opts.name);
  const graph = opts.graph ?? graphFromInputs(Object.values(inputs));
  const opDef = getOpDef(type, graph);
  const attrDefs = new Map(opDef.attr.map((a) => [a.name, a]));
  const given = new Set(Object.keys(inputs));
  for (const k of given) {
    if (!opDef.inputArg.some((a) => a.name === k)) throw new TypeError(`${type} got an unexpected keyword argument '${k}'`);
  }
  for (const k of Object.keys(attrs)) {
    if (!attrDefs.has(k)) throw new TypeError(`${type} got an unexpected keyword argument '${k}'`);
  }

  const opName = opts.name?.endsWith('/') ? opts.name.slice(0, -1) : graph.uniqueName(opts.name ?? type);
  const inferred = new Map<string, unknown>(Object.entries(attrs).filter(([, v]) => v !== undefined));
  const inferredFrom = new Map<string, string>();
  for (const [k] of inferred) inferredFrom.set(k, k);

  // Type attrs that graph tensors determine fix the dtype host values convert to (so that
  // `mul(2, x)` gives x's dtype, as TF1's operator wrappers do).
  const hint = new Map<string, DType>();
  for (const arg of opDef.inputArg) {
    const v = inputs[arg.name];
    const candidates = (arg.numberAttr || arg.typeListAttr) && Array.isArray(v) ? v : [v];
    const firstTensor = candidates
      .find((x) => x instanceof Output || isTensorConvertible(x)) as Output | TensorConvertible | undefined;
    if (arg.typeAttr && firstTensor && !hint.has(arg.typeAttr)) {
      hint.set(arg.typeAttr, baseDType(firstTensor.dtype));
    }
  }

  const nativeInputs: Array<Output | Output[]> = [];
  graph.nameScope(`${opName}/`, () => {
    for (const arg of opDef.inputArg) {
      if (!(arg.name in inputs)) throw new TypeError(`No argument for input ${arg.name} found in ${opDef.name}`);
      nativeInputs.push(convertInput(graph, opDef, arg, inputs[arg.name], inferred, inferredFrom, hint, attrDefs));
    }
  });

  const entries: AttrEntry[] = [];
  for (const def of opDef.attr) {
    if (inferred.has(def.name)) {
      entries.push(attrEntry(type, def, inferred.get(def.name)));
    } else if (!def.defaultValue) {
      throw new TypeError(`No argument found for attr ${def.name} for ${type}`);
    }
  }
  const add = () => graph.addOperation({
    type, name: opName, exactName: true, inputs: nativeInputs, attrs: entries, controlInputs: opts.controlInputs,
  });
  // As TF1's `_MaybeColocateWith`: an op that updates a ref in place goes with the variable.
  const refs = opDef.inputArg.flatMap((a, i) => (a.isRef ? [nativeInputs[i]].flat() : []));
  return refs.reduceRight<() => Operation>((inner, ref) => () => graph.colocateWith(ref, inner), add)();
}

function convertInput(graph: Graph, opDef: OpDef, arg: OpDef_ArgDef, value: unknown, inferred: Map<string, unknown>,
  inferredFrom: Map<string, string>, hint: Map<string, DType>, attrDefs: Map<string, OpDef_AttrDef>): Output | Output[] {
  const op = opDef.name;
  const argType = arg.type as number as DType; // DataType and DType share TF_DataType's numbers
  const convertOne = (v: unknown, name: string, dtype: DType | undefined, preferred?: DType): Output => {
    if (v === undefined || v === null) {
      throw new ValueError(`Tried to convert '${name}' to a tensor and failed. Error: None values not supported.`);
    }
    if (argType === DType.resource && isTensorConvertible(v) && 'handle' in v) return (v as { handle: Output }).handle;
    // A tensor of another dtype: TF1's wrappers' message, rather than convert_to_tensor's.
    if (v instanceof Output && dtype !== undefined && baseDType(v.dtype) !== baseDType(dtype)) {
      throw mismatch(op, arg, baseDType(v.dtype), dtype, inferredFrom, arg.typeAttr || undefined);
    }
    try {
      return convertToTensor(v as InputValue, { dtype, preferredDtype: preferred, name, asRef: arg.isRef, graph });
    } catch (e) {
      // A host value that does not fit (2.5 for an int32 input): the dtype it has on its own, as
      // TF1's wrappers convert it with only a dtype hint (`tf.add(int_tensor, 2.5)`).
      const observed = e instanceof TypeError && dtype !== undefined && !(v instanceof Output) ? naturalDType(v) : null;
      if (observed !== null && observed !== dtype) throw mismatch(op, arg, observed, dtype!, inferredFrom, arg.typeAttr || undefined);
      throw e;
    }
  };
  const checkRef = (o: Output) => {
    if (arg.isRef && o.dtype <= REF_OFFSET) {
      throw new TypeError(`'${op}' Op requires that input '${arg.name}' be a mutable tensor (e.g.: a tf.Variable)`);
    }
    return o;
  };
  const typeOf = (attr: string): DType | undefined => inferred.get(attr) as DType | undefined;

  if (arg.numberAttr || arg.typeListAttr) {
    if (!Array.isArray(value)) {
      throw new TypeError(`Expected list for '${arg.name}' argument to '${op}' Op, not ${describe(value)}.`);
    }
    if (arg.numberAttr) {
      const def = attrDefs.get(arg.numberAttr)!;
      if (inferred.has(arg.numberAttr) && inferred.get(arg.numberAttr) !== value.length) {
        throw new ValueError(`List argument '${arg.name}' to '${op}' Op with length ${value.length} must match ` +
          `length ${inferred.get(arg.numberAttr)} of argument '${inferredFrom.get(arg.numberAttr)}'.`);
      }
      if (def.hasMinimum && value.length < Number(def.minimum)) {
        throw new ValueError(`List argument '${arg.name}' to '${op}' Op with length ${value.length} shorter than ` +
          `minimum length ${def.minimum}.`);
      }
      inferred.set(arg.numberAttr, value.length);
      inferredFrom.set(arg.numberAttr, arg.name);
    }
    const fixed = arg.typeAttr ? typeOf(arg.typeAttr) ?? hint.get(arg.typeAttr) : argType || undefined;
    // TF1's messages for a list whose elements do not convert to one dtype: what each converts to alone.
    const listTypeError = (what: string) => new TypeError(`Tensors in list passed to '${arg.name}' of '${op}' Op have ` +
      `types [${value.map((v) => { const d = ownDType(v); return d === null ? '<NOT CONVERTIBLE TO TENSOR>' : dtypeName(d); })
        .join(', ')}] ${what}.`);
    const notAllMatching = () => listTypeError("that don't all match");
    let converted: Output[];
    try {
      converted = value.map((v, i) => convertOne(v, `${arg.name}_${i}`, fixed,
        arg.typeAttr ? defaultType(attrDefs.get(arg.typeAttr)) : undefined));
    } catch (e) {
      if (e instanceof TypeError || e instanceof ValueError) {
        if (arg.typeAttr && !typeOf(arg.typeAttr)) throw notAllMatching();
        if (!arg.typeAttr && arg.numberAttr) throw listTypeError(`that do not match expected type ${dtypeName(argType)}`);
      }
      throw e;
    }
    const outs = converted.map(checkRef);
    if (arg.typeAttr) {
      const types = outs.map((o) => baseDType(o.dtype));
      if (types.some((t) => t !== types[0])) throw notAllMatching();
      if (types.length > 0) setType(arg, arg.typeAttr, types[0], inferred, inferredFrom, attrDefs);
    } else if (arg.typeListAttr) {
      const types = outs.map((o) => baseDType(o.dtype));
      const known = inferred.get(arg.typeListAttr) as DType[] | undefined;
      if (known && (known.length !== types.length || known.some((t, i) => t !== types[i]))) {
        throw new TypeError(`Input '${arg.name}' of '${op}' Op has type list of ` +
          `${types.map((t) => dtypeName(t)).join(', ')} that does not match type list ` +
          `${known.map((t) => dtypeName(t)).join(', ')} of argument '${inferredFrom.get(arg.typeListAttr)}'.`);
      }
      inferred.set(arg.typeListAttr, types);
      inferredFrom.set(arg.typeListAttr, arg.name);
    } else {
      for (const o of outs) if (baseDType(o.dtype) !== argType) throw mismatch(op, arg, baseDType(o.dtype), argType, inferredFrom);
    }
    return outs;
  }

  if (arg.typeAttr) {
    const known = typeOf(arg.typeAttr);
    const def = attrDefs.get(arg.typeAttr);
    const out = checkRef(convertOne(value, arg.name, known ?? hint.get(arg.typeAttr),
      literalTypeIfAllowed(value, def) ?? defaultType(def)));
    const t = baseDType(out.dtype);
    if (known !== undefined && known !== t) throw mismatch(op, arg, t, known, inferredFrom, arg.typeAttr);
    setType(arg, arg.typeAttr, t, inferred, inferredFrom, attrDefs);
    return out;
  }
  const out = checkRef(convertOne(value, arg.name, argType));
  if (baseDType(out.dtype) !== argType) throw mismatch(op, arg, baseDType(out.dtype), argType, inferredFrom);
  return out;
}

/**
 * `_ExtractInputsAndAttrs`' first try for a host value of a type attr with a default and allowed
 * types: the dtype the value has on its own, as Python's literal would (a whole number an int,
 * int32), when the attr allows it; else undefined (the default then applies).
 */
function literalTypeIfAllowed(v: unknown, def: OpDef_AttrDef | undefined): DType | undefined {
  const allowed = allowedTypes(def);
  if (!allowed || def?.defaultValue?.value.case !== 'type' || v instanceof Output || isTensorConvertible(v)) return undefined;
  const own = naturalDType(v);
  const flat = [v].flat(Infinity as 1) as unknown[];
  const literal = own === DType.float32 && flat.length > 0 && flat.every((n) => typeof n === 'number' && Number.isInteger(n))
    ? DType.int32 : own;
  return literal !== null && allowed.includes(literal) ? literal : undefined;
}

/**
 * The dtype a host value takes for a type attr nothing else fixes: the attr's default, else
 * int32 for whole numbers when the op takes no float32 (an axis, a shape), as Python ints do.
 */
function defaultType(def: OpDef_AttrDef | undefined): DType | undefined {
  const v = def?.defaultValue?.value;
  if (v?.case === 'type') return v.value as number;
  const allowed = allowedTypes(def);
  if (allowed && !allowed.includes(DType.float32)) {
    if (allowed.includes(DType.int32)) return DType.int32;
    if (allowed.includes(DType.int64)) return DType.int64;
  }
  return undefined;
}

function setType(arg: OpDef_ArgDef, attr: string, t: DType, inferred: Map<string, unknown>,
  inferredFrom: Map<string, string>, attrDefs: Map<string, OpDef_AttrDef>): void {
  checkAllowed(attrDefs.get(attr), arg.name, t);
  if (!inferred.has(attr)) {
    inferred.set(attr, t);
    inferredFrom.set(attr, arg.name);
  }
}

function mismatch(op: string, arg: OpDef_ArgDef, observed: DType, expected: DType, inferredFrom: Map<string, string>,
  attr?: string): TypeError {
  const prefix = `Input '${arg.name}' of '${op}' Op has type ${dtypeName(observed)} that does not match`;
  if (attr) {
    const from = inferredFrom.get(attr);
    if (from === attr) return new TypeError(`${prefix} type ${dtypeName(expected)} of attr '${attr}'.`);
    return new TypeError(`${prefix} type ${dtypeName(expected)} of argument '${from}'.`);
  }
  return new TypeError(`${prefix} expected type of ${dtypeName(expected)}.`);
}

/**
 * The outputs of `op` grouped as its OpDef declares them: one Output per plain output arg, an
 * array for list outputs (number or type-list attrs).
 */
export function groupedOutputs(op: Operation): Array<Output | Output[]> {
  const def = getOpDef(op.type, op.graph);
  const res: Array<Output | Output[]> = [];
  let i = 0;
  for (const arg of def.outputArg) {
    if (arg.numberAttr || arg.typeListAttr) {
      const n = arg.numberAttr ? (op.getAttr(arg.numberAttr) as number) : (op.getAttr(arg.typeListAttr) as unknown[]).length;
      res.push(op.outputs.slice(i, i + n));
      i += n;
    } else {
      res.push(op.output(i++));
    }
  }
  return res;
}

/** The dtype of a tensor, Variable or host value on its own; null when it does not convert. */
function ownDType(v: unknown): DType | null {
  if (v instanceof Output || isTensorConvertible(v)) return baseDType(v.dtype);
  return naturalDType(v);
}

/** The dtype a host value converts to without one asked for; null when it does not convert. */
function naturalDType(v: unknown): DType | null {
  try {
    return Tensor.from(v as TensorLike).dtype;
  } catch {
    return null;
  }
}

/**
 * `op`'s attrs as addOperation takes them; `_class` (which names nodes of op's own graph) only
 * with `withClass`, for a copy in the same graph.
 */
export function opAttrs(op: Operation, withClass = false): AttrEntry[] {
  return Object.entries(fromBinary(NodeDefSchema, op.toNodeDef()).attr).filter(([name]) => withClass || name !== '_class')
    .map(([name, v]) => [name, 'proto', toBinary(AttrValueSchema, v)]);
}

/** `flat`, a tensor for each input of `op` in order, grouped by op's input args as addOperation takes them. */
export function inputsByArg(op: Operation, flat: Output[]): OpInput[] {
  let k = 0;
  return getOpDef(op.type, op.graph).inputArg.map((arg) => {
    if (!arg.numberAttr && !arg.typeListAttr) return flat[k++];
    const n = op.native.inputListLength(arg.name);
    k += n;
    return flat.slice(k - n, k);
  });
}
