/** Checks of the options the cache and pool kits take besides `{ registry, prefix, labels }`. */
import { InvalidConfigError } from '@telemeter/core';

/** The name label of one cache or pool: any non-empty string (it names a thing, so it is bounded). */
export function checkName(fn: string, name: unknown, what: string): string {
  if (typeof name !== 'string' || name === '') {
    throw new InvalidConfigError('name', `${fn}: name must be a non-empty string naming the ${what}`);
  }
  return name;
}

/** A positive number of seconds, or 0 where `allowZero`. */
export function checkSeconds(fn: string, key: string, value: unknown, allowZero: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new InvalidConfigError(
      key,
      `${fn}: ${key} must be a ${allowZero ? 'non-negative' : 'positive'} number of seconds, got ${String(value)}`,
    );
  }
  return value;
}

/** Values the kit counts by: bounded by construction, so anything unexpected becomes "other". */
export function boundedLabelValue(value: unknown): string {
  return typeof value === 'string' && /^[a-z][a-z0-9_]{0,31}$/.test(value) ? value : 'other';
}
