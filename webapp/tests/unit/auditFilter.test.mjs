// The Tool audit's filters as the page keeps them in its URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './load-ts.mjs';

const { filterFromParams, filterToParams, filterProblems, isDay, isUnfiltered } = await importTs(
  new URL('../../src/features/audit/auditFilter.ts', import.meta.url),
);

test('the URL gives the filter: known keys only, trimmed, empty values left out', () => {
  const params = new URLSearchParams('status=ok&tool=%20InvoiceLookup%20&agentId=&run=tlr_1&cursor=abc&from=2026-11-01');
  assert.deepEqual(filterFromParams(params), { status: 'ok', tool: 'InvoiceLookup', from: '2026-11-01' });
  assert.deepEqual(filterFromParams(new URLSearchParams('')), {});
});

test('equal filters give the same query whatever order they were set in, and it round-trips', () => {
  const a = filterToParams({ to: '2026-11-30', status: 'error', sessionId: 'ses_1', agentId: 'agt_1', tool: 'T' });
  const b = filterToParams({ tool: 'T', agentId: 'agt_1', status: 'error', sessionId: 'ses_1', to: '2026-11-30' });
  assert.equal(a.toString(), b.toString());
  assert.equal(a.toString(), 'agentId=agt_1&tool=T&status=error&sessionId=ses_1&to=2026-11-30');
  assert.deepEqual(filterFromParams(a), { agentId: 'agt_1', tool: 'T', status: 'error', sessionId: 'ses_1', to: '2026-11-30' });
  assert.equal(filterToParams({ status: '', sessionId: '  ' }).toString(), '');
});

test('days are real calendar days written YYYY-MM-DD', () => {
  for (const day of ['2026-11-29', '2024-02-29', '2000-01-01']) assert.ok(isDay(day), day);
  for (const day of ['2026-13-01', '2025-02-29', '2026-11-31', '2026-1-5', '29/11/2026', '', '2026-11-29T00:00']) {
    assert.ok(!isDay(day), day);
  }
});

test('what the host would refuse is named per field before anything is sent', () => {
  assert.deepEqual(filterProblems({}), {});
  assert.deepEqual(filterProblems({ status: 'not_found', from: '2026-11-01', to: '2026-11-01' }), {});
  const cases = [
    [{ status: 'bogus' }, 'status', /one of ok, not_found, error, timeout, not_enabled/],
    [{ from: '2026-02-30' }, 'from', /YYYY-MM-DD/],
    [{ to: 'yesterday' }, 'to', /YYYY-MM-DD/],
    [{ from: '2026-11-02', to: '2026-11-01' }, 'to', /must not be before/],
  ];
  for (const [filter, field, message] of cases) {
    const problems = filterProblems(filter);
    assert.deepEqual(Object.keys(problems), [field], JSON.stringify(filter));
    assert.match(problems[field], message);
  }
});

test('an empty filter is told apart from one that matches nothing', () => {
  assert.ok(isUnfiltered({}));
  assert.ok(!isUnfiltered({ status: 'ok' }));
});
