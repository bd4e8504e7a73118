// Tools in the dashboard against the real host: an agent with InvoiceLookup answers
// an invoice question in Try it with the amount the billing system gave; the
// transcript holds the tool message; the Tool audit lists, filters and details the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, ANALYST, BASE, launch, login, newPage, shot } from './helpers.mjs';

const TOOL = 'InvoiceLookup';
const agentName = `Tools agent ${Date.now()}`;
const customerId = 'cust-7';
// The seed gives Acme (the admin key's tenant) INV-1001..INV-1005 and Globex INV-2001..INV-2004.
const OTHER_TENANTS_INVOICE = 'INV-2001';
// The amount as the tool's summary writes it ("$125.40", "€178.00", "$1,234.50").
const AMOUNT = /[$€£][\d,]+\.\d{2}/;

let browser;
let admin; // one admin page across the ordered tests
const runs = []; // what Try it showed, oldest first: { invoice, requestId, summary, amount?, status }
let sessionId;

before(async () => {
  browser = await launch();
  admin = await newPage(browser);
  await login(admin, ADMIN);
  await admin.getByRole('heading', { name: 'Agents' }).waitFor();
});

after(async () => {
  await browser?.close();
});

/** Sends an invoice question in Try it and waits for turn `i`. */
async function ask(turns, i, invoice) {
  await admin.getByLabel('Message').fill(`Can you look up invoice ${invoice}?`);
  await admin.getByRole('button', { name: 'Send' }).click();
  const turn = turns.nth(i);
  await turn.waitFor({ timeout: 20_000 });
  return turn;
}

/** The turn's one tool call, checked: InvoiceLookup with this invoice number, this status, a latency. */
async function onlyToolCall(turn, invoice, status) {
  const calls = turn.getByTestId('tool-call');
  assert.equal(await calls.count(), 1, 'one tool call');
  const call = calls.first();
  assert.equal(await call.getByTestId('tool-name').innerText(), TOOL);
  assert.equal(await call.getByTestId('tool-status').getAttribute('data-status'), status);
  assert.deepEqual(JSON.parse(await call.getByTestId('tool-args').innerText()), { invoiceNumber: invoice });
  assert.match(await call.getByTestId('tool-latency').innerText(), /^\d+ ms$/);
  return call;
}

/** A tool loop is two vendor responses at least, each billed; their lines add up to the turn's cost. */
async function billedCallsAddUp(turn) {
  const lines = turn.getByTestId('usage-call');
  assert.ok((await lines.count()) >= 2, 'each billed vendor response has its line');
  let sum = 0n;
  for (const micros of await lines.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-micros')))) {
    sum += BigInt(micros);
  }
  const total = BigInt(await turn.getByTestId('turn-cost').getAttribute('data-micros'));
  assert.ok(total > 0n);
  assert.equal(sum, total, 'the per-call lines sum to the turn cost');
  assert.equal(BigInt(await turn.getByTestId('usage-calls-total').getAttribute('data-micros')), total);
}

const requestIdOf = async (turn) => (await turn.getByTestId('turn-request-id').innerText()).trim();

const todayUtc = () => new Date().toISOString().slice(0, 10);

/** Waits until the audit shows exactly these rows (by request id, in order); polls the page. */
async function rowsAre(page, requestIds) {
  await page.waitForFunction(
    (expected) =>
      JSON.stringify([...document.querySelectorAll('[data-testid="audit-row"]')].map((r) => r.dataset.requestId)) ===
      JSON.stringify(expected),
    requestIds,
  );
}

/** The audit's rows once the page settled (no loading line), for the current URL. */
async function settledRows(page) {
  await page.getByRole('status').filter({ hasText: 'Loading tool runs' }).waitFor({ state: 'hidden' });
  await page.getByTestId('audit-table').or(page.getByText(/^No tool runs/)).first().waitFor();
  return page.getByTestId('audit-row');
}

test('the agent form shows each tool with its description; an agent is created with InvoiceLookup', async () => {
  const res = await fetch(`${BASE}/v1/tools`, { headers: { Authorization: `Bearer ${ADMIN}` } });
  const tools = (await res.json()).items;
  const invoiceLookup = tools.find((t) => t.name === TOOL);
  assert.ok(invoiceLookup, `the host loads ${TOOL} (GET /v1/tools: ${tools.map((t) => t.name).join(', ')})`);

  await admin.goto(`${BASE}/agents/new`);
  await admin.getByLabel('Name').fill(agentName);
  await admin.getByLabel('Primary provider').locator('option[value="vendorA"]').waitFor({ state: 'attached' });
  await admin.getByLabel('Primary provider').selectOption('vendorA');
  await admin.getByLabel('Fallback provider').selectOption('vendorB');
  await admin.getByLabel('System prompt').fill('You answer questions about invoices.');
  for (const tool of tools) {
    const box = admin.getByRole('checkbox', { name: tool.name, exact: true });
    await box.waitFor();
    // The description sits next to the checkbox and is its accessible description.
    const describedBy = await box.getAttribute('aria-describedby');
    assert.ok(describedBy, `${tool.name}'s checkbox has a description`);
    const about = admin.locator(`[id="${describedBy}"]`);
    assert.equal((await about.innerText()).trim(), tool.description);
    assert.ok(await about.isVisible());
  }
  await admin.getByRole('checkbox', { name: TOOL, exact: true }).check();
  await shot(admin, 'tools-agent-form');
  await admin.getByRole('button', { name: 'Create agent' }).click();
  await admin.getByRole('heading', { name: 'Agents' }).waitFor();
  const row = admin.getByTestId('agents-table').getByRole('row').filter({ hasText: agentName });
  await row.getByRole('cell', { name: TOOL }).waitFor();
});

test('Try it: an invoice question is answered with the amount the tool found, the tool row and each billed call', async () => {
  await admin.goto(`${BASE}/chat`);
  await admin.getByLabel('Agent').locator('option', { hasText: agentName }).waitFor({ state: 'attached' });
  await admin.getByLabel('Agent').selectOption({ label: agentName });
  await admin.getByLabel('Customer id').fill(customerId);
  await admin.getByRole('button', { name: 'Start session' }).click();
  const sessionLink = admin.getByTestId('session-id').getByRole('link');
  await sessionLink.waitFor();
  sessionId = (await sessionLink.innerText()).trim();

  const turns = admin.getByTestId('turn');
  for (const [i, invoice] of ['INV-1001', 'INV-1002'].entries()) {
    const turn = await ask(turns, i, invoice);
    const call = await onlyToolCall(turn, invoice, 'ok');
    const summary = (await call.getByTestId('tool-summary').innerText()).trim();
    assert.ok(summary.includes(invoice), `the summary "${summary}" names ${invoice}`);
    const amount = AMOUNT.exec(summary)?.[0];
    assert.ok(amount, `the summary "${summary}" carries an amount`);
    const reply = await turn.getByTestId('reply').innerText();
    assert.ok(reply.includes(amount), `the reply "${reply}" carries the billing system's amount ${amount}`);
    await billedCallsAddUp(turn);
    runs.push({ invoice, requestId: await requestIdOf(turn), summary, amount, status: 'ok' });
  }

  // Another tenant's invoice number (Globex's): the tool says not found, the reply holds no amount.
  const turn = await ask(turns, 2, OTHER_TENANTS_INVOICE);
  const call = await onlyToolCall(turn, OTHER_TENANTS_INVOICE, 'not_found');
  const reply = await turn.getByTestId('reply').innerText();
  assert.ok(reply.trim() && !AMOUNT.test(reply), `a non-empty reply without an amount: "${reply}"`);
  await billedCallsAddUp(turn);
  const summary = (await call.getByTestId('tool-summary').innerText()).trim();
  runs.push({ invoice: OTHER_TENANTS_INVOICE, requestId: await requestIdOf(turn), summary, status: 'not_found' });
  await shot(admin, 'tools-chat');
});

test('the transcript shows the tool message, collapsed, between the question and the answer', async () => {
  await admin.getByTestId('session-id').getByRole('link').click();
  await admin.getByRole('heading', { name: 'Transcript' }).waitFor();
  const messages = admin.getByTestId('message');
  await messages.first().waitFor();
  const roles = await messages.evaluateAll((items) => items.map((m) => m.getAttribute('data-role')));
  assert.deepEqual(roles, ['user', 'tool', 'assistant', 'user', 'tool', 'assistant', 'user', 'tool', 'assistant']);

  const tool = messages.nth(1).getByTestId('tool-message');
  assert.equal(await tool.getAttribute('data-tool'), TOOL);
  assert.equal(await tool.evaluate((d) => d.open), false, 'collapsed by default');
  assert.ok((await tool.getByTestId('tool-message-summary').innerText()).includes(runs[0].amount));
  const json = tool.getByTestId('tool-result-json');
  assert.equal(await json.isVisible(), false);
  await tool.locator('summary').click();
  await json.waitFor();
  const result = JSON.parse(await json.innerText());
  assert.ok(JSON.stringify(result).includes(runs[0].invoice), 'the result JSON is the invoice the tool returned');
  await shot(admin, 'tools-transcript');
});

test('Tool audit lists the run; filters live in the URL; status, agent and days filter; Load more pages', async () => {
  await admin.getByRole('link', { name: 'Tool audit' }).click();
  await admin.getByRole('heading', { name: 'Tool audit' }).waitFor();
  const mine = (rows, run) => rows.and(admin.locator(`[data-request-id="${run.requestId}"]`));
  let rows = await settledRows(admin);
  for (const run of runs) {
    const row = mine(rows, run);
    await row.waitFor();
    assert.equal(await row.getByTestId('audit-summary').innerText(), run.summary);
    assert.equal(await row.getByTestId('tool-status').getAttribute('data-status'), run.status);
    await row.getByRole('cell', { name: agentName, exact: true }).waitFor();
    await row.getByRole('cell', { name: TOOL, exact: true }).waitFor();
  }
  await shot(admin, 'tools-audit');

  // Status ok (chosen in the form) shows it, and only ok runs.
  await admin.getByLabel('Status').selectOption('ok');
  await admin.getByRole('button', { name: 'Apply filters' }).click();
  await admin.waitForURL(/[?&]status=ok\b/);
  rows = await settledRows(admin);
  await mine(rows, runs[0]).waitFor();
  await admin.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="audit-row"]')].every((r) => r.dataset.status === 'ok'),
  );

  // The URL holds the filters: a reload keeps them, in the form too.
  await admin.reload();
  rows = await settledRows(admin);
  await mine(rows, runs[0]).waitFor();
  assert.equal(await admin.getByLabel('Status').inputValue(), 'ok');

  // Agent (by name) + session + today's UTC day + ok: this session's two ok runs, newest first, not the not_found one.
  await admin.getByLabel('Agent').selectOption({ label: agentName });
  await admin.getByLabel('Session id').fill(sessionId);
  await admin.getByLabel('From').fill(todayUtc());
  await admin.getByLabel('To (inclusive)').fill(todayUtc());
  await admin.getByRole('button', { name: 'Apply filters' }).click();
  await admin.waitForURL((url) => url.searchParams.get('sessionId') === sessionId && url.searchParams.get('to') === todayUtc());
  await rowsAre(admin, [runs[1].requestId, runs[0].requestId]);

  await admin.getByLabel('Status').selectOption('not_found');
  await admin.getByRole('button', { name: 'Apply filters' }).click();
  await rowsAre(admin, [runs[2].requestId]);
  assert.equal(await admin.getByTestId('audit-row').getByTestId('tool-status').innerText(), 'not found');

  // A status none of this session's runs has.
  await admin.getByLabel('Status').selectOption('error');
  await admin.getByRole('button', { name: 'Apply filters' }).click();
  await admin.waitForURL(/[?&]status=error\b/);
  await settledRows(admin);
  await admin.getByText('No tool runs match these filters.').waitFor();
  assert.equal(await admin.getByTestId('audit-row').count(), 0);

  // The form checks the day range before asking the host.
  await admin.getByLabel('From').fill('2026-11-02');
  await admin.getByLabel('To (inclusive)').fill('2026-11-01');
  await admin.getByRole('button', { name: 'Apply filters' }).click();
  await admin.getByText('The last day must not be before the first day.').waitFor();
  assert.equal(await admin.getByLabel('To (inclusive)').getAttribute('aria-invalid'), 'true');
  assert.equal(new URL(admin.url()).searchParams.get('from'), todayUtc(), 'nothing applied');

  // Cursor paging against the host: one run a page, then "Load more".
  const auditApi = (url) => url.pathname === '/v1/tools/audit';
  await admin.route(auditApi, (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set('limit', '1');
    return route.continue({ url: url.toString() });
  });
  try {
    await admin.goto(`${BASE}/tools/audit?sessionId=${encodeURIComponent(sessionId)}`);
    const newestFirst = runs.map((r) => r.requestId).reverse();
    await rowsAre(admin, newestFirst.slice(0, 1));
    await admin.getByRole('button', { name: 'Load more' }).click();
    await rowsAre(admin, newestFirst.slice(0, 2));
    await admin.getByRole('button', { name: 'Load more' }).click();
    await rowsAre(admin, newestFirst);
    await admin.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });
  } finally {
    await admin.unroute(auditApi);
  }
});

test('the run detail shows its arguments and request id and opens the transcript at its answer', async () => {
  await admin.goto(`${BASE}/tools/audit?status=ok&sessionId=${encodeURIComponent(sessionId)}`);
  const rows = await settledRows(admin);
  const row = rows.and(admin.locator(`[data-request-id="${runs[0].requestId}"]`));
  const details = row.getByRole('button', { name: /^Details/ });
  assert.equal(await details.getAttribute('aria-expanded'), 'false');
  await details.click();
  const detail = admin.getByTestId('run-detail');
  await detail.waitFor();
  assert.equal(await row.getByRole('button', { name: /^Hide details/ }).getAttribute('aria-expanded'), 'true');
  assert.deepEqual(JSON.parse(await detail.getByTestId('run-arguments').innerText()), { invoiceNumber: runs[0].invoice });
  assert.equal(await detail.getByTestId('run-request-id').innerText(), runs[0].requestId);
  await shot(admin, 'tools-audit-detail');

  await detail.getByRole('link', { name: 'Open the transcript at this answer' }).click();
  await admin.getByRole('heading', { name: 'Transcript' }).waitFor();
  const target = admin.locator('[data-testid="message"][aria-current="true"]');
  await target.waitFor();
  assert.equal(await target.getAttribute('data-role'), 'assistant');
  assert.ok((await target.innerText()).includes(runs[0].amount), 'the answer the run fed');
});

test("a bad filter in the URL shows the host's 400 detail on its field", async () => {
  const res = await fetch(`${BASE}/v1/tools/audit?status=bogus`, { headers: { Authorization: `Bearer ${ADMIN}` } });
  assert.equal(res.status, 400);
  const problem = await res.json();
  assert.equal(problem.field, 'status');
  await admin.goto(`${BASE}/tools/audit?status=bogus`);
  const error = admin.getByTestId('audit-error');
  await error.waitFor();
  assert.ok((await error.innerText()).includes(problem.detail));
  assert.equal(await admin.locator('#audit-status-error').innerText(), problem.detail);
  assert.equal(await admin.getByLabel('Status').getAttribute('aria-invalid'), 'true');
});

test('an analyst reads the Tool audit from the nav, at 390 px wide', async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  await login(page, ANALYST);
  await page.getByRole('heading', { name: 'Agents' }).waitFor();
  await page.getByRole('button', { name: 'Menu' }).click(); // the menu is collapsed at 390 px
  await page.getByRole('link', { name: 'Tool audit' }).click();
  await page.getByRole('heading', { name: 'Tool audit' }).waitFor();
  const rows = await settledRows(page);
  const row = rows.and(page.locator(`[data-request-id="${runs[0].requestId}"]`));
  await row.getByRole('button', { name: /^Details/ }).click();
  await page.getByTestId('run-arguments').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 390 px (overflow ${overflow}px)`);
  await shot(page, 'tools-audit-narrow');
  await page.context().close();
});
