import type { ReactNode } from 'react';
import { errorMessage } from '../api/client';
import { ApiError } from '../api/client';

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

export function ErrorBox({ error, testId = 'error' }: { error: unknown; testId?: string }) {
  const requestId = error instanceof ApiError ? error.problem.requestId : undefined;
  return (
    <div className="state state-error" role="alert" data-testid={testId}>
      <span>{errorMessage(error)}</span>
      {requestId ? <small className="muted"> (request {requestId})</small> : null}
    </div>
  );
}

export function money(m: { usd: string } | undefined | null): string {
  return m ? `$${m.usd}` : '—';
}

export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}
