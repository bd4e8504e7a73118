import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { Empty, ErrorBox, Loading } from '../../components/states';
import { useAgents, useTools } from '../agents/hooks';
import { useAgentNames } from '../agents/useAgentNames';
import { AuditFilterForm } from './AuditFilterForm';
import { AuditTable } from './AuditTable';
import { FILTER_KEYS, filterFromParams, filterToParams, isUnfiltered, type FilterProblems } from './auditFilter';
import { useToolAudit } from './hooks';

/** The query parameter holding the run whose detail is open (kept apart from the filters). */
const OPEN_RUN = 'run';

/** The field a 400 problem names (`field: "from"`), with its detail. */
function serverProblems(err: unknown): FilterProblems {
  if (!(err instanceof ApiError) || err.status !== 400 || typeof err.problem.field !== 'string') return {};
  const field = err.problem.field;
  if (!(FILTER_KEYS as readonly string[]).includes(field)) return {};
  return { [field]: err.problem.detail || err.problem.title || 'Invalid value.' };
}

/** Every tool run of the tenant (read-only, analysts included): filter, page, open one. */
export default function ToolAuditPage() {
  const [params, setParams] = useSearchParams();
  const filterQuery = filterToParams(filterFromParams(params)).toString();
  const filter = useMemo(() => filterFromParams(new URLSearchParams(filterQuery)), [filterQuery]);
  const openId = params.get(OPEN_RUN);
  const audit = useToolAudit(filter);
  const agents = useAgents();
  const tools = useTools();
  const agentName = useAgentNames();
  const runs = audit.data?.pages.flatMap((p) => p.items) ?? [];

  function toggle(id: string) {
    const next = new URLSearchParams(params);
    if (id === openId) next.delete(OPEN_RUN);
    else next.set(OPEN_RUN, id);
    setParams(next, { replace: true });
  }

  return (
    <section aria-labelledby="audit-h">
      <div className="page-head">
        <h1 id="audit-h">Tool audit</h1>
      </div>
      <p className="muted">Every tool run of your agents, newest first: what was asked, what came back, how long it took.</p>
      <AuditFilterForm
        key={filterQuery}
        applied={filter}
        agents={agents.data}
        tools={tools.data}
        serverProblems={serverProblems(audit.error)}
        onApply={(next) => setParams(filterToParams(next))}
      />
      {audit.isPending ? <Loading label="Loading tool runs…" /> : null}
      {audit.isError ? <ErrorBox error={audit.error} testId="audit-error" /> : null}
      {audit.isSuccess && runs.length === 0 ? (
        <Empty>
          {isUnfiltered(filter)
            ? 'No tool runs yet. They appear here when an agent with tools enabled uses one.'
            : 'No tool runs match these filters.'}
        </Empty>
      ) : null}
      {runs.length > 0 ? <AuditTable runs={runs} agentName={agentName} openId={openId} onToggle={toggle} /> : null}
      {audit.hasNextPage ? (
        <button
          type="button"
          className="secondary load-more"
          onClick={() => audit.fetchNextPage()}
          disabled={audit.isFetchingNextPage}
        >
          {audit.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}
