/**
 * ProjectionExpression: the attributes (or nested parts of them) a read returns. Nested map members
 * keep their names; list elements picked by index come back in index order, as DynamoDB does.
 */
import type { AttributeValue, Item } from './attribute_value.js';
import type { Path } from './expression_parser.js';

type Draft = Map<string | number, Draft | AttributeValue>;

function isDraft(x: Draft | AttributeValue): x is Draft {
  return x instanceof Map;
}

function pick(from: AttributeValue, path: Path, into: Draft): void {
  const [step, ...rest] = path;
  let child: AttributeValue | undefined;
  if (from.t === 'M' && typeof step === 'string') child = from.v.get(step);
  else if (from.t === 'L' && typeof step === 'number') child = from.v[step];
  if (!child || step === undefined) return;
  if (!rest.length) {
    into.set(step, child);
    return;
  }
  const existing = into.get(step);
  const next: Draft = existing && isDraft(existing) ? existing : new Map();
  into.set(step, next);
  pick(child, rest, next);
}

function finish(draft: Draft, like: AttributeValue): AttributeValue {
  const out = (k: string | number, v: Draft | AttributeValue): AttributeValue => {
    if (!isDraft(v)) return v;
    const src = like.t === 'M' ? like.v.get(k as string) : like.t === 'L' ? like.v[k as number] : undefined;
    return finish(v, src!);
  };
  if (like.t === 'L') {
    return { t: 'L', v: [...draft.entries()].sort(([a], [b]) => (a as number) - (b as number)).map(([k, v]) => out(k, v)) };
  }
  return { t: 'M', v: new Map([...draft.entries()].map(([k, v]) => [k as string, out(k, v)])) };
}

/** The parts of `item` the paths name; the whole item without paths. */
export function project(item: Item, paths: readonly Path[] | undefined): Item {
  if (!paths) return item;
  const whole: AttributeValue = { t: 'M', v: item };
  const draft: Draft = new Map();
  for (const p of paths) pick(whole, p, draft);
  const m = finish(draft, whole);
  return m.t === 'M' ? m.v : new Map();
}
