import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOrigin, checkTarget, formatListenAddress, parseListenAddress } from './addresses.js';

describe('listen addresses', () => {
  it('reads host:port, bracketed IPv6 and host names', () => {
    assert.deepEqual(parseListenAddress('127.0.0.1:9464'), { host: '127.0.0.1', port: 9464 });
    assert.deepEqual(parseListenAddress('[::1]:9464'), { host: '::1', port: 9464 });
    assert.deepEqual(parseListenAddress('localhost:0'), { host: 'localhost', port: 0 });
    assert.deepEqual(parseListenAddress('0.0.0.0:80'), { host: '0.0.0.0', port: 80 });
  });

  it('prints them back, IPv6 in brackets', () => {
    assert.equal(formatListenAddress({ host: '::1', port: 9464 }), '[::1]:9464');
    assert.equal(formatListenAddress({ host: '127.0.0.1', port: 1 }), '127.0.0.1:1');
  });

  it('says what is wrong', () => {
    const hint = '(e.g. 127.0.0.1:9464 or [::1]:9464)';
    assert.equal(
      parseListenAddress('127.0.0.1'),
      `invalid host:port "127.0.0.1": the port is missing ${hint}`,
    );
    assert.equal(
      parseListenAddress('127.0.0.1:99999'),
      `invalid host:port "127.0.0.1:99999": port "99999" must be a number from 0 to 65535 ${hint}`,
    );
    assert.equal(
      parseListenAddress('::1:9464'),
      `invalid host:port "::1:9464": an IPv6 address needs brackets, e.g. [::1]:9464 ${hint}`,
    );
    assert.equal(parseListenAddress(':9464'), `invalid host:port ":9464": the host is missing ${hint}`);
    assert.equal(
      parseListenAddress('[::g]:1'),
      `invalid host:port "[::g]:1": "::g" is not an IPv6 address ${hint}`,
    );
    assert.equal(
      parseListenAddress('[::1:9464'),
      `invalid host:port "[::1:9464": missing "]" after the IPv6 address ${hint}`,
    );
    assert.equal(
      parseListenAddress('256.1.1.1:80'),
      `invalid host:port "256.1.1.1:80": "256.1.1.1" is not an IPv4 address ${hint}`,
    );
    assert.equal(
      parseListenAddress('bad host:80'),
      `invalid host:port "bad host:80": "bad host" is not a valid host name ${hint}`,
    );
    assert.equal(
      parseListenAddress('[::1]x'),
      `invalid host:port "[::1]x": unexpected text after "]" ${hint}`,
    );
  });
});

describe('scrape targets', () => {
  it('accepts host:port, bare hosts and IPv6', () => {
    for (const target of [
      'localhost:9100',
      'db.internal',
      '10.0.0.1:80',
      '[::1]:8080',
      'my_service:1',
      'node-1.',
    ]) {
      assert.equal(checkTarget(target), undefined, target);
    }
  });

  it('rejects schemes, paths and bad ports with the fix', () => {
    assert.equal(
      checkTarget('http://localhost:9100'),
      'invalid host:port "http://localhost:9100": a target has no scheme; set the job\'s "scheme" instead (e.g. "localhost:9100")',
    );
    assert.equal(
      checkTarget('localhost:9100/metrics'),
      'invalid host:port "localhost:9100/metrics": a target has no path; set the job\'s "metrics_path" instead',
    );
    assert.equal(
      checkTarget('localhost:0'),
      'invalid host:port "localhost:0": port "0" must be a number from 1 to 65535',
    );
    assert.equal(
      checkTarget('localhost:'),
      'invalid host:port "localhost:": port "" must be a number from 1 to 65535',
    );
    assert.equal(checkTarget('-bad-:80'), 'invalid host:port "-bad-:80": "-bad-" is not a valid host name');
  });
});

describe('CORS origins', () => {
  it('accepts origins and *', () => {
    for (const origin of ['*', 'http://localhost:3000', 'https://grafana.example.com', 'http://[::1]:8080']) {
      assert.equal(checkOrigin(origin), undefined, origin);
    }
  });

  it('rejects paths, trailing slashes and non-HTTP schemes, suggesting the origin', () => {
    const expected =
      'invalid origin "http://localhost:3000/": expected scheme://host[:port] with no path (e.g. "http://localhost:3000") or "*"';
    assert.equal(checkOrigin('http://localhost:3000/'), `${expected}; did you mean "http://localhost:3000"?`);
    assert.match(String(checkOrigin('localhost:3000')), /^invalid origin "localhost:3000"/);
    assert.match(String(checkOrigin('ftp://example.com')), /^invalid origin "ftp:\/\/example.com"/);
    assert.match(String(checkOrigin('http://Example.com')), /did you mean "http:\/\/example.com"\?$/);
  });
});
