/**
 * The loopback names kms-local answers to, as a request's `Host` and as a page's `Origin`. It
 * listens on 127.0.0.1 only, so a request naming another host reached it through a name that
 * resolves to loopback: a page on another site after DNS rebinding, which could otherwise sign
 * requests with kms-local's public default credentials. Pages on loopback origins get CORS.
 */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;
const SCHEME = /^https?:\/\//i;

/** Whether a request's `Host` header names a loopback address (with or without a port). */
export function isLoopbackHost(host: string | undefined): boolean {
  return LOOPBACK_HOST.test(host ?? '');
}

/** Whether an `Origin` is an http or https origin on a loopback address. */
export function isLoopbackOrigin(origin: string | undefined): boolean {
  return origin !== undefined && SCHEME.test(origin) && isLoopbackHost(origin.replace(SCHEME, ''));
}
