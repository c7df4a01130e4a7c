/**
 * The Host names kms-local answers to. It listens on 127.0.0.1 only, so a request naming another
 * host reached it through a name that resolves to loopback: a page on another site after DNS
 * rebinding, which could otherwise sign requests with kms-local's public default credentials.
 */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

/** Whether a request's `Host` header names a loopback address (with or without a port). */
export function isLoopbackHost(host: string | undefined): boolean {
  return LOOPBACK_HOST.test(host ?? '');
}
