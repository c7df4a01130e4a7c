// A tiny composition of keyrings for the "inside a multi keyring" interop cases, kept local so these
// tests do not depend on @envelope/keyring-multi: generator first, then each child wraps the same
// data key; on decrypt the first keyring that opens an EDK wins.
import type { DecryptionMaterials, EncryptedDataKey, EncryptionMaterials, Keyring } from '@envelope/core';

export function localMulti(generator: Keyring | undefined, children: readonly Keyring[]): Keyring {
  const all = generator ? [generator, ...children] : [...children];
  return {
    async onEncrypt(materials: EncryptionMaterials): Promise<EncryptionMaterials> {
      let m = materials;
      for (const k of all) m = await k.onEncrypt(m);
      return m;
    },
    async onDecrypt(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[]): Promise<DecryptionMaterials> {
      const errors: unknown[] = [];
      for (const k of all) {
        try {
          const m = await k.onDecrypt(materials, edks);
          if (m.plaintextDataKey) return m;
        } catch (err) {
          errors.push(err);
        }
      }
      if (errors.length > 0) throw errors[0];
      return materials;
    },
  };
}
