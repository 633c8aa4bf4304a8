/**
 * `tf.initializers` (TF1's `tf.compat.v1.initializers`): the variable initializers of `init_ops`
 * under their namespace names, and the ops that run variables' and tables' initializers.
 */
export {
  zerosInitializer as zeros, onesInitializer as ones, constantInitializer as constant,
  randomUniformInitializer as randomUniform, randomNormalInitializer as randomNormal,
  truncatedNormalInitializer as truncatedNormal, varianceScalingInitializer as varianceScaling,
  glorotNormalInitializer as glorotNormal, glorotUniformInitializer as glorotUniform, heNormalInitializer as heNormal,
  heUniformInitializer as heUniform, lecunNormalInitializer as lecunNormal, lecunUniformInitializer as lecunUniform,
  orthogonalInitializer as orthogonal, identityInitializer as identity,
  uniformUnitScalingInitializer as uniformUnitScaling,
} from './init_ops';
export type { Initializer, PartitionInfo, RandomInitOptions, VarianceScalingOptions, GainInitOptions } from './init_ops';
export {
  globalVariablesInitializer as globalVariables, localVariablesInitializer as localVariables,
  variablesInitializer as variables,
} from './variables';
export { tablesInitializer } from './lookup_ops';
