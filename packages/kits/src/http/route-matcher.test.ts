import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidConfigError } from '@telemeter/core';
import fc from 'fast-check';
import { compileRoutes } from './route-automaton.js';
import { createRouteMatcher } from './route-matcher.js';
import { referenceRouteMatch } from './testing/reference-route-matcher.js';

test('matches parameters, literals, wildcards and the root', () => {
  const match = createRouteMatcher(['/', '/users/:id', '/users/me', '/orders/:id/items', '/static/*']);
  assert.equal(match('/'), '/');
  assert.equal(match('/users/42'), '/users/:id');
  assert.equal(match('/users/me'), '/users/me', 'a literal wins over a parameter');
  assert.equal(match('/orders/7/items'), '/orders/:id/items');
  assert.equal(match('/static/css/app.css'), '/static/*');
  assert.equal(match('/static'), '/static/*', 'a wildcard matches nothing too');
});

test('ignores the query string and a trailing slash', () => {
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

test('trailing slashes are ignored, however many', () => {
  const match = createRouteMatcher(['/', '/users', '/users/:id', '/files/*']);
  assert.equal(match('//'), '/');
  assert.equal(match('///?x'), '/');
  assert.equal(match('/users///'), '/users');
  assert.equal(match('/users/7//?a=/'), '/users/:id');
  assert.equal(match('/files/'), '/files/*');
  assert.equal(match('/files/a//'), '/files/*');
  assert.equal(match('/users//7'), undefined, 'an empty segment in the middle is no parameter');
});

test('a wildcard loses to a template that ends where the path does, and to a parameter', () => {
  const match = createRouteMatcher(['/a/*', '/a/:id', '/a']);
  assert.equal(match('/a'), '/a');
  assert.equal(match('/a/'), '/a');
  assert.equal(match('/a/1'), '/a/:id');
  assert.equal(match('/a/1/2'), '/a/*');
});

test('a large route table compiles to a bounded automaton and matches like a small one', () => {
  const resources = [
    'users',
    'orders',
    'items',
    'repos',
    'issues',
    'pulls',
    'teams',
    'orgs',
    'hooks',
    'keys',
  ];
  const patterns: string[] = [];
  for (const a of resources) {
    patterns.push(`/${a}`, `/${a}/:id`, `/${a}/:id/settings`);
    for (const b of resources) patterns.push(`/${a}/:id/${b}`, `/${a}/:id/${b}/:sub`);
  }
  patterns.push('/static/*');
  const match = createRouteMatcher(patterns);
  assert.equal(patterns.length, 231);
  // About one state per distinct literal character position: no blow-up from the overlaps.
  const automaton = compileRoutes(patterns);
  assert.ok(automaton.states < 1000, `${automaton.states} states`);
  assert.ok(automaton.width < 32, `${automaton.width} character classes`);
  assert.equal(match('/repos/42/issues/7'), '/repos/:id/issues/:sub');
  assert.equal(match('/teams/x/settings/'), '/teams/:id/settings');
  assert.equal(match('/static/app.js'), '/static/*');
  assert.equal(match('/nope/1'), undefined);
  for (const url of ['/users/1/orders', '/orgs/a/keys/b?c', '/hooks', '/keys/9/items/']) {
    assert.equal(match(url), referenceRouteMatch(patterns, url), url);
  }
});

/** Templates and paths over a few segments, so that they overlap often. */
const literal = fc.constantFrom('a', 'b', 'ab', 'users', 'é', 'a?b');
const templateSegment = fc.oneof(literal, fc.constantFrom(':id', ':x'), fc.constant('*'));
const template = fc
  .array(templateSegment, { maxLength: 4 })
  .map((segments) => {
    const star = segments.indexOf('*');
    const kept = star < 0 ? segments : segments.slice(0, star + 1);
    return `/${kept.join('/')}`;
  })
  .chain((t) => fc.constantFrom(t, `${t}/`));
const pathSegment = fc.oneof(
  fc.constantFrom('a', 'b', 'ab', 'users', 'é', 'u', '', '1', 'a?b', 'x/y', '%2F'),
  fc.string({ maxLength: 3 }),
);
const url = fc
  .tuple(fc.array(pathSegment, { maxLength: 5 }), fc.constantFrom('', '/', '//', '?q=/a', '/?x'))
  .map(([segments, tail]) => `/${segments.join('/')}${tail}`);

test('property: matches what the specification picks, for any templates and paths', () => {
  fc.assert(
    fc.property(
      fc.array(template, { minLength: 1, maxLength: 8 }),
      fc.array(url, { maxLength: 20 }),
      (patterns, urls) => {
        const match = createRouteMatcher(patterns);
        for (const u of urls)
          assert.equal(match(u), referenceRouteMatch(patterns, u), `${JSON.stringify(patterns)} ${u}`);
      },
    ),
    { numRuns: 1500 },
  );
});

test('property: any string is answered without throwing, and only with a given template', () => {
  const match = createRouteMatcher(['/users/:id', '/a/*', '/']);
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), url), (u) => {
      const found = match(u);
      assert.ok(found === undefined || ['/users/:id', '/a/*', '/'].includes(found));
    }),
  );
});
