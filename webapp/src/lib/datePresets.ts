// Usage date ranges: the presets and the range kept in the URL. Pure, unit-tested.
// Days are UTC calendar days as YYYY-MM-DD; `to` is inclusive (API.md /v1/usage).

export type PresetId = 'today' | '7d' | '30d' | 'this-month' | 'last-month';

export interface DayRange {
  from: string;
  to: string;
}

export const PRESETS: { id: PresetId; label: string }[] = [
  { id: 'today', label: 'Today' },
  { id: '7d', label: '7 d' },
  { id: '30d', label: '30 d' },
  { id: 'this-month', label: 'This month' },
  { id: 'last-month', label: 'Last month' },
];

export const DEFAULT_PRESET: PresetId = '7d';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function utcDate(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m, d));
}

/** The range a preset stands for on the UTC day of `now`. */
export function presetRange(id: PresetId, now: Date): DayRange {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  const today = day(utcDate(y, m, d));
  switch (id) {
    case 'today':
      return { from: today, to: today };
    case '7d':
      return { from: day(utcDate(y, m, d - 6)), to: today };
    case '30d':
      return { from: day(utcDate(y, m, d - 29)), to: today };
    case 'this-month':
      return { from: day(utcDate(y, m, 1)), to: today };
    case 'last-month':
      return { from: day(utcDate(y, m - 1, 1)), to: day(utcDate(y, m, 0)) };
  }
}

/** The preset whose range equals `range` today, if any (to mark the active button). */
export function matchingPreset(range: DayRange, now: Date): PresetId | null {
  for (const p of PRESETS) {
    const r = presetRange(p.id, now);
    if (r.from === range.from && r.to === range.to) return p.id;
  }
  return null;
}

/** A real calendar day in YYYY-MM-DD form (2025-02-30 is not). */
export function isDay(s: string | null | undefined): s is string {
  if (!s || !DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && day(d) === s;
}

/**
 * The range the URL names (`?from=…&to=…`), or the default preset when either is
 * missing or not a day; a reversed range is swapped rather than refused.
 */
export function rangeFromParams(params: URLSearchParams, now: Date): DayRange {
  const from = params.get('from');
  const to = params.get('to');
  if (!isDay(from) || !isDay(to)) return presetRange(DEFAULT_PRESET, now);
  return from <= to ? { from, to } : { from: to, to: from };
}

/** The billing month (YYYY-MM) a range ends in. */
export function monthOf(range: DayRange): string {
  return range.to.slice(0, 7);
}
