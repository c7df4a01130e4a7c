/** The RSA paddings as node:crypto's publicEncrypt/privateDecrypt options. */
import { constants } from 'node:crypto';
import type { RsaPadding } from '../rsa_padding.js';

/** node:crypto options for `publicEncrypt` / `privateDecrypt` with this padding. */
export function nodePaddingOptions(padding: RsaPadding): { padding: number; oaepHash?: string } {
  if (padding === 'pkcs1') return { padding: constants.RSA_PKCS1_PADDING };
  return { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: padding.slice('oaep-'.length) };
}
