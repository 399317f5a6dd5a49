// @telemeter/kits/fs: a measured fs/promises and file streams, on files in a temporary directory,
// then the exposition of what was measured. Paths never become labels.
//
//   npm run build && node examples/kits/fs.mjs
import { createReadStream, createWriteStream } from 'node:fs';
import fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Registry } from '../../packages/core/dist/esm/index.js';
import {
  instrumentFs,
  instrumentReadStream,
  instrumentWriteStream,
} from '../../packages/kits/dist/esm/fs/index.js';

const registry = new Registry();
const fs = instrumentFs(fsp, { registry });

const dir = await fs.mkdtemp(join(tmpdir(), 'telemeter-fs-example-'));
try {
  await fs.writeFile(join(dir, 'config.json'), JSON.stringify({ port: 8080, features: ['a', 'b'] }));
  const config = JSON.parse(await fs.readFile(join(dir, 'config.json'), 'utf8'));
  console.log('config:', config);

  // A log file written through a FileHandle, then compressed with measured streams.
  const log = await fs.open(join(dir, 'app.log'), 'a');
  for (let i = 0; i < 1000; i++) await log.write(`${new Date(0).toISOString()} request ${i} served\n`);
  await log.close();
  await pipeline(
    instrumentReadStream(createReadStream(join(dir, 'app.log')), { registry }),
    createGzip(),
    instrumentWriteStream(createWriteStream(join(dir, 'app.log.gz')), { registry }),
  );
  console.log('files:', (await fs.readdir(dir)).sort());

  // A missing file: the error reaches the caller unchanged, and is counted by code.
  await fs.readFile(join(dir, 'missing.json')).catch((error) => console.log('expected error:', error.code));
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}

const text = await registry.metrics();
console.log(
  text
    .split('\n')
    .filter((line) => line.startsWith('fs_') && !line.includes('_bucket'))
    .join('\n'),
);
