/**
 * What to do next, added to errors whose own text (often the AWS SDK's) does not say: missing
 * credentials, an STS lookup sent to AWS while KMS goes to kms-local, a busy port.
 */

/** The messages of `e` and of its causes, joined. */
function chainText(e: unknown, depth = 0): string {
  if (!(e instanceof Error) || depth > 8) return e === undefined ? '' : String(e);
  return `${e.message} ${(e as NodeJS.ErrnoException).code ?? ''} ${chainText(e.cause, depth + 1)}`;
}

const HINTS: readonly { when: (text: string) => boolean; hint: () => string }[] = [
  {
    when: (t) => /Could not load credentials from any providers/.test(t),
    hint: () =>
      'no AWS credentials were found. For kms-local: the config\'s "kms": { "credentials": … } (kms-local create-key --write-config writes it), ' +
      'or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY as kms-local start prints them. For AWS: AWS_PROFILE, the variables above, or a role (the AWS SDK credential chain).',
  },
  {
    when: (t) => /ENOTFOUND sts\.[a-z0-9-]+\.amazonaws\.com/.test(t) && Boolean(process.env['AWS_ENDPOINT_URL_KMS']),
    hint: () => 'AWS_ENDPOINT_URL_KMS sends KMS calls elsewhere but not the STS lookup of an alias: give ENVELOPE_KMS_ENDPOINTS=region=URL,… (both go there), or use ARNs.',
  },
  {
    when: (t) => /EADDRINUSE/.test(t),
    hint: () => 'the port is taken (another kms-local?): stop it, or give --port 0 for free ports (printed at start).',
  },
];

/** `message`, followed by what to do when the error is one of the known kinds. */
export function withHint(message: string, e: unknown): string {
  const text = chainText(e);
  const hints = HINTS.filter((h) => h.when(text)).map((h) => h.hint());
  return hints.length ? `${message}\n${hints.map((h) => `hint: ${h}`).join('\n')}` : message;
}
