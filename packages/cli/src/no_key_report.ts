/**
 * When no key opens a message (exit 3), the error says what the message holds (provider, key,
 * region; the fingerprint of `-r` keys) beside what was given, so a wrong `--identity` or config
 * shows at a glance.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { NoKeyDecryptedError, type MessageHeader } from '@envelope/core';
import { recipientKeyName, type KeyringFlags } from './keyring_flags.js';

/** What the key flags gave, one entry per key or config. */
export function givenKeys(f: KeyringFlags): string[] {
  const identities = (f.identity ?? []).map((file) => {
    try {
      return `--identity ${file} (${recipientKeyName(createPublicKey(readFileSync(file, 'latin1')))})`;
    } catch {
      return `--identity ${file}`; // encrypted, or unreadable: its name is all we can say
    }
  });
  const kms = (f.kms ?? []).map((k) => `--kms ${k}${f.regions ? ` in ${f.regions}` : ''}`);
  const config = f.config ?? (process.env['ENVELOPE_CONFIG'] || undefined);
  return [...identities, ...kms, ...(identities.length + kms.length === 0 && config ? [`--config ${config}`] : [])];
}

/** The message's keys, as inspect shows them. */
export async function messageKeys(header: MessageHeader): Promise<string[]> {
  // The registry (every provider's describer) loads only to explain a failure.
  const registry = (await import('@envelope/client')).createRegistry();
  return header.encryptedDataKeys.map((e) => {
    const k = registry.describeEdk(e);
    return `${k.providerId} ${k.keyId}${k.region ? ` [${k.region}]` : ''}`;
  });
}

/**
 * Turns a NoKeyDecryptedError into one that also lists the message's keys (from the gate that saw
 * its header) and the keys given: same class, same attempts, same exit code.
 */
export function noKeyExplained(gate: { readonly header: MessageHeader | undefined }, flags: KeyringFlags): (e: unknown) => Promise<unknown> {
  return async (e) => {
    const header = gate.header;
    if (!(e instanceof NoKeyDecryptedError) || header === undefined) return e;
    const lines = [e.message, 'the message can be opened by:', ...(await messageKeys(header)).map((k) => `  ${k}`), 'given:', ...givenKeys(flags).map((k) => `  ${k}`)];
    return new NoKeyDecryptedError(e.attempts, lines.join('\n'));
  };
}
