import { useState, type FormEvent } from 'react';
import type { Agent, Tool, ToolAuditFilter } from '../../api/types';
import { TOOL_STATUSES, filterProblems, type FilterKey, type FilterProblems } from './auditFilter';

interface Props {
  /** The filter in the URL; the form starts from it (the page remounts the form when it changes). */
  applied: ToolAuditFilter;
  agents: Agent[] | undefined;
  tools: Tool[] | undefined;
  /** The field the host refused (400 `field`), with its detail. */
  serverProblems: FilterProblems;
  onApply(filter: ToolAuditFilter): void;
}

function FieldError({ id, text }: { id: string; text?: string }) {
  return text ? (
    <p className="field-error" id={`${id}-error`}>
      {text}
    </p>
  ) : null;
}

/** The Tool audit's filters: agent (by name), tool, status, session id and a day range. */
export function AuditFilterForm({ applied, agents, tools, serverProblems, onApply }: Props) {
  const [draft, setDraft] = useState<ToolAuditFilter>(applied);
  const [problems, setProblems] = useState<FilterProblems>({});
  const shown: FilterProblems = { ...serverProblems, ...problems };
  const set = (key: FilterKey, value: string) => setDraft((d) => ({ ...d, [key]: value || undefined }));
  const invalid = (key: FilterKey) => ({
    'aria-invalid': !!shown[key],
    'aria-describedby': shown[key] ? `audit-${key}-error` : undefined,
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const found = filterProblems(draft);
    setProblems(found);
    if (Object.keys(found).length === 0) onApply(draft);
  }

  // Keep a filter value the lists no longer hold (an archived agent, an unloaded tool) selectable.
  const agentMissing = applied.agentId && agents && !agents.some((a) => a.id === applied.agentId);
  const toolMissing = applied.tool && tools && !tools.some((t) => t.name === applied.tool);

  return (
    <form className="card audit-filters" onSubmit={onSubmit} aria-label="Filter tool runs" noValidate>
      <div className="row">
        <div className="col">
          <label htmlFor="audit-agentId">Agent</label>
          <select id="audit-agentId" value={draft.agentId ?? ''} onChange={(e) => set('agentId', e.target.value)}>
            <option value="">All agents</option>
            {agents?.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
            {agentMissing ? <option value={applied.agentId}>{applied.agentId}</option> : null}
          </select>
        </div>
        <div className="col">
          <label htmlFor="audit-tool">Tool</label>
          <select id="audit-tool" value={draft.tool ?? ''} onChange={(e) => set('tool', e.target.value)}>
            <option value="">All tools</option>
            {tools?.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
            {toolMissing ? <option value={applied.tool}>{applied.tool}</option> : null}
          </select>
        </div>
        <div className="col">
          <label htmlFor="audit-status">Status</label>
          <select
            id="audit-status"
            value={draft.status ?? ''}
            onChange={(e) => set('status', e.target.value)}
            {...invalid('status')}
          >
            <option value="">Any status</option>
            {TOOL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replaceAll('_', ' ')}
              </option>
            ))}
            {draft.status && !(TOOL_STATUSES as readonly string[]).includes(draft.status) ? (
              <option value={draft.status}>{draft.status}</option>
            ) : null}
          </select>
          <FieldError id="audit-status" text={shown.status} />
        </div>
      </div>
      <div className="row">
        <div className="col">
          <label htmlFor="audit-sessionId">Session id</label>
          <input
            id="audit-sessionId"
            value={draft.sessionId ?? ''}
            placeholder="ses_…"
            spellCheck={false}
            onChange={(e) => set('sessionId', e.target.value)}
            {...invalid('sessionId')}
          />
          <FieldError id="audit-sessionId" text={shown.sessionId} />
        </div>
        <div className="col">
          <label htmlFor="audit-from">From</label>
          <input
            id="audit-from"
            type="date"
            value={draft.from ?? ''}
            onChange={(e) => set('from', e.target.value)}
            {...invalid('from')}
          />
          <FieldError id="audit-from" text={shown.from} />
        </div>
        <div className="col">
          <label htmlFor="audit-to">To (inclusive)</label>
          <input id="audit-to" type="date" value={draft.to ?? ''} onChange={(e) => set('to', e.target.value)} {...invalid('to')} />
          <FieldError id="audit-to" text={shown.to} />
        </div>
      </div>
      <p className="muted form-note">Days are UTC.</p>
      <div className="form-actions row-actions">
        <button type="submit">Apply filters</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDraft({});
            setProblems({});
            onApply({});
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
