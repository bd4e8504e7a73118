import { useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Empty, ErrorBox, Loading } from '../../components/states';
import { requestFilterFromParams, requestFilterToParams, type RequestFilter } from '../../lib/requestFilter';
import { useAgents, useVendors } from '../agents/hooks';
import { useAgentNames } from '../agents/useAgentNames';
import { RequestFilterForm } from './RequestFilterForm';
import { RequestsTable, entryKey } from './RequestsTable';
import { useRequestLog } from './hooks';

/** The query parameter naming the turn whose attempts are open (kept apart from the filters). */
const OPEN = 'open';

/** Every turn of the tenant, failed ones included: search, filter, page, open its attempts. */
export default function RequestsPage() {
  const [params, setParams] = useSearchParams();
  const filterQuery = requestFilterToParams(requestFilterFromParams(params)).toString();
  const filter = useMemo(() => requestFilterFromParams(new URLSearchParams(filterQuery)), [filterQuery]);
  const log = useRequestLog(filter);
  const agents = useAgents();
  const vendors = useVendors();
  const agentName = useAgentNames();
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  const openId = params.get(OPEN);
  const searchedId = filter.requestId;
  const single = searchedId && entries.length === 1 ? entryKey(entries[0]) : null;

  // A search by request id that finds its turn opens it (the link from a failed send lands here).
  useEffect(() => {
    if (single && !params.get(OPEN)) {
      const next = new URLSearchParams(params);
      next.set(OPEN, single);
      setParams(next, { replace: true });
    }
  }, [single, params, setParams]);

  function apply(next: RequestFilter) {
    setParams(requestFilterToParams(next));
  }

  function toggle(key: string) {
    const next = new URLSearchParams(params);
    if (key === openId) next.delete(OPEN);
    else next.set(OPEN, key);
    setParams(next, { replace: true });
  }

  const providers = (vendors.data ?? []).map((v) => v.name);
  return (
    <section aria-labelledby="requests-h">
      <div className="page-head">
        <h1 id="requests-h">Request log</h1>
      </div>
      <p className="muted">
        Every turn, newest first — failed ones too (they bill nothing, but their attempts are kept).
      </p>
      <RequestFilterForm key={filterQuery} applied={filter} agents={agents.data} providers={providers} onApply={apply} />
      {log.isPending ? <Loading label="Loading requests…" /> : null}
      {log.isError ? <ErrorBox error={log.error} testId="requests-error" onRetry={() => void log.refetch()} /> : null}
      {log.isSuccess && entries.length === 0 ? (
        <Empty>{filterQuery ? 'No turns match this search.' : 'No turns yet. They appear here as agents answer.'}</Empty>
      ) : null}
      {entries.length > 0 ? <RequestsTable entries={entries} agentName={agentName} openId={openId} onToggle={toggle} /> : null}
      {log.hasNextPage ? (
        <button
          type="button"
          className="secondary load-more"
          onClick={() => log.fetchNextPage()}
          disabled={log.isFetchingNextPage}
        >
          {log.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}
