// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${1}` is Prometheus's (Go's) replacement syntax, not a JS template.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkFileSdPath,
  checkLabelName,
  checkLabelValue,
  checkMetricsPath,
  checkRegex,
  isRelabelTarget,
} from './checks.js';
import { closestKey } from './suggest.js';

describe('value checks', () => {
  it('label names', () => {
    for (const name of ['job', '__name__', '_x', 'a1']) assert.equal(checkLabelName(name), undefined);
    assert.equal(
      checkLabelName('1bad'),
      '"1bad" is not a valid label name (letters, digits and _, not starting with a digit)',
    );
    assert.notEqual(checkLabelName('a-b'), undefined);
    assert.notEqual(checkLabelName(''), undefined);
  });

  it('label values must be valid UTF-8', () => {
    assert.equal(checkLabelValue('ünïcödé 🚀'), undefined);
    assert.equal(checkLabelValue('\uD800x'), 'label value is not valid UTF-8');
  });

  it('regexes are RE2: JavaScript-only constructs are rejected, RE2-only ones accepted', () => {
    for (const ok of [
      '(.*)',
      '',
      'node_.*',
      '(?i)foo',
      '(?P<host>[^:]+):\\d+',
      '[[:alpha:]]+',
      '[(?=]',
      '\\(?=',
    ]) {
      assert.equal(checkRegex(ok), undefined, ok);
    }
    assert.equal(
      checkRegex('(?=x)'),
      'invalid regex "(?=x)": look-ahead and look-behind are not supported by RE2',
    );
    assert.equal(
      checkRegex('(?<!x)y'),
      'invalid regex "(?<!x)y": look-ahead and look-behind are not supported by RE2',
    );
    assert.equal(
      checkRegex('(a)\\1'),
      'invalid regex "(a)\\1": back-references (\\1) are not supported by RE2',
    );
    assert.equal(checkRegex('(.*'), 'invalid regex "(.*": Unterminated group');
    assert.match(String(checkRegex('a{2,1}')), /^invalid regex "a\{2,1\}": /);
  });

  it('relabel targets allow $1 and ${name} templates', () => {
    for (const ok of ['instance', '${1}', 'meta_$1', '__tmp_${host}_x']) assert.ok(isRelabelTarget(ok), ok);
    for (const bad of ['', '1x', 'a-b', '$']) assert.ok(!isRelabelTarget(bad), bad);
  });

  it('file SD paths: a glob only in the last element, .json/.yml/.yaml', () => {
    for (const ok of ['targets.json', '/etc/sd/*.yml', 'a/b/c.YAML', '/x/node-*.json']) {
      assert.equal(checkFileSdPath(ok), undefined, ok);
    }
    assert.equal(
      checkFileSdPath('/etc/*/targets.json'),
      '"/etc/*/targets.json" is not a valid file SD path: a file or a glob in the last path element ending in .json, .yml or .yaml',
    );
    assert.notEqual(checkFileSdPath('targets.txt'), undefined);
  });

  it('metrics paths start with /', () => {
    assert.equal(checkMetricsPath('/metrics'), undefined);
    assert.equal(checkMetricsPath('metrics'), '"metrics" must start with "/"');
  });
});

describe('did you mean', () => {
  const keys = ['scrape_interval', 'scrape_timeout', 'job_name', 'static_configs', 'metrics_path'];
  it('finds typos, other spellings and swapped letters', () => {
    assert.equal(closestKey('scrape_intervall', keys), 'scrape_interval');
    assert.equal(closestKey('jobName', keys), 'job_name');
    assert.equal(closestKey('job-name', keys), 'job_name');
    assert.equal(closestKey('metircs_path', keys), 'metrics_path');
    assert.equal(closestKey('static_config', keys), 'static_configs');
  });

  it('says nothing when no key is close', () => {
    assert.equal(closestKey('tls_config', keys), undefined);
    assert.equal(closestKey('x', keys), undefined);
  });
});
