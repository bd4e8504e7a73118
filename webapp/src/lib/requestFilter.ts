// The request log's filter as URL search params and back. Pure, unit-tested.
import { isDay } from './datePresets';

export interface RequestFilter {
  requestId?: string;
  outcome?: 'ok' | 'failed';
  provider?: string;
  agentId?: string;
  /** YYYY-MM-DD, UTC, inclusive. */
  from?: string;
  to?: string;
}

export const REQUEST_FILTER_KEYS = ['requestId', 'outcome', 'provider', 'agentId', 'from', 'to'] as const;

/** The filter the URL names; unknown outcomes and malformed days are dropped. */
export function requestFilterFromParams(params: URLSearchParams): RequestFilter {
  const f: RequestFilter = {};
  const requestId = params.get('requestId')?.trim();
  if (requestId) f.requestId = requestId;
  const outcome = params.get('outcome');
  if (outcome === 'ok' || outcome === 'failed') f.outcome = outcome;
  const provider = params.get('provider')?.trim();
  if (provider) f.provider = provider;
  const agentId = params.get('agentId')?.trim();
  if (agentId) f.agentId = agentId;
  const from = params.get('from');
  if (isDay(from)) f.from = from;
  const to = params.get('to');
  if (isDay(to)) f.to = to;
  return f;
}

/** URL params for a filter, keys in a fixed order so equal filters give equal strings. */
export function requestFilterToParams(f: RequestFilter): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of REQUEST_FILTER_KEYS) {
    const v = f[k];
    if (v) p.set(k, v);
  }
  return p;
}

