/**
 * `tf.random` (TF1's `tf.compat.v1.random`): the random ops under their namespace names
 * (`tf.random.uniform`, ...), the seed functions, and the stateless ops (only here, as in TF1).
 */
export {
  randomUniform as uniform, randomNormal as normal, truncatedNormal, randomShuffle as shuffle, multinomial, categorical,
  randomGamma as gamma, randomPoisson as poisson, setRandomSeed, getSeed,
} from './random_ops';
export type { RandomOptions, CategoricalOptions } from './random_ops';
/** The candidate samplers, which TF1 also has under `tf.random`. */
export {
  uniformCandidateSampler, logUniformCandidateSampler, learnedUnigramCandidateSampler, fixedUnigramCandidateSampler,
  allCandidateSampler,
} from './candidate_sampling_ops';
export {
  statelessUniform, statelessNormal, statelessTruncatedNormal, statelessCategorical, statelessMultinomial,
  statelessBinomial, statelessGamma, statelessPoisson, statelessParameterizedTruncatedNormal, split, foldIn,
} from './stateless_random_ops';
export type {
  RandomAlgorithm, StatelessOptions, StatelessUniformOptions, ParameterizedTruncatedNormalOptions,
} from './stateless_random_ops';
