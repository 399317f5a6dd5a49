/**
 * Property tests of the /proc parsers: any text parses without throwing into well-formed values
 * (finite, non-negative numbers; names without whitespace), kernel-formatted records round-trip,
 * and garbage lines mixed into a valid file are skipped without disturbing the valid records.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseDiskstats } from './parse-diskstats.js';
import { parseLoadavg } from './parse-loadavg.js';
import { parseMeminfo } from './parse-meminfo.js';
import { parseMounts } from './parse-mounts.js';
import { parseNetDev } from './parse-net-dev.js';
import { CPU_TIME_FIELDS, parseProcStat, USER_HZ } from './parse-proc-stat.js';

const RUNS = { numRuns: 300 };

/** Tokens that steer random text into the parsers' interesting paths. */
const procToken = fc.oneof(
  fc.constantFrom(
    'cpu',
    'cpu0',
    'cpu12',
    'ctxt',
    'btime',
    'intr',
    'procs_running',
    'MemTotal:',
    'kB',
    'lo:',
    'eth0:',
  ),
  fc.constantFrom(
    '|',
    ':',
    '-1',
    '1e3',
    '0x1f',
    '1.5',
    'NaN',
    'Infinity',
    '\\040',
    '\\134',
    '__proto__',
    'constructor',
  ),
  fc.nat().map(String),
  fc.bigInt({ min: 0n, max: 2n ** 70n }).map(String),
  fc.string({ maxLength: 8 }),
);
const procLine = fc
  .array(fc.tuple(procToken, fc.constantFrom(' ', '  ', '\t', ' ')), { maxLength: 20 })
  .map((parts) => parts.map(([token, sep]) => token + sep).join(''));
const procText = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.array(procLine, { maxLength: 30 }).map((lines) => lines.join('\n')),
);

function assertSaneNumbers(value: unknown, path = 'result'): void {
  if (typeof value === 'number') {
    assert.ok(Number.isFinite(value) && value >= 0, `${path} = ${value}`);
  } else if (value instanceof Map) {
    for (const [k, v] of value) assertSaneNumbers(v, `${path}.${String(k)}`);
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) assertSaneNumbers(v, `${path}[${i}]`);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertSaneNumbers(v, `${path}.${k}`);
  }
}

const noWhitespace = (name: string) => name !== '' && !/\s/.test(name);

describe('/proc parsers on arbitrary text', () => {
  it('never throw and yield only finite non-negative numbers', () => {
    fc.assert(
      fc.property(procText, (text) => {
        const stat = parseProcStat(text);
        assertSaneNumbers(stat);
        for (const line of stat.cpus) assert.match(line.cpu, /^[0-9]+$/);
        assertSaneNumbers(parseMeminfo(text));
        const load = parseLoadavg(text);
        if (load !== undefined) assertSaneNumbers(load);
        for (const disk of parseDiskstats(text)) {
          assertSaneNumbers({ ...disk, device: 0 });
          assert.ok(noWhitespace(disk.device));
        }
        for (const dev of parseNetDev(text)) {
          assertSaneNumbers({ ...dev, device: 0 });
          assert.ok(noWhitespace(dev.device) && !dev.device.includes(':'));
        }
        for (const mount of parseMounts(text)) {
          assert.ok(mount.device !== '' && mount.mountpoint !== '' && mount.fstype !== '');
        }
      }),
      { numRuns: 1000 },
    );
  });
});

const ticks = fc.bigInt({ min: 0n, max: 2n ** 40n }).map(Number);
const garbageLine = fc
  .string({ maxLength: 60 })
  .map((s) => `#${s.replace(/[\n|:]/g, '')}`)
  .filter((s) => s.split(' ').length < 4);

/** Inserts each garbage line before the line at its index. */
function interleave(lines: string[], garbage: [number, string][]): string {
  const out = [...lines];
  for (const [at, line] of garbage) out.splice(at % (out.length + 1), 0, line);
  return `${out.join('\n')}\n`;
}
const garbage = fc.array(fc.tuple(fc.nat(), garbageLine), { maxLength: 5 });

describe('/proc parsers on kernel-formatted records', () => {
  it('parseProcStat round-trips CPU lines of 4-10 columns and scalar lines, around garbage', () => {
    const cpuLine = fc.array(ticks, { minLength: 4, maxLength: 10 });
    fc.assert(
      fc.property(
        cpuLine,
        fc.array(cpuLine, { maxLength: 8 }),
        fc.record({ ctxt: ticks, btime: ticks, processes: ticks, procs_running: ticks }),
        garbage,
        (total, perCpu, scalars, junk) => {
          const lines = [
            `cpu  ${total.join(' ')}`,
            ...perCpu.map((cols, i) => `cpu${i} ${cols.join(' ')}`),
            `intr ${scalars.ctxt} 0 0 5`,
            ...Object.entries(scalars).map(([k, v]) => `${k} ${v}`),
          ];
          const stat = parseProcStat(interleave(lines, junk));
          const times = (cols: number[]) =>
            Object.fromEntries(cols.map((t, i) => [CPU_TIME_FIELDS[i]!, t / USER_HZ]));
          assert.deepEqual(stat.total, times(total));
          assert.deepEqual(
            stat.cpus,
            perCpu.map((cols, i) => ({ cpu: String(i), ...times(cols) })),
          );
          assert.equal(stat.contextSwitches, scalars.ctxt);
          assert.equal(stat.interrupts, scalars.ctxt);
          assert.equal(stat.bootTimeSeconds, scalars.btime);
          assert.equal(stat.forks, scalars.processes);
          assert.equal(stat.procsRunning, scalars.procs_running);
        },
      ),
      RUNS,
    );
  });

  it('parseMeminfo round-trips kB and unitless fields, around garbage', () => {
    const name = fc.stringMatching(/^[A-Z][A-Za-z0-9_]{0,12}(\((anon|file)\))?$/);
    const entry = fc.record({ name, value: ticks, kb: fc.boolean(), pad: fc.integer({ min: 1, max: 12 }) });
    fc.assert(
      fc.property(
        fc.uniqueArray(entry, { selector: (e) => e.name, maxLength: 30 }),
        garbage,
        (entries, junk) => {
          const lines = entries.map((e) => `${e.name}:${' '.repeat(e.pad)}${e.value}${e.kb ? ' kB' : ''}`);
          const info = parseMeminfo(interleave(lines, junk));
          assert.deepEqual(
            [...info.bytes],
            entries.filter((e) => e.kb).map((e) => [e.name, e.value * 1024]),
          );
          assert.deepEqual(
            [...info.counts],
            entries.filter((e) => !e.kb).map((e) => [e.name, e.value]),
          );
        },
      ),
      RUNS,
    );
  });

  it('parseLoadavg round-trips what the kernel prints', () => {
    const centi = fc.integer({ min: 0, max: 1_000_000 });
    fc.assert(
      fc.property(centi, centi, centi, fc.nat(), fc.nat(), fc.nat(), (a, b, c, run, threads, pid) => {
        const text = `${(a / 100).toFixed(2)} ${(b / 100).toFixed(2)} ${(c / 100).toFixed(2)} ${run}/${threads} ${pid}\n`;
        assert.deepEqual(parseLoadavg(text), {
          load1: Number((a / 100).toFixed(2)),
          load5: Number((b / 100).toFixed(2)),
          load15: Number((c / 100).toFixed(2)),
          runnable: run,
          threads,
          lastPid: pid,
        });
      }),
      RUNS,
    );
  });

  it('parseDiskstats round-trips lines of 4, 11, 15 and 17 columns, around garbage', () => {
    const disk = fc.record({
      name: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
      major: fc.integer({ min: 0, max: 4095 }),
      minor: fc.integer({ min: 0, max: 1 << 20 }),
      cols: fc.constantFrom(4, 11, 15, 17).chain((n) => fc.array(ticks, { minLength: n, maxLength: n })),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(disk, { selector: (d) => d.name, maxLength: 12 }),
        garbage,
        (disks, junk) => {
          const lines = disks.map(
            (d) =>
              `${String(d.major).padStart(4)} ${String(d.minor).padStart(7)} ${d.name} ${d.cols.join(' ')}`,
          );
          const parsed = parseDiskstats(interleave(lines, junk));
          assert.deepEqual(
            parsed.map((p) => [
              p.device,
              p.major,
              p.minor,
              p.readsCompleted,
              p.writtenBytes,
              p.flushRequests,
            ]),
            disks.map((d) => [
              d.name,
              d.major,
              d.minor,
              d.cols[0],
              (d.cols.length === 4 ? d.cols[3]! : d.cols[6]!) * 512,
              d.cols.length === 17 ? d.cols[15] : undefined,
            ]),
          );
        },
      ),
      RUNS,
    );
  });

  it('parseNetDev round-trips interfaces under the standard header, around garbage', () => {
    const device = fc.stringMatching(/^[A-Za-z0-9_.@-]{1,15}$/).filter((n) => n !== '' && !n.startsWith('#'));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ device, values: fc.array(ticks, { minLength: 16, maxLength: 16 }) }), {
          selector: (d) => d.device,
          maxLength: 20,
        }),
        garbage,
        (devs, junk) => {
          const header = [
            'Inter-|   Receive                                                |  Transmit',
            ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
          ];
          const lines = devs.map(
            (d) => `${d.device.padStart(6)}:${d.values.map((v) => String(v).padStart(8)).join(' ')}`,
          );
          const parsed = parseNetDev(`${header.join('\n')}\n${interleave(lines, junk)}`);
          assert.deepEqual(
            parsed.map((p) => [
              p.device,
              p.receiveBytes,
              p.receiveMulticast,
              p.transmitBytes,
              p.transmitCompressed,
            ]),
            devs.map((d) => [d.device, d.values[0], d.values[7], d.values[8], d.values[15]]),
          );
        },
      ),
      RUNS,
    );
  });

  it('parseMounts round-trips any field the kernel escapes, keeping the last mount per mountpoint', () => {
    const mangle = (s: string) =>
      s.replace(/[\\ \t\n]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
    const field = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes('\r'));
    const mount = fc.record({
      device: field,
      mountpoint: field,
      fstype: fc.stringMatching(/^[a-z0-9.]{1,10}$/),
      options: fc.array(fc.stringMatching(/^[a-z0-9=]{1,8}$/), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(mount, { maxLength: 10 }), (mounts) => {
        const text = mounts
          .map((m) => `${mangle(m.device)} ${mangle(m.mountpoint)} ${m.fstype} ${m.options.join(',')} 0 0`)
          .join('\n');
        const last = new Map(mounts.map((m) => [m.mountpoint, m]));
        const expected = [...last.values()];
        const parsed = parseMounts(text);
        assert.deepEqual(parsed.map((p) => p.mountpoint).sort(), expected.map((m) => m.mountpoint).sort());
        for (const p of parsed) assert.deepEqual(p, { ...last.get(p.mountpoint) });
      }),
      RUNS,
    );
  });
});
