#!/usr/bin/env python3
"""Regenerates lib/proto/gen/ (TypeScript protobuf-es code for TensorFlow's protos).

Run with the reference venv:  .venv-tf/bin/python scripts/gen_protos.py [--check]

With --check nothing is written: it exits 1 if lib/proto/gen/ differs from what
it would generate (for CI).

The TensorFlow wheel ships no .proto files, but every `*_pb2.py` module embeds
its serialized FileDescriptorProto. We collect the descriptors of the messages
this package reads or writes (plus everything they import), wrap them in a
`google.protobuf.compiler.CodeGeneratorRequest` exactly as protoc would, and
pipe that to node_modules/.bin/protoc-gen-es. The output is deterministic: the
same venv gives byte-identical files, so the generated code is committed.

Descriptors carry no source info, so the generated code has no proto comments.
"""

import importlib
import os
import shutil
import subprocess
import sys

from google.protobuf import descriptor_pb2
from google.protobuf.compiler import plugin_pb2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "lib", "proto", "gen")
PLUGIN = os.path.join(ROOT, "node_modules", ".bin", "protoc-gen-es")

# CommonJS output through tsc: extension-less relative imports resolve there.
PARAMETER = "target=ts,import_extension=none"

# Modules whose files (and their imports) get generated. The comment names the
# messages we need from each.
MODULES = [
    "tensorflow.core.framework.graph_pb2",  # GraphDef
    "tensorflow.core.framework.node_def_pb2",  # NodeDef
    "tensorflow.core.framework.attr_value_pb2",  # AttrValue
    "tensorflow.core.framework.tensor_pb2",  # TensorProto
    "tensorflow.core.framework.tensor_shape_pb2",  # TensorShapeProto
    "tensorflow.core.framework.types_pb2",  # DataType
    "tensorflow.core.framework.op_def_pb2",  # OpDef, OpList
    "tensorflow.core.framework.function_pb2",  # FunctionDefLibrary
    "tensorflow.core.framework.versions_pb2",  # VersionDef
    "tensorflow.core.framework.variable_pb2",  # VariableDef
    "tensorflow.core.framework.summary_pb2",  # Summary, SummaryMetadata (HistogramProto via import)
    "tensorflow.core.framework.step_stats_pb2",  # StepStats
    "tensorflow.core.protobuf.meta_graph_pb2",  # MetaGraphDef, CollectionDef, SignatureDef, TensorInfo, AssetFileDef
    "tensorflow.core.protobuf.saver_pb2",  # SaverDef
    "tensorflow.core.protobuf.queue_runner_pb2",  # QueueRunnerDef
    "tensorflow.core.protobuf.control_flow_pb2",  # CondContextDef, WhileContextDef (cond_context, while_context)
    "tensorflow.core.protobuf.saved_model_pb2",  # SavedModel
    "tensorflow.core.protobuf.saved_object_graph_pb2",  # SavedObjectGraph
    "tensorflow.core.protobuf.config_pb2",  # ConfigProto, RunOptions, RunMetadata
    "tensorflow.core.protobuf.tensorflow_server_pb2",  # ServerDef
    "tensorflow.core.protobuf.cluster_pb2",  # ClusterDef
    "tensorflow.core.util.event_pb2",  # Event, SessionLog, TaggedRunMetadata
    "tensorflow.core.example.example_pb2",  # Example, SequenceExample (Feature, Features via import)
    "tensorflow.python.training.checkpoint_state_pb2",  # CheckpointState
]

# protoc-gen-es maps these to @bufbuild/protobuf/wkt instead of generating them.
WKT_PREFIX = "google/protobuf/"


def json_name(name):
    """protoc's ToJsonName: drop underscores, upper-case the letter after each."""
    out, upper = [], False
    for c in name:
        if c == "_":
            upper = True
        else:
            out.append(c.upper() if upper else c)
            upper = False
    return "".join(out)


def add_json_names(messages):
    # protoc fills json_name in every request it sends a plugin; the embedded
    # descriptors lack it, and protoc-gen-es would otherwise print `json_name = ""`.
    for m in messages:
        for f in m.field:
            f.json_name = json_name(f.name)
        add_json_names(m.nested_type)


def collect():
    """Returns FileDescriptorProtos in dependency order (imports first)."""
    ordered, seen = [], set()

    def visit(fd):
        if fd.name in seen:
            return
        seen.add(fd.name)
        for dep in sorted(fd.dependencies, key=lambda d: d.name):
            visit(dep)
        proto = descriptor_pb2.FileDescriptorProto.FromString(fd.serialized_pb)
        add_json_names(proto.message_type)
        ordered.append(proto)

    for name in sorted(MODULES):
        visit(importlib.import_module(name).DESCRIPTOR)
    return ordered


def generate():
    """Returns {path relative to OUT_DIR: content} as protoc-gen-es makes it."""
    files = collect()
    request = plugin_pb2.CodeGeneratorRequest()
    request.parameter = PARAMETER
    request.proto_file.extend(files)
    request.file_to_generate.extend(
        f.name for f in files if not f.name.startswith(WKT_PREFIX))

    result = subprocess.run([PLUGIN], input=request.SerializeToString(),
                            capture_output=True, check=True, cwd=ROOT)
    response = plugin_pb2.CodeGeneratorResponse.FromString(result.stdout)
    if response.HasField("error"):
        sys.exit("protoc-gen-es: " + response.error)
    return {f.name: f.content for f in response.file}


def existing():
    found = {}
    for dirpath, _, names in os.walk(OUT_DIR):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8", newline="") as f:
                found[os.path.relpath(path, OUT_DIR).replace(os.sep, "/")] = f.read()
    return found


def main():
    generated = generate()
    rel = os.path.relpath(OUT_DIR, ROOT)
    if "--check" in sys.argv[1:]:
        if existing() != generated:
            sys.exit("%s is out of date: run scripts/gen_protos.py" % rel)
        print("%s is up to date" % rel)
        return
    # Start empty, so files of protos no longer needed do not linger.
    shutil.rmtree(OUT_DIR, ignore_errors=True)
    for name, content in sorted(generated.items()):
        path = os.path.join(OUT_DIR, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
    print("wrote %d files to %s" % (len(generated), rel))


if __name__ == "__main__":
    main()
