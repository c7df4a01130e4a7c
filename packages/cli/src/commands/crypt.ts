/** `envelope encrypt` and `envelope decrypt`. */
import { decryptStream, encryptStream, keyringFromConfig, type KeyAttempt, type KeyDescription } from '@envelope/client';
import { runPipeline } from '../io.js';
import { contextFrom, parseFrameLength, parseSuite } from '../context_args.js';
import { UsageError } from '../exit_codes.js';

export interface CryptFlags {
  config?: string;
  input?: string;
  output?: string;
  context?: string[];
  suite?: string;
  frameLength?: string;
  force?: boolean;
  json?: boolean;
}

export async function encryptCommand(f: CryptFlags): Promise<void> {
  if (!f.config) throw new UsageError('encrypt needs --config FILE');
  const keyring = await keyringFromConfig(f.config);
  const suiteId = parseSuite(f.suite);
  const frameLength = parseFrameLength(f.frameLength);
  const transform = encryptStream(keyring, {
    encryptionContext: contextFrom(f.context),
    ...(suiteId !== undefined ? { suiteId } : {}),
    ...(frameLength !== undefined ? { frameLength } : {}),
  });
  await runPipeline({ ...io(f), transform, label: 'encrypt' });
}

/** What `decrypt` reports about the key that opened the message. */
export interface DecryptReport {
  providerId?: string;
  keyId?: string;
  region?: string;
  tried: { keyring: string; keyId: string; region?: string; reason?: string }[];
}

export async function decryptCommand(f: CryptFlags, report: (r: DecryptReport) => void = printReport(f.json === true)): Promise<void> {
  if (!f.config) throw new UsageError('decrypt needs --config FILE');
  const keyring = await keyringFromConfig(f.config);
  const transform = decryptStream(keyring, { encryptionContext: contextFrom(f.context), commitmentPolicy: 'require-encrypt-allow-decrypt' });
  let info: DecryptReport = { tried: [] };
  transform.on('decryptedBy', (by: KeyDescription | undefined, attempts: readonly KeyAttempt[]) => {
    info = {
      ...(by ? { providerId: by.providerId, keyId: by.keyId, ...(by.region ? { region: by.region } : {}) } : {}),
      tried: attempts.map((a) => ({ keyring: a.keyring, keyId: a.keyId, ...(a.region ? { region: a.region } : {}), ...(a.reason ? { reason: a.reason } : {}) })),
    };
  });
  await runPipeline({ ...io(f), transform, label: 'decrypt' });
  report(info);
}

function io(f: CryptFlags): { input?: string; output?: string; force: boolean } {
  return { ...(f.input ? { input: f.input } : {}), ...(f.output ? { output: f.output } : {}), force: f.force === true };
}

function printReport(json: boolean): (r: DecryptReport) => void {
  return (r) => {
    if (json) {
      process.stderr.write(`${JSON.stringify(r)}\n`);
      return;
    }
    const who = r.keyId ? `${r.providerId} ${r.keyId}${r.region ? ` (${r.region})` : ''}` : 'the configured keyring';
    const tried = r.tried.length ? `; tried first: ${r.tried.map((t) => `${t.keyId}${t.region ? ` (${t.region})` : ''}: ${t.reason ?? 'failed'}`).join('; ')}` : '';
    process.stderr.write(`envelope: decrypted with ${who}${tried}\n`);
  };
}
