/**
 * `tf.hessians` (gradients_impl.py) and `tf.grad_pass_through` (custom_gradient.py): second
 * derivatives by a v1 while loop of gradients, and a function whose gradient is the identity's.
 */
import { DType } from '../framework/dtypes';
import { Gradient, IndexedSlices } from '../framework/indexed_slices';
import { InputValue, graphFromInputs } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { concat, constant, getItem, reshape, shape, size } from './array_ops';
import { customGradient } from './custom_gradient';
import { GradientOptions, GradientTarget, gradients } from './gradients';
import { add, less } from './math_ops';
import { TensorArray } from './tensor_array_ops';
import { whileLoop } from './while_loop';

/**
 * `tf.compat.v1.hessians(ys, xs, name='hessians', colocate_gradients_with_ops=False,
 * gate_gradients=False, aggregation_method=None)`: for each x, the second derivatives of
 * sum(ys) in x, of shape `x.shape + x.shape`: a v1 while loop writes the gradient of each element
 * of the flattened first derivative into a TensorArray. (TF1 names no scope with `name`.) The
 * other options go to each `gradients` call, as TF1 passes them.
 */
export function hessians(ys: Output | Output[], xs: GradientTarget | GradientTarget[],
  options: { name?: string } & Pick<GradientOptions, 'colocateGradientsWithOps' | 'gateGradients' | 'aggregationMethod'>
  = {}): Output[] {
  const { colocateGradientsWithOps, gateGradients, aggregationMethod } = options;
  const kwargs: GradientOptions = Object.fromEntries(Object.entries({ colocateGradientsWithOps, gateGradients,
    aggregationMethod }).filter(([, v]) => v !== undefined));
  const xl = Array.isArray(xs) ? xs : [xs];
  const firsts = gradients(ys, xl, null, kwargs);
  return xl.map((x, k) => {
    const graph = graphFromInputs([x]);
    return graph.asDefault(() => {
      const first = firsts[k];
      const gradient = reshape(first instanceof IndexedSlices ? first.toOutput() : first as InputValue, [-1]);
      const n = size(x);
      const loopVars: [Output, TensorArray] = [constant(0, { dtype: DType.int32 }), new TensorArray(x.dtype, { size: n })];
      const [, hessian] = whileLoop((j: Output) => less(j, n), (j: Output, result: TensorArray) => {
        const next = add(j, 1, 'add');
        return [next, result.write(j, gradients(getItem(gradient, j), x, null, kwargs)[0] as InputValue)];
      }, loopVars) as [Output, TensorArray];
      const xShape = shape(x);
      return reshape(hessian.stack(), concat([xShape, xShape], 0));
    });
  });
}

/**
 * `tf.grad_pass_through(f)`: a function giving what `f` gives, whose gradient is the identity's:
 * each result's gradient goes to the input in its place (the variables `f` reads get none). `f`
 * takes and gives tensors one for one.
 */
export function gradPassThrough<R extends Output | Output[]>(f: (...x: Output[]) => R): (...x: InputValue[]) => R {
  return customGradient((...args: Output[]) => {
    const result = f(...args);
    const n = Array.isArray(result) ? result.length : 1;
    const grad = (...dys: unknown[]): [Gradient[], null[]] | Gradient[] => {
      // With variables, TF passes them as the `variables` keyword: here an argument after the gradients.
      if (dys.length > n) return [dys.slice(0, n) as Gradient[], (dys[n] as { variables: unknown[] }).variables.map(() => null)];
      return dys as Gradient[];
    };
    // customGradient reads from the arity whether the function takes `variables`: it does.
    Object.defineProperty(grad, 'length', { value: n + 1 });
    return [result, grad as (...dys: Output[]) => Gradient[]];
  });
}
