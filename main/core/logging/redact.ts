export type LogFields = Record<string, unknown>;

/** Field names whose values are never written: tokens, passwords, keys, cookies. */
const SECRET_NAME = /token|password|passwd|secret|authorization|cookie|api[-_]?key|private|content[-_]?key|refresh/i;
/** A JWT (three base64url parts) or a bearer credential, wherever it appears in a value. */
const SECRET_TEXT = [
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g,
  /\b(Bearer)\s+[A-Za-z0-9._~+/-]{8,}=*/gi,
];

function redactText(text: string): string {
  return SECRET_TEXT.reduce(
    (result, pattern) =>
      result.replace(pattern, (_match, bearer?: string) =>
        typeof bearer === 'string' ? `${bearer} [redacted]` : '[redacted]',
      ),
    text,
  );
}

/** An error as one line: its code (ours, Node's or SQLite's), its message, and its cause. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const cause = error.cause === undefined ? '' : ` (cause: ${describeError(error.cause)})`;
    return `${typeof code === 'string' ? `${code}: ` : ''}${error.message}${cause}`;
  }
  return typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
}

function redactValue(value: unknown, depth: number): unknown {
  if (value instanceof Error) return redactText(describeError(value));
  if (typeof value === 'string') return redactText(value);
  if (depth > 3 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 20).map((item) => redactValue(item, depth + 1));
  return redactFields(value as LogFields, depth + 1);
}

/** The fields with every secret replaced by `[redacted]`, by name and by shape. */
export function redactFields(fields: LogFields, depth = 0): LogFields {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      SECRET_NAME.test(key) ? '[redacted]' : redactValue(value, depth),
    ]),
  );
}
