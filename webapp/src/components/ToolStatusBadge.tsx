/** A tool run's status as a badge; the text carries the meaning, the colour only repeats it. */
export function ToolStatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge tool-status tool-status-${status}`} data-testid="tool-status" data-status={status}>
      {status.replaceAll('_', ' ')}
    </span>
  );
}
