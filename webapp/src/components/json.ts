// JSON as the dashboard shows it. Pure, unit-tested.

/** Indented JSON for a value; a string holding JSON is parsed first, any other string is shown as is. */
export function prettyJson(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value ?? null, null, 2);
}

/** One-line JSON for a value (tool arguments in a list); strings are shown as sent. */
export function compactJson(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value ?? null);
}
