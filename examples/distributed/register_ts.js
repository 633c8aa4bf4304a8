// A `require` hook for running the .ts sources of lib/ and examples/ in plain node processes (the
// cluster's task processes when started from sources rather than dist/): each .ts file is
// transpiled with TypeScript's transpileModule (no type check) and the output is cached on disk,
// keyed by path, size and mtime, so the second and later processes of a cluster start fast.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const ts = require(require.resolve('typescript', { paths: [path.resolve(__dirname, '..', '..')] }));

const CACHE = path.join(os.tmpdir(), `tf1-node-ts-cache-${ts.version}`);

if (!require.extensions['.ts']) {
  require.extensions['.ts'] = function loadTs(module, filename) {
    const st = fs.statSync(filename);
    const key = crypto.createHash('sha1').update(`${filename}\0${st.size}\0${st.mtimeMs}`).digest('hex');
    const cached = path.join(CACHE, `${key}.js`);
    let out;
    try {
      out = fs.readFileSync(cached, 'utf8');
    } catch {
      const source = fs.readFileSync(filename, 'utf8');
      out = ts.transpileModule(source, {
        fileName: filename,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
          sourceMap: false,
          inlineSourceMap: true,
        },
      }).outputText;
      try {
        fs.mkdirSync(CACHE, { recursive: true });
        const tmp = `${cached}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, out);
        fs.renameSync(tmp, cached);
      } catch {
        // A cache that cannot be written only costs time.
      }
    }
    module._compile(out, filename);
  };
}
