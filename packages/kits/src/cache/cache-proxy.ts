/**
 * How instrumentCache() and the cache adapters put their counting methods in front of a cache:
 * a Proxy (the default), or patched onto the instance (`inPlace: true`).
 *
 * Proxy. Methods run on the *target*, not on the proxy: Map methods and classes with `#private`
 * fields (lru-cache) throw when called on a Proxy. So every method read through the proxy (a
 * function inherited from the prototype chain) is replaced by a forwarder that maps
 * `this === proxy` to the target and leaves any other `this` alone (a detached call still fails
 * exactly as it would on the bare cache), and a result that is the target itself (Map#set's
 * `this`) is mapped back to the proxy, so chained calls stay counted.
 * Getters and setters also run with the target as receiver (`size` reads an internal slot).
 *
 * In place. The counting methods become own, non-enumerable properties of the cache shadowing
 * its prototype's, so every holder of the cache is counted and no Proxy trap runs (about half the
 * overhead, see bench/cache.bench.mjs); stop() deletes them again.
 *
 * The counting methods are built once, from the target's methods at wrap time.
 */
import type { CacheMetrics } from './cache-metrics.js';

// biome-ignore lint/complexity/noBannedTypes: any callable, called through apply()
export type AnyFunction = Function;

export interface ProxyContext {
  readonly target: object;
  /** The proxy, or the target itself in place (set once created; wrappers only read it when called). */
  proxy: object;
  /** The receiver to call the target's methods with. */
  self(thisArg: unknown): unknown;
  /** Maps a result that is the target back to the proxy. */
  result<R>(thisArg: unknown, value: R): R;
}

/** Builds an instrumented method from the target's original (bound to nothing). */
export type MethodFactory = (original: AnyFunction, ctx: ProxyContext) => AnyFunction;

const tags = new WeakMap<object, CacheMetrics>();

/**
 * Returns the proxy (or, in place, the cache itself) whose methods count into `metrics`.
 * While `metrics.active` is false the proxy only forwards; stop() undoes an in-place patch.
 */
export function wrapCache<C extends object>(
  target: C,
  factories: Readonly<Record<string, MethodFactory>>,
  metrics: CacheMetrics,
  inPlace: boolean,
): C {
  const ctx: ProxyContext = {
    target,
    proxy: target,
    self: (thisArg) => (thisArg === ctx.proxy ? target : thisArg),
    result: (thisArg, value) =>
      (value as unknown) === target && thisArg === ctx.proxy ? (ctx.proxy as never) : value,
  };
  const instrumented = new Map<PropertyKey, AnyFunction>();
  for (const [name, factory] of Object.entries(factories)) {
    const original = (target as Record<string, unknown>)[name];
    if (typeof original === 'function')
      instrumented.set(name, likeOriginal(factory(original, ctx), original));
  }
  if (inPlace) {
    patchInPlace(target, instrumented, metrics);
    tags.set(target, metrics);
    return target;
  }
  const forwarders = new WeakMap<AnyFunction, AnyFunction>();
  const forwarder = (original: AnyFunction): AnyFunction => {
    let fn = forwarders.get(original);
    if (fn === undefined) {
      fn = likeOriginal(function (this: unknown, ...args: unknown[]) {
        return ctx.result(this, original.apply(ctx.self(this), args));
      }, original);
      forwarders.set(original, fn);
    }
    return fn;
  };
  /** Properties checked to be methods inherited from the prototype chain (the ones to forward). */
  const methods = new Map<PropertyKey, AnyFunction>();
  // get() is the hot path: one comparison instead of a Map lookup.
  const instrumentedGet = instrumented.get('get');
  const proxy = new Proxy(target, {
    get(t, prop) {
      if (metrics.active) {
        if (prop === 'get' && instrumentedGet !== undefined) return instrumentedGet;
        const fn = instrumented.get(prop);
        if (fn !== undefined) return fn;
      }
      const value = Reflect.get(t, prop, t);
      if (typeof value !== 'function') return value;
      if (methods.get(prop) === value) return forwarder(value);
      if (!isInheritedMethod(t, prop)) return value;
      methods.set(prop, value);
      return forwarder(value);
    },
    set(t, prop, value) {
      return Reflect.set(t, prop, value, t);
    },
  });
  ctx.proxy = proxy;
  tags.set(proxy, metrics);
  return proxy;
}

function patchInPlace(target: object, methods: Map<PropertyKey, AnyFunction>, metrics: CacheMetrics): void {
  const record = target as Record<PropertyKey, unknown>;
  for (const [name, fn] of methods) {
    const own = Object.getOwnPropertyDescriptor(target, name);
    Object.defineProperty(target, name, { value: fn, writable: true, configurable: true, enumerable: false });
    metrics.onStop(() => {
      if (record[name] !== fn) return; // patched over since: leave it
      if (own !== undefined) Object.defineProperty(target, name, own);
      else delete record[name];
    });
  }
  metrics.onStop(() => tags.delete(target));
}

/**
 * Whether `prop` is a method found on the prototype chain: those need `this` mapped to the target.
 * Own properties (a function stored on the instance, e.g. TTLCache's `dispose`), accessors (lru-cache's
 * `fetchMethod` getter) and `constructor` are handed out as they are, so their identity is kept.
 */
function isInheritedMethod(target: object, prop: PropertyKey): boolean {
  if (prop === 'constructor' || Object.hasOwn(target, prop)) return false;
  for (let proto = Object.getPrototypeOf(target); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, prop);
    if (descriptor !== undefined) return 'value' in descriptor;
  }
  return false;
}

/** Gives `fn` the name and length of `original`, so the wrapper looks like the method it stands for. */
function likeOriginal(fn: AnyFunction, original: AnyFunction): AnyFunction {
  Object.defineProperty(fn, 'name', { value: original.name, configurable: true });
  Object.defineProperty(fn, 'length', { value: original.length, configurable: true });
  return fn;
}

/** The CacheMetrics a wrapped (or in-place instrumented) cache counts into, if any. */
export function tagOf(value: unknown): CacheMetrics | undefined {
  return typeof value === 'object' && value !== null ? tags.get(value) : undefined;
}
