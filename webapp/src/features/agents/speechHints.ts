// Speech hints as the agent form edits them: one phrase per line. Pure, unit-tested.

export const MAX_SPEECH_HINTS = 200;
export const MAX_SPEECH_HINT_CHARS = 100;

/** Lines → hints: trimmed, blank lines and repeats dropped, order kept. */
export function parseSpeechHints(text: string): string[] {
  const seen = new Set<string>();
  const hints: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const hint = line.trim().replace(/\s+/g, ' ');
    if (hint && !seen.has(hint)) {
      seen.add(hint);
      hints.push(hint);
    }
  }
  return hints;
}

export function formatSpeechHints(hints: readonly string[] | undefined): string {
  return (hints ?? []).join('\n');
}

/** Why the host would refuse these hints (the API's limits), or null. */
export function speechHintsProblem(hints: readonly string[]): string | null {
  if (hints.length > MAX_SPEECH_HINTS)
    return `At most ${MAX_SPEECH_HINTS} speech hints (this has ${hints.length}).`;
  const long = hints.findIndex((h) => h.length > MAX_SPEECH_HINT_CHARS);
  if (long >= 0)
    return `Hint ${long + 1} is ${hints[long].length} characters; the limit is ${MAX_SPEECH_HINT_CHARS}.`;
  return null;
}
