import { useState, type FormEvent } from 'react';
import { Empty, ErrorBox, Loading, money } from '../../components/states';
import { DailyChart, ProviderChart } from './UsageCharts';
import BudgetCard from './BudgetCard';
import { useBillingPreview, useCsvExport, useUsage, utcDay } from './hooks';

function Stat({ label, value, micros, testId }: { label: string; value: string | number; micros?: number; testId?: string }) {
  return (
    <div className="stat" data-testid={testId} data-micros={micros}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
    </div>
  );
}

export default function UsagePage() {
  const [range, setRange] = useState({ from: utcDay(-6), to: utcDay(0) });
  const [draft, setDraft] = useState(range);
  const [rangeError, setRangeError] = useState<string | null>(null);
  const [month, setMonth] = useState(utcDay(0).slice(0, 7));
  const usage = useUsage(range.from, range.to);
  const billing = useBillingPreview(month);
  const csv = useCsvExport();

  function apply(e: FormEvent) {
    e.preventDefault();
    if (!draft.from || !draft.to || draft.from > draft.to) {
      setRangeError('Choose a start date on or before the end date.');
      return;
    }
    setRangeError(null);
    setRange(draft);
  }

  const u = usage.data;
  return (
    <section aria-labelledby="usage-h">
      <div className="page-head">
        <h1 id="usage-h">Usage</h1>
      </div>
      <form className="card row" onSubmit={apply} aria-label="Date range">
        <div className="col">
          <label htmlFor="usage-from">From (UTC)</label>
          <input id="usage-from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </div>
        <div className="col">
          <label htmlFor="usage-to">To (UTC, inclusive)</label>
          <input id="usage-to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <div className="col col-end">
          <button type="submit">Apply</button>
        </div>
        <div className="col col-end">
          <button type="button" className="secondary" disabled={csv.isPending} onClick={() => csv.mutate(range)}>
            {csv.isPending ? 'Preparing…' : 'Download CSV'}
          </button>
        </div>
      </form>
      {rangeError ? <p className="field-error" role="alert">{rangeError}</p> : null}
      {csv.isError ? <ErrorBox error={csv.error} /> : null}
      {csv.isSuccess ? <p className="muted" data-testid="csv-done">CSV downloaded ({csv.data} bytes).</p> : null}

      {usage.isPending ? <Loading label="Loading usage…" /> : null}
      {usage.isError ? <ErrorBox error={usage.error} /> : null}
      {u ? (
        <>
          <div className="cards" data-testid="usage-totals">
            <Stat label="Total cost" value={money(u.totals.cost)} micros={u.totals.cost.micros} testId="usage-total-cost" />
            <Stat label="Sessions" value={u.totals.sessions} />
            <Stat label="Messages" value={u.totals.messages} />
            <Stat label="Tokens in" value={u.totals.tokensIn} />
            <Stat label="Tokens out" value={u.totals.tokensOut} />
          </div>
          <div className="grid2">
            <div className="card">
              <h2>Cost by provider</h2>
              {u.byProvider.length ? <ProviderChart data={u.byProvider} /> : <Empty>No usage in this range.</Empty>}
            </div>
            <div className="card">
              <h2>Daily cost</h2>
              {u.daily.length ? <DailyChart data={u.daily} /> : <Empty>No usage in this range.</Empty>}
            </div>
          </div>
          <div className="card">
            <h2>Top agents</h2>
            {u.topAgents.length === 0 ? (
              <Empty>No agent usage in this range.</Empty>
            ) : (
              <div className="table-wrap">
                <table data-testid="top-agents">
                  <thead>
                    <tr>
                      <th scope="col">Agent</th>
                      <th scope="col" className="num">Messages</th>
                      <th scope="col" className="num">Cost</th>
                    </tr>
                  </thead>
                  <tbody>
                    {u.topAgents.map((a) => (
                      <tr key={a.agentId}>
                        <td>{a.name || a.agentId}</td>
                        <td className="num">{a.messages}</td>
                        <td className="num" data-micros={a.cost.micros}>{money(a.cost)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        </>
      ) : null}

      <BudgetCard />
      <div className="card">
        <div className="page-head">
          <h2>Billing preview</h2>
          <div>
            <label htmlFor="billing-month">Month</label>
            <input id="billing-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
          </div>
        </div>
        {billing.isPending && billing.fetchStatus !== 'idle' ? <Loading label="Loading billing preview…" /> : null}
        {billing.isError ? <ErrorBox error={billing.error} /> : null}
        {billing.data ? (
          billing.data.lines.length === 0 ? (
            <Empty>Nothing billed in {billing.data.month}.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="billing-table">
                <thead>
                  <tr>
                    <th scope="col">Provider</th>
                    <th scope="col">Description</th>
                    <th scope="col" className="num">Tokens in</th>
                    <th scope="col" className="num">Tokens out</th>
                    <th scope="col" className="num">Amount</th>
                  </tr>
                </thead>
                <tbody>
                  {billing.data.lines.map((l, i) => (
                    <tr key={i}>
                      <td>{l.provider}</td>
                      <td>{l.description}</td>
                      <td className="num">{l.tokensIn}</td>
                      <td className="num">{l.tokensOut}</td>
                      <td className="num" data-micros={l.amount.micros}>{money(l.amount)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={4}>Total</th>
                    <td className="num" data-testid="billing-total" data-micros={billing.data.total.micros}>
                      {money(billing.data.total)}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )
        ) : null}
      </div>
    </section>
  );
}
