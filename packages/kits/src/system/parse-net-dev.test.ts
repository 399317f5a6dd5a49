import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { describe, it } from 'node:test';
import { parseNetDev } from './parse-net-dev.js';
import { NET_DEV_2_0, NET_DEV_CONTAINER_HOST } from './testing/fixtures.js';

describe('parseNetDev', () => {
  it('parses this machine’s /proc/net/dev: every interface with an address is listed', {
    skip: process.platform !== 'linux' ? 'needs /proc' : false,
  }, () => {
    const text = readFileSync('/proc/net/dev', 'utf8');
    const stats = parseNetDev(text);
    assert.equal(stats.length, text.split('\n').filter((l) => l.includes(':')).length);
    const names = new Set(stats.map((s) => s.device));
    for (const name of Object.keys(networkInterfaces())) assert.ok(names.has(name), name);
    const lo = stats.find((s) => s.device === 'lo')!;
    // Loopback: every byte sent is received.
    assert.equal(lo.receiveBytes! > 0 || lo.transmitBytes === 0, true);
    for (const s of stats) {
      for (const key of ['receiveBytes', 'receivePackets', 'transmitBytes', 'transmitColls'] as const) {
        assert.equal(Number.isSafeInteger(s[key]), true, `${s.device} ${key}`);
      }
    }
  });

  it('reads a container host with many interfaces, one printed without a space after the colon', () => {
    const stats = parseNetDev(NET_DEV_CONTAINER_HOST);
    assert.deepEqual(
      stats.map((s) => s.device),
      [
        'lo',
        'eth0',
        'wlan0',
        'docker0',
        'br-4f2a6c9d1e3b',
        'veth1a2b3c4',
        'veth9f8e7d6',
        'cali12345abcde',
        'flannel.1',
        'bond0',
      ],
    );
    assert.deepEqual(stats[1], {
      device: 'eth0',
      receiveBytes: 1934713263,
      receivePackets: 12480316,
      receiveErrs: 3,
      receiveDrop: 17,
      receiveFifo: 0,
      receiveFrame: 0,
      receiveCompressed: 0,
      receiveMulticast: 118237,
      transmitBytes: 862136412,
      transmitPackets: 6431771,
      transmitErrs: 0,
      transmitDrop: 0,
      transmitFifo: 0,
      transmitColls: 0,
      transmitCarrier: 0,
      transmitCompressed: 0,
    });
    assert.equal(stats[8]!.receiveDrop, 1);
  });

  it('locates columns from the header: Linux 2.0 had no byte counters', () => {
    const [lo, eth0] = parseNetDev(NET_DEV_2_0);
    assert.equal(lo!.device, 'lo');
    assert.deepEqual(eth0, {
      device: 'eth0',
      receivePackets: 12345,
      receiveErrs: 1,
      receiveDrop: 2,
      receiveFifo: 0,
      receiveFrame: 0,
      transmitPackets: 6789,
      transmitErrs: 0,
      transmitDrop: 0,
      transmitFifo: 0,
      transmitColls: 3,
      transmitCarrier: 0,
    });
  });

  it('assumes the usual 16 columns when there is no header', () => {
    const [eth0] = parseNetDev('eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n');
    assert.equal(eth0!.receiveBytes, 1);
    assert.equal(eth0!.transmitBytes, 9);
    assert.equal(eth0!.transmitCompressed, 16);
  });

  it('skips short lines, non-digits, blank names and repeated interfaces; ignores unknown columns', () => {
    const stats = parseNetDev(
      [
        'eth0: 1 2 3',
        'eth1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 x',
        ': 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16',
        'a b: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16',
        'eth2: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17',
        'eth2: 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9',
        ' face |bytes constructor|bytes valueof',
        'eth3: 5 6 7 8',
      ].join('\n'),
    );
    assert.deepEqual(stats, [
      {
        device: 'eth2',
        receiveBytes: 1,
        receivePackets: 2,
        receiveErrs: 3,
        receiveDrop: 4,
        receiveFifo: 5,
        receiveFrame: 6,
        receiveCompressed: 7,
        receiveMulticast: 8,
        transmitBytes: 9,
        transmitPackets: 10,
        transmitErrs: 11,
        transmitDrop: 12,
        transmitFifo: 13,
        transmitColls: 14,
        transmitCarrier: 15,
        transmitCompressed: 16,
      },
      { device: 'eth3', receiveBytes: 5, transmitBytes: 7 },
    ]);
  });
});
