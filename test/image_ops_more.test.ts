/**
 * The rest of TF1's tf.image against TF1 Python (scripts/graph_fixtures/image_ops_more.py):
 * non-max suppression, crop_and_resize, bounding boxes and glimpses, color spaces, gamma and JPEG
 * quality, total variation, image gradients, Sobel edges, PSNR, SSIM and MS-SSIM, the resize op
 * wrappers and BMP/GIF decoding, built with the same calls, must have the same ops in the same
 * order, static shapes and values; gradients through them TF1's values, an SSIM loss trained by
 * GradientDescent TF1's losses, and bad arguments TF1's errors.
 */
import { DType, Graph, Output, Tensor, Variable, ops } from '../lib';
import { sliceOf } from '../lib/ops/array_ops';
import { loadGraphFixture } from './helpers/graph_record';
import {
  Json, OpsFixture, describeTF1Graphs, expectClose, itGivesTF1Gradients, itThrowsTF1Errors, trainByGradientDescent,
} from './helpers/fixture_values';

interface Fixture extends OpsFixture {
  images: { bmp: string; gif: string };
  training: { losses: number[]; final_corner: Json };
}
const fixture = loadGraphFixture<Fixture>('image_ops_more.json');
const { image } = ops;

/** IMG, FIMG, BIG and BIG2 of the fixture script. */
const IMG = Tensor.from(Uint8Array.from({ length: 60 }, (_, i) => (i * 37) % 256), { shape: [4, 5, 3], dtype: DType.uint8 });
const FIMG = Array.from(IMG.data as Uint8Array, (v) => Math.floor(v / 16) / 16);
/** FIMG with its rows (the first dimension) reversed. */
const FIMG_UP = [3, 2, 1, 0].flatMap((r) => FIMG.slice(r * 15, r * 15 + 15));
const WEIGHTS = Array.from({ length: 60 }, (_, i) => Math.fround(Math.cos(i)));
const f32 = (values: number[], shape: number[]) => Tensor.from(values, { dtype: DType.float32, shape });
const BIG = Array.from({ length: 240 }, (_, i) => Math.fround(((i * 53) % 97) / 97));
const BIG2 = BIG.map((v, i) => Math.fround(Math.fround(v * 0.75) + ((i * 7) % 11) / 44));

const images = () => [ops.placeholder(DType.uint8, [4, 5, 3], 'img'), ops.placeholder(DType.float32, [4, 5, 3], 'fimg')];
const batchOf = () => ops.placeholder(DType.float32, [2, 4, 5, 3], 'batch');
const rev0 = (x: Output) => ops.reverse(x, [0]);

const GRAPHS: Record<string, () => Record<string, Output | Output[]>> = {
  nms: () => {
    const boxes = ops.placeholder(DType.float32, [6, 4], 'boxes');
    const scores = ops.placeholder(DType.float32, [6], 'scores');
    const overlaps = ops.placeholder(DType.float32, [3, 3], 'overlaps');
    const batchBoxes = ops.placeholder(DType.float32, [2, 6, 1, 4], 'batch_boxes');
    const batchScores = ops.placeholder(DType.float32, [2, 6, 2], 'batch_scores');
    const combined = image.combinedNonMaxSuppression(batchBoxes, batchScores, 2, 3);
    const combinedNamed = image.combinedNonMaxSuppression(batchBoxes, batchScores, 3, 4, { iouThreshold: 0.4,
      scoreThreshold: 0.55, padPerClass: true, clipBoxes: false, name: 'cnms' });
    const list = (c: typeof combined) => [c.nmsedBoxes, c.nmsedScores, c.nmsedClasses, c.validDetections];
    return {
      nms: image.nonMaxSuppression(boxes, scores, 3),
      nms_named: image.nonMaxSuppression(boxes, scores, 6, { iouThreshold: 0.3, scoreThreshold: 0.55, name: 'pick' }),
      nms_tensor_size: image.nonMaxSuppression(boxes, scores, ops.constant(2, { dtype: DType.int32 })),
      with_scores: image.nonMaxSuppressionWithScores(boxes, scores, 4),
      soft: image.nonMaxSuppressionWithScores(boxes, scores, 6, { iouThreshold: 1.0, scoreThreshold: 0.1,
        softNmsSigma: 0.5, name: 'soft' }),
      overlaps: image.nonMaxSuppressionOverlaps(overlaps, sliceOf(scores, [[null, 3]]), 3),
      overlaps_named: image.nonMaxSuppressionOverlaps(overlaps, sliceOf(scores, [[null, 3]]), 2,
        { overlapThreshold: 0.3, scoreThreshold: 0.7, name: 'ov' }),
      combined: list(combined),
      combined_named: list(combinedNamed),
    };
  },
  crop: () => {
    const [img] = images();
    const batch = batchOf();
    const boxes = ops.placeholder(DType.float32, [3, 4], 'crop_boxes');
    const firstTwo = () => sliceOf(boxes, [[null, 2]]);
    return {
      crop_and_resize: image.cropAndResize(batch, boxes, [0, 1, 0], [3, 3]),
      nearest: image.cropAndResize(batch, boxes, [1, 1, 0], [2, 4], { method: 'nearest', extrapolationValue: -1.0,
        name: 'cr' }),
      // Python's keywords in its order: crop_size, then box_indices.
      box_indices: ((image1, cropSize) => image.cropAndResize(image1, boxes, ops.zeros([3], DType.int32), cropSize))(
        ops.expandDims(img, 0), ops.constant([2, 2], { dtype: DType.int32 })),
      draw: image.drawBoundingBoxes(batch, ops.reshape(ops.tile(firstTwo(), [2, 1]), [2, 2, 4])),
      draw_colors: image.drawBoundingBoxes(batch, ops.reshape(firstTwo(), [2, 1, 4]), { name: 'drawn',
        colors: [[1.0, 0.0, 0.0, 1.0], [0.0, 0.5, 1.0, 1.0]] }),
      glimpse: image.extractGlimpse(batch, [2, 3], [[0.0, 0.0], [0.25, -0.5]]),
      glimpse_pixels: image.extractGlimpse(batch, [3, 2], ops.constant([[1.0, 2.0], [2.0, 1.0]]), { centered: false,
        normalized: false, uniformNoise: false, name: 'glimpse_px' }),
    };
  },
  color: () => {
    const [img, fimg] = images();
    return {
      hsv: image.rgbToHsv(fimg),
      rgb: image.hsvToRgb(image.rgbToHsv(fimg, 'to_hsv'), 'to_rgb'),
      yuv: image.rgbToYuv(fimg),
      from_yuv: image.yuvToRgb(image.rgbToYuv(fimg)),
      yiq: image.rgbToYiq(fimg),
      from_yiq: image.yiqToRgb(image.rgbToYiq(ops.cast(fimg, DType.float64))),
      gamma: image.adjustGamma(fimg, 2.0),
      gamma_default: image.adjustGamma(fimg),
      gamma_uint8: image.adjustGamma(img, 0.5, 1.5),
      gamma_tensor: image.adjustGamma(fimg, ops.constant(1.5), ops.constant(0.8)),
      jpeg_quality: image.adjustJpegQuality(img, 50),
      jpeg_quality_float: image.adjustJpegQuality(fimg, ops.constant(80, { dtype: DType.int32 }),
        { dctMethod: 'INTEGER_ACCURATE', name: 'jq' }),
      random_jpeg_quality: image.randomJpegQuality(fimg, 40, 60, 3),
    };
  },
  metrics: () => {
    const [img, fimg] = images();
    const batch = batchOf();
    const big = ops.placeholder(DType.float32, [8, 10, 3], 'big');
    const big2 = ops.placeholder(DType.float32, [8, 10, 3], 'big2');
    return {
      total_variation: image.totalVariation(fimg),
      total_variation_batch: image.totalVariation(batch, 'tv'),
      image_gradients: image.imageGradients(batch),
      sobel: image.sobelEdges(batch),
      psnr: image.psnr(batch, rev0(batch), 1.0),
      psnr_uint8: image.psnr(img, image.flipLeftRight(img), 255, 'p8'),
      ssim: image.ssim(big, big2, 1.0, { filterSize: 7 }),
      ssim_small: image.ssim(batch, rev0(batch), 1.0, { filterSize: 3, filterSigma: 0.8, k1: 0.02, k2: 0.05 }),
      ssim_map: image.ssim(big, big2, 1.0, { filterSize: 5, returnIndexMap: true }),
      ssim_uint8: image.ssim(img, image.flipUpDown(img), 255, { filterSize: 3 }),
      ms_ssim: image.ssimMultiscale(big, big2, 1.0, { powerFactors: [0.3, 0.7], filterSize: 3 }),
    };
  },
  resize: () => {
    const [img, fimg] = images();
    const batch = batchOf();
    return {
      resize: image.resize(fimg, [6, 7]),
      resize_method: image.resize(img, [2, 3], { method: image.ResizeMethod.AREA, name: 'r' }),
      bicubic: image.resizeBicubic(batch, [6, 7]),
      bicubic_named: image.resizeBicubic(batch, [3, 3], { alignCorners: true, name: 'cubic' }),
      bicubic_half: image.resizeBicubic(batch, [5, 4], { halfPixelCenters: true }),
      area: image.resizeArea(batch, [2, 3]),
      area_named: image.resizeArea(ops.expandDims(img, 0), [3, 2], { alignCorners: true, name: 'area' }),
      crop_or_pad: image.resizeWithCropOrPad(fimg, 3, 6),
      patches: image.extractPatches(batch, [1, 2, 2, 1], [1, 2, 2, 1], [1, 1, 1, 1], 'VALID'),
    };
  },
  codec: () => {
    const bmp = ops.constant(Buffer.from(fixture.images.bmp, 'latin1'), { name: 'bmp' });
    const gif = ops.constant(Buffer.from(fixture.images.gif, 'latin1'), { name: 'gif' });
    const jpeg = image.encodeJpeg(ops.constant(IMG), { quality: 90 });
    return {
      bmp: image.decodeBmp(bmp),
      bmp_channels: image.decodeBmp(bmp, { channels: 3, name: 'bmp3' }),
      gif: image.decodeGif(gif),
      gif_named: image.decodeGif(gif, 'gif1'),
      jpeg_shape: image.extractJpegShape(jpeg),
      jpeg_shape64: image.extractJpegShape(jpeg, { outputType: DType.int64, name: 'js' }),
      crop_jpeg: image.decodeAndCropJpeg(jpeg, [1, 1, 2, 3], { channels: 3 }),
      is_jpeg: image.isJpeg(jpeg),
      is_jpeg_bmp: image.isJpeg(bmp, 'bmp_jpeg'),
    };
  },
};

describe('tf.image (more) graphs', () => {
  describeTF1Graphs(GRAPHS, fixture);
});

describe('tf.image (more) gradients', () => {
  const onImage = (f: (x: Output) => Output, shape = [4, 5, 3]) => (): [Output, Output[]] => {
    const x = ops.placeholder(DType.float32, shape, 'x');
    return [f(x), [x]];
  };
  const weights = () => ops.constant(f32(WEIGHTS, [4, 5, 3]));
  const weighted = (f: (x: Output) => Output) => onImage((x) => ops.reduceSum(ops.mul(f(x), weights())));
  itGivesTF1Gradients(fixture.gradients, {
    crop_and_resize: () => {
      const x = ops.placeholder(DType.float32, [2, 4, 5, 3], 'x');
      const b = ops.placeholder(DType.float32, [3, 4], 'b');
      const out = image.cropAndResize(x, b, [0, 1, 0], [3, 2]);
      return [ops.reduceSum(ops.mul(out, out)), [x, b]];
    },
    resize_bicubic: onImage((x) => ops.reduceSum(ops.square(image.resizeBicubic(x, [6, 7]))), [2, 4, 5, 3]),
    resize_nearest: onImage((x) => ops.reduceSum(ops.mul(image.resizeImages(x, [3, 8],
      { method: image.ResizeMethod.NEAREST_NEIGHBOR }), ops.reshape(ops.range(0, 72, 1, DType.float32), [3, 8, 3])))),
    resize_images: onImage((x) => ops.reduceSum(ops.mul(image.resize(x, [7, 3]), 1.5))),
    total_variation: onImage((x) => image.totalVariation(ops.mul(x, weights()))),
    psnr: onImage((x) => image.psnr(x, ops.add(ops.constant(f32(FIMG_UP, [4, 5, 3])), 0.01), 1.0)),
    ssim: onImage((x) => image.ssim(x, f32(BIG2, [8, 10, 3]), 1.0, { filterSize: 5 }), [8, 10, 3]),
    ssim_multiscale: onImage((x) => image.ssimMultiscale(x, f32(BIG2, [8, 10, 3]), 1.0,
      { powerFactors: [0.3, 0.7], filterSize: 3 }), [8, 10, 3]),
    rgb_to_hsv: weighted((x) => image.rgbToHsv(x)),
    sobel_edges: onImage((x) => ops.reduceSum(ops.square(image.sobelEdges(x))), [2, 4, 5, 3]),
    image_gradients: onImage((x) => ops.reduceSum(ops.add(ops.mul(image.imageGradients(x)[0], 2.0),
      ops.square(image.imageGradients(x)[1]))), [2, 4, 5, 3]),
    adjust_gamma: weighted((x) => image.adjustGamma(x, 2.0, 0.5)),
    yuv: weighted((x) => image.rgbToYuv(x)),
  });
});

describe('tf.image (more) ops TF declares not differentiable', () => {
  it('gives no gradient through hsv_to_rgb, extract_glimpse and draw_bounding_boxes (TF1\'s None)', () => {
    new Graph().asDefault(() => {
      const x = ops.placeholder(DType.float32, [1, 4, 5, 3], 'x');
      const loss = (y: Output) => ops.reduceSum(y);
      expect(ops.gradients(loss(image.hsvToRgb(x)), [x])).toEqual([null]);
      expect(ops.gradients(loss(image.extractGlimpse(x, [2, 2], [[0.0, 0.0]])), [x])).toEqual([null]);
      expect(ops.gradients(loss(image.drawBoundingBoxes(x, ops.zeros([1, 1, 4]))), [x])).toEqual([null]);
    });
  });
});

describe('tf.image (more) training', () => {
  it('1 - SSIM plus total variation, minimised by GradientDescent, gives TF1\'s losses and image', async () => {
    let v: Variable;
    const { losses, fetched } = await trainByGradientDescent(() => {
      v = new Variable(f32(BIG2, [8, 10, 3]), { name: 'v' });
      const ssimLoss = ops.sub(1.0, image.ssim(v.value(), f32(BIG, [8, 10, 3]), 1.0, { filterSize: 3 }));
      const loss = ops.add(ssimLoss, ops.mul(0.001, image.totalVariation(v.value())));
      return { loss, fetch: sliceOf(v.value(), [[null, 2], [null, 2]]) };
    }, 0.5, 4);
    expectClose(losses, fixture.training.losses);
    expectClose(fetched, fixture.training.final_corner);
  });
});

describe('tf.image (more) build errors', () => {
  const z = (...shape: number[]) => ops.zeros(shape);
  itThrowsTF1Errors(fixture.build_errors, {
    total_variation_rank2: () => image.totalVariation(z(4, 5)),
    image_gradients_rank3: () => image.imageGradients(z(4, 5, 3)),
    jpeg_range: () => image.randomJpegQuality(z(4, 5, 3), 10, 101),
    jpeg_negative: () => image.randomJpegQuality(z(4, 5, 3), -1, 50),
    jpeg_order: () => image.randomJpegQuality(z(4, 5, 3), 60, 60),
    jpeg_unknown_rank: () => image.adjustJpegQuality(ops.placeholder(DType.uint8), 50),
    yuv_unknown_rank: () => image.rgbToYuv(ops.placeholder(DType.float32)),
    ssim_shapes: () => image.ssim(z(4, 5, 3), z(4, 6, 3), 1.0),
    ssim_batch: () => image.ssim(z(2, 4, 5, 3), z(3, 4, 5, 3), 1.0),
    ms_ssim_rank2: () => image.ssimMultiscale(z(4, 5), z(4, 5), 1.0),
    gamma_negative: () => image.adjustGamma(z(4, 5, 3), -1.0),
    psnr_shapes: () => image.psnr(z(4, 5, 3), z(4, 6, 3), 1.0),
    psnr_batch: () => image.psnr(z(2, 4, 5, 3), z(3, 4, 5, 3), 1.0),
    ssim_rank2: () => image.ssim(z(4, 5), z(4, 5), 1.0),
    nms_rank: () => image.nonMaxSuppression(z(6), z(6), 3),
    crop_and_resize_boxes: () => image.cropAndResize(z(1, 4, 5, 3), z(2, 3), [0, 0], [2, 2]),
  });
});
