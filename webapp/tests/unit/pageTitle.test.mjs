// Every route has its own tab title.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './load-ts.mjs';

const { titleFor } = await importTs(new URL('../../src/lib/pageTitle.ts', import.meta.url));

test('each page route has its title; unknown paths get the app name', () => {
  const table = [
    ['/login', 'Sign in · VocalBridge'],
    ['/agents', 'Agents · VocalBridge'],
    ['/agents/new', 'New agent · VocalBridge'],
    ['/agents/ag_123', 'Edit agent · VocalBridge'],
    ['/chat', 'Try it · VocalBridge'],
    ['/voice', 'Voice · VocalBridge'],
    ['/sessions', 'Sessions · VocalBridge'],
    ['/sessions/s_1', 'Transcript · VocalBridge'],
    ['/usage', 'Usage · VocalBridge'],
    ['/requests', 'Request log · VocalBridge'],
    ['/health', 'Provider health · VocalBridge'],
    ['/tools/audit', 'Tool audit · VocalBridge'],
    ['/api-keys', 'API keys · VocalBridge'],
    ['/nowhere', 'VocalBridge'],
  ];
  for (const [path, title] of table) assert.equal(titleFor(path), title, path);
});
