// Issue 14 item 12: inspect prints what a message says with its control characters escaped.
import { describe, expect, it } from 'vitest';
import { workspace } from '../helpers.js';

const { run, write } = workspace('inspect');

describe('inspect escapes control characters', () => {
  it('a context value that would clear the screen and forge a line is shown escaped, in text and JSON', () => {
    write('p', 'x');
    const evil = 'ok\u001b[2J\u001b[H\nencrypted data keys:\u009b31m\u202e';
    expect(run(['encrypt', '--config', 'aes.json', '-i', 'p', '-o', 'e.env', '-c', `note=${evil}`, '-c', 'k\u0007ey=v']).status).toBe(0);
    const text = run(['inspect', '-i', 'e.env']).stdout.toString();
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/u);
    expect(text).toContain('note = ok\\x1b[2J\\x1b[H\\nencrypted data keys:\\x9b31m\\u202e');
    expect(text).toContain('k\\x07ey = v');
    expect(text.match(/^encrypted data keys:$/gm)).toHaveLength(1);
    const json = run(['inspect', '-i', 'e.env', '--json']).stdout.toString();
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/u);
    expect(JSON.parse(json).encryptionContext.note).toBe(evil); // still the exact value for programs
  });
});
