import { Link } from 'react-router';
import { useAuth } from '../../auth/AuthContext';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Empty, ErrorBox, Loading, fmtTime } from '../../components/states';
import { useToast } from '../../components/Toasts';
import { useAgents, useDeleteAgent } from './hooks';

export default function AgentsPage() {
  const { isAdmin } = useAuth();
  const agents = useAgents();
  const del = useDeleteAgent();
  const toast = useToast();

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
      {agents.isError ? <ErrorBox error={agents.error} onRetry={() => void agents.refetch()} /> : null}
      {del.isError ? <ErrorBox error={del.error} /> : null}
      {agents.data && agents.data.length === 0 ? (
        <Empty>No agents yet.{isAdmin ? ' Create one to start chatting.' : ''}</Empty>
      ) : null}
      {agents.data && agents.data.length > 0 ? (
        <div className="table-wrap">
          <table className="stack-narrow" data-testid="agents-table">
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
                  <td data-label="Name">{a.name}</td>
                  <td data-label="Primary">{a.primaryProvider}</td>
                  <td data-label="Fallback">{a.fallbackProvider ?? '—'}</td>
                  <td data-label="Tools">{a.enabledTools.length ? a.enabledTools.join(', ') : '—'}</td>
                  <td data-label="Updated">{fmtTime(a.updatedAt)}</td>
                  {isAdmin ? (
                    <td className="actions">
                      <Link to={`/agents/${a.id}`} aria-label={`Edit ${a.name}`}>
                        Edit
                      </Link>
                      <ConfirmButton
                        className="link danger"
                        ariaLabel={`Archive ${a.name}`}
                        disabled={del.isPending}
                        title={`Archive agent "${a.name}"?`}
                        message="It stops answering new sessions. Its sessions and usage stay readable."
                        confirmLabel="Archive agent"
                        onConfirm={() =>
                          del.mutate(a.id, {
                            onSuccess: () => toast(`Agent "${a.name}" archived.`),
                            onError: () => toast(`Agent "${a.name}" was not archived.`, 'error'),
                          })
                        }
                      >
                        Archive
                      </ConfirmButton>
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
