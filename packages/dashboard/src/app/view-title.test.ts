import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DashboardDefinition } from '../dashboards/definition.js';
import { parseHash, routeOf } from './router.js';
import { viewTitle } from './view-title.js';

const PAYMENTS: DashboardDefinition = { id: 'payments', title: 'Payments API', rows: [] };
const titleAt = (hash: string, user?: readonly DashboardDefinition[]) =>
  viewTitle(routeOf(parseHash(hash).path), user);

test('every view has a title for the page’s one h1', () => {
  assert.equal(titleAt('#/', []), 'Overview');
  assert.equal(titleAt('#/http', []), 'HTTP');
  assert.equal(titleAt('#/explore', []), 'Explore');
  assert.equal(titleAt('#/targets', []), 'Targets');
  assert.equal(titleAt('#/operations', []), 'Operations');
  assert.equal(titleAt('#/nope', []), 'Page not found');
});

test('a user dashboard is called by its id until the list loads, then by its title', () => {
  assert.equal(titleAt('#/d/payments', undefined), 'payments');
  assert.equal(titleAt('#/d/payments', [PAYMENTS]), 'Payments API');
  assert.equal(titleAt('#/d/other', [PAYMENTS]), 'Dashboard not found');
});
