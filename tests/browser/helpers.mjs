// What every browser test file shares: the environment run.sh sets, Chromium,
// and the few steps every test takes (open a page, log in, take a screenshot).
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../webapp/package.json'));
export const { chromium } = require('playwright-core');

export const BASE = process.env.VB_BASE_URL;
export const ADMIN = process.env.VB_ADMIN_KEY;
export const ANALYST = process.env.VB_ANALYST_KEY;
const SHOTS = process.env.VB_SCREENSHOT_DIR ?? path.join(here, 'output');
if (!BASE || !ADMIN || !ANALYST) throw new Error('run through tests/browser/run.sh (VB_BASE_URL, VB_ADMIN_KEY, VB_ANALYST_KEY)');
fs.mkdirSync(SHOTS, { recursive: true });

export const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Launches Debian Chromium with the shared flags plus `extraArgs`. */
export function launch(extraArgs = []) {
  return chromium.launch({ executablePath: process.env.VB_CHROMIUM ?? '/usr/bin/chromium', args: [...ARGS, ...extraArgs] });
}

export async function newPage(browser, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

export async function login(page, key) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
