#!/usr/bin/env python3
"""Writes the event-file goldens under test/fixtures/events/.

python.tfevents is an event file made by Python TF's FileWriter;
hello_world.tfrecord holds the records b"hello" and b"world!" as
tf.io.TFRecordWriter writes them.

Run with the reference venv:  .venv-tf/bin/python scripts/interop/gen_event_golden.py

test/event_file.test.ts reads them back and checks that our framing and
serialization reproduce them byte for byte. python.tfevents holds, in order:
  file_version; graph_def and meta_graph_def (FileWriter built with a graph);
  session_log START at step 0; scalar "loss" = 1/2**s at steps 0..4 (hand-made
  Summary protos); session_log CHECKPOINT "/ckpt/model.ckpt" at step 3; the
  serialized result of merged summary ops (scalar "x_1", histogram "h", text
  "note") at steps 5 and 6 (the text plugin metadata only at step 5: FileWriter
  strips repeated metadata); run metadata tagged "step_5" (full trace);
  scalar "neg" = 7 at step -1.
"""

import glob
import os
import shutil
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf  # noqa: E402

tf.compat.v1.disable_eager_execution()
v1 = tf.compat.v1

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(ROOT, "test", "fixtures", "events")
OUT = os.path.join(OUT_DIR, "python.tfevents")


def main():
    g = tf.Graph()
    with g.as_default():
        x = v1.placeholder(tf.float32, [], name="x")
        y = tf.add(x, tf.constant(1.0, name="one"), name="y")
        v1.summary.scalar("x", x)
        v1.summary.histogram("h", tf.stack([x, y]))
        v1.summary.text("note", tf.constant("hello"))
        merged = v1.summary.merge_all()

    logdir = tempfile.mkdtemp()
    try:
        writer = v1.summary.FileWriter(logdir, graph=g)
        writer.add_session_log(v1.SessionLog(status=v1.SessionLog.START), 0)
        for step in range(5):
            writer.add_summary(v1.Summary(value=[v1.Summary.Value(tag="loss", simple_value=1.0 / 2 ** step)]), step)
        writer.add_session_log(v1.SessionLog(status=v1.SessionLog.CHECKPOINT, checkpoint_path="/ckpt/model.ckpt"), 3)
        with v1.Session(graph=g) as sess:
            for step in (5, 6):
                writer.add_summary(sess.run(merged, {x: float(step)}), step)
            meta = v1.RunMetadata()
            sess.run(y, {x: 1.0}, options=v1.RunOptions(trace_level=v1.RunOptions.FULL_TRACE), run_metadata=meta)
            writer.add_run_metadata(meta, "step_5", 5)
        writer.add_summary(v1.Summary(value=[v1.Summary.Value(tag="neg", simple_value=7.0)]), -1)
        writer.close()
        (path,) = glob.glob(os.path.join(logdir, "events.out.tfevents.*"))
        os.makedirs(OUT_DIR, exist_ok=True)
        shutil.copyfile(path, OUT)
    finally:
        shutil.rmtree(logdir)
    with tf.io.TFRecordWriter(os.path.join(OUT_DIR, "hello_world.tfrecord")) as w:
        w.write(b"hello")
        w.write(b"world!")
    print("wrote", os.path.relpath(OUT_DIR, ROOT))


if __name__ == "__main__":
    main()
