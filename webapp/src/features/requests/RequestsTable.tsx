import { Fragment } from 'react';
import { Link } from 'react-router';
import type { RequestLogEntry } from '../../api/types';
import { CopyableId } from '../../components/CopyButton';
import { fmtMoney, fmtMs, fmtTime } from '../../lib/format';
import { AttemptTimeline } from '../chat/AttemptTimeline';

interface Props {
  entries: RequestLogEntry[];
  agentName(id: string): string;
  /** The entry (by `entryKey`) whose attempt timeline is open, if any. */
  openId: string | null;
  onToggle(key: string): void;
}

const COLUMNS = 9;

/** A log entry's key: its own id, or its request id on a host that sends none. */
export function entryKey(e: RequestLogEntry): string {
  return e.id ?? e.requestId;
}

function transcriptHref(e: RequestLogEntry): string {
  return `/sessions/${encodeURIComponent(e.sessionId)}${e.messageId ? `#${encodeURIComponent(e.messageId)}` : ''}`;
}

/** Logged turns, one row each, with the open turn's attempt timeline in a row below. */
export function RequestsTable({ entries, agentName, openId, onToggle }: Props) {
  return (
    <div className="table-wrap">
      <table className="stack-narrow" data-testid="requests-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Request id</th>
            <th scope="col">Agent</th>
            <th scope="col">Status</th>
            <th scope="col">Provider</th>
            <th scope="col">Fallback</th>
            <th scope="col" className="num">Latency</th>
            <th scope="col" className="num">Cost</th>
            <th scope="col">
              <span className="sr-only">Attempts</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const key = entryKey(e);
            const open = key === openId;
            return (
              <Fragment key={key}>
                <tr data-testid="request-row" data-request-id={e.requestId} data-outcome={e.outcome}>
                  <td data-label="Time">{fmtTime(e.createdAt)}</td>
                  <td data-label="Request">
                    <CopyableId value={e.requestId} label="request id" />
                  </td>
                  <td data-label="Agent">{agentName(e.agentId)}</td>
                  <td data-label="Status">
                    <span className={`badge outcome-${e.outcome}`} data-testid="request-status">
                      {e.status} {e.outcome}
                    </span>
                    {e.channel === 'voice' ? <span className="badge">voice</span> : null}
                  </td>
                  <td data-label="Provider">{e.provider ?? '—'}</td>
                  <td data-label="Fallback">{e.fallbackUsed ? 'yes' : 'no'}</td>
                  <td data-label="Latency" className="num">
                    {fmtMs(e.latencyMs)}
                  </td>
                  <td data-label="Cost" className="num" data-micros={e.cost?.micros ?? 0}>
                    {e.cost ? fmtMoney(e.cost) : e.outcome === 'failed' ? 'not billed' : '—'}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-expanded={open}
                      aria-controls={open ? `req-${key}` : undefined}
                      onClick={() => onToggle(key)}
                    >
                      {open ? 'Hide attempts' : `Attempts (${e.attempts.length})`}
                      <span className="sr-only"> of request {e.requestId}</span>
                    </button>
                  </td>
                </tr>
                {open ? (
                  <tr className="detail-row" id={`req-${key}`} data-testid="request-detail">
                    <td colSpan={COLUMNS}>
                      {e.error ? (
                        <p className="danger" data-testid="request-error">
                          {e.error.title}
                          {e.error.detail && e.error.detail !== e.error.title ? `: ${e.error.detail}` : ''}
                        </p>
                      ) : null}
                      <AttemptTimeline attempts={e.attempts} />
                      <Link to={transcriptHref(e)}>Open the transcript</Link>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
