import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { findBinary, freePort } from '@telemeter/testkit';
import { COMMANDS, main } from './main.js';
import { captureIo } from './testing/capture-io.js';
import { BIN, cleanEnv, runCli } from './testing/run-cli.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting ANSI escape codes
const ANSI = /\x1b\[/;

describe('telemeter (the built bin)', () => {
  it('prints the overview for --help, -h, help and no arguments, listing every command', async () => {
    const results = await Promise.all([['--help'], []].map((args) => runCli(args)));
    for (const argv of [['-h'], ['help']]) {
      const captured = captureIo();
      assert.equal(await main(argv, captured.io), 0);
      assert.equal(captured.stdout(), results[0]!.stdout);
    }
    for (const result of results) {
      assert.equal(result.code, 0, result.stderr);
      for (const spec of COMMANDS) assert.match(result.stdout, new RegExp(`\\n  ${spec.name} +\\S`));
      assert.match(result.stdout, /Exit codes: 0 ok, 1 failure, 2 usage error, 3 lint/);
      assert.equal(result.stderr, '');
    }
  });

  it('has --help and -h on every command, the same text as `telemeter help <cmd>`', async () => {
    const results = await Promise.all(COMMANDS.map((spec) => runCli([...spec.name.split(' '), '--help'])));
    for (const [i, spec] of COMMANDS.entries()) {
      const long = results[i]!;
      assert.equal(long.code, 0, long.stderr);
      assert.ok(long.stdout.startsWith(`Usage: telemeter ${spec.name}`), long.stdout);
      assert.match(long.stdout, /\nOptions:\n/);
      assert.match(long.stdout, /-h, --help/);
      assert.match(long.stdout, /\nExit codes:\n {2}0 /);
      for (const argv of [
        [...spec.name.split(' '), '-h'],
        ['help', ...spec.name.split(' ')],
      ]) {
        const captured = captureIo();
        assert.equal(await main(argv, captured.io), 0);
        assert.equal(captured.stdout(), long.stdout, argv.join(' '));
      }
    }
  });

  it('--help wins over a wrong flag or a missing argument', async () => {
    const result = await runCli(['scrape', '--bogus', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Usage: telemeter scrape URL/);
  });

  it('rejects an unknown flag on every command with exit 2, the flag named and the usage', async () => {
    const results = await Promise.all(
      COMMANDS.map((spec) => runCli([...spec.name.split(' '), 'x', '--no-such-flag'])),
    );
    results.forEach((result, i) => {
      const spec = COMMANDS[i]!;
      assert.equal(result.code, 2, `${spec.name}: ${result.stderr}`);
      assert.match(
        result.stderr,
        new RegExp(`^telemeter ${spec.name}: error: unknown flag '--no-such-flag'`),
      );
      assert.match(result.stderr, new RegExp(`\\nUsage: telemeter ${spec.name}`));
      assert.equal(result.stdout, '');
    });
  });

  it('suggests the flag or command that was probably meant', async () => {
    const [flag, command, group] = await Promise.all([
      runCli(['show', '--jsn']),
      runCli(['qurey', 'up']),
      runCli(['config', 'chek', 'x.yml']),
    ]);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /unknown flag '--jsn' \(did you mean '--json'\?\)/);
    assert.equal(command.code, 2);
    assert.match(command.stderr, /unknown command 'qurey' \(did you mean 'query'\?\)/);
    assert.equal(group.code, 2);
    assert.match(group.stderr, /'config' has no subcommand 'chek': 'telemeter config check'/);
  });

  it('exits 2 for a missing or extra argument, a flag without its value, a bad value', async () => {
    const cases: [string[], RegExp][] = [
      [['scrape'], /missing URL/],
      [['query'], /missing PROMQL/],
      [['config', 'check'], /missing FILE/],
      [['show', 'a', 'b'], /unexpected argument 'b' \(it takes URL\)/],
      [['serve', 'extra'], /unexpected argument 'extra' \(it takes none\)/],
      [['show', '--interval'], /flag '--interval' needs a value/],
      [['show', '--json=yes'], /flag '--json' takes no value/],
      [['show', '--interval', 'soon'], /--interval "soon" is not a duration/],
      [['show', '--filter', '(['], /--filter "\(\[":/],
      [['query', 'up', '--range', '1x'], /--range "1x" is not a duration/],
      [['query', 'up', '--step', '15s'], /--step needs --range/],
      [['query', 'up', '--time', 'yesterday'], /--time "yesterday" is not a time/],
      [['query', 'up', '--time', '-5m'], /write --time=VALUE \(e\.g\. --time=-5m\)/],
      [['query', 'up', '--range', '30d', '--step', '1s'], /over 11000 points per series/],
      [['scrape', 'http://x/metrics', '--format', 'json'], /--format must be prometheus or openmetrics/],
      [['scrape', 'ftp://x/metrics'], /must be http:\/\/ or https:\/\//],
      [['demo', '--listen', '0.0.0.0:9465'], /loopback only/],
      [['demo', '--listen', 'nope'], /--listen: expected HOST:PORT/],
    ];
    // In-process: the bin adds nothing here that the unknown-flag test does not already show.
    for (const [args, pattern] of cases) {
      const captured = captureIo();
      assert.equal(await main(args, captured.io), 2, `${args.join(' ')}: ${captured.stderr()}`);
      assert.match(captured.stderr(), pattern, args.join(' '));
      assert.match(captured.stderr(), /\nUsage: telemeter /);
      assert.equal(captured.stdout(), '');
    }
    const viaBin = await runCli(['show', '--interval']);
    assert.equal(viaBin.code, 2);
    assert.match(viaBin.stderr, /flag '--interval' needs a value/);
  });

  it('prints the version', async () => {
    const result = await runCli(['--version']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^telemeter \d+\.\d+\.\d+\n$/);
  });

  it('writes colour only when asked: never to a pipe, FORCE_COLOR turns it on, NO_COLOR off', async () => {
    const [plain, forced, noColor, forcedOff] = await Promise.all([
      runCli(['show', '--help']),
      runCli(['show', '--help'], { env: { FORCE_COLOR: '1' } }),
      runCli(['show', '--help'], { env: { NO_COLOR: '1' } }),
      runCli(['show', '--help'], { env: { FORCE_COLOR: '0' } }),
    ]);
    assert.doesNotMatch(plain.stdout, ANSI);
    assert.match(forced.stdout, ANSI);
    assert.doesNotMatch(noColor.stdout, ANSI);
    assert.doesNotMatch(forcedOff.stdout, ANSI);
    const error = await runCli(['show', '--bogus'], { env: { FORCE_COLOR: '1' } });
    assert.ok(error.stderr.includes('\x1b[31merror:\x1b[39m'), error.stderr);
  });

  const script = findBinary('script');
  it('writes colour on a terminal unless NO_COLOR is set', {
    skip: script ? false : 'script(1) not installed',
  }, () => {
    // script(1) runs the command on a pseudo-terminal, as a person's shell would.
    const onTty = (env: NodeJS.ProcessEnv) =>
      spawnSync(script!, ['-qec', `${process.execPath} ${BIN} show --help`, '/dev/null'], {
        env,
        encoding: 'utf8',
      });
    const tty = onTty(cleanEnv({ TERM: 'xterm' }));
    assert.equal(tty.status, 0, tty.stderr);
    assert.match(tty.stdout, ANSI);
    const noColor = onTty(cleanEnv({ TERM: 'xterm', NO_COLOR: '1' }));
    assert.equal(noColor.status, 0);
    assert.doesNotMatch(noColor.stdout, ANSI);
  });

  it('explains an unreachable server instead of a stack trace, exit 1', async () => {
    const port = await freePort();
    const result = await runCli(['query', 'up', '--server', `http://127.0.0.1:${port}`]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(
        `^telemeter: error: cannot connect to http://127\\.0\\.0\\.1:${port}/api/v1/query: connection refused`,
      ),
    );
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });
});
