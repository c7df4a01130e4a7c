// Child process of the bench: decrypts one big message file as a stream into nothing and reports
// its own peak RSS. It loads only the implementation under test, so the figure is that library's.
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';

const [impl, file] = process.argv.slice(2);
const key = new Uint8Array(Buffer.from(process.env.ENVELOPE_BENCH_KEY ?? '', 'hex'));
let transform;
if (impl === 'envelope') {
  const { decryptStream } = await import('@envelope/core');
  const { RawAesKeyring } = await import('@envelope/keyring-raw-aes');
  transform = decryptStream(new RawAesKeyring({ keyNamespace: 'bench', keyName: 'aes-256', wrappingKey: key }));
} else {
  const { buildClient, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier } = (await import('@aws-crypto/client-node')).default;
  const keyring = new RawAesKeyringNode({ keyNamespace: 'bench', keyName: 'aes-256', unencryptedMasterKey: key, wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING });
  transform = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT).decryptStream(keyring);
}
let bytes = 0;
const t0 = Date.now();
await pipeline(createReadStream(file, { highWaterMark: 64 * 1024 }), transform, new Writable({ write(c, _e, cb) { bytes += c.length; cb(); } }));
process.stdout.write(JSON.stringify({ bytes, seconds: (Date.now() - t0) / 1000, maxRssMiB: peakRssMiB() }) + '\n');

// VmHWM of this process: getrusage's maxrss would include the parent's memory at fork time.
function peakRssMiB() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}
