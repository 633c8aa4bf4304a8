"""The gradients of TF1's tf.gather (GatherV2) built with TF 2.21 in graph mode, for test/gather_grad.test.ts:
Python's `_GatherV2Grad` on axis 0 (IndexedSlices), on a positive, negative or placeholder axis, with
batch_dims (positive and negative, one and two batch dimensions), on rank-3 params, with repeated
indices and with shapes known only at run time, by value; a gather on axis -1 trained by
GradientDescent; and the errors its gradients raise while building (batch_dims < 0 with indices of
unknown rank; ResourceGather's gradient, which ignores batch_dims).

Writes test/fixtures/graph_layer/gather_grad.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/gather_grad.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

import io_ops
from control_flow import feeds, gradient_values
from io_ops import errors_of
from linear_operator import fit, ph

tf.disable_v2_behavior()
tf.get_logger().setLevel('ERROR')

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'gather_grad.json')

X34 = (np.arange(12, dtype=np.float32).reshape(3, 4) * 0.5 - 2.0)
X234 = (np.arange(24, dtype=np.float32).reshape(2, 3, 4) * 0.25 - 3.0)
X333 = (np.arange(27, dtype=np.float32).reshape(3, 3, 3) * 0.5 - 6.0)


def weighted(y):
    """A loss whose gradient differs per element of y: sum(y * y * 0.5 + y)."""
    return tf.reduce_sum(y * y * 0.5 + y)


# --- gradients -------------------------------------------------------------------------------------

def grad_cases():
    def axis0_rows():
        x = ph('x', [3, 4])
        return weighted(tf.gather(x, [2, 0, 2])), [x], feeds(a={'x': X34})

    def axis1():
        x = ph('x', [3, 4])
        return weighted(tf.gather(x, [3, 0, 3, 1], axis=1)), [x], feeds(a={'x': X34})

    def axis_neg1():
        x = ph('x', [2, 3, 4])
        return weighted(tf.gather(x, [[3, 0], [1, 3]], axis=-1)), [x], feeds(a={'x': X234})

    def axis_neg2_rank3():
        x = ph('x', [2, 3, 4])
        return weighted(tf.gather(x, [2, 2, 0], axis=-2)), [x], feeds(a={'x': X234})

    def axis_placeholder():
        x, a = ph('x', [3, 3, 3]), ph('a', [], tf.int32)
        return weighted(tf.gather(x, [2, 0, 2], axis=a)), [x], feeds(
            a0={'x': X333, 'a': 0}, a1={'x': X333, 'a': 1}, a2={'x': X333, 'a': 2}, neg1={'x': X333, 'a': -1})

    def batch_dims1_axis1():
        x = ph('x', [3, 4])
        i = tf.constant([[3, 0, 3], [1, 1, 0], [2, 3, 2]])
        return weighted(tf.gather(x, i, batch_dims=1)), [x], feeds(a={'x': X34})

    def batch_dims1_axis2():
        x = ph('x', [2, 3, 4])
        i = tf.constant([[3, 0], [1, 1]])
        return weighted(tf.gather(x, i, axis=2, batch_dims=1)), [x], feeds(a={'x': X234})

    def batch_dims2_axis2():
        x = ph('x', [2, 3, 4])
        i = tf.constant([[[3, 0], [1, 1], [2, 2]], [[0, 0], [3, 1], [1, 2]]])
        return weighted(tf.gather(x, i, axis=2, batch_dims=2)), [x], feeds(a={'x': X234})

    def batch_dims_neg1():
        x = ph('x', [2, 3, 4])
        i = tf.constant([[3, 0, 0], [1, 2, 1]])
        return weighted(tf.gather(x, i, batch_dims=-1)), [x], feeds(a={'x': X234})

    def batch_dims_neg1_axis1():
        x = ph('x', [2, 3, 4])
        i = tf.constant([[2, 0], [1, 1]])
        return weighted(tf.gather(x, i, axis=1, batch_dims=-1)), [x], feeds(a={'x': X234})

    def int64_indices_axis1():
        x = ph('x', [3, 4])
        return weighted(tf.gather(x, tf.constant([1, 1, 2], tf.int64), axis=1)), [x], feeds(a={'x': X34})

    def unknown_shapes():
        x, i = ph('x', None), ph('i', None, tf.int32)
        return weighted(tf.gather(x, i, axis=-1)), [x], feeds(
            rank2={'x': X34, 'i': [[0, 3], [3, 3]]}, rank3={'x': X234, 'i': [1, 1, 2]})

    def unknown_batch():
        x, i = ph('x', [None, None, 4]), ph('i', [None, 2], tf.int32)
        return weighted(tf.gather(x, i, axis=2, batch_dims=1)), [x], feeds(
            a={'x': X234, 'i': [[3, 0], [2, 2]]})

    return {name: fn for name, fn in locals().items() if callable(fn)}


def training():
    """Columns of a variable picked by a gather on axis -1, fitted to TARGET by GradientDescent."""
    with tf.Graph().as_default():
        w = tf.get_variable('w', initializer=X34)
        y = tf.gather(w, [3, 1, 3], axis=-1)
        return fit(w, tf.reduce_sum(tf.square(y - tf.constant(np.ones([3, 3], np.float32)))), 0.1, steps=4)


# --- errors while building -------------------------------------------------------------------------

def build_errors():
    def negative_batch_dims_unknown_rank():
        x = ph('x', [2, 3])
        tf.gradients(tf.gather(x, ph('i', None, tf.int32), batch_dims=-1), x)

    def resource_gather_batch_dims():
        v = tf.get_variable('v', initializer=np.ones([2, 3], np.float32), use_resource=True)
        y = tf.raw_ops.ResourceGather(resource=v.handle, indices=[[0, 2], [1, 1]], dtype=tf.float32, batch_dims=1)
        tf.gradients(y, v)

    return errors_of({'negative_batch_dims_unknown_rank': negative_batch_dims_unknown_rank,
                      'resource_gather_batch_dims': resource_gather_batch_dims})


def main():
    io_ops.write_fixture({'gradients': gradient_values(grad_cases()), 'training': training(),
                          'build_errors': build_errors()}, OUT, compact=True)


if __name__ == '__main__':
    main()
