/**
 * RSA paddings of the AWS ESDK raw RSA keyring. OAEP uses MGF1 with the same hash as OAEP.
 * `pkcs1` (PKCS#1 v1.5) is legacy: keep it for reading old messages, use OAEP for new escrow keys.
 */
export type RsaPadding = 'oaep-sha1' | 'oaep-sha256' | 'oaep-sha384' | 'oaep-sha512' | 'pkcs1';

/** The least RSA modulus accepted, in bits. */
export const MIN_RSA_BITS = 2048;

/** Every padding name, in the order config errors list them. */
export const RSA_PADDINGS: readonly RsaPadding[] = Object.freeze(['oaep-sha1', 'oaep-sha256', 'oaep-sha384', 'oaep-sha512', 'pkcs1']);

/** True if `value` is one of {@link RSA_PADDINGS}. */
export function isRsaPadding(value: unknown): value is RsaPadding {
  return typeof value === 'string' && (RSA_PADDINGS as readonly string[]).includes(value);
}
