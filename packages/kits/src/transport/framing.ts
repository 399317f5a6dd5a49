/**
 * Framers find message boundaries in a byte stream fed chunk by chunk (chunks split frames
 * anywhere). Each calls `onFrame(size)` with the frame's size on the wire, delimiter included;
 * bytes are counted separately by the caller, as they flow.
 */

export type Framing = 'ndjson' | 'content-length' | 'sse' | 'chunk';

/** Receives what one direction of a stream carries. Strings are UTF-8 text (callers convert others). */
export interface Framer {
  feed(chunk: Uint8Array | string): void;
}

const LF = 10;
const CR = 13;

/**
 * Newline-delimited frames (NDJSON, JSON Lines, MCP's stdio transport). Blank lines (`\n`, `\r\n`)
 * are not messages: JSON-RPC peers skip them.
 */
export class NdjsonFramer implements Framer {
  private pending = 0;
  /** Bytes of the current line that are not CR: a line of only CRs is blank. */
  private content = 0;
  constructor(private readonly onFrame: (size: number) => void) {}

  feed(chunk: Uint8Array | string): void {
    if (typeof chunk === 'string') this.feedText(chunk);
    else this.feedBytes(chunk);
  }

  private feedBytes(chunk: Uint8Array): void {
    let start = 0;
    const n = chunk.length;
    while (start < n) {
      const nl = chunk.indexOf(LF, start);
      const end = nl === -1 ? n : nl;
      const length = end - start;
      this.pending += length;
      // Content unless every byte is a CR (checking the last one is enough for CRLF lines).
      if (length > 0 && (length > 1 || chunk[start] !== CR)) this.content += length;
      if (nl === -1) return;
      this.frame(1);
      start = nl + 1;
    }
  }

  private feedText(chunk: string): void {
    let start = 0;
    const n = chunk.length;
    while (start < n) {
      const nl = chunk.indexOf('\n', start);
      const end = nl === -1 ? n : nl;
      if (end > start) {
        const bytes = Buffer.byteLength(end === n && start === 0 ? chunk : chunk.slice(start, end), 'utf8');
        this.pending += bytes;
        if (end - start > 1 || chunk.charCodeAt(start) !== CR) this.content += bytes;
      }
      if (nl === -1) return;
      this.frame(1);
      start = nl + 1;
    }
  }

  private frame(delimiter: number): void {
    const size = this.pending + delimiter;
    const content = this.content;
    this.pending = 0;
    this.content = 0;
    if (content > 0) this.onFrame(size);
  }
}

const HEADER_END = Buffer.from('\r\n\r\n');
/** Longest header block accepted before the framer gives up on the stream (LSP headers are ~30 B). */
const MAX_HEADER_BYTES = 8192;

/**
 * `Content-Length: N\r\n\r\n<N bytes>` frames (Language Server Protocol, DAP, JSON-RPC over stdio
 * in LSP style). A stream that stops looking like this (no Content-Length, a header over 8 KiB) is
 * no longer framed: bytes are still counted, messages are not.
 */
export class ContentLengthFramer implements Framer {
  private header: Buffer[] = [];
  private headerBytes = 0;
  /** Body bytes still expected; -1 while reading a header. */
  private remaining = -1;
  private frameSize = 0;
  private broken = false;
  constructor(private readonly onFrame: (size: number) => void) {}

  feed(chunk: Uint8Array | string): void {
    if (this.broken) return;
    let bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk, 'utf8')
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    while (bytes.length > 0 && !this.broken) {
      if (this.remaining >= 0) {
        const take = Math.min(this.remaining, bytes.length);
        this.remaining -= take;
        bytes = bytes.subarray(take);
        if (this.remaining === 0) {
          this.remaining = -1;
          this.onFrame(this.frameSize);
        }
        continue;
      }
      this.header.push(bytes);
      this.headerBytes += bytes.length;
      const joined = this.header.length === 1 ? bytes : Buffer.concat(this.header);
      const end = joined.indexOf(HEADER_END);
      if (end === -1) {
        if (this.headerBytes > MAX_HEADER_BYTES) this.broken = true;
        else if (this.header.length > 1) this.header = [joined];
        return;
      }
      const match = /(?:^|\r\n)content-length:[ \t]*(\d+)/i.exec(joined.toString('latin1', 0, end));
      if (match === null) {
        this.broken = true;
        return;
      }
      const headerSize = end + HEADER_END.length;
      this.remaining = Number(match[1]);
      this.frameSize = headerSize + this.remaining;
      this.header = [];
      this.headerBytes = 0;
      bytes = joined.subarray(headerSize);
      if (this.remaining === 0) {
        this.remaining = -1;
        this.onFrame(this.frameSize);
      }
    }
  }
}

/**
 * Server-Sent Events: an event is a block of lines ended by a blank line (LF, CRLF or CR line
 * ends, per the HTML standard's event-stream grammar). Only blocks with a `data` field are messages
 * (what an EventSource dispatches); comment keep-alives (`: ping`) and `retry:`-only blocks are not.
 */
export class SseFramer implements Framer {
  private block = 0;
  private lineLength = 0;
  /** How many characters of `data` the current line matched; 5 once `data` is followed by ':'. */
  private matched = 0;
  private hasData = false;
  private afterCR = false;
  private afterBlankCR = false;
  constructor(private readonly onFrame: (size: number) => void) {}

  feed(chunk: Uint8Array | string): void {
    const text = typeof chunk === 'string';
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = text ? (chunk as string).charCodeAt(i) : (chunk as Uint8Array)[i]!;
      if (this.afterCR) {
        this.afterCR = false;
        if (c === LF) {
          // The LF of a CRLF: part of the line the CR ended. After a blank line the event was
          // already counted (waiting for a byte that may never come would delay it), so the
          // size of a CRLF-terminated event leaves out its very last byte.
          if (!this.afterBlankCR) this.block++;
          continue;
        }
      }
      // UTF-8 size of a UTF-16 code unit: surrogate halves are 2 + 2 = 4 bytes per pair.
      this.block += !text || c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
      if (c === LF || c === CR) {
        this.afterCR = c === CR;
        this.afterBlankCR = this.lineLength === 0;
        this.endLine();
        continue;
      }
      const at = this.lineLength++;
      if (at < 4) this.matched = this.matched === at && c === DATA[at] ? at + 1 : -1;
      else if (at === 4 && this.matched === 4) this.matched = c === 58 /* ':' */ ? 5 : -1;
    }
  }

  private endLine(): void {
    if (this.lineLength === 0) {
      if (this.hasData) this.onFrame(this.block);
      this.block = 0;
      this.hasData = false;
    } else if (this.matched === 5 || (this.matched === 4 && this.lineLength === 4)) {
      this.hasData = true;
    }
    this.lineLength = 0;
    this.matched = 0;
  }
}

const DATA = [100, 97, 116, 97]; // 'data'

/** Every chunk is one message (object-mode streams, or streams whose writes are already whole messages). */
export class ChunkFramer implements Framer {
  constructor(
    private readonly onFrame: (size: number) => void,
    private readonly size: (chunk: unknown) => number,
  ) {}
  feed(chunk: Uint8Array | string): void {
    this.onFrame(this.size(chunk));
  }
}

/** The framer for `framing`. */
export function createFramer(
  framing: Framing,
  onFrame: (size: number) => void,
  size: (chunk: unknown) => number,
): Framer {
  switch (framing) {
    case 'ndjson':
      return new NdjsonFramer(onFrame);
    case 'content-length':
      return new ContentLengthFramer(onFrame);
    case 'sse':
      return new SseFramer(onFrame);
    case 'chunk':
      return new ChunkFramer(onFrame, size);
  }
}

export const FRAMINGS: readonly Framing[] = ['ndjson', 'content-length', 'sse', 'chunk'];
