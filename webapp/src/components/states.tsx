import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { fmtMoney, fmtTime } from '../lib/format';

// Every page formats money and times the same way (lib/format.ts).
export { fmtTime };

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state-empty">{children}</p>;
}

/** A failure with the server's words; `onRetry` adds a Retry button (for failed loads). */
export function ErrorBox({ error, testId = 'error', onRetry }: { error: unknown; testId?: string; onRetry?: () => void }) {
  const requestId = error instanceof ApiError ? error.problem.requestId : undefined;
  return (
    <div className="state state-error" role="alert" data-testid={testId}>
      <span>{errorMessage(error)}</span>
      {requestId ? <small className="muted"> (request {requestId})</small> : null}
      {onRetry ? (
        <button type="button" className="secondary retry" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

/** Money with six decimals and thousands separators, from its exact micros. */
export function money(m: { micros: number } | undefined | null): string {
  return fmtMoney(m);
}
