import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidConfigError, Registry } from '@telemeter/core';
import { EXPLAINED_MESSAGES } from './kit-option-messages.js';
import { type KitOptions, resolveKitOptions } from './kit-options.js';

const resolve = (options: unknown, messages = EXPLAINED_MESSAGES) =>
  resolveKitOptions(options as KitOptions, ['cache'], 'f()', messages);

describe('resolveKitOptions', () => {
  it('sorts constant labels and stringifies their values', () => {
    const registry = new Registry();
    const kit = resolveKitOptions({ registry, prefix: 'app_', labels: { zone: 'a', tier: 1 } }, [], 'f()');
    assert.equal(kit.registry, registry);
    assert.equal(kit.prefix, 'app_');
    assert.deepEqual(kit.constNames, ['tier', 'zone']);
    assert.deepEqual(kit.constLabels, { tier: '1', zone: 'a' });
  });

  it('rejects a non-registry, an array of labels, and bad names in either wording', () => {
    for (const messages of [undefined, EXPLAINED_MESSAGES]) {
      assert.throws(() => resolve({ registry: {} }, messages), {
        name: InvalidConfigError.name,
        key: 'registry',
        message: 'f(): registry must be a Registry (or omitted for defaultRegistry)',
      });
      assert.throws(() => resolve({ labels: ['x'] }, messages), { key: 'labels' });
      assert.throws(() => resolve({ prefix: '1x' }, messages), { key: 'prefix' });
      assert.throws(() => resolve({ labels: { __x: 'a' } }, messages), { key: 'labels' });
      assert.throws(() => resolve({ labels: { cache: 'a' } }, messages), { key: 'labels' });
      assert.throws(() => resolve({ labels: { ok: true } }, messages), {
        message: 'f(): the value of label "ok" must be a string or a number',
      });
    }
    assert.throws(() => resolve({ labels: { cache: 'a' } }), {
      message: 'f(): label "cache" is set by the kit itself (cache); choose another name',
    });
    assert.throws(() => resolveKitOptions({ labels: { cache: 'a' } }, ['cache'], 'f()'), {
      message: 'f(): the constant label "cache" clashes with a label the kit sets itself; rename it',
    });
  });
});
