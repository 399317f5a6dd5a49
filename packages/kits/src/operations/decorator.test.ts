import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from '@telemeter/core';
import { seriesValue } from '../shared/testing/metric-values.js';
import { InvalidOperationError } from './errors.js';
import { createOperationTracker } from './operation-tracker.js';

const registry = new Registry();
const tracker = createOperationTracker({ registry, namespace: 'mcp_tool', operationLabel: 'tool' });
const tracked = tracker.decorator;

// Compiled by TypeScript 5 with experimentalDecorators off: TC39 standard decorators.
class FileTools {
  readonly root = '/srv';
  static instances = 0;

  @tracked('read_file')
  async read(path: string): Promise<string> {
    await sleep(1);
    if (path.includes('..')) throw new RangeError('path escapes the root');
    return `${this.root}/${path}`;
  }

  @tracked()
  list(): string[] {
    return [this.root];
  }

  @tracked('walk')
  async *walk(depth: number): AsyncGenerator<number> {
    for (let i = 0; i < depth; i++) yield i;
  }

  @tracked('create')
  static create(): FileTools {
    FileTools.instances++;
    return new FileTools();
  }
}

const calls = (tool: string, outcome: string) =>
  seriesValue(registry, 'mcp_tool_calls_total', { tool, outcome });

describe('tracker.decorator()', () => {
  it('tracks methods under the given name (or the method name) with this preserved', async () => {
    const tools = FileTools.create();
    assert.equal(await tools.read('a.txt'), '/srv/a.txt');
    await assert.rejects(tools.read('../etc/passwd'), RangeError);
    assert.deepEqual(tools.list(), ['/srv']);
    const seen: number[] = [];
    for await (const n of tools.walk(3)) seen.push(n);
    assert.deepEqual(seen, [0, 1, 2]);
    assert.equal(await calls('read_file', 'success'), 1);
    assert.equal(await calls('read_file', 'error'), 1);
    assert.equal(
      await seriesValue(registry, 'mcp_tool_errors_total', { tool: 'read_file', error_type: 'RangeError' }),
      1,
    );
    assert.equal(await calls('list', 'success'), 1);
    assert.equal(await calls('walk', 'success'), 1);
    assert.equal(await calls('create', 'success'), 1);
    assert.equal(FileTools.instances, 1);
  });

  it('accepts the legacy (target, key, descriptor) call of experimentalDecorators', async () => {
    const methods = {
      ping() {
        return 'pong';
      },
    };
    const descriptor = Object.getOwnPropertyDescriptor(methods, 'ping')!;
    const decorated = tracked()(methods, 'ping', descriptor);
    Object.defineProperty(methods, 'ping', decorated);
    assert.equal(methods.ping(), 'pong');
    assert.equal(await calls('ping', 'success'), 1);
  });

  it('refuses fields, accessors and empty names when the class is defined', () => {
    assert.throws(() => tracked(''), InvalidOperationError);
    const decorate = tracked('x') as unknown as (value: unknown, context: unknown) => unknown;
    assert.throws(() => decorate(undefined, { kind: 'field', name: 'f' }), InvalidOperationError);
    assert.throws(() => tracked('x')({}, 'getter', { get: () => 1, configurable: true }), /methods only/);
  });
});
