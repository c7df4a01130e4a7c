const GROUP = { primary: 0, fallback: 1, other: 2, raw: 3 };
/** Orders `candidates` into the plan; without an availability, regions keep their given order. */
export function planDecrypt(candidates, availability, localRegion) {
    const regions = [...new Set(candidates.flatMap((c) => (c.kind === 'kms' && c.region ? [c.region] : [])))];
    const ordered = availability ? availability.order(regions, localRegion) : localFirst(regions, localRegion);
    const rank = new Map(ordered.map((r, i) => [r, i]));
    const group = (c) => {
        if (c.kind === 'raw')
            return GROUP.raw;
        if (c.kind === 'other')
            return GROUP.other;
        return c.fallback ? GROUP.fallback : GROUP.primary;
    };
    return candidates
        .map((c, i) => ({ c, i, g: group(c), r: c.kind === 'kms' && c.region ? (rank.get(c.region) ?? 0) : 0 }))
        .sort((a, b) => a.g - b.g || a.r - b.r || a.i - b.i)
        .map((x) => x.c);
}
function localFirst(regions, localRegion) {
    return [...regions].sort((a, b) => Number(b === localRegion) - Number(a === localRegion));
}
//# sourceMappingURL=decrypt_plan.js.map