// Usage date presets and the range kept in the URL (UTC days, `to` inclusive).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './load-ts.mjs';

const { PRESETS, presetRange, matchingPreset, rangeFromParams, isDay, monthOf } = await importTs(
  new URL('../../src/lib/datePresets.ts', import.meta.url),
);

// 23:30 UTC on 2026-03-01 is already 2 March east of UTC: presets follow the UTC day.
const NOW = new Date('2026-03-01T23:30:00Z');

test('each preset names its UTC range', () => {
  const table = [
    ['today', '2026-03-01', '2026-03-01'],
    ['7d', '2026-02-23', '2026-03-01'],
    ['30d', '2026-01-31', '2026-03-01'],
    ['this-month', '2026-03-01', '2026-03-01'],
    ['last-month', '2026-02-01', '2026-02-28'],
  ];
  for (const [id, from, to] of table) assert.deepEqual(presetRange(id, NOW), { from, to }, id);
  assert.deepEqual(PRESETS.map((p) => p.id), table.map((r) => r[0]));
});

test('last month crosses a year and knows leap years', () => {
  assert.deepEqual(presetRange('last-month', new Date('2026-01-15T12:00:00Z')), { from: '2025-12-01', to: '2025-12-31' });
  assert.deepEqual(presetRange('last-month', new Date('2024-03-10T00:00:00Z')), { from: '2024-02-01', to: '2024-02-29' });
});

test('the active preset is found from the range', () => {
  assert.equal(matchingPreset({ from: '2026-02-23', to: '2026-03-01' }, NOW), '7d');
  assert.equal(matchingPreset({ from: '2026-02-01', to: '2026-02-28' }, NOW), 'last-month');
  assert.equal(matchingPreset({ from: '2026-02-02', to: '2026-02-28' }, NOW), null);
});

test('the URL range is read back; missing or bad days fall back to 7 d; reversed days are swapped', () => {
  const p = (s) => new URLSearchParams(s);
  assert.deepEqual(rangeFromParams(p('from=2025-01-01&to=2025-12-31'), NOW), { from: '2025-01-01', to: '2025-12-31' });
  assert.deepEqual(rangeFromParams(p('from=2025-12-31&to=2025-01-01'), NOW), { from: '2025-01-01', to: '2025-12-31' });
  assert.deepEqual(rangeFromParams(p(''), NOW), presetRange('7d', NOW));
  assert.deepEqual(rangeFromParams(p('from=2025-02-30&to=2025-03-01'), NOW), presetRange('7d', NOW));
  assert.deepEqual(rangeFromParams(p('from=yesterday&to=2025-03-01'), NOW), presetRange('7d', NOW));
});

test('days are real calendar days; the billing month is the range end\'s', () => {
  assert.equal(isDay('2024-02-29'), true);
  assert.equal(isDay('2025-02-29'), false);
  assert.equal(isDay('2025-2-1'), false);
  assert.equal(monthOf({ from: '2025-12-20', to: '2026-01-05' }), '2026-01');
});
