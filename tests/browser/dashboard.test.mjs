// Browser tests: drive the dashboard the way a user does, against the real host.
// Run through tests/browser/run.sh (it starts and seeds the host and sets the env).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, ANALYST, BASE, launch, login, newPage as openPage, shot } from './helpers.mjs';

let browser;
let admin; // one page kept logged in as admin across the ordered tests
const agentName = `Browser agent ${Date.now()}`;
const turnMicros = [];

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

const newPage = (viewport) => openPage(browser, viewport);

async function usageTotalMicros(page) {
  await page.goto(`${BASE}/usage`);
  const total = page.getByTestId('usage-total-cost');
  await total.waitFor();
  return BigInt(await total.getAttribute('data-micros'));
}

test('a bad key is refused with the server\'s problem detail', async () => {
  const res = await fetch(`${BASE}/v1/me`, { headers: { Authorization: 'Bearer vbk_not_a_real_key' } });
  assert.equal(res.status, 401);
  const problem = await res.json();
  const page = await newPage();
  await login(page, 'vbk_not_a_real_key');
  const alert = page.getByTestId('login-error');
  await alert.waitFor();
  const text = await alert.innerText();
  assert.ok(text.includes(problem.detail || problem.title), `login error "${text}" shows the server's "${problem.detail}"`);
  assert.equal(await page.getByRole('button', { name: 'Sign in' }).count(), 1, 'still on the login page');
  await shot(page, 'login-bad-key');
  await page.context().close();
});

test('admin logs in and creates an agent', async () => {
  admin = await newPage();
  await login(admin, ADMIN);
  await admin.getByRole('heading', { name: 'Agents' }).waitFor();
  await admin.getByTestId('whoami').filter({ hasText: 'admin' }).waitFor();
  await shot(admin, 'agents');

  await admin.getByRole('link', { name: 'New agent' }).click();
  await admin.getByLabel('Name').fill(agentName);
  const primary = admin.getByLabel('Primary provider');
  await primary.locator('option[value="vendorA"]').waitFor({ state: 'attached' });
  await primary.selectOption('vendorA');
  await admin.getByLabel('Fallback provider').selectOption('vendorB');
  await admin.getByLabel('System prompt').fill('You are a helpful billing assistant.');
  await shot(admin, 'agent-new');
  await admin.getByRole('button', { name: 'Create agent' }).click();
  await admin.getByRole('heading', { name: 'Agents' }).waitFor();
  await admin.getByRole('cell', { name: agentName, exact: true }).waitFor();
});

test('the agent form validates before sending (fallback must differ from primary)', async () => {
  await admin.goto(`${BASE}/agents/new`);
  await admin.getByLabel('Name').fill('Invalid agent');
  await admin.getByLabel('Primary provider').locator('option[value="vendorA"]').waitFor({ state: 'attached' });
  await admin.getByLabel('Primary provider').selectOption('vendorA');
  await admin.getByLabel('Fallback provider').selectOption('vendorA');
  await admin.getByRole('button', { name: 'Create agent' }).click();
  await admin.getByText('The fallback must differ from the primary.').waitFor();
});

test('chat two turns, see metadata, replay with the same key, usage grows by exactly their cost', async () => {
  const before = await usageTotalMicros(admin);
  await shot(admin, 'usage-before');

  await admin.goto(`${BASE}/chat`);
  await admin.getByLabel('Agent').locator('option', { hasText: agentName }).waitFor({ state: 'attached' });
  await admin.getByLabel('Agent').selectOption({ label: agentName });
  await admin.getByLabel('Customer id').fill('cust-browser');
  await admin.getByRole('button', { name: 'Start session' }).click();
  await admin.getByTestId('session-id').waitFor();

  const turns = admin.getByTestId('turn');
  for (const [i, text] of ['Hello, what is my balance?', 'And when is invoice 123 due?'].entries()) {
    await admin.getByLabel('Message').fill(text);
    await admin.getByRole('button', { name: 'Send' }).click();
    await turns.nth(i).waitFor({ timeout: 20_000 });
    const turn = turns.nth(i);
    assert.match(await turn.getByTestId('turn-provider').innerText(), /^vendor[AB]$/);
    assert.match(await turn.getByTestId('turn-fallback').innerText(), /^(yes|no)$/);
    assert.match(await turn.getByTestId('turn-tokens').innerText(), /^\d+ \/ \d+$/);
    assert.match(await turn.getByTestId('turn-cost').innerText(), /^\$\d+\.\d+$/);
    assert.match(await turn.getByTestId('turn-latency').innerText(), /^\d+ ms$/);
    const micros = BigInt(await turn.getAttribute('data-micros'));
    assert.ok(micros > 0n, 'a turn costs something');
    turnMicros.push(micros);
  }
  await turns.nth(1).getByText(/^Attempts \(\d+\)$/).click();
  await turns.nth(1).getByTestId('attempts').waitFor();
  await shot(admin, 'chat');

  // Resend the second message with the same Idempotency-Key: the stored turn comes back.
  await admin.getByLabel('Resend with the same key').check();
  await admin.getByRole('button', { name: 'Resend' }).click();
  await turns.nth(2).waitFor({ timeout: 20_000 });
  assert.equal(await turns.nth(2).getAttribute('data-replayed'), 'true');
  await turns.nth(2).getByTestId('replayed').waitFor();
  assert.equal(BigInt(await turns.nth(2).getAttribute('data-micros')), turnMicros[1]);
  await shot(admin, 'chat-replayed');

  const afterTotal = await usageTotalMicros(admin);
  await admin.getByTestId('top-agents').waitFor();
  await shot(admin, 'usage');
  assert.equal(afterTotal - before, turnMicros[0] + turnMicros[1], 'usage total grows by exactly the two turns (replay not billed)');
});

test('sessions list and transcript with totals', async () => {
  await admin.goto(`${BASE}/sessions`);
  await admin.getByTestId('sessions-table').waitFor();
  await shot(admin, 'sessions');
  await admin.getByLabel('Customer id').fill('cust-browser');
  await admin.getByRole('button', { name: 'Filter' }).click();
  await admin.getByTestId('sessions-table').getByRole('row').nth(1).getByRole('link').click();
  await admin.getByRole('heading', { name: 'Transcript' }).waitFor();
  const totals = admin.getByTestId('session-totals');
  await totals.waitFor();
  const cost = BigInt(await totals.locator('[data-micros]').getAttribute('data-micros'));
  assert.equal(cost, turnMicros[0] + turnMicros[1]);
  await shot(admin, 'transcript');
});

test('API keys page and billing preview render; narrow layout works', async () => {
  await admin.goto(`${BASE}/api-keys`);
  await admin.getByTestId('keys-table').waitFor();
  await admin.getByLabel('Role').selectOption('analyst');
  await admin.getByRole('button', { name: 'Create key' }).click();
  await admin.getByTestId('new-key').waitFor();
  await shot(admin, 'api-keys');

  await admin.goto(`${BASE}/usage`);
  await admin.getByTestId('billing-total').waitFor();
  await admin.setViewportSize({ width: 390, height: 844 });
  await shot(admin, 'usage-narrow');
  await admin.goto(`${BASE}/chat`);
  await admin.getByRole('button', { name: 'Start session' }).waitFor();
  await shot(admin, 'chat-narrow');
  await admin.setViewportSize({ width: 1280, height: 800 });
  await admin.getByRole('button', { name: 'Log out' }).click();
  await admin.getByLabel('API key').waitFor();
  await shot(admin, 'login');
  await admin.context().close();
});

test('an analyst sees a read-only UI: no send, no create', async () => {
  const page = await newPage();
  await login(page, ANALYST);
  await page.getByRole('heading', { name: 'Agents' }).waitFor();
  await page.getByTestId('readonly-banner').waitFor();
  await page.getByTestId('agents-table').or(page.getByText('No agents yet.')).first().waitFor();
  assert.equal(await page.getByRole('link', { name: 'New agent' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: /^Edit|^Archive/ }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'API keys' }).count(), 0);
  // Try it would be a dead end for a key that cannot send: no nav entry, and the route sends them back.
  assert.equal(await page.getByRole('link', { name: 'Try it' }).count(), 0);
  await page.goto(`${BASE}/chat`);
  await page.getByRole('heading', { name: 'Agents' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/agents');
  assert.equal(await page.getByRole('button', { name: 'Send' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Start session' }).count(), 0);
  await shot(page, 'analyst-chat');
  await page.goto(`${BASE}/usage`);
  await page.getByTestId('usage-total-cost').waitFor();
  await page.context().close();
});
