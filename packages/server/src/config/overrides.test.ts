import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from './errors.js';
import { applyOverrides } from './overrides.js';
import { defaultConfig, parseConfig } from './parse.js';

describe('applyOverrides', () => {
  it('lets --listen, --data and --retention win over the file', () => {
    const file = parseConfig(
      'listen: 127.0.0.1:1\nstorage: { path: /from/file, retention: 1d, fsync: none }\n',
    );
    const config = applyOverrides(file, { listen: '[::1]:0', data: './flag-data', retention: '90d' });
    assert.deepEqual(config.listen, { host: '::1', port: 0 });
    assert.deepEqual(config.storage, {
      path: './flag-data',
      retentionMs: 90 * 86_400_000,
      fsync: 'none',
      outOfOrderWindowMs: 0,
    });
    assert.deepEqual(file.storage.path, '/from/file', 'the input is not changed');
  });

  it('changes nothing without flags', () => {
    const config = defaultConfig();
    assert.deepEqual(applyOverrides(config, {}), config);
  });

  it('names each bad flag, all at once', () => {
    assert.throws(
      () => applyOverrides(defaultConfig(), { listen: 'localhost', data: ' ', retention: '15x' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.equal(err.code, 'TM_CONFIG_INVALID');
        assert.deepEqual(err.issues, [
          {
            path: '--listen',
            message: 'invalid host:port "localhost": the port is missing (e.g. 127.0.0.1:9464 or [::1]:9464)',
          },
          { path: '--data', message: 'must not be empty' },
          {
            path: '--retention',
            message:
              'invalid duration "15x": unknown unit "x" (use ms, s, m, h, d, w or y, largest first, e.g. 15s or 1h30m)',
          },
        ]);
        assert.equal(
          err.message.split('\n')[0],
          'command line: --listen: invalid host:port "localhost": the port is missing (e.g. 127.0.0.1:9464 or [::1]:9464)',
        );
        return true;
      },
    );
    assert.equal(
      applyOverrides(defaultConfig(), { retention: '0' }).storage.retentionMs,
      0,
      '0 keeps everything',
    );
  });
});
