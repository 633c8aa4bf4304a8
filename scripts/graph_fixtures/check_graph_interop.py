"""Loads, in TF1 Python, what test/interop/graph_interop.test.ts wrote from TypeScript, and
prints what it finds as JSON on stdout.

  check_graph_interop.py checkpoint PREFIX
      -> {"variables": {name: {"shape": [...], "dtype": str, "value": [...]}}}
  check_graph_interop.py meta_graph META PREFIX FEED_JSON STEPS
      -> imports META, restores PREFIX, runs train_op STEPS times feeding FEED_JSON
         ({"x:0": [...], ...}); {"variables": [...], "trainable": [...], "losses": [...],
         "global_step": n, "collections": [...]}
  check_graph_interop.py saved_model DIR FEED_JSON FETCH_KEY
      -> loads DIR (tags ["serve"]), runs signature serving_default's output FETCH_KEY
         fed by its inputs from FEED_JSON ({input_key: value}); {"output": [...]}
"""
import json
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def checkpoint(prefix):
    reader = tf.train.load_checkpoint(prefix)
    out = {}
    for name, shape in sorted(reader.get_variable_to_shape_map().items()):
        v = reader.get_tensor(name)
        out[name] = {'shape': list(shape), 'dtype': str(v.dtype), 'value': np.asarray(v).tolist()}
    return {'variables': out}


def meta_graph(meta, prefix, feed_json, steps):
    feed = json.load(open(feed_json))
    g = tf.Graph()
    with g.as_default():
        saver = tf.train.import_meta_graph(meta)
        train_op = g.get_collection('train_op')[0]
        loss = g.get_tensor_by_name('loss:0')
        with tf.Session(graph=g) as sess:
            saver.restore(sess, prefix)
            losses = []
            for _ in range(int(steps)):
                losses.append(float(sess.run(loss, feed)))
                sess.run(train_op, feed)
            step = int(sess.run(tf.train.get_global_step()))
        return {
            'variables': [v.name for v in g.get_collection('variables')],
            'trainable': [v.name for v in g.get_collection('trainable_variables')],
            'losses': losses,
            'global_step': step,
            'collections': sorted(g.get_all_collection_keys()),
        }


def saved_model(export_dir, feed_json, fetch_key):
    feed = json.load(open(feed_json))
    g = tf.Graph()
    with tf.Session(graph=g) as sess:
        meta = tf.saved_model.loader.load(sess, ['serve'], export_dir)
        sig = meta.signature_def['serving_default']
        fd = {sig.inputs[k].name: v for k, v in feed.items()}
        out = sess.run(sig.outputs[fetch_key].name, fd)
    return {'output': np.asarray(out).tolist()}


if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    result = {'checkpoint': checkpoint, 'meta_graph': meta_graph, 'saved_model': saved_model}[cmd](*args)
    print(json.dumps(result))
