/** The flags that choose a keyring (--config, -r, --identity, --kms and friends), as commander parses them: a file of its own so that kms_flags.ts, loaded on demand by keyring_flags.ts, does not import it back. */
export interface KeyringFlags {
  config?: string;
  recipient?: string[];
  identity?: string[];
  kms?: string[];
  regions?: string;
  passphraseEnv?: string;
  discovery?: boolean;
  discoveryAccount?: string[];
  discoveryPartition?: string;
}
