/**
 * Text from a message (context values, provider info) or from an error is printed with its
 * control characters escaped, so that bytes chosen by whoever wrote the message cannot clear the
 * screen, move the cursor, or forge lines of output.
 */

// C0 controls, DEL, C1 controls, and the bidirectional overrides/isolates that reorder what is shown.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

function escape(ch: string): string {
  const c = ch.codePointAt(0)!;
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
}

/** `s` with every control character (newlines included) written as an escape such as `\x1b`. */
export function escapeControls(s: string): string {
  return s.replace(CONTROL, escape);
}

/** For multi-line messages of our own: control characters escaped, newlines kept. */
export function printSafe(s: string): string {
  return s.replace(CONTROL_BUT_NEWLINE, escape);
}
