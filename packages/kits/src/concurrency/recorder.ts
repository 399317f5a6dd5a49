import type { LimiterSeries, SemaphoreAcquireMode } from './metrics.js';

/** A granted permit's bookkeeping, returned by `grant()` and handed back to `release()`. */
export interface PermitRecord {
  /** Number of this grant among the limiter's grants (1-based). */
  readonly seq: number;
  /** Another operation already held a permit when this one was granted. */
  readonly overlapped: boolean;
  /** performance.now() at grant. */
  readonly grantedAt: number;
}

/**
 * Records what one limiter does into its series. The limiter (ours or a wrapped one) reports
 * events; the recorder keeps only what the metrics need.
 *
 * Gauges are moved by deltas (inc/dec), not set: limiters that share a name and registry then
 * add up (queue depth, active, limit), and `dispose()` can withdraw exactly this limiter's part.
 *
 * Sequential vs concurrent, in O(1) per operation: an operation ran *sequentially* when no other
 * operation of the same limiter held a permit at any instant while it held its own. Another
 * operation overlapped ours either because it was active when ours was granted (`overlapped`),
 * or because it was granted while ours was active; grants are numbered, so the latter is exactly
 * "the grant counter moved past our number by the time we release". An operation that releases
 * at the same instant another is granted (a hand-off) does not overlap it.
 */
export class LimiterRecorder {
  /** Operations holding a permit, as reported to this recorder. */
  active = 0;
  /** Acquisitions waiting, as reported to this recorder. */
  waiting = 0;
  private grants = 0;
  private limitContribution = 0;
  private disposed = false;

  constructor(
    private readonly series: LimiterSeries,
    limit: number,
  ) {
    this.setLimit(limit);
  }

  /** An acquisition starts waiting. */
  enqueued(): void {
    if (this.disposed) return;
    this.waiting++;
    this.series.queueDepth.inc();
  }

  /** A waiting acquisition leaves the queue (granted, aborted or dropped). Call before grant()/aborted(). */
  dequeued(): void {
    if (this.disposed || this.waiting === 0) return;
    this.waiting--;
    this.series.queueDepth.dec();
  }

  /** A permit was granted after `waitSeconds` (0 for an immediate grant). */
  grant(mode: 'immediate' | 'queued', waitSeconds: number): PermitRecord {
    const now = performance.now();
    const record: PermitRecord = { seq: ++this.grants, overlapped: this.active > 0, grantedAt: now };
    if (this.disposed) return record;
    this.active++;
    const s = this.series;
    s.acquisitions[mode].inc();
    s.wait.observe(waitSeconds);
    s.active.inc();
    // The series may be shared by several limiters of the same name: track the high-water mark of the series itself.
    const current = s.active.get();
    if (current > s.maxActive.get()) s.maxActive.set(current);
    return record;
  }

  /** The permit of `record` was released. */
  release(record: PermitRecord): void {
    if (this.disposed || this.active === 0) return;
    this.active--;
    const s = this.series;
    s.active.dec();
    s.hold.observe((performance.now() - record.grantedAt) / 1000);
    if (record.overlapped || this.grants !== record.seq) s.concurrent.inc();
    else s.sequential.inc();
  }

  /** An acquisition was refused without waiting, or gave up while waiting. */
  failed(mode: Extract<SemaphoreAcquireMode, 'rejected' | 'aborted'>): void {
    if (this.disposed) return;
    this.series.acquisitions[mode].inc();
  }

  /** The limiter's concurrency changed (Infinity is exported as +Inf). */
  setLimit(limit: number): void {
    if (this.disposed) return;
    const gauge = this.series.limit;
    if (limit === Number.POSITIVE_INFINITY) {
      gauge.set(limit);
      this.limitContribution = 0;
      return;
    }
    gauge.inc(limit - this.limitContribution);
    this.limitContribution = limit;
  }

  /** Stops recording and withdraws this limiter's share of the gauges. Counters and histograms keep their totals. */
  dispose(): void {
    if (this.disposed) return;
    const s = this.series;
    s.active.dec(this.active);
    s.queueDepth.dec(this.waiting);
    s.limit.dec(this.limitContribution);
    this.disposed = true;
  }
}
