/**
 * In-place method patching for the pool adapters. Pools are shared objects that libraries hold
 * on to, and call their own methods internally (generic-pool's use() calls this.acquire()), so the
 * adapters patch the instance rather than wrap it: the patched method is an own, non-enumerable
 * property shadowing the prototype's, and the returned function removes it again.
 */

// biome-ignore lint/complexity/noBannedTypes: any callable, called through apply()
export type AnyFunction = Function;

/** Replaces `obj[name]` with `wrap(original)`; the result undoes it (unless someone patched over us). */
export function patchMethod(
  obj: object,
  name: string,
  wrap: (original: AnyFunction) => AnyFunction,
): () => void {
  const target = obj as Record<string, unknown>;
  const original = target[name];
  if (typeof original !== 'function') return () => {};
  const own = Object.getOwnPropertyDescriptor(obj, name);
  const wrapped = wrap(original);
  Object.defineProperty(wrapped, 'name', { value: original.name, configurable: true });
  Object.defineProperty(wrapped, 'length', { value: original.length, configurable: true });
  Object.defineProperty(obj, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
  return () => {
    if (target[name] !== wrapped) return;
    if (own !== undefined) Object.defineProperty(obj, name, own);
    else delete target[name];
  };
}

/** Whether `value` can key a WeakMap/WeakSet. */
export function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/**
 * Calls `onValue` / `onError` when `value` settles if it is a thenable, else `onValue` right away.
 * A thenable is returned as a promise derived from it (made by its own `then`, so a custom Promise
 * class stays that class) that settles the same way: same value, same error object. Returning the
 * original instead would hide the caller's missing `catch`: our handler marks the original handled,
 * so a rejection nobody else awaits would no longer be reported as an unhandled rejection.
 */
export function whenSettled<T>(value: T, onValue: (v: unknown) => void, onError: (e: unknown) => void): T {
  if (isThenable(value)) {
    const derived: unknown = value.then(
      (v) => {
        safely(onValue, v);
        return v;
      },
      (e) => {
        safely(onError, e);
        throw e;
      },
    );
    // A bare thenable whose then() returns nothing has no rejection tracking to preserve.
    return isThenable(derived) ? (derived as T) : value;
  }
  safely(onValue, value);
  return value;
}

/** Whether `value` is a promise or another thenable. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return isObject(value) && typeof (value as { then?: unknown }).then === 'function';
}

/** Runs a metrics callback; a failure there must never reach the application. */
export function safely<A>(fn: (arg: A) => void, arg: A): void {
  try {
    fn(arg);
  } catch {
    // Metrics are best effort.
  }
}
