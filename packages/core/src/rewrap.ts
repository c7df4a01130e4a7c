/**
 * Rewrap: the same message under other keys, without re-encrypting the body. The data key is
 * opened with `from` and wrapped again by `to`; the header is written anew (same message id, suite,
 * frame length and context) and the body frames are carried over byte for byte. Signed suites get
 * a fresh signing key and a new footer over the new header and the unchanged body.
 */
import { asBuffer } from './internal/bytes.js';
import { throwIfAborted } from './internal/abort.js';
import { InvalidArgumentError, needs } from './errors.js';
import type { KeyAttempt } from './errors.js';
import type { CommitmentPolicy, EncryptionContext, KeyDescription, Keyring } from './materials.js';
import { toMaterialsManager, type MaterialsManager } from './materials_manager.js';
import type { MessageHeader } from './header_types.js';
import type { DecryptOptions } from './options.js';
import { MessageDecoder } from './decoder.js';
import { maxFooterLength, writeFooter } from './format/footer.js';
import type { ParsedHeader } from './format/header.js';
import { rewrapHeader, rewrapTarget } from './rewrapper.js';
import { describeMessage, describeOpenedBy, traced } from './internal/operation_telemetry.js';
import { TELEMETRY_NAMES } from './telemetry_names.js';
import { activeTracer } from './internal/otel.js';

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
}

/** Result of {@link rewrap}. */
export interface RewrapResult {
  /** The new message: new header, the old body, and (signed suites) a new footer. */
  readonly ciphertext: Uint8Array;
  /** The new header (same message id, suite, frame length and context; `to`'s keys). */
  readonly header: MessageHeader;
  /** The key of `from` that opened the message, when the keyring says. */
  readonly decryptedBy?: KeyDescription;
  /** Keys of `from` tried before (or besides) the one that worked, when the keyring says. */
  readonly attempts?: readonly KeyAttempt[];
  /** Keys `to` was configured with but skipped (only when it allows fewer keys, `minKeys`). */
  readonly skippedKeys?: readonly KeyAttempt[];
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

/** Checks the options object itself: `from` and `to` must be there. */
export function checkRewrapOptions(o: RewrapOptions): { from: MaterialsManager; to: Keyring } {
  needs(o !== null && typeof o === 'object', InvalidArgumentError, 'rewrap needs options { from, to }');
  return { from: toMaterialsManager(o.from), to: rewrapTarget(o.to) };
}

/**
 * Rewraps a whole message: opens its data key with `from`, verifies the whole message (commitment,
 * header tag, every frame tag, the old signature), and only then wraps the data key with `to` and
 * returns the new message. The body is carried over unchanged; the data key is wiped at the end.
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
  const seen: { opened?: { header: ParsedHeader; dataKey: Uint8Array }; bodyLength: number } = { bodyLength: 0 };
  const decoder = new MessageDecoder(from, readOptions(options), false, {
    opened: async (header, _materials, dataKey) => {
      seen.opened = { header, dataKey };
    },
    part: (pieces) => {
      for (const p of pieces) seen.bodyLength += p.length;
    },
  });
  try {
    // Plaintext is only a by-product of checking the tags: wiped at once.
    const wipe = (pt: Buffer): void => void pt.fill(0);
    await decoder.write(input, wipe);
    await decoder.end(wipe);
    const { header: old, dataKey } = seen.opened!;
    const w = await rewrapHeader({ to, maxEncryptedDataKeys: options.maxEncryptedDataKeys, signal: options.signal }, old, dataKey);
    const body = input.subarray(old.length, old.length + seen.bodyLength);
    const out = Buffer.allocUnsafe(w.headerBytes.length + body.length + maxFooterLength(old.suite));
    let o = w.headerBytes.copy(out, 0);
    o += body.copy(out, o);
    if (w.signer) {
      w.signer.update(body);
      o = writeFooter(w.signer.sign(w.signingKey!), out, o);
    }
    const m = decoder.materials!;
    return {
      ciphertext: o === out.length ? out : out.subarray(0, o),
      header: w.header,
      ...(m.decryptedBy ? { decryptedBy: m.decryptedBy } : {}),
      ...(m.attempts ? { attempts: m.attempts } : {}),
      ...(w.skippedKeys ? { skippedKeys: w.skippedKeys } : {}),
    };
  } finally {
    seen.opened?.dataKey.fill(0);
  }
}
