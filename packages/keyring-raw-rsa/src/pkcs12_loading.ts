/**
 * PKCS#12 (.p12/.pfx) through node-forge, which node:crypto cannot parse. forge only parses: the
 * key is handed to node:crypto as a KeyObject and all crypto runs there.
 */
import { Buffer } from 'node:buffer';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type forgeNs from 'node-forge';
import { loadForge } from './internal/forge.js';
import { ConfigError } from '@envelope/core';
import { checkRsaKey } from './rsa_key_loading.js';

/** What a PKCS#12 file held. */
export interface Pkcs12Keys {
  /** The private key, if the file has one. */
  readonly privateKey?: KeyObject;
  /** The public key: of the private key, else of the first certificate. */
  readonly publicKey: KeyObject;
}

/** Loads the RSA key (and/or certificate) of a PKCS#12 file. Wrong passphrase or damaged file: ConfigError. */
export function loadPkcs12(data: Uint8Array, passphrase: string, options: { label?: string } = {}): Pkcs12Keys {
  const label = options.label ?? 'PKCS#12 file';
  const forge = loadForge();
  let p12: forgeNs.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(data).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, passphrase);
  } catch {
    // forge's messages can quote ASN.1 content; keep ours generic.
    throw new ConfigError(`${label} could not be read: wrong passphrase or damaged file`);
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag ?? '' })[forge.pki.oids.pkcs8ShroudedKeyBag ?? ''] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag ?? '' })[forge.pki.oids.keyBag ?? ''] ?? []),
  ];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag ?? '' })[forge.pki.oids.certBag ?? ''] ?? [];
  const forgeKey = keyBags.find((b) => b.key !== undefined)?.key;
  if (forgeKey !== undefined) {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(forge.pki.privateKeyToPem(forgeKey));
    } catch {
      throw new ConfigError(`${label}: its private key is not an RSA key node:crypto can use`);
    }
    checkRsaKey(privateKey, `${label} private key`);
    return { privateKey, publicKey: createPublicKey(privateKey) };
  }
  const cert = certBags.find((b) => b.cert !== undefined)?.cert;
  if (cert === undefined) throw new ConfigError(`${label} holds neither a private key nor a certificate`);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(forge.pki.publicKeyToPem(cert.publicKey));
  } catch {
    throw new ConfigError(`${label}: its certificate does not hold an RSA public key`);
  }
  return { publicKey: checkRsaKey(publicKey, `${label} certificate key`) };
}
