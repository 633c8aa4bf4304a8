/**
 * Graphs with functional control flow (Case, If) as the fixture scripts record them: ops with the
 * func-list attrs (which name functions by a process-wide uid) as '<fn>', and branch functions by
 * their signature and attrs.
 */
import { FunctionDef } from '../../lib/proto';
import { Graph } from '../../lib';
import { jsonOf } from './fixture_values';
import { recordAll } from './graph_record';

/** recordAll with the Case ops' `branches` as '<fn>'. */
export function recordWithFunctions(g: Graph): unknown {
  const r = recordAll(g, jsonOf);
  for (const attrs of Object.values(r.attrs)) if ('branches' in attrs) attrs.branches = '<fn>';
  return r;
}

/** A branch function's args and outputs [name, type], string attrs and arg attrs (captured tensor's name, shape). */
export function branchSignatureJson(f: FunctionDef): Record<string, unknown> {
  const sig = f.signature!;
  const text = (v: Uint8Array) => new TextDecoder().decode(v);
  return {
    inputs: sig.inputArg.map((a) => [a.name, a.type]),
    outputs: sig.outputArg.map((a) => [a.name, a.type]),
    attr: Object.fromEntries(Object.entries(f.attr).map(([k, v]) => [k, text(v.value.value as Uint8Array)])),
    arg_attr: sig.inputArg.map((_, n) => Object.fromEntries(Object.entries(f.argAttr[n]?.attr ?? {}).map(([k, v]) =>
      [k, v.value.case === 's' ? text(v.value.value)
        : v.value.case === 'list' ? v.value.value.shape[0].dim.map((d) => Number(d.size)) : null]))),
  };
}
