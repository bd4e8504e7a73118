import { Link } from 'react-router';
import { ApiError } from '../../api/client';

/** For a failed turn (502/504 …): a link to its entry in the request log, by the problem's requestId. */
export function RequestLogLink({ error }: { error: unknown }) {
  const requestId = error instanceof ApiError ? error.problem.requestId : undefined;
  if (!(error instanceof ApiError) || !requestId || error.status < 500) return null;
  return (
    <p className="request-log-link">
      <Link to={`/requests?requestId=${encodeURIComponent(requestId)}`} data-testid="request-log-link">
        See this failed turn in the request log
      </Link>{' '}
      <span className="muted">(its attempts are kept there)</span>
    </p>
  );
}
