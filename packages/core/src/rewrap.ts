/**
 * Rewrap: the same plaintext under other keys. The data key is opened with `from` and wrapped again
 * by `to` (no other key service call); v2 messages get a new message id and their body sealed again
 * under the new derived key, frame by frame (rewrapper.ts says why); v1 messages keep their id and
 * body and get a fresh header IV. Signed suites get a fresh signing key and a new footer.
 */
import { asBuffer } from './internal/bytes.js';
import { throwIfAborted } from './internal/abort.js';
import { InvalidArgumentError, needs } from './errors.js';
import type { KeyAttempt } from './errors.js';
import type { SkippedKey } from './materials.js';
import type { CommitmentPolicy, EncryptionContext, KeyDescription, Keyring } from './materials.js';
import type { MaterialsManager } from './materials_manager.js';
import { toMaterialsManager } from './managers/default_materials_manager.js';
import type { MessageHeader } from './header_types.js';
import type { DecryptOptions } from './options.js';
import { MessageDecoder } from './decoder.js';
import { footerOf } from './format/footer.js';
import type { ParsedHeader } from './format/header.js';
import { resealPart, rewrapHeader, rewrapKeys, rewrapTarget, type RewrapKeys, type RewrapTarget } from './rewrapper.js';
import { describeMessage, describeOpenedBy, traced } from './telemetry/operation_telemetry.js';
import { TELEMETRY_NAMES } from './telemetry_names.js';
import { activeTracer } from './telemetry/otel.js';

/** Options of {@link rewrap} and {@link rewrapStream}. */
export interface RewrapOptions {
  /** Opens the message's data key: a keyring, or a materials manager (as `decrypt` takes). */
  readonly from: Keyring | MaterialsManager;
  /** Wraps the data key again; only its keys are in the new header. A Keyring, not a manager. */
  readonly to: Keyring;
  /** Which messages may be read (default 'require-encrypt-require-decrypt'). The suite is kept as it is. */
  readonly commitmentPolicy?: CommitmentPolicy;
  /** Pairs that must be present in the message's encryption context (as for `decrypt`). */
  readonly encryptionContext?: EncryptionContext;
  /** Refuse messages with more encrypted data keys than this, and to write more than this. */
  readonly maxEncryptedDataKeys?: number;
  /** Largest frame length accepted (default 64 MiB), checked before any buffering. */
  readonly maxFrameLength?: number;
  /** Largest header accepted (default 1 MiB), checked before any buffering. */
  readonly maxHeaderSize?: number;
  /** Streams only: largest non-framed body buffered before it is refused (default 64 MiB). */
  readonly maxBodySize?: number;
  /** Cancels the call: outstanding keyring requests are aborted, the call rejects with AbortedError. */
  readonly signal?: AbortSignal;
  /**
   * Accept a new message with fewer keys (or fewer key providers) than the old one, e.g. a key of
   * `to` skipped under its `minKeys` while its region is down. Default: false when `from` and `to`
   * are the same keyring (a repair, which must not lose keys), true otherwise (moving to other
   * keys). When refused, the call fails with KeyringError naming the skipped keys.
   */
  readonly allowFewerKeys?: boolean;
}

/** Result of {@link rewrap}. */
export interface RewrapResult {
  /** The new message: new header, the body (v2: sealed again under the new message key), and (signed suites) a new footer. */
  readonly ciphertext: Uint8Array;
  /** The new header (same suite, frame length and context; `to`'s keys; v2: a new message id). */
  readonly header: MessageHeader;
  /** The key of `from` that opened the message, when the keyring says. */
  readonly decryptedBy?: KeyDescription;
  /** Keys of `from` tried before (or besides) the one that worked, when the keyring says. */
  readonly attempts?: readonly KeyAttempt[];
  /** Keys `to` was configured with but skipped (only when it allows fewer keys, `minKeys`). */
  readonly skippedKeys?: readonly SkippedKey[];
}

/** The decrypt options of a rewrap: how the old message is read. */
export function readOptions(o: RewrapOptions): DecryptOptions {
  const out: { -readonly [K in keyof DecryptOptions]: DecryptOptions[K] } = {};
  if (o.commitmentPolicy !== undefined) out.commitmentPolicy = o.commitmentPolicy;
  if (o.encryptionContext !== undefined) out.encryptionContext = o.encryptionContext;
  if (o.maxEncryptedDataKeys !== undefined) out.maxEncryptedDataKeys = o.maxEncryptedDataKeys;
  if (o.maxFrameLength !== undefined) out.maxFrameLength = o.maxFrameLength;
  if (o.maxHeaderSize !== undefined) out.maxHeaderSize = o.maxHeaderSize;
  if (o.maxBodySize !== undefined) out.maxBodySize = o.maxBodySize;
  if (o.signal !== undefined) out.signal = o.signal;
  return out;
}

/** What the new header needs: `to`, limits, and whether fewer keys are refused. */
export function targetOf(o: RewrapOptions, to: Keyring): RewrapTarget {
  return { to, maxEncryptedDataKeys: o.maxEncryptedDataKeys, signal: o.signal, keepKeys: !(o.allowFewerKeys ?? o.from !== o.to) };
}

/** Checks the options object itself: `from` and `to` must be there. */
export function checkRewrapOptions(o: RewrapOptions): { from: MaterialsManager; to: Keyring } {
  needs(o !== null && typeof o === 'object', InvalidArgumentError, 'rewrap needs options { from, to }');
  return { from: toMaterialsManager(o.from), to: rewrapTarget(o.to) };
}

/**
 * Rewraps a whole message: opens its data key with `from`, verifies the whole message (commitment,
 * header tag, every frame tag, the old signature) while sealing each verified part again under the
 * new message key, and only then wraps the data key with `to` and returns the new message. The
 * plaintext goes nowhere but into the new sealer and is wiped; so is the data key, at the end.
 * @example
 * const { ciphertext } = await rewrap(old, { from: oldKeyring, to: newKeyring });
 */
export function rewrap(ciphertext: Uint8Array, options: RewrapOptions): Promise<RewrapResult> {
  // No closures, no span: the common case (no SDK registered) costs one provider lookup.
  if (activeTracer() === undefined) return rewrapMessage(ciphertext, options);
  return traced(TELEMETRY_NAMES.spans.rewrap, () => rewrapMessage(ciphertext, options), (span, r) => {
    describeMessage(span, r.header);
    describeOpenedBy(span, r.decryptedBy);
    span.setAttribute('envelope.ciphertext.bytes', ciphertext.length);
    span.setAttribute('envelope.rewrapped.bytes', r.ciphertext.length);
  });
}

async function rewrapMessage(ciphertext: Uint8Array, options: RewrapOptions): Promise<RewrapResult> {
  const { from, to } = checkRewrapOptions(options);
  throwIfAborted(options.signal);
  needs(ciphertext instanceof Uint8Array, InvalidArgumentError, 'ciphertext must be a Uint8Array');
  const input = asBuffer(ciphertext);
  const body: Buffer[] = [];
  const seen: { header?: ParsedHeader; dataKey?: Uint8Array; keys?: RewrapKeys } = {};
  const decoder = new MessageDecoder(from, readOptions(options), false, {
    opened: async (header, _materials, dataKey) => {
      seen.header = header;
      seen.dataKey = dataKey;
      seen.keys = await rewrapKeys(header, dataKey);
    },
    part: (head, plaintext) => resealPart(seen.keys!, head, plaintext, (b) => body.push(b)),
  });
  try {
    // Plaintext goes only into the new sealer, which wipes it; what reaches `emit` is zeros.
    const wipe = (pt: Buffer): void => void pt.fill(0);
    await decoder.write(input, wipe);
    await decoder.end(wipe);
    const w = await rewrapHeader(targetOf(options, to), seen.header!, seen.dataKey!, seen.keys!);
    if (w.signer) for (const b of body) w.signer.update(b);
    const footer = w.signer ? [footerOf(await w.signer.sign())] : [];
    const m = decoder.materials!;
    return {
      ciphertext: Buffer.concat([w.headerBytes, ...body, ...footer]),
      header: w.header,
      ...(m.decryptedBy ? { decryptedBy: m.decryptedBy } : {}),
      ...(m.attempts ? { attempts: m.attempts } : {}),
      ...(w.skippedKeys ? { skippedKeys: w.skippedKeys } : {}),
    };
  } finally {
    seen.dataKey?.fill(0);
  }
}
