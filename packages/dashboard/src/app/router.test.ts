import assert from 'node:assert/strict';
import { test } from 'node:test';
import { presetRange } from '../data/time-range.js';
import { linkTo, parseHash, routeOf, usesTimeRange, withRange } from './router.js';

test('routes', () => {
  assert.deepEqual(routeOf(parseHash('').path), { kind: 'dashboard', id: 'overview' });
  assert.deepEqual(routeOf(parseHash('#/').path), { kind: 'dashboard', id: 'overview' });
  assert.deepEqual(routeOf(parseHash('#/http?range=1h').path), { kind: 'dashboard', id: 'http' });
  assert.deepEqual(routeOf(parseHash('#/explore/').path), { kind: 'explore' });
  assert.deepEqual(routeOf(parseHash('#/d/payments-api').path), {
    kind: 'user-dashboard',
    id: 'payments-api',
  });
  assert.deepEqual(routeOf(parseHash('#/nope').path), { kind: 'not-found', path: 'nope' });
  assert.deepEqual(routeOf(parseHash('#/d/Bad_Id').path), { kind: 'not-found', path: 'd/Bad_Id' });
});

test('a range change keeps the view and its own parameters', () => {
  const location = parseHash('#/explore?q=up&range=15m');
  const now = Date.parse('2026-11-23T12:00:00Z');
  assert.equal(withRange(location, presetRange('6h', now)), '#/explore?q=up&range=6h');
  assert.equal(withRange(location, { kind: 'live', windowMs: 15 * 60_000 }), '#/explore?q=up');
  assert.equal(withRange(parseHash(''), presetRange('1h', now)), '#/overview?range=1h');
});

test('nav links keep the range only', () => {
  assert.equal(linkTo('system', parseHash('#/explore?q=up&range=1h')), '#/system?range=1h');
  assert.equal(linkTo('d/x', parseHash('#/overview')), '#/d/x');
});

test('the range picker is offered on the views that read the range, not on Targets', () => {
  const uses = (hash: string) => usesTimeRange(routeOf(parseHash(hash).path));
  for (const hash of ['#/', '#/overview', '#/caches', '#/d/payments', '#/explore', '#/operations']) {
    assert.equal(uses(hash), true, hash);
  }
  assert.equal(uses('#/targets'), false);
  assert.equal(uses('#/nope'), false);
});
