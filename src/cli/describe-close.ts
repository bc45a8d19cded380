/**
 * How a close looks in the CLI's lines: `close 1000 "bye"`, `close without a status code`,
 * `dropped without a close frame`. A trailing NUL (Godot 3 sends its reasons with one) is not
 * shown.
 */
export function describeClose(code: number, reason: string): string {
  if (code < 0) return 'dropped without a close frame';
  if (code === 0) return 'close without a status code';
  const shown = reason.endsWith('\0') ? reason.slice(0, -1) : reason;
  return shown ? `close ${code} ${JSON.stringify(shown)}` : `close ${code}`;
}
