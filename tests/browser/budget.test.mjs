// Browser test of the Usage page's budget card (issue 14): the admin sets a
// monthly budget and sees spent, reserved, the limit, a bar and the rate-limit
// status; the analyst reads the same card without any control to change it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, ANALYST, BASE, launch, login, newPage as openPage, shot } from './helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  // Leave the shared tenant without a budget for the other test files.
  await fetch(`${BASE}/v1/budget`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ monthlyLimitMicros: null }),
  });
  await browser?.close();
});

async function limitsFromApi() {
  const res = await fetch(`${BASE}/v1/limits`, { headers: { Authorization: `Bearer ${ADMIN}` } });
  assert.equal(res.status, 200);
  return res.json();
}

test('an admin sets the monthly budget and sees spent, reserved, limit, a bar and the rate limits', async () => {
  const page = await openPage(browser);
  await login(page, ADMIN);
  await page.getByRole('heading', { name: 'Agents' }).waitFor();  // signed in
  await page.goto(`${BASE}/usage`);
  const card = page.getByTestId('budget-card');
  await card.waitFor();
  await page.getByTestId('rate-limit-status').getByText(/requests left this minute/).waitFor();

  await page.getByLabel('Monthly limit for the tenant (USD, empty = none)').fill('abc');
  await page.getByRole('button', { name: 'Save budget' }).click();
  await page.getByText('The monthly limit must be an amount in USD').waitFor();

  await page.getByLabel('Monthly limit for the tenant (USD, empty = none)').fill('5');
  await page.getByRole('button', { name: 'Save budget' }).click();
  await page.getByTestId('budget-saved').waitFor();
  await page.getByTestId('budget-bar').waitFor();
  assert.equal(await page.getByTestId('budget-limit').getAttribute('data-micros'), '5000000');

  const api = await limitsFromApi();
  assert.equal(api.budget.monthlyLimit.micros, 5000000);
  assert.equal(await page.getByTestId('budget-spent').getAttribute('data-micros'), String(api.budget.spent.micros),
    'the card shows the month\'s spend the API reports');
  assert.equal(await page.getByTestId('budget-reserved').getAttribute('data-micros'), String(api.budget.reserved.micros));
  await shot(page, 'usage-budget');
  await page.context().close();
});

test('an analyst reads the budget but cannot change it', async () => {
  const page = await openPage(browser);
  await login(page, ANALYST);
  await page.getByRole('heading', { name: 'Agents' }).waitFor();  // signed in
  await page.goto(`${BASE}/usage`);
  await page.getByTestId('budget-card').waitFor();
  await page.getByTestId('budget-readonly').waitFor();
  await page.getByTestId('budget-limit').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Save budget' }).count(), 0);
  assert.equal(await page.getByTestId('budget-form').count(), 0);
  await shot(page, 'usage-budget-analyst');
  await page.context().close();
});
