/** Two transforms as one (node:stream's compose, which @types/node 20 does not declare). */
import * as streams from 'node:stream';
import type { Transform } from 'node:stream';

const compose = (streams as unknown as { compose: (...s: Transform[]) => Transform }).compose;

/** `first` then `second`: write into the first, read from the second; an error in either ends both. */
export function chain(first: Transform, second: Transform): Transform {
  return compose(first, second);
}
