// A test script that cannot be parsed: the 1-based line and what is wrong with it.

export class TestScriptError extends Error {
  override name = 'TestScriptError';
  readonly line: number;

  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}
