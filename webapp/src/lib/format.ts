// How the dashboard writes numbers, money and times. Pure, unit-tested.
//
// One time zone everywhere: UTC. Usage and billing are UTC days on the server,
// so showing every timestamp in UTC keeps a row's time and its day consistent.

/** The one time zone every time on the dashboard is shown in. */
export const TIME_ZONE = 'UTC';

/** An integer with thousands separators: 1234567 → "1,234,567". */
export function fmtInt(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.trunc(Math.abs(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Micro-USD as dollars with all six decimals and thousands separators:
 * 1234567890 → "$1,234.567890". Integer arithmetic only (exact, like the API's `usd`).
 */
export function fmtMicros(micros: number | null | undefined): string {
  if (micros === null || micros === undefined || !Number.isFinite(micros)) return '—';
  const neg = micros < 0;
  const abs = Math.abs(Math.trunc(micros));
  const dollars = Math.floor(abs / 1_000_000);
  const frac = String(abs % 1_000_000).padStart(6, '0');
  return `${neg ? '-' : ''}$${fmtInt(dollars)}.${frac}`;
}

/** A Money value as the cards, tables and tooltips all show it (six decimals). */
export function fmtMoney(m: { micros: number } | null | undefined): string {
  return m ? fmtMicros(m.micros) : '—';
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * An ISO-8601 time as "YYYY-MM-DD HH:MM:SS" in UTC (with `.mmm` when `millis`, for
 * attempts a few ms apart); an unparsable string is shown as is.
 */
export function fmtTime(iso: string | null | undefined, millis = false): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    (millis ? `.${String(d.getUTCMilliseconds()).padStart(3, '0')}` : '')
  );
}

/** Milliseconds as the request log and health page show them: 1234 → "1,234 ms". */
export function fmtMs(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : `${fmtInt(Math.round(ms))} ms`;
}

/** A ratio 0..1 as a percentage with one decimal: 0.1234 → "12.3 %". */
export function fmtPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(1)} %`;
}
