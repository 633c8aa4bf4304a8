/**
 * TF1's accumulators and PriorityQueue, and tf.sparse's bincount and segment_* against TF1 Python
 * (scripts/graph_fixtures/data_flow_more.py): built here with the same calls, they must have the
 * same ops (names, types, inputs, attrs, Const values) in the same order and the same static
 * shapes; stateless graphs' runs give the same values; stateful ones run step after step in one
 * session give the same values and fail with the same errors (stale gradients dropped, means over
 * the count, a closed queue's OutOfRange); bad arguments raise TF1's errors.
 */
import { DType, Graph, IndexedSlices, Operation, Output, Session, SparseTensor, Variable, ops, train } from '../lib';
import { loadGraphFixture, recordAll } from './helpers/graph_record';
import {
  FixtureGraph, Json, describeTF1Graphs, expectClose, feedOf, itThrowsTF1Errors, jsonOf, staticShapesOf,
} from './helpers/fixture_values';

type Step = [string, Record<string, Json>];
type Failure = { error: string; message: string };
interface Fixture {
  graphs: Record<string, FixtureGraph>;
  values: Record<string, Json[]>;
  sequences: Record<string, FixtureGraph & { runs: Step[][] }>;
  sequence_values: Record<string, Json[][]>;
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('data_flow_more.json');
const { sparse } = ops;

const GRAPHS: Record<string, () => Record<string, Output | SparseTensor>> = {
  sparse_segments: () => {
    const data = ops.placeholder(DType.float32, [4, 2], 'data');
    const idx = ops.constant([0, 1, 3, 3], { dtype: DType.int32 });
    const seg = ops.constant([0, 0, 1, 3], { dtype: DType.int32 });
    return {
      sum: sparse.segmentSum(data, idx, seg),
      sum_n: sparse.segmentSum(data, idx, seg, { numSegments: 5, name: 'sum_n' }),
      mean: sparse.segmentMean(data, idx, seg),
      mean_n: sparse.segmentMean(data, idx, seg, { numSegments: 4 }),
      sqrt_n: sparse.segmentSqrtN(data, idx, seg),
      sqrt_n_n: sparse.segmentSqrtN(data, idx, seg, { numSegments: 6 }),
    };
  },
  sparse_bincounts: () => {
    const v = ops.placeholder(DType.int32, [2, 3], 'v');
    const w = ops.placeholder(DType.float32, [2, 3], 'w');
    const st = new sparse.SparseTensor([[0, 0], [0, 2], [1, 1]], ops.constant([1, 3, 1], { dtype: DType.int64 }), [2, 4]);
    const sw = new sparse.SparseTensor([[0, 0], [0, 2], [1, 1]], [0.5, 2.0, 1.5], [2, 4]);
    const sameW = new sparse.SparseTensor(st.indices, [2.0, 3.0, 4.0], st.denseShape);
    return {
      dense: sparse.bincount(v),
      weighted: sparse.bincount(v, { weights: w, name: 'weighted' }),
      rows: sparse.bincount(v, { axis: -1, minlength: 6 }),
      binary: sparse.bincount(v, { axis: -1, binaryOutput: true, maxlength: 3 }),
      sparse: sparse.bincount(st),
      sparse_weighted: sparse.bincount(st, { weights: sw, axis: -1 }),
      sparse_same: sparse.bincount(st, { weights: sameW }),
    };
  },
};

describe('tf.sparse segment_* and bincount build and run as TF1 Python', () => {
  describeTF1Graphs(GRAPHS, fixture);
});

type Steps = Record<string, Operation | Output | Output[] | Record<string, Output>>;

const parts = (g: ops.TakenSparseGrad): Output[] => [g.indices, g.values, g.shape];

const SEQUENCES: Record<string, () => Steps> = {
  accumulator: () => {
    const g = ops.placeholder(DType.float32, [2], 'g');
    const ls = ops.placeholder(DType.int64, [], 'ls');
    const acc = new ops.ConditionalAccumulator(DType.float32, { shape: [2], name: 'acc' });
    const total = new ops.ConditionalAccumulator(DType.float32, { reductionType: 'SUM' });
    return {
      apply: acc.applyGrad(g, ls),
      apply0: acc.applyGrad([1.0, 2.0]),
      num: acc.numAccumulated(),
      take: acc.takeGrad(2),
      take0: acc.takeGrad(0, 'take0'),
      set5: acc.setGlobalStep(5),
      total_apply: total.applyGrad(g, 0, 'total_apply'),
      total_take: total.takeGrad(2),
      total_num: total.numAccumulated('total_num'),
    };
  },
  sparse_accumulator: () => {
    const vals = ops.placeholder(DType.float32, [null, 2], 'vals');
    const idx = ops.placeholder(DType.int32, [null], 'idx');
    const acc = new ops.SparseConditionalAccumulator(DType.float32, { shape: [4, 2] });
    const free = new sparse.SparseConditionalAccumulator(DType.float32, { name: 'free', reductionType: 'SUM' });
    const slices = acc.takeIndexedSlicesGrad(2);
    expect(slices).toBeInstanceOf(IndexedSlices);
    return {
      apply_slices: acc.applyIndexedSlicesGrad(new IndexedSlices(vals, idx, ops.constant([4, 2], { dtype: DType.int32 }))),
      apply: acc.applyGrad(idx, vals, null, ops.constant(0, { dtype: DType.int64 })),
      num: acc.numAccumulated(),
      take: [slices.indices, slices.values, slices.denseShape!],
      take_grad: parts(acc.takeGrad(1, 'take_grad')),
      set1: acc.setGlobalStep(1, 'set1'),
      free_apply: free.applyGrad([0, 3], vals, [5, 2]),
      free_take: parts(free.takeGrad(2)),
    };
  },
  priority_queue: () => {
    const q = new ops.PriorityQueue(4, [DType.string, DType.int32], { shapes: [[], [2]] });
    const named = new ops.PriorityQueue(3, DType.float32, { shapes: [[]], names: ['p', 'x'], name: 'named' });
    return {
      enqueue: q.enqueue([ops.constant(5, { dtype: DType.int64 }), 'e', [5, 5]]),
      enqueue_many: q.enqueueMany([[3, 1, 7], ['c', 'a', 'g'], [[3, 3], [1, 1], [7, 7]]]),
      size: q.size(),
      dequeue: q.dequeue() as Output[],
      dequeue_many: q.dequeueMany(2) as Output[],
      close: q.close(),
      closed: q.isClosed(),
      named_enqueue: named.enqueue({ p: 2, x: 2.5 }),
      named_dequeue: named.dequeue() as Record<string, Output>,
    };
  },
  accumulated_training: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const w = new Variable([1.0, -1.0], { name: 'w' });
    const step = train.getOrCreateGlobalStep();
    // Python's operators: scopes `mul` and `sub`.
    const grad = ops.mul(ops.mul(2.0, x, 'mul'), ops.sub(ops.mul(w, x, 'mul'), 1.0, 'sub'), 'mul');
    const acc = new ops.ConditionalAccumulator(DType.float32, { shape: [2] });
    return {
      init: ops.globalVariablesInitializer(),
      apply: acc.applyGrad(grad, step),
      stale: acc.applyGrad(grad, ops.sub(step, 1, 'sub'), 'stale'),
      train: new train.GradientDescentOptimizer(0.1).applyGradients([[acc.takeGrad(2), w]], { globalStep: step }),
      sync: acc.setGlobalStep(step),
      w: ops.identity(w, 'w_value'),
    };
  },
};

/** A kernel's message with the resource's process-wide number (`'_4_priority_queue'`) left out. */
const unnumbered = (m: string): string => m.replace(/'_\d+_/g, "'_N_");

describe.each(Object.keys(SEQUENCES))('%s', (name) => {
  const graph = new Graph();
  let steps: Steps;
  const want = fixture.sequences[name];

  it('has the ops, attrs and static shapes TF1 Python makes', () => {
    steps = graph.asDefault(SEQUENCES[name]);
    const expected: Record<string, unknown> = { ...want };
    for (const key of ['runs', 'shapes']) delete expected[key];
    expect(recordAll(graph, jsonOf)).toEqual(expected);
    const fetches = Object.fromEntries(Object.entries(steps).filter(([, s]) => !(s instanceof Operation)));
    expect(staticShapesOf(fetches)).toEqual(want.shapes);
  });

  it('runs step after step as TF1 Python: values, dropped stale gradients, errors', async () => {
    for (const [r, run] of want.runs.entries()) {
      const sess = new Session(graph);
      try {
        for (const [i, [step, feed]] of run.entries()) {
          const expected = fixture.sequence_values[name][r][i];
          const failure = expected !== null && typeof expected === 'object' && 'error' in expected
            ? expected as Failure : null;
          let got: unknown;
          try {
            got = await sess.run(steps[step] as Output, feedOf(graph, feed));
          } catch (e) {
            if (failure === null) throw e;
            expect((e as Error).constructor.name).toBe(failure.error);
            expect(unnumbered((e as Error).message)).toContain(unnumbered(failure.message));
            continue;
          }
          if (failure !== null) throw new Error(`step ${i} (${step}) did not fail with ${failure.error}`);
          expectClose(jsonOf(got ?? null), expected, `${step}#${i}`);
        }
      } finally {
        await sess.close();
      }
    }
  });
});

describe('bad arguments raise TF1\'s errors', () => {
  itThrowsTF1Errors(fixture.build_errors, {
    acc_apply_shape: () => new ops.ConditionalAccumulator(DType.float32, { shape: [2] }).applyGrad([1.0, 2.0, 3.0]),
    pq_no_shapes: () => new ops.PriorityQueue(3, [DType.float32]),
    pq_partial_shape: () => new ops.PriorityQueue(3, [DType.float32], { shapes: [[null]] }),
    pq_names: () => new ops.PriorityQueue(3, [DType.float32], { shapes: [[]], names: ['x'] }),
    pq_enqueue_dict: () => new ops.PriorityQueue(3, [DType.float32], { shapes: [[]] }).enqueue({ x: 1.0 }),
    pq_enqueue_shape: () => new ops.PriorityQueue(3, DType.int32, { shapes: [[2]] }).enqueue([1, [1, 2, 3]]),
    bincount_binary_weights: () => sparse.bincount([1, 2], { weights: [1.0, 2.0], binaryOutput: true }),
    bincount_axis: () => sparse.bincount([[1, 2]], { axis: 1 }),
    bincount_dense_sparse_weights: () => sparse.bincount(new SparseTensor([[0]], [1], [2]), { weights: [1.0] }),
  });
});
