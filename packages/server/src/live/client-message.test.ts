import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_ID_LENGTH, parseClientMessage, parseDurationField } from './client-message.js';

describe('parseClientMessage', () => {
  it('reads the three message types and ignores unknown fields', () => {
    assert.deepEqual(parseClientMessage('{"type":"ping","extra":1}'), {
      ok: true,
      message: { type: 'ping' },
    });
    assert.deepEqual(parseClientMessage('{"type":"unsubscribe","id":"a"}'), {
      ok: true,
      message: { type: 'unsubscribe', id: 'a' },
    });
    assert.deepEqual(
      parseClientMessage('{"type":"subscribe","id":"a","query":"up","range":"1h","step":15}'),
      {
        ok: true,
        message: { type: 'subscribe', id: 'a', query: 'up', range: '1h', step: 15 },
      },
    );
  });

  it('names what is wrong', () => {
    const error = (text: string) => {
      const r = parseClientMessage(text);
      assert.equal(r.ok, false);
      return r.ok ? undefined : { id: r.id, error: r.error };
    };
    assert.match(error('nope')!.error, /^message is not valid JSON/);
    assert.equal(
      error('[1]')!.error,
      'message must be a JSON object with a "type" (subscribe, unsubscribe or ping)',
    );
    assert.equal(
      error('{"id":"a"}')!.error,
      'message has no string "type"; expected subscribe, unsubscribe or ping',
    );
    assert.deepEqual(error('{"type":"subscribe","query":"up"}'), {
      id: undefined,
      error: 'subscribe: "id" must be a non-empty string',
    });
    assert.equal(
      error(JSON.stringify({ type: 'unsubscribe', id: 'x'.repeat(MAX_ID_LENGTH + 1) }))!.error,
      `unsubscribe: "id" is longer than ${MAX_ID_LENGTH} characters`,
    );
    assert.deepEqual(parseClientMessage('{"type":"subscribe","id":"a","query":"up","step":null}'), {
      ok: true,
      message: { type: 'subscribe', id: 'a', query: 'up' },
    });
    assert.deepEqual(error('{"type":"subscribe","id":"a","query":"up","step":true}'), {
      id: 'a',
      error: 'subscribe: "step" must be a duration string like "15s" or a number of seconds',
    });
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          const r = parseClientMessage(text);
          assert.equal(typeof r.ok, 'boolean');
        },
      ),
    );
  });

  it('accepts any well-formed subscribe', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: MAX_ID_LENGTH }),
        fc.string({ minLength: 1 }).filter((q) => q.trim() !== ''),
        fc.option(fc.oneof(fc.double(), fc.string()), { nil: undefined }),
        (id, query, step) => {
          const text = JSON.stringify({ type: 'subscribe', id, query, step });
          const r = parseClientMessage(text);
          assert.ok(r.ok);
          // JSON has no NaN or infinities: they arrive as null, which means "not given".
          const sent = JSON.parse(text) as Record<string, unknown>;
          if (sent.step === null) delete sent.step;
          assert.deepEqual(r.message, sent);
        },
      ),
    );
  });
});

describe('parseDurationField', () => {
  it('reads seconds and Prometheus durations into whole milliseconds', () => {
    assert.deepEqual(parseDurationField('step', 15), { ms: 15_000 });
    assert.deepEqual(parseDurationField('step', 0.25), { ms: 250 });
    assert.deepEqual(parseDurationField('step', '1.5'), { ms: 1500 });
    assert.deepEqual(parseDurationField('range', '1h30m'), { ms: 5_400_000 });
    assert.deepEqual(parseDurationField('range', '100ms'), { ms: 100 });
  });

  it('refuses what is not a positive duration', () => {
    for (const bad of [0, -1, 0.0001, 1e300, '', '1x', '-5', 'NaN', '0s']) {
      const r = parseDurationField('step', bad);
      assert.ok('error' in r, String(bad));
      assert.match(r.error, /^invalid "step": /);
    }
  });
});
