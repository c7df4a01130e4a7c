/**
 * Replays one failure from the JSON the runner wrote (`FUZZ_REPLAY=file npm run fuzz`): the same
 * keys, original and mutated bytes and chunking, judged by the same rules.
 */
import { layoutOf, releasable } from './message_layout.js';
import { chunk, judgeBuffer, judgeStream, type Expectation, type PathVerdict } from './oracle.js';
import { READ_POLICY, keyringOf } from './targets.js';
import { readArtifact, type Artifact } from './failure_artifact.js';

/** The verdict of the replayed input, and the artifact it came from. */
export async function replay(file: string, timeoutMs = 10_000): Promise<{ artifact: Artifact; verdict: PathVerdict }> {
  const a = readArtifact(file);
  const keyring = keyringOf(a.keyMaterial);
  const original = Buffer.from(a.originalHex, 'hex');
  const mutated = Buffer.from(a.mutatedHex, 'hex');
  let intact = 0;
  while (intact < Math.min(original.length, mutated.length) && original[intact] === mutated[intact]) intact++;
  const clean = original.equals(mutated);
  const plaintext = Buffer.from(a.plaintextHex, 'hex');
  const e: Expectation = {
    keyring,
    plaintext,
    releasable: clean ? plaintext.length : releasable(layoutOf(original), intact),
    mustSucceed: clean,
    options: { commitmentPolicy: READ_POLICY, ...(a.concurrency !== undefined && a.failure.path === 'decryptStream' ? { concurrency: a.concurrency } : {}) },
    timeoutMs,
    ...(a.abortAfterTurns !== undefined ? { abortAfterTurns: a.abortAfterTurns } : {}),
  };
  const verdict = a.failure.path === 'decryptStream' ? await judgeStream(chunk(mutated, a.chunkSizes), e, a.reuseBuffer === true) : await judgeBuffer(mutated, e);
  return { artifact: a, verdict };
}
