// How the transcript summarises a stored tool message (the tool's result JSON text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './load-ts.mjs';

const { toolResultGist } = await importTs(new URL('../../src/features/sessions/toolResult.ts', import.meta.url));

test("a result's own summary is shown", () => {
  const content = JSON.stringify({ found: true, invoice: { amountCents: 12540 }, summary: 'Invoice INV-1001 for cust-7 is $125.40' });
  assert.deepEqual(toolResultGist(content), { summary: 'Invoice INV-1001 for cust-7 is $125.40', failed: false });
});

test('a refused or failed run shows its message and is marked failed', () => {
  const refused = '{"error":"not_enabled","message":"this tool is not enabled for this agent"}';
  assert.deepEqual(toolResultGist(refused), { summary: 'this tool is not enabled for this agent', failed: true });
  assert.deepEqual(toolResultGist('{"error":"billing system unavailable"}'), {
    summary: 'billing system unavailable',
    failed: true,
  });
});

test('without a summary the start of the text stands in, on one line and clipped', () => {
  assert.deepEqual(toolResultGist('{"found":false}'), { summary: '{"found":false}', failed: false });
  assert.deepEqual(toolResultGist('plain\n  text'), { summary: 'plain text', failed: false });
  assert.deepEqual(toolResultGist('[1,2]'), { summary: '[1,2]', failed: false });
  const long = toolResultGist(JSON.stringify({ data: 'x'.repeat(500) })).summary;
  assert.equal(long.length, 160);
  assert.ok(long.endsWith('…'));
});
