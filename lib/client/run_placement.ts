/**
 * Which runs may execute on the JS thread itself. A run whose earlier runs were short (the native
 * RunTuner's call) costs less there than handed to a thread and back: on a VM, reading the global
 * step after an MLP step takes about 115 µs on the JS thread and 190 µs through the runner, and a
 * hot tiny graph 6 µs against 25. But a run there blocks the event loop for as long as it takes,
 * so only runs that cannot wait on anything outside themselves qualify: every op they may execute
 * is stateless (a pure function of its inputs, which ends) or one of the stateful ops below that
 * never wait (variables, optimizers' updates, random numbers, asserts). Queues, readers,
 * iterators, stages, barriers, Send/Recv, collectives, file and summary I/O, Print, and ops that
 * call functions or loop (whose length the run's history does not bound) keep the runner.
 */
import { RuntimeError } from '../errors';
import { getOpDef } from '../framework/op_def_library';
import { Operation } from '../framework/ops';

/** Stateful op types that never wait: they read or write state the run owns, or draw numbers. */
const STATEFUL_NEVER_WAITS = new Set([
  'Assert', 'CheckNumerics', 'CheckNumericsV2', 'GuaranteeConst', 'Empty',
  'VariableV2', 'Variable', 'VarHandleOp', 'ReadVariableOp', 'VarIsInitializedOp', 'VariableShape',
  'AssignVariableOp', 'AssignAddVariableOp', 'AssignSubVariableOp', 'ResourceCountUpTo',
  'ResourceGather', 'ResourceGatherNd', 'ResourceStridedSliceAssign', 'TemporaryVariable',
  'RandomUniform', 'RandomUniformInt', 'RandomStandardNormal', 'TruncatedNormal', 'Multinomial',
  'ParameterizedTruncatedNormal', 'RandomGamma', 'RandomPoisson', 'RandomPoissonV2', 'RandomShuffle', 'RandomCrop',
  'StatefulUniform', 'StatefulUniformInt', 'StatefulUniformFullInt', 'StatefulStandardNormal',
  'StatefulStandardNormalV2', 'StatefulTruncatedNormal', 'RngSkip', 'RngReadAndSkip',
]);
/** Stateful prefixes of the same kind: resource optimizers' updates and scatters. */
const STATEFUL_NEVER_WAITS_PREFIXES = ['ResourceApply', 'ResourceSparseApply', 'ResourceScatter'];
/** Stateless op types that still keep the runner: loops, function calls, the file system. */
const STATELESS_UNBOUNDED = new Set([
  'Enter', 'RefEnter', 'StatelessWhile', 'For', 'PartitionedCall', 'StatelessIf', 'StatelessCase',
  'SymbolicGradient', 'ReadFile', 'MatchingFiles',
]);

const neverWaitsByType = new Map<string, boolean>();

function typeNeverWaits(op: Operation): boolean {
  const type = op.type;
  let ok = neverWaitsByType.get(type);
  if (ok === undefined) {
    ok = !type.startsWith('_') && !STATELESS_UNBOUNDED.has(type) && registeredNeverWaits(op);
    neverWaitsByType.set(type, ok);
  }
  return ok;
}

function registeredNeverWaits(op: Operation): boolean {
  let stateful: boolean;
  try {
    stateful = getOpDef(op.type, op.graph).isStateful;
  } catch (e) {
    if (e instanceof RuntimeError) return false;  // not a registered op: a call of a library function
    throw e;
  }
  return !stateful || STATEFUL_NEVER_WAITS.has(op.type) ||
    STATEFUL_NEVER_WAITS_PREFIXES.some((p) => op.type.startsWith(p));
}

/**
 * Whether a run of `fetches` and `targets` never waits on anything outside itself (see above):
 * every op it may execute, through data and control inputs, qualifies. Ops whose outputs are fed
 * count too, though a run skips them: the answer only has to be safe.
 */
export function runNeverWaits(fetches: Operation[], targets: Operation[]): boolean {
  const seen = new Set<Operation>();
  const stack = [...fetches, ...targets];
  while (stack.length > 0) {
    const op = stack.pop()!;
    if (seen.has(op)) continue;
    seen.add(op);
    if (!typeNeverWaits(op)) return false;
    const { native, graph } = op;
    for (let i = 0; i < native.numInputs; i++) stack.push(graph.wrapOperation(native.input(i).op));
    for (const c of native.controlInputs()) stack.push(graph.wrapOperation(c));
  }
  return true;
}
