import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidConfigError } from '@telemeter/core';
import { createRouteMatcher } from './route-matcher.js';

test('matches parameters, literals, wildcards and the root', () => {
  const match = createRouteMatcher(['/', '/users/:id', '/users/me', '/orders/:id/items', '/static/*']);
  assert.equal(match('/'), '/');
  assert.equal(match('/users/42'), '/users/:id');
  assert.equal(match('/users/me'), '/users/me', 'a literal wins over a parameter');
  assert.equal(match('/orders/7/items'), '/orders/:id/items');
  assert.equal(match('/static/css/app.css'), '/static/*');
  assert.equal(match('/static'), '/static/*', 'a wildcard matches nothing too');
});

test('ignores the query string and one trailing slash', () => {
  const match = createRouteMatcher(['/users/:id']);
  assert.equal(match('/users/42?x=1&y=/a/b'), '/users/:id');
  assert.equal(match('/users/42/'), '/users/:id');
  assert.equal(match('/users/42/?x'), '/users/:id');
});

test('returns undefined when nothing matches', () => {
  const match = createRouteMatcher(['/users/:id', '/orders/:id/items']);
  for (const url of [
    '/users',
    '/users/',
    '/users/1/2',
    '/orders/7',
    '/orders//items',
    '/nope',
    '',
    '*',
    'http://x/users/1',
  ]) {
    assert.equal(match(url), undefined, url);
  }
});

test('backtracks from a literal branch to a parameter', () => {
  const match = createRouteMatcher(['/a/b/c', '/a/:x/d']);
  assert.equal(match('/a/b/c'), '/a/b/c');
  assert.equal(match('/a/b/d'), '/a/:x/d');
});

test('a trailing slash in a pattern is dropped, the first duplicate wins', () => {
  const match = createRouteMatcher(['/users/:id/', '/users/:name']);
  assert.equal(match('/users/1'), '/users/:id');
});

test('rejects malformed patterns at creation', () => {
  for (const bad of ['users/:id', '/files/:name.:ext', '/a/*/b', '/a//b', '/:', '/a:b', 42]) {
    assert.throws(() => createRouteMatcher([bad as string]), InvalidConfigError, String(bad));
  }
  assert.throws(() => createRouteMatcher('/users/:id' as unknown as string[]), InvalidConfigError);
});

test('many literal children (indexed by first character) match as a few do', () => {
  const patterns = Array.from({ length: 20 }, (_, i) => `/r${i}/:id`);
  const match = createRouteMatcher([...patterns, '/ra/:x', '/é/:x', '/i/:x', '/*']);
  assert.equal(match('/r7/1'), '/r7/:id');
  assert.equal(match('/r19/2/'), '/r19/:id');
  assert.equal(match('/ra/3?q'), '/ra/:x');
  assert.equal(match('/é/4'), '/é/:x');
  assert.equal(match('/i/5'), '/i/:x');
  assert.equal(match('/r20/6'), '/*', 'no such literal: the wildcard');
  assert.equal(match('/\u0169/7'), '/*', 'a character sharing the low 7 bits of "i"');
});

test('a literal with "?" in it can never match: the query string starts there', () => {
  const match = createRouteMatcher(['/a?b', '/a?b/:id', '/a']);
  assert.equal(match('/a?b'), '/a');
  assert.equal(match('/a?b/1'), '/a');
  assert.equal(match('/x'), undefined);
});
