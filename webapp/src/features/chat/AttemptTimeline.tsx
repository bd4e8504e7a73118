import type { Attempt } from '../../api/types';
import { fmtTime } from '../../lib/format';

export function AttemptTimeline({ attempts }: { attempts: Attempt[] }) {
  if (!attempts.length) return <p className="muted">No attempts recorded.</p>;
  return (
    <ol className="timeline" data-testid="attempts">
      {attempts.map((a, i) => (
        <li key={i} className={a.outcome === 'ok' ? 'ok' : 'bad'}>
          <span className="badge">{a.provider}</span> try {a.attempt}: <strong>{a.outcome}</strong>
          {a.httpStatus ? ` (HTTP ${a.httpStatus})` : ''}
          {a.errorClass ? ` · ${a.errorClass}` : ''} · {a.latencyMs} ms
          <small className="muted"> · {fmtTime(a.startedAt, true)}</small>
        </li>
      ))}
    </ol>
  );
}
