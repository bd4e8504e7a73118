// A stored tool message (its content is the tool's result JSON text) as the
// transcript summarises it. Pure, unit-tested.

const MAX_SUMMARY_CHARS = 160;

export interface ToolResultGist {
  /** The result's own `summary`, else its error message, else the start of its text. */
  summary: string;
  /** The host stores a refused, failed or timed-out run as `{"error": …}`. */
  failed: boolean;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_SUMMARY_CHARS ? `${oneLine.slice(0, MAX_SUMMARY_CHARS - 1)}…` : oneLine;
}

export function toolResultGist(content: string): ToolResultGist {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return { summary: clip(content), failed: false };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { summary: clip(content), failed: false };
  const result = parsed as Record<string, unknown>;
  const failed = result.error !== undefined && result.error !== null && result.error !== false;
  for (const key of ['summary', 'message', 'error']) {
    const value = result[key];
    if (typeof value === 'string' && value.trim()) return { summary: clip(value), failed };
  }
  return { summary: clip(JSON.stringify(result)), failed };
}
