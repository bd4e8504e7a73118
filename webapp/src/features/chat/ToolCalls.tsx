import { Link } from 'react-router';
import type { ToolCall } from '../../api/types';
import { compactJson } from '../../components/json';
import { ToolStatusBadge } from '../../components/ToolStatusBadge';

/** The tools a reply ran, in order: name, arguments, status, result summary and latency. */
export function ToolCalls({ calls, auditHref }: { calls: ToolCall[]; auditHref?: string }) {
  if (!calls.length) return null;
  return (
    <section className="tool-calls" aria-label="Tool calls">
      <h2 className="minor">
        Tool calls ({calls.length})
        {auditHref ? (
          <>
            {' '}
            · <Link to={auditHref}>see in Tool audit</Link>
          </>
        ) : null}
      </h2>
      <ol>
        {calls.map((c, i) => (
          <li key={i} className="tool-call" data-testid="tool-call" data-tool={c.tool}>
            <div className="tool-call-head">
              <strong data-testid="tool-name">{c.tool}</strong>
              <ToolStatusBadge status={c.status} />
              <span className="muted" data-testid="tool-latency">
                {c.latencyMs} ms
              </span>
            </div>
            <div>
              <span className="muted">Arguments </span>
              <code data-testid="tool-args">{compactJson(c.arguments)}</code>
            </div>
            <div data-testid="tool-summary">{c.resultSummary || <span className="muted">(no summary)</span>}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}
