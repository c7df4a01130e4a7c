// kms-local under load: concurrent GenerateDataKey + Decrypt pairs against one region through the
// real @aws-sdk/client-kms. `node bench/kms_local_load.mjs [pairs]` or runKmsLoad() from run.mjs.
import { KMSClient, CreateKeyCommand, GenerateDataKeyCommand, DecryptCommand } from '@aws-sdk/client-kms';
import { startKmsLocal } from '@envelope/kms-local';
import { fileURLToPath } from 'node:url';

export async function runKmsLoad({ pairs = 1000 } = {}) {
  const local = await startKmsLocal({ regions: ['us-east-1'] });
  const kms = new KMSClient({ region: 'us-east-1', endpoint: local.endpoints['us-east-1'], credentials: local.credentials, maxAttempts: 1 });
  try {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const t0 = performance.now();
    let errors = 0;
    await Promise.all(
      Array.from({ length: pairs }, async () => {
        try {
          const g = await kms.send(new GenerateDataKeyCommand({ KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256' }));
          await kms.send(new DecryptCommand({ CiphertextBlob: g.CiphertextBlob, KeyId: KeyMetadata.Arn }));
        } catch {
          errors++;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return { requestsPerSecond: (2 * pairs) / seconds, errors, seconds };
  } finally {
    kms.destroy();
    await local.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runKmsLoad({ pairs: Number(process.argv[2] ?? 1000) });
  console.log(`${r.requestsPerSecond.toFixed(0)} requests/s, ${r.errors} errors, ${r.seconds.toFixed(2)} s`);
}
