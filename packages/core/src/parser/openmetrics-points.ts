import { addPairHash, FingerprintSet } from './fingerprint-set.js';
import { parseValue } from './number.js';
import type { FamilyRecord } from './types.js';

// What a sample is within its family, from its name suffix and the family type.
export const VALUE = 0; // gauge, unknown
export const TOTAL = 1; // counter _total
export const CREATED = 2; // counter, histogram, summary _created
export const BUCKET = 3; // histogram, gaugehistogram _bucket
export const COUNT = 4; // histogram, summary _count
export const SUM = 5; // histogram, summary _sum
export const GCOUNT = 6; // gaugehistogram _gcount
export const GSUM = 7; // gaugehistogram _gsum
export const QUANTILE = 8; // summary sample without suffix
export const STATE = 9; // stateset
export const INFO = 10; // info _info

const bit = (kind: number) => 1 << kind;

/** Errors the checker raises through the parser, which knows the line and column. */
export interface PointErrorSink {
  fail(message: string, pos: number): never;
  failAtLine(message: string, line: number): never;
}

/**
 * Checks the OpenMetrics rules that span several samples of one MetricPoint (the samples of a
 * family sharing a label set, `le`/`quantile`/state label aside, and a timestamp): histogram
 * buckets sorted by `le`, cumulative integers, with a `+Inf` bucket equal to `_count`; a counter
 * has a `_total`; a label set's samples are contiguous, all with timestamps or all without, and
 * the timestamps never go backwards. Where the specification is silent it follows the reference
 * parser (prometheus_client), which the conformance suite was written against. Families are
 * contiguous in OpenMetrics, so only the current family's state is kept.
 */
export class PointChecker {
  private family: FamilyRecord | undefined;
  /** Whether a point is open; its identifying labels are pointNames/pointValues[0, pointCount). */
  private open = false;
  private readonly pointNames: string[] = [];
  private readonly pointValues: string[] = [];
  private pointCount = 0;
  /** Fingerprints of every point so far (with its family's number), to catch a point that comes back. */
  private readonly seen = new FingerprintSet();
  private readonly hash = new Int32Array(2);
  private familyNumber = 0;
  private lastLine = 0;
  private lastTimestamp: number | undefined;
  private kinds = 0;
  // histogram / gaugehistogram
  private lastLe = Number.NEGATIVE_INFINITY;
  private lastBucket = 0;
  private infBucket = -1;
  private negativeBucket = false;
  private count = 0;
  private sum = 0;

  constructor(
    private readonly errors: PointErrorSink,
    private readonly names: readonly string[],
    private readonly values: readonly string[],
    private readonly starts: readonly number[],
  ) {}

  /** Starts checking a new family (ending the previous one must have been done with end()). */
  begin(family: FamilyRecord): void {
    this.family = family;
    this.open = false;
    this.familyNumber++;
  }

  /** Whether the current sample's labels (less `special`) are those of the open point, in any order. */
  private samePoint(count: number, special: number): boolean {
    const n = special < 0 ? count : count - 1;
    if (n !== this.pointCount) return false;
    const names = this.names;
    const values = this.values;
    let j = 0;
    let ordered = true;
    for (let i = 0; i < count; i++) {
      if (i === special) continue;
      if (names[i] !== this.pointNames[j] || values[i] !== this.pointValues[j]) {
        ordered = false;
        break;
      }
      j++;
    }
    if (ordered) return true;
    for (let i = 0; i < count; i++) {
      if (i === special) continue;
      const k = this.pointNames.indexOf(names[i]!);
      if (k < 0 || k >= n || this.pointValues[k] !== values[i]) return false;
    }
    return true;
  }

  /** Validates one sample; `nameStart` and `valueStart` locate errors on the current line. */
  sample(
    kind: number,
    name: string,
    count: number,
    value: number,
    timestamp: number | undefined,
    line: number,
    nameStart: number,
    valueStart: number,
  ): void {
    const family = this.family!;
    const names = this.names;
    let special = -1;
    let specialNumber = 0;
    if (kind === BUCKET || kind === QUANTILE || kind === STATE) {
      const label = kind === BUCKET ? 'le' : kind === QUANTILE ? 'quantile' : family.name;
      special = names.indexOf(label);
      if (special < 0 || special >= count) {
        const role = kind === STATE ? ' naming its state' : '';
        this.errors.fail(`${family.type} sample "${name}" needs a "${label}" label${role}`, nameStart);
      }
      if (kind !== STATE) specialNumber = this.threshold(kind, label, special);
    } else if (count > 0) {
      this.checkReservedLabel(family, name, count);
    }

    if (this.open && this.samePoint(count, special)) {
      // The reference parser's rules: one point holds samples of one timestamp; a later timestamp
      // starts another point for the same label set; repeats at the same timestamp are tolerated.
      const previous = this.lastTimestamp;
      if ((previous === undefined) !== (timestamp === undefined)) {
        this.errors.fail(`${this.describePoint()} mixes samples with and without timestamps`, nameStart);
      }
      if (timestamp !== undefined && previous !== undefined && timestamp !== previous) {
        if (timestamp < previous)
          this.errors.fail(`timestamps of ${this.describePoint()} go backwards`, nameStart);
        this.end();
        this.startPoint(count, special);
      }
    } else {
      this.end();
      this.startPoint(count, special);
      if (!this.addPoint()) {
        this.errors.fail(
          `${this.describePoint()} appears again after other label sets: the samples of a MetricPoint must be contiguous`,
          nameStart,
        );
      }
    }
    this.lastTimestamp = timestamp;
    this.lastLine = line;
    this.apply(kind, name, value, special, specialNumber, valueStart);
  }

  /** Runs the end-of-point checks on the last point of the current family. */
  end(): void {
    if (!this.open) return;
    this.open = false;
    const problem = this.pointProblem();
    if (problem !== undefined) this.errors.failAtLine(`${this.describePoint()} ${problem}`, this.lastLine);
  }

  /** What is wrong with the point just completed, if anything. */
  private pointProblem(): string | undefined {
    const type = this.family!.type;
    const kinds = this.kinds;
    if (type === 'counter' && (kinds & bit(TOTAL)) === 0) {
      return `has no ${this.family!.name}_total sample: a counter point needs its total`;
    }
    if (type !== 'histogram' && type !== 'gaugehistogram') return undefined;
    const gauge = type === 'gaugehistogram';
    const countName = gauge ? '_gcount' : '_count';
    const sumName = gauge ? '_gsum' : '_sum';
    if (this.infBucket < 0) return `has no le="+Inf" bucket: every ${type} point needs one`;
    const hasCount = (kinds & bit(gauge ? GCOUNT : COUNT)) !== 0;
    const hasSum = (kinds & bit(gauge ? GSUM : SUM)) !== 0;
    if (hasCount !== hasSum) {
      return `has ${hasCount ? countName : sumName} without ${hasCount ? sumName : countName}: give both or neither`;
    }
    if (hasCount && this.count !== this.infBucket) {
      return `has ${countName} ${this.count}, but it must equal the le="+Inf" bucket (${this.infBucket})`;
    }
    if (!gauge && hasSum && this.negativeBucket) {
      return 'has negative bucket thresholds, so it must not have a _sum (it would not be a counter)';
    }
    if (gauge && hasSum && this.sum < 0 && !this.negativeBucket)
      return 'has a negative _gsum but no negative bucket threshold';
    return undefined;
  }

  /** Opens a point whose identifying labels are the current sample's, less `special`. */
  private startPoint(count: number, special: number): void {
    let n = 0;
    for (let i = 0; i < count; i++) {
      if (i === special) continue;
      this.pointNames[n] = this.names[i]!;
      this.pointValues[n] = this.values[i]!;
      n++;
    }
    this.pointCount = n;
    this.open = true;
    this.kinds = 0;
    this.lastLe = Number.NEGATIVE_INFINITY;
    this.lastBucket = 0;
    this.infBucket = -1;
    this.negativeBucket = false;
  }

  /** The numeric `le` or `quantile` label value. */
  private threshold(kind: number, label: string, index: number): number {
    const raw = this.values[index]!;
    const v = parseValue(raw, 0, raw.length);
    const pos = this.starts[index]!;
    if (v === undefined || Number.isNaN(v)) {
      this.errors.fail(`invalid ${label}="${raw}": expected a number`, pos);
    }
    if (kind === BUCKET) {
      // +Inf is the one threshold whose spelling is fixed (as in the reference parser).
      if (v === Number.POSITIVE_INFINITY && raw !== '+Inf') {
        this.errors.fail(`invalid le="${raw}": write infinite thresholds as "+Inf"`, pos);
      }
    } else if (!(v >= 0 && v <= 1)) {
      this.errors.fail(`invalid quantile="${raw}": quantiles must be between 0 and 1`, pos);
    }
    return v;
  }

  private checkReservedLabel(family: FamilyRecord, name: string, count: number): void {
    const reserved =
      family.type === 'histogram' || family.type === 'gaugehistogram'
        ? 'le'
        : family.type === 'summary'
          ? 'quantile'
          : undefined;
    if (reserved === undefined) return;
    const i = this.names.indexOf(reserved);
    if (i >= 0 && i < count) {
      this.errors.fail(
        `label "${reserved}" is reserved for the ${family.type} buckets/quantiles, not allowed on "${name}"`,
        this.starts[i]!,
      );
    }
  }

  private apply(
    kind: number,
    name: string,
    value: number,
    special: number,
    specialNumber: number,
    pos: number,
  ): void {
    let broken: string | undefined;
    switch (kind) {
      case TOTAL:
        if (!(value >= 0)) broken = 'a counter total must not be negative or NaN';
        break;
      case BUCKET:
        if ((this.kinds & bit(BUCKET)) !== 0 && specialNumber <= this.lastLe) {
          const le = this.values[special];
          this.errors.fail(
            `bucket le="${le}" is out of order or repeated: buckets must be in increasing order of le`,
            this.starts[special]!,
          );
        }
        if (!(value >= 0) || !Number.isInteger(value)) broken = 'bucket counts must be non-negative integers';
        else if (value < this.lastBucket) {
          broken = `bucket counts must be cumulative, and the previous bucket has ${formatValue(this.lastBucket)}`;
        }
        if (specialNumber < 0) this.negativeBucket = true;
        if (specialNumber === Number.POSITIVE_INFINITY) this.infBucket = value;
        this.lastLe = specialNumber;
        this.lastBucket = value;
        break;
      case COUNT:
      case GCOUNT:
        if (!(value >= 0) || !Number.isInteger(value)) broken = 'a count must be a non-negative integer';
        this.count = value;
        break;
      case SUM:
        if (!(value >= 0)) broken = 'a sum must not be negative or NaN';
        this.sum = value;
        break;
      case GSUM:
        if (Number.isNaN(value)) broken = '_gsum must not be NaN';
        this.sum = value;
        break;
      case QUANTILE:
        if (value < 0) broken = 'quantile values must not be negative';
        break;
      case STATE:
        if (value !== 0 && value !== 1) broken = 'a state is 1 (set) or 0 (not set)';
        break;
      case INFO:
        if (value !== 1) broken = 'an info sample has the value 1';
        break;
    }
    if (broken !== undefined)
      this.errors.fail(`"${name}" value ${formatValue(value)} is invalid: ${broken}`, pos);
    this.kinds |= bit(kind);
  }

  /** Records the open point's fingerprint; false if the family had this label set before. */
  private addPoint(): boolean {
    const h = this.hash;
    // The family number keeps equal label sets of different families apart.
    h[0] = Math.imul(this.familyNumber, 0x9e3779b1);
    h[1] = Math.imul(this.familyNumber, 0x85ebca77);
    for (let i = 0; i < this.pointCount; i++) addPairHash(this.pointNames[i]!, this.pointValues[i]!, h);
    return this.seen.add(h[0]!, h[1]!);
  }

  private describePoint(): string {
    const family = this.family!;
    const pairs: string[] = [];
    for (let i = 0; i < this.pointCount; i++)
      pairs.push(`${this.pointNames[i]}=${JSON.stringify(this.pointValues[i])}`);
    return `${family.type} "${family.name}" point {${pairs.join(',')}}`;
  }
}

function formatValue(v: number): string {
  return Number.isNaN(v)
    ? 'NaN'
    : v === Number.POSITIVE_INFINITY
      ? '+Inf'
      : v === Number.NEGATIVE_INFINITY
        ? '-Inf'
        : String(v);
}
