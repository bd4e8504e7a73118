import { useState } from 'react';
import { Link } from 'react-router';
import { Empty, ErrorBox, Loading, fmtTime } from '../../components/states';
import { useAgents } from '../agents/hooks';
import { useAgentNames } from '../agents/useAgentNames';
import { useSessions } from './hooks';

export default function SessionsPage() {
  const [agentId, setAgentId] = useState('');
  const [customerId, setCustomerId] = useState('');
  const [applied, setApplied] = useState<{ agentId?: string; customerId?: string }>({});
  const agents = useAgents();
  const sessions = useSessions(applied);
  const agentName = useAgentNames();
  const items = sessions.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-labelledby="sessions-h">
      <div className="page-head">
        <h1 id="sessions-h">Sessions</h1>
      </div>
      <form
        className="card row"
        aria-label="Filter sessions"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ agentId: agentId || undefined, customerId: customerId.trim() || undefined });
        }}
      >
        <div className="col">
          <label htmlFor="sessions-agent">Agent</label>
          <select id="sessions-agent" value={agentId} onChange={(e) => setAgentId(e.target.value)}>
            <option value="">All agents</option>
            {agents.data?.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className="col">
          <label htmlFor="sessions-customer">Customer id</label>
          <input id="sessions-customer" value={customerId} onChange={(e) => setCustomerId(e.target.value)} />
        </div>
        <div className="col col-end">
          <button type="submit">Filter</button>
        </div>
      </form>
      {sessions.isPending ? <Loading label="Loading sessions…" /> : null}
      {sessions.isError ? <ErrorBox error={sessions.error} onRetry={() => void sessions.refetch()} /> : null}
      {sessions.isSuccess && items.length === 0 ? <Empty>No sessions match.</Empty> : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="stack-narrow" data-testid="sessions-table">
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Agent</th>
                <th scope="col">Customer</th>
                <th scope="col">Channel</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <td data-label="Session">
                    <Link to={`/sessions/${s.id}`}>{s.id}</Link>
                  </td>
                  <td data-label="Agent">{agentName(s.agentId)}</td>
                  <td data-label="Customer">{s.customerId}</td>
                  <td data-label="Channel">{s.channel}</td>
                  <td data-label="Created">{fmtTime(s.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {sessions.hasNextPage ? (
        <button type="button" className="secondary" onClick={() => sessions.fetchNextPage()} disabled={sessions.isFetchingNextPage}>
          {sessions.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}
