import { Fragment } from 'react';
import type { ToolRun } from '../../api/types';
import { ToolStatusBadge } from '../../components/ToolStatusBadge';
import { fmtTime } from '../../components/states';
import { ToolRunDetail } from './ToolRunDetail';

interface Props {
  runs: ToolRun[];
  /** The name to show for an agent id (archived agents included). */
  agentName(id: string): string;
  /** The run whose detail is open, if any. */
  openId: string | null;
  onToggle(id: string): void;
}

const COLUMNS = 7;

/** Audited tool runs, one row each, with a row below for the open run's detail. */
export function AuditTable({ runs, agentName: nameOf, openId, onToggle }: Props) {
  return (
    <div className="table-wrap">
      <table className="stack-narrow" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Tool</th>
            <th scope="col">Agent</th>
            <th scope="col">Status</th>
            <th scope="col">Summary</th>
            <th scope="col" className="num">Latency</th>
            <th scope="col">
              <span className="sr-only">Detail</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const open = run.id === openId;
            const agentName = nameOf(run.agentId);
            return (
              <Fragment key={run.id}>
                <tr data-testid="audit-row" data-run-id={run.id} data-request-id={run.requestId} data-status={run.status}>
                  <td data-label="Time">{fmtTime(run.createdAt)}</td>
                  <td data-label="Tool">{run.tool}</td>
                  <td data-label="Agent">{agentName}</td>
                  <td data-label="Status">
                    <ToolStatusBadge status={run.status} />
                  </td>
                  <td data-label="Summary" data-testid="audit-summary">
                    {run.resultSummary}
                  </td>
                  <td data-label="Latency" className="num">
                    {run.latencyMs} ms
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-expanded={open}
                      aria-controls={open ? `run-${run.id}` : undefined}
                      onClick={() => onToggle(run.id)}
                    >
                      {open ? 'Hide details' : 'Details'}
                      <span className="sr-only"> of the {run.tool} run at {fmtTime(run.createdAt)}</span>
                    </button>
                  </td>
                </tr>
                {open ? (
                  <tr className="detail-row" id={`run-${run.id}`}>
                    <td colSpan={COLUMNS}>
                      <ToolRunDetail run={run} agentName={agentName} />
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
