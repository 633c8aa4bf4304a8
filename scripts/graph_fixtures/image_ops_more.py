"""The rest of TF1's tf.image (tf.compat.v1.image) built with TF 2.21 in graph mode, for
test/image_ops_more.test.ts: non-max suppression, crop_and_resize, bounding boxes and glimpses,
the color spaces, gamma and JPEG quality, total variation, image gradients and Sobel edges,
PSNR, SSIM and MS-SSIM, the resize op wrappers and BMP/GIF decoding.

For each graph: its ops as io_ops.py records them, the static shapes of its fetches and what
session runs of them give for each feed. Then gradient values through these functions, a few
steps of GradientDescent on an SSIM and total-variation loss, and the errors bad arguments
raise while building.

Writes test/fixtures/graph_layer/image_ops_more.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/image_ops_more.py
"""
import json
import os
import struct

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds, gradient_values
from image_ops import BATCH, FIMG, IMG, float32_attrs, images, shapes_of
from io_ops import errors_of, value_json

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'image_ops_more.json')

# Two 8x10 images for SSIM, one a noisy version of the other.
BIG = ((np.arange(240) * 53 % 97) / 97.0).astype(np.float32).reshape(8, 10, 3)
BIG2 = (BIG * 0.75 + ((np.arange(240) * 7 % 11) / 44.0).reshape(8, 10, 3)).astype(np.float32)
BOXES = np.array([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11], [0, 10.1, 1, 11.1],
                  [0, 100, 1, 101]], np.float32)
SCORES = np.array([0.9, 0.75, 0.6, 0.95, 0.5, 0.3], np.float32)
CROP_BOXES = np.array([[0.0, 0.0, 1.0, 1.0], [0.25, 0.2, 0.75, 0.9], [0.5, 0.5, 1.2, 1.1]], np.float32)


def bmp(image):
    """A 24-bit BMP of an HxWx3 uint8 image (rows bottom up, BGR, each padded to 4 bytes)."""
    h, w, _ = image.shape
    row = (w * 3 + 3) // 4 * 4
    data = b''.join(image[y, :, ::-1].tobytes() + b'\0' * (row - w * 3) for y in reversed(range(h)))
    header = struct.pack('<2sIHHI', b'BM', 54 + len(data), 0, 0, 54)
    info = struct.pack('<IiiHHIIiiII', 40, w, h, 1, 24, 0, len(data), 2835, 2835, 0, 0)
    return header + info + data


BMP = bmp(IMG)
# The smallest GIF: one white pixel.
GIF = (b'GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00'
       b'\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;')


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def nms():
    boxes = tf.placeholder(tf.float32, [6, 4], name='boxes')
    scores = tf.placeholder(tf.float32, [6], name='scores')
    overlaps = tf.placeholder(tf.float32, [3, 3], name='overlaps')
    batch_boxes = tf.placeholder(tf.float32, [2, 6, 1, 4], name='batch_boxes')
    batch_scores = tf.placeholder(tf.float32, [2, 6, 2], name='batch_scores')
    combined = tf.image.combined_non_max_suppression(batch_boxes, batch_scores, 2, 3)
    combined_named = tf.image.combined_non_max_suppression(batch_boxes, batch_scores, 3, 4, iou_threshold=0.4,
                                                           score_threshold=0.55, pad_per_class=True,
                                                           clip_boxes=False, name='cnms')
    out = {
        'nms': tf.image.non_max_suppression(boxes, scores, 3),
        'nms_named': tf.image.non_max_suppression(boxes, scores, 6, iou_threshold=0.3, score_threshold=0.55,
                                                  name='pick'),
        'nms_tensor_size': tf.image.non_max_suppression(boxes, scores, tf.constant(2)),
        'with_scores': list(tf.image.non_max_suppression_with_scores(boxes, scores, 4)),
        'soft': list(tf.image.non_max_suppression_with_scores(boxes, scores, 6, iou_threshold=1.0,
                                                              score_threshold=0.1, soft_nms_sigma=0.5, name='soft')),
        'overlaps': tf.image.non_max_suppression_overlaps(overlaps, scores[:3], 3),
        'overlaps_named': tf.image.non_max_suppression_overlaps(overlaps, scores[:3], 2, overlap_threshold=0.3,
                                                                score_threshold=0.7, name='ov'),
        'combined': list(combined),
        'combined_named': list(combined_named),
    }
    batch = np.stack([BOXES, BOXES[::-1]])[:, :, None, :] / 100.0
    return out, feeds(a={'boxes': BOXES, 'scores': SCORES, 'overlaps': [[1, 0.5, 0.2], [0.5, 1, 0.1], [0.2, 0.1, 1]],
                         'batch_boxes': batch, 'batch_scores': np.stack([
                             np.stack([SCORES, SCORES[::-1]], -1), np.stack([SCORES[::-1], SCORES], -1)])})


def crop():
    img, _ = images()
    batch = tf.placeholder(tf.float32, [2, 4, 5, 3], name='batch')
    boxes = tf.placeholder(tf.float32, [3, 4], name='crop_boxes')
    out = {
        'crop_and_resize': tf.image.crop_and_resize(batch, boxes, [0, 1, 0], [3, 3]),
        'nearest': tf.image.crop_and_resize(batch, boxes, box_ind=[1, 1, 0], crop_size=[2, 4], method='nearest',
                                            extrapolation_value=-1.0, name='cr'),
        'box_indices': tf.image.crop_and_resize(tf.expand_dims(img, 0), boxes, crop_size=tf.constant([2, 2]),
                                                box_indices=tf.zeros([3], tf.int32)),
        'draw': tf.image.draw_bounding_boxes(batch, tf.reshape(tf.tile(boxes[:2], [2, 1]), [2, 2, 4])),
        'draw_colors': tf.image.draw_bounding_boxes(batch, tf.reshape(boxes[:2], [2, 1, 4]), name='drawn',
                                                    colors=[[1.0, 0.0, 0.0, 1.0], [0.0, 0.5, 1.0, 1.0]]),
        'glimpse': tf.image.extract_glimpse(batch, [2, 3], [[0.0, 0.0], [0.25, -0.5]]),
        'glimpse_pixels': tf.image.extract_glimpse(batch, [3, 2], tf.constant([[1.0, 2.0], [2.0, 1.0]]),
                                                   centered=False, normalized=False, uniform_noise=False,
                                                   name='glimpse_px'),
    }
    return out, feeds(a={'img': IMG, 'batch': BATCH, 'crop_boxes': CROP_BOXES})


def color():
    img, fimg = images()
    out = {
        'hsv': tf.image.rgb_to_hsv(fimg),
        'rgb': tf.image.hsv_to_rgb(tf.image.rgb_to_hsv(fimg, name='to_hsv'), name='to_rgb'),
        'yuv': tf.image.rgb_to_yuv(fimg),
        'from_yuv': tf.image.yuv_to_rgb(tf.image.rgb_to_yuv(fimg)),
        'yiq': tf.image.rgb_to_yiq(fimg),
        'from_yiq': tf.image.yiq_to_rgb(tf.image.rgb_to_yiq(tf.cast(fimg, tf.float64))),
        'gamma': tf.image.adjust_gamma(fimg, 2.0),
        'gamma_default': tf.image.adjust_gamma(fimg),
        'gamma_uint8': tf.image.adjust_gamma(img, 0.5, 1.5),
        'gamma_tensor': tf.image.adjust_gamma(fimg, tf.constant(1.5), tf.constant(0.8)),
        'jpeg_quality': tf.image.adjust_jpeg_quality(img, 50),
        'jpeg_quality_float': tf.image.adjust_jpeg_quality(fimg, tf.constant(80), dct_method='INTEGER_ACCURATE',
                                                           name='jq'),
        'random_jpeg_quality': tf.image.random_jpeg_quality(fimg, 40, 60, seed=3),
    }
    return out, feeds(a={'img': IMG, 'fimg': FIMG})


def metrics():
    img, fimg = images()
    batch = tf.placeholder(tf.float32, [2, 4, 5, 3], name='batch')
    big = tf.placeholder(tf.float32, [8, 10, 3], name='big')
    big2 = tf.placeholder(tf.float32, [8, 10, 3], name='big2')
    out = {
        'total_variation': tf.image.total_variation(fimg),
        'total_variation_batch': tf.image.total_variation(batch, name='tv'),
        'image_gradients': list(tf.image.image_gradients(batch)),
        'sobel': tf.image.sobel_edges(batch),
        'psnr': tf.image.psnr(batch, tf.reverse(batch, [0]), 1.0),
        'psnr_uint8': tf.image.psnr(img, tf.image.flip_left_right(img), 255, name='p8'),
        'ssim': tf.image.ssim(big, big2, 1.0, filter_size=7),
        'ssim_small': tf.image.ssim(batch, tf.reverse(batch, [0]), 1.0, filter_size=3, filter_sigma=0.8, k1=0.02, k2=0.05),
        'ssim_map': tf.image.ssim(big, big2, 1.0, filter_size=5, return_index_map=True),
        'ssim_uint8': tf.image.ssim(img, tf.image.flip_up_down(img), 255, filter_size=3),
        'ms_ssim': tf.image.ssim_multiscale(big, big2, 1.0, power_factors=(0.3, 0.7), filter_size=3),
    }
    return out, feeds(a={'img': IMG, 'fimg': FIMG, 'batch': BATCH, 'big': BIG, 'big2': BIG2})


def resize():
    img, fimg = images()
    batch = tf.placeholder(tf.float32, [2, 4, 5, 3], name='batch')
    out = {
        'resize': tf.image.resize(fimg, [6, 7]),
        'resize_method': tf.image.resize(img, [2, 3], tf.image.ResizeMethod.AREA, name='r'),
        'bicubic': tf.image.resize_bicubic(batch, [6, 7]),
        'bicubic_named': tf.image.resize_bicubic(batch, [3, 3], align_corners=True, name='cubic'),
        'bicubic_half': tf.image.resize_bicubic(batch, [5, 4], half_pixel_centers=True),
        'area': tf.image.resize_area(batch, [2, 3]),
        'area_named': tf.image.resize_area(tf.expand_dims(img, 0), [3, 2], align_corners=True, name='area'),
        'crop_or_pad': tf.image.resize_with_crop_or_pad(fimg, 3, 6),
        'patches': tf.image.extract_patches(batch, [1, 2, 2, 1], [1, 2, 2, 1], [1, 1, 1, 1], 'VALID'),
    }
    return out, feeds(a={'img': IMG, 'fimg': FIMG, 'batch': BATCH})


def codec():
    bmp_bytes, gif = tf.constant(BMP, name='bmp'), tf.constant(GIF, name='gif')
    jpeg = tf.image.encode_jpeg(tf.constant(IMG), quality=90)
    out = {
        'bmp': tf.image.decode_bmp(bmp_bytes),
        'bmp_channels': tf.image.decode_bmp(bmp_bytes, channels=3, name='bmp3'),
        'gif': tf.image.decode_gif(gif),
        'gif_named': tf.image.decode_gif(gif, name='gif1'),
        'jpeg_shape': tf.image.extract_jpeg_shape(jpeg),
        'jpeg_shape64': tf.image.extract_jpeg_shape(jpeg, output_type=tf.int64, name='js'),
        'crop_jpeg': tf.image.decode_and_crop_jpeg(jpeg, [1, 1, 2, 3], channels=3),
        'is_jpeg': tf.image.is_jpeg(jpeg),
        'is_jpeg_bmp': tf.image.is_jpeg(bmp_bytes, name='bmp_jpeg'),
    }
    return out, [{}]


GRAPHS = [nms, crop, color, metrics, resize, codec]


# --- gradients ---------------------------------------------------------------------------------

def grad_cases():
    def on_image(f, value=FIMG, shape=(4, 5, 3)):
        def build():
            x = tf.placeholder(tf.float32, shape, name='x')
            return f(x), [x], [{'x': value}]
        return build

    def crop_boxes():
        x = tf.placeholder(tf.float32, [2, 4, 5, 3], name='x')
        b = tf.placeholder(tf.float32, [3, 4], name='b')
        out = tf.image.crop_and_resize(x, b, [0, 1, 0], [3, 2])
        return tf.reduce_sum(out * out), [x, b], \
            [{'x': BATCH, 'b': CROP_BOXES}]

    weights = np.cos(np.arange(60)).astype(np.float32).reshape(4, 5, 3)
    return {
        'crop_and_resize': crop_boxes,
        'resize_bicubic': on_image(lambda x: tf.reduce_sum(tf.image.resize_bicubic(x, [6, 7]) ** 2), BATCH,
                                   (2, 4, 5, 3)),
        'resize_nearest': on_image(lambda x: tf.reduce_sum(tf.image.resize_images(
            x, [3, 8], tf.image.ResizeMethod.NEAREST_NEIGHBOR) * tf.reshape(tf.range(72.0), [3, 8, 3]))),
        'resize_images': on_image(lambda x: tf.reduce_sum(tf.image.resize(x, [7, 3]) * 1.5)),
        'total_variation': on_image(lambda x: tf.image.total_variation(x * weights)),
        'psnr': on_image(lambda x: tf.image.psnr(x, FIMG[::-1] + 0.01, 1.0)),
        'ssim': on_image(lambda x: tf.image.ssim(x, BIG2, 1.0, filter_size=5), BIG, (8, 10, 3)),
        'ssim_multiscale': on_image(lambda x: tf.image.ssim_multiscale(x, BIG2, 1.0, power_factors=(0.3, 0.7),
                                                                       filter_size=3), BIG, (8, 10, 3)),
        'rgb_to_hsv': on_image(lambda x: tf.reduce_sum(tf.image.rgb_to_hsv(x) * weights), FIMG * 0.9 + 0.05),
        'sobel_edges': on_image(lambda x: tf.reduce_sum(tf.image.sobel_edges(x) ** 2), BATCH, (2, 4, 5, 3)),
        'image_gradients': on_image(lambda x: tf.reduce_sum(tf.image.image_gradients(x)[0] * 2.0 +
                                                            tf.image.image_gradients(x)[1] ** 2), BATCH,
                                    (2, 4, 5, 3)),
        'adjust_gamma': on_image(lambda x: tf.reduce_sum(tf.image.adjust_gamma(x, 2.0, 0.5) * weights),
                                 FIMG + 0.1),
        'yuv': on_image(lambda x: tf.reduce_sum(tf.image.rgb_to_yuv(x) * weights)),
    }


# --- training ----------------------------------------------------------------------------------

def training():
    """An 8x10 image variable (from BIG2) pulled toward BIG: 1 - SSIM plus a little total variation, SGD."""
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(BIG2, name='v')
        loss = 1.0 - tf.image.ssim(v, BIG, 1.0, filter_size=3) + 0.001 * tf.image.total_variation(v)
        train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train_op])[0]) for _ in range(4)]
            final = sess.run(v)
    return {'losses': losses, 'final_corner': value_json(final[:2, :2])}


# --- errors while building -------------------------------------------------------------------

def build_errors():
    def z(*shape):
        return tf.zeros(shape)
    cases = {
        'total_variation_rank2': lambda: tf.image.total_variation(z(4, 5)),
        'image_gradients_rank3': lambda: tf.image.image_gradients(z(4, 5, 3)),
        'jpeg_range': lambda: tf.image.random_jpeg_quality(z(4, 5, 3), 10, 101),
        'jpeg_negative': lambda: tf.image.random_jpeg_quality(z(4, 5, 3), -1, 50),
        'jpeg_order': lambda: tf.image.random_jpeg_quality(z(4, 5, 3), 60, 60),
        'jpeg_unknown_rank': lambda: tf.image.adjust_jpeg_quality(tf.placeholder(tf.uint8), 50),
        'yuv_unknown_rank': lambda: tf.image.rgb_to_yuv(tf.placeholder(tf.float32)),
        'ssim_shapes': lambda: tf.image.ssim(z(4, 5, 3), z(4, 6, 3), 1.0),
        'ssim_batch': lambda: tf.image.ssim(z(2, 4, 5, 3), z(3, 4, 5, 3), 1.0),
        'ms_ssim_rank2': lambda: tf.image.ssim_multiscale(z(4, 5), z(4, 5), 1.0),
        'gamma_negative': lambda: tf.image.adjust_gamma(z(4, 5, 3), -1.0),
        'psnr_shapes': lambda: tf.image.psnr(z(4, 5, 3), z(4, 6, 3), 1.0),
        'psnr_batch': lambda: tf.image.psnr(z(2, 4, 5, 3), z(3, 4, 5, 3), 1.0),
        'ssim_rank2': lambda: tf.image.ssim(z(4, 5), z(4, 5), 1.0),
        'nms_rank': lambda: tf.image.non_max_suppression(z(6), z(6), 3),
        'crop_and_resize_boxes': lambda: tf.image.crop_and_resize(z(1, 4, 5, 3), z(2, 3), [0, 0], [2, 2]),
    }
    return errors_of(cases)


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    for g in recorded.values():
        g['attrs'] = float32_attrs(g['attrs'])
    out = {'images': {'bmp': value_json(BMP), 'gif': value_json(GIF)}, 'graphs': recorded, 'values': values,
           'gradients': gradient_values(grad_cases()), 'training': training(), 'build_errors': build_errors()}
    # Compact, as image_ops.py writes; the infinite score thresholds as 1e999, which JSON.parse reads as Infinity.
    with open(OUT, 'w') as f:
        f.write(json.dumps(out, separators=(',', ':')).replace('Infinity', '1e999') + '\n')
    print('wrote', OUT)


if __name__ == '__main__':
    main()
