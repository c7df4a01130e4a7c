/** `envelope inspect`: the header of a message, without decrypting anything. */
import { parseHeader, findSuite, createRegistry, MalformedMessageError, TruncatedMessageError, type KeyDescription, type MessageHeader } from '@envelope/client';
import { openInput } from '../io.js';
import { MessageGate } from '../message_sniff.js';
import { escapeControls } from '../terminal_text.js';

const MAX_HEADER = 1024 * 1024;

/** Reads just enough of the input to parse the header. */
export async function readHeaderFrom(input: string | undefined): Promise<MessageHeader> {
  const { stream: raw, name } = openInput(input);
  // The gate names what is not a message and de-armors an armored one.
  const stream = raw.pipe(new MessageGate(name));
  raw.on('error', (e) => stream.destroy(e));
  let buf = Buffer.alloc(0);
  for await (const chunk of stream) {
    buf = Buffer.concat([buf, chunk as Buffer]);
    const h = parseHeader(buf);
    if (h) {
      stream.destroy();
      return h.header;
    }
    if (buf.length > MAX_HEADER) throw new MalformedMessageError('header: longer than 1 MiB');
  }
  throw new TruncatedMessageError('the input ends before the end of the header');
}

/** A JSON-friendly description of a header: EDKs with provider, key and (for KMS) region. */
export function describeHeader(h: MessageHeader): Record<string, unknown> {
  const suite = findSuite(h.suiteId);
  // Each provider describes its own EDKs (KMS: ARN and region; raw AES: the key name; threshold: k of n).
  const registry = createRegistry();
  return {
    version: h.version,
    suiteId: `0x${h.suiteId.toString(16).padStart(4, '0')}`,
    suite: suite ? `${suite.cipher.toUpperCase()} ${suite.kdf.toUpperCase()}${suite.committing ? ' COMMIT' : ''}${suite.signature ? ` ECDSA-${suite.signature.curve}` : ''}` : 'unknown',
    messageId: Buffer.from(h.messageId).toString('hex'),
    contentType: h.contentType,
    frameLength: h.frameLength,
    encryptionContext: h.encryptionContext,
    encryptedDataKeys: h.encryptedDataKeys.map((e) => registry.describeEdk(e)),
  };
}

export async function inspectCommand(f: { input?: string; json?: boolean }): Promise<void> {
  const d = describeHeader(await readHeaderFrom(f.input));
  if (f.json) {
    // JSON.stringify escapes C0 controls; C1 controls and bidi overrides are escaped here too.
    process.stdout.write(`${JSON.stringify(d, null, 2).replace(/[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`)}\n`);
    return;
  }
  const e = escapeControls;
  const lines = [
    `format version  ${String(d['version'])}`,
    `suite           ${String(d['suiteId'])} (${String(d['suite'])})`,
    `message id      ${String(d['messageId'])}`,
    `content         ${String(d['contentType'])}${d['contentType'] === 'framed' ? `, ${String(d['frameLength'])}-byte frames` : ''}`,
    'encryption context:',
    ...Object.entries(d['encryptionContext'] as Record<string, string>).map(([k, v]) => `  ${e(k)} = ${e(v)}`),
    'encrypted data keys:',
    ...(d['encryptedDataKeys'] as KeyDescription[]).map((k) => `  ${e(k.providerId).padEnd(8)} ${e(k.keyId)}${k.region ? `  [${e(k.region)}]` : ''}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

