/**
 * Metrics recorded in `worker_threads` workers, exposed merged by the main thread.
 *
 * Transport: one `BroadcastChannel` per worker, named after its thread id. Unlike `parentPort`, it
 * carries none of the application's own messages (so no handler of the app ever sees ours), needs no
 * handshake at `new Worker()` time, works for workers created by a pool library, and is unref'd on
 * both sides, so it never keeps a thread alive. Only the main thread and that one worker listen on a
 * worker's channel, so a snapshot is cloned once. Pull model: the main thread asks at collect time
 * (a scrape) and merges what comes back within `timeoutMs`.
 */
import { BroadcastChannel, isMainThread, threadId, type Worker } from 'node:worker_threads';
import { InvalidConfigError } from '../errors.js';
import type { ExpositionFormat } from '../exposition/stream.js';
import type { MetricsSource } from '../http/options.js';
import { defaultRegistry } from '../registry.js';
import type { MetricFamily } from '../types.js';
import { type ExposedSlot, errorText, existingExposure, startExposure } from './exposure.js';
import { type AggregatorOptions, type AggregatorSource, PeerAggregator } from './peer-aggregator.js';
import {
  COLLECT,
  FAILED,
  FINAL,
  HELLO,
  isProtocolMessage,
  PING,
  PROTOCOL_VERSION,
  SNAPSHOT,
} from './protocol.js';

/**
 * How long a collection waits, after a worker exits, for the last snapshot it posted while exiting.
 * That message travels on the worker's channel, which is not ordered with the Worker's 'exit' event,
 * so under load it can arrive just after it.
 */
const EXIT_GRACE_MS = 200;

function channelName(id: number): string {
  return `telemeter:metrics:v${PROTOCOL_VERSION}:${id}`;
}

export interface WorkerAggregatorOptions extends AggregatorOptions {
  /**
   * The main thread's own metrics, exposed merged with the workers' (same-name families are merged too).
   * Default `defaultRegistry`; `null` exposes the workers' metrics only.
   */
  registry?: AggregatorSource | null;
  /** Workers to collect from; more can be added with `add()`. */
  workers?: Iterable<Worker>;
}

interface Tracked {
  readonly worker: Worker;
  readonly channel: BroadcastChannel;
  readonly onExit: () => void;
  exited: boolean;
  /** Its last snapshot (sent while exiting or closing) has arrived. */
  final: boolean;
  /** Between the 'exit' event and the worker's last snapshot (or EXIT_GRACE_MS): resolves when settled. */
  settling?: Promise<void> | undefined;
  settle?: (() => void) | undefined;
}

/**
 * In the main thread: a metrics source (`collect()`, `metrics()`, usable wherever a registry is, e.g.
 * `createMetricsHandler(aggregator)`) that returns the main registry's families merged with those of
 * every added worker that called `exposeWorkerMetrics()`.
 */
export class WorkerMetricsAggregator implements MetricsSource {
  private readonly core: PeerAggregator;
  private readonly tracked = new Map<string, Tracked>();

  constructor(options: WorkerAggregatorOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidConfigError('options', 'WorkerMetricsAggregator options must be an object');
    }
    const registry = options.registry === undefined ? defaultRegistry : options.registry;
    this.core = new PeerAggregator(
      registry,
      'main',
      (id, requestId) => this.sendCollect(id, requestId),
      (id) => `worker thread ${id}`,
      'exposeWorkerMetrics',
      options,
    );
    for (const worker of options.workers ?? []) this.add(worker);
  }

  /** How long a collection waits for the workers, in ms. */
  get timeoutMs(): number {
    return this.core.timeoutMs;
  }

  /**
   * Starts collecting from `worker` (a `node:worker_threads` Worker whose script calls
   * `exposeWorkerMetrics()`). Adding a worker twice, or one that has already exited, does nothing.
   */
  add(worker: Worker): this {
    if (typeof worker?.threadId !== 'number' || typeof worker.once !== 'function') {
      throw new InvalidConfigError('worker', 'add() expects a Worker from node:worker_threads');
    }
    // threadId is -1 once the worker has exited: there is nothing left to collect.
    if (worker.threadId < 0) return this;
    const id = String(worker.threadId);
    if (this.tracked.has(id)) return this;
    const channel = new BroadcastChannel(channelName(worker.threadId));
    channel.unref();
    channel.onmessage = (event) => this.receive(id, (event as MessageEvent).data);
    const onExit = (): void => {
      entry.exited = true;
      if (entry.final) {
        this.core.exited(id);
        return;
      }
      entry.settling = new Promise<void>((resolve) => {
        const timer = setTimeout(() => entry.settle?.(), EXIT_GRACE_MS);
        entry.settle = () => {
          clearTimeout(timer);
          entry.settle = undefined;
          entry.settling = undefined;
          this.core.exited(id);
          resolve();
        };
      });
    };
    const entry: Tracked = { worker, channel, onExit, exited: false, final: false };
    worker.once('exit', onExit);
    this.tracked.set(id, entry);
    this.core.add(id);
    // A worker that exposed its metrics before we listened said hello to no one: ask again.
    channel.postMessage({ type: PING, v: PROTOCOL_VERSION });
    return this;
  }

  /**
   * Takes a last snapshot of `worker` (waiting up to timeoutMs), then stops asking it; its counters,
   * histograms and summary totals stay in the totals like an exited worker's. Call it before
   * `worker.terminate()` so that what the worker recorded since the last scrape is not lost.
   */
  async remove(worker: Worker): Promise<void> {
    const id = String(worker?.threadId);
    const entry = this.tracked.get(id);
    if (entry === undefined) return;
    await this.core.retire(id);
    this.forget(id, entry);
  }

  /** The main registry's families merged with the workers' (see mergeFamilies for how). Never rejects because of a worker. */
  async collect(): Promise<MetricFamily[]> {
    await this.exitsSettled();
    for (const [id, entry] of this.tracked) if (entry.exited) this.forget(id, entry);
    return this.core.collect();
  }

  /** collect(), rendered in the Prometheus text format (default), OpenMetrics, or JSON. */
  async metrics(format: ExpositionFormat = 'prometheus'): Promise<string> {
    await this.exitsSettled();
    return this.core.metrics(format);
  }

  /** Waits for the last snapshots of workers that just exited (see EXIT_GRACE_MS). */
  private async exitsSettled(): Promise<void> {
    const settling = [...this.tracked.values()].map((entry) => entry.settling).filter((p) => p !== undefined);
    if (settling.length > 0) await Promise.all(settling);
  }

  /** Stops listening to every worker and forgets what they reported. */
  close(): void {
    for (const [id, entry] of this.tracked) this.forget(id, entry);
    this.core.clear();
  }

  private forget(id: string, entry: Tracked): void {
    entry.settle?.();
    entry.worker.off('exit', entry.onExit);
    entry.channel.close();
    this.tracked.delete(id);
  }

  private sendCollect(id: string, requestId: string): boolean {
    const entry = this.tracked.get(id);
    if (entry === undefined || entry.exited) return false;
    entry.channel.postMessage({ type: COLLECT, v: PROTOCOL_VERSION, id: requestId });
    return true;
  }

  private receive(id: string, message: unknown): void {
    if (!isProtocolMessage(message)) return;
    const families = message.families as MetricFamily[];
    if (message.type === HELLO) this.core.hello(id);
    else if (message.type === SNAPSHOT && typeof message.id === 'string' && Array.isArray(families)) {
      this.core.answer(id, message.id, families);
    } else if (message.type === FAILED && typeof message.id === 'string') {
      this.core.failed(id, message.id, String(message.message));
    } else if (message.type === FINAL && Array.isArray(families)) {
      this.core.final(id, families);
      const entry = this.tracked.get(id);
      if (entry !== undefined) {
        entry.final = true;
        entry.settle?.();
      }
    }
  }
}

/**
 * In the main thread: `registry.collect()` / `metrics()` merged with the workers' metrics. Pass the
 * returned aggregator to `createMetricsHandler()` / `serveMetrics({ registry })`.
 */
export function aggregateWorkers(
  registry: AggregatorSource | null = defaultRegistry,
  workers: Iterable<Worker> = [],
  options: AggregatorOptions = {},
): WorkerMetricsAggregator {
  return new WorkerMetricsAggregator({ ...options, registry, workers });
}

/** What `exposeWorkerMetrics()` returns. */
export interface WorkerMetricsExposure {
  /**
   * Sends a last snapshot and stops answering; the main thread keeps this worker's counters in its
   * totals. Optional: a worker that exits sends its last snapshot by itself (unless it is terminated).
   */
  close(): Promise<void>;
}

const exposed: ExposedSlot = { current: undefined };

/**
 * In a worker thread: answer the main thread's collections with `registry`'s metrics. Call it once,
 * early in the worker script. Nothing is sent while nobody scrapes, and nothing runs on the record path.
 * @throws InvalidConfigError in the main thread, or when this thread already exposes another registry.
 */
export function exposeWorkerMetrics(registry: MetricsSource = defaultRegistry): WorkerMetricsExposure {
  if (isMainThread) {
    throw new InvalidConfigError(
      'registry',
      'exposeWorkerMetrics() runs inside a worker thread; in the main thread use aggregateWorkers(registry, workers)',
    );
  }
  const existing = existingExposure(exposed, registry, 'exposeWorkerMetrics()', 'thread');
  if (existing !== undefined) return existing;
  const channel = new BroadcastChannel(channelName(threadId));
  channel.unref();
  return startExposure(exposed, registry, {
    post(message) {
      try {
        channel.postMessage(message);
      } catch (error) {
        // A family that cannot be cloned (it never should) must not crash the worker; the main thread is told.
        if (message.type === SNAPSHOT) {
          try {
            channel.postMessage({
              type: FAILED,
              v: PROTOCOL_VERSION,
              id: message.id,
              message: errorText(error),
            });
          } catch {
            // The channel is closed: nobody is listening any more.
          }
        }
      }
      return undefined;
    },
    // Structured clone carries families as they are.
    encode: (families) => families,
    listen(receive) {
      channel.onmessage = (event) => receive((event as MessageEvent).data);
    },
    stop() {
      channel.close();
    },
  });
}
