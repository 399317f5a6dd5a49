import assert from 'node:assert/strict';
import { constants, type PerformanceEntry } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type GcKind, gcKindOf, observeGc } from './gc.js';

const entry = (detail: unknown) => ({ detail }) as unknown as PerformanceEntry;

describe('gcKindOf', () => {
  it("maps V8's GC types to prom-client's kinds", () => {
    assert.equal(gcKindOf(entry({ kind: constants.NODE_PERFORMANCE_GC_MAJOR })), 'major');
    assert.equal(gcKindOf(entry({ kind: constants.NODE_PERFORMANCE_GC_MINOR })), 'minor');
    assert.equal(gcKindOf(entry({ kind: 2 })), 'minor');
    assert.equal(gcKindOf(entry({ kind: constants.NODE_PERFORMANCE_GC_INCREMENTAL })), 'incremental');
    assert.equal(gcKindOf(entry({ kind: constants.NODE_PERFORMANCE_GC_WEAKCB })), 'weakcb');
  });

  it('returns undefined for unknown or missing kinds', () => {
    assert.equal(gcKindOf(entry({ kind: 1024 })), undefined);
    assert.equal(gcKindOf(entry(undefined)), undefined);
    assert.equal(gcKindOf(entry(null)), undefined);
  });
});

describe('observeGc', () => {
  it('reports a forced full GC as major, with a duration in seconds, until stopped', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const seen: [GcKind, number][] = [];
    const stop = observeGc((kind, seconds) => seen.push([kind, seconds]));
    gc();
    for (let i = 0; i < 50 && !seen.some(([k]) => k === 'major'); i++) await sleep(10);
    stop();
    const major = seen.find(([k]) => k === 'major');
    assert.ok(major !== undefined, JSON.stringify(seen));
    assert.ok(major[1] > 0 && major[1] < 10);
    const count = seen.length;
    gc();
    await sleep(50);
    assert.equal(seen.length, count);
  });
});
