// Async turns in Try it against the real host: with the "async" toggle on, a
// send answers 202 with a job; the page polls GET /v1/jobs/{id} and shows the
// job reaching succeeded, then the reply appears in the transcript as a
// synchronous one does — and the session's transcript holds it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, BASE, launch, login, newPage, shot } from './helpers.mjs';

let browser;
let admin;

before(async () => {
  browser = await launch();
  admin = await newPage(browser);
  await login(admin, ADMIN);
  await admin.getByRole('heading', { name: 'Agents' }).waitFor();
});

after(async () => {
  await browser?.close();
});

test('an async send shows the job going from queued to succeeded, then the reply in the transcript', async () => {
  await admin.goto(`${BASE}/chat`);
  await admin.getByRole('button', { name: 'Start session' }).waitFor();
  await admin.getByLabel('Customer id').fill('cust-async');
  await admin.getByRole('button', { name: 'Start session' }).click();
  await admin.getByTestId('session-id').waitFor();

  const jobRequests = [];
  admin.on('request', (r) => {
    if (r.url().includes('/v1/jobs/')) jobRequests.push(r.url());
  });
  const accepted = admin.waitForResponse((r) => r.url().includes('/messages') && r.request().method() === 'POST');
  await admin.getByTestId('async-toggle').check();
  await admin.getByLabel('Message').fill('Hello from an async send');
  await admin.getByRole('button', { name: 'Send' }).click();
  const response = await accepted;
  assert.equal(response.status(), 202, 'Prefer: respond-async answers 202');
  assert.equal(response.request().headers()['prefer'], 'respond-async');
  const { jobId, status } = await response.json();
  assert.equal(status, 'queued');

  const progress = admin.getByTestId('async-job');
  await progress.waitFor();
  assert.equal(await admin.getByTestId('async-job-id').innerText(), jobId);
  await admin.locator('[data-testid="async-job"][data-status="succeeded"]').waitFor({ timeout: 20_000 });
  for (const step of ['queued', 'running', 'succeeded'])
    assert.equal(await progress.locator(`[data-step="${step}"]`).getAttribute('data-reached'), 'true', step);
  assert.ok(jobRequests.some((u) => u.endsWith(`/v1/jobs/${jobId}`)), 'the page polled the job');

  const turn = admin.getByTestId('turn').first();
  await turn.waitFor({ timeout: 20_000 });
  assert.match(await turn.getByTestId('reply').innerText(), /\S/);
  assert.match(await turn.getByTestId('turn-cost').innerText(), /^\$\d+\.\d+$/);
  await shot(admin, 'chat-async-job');

  const sessionId = (await admin.getByTestId('session-id').innerText()).match(/ses_[0-9a-f]+/)[0];
  const detail = await admin.evaluate(
    async ([id, key]) => (await fetch(`/v1/sessions/${id}`, { headers: { Authorization: `Bearer ${key}` } })).json(),
    [sessionId, ADMIN],
  );
  assert.deepEqual(detail.messages.map((m) => m.role), ['user', 'assistant'], 'the transcript is unchanged by async');
});
