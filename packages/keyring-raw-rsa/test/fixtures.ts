// Keys for the tests, generated at run time (no committed private keys). One 2048-bit pair per file.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

export function rsaPair(bits = 2048): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: bits });
}

/** A self-signed X.509 certificate for `privateKey`, PEM, made with node-forge. */
export function selfSignedCertPem(privateKey: KeyObject, publicKey: KeyObject): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ format: 'pem', type: 'spki' }).toString());
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.UTC(2025, 0, 1));
  cert.validity.notAfter = new Date(Date.UTC(2045, 0, 1));
  const attrs = [{ name: 'commonName', value: 'escrow-test' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  const fk = forge.pki.privateKeyFromPem(privateKey.export({ format: 'pem', type: 'pkcs1' }).toString()) as forge.pki.rsa.PrivateKey;
  cert.sign(fk, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** A PKCS#12 file with the key and certificate (or the certificate alone), made with node-forge. */
export function pkcs12Der(privateKey: KeyObject | null, certPem: string, passphrase: string): Uint8Array {
  const fk = privateKey ? forge.pki.privateKeyFromPem(privateKey.export({ format: 'pem', type: 'pkcs1' }).toString()) : null;
  const asn1 = forge.pkcs12.toPkcs12Asn1(fk, [forge.pki.certificateFromPem(certPem)], passphrase, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}
