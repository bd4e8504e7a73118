import { Link } from 'react-router';
import { useAuth } from '../../auth/AuthContext';
import { Empty, ErrorBox, Loading, fmtTime } from '../../components/states';
import { useAgents, useDeleteAgent } from './hooks';

export default function AgentsPage() {
  const { isAdmin } = useAuth();
  const agents = useAgents();
  const del = useDeleteAgent();

  return (
    <section aria-labelledby="agents-h">
      <div className="page-head">
        <h1 id="agents-h">Agents</h1>
        {isAdmin ? (
          <Link className="button" to="/agents/new">
            New agent
          </Link>
        ) : null}
      </div>
      {agents.isPending ? <Loading label="Loading agents…" /> : null}
      {agents.isError ? <ErrorBox error={agents.error} /> : null}
      {del.isError ? <ErrorBox error={del.error} /> : null}
      {agents.data && agents.data.length === 0 ? (
        <Empty>No agents yet.{isAdmin ? ' Create one to start chatting.' : ''}</Empty>
      ) : null}
      {agents.data && agents.data.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="agents-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Primary</th>
                <th scope="col">Fallback</th>
                <th scope="col">Tools</th>
                <th scope="col">Updated</th>
                {isAdmin ? <th scope="col"><span className="sr-only">Actions</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {agents.data.map((a) => (
                <tr key={a.id} data-agent-id={a.id}>
                  <td>{a.name}</td>
                  <td>{a.primaryProvider}</td>
                  <td>{a.fallbackProvider ?? '—'}</td>
                  <td>{a.enabledTools.length ? a.enabledTools.join(', ') : '—'}</td>
                  <td>{fmtTime(a.updatedAt)}</td>
                  {isAdmin ? (
                    <td className="actions">
                      <Link to={`/agents/${a.id}`} aria-label={`Edit ${a.name}`}>
                        Edit
                      </Link>
                      <button
                        type="button"
                        className="link danger"
                        aria-label={`Archive ${a.name}`}
                        disabled={del.isPending}
                        onClick={() => {
                          if (window.confirm(`Archive agent "${a.name}"? Its sessions and usage stay readable.`)) del.mutate(a.id);
                        }}
                      >
                        Archive
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
