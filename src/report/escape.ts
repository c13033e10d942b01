// Text from outside (a tensor name in a file, a CSV header, a path) made safe to print on a
// terminal. Control characters could move the cursor, erase the line, recolour or retitle the
// terminal, or start a new line that forges one of our own messages; bidirectional overrides can
// reorder what is shown. Each becomes a visible \uXXXX escape, so the output is one line of
// printable text that says exactly what the input held.

/** C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional formatting marks. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every character that could act on a terminal written as a \uXXXX escape. */
export const escapeForTerminal = (text: string): string =>
  text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
