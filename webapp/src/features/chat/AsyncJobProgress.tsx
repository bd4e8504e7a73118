import { ErrorBox } from '../../components/states';
import type { JobStatus } from '../../api/types';
import type { AsyncTurnState } from './asyncTurn';

const STEPS: JobStatus[] = ['queued', 'running', 'succeeded'];

/** The async job's way from queued to done, as a list of steps. */
export function AsyncJobProgress({ state, pollError }: { state: AsyncTurnState; pollError: unknown }) {
  const status = state.seen[state.seen.length - 1];
  const steps = status === 'failed' ? (['queued', 'running', 'failed'] as JobStatus[]) : STEPS;
  const reached = steps.indexOf(status);
  return (
    <div className="card async-job" data-testid="async-job" data-status={status} aria-live="polite">
      <p>
        Job <code data-testid="async-job-id">{state.jobId}</code>
        {state.replayed ? ' (Idempotent-Replayed: the same job came back)' : null}
      </p>
      <ol className="job-steps">
        {steps.map((step, i) => (
          <li key={step} data-testid="async-job-step" data-step={step} data-reached={i <= reached}>
            {i <= reached ? '✓ ' : '○ '}
            {step}
            {state.seen.includes(step) ? null : i <= reached ? ' (passed between polls)' : null}
          </li>
        ))}
      </ol>
      {status === 'failed' && state.job?.error ? (
        <p className="field-error" role="alert" data-testid="async-job-error">
          {state.job.error.title}: {state.job.error.detail}
        </p>
      ) : null}
      {pollError ? <ErrorBox error={pollError} /> : null}
    </div>
  );
}

/** The "async" switch of the composer. */
export function AsyncToggle({ checked, onChange, disabled }: { checked: boolean; onChange: (v: boolean) => void; disabled?: boolean }) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} data-testid="async-toggle" />
      <span>Async (Prefer: respond-async)</span>
    </label>
  );
}
