// DEV ONLY: a tiny in-memory stand-in for the host that follows API.md closely enough
// to develop the dashboard and its browser tests while the real host is unfinished.
// The real browser tests run against the real host (tests/browser/run.sh).
//   node tests/browser/dev/contract-stub.mjs [port]   → prints VB_ADMIN_KEY / VB_ANALYST_KEY
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../webapp/dist');
const port = Number(process.argv[2] ?? 8080);
const keys = new Map([
  ['vbk_admin_stub', { id: 'k1', role: 'admin', prefix: 'vbk_admi', name: 'seed admin', createdAt: new Date().toISOString(), lastUsedAt: null, revokedAt: null }],
  ['vbk_analyst_stub', { id: 'k2', role: 'analyst', prefix: 'vbk_anal', name: 'seed analyst', createdAt: new Date().toISOString(), lastUsedAt: null, revokedAt: null }],
]);
const agents = new Map();
const sessions = new Map();
const events = [];
const idem = new Map();
const id = (p) => `${p}_${crypto.randomBytes(6).toString('hex')}`;
const usd = (m) => ({ micros: m, usd: (m / 1e6).toFixed(6) });
const problem = (res, status, title, detail) => send(res, status, { type: 'about:blank', title, status, detail, requestId: id('req') }, 'application/problem+json');
function send(res, status, body, type = 'application/json', headers = {}) {
  res.writeHead(status, { 'Content-Type': type, 'Access-Control-Expose-Headers': 'Idempotent-Replayed', ...headers });
  res.end(body === undefined ? '' : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}
const vendors = ['vendorA', 'vendorB'];

http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const p = url.pathname;
  let body = '';
  for await (const c of req) body += c;
  const json = body ? JSON.parse(body) : {};
  if (p === '/readyz' || p === '/healthz') return send(res, 200, { status: 'ok' });
  if (!p.startsWith('/v1/')) {
    const f = path.join(dist, p);
    if (f.startsWith(dist) && fs.existsSync(f) && fs.statSync(f).isFile()) {
      const ext = path.extname(f);
      return send(res, 200, fs.readFileSync(f), { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' }[ext] ?? 'application/octet-stream');
    }
    return send(res, 200, fs.readFileSync(path.join(dist, 'index.html')), 'text/html');
  }
  const key = keys.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
  if (!key || key.revokedAt) return problem(res, 401, 'Unauthorized', 'The API key is missing, unknown or revoked.');
  const admin = key.role === 'admin';
  const needAdmin = () => (admin ? false : (problem(res, 403, 'Forbidden', 'This call needs an admin key.'), true));
  const m = req.method;
  let mm;
  if (p === '/v1/me') return send(res, 200, { tenant: { id: 't1', name: 'Acme' }, key: { id: key.id, role: key.role } });
  if (p === '/v1/plugins') return send(res, 200, { items: [...vendors.map((n) => ({ name: n, kind: 'vendor', version: '1.0.0', abiVersion: 1, status: 'loaded', loadedAt: new Date().toISOString() })), { name: 'InvoiceLookup', kind: 'tool', version: '1', abiVersion: 1, status: 'loaded' }] });
  if (p === '/v1/tools') return send(res, 200, { items: [{ name: 'InvoiceLookup', description: 'Looks up an invoice', parameters: {} }] });
  if (p === '/v1/agents' && m === 'GET') return send(res, 200, { items: [...agents.values()], nextCursor: null });
  if (p === '/v1/agents' && m === 'POST') {
    if (needAdmin()) return;
    if (!vendors.includes(json.primaryProvider)) return problem(res, 422, 'Unprocessable', `unknown provider '${json.primaryProvider}'`);
    if (json.fallbackProvider && json.fallbackProvider === json.primaryProvider) return problem(res, 422, 'Unprocessable', 'fallbackProvider equals primaryProvider');
    const a = { id: id('agt'), ...json, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() };
    agents.set(a.id, a);
    return send(res, 201, a);
  }
  if ((mm = p.match(/^\/v1\/agents\/([^/]+)$/))) {
    const a = agents.get(mm[1]);
    if (!a) return problem(res, 404, 'Not found', 'no such agent');
    if (m === 'GET') return send(res, 200, a);
    if (needAdmin()) return;
    if (m === 'PATCH') { Object.assign(a, json, { updatedAt: new Date().toISOString() }); return send(res, 200, a); }
    if (m === 'DELETE') { agents.delete(a.id); return send(res, 204); }
  }
  if (p === '/v1/sessions' && m === 'GET') return send(res, 200, { items: [...sessions.values()].filter((s) => (!url.searchParams.get('customerId') || s.customerId === url.searchParams.get('customerId'))).map(({ messages, ...s }) => s), nextCursor: null });
  if (p === '/v1/sessions' && m === 'POST') {
    if (needAdmin()) return;
    const s = { id: id('ses'), agentId: json.agentId, customerId: json.customerId, channel: 'chat', createdAt: new Date().toISOString(), messages: [] };
    sessions.set(s.id, s);
    const { messages, ...out } = s;
    return send(res, 201, out);
  }
  if ((mm = p.match(/^\/v1\/sessions\/([^/]+)$/))) {
    const s = sessions.get(mm[1]);
    if (!s) return problem(res, 404, 'Not found', 'no such session');
    const ev = events.filter((e) => e.sessionId === s.id);
    const totals = { messages: s.messages.length, tokensIn: ev.reduce((a, e) => a + e.tokensIn, 0), tokensOut: ev.reduce((a, e) => a + e.tokensOut, 0), cost: usd(ev.reduce((a, e) => a + e.micros, 0)) };
    return send(res, 200, { ...s, totals });
  }
  if ((mm = p.match(/^\/v1\/sessions\/([^/]+)\/messages$/)) && m === 'POST') {
    if (needAdmin()) return;
    const s = sessions.get(mm[1]);
    const k = req.headers['idempotency-key'];
    if (k && idem.has(k)) return send(res, 201, idem.get(k), 'application/json', { 'Idempotent-Replayed': 'true' });
    const agent = agents.get(s.agentId);
    const tokensIn = 20 + json.content.length, tokensOut = 30 + Math.floor(Math.random() * 20);
    const micros = tokensIn * 3 + tokensOut * 7;
    const now = new Date().toISOString();
    const u = { id: id('msg'), seq: s.messages.length + 1, role: 'user', content: json.content, createdAt: now };
    const a = { id: id('msg'), seq: s.messages.length + 2, role: 'assistant', content: `Echo: ${json.content}`, createdAt: now, provider: agent.primaryProvider, usage: { provider: agent.primaryProvider, tokensIn, tokensOut, cost: usd(micros) } };
    s.messages.push(u, a);
    events.push({ sessionId: s.id, agentId: agent.id, provider: agent.primaryProvider, tokensIn, tokensOut, micros, createdAt: now });
    const turn = { userMessage: u, message: a, usage: { provider: agent.primaryProvider, tokensIn, tokensOut, cost: usd(micros), pricingVersion: 1 }, routing: { provider: agent.primaryProvider, fallbackUsed: false, attempts: [{ provider: agent.primaryProvider, attempt: 1, outcome: 'http_500', httpStatus: 500, latencyMs: 12, startedAt: now }, { provider: agent.primaryProvider, attempt: 2, outcome: 'ok', latencyMs: 20, startedAt: now }] }, toolCalls: [], latencyMs: 35, requestId: id('req') };
    if (k) idem.set(k, turn);
    return send(res, 201, turn);
  }
  if (p === '/v1/usage') {
    const sum = (xs) => ({ messages: xs.length * 2, tokensIn: xs.reduce((a, e) => a + e.tokensIn, 0), tokensOut: xs.reduce((a, e) => a + e.tokensOut, 0), cost: usd(xs.reduce((a, e) => a + e.micros, 0)) });
    const by = (f) => { const g = {}; for (const e of events) (g[f(e)] ??= []).push(e); return Object.entries(g); };
    return send(res, 200, { from: url.searchParams.get('from'), to: url.searchParams.get('to'), totals: { sessions: sessions.size, ...sum(events) }, byProvider: by((e) => e.provider).map(([provider, xs]) => ({ provider, ...sum(xs) })), topAgents: by((e) => e.agentId).map(([agentId, xs]) => ({ agentId, name: agents.get(agentId)?.name ?? agentId, messages: xs.length * 2, cost: sum(xs).cost })), daily: by((e) => e.createdAt.slice(0, 10)).map(([date, xs]) => ({ date, ...sum(xs) })) });
  }
  if (p === '/v1/usage/events') return send(res, 200, 'id,provider,micros\n' + events.map((e, i) => `${i},${e.provider},${e.micros}`).join('\n'), 'text/csv');
  if (p === '/v1/billing/preview') {
    const total = events.reduce((a, e) => a + e.micros, 0);
    return send(res, 200, { month: url.searchParams.get('month'), lines: vendors.map((v) => ({ provider: v, description: `${v} tokens`, tokensIn: 0, tokensOut: 0, amount: usd(events.filter((e) => e.provider === v).reduce((a, e) => a + e.micros, 0)) })), total: usd(total) });
  }
  if (p === '/v1/api-keys') {
    if (needAdmin()) return;
    if (m === 'GET') return send(res, 200, { items: [...keys.values()], nextCursor: null });
    const secret = `vbk_${crypto.randomBytes(12).toString('hex')}`;
    const k = { id: id('key'), role: json.role, prefix: secret.slice(0, 8), name: json.name ?? null, createdAt: new Date().toISOString(), lastUsedAt: null, revokedAt: null };
    keys.set(secret, k);
    return send(res, 201, { ...k, key: secret });
  }
  if ((mm = p.match(/^\/v1\/api-keys\/([^/]+)$/)) && m === 'DELETE') {
    if (needAdmin()) return;
    for (const k of keys.values()) if (k.id === mm[1]) k.revokedAt = new Date().toISOString();
    return send(res, 204);
  }
  return problem(res, 404, 'Not found', `no route ${m} ${p}`);
}).listen(port, '127.0.0.1', () => console.log(`stub on ${port}\nVB_ADMIN_KEY=vbk_admin_stub\nVB_ANALYST_KEY=vbk_analyst_stub`));
