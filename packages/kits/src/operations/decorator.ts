/**
 * `@tracker.decorator('name')` on class methods. Written for TC39 standard decorators (TypeScript 5
 * with `experimentalDecorators` off: `(value, context)`), and also accepts the legacy
 * `(target, key, descriptor)` call of `experimentalDecorators: true` (NestJS, older Angular), so one
 * decorator works in either build. The method is wrapped once, when the class is defined.
 */
import { InvalidOperationError } from './errors.js';
import type { AnyFunction } from './wrap.js';

/** A method decorator usable in both decorator modes. */
export interface OperationDecorator {
  <This, A extends unknown[], R>(
    value: (this: This, ...args: A) => R,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: A) => R>,
  ): (this: This, ...args: A) => R;
  <T>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): TypedPropertyDescriptor<T>;
}

function keyName(key: string | symbol): string {
  return typeof key === 'symbol' ? (key.description ?? '') : key;
}

/** Builds the decorator; `track` wraps a method under the operation name. */
export function operationDecorator(
  name: string | undefined,
  track: (name: string, fn: AnyFunction) => AnyFunction,
): OperationDecorator {
  const resolve = (key: string | symbol) => {
    const resolved = name ?? keyName(key);
    if (resolved === '') {
      throw new InvalidOperationError(
        '',
        'a method named by a symbol without a description needs an explicit name',
      );
    }
    return resolved;
  };
  function decorate(value: unknown, context: unknown, descriptor?: PropertyDescriptor): unknown {
    if (descriptor !== undefined && (typeof context === 'string' || typeof context === 'symbol')) {
      if (typeof descriptor.value !== 'function') {
        throw new InvalidOperationError(
          name ?? keyName(context),
          `@decorator() applies to methods only; "${keyName(context)}" is an accessor or field`,
        );
      }
      return { ...descriptor, value: track(resolve(context), descriptor.value) };
    }
    const ctx = context as Partial<ClassMethodDecoratorContext> | undefined;
    if (ctx?.kind !== 'method' || typeof value !== 'function') {
      throw new InvalidOperationError(
        name ?? '',
        `@decorator() applies to class methods only, not to a ${String(ctx?.kind ?? typeof value)}; wrap functions with track()`,
      );
    }
    return track(resolve(ctx.name as string | symbol), value as AnyFunction);
  }
  return decorate as OperationDecorator;
}
