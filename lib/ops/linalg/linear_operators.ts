/**
 * `tf.linalg` (TF1's `tf.compat.v1.linalg`) as `ops.linalg` gives it: the functions of
 * linalg_ops.ts and the LinearOperator classes, each module of which registers itself with the
 * base class when loaded here.
 */
export * from '../linalg_ops';
export { LinearOperator } from './linear_operator';
export type {
  LinearOperatorHints, LinearOperatorOptions, LinearOperatorMatmulOptions, LinearOperatorMatvecOptions,
} from './linear_operator';
export { LinearOperatorFullMatrix } from './linear_operator_full_matrix';
export { LinearOperatorDiag } from './linear_operator_diag';
export { LinearOperatorLowerTriangular } from './linear_operator_lower_triangular';
export { LinearOperatorIdentity, LinearOperatorScaledIdentity } from './linear_operator_identity';
export type { LinearOperatorIdentityOptions } from './linear_operator_identity';
export { LinearOperatorComposition } from './linear_operator_composition';
export { LinearOperatorAdjoint } from './linear_operator_adjoint';
export { LinearOperatorInversion } from './linear_operator_inversion';
export { LinearOperatorZeros } from './linear_operator_zeros';
export type { LinearOperatorZerosOptions } from './linear_operator_zeros';
export { LinearOperatorHouseholder } from './linear_operator_householder';
export { LinearOperatorPermutation } from './linear_operator_permutation';
export { LinearOperatorTridiag } from './linear_operator_tridiag';
export type { TridiagFormat } from './linear_operator_tridiag';
export { LinearOperatorLowRankUpdate } from './linear_operator_low_rank_update';
export type { LinearOperatorLowRankUpdateOptions } from './linear_operator_low_rank_update';
export { LinearOperatorKronecker } from './linear_operator_kronecker';
export { LinearOperatorBlockDiag } from './linear_operator_block_diag';
export {
  LinearOperatorCirculant, LinearOperatorCirculant2D, LinearOperatorCirculant3D,
} from './linear_operator_circulant';
export type { LinearOperatorCirculantOptions } from './linear_operator_circulant';
export { LinearOperatorToeplitz } from './linear_operator_toeplitz';
export { LinearOperatorBlockLowerTriangular } from './linear_operator_block_lower_triangular';
