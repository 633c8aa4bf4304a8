/**
 * TF1's tf.image against TF1 Python (scripts/graph_fixtures/image_ops.py): dtype conversion,
 * resizing, cropping and padding (static and unknown shapes), flips and rotations, color
 * adjustments, their seeded random versions and PNG/JPEG coding, built here with the same calls,
 * must have the same ops (names, types, inputs, attrs, Const values) in the same order, the same
 * static shapes, and session runs of them the same values; bad arguments TF1's errors.
 */
import { DType, Output, Tensor, ops } from '../lib';
import { loadGraphFixture } from './helpers/graph_record';
import { FixtureGraph, Json, describeTF1Graphs, itThrowsTF1Errors } from './helpers/fixture_values';

interface Fixture {
  images: { png: string; jpeg: string };
  graphs: Record<string, FixtureGraph>;
  values: Record<string, Json[]>;
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('image_ops.json');
const PNG = Buffer.from(fixture.images.png, 'base64');
const JPEG = Buffer.from(fixture.images.jpeg, 'base64');
const { image } = ops;

/** IMG of the fixture script: a 4x5x3 uint8 image, `i * 37 % 256` at flat index i. */
const IMG = Tensor.from(Uint8Array.from({ length: 60 }, (_, i) => (i * 37) % 256), { shape: [4, 5, 3], dtype: DType.uint8 });

const images = () => [ops.placeholder(DType.uint8, [4, 5, 3], 'img'), ops.placeholder(DType.float32, [4, 5, 3], 'fimg')];
const batchOf = () => ops.placeholder(DType.float32, [2, 4, 5, 3], 'batch');

const GRAPHS: Record<string, () => Record<string, Output | Output[]>> = {
  convert: () => {
    const [img, fimg] = images();
    const i32 = ops.placeholder(DType.int32, [3], 'i32');
    return {
      to_float: image.convertImageDtype(img, DType.float32),
      to_uint8: image.convertImageDtype(fimg, DType.uint8),
      saturate: image.convertImageDtype(ops.sub(ops.mul(fimg, 2.0, 'mul'), 0.5, 'sub'), DType.uint8, true),
      to_int32: image.convertImageDtype(img, DType.int32, false, 'widen'),
      narrow: image.convertImageDtype(i32, DType.uint8),
      narrow_saturate: image.convertImageDtype(i32, DType.uint8, true),
      to_float64: image.convertImageDtype(fimg, DType.float64),
      same: image.convertImageDtype(img, DType.uint8),
      saturate_cast: image.saturateCast(ops.mul(fimg, 300.0, 'mul'), DType.uint8),
    };
  },
  resize: () => {
    const [img, fimg] = images();
    const batch = batchOf();
    return {
      bilinear: image.resizeImages(fimg, [8, 10]),
      nearest: image.resizeImages(fimg, [3, 7], { method: image.ResizeMethod.NEAREST_NEIGHBOR, alignCorners: true }),
      bicubic: image.resizeImages(img, [6, 6], { method: image.ResizeMethod.BICUBIC, name: 'cubic' }),
      area: image.resizeImages(batch, [2, 3], { method: image.ResizeMethod.AREA }),
      same_size: image.resizeImages(fimg, [4, 5]),
      aspect: image.resizeImages(fimg, [8, 8], { preserveAspectRatio: true }),
      op_bilinear: image.resizeBilinear(batch, [3, 3], { alignCorners: true }),
      op_nearest: image.resizeNearestNeighbor(batch, [5, 2], { halfPixelCenters: true, name: 'nn' }),
      with_pad: image.resizeImageWithPad(fimg, 6, 6),
    };
  },
  crop_pad: () => {
    const [img, fimg] = images();
    const batch = batchOf();
    return {
      crop_or_pad: image.resizeImageWithCropOrPad(img, 3, 7),
      pad_or_crop: image.resizeImageWithCropOrPad(batch, 6, 2),
      crop: image.cropToBoundingBox(img, 1, 1, 2, 3),
      pad: image.padToBoundingBox(fimg, 1, 2, 6, 8),
      central: image.centralCrop(fimg, 0.5),
      central_batch: image.centralCrop(batch, 0.6),
      central_all: image.centralCrop(fimg, 1.0),
    };
  },
  dynamic: () => {
    const dyn = ops.placeholder(DType.float32, [null, null, 3], 'dyn');
    const th = ops.placeholder(DType.int32, [], 'th');
    return {
      crop_or_pad: image.resizeImageWithCropOrPad(dyn, th, 4),
      flip: image.flipLeftRight(dyn),
      central: image.centralCrop(dyn, 0.5),
    };
  },
  flips: () => {
    const [img] = images();
    const batch = batchOf();
    const anything = ops.placeholder(DType.float32, undefined, 'any');
    const k = ops.placeholder(DType.int32, [], 'k');
    return {
      left_right: image.flipLeftRight(img),
      up_down: image.flipUpDown(img),
      batch_left_right: image.flipLeftRight(batch),
      transpose: image.transposeImage(img),
      rot_k: image.rot90(img, k),
      rot_batch: image.rot90(batch, 3, 'quarter'),
      any_flip: image.flipUpDown(anything),
    };
  },
  color: () => {
    const [img, fimg] = images();
    const gray = ops.placeholder(DType.float32, [4, 5, 1], 'gray');
    const dynGray = ops.placeholder(DType.float32, [null, null, null], 'dyn_gray');
    return {
      standardized: image.perImageStandardization(img),
      grayscale: image.rgbToGrayscale(img),
      grayscale_float: image.rgbToGrayscale(fimg, 'gray_f'),
      rgb: image.grayscaleToRgb(gray),
      rgb_dynamic: image.grayscaleToRgb(dynGray),
      brightness: image.adjustBrightness(img, 0.1),
      brightness_float: image.adjustBrightness(fimg, -0.2),
      contrast: image.adjustContrast(img, 1.5),
      contrast_float: image.adjustContrast(fimg, 0.5),
      hue: image.adjustHue(fimg, 0.2),
      hue_uint8: image.adjustHue(img, -0.1, 'hue8'),
      saturation: image.adjustSaturation(fimg, 1.7),
      saturation_uint8: image.adjustSaturation(img, 0.4),
    };
  },
  random: () => {
    const [img, fimg] = images();
    const batch = batchOf();
    const boxes = ops.constant([[[0.1, 0.2, 0.6, 0.9]]]);
    const box = image.sampleDistortedBoundingBox([4, 5, 3], boxes, { seed: 1, seed2: 2, minObjectCovered: 0.3 });
    const out = {
      flip: image.randomFlipLeftRight(img, 1),
      flip_batch: image.randomFlipUpDown(batch, 2),
      brightness: image.randomBrightness(fimg, 0.3, 3),
      contrast: image.randomContrast(fimg, 0.5, 1.5, 4),
      saturation: image.randomSaturation(img, 0.5, 1.5, 5),
      hue: image.randomHue(fimg, 0.2, 6),
      crop: image.randomCrop(img, [2, 3, 3], 7),
      box: [box.begin, box.size, box.bboxes],
    };
    const named = image.sampleDistortedBoundingBox(ops.constant([4, 5, 3], { dtype: DType.int32 }), boxes, {
      seed: 3, aspectRatioRange: [0.5, 2.0], areaRange: [0.2, 0.9], maxAttempts: 50, useImageIfNoBoundingBoxes: true,
      name: 'sdbb' });
    return { ...out, box_named: [named.begin, named.size, named.bboxes] };
  },
  graph_seeded: () => {
    ops.setRandomSeed(11);
    const [img, fimg] = images();
    return {
      flip: image.randomFlipUpDown(img),
      brightness: image.randomBrightness(img, 0.2),
      crop: image.randomCrop(fimg, [3, 3, 2]),
    };
  },
  codec: () => {
    const png = ops.constant(PNG, { name: 'png' });
    const jpeg = ops.constant(JPEG, { name: 'jpeg' });
    return {
      png: image.decodePng(png),
      png_gray: image.decodePng(png, { channels: 1, name: 'gray' }),
      jpeg: image.decodeJpeg(jpeg, { channels: 3 }),
      image_png: image.decodeImage(png),
      image_jpeg_float: image.decodeImage(jpeg, { dtype: DType.float32, expandAnimations: false }),
      image_int16: image.decodeImage(png, { dtype: DType.int16, channels: 3, name: 'decode16' }),
      encoded_png: image.encodePng(IMG, 9),
      round_trip: image.decodePng(image.encodePng(ops.constant(IMG))),
    };
  },
};

describe('tf.image graphs', () => {
  describeTF1Graphs(GRAPHS, fixture);
});

describe('tf.image build errors', () => {
  const z = (...shape: number[]) => ops.zeros(shape);
  itThrowsTF1Errors(fixture.build_errors, {
    flip_rank2: () => image.flipLeftRight(z(4, 5)),
    flip_rank5: () => image.flipUpDown(z(1, 2, 3, 4, 5)),
    random_flip_rank5: () => image.randomFlipLeftRight(z(1, 2, 3, 4, 5)),
    flip_zero_dim: () => image.flipLeftRight(z(0, 5, 3)),
    transpose_rank2: () => image.transposeImage(z(4, 5)),
    rot90_k_rank: () => image.rot90(z(4, 5, 3), [1]),
    crop_too_big: () => image.cropToBoundingBox(z(4, 5, 3), 1, 1, 4, 4),
    crop_negative: () => image.cropToBoundingBox(z(4, 5, 3), 0, -1, 2, 2),
    crop_target_zero: () => image.cropToBoundingBox(z(4, 5, 3), 0, 0, 2, 0),
    crop_rank2: () => image.cropToBoundingBox(z(4, 5), 0, 0, 2, 2),
    pad_too_small: () => image.padToBoundingBox(z(4, 5, 3), 0, 0, 3, 5),
    pad_negative: () => image.padToBoundingBox(z(4, 5, 3), -1, 0, 6, 6),
    crop_or_pad_zero: () => image.resizeImageWithCropOrPad(z(4, 5, 3), 0, 3),
    resize_no_shape: () => image.resizeImages(ops.placeholder(DType.float32), [2, 2]),
    resize_rank2: () => image.resizeImages(z(4, 5), [2, 2]),
    resize_size_length: () => image.resizeImages(z(4, 5, 3), [1, 2, 3]),
    resize_size_float: () => image.resizeImages(z(4, 5, 3), ops.constant([1.0, 2.0])),
    resize_method: () => image.resizeImages(z(4, 5, 3), [2, 2], { method: 7 as never }),
    with_pad_zero: () => image.resizeImageWithPad(z(4, 5, 3), 4, 0),
    central_fraction_big: () => image.centralCrop(z(4, 5, 3), 1.5),
    central_fraction_zero: () => image.centralCrop(z(4, 5, 3), 0.0),
    central_rank5: () => image.centralCrop(z(1, 2, 3, 4, 5), 0.5),
    brightness_delta: () => image.randomBrightness(z(4, 5, 3), -0.1),
    contrast_order: () => image.randomContrast(z(4, 5, 3), 0.8, 0.5),
    contrast_negative: () => image.randomContrast(z(4, 5, 3), -0.5, 0.5),
    saturation_order: () => image.randomSaturation(z(4, 5, 3), 1.0, 1.0),
    hue_big: () => image.randomHue(z(4, 5, 3), 0.6),
    hue_negative: () => image.randomHue(z(4, 5, 3), -0.1),
    gray_channels: () => image.grayscaleToRgb(z(4, 5, 3)),
    gray_rank1: () => image.grayscaleToRgb(z(4)),
    standardize_rank2: () => image.perImageStandardization(z(4, 5)),
    convert_to_string: () => image.convertImageDtype(z(4, 5, 3), DType.string),
    convert_from_bool: () => image.convertImageDtype(ops.zeros([4, 5, 3], DType.bool), DType.float32),
  });
});
