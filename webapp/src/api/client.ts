// One typed client for the REST contract in API.md. Every failure throws ApiError
// carrying the server's problem+json (or a synthesised one for network errors).
import type {
  Agent, AgentInput, ApiKey, BillingPreview, BudgetInput, CreatedApiKey, Job, JobAccepted, Limits, Me, Page, Plugin, Problem,
  ProviderHealth, RateLimitStatus, RequestLogEntry, RequestLogQuery, Role, Session, SessionDetail, Tool, ToolAuditFilter,
  ToolRun, Turn, TurnResult, UsageReport, VoiceTurn, VoiceTurnResult,
} from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    const { title, detail } = err.problem;
    if (title && detail && title !== detail) return `${title}: ${detail}`;
    return detail || title || err.message;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

interface RequestOptions {
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with its own type (e.g. a WAV recording); excludes `body`. */
  blob?: Blob;
  headers?: Record<string, string>;
  query?: Record<string, string | undefined>;
}

export interface ApiClient {
  me(): Promise<Me>;
  plugins(): Promise<Plugin[]>;
  tools(): Promise<Tool[]>;
  /** Audited tool runs, newest first; 400 names the bad filter in `problem.field`. */
  toolAudit(filter: ToolAuditFilter, cursor?: string): Promise<Page<ToolRun>>;
  /** Live agents; with `includeArchived` also archived ones, where the server supports it (their `archivedAt` set). */
  listAgents(opts?: { includeArchived?: boolean }): Promise<Agent[]>;
  getAgent(id: string): Promise<Agent>;
  createAgent(input: AgentInput): Promise<Agent>;
  updateAgent(id: string, input: Partial<AgentInput>): Promise<Agent>;
  deleteAgent(id: string): Promise<void>;
  listSessions(filter?: { agentId?: string; customerId?: string; cursor?: string }): Promise<Page<Session>>;
  getSession(id: string): Promise<SessionDetail>;
  createSession(input: { agentId: string; customerId: string; channel?: 'chat' | 'voice' }): Promise<Session>;
  sendMessage(sessionId: string, content: string, idempotencyKey: string): Promise<TurnResult>;
  /** Sends with Prefer: respond-async: the turn becomes a job (202). */
  sendMessageAsync(sessionId: string, content: string, idempotencyKey: string): Promise<JobAccepted & { replayed: boolean }>;
  getJob(id: string): Promise<Job>;
  /** Posts a WAV recording as one voice turn. */
  sendVoice(sessionId: string, wav: Blob, idempotencyKey: string): Promise<VoiceTurnResult>;
  /** Fetches a turn's audio (an `audioUrl` the API returned) with this key. */
  voiceAudio(audioUrl: string): Promise<Blob>;
  usage(from: string, to: string): Promise<UsageReport>;
  usageEventsCsv(from: string, to: string): Promise<Blob>;
  billingPreview(month: string): Promise<BillingPreview>;
  /** Rate limits and budget, with the RateLimit-* headers of this very answer. */
  limits(): Promise<{ limits: Limits; rateLimit: RateLimitStatus | null }>;
  setBudget(input: BudgetInput): Promise<Limits>;
  listApiKeys(): Promise<ApiKey[]>;
  createApiKey(role: Role, name?: string): Promise<CreatedApiKey>;
  revokeApiKey(id: string): Promise<void>;
  /** Turns, newest first, failed ones included (API.md Operations). */
  requestLog(query: RequestLogQuery, cursor?: string): Promise<Page<RequestLogEntry>>;
  providerHealth(): Promise<ProviderHealth[]>;
}

async function readProblem(res: Response): Promise<Problem> {
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object') return parsed as Problem;
    } catch {
      /* not JSON */
    }
  }
  return { status: res.status, title: res.statusText || `HTTP ${res.status}`, detail: text || undefined };
}

function itemsOf<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  const items = (body as { items?: T[] } | null)?.items;
  return Array.isArray(items) ? items : [];
}

/** Builds a client bound to one API key; `onUnauthorized` runs on every 401. */
export function createApiClient(apiKey: string, onUnauthorized?: () => void, baseUrl = ''): ApiClient {
  async function raw(path: string, opts: RequestOptions = {}): Promise<Response> {
    const url = new URL(baseUrl + path, window.location.origin);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v) url.searchParams.set(k, v);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${apiKey}`,
      ...opts.headers,
    };
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    if (opts.blob) headers['Content-Type'] = opts.blob.type || 'application/octet-stream';
    let res: Response;
    try {
      res = await fetch(url, {
        method: opts.method ?? 'GET',
        headers,
        body: opts.blob ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
      });
    } catch (e) {
      throw new ApiError(0, { title: 'Network error', detail: e instanceof Error ? e.message : String(e) });
    }
    if (!res.ok) {
      const problem = await readProblem(res);
      if (res.status === 401) onUnauthorized?.();
      throw new ApiError(res.status, problem);
    }
    return res;
  }

  async function json<T>(path: string, opts?: RequestOptions): Promise<T> {
    const res = await raw(path, opts);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  const enc = encodeURIComponent;

  return {
    me: () => json<Me>('/v1/me'),
    plugins: async () => itemsOf<Plugin>(await json('/v1/plugins')),
    tools: async () => itemsOf<Tool>(await json('/v1/tools')),
    toolAudit: async (f, cursor) => {
      const body = await json<Page<ToolRun>>('/v1/tools/audit', { query: { ...f, cursor, limit: '50' } });
      return { items: body.items ?? [], nextCursor: body.nextCursor ?? null };
    },
    listAgents: async (opts) =>
      itemsOf<Agent>(
        await json('/v1/agents', { query: { limit: '500', includeArchived: opts?.includeArchived ? 'true' : undefined } }),
      ),
    getAgent: (id) => json<Agent>(`/v1/agents/${enc(id)}`),
    createAgent: (input) => json<Agent>('/v1/agents', { method: 'POST', body: input }),
    updateAgent: (id, input) => json<Agent>(`/v1/agents/${enc(id)}`, { method: 'PATCH', body: input }),
    deleteAgent: async (id) => {
      await raw(`/v1/agents/${enc(id)}`, { method: 'DELETE' });
    },
    listSessions: async (f = {}) => {
      const body = await json<Page<Session> | Session[]>('/v1/sessions', {
        query: { agentId: f.agentId, customerId: f.customerId, cursor: f.cursor, limit: '100' },
      });
      return Array.isArray(body) ? { items: body, nextCursor: null } : { items: body.items ?? [], nextCursor: body.nextCursor ?? null };
    },
    getSession: (id) => json<SessionDetail>(`/v1/sessions/${enc(id)}`),
    createSession: (input) => json<Session>('/v1/sessions', { method: 'POST', body: { channel: 'chat', ...input } }),
    sendMessage: async (sessionId, content, idempotencyKey) => {
      const res = await raw(`/v1/sessions/${enc(sessionId)}/messages`, {
        method: 'POST',
        body: { content },
        headers: { 'Idempotency-Key': idempotencyKey },
      });
      const turn = (await res.json()) as Turn;
      return { turn, replayed: res.headers.get('Idempotent-Replayed') === 'true', idempotencyKey };
    },
    sendMessageAsync: async (sessionId, content, idempotencyKey) => {
      const res = await raw(`/v1/sessions/${enc(sessionId)}/messages`, {
        method: 'POST',
        body: { content },
        headers: { 'Idempotency-Key': idempotencyKey, Prefer: 'respond-async' },
      });
      const accepted = (await res.json()) as JobAccepted;
      return { ...accepted, replayed: res.headers.get('Idempotent-Replayed') === 'true' };
    },
    getJob: (id) => json<Job>(`/v1/jobs/${enc(id)}`),
    sendVoice: async (sessionId, wav, idempotencyKey) => {
      const res = await raw(`/v1/sessions/${enc(sessionId)}/voice`, {
        method: 'POST',
        blob: wav,
        headers: { 'Idempotency-Key': idempotencyKey },
      });
      const turn = (await res.json()) as VoiceTurn;
      return { turn, replayed: res.headers.get('Idempotent-Replayed') === 'true', idempotencyKey };
    },
    voiceAudio: async (audioUrl) => {
      // The key goes only to this API's own voice paths, never to a URL elsewhere.
      if (!audioUrl.startsWith('/v1/voice/')) {
        throw new ApiError(0, { title: 'Unexpected audio URL', detail: audioUrl });
      }
      const res = await raw(audioUrl, { headers: { Accept: 'audio/wav, application/problem+json' } });
      return res.blob();
    },
    usage: (from, to) => json<UsageReport>('/v1/usage', { query: { from, to } }),
    usageEventsCsv: async (from, to) => {
      const res = await raw('/v1/usage/events', { query: { from, to }, headers: { Accept: 'text/csv' } });
      return res.blob();
    },
    billingPreview: (month) => json<BillingPreview>('/v1/billing/preview', { query: { month } }),
    limits: async () => {
      const res = await raw('/v1/limits');
      const limit = res.headers.get('RateLimit-Limit');
      const rateLimit = limit === null ? null : {
        limit: Number(limit),
        remaining: Number(res.headers.get('RateLimit-Remaining') ?? 0),
        resetSeconds: Number(res.headers.get('RateLimit-Reset') ?? 0),
      };
      return { limits: (await res.json()) as Limits, rateLimit };
    },
    setBudget: (input) => json<Limits>('/v1/budget', { method: 'PUT', body: input }),
    listApiKeys: async () => itemsOf<ApiKey>(await json('/v1/api-keys')),
    createApiKey: (role, name) => json<CreatedApiKey>('/v1/api-keys', { method: 'POST', body: name ? { role, name } : { role } }),
    revokeApiKey: async (id) => {
      await raw(`/v1/api-keys/${enc(id)}`, { method: 'DELETE' });
    },
    requestLog: async (q, cursor) => {
      const body = await json<Page<RequestLogEntry>>('/v1/requests', { query: { ...q, cursor, limit: '50' } });
      return { items: body.items ?? [], nextCursor: body.nextCursor ?? null };
    },
    providerHealth: async () => itemsOf<ProviderHealth>(await json('/v1/providers/health')),
  };
}
