/**
 * What the LinearOperator tests (test/linear_operator.test.ts, test/linear_operator2.test.ts) share
 * with their fixture scripts (scripts/graph_fixtures/linear_operator.py's `ph`, `ran` and `props`).
 */
import { DType, Operation, Output, ops } from '../../lib';
import { LinearOperator } from '../../lib/ops/linalg/linear_operator';
import { Json, OpsFixture } from './fixture_values';

/** An operator's name, dtype, hints and static shapes, as the fixture's `props` records them. */
export interface OperatorProps {
  name: string; dtype: string; hints: Array<boolean | null>; shape: Json; batch_shape: Json; domain: number | null;
  range: number | null; type: string;
}

/** A LinearOperator fixture: graphs, gradients and build errors, props, a training's losses and weights. */
export interface OperatorFixture<P extends OperatorProps = OperatorProps> extends OpsFixture {
  props: Record<string, P>;
  training: { losses: number[]; w: Json };
}

/** A float32 (or `dtype`) placeholder named as the fixture's. */
export const ph = (name: string, shape: Array<number | null> | null, dtype = DType.float32): Output =>
  ops.placeholder(dtype, shape, name);

/** True once `assertion` ran (a Const depending on it), as the fixture fetches assertions. */
export const ran = (assertion: Operation): Output => ops.controlDependencies([assertion], () => ops.constant(true));

/** `o`'s props as the fixture records them. */
export const propsOf = (o: LinearOperator): OperatorProps => ({
  name: o.name, dtype: DType[o.dtype], hints: [o.isNonSingular, o.isSelfAdjoint, o.isPositiveDefinite, o.isSquare],
  shape: o.shape, batch_shape: o.batchShape, domain: o.domainDimension, range: o.rangeDimension,
  type: o.constructor.name,
});
