/**
 * TF2's functional control flow as TF1 graphs get it from `tf.compat.v1.switch_case`
 * (control_flow_switch_case.py, cond_v2.py's `indexed_case`): each branch traced into a function
 * of the graph's library (a FuncGraph), the branches' captured tensors made the inputs of one
 * `Case` (or `StatelessCase`) op, and `_CaseGrad`: a Case over the branches' gradient functions
 * (the machinery shared with cond_v2 in lib/ops/cond_v2.ts).
 */
import { ValueError } from '../errors';
import { DType, baseDType, dtypeName } from '../framework/dtypes';
import { convertToTensor } from '../framework/op_def_library';
import { Output, getDefaultGraph } from '../framework/ops';
import { isPlainObject, pyStr } from '../util/python_repr';
import { Branch, buildFunctional, packOutputs, traceBranch, uniqueFnName } from './cond_v2';
import { pythonType } from './python_type';

/** The branches of `switchCase`: callables (keys 0, 1, ...), `[key, callable]` pairs, or a Map or object of keys. */
export type BranchFns<T> = Array<() => T> | Array<[number, () => T]> | Map<number, () => T> | Record<number, () => T>;

export interface SwitchCaseOptions<T> {
  /** The branch for an index of no key (default: the branch of the largest key). */
  default?: () => T;
  /** The name scope (default `switch_case`). */
  name?: string;
}

/** `_indexed_case_verify_and_canonicalize_args`: the callables in key order, `default` last. */
function canonicalBranches<T>(branchFns: BranchFns<T>, fallback: (() => T) | undefined, branchIndex: unknown):
  Array<() => T> {
  if (!(branchIndex instanceof Output)) throw new TypeError(`'branch_index' must be a Tensor, got ${pythonType(branchIndex)}`);
  const dtype = baseDType(branchIndex.dtype);
  if (![DType.int8, DType.int16, DType.int32, DType.int64, DType.uint8, DType.uint16, DType.uint32, DType.uint64]
    .includes(dtype)) {
    throw new TypeError(`'branch_index' must be an integer Tensor, got <dtype: '${dtypeName(dtype)}'>`);
  }
  const empty = branchFns instanceof Map ? branchFns.size === 0
    : Array.isArray(branchFns) ? branchFns.length === 0 : isPlainObject(branchFns) && Object.keys(branchFns).length === 0;
  if (!branchFns || empty) throw new ValueError("Must provide at least one item in 'branch_fns'");
  let pairs: unknown[];
  if (branchFns instanceof Map) pairs = [...branchFns];
  else if (Array.isArray(branchFns)) pairs = branchFns;
  else if (isPlainObject(branchFns)) pairs = Object.entries(branchFns).map(([k, f]) => [/^-?\d+$/.test(k) ? Number(k) : k, f]);
  else throw new TypeError("'branch_fns' must be a list, tuple, or dict");
  if (pairs.every((f) => typeof f === 'function')) pairs = pairs.map((f, i) => [i, f]);
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new TypeError(`Each entry in 'branch_fns' must be a 2-tuple. Received ${pyStr(pair)}.`);
    }
    const [key, fn] = pair as [unknown, unknown];
    if (typeof key !== 'number' || !Number.isInteger(key)) throw new TypeError(`key must be a Python \`int\`, got ${pythonType(key)}`);
    if (typeof fn !== 'function') throw new TypeError(`fn for key ${key} must be callable.`);
  }
  const sorted = (pairs as Array<[number, () => T]>).slice().sort((a, b) => a[0] - b[0]);
  const keys = sorted.map(([k]) => k);
  if (keys[0] < 0 || keys[keys.length - 1] >= keys.length || new Set(keys).size !== keys.length) {
    throw new ValueError(`branch indices (keys) must form contiguous range of [0 to ${keys.length}) but found {${keys.join(',')}}`);
  }
  const actions = sorted.map(([, f]) => f);
  if (fallback !== undefined && fallback !== null) {
    // Python's error on calling it.
    if (typeof fallback !== 'function') throw new TypeError(`'${pythonType(fallback).slice(8, -2)}' object is not callable`);
    actions.push(fallback);
  }
  return actions;
}

/**
 * `tf.compat.v1.switch_case(branch_index, branch_fns, default=None, name='switch_case')`: what the
 * branch of key `branchIndex` returns, else `default`'s (else the last branch's). One functional
 * Case op runs the chosen branch; each branch is a function of the graph's library.
 */
export function switchCase<T>(branchIndex: Output, branchFns: BranchFns<T>, options: SwitchCaseOptions<T> = {}): T {
  const fns = canonicalBranches(branchFns, options.default, branchIndex);
  // In a branch being traced (a nested switch_case), the Case goes to the branch's graph.
  const current = getDefaultGraph();
  const graph = current.captureOuter ? current : branchIndex.graph;
  return graph.asDefault(() => graph.nameScope(options.name ?? 'switch_case', () =>
    graph.nameScope('indexed_case', (scope) => {
      const index = convertToTensor(branchIndex, { graph });
      const fnNames = fns.map((_, b) => uniqueFnName(scope, `branch${b}`));
      const branches: Branch[] = [];
      fns.forEach((fn, i) => branches.push(traceBranch(graph, fnNames[i], fn, i, branches.map((b) => b.graph), index,
        (b) => `branch ${b}`)));
      return packOutputs(branches[0].structure, buildFunctional('case', graph, index, branches, scope.slice(0, -1))) as T;
    })));
}
