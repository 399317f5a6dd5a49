import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { defaultConfig, type RunningServer, type ServerMessage, startServer } from '@telemeter/server';
import { WebSocket } from 'ws';
import {
  backoffDelay,
  type ConnectionStatus,
  decodeWireValue,
  LiveClient,
  type LiveSeriesData,
  type LiveSubscriptionState,
  mergeFrame,
  streamUrl,
  type WebSocketLike,
} from './live-client.js';

type FrameMessage = Extract<ServerMessage, { type: 'initial_data' | 'metrics_update' }>;
const labelsA = { __name__: 'node_load1', instance: 'a:9100', job: 'node' };
const labelsB = { __name__: 'node_load1', instance: 'b:9100', job: 'node' };

// The example session of docs/format/live-stream.md.
const initial: FrameMessage = {
  type: 'initial_data',
  id: 'load',
  query: 'node_load1{job="node"}',
  rangeMs: 60_000,
  stepMs: 15_000,
  frame: {
    seriesStart: 0,
    series: [{ labels: labelsA }],
    timestamps: [1699999950000, 1699999965000, 1699999980000, 1699999995000, 1700000010000],
    index: [0],
    values: [[0.42, 0.47, 0.51, 0.5, 0.61]],
  },
};
const update1: FrameMessage = {
  type: 'metrics_update',
  id: 'load',
  frame: {
    seriesStart: 1,
    series: [{ labels: labelsB }],
    timestamps: [1700000025000, 1700000040000],
    index: [0, 1],
    values: [
      [0.66, 0.7],
      [null, 1.5],
    ],
  },
};
const update2: FrameMessage = {
  type: 'metrics_update',
  id: 'load',
  frame: { seriesStart: 2, series: [], timestamps: [1700000055000], index: [0, 1], values: [[0.72], [1.25]] },
};

function merged(...messages: FrameMessage[]): LiveSeriesData | undefined {
  return messages.reduce<LiveSeriesData | undefined>((view, m) => mergeFrame(view, m), undefined);
}

describe('mergeFrame', () => {
  test('initial_data becomes columns', () => {
    const view = merged(initial);
    assert.deepEqual(view?.timestamps, initial.frame.timestamps);
    assert.deepEqual(view?.labels, [labelsA]);
    assert.deepEqual(view?.columns, [[0.42, 0.47, 0.51, 0.5, 0.61]]);
  });

  test('updates append, new series get nulls before them, and the window keeps range/step + 1 points', () => {
    const view = merged(initial, update1, update2);
    // 60 s / 15 s + 1 = 5 points: the three oldest fell out of the window.
    assert.deepEqual(
      view?.timestamps,
      [1699999995000, 1700000010000, 1700000025000, 1700000040000, 1700000055000],
    );
    assert.deepEqual(view?.labels, [labelsA, labelsB]);
    assert.deepEqual(view?.columns, [
      [0.5, 0.61, 0.66, 0.7, 0.72],
      [null, null, null, 1.5, 1.25],
    ]);
  });

  test('a series without a row in a frame has no points there', () => {
    const update: FrameMessage = {
      type: 'metrics_update',
      id: 'load',
      frame: { seriesStart: 2, series: [], timestamps: [1700000055000], index: [1], values: [[2]] },
    };
    assert.deepEqual(merged(initial, update1, update)?.columns[0]?.slice(-1), [null]);
  });

  test('the previous state is left alone', () => {
    const view = merged(initial) as LiveSeriesData;
    const copy = structuredClone(view);
    mergeFrame(view, update1);
    assert.deepEqual(view, copy);
  });

  test('a fresh initial_data starts over', () => {
    assert.deepEqual(merged(initial, update1, initial), merged(initial));
  });

  test('a lost message asks for a new subscription', () => {
    assert.equal(merged(initial, update2), undefined, 'seriesStart 2 when 1 series is known');
    const repeated: FrameMessage = { ...update2, frame: { ...update2.frame, timestamps: [1700000040000] } };
    assert.equal(merged(initial, update1, repeated), undefined, 'timestamps that do not continue');
    assert.equal(mergeFrame(undefined, update1), undefined, 'an update before initial_data');
  });

  test('special values are decoded', () => {
    assert.equal(decodeWireValue('+Inf'), Number.POSITIVE_INFINITY);
    assert.equal(decodeWireValue('-Inf'), Number.NEGATIVE_INFINITY);
    assert.ok(Number.isNaN(decodeWireValue('NaN')));
    assert.equal(decodeWireValue(null), null);
    assert.equal(decodeWireValue(0.5), 0.5);
  });
});

test('backoffDelay doubles up to the cap, with half of it random', () => {
  assert.equal(
    backoffDelay(0, () => 0),
    250,
  );
  assert.equal(
    backoffDelay(0, () => 1),
    500,
  );
  assert.equal(
    backoffDelay(3, () => 1),
    4_000,
  );
  assert.equal(
    backoffDelay(20, () => 0),
    15_000,
  );
  assert.equal(
    backoffDelay(1000, () => 1),
    30_000,
  );
});

test('streamUrl is the page origin and path prefix, ws or wss', () => {
  assert.equal(streamUrl('http://127.0.0.1:9464/#/overview'), 'ws://127.0.0.1:9464/api/v1/stream');
  assert.equal(
    streamUrl('https://example.com/telemeter/?x=1#/d/a'),
    'wss://example.com/telemeter/api/v1/stream',
  );
});

describe('LiveClient against a real server', () => {
  async function serve(dataDir: string, port = 0): Promise<RunningServer> {
    const base = defaultConfig();
    const config = {
      ...base,
      listen: { host: '127.0.0.1', port },
      storage: { ...base.storage, path: dataDir },
      selfMonitoring: { ...base.selfMonitoring, enabled: false, system: false },
    };
    return startServer({ config, logger: { info() {}, warn() {}, error() {} } });
  }

  /** Resolves with the first value `next` produces that `accept` takes. */
  function until<T>(
    listen: (on: (value: T) => void) => () => void,
    accept: (value: T) => boolean,
  ): Promise<T> {
    return new Promise((resolve) => {
      const stop = listen((value) => {
        if (!accept(value)) return;
        stop();
        resolve(value);
      });
    });
  }

  test('subscribes, gets the window, reconnects after a restart and subscribes again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'telemeter-dashboard-'));
    let server = await serve(dataDir);
    const port = Number(new URL(server.url).port);
    const client = new LiveClient({
      url: streamUrl(`${server.url}/`),
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      initialBackoffMs: 20,
      maxBackoffMs: 100,
    });
    const states: LiveSubscriptionState[] = [];
    const stateListeners = new Set<(s: LiveSubscriptionState) => void>();
    const onState = (on: (s: LiveSubscriptionState) => void) => {
      stateListeners.add(on);
      return () => stateListeners.delete(on);
    };
    try {
      const unsubscribe = client.subscribe({ query: 'vector(7)', rangeMs: 60_000, stepMs: 1_000 }, (s) => {
        states.push(s);
        for (const on of stateListeners) on(s);
      });
      const ready = until(onState, (s) => s.status === 'ready');
      client.start();
      const first = await ready;
      assert.equal(first.status, 'ready');
      if (first.status !== 'ready') return;
      assert.equal(first.data.timestamps.length, 61);
      assert.deepEqual(first.data.labels, [{}]);
      assert.ok(first.data.columns[0]?.every((v) => v === 7));
      assert.equal(client.status.state, 'live');

      const down = until<ConnectionStatus>(
        (on) => client.onStatus(on),
        (s) => s.state === 'reconnecting',
      );
      await server.close();
      const reconnecting = await down;
      assert.equal(reconnecting.state, 'reconnecting');

      const readyAgain = until(onState, (s) => s.status === 'ready');
      server = await serve(dataDir, port);
      await readyAgain;
      assert.equal(client.status.state, 'live');

      const bad = until(onState, (s) => s.status === 'error');
      unsubscribe();
      client.subscribe({ query: 'sum(', rangeMs: 60_000 }, (s) => {
        for (const on of stateListeners) on(s);
      });
      const error = await bad;
      assert.equal(error.status === 'error' && error.errorType, 'bad_data');
    } finally {
      client.stop();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
