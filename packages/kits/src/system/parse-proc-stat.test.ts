import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cpus, uptime } from 'node:os';
import { describe, it } from 'node:test';
import { parseProcStat, USER_HZ } from './parse-proc-stat.js';
import { PROC_STAT_2_4, PROC_STAT_2_6_9, PROC_STAT_6_X } from './testing/fixtures.js';

const linuxOnly = { skip: process.platform !== 'linux' ? 'needs /proc' : false };

describe('parseProcStat', () => {
  it('parses this machine’s /proc/stat consistently with os.cpus() and os.uptime()', linuxOnly, () => {
    const stat = parseProcStat(readFileSync('/proc/stat', 'utf8'));
    assert.equal(stat.cpus.length, cpus().length);
    assert.deepEqual(
      stat.cpus.map((line) => line.cpu),
      cpus().map((_, i) => String(i)),
    );
    const total = stat.total!;
    assert.ok(total !== undefined);
    for (const mode of ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const) {
      assert.equal(typeof total[mode], 'number', mode);
      // The aggregate line is summed in a separate pass: equal to the per-CPU sum within a few ticks.
      const sum = stat.cpus.reduce((acc, line) => acc + (line[mode] ?? 0), 0);
      assert.ok(
        Math.abs(sum - total[mode]!) <= 0.05 * stat.cpus.length + 0.01 * sum,
        `${mode}: ${sum} vs ${total[mode]}`,
      );
    }
    const bootFromUptime = Date.now() / 1000 - uptime();
    assert.ok(
      Math.abs(stat.bootTimeSeconds! - bootFromUptime) < 3,
      `btime ${stat.bootTimeSeconds} vs ${bootFromUptime}`,
    );
    assert.ok(stat.contextSwitches! > 0 && stat.forks! > 0 && stat.interrupts! > 0);
    assert.ok(stat.procsRunning! >= 1, 'this process is running');
    assert.ok(stat.procsBlocked! >= 0);
  });

  it('reads Linux 2.4 (four CPU columns, no procs_* lines): later modes stay undefined', () => {
    const stat = parseProcStat(PROC_STAT_2_4);
    assert.deepEqual(stat.total, { user: 12.34, nice: 0.56, system: 7.89, idle: 1000 });
    assert.equal(stat.cpus.length, 2);
    assert.deepEqual(stat.cpus[1], { cpu: '1', user: 6.17, nice: 0.28, system: 3.95, idle: 500 });
    assert.equal(stat.contextSwitches, 115315);
    assert.equal(stat.bootTimeSeconds, 769041601);
    assert.equal(stat.forks, 86031);
    assert.equal(stat.interrupts, 1462898);
    assert.equal(stat.procsRunning, undefined);
    assert.equal(stat.procsBlocked, undefined);
  });

  it('reads Linux 2.6.9 (seven columns: no steal, no guest)', () => {
    const stat = parseProcStat(PROC_STAT_2_6_9);
    const cpu0 = stat.cpus[0]!;
    assert.equal(cpu0.iowait, 36.75);
    assert.equal(cpu0.softirq, 4.38);
    assert.equal(cpu0.steal, undefined);
    assert.equal(cpu0.guest, undefined);
    assert.equal(stat.interrupts, 114930548, 'the first number of intr, whatever follows');
    assert.equal(stat.procsRunning, 1);
    assert.equal(stat.procsBlocked, 0);
  });

  it('reads Linux 6.x with guest columns and a 2000-column intr line', () => {
    const stat = parseProcStat(PROC_STAT_6_X);
    assert.equal(stat.cpus.length, 4);
    assert.equal(stat.total!.user, 10132153 / USER_HZ);
    assert.equal(stat.total!.guest, 1756.28);
    assert.equal(stat.total!.guestNice, 0);
    assert.equal(stat.cpus[3]!.cpu, '3');
    assert.equal(stat.interrupts, 199292564);
    assert.equal(stat.contextSwitches, 24193416);
    assert.equal(stat.procsBlocked, 1);
  });

  it('skips malformed lines instead of inventing values', () => {
    const stat = parseProcStat(
      [
        'cpu  1 2 3',
        'cpu0 1 2 x 4',
        'cpuX 1 2 3 4',
        'cpu1 100 0 0 100',
        'cpu1 999 0 0 999',
        'cpu-1 1 2 3 4',
        'ctxt abc',
        'ctxt -5',
        'btime 0x10',
        'btime 1e3',
        'processes ',
        'intr',
        'procs_running 7',
        'procs_running 8',
        '',
      ].join('\n'),
    );
    assert.equal(stat.total, undefined, 'three columns are fewer than any kernel prints');
    assert.deepEqual(stat.cpus, [{ cpu: '1', user: 1, nice: 0, system: 0, idle: 1 }]);
    assert.equal(stat.contextSwitches, undefined);
    assert.equal(stat.bootTimeSeconds, undefined);
    assert.equal(stat.forks, undefined);
    assert.equal(stat.interrupts, undefined);
    assert.equal(stat.procsRunning, 7, 'first occurrence wins');
  });

  it('ignores columns past guest_nice that a future kernel might add', () => {
    const stat = parseProcStat('cpu 1 2 3 4 5 6 7 8 9 10 11 12\n');
    assert.equal(stat.total!.guestNice, 0.1);
    assert.equal(Object.keys(stat.total!).length, 10);
  });

  it('returns an empty result for empty or foreign text', () => {
    assert.deepEqual(parseProcStat(''), { cpus: [] });
    assert.deepEqual(parseProcStat('<html>not proc</html>'), { cpus: [] });
  });
});
