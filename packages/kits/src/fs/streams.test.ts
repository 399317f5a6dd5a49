import assert from 'node:assert/strict';
import { createReadStream, createWriteStream } from 'node:fs';
import fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import { Registry } from '@telemeter/core';
import { histogramOf, seriesValue } from '../shared/testing/metric-values.js';
import { instrumentReadStream, instrumentWriteStream } from './streams.js';

let dir: string;
before(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'telemeter-fs-streams-'));
});
after(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

describe('instrumentReadStream / instrumentWriteStream', () => {
  test('a piped copy counts exact bytes, one file each way, and one duration per stream', async () => {
    const registry = new Registry();
    const source = join(dir, 'source.bin');
    const target = join(dir, 'target.bin');
    await fsp.writeFile(source, Buffer.alloc(300_000, 1));
    const input = instrumentReadStream(createReadStream(source, { highWaterMark: 64 * 1024 }), { registry });
    const output = instrumentWriteStream(createWriteStream(target), { registry });
    await pipeline(input, output);
    assert.equal((await fsp.stat(target)).size, 300_000);
    assert.equal(await seriesValue(registry, 'fs_read_bytes_total'), 300_000);
    assert.equal(await seriesValue(registry, 'fs_written_bytes_total'), 300_000);
    assert.equal(await seriesValue(registry, 'fs_files_read_total'), 1);
    assert.equal(await seriesValue(registry, 'fs_files_written_total'), 1);
    for (const operation of ['createReadStream', 'createWriteStream']) {
      assert.equal(
        await seriesValue(registry, 'fs_operations_total', { operation, result: 'success' }),
        1,
        operation,
      );
      assert.equal((await histogramOf(registry, 'fs_operation_duration_seconds', { operation })).count, 1);
    }
  });

  test('ENOENT is counted and reaches the user error handler unchanged; no error listener is added', async () => {
    const registry = new Registry();
    const stream = instrumentReadStream(createReadStream(join(dir, 'nope')), { registry });
    assert.equal(stream.listenerCount('error'), 0, 'an unhandled error would still throw');
    const error = await new Promise<unknown>((resolve) => stream.on('error', resolve));
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOENT');
    assert.equal(
      await seriesValue(registry, 'fs_errors_total', { operation: 'createReadStream', code: 'ENOENT' }),
      1,
    );
    assert.equal(await seriesValue(registry, 'fs_files_read_total'), 0);
  });

  test('instrumenting does not start the flow: a paused stream stays paused', async () => {
    const registry = new Registry();
    const file = join(dir, 'paused.txt');
    await fsp.writeFile(file, 'abc');
    const stream = instrumentReadStream(createReadStream(file), { registry });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(stream.readableFlowing, null);
    assert.equal(stream.readableEnded, false);
    let text = '';
    for await (const chunk of stream) text += chunk;
    assert.equal(text, 'abc');
    assert.equal(await seriesValue(registry, 'fs_read_bytes_total'), 3);
  });

  test('a stream destroyed early is a success without a completed file', async () => {
    const registry = new Registry();
    const file = join(dir, 'big.bin');
    await fsp.writeFile(file, Buffer.alloc(1_000_000));
    const stream = instrumentReadStream(createReadStream(file, { highWaterMark: 1024 }), { registry });
    const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
    for await (const _ of stream) break; // destroys the stream after the first chunk
    await closed;
    const bytes = (await seriesValue(registry, 'fs_read_bytes_total'))!;
    assert.ok(bytes >= 1024 && bytes < 1_000_000, `${bytes} bytes`);
    assert.equal(await seriesValue(registry, 'fs_files_read_total'), 0);
    assert.equal(
      await seriesValue(registry, 'fs_operations_total', {
        operation: 'createReadStream',
        result: 'success',
      }),
      1,
    );
  });

  test('streams without byte counters: chunks given to push() / write() / end() are counted', async () => {
    const registry = new Registry();
    const readable = instrumentReadStream(
      Readable.from([Buffer.from('abcd'), Buffer.from('é')], { objectMode: false }),
      {
        registry,
      },
    );
    const received: Buffer[] = [];
    const writable = instrumentWriteStream(
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          received.push(chunk);
          callback();
        },
      }),
      { registry },
    );
    await pipeline(readable, new PassThrough(), writable);
    assert.equal(Buffer.concat(received).toString(), 'abcdé');
    assert.equal(await seriesValue(registry, 'fs_read_bytes_total'), 6);
    assert.equal(await seriesValue(registry, 'fs_written_bytes_total'), 6);
    const ended = instrumentWriteStream(new PassThrough(), { registry });
    ended.resume();
    ended.end('xyz');
    await new Promise((resolve) => ended.on('finish', resolve));
    assert.equal(await seriesValue(registry, 'fs_written_bytes_total'), 9);
  });
});
