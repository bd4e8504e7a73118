// Types follow /work/shared/API.md (REST contract v1). Responses may carry more fields.

export interface Money {
  micros: number;
  usd: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  requestId?: string;
  [extra: string]: unknown;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Role = 'admin' | 'analyst';

export interface Me {
  tenant: { id: string; name: string };
  key: { id: string; role: Role };
}

export interface Plugin {
  name: string;
  kind: string;
  version: string;
  abiVersion: number | string;
  status: 'loaded' | 'failed' | 'draining';
  error?: string;
  loadedAt: string;
  /** Voices a TTS plugin offers, when the host reports them. */
  voices?: string[];
}

export interface Tool {
  name: string;
  description: string;
  /** The tool's arguments as a JSON schema. */
  parameters: unknown;
  version?: string;
}

/** How one tool run ended (API.md, Turn toolCalls and /v1/tools/audit). */
export type ToolStatus = 'ok' | 'not_found' | 'error' | 'timeout' | 'not_enabled';

/** One tool call of a turn. `arguments` is the vendor's JSON (or its malformed text as sent). */
export interface ToolCall {
  tool: string;
  arguments: unknown;
  status: ToolStatus | string;
  resultSummary: string;
  latencyMs: number;
}

/** One audited tool run (GET /v1/tools/audit). */
export interface ToolRun extends ToolCall {
  id: string;
  agentId: string;
  sessionId: string;
  /** The turn's assistant message. */
  messageId: string;
  /** The vendor call (0-based, within the turn) that asked for the tool. */
  callIndex: number;
  requestId: string;
  createdAt: string;
}

/** Which audited runs to list; dates are YYYY-MM-DD, `to` inclusive. Unset = any. */
export interface ToolAuditFilter {
  agentId?: string;
  tool?: string;
  status?: string;
  sessionId?: string;
  from?: string;
  to?: string;
}

export interface ApiKey {
  id: string;
  prefix: string;
  role: Role;
  name: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey extends Partial<ApiKey> {
  id: string;
  key: string;
  role: Role;
}

export interface Agent {
  id: string;
  name: string;
  primaryProvider: string;
  fallbackProvider: string | null;
  systemPrompt: string;
  enabledTools: string[];
  /** Phrases and words of the agent's domain that the STT engine should expect. */
  speechHints?: string[];
  /** null = the host's default engine / voice. */
  sttEngine?: string | null;
  ttsEngine?: string | null;
  voice?: string | null;
  createdAt: string;
  updatedAt: string;
  /** Set on an archived agent. */
  archivedAt?: string | null;
}

export interface AgentInput {
  name: string;
  primaryProvider: string;
  fallbackProvider: string | null;
  systemPrompt: string;
  enabledTools: string[];
  speechHints: string[];
  sttEngine: string | null;
  ttsEngine: string | null;
  voice: string | null;
}

export type Channel = 'chat' | 'voice';

export interface Session {
  id: string;
  agentId: string;
  customerId: string;
  channel: Channel;
  createdAt: string;
}

export interface Usage {
  provider: string;
  tokensIn: number;
  tokensOut: number;
  cost: Money;
  pricingVersion?: string | number;
}

/** One billed vendor response of a turn. */
export interface UsageCall extends Usage {
  callIndex: number;
}

/** A turn's usage: the sum over its billed vendor responses, each listed in `calls` when there were several. */
export interface TurnUsage extends Usage {
  calls?: UsageCall[];
}

export interface Message {
  id: string;
  seq: number;
  role: 'user' | 'assistant' | 'tool';
  content: string;
  createdAt: string;
  provider?: string;
  usage?: Usage;
  /** On voice turns: the customer's recording (user) or the synthesized reply (assistant). */
  voice?: { turnId: string; audioUrl: string | null };
}

export interface SessionDetail extends Session {
  messages: Message[];
  totals: { messages: number; tokensIn: number; tokensOut: number; cost: Money };
}

export interface Attempt {
  provider: string;
  attempt: number;
  outcome: 'ok' | 'http_500' | 'http_429' | 'timeout' | 'error' | 'circuit_open' | string;
  httpStatus?: number;
  errorClass?: string;
  latencyMs: number;
  startedAt: string;
}

export interface Turn {
  userMessage: { id: string; seq: number; content: string; createdAt: string };
  message: { id: string; seq: number; role: 'assistant'; content: string; createdAt: string };
  usage: TurnUsage;
  routing: { provider: string; fallbackUsed: boolean; attempts: Attempt[] };
  toolCalls: ToolCall[];
  latencyMs: number;
  requestId: string;
}

export interface TurnResult {
  turn: Turn;
  replayed: boolean;
  idempotencyKey: string;
}

/** An async turn (Prefer: respond-async): GET /v1/jobs/{id}. */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobAccepted {
  jobId: string;
  status: JobStatus;
}

export interface Job {
  id: string;
  status: JobStatus;
  sessionId: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  result?: Turn;
  error?: Problem;
  callback?: { url: string; status: string; deliveries: { attempt: number; status: string; httpStatus?: number; at: string }[] };
}

/** The voice part of a voice turn. audioUrl is null when speech synthesis failed. */
export interface VoiceInfo {
  turnId: string;
  transcript: string;
  inputDurationMs: number;
  outputDurationMs: number;
  sttEngine: string;
  ttsEngine: string;
  sttMs: number;
  llmMs: number;
  ttsMs: number;
  audioUrl: string | null;
  inputAudioUrl: string | null;
  sttVersion?: string;
  ttsVersion?: string;
  voice?: string | null;
  transcriptConfidence?: number;
  /** Why there is no reply audio, when synthesis failed. */
  ttsError?: string;
  /** Set when retention removed the audio. */
  audioPurgedAt?: string;
}

export interface VoiceTurn extends Turn {
  voice: VoiceInfo;
}

export interface VoiceTurnResult {
  turn: VoiceTurn;
  replayed: boolean;
  idempotencyKey: string;
}

export interface UsageTotals {
  sessions: number;
  messages: number;
  tokensIn: number;
  tokensOut: number;
  cost: Money;
}

export interface UsageReport {
  from: string;
  to: string;
  totals: UsageTotals;
  byProvider: { provider: string; messages: number; tokensIn: number; tokensOut: number; cost: Money }[];
  topAgents: { agentId: string; name: string; messages: number; cost: Money }[];
  daily: { date: string; messages: number; tokensIn: number; tokensOut: number; cost: Money }[];
}

export interface BillingPreview {
  month: string;
  lines: { provider: string; description: string; tokensIn: number; tokensOut: number; amount: Money }[];
  total: Money;
}

/** One turn in the request log (GET /v1/requests), successful or failed. */
export interface RequestLogEntry {
  /** The log entry's own id (a client may reuse an X-Request-Id). */
  id?: string;
  requestId: string;
  sessionId: string;
  /** The assistant message; absent when the turn failed. */
  messageId?: string | null;
  agentId: string;
  channel: Channel | string;
  /** The HTTP status the turn answered. */
  status: number;
  outcome: 'ok' | 'failed';
  provider?: string | null;
  fallbackUsed: boolean;
  latencyMs: number;
  cost?: Money | null;
  attempts: Attempt[];
  /** Why a failed turn failed (its problem+json, without the attempts). */
  error?: { type?: string; title?: string; detail?: string } | null;
  createdAt: string;
}

/** Which turns to list; days are YYYY-MM-DD (UTC, `to` inclusive). Unset = any. */
export interface RequestLogQuery {
  requestId?: string;
  outcome?: 'ok' | 'failed';
  provider?: string;
  agentId?: string;
  from?: string;
  to?: string;
}

export type CircuitState = 'closed' | 'open' | 'half_open';

/** One provider's circuit and recent calls (GET /v1/providers/health). */
export interface ProviderHealth {
  provider: string;
  circuit: CircuitState | string;
  /** The recent calls the figures cover; `seconds` is the window's length. */
  window: { seconds?: number; calls: number; errorRate: number; p50Ms: number | null; p95Ms: number | null };
}

/** GET /v1/limits (API.md "Governance"). */
export interface Limits {
  requestsPerMinute: number;
  tokensPerMinute: number;
  month: string;
  budget: { monthlyLimit: Money | null; spent: Money; reserved: Money; remaining: Money | null };
  agents: { agentId: string; monthlyLimit: Money | null; spent: Money; reserved: Money }[];
}

/** The RateLimit-* headers of an answer (null when absent). */
export interface RateLimitStatus {
  limit: number;
  remaining: number;
  resetSeconds: number;
}

/** PUT /v1/budget: a field left out stays as it is; null removes the limit. */
export interface BudgetInput {
  monthlyLimitMicros?: number | null;
  agents?: Record<string, number | null>;
}
