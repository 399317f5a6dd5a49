import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContentLengthFramer, type Framer, NdjsonFramer, SseFramer } from './framing.js';

type FramerClass = new (onFrame: (size: number) => void) => Framer;

/** Frame sizes found when `input` is fed whole, as Buffers split at every position, and as text one char at a time. */
function frames(Framer: FramerClass, input: string): number[] {
  const run = (feed: (framer: Framer) => void) => {
    const sizes: number[] = [];
    feed(new Framer((size) => sizes.push(size)));
    return sizes;
  };
  const whole = run((f) => f.feed(input));
  const bytes = Buffer.from(input);
  assert.deepEqual(
    run((f) => f.feed(bytes)),
    whole,
    'bytes and text agree',
  );
  for (let cut = 1; cut < bytes.length; cut++) {
    assert.deepEqual(
      run((f) => {
        f.feed(bytes.subarray(0, cut));
        f.feed(bytes.subarray(cut));
      }),
      whole,
      `split at byte ${cut}`,
    );
  }
  assert.deepEqual(
    run((f) => {
      for (const char of input) f.feed(char);
    }),
    whole,
    'one character at a time',
  );
  return whole;
}

describe('NdjsonFramer', () => {
  it('finds newline-delimited frames, skipping blank lines', () => {
    const a = '{"jsonrpc":"2.0","id":1,"method":"ping"}\n';
    const b = '{"text":"héllo ☃ 😀"}\r\n';
    assert.deepEqual(frames(NdjsonFramer, `${a}\n\r\n${b}{"partial":`), [
      Buffer.byteLength(a),
      Buffer.byteLength(b),
    ]);
  });
});

describe('ContentLengthFramer', () => {
  it('finds LSP-style frames', () => {
    const body1 = '{"jsonrpc":"2.0","id":1,"method":"initialize"}';
    const body2 = '{"result":"ünïcode"}';
    const frame = (body: string, extra = '') =>
      `Content-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
    const one = frame(body1);
    const two = frame(body2, 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n');
    assert.deepEqual(frames(ContentLengthFramer, `${one + two}Content-Length: 10\r\n\r\n{"a"`), [
      Buffer.byteLength(one),
      Buffer.byteLength(two),
    ]);
  });

  it('stops framing a stream without Content-Length', () => {
    const sizes: number[] = [];
    const framer = new ContentLengthFramer((size) => sizes.push(size));
    framer.feed('X-Other: 1\r\n\r\n{}');
    framer.feed('Content-Length: 2\r\n\r\n{}');
    assert.deepEqual(sizes, []);
  });
});

describe('SseFramer', () => {
  it('counts blocks with data as events, with LF, CRLF and CR line ends', () => {
    const e1 = 'event: update\nid: 1\ndata: {"a":1}\ndata: {"b":2}\n\n';
    const keepAlive = ': ping\n\n';
    const e2 = 'data\n\n'; // a data field with no value still dispatches an (empty) event
    const retryOnly = 'retry: 1000\n\n';
    const e3 = 'data: ☃ crlf\r\n\r\n';
    const e4 = 'data:cr\r\r';
    const notData = 'database: x\n\n';
    const sizes = frames(
      SseFramer,
      `${e1 + keepAlive + e2 + retryOnly + e3 + e4 + notData}data: unterminated\n`,
    );
    assert.deepEqual(sizes, [
      Buffer.byteLength(e1),
      Buffer.byteLength(e2),
      // A CRLF event is counted when its blank line's CR arrives: its last LF is not in the size.
      Buffer.byteLength(e3) - 1,
      Buffer.byteLength(e4),
    ]);
  });
});
