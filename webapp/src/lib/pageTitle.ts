// The browser tab's title for each route. Pure, unit-tested.

const APP = 'VocalBridge';

const TITLES: [RegExp, string][] = [
  [/^\/login\/?$/, 'Sign in'],
  [/^\/agents\/new\/?$/, 'New agent'],
  [/^\/agents\/[^/]+\/?$/, 'Edit agent'],
  [/^\/agents\/?$/, 'Agents'],
  [/^\/chat\/?$/, 'Try it'],
  [/^\/voice\/?$/, 'Voice'],
  [/^\/sessions\/[^/]+\/?$/, 'Transcript'],
  [/^\/sessions\/?$/, 'Sessions'],
  [/^\/usage\/?$/, 'Usage'],
  [/^\/requests\/?$/, 'Request log'],
  [/^\/health\/?$/, 'Provider health'],
  [/^\/tools\/audit\/?$/, 'Tool audit'],
  [/^\/api-keys\/?$/, 'API keys'],
];

/** "Usage · VocalBridge" for /usage; the app's name alone for a path without a page. */
export function titleFor(pathname: string): string {
  const hit = TITLES.find(([re]) => re.test(pathname));
  return hit ? `${hit[1]} · ${APP}` : APP;
}
