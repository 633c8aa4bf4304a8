#!/usr/bin/env node
'use strict';
// `npm install` entry point: make libtensorflow available under deps/libtensorflow, then build the
// addon unless a prebuilt one fits. Flags: --force (fetch libtensorflow again), --no-build.
// Sources, in order: $LIBTENSORFLOW_ROOT (official C tarball layout: lib/, include/), a copy
// already unpacked under deps/, else the pinned tensorflow-cpu wheel fetched with pip.
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');
const { libtensorflowDir, findLibrary } = require('./paths');

const meta = require('./libtensorflow.json');
const root = path.resolve(__dirname, '..');
const args = new Set(process.argv.slice(2));
const NEEDED_BYTES = 2.5e9; // wheel (270 MB) + unpacked libraries (850 MB) + slack

class InstallError extends Error {}

function log(msg) {
  console.log(`tf1-node: ${msg}`);
}

function isComplete(dir) {
  return findLibrary(path.join(dir, 'lib')) !== null &&
    fs.existsSync(path.join(dir, 'include', 'tensorflow', 'c', 'c_api.h'));
}

function run(cmd, cmdArgs, what) {
  const r = spawnSync(cmd, cmdArgs, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error && r.error.code === 'ENOENT') {
    throw new InstallError(`${cmd} was not found, so ${what} is not possible. Install Python 3 with pip, ` +
      'or set LIBTENSORFLOW_ROOT to an unpacked libtensorflow (lib/ and include/).');
  }
  if (r.status !== 0) throw new InstallError(`${what} failed (${cmd} exited with ${r.status}); see the output above.`);
}

function checkDisk(dir) {
  if (!fs.statfsSync) return;
  const s = fs.statfsSync(dir);
  const free = s.bavail * s.bsize;
  if (free < NEEDED_BYTES) {
    throw new InstallError(`only ${(free / 1e9).toFixed(1)} GB free in ${dir}; unpacking libtensorflow needs ` +
      `${NEEDED_BYTES / 1e9} GB. Free some space, or set LIBTENSORFLOW_ROOT to a copy elsewhere.`);
  }
}

function sha256(file) {
  const h = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let n;
  while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) h.update(buf.subarray(0, n));
  fs.closeSync(fd);
  return h.digest('hex');
}

function fetchWheel(dest) {
  const key = `${process.platform}-${process.arch}`;
  const wheel = meta.wheels[key];
  if (!wheel) {
    throw new InstallError(`no libtensorflow wheel is pinned for ${key}; set LIBTENSORFLOW_ROOT to an ` +
      'unpacked libtensorflow (lib/ and include/).');
  }
  const downloads = path.join(dest, '.download');
  fs.mkdirSync(downloads, { recursive: true });
  checkDisk(downloads);
  const file = path.join(downloads, wheel.file);
  if (!fs.existsSync(file)) {
    log(`fetching ${meta.package}==${meta.version} with pip`);
    run('python3', ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--retries', '0', '--timeout', '5',
      ...wheel.pip, '-d', downloads, `${meta.package}==${meta.version}`], 'downloading libtensorflow with pip');
  }
  if (!fs.existsSync(file)) throw new InstallError(`pip did not produce ${wheel.file}`);
  const got = sha256(file);
  if (got !== wheel.sha256) {
    fs.rmSync(file);
    throw new InstallError(`${wheel.file} has sha256 ${got}, expected ${wheel.sha256}. The file was removed; ` +
      'run npm install again, and if it repeats, check what your pip index serves.');
  }
  return file;
}

// Unpacks the libraries and headers named in libtensorflow.json; Python's zipfile is used because
// pip already needs python3, while an unzip binary may be missing.
function unpack(wheelFile, dest) {
  const staging = `${dest}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  const script = `
import sys, zipfile, os, shutil, json
wheel, out, members = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.endswith('/'):
            continue
        if name in members['libraries']:
            target = os.path.join(out, 'lib', os.path.basename(name))
        elif any(name.startswith(p) for p in members['headers']):
            target = os.path.join(out, 'include', name[len('tensorflow/include/'):])
        else:
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(name) as src, open(target, 'wb') as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
`;
  log('unpacking libtensorflow');
  run('python3', ['-c', script, wheelFile, staging, JSON.stringify(meta.members)], 'unpacking the wheel');
  fs.writeFileSync(path.join(staging, 'VERSION'), `${meta.version}\n`);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.renameSync(staging, dest);
  fs.rmSync(path.dirname(wheelFile), { recursive: true, force: true });
}

function ensureLibtensorflow() {
  const dest = libtensorflowDir;
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const userRoot = process.env.LIBTENSORFLOW_ROOT;
  if (userRoot) {
    const abs = path.resolve(userRoot);
    if (!isComplete(abs)) {
      throw new InstallError(`LIBTENSORFLOW_ROOT=${userRoot} does not hold lib/libtensorflow.so.2 (or ` +
        'libtensorflow_cc.so.2) and include/tensorflow/c/c_api.h');
    }
    fs.rmSync(dest, { recursive: true, force: true });
    fs.symlinkSync(abs, dest, 'dir');
    log(`using libtensorflow from ${abs}`);
    return;
  }
  const stamp = path.join(dest, 'VERSION');
  if (!args.has('--force') && isComplete(dest) &&
      (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8').trim() === meta.version)) {
    log(`using libtensorflow in ${path.relative(root, dest)}`);
    return;
  }
  unpack(fetchWheel(path.dirname(dest)), dest);
  log(`libtensorflow ${meta.version} is in ${path.relative(root, dest)}`);
}

function hasPrebuild() {
  try {
    require('node-gyp-build').path(root);
    return true;
  } catch {
    return false;
  }
}

function buildAddon() {
  if (args.has('--no-build')) return;
  if (hasPrebuild() && !process.env.TF1_NODE_BUILD_FROM_SOURCE) {
    log('using the prebuilt addon');
    return;
  }
  log('building the addon with cmake-js');
  run(process.execPath, [require.resolve('cmake-js/bin/cmake-js'), 'compile', '--out', 'build'], 'building the addon');
}

try {
  ensureLibtensorflow();
  buildAddon();
} catch (e) {
  if (!(e instanceof InstallError)) throw e;
  console.error(`tf1-node: ${e.message}`);
  process.exit(1);
}
