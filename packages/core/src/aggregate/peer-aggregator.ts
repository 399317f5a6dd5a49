/**
 * The transport-independent half of worker aggregation: whom to ask, how long to wait, what to keep
 * from workers that are late or gone, and the merge. worker-threads.ts and cluster.ts plug a transport in.
 *
 * Nothing here runs on the record path: workers keep recording into their own registries and are only
 * asked for a snapshot when the aggregator's `collect()` runs (a scrape), so values are fresh.
 */
import { randomUUID } from 'node:crypto';
import { InvalidConfigError } from '../errors.js';
import { renderMetrics } from '../exposition/render.js';
import type { ExpositionFormat } from '../exposition/stream.js';
import type { MetricsSource } from '../http/options.js';
import type { CounterFamily, GaugeFamily, Labels, MetricFamily } from '../types.js';
import { type MergeInput, mergeFamilies } from './merge-families.js';
import {
  type AggregationOptions,
  type ResolvedAggregationOptions,
  resolveAggregationOptions,
} from './policy.js';
import { withDefaultLabels } from './snapshot.js';
import { AGGREGATION_WARNING_CODES, WarnOnce } from './warnings.js';

/** A registry, or anything with the same `collect()` (such as another aggregator, for nested setups). */
export interface AggregatorSource extends MetricsSource {
  /** Applied to the workers' series too when present (a `Registry` has them). */
  readonly defaultLabels?: Labels;
}

export interface AggregatorOptions extends AggregationOptions {
  /** How long a collection waits for workers, in ms. Default 1000. A late worker's counters come from its last answer. */
  timeoutMs?: number;
  /** Expose telemeter_aggregation_workers and telemeter_aggregation_timeouts_total. Default true. */
  selfMetrics?: boolean;
}

export const DEFAULT_AGGREGATION_TIMEOUT_MS = 1000;
export const AGGREGATION_WORKERS_METRIC = 'telemeter_aggregation_workers';
export const AGGREGATION_TIMEOUTS_METRIC = 'telemeter_aggregation_timeouts_total';
/** `perWorker` label value of the counters kept from workers that have exited. */
export const EXITED_WORKERS_SOURCE = 'exited';

/** Sends `{ type: 'telemeter:collect', id }` to a worker; false when it cannot be reached any more. */
export type SendCollect = (peerId: string, requestId: string) => boolean;

/**
 * `unknown`: just added, asked optimistically (a worker added after it exposed its metrics answers at once).
 * `ready`: said hello or answered, so collections wait for it. `absent`: did not answer its first
 * request (not started yet, or never calls expose*Metrics()); not asked again until it says hello.
 */
type PeerState = 'unknown' | 'ready' | 'absent';

interface Peer {
  readonly id: string;
  state: PeerState;
  exited: boolean;
  last: readonly MetricFamily[] | undefined;
  /** Request number `last` answered, so that a late answer never replaces a newer one. */
  lastSeq: number;
}

interface Pending {
  readonly seq: number;
  readonly waiting: Set<string>;
  readonly answers: Map<string, readonly MetricFamily[]>;
  finish(): void;
}

const ALL_SUMMED = resolveAggregationOptions();

export function checkTimeout(timeoutMs: unknown): number {
  const value = timeoutMs ?? DEFAULT_AGGREGATION_TIMEOUT_MS;
  if (typeof value !== 'number' || !(value > 0) || value > 2 ** 31 - 1) {
    throw new InvalidConfigError(
      'timeoutMs',
      `timeoutMs must be a positive number of milliseconds up to 2147483647 (got ${String(value)}), e.g. 1000`,
    );
  }
  return value;
}

export class PeerAggregator {
  readonly timeoutMs: number;
  private readonly settings: ResolvedAggregationOptions;
  private readonly selfMetrics: boolean;
  private readonly peers = new Map<string, Peer>();
  private readonly pending = new Map<string, Pending>();
  /** Request ids are unique across aggregators that may share a channel with the same workers. */
  private readonly prefix = `${randomUUID()}:`;
  private seq = 0;
  /** Counters, histograms and summary totals of workers that have exited, summed into one snapshot. */
  private retired: MetricFamily[] = [];
  private readonly warn = new WarnOnce();
  private timeoutsTotal = 0;

  constructor(
    private readonly source: AggregatorSource | null,
    /** `perWorker` label value of the aggregator's own series (`main`, `primary`). */
    private readonly selfId: string,
    private readonly send: SendCollect,
    /** How the warnings name a worker: `worker thread 3`, `cluster worker 2`. */
    private readonly describePeer: (id: string) => string,
    /** The worker-side function warnings point to: `exposeWorkerMetrics`. */
    private readonly exposeName: string,
    options: AggregatorOptions,
  ) {
    this.settings = resolveAggregationOptions(options);
    this.timeoutMs = checkTimeout(options.timeoutMs);
    const selfMetrics = options.selfMetrics ?? true;
    if (typeof selfMetrics !== 'boolean') {
      throw new InvalidConfigError('selfMetrics', 'selfMetrics must be true or false');
    }
    this.selfMetrics = selfMetrics;
    if (source !== null && typeof source?.collect !== 'function') {
      throw new InvalidConfigError(
        'registry',
        'registry must be a Registry (or an object with collect()), or null to aggregate the workers only',
      );
    }
  }

  /** Starts tracking `id`; it is asked at the next collection, and at every one once it has answered or said hello. */
  add(id: string): void {
    if (!this.peers.has(id)) {
      this.peers.set(id, { id, state: 'unknown', exited: false, last: undefined, lastSeq: -1 });
    }
  }

  has(id: string): boolean {
    return this.peers.has(id);
  }

  hello(id: string): void {
    const peer = this.peers.get(id);
    if (peer !== undefined && !peer.exited) peer.state = 'ready';
  }

  /** An answer to request `requestId` (possibly a late one, or another aggregator's, which is ignored). */
  answer(id: string, requestId: string, families: readonly MetricFamily[]): void {
    if (!requestId.startsWith(this.prefix)) return;
    const peer = this.peers.get(id);
    if (peer === undefined) return;
    const seq = Number(requestId.slice(this.prefix.length));
    if (!peer.exited) peer.state = 'ready';
    if (seq >= peer.lastSeq) {
      peer.last = families;
      peer.lastSeq = seq;
    }
    const pending = this.pending.get(requestId);
    if (pending?.waiting.delete(id)) {
      pending.answers.set(id, families);
      if (pending.waiting.size === 0) pending.finish();
    }
  }

  /** A worker could not collect: the request stops waiting for it, and its last answer is used. */
  failed(id: string, requestId: string, message: string): void {
    if (!requestId.startsWith(this.prefix)) return;
    this.warn.emit([
      {
        code: AGGREGATION_WARNING_CODES.timeout,
        subject: `failed:${id}`,
        message: `${this.describePeer(id)} failed to collect its metrics (${message}); its last snapshot's counters are used`,
      },
    ]);
    this.stopWaiting(id, requestId);
  }

  /** The worker's last families before it stops answering; kept like an exited worker's. */
  final(id: string, families: readonly MetricFamily[]): void {
    const peer = this.peers.get(id);
    if (peer === undefined) return;
    peer.last = families;
    peer.lastSeq = Number.MAX_SAFE_INTEGER;
    this.exited(id);
  }

  /** The worker is gone: no collection waits for it; its counters are kept from the next collection on. */
  exited(id: string): void {
    const peer = this.peers.get(id);
    if (peer === undefined) return;
    peer.exited = true;
    this.stopWaiting(id);
  }

  /** Asks `id` once more (waiting up to timeoutMs), then treats it as exited: its counters stay in the totals. */
  async retire(id: string): Promise<void> {
    const peer = this.peers.get(id);
    if (peer === undefined || peer.exited) return;
    await this.ask([peer]);
    this.exited(id);
  }

  /** Stops tracking everything; later collections return the own registry's families only. */
  clear(): void {
    this.peers.clear();
    this.retired = [];
    for (const pending of [...this.pending.values()]) pending.finish();
  }

  async collect(): Promise<MetricFamily[]> {
    this.foldExited();
    // By id (thread id, cluster worker id): `first` and the order of series must not depend on
    // which worker happened to say hello first.
    const peers = [...this.peers.values()].sort((a, b) => Number(a.id) - Number(b.id));
    const retired = this.retired;
    const [own, answers] = await Promise.all([this.source?.collect() ?? [], this.ask(peers)]);
    const labels = this.source?.defaultLabels ?? {};
    const inputs: MergeInput[] = [];
    let answered = 0;
    let late = 0;
    for (const peer of peers) {
      const answer = answers.get(peer.id);
      if (answer !== undefined) {
        answered++;
        inputs.push({ source: peer.id, families: withDefaultLabels(answer, labels) });
      } else if (peer.last !== undefined) {
        late++;
        inputs.push({ source: peer.id, families: withDefaultLabels(peer.last, labels), stale: true });
      }
    }
    if (retired.length > 0) {
      inputs.push({
        source: EXITED_WORKERS_SOURCE,
        families: withDefaultLabels(retired, labels),
        stale: true,
      });
    }
    // The aggregator's own families go through the merge too: a nested aggregator's are summed into them.
    const self = this.selfMetrics ? this.ownFamilies(answered, late, labels) : [];
    inputs.unshift({ source: this.selfId, families: [...own, ...self] });
    const merged = mergeFamilies(inputs, this.settings);
    this.warn.emit(merged.warnings);
    // telemeter's own families last, as a registry orders them, whichever reporter sent them first.
    const app = merged.families.filter((family) => !family.name.startsWith('telemeter_'));
    const telemeter = merged.families.filter((family) => family.name.startsWith('telemeter_'));
    return [...app, ...telemeter];
  }

  /** collect(), rendered in the Prometheus text format (default), OpenMetrics, or JSON. */
  metrics(format: ExpositionFormat = 'prometheus'): Promise<string> {
    return renderMetrics(format, () => this.collect());
  }

  private stopWaiting(id: string, requestId?: string): void {
    for (const [key, pending] of this.pending) {
      if (requestId !== undefined && key !== requestId) continue;
      if (pending.waiting.delete(id) && pending.waiting.size === 0) pending.finish();
    }
  }

  /** Asks every ready worker at once; resolves with the answers when all have come or `timeoutMs` passed. */
  private ask(peers: readonly Peer[]): Promise<Map<string, readonly MetricFamily[]>> {
    const answers = new Map<string, readonly MetricFamily[]>();
    const targets = peers.filter((peer) => peer.state !== 'absent' && !peer.exited);
    if (targets.length === 0) return Promise.resolve(answers);
    const seq = ++this.seq;
    const requestId = `${this.prefix}${seq}`;
    return new Promise((resolve) => {
      const waiting = new Set<string>();
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        if (!this.pending.delete(requestId)) return;
        clearTimeout(timer);
        for (const id of waiting) this.timedOut(id);
        resolve(answers);
      };
      this.pending.set(requestId, { seq, waiting, answers, finish });
      for (const peer of targets) waiting.add(peer.id);
      for (const peer of targets) if (!this.send(peer.id, requestId)) this.exited(peer.id);
      if (!this.pending.has(requestId)) return;
      // Kept referenced on purpose: an `await aggregator.metrics()` at the end of a script must still resolve.
      timer = setTimeout(finish, this.timeoutMs);
    });
  }

  private timedOut(id: string): void {
    const peer = this.peers.get(id);
    if (peer === undefined || peer.exited) return;
    if (peer.state === 'unknown') {
      peer.state = 'absent';
      this.warn.emit([
        {
          code: AGGREGATION_WARNING_CODES.timeout,
          subject: 'unconfirmed',
          message: `${this.describePeer(id)} did not answer its first metrics collection within ${this.timeoutMs} ms; it is asked again once it calls ${this.exposeName}() (a worker that never does is not collected). Not warned again`,
        },
      ]);
      return;
    }
    this.timeoutsTotal++;
    this.warn.emit([
      {
        code: AGGREGATION_WARNING_CODES.timeout,
        subject: id,
        message: `${this.describePeer(id)} did not answer a metrics collection within ${this.timeoutMs} ms (a worker blocked by synchronous work cannot answer); its last snapshot's counters, histograms and summary totals are used and its gauges left out. Raise timeoutMs if this is frequent. Not warned again for this worker`,
      },
    ]);
  }

  /** Moves exited workers' last snapshots into `retired` (one summed snapshot, so churn does not grow memory). */
  private foldExited(): void {
    const inputs: MergeInput[] = [];
    for (const peer of this.peers.values()) {
      if (!peer.exited) continue;
      this.peers.delete(peer.id);
      if (peer.last !== undefined) inputs.push({ source: peer.id, families: peer.last, stale: true });
    }
    if (inputs.length === 0) return;
    const merged = mergeFamilies(
      [{ source: EXITED_WORKERS_SOURCE, families: this.retired, stale: true }, ...inputs],
      ALL_SUMMED,
    );
    this.warn.emit(merged.warnings);
    this.retired = merged.families;
  }

  private ownFamilies(answered: number, late: number, labels: Labels): MetricFamily[] {
    const workers: GaugeFamily = {
      type: 'gauge',
      name: AGGREGATION_WORKERS_METRIC,
      help: 'Workers in the last collection, by whether they answered in time or their last snapshot was used',
      unit: '',
      labelNames: ['state'],
      points: [
        { labelValues: ['answered'], value: answered },
        { labelValues: ['late'], value: late },
      ],
    };
    const timeouts: CounterFamily = {
      type: 'counter',
      name: AGGREGATION_TIMEOUTS_METRIC,
      help: 'Collections a worker did not answer within the timeout',
      unit: '',
      labelNames: [],
      points: [{ labelValues: [], value: this.timeoutsTotal }],
    };
    return withDefaultLabels([workers, timeouts], labels);
  }
}
