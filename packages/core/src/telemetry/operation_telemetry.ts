/**
 * Operation spans (encrypt, decrypt, rewrap and their streams) and the escrow-use signal. Only
 * sizes, suite, frame length, key ids and (when asked) context keys go into attributes: never key
 * material, plaintext or context values.
 */
import type { Transform } from 'node:stream';
import type { Span } from '@opentelemetry/api';
import type { MessageHeader } from '../header_types.js';
import type { EncryptedDataKey, EncryptionContext, KeyDescription } from '../materials.js';
import { telemetryOptions } from './configure.js';
import { TELEMETRY_NAMES as N } from '../telemetry_names.js';
import { activeTracer, emitEvent, failSpan, inSpan, meters } from './otel.js';
import { loadedOtelApi } from '#otel-api';

/**
 * Provider id of the EDKs a remote key service wraps (the message format's id for AWS KMS keys):
 * a message holding one was meant to be opened by the service, not by an escrow key.
 */
const REMOTE_KEY_PROVIDER_ID = 'aws-kms';

/** What an operation span says about the message. */
export interface MessageFacts {
  readonly suiteId: number;
  readonly frameLength: number;
  readonly encryptedDataKeys: readonly EncryptedDataKey[];
  readonly encryptionContext: EncryptionContext;
}

/**
 * Runs `run` in a span named `name` when a tracer provider is registered (remote calls made meanwhile
 * become its children); otherwise runs it as it is, allocating nothing for telemetry.
 */
export function traced<T>(name: string, run: () => Promise<T>, describe: (span: Span, result: T) => void): Promise<T> {
  const tracer = activeTracer();
  if (tracer === undefined) return run();
  return inSpan(tracer.startSpan(name, { kind: loadedOtelApi().SpanKind.INTERNAL }), run, describe);
}

/** The span of one stream, from construction to finish or error. */
export class StreamTrace {
  #bytesIn = 0;
  #ended = false;
  constructor(readonly span: Span) {}

  /** Counts bytes written to the stream. */
  count(n: number): void {
    this.#bytesIn += n;
  }

  /** Runs `work` with the span active (the keyring's remote calls become its children). */
  run<T>(work: () => T): T {
    const { context, trace } = loadedOtelApi();
    return context.with(trace.setSpan(context.active(), this.span), work);
  }

  /** Ends the span once: ok, or failed with `error`. */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.span.isRecording()) this.span.setAttribute('envelope.bytes_in', this.#bytesIn);
    if (error !== undefined && error !== null) failSpan(this.span, error);
    this.span.end();
  }
}

/**
 * Starts the span of stream `t` when something records: its 'header' and 'decryptedBy' events
 * describe the message. The stream ends it from flush (ok) and destroy (error, or closed early);
 * no 'error' listener is added, so an unhandled stream error still behaves as it would without us.
 */
export function traceStream(t: Transform, name: string): StreamTrace | undefined {
  const tracer = activeTracer();
  const span = tracer?.startSpan(name, { kind: loadedOtelApi().SpanKind.INTERNAL });
  if (span === undefined) return undefined;
  t.once('header', (h: MessageHeader) => {
    if (span.isRecording()) describeMessage(span, h);
  });
  t.once('decryptedBy', (by: KeyDescription | undefined) => {
    if (span.isRecording()) describeOpenedBy(span, by);
  });
  return new StreamTrace(span);
}

/** Suite, frame length, EDK count and (if configured) the context's keys. */
export function describeMessage(span: Span, m: MessageFacts): void {
  span.setAttribute('envelope.suite_id', m.suiteId);
  span.setAttribute('envelope.frame_length', m.frameLength);
  span.setAttribute('envelope.edk.count', m.encryptedDataKeys.length);
  if (telemetryOptions().recordContextKeys) span.setAttribute('envelope.context.keys', Object.keys(m.encryptionContext).sort());
}

/** The key that opened the message (provider id, key id or name, region): identifiers, not keys. */
export function describeOpenedBy(span: Span, by: KeyDescription | undefined): void {
  if (by === undefined) return;
  span.setAttribute('envelope.key.provider_id', by.providerId);
  span.setAttribute('envelope.key.id', by.keyId);
  if (by.region !== undefined) span.setAttribute('envelope.key.region', by.region);
}

/** The encrypt span's attributes, in Node and in browsers. */
export function describeEncrypt(span: Span, r: { readonly header: MessageFacts; readonly ciphertext: Uint8Array }, plaintextBytes: number): void {
  describeMessage(span, r.header);
  span.setAttribute('envelope.plaintext.bytes', plaintextBytes);
  span.setAttribute('envelope.ciphertext.bytes', r.ciphertext.length);
}

/** The decrypt span's attributes, in Node and in browsers. */
export function describeDecrypt(span: Span, r: { readonly header: MessageFacts; readonly decryptedBy?: KeyDescription; readonly plaintext: Uint8Array }, ciphertextBytes: number): void {
  describeMessage(span, r.header);
  describeOpenedBy(span, r.decryptedBy);
  span.setAttribute('envelope.ciphertext.bytes', ciphertextBytes);
  span.setAttribute('envelope.plaintext.bytes', r.plaintext.length);
}

/**
 * `envelope.escrow.used` (span event and counter) when a non-KMS key opened a message whose header
 * also holds KMS keys: KMS was there but not used, which a security team wants to hear about.
 */
export function noteOpened(edks: readonly EncryptedDataKey[], by: KeyDescription | undefined): void {
  if (by === undefined || by.providerId.startsWith(REMOTE_KEY_PROVIDER_ID) || !hasRemoteKey(edks)) return;
  const attributes = { 'envelope.key.provider_id': by.providerId, 'envelope.key.id': by.keyId };
  meters().escrowUsed.add(1, attributes);
  emitEvent(N.events.escrowUsed, attributes);
}

// A loop rather than .some(): no closure on every raw-key decrypt.
function hasRemoteKey(edks: readonly EncryptedDataKey[]): boolean {
  for (const e of edks) if (e.providerId === REMOTE_KEY_PROVIDER_ID) return true;
  return false;
}

/** Counts a cache hit or miss of a CachingMaterialsManager. */
export function countCache(hit: boolean, operation: 'encrypt' | 'decrypt'): void {
  const m = meters();
  (hit ? m.cacheHits : m.cacheMisses).add(1, operation === 'encrypt' ? ENCRYPT_ATTRS : DECRYPT_ATTRS);
}
const ENCRYPT_ATTRS = Object.freeze({ 'envelope.cache.operation': 'encrypt' });
const DECRYPT_ATTRS = Object.freeze({ 'envelope.cache.operation': 'decrypt' });
