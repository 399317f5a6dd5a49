// One client connection: its messages, its subscriptions, and the frames it is sent.
import { type Engine, type Matrix, PromQLError, PromQLParseError } from '@telemeter/promql';
import type { DB } from '@telemeter/storage';
import { type RawData, WebSocket } from 'ws';
import type { ServerLogger } from '../http/types.js';
import { parseClientMessage } from './client-message.js';
import type { ErrorType, ServerMessage, SubscribeMessage } from './protocol.js';
import type { GridWindow } from './series-table.js';
import type { SharedEvaluations } from './shared-evaluations.js';
import { type Subscription, subscriptionFor } from './subscription.js';

/** What a connection needs from the stream it belongs to. */
export interface ConnectionContext {
  readonly db: DB;
  readonly engine: Engine;
  readonly intervalMs: number;
  readonly maxSubscriptions: number;
  readonly maxBufferedBytes: number;
  readonly logger: ServerLogger;
  readonly now: () => number;
  /** Shares initial evaluations that are running at the same time. */
  readonly initialEvaluations: SharedEvaluations;
  /** Lets close() wait for work still running. */
  track(work: Promise<unknown>): void;
}

export class LiveConnection {
  readonly subscriptions = new Map<string, Subscription>();
  /** Answered (or sent anything) since the last keepalive ping. */
  alive = true;
  /** Ticks skipped in a row because the client was not reading fast enough. */
  private skippedTicks = 0;
  /**
   * Subscriptions whose initial evaluation is running. One removed meanwhile keeps its slot until the
   * evaluation ends, so subscribing and unsubscribing in a loop cannot start unbounded work.
   */
  private readonly starting = new Set<Subscription>();

  constructor(
    readonly socket: WebSocket,
    readonly remoteAddress: string,
    private readonly ctx: ConnectionContext,
  ) {
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('close', () => {
      for (const sub of this.subscriptions.values()) sub.removed = true;
      this.subscriptions.clear();
    });
  }

  /** Sends a message, or an already serialized one (events are serialized once for everyone). */
  send(message: ServerMessage | string): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /**
   * Queues this connection's updates for one tick into `work`, unless the client has not read what
   * it was sent: then nothing is evaluated for it, so a slow reader costs neither memory nor CPU,
   * and its next update covers everything it missed.
   */
  tick(nowMs: number, evaluations: SharedEvaluations, work: Promise<void>[]): void {
    if (this.subscriptions.size === 0) return;
    const bufferedBytes = this.socket.bufferedAmount;
    const limitBytes = this.ctx.maxBufferedBytes;
    if (bufferedBytes > limitBytes) {
      if (this.skippedTicks === 0)
        this.send({ type: 'backpressure', state: 'skipping', bufferedBytes, limitBytes });
      this.skippedTicks++;
      return;
    }
    if (this.skippedTicks > 0) {
      this.send({
        type: 'backpressure',
        state: 'resumed',
        bufferedBytes,
        limitBytes,
        skippedTicks: this.skippedTicks,
      });
      this.skippedTicks = 0;
    }
    for (const sub of this.subscriptions.values()) {
      if (sub.active) work.push(this.advance(sub, nowMs, evaluations));
    }
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    this.alive = true;
    if (isBinary) {
      this.send({
        type: 'error',
        errorType: 'bad_request',
        error: 'binary frames are not accepted; send JSON text frames',
      });
      return;
    }
    const parsed = parseClientMessage(rawText(data));
    if (!parsed.ok) {
      this.send({
        type: 'error',
        ...(parsed.id !== undefined ? { id: parsed.id } : {}),
        errorType: 'bad_request',
        error: parsed.error,
      });
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'ping':
        this.send({ type: 'pong', serverTime: this.ctx.now() });
        return;
      case 'unsubscribe':
        this.unsubscribe(message.id);
        return;
      case 'subscribe':
        this.subscribe(message);
        return;
    }
  }

  private unsubscribe(id: string): void {
    const sub = this.subscriptions.get(id);
    if (sub !== undefined) {
      sub.removed = true;
      this.subscriptions.delete(id);
    }
    // Acknowledged whether or not it existed: after this, nothing more arrives for the id.
    this.send({ type: 'unsubscribed', id });
  }

  private subscribe(message: SubscribeMessage): void {
    const { id } = message;
    const refuse = (errorType: ErrorType, error: string): void =>
      this.send({ type: 'error', id, errorType, error });
    if (this.subscriptions.has(id)) {
      refuse(
        'duplicate_id',
        `subscription ${JSON.stringify(id)} is already active; unsubscribe it first or use another id`,
      );
      return;
    }
    let occupied = this.starting.size;
    for (const s of this.subscriptions.values()) if (s.lastMs !== undefined) occupied++;
    if (occupied >= this.ctx.maxSubscriptions) {
      refuse(
        'limit',
        `too many subscriptions on this connection (max ${this.ctx.maxSubscriptions}); unsubscribe one first`,
      );
      return;
    }
    const sub = subscriptionFor(message, this.ctx.intervalMs);
    if ('error' in sub) {
      refuse('bad_data', sub.error);
      return;
    }
    this.subscriptions.set(id, sub);
    this.starting.add(sub);
    this.ctx.track(this.start(sub));
  }

  /** Evaluates the subscription's first window and sends it as `initial_data`, or refuses it. */
  private async start(sub: Subscription): Promise<void> {
    const window = sub.fullWindow(this.ctx.now());
    try {
      const matrix = await this.ctx.initialEvaluations.evaluate(sub.query, window);
      if (!sub.removed) this.sendInitial(sub, window, matrix);
    } catch (err) {
      if (sub.removed) return;
      sub.removed = true;
      this.subscriptions.delete(sub.id);
      this.send({ type: 'error', id: sub.id, ...this.describe(err, sub) });
    } finally {
      this.starting.delete(sub);
    }
  }

  private sendInitial(sub: Subscription, window: GridWindow, matrix: Matrix): void {
    const frame = sub.resetTable().frame(matrix, window);
    sub.markReset();
    sub.sent(window);
    this.send({
      type: 'initial_data',
      id: sub.id,
      query: sub.text,
      rangeMs: sub.rangeMs,
      stepMs: sub.stepMs,
      frame,
    });
  }

  /** One tick of an active subscription: the points since its last frame, or a fresh window. */
  private async advance(sub: Subscription, nowMs: number, evaluations: SharedEvaluations): Promise<void> {
    const next = sub.next(nowMs);
    if (next === undefined) return;
    try {
      const matrix = await evaluations.evaluate(sub.query, next.window);
      if (sub.removed) return;
      sub.lastUpdateError = undefined;
      if (next.kind === 'reset') {
        this.sendInitial(sub, next.window, matrix);
        return;
      }
      const frame = sub.table.frame(matrix, next.window);
      sub.sent(next.window);
      this.send({ type: 'metrics_update', id: sub.id, frame });
    } catch (err) {
      if (sub.removed) return;
      // The window is not advanced, so the next tick retries it and no points are lost.
      const text = err instanceof Error ? err.message : String(err);
      if (text === sub.lastUpdateError) return;
      sub.lastUpdateError = text;
      this.send({ type: 'update_error', id: sub.id, ...this.describe(err, sub) });
    }
  }

  /** An evaluation failure as the protocol's error type; unexpected ones are also logged. */
  private describe(err: unknown, sub: Subscription): { errorType: ErrorType; error: string } {
    if (err instanceof PromQLParseError) return { errorType: 'bad_data', error: err.message };
    if (err instanceof PromQLError) {
      switch (err.code) {
        case 'TM_PROMQL_BAD_QUERY':
        case 'TM_PROMQL_UNSUPPORTED':
          return { errorType: 'bad_data', error: err.message };
        case 'TM_PROMQL_EXECUTION':
        case 'TM_PROMQL_TOO_MANY_SAMPLES':
          return { errorType: 'execution', error: err.message };
        case 'TM_PROMQL_TIMEOUT':
          return { errorType: 'timeout', error: err.message };
        case 'TM_PROMQL_CANCELLED':
          return { errorType: 'canceled', error: err.message };
        case 'TM_PROMQL_STORAGE':
          break;
      }
    }
    const message = err instanceof Error ? err.message : String(err);
    this.ctx.logger.error(
      `live stream: evaluating ${JSON.stringify(sub.query)} for ${this.remoteAddress} failed: ${message}`,
    );
    return { errorType: 'internal', error: message };
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
