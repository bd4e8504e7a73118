// The Tool audit's filters as the page keeps them in its URL
// (`?agentId&tool&status&sessionId&from&to`, the API's own names). Pure, unit-tested.
import type { ToolAuditFilter, ToolStatus } from '../../api/types';

export const FILTER_KEYS = ['agentId', 'tool', 'status', 'sessionId', 'from', 'to'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type FilterProblems = Partial<Record<FilterKey, string>>;

export const TOOL_STATUSES: readonly ToolStatus[] = ['ok', 'not_found', 'error', 'timeout', 'not_enabled'];

/** The filter a URL's query holds: known keys only, trimmed, empty ones left out. */
export function filterFromParams(params: URLSearchParams): ToolAuditFilter {
  const filter: ToolAuditFilter = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filter[key] = value;
  }
  return filter;
}

/** The filter as a query, keys in a fixed order so equal filters give equal URLs. */
export function filterToParams(filter: ToolAuditFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key]?.trim();
    if (value) params.set(key, value);
  }
  return params;
}

/** A real calendar day written YYYY-MM-DD (what the API accepts). */
export function isDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** What the host would refuse with 400 (API.md, /v1/tools/audit), per field; empty when none. */
export function filterProblems(filter: ToolAuditFilter): FilterProblems {
  const problems: FilterProblems = {};
  if (filter.status && !(TOOL_STATUSES as readonly string[]).includes(filter.status))
    problems.status = `Status must be one of ${TOOL_STATUSES.join(', ')}.`;
  if (filter.from && !isDay(filter.from)) problems.from = 'Enter the first day as YYYY-MM-DD.';
  if (filter.to && !isDay(filter.to)) problems.to = 'Enter the last day as YYYY-MM-DD.';
  if (!problems.from && !problems.to && filter.from && filter.to && filter.from > filter.to)
    problems.to = 'The last day must not be before the first day.';
  return problems;
}

/** True when no filter is set (the page then says "no tool runs yet" rather than "none match"). */
export function isUnfiltered(filter: ToolAuditFilter): boolean {
  return FILTER_KEYS.every((key) => !filter[key]);
}
