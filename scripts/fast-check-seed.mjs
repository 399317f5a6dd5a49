// Loaded into every test process by scripts/run-tests.mjs. Under CI the property tests run with a
// pinned seed, so a run is reproducible and a submission cannot fail on a seed nobody saw;
// elsewhere each run explores new cases. FC_SEED=<n> pins any seed (fast-check prints the seed of
// a failure, so a failing case found locally can be replayed), FC_SEED=random never pins.
import fc from 'fast-check';

const requested = process.env.FC_SEED;
const seed =
  requested === 'random'
    ? undefined
    : requested !== undefined
      ? Number(requested)
      : process.env.CI === 'true'
        ? 20261122
        : undefined;
if (seed !== undefined) {
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got ${requested}`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
