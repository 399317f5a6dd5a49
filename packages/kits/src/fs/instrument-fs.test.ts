import assert from 'node:assert/strict';
import * as fsNs from 'node:fs';
import fsp, * as fspNs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { InvalidConfigError, Registry } from '@telemeter/core';
import { findBinary, promtoolCheckMetrics } from '@telemeter/testkit';
import { histogramOf, seriesValue } from '../shared/testing/metric-values.js';
import { instrumentFs } from './instrument-fs.js';
import { unregisterFsMetrics } from './metrics.js';

let dir: string;
before(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'telemeter-fs-'));
});
after(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const ops = (registry: Registry, operation: string, result = 'success') =>
  seriesValue(registry, 'fs_operations_total', { operation, result });

async function totals(registry: Registry) {
  return {
    read: await seriesValue(registry, 'fs_read_bytes_total'),
    written: await seriesValue(registry, 'fs_written_bytes_total'),
    filesRead: await seriesValue(registry, 'fs_files_read_total'),
    filesWritten: await seriesValue(registry, 'fs_files_written_total'),
  };
}

describe('instrumentFs', () => {
  test('readFile / writeFile / appendFile count exact bytes and files, in any encoding', async () => {
    const registry = new Registry();
    const fs = instrumentFs(fsp, { registry });
    const text = join(dir, 'text.txt');
    const bin = join(dir, 'bin.dat');
    await fs.writeFile(text, 'héllo'); // 6 bytes in UTF-8
    await fs.writeFile(bin, Buffer.alloc(1000, 7));
    await fs.appendFile(text, 'abc', 'utf8');
    await fs.writeFile(join(dir, 'hex.txt'), 'ff00ff', { encoding: 'hex' }); // 3 bytes
    assert.equal(await fs.readFile(text, 'utf8'), 'hélloabc');
    assert.equal((await fs.readFile(bin)).length, 1000);
    assert.equal((await fs.readFile(bin, { encoding: 'base64' })).length, 1336);
    assert.deepEqual(await totals(registry), {
      read: 9 + 1000 + 1000,
      written: 6 + 1000 + 3 + 3,
      filesRead: 3,
      filesWritten: 4,
    });
    assert.equal(await ops(registry, 'writeFile'), 3);
    assert.equal(await ops(registry, 'appendFile'), 1);
    assert.equal(await ops(registry, 'readFile'), 3);
    const duration = await histogramOf(registry, 'fs_operation_duration_seconds', { operation: 'readFile' });
    assert.equal(duration.count, 3);
    assert.ok(duration.sum > 0 && duration.sum < 10);
  });

  test('ENOENT: the very same error object propagates, counted by operation and code', async () => {
    const registry = new Registry();
    let original: unknown;
    // A pass-through that remembers the error the real fs produced.
    const spy = {
      ...fsp,
      readFile: (...args: Parameters<typeof fsp.readFile>) =>
        fsp.readFile(...args).catch((error: unknown) => {
          original = error;
          throw error;
        }),
    };
    const fs = instrumentFs(spy, { registry });
    const missing = join(dir, 'missing.txt');
    const error = await fs.readFile(missing).catch((e: unknown) => e);
    assert.ok(original instanceof Error);
    assert.equal(error, original);
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOENT');
    await assert.rejects(fs.unlink(missing), { code: 'ENOENT' });
    await assert.rejects(fs.readdir(join(dir, 'text.txt')), { code: 'ENOTDIR' });
    assert.equal(
      await seriesValue(registry, 'fs_errors_total', { operation: 'readFile', code: 'ENOENT' }),
      1,
    );
    assert.equal(await seriesValue(registry, 'fs_errors_total', { operation: 'unlink', code: 'ENOENT' }), 1);
    assert.equal(
      await seriesValue(registry, 'fs_errors_total', { operation: 'readdir', code: 'ENOTDIR' }),
      1,
    );
    assert.equal(await ops(registry, 'readFile', 'error'), 1);
    assert.equal((await totals(registry)).filesRead, 0);
    // An argument error is also passed through (and counted by its ERR_ code).
    await assert.rejects(fs.readFile(undefined as unknown as string), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.equal(
      await seriesValue(registry, 'fs_errors_total', { operation: 'readFile', code: 'ERR_INVALID_ARG_TYPE' }),
      1,
    );
  });

  test('directory and metadata operations are timed and counted', async () => {
    const registry = new Registry();
    const fs = instrumentFs(fsp, { registry });
    const sub = join(dir, 'ops');
    await fs.mkdir(join(sub, 'a', 'b'), { recursive: true });
    await fs.writeFile(join(sub, 'a', 'f.txt'), 'x');
    await fs.copyFile(join(sub, 'a', 'f.txt'), join(sub, 'a', 'g.txt'));
    await fs.rename(join(sub, 'a', 'g.txt'), join(sub, 'a', 'h.txt'));
    assert.deepEqual((await fs.readdir(join(sub, 'a'))).sort(), ['b', 'f.txt', 'h.txt']);
    assert.equal((await fs.stat(join(sub, 'a', 'h.txt'))).size, 1);
    await fs.access(join(sub, 'a', 'h.txt'));
    await fs.unlink(join(sub, 'a', 'h.txt'));
    await fs.rm(sub, { recursive: true });
    for (const op of [
      'mkdir',
      'writeFile',
      'copyFile',
      'rename',
      'readdir',
      'stat',
      'access',
      'unlink',
      'rm',
    ]) {
      assert.equal(await ops(registry, op), 1, op);
    }
    assert.equal((await totals(registry)).written, 1, 'copyFile moves no bytes through the process');
  });

  test('writeFile with an iterable or a stream counts the bytes as Node consumes them', async () => {
    const registry = new Registry();
    const fs = instrumentFs(fsp, { registry });
    const file = join(dir, 'chunks.txt');
    await fs.writeFile(file, Readable.from(['ab', Buffer.from('cde'), 'é']));
    // Node's appendFile takes iterables too (it is writeFile with flag 'a'), though its types don't say so.
    await fs.appendFile(file, ['x', 'y'] as unknown as string, 'utf8');
    assert.equal(await fsp.readFile(file, 'utf8'), 'abcdeéxy');
    assert.equal((await totals(registry)).written, 2 + 3 + 2 + 2);
  });

  test('FileHandle: reads, writes, vectors and the handle readFile are counted; the proxy is a real FileHandle', async () => {
    const registry = new Registry();
    const fs = instrumentFs(fsp, { registry });
    const file = join(dir, 'handle.dat');
    const handle = await fs.open(file, 'w+');
    assert.equal(typeof handle.fd, 'number');
    assert.equal((await handle.write(Buffer.from('0123456789'))).bytesWritten, 10);
    assert.equal((await handle.write('héllo', 10, 'utf8')).bytesWritten, 6);
    assert.equal((await handle.writev([Buffer.from('ab'), Buffer.from('cd')], 16)).bytesWritten, 4);
    const buffer = Buffer.alloc(8);
    assert.equal((await handle.read(buffer, 0, 8, 0)).bytesRead, 8);
    assert.equal((await handle.readv([Buffer.alloc(4), Buffer.alloc(4)], 8)).bytesRead, 8);
    // The unpositioned write left the file position at 10: readFile continues from there.
    assert.equal((await handle.readFile()).length, 10);
    await handle.stat();
    await handle.sync();
    // Node's own functions accept the proxy.
    assert.equal((await fsp.readFile(file)).length, 20);
    await handle.close();
    assert.deepEqual(await totals(registry), { read: 26, written: 20, filesRead: 1, filesWritten: 1 });
    for (const op of ['open', 'write', 'writev', 'read', 'readv', 'readFile', 'stat', 'sync', 'close']) {
      assert.ok((await ops(registry, op))! >= 1, op);
    }
    assert.equal(await ops(registry, 'write'), 2);
    // A closed handle fails with EBADF, passed through.
    await assert.rejects(handle.read(buffer, 0, 1, 0), { code: 'EBADF' });
    assert.equal(await seriesValue(registry, 'fs_errors_total', { operation: 'read', code: 'EBADF' }), 1);
  });

  test('FileHandle streams and readLines are measured through the handle', async () => {
    const registry = new Registry();
    const fs = instrumentFs(fsp, { registry });
    const file = join(dir, 'lines.txt');
    await fsp.writeFile(file, 'one\ntwo\nthree\n');
    const handle = await fs.open(file);
    const lines: string[] = [];
    for await (const line of handle.readLines()) lines.push(line);
    assert.deepEqual(lines, ['one', 'two', 'three']);
    assert.equal(await ops(registry, 'createReadStream'), 1);
    assert.deepEqual(await totals(registry), { read: 14, written: 0, filesRead: 1, filesWritten: 0 });
  });

  test('non-operation exports pass through; namespace default; callback fs rejected; prefix, labels, unregister', async () => {
    const registry = new Registry();
    const fs = instrumentFs(fspNs, { registry, prefix: 'app_', labels: { disk: 'tmp' } });
    assert.equal(fs.constants, fsp.constants);
    assert.equal(fs.watch, fsp.watch);
    assert.equal(fs.readFile.name, 'readFile');
    assert.equal((fs as unknown as { default: unknown }).default, fs);
    await fs.stat(dir);
    assert.match(
      await registry.metrics(),
      /^app_fs_operations_total\{operation="stat",result="success",disk="tmp"\} 1$/m,
    );
    assert.throws(() => instrumentFs(fsNs, { registry }), InvalidConfigError);
    assert.throws(() => instrumentFs(fsp, { registry, labels: { operation: 'x' } }), InvalidConfigError);
    unregisterFsMetrics({ registry, prefix: 'app_' });
    assert.equal(registry.getAll().length, 0);
  });

  test('the exposition passes promtool check metrics', { skip: !findBinary('promtool') }, async () => {
    const registry = new Registry();
    const fs = instrumentFs(fsp, { registry });
    await fs.writeFile(join(dir, 'lint.txt'), 'lint');
    await fs.readFile(join(dir, 'lint.txt'));
    await fs.readFile(join(dir, 'no-such-file')).catch(() => {});
    const result = await promtoolCheckMetrics(await registry.metrics());
    assert.deepEqual(result, { exitCode: 0, parseErrors: [], lintWarnings: [] });
  });
});
