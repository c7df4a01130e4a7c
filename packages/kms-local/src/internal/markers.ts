/**
 * Pagination as ListKeys and ListAliases do it: at most `limit` items, `Truncated`, and an opaque
 * `NextMarker` to pass back as `Marker`. A marker names the list it came from (operation, region,
 * filter) and the last item returned; any other marker is an InvalidMarkerException.
 */
import { KmsError } from '../kms_error.js';

export interface Page<T> {
  readonly items: readonly T[];
  readonly truncated: boolean;
  readonly nextMarker?: string;
}

/** Pages through `items` (sorted by `keyOf`) after `marker`. */
export function paginate<T>(items: readonly T[], keyOf: (item: T) => string, limit: number, marker: string | undefined, scope: string): Page<T> {
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  let start = 0;
  if (marker !== undefined) {
    const after = readMarker(marker, scope);
    start = sorted.findIndex((t) => keyOf(t) > after);
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + limit);
  const truncated = start + limit < sorted.length;
  return truncated ? { items: page, truncated, nextMarker: writeMarker(scope, keyOf(page[page.length - 1]!)) } : { items: page, truncated };
}

function writeMarker(scope: string, after: string): string {
  return Buffer.from(JSON.stringify([scope, after]), 'utf8').toString('base64url');
}

function readMarker(marker: string, scope: string): string {
  try {
    const v: unknown = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && v[0] === scope && typeof v[1] === 'string') return v[1];
  } catch {
    // fall through: not one of ours
  }
  throw new KmsError('InvalidMarkerException', 'The marker that specifies where pagination should next begin is not valid.');
}
