// A minimal `require` hook for lib/*.ts in processes jest does not transform: worker_threads and
// child processes started by the tests (`node -r test/helpers/register_ts.js ...`). Each .ts file
// is transpiled with TypeScript's transpileModule (no type check, as ts-jest's isolatedModules),
// so tests exercise the same sources jest does, without a dist/ build. Output is cached on disk by
// content hash (os.tmpdir()/tf1-node-ts-cache), and typescript itself is loaded only on a miss.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const CACHE = path.join(os.tmpdir(), 'tf1-node-ts-cache');
let ts;

function transpile(source, filename) {
  const key = crypto.createHash('sha1').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // a miss: transpile below
  }
  ts ??= require('typescript');
  const out = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: true,
    },
  }).outputText;
  try {
    fs.mkdirSync(CACHE, { recursive: true });
    const tmp = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(tmp, out);
    fs.renameSync(tmp, cached); // atomic: concurrent workers never read half a file
  } catch {
    // caching is best effort
  }
  return out;
}

if (!require.extensions['.ts']) {
  require.extensions['.ts'] = function loadTs(module, filename) {
    module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
  };
}
