/**
 * TF1's `tf.image` (`tf.compat.v1.image`, `image_ops_impl.py`) in graph mode: decoding and
 * encoding, dtype conversion, resizing, cropping and padding, flips and rotations, color
 * adjustments and their random versions, built op for op as TF 2.21 builds them. Static shapes
 * are checked while building (TF's ValueErrors); what they leave open is asserted at run time.
 */
import { AttributeError, ValueError } from '../errors';
import { DType, baseDType, dtypeName, isFloatingDType, isIntegerDType } from '../framework/dtypes';
import { InputValue, applyOp, constantValue, convertToTensor } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import { constantValueAsShape } from '../framework/sparse_tensor';
import { Tensor } from '../framework/tensor';
import { shapeString } from '../framework/tensor_shape';
import {
  SliceSpec, cast, concat, constant, expandDims, extractImagePatches, gather, identity, ones, pad, rank as rankOf, reshape,
  shape as shapeOf, shapeN, size, slice, sliceOf, split, squeeze, stack, tile, transpose as transposeOp, unstack, where,
  withScope, zeros, zerosLike,
} from './array_ops';
import { assertEqual, assertGreaterEqual, assertPositive, pyInt } from './check_ops';
import { cond } from './cond';
import { Assert } from './control_flow_assert';
import { case_ } from './control_flow_case';
import { withDependencies } from './control_flow_ops';
import * as raw from './gen/raw_ops';
import {
  abs, add, ceil, equal, floorDiv, greater, greaterEqual, less, lessEqual, log, logicalAnd, maximum, minimum, mul,
  notEqual, range, reduceAll, reduceAny, reduceMax, reduceMean, reduceMin, reduceProd, reduceSum, rsqrt, sqrt, square,
  squaredDifference, sub, tensordot, topK, truediv,
} from './math_ops';
import { depthwiseConv2d } from './nn_conv';
import { avgPool, relu, softmax } from './nn_ops';
import { randomUniform } from './random_ops';
import { argsort } from './sort_ops';
import { substr } from './string_ops';
import { whileLoop } from './while_loop';

/** A dimension or offset: a number known while building, or an int32 tensor. */
type Dim = number | Output;

const isT = (x: unknown): x is Output => x instanceof Output;
/** A Python int operand: int32 (a JS number alone would convert to float32). */
const int = (x: Dim): InputValue => (isT(x) ? x : pyInt(x));

// Python's operators on ints or tensors (`Tensor.__sub__` and its reflected forms, named as TF names them).
const pySub = (a: Dim, b: Dim): Dim => (isT(a) || isT(b) ? sub(int(a), int(b), 'sub') : a - b);
const pyAdd = (a: Dim, b: Dim): Dim => (isT(a) || isT(b) ? add(int(a), int(b), 'add') : a + b);
const pyFloorDiv = (a: Dim, b: number): Dim => (isT(a)
  ? applyOp('FloorDiv', { x: a, y: pyInt(b) }, {}, 'floordiv').output(0) : Math.floor(a / b));
const pyNeg = (a: Dim): Dim => (isT(a) ? applyOp('Neg', { x: a }, {}, 'Neg').output(0) : -a);
const pyMax = (a: Dim, b: Dim): Dim => (isT(a) || isT(b) ? maximum(int(a), int(b)) : Math.max(a, b));
const pyMin = (a: Dim, b: Dim): Dim => (isT(a) || isT(b) ? minimum(int(a), int(b)) : Math.min(a, b));
/** `a >= b` (an int on the left is `b.__le__(a)`). */
const pyGe = (a: Dim, b: Dim): boolean | Output => (isT(a) ? greaterEqual(a, int(b))
  : isT(b) ? lessEqual(b, pyInt(a)) : a >= b);
/** `a > b` (an int on the left is `b.__lt__(a)`). */
const pyGt = (a: Dim, b: Dim): boolean | Output => (isT(a) ? applyOp('Greater', { x: a, y: int(b) }, {}, 'Greater').output(0)
  : isT(b) ? less(b, pyInt(a)) : a > b);
const pyEq = (a: Dim, b: Dim): boolean | Output => (isT(a) || isT(b) ? equal(int(a), int(b)) : a === b);

/** `_assert`: an Assert of a tensor condition, else TF's ValueError now when the condition is false. */
function check(condition: boolean | Output, message: string): Operation[] {
  if (isT(condition)) return [Assert(condition, [message])];
  if (!condition) throw new ValueError(message);
  return [];
}

/** `_CheckAtLeast3DImage`: TF's ValueErrors by the static shape, and the asserts it leaves to run time. */
function checkAtLeast3D(image: Output, requireStatic: boolean): Operation[] {
  const s = image.shape;
  if (s !== null && s.length < 3) {
    throw new ValueError(`'image' (shape ${shapeString(s)}) must be at least three-dimensional.`);
  }
  const known = s ?? [null, null, null];
  if (requireStatic && known.some((d) => d === null)) throw new ValueError("'image' must be fully defined.");
  const inner = known.slice(-3);
  if (inner.some((d) => d === 0)) {
    throw new ValueError(`inner 3 dims of 'image.shape' must be > 0: ${shapeString(known)}`);
  }
  if (inner.every((d) => d !== null)) return [];
  return [
    assertPositive(sliceOf(shapeOf(image), [[-3, null]]), { data: ["inner 3 dims of 'image.shape' must be > 0."] }),
    assertGreaterEqual(rankOf(image), pyInt(3), { message: "'image' must be at least three-dimensional." }),
  ];
}

/** `_AssertAtLeast3DImage`: the image after its run-time checks (an Identity even when there are none). */
function assertAtLeast3D(image: Output): Output {
  return withDependencies(checkAtLeast3D(image, false), image);
}

/** `_ImageDimensions(image, rank)`: the static dimensions, the unknown ones from an `unstack` of its Shape. */
function imageDims(image: Output, rank: number): Dim[] {
  const s = image.shape;
  if (s !== null && s.every((d) => d !== null)) return s as number[];
  if (s !== null && s.length !== rank) throw new ValueError(`Shape ${shapeString(s)} must have rank ${rank}`);
  const dynamic = raw.unpack({ value: shapeOf(image), num: rank, axis: 0 }, 'unstack');
  return dynamic.map((d, i) => s?.[i] ?? d);
}

/**
 * The 3-D or 4-D image as a batch (`expand_dims` of a single image; of unknown rank, taken as a
 * single image) and whether it was one.
 */
function asBatch(image: Output): [Output, boolean] {
  const n = image.shape?.length;
  if (n === 3) return [expandDims(image, 0), false];
  if (n === undefined) {
    const batch = expandDims(image, 0);
    batch.setShape([null, null, null, null]);
    return [batch, false];
  }
  if (n !== 4) throw new ValueError(`'image' (shape ${shapeString(image.shape)}) must have either 3 or 4 dimensions.`);
  return [image, true];
}

/** `array_ops_stack.stack` on axis 0 of ints and int32 tensors: a Const, or a Pack of them. */
const stackInts = (values: Dim[]): Output => convertToTensor(values as InputValue, { dtype: DType.int32, name: 'stack' });

const fromBatch = (images: Output, isBatch: boolean): Output => (isBatch ? images : squeeze(images, [0]));

/** `cond(rank(image) == 3, f3, f4)` for an image of unknown rank, else the function of its rank. */
function byRank(image: Output, f3: () => Output, f4: () => Output, message: string): Output {
  const n = image.shape?.length;
  if (n === undefined) return cond(equal(rankOf(image), pyInt(3)), f3, f4) as Output;
  if (n === 3) return f3();
  if (n === 4) return f4();
  throw new ValueError(`'image' (shape ${shapeString(image.shape)})${message}must have either 3 or 4 dimensions.`);
}

function reverse(x: Output, axis: number[]): Output {
  return applyOp('ReverseV2', { tensor: x, axis: Tensor.from(axis, { dtype: DType.int32, shape: [axis.length] }) }, {},
    'ReverseV2').output(0);
}

/** `fix_image_flip_shape`. */
function keepShape(image: Output, result: Output): Output {
  result.setShape(image.shape ?? [null, null, null]);
  return result;
}

function flip(image: InputValue, index: number, scopeName: string): Output {
  return withScope(undefined, scopeName, [image], (_scope, graph) => {
    const img = assertAtLeast3D(convertToTensor(image, { name: 'image', graph }));
    // TF's message here lacks the space before "must".
    return byRank(img, () => keepShape(img, reverse(img, [index])), () => reverse(img, [index + 1]), '');
  });
}

/** `tf.image.flip_left_right(image)`: reverses the width of a 3-D image or a 4-D batch. */
export function flipLeftRight(image: InputValue): Output {
  return flip(image, 1, 'flip_left_right');
}

/** `tf.image.flip_up_down(image)`: reverses the height. */
export function flipUpDown(image: InputValue): Output {
  return flip(image, 0, 'flip_up_down');
}

function randomFlip(image: InputValue, index: number, scopeName: string, seed?: number): Output {
  return withScope(undefined, scopeName, [image], (scope, graph) => {
    const img = assertAtLeast3D(convertToTensor(image, { name: 'image', graph }));
    const f3 = () => {
      const u = randomUniform([], { maxval: 1.0, seed });
      const result = cond(less(u, 0.5), () => reverse(img, [index]), () => img, { name: scope }) as Output;
      return keepShape(img, result);
    };
    const f4 = () => {
      const batchSize = sliceOf(shapeOf(img), [0]);
      const u = randomUniform([batchSize] as unknown as number[], { maxval: 1.0, seed });
      const flips = cast(applyOp('Round', { x: reshape(u, [batchSize, 1, 1, 1]) }, {}, 'Round').output(0), img.dtype);
      const flipped = reverse(img, [index + 1]);
      return add(mul(flips, flipped, 'mul'), mul(sub(1, flips, 'sub'), img, 'mul'), 'add');
    };
    return byRank(img, f3, f4, ' ');
  });
}

/** `tf.image.random_flip_left_right(image, seed)`: flips with probability 1/2 (each image of a batch). */
export function randomFlipLeftRight(image: InputValue, seed?: number): Output {
  return randomFlip(image, 1, 'random_flip_left_right', seed);
}

/** `tf.image.random_flip_up_down(image, seed)`. */
export function randomFlipUpDown(image: InputValue, seed?: number): Output {
  return randomFlip(image, 0, 'random_flip_up_down', seed);
}

/** `tf.image.rot90(image, k=1, name)`: `k` quarter turns counter-clockwise (`k` may be a tensor). */
export function rot90(image: InputValue, k: InputValue = 1, name?: string): Output {
  return withScope(name, 'rot90', [image, k], (scope, graph) => {
    const img = assertAtLeast3D(convertToTensor(image, { name: 'image', graph }));
    let kt = convertToTensor(pyInt(k as Dim), { dtype: DType.int32, name: 'k', graph });
    if (kt.shape !== null && kt.shape.length !== 0) throw new ValueError(`Shape ${shapeString(kt.shape)} must have rank 0`);
    kt = applyOp('FloorMod', { x: kt, y: pyInt(4) }, {}, 'mod').output(0);
    const rotate = (batch: boolean) => () => {
      const [h, w] = batch ? [1, 2] : [0, 1];
      const perm = batch ? [0, 2, 1, 3] : [1, 0, 2];
      const result = case_<Output>([
        [equal(kt, pyInt(1)), () => transposeOp(reverse(img, [w]), perm)],
        [equal(kt, pyInt(2)), () => reverse(img, [h, w])],
        [equal(kt, pyInt(3)), () => reverse(transposeOp(img, perm), [w])],
      ], { default: () => img, exclusive: true, name: scope }) as Output;
      const s = result.shape;
      result.setShape(batch ? [s?.[0] ?? null, null, null, s?.[3] ?? null] : [null, null, img.shape?.[2] ?? null]);
      return result;
    };
    return byRank(img, rotate(false), rotate(true), ' ');
  });
}

/** `tf.image.transpose(image)` (`transpose_image`): swaps height and width. */
export function transposeImage(image: InputValue, name?: string): Output {
  return withScope(name, 'transpose', [image], (_scope, graph) => {
    const img = assertAtLeast3D(convertToTensor(image, { name: 'image', graph }));
    return byRank(img, () => transposeOp(img, [1, 0, 2], name), () => transposeOp(img, [0, 2, 1, 3], name), ' ');
  });
}

/** `tf.image.central_crop(image, central_fraction)`: the central part, `central_fraction` of each side. */
export function centralCrop(image: InputValue, centralFraction: number | Output): Output {
  return withScope(undefined, 'central_crop', [image], (_scope, graph) => {
    let img = convertToTensor(image, { name: 'image', graph });
    const fractionValue = isT(centralFraction) ? constantValue(centralFraction) : null;
    const fraction = isT(centralFraction) ? (fractionValue === null ? null : Number(fractionValue.item())) : centralFraction;
    if (fraction !== null) {
      if (fraction <= 0 || fraction > 1) throw new ValueError('central_fraction must be within (0, 1]');
      if (fraction === 1) return img;
    } else {
      const f = centralFraction as Output;
      const inRange = applyOp('LogicalOr', { x: pyGt(f, 0.0) as Output, y: lessEqual(f, 1.0) }, {}, 'LogicalOr').output(0);
      img = withDependencies(check(inRange, 'central_fraction must be within (0, 1]'), img);
    }
    assertAtLeast3D(img);
    const rank = img.shape?.length;
    if (rank !== 3 && rank !== 4) {
      throw new ValueError(`\`image\` should either be a Tensor with rank = 3 or rank = 4. Had rank = ${rank ?? 'None'}.`);
    }
    const dim = (i: number): [Dim, boolean] => {
      const d = img.shape![i];
      return d !== null ? [d, false] : [sliceOf(shapeOf(img), [i]), true];
    };
    const off = rank === 4 ? 1 : 0;
    let [h, dynH] = dim(off);
    let [w, dynW] = dim(off + 1);
    dynH ||= fraction === null;
    dynW ||= fraction === null;
    const start = (d: Dim, dynamic: boolean): Dim => {
      if (!dynamic) return Math.trunc((d as number - (d as number) * fraction!) / 2);
      const dd = cast(int(d), DType.float64);
      const f64 = cast(centralFraction, DType.float64);
      return cast(truediv(sub(dd, mul(dd, f64, 'mul'), 'sub'), 2), DType.int32);
    };
    const hStart = start(h, dynH);
    const wStart = start(w, dynW);
    const hSize = pySub(h, isT(hStart) ? mul(hStart, pyInt(2), 'mul') : hStart * 2);
    const wSize = pySub(w, isT(wStart) ? mul(wStart, pyInt(2), 'mul') : wStart * 2);
    const begin = stackInts(rank === 3 ? [hStart, wStart, 0] : [0, hStart, wStart, 0]);
    const size = stackInts(rank === 3 ? [hSize, wSize, -1] : [-1, hSize, wSize, -1]);
    const out = raw.slice({ input: img, begin, size });
    const spatial = [dynH ? null : hSize as number, dynW ? null : wSize as number];
    out.setShape(rank === 3 ? [...spatial, img.shape![2]] : [img.shape![0], ...spatial, img.shape![3]]);
    return out;
  });
}

/** `tf.image.pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width)`: zero padding. */
export function padToBoundingBox(image: InputValue, offsetHeight: Dim, offsetWidth: Dim, targetHeight: Dim,
  targetWidth: Dim): Output {
  return withScope(undefined, 'pad_to_bounding_box', [image], (_scope, graph) => {
    let [img, isBatch] = asBatch(convertToTensor(image, { name: 'image', graph }));
    const [batch, height, width, depth] = imageDims(img, 4);
    const afterWidth = pySub(pySub(targetWidth, offsetWidth), width);
    const afterHeight = pySub(pySub(targetHeight, offsetHeight), height);
    const asserts = [
      ...checkAtLeast3D(img, false),
      ...check(pyGe(offsetHeight, 0), 'offset_height must be >= 0'),
      ...check(pyGe(offsetWidth, 0), 'offset_width must be >= 0'),
      ...check(pyGe(afterWidth, 0), 'width must be <= target - offset'),
      ...check(pyGe(afterHeight, 0), 'height must be <= target - offset'),
    ];
    img = withDependencies(asserts, img);
    const paddings = reshape(stackInts([0, 0, offsetHeight, afterHeight, offsetWidth, afterWidth, 0, 0]),
      Tensor.from([4, 2], { dtype: DType.int32, shape: [2] }));
    const padded = raw.pad({ input: img, paddings });
    padded.setShape([batch, targetHeight, targetWidth, depth].map((d) => (isT(d) ? null : d)));
    return fromBatch(padded, isBatch);
  });
}

/** `tf.image.crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width)`. */
export function cropToBoundingBox(image: InputValue, offsetHeight: Dim, offsetWidth: Dim, targetHeight: Dim,
  targetWidth: Dim): Output {
  return withScope(undefined, 'crop_to_bounding_box', [image], (_scope, graph) => {
    let [img, isBatch] = asBatch(convertToTensor(image, { name: 'image', graph }));
    const asserts = checkAtLeast3D(img, false);
    const [batch, height, width, depth] = imageDims(img, 4);
    asserts.push(
      ...check(pyGe(offsetWidth, 0), 'offset_width must be >= 0.'),
      ...check(pyGe(offsetHeight, 0), 'offset_height must be >= 0.'),
      ...check(pyGt(targetWidth, 0), 'target_width must be > 0.'),
      ...check(pyGt(targetHeight, 0), 'target_height must be > 0.'),
      ...check(pyGe(width, pyAdd(targetWidth, offsetWidth)), 'width must be >= target + offset.'),
      ...check(pyGe(height, pyAdd(targetHeight, offsetHeight)), 'height must be >= target + offset.'));
    img = withDependencies(asserts, img);
    const begin = stackInts([0, offsetHeight, offsetWidth, 0]);
    const size = stackInts([sliceOf(shapeOf(img), [0]), targetHeight, targetWidth, sliceOf(shapeOf(img), [3])]);
    const cropped = raw.slice({ input: img, begin, size });
    cropped.setShape([batch, targetHeight, targetWidth, depth].map((d) => (isT(d) ? null : d)));
    return fromBatch(cropped, isBatch);
  });
}

/**
 * `tf.image.resize_image_with_crop_or_pad(image, target_height, target_width)`: centrally
 * cropped and/or zero-padded to the target size.
 */
export function resizeImageWithCropOrPad(image: InputValue, targetHeight: Dim, targetWidth: Dim): Output {
  return withScope(undefined, 'resize_image_with_crop_or_pad', [image], (_scope, graph) => {
    let [img, isBatch] = asBatch(convertToTensor(image, { name: 'image', graph }));
    const asserts = [
      ...checkAtLeast3D(img, false),
      ...check(pyGt(targetWidth, 0), 'target_width must be > 0.'),
      ...check(pyGt(targetHeight, 0), 'target_height must be > 0.'),
    ];
    img = withDependencies(asserts, img);
    // TF's own checks first, so that their messages come before crop's and pad's.
    if (isT(targetHeight)) targetHeight = withDependencies(asserts, targetHeight);
    if (isT(targetWidth)) targetWidth = withDependencies(asserts, targetWidth);
    const [, height, width] = imageDims(img, 4);
    const widthDiff = pySub(targetWidth, width);
    const cropWidth = pyMax(pyFloorDiv(pyNeg(widthDiff), 2), 0);
    const padWidth = pyMax(pyFloorDiv(widthDiff, 2), 0);
    const heightDiff = pySub(targetHeight, height);
    const cropHeight = pyMax(pyFloorDiv(pyNeg(heightDiff), 2), 0);
    const padHeight = pyMax(pyFloorDiv(heightDiff, 2), 0);
    const cropped = cropToBoundingBox(img, cropHeight, cropWidth, pyMin(targetHeight, height), pyMin(targetWidth, width));
    let resized = padToBoundingBox(cropped, padHeight, padWidth, targetHeight, targetWidth);
    if (resized.shape === null) throw new ValueError('resized contains no shape.');
    const [, resizedHeight, resizedWidth] = imageDims(resized, 4);
    resized = withDependencies([
      ...check(pyEq(resizedHeight, targetHeight), 'resized height is not correct.'),
      ...check(pyEq(resizedWidth, targetWidth), 'resized width is not correct.'),
    ], resized);
    return fromBatch(resized, isBatch);
  });
}

/** TF1's `tf.image.ResizeMethod` (`ResizeMethodV1`). */
export enum ResizeMethod {
  BILINEAR = 0,
  NEAREST_NEIGHBOR = 1,
  BICUBIC = 2,
  AREA = 3,
}

const RESIZE_OPS: Record<ResizeMethod, string> = {
  [ResizeMethod.BILINEAR]: 'ResizeBilinear', [ResizeMethod.NEAREST_NEIGHBOR]: 'ResizeNearestNeighbor',
  [ResizeMethod.BICUBIC]: 'ResizeBicubic', [ResizeMethod.AREA]: 'ResizeArea',
};

/** Options of `resizeImages`. */
export interface ResizeOptions {
  method?: ResizeMethod;
  alignCorners?: boolean;
  /** Scale to fit within `size`, keeping the aspect ratio. */
  preserveAspectRatio?: boolean;
  name?: string;
}

/**
 * `tf.compat.v1.image.resize_images(images, size, method=BILINEAR, align_corners=False,
 * preserve_aspect_ratio=False)`: a 3-D image or 4-D batch resized to `size` ([height, width]);
 * given back as it is when it has that size already.
 */
export function resizeImages(images: InputValue, size: InputValue, options: ResizeOptions = {}): Output {
  const method = options.method ?? ResizeMethod.BILINEAR;
  return withScope(options.name, 'resize', [images, size], (_scope, graph) => {
    let imgs = convertToTensor(images, { name: 'images', graph });
    if (imgs.shape === null) throw new ValueError("'images' contains no shape.");
    let isBatch = true;
    if (imgs.shape.length === 3) {
      isBatch = false;
      imgs = expandDims(imgs, 0);
    } else if (imgs.shape.length !== 4) {
      throw new ValueError("'images' must have either 3 or 4 dimensions.");
    }
    const [, height, width] = imgs.shape as (number | null)[];
    let sizeT: Output;
    try {
      sizeT = convertToTensor(size, { dtype: DType.int32, name: 'size', graph });
    } catch (e) {
      if (e instanceof TypeError || e instanceof ValueError) throw new ValueError("'size' must be a 1-D int32 Tensor");
      throw e;
    }
    const ss = sizeT.shape;
    if (ss !== null && (ss.length !== 1 || (ss[0] !== null && ss[0] !== 2))) {
      throw new ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width");
    }
    if (options.preserveAspectRatio) {
      const [, curH, curW] = imageDims(imgs, 4);
      const f32 = (x: InputValue) => cast(isT(x) ? x : pyInt(x as number), DType.float32);
      const scaleH = truediv(f32(sliceOf(sizeT, [0])), f32(curH));
      const scaleW = truediv(f32(sliceOf(sizeT, [1])), f32(curW));
      const scale = minimum(scaleH, scaleW);
      const scaled = (cur: Dim) => cast(applyOp('Round', { x: mul(scale, f32(cur), 'mul') }, {}, 'Round').output(0),
        DType.int32);
      const h = scaled(curH);
      const w = scaled(curW);
      sizeT = convertToTensor([h, w], { dtype: DType.int32, name: 'size', graph });
    }
    const known = constantValueAsShape(sizeT);
    const [newH, newW] = [known?.[0] ?? null, known?.[1] ?? null];
    if (newH !== null && newW !== null && height !== null && width !== null && width === newW && height === newH) {
      return fromBatch(imgs, isBatch);
    }
    if (RESIZE_OPS[method] === undefined) throw new ValueError(`Resize method is not implemented: ${method}`);
    const resized = applyOp(RESIZE_OPS[method], { images: imgs, size: sizeT },
      { align_corners: options.alignCorners ?? false }, RESIZE_OPS[method]).output(0);
    resized.setShape([null, newH, newW, null]);
    return fromBatch(resized, isBatch);
  });
}

/** Options of the resize ops (`resizeBilinear`, `resizeNearestNeighbor`). */
export interface ResizeOpOptions {
  alignCorners?: boolean;
  halfPixelCenters?: boolean;
  name?: string;
}

/** `tf.compat.v1.image.resize_bilinear(images, size, align_corners, name, half_pixel_centers)`: the op itself. */
export function resizeBilinear(images: InputValue, size: InputValue, options: ResizeOpOptions = {}): Output {
  return raw.resizeBilinear({ images, size, alignCorners: options.alignCorners ?? false,
    halfPixelCenters: options.halfPixelCenters ?? false }, options.name);
}

/** `tf.compat.v1.image.resize_nearest_neighbor(images, size, align_corners, name, half_pixel_centers)`. */
export function resizeNearestNeighbor(images: InputValue, size: InputValue, options: ResizeOpOptions = {}): Output {
  return raw.resizeNearestNeighbor({ images, size, alignCorners: options.alignCorners ?? false,
    halfPixelCenters: options.halfPixelCenters ?? false }, options.name);
}

/**
 * `tf.compat.v1.image.resize_image_with_pad(image, target_height, target_width, method,
 * align_corners)`: resized to fit, keeping the aspect ratio, then zero-padded to the target.
 */
export function resizeImageWithPad(image: InputValue, targetHeight: Dim, targetWidth: Dim,
  options: { method?: ResizeMethod; alignCorners?: boolean } = {}): Output {
  return withScope(undefined, 'resize_image_with_pad', [image], (_scope, graph) => {
    let [img, isBatch] = asBatch(convertToTensor(image, { name: 'image', graph }));
    img = withDependencies([
      ...checkAtLeast3D(img, false),
      ...check(pyGt(targetWidth, 0), 'target_width must be > 0.'),
      ...check(pyGt(targetHeight, 0), 'target_height must be > 0.'),
    ], img);
    const [, height, width] = imageDims(img, 4);
    const f32 = (x: Dim) => cast(int(x), DType.float32);
    const [fHeight, fWidth, fTargetHeight, fTargetWidth] = [height, width, targetHeight, targetWidth].map(f32);
    const ratio = maximum(truediv(fWidth, fTargetWidth), truediv(fHeight, fTargetHeight));
    const resizedHeightFloat = truediv(fHeight, ratio);
    const resizedWidthFloat = truediv(fWidth, ratio);
    const floor = (x: Output) => applyOp('Floor', { x }, {}, 'Floor').output(0);
    const resizedHeight = cast(floor(resizedHeightFloat), DType.int32);
    const resizedWidth = cast(floor(resizedWidthFloat), DType.int32);
    const paddingHeight = truediv(sub(fTargetHeight, resizedHeightFloat, 'sub'), 2);
    const paddingWidth = truediv(sub(fTargetWidth, resizedWidthFloat, 'sub'), 2);
    const fPaddingHeight = floor(paddingHeight);
    const fPaddingWidth = floor(paddingWidth);
    const pHeight = maximum(pyInt(0), cast(fPaddingHeight, DType.int32));
    const pWidth = maximum(pyInt(0), cast(fPaddingWidth, DType.int32));
    const resized = resizeImages(img, [resizedHeight, resizedWidth], options);
    const padded = padToBoundingBox(resized, pHeight, pWidth, targetHeight, targetWidth);
    if (padded.shape === null) throw new ValueError('padded contains no shape.');
    imageDims(padded, 4);
    return fromBatch(padded, isBatch);
  });
}

/**
 * `tf.image.per_image_standardization(image)`: each image scaled to mean 0 and variance 1, the
 * stddev kept at least 1/sqrt(pixels).
 */
export function perImageStandardization(image: InputValue): Output {
  return withScope(undefined, 'per_image_standardization', [image], (scope, graph) => {
    let img = assertAtLeast3D(convertToTensor(image, { name: 'image', graph }));
    img = cast(img, DType.float32);
    const numPixels = reduceProd(sliceOf(shapeOf(img), [[-3, null]]));
    const axis = [-1, -2, -3];
    const mean = reduceMean(img, { axis, keepDims: true });
    const stddev = graph.nameScope('reduce_std', () => {
      const variance = graph.nameScope('reduce_variance', () => {
        const means = reduceMean(img, { axis, keepDims: true });
        return reduceMean(square(sub(img, means, 'sub')), { axis, keepDims: true });
      });
      return sqrt(variance);
    });
    const minStddev = rsqrt(cast(numPixels, DType.float32));
    const adjusted = maximum(stddev, minStddev);
    return truediv(sub(img, mean, 'sub'), adjusted, scope);
  });
}

/** The largest and smallest values of the numeric dtypes (`DType.max` / `DType.min`). */
function dtypeRange(dtype: DType): [number, number] {
  switch (baseDType(dtype)) {
    case DType.uint8: return [0, 255];
    case DType.uint16: return [0, 65535];
    case DType.uint32: return [0, 4294967295];
    case DType.int8: return [-128, 127];
    case DType.int16: return [-32768, 32767];
    case DType.int32: return [-2147483648, 2147483647];
    case DType.int64: return [-9223372036854775808, 9223372036854775807];
    case DType.float16: return [-65504, 65504];
    case DType.float32: return [-3.4028234663852886e38, 3.4028234663852886e38];
    case DType.float64: return [-Number.MAX_VALUE, Number.MAX_VALUE];
    default: throw new TypeError(`no range for dtype ${dtypeName(dtype)}`);
  }
}

/** `np.nextafter(x, 0)` in float32. */
function nextTowardZero32(x: number): number {
  const f = new Float32Array([x]);
  new Int32Array(f.buffer)[0] -= 1;
  return f[0];
}

/** A limit of `dtype` in `dtype` (`np_dtype(v)`), nudged toward 0 when it lands outside `[lo, hi]`. */
function limitIn(v: number, dtype: DType, lo: number, hi: number): number {
  const r = dtype === DType.float32 ? Math.fround(v) : v;
  return (r < lo || r > hi) && dtype === DType.float32 ? nextTowardZero32(r) : r;
}

/**
 * `tf.saturate_cast(value, dtype)`: values clamped to the range both dtypes hold (`ClipByValue`
 * named `clamp`; TF 2.21 clamps always), then cast.
 */
export function saturateCast(value: InputValue, dtype: DType, name?: string): Output {
  return withScope(name, 'saturate_cast', [value], (scope, graph) => {
    const v = convertToTensor(value, { name: 'value', graph });
    const inDtype = baseDType(v.dtype);
    const [inMin, inMax] = dtypeRange(inDtype);
    const [outMin, outMax] = dtypeRange(dtype);
    const min = limitIn(Math.max(inMin, outMin), inDtype, outMin, outMax);
    const max = limitIn(Math.min(inMax, outMax), inDtype, outMin, outMax);
    const lo = convertToTensor(Tensor.from(min, { dtype: inDtype }), { graph });
    const hi = convertToTensor(Tensor.from(max, { dtype: inDtype }), { graph });
    const clamped = applyOp('ClipByValue', { t: v, clip_value_min: lo, clip_value_max: hi }, {}, 'clamp').output(0);
    return cast(clamped, dtype, scope);
  });
}

/**
 * `tf.image.convert_image_dtype(image, dtype, saturate=False, name)`: floats in [0, 1] and
 * integers over their whole range, rescaled from one to the other.
 */
export function convertImageDtype(image: InputValue, dtype: DType, saturate = false, name?: string): Output {
  const img = convertToTensor(image, { name: 'image' });
  const isNumeric = (d: DType) => isFloatingDType(d) || isIntegerDType(d);
  if (!isNumeric(dtype)) throw new AttributeError('dtype must be either floating point or integer');
  const inDtype = baseDType(img.dtype);
  if (!isNumeric(inDtype)) throw new AttributeError('image dtype must be either floating point or integer');
  if (dtype === inDtype) return applyOp('Identity', { input: img }, {}, name ?? 'Identity').output(0);
  return withScope(name, 'convert_image', [img], (scope) => {
    const castTo = (x: Output, n?: string) => (saturate ? saturateCast(x, dtype, n) : cast(x, dtype, n));
    if (isIntegerDType(inDtype) && isIntegerDType(dtype)) {
      const scaleIn = dtypeRange(inDtype)[1];
      const scaleOut = dtypeRange(dtype)[1];
      if (scaleIn > scaleOut) {
        const scale = Math.floor((scaleIn + 1) / (scaleOut + 1));
        const scaled = applyOp('FloorDiv', { x: img, y: scale }, {}, 'floordiv').output(0);
        return castTo(scaled, scope);
      }
      return mul(castTo(img), Math.floor((scaleOut + 1) / (scaleIn + 1)), scope);
    }
    if (isFloatingDType(inDtype) && isFloatingDType(dtype)) return cast(img, dtype, scope);
    if (isIntegerDType(inDtype)) return mul(cast(img, dtype), 1 / dtypeRange(inDtype)[1], scope);
    return castTo(mul(img, dtypeRange(dtype)[1] + 0.5, 'Mul'), scope);
  });
}

/** The image as float32 for an adjustment (float16 and float32 as they are), and its dtype. */
function asFloat(image: Output): Output {
  return [DType.float16, DType.float32].includes(baseDType(image.dtype)) ? image : convertImageDtype(image, DType.float32);
}

/** `tf.image.adjust_brightness(image, delta)`: `delta` added (in [0, 1] floats), saturated back to the dtype. */
export function adjustBrightness(image: InputValue, delta: InputValue): Output {
  return withScope(undefined, 'adjust_brightness', [image, delta], (scope, graph) => {
    const img = convertToTensor(image, { name: 'image', graph });
    const flt = asFloat(img);
    const adjusted = add(flt, cast(delta, flt.dtype), scope);
    return convertImageDtype(adjusted, baseDType(img.dtype), true);
  });
}

/** `tf.image.adjust_contrast(images, contrast_factor)`: `(x - mean) * factor + mean` per channel. */
export function adjustContrast(images: InputValue, contrastFactor: InputValue): Output {
  return withScope(undefined, 'adjust_contrast', [images, contrastFactor], (scope, graph) => {
    const img = convertToTensor(images, { name: 'images', graph });
    const adjusted = raw.adjustContrastv2({ images: asFloat(img), contrastFactor }, scope);
    return convertImageDtype(adjusted, baseDType(img.dtype), true);
  });
}

/** `tf.image.adjust_hue(image, delta, name)`: hue rotated by `delta` (in [-1, 1]) of an RGB image. */
export function adjustHue(image: InputValue, delta: InputValue, name?: string): Output {
  return withScope(name, 'adjust_hue', [image], (_scope, graph) => {
    const img = convertToTensor(image, { name: 'image', graph });
    return convertImageDtype(raw.adjustHue({ images: asFloat(img), delta }), baseDType(img.dtype));
  });
}

/** `tf.image.adjust_saturation(image, saturation_factor, name)`: saturation scaled in HSV. */
export function adjustSaturation(image: InputValue, saturationFactor: InputValue, name?: string): Output {
  return withScope(name, 'adjust_saturation', [image], (_scope, graph) => {
    const img = convertToTensor(image, { name: 'image', graph });
    return convertImageDtype(raw.adjustSaturation({ images: asFloat(img), scale: saturationFactor }),
      baseDType(img.dtype));
  });
}

/** `tf.image.random_brightness(image, max_delta, seed)`: a delta drawn from [-max_delta, max_delta). */
export function randomBrightness(image: InputValue, maxDelta: number, seed?: number): Output {
  if (maxDelta < 0) throw new ValueError('max_delta must be non-negative.');
  return adjustBrightness(image, randomUniform([], { minval: -maxDelta, maxval: maxDelta, seed }));
}

/** The lower/upper checks of random_contrast and random_saturation. */
function checkRange(lower: number, upper: number): void {
  if (upper <= lower) throw new ValueError('upper must be > lower.');
  if (lower < 0) throw new ValueError('lower must be non-negative.');
}

/** `tf.image.random_contrast(image, lower, upper, seed)`: a contrast factor drawn from [lower, upper). */
export function randomContrast(image: InputValue, lower: number, upper: number, seed?: number): Output {
  checkRange(lower, upper);
  return adjustContrast(image, randomUniform([], { minval: lower, maxval: upper, seed }));
}

/** `tf.image.random_saturation(image, lower, upper, seed)`. */
export function randomSaturation(image: InputValue, lower: number, upper: number, seed?: number): Output {
  checkRange(lower, upper);
  return adjustSaturation(image, randomUniform([], { minval: lower, maxval: upper, seed }));
}

/** `tf.image.random_hue(image, max_delta, seed)`: a delta drawn from [-max_delta, max_delta), max_delta <= 0.5. */
export function randomHue(image: InputValue, maxDelta: number, seed?: number): Output {
  if (maxDelta > 0.5) throw new ValueError('max_delta must be <= 0.5.');
  if (maxDelta < 0) throw new ValueError('max_delta must be non-negative.');
  return adjustHue(image, randomUniform([], { minval: -maxDelta, maxval: maxDelta, seed }));
}

/** `tf.image.rgb_to_grayscale(images, name)`: the weighted sum of the channels, a last dimension of 1. */
export function rgbToGrayscale(images: InputValue, name?: string): Output {
  return withScope(name, 'rgb_to_grayscale', [images], (scope, graph) => {
    const img = convertToTensor(images, { name: 'images', graph });
    const flt = convertImageDtype(img, DType.float32);
    const gray = expandDims(tensordot(flt, [0.2989, 0.5870, 0.1140], [-1, -1]), -1);
    return convertImageDtype(gray, baseDType(img.dtype), false, scope);
  });
}

/** `tf.image.grayscale_to_rgb(images, name)`: the one channel repeated three times. */
export function grayscaleToRgb(images: Output, name?: string): Output {
  return withScope(name, 'grayscale_to_rgb', [images], (scope, graph) => {
    const s = images.shape;
    if (s !== null && s.length < 2) {
      throw new ValueError(`A grayscale image (shape ${shapeString(s)}) must be at least two-dimensional.`);
    }
    const checks: Operation[] = [];
    if (s !== null && s.every((d) => d !== null)) {
      if (s[s.length - 1] !== 1) throw new ValueError('Last dimension of a grayscale image should be size 1.');
    } else {
      checks.push(
        assertEqual(sliceOf(shapeOf(images), [-1]), pyInt(1),
          { message: 'Last dimension of a grayscale image should be size 1.' }),
        assertGreaterEqual(rankOf(images), pyInt(3), { message: 'A grayscale image must be at least two-dimensional.' }));
    }
    const img = convertToTensor(withDependencies(checks, images), { name: 'images', graph });
    const rank1 = expandDims(sub(rankOf(img), pyInt(1), 'sub'), 0);
    const multiples = concat([ones(rank1, DType.int32), expandDims(pyInt(3), 0)], 0);
    const rgb = raw.tile({ input: img, multiples }, scope);
    const is = img.shape;
    rgb.setShape(is === null ? null : [...is.slice(0, -1), 3]);
    return rgb;
  });
}

/** `tf.image.decode_jpeg(contents, channels=0, ratio=1, fancy_upscaling, try_recover_truncated, ...)`. */
export function decodeJpeg(contents: InputValue, options: Omit<Parameters<typeof raw.decodeJpeg>[0], 'contents'> & {
  name?: string } = {}): Output {
  const { name, ...attrs } = options;
  return raw.decodeJpeg({ contents, ...attrs }, name);
}

/** `tf.image.decode_png(contents, channels=0, dtype=uint8)`. */
export function decodePng(contents: InputValue, options: { channels?: number; dtype?: DType; name?: string } = {}): Output {
  return raw.decodePng({ contents, channels: options.channels, dtype: options.dtype }, options.name);
}

/** `tf.image.decode_webp(contents, channels=0, dtype=uint8)` (also `tf.io`): the `DecodeWebP` op, as TF exports it. */
export function decodeWebp(contents: InputValue, options: { channels?: number; dtype?: DType; name?: string } = {}): Output {
  return raw.decodeWebP({ contents, channels: options.channels, dtype: options.dtype }, options.name);
}

/** `tf.image.decode_jxl(contents, channels=0, dtype=uint8)` (also `tf.io`): the `DecodeJxl` op, as {@link decodeWebp}. */
export function decodeJxl(contents: InputValue, options: { channels?: number; dtype?: DType; name?: string } = {}): Output {
  return raw.decodeJxl({ contents, channels: options.channels, dtype: options.dtype }, options.name);
}

/** `tf.image.encode_jpeg(image, format, quality=95, ...)`: a uint8 HxWxC image as JPEG bytes. */
export function encodeJpeg(image: InputValue, options: Omit<Parameters<typeof raw.encodeJpeg>[0], 'image'> & {
  name?: string } = {}): Output {
  const { name, ...attrs } = options;
  return raw.encodeJpeg({ image, ...attrs }, name);
}

/** `tf.image.encode_png(image, compression=-1, name)`. */
export function encodePng(image: InputValue, compression = -1, name?: string): Output {
  return raw.encodePng({ image: convertToTensor(image), compression }, name);
}

/**
 * `tf.image.decode_image(contents, channels=None, dtype=uint8, name, expand_animations=True)`:
 * BMP, GIF, JPEG or PNG, by their bytes; other dtypes than uint8, uint16 and float32 through
 * `convertImageDtype` from uint16.
 */
export function decodeImage(contents: InputValue, options: { channels?: number; dtype?: DType; name?: string;
  expandAnimations?: boolean } = {}): Output {
  return withScope(options.name, 'decode_image', [], () => {
    const channels = options.channels ?? 0;
    const dtype = options.dtype ?? DType.uint8;
    const decodeAs = [DType.float32, DType.uint8, DType.uint16].includes(dtype) ? dtype : DType.uint16;
    const expandAnimations = options.expandAnimations ?? true;
    let image = raw.decodeImage({ contents, channels, expandAnimations, dtype: decodeAs });
    if (decodeAs !== dtype) image = convertImageDtype(image, dtype);
    if (!expandAnimations) image.setShape([null, null, channels !== 0 ? channels : null]);
    return image;
  });
}

/** Options of `sampleDistortedBoundingBox` (v1: the op's seeds as they are). */
export interface SampleDistortedBoundingBoxOptions {
  seed?: number;
  seed2?: number;
  minObjectCovered?: InputValue;
  aspectRatioRange?: number[];
  areaRange?: number[];
  maxAttempts?: number;
  useImageIfNoBoundingBoxes?: boolean;
  name?: string;
}

/**
 * `tf.compat.v1.image.sample_distorted_bounding_box(image_size, bounding_boxes, seed, seed2,
 * min_object_covered=0.1, ...)`: a random crop covering part of the boxes (`begin`, `size`, and
 * the crop as a box `bboxes`).
 */
export function sampleDistortedBoundingBox(imageSize: InputValue, boundingBoxes: InputValue,
  options: SampleDistortedBoundingBoxOptions = {}): { begin: Output; size: Output; bboxes: Output } {
  return withScope(options.name, 'sample_distorted_bounding_box', [], () => raw.sampleDistortedBoundingBoxV2({
    // A list of JS integers is Python's list of ints: int32.
    imageSize: Array.isArray(imageSize) && imageSize.every(Number.isInteger)
      ? Tensor.from(imageSize as number[], { dtype: DType.int32 }) : imageSize,
    boundingBoxes, minObjectCovered: options.minObjectCovered ?? 0.1, seed: options.seed, seed2: options.seed2,
    aspectRatioRange: options.aspectRatioRange, areaRange: options.areaRange, maxAttempts: options.maxAttempts,
    useImageIfNoBoundingBoxes: options.useImageIfNoBoundingBoxes,
  }, options.name));
}

/**
 * `tf.image.random_crop(value, size, seed, name)` (`tf.random_crop`): a slice of `size` at a
 * random offset, asserted at run time to fit.
 */
export function randomCrop(value: InputValue, size: InputValue, seed?: number, name?: string): Output {
  return withScope(name, 'random_crop', [value, size], (scope, graph) => {
    const v = convertToTensor(value, { name: 'value', graph });
    const sizeT = convertToTensor(size, { dtype: DType.int32, name: 'size', graph });
    let shape = shapeOf(v);
    const fits = Assert(reduceAll(greaterEqual(shape, sizeT)), ['Need value.shape >= size, got ', shape, sizeT],
      { summarize: 1000 });
    shape = withDependencies([fits], shape);
    const limit = add(sub(shape, sizeT, 'sub'), pyInt(1), 'add');
    const shapeT = shapeOf(shape);
    const offset = randomUniform(shapeT, { dtype: DType.int32, maxval: dtypeRange(DType.int32)[1], seed });
    const begin = applyOp('FloorMod', { x: offset, y: limit }, {}, 'mod').output(0);
    return raw.slice({ input: v, begin, size: sizeT }, scope);
  });
}

/** `tf.compat.v1.image.resize` (TF1's name of `resize_images`). */
export const resize = resizeImages;

/** `tf.image.resize_with_crop_or_pad` (TF1's other name of `resize_image_with_crop_or_pad`). */
export const resizeWithCropOrPad = resizeImageWithCropOrPad;

/** `tf.compat.v1.image.resize_bicubic(images, size, align_corners, name, half_pixel_centers)`: the op itself. */
export function resizeBicubic(images: InputValue, size: InputValue, options: ResizeOpOptions = {}): Output {
  return raw.resizeBicubic({ images, size, alignCorners: options.alignCorners ?? false,
    halfPixelCenters: options.halfPixelCenters ?? false }, options.name);
}

/** `tf.compat.v1.image.resize_area(images, size, align_corners=False, name)`. */
export function resizeArea(images: InputValue, size: InputValue, options: { alignCorners?: boolean; name?: string } = {}):
  Output {
  return raw.resizeArea({ images, size, alignCorners: options.alignCorners ?? false }, options.name);
}

/** `tf.image.extract_patches(images, sizes, strides, rates, padding, name)` (`ExtractImagePatches`). */
export function extractPatches(images: InputValue, sizes: number[], strides: number[], rates: number[],
  padding: 'VALID' | 'SAME', name?: string): Output {
  return extractImagePatches(images, sizes, strides, rates, padding, name);
}

/** Options of the non-max suppressions: TF's thresholds (IOU 0.5, no score threshold) and scope name. */
export interface NonMaxSuppressionOptions {
  iouThreshold?: InputValue;
  scoreThreshold?: InputValue;
  name?: string;
}

/**
 * `tf.image.non_max_suppression(boxes, scores, max_output_size, iou_threshold=0.5,
 * score_threshold=-inf, name)`: the indices of the boxes kept, best first (`NonMaxSuppressionV3`).
 */
export function nonMaxSuppression(boxes: InputValue, scores: InputValue, maxOutputSize: InputValue,
  options: NonMaxSuppressionOptions = {}): Output {
  return withScope(options.name, 'non_max_suppression', [], (_scope, graph) => {
    const iouThreshold = convertToTensor(options.iouThreshold ?? 0.5, { name: 'iou_threshold', graph });
    const scoreThreshold = convertToTensor(options.scoreThreshold ?? -Infinity, { name: 'score_threshold', graph });
    return raw.nonMaxSuppressionV3({ boxes, scores, maxOutputSize, iouThreshold, scoreThreshold });
  });
}

/**
 * `tf.image.non_max_suppression_with_scores(boxes, scores, max_output_size, iou_threshold=0.5,
 * score_threshold=-inf, soft_nms_sigma=0.0, name)`: `[selected_indices, selected_scores]`,
 * Soft-NMS when `softNmsSigma` > 0 (`NonMaxSuppressionV5`).
 */
export function nonMaxSuppressionWithScores(boxes: InputValue, scores: InputValue, maxOutputSize: InputValue,
  options: NonMaxSuppressionOptions & { softNmsSigma?: InputValue } = {}): [Output, Output] {
  return withScope(options.name, 'non_max_suppression_with_scores', [], (_scope, graph) => {
    const iouThreshold = convertToTensor(options.iouThreshold ?? 0.5, { name: 'iou_threshold', graph });
    const scoreThreshold = convertToTensor(options.scoreThreshold ?? -Infinity, { name: 'score_threshold', graph });
    const softNmsSigma = convertToTensor(options.softNmsSigma ?? 0.0, { name: 'soft_nms_sigma', graph });
    const r = raw.nonMaxSuppressionV5({ boxes, scores, maxOutputSize, iouThreshold, scoreThreshold, softNmsSigma,
      padToMaxOutputSize: false });
    return [r.selectedIndices, r.selectedScores];
  });
}

/**
 * `tf.image.non_max_suppression_overlaps(overlaps, scores, max_output_size, overlap_threshold=0.5,
 * score_threshold=-inf, name)`: as `nonMaxSuppression` on an n-by-n matrix of overlaps.
 */
export function nonMaxSuppressionOverlaps(overlaps: InputValue, scores: InputValue, maxOutputSize: InputValue,
  options: { overlapThreshold?: InputValue; scoreThreshold?: InputValue; name?: string } = {}): Output {
  return withScope(options.name, 'non_max_suppression_overlaps', [], (_scope, graph) => {
    const overlapThreshold = convertToTensor(options.overlapThreshold ?? 0.5, { name: 'overlap_threshold', graph });
    return raw.nonMaxSuppressionWithOverlaps({ overlaps, scores, maxOutputSize, overlapThreshold,
      scoreThreshold: options.scoreThreshold ?? -Infinity });
  });
}

/** `_bbox_overlap`: the IOUs `[batch, N, M]` of boxes `[batch, N, 4]` and `[batch, M, 4]` (as y/x min/max). */
function bboxOverlap(boxesA: Output, boxesB: Output): Output {
  return withScope(undefined, 'bbox_overlap', [], () => {
    const [aYMin, aXMin, aYMax, aXMax] = split(boxesA, 4, { axis: 2 });
    const [bYMin, bXMin, bYMax, bXMax] = split(boxesB, 4, { axis: 2 });
    const t = (x: Output) => transposeOp(x, [0, 2, 1]);
    const iXMin = maximum(aXMin, t(bXMin));
    const iXMax = minimum(aXMax, t(bXMax));
    const iYMin = maximum(aYMin, t(bYMin));
    const iYMax = minimum(aYMax, t(bYMax));
    const iArea = mul(maximum(sub(iXMax, iXMin, 'sub'), 0), maximum(sub(iYMax, iYMin, 'sub'), 0), 'mul');
    const aArea = mul(sub(aYMax, aYMin, 'sub'), sub(aXMax, aXMin, 'sub'), 'mul');
    const bArea = mul(sub(bYMax, bYMin, 'sub'), sub(bXMax, bXMin, 'sub'), 'mul');
    const uArea = add(sub(add(aArea, t(bArea), 'add'), iArea, 'sub'), 1e-8, 'add');
    return truediv(iArea, uArea);
  });
}

/** `_self_suppression`: one round of suppressing the boxes of a tile by the boxes no other suppresses. */
function selfSuppression(iou: Output, _changed: Output, iouSum: Output, iouThreshold: Output): Output[] {
  const batchSize = sliceOf(shapeOf(iou), [0]);
  const canSuppressOthers = cast(reshape(less(reduceMax(iou, { axis: 1 }), iouThreshold), [batchSize, -1, 1]), iou.dtype);
  const iouAfterSuppression = mul(reshape(cast(less(reduceMax(mul(canSuppressOthers, iou, 'mul'), { axis: 1 }),
    iouThreshold), iou.dtype), [batchSize, -1, 1]), iou, 'mul');
  const iouSumNew = reduceSum(iouAfterSuppression, { axis: [1, 2] });
  return [iouAfterSuppression, reduceAny(greater(sub(iouSum, iouSumNew, 'sub'), iouThreshold)), iouSumNew, iouThreshold];
}

/** `_suppression_loop_body`: the boxes of tile `idx` suppressed by the earlier tiles' and by each other. */
function suppressionLoopBody(boxes: Output, iouThreshold: Output, outputSize: Output, idx: Output, tileSize: number):
  Output[] {
  return withScope(undefined, 'suppression_loop_body', [], () => {
    const numTiles = floorDiv(sliceOf(shapeOf(boxes), [1]), tileSize, 'floordiv');
    const batchSize = sliceOf(shapeOf(boxes), [0]);
    let boxSlice = slice(boxes, [0, mul(idx, tileSize, 'mul'), 0], [batchSize, tileSize, 4]);
    // `_cross_suppression` by each earlier tile.
    boxSlice = whileLoop((_b: Output, _s: Output, _t: Output, innerIdx: Output) => less(innerIdx, idx),
      (b: Output, s: Output, thr: Output, innerIdx: Output) => {
        const newSlice = slice(b, [0, mul(innerIdx, tileSize, 'mul'), 0], [sliceOf(shapeOf(b), [0]), tileSize, 4]);
        const iou = bboxOverlap(newSlice, s);
        const kept = mul(expandDims(cast(reduceAll(less(iou, thr), { axis: [1] }), s.dtype), 2), s, 'mul');
        return [b, kept, thr, add(innerIdx, 1, 'add')];
      }, [boxes, boxSlice, iouThreshold, constant(0, { dtype: DType.int32 })])[1] as Output;
    let iou = bboxOverlap(boxSlice, boxSlice);
    const tileRange = range(0, tileSize);
    const mask = expandDims(greater(reshape(tileRange, [1, -1]), reshape(range(0, tileSize), [-1, 1])), 0);
    iou = mul(iou, cast(logicalAnd(mask, greaterEqual(iou, iouThreshold)), iou.dtype), 'mul');
    const suppressedIou = whileLoop((_i: Output, loopCondition: Output) => loopCondition,
      (i: Output, c: Output, sum: Output, thr: Output) => selfSuppression(i, c, sum, thr),
      [iou, constant(true), reduceSum(iou, { axis: [1, 2] }), iouThreshold])[0] as Output;
    const suppressedBox = greater(reduceSum(suppressedIou, { axis: 1 }), 0);
    boxSlice = mul(boxSlice, expandDims(sub(1.0, cast(suppressedBox, boxSlice.dtype), 'sub'), 2), 'mul');
    const tileMask = reshape(cast(equal(range(0, numTiles), idx), boxes.dtype), [1, -1, 1, 1]);
    let out = add(mul(tile(applyOp('ExpandDims', { input: boxSlice, dim: [1] }, {}, 'ExpandDims').output(0),
      [1, numTiles, 1, 1]), tileMask, 'mul'),
    mul(reshape(boxes, [batchSize, numTiles, tileSize, 4]), sub(1, tileMask, 'sub'), 'mul'), 'add');
    out = reshape(out, [batchSize, -1, 4]);
    const size = add(outputSize, reduceSum(cast(reduceAny(greater(boxSlice, 0), { axis: [2] }), DType.int32),
      { axis: [1] }), 'add');
    return [out, iouThreshold, size, add(idx, 1, 'add')];
  });
}

/** Options of `nonMaxSuppressionPadded` (TF's defaults). */
export interface NonMaxSuppressionPaddedOptions extends NonMaxSuppressionOptions {
  /** Pad the indices to `maxOutputSize` (needed for batched boxes). */
  padToMaxOutputSize?: boolean;
  /** The boxes come sorted by score already. */
  sortedInput?: boolean;
  /** The boxes are `[ymin, xmin, ymax, xmax]` already. */
  canonicalizedCoordinates?: boolean;
  /** The boxes compared at once (512). */
  tileSize?: number;
}

/**
 * `non_max_suppression_padded_v2` (a `tf.function` in TF, built inline here): the tiled greedy NMS
 * over a batch, `[idx, numValid]`.
 */
function nonMaxSuppressionPaddedV2(boxesIn: Output, scoresIn: InputValue, maxOutputSize: Output, iouThreshold: Output,
  scoreThreshold: number, sortedInput: boolean, canonicalized: boolean, tileSize: number): [Output, Output] {
  const batchDims = sliceOf(shapeOf(boxesIn), [[null, -2]]);
  const numBoxes = sliceOf(shapeOf(boxesIn), [-2]);
  let boxes = reshape(boxesIn, [-1, numBoxes, 4]);
  let scores = reshape(scoresIn, [-1, numBoxes]);
  const batchSize = sliceOf(shapeOf(boxes), [0]);
  if (scoreThreshold !== -Infinity) {
    withScope(undefined, 'filter_by_score', [], () => {
      const scoreMask = cast(greater(scores, scoreThreshold), scores.dtype);
      scores = mul(scores, scoreMask, 'mul');
      boxes = mul(boxes, expandDims(cast(scoreMask, boxes.dtype), 2), 'mul');
    });
  }
  if (!canonicalized) {
    withScope(undefined, 'canonicalize_coordinates', [], () => {
      const [y1, x1, y2, x2] = split(boxes, 4, { axis: 2 });
      const minMax = (a: Output, b: Output) => cond(reduceAll(lessEqual(sliceOf(a, [0, 0, 0]), sliceOf(b, [0, 0, 0]))),
        () => [a, b], () => [b, a]) as Output[];
      const [yMin, yMax] = minMax(y1, y2);
      const [xMin, xMax] = minMax(x1, x2);
      boxes = concat([yMin, xMin, yMax, xMax], 2);
    });
  }
  let sortedIndices: Output;
  if (!sortedInput) {
    withScope(undefined, 'sort_scores_and_boxes', [], () => {
      sortedIndices = argsort(scores, { axis: 1, direction: 'DESCENDING' });
      scores = gather(scores, sortedIndices, 1, undefined, 1);
      boxes = gather(boxes, sortedIndices, 1, undefined, 1);
    });
  } else {
    sortedIndices = zerosLike(scores, DType.int32);
  }
  const padding = sub(mul(cast(ceil(truediv(cast(maximum(numBoxes, maxOutputSize), DType.float32),
    cast(tileSize, DType.float32))), DType.int32), tileSize, 'mul'), numBoxes, 'sub');
  boxes = pad(cast(boxes, DType.float32), [[0, 0], [0, padding], [0, 0]]);
  scores = pad(cast(scores, DType.float32), [[0, 0], [0, padding]]);
  const numBoxesAfterPadding = add(numBoxes, padding, 'add');
  const numIterations = floorDiv(numBoxesAfterPadding, tileSize, 'floordiv');
  const [selectedBoxes, , outputSize] = whileLoop(
    (_b: Output, _t: Output, size: Output, idx: Output) => logicalAnd(less(reduceMin(size), maxOutputSize),
      less(idx, numIterations)),
    (b: Output, t: Output, size: Output, idx: Output) => suppressionLoopBody(b, t, size, idx, tileSize),
    [boxes, iouThreshold, zeros([batchSize], DType.int32), constant(0, { dtype: DType.int32 })],
    { shapeInvariants: [[null, null, 4], [], [null], []] }) as Output[];
  let numValid = minimum(outputSize, maxOutputSize);
  let idx = sub(numBoxesAfterPadding, cast(topK(mul(cast(reduceAny(greater(selectedBoxes, 0), { axis: [2] }), DType.int32),
    expandDims(range(numBoxesAfterPadding, 0, -1), 0), 'mul'), maxOutputSize).values, DType.int32), 'sub');
  idx = minimum(idx, sub(numBoxes, 1, 'sub'));
  if (!sortedInput) {
    const indexOffsets = mul(range(0, batchSize), numBoxes, 'mul');
    const gatherIdx = reshape(add(idx, expandDims(indexOffsets, 1), 'add'), [-1]);
    idx = reshape(gather(reshape(sortedIndices!, [-1]), gatherIdx), [batchSize, -1]);
  }
  const invalidIndex = zeros([batchSize, maxOutputSize], DType.int32);
  const idxIndex = expandDims(range(0, maxOutputSize), 0);
  idx = where(less(idxIndex, expandDims(numValid, 1)), idx, invalidIndex);
  numValid = reshape(numValid, batchDims);
  return [idx, numValid];
}

/**
 * `tf.image.non_max_suppression_padded(boxes, scores, max_output_size, iou_threshold=0.5,
 * score_threshold=-inf, pad_to_max_output_size=False, name=None, sorted_input=False,
 * canonicalized_coordinates=False, tile_size=512)`: `[selectedIndices, numValid]` of a greedy NMS of
 * `[..., numBoxes, 4]` boxes, the indices padded with 0 to `maxOutputSize` when `padToMaxOutputSize`.
 * TF traces the algorithm as a `tf.function`; this builds the same ops in the graph itself (v1 while loops).
 */
export function nonMaxSuppressionPadded(boxes: InputValue, scores: InputValue, maxOutputSize: InputValue,
  options: NonMaxSuppressionPaddedOptions = {}): [Output, Output] {
  return withScope(options.name, 'non_max_suppression_padded', [], (_scope, graph) => {
    const b = convertToTensor(boxes, { graph });
    if (!options.padToMaxOutputSize && b.shape !== null && b.shape.length > 2) {
      throw new ValueError("'pad_to_max_output_size' (value False) must be True for batched input");
    }
    const maxOut = convertToTensor(pyInt(maxOutputSize), { graph });
    const iouThreshold = convertToTensor(options.iouThreshold ?? 0.5, { dtype: DType.float32, graph });
    const scoreThreshold = options.scoreThreshold ?? -Infinity;
    if (typeof scoreThreshold !== 'number') throw new TypeError('score_threshold must be a number (compared in Python).');
    let [idx, numValid] = nonMaxSuppressionPaddedV2(b, scores, maxOut, iouThreshold, scoreThreshold,
      options.sortedInput ?? false, options.canonicalizedCoordinates ?? false, options.tileSize ?? 512);
    if (!options.padToMaxOutputSize) {
      idx = sliceOf(idx, [0, [null, numValid]]);
    } else {
      idx = reshape(idx, concat([sliceOf(shapeOf(b), [[null, -2]]), expandDims(maxOut, 0)], 0));
    }
    return [idx, numValid];
  });
}

/** Options of `combinedNonMaxSuppression`. */
export interface CombinedNonMaxSuppressionOptions extends NonMaxSuppressionOptions {
  padPerClass?: boolean;
  clipBoxes?: boolean;
}

/**
 * `tf.image.combined_non_max_suppression(boxes, scores, max_output_size_per_class,
 * max_total_size, iou_threshold=0.5, score_threshold=-inf, pad_per_class=False, clip_boxes=True,
 * name)`: per-class NMS over a batch, `{ nmsedBoxes, nmsedScores, nmsedClasses, validDetections }`.
 */
export function combinedNonMaxSuppression(boxes: InputValue, scores: InputValue, maxOutputSizePerClass: InputValue,
  maxTotalSize: InputValue, options: CombinedNonMaxSuppressionOptions = {}): ReturnType<typeof raw.combinedNonMaxSuppression> {
  return withScope(options.name, 'combined_non_max_suppression', [], (_scope, graph) => {
    const iouThreshold = convertToTensor(options.iouThreshold ?? 0.5,
      { dtype: DType.float32, name: 'iou_threshold', graph });
    const scoreThreshold = convertToTensor(options.scoreThreshold ?? -Infinity,
      { dtype: DType.float32, name: 'score_threshold', graph });
    return raw.combinedNonMaxSuppression({ boxes, scores, maxOutputSizePerClass,
      maxTotalSize: convertToTensor(int(maxTotalSize as Dim), { graph }), iouThreshold, scoreThreshold,
      padPerClass: options.padPerClass ?? false, clipBoxes: options.clipBoxes ?? true });
  });
}

/**
 * `tf.compat.v1.image.crop_and_resize(image, boxes, box_ind, crop_size, method='bilinear',
 * extrapolation_value=0, name)`: each box of its batch entry cropped and resized to `crop_size`.
 */
export function cropAndResize(image: InputValue, boxes: InputValue, boxInd: InputValue, cropSize: InputValue,
  options: { method?: 'bilinear' | 'nearest'; extrapolationValue?: number; name?: string } = {}): Output {
  return raw.cropAndResize({ image, boxes, boxInd, cropSize,
    method: options.method ?? 'bilinear', extrapolationValue: options.extrapolationValue ?? 0 }, options.name);
}

/**
 * `tf.compat.v1.image.draw_bounding_boxes(images, boxes, name, colors)`: the boxes drawn on a
 * float batch (`DrawBoundingBoxesV2` with `colors`, RGBA rows).
 */
export function drawBoundingBoxes(images: InputValue, boxes: InputValue,
  options: { colors?: InputValue; name?: string } = {}): Output {
  if (options.colors === undefined) return raw.drawBoundingBoxes({ images, boxes }, options.name);
  return raw.drawBoundingBoxesV2({ images, boxes, colors: options.colors }, options.name);
}

/**
 * `tf.compat.v1.image.extract_glimpse(input, size, offsets, centered=True, normalized=True,
 * uniform_noise=True, name)`: a window of `size` at each offset (noise where it leaves the image).
 */
export function extractGlimpse(input: InputValue, size: InputValue, offsets: InputValue,
  options: { centered?: boolean; normalized?: boolean; uniformNoise?: boolean; name?: string } = {}): Output {
  return raw.extractGlimpse({ input, size, offsets, centered: options.centered ?? true,
    normalized: options.normalized ?? true, uniformNoise: options.uniformNoise ?? true }, options.name);
}

/** `tf.image.rgb_to_hsv(images, name)`: RGB floats in [0, 1] to hue, saturation and value in [0, 1]. */
export function rgbToHsv(images: InputValue, name?: string): Output {
  return raw.rGBToHSV({ images }, name);
}

/** `tf.image.hsv_to_rgb(images, name)`. */
export function hsvToRgb(images: InputValue, name?: string): Output {
  return raw.hSVToRGB({ images }, name);
}

/** A color-space matrix applied to the last dimension (`tensordot(images, kernel, [[ndims - 1], [0]])`). */
function colorTransform(images: InputValue, kernel: number[][]): Output {
  const img = convertToTensor(images, { name: 'images' });
  const k = convertToTensor(kernel, { dtype: img.dtype, name: 'kernel' });
  const ndims = img.shape?.length;
  if (ndims === undefined) throw new TypeError("unsupported operand type(s) for -: 'NoneType' and 'int'");
  return tensordot(img, k, [[ndims - 1], [0]]);
}

/** `tf.image.rgb_to_yiq(images)`. */
export function rgbToYiq(images: InputValue): Output {
  return colorTransform(images, [[0.299, 0.59590059, 0.2115], [0.587, -0.27455667, -0.52273617],
    [0.114, -0.32134392, 0.31119955]]);
}

/** `tf.image.yiq_to_rgb(images)`. */
export function yiqToRgb(images: InputValue): Output {
  return colorTransform(images, [[1, 1, 1], [0.95598634, -0.27201283, -1.10674021],
    [0.6208248, -0.64720424, 1.70423049]]);
}

/** `tf.image.rgb_to_yuv(images)`. */
export function rgbToYuv(images: InputValue): Output {
  return colorTransform(images, [[0.299, -0.14714119, 0.61497538], [0.587, -0.28886916, -0.51496512],
    [0.114, 0.43601035, -0.10001026]]);
}

/** `tf.image.yuv_to_rgb(images)`. */
export function yuvToRgb(images: InputValue): Output {
  return colorTransform(images, [[1, 1, 1], [0, -0.394642334, 2.03206185], [1.13988303, -0.58062185, 0]]);
}

/**
 * `tf.image.adjust_gamma(image, gamma=1, gain=1)`: `gain * image ** gamma` (in [0, 1] floats),
 * saturated back to the dtype; a negative Python gamma is TF's ValueError.
 */
export function adjustGamma(image: InputValue, gamma: number | Output = 1, gain: number | Output = 1): Output {
  return withScope(undefined, 'adjust_gamma', [image, gamma, gain], (_scope, graph) => {
    const img = convertToTensor(image, { name: 'image', graph });
    const flt = asFloat(img);
    let g: InputValue = gamma;
    const asserts = check(isT(gamma) ? greaterEqual(gamma, 0) : gamma >= 0, 'Gamma should be a non-negative real number.');
    if (asserts.length > 0) g = withDependencies(asserts, gamma as Output);
    const powered = applyOp('Pow', { x: flt, y: g }, {}, 'pow').output(0);
    const adjusted = mul(gain, powered, 'mul');
    return convertImageDtype(adjusted, baseDType(img.dtype), true);
  });
}

/**
 * `tf.image.adjust_jpeg_quality(image, jpeg_quality, dct_method='', name)`: the image through a
 * JPEG encoding of that quality and back.
 */
export function adjustJpegQuality(image: InputValue, jpegQuality: InputValue,
  options: { dctMethod?: string; name?: string } = {}): Output {
  return withScope(options.name, 'adjust_jpeg_quality', [image], (_scope, graph) => {
    let img = convertToTensor(image, { name: 'image', graph });
    if (img.shape === null) throw new ValueError('as_list() is not defined on an unknown TensorShape.');
    const channels = img.shape[img.shape.length - 1] ?? undefined;
    const origDtype = baseDType(img.dtype);
    img = convertImageDtype(img, DType.uint8, true);
    const quality = isT(jpegQuality) ? jpegQuality : convertToTensor(jpegQuality, { dtype: DType.int32, graph });
    const encoded = raw.encodeJpegVariableQuality({ images: img, quality });
    const decoded = raw.decodeJpeg({ contents: encoded, channels, dctMethod: options.dctMethod ?? '' });
    return convertImageDtype(decoded, origDtype, true);
  });
}

/** `tf.image.random_jpeg_quality(image, min_jpeg_quality, max_jpeg_quality, seed)`: a quality drawn from [min, max). */
export function randomJpegQuality(image: InputValue, minJpegQuality: number, maxJpegQuality: number,
  seed?: number): Output {
  if ([minJpegQuality, maxJpegQuality].some((q) => q < 0 || q > 100)) {
    throw new ValueError('jpeg encoding range must be between 0 and 100.');
  }
  if (minJpegQuality >= maxJpegQuality) throw new ValueError('`min_jpeg_quality` must be less than `max_jpeg_quality`.');
  const quality = randomUniform([], { minval: minJpegQuality, maxval: maxJpegQuality, seed, dtype: DType.int32 });
  return adjustJpegQuality(image, quality);
}

/** `images[spec]` shifted by one along `axis` (1: height, 2: width of a batch), minus the image: the differences. */
function neighbourDiff(images: Output, axis: number): Output {
  const all: SliceSpec = [null, null];
  const spec = (s: SliceSpec) => images.shape!.map((_, i) => (i === axis ? s : all));
  return sub(sliceOf(images, spec([1, null])), sliceOf(images, spec([null, -1])), 'sub');
}

/**
 * `tf.image.total_variation(images, name)`: the sum of the absolute differences of neighbouring
 * pixels (a scalar for an image, one per image of a batch).
 */
export function totalVariation(images: Output, name?: string): Output {
  return withScope(name, 'total_variation', [], () => {
    const ndims = images.shape?.length;
    if (ndims !== 3 && ndims !== 4) throw new ValueError("'images' must be either 3 or 4-dimensional.");
    const off = ndims - 3;
    const dif1 = neighbourDiff(images, off);
    const dif2 = neighbourDiff(images, off + 1);
    const axis = ndims === 3 ? undefined : [1, 2, 3];
    return add(reduceSum(abs(dif1), { axis }), reduceSum(abs(dif2), { axis }), 'add');
  });
}

/**
 * `tf.image.image_gradients(image)`: `[dy, dx]`, the differences to the next pixel down and to the
 * right of a 4-D batch, 0 on the last row and column.
 */
export function imageGradients(image: Output): [Output, Output] {
  if (image.shape?.length !== 4) {
    throw new ValueError(`image_gradients expects a 4D tensor [batch_size, h, w, d], not ${shapeString(image.shape)}.`);
  }
  const imageShape = shapeOf(image);
  const [batchSize, height, width, depth] = unstack(imageShape);
  const dy = neighbourDiff(image, 1);
  const dx = neighbourDiff(image, 2);
  const padded = (d: Output, shape: InputValue[], axis: number) =>
    reshape(concat([d, zeros(stack(shape), image.dtype)], axis), imageShape);
  return [padded(dy, [batchSize, 1, width, depth], 1), padded(dx, [batchSize, height, 1, depth], 2)];
}

/**
 * `tf.image.sobel_edges(image)`: the vertical and horizontal Sobel responses of a 4-D batch (in a
 * last dimension of 2), over its reflection-padded border.
 */
export function sobelEdges(image: Output): Output {
  const staticShape = image.shape;
  const imageShape = shapeOf(image);
  // np.transpose of the two 3x3 kernels to (3, 3, 1, 2).
  const k = [[[-1, -2, -1], [0, 0, 0], [1, 2, 1]], [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]];
  const values = [0, 1, 2].flatMap((i) => [0, 1, 2].flatMap((j) => [k[0][i][j], k[1][i][j]]));
  const kernels = convertToTensor(Tensor.from(values, { dtype: baseDType(image.dtype), shape: [3, 3, 1, 2] }));
  const filters = tile(kernels, [1, 1, sliceOf(imageShape, [-1]), 1], 'sobel_filters');
  const padded = pad(image, [[0, 0], [1, 1], [1, 1], [0, 0]], { mode: 'REFLECT' });
  const output = depthwiseConv2d(padded, filters, { strides: [1, 1, 1, 1], padding: 'VALID' });
  const result = reshape(output, concat([imageShape, [2]], 0));
  result.setShape(staticShape === null ? null : [...staticShape, 2]);
  return result;
}

/**
 * `_verify_compatible_image_shapes`: TF's ValueErrors for images whose last 3 dimensions or
 * batch dimensions can't match, and the run-time asserts of both.
 */
function compatibleImageShapes(img1: Output, img2: Output): [Output, Output, Operation[]] {
  const withRank3 = (s: (number | null)[] | null) => {
    if (s !== null && s.length < 3) throw new ValueError(`Shape ${shapeString(s)} must have rank at least 3`);
    return s;
  };
  const s1 = withRank3(img1.shape);
  const s2 = withRank3(img2.shape);
  const compatible = (a: number | null, b: number | null) => a === null || b === null || a === b;
  if (s1 !== null && s2 !== null) {
    const [t1, t2] = [s1.slice(-3), s2.slice(-3)];
    if (!t1.every((d, i) => compatible(d, t2[i]))) {
      throw new ValueError(`Shapes ${shapeString(t1)} and ${shapeString(t2)} are incompatible`);
    }
    const [h1, h2] = [s1.slice(0, -3).reverse(), s2.slice(0, -3).reverse()];
    for (let i = 0; i < Math.min(h1.length, h2.length); i++) {
      if (!(h1[i] === 1 || h2[i] === 1 || compatible(h1[i], h2[i]))) {
        throw new ValueError(`Two images are not compatible: ${shapeString(s1)} and ${shapeString(s2)}`);
      }
    }
  }
  const [shape1, shape2] = shapeN([img1, img2]);
  const checks = [
    Assert(greaterEqual(size(shape1), 3), [shape1, shape2], { summarize: 10 }),
    Assert(reduceAll(equal(sliceOf(shape1, [[-3, null]]), sliceOf(shape2, [[-3, null]]))), [shape1, shape2],
      { summarize: 10 }),
  ];
  return [shape1, shape2, checks];
}

/**
 * `max_val` cast to the image's dtype, then to float32 as the images are. A JS number is Python's
 * int for integer images (an int32 Const cast), its float for float images.
 */
function maxValAsFloat(maxVal: InputValue, dtype: DType): Output {
  const asPython = typeof maxVal === 'number' && isIntegerDType(dtype) ? pyInt(maxVal) : maxVal;
  return convertImageDtype(cast(asPython, dtype), DType.float32);
}

/**
 * `tf.image.psnr(a, b, max_val, name)`: the peak signal-to-noise ratio of each image pair, over
 * its last 3 dimensions.
 */
export function psnr(a: Output, b: Output, maxVal: InputValue, name?: string): Output {
  return withScope(name, 'PSNR', [a, b], () => {
    const max = maxValAsFloat(maxVal, a.dtype);
    const fa = convertImageDtype(a, DType.float32);
    const fb = convertImageDtype(b, DType.float32);
    const mse = reduceMean(squaredDifference(fa, fb), [-3, -2, -1]);
    const value = sub(truediv(mul(20, log(max), 'mul'), log(10.0)),
      mul(Math.fround(10 / Math.log(10)), log(mse), 'mul'), 'psnr');
    const [, , checks] = compatibleImageShapes(fa, fb);
    return a.graph.controlDependencies(checks, () => identity(value));
  });
}

/** Options of `ssim` and `ssimMultiscale` (TF's defaults: an 11x11 Gaussian of sigma 1.5, k1 0.01, k2 0.03). */
export interface SsimOptions {
  filterSize?: number;
  filterSigma?: number;
  k1?: number;
  k2?: number;
}

/** `_ssim_helper`: luminance and contrast-structure of two images, means by `reducer`. */
function ssimHelper(x: Output, y: Output, reducer: (t: Output) => Output, maxVal: Output, k1: number,
  k2: number): [Output, Output] {
  const c1 = applyOp('Pow', { x: mul(k1, maxVal, 'mul'), y: 2 }, {}, 'pow').output(0);
  let c2 = applyOp('Pow', { x: mul(k2, maxVal, 'mul'), y: 2 }, {}, 'pow').output(0);
  const mean0 = reducer(x);
  const mean1 = reducer(y);
  const num0 = mul(mul(mean0, mean1, 'mul'), 2.0, 'mul');
  const den0 = add(square(mean0), square(mean1), 'add');
  const luminance = truediv(add(num0, c1, 'add'), add(den0, c1, 'add'));
  const num1 = mul(reducer(mul(x, y, 'mul')), 2.0, 'mul');
  const den1 = reducer(add(square(x), square(y), 'add'));
  c2 = mul(c2, 1.0, 'mul');
  const cs = truediv(add(sub(num1, num0, 'sub'), c2, 'add'), add(sub(den1, den0, 'sub'), c2, 'add'));
  return [luminance, cs];
}

/** `_fspecial_gauss`: a normalized `size`x`size` Gaussian kernel, shape [size, size, 1, 1]. */
function gaussianKernel(size: Output, sigma: Output): Output {
  let coords = cast(range(0, size), sigma.dtype);
  coords = sub(coords, truediv(cast(sub(size, 1, 'sub'), sigma.dtype), 2.0), 'sub');
  let g = square(coords);
  g = mul(g, truediv(-0.5, square(sigma)), 'mul');
  g = add(reshape(g, [1, -1]), reshape(g, [-1, 1]), 'add');
  g = softmax(reshape(g, [1, -1]));
  return reshape(g, [size, size, 1, 1]);
}

/** `_ssim_per_channel`: SSIM and contrast-structure per channel (or their maps with `returnIndexMap`). */
function ssimPerChannel(img1: Output, img2: Output, maxVal: Output, options: SsimOptions,
  returnIndexMap = false): [Output, Output] {
  const filterSize = constant(options.filterSize ?? 11, { dtype: DType.int32 });
  const filterSigma = constant(Tensor.from(options.filterSigma ?? 1.5, { dtype: baseDType(img1.dtype) }));
  const [shape1, shape2] = shapeN([img1, img2]);
  const fits = (s: Output) => Assert(reduceAll(greaterEqual(sliceOf(s, [[-3, -1]]), filterSize)), [s, filterSize],
    { summarize: 8 });
  const checks = [fits(shape1), fits(shape2)];
  const x1 = img1.graph.controlDependencies(checks, () => identity(img1));
  let kernel = gaussianKernel(filterSize, filterSigma);
  kernel = tile(kernel, [1, 1, sliceOf(shape1, [-1]), 1]);
  const reducer = (x: Output) => {
    const s = shapeOf(x);
    const flat = reshape(x, concat([[-1], sliceOf(s, [[-3, null]])], 0));
    const y = depthwiseConv2d(flat, kernel, { strides: [1, 1, 1, 1], padding: 'VALID' });
    return reshape(y, concat([sliceOf(s, [[null, -3]]), sliceOf(shapeOf(y), [[1, null]])], 0));
  };
  const [luminance, cs] = ssimHelper(x1, img2, reducer, maxVal, options.k1 ?? 0.01, options.k2 ?? 0.03);
  if (returnIndexMap) return [mul(luminance, cs, 'mul'), cs];
  const axes = constant([-3, -2], { dtype: DType.int32 });
  return [reduceMean(mul(luminance, cs, 'mul'), axes), reduceMean(cs, axes)];
}

/** The images of SSIM: checked compatible, as float32, and `max_val` with them. */
function ssimInputs(img1: InputValue, img2: InputValue, maxVal: InputValue): [Output, Output, Output, Output, Output] {
  let x1 = convertToTensor(img1, { name: 'img1' });
  const x2 = convertToTensor(img2, { name: 'img2' });
  const [shape1, shape2, checks] = compatibleImageShapes(x1, x2);
  const x1c = x1;
  x1 = x1.graph.controlDependencies(checks, () => identity(x1c));
  const max = maxValAsFloat(maxVal, x1.dtype);
  return [convertImageDtype(x1, DType.float32), convertImageDtype(x2, DType.float32), max, shape1, shape2];
}

/**
 * `tf.image.ssim(img1, img2, max_val, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03,
 * return_index_map=False)`: the structural similarity of each image pair (its map with `returnIndexMap`).
 */
export function ssim(img1: InputValue, img2: InputValue, maxVal: InputValue,
  options: SsimOptions & { returnIndexMap?: boolean } = {}): Output {
  return withScope(undefined, 'SSIM', [img1, img2], () => {
    const [x1, x2, max] = ssimInputs(img1, img2, maxVal);
    const [perChannel] = ssimPerChannel(x1, x2, max, options, options.returnIndexMap ?? false);
    return reduceMean(perChannel, [-1]);
  });
}

/** TF's `_MSSSIM_WEIGHTS`: the weights of the 5 scales of MS-SSIM. */
const MSSSIM_WEIGHTS = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];

/**
 * `tf.image.ssim_multiscale(img1, img2, max_val, power_factors=_MSSSIM_WEIGHTS, filter_size=11,
 * filter_sigma=1.5, k1=0.01, k2=0.03)`: SSIM over scales halved one after the other (one per power factor).
 */
export function ssimMultiscale(img1: InputValue, img2: InputValue, maxVal: InputValue,
  options: SsimOptions & { powerFactors?: number[] } = {}): Output {
  const powerFactors = options.powerFactors ?? MSSSIM_WEIGHTS;
  return withScope(undefined, 'MS-SSIM', [img1, img2], () => {
    const [x1, x2, max, shape1, shape2] = ssimInputs(img1, img2, maxVal);
    let imgs = [x1, x2];
    const heads = [shape1, shape2].map((s) => sliceOf(s, [[null, -3]]));
    let tails = [shape1, shape2].map((s) => sliceOf(s, [[-3, null]]));
    const divisor = [1, 2, 2, 1];
    const divisorTensor = constant(divisor.slice(1), { dtype: DType.int32 });
    const mcs: Output[] = [];
    let ssimPerChannel_: Output | undefined;
    powerFactors.forEach((_, k) => {
      withScope(undefined, `Scale${k}`, imgs, () => {
        if (k > 0) {
          const flat = imgs.map((x, i) => reshape(x, concat([[-1], tails[i]], 0)));
          const remainder = applyOp('FloorMod', { x: tails[0], y: divisorTensor }, {}, 'mod').output(0);
          const needPadding = reduceAny(notEqual(remainder, 0));
          const padded = cond(needPadding, () => {
            const padding = pad(expandDims(remainder, -1), [[1, 0], [1, 0]]);
            return flat.map((x) => pad(x, padding, { mode: 'SYMMETRIC' }));
          }, () => flat) as Output[];
          const downscaled = padded.map((x) => avgPool(x, { ksize: divisor, strides: divisor, padding: 'VALID' }));
          tails = shapeN(downscaled).map((s) => sliceOf(s, [[1, null]]));
          imgs = downscaled.map((x, i) => reshape(x, concat([heads[i], tails[i]], 0)));
        }
        const [perChannel, cs] = ssimPerChannel(imgs[0], imgs[1], max, options);
        ssimPerChannel_ = perChannel;
        mcs.push(relu(cs));
        return perChannel;
      });
    });
    mcs.pop();
    const mcsAndSsim = stack([...mcs, relu(ssimPerChannel_!)], -1);
    const factors = Tensor.from(powerFactors, { dtype: DType.float32 });
    const msSsim = reduceProd(applyOp('Pow', { x: mcsAndSsim, y: factors }, {}, 'Pow').output(0), [-1]);
    return reduceMean(msSsim, [-1]);
  });
}

/** `tf.image.decode_bmp(contents, channels=0, name)`. */
export function decodeBmp(contents: InputValue, options: { channels?: number; name?: string } = {}): Output {
  return raw.decodeBmp({ contents, channels: options.channels ?? 0 }, options.name);
}

/** `tf.image.decode_gif(contents, name)`: the frames of a GIF, [frames, height, width, 3] uint8. */
export function decodeGif(contents: InputValue, name?: string): Output {
  return raw.decodeGif({ contents }, name);
}

/** `tf.image.extract_jpeg_shape(contents, output_type=int32, name)`: [height, width, channels] of a JPEG. */
export function extractJpegShape(contents: InputValue, options: { outputType?: DType; name?: string } = {}): Output {
  return raw.extractJpegShape({ contents, outputType: options.outputType ?? DType.int32 }, options.name);
}

/** `tf.image.decode_and_crop_jpeg(contents, crop_window, channels=0, ...)`: only the window decoded. */
export function decodeAndCropJpeg(contents: InputValue, cropWindow: InputValue,
  options: Omit<Parameters<typeof raw.decodeAndCropJpeg>[0], 'contents' | 'cropWindow'> & { name?: string } = {}): Output {
  const { name, ...attrs } = options;
  return raw.decodeAndCropJpeg({ contents, cropWindow, ...attrs }, name);
}

/** `tf.image.is_jpeg(contents, name)`: whether the bytes start as a JPEG does. */
export function isJpeg(contents: InputValue, name?: string): Output {
  return withScope(name, 'is_jpeg', [], () => {
    const start = substr(contents, 0, 3);
    return equal(start, Buffer.from([0xff, 0xd8, 0xff]), name);
  });
}

/**
 * TF1's `tf.image.transpose` and `tf.image.extract_image_patches`: the same functions as `transposeImage` and
 * `tf.extract_image_patches`.
 */
export { transposeImage as transpose };
export { extractImagePatches } from './array_ops';

/** Options of `generateBoundingBoxProposals` (TF's defaults). */
export interface BoundingBoxProposalsOptions {
  nmsThreshold?: InputValue;
  preNmsTopn?: InputValue;
  minSize?: InputValue;
  postNmsTopn?: number;
  name?: string;
}

/**
 * `tf.image.generate_bounding_box_proposals(scores, bbox_deltas, image_info, anchors, nms_threshold=0.7,
 * pre_nms_topn=6000, min_size=16, post_nms_topn=300)`: the region proposals of a Faster R-CNN style
 * detector (`GenerateBoundingBoxProposals`), `[rois, roiProbabilities]`.
 */
export function generateBoundingBoxProposals(scores: InputValue, bboxDeltas: InputValue, imageInfo: InputValue,
  anchors: InputValue, options: BoundingBoxProposalsOptions = {}): [Output, Output] {
  const op = applyOp('GenerateBoundingBoxProposals', {
    scores, bbox_deltas: bboxDeltas, image_info: imageInfo, anchors, nms_threshold: options.nmsThreshold ?? 0.7,
    pre_nms_topn: options.preNmsTopn ?? 6000, min_size: options.minSize ?? 16,
  }, { post_nms_topn: options.postNmsTopn ?? 300 }, options.name ?? 'GenerateBoundingBoxProposals');
  return [op.output(0), op.output(1)];
}
