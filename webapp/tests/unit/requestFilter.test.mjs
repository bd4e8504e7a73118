// The request log's filter in the URL, and the name an agent id is shown by.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './load-ts.mjs';

const { requestFilterFromParams, requestFilterToParams } = await importTs(
  new URL('../../src/lib/requestFilter.ts', import.meta.url),
);
const { agentLabel } = await importTs(new URL('../../src/features/agents/agentLabel.ts', import.meta.url));

test('a filter survives the URL round trip in a fixed key order', () => {
  const f = { to: '2026-03-02', requestId: 'req-1', provider: 'vendorA', outcome: 'failed', agentId: 'ag_1', from: '2026-03-01' };
  const params = requestFilterToParams(f);
  assert.equal(params.toString(), 'requestId=req-1&outcome=failed&provider=vendorA&agentId=ag_1&from=2026-03-01&to=2026-03-02');
  assert.deepEqual(requestFilterFromParams(params), f);
});

test('unknown outcomes, blank ids and malformed days are dropped', () => {
  const f = requestFilterFromParams(new URLSearchParams('requestId=%20%20&outcome=maybe&from=2026-02-30&to=tomorrow&open=x'));
  assert.deepEqual(f, {});
  assert.equal(requestFilterToParams(f).toString(), '');
});

test('agents are shown by name; archived ones are marked, never shown as a bare id once the list is in', () => {
  assert.equal(agentLabel('ag_1', { name: 'Billing bot' }, true), 'Billing bot');
  assert.equal(agentLabel('ag_1', { name: 'Old bot', archivedAt: '2026-01-01T00:00:00Z' }, true), 'Old bot (archived)');
  assert.equal(agentLabel('ag_9', undefined, true), 'Archived agent ag_9');
  assert.equal(agentLabel('ag_9', undefined, false), 'ag_9');
});
