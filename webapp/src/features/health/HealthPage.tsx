import { Empty, ErrorBox, Loading } from '../../components/states';
import { fmtInt, fmtMs, fmtPercent, fmtTime } from '../../lib/format';
import { useProviderHealth, usePlugins } from './hooks';

const CIRCUIT_TEXT: Record<string, string> = {
  closed: 'closed — calls flow',
  open: 'open — calls skipped',
  half_open: 'half-open — probing',
};

function CircuitBadge({ state }: { state: string }) {
  return (
    <span className={`badge circuit circuit-${state}`} data-testid="circuit" data-state={state}>
      {CIRCUIT_TEXT[state] ?? state}
    </span>
  );
}

function windowText(seconds: number | undefined): string {
  if (!seconds) return 'few minutes';
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

function ProvidersCard() {
  const health = useProviderHealth();
  return (
    <div className="card">
      <h2>Providers</h2>
      <p className="muted form-note" data-testid="health-window">
        Circuit state now; calls, error rate and latency over the last{' '}
        {windowText(health.data?.[0]?.window.seconds)}.
      </p>
      {health.isPending ? <Loading label="Loading provider health…" /> : null}
      {health.isError ? <ErrorBox error={health.error} onRetry={() => void health.refetch()} /> : null}
      {health.data && health.data.length === 0 ? <Empty>No vendor providers are loaded.</Empty> : null}
      {health.data && health.data.length > 0 ? (
        <div className="table-wrap">
          <table className="stack-narrow" data-testid="health-table">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Circuit</th>
                <th scope="col" className="num">Calls</th>
                <th scope="col" className="num">Error rate</th>
                <th scope="col" className="num">p50</th>
                <th scope="col" className="num">p95</th>
              </tr>
            </thead>
            <tbody>
              {health.data.map((p) => (
                <tr key={p.provider} data-testid="health-row" data-provider={p.provider}>
                  <td data-label="Provider">{p.provider}</td>
                  <td data-label="Circuit">
                    <CircuitBadge state={p.circuit} />
                  </td>
                  <td data-label="Calls" className="num">
                    {fmtInt(p.window.calls)}
                  </td>
                  <td data-label="Error rate" className="num">
                    {p.window.calls ? fmtPercent(p.window.errorRate) : '—'}
                  </td>
                  <td data-label="p50" className="num">
                    {fmtMs(p.window.p50Ms)}
                  </td>
                  <td data-label="p95" className="num">
                    {fmtMs(p.window.p95Ms)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

function PluginsCard() {
  const plugins = usePlugins();
  return (
    <div className="card">
      <h2>Plugins</h2>
      {plugins.isPending ? <Loading label="Loading plugins…" /> : null}
      {plugins.isError ? <ErrorBox error={plugins.error} onRetry={() => void plugins.refetch()} /> : null}
      {plugins.data && plugins.data.length === 0 ? <Empty>No plugins are configured.</Empty> : null}
      {plugins.data && plugins.data.length > 0 ? (
        <div className="table-wrap">
          <table className="stack-narrow" data-testid="plugins-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Loaded at</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {plugins.data.map((p) => (
                <tr key={p.name} data-testid="plugin-row" data-plugin={p.name} data-status={p.status}>
                  <td data-label="Name">{p.name}</td>
                  <td data-label="Kind">{p.kind}</td>
                  <td data-label="Version">
                    {p.version}
                    <small className="muted"> · ABI {String(p.abiVersion)}</small>
                  </td>
                  <td data-label="Status">
                    <span className={`badge plugin-${p.status}`}>{p.status}</span>
                  </td>
                  <td data-label="Loaded at">{fmtTime(p.loadedAt)}</td>
                  <td data-label="Error" className={p.error ? 'danger' : undefined}>
                    {p.error || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

/** Provider circuits and recent call health beside the loaded plugins; refreshes every few seconds. */
export default function HealthPage() {
  return (
    <section aria-labelledby="health-h">
      <div className="page-head">
        <h1 id="health-h">Provider &amp; plugin health</h1>
      </div>
      <div className="grid2 health-grid">
        <ProvidersCard />
        <PluginsCard />
      </div>
    </section>
  );
}
