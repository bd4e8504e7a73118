import { prettyJson } from './json';

/** A JSON value, indented, in a scrollable block (focusable, so a keyboard can scroll it). */
export function JsonView({ value, label, testId }: { value: unknown; label: string; testId?: string }) {
  return (
    <pre className="json" role="region" aria-label={label} data-testid={testId} tabIndex={0}>
      <code>{prettyJson(value)}</code>
    </pre>
  );
}
