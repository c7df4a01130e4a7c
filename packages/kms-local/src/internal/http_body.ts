/**
 * Reading request bodies with a bound. A body over the limit is answered (413, AWS-shaped), not
 * dropped: the rest is read and discarded, up to a second bound after which the connection closes.
 */
import type { IncomingMessage } from 'node:http';

/** AWS KMS requests are far smaller; 1 MiB bounds what one request may make the server hold. */
export const MAX_BODY = 1024 * 1024;
const MAX_DISCARD = 16 * MAX_BODY;

/** The body, or `'too-large'` once more than MAX_BODY bytes arrived (the rest is drained). */
export function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let n = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (over) {
        if (n > MAX_DISCARD) req.destroy();
        return;
      }
      if (n > MAX_BODY) {
        over = true;
        parts.length = 0;
        resolve('too-large');
      } else parts.push(c);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(parts)));
    req.on('error', reject);
  });
}
