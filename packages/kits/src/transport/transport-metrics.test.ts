import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidConfigError, Registry } from '@telemeter/core';
import { histogramOf, seriesOf, sumOf } from '../shared/testing/metric-values.js';
import { transportMetrics } from './transport-metrics.js';

function clock(start = 1000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('transportMetrics', () => {
  it('counts messages, bytes and sizes by direction', async () => {
    const registry = new Registry();
    const m = transportMetrics({ registry, transport: 'websocket', name: 'chat' });
    m.sent(100);
    m.sent(300);
    m.received(5000);
    const sent = { transport: 'websocket', name: 'chat', direction: 'sent' };
    const received = { ...sent, direction: 'received' };
    assert.equal(await sumOf(registry, 'transport_messages_total', sent), 2);
    assert.equal(await sumOf(registry, 'transport_bytes_total', sent), 400);
    assert.equal(await sumOf(registry, 'transport_messages_total', received), 1);
    assert.equal(await sumOf(registry, 'transport_bytes_total', received), 5000);
    assert.deepEqual(await histogramOf(registry, 'transport_message_size_bytes', sent), {
      count: 2,
      sum: 400,
    });
    // Bytes without a boundary, then the boundary: how framed adapters record.
    m.bytes('received', 7);
    m.bytes('received', 3);
    m.message('received', 10);
    assert.equal(await sumOf(registry, 'transport_bytes_total', received), 5010);
    assert.equal(await sumOf(registry, 'transport_messages_total', received), 2);
  });

  it('computes idle time at collect and observes gaps between messages', async () => {
    const registry = new Registry();
    const time = clock();
    const m = transportMetrics({ registry, transport: 'sse', name: 'feed', now: time.now });
    time.advance(2000);
    assert.equal(
      await sumOf(registry, 'transport_idle_seconds'),
      2,
      'idle since creation before any message',
    );
    m.sent(1);
    time.advance(500);
    m.received(1);
    time.advance(30_000);
    m.sent(1);
    time.advance(4000);
    assert.equal(await sumOf(registry, 'transport_idle_seconds', { transport: 'sse', name: 'feed' }), 4);
    assert.equal(m.idleSeconds, 4);
    assert.deepEqual(await histogramOf(registry, 'transport_idle_gap_seconds'), { count: 2, sum: 30.5 });
  });

  it('shares one idle series between connections and removes it when the last one stops', async () => {
    const registry = new Registry();
    const time = clock();
    const a = transportMetrics({ registry, transport: 'websocket', name: 'chat', now: time.now });
    const b = transportMetrics({ registry, transport: 'websocket', name: 'chat', now: time.now });
    time.advance(1000);
    a.sent(10);
    time.advance(1000);
    b.received(10);
    time.advance(250);
    assert.equal(await sumOf(registry, 'transport_idle_seconds'), 0.25);
    // Gaps are per connection: a and b each had one message, so no gap yet.
    assert.equal((await histogramOf(registry, 'transport_idle_gap_seconds')).count, 0);
    b.stop();
    assert.equal((await seriesOf(registry, 'transport_idle_seconds')).length, 1);
    a.stop();
    a.stop();
    assert.equal((await seriesOf(registry, 'transport_idle_seconds')).length, 0);
    assert.equal(await sumOf(registry, 'transport_messages_total'), 2, 'counters keep their totals');
  });

  it('tracks open connections and counts a second opening as a reconnection', async () => {
    const registry = new Registry();
    const m = transportMetrics({ registry, transport: 'websocket', name: 'feed' });
    m.opened();
    m.opened();
    assert.equal(await sumOf(registry, 'transport_open_connections'), 1);
    m.closed();
    m.closed();
    assert.equal(await sumOf(registry, 'transport_open_connections'), 0);
    m.opened();
    assert.equal(await sumOf(registry, 'transport_reconnections_total'), 1);
    m.reconnect();
    assert.equal(await sumOf(registry, 'transport_reconnections_total'), 2);
    m.stop();
    assert.equal(await sumOf(registry, 'transport_open_connections'), 0);
    assert.equal(m.isOpened, false);
  });

  it('times serialization without changing results or errors', async () => {
    const registry = new Registry();
    const m = transportMetrics({ registry, transport: 'stdio', name: 'mcp' });
    const text = m.timeSerialize(() => JSON.stringify({ id: 1 }));
    assert.equal(text, '{"id":1}');
    assert.deepEqual(
      m.timeDeserialize(() => JSON.parse(text)),
      { id: 1 },
    );
    const bad = new SyntaxError('Unexpected token');
    assert.throws(
      () =>
        m.timeDeserialize(() => {
          throw bad;
        }),
      (error) => error === bad,
    );
    assert.equal(await m.timeSerialize(async () => 'later'), 'later');
    const serialize = await histogramOf(registry, 'transport_serialization_duration_seconds', {
      operation: 'serialize',
    });
    const deserialize = await histogramOf(registry, 'transport_serialization_duration_seconds', {
      operation: 'deserialize',
    });
    assert.equal(serialize.count, 2);
    assert.equal(deserialize.count, 2);
    assert.ok(serialize.sum >= 0 && serialize.sum < 1);
  });

  it('counts errors by code, class or given type', async () => {
    const registry = new Registry();
    const m = transportMetrics({ registry, transport: 'websocket', name: 'chat' });
    m.error(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    m.error(new TypeError('bad frame'));
    m.error('heartbeat_timeout');
    const types = (await seriesOf(registry, 'transport_errors_total')).map((s) => s.error_type).sort();
    assert.deepEqual(types, ['ECONNRESET', 'TypeError', 'heartbeat_timeout']);
  });

  it('applies prefix and constant labels, shares families, and validates options', async () => {
    const registry = new Registry();
    const a = transportMetrics({
      registry,
      transport: 'stdio',
      name: 'x',
      prefix: 'app_',
      labels: { region: 'eu' },
    });
    const b = transportMetrics({
      registry,
      transport: 'stdio',
      name: 'y',
      prefix: 'app_',
      labels: { region: 'eu' },
    });
    assert.equal(a.families.messages, b.families.messages);
    a.sent(1);
    assert.deepEqual(await seriesOf(registry, 'app_transport_messages_total'), [
      // Series appear with their first message: y and the received direction have none yet.
      { transport: 'stdio', name: 'x', direction: 'sent', region: 'eu' },
    ]);
    assert.throws(() => transportMetrics({ registry, transport: '', name: 'x' }), InvalidConfigError);
    // biome-ignore lint/suspicious/noExplicitAny: checking the runtime validation of untyped callers
    assert.throws(() => transportMetrics({ registry, transport: 'ws', name: 42 as any }), InvalidConfigError);
    assert.throws(
      () => transportMetrics({ registry, transport: 'ws', name: 'x', labels: { direction: 'in' } }),
      InvalidConfigError,
    );
  });
});

describe('transportMetrics with invalid sizes', () => {
  it('drops them without counting a message', async () => {
    const registry = new Registry();
    const m = transportMetrics({ registry, transport: 'stdio', name: 'bad' });
    m.sent(Number.NaN);
    m.received(-5);
    m.message('sent', Number.POSITIVE_INFINITY);
    assert.equal(await sumOf(registry, 'transport_messages_total'), 0);
    assert.equal((await histogramOf(registry, 'transport_message_size_bytes')).count, 0);
    assert.equal(await sumOf(registry, 'telemeter_dropped_samples_total'), 3);
  });
});
