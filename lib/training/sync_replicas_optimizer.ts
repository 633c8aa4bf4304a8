/**
 * `tf.compat.v1.train.SyncReplicasOptimizer` (TF1's sync_replicas_optimizer.py): synchronous
 * data-parallel training. Each worker's step puts its gradients into a ConditionalAccumulator per
 * variable (on the variable's device), stamped with the worker's local step; gradients older than
 * the global step are dropped. The chief's queue runner waits for `replicasToAggregate`
 * gradients of each variable, applies their mean with the wrapped optimizer, advances the global
 * step and hands out tokens (the new global step) through `sync_token_q`; a worker's step ends by
 * taking a token, which becomes its local step. `makeSessionRunHook(isChief)` wires this into a
 * MonitoredSession.
 */
import { RuntimeError, ValueError } from '../errors';
import { baseDType } from '../framework/dtypes';
import { Gradient } from '../framework/indexed_slices';
import { GraphKeys, Operation, Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import type { Session } from '../client/session';
import { fill } from '../ops/array_ops';
import { group, noOp } from '../ops/control_flow_ops';
import { ConditionalAccumulator, ConditionalAccumulatorBase, SparseConditionalAccumulator } from '../ops/data_flow_ops';
import * as raw from '../ops/gen/raw_ops';
import { assign } from '../ops/state_ops';
import { Variable, globalVariables, reportUninitializedVariables } from '../ops/variables';
import type { Coordinator } from './coordinator';
import type { ExponentialMovingAverage } from './moving_averages';
import { ApplyGradientsOptions, ComputeGradientsOptions, GradAndVar, Optimizer } from './optimizer';
import { QueueRunner } from './queue_runner';
import { ready } from './session_manager';
import { SessionRunHook } from './session_run_hook';
import { logger } from './tf_logging';

const logging = logger('sync_replicas_optimizer');

/** Options of `new SyncReplicasOptimizer` (Python's keyword arguments). */
export interface SyncReplicasOptions {
  /** Workers taking part (default `replicasToAggregate`); tokens per step are the larger of the two. */
  totalNumReplicas?: number;
  /** Moving averages applied after each update, of `variablesToAverage`. */
  variableAverages?: ExponentialMovingAverage | null;
  variablesToAverage?: Array<Variable | Output>;
  useLocking?: boolean;
  name?: string;
}

/** The accumulator of one variable's gradients. */
interface Accumulator {
  acc: ConditionalAccumulatorBase;
  device: string;
}

/**
 * `SyncReplicasOptimizer(opt, replicas_to_aggregate, total_num_replicas=None,
 * variable_averages=None, variables_to_average=None, use_locking=False, name='sync_replicas')`.
 */
export class SyncReplicasOptimizer extends Optimizer {
  readonly totalNumReplicas: number;
  private readonly tokensPerStep: number;
  private gradientsApplied = false;
  private globalStep: Variable | Output | null = null;
  private syncTokenQueue: Output | null = null;
  private chiefQueueRunner: QueueRunner | null = null;
  private readonly accumulators: Accumulator[] = [];
  /** `sync_rep_local_step`: the global step this worker's gradients are computed at (a local variable). */
  localStep: Variable | null = null;
  /** Sets the local step to the global step (a worker's local init). */
  localStepInitOp: Output | null = null;
  /** The chief's local init: the local step, and each accumulator's global step. */
  chiefInitOp: Operation | null = null;
  /** Reports the global variables not initialized yet: local init waits for none. */
  readyForLocalInitOp: Output | null = null;

  constructor(readonly opt: Optimizer, readonly replicasToAggregate: number, private readonly options: SyncReplicasOptions = {}) {
    super(options.useLocking ?? false, options.name ?? 'sync_replicas');
    this.totalNumReplicas = options.totalNumReplicas ?? replicasToAggregate;
    logging.info(`SyncReplicasV2: replicas_to_aggregate=${replicasToAggregate}; total_num_replicas=${this.totalNumReplicas}`);
    this.tokensPerStep = Math.max(this.totalNumReplicas, replicasToAggregate);
  }

  /** The wrapped optimizer's gradients. */
  override computeGradients(loss: Output, options: ComputeGradientsOptions = {}): GradAndVar[] {
    return this.opt.computeGradients(loss, options);
  }

  /**
   * `apply_gradients`: the worker's train op (accumulate, then take a token as the local step);
   * the chief's update (mean gradients through the wrapped optimizer, global step, tokens) goes to
   * its queue runner. The global step is required.
   */
  override applyGradients(gradsAndVars: GradAndVar[], options: ApplyGradientsOptions = {}): Operation {
    if (gradsAndVars.length === 0) throw new ValueError('Must supply at least one variable');
    const globalStep = options.globalStep;
    if (globalStep === undefined || globalStep === null) throw new ValueError('Global step is required to check staleness');
    this.globalStep = globalStep;
    const graph = gradsAndVars[0][1].graph;
    const gsOp = globalStep.op;
    const gsDtype = baseDType(globalStep.dtype);
    return graph.asDefault(() => {
      const trainOps: Operation[] = [];
      const aggregated: Array<Gradient | null> = [];
      // On this worker: colocated with an op the device function places here, not on a ps.
      const anchor = noOp();
      this.localStep = graph.colocateWith(anchor, () => new Variable(Tensor.from(0n, { dtype: gsDtype }), {
        name: 'sync_rep_local_step', trainable: false, collections: [GraphKeys.LOCAL_VARIABLES], dtype: gsDtype,
      }));
      const localStep = this.localStep;
      this.localStepInitOp = assign(localStep, globalStep) as Output;
      const chiefInitOps: Array<Output | Operation> = [this.localStepInitOp];
      this.readyForLocalInitOp = reportUninitializedVariables(globalVariables(undefined, graph));

      // One scope for the accumulators and the chief's init, as TF1's single `name_scope(None, name)`.
      const scope = graph.nameScope(null, () => graph.nameScope(this.name, (s) => {
        for (const [grad, v] of gradsAndVars) {
          graph.device(v.op.device, () => {
            if (grad === null) {
              aggregated.push(null);
              return;
            }
            const sharedName = `${v.name}/grad_accum`;
            const dtype = baseDType(grad.dtype);
            if (grad instanceof Output) {
              const acc = new ConditionalAccumulator(dtype, { shape: v.shape, sharedName });
              trainOps.push(acc.applyGrad(grad, localStep));
              aggregated.push(acc.takeGrad(this.replicasToAggregate));
              this.accumulators.push({ acc, device: v.op.device });
            } else {
              const acc = new SparseConditionalAccumulator(dtype, { sharedName });
              trainOps.push(acc.applyIndexedSlicesGrad(grad, localStep));
              aggregated.push(acc.takeIndexedSlicesGrad(this.replicasToAggregate));
              this.accumulators.push({ acc, device: v.op.device });
            }
          });
        }
        return s;
      }));
      const inScope = <T>(fn: () => T): T => graph.nameScope(null, () => graph.nameScope(scope, fn));

      const onGlobalStep = <T>(fn: () => T): T => graph.device(gsOp.device, () => graph.nameScope(null, fn));
      const updateOp = onGlobalStep(() => this.opt.applyGradients(
        aggregated.map((g, i): GradAndVar => [g, gradsAndVars[i][1]]), { globalStep }));
      // On the global step's CPU, made outside control dependencies, as TF 2.21's FIFOQueue.
      const queue = onGlobalStep(() => graph.controlDependencies(null, () => graph.device('CPU', () =>
        raw.fIFOQueueV2({ componentTypes: [gsDtype], shapes: [[]], capacity: -1, sharedName: 'sync_token_q' },
          'sync_token_q'))));
      this.syncTokenQueue = queue;
      return onGlobalStep(() => {
        const token = graph.controlDependencies(trainOps, () =>
          raw.queueDequeueV2({ handle: queue, componentTypes: [gsDtype] }, 'sync_token_q_Dequeue')[0]);
        const trainOp = assign(localStep, token) as Output;
        let syncOp: Operation = graph.controlDependencies([updateOp], () => raw.queueEnqueueManyV2({
          handle: queue, components: [fill([this.tokensPerStep], globalStep)] }, 'sync_token_q_EnqueueMany'));
        const averages = this.options.variableAverages;
        if (averages) {
          syncOp = graph.controlDependencies([syncOp], () => graph.nameScope(null, () =>
            averages.apply(this.options.variablesToAverage)));
        }
        this.chiefQueueRunner = new QueueRunner({ queue, enqueueOps: [syncOp] });
        for (const a of this.accumulators) {
          graph.device(a.device, () => inScope(() => chiefInitOps.push(a.acc.setGlobalStep(globalStep, 'SetGlobalStep'))));
        }
        this.chiefInitOp = inScope(() => group(chiefInitOps));
        this.gradientsApplied = true;
        return trainOp.op;
      });
    });
  }

  /** The chief's queue runner: the update of each aggregated step. After applyGradients. */
  getChiefQueueRunner(): QueueRunner {
    if (!this.gradientsApplied) throw new ValueError('Should be called after apply_gradients().');
    return this.chiefQueueRunner!;
  }

  override getSlot(v: Variable, name: string): Variable | null {
    return this.opt.getSlot(v, name);
  }

  override getSlotNames(): string[] {
    return this.opt.getSlotNames();
  }

  override variables(): Variable[] {
    return this.opt.variables();
  }

  /**
   * `get_init_tokens_op(num_tokens=-1)`: the first tokens (`replicasToAggregate` by default), so
   * that the first step can finish; a no-op for none.
   */
  getInitTokensOp(numTokens = -1): Output | Operation {
    if (!this.gradientsApplied) throw new ValueError('get_init_tokens_op() should be called after apply_gradients().');
    const needed = this.replicasToAggregate - this.totalNumReplicas;
    let n = numTokens;
    if (n === -1) n = this.replicasToAggregate;
    else if (n < needed) throw new ValueError(`Too few tokens to finish the first step: ${n} (given) vs ${needed} (needed)`);
    const gs = this.globalStep!;
    const graph = gs.graph;
    if (n <= 0) return graph.asDefault(() => noOp('no_init_tokens'));
    return graph.asDefault(() => graph.device(gs.op.device, () => graph.nameScope(null, () =>
      raw.queueEnqueueManyV2({ handle: this.syncTokenQueue!, components: [fill([n], gs)] }, 'sync_token_q_EnqueueMany'))));
  }

  /** `make_session_run_hook(is_chief, num_tokens=-1)`: the hook a MonitoredSession of this worker needs. */
  makeSessionRunHook(isChief: boolean, numTokens = -1): SessionRunHook {
    return new SyncReplicasOptimizerHook(this, isChief, numTokens);
  }

  // The updates are the wrapped optimizer's, made in applyGradients.
  protected applyDense(): Operation {
    throw new RuntimeError('SyncReplicasOptimizer updates through its wrapped optimizer');
  }

  protected resourceApplyDense(): Operation {
    throw new RuntimeError('SyncReplicasOptimizer updates through its wrapped optimizer');
  }
}

/**
 * `_SyncReplicasOptimizerHook`: once the model is ready, the local init (the chief's also sets
 * the accumulators' global step and puts the first tokens), then the chief starts the queue runner.
 */
class SyncReplicasOptimizerHook extends SessionRunHook {
  private localInitOp: Output | Operation | null = null;
  private readyForLocalInitOp: Output | null = null;
  private qRunner: QueueRunner | null = null;
  private initTokensOp: Output | Operation | null = null;

  constructor(private readonly syncOptimizer: SyncReplicasOptimizer, private readonly isChief: boolean,
    private readonly numTokens: number) {
    super();
  }

  override begin(): void {
    const opt = this.syncOptimizer;
    if (opt.chiefInitOp === null) {
      throw new ValueError('SyncReplicasOptimizer.apply_gradient should be called before using the hook.');
    }
    this.readyForLocalInitOp = opt.readyForLocalInitOp;
    if (this.isChief) {
      this.localInitOp = opt.chiefInitOp;
      this.qRunner = opt.getChiefQueueRunner();
      this.initTokensOp = opt.getInitTokensOp(this.numTokens);
    } else {
      this.localInitOp = opt.localStepInitOp;
    }
  }

  override async afterCreateSession(session: Session, coord: Coordinator): Promise<void> {
    const [ok, msg] = await ready(this.readyForLocalInitOp, session,
      'Model is not ready for SyncReplicasOptimizer local init.');
    if (!ok) {
      const name = this.localInitOp!.name;
      throw new RuntimeError('Init operations did not make model ready for SyncReplicasOptimizer local_init. ' +
        `Init op: ${name}, error: ${msg}`);
    }
    await session.run(this.localInitOp!);
    if (this.initTokensOp !== null) await session.run(this.initTokensOp);
    this.qRunner?.createThreads(session, { coord, daemon: true, start: true });
  }
}
