// Fenced blocks of the repository's README.md, for the tests that run them as written.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The README section's first fenced block of `lang`. */
export function readmeBlock(heading: string, lang: string): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const at = readme.indexOf(`## ${heading}\n`);
  if (at < 0) throw new Error(`README.md: no "## ${heading}" section`);
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(readme.slice(at));
  if (!m) throw new Error(`README.md: no \`\`\`${lang} block under "## ${heading}"`);
  return m[1]!;
}

/** The exact output the quick start prints. */
export const QUICK_START_OUTPUT = /^hello, envelope \(opened with arn:aws:kms:us-east-1:\d{12}:key\/mrk-[0-9a-f]+ in us-east-1\)\n$/;

