/**
 * TF1's candidate samplers (`candidate_sampling_ops.py`): the classes `nceLoss` and
 * `sampledSoftmaxLoss` score besides the true ones. Each takes its (seed, seed2) attrs from
 * `getSeed` as TF1 does, so a graph seed and op seeds draw Python's samples. Re-exported by
 * nn_ops.ts as part of `ops.nn`.
 */
import { ValueError } from '../errors';
import { InputValue } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import * as raw from './gen/raw_ops';
import { getSeed } from './random_ops';

/** What a sampler gives (Python's namedtuple fields). */
export interface CandidateSamples {
  /** The sampled classes, int64 [numSampled]. */
  sampledCandidates: Output;
  /** The expected count of each true class in the sample, float32 [batch, numTrue]. */
  trueExpectedCount: Output;
  /** The expected count of each sampled class, float32 [numSampled]. */
  sampledExpectedCount: Output;
}

/** Options of the samplers: the op-level seed (with the graph-level one, `setRandomSeed`) and name. */
export interface SamplerOptions {
  seed?: number;
  name?: string;
}

/**
 * `tf.nn.uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
 * seed=None)`: classes drawn uniformly from [0, rangeMax).
 */
export function uniformCandidateSampler(trueClasses: InputValue, numTrue: number, numSampled: number, unique: boolean,
  rangeMax: number, options: SamplerOptions = {}): CandidateSamples {
  const [seed, seed2] = getSeed(options.seed);
  return raw.uniformCandidateSampler({ trueClasses, numTrue, numSampled, unique, rangeMax, seed, seed2 }, options.name);
}

/**
 * `tf.nn.log_uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
 * seed=None)`: classes drawn with Zipf's law, P(k) = log((k + 2) / (k + 1)) / log(rangeMax + 1).
 */
export function logUniformCandidateSampler(trueClasses: InputValue, numTrue: number, numSampled: number,
  unique: boolean, rangeMax: number, options: SamplerOptions = {}): CandidateSamples {
  const [seed, seed2] = getSeed(options.seed);
  return raw.logUniformCandidateSampler({ trueClasses, numTrue, numSampled, unique, rangeMax, seed, seed2 },
    options.name);
}

/**
 * `tf.nn.learned_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
 * seed=None)`: classes drawn by the frequencies of the true classes seen so far.
 */
export function learnedUnigramCandidateSampler(trueClasses: InputValue, numTrue: number, numSampled: number,
  unique: boolean, rangeMax: number, options: SamplerOptions = {}): CandidateSamples {
  const [seed, seed2] = getSeed(options.seed);
  if (rangeMax > 2147483647) throw new ValueError(`Value of range_max:${rangeMax} is too large to handle`);
  return raw.learnedUnigramCandidateSampler({ trueClasses, numTrue, numSampled, unique, rangeMax, seed, seed2 },
    options.name);
}

/** Options of `fixedUnigramCandidateSampler` (TF1's keyword arguments). */
export interface FixedUnigramOptions extends SamplerOptions {
  /** A CSV file of the classes' counts (the last column), or else `unigrams`. */
  vocabFile?: string;
  /** The counts raised to this power before sampling (default 1). */
  distortion?: number;
  /** Ids before the vocabulary's, with count 0. */
  numReservedIds?: number;
  numShards?: number;
  shard?: number;
  /** The classes' counts, in order. */
  unigrams?: number[];
}

/**
 * `tf.nn.fixed_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
 * vocab_file='', distortion=1.0, num_reserved_ids=0, num_shards=1, shard=0, unigrams=(), seed=None)`:
 * classes drawn by given counts.
 */
export function fixedUnigramCandidateSampler(trueClasses: InputValue, numTrue: number, numSampled: number,
  unique: boolean, rangeMax: number, options: FixedUnigramOptions = {}): CandidateSamples {
  const [seed, seed2] = getSeed(options.seed);
  return raw.fixedUnigramCandidateSampler({
    trueClasses, numTrue, numSampled, unique, rangeMax, vocabFile: options.vocabFile ?? '',
    distortion: options.distortion ?? 1.0, numReservedIds: options.numReservedIds ?? 0, numShards: options.numShards ?? 1,
    shard: options.shard ?? 0, unigrams: options.unigrams ?? [], seed, seed2,
  }, options.name);
}

/**
 * `tf.nn.all_candidate_sampler(true_classes, num_true, num_sampled, unique, seed=None)`: all
 * classes [0, numSampled), each with expected count 1 (for testing).
 */
export function allCandidateSampler(trueClasses: InputValue, numTrue: number, numSampled: number, unique: boolean,
  options: SamplerOptions = {}): CandidateSamples {
  const [seed, seed2] = getSeed(options.seed);
  return raw.allCandidateSampler({ trueClasses, numTrue, numSampled, unique, seed, seed2 }, options.name);
}

/**
 * `tf.nn.compute_accidental_hits(true_classes, sampled_candidates, num_true, seed=None)`: where a
 * sampled class is one of an example's true classes: {indices (the example), ids (the position in
 * the sample), weights (-float32 max)}. Takes a seed as the samplers do.
 */
export function computeAccidentalHits(trueClasses: InputValue, sampledCandidates: InputValue, numTrue: number,
  options: SamplerOptions = {}): { indices: Output; ids: Output; weights: Output } {
  const [seed, seed2] = getSeed(options.seed);
  return raw.computeAccidentalHits({ trueClasses, sampledCandidates, numTrue, seed, seed2 }, options.name);
}
