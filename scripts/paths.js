'use strict';
// Where libtensorflow lives, shared by the install script, CMakeLists.txt/binding.gyp (through
// `node -p`) and the runtime loader, so that build and run never disagree.
const fs = require('fs');
const path = require('path');

const libtensorflowDir = path.resolve(__dirname, '..', 'deps', 'libtensorflow');
// The wheel ships libtensorflow_cc.so.2, the official C tarball libtensorflow.so.2.
const LIBRARY_NAMES = ['libtensorflow_cc.so.2', 'libtensorflow.so.2'];

function findLibrary(libDir = path.join(libtensorflowDir, 'lib')) {
  const name = LIBRARY_NAMES.find((n) => fs.existsSync(path.join(libDir, n)));
  return name ? path.join(libDir, name) : null;
}

module.exports = { libtensorflowDir, findLibrary };
