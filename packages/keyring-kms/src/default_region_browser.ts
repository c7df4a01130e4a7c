/**
 * The default `localRegion` in browsers: a page has no environment variables and no shared AWS
 * config, so there is none (give `localRegion`, or the keys' regions decide).
 */
export function defaultRegion(_env?: Readonly<Record<string, string | undefined>>): string | undefined {
  return undefined;
}
