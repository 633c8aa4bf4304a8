#!/usr/bin/env node
/**
 * Generates lib/ops/gen/raw_ops.ts: one typed wrapper per op in libtensorflow's registry
 * (TF_GetAllOpList, via `binding.allOps()`), each built on `applyOp` (as `tf.raw_ops`).
 *
 *   node scripts/gen_ops.js            # rewrite lib/ops/gen/raw_ops.ts
 *   node scripts/gen_ops.js --check    # exit 1 when the committed file is stale
 *
 * Wrappers take one object keyed by the op's input and attr names in camelCase (`transposeA`),
 * plus an optional op name. Attrs that inputs determine (T, N) or that have defaults are
 * optional. They return the Operation (no outputs), the Output (one), an Output[] (one list
 * output), or an object keyed by output name.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
// The library is TypeScript; transpile it on load (typescript is a dev dependency).
const ts = require(path.join(root, 'node_modules', 'typescript'));
require.extensions['.ts'] = (m, filename) => {
  const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: filename,
  });
  m._compile(out.outputText, filename);
};
const { fromBinary } = require('@bufbuild/protobuf');
const { OpListSchema } = require(path.join(root, 'lib', 'proto', 'index.ts'));
const { binding } = require(path.join(root, 'lib', 'native.ts'));

const RESERVED = new Set(('break case catch class const continue debugger default delete do else enum export extends ' +
  'false finally for function if import in instanceof new null return super switch this throw true try typeof var ' +
  'void while with yield let static implements interface package private protected public await arguments eval')
  .split(' '));

const camel = (s) => s.replace(/_+([a-zA-Z0-9])/g, (_, c) => c.toUpperCase());
const fnName = (op) => {
  const n = op[0].toLowerCase() + op.slice(1);
  return RESERVED.has(n) ? `${n}_` : n;
};
const key = (s) => (/^[A-Za-z_$][\w$]*$/.test(s) && !RESERVED.has(s) ? s : JSON.stringify(s));

const ATTR_TS = {
  int: 'number', float: 'number', bool: 'boolean', type: 'DType', shape: '(number | null)[] | null',
  string: 'string | Uint8Array', tensor: 'TensorLike', func: 'string',
};
function attrTs(type) {
  const m = /^list\((\w+)\)$/.exec(type);
  if (m) return `Array<${ATTR_TS[m[1]] ?? 'unknown'}>`;
  return ATTR_TS[type] ?? 'unknown';
}

function wrapper(op) {
  const inferred = new Set();
  for (const a of op.inputArg) {
    if (a.typeAttr) inferred.add(a.typeAttr);
    if (a.numberAttr) inferred.add(a.numberAttr);
    if (a.typeListAttr) inferred.add(a.typeListAttr);
  }
  const fields = [];
  const inputs = [];
  const attrs = [];
  const names = new Set();
  for (const a of op.inputArg) {
    const p = camel(a.name);
    names.add(p);
    const list = a.numberAttr || a.typeListAttr;
    fields.push(`  ${key(p)}: ${list ? 'InputValue[]' : 'InputValue'};`);
    inputs.push(`${key(a.name)}: args.${p}`);
  }
  for (const at of op.attr) {
    let p = camel(at.name);
    if (names.has(p)) p = `${p}Attr`;
    names.add(p);
    const optional = inferred.has(at.name) || at.defaultValue !== undefined;
    fields.push(`  ${key(p)}${optional ? '?' : ''}: ${attrTs(at.type)};`);
    attrs.push(`${key(at.name)}: args.${p}`);
  }
  const outs = op.outputArg;
  let ret;
  let body;
  const call = `applyOp('${op.name}', { ${inputs.join(', ')} }, { ${attrs.join(', ')} }, name ?? '${op.name}')`;
  if (outs.length === 0) {
    ret = 'Operation';
    body = `return ${call};`;
  } else if (outs.length === 1 && !outs[0].numberAttr && !outs[0].typeListAttr) {
    ret = 'Output';
    body = `return ${call}.output(0);`;
  } else if (outs.length === 1) {
    ret = 'Output[]';
    body = `return groupedOutputs(${call})[0] as Output[];`;
  } else {
    ret = `{ ${outs.map((o) => `${key(camel(o.name))}: ${o.numberAttr || o.typeListAttr ? 'Output[]' : 'Output'}`).join('; ')} }`;
    body = `const g = groupedOutputs(${call});\n  return { ${outs.map((o, i) =>
      `${key(camel(o.name))}: g[${i}] as ${o.numberAttr || o.typeListAttr ? 'Output[]' : 'Output'}`).join(', ')} };`;
  }
  const argType = fields.length ? `{\n${fields.join('\n')}\n}` : 'Record<string, never>';
  const doc = [
    `/**`,
    ` * The \`${op.name}\` op${op.summary ? `: ${op.summary.replace(/\*\//g, '* /')}` : '.'}`,
    ` * Inputs: ${op.inputArg.map((a) => a.name).join(', ') || 'none'}. Outputs: ${outs.map((o) => o.name).join(', ') || 'none'}.`,
    ` */`,
  ].join('\n');
  const argsParam = fields.length ? `args: ${argType}` : `args: ${argType} = {}`;
  return `${doc}\nexport function ${fnName(op.name)}(${argsParam}, name?: string): ${ret} {\n  ${
    fields.length ? '' : 'void args;\n  '}${body}\n}\n`;
}

function generate() {
  const list = fromBinary(OpListSchema, binding.allOps());
  const ops = list.op
    .filter((o) => !o.name.startsWith('_') && !o.deprecation)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header = `/**
 * Typed wrappers for every op in libtensorflow ${binding.version()}'s registry (TF's \`tf.raw_ops\`),
 * generated by scripts/gen_ops.js from TF_GetAllOpList; do not edit. Each takes the op's inputs
 * and attrs by camelCase name and builds the op with \`applyOp\`, which infers type and length
 * attrs and converts host values to constants.
 *
 * @packageDocumentation
 */
/* eslint-disable */
import type { DType } from '../../framework/dtypes';
import { InputValue, applyOp, groupedOutputs } from '../../framework/op_def_library';
import type { Operation, Output } from '../../framework/ops';
import type { TensorLike } from '../../framework/tensor';

/** Names of the ops wrapped here. */
export const OP_NAMES: readonly string[] = ${JSON.stringify(ops.map((o) => o.name))};

`;
  return header + ops.map(wrapper).join('\n');
}

const out = path.join(root, 'lib', 'ops', 'gen', 'raw_ops.ts');
const text = generate();
if (process.argv.includes('--check')) {
  const cur = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  if (cur !== text) {
    console.error(`${path.relative(root, out)} is stale: run node scripts/gen_ops.js`);
    process.exit(1);
  }
} else {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  console.log(`wrote ${path.relative(root, out)}`);
}
