import type { Turn } from '../../api/types';
import { money } from '../../components/states';
import { AttemptTimeline } from './AttemptTimeline';
import { ToolCalls } from './ToolCalls';
import { UsageCalls } from './UsageCalls';

/**
 * A turn's metadata as chat and voice show it: routing, tokens, cost, latency,
 * tool calls, per-call billing and attempts. `sessionId` links the tool calls to the audit.
 */
export function TurnMeta({ turn, sessionId }: { turn: Turn; sessionId?: string }) {
  return (
    <>
      <dl className="meta">
        <div>
          <dt>Provider</dt>
          <dd data-testid="turn-provider">{turn.routing.provider || turn.usage.provider}</dd>
        </div>
        <div>
          <dt>Fallback used</dt>
          <dd data-testid="turn-fallback">{turn.routing.fallbackUsed ? 'yes' : 'no'}</dd>
        </div>
        <div>
          <dt>Tokens in/out</dt>
          <dd data-testid="turn-tokens">
            {turn.usage.tokensIn} / {turn.usage.tokensOut}
          </dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd data-testid="turn-cost" data-micros={turn.usage.cost.micros}>
            {money(turn.usage.cost)}
          </dd>
        </div>
        <div>
          <dt>Latency</dt>
          <dd data-testid="turn-latency">{turn.latencyMs} ms</dd>
        </div>
      </dl>
      <ToolCalls
        calls={turn.toolCalls ?? []}
        auditHref={sessionId ? `/tools/audit?sessionId=${encodeURIComponent(sessionId)}` : undefined}
      />
      <UsageCalls usage={turn.usage} />
      <details>
        <summary>Attempts ({turn.routing.attempts.length})</summary>
        <AttemptTimeline attempts={turn.routing.attempts} />
      </details>
    </>
  );
}
