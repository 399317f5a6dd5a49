/** Exit codes of every command (docs/cli.md#exit-codes). `scrape` uses promtool's 0/1/3. */
export const EXIT_OK = 0;
/** The command failed: unreachable URL, HTTP or API error, parse error, invalid config. */
export const EXIT_FAILURE = 1;
/** The command line is wrong: unknown command or flag, bad value. Usage is printed. */
export const EXIT_USAGE = 2;
/** `scrape`: the exposition parses but has lint problems (as `promtool check metrics`). */
export const EXIT_LINT = 3;
