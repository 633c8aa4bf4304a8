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
  cast, concat, expandDims, ones, rank as rankOf, reshape, shape as shapeOf, sliceOf, squeeze, transpose as transposeOp,
  withScope,
} from './array_ops';
import { assertEqual, assertGreaterEqual, assertPositive, pyInt } from './check_ops';
import { cond } from './cond';
import { Assert } from './control_flow_assert';
import { case_ } from './control_flow_case';
import { withDependencies } from './control_flow_ops';
import * as raw from './gen/raw_ops';
import {
  add, equal, greaterEqual, less, lessEqual, maximum, minimum, mul, reduceAll, reduceMean, reduceProd, rsqrt, sqrt, square,
  sub, tensordot, truediv,
} from './math_ops';
import { randomUniform } from './random_ops';

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
