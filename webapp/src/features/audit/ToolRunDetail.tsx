import { Link } from 'react-router';
import type { ToolRun } from '../../api/types';
import { JsonView } from '../../components/JsonView';
import { fmtTime } from '../../components/states';

/** One audited run in full: its arguments, ids and links to the conversation it served. */
export function ToolRunDetail({ run, agentName }: { run: ToolRun; agentName: string }) {
  const transcript = `/sessions/${encodeURIComponent(run.sessionId)}`;
  return (
    <div className="run-detail" data-testid="run-detail">
      <dl className="detail-list">
        <div>
          <dt>Run</dt>
          <dd>
            <code>{run.id}</code> · {fmtTime(run.createdAt)}
          </dd>
        </div>
        <div>
          <dt>Request id</dt>
          <dd>
            <code data-testid="run-request-id">{run.requestId}</code>
          </dd>
        </div>
        <div>
          <dt>Agent</dt>
          <dd>
            {agentName} <code className="muted">{run.agentId}</code>
          </dd>
        </div>
        <div>
          <dt>Session</dt>
          <dd>
            <Link to={transcript}>{run.sessionId}</Link>
          </dd>
        </div>
        <div>
          <dt>Answer</dt>
          <dd>
            <Link to={`${transcript}#${encodeURIComponent(run.messageId)}`}>Open the transcript at this answer</Link>{' '}
            <span className="muted">(vendor call #{run.callIndex} asked for the tool)</span>
          </dd>
        </div>
        <div>
          <dt>Result summary</dt>
          <dd>{run.resultSummary || '—'}</dd>
        </div>
      </dl>
      <h2 className="minor">Arguments</h2>
      <JsonView value={run.arguments} label={`Arguments of ${run.tool}`} testId="run-arguments" />
    </div>
  );
}
