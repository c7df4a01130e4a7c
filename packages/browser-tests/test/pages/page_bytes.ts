/** What test pages share: bytes to and from the harness server's `/blob/ID`. */
export async function fetchBlob(id: string): Promise<Uint8Array> {
  const r = await fetch(`/blob/${id}`);
  if (!r.ok) throw new Error(`GET /blob/${id}: ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

export async function putBlob(id: string, bytes: Uint8Array | Blob): Promise<void> {
  const r = await fetch(`/blob/${id}`, { method: 'PUT', body: bytes });
  if (!r.ok) throw new Error(`PUT /blob/${id}: ${r.status}`);
}

/** Registers the functions the test calls through TestPage.call. */
export function expose(tests: Record<string, (...args: never[]) => unknown>): void {
  (globalThis as { envelopeTests?: unknown }).envelopeTests = tests;
}
