/**
 * Recovering a threshold data key: open shares custodian by custodian until `threshold` are open,
 * then recombine. The keyring cannot tell a forged share from a real one (it never sees the
 * header), so it recombines exactly `threshold` shares and leaves the verdict to the message's key
 * commitment and header tag: a wrong key ends as a typed error there, never as plaintext.
 */
import { combine } from 'shamir-secret-sharing';
import {
  AbortedError,
  KeyringError,
  NoKeyDecryptedError,
  type DecryptionMaterials,
  type EncryptedDataKey,
  type KeyAttempt,
  type Keyring,
  type KeyringCallOptions,
} from '@envelope/core';
import { custodianEdk, type ShareInfo } from '../share_info.js';

/** A share EDK of this threshold key and its parsed provider info. */
export interface ShareEdk {
  readonly edk: EncryptedDataKey;
  readonly info: ShareInfo;
}

export interface RecoverSettings {
  readonly keyNamespace: string;
  readonly keyId: string;
  readonly threshold: number;
  readonly custodians: readonly Keyring[];
  readonly options: KeyringCallOptions;
}

/** One share the message holds: a custodian, an x-coordinate, and the custodian's EDK(s) of it. */
interface ShareGroup {
  readonly index: number;
  readonly x: number;
  readonly inner: EncryptedDataKey[];
}

/** Opens shares until `threshold` are open and recombines them; NoKeyDecryptedError with fewer. */
export async function recoverDataKey(materials: DecryptionMaterials, shares: readonly ShareEdk[], s: RecoverSettings): Promise<DecryptionMaterials> {
  const n = s.custodians.length;
  const attempts: KeyAttempt[] = [];
  const fits = shares.filter((sh) => sh.info.threshold === s.threshold && sh.info.custodians === n);
  if (fits.length < shares.length) {
    const odd = shares.find((sh) => !fits.includes(sh))!.info;
    attempts.push(attempt(s, undefined, `the message holds shares split ${odd.threshold} of ${odd.custodians}; this keyring is ${s.threshold} of ${n} custodians`));
  }
  const groups = groupShares(fits);
  const keyLength = materials.suite.keyLength;
  const { plaintextDataKey: _k, decryptedBy: _d, attempts: _a, ...base } = materials;
  const opened: { x: number; y: Uint8Array }[] = [];
  try {
    for (const g of groups) {
      if (opened.length >= s.threshold) break;
      if (s.options.signal?.aborted) throw new AbortedError(`threshold keyring ${s.keyId}: aborted while opening shares`, { cause: s.options.signal.reason });
      if (opened.some((o) => o.x === g.x)) {
        attempts.push(attempt(s, g.index, `share x=${g.x} appears twice in the message; ignored`));
        continue;
      }
      try {
        const m = await s.custodians[g.index]!.onDecrypt(base, g.inner, s.options);
        const y = m.plaintextDataKey;
        if (y === undefined) {
          attempts.push(attempt(s, g.index, 'its keyring did not recognise the EDK of its share'));
        } else if (y.length !== keyLength) {
          y.fill(0);
          attempts.push(attempt(s, g.index, `its keyring returned a share of ${y.length} bytes, not ${keyLength}`));
        } else {
          opened.push({ x: g.x, y });
        }
      } catch (error) {
        attempts.push(attempt(s, g.index, error instanceof Error ? error.message : String(error), error));
      }
    }
    if (opened.length < s.threshold) {
      const absent = [...Array(n).keys()].filter((i) => !groups.some((g) => g.index === i));
      for (const i of absent) attempts.push(attempt(s, i, 'the message holds no share for this custodian'));
      const lines = attempts.map((a) => `  ${a.keyId}: ${a.reason ?? ''}`);
      throw new NoKeyDecryptedError(
        attempts,
        `threshold keyring ${s.keyId}: opened ${opened.length} of the ${s.threshold} shares needed (${n} custodians); tried:\n${lines.join('\n')}`,
      );
    }
    const dataKey = await recombine(opened, keyLength);
    const withKey: DecryptionMaterials = { ...materials, plaintextDataKey: dataKey, decryptedBy: { providerId: s.keyNamespace, keyId: s.keyId } };
    return attempts.length ? { ...withKey, attempts: [...(materials.attempts ?? []), ...attempts] } : withKey;
  } finally {
    for (const o of opened) o.y.fill(0);
  }
}

/** Groups share EDKs by (custodian, x), custodians in index order (a custodian may have several EDKs). */
function groupShares(shares: readonly ShareEdk[]): ShareGroup[] {
  const groups = new Map<string, ShareGroup>();
  for (const { edk, info } of shares) {
    const key = `${info.custodianIndex}:${info.shareX}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { index: info.custodianIndex, x: info.shareX, inner: [] }));
    g.inner.push(custodianEdk(info, edk));
  }
  return [...groups.values()].sort((a, b) => a.index - b.index);
}

/** Shares are y-values || x (the library's layout); every buffer but the result is wiped. */
async function recombine(opened: readonly { x: number; y: Uint8Array }[], keyLength: number): Promise<Uint8Array> {
  const full = opened.map(({ x, y }) => {
    const share = new Uint8Array(keyLength + 1);
    share.set(y);
    share[keyLength] = x;
    return share;
  });
  try {
    return await combine(full);
  } catch (cause) {
    throw new KeyringError('threshold keyring: the shares could not be recombined', [], { cause });
  } finally {
    for (const f of full) f.fill(0);
  }
}

function attempt(s: RecoverSettings, index: number | undefined, reason: string, error?: unknown): KeyAttempt {
  const keyId = index === undefined ? s.keyId : `${s.keyId} custodian ${index}`;
  return { keyring: 'threshold', keyId, reason, ...(error !== undefined ? { error } : {}) };
}
