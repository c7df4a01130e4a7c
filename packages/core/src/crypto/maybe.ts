/**
 * Working with a backend's MaybePromise results without giving up the synchronous path: a value
 * goes straight on, only a promise waits. Backends return native promises (crypto/backend.ts).
 */
import type { MaybePromise } from './backend.js';

export function isPromise<T>(x: MaybePromise<T>): x is Promise<T> {
  return x instanceof Promise;
}

/**
 * `f(x)`: at once when `x` is a value, after it resolves when it is a promise. (Not named `then`:
 * a module that exports `then` is a thenable, and `await import()` of it calls that.)
 */
export function after<T, U>(x: MaybePromise<T>, f: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return x instanceof Promise ? x.then(f) : f(x);
}

/**
 * `x` on a path that runs synchronously (a node:stream Transform's frame loop): a promise there
 * means the backend in use cannot serve that path.
 */
export function now<T>(x: MaybePromise<T>): T {
  if (x instanceof Promise) {
    x.catch(() => {}); // nobody awaits it: its failure, if any, must not be an unhandled rejection
    throw new TypeError('this path needs a synchronous crypto backend (node:crypto); the one in use answered with a promise');
  }
  return x;
}

/** Runs `f`, turning what it throws or rejects with into `wrap(cause)`. */
export function mapFailure<T>(f: () => MaybePromise<T>, wrap: (cause: unknown) => Error): MaybePromise<T> {
  let r: MaybePromise<T>;
  try {
    r = f();
  } catch (cause) {
    throw wrap(cause);
  }
  return r instanceof Promise ? r.catch((cause: unknown) => Promise.reject(wrap(cause))) : r;
}
