import { useState, type FormEvent } from 'react';
import type { Agent } from '../../api/types';
import type { RequestFilter } from '../../lib/requestFilter';

interface Props {
  /** The filter in the URL; the page remounts the form when it changes. */
  applied: RequestFilter;
  agents: Agent[] | undefined;
  providers: string[];
  onApply(filter: RequestFilter): void;
}

/**
 * Search by request id, filter by outcome, provider, agent and UTC days. A choice
 * in a list applies at once; typed text (request id, days) applies on Search.
 */
export function RequestFilterForm({ applied, agents, providers, onApply }: Props) {
  const [draft, setDraft] = useState<RequestFilter>(applied);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (patch: Partial<RequestFilter>) => setDraft((d) => ({ ...d, ...patch }));
  const choose = (patch: Partial<RequestFilter>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    onApply(next);
  };

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (draft.from && draft.to && draft.from > draft.to) {
      setProblem('Choose a start day on or before the end day.');
      return;
    }
    setProblem(null);
    onApply({ ...draft, requestId: draft.requestId?.trim() || undefined });
  }

  return (
    <form className="card" onSubmit={onSubmit} aria-label="Search the request log">
      <div className="row">
        <div className="col col-wide">
          <label htmlFor="req-id">Request id</label>
          <input
            id="req-id"
            value={draft.requestId ?? ''}
            placeholder="X-Request-Id of a turn"
            onChange={(e) => set({ requestId: e.target.value || undefined })}
          />
        </div>
        <div className="col">
          <label htmlFor="req-outcome">Outcome</label>
          <select
            id="req-outcome"
            value={draft.outcome ?? ''}
            onChange={(e) => choose({ outcome: (e.target.value || undefined) as RequestFilter['outcome'] })}
          >
            <option value="">Any</option>
            <option value="ok">ok</option>
            <option value="failed">failed</option>
          </select>
        </div>
        <div className="col">
          <label htmlFor="req-provider">Provider</label>
          <select id="req-provider" value={draft.provider ?? ''} onChange={(e) => choose({ provider: e.target.value || undefined })}>
            <option value="">Any</option>
            {providers.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <div className="col">
          <label htmlFor="req-agent">Agent</label>
          <select id="req-agent" value={draft.agentId ?? ''} onChange={(e) => choose({ agentId: e.target.value || undefined })}>
            <option value="">All agents</option>
            {agents?.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="row">
        <div className="col">
          <label htmlFor="req-from">From (UTC day)</label>
          <input id="req-from" type="date" value={draft.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} />
        </div>
        <div className="col">
          <label htmlFor="req-to">To (UTC day, inclusive)</label>
          <input id="req-to" type="date" value={draft.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
        </div>
        <div className="col col-end row-actions">
          <button type="submit">Search</button>
          <button type="button" className="secondary" onClick={() => onApply({})}>
            Clear
          </button>
        </div>
      </div>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
