// The Usage page's governance card: this month's budget (spent, reserved,
// limit and a bar), per-agent budgets and the rate-limit status. Admins edit
// the limits; analysts read them.
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import type { Limits } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { ErrorBox, Loading, money } from '../../components/states';
import { useAgents } from '../agents/hooks';
import { useLimits, useSetBudget, usdToMicros } from './budgetHooks';

function usdText(micros: number | undefined | null): string {
  return micros === undefined || micros === null ? '' : (micros / 1_000_000).toFixed(6).replace(/\.?0+$/, '');
}

function BudgetBar({ spent, reserved, limit }: { spent: number; reserved: number; limit: number | null }) {
  if (limit === null) return <p className="muted" data-testid="budget-unlimited">No monthly limit.</p>;
  const used = spent + reserved;
  const percent = limit > 0 ? Math.min(100, Math.round((used * 100) / limit)) : 100;
  return (
    <div>
      <progress data-testid="budget-bar" max={limit > 0 ? limit : 1} value={Math.min(used, limit > 0 ? limit : 1)}
        aria-label={`Budget used: ${percent}%`} />
      <span className="muted"> {percent}% used (spent + reserved)</span>
    </div>
  );
}

type SaveBudget = ReturnType<typeof useSetBudget>;

// Remounted (fresh fields) whenever the saved limits change; the mutation
// lives in the card so its outcome outlives that remount.
function BudgetEditor({ limits, save }: { limits: Limits; save: SaveBudget }) {
  const agents = useAgents();
  const [tenantLimit, setTenantLimit] = useState(usdText(limits.budget.monthlyLimit?.micros));
  const [agentLimits, setAgentLimits] = useState<Record<string, string>>(() =>
    Object.fromEntries(limits.agents.map((a) => [a.agentId, usdText(a.monthlyLimit?.micros)])),
  );
  const [formError, setFormError] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const micros = usdToMicros(tenantLimit);
    if (Number.isNaN(micros)) return setFormError('The monthly limit must be an amount in USD, e.g. 25 or 12.50.');
    const agentsInput: Record<string, number | null> = {};
    for (const [agentId, text] of Object.entries(agentLimits)) {
      const value = usdToMicros(text);
      if (Number.isNaN(value)) return setFormError('Agent limits must be amounts in USD, or empty for none.');
      agentsInput[agentId] = value;
    }
    setFormError(null);
    save.mutate({ monthlyLimitMicros: micros, agents: agentsInput });
  }

  return (
    <form onSubmit={submit} aria-label="Edit budget" data-testid="budget-form">
      <div className="row">
        <div className="col">
          <label htmlFor="budget-tenant">Monthly limit for the tenant (USD, empty = none)</label>
          <input id="budget-tenant" inputMode="decimal" value={tenantLimit} onChange={(e) => setTenantLimit(e.target.value)} />
        </div>
      </div>
      {agents.data && agents.data.length > 0 ? (
        <fieldset>
          <legend>Per-agent monthly limits (USD, empty = none)</legend>
          {agents.data.map((a) => (
            <div className="row" key={a.id}>
              <label htmlFor={`budget-agent-${a.id}`}>{a.name}</label>
              <input id={`budget-agent-${a.id}`} inputMode="decimal" value={agentLimits[a.id] ?? ''}
                onChange={(e) => setAgentLimits({ ...agentLimits, [a.id]: e.target.value })} />
            </div>
          ))}
        </fieldset>
      ) : null}
      {formError ? <p className="field-error" role="alert">{formError}</p> : null}
      {save.isError ? <p className="field-error" role="alert">{errorMessage(save.error)}</p> : null}
      <button type="submit" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save budget'}</button>
    </form>
  );
}

export default function BudgetCard() {
  const { isAdmin } = useAuth();
  const limits = useLimits();
  const agents = useAgents();
  const save = useSetBudget();
  const l = limits.data?.limits;
  const rate = limits.data?.rateLimit;
  const nameOf = (id: string) => agents.data?.find((a) => a.id === id)?.name ?? id;
  return (
    <div className="card" data-testid="budget-card">
      <h2>Budget and rate limits</h2>
      {limits.isPending ? <Loading label="Loading limits…" /> : null}
      {limits.isError ? <ErrorBox error={limits.error} /> : null}
      {l ? (
        <>
          <div className="cards">
            <div className="stat" data-testid="budget-spent" data-micros={l.budget.spent.micros}>
              <span className="stat-label">Spent in {l.month}</span>
              <span className="stat-value">{money(l.budget.spent)}</span>
            </div>
            <div className="stat" data-testid="budget-reserved" data-micros={l.budget.reserved.micros}>
              <span className="stat-label">Reserved (turns in flight)</span>
              <span className="stat-value">{money(l.budget.reserved)}</span>
            </div>
            <div className="stat" data-testid="budget-limit" data-micros={l.budget.monthlyLimit?.micros ?? ''}>
              <span className="stat-label">Monthly limit</span>
              <span className="stat-value">{l.budget.monthlyLimit ? money(l.budget.monthlyLimit) : 'none'}</span>
            </div>
          </div>
          <BudgetBar spent={l.budget.spent.micros} reserved={l.budget.reserved.micros} limit={l.budget.monthlyLimit?.micros ?? null} />
          {l.agents.length > 0 ? (
            <div className="table-wrap">
              <table data-testid="agent-budgets">
                <thead>
                  <tr>
                    <th scope="col">Agent</th>
                    <th scope="col" className="num">Spent</th>
                    <th scope="col" className="num">Reserved</th>
                    <th scope="col" className="num">Limit</th>
                  </tr>
                </thead>
                <tbody>
                  {l.agents.map((a) => (
                    <tr key={a.agentId}>
                      <td>{nameOf(a.agentId)}</td>
                      <td className="num">{money(a.spent)}</td>
                      <td className="num">{money(a.reserved)}</td>
                      <td className="num">{a.monthlyLimit ? money(a.monthlyLimit) : 'none'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <p data-testid="rate-limit-status">
            Rate limits: {l.requestsPerMinute.toLocaleString()} requests and {l.tokensPerMinute.toLocaleString()} vendor
            tokens per minute.
            {rate ? ` ${rate.remaining.toLocaleString()} requests left this minute (full again in ${rate.resetSeconds} s).` : ''}
          </p>
          {isAdmin ? <BudgetEditor key={JSON.stringify(l.budget.monthlyLimit) + l.agents.length} limits={l} save={save} /> : (
            <p className="muted" data-testid="budget-readonly">Only admins can change the budget.</p>
          )}
          {isAdmin && save.isSuccess && !save.isPending ? (
            <p className="muted" role="status" data-testid="budget-saved">Budget saved.</p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
