/**
 * The worker side of both transports (cluster IPC, worker_threads BroadcastChannel): answer the
 * aggregator's collections, say hello, and send a last snapshot on close and at exit.
 */
import { InvalidConfigError } from '../errors.js';
import type { MetricsSource } from '../http/options.js';
import type { MetricFamily } from '../types.js';
import {
  COLLECT,
  FAILED,
  FINAL,
  HELLO,
  isProtocolMessage,
  PING,
  PROTOCOL_VERSION,
  type ProtocolMessage,
  SNAPSHOT,
} from './protocol.js';
import { snapshotSync } from './snapshot.js';

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What `exposeClusterMetrics()` / `exposeWorkerMetrics()` return. */
export interface MetricsExposure {
  close(): Promise<void>;
}

/** How one transport carries messages to the aggregator. */
export interface ExposureTransport {
  /** Sends `message`; never throws. A promise, when there is one, settles once it is handed over. */
  post(message: ProtocolMessage): Promise<void> | undefined;
  /** Families as this transport carries them (may throw: the snapshot then fails). */
  encode(families: readonly MetricFamily[]): unknown;
  /** Starts passing the aggregator's messages to `receive`. */
  listen(receive: (message: unknown) => void): void;
  /** Stops listening and releases the channel. */
  stop(): void;
}

/** The registry a process or thread exposes; there is one per process or thread. */
export interface ExposedSlot {
  current: { source: MetricsSource; exposure: MetricsExposure } | undefined;
}

/**
 * The checks both expose functions make: `registry` must have collect(), and a second call returns
 * the first exposure for the same registry or throws for another (`scope`: "process", "thread").
 * @throws InvalidConfigError
 */
export function existingExposure(
  slot: ExposedSlot,
  registry: MetricsSource,
  caller: string,
  scope: string,
): MetricsExposure | undefined {
  if (typeof registry?.collect !== 'function') {
    throw new InvalidConfigError('registry', `${caller} expects a Registry (or an object with collect())`);
  }
  if (slot.current === undefined) return undefined;
  if (slot.current.source === registry) return slot.current.exposure;
  throw new InvalidConfigError(
    'registry',
    `this worker already exposes another registry; expose one registry per ${scope} (combine them with Registry.merge([a, b]))`,
  );
}

/** Answers the aggregator over `transport` with `registry`'s metrics until close(). */
export function startExposure(
  slot: ExposedSlot,
  registry: MetricsSource,
  transport: ExposureTransport,
): MetricsExposure {
  let open = true;
  const send = (message: ProtocolMessage): Promise<void> | undefined =>
    open ? transport.post(message) : undefined;
  const answer = async (id: string): Promise<void> => {
    let families: unknown;
    try {
      families = transport.encode(await registry.collect());
    } catch (error) {
      await send({ type: FAILED, v: PROTOCOL_VERSION, id, message: errorText(error) });
      return;
    }
    await send({ type: SNAPSHOT, v: PROTOCOL_VERSION, id, families });
  };
  transport.listen((message) => {
    if (!isProtocolMessage(message)) return;
    if (message.type === COLLECT && typeof message.id === 'string') void answer(message.id);
    else if (message.type === PING) void send({ type: HELLO, v: PROTOCOL_VERSION });
  });
  // At exit only synchronous code runs: the registry is read without collect callbacks, and a small
  // message usually goes out at once (best effort).
  const onExit = (): void => {
    try {
      const families = snapshotSync(registry);
      if (families !== undefined) {
        void send({ type: FINAL, v: PROTOCOL_VERSION, families: transport.encode(families) });
      }
    } catch {
      // The aggregator falls back to the last snapshot it has.
    }
  };
  process.once('exit', onExit);
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    process.off('exit', onExit);
    let families: readonly MetricFamily[] | undefined;
    try {
      families = await registry.collect();
    } catch {
      families = snapshotSync(registry);
    }
    if (families !== undefined) {
      const sent = send({ type: FINAL, v: PROTOCOL_VERSION, families: transport.encode(families) });
      if (sent !== undefined) await sent;
    }
    open = false;
    transport.stop();
    slot.current = undefined;
  };
  const exposure: MetricsExposure = {
    close(): Promise<void> {
      closing ??= close();
      return closing;
    },
  };
  slot.current = { source: registry, exposure };
  void send({ type: HELLO, v: PROTOCOL_VERSION });
  return exposure;
}
