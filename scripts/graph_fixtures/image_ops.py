"""TF1's tf.image (tf.compat.v1.image) built with TF 2.21 in graph mode, for test/image_ops.test.ts: dtype
conversion, resizing, cropping and padding (static and unknown shapes), flips and rotations, color
adjustments, their seeded random versions, and PNG/JPEG encoding and decoding.

For each graph: its ops as io_ops.py records them (names, types, inputs, control inputs, placement,
attrs, Const values, collections), the static shapes of its fetches and what session runs of them
give for each feed. Also a tiny PNG and JPEG (base64) the codec graph decodes, and the errors bad
arguments raise while building.

Writes test/fixtures/graph_layer/image_ops.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/image_ops.py
"""
import base64
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds
from io_ops import errors_of

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'image_ops.json')

# A 4x5 RGB image: every channel value different, over the whole uint8 range.
IMG = (np.arange(60) * 37 % 256).astype(np.uint8).reshape(4, 5, 3)
# Floats in [0, 1) of few digits, so that the fixture stays small.
FIMG = ((IMG // 16) / 16.0).astype(np.float32)
BATCH = np.stack([FIMG, FIMG[::-1]])
GRAY = FIMG[:, :, :1]


def png_jpeg():
    """The PNG and JPEG of IMG, as TF encodes them."""
    with tf.Graph().as_default(), tf.Session() as sess:
        return sess.run([tf.image.encode_png(IMG), tf.image.encode_jpeg(IMG, quality=75)])


PNG, JPEG = png_jpeg()


def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


def images():
    img = tf.placeholder(tf.uint8, [4, 5, 3], name='img')
    fimg = tf.placeholder(tf.float32, [4, 5, 3], name='fimg')
    return img, fimg


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def convert():
    img, fimg = images()
    i32 = tf.placeholder(tf.int32, [3], name='i32')
    out = {
        'to_float': tf.image.convert_image_dtype(img, tf.float32),
        'to_uint8': tf.image.convert_image_dtype(fimg, tf.uint8),
        'saturate': tf.image.convert_image_dtype(fimg * 2.0 - 0.5, tf.uint8, saturate=True),
        'to_int32': tf.image.convert_image_dtype(img, tf.int32, name='widen'),
        'narrow': tf.image.convert_image_dtype(i32, tf.uint8),
        'narrow_saturate': tf.image.convert_image_dtype(i32, tf.uint8, saturate=True),
        'to_float64': tf.image.convert_image_dtype(fimg, tf.float64),
        'same': tf.image.convert_image_dtype(img, tf.uint8),
        'saturate_cast': tf.saturate_cast(fimg * 300.0, tf.uint8),
    }
    return out, feeds(a={'img': IMG, 'fimg': FIMG, 'i32': [-5, 2 ** 24 + 7, 2 ** 31 - 1]})


def resize():
    img, fimg = images()
    batch = tf.placeholder(tf.float32, [2, 4, 5, 3], name='batch')
    out = {
        'bilinear': tf.image.resize_images(fimg, [8, 10]),
        'nearest': tf.image.resize_images(fimg, [3, 7], tf.image.ResizeMethod.NEAREST_NEIGHBOR, align_corners=True),
        'bicubic': tf.image.resize_images(img, [6, 6], method=tf.image.ResizeMethod.BICUBIC, name='cubic'),
        'area': tf.image.resize_images(batch, [2, 3], method=tf.image.ResizeMethod.AREA),
        'same_size': tf.image.resize_images(fimg, [4, 5]),
        'aspect': tf.image.resize_images(fimg, [8, 8], preserve_aspect_ratio=True),
        'op_bilinear': tf.image.resize_bilinear(batch, [3, 3], align_corners=True),
        'op_nearest': tf.image.resize_nearest_neighbor(batch, [5, 2], half_pixel_centers=True, name='nn'),
        'with_pad': tf.image.resize_image_with_pad(fimg, 6, 6),
    }
    return out, feeds(a={'img': IMG, 'fimg': FIMG, 'batch': BATCH})


def crop_pad():
    img, fimg = images()
    batch = tf.placeholder(tf.float32, [2, 4, 5, 3], name='batch')
    out = {
        'crop_or_pad': tf.image.resize_image_with_crop_or_pad(img, 3, 7),
        'pad_or_crop': tf.image.resize_image_with_crop_or_pad(batch, 6, 2),
        'crop': tf.image.crop_to_bounding_box(img, 1, 1, 2, 3),
        'pad': tf.image.pad_to_bounding_box(fimg, 1, 2, 6, 8),
        'central': tf.image.central_crop(fimg, 0.5),
        'central_batch': tf.image.central_crop(batch, 0.6),
        'central_all': tf.image.central_crop(fimg, 1.0),
    }
    return out, feeds(a={'img': IMG, 'fimg': FIMG, 'batch': BATCH})


def dynamic():
    """Images of unknown height and width: the dimensions come from their Shape, checked at run time."""
    dyn = tf.placeholder(tf.float32, [None, None, 3], name='dyn')
    th = tf.placeholder(tf.int32, [], name='th')
    out = {
        'crop_or_pad': tf.image.resize_image_with_crop_or_pad(dyn, th, 4),
        'flip': tf.image.flip_left_right(dyn),
        'central': tf.image.central_crop(dyn, 0.5),
    }
    return out, feeds(a={'dyn': FIMG, 'th': 2}, b={'dyn': FIMG[:3, :4], 'th': 5})


def flips():
    img, _ = images()
    batch = tf.placeholder(tf.float32, [2, 4, 5, 3], name='batch')
    anything = tf.placeholder(tf.float32, name='any')
    k = tf.placeholder(tf.int32, [], name='k')
    out = {
        'left_right': tf.image.flip_left_right(img),
        'up_down': tf.image.flip_up_down(img),
        'batch_left_right': tf.image.flip_left_right(batch),
        'transpose': tf.image.transpose_image(img),
        'rot_k': tf.image.rot90(img, k),
        'rot_batch': tf.image.rot90(batch, k=3, name='quarter'),
        'any_flip': tf.image.flip_up_down(anything),
    }
    return out, feeds(a={'img': IMG, 'batch': BATCH, 'any': FIMG, 'k': 1}, b={'img': IMG, 'batch': BATCH,
                                                                             'any': FIMG[::-1], 'k': -3})


def color():
    img, fimg = images()
    gray = tf.placeholder(tf.float32, [4, 5, 1], name='gray')
    dyn_gray = tf.placeholder(tf.float32, [None, None, None], name='dyn_gray')
    out = {
        'standardized': tf.image.per_image_standardization(img),
        'grayscale': tf.image.rgb_to_grayscale(img),
        'grayscale_float': tf.image.rgb_to_grayscale(fimg, name='gray_f'),
        'rgb': tf.image.grayscale_to_rgb(gray),
        'rgb_dynamic': tf.image.grayscale_to_rgb(dyn_gray),
        'brightness': tf.image.adjust_brightness(img, 0.1),
        'brightness_float': tf.image.adjust_brightness(fimg, -0.2),
        'contrast': tf.image.adjust_contrast(img, 1.5),
        'contrast_float': tf.image.adjust_contrast(fimg, 0.5),
        'hue': tf.image.adjust_hue(fimg, 0.2),
        'hue_uint8': tf.image.adjust_hue(img, -0.1, name='hue8'),
        'saturation': tf.image.adjust_saturation(fimg, 1.7),
        'saturation_uint8': tf.image.adjust_saturation(img, 0.4),
    }
    return out, feeds(a={'img': IMG, 'fimg': FIMG, 'gray': GRAY, 'dyn_gray': GRAY})


def random():
    """Random ops with op seeds: the same values in every run of a graph with the same seeds."""
    img, fimg = images()
    batch = tf.placeholder(tf.float32, [2, 4, 5, 3], name='batch')
    boxes = tf.constant([[[0.1, 0.2, 0.6, 0.9]]])
    box = tf.image.sample_distorted_bounding_box([4, 5, 3], boxes, seed=1, seed2=2, min_object_covered=0.3)
    out = {
        'flip': tf.image.random_flip_left_right(img, seed=1),
        'flip_batch': tf.image.random_flip_up_down(batch, seed=2),
        'brightness': tf.image.random_brightness(fimg, 0.3, seed=3),
        'contrast': tf.image.random_contrast(fimg, 0.5, 1.5, seed=4),
        'saturation': tf.image.random_saturation(img, 0.5, 1.5, seed=5),
        'hue': tf.image.random_hue(fimg, 0.2, seed=6),
        'crop': tf.image.random_crop(img, [2, 3, 3], seed=7),
        'box': list(box),
        'box_named': list(tf.image.sample_distorted_bounding_box(
            tf.constant([4, 5, 3]), boxes, seed=3, aspect_ratio_range=[0.5, 2.0], area_range=[0.2, 0.9],
            max_attempts=50, use_image_if_no_bounding_boxes=True, name='sdbb')),
    }
    return out, feeds(a={'img': IMG, 'fimg': FIMG, 'batch': BATCH})


def graph_seeded():
    """A graph seed and no op seeds: each random op's seed counted in the graph."""
    tf.set_random_seed(11)
    img, fimg = images()
    out = {
        'flip': tf.image.random_flip_up_down(img),
        'brightness': tf.image.random_brightness(img, 0.2),
        'crop': tf.image.random_crop(fimg, [3, 3, 2]),
    }
    return out, feeds(a={'img': IMG, 'fimg': FIMG})


def codec():
    """The PNG and JPEG decoded (their bytes Consts), and IMG encoded."""
    png, jpeg = tf.constant(PNG, name='png'), tf.constant(JPEG, name='jpeg')
    out = {
        'png': tf.image.decode_png(png),
        'png_gray': tf.image.decode_png(png, channels=1, name='gray'),
        'jpeg': tf.image.decode_jpeg(jpeg, channels=3),
        'image_png': tf.image.decode_image(png),
        'image_jpeg_float': tf.image.decode_image(jpeg, dtype=tf.float32, expand_animations=False),
        'image_int16': tf.image.decode_image(png, dtype=tf.int16, channels=3, name='decode16'),
        'encoded_png': tf.image.encode_png(IMG, compression=9),
        'round_trip': tf.image.decode_png(tf.image.encode_png(tf.constant(IMG))),
    }
    return out, [{}]


GRAPHS = [convert, resize, crop_pad, dynamic, flips, color, random, graph_seeded, codec]


# --- errors while building -------------------------------------------------------------------

def build_errors():
    def z(*shape):
        return tf.zeros(shape)
    cases = {
        'flip_rank2': lambda: tf.image.flip_left_right(z(4, 5)),
        'flip_rank5': lambda: tf.image.flip_up_down(z(1, 2, 3, 4, 5)),
        'random_flip_rank5': lambda: tf.image.random_flip_left_right(z(1, 2, 3, 4, 5)),
        'flip_zero_dim': lambda: tf.image.flip_left_right(z(0, 5, 3)),
        'transpose_rank2': lambda: tf.image.transpose_image(z(4, 5)),
        'rot90_k_rank': lambda: tf.image.rot90(z(4, 5, 3), k=[1]),
        'crop_too_big': lambda: tf.image.crop_to_bounding_box(z(4, 5, 3), 1, 1, 4, 4),
        'crop_negative': lambda: tf.image.crop_to_bounding_box(z(4, 5, 3), 0, -1, 2, 2),
        'crop_target_zero': lambda: tf.image.crop_to_bounding_box(z(4, 5, 3), 0, 0, 2, 0),
        'crop_rank2': lambda: tf.image.crop_to_bounding_box(z(4, 5), 0, 0, 2, 2),
        'pad_too_small': lambda: tf.image.pad_to_bounding_box(z(4, 5, 3), 0, 0, 3, 5),
        'pad_negative': lambda: tf.image.pad_to_bounding_box(z(4, 5, 3), -1, 0, 6, 6),
        'crop_or_pad_zero': lambda: tf.image.resize_image_with_crop_or_pad(z(4, 5, 3), 0, 3),
        'resize_no_shape': lambda: tf.image.resize_images(tf.placeholder(tf.float32), [2, 2]),
        'resize_rank2': lambda: tf.image.resize_images(z(4, 5), [2, 2]),
        'resize_size_length': lambda: tf.image.resize_images(z(4, 5, 3), [1, 2, 3]),
        'resize_size_float': lambda: tf.image.resize_images(z(4, 5, 3), tf.constant([1.0, 2.0])),
        'resize_method': lambda: tf.image.resize_images(z(4, 5, 3), [2, 2], method=7),
        'with_pad_zero': lambda: tf.image.resize_image_with_pad(z(4, 5, 3), 4, 0),
        'central_fraction_big': lambda: tf.image.central_crop(z(4, 5, 3), 1.5),
        'central_fraction_zero': lambda: tf.image.central_crop(z(4, 5, 3), 0.0),
        'central_rank5': lambda: tf.image.central_crop(z(1, 2, 3, 4, 5), 0.5),
        'brightness_delta': lambda: tf.image.random_brightness(z(4, 5, 3), -0.1),
        'contrast_order': lambda: tf.image.random_contrast(z(4, 5, 3), 0.8, 0.5),
        'contrast_negative': lambda: tf.image.random_contrast(z(4, 5, 3), -0.5, 0.5),
        'saturation_order': lambda: tf.image.random_saturation(z(4, 5, 3), 1.0, 1.0),
        'hue_big': lambda: tf.image.random_hue(z(4, 5, 3), 0.6),
        'hue_negative': lambda: tf.image.random_hue(z(4, 5, 3), -0.1),
        'gray_channels': lambda: tf.image.grayscale_to_rgb(z(4, 5, 3)),
        'gray_rank1': lambda: tf.image.grayscale_to_rgb(z(4)),
        'standardize_rank2': lambda: tf.image.per_image_standardization(z(4, 5)),
        'convert_to_string': lambda: tf.image.convert_image_dtype(z(4, 5, 3), tf.string),
        'convert_from_bool': lambda: tf.image.convert_image_dtype(tf.zeros([4, 5, 3], tf.bool), tf.float32),
    }
    return errors_of(cases)


def float32_attrs(x):
    """Float attrs as the float32 they hold (proto JSON prints them shortest, as float32; the tests read doubles)."""
    if isinstance(x, dict):
        return {k: ([float(np.float32(f)) for f in v] if k == 'f' and isinstance(v, list)
                    else float(np.float32(v)) if k == 'f' else float32_attrs(v)) for k, v in x.items()}
    return x


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    for g in recorded.values():
        g['attrs'] = float32_attrs(g['attrs'])
    out = {'images': {'png': base64.b64encode(PNG).decode(), 'jpeg': base64.b64encode(JPEG).decode()},
           'graphs': recorded, 'values': values, 'build_errors': build_errors()}
    # Compact (not io_ops.write_fixture's indented form): the op-by-op records of the run-time checks
    # would make it several times larger.
    with open(OUT, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
        f.write('\n')
    print('wrote', OUT)


if __name__ == '__main__':
    main()
