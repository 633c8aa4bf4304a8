{
  # The same addon as CMakeLists.txt, for node-gyp (`npx node-gyp rebuild`) and prebuildify.
  # libtensorflow comes from deps/libtensorflow, put there by scripts/install.js.
  "variables": {
    "tf_root": "<!(node -p \"require('./scripts/paths').libtensorflowDir\")",
    "tf_lib": "<!(node -p \"require('./scripts/paths').findLibrary() || 'libtensorflow-not-installed'\")"
  },
  "targets": [
    {
      "target_name": "tf1_node",
      "sources": ["<!@(node -p \"require('fs').readdirSync('native').filter(f => f.endsWith('.cc')).map(f => 'native/' + f).join(' ')\")"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "<(tf_root)/include"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED", "NAPI_CPP_EXCEPTIONS"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-fvisibility=hidden"],
      "libraries": [
        "<(tf_lib)",
        "<(tf_root)/lib/libtensorflow_framework.so.2",
        "-Wl,-rpath,'$$ORIGIN/../../deps/libtensorflow/lib'"
      ]
    }
  ]
}
