import {
  BUCKET,
  COUNT,
  CREATED,
  GCOUNT,
  GSUM,
  INFO,
  type PointChecker,
  type PointErrorSink,
  QUANTILE,
  STATE,
  SUM,
  TOTAL,
  VALUE,
} from './openmetrics-points.js';
import type { FamilyRecord, ParsedFamilyType } from './types.js';

/** Sample name suffixes each type allows, and what each one is. */
const SUFFIXES: Readonly<Record<ParsedFamilyType, readonly (readonly [string, number])[]>> = {
  counter: [
    ['_total', TOTAL],
    ['_created', CREATED],
  ],
  gauge: [['', VALUE]],
  unknown: [['', VALUE]],
  stateset: [['', STATE]],
  info: [['_info', INFO]],
  histogram: [
    ['_bucket', BUCKET],
    ['_count', COUNT],
    ['_sum', SUM],
    ['_created', CREATED],
  ],
  gaugehistogram: [
    ['_bucket', BUCKET],
    ['_gcount', GCOUNT],
    ['_gsum', GSUM],
  ],
  summary: [
    ['', QUANTILE],
    ['_count', COUNT],
    ['_sum', SUM],
    ['_created', CREATED],
  ],
};

export function isOpenMetricsType(word: string): word is ParsedFamilyType {
  return Object.hasOwn(SUFFIXES, word);
}

export type MetadataKeyword = 'HELP' | 'TYPE' | 'UNIT';

export interface OmFamily {
  readonly record: FamilyRecord;
  /** Line of the family's first line. */
  readonly line: number;
  typeLine: number;
  helpLine: number;
  unitLine: number;
  /** The sample names the family's type allows, and the kind of each (see openmetrics-points.ts). */
  sampleNames: string[];
  kinds: number[];
  /** Its sample names are claimed (checked against every other family's). */
  sealed: boolean;
  hasSamples: boolean;
}

/** What the tracker needs from the parser. */
export interface FamilyHost extends PointErrorSink {
  readonly lineNumber: number;
  newFamily(record: FamilyRecord): FamilyRecord;
}

/**
 * Which family each line belongs to, with the OpenMetrics rules on families: a family's lines
 * are contiguous (metadata first, at most one HELP, TYPE and UNIT), no two families share a
 * name or could produce the same sample name, a unit is the name's suffix and info and stateset
 * families have none.
 */
export class FamilyTracker {
  private readonly families = new Map<string, OmFamily>();
  /** Sample name -> family that may emit it, for the families sealed so far. */
  private readonly claims = new Map<string, OmFamily>();
  current: OmFamily | undefined;

  constructor(
    private readonly host: FamilyHost,
    private readonly points: PointChecker,
  ) {}

  /** The family a metadata line names: the current one, or a new one. */
  forMetadata(name: string, keyword: MetadataKeyword, pos: number): OmFamily {
    const current = this.current;
    if (current !== undefined && current.record.name === name) {
      if (current.hasSamples) {
        this.host.fail(
          `${keyword} line for "${name}" after its samples: metadata must come before the family's samples`,
          pos,
        );
      }
      const previous =
        keyword === 'TYPE' ? current.typeLine : keyword === 'HELP' ? current.helpLine : current.unitLine;
      if (previous !== 0) {
        this.host.fail(`duplicate ${keyword} line for "${name}" (first on line ${previous})`, pos);
      }
      return current;
    }
    const other = this.families.get(name);
    if (other !== undefined) {
      this.host.fail(
        `family "${name}" (first seen on line ${other.line}) appears again after other families: a family's lines must be contiguous`,
        pos,
      );
    }
    return this.open(name);
  }

  /** The family of a sample that is not one of the current family's: a new, unknown-typed one. */
  forSample(name: string, pos: number): OmFamily {
    const owner = this.claims.get(name) ?? this.families.get(name);
    if (owner !== undefined) {
      if (owner === this.current || !owner.sampleNames.includes(name)) {
        const expected = owner.sampleNames.map((n) => `"${n}"`).join(', ');
        this.host.fail(
          `"${name}" is not a sample name of ${owner.record.type} family "${owner.record.name}": expected ${expected}`,
          pos,
        );
      }
      this.host.fail(
        `"${name}" belongs to family "${owner.record.name}" (line ${owner.line}), which other families followed: a family's samples must be contiguous`,
        pos,
      );
    }
    return this.open(name);
  }

  setType(family: OmFamily, type: ParsedFamilyType, pos: number): void {
    if ((type === 'info' || type === 'stateset') && family.record.unit !== '') {
      this.host.fail(`${article(type)} family cannot have a unit (UNIT on line ${family.unitLine})`, pos);
    }
    family.record.type = type;
    family.typeLine = this.host.lineNumber;
    setSampleNames(family);
  }

  setUnit(family: OmFamily, unit: string, pos: number): void {
    const { name, type } = family.record;
    if (unit !== '' && !name.endsWith(`_${unit}`)) {
      this.host.fail(
        `unit "${unit}" must be the suffix of the metric name: name it "${name}_${unit}" or change the unit`,
        pos,
      );
    }
    if (unit !== '' && (type === 'info' || type === 'stateset')) {
      this.host.fail(`${article(type)} family cannot have a unit`, pos);
    }
    family.record.unit = unit;
    family.unitLine = this.host.lineNumber;
  }

  /** Marks the start of the family's samples: its metadata is final, its names are claimed. */
  startSamples(family: OmFamily): void {
    if (!family.sealed) this.seal(family);
    family.hasSamples = true;
  }

  /** Ends the current family, running the checks on its last point. */
  close(): void {
    const family = this.current;
    if (family === undefined) return;
    this.points.end();
    if (!family.sealed) this.seal(family);
    this.current = undefined;
  }

  private open(name: string): OmFamily {
    this.close();
    const record = this.host.newFamily({ name, type: 'unknown', help: '', unit: '', samples: [] });
    const family: OmFamily = {
      record,
      line: this.host.lineNumber,
      typeLine: 0,
      helpLine: 0,
      unitLine: 0,
      sampleNames: [],
      kinds: [],
      sealed: false,
      hasSamples: false,
    };
    setSampleNames(family);
    this.families.set(name, family);
    this.current = family;
    this.points.begin(record);
    return family;
  }

  /** Claims the family's sample names; two families may not produce the same sample name. */
  private seal(family: OmFamily): void {
    for (const name of family.sampleNames) {
      const owner = this.claims.get(name);
      if (owner !== undefined && owner !== family) {
        this.host.failAtLine(
          `name clash: "${name}" is a sample name of both family "${owner.record.name}" (line ${owner.line}) and ${family.record.type} family "${family.record.name}" (line ${family.line})`,
          family.line,
        );
      }
      this.claims.set(name, family);
    }
    family.sealed = true;
  }
}

function setSampleNames(family: OmFamily): void {
  const suffixes = SUFFIXES[family.record.type];
  family.sampleNames = suffixes.map(([suffix]) => family.record.name + suffix);
  family.kinds = suffixes.map(([, kind]) => kind);
}

function article(type: string): string {
  return type === 'info' ? 'an info' : `a ${type}`;
}
