// How the dashboard writes numbers, money and times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './load-ts.mjs';

const { fmtInt, fmtMicros, fmtMoney, fmtTime, fmtMs, fmtPercent, TIME_ZONE } = await importTs(
  new URL('../../src/lib/format.ts', import.meta.url),
);

test('integers get thousands separators', () => {
  assert.equal(fmtInt(0), '0');
  assert.equal(fmtInt(999), '999');
  assert.equal(fmtInt(1000), '1,000');
  assert.equal(fmtInt(1234567), '1,234,567');
  assert.equal(fmtInt(-98765), '-98,765');
  assert.equal(fmtInt(undefined), '—');
});

test('money is exact micros with six decimals, as cards and tooltips show it', () => {
  assert.equal(fmtMicros(0), '$0.000000');
  assert.equal(fmtMicros(1), '$0.000001');
  assert.equal(fmtMicros(1_234_567_890), '$1,234.567890');
  assert.equal(fmtMicros(-2_500_000), '-$2.500000');
  // 2^53 - 1 micros: no floating-point rounding in the last digit.
  assert.equal(fmtMicros(9007199254740991), '$9,007,199,254.740991');
  assert.equal(fmtMoney({ micros: 12_000, usd: '0.012' }), '$0.012000');
  assert.equal(fmtMoney(null), '—');
});

test('times are one format in UTC, whatever the browser zone', () => {
  assert.equal(TIME_ZONE, 'UTC');
  assert.equal(fmtTime('2026-03-01T23:59:58.500+02:00'), '2026-03-01 21:59:58');
  assert.equal(fmtTime('2026-12-31T00:00:00Z'), '2026-12-31 00:00:00');
  assert.equal(fmtTime('not a time'), 'not a time');
  assert.equal(fmtTime(null), '—');
});

test('latencies and ratios', () => {
  assert.equal(fmtMs(1234.4), '1,234 ms');
  assert.equal(fmtMs(null), '—');
  assert.equal(fmtPercent(0.1234), '12.3 %');
  assert.equal(fmtPercent(1), '100.0 %');
});

test('attempt times keep their milliseconds in the same format', () => {
  assert.equal(fmtTime('2026-11-29T16:07:38.024Z', true), '2026-11-29 16:07:38.024');
});
