/**
 * The default `localRegion`: the region the AWS SDK for JavaScript would pick when a client is
 * made without one, so an application configured for the SDK needs nothing more for Envelope.
 * Read synchronously (a keyring is built synchronously); the files are small.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/**
 * The region of the environment, then of the shared AWS config: `AWS_REGION`, then
 * `AWS_DEFAULT_REGION` (the AWS CLI's name), then the `region` of the profile (`AWS_PROFILE`, else
 * `default`) in the config file (`AWS_CONFIG_FILE`, else `~/.aws/config`), then in the credentials
 * file (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`). `undefined` when none is set.
 */
export function defaultRegion(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const fromEnv = env['AWS_REGION'] || env['AWS_DEFAULT_REGION'];
  if (fromEnv) return fromEnv;
  const home = env['HOME'] || homedir();
  const profile = env['AWS_PROFILE'] || 'default';
  const configFile = env['AWS_CONFIG_FILE'] || path.join(home, '.aws', 'config');
  const credentialsFile = env['AWS_SHARED_CREDENTIALS_FILE'] || path.join(home, '.aws', 'credentials');
  // The config file names profiles `[profile x]` (and `[default]`); the credentials file `[x]`.
  return (
    iniValue(configFile, profile === 'default' ? ['default', 'profile default'] : [`profile ${profile}`], 'region') ??
    iniValue(credentialsFile, [profile], 'region')
  );
}

/** `key` of the first of `sections` that has it in an INI file; undefined if the file is absent. */
function iniValue(file: string, sections: readonly string[], key: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let section: string | undefined;
  const found = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      section = header[1]!.replace(/\s+/g, ' ');
      continue;
    }
    const kv = /^([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (section !== undefined && kv && kv[1] === key && !found.has(section)) found.set(section, kv[2]!.trim());
  }
  for (const s of sections) {
    const v = found.get(s);
    if (v) return v;
  }
  return undefined;
}
