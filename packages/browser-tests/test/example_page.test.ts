/**
 * examples/browser in headless Chromium: the user chooses a file, the page streams it through
 * encryptStream and offers the message for download; @aws-crypto/client-node opens the download with
 * the key the page showed; the page decrypts the download back to the file.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import esdkPkg from '@aws-crypto/client-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestPage, type TestPage } from './harness/chromium.js';

const { buildClient, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier } = esdkPkg;
const EXAMPLE = new URL('../../../examples/browser/', import.meta.url).pathname;
let t: TestPage;
let dir: string;

beforeAll(async () => {
  t = await openTestPage(path.join(EXAMPLE, 'main.js'), { html: readFileSync(path.join(EXAMPLE, 'index.html'), 'utf8'), scriptPath: '/dist/main.js', ready: "document.getElementById('key').value.length > 0" });
  dir = mkdtempSync(path.join(tmpdir(), 'envelope-example-'));
});
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function choose(file: string, button: string): Promise<Buffer> {
  const { page } = t;
  await page.setInputFiles('#file', file);
  await page.click(`#${button}`);
  await page.waitForSelector('#download:not([hidden])');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  return readFileSync(await download.path());
}

it('encrypts a chosen file for download (the ESDK opens it) and decrypts it back', async () => {
  const content = randomBytes(300_000);
  const file = path.join(dir, 'report.pdf');
  writeFileSync(file, content);
  const key = Buffer.from(await t.page.inputValue('#key'), 'base64');
  expect(key).toHaveLength(32);
  const message = await choose(file, 'encrypt');
  expect(await t.page.textContent('#download')).toContain('report.pdf.envelope');
  expect(await t.page.textContent('#status')).toMatch(/encrypted 300000 bytes .*suite 0x0578, 4096-byte frames/);
  const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const keyring = new RawAesKeyringNode({ keyNamespace: 'browser-example', keyName: 'file-key', unencryptedMasterKey: new Uint8Array(key), wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING });
  const { plaintext, messageHeader } = await esdk.decrypt(keyring, message);
  expect(Buffer.from(plaintext).equals(content)).toBe(true);
  expect(messageHeader.encryptionContext['purpose']).toBe('browser-example');
  const encrypted = path.join(dir, 'report.pdf.envelope');
  writeFileSync(encrypted, message);
  const back = await choose(encrypted, 'decrypt');
  expect(back.equals(content)).toBe(true);
  expect(await t.page.textContent('#status')).toContain('decrypted 3');
  // A damaged file: a typed error in the status line, nothing offered.
  message[message.length - 3000]! ^= 1;
  writeFileSync(encrypted, message);
  await t.page.setInputFiles('#file', encrypted);
  await t.page.click('#decrypt');
  await t.page.waitForFunction("document.getElementById('status').textContent.startsWith('failed')");
  expect(await t.page.textContent('#status')).toContain('AuthenticationError');
  expect(await t.page.isHidden('#download')).toBe(true);
});
