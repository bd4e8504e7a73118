import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Empty, ErrorBox, Loading, money } from '../../components/states';
import { PRESETS, isDay, matchingPreset, monthOf, presetRange, rangeFromParams, type DayRange } from '../../lib/datePresets';
import { fmtInt } from '../../lib/format';
import { DailyChart, ProviderChart } from './UsageCharts';
import BudgetCard from './BudgetCard';
import { useBillingPreview, useCsvExport, useUsage } from './hooks';

function Stat({ label, value, micros, testId, hint }: { label: string; value: string | number; micros?: number; testId?: string; hint?: string }) {
  return (
    <div className="stat" data-testid={testId} data-micros={micros} title={hint}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
    </div>
  );
}

/** The range lives in the URL (?from=&to=, UTC days); a preset or a valid date change applies at once. */
export default function UsagePage() {
  const [params, setParams] = useSearchParams();
  const now = new Date();
  const range = rangeFromParams(params, now);
  const [draft, setDraft] = useState<DayRange>(range);
  const [rangeError, setRangeError] = useState<string | null>(null);
  const active = matchingPreset(range, now);
  const monthParam = params.get('month');
  const month = monthParam && /^\d{4}-\d{2}$/.test(monthParam) ? monthParam : monthOf(range);
  const usage = useUsage(range.from, range.to);
  const billing = useBillingPreview(month);
  const csv = useCsvExport();

  // The inputs follow the URL (a preset, Back/Forward).
  useEffect(() => setDraft({ from: range.from, to: range.to }), [range.from, range.to]);

  function applyRange(next: DayRange) {
    const p = new URLSearchParams(params);
    p.set('from', next.from);
    p.set('to', next.to);
    setParams(p, { replace: true });
  }

  function editDate(next: DayRange) {
    setDraft(next);
    if (!isDay(next.from) || !isDay(next.to)) return; // still typing
    if (next.from > next.to) {
      setRangeError('Choose a start date on or before the end date.');
      return;
    }
    setRangeError(null);
    applyRange(next);
  }

  function setMonth(value: string) {
    const p = new URLSearchParams(params);
    if (value) p.set('month', value);
    else p.delete('month');
    setParams(p, { replace: true });
  }

  const u = usage.data;
  return (
    <section aria-labelledby="usage-h">
      <div className="page-head">
        <h1 id="usage-h">Usage</h1>
      </div>
      <form className="card" onSubmit={(e) => e.preventDefault()} aria-label="Date range">
        <div className="presets" role="group" aria-label="Date presets">
          {PRESETS.map((p) => (
            <button
              key={p.id}
              type="button"
              className={active === p.id ? 'preset active' : 'preset secondary'}
              aria-pressed={active === p.id}
              onClick={() => {
                setRangeError(null);
                applyRange(presetRange(p.id, new Date()));
              }}
            >
              {p.label}
            </button>
          ))}
        </div>
        <div className="row">
          <div className="col">
            <label htmlFor="usage-from">From (UTC)</label>
            <input id="usage-from" type="date" value={draft.from} aria-invalid={!!rangeError} onChange={(e) => editDate({ ...draft, from: e.target.value })} />
          </div>
          <div className="col">
            <label htmlFor="usage-to">To (UTC, inclusive)</label>
            <input id="usage-to" type="date" value={draft.to} aria-invalid={!!rangeError} onChange={(e) => editDate({ ...draft, to: e.target.value })} />
          </div>
          <div className="col col-end">
            <button type="button" className="secondary" disabled={csv.isPending} onClick={() => csv.mutate(range)}>
              {csv.isPending ? 'Preparing…' : 'Download CSV'}
            </button>
          </div>
        </div>
      </form>
      {rangeError ? <p className="field-error" role="alert">{rangeError}</p> : null}
      {csv.isError ? <ErrorBox error={csv.error} /> : null}
      {csv.isSuccess ? <p className="muted" data-testid="csv-done">CSV downloaded ({csv.data} bytes).</p> : null}

      {usage.isPending ? <Loading label="Loading usage…" /> : null}
      {usage.isError ? <ErrorBox error={usage.error} onRetry={() => void usage.refetch()} /> : null}
      {u ? (
        <>
          <div className="cards" data-testid="usage-totals" data-from={u.from} data-to={u.to}>
            <Stat label="Total cost" value={money(u.totals.cost)} micros={u.totals.cost.micros} testId="usage-total-cost" />
            <Stat label="Sessions" value={fmtInt(u.totals.sessions)} />
            <Stat
              label="Billed replies"
              value={fmtInt(u.totals.messages)}
              testId="usage-replies"
              hint="Assistant messages billed in this range (a transcript's message count includes every role)"
            />
            <Stat label="Tokens in" value={fmtInt(u.totals.tokensIn)} />
            <Stat label="Tokens out" value={fmtInt(u.totals.tokensOut)} />
          </div>
          {u.totals.messages === 0 ? (
            <div data-testid="usage-empty">
              <Empty>
                No usage from {u.from} to {u.to} (UTC). Pick a wider range, e.g. 30 d.
              </Empty>
            </div>
          ) : (
            <>
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
                          <th scope="col" className="num">Billed replies</th>
                          <th scope="col" className="num">Cost</th>
                        </tr>
                      </thead>
                      <tbody>
                        {u.topAgents.map((a) => (
                          <tr key={a.agentId}>
                            <td>{a.name || a.agentId}</td>
                            <td className="num">{fmtInt(a.messages)}</td>
                            <td className="num" data-micros={a.cost.micros}>{money(a.cost)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </div>
            </>
          )}
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
        {billing.isError ? <ErrorBox error={billing.error} onRetry={() => void billing.refetch()} /> : null}
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
                      <td className="num">{fmtInt(l.tokensIn)}</td>
                      <td className="num">{fmtInt(l.tokensOut)}</td>
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
