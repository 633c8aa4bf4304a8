/**
 * Gradients of the image ops that libtensorflow's C++ registry lacks (TF's `image_grad.py`:
 * `_RGBToHSVGrad`), after TF 2.21's Python function, and the image ops TF declares not
 * differentiable (`image_ops_impl.py`'s NotDifferentiable list); registered with the others in gradients.ts.
 */
import { baseDType } from '../framework/dtypes';
import { denseGradient as dense } from '../framework/indexed_slices';
import { InputValue } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { cast, stack, stridedSlice } from './array_ops';
import type { GradFn } from './gradients';
import { add, divNoNan, greater, greaterEqual, less, lessEqual, logicalAnd, mul, square, sub, truediv } from './math_ops';

/** `x[..., i]`. */
const channel = (x: Output, i: number) => stridedSlice(x, [0, i], [0, i + 1], [1, 1], { ellipsisMask: 1, shrinkAxisMask: 2 });

/** The product of the factors, left to right (Python's `a * b * c`). */
const prod = (first: Output, ...rest: InputValue[]) => rest.reduce<Output>((a, b) => mul(a, b), first);

/**
 * `_RGBToHSVGrad`: the partial derivatives of hue, saturation and value by red, green and blue,
 * case by case of which channel is the largest and the smallest (ties as R > G > B).
 */
const rgbToHsvGrad: GradFn = (op, grads) => {
  const grad = dense(grads[0]!);
  const [r, g, b] = [0, 1, 2].map((i) => channel(op.inputs[0], i));
  const saturation = channel(op.outputs[0], 1);
  const value = channel(op.outputs[0], 2);
  const dtype = baseDType(op.inputs[0].dtype);
  const scalar = (v: number) => Tensor.from(v, { dtype });
  const is = (c: Output) => cast(c, dtype);
  const both = (x: Output, y: Output) => is(logicalAnd(x, y));
  // `_CustomReciprocal`: 1/x, 0 where x is 0.
  const inv = (x: Output) => divNoNan(cast(1.0, x.dtype), x);
  const positive = (x: Output) => is(greater(x, scalar(0)));
  const minusOne = scalar(-1);

  const rBig = both(greaterEqual(r, b), greaterEqual(r, g));
  const gBig = both(greater(g, r), greaterEqual(g, b));
  const bBig = both(greater(b, r), greater(b, g));
  const rSmall = both(less(r, b), less(r, g));
  const gSmall = both(lessEqual(g, r), less(g, b));
  const bSmall = both(lessEqual(b, r), lessEqual(b, g));

  /** The saturation's derivative by channel `x` (largest `xBig`, smallest `xSmall`) of the other two. */
  const dSaturation = (x: Output, xBig: Output, xSmall: Output, [y, yBig, ySmall]: Output[], [z, zBig, zSmall]: Output[]) =>
    mul(positive(x), add(prod(xBig, add(mul(ySmall, y), mul(zSmall, z)), inv(square(x))),
      prod(xSmall, minusOne, inv(add(mul(yBig, y), mul(zBig, z))))));
  const dsDr = dSaturation(r, rBig, rSmall, [g, gBig, gSmall], [b, bBig, bSmall]);
  const dsDg = dSaturation(g, gBig, gSmall, [r, rBig, rSmall], [b, bBig, bSmall]);
  const dsDb = dSaturation(b, bBig, bSmall, [g, gBig, gSmall], [r, rBig, rSmall]);

  const sixty = (x: Output) => mul(scalar(60), x);
  const inverseSV = inv(square(saturation));
  const inverseV = inv(square(value));
  const sum = (terms: Output[]) => truediv(terms.reduce((a, c) => add(a, c)), scalar(360));
  const dhDr = sum([
    sixty(prod(positive(r), rBig, minusOne, sub(g, b), inverseSV, inverseV)),
    sixty(prod(positive(g), gBig, rSmall, sub(b, g), inv(square(sub(r, g))))),
    sixty(prod(positive(g), gBig, bSmall, minusOne, inv(sub(g, b)))),
    sixty(prod(positive(b), bBig, rSmall, sub(b, g), inv(square(sub(b, r))))),
    sixty(prod(positive(b), bBig, gSmall, inv(sub(b, g)))),
  ]);
  const dhDg = sum([
    sixty(prod(positive(g), gBig, minusOne, sub(b, r), inverseSV, inverseV)),
    sixty(prod(positive(r), rBig, gSmall, sub(r, b), inv(square(sub(r, g))))),
    sixty(prod(positive(r), rBig, bSmall, inv(sub(r, b)))),
    sixty(prod(positive(b), bBig, gSmall, sub(r, b), inv(square(sub(b, g))))),
    sixty(prod(positive(b), bBig, rSmall, minusOne, inv(sub(b, r)))),
  ]);
  const dhDb = sum([
    sixty(prod(positive(b), bBig, minusOne, sub(r, g), inverseSV, inverseV)),
    sixty(prod(positive(r), rBig, bSmall, sub(g, r), inv(square(sub(r, b))))),
    sixty(prod(positive(r), rBig, gSmall, minusOne, inv(sub(r, g)))),
    sixty(prod(positive(g), gBig, bSmall, sub(g, r), inv(square(sub(g, b))))),
    sixty(prod(positive(g), gBig, rSmall, inv(sub(g, r)))),
  ]);

  const byChannel = (k: number, d: Output[]) => stack(d.map((x) => mul(channel(grad, k), x)), -1);
  return [add(add(byChannel(2, [rBig, gBig, bBig]), byChannel(1, [dsDr, dsDg, dsDb])), byChannel(0, [dhDr, dhDg, dhDb]))];
};

/** The image ops' gradients for gradients.ts' PYTHON_GRADIENTS (null: TF's NotDifferentiable). */
export const IMAGE_GRADIENTS: Array<[string, GradFn | null]> = [
  ['RGBToHSV', rgbToHsvGrad],
  ...['RandomCrop', 'HSVToRGB', 'DrawBoundingBoxes', 'SampleDistortedBoundingBox', 'SampleDistortedBoundingBoxV2',
    'ExtractGlimpse', 'NonMaxSuppression', 'NonMaxSuppressionV2', 'NonMaxSuppressionWithOverlaps',
    'GenerateBoundingBoxProposals'].map((type): [string, null] => [type, null]),
];
