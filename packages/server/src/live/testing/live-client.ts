// A real `ws` client for tests that keeps every message it receives, in order, and lets a test
// take them one at a time.
import type { OutgoingHttpHeaders } from 'node:http';
import { WebSocket } from 'ws';

export type Message = { readonly type: string; readonly [field: string]: unknown };

export class LiveClient {
  readonly received: Message[] = [];
  private taken = 0;
  private waiter: (() => void) | undefined;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.received.push(JSON.parse(data.toString()) as Message);
      this.waiter?.();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.waiter?.();
      });
    });
  }

  static connect(url: string, headers: OutgoingHttpHeaders = {}): Promise<LiveClient> {
    const ws = new WebSocket(url, { headers });
    const client = new LiveClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused with HTTP ${res.statusCode}`)),
      );
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message not taken yet; fails after `timeoutMs` naming what was expected. */
  async next(what = 'a message', timeoutMs = 5000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    while (this.taken >= this.received.length) {
      if (this.ws.readyState === WebSocket.CLOSED)
        throw new Error(`connection closed while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.received[this.taken++] as Message;
  }

  /** The next message, which must have this type. */
  async expect(type: string, timeoutMs = 5000): Promise<Message> {
    const m = await this.next(`a ${type} message`, timeoutMs);
    if (m.type !== type)
      throw new Error(`expected a ${type} message, got ${JSON.stringify(m).slice(0, 300)}`);
    return m;
  }

  /** Messages received but not taken yet. */
  pending(): Message[] {
    return this.received.slice(this.taken);
  }

  async close(): Promise<void> {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.close();
    await this.closed;
  }
}

/** Attempts an upgrade that should be refused; resolves to the HTTP status and JSON body. */
export function refusedUpgrade(
  url: string,
  headers: OutgoingHttpHeaders = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.once('error', (err) => reject(err));
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => {
        ws.terminate();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
      });
    });
  });
}
