import { useEffect } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { CopyableId } from '../../components/CopyButton';
import { Empty, ErrorBox, Loading, fmtTime, money } from '../../components/states';
import { fmtInt } from '../../lib/format';
import { useAgentNames } from '../agents/useAgentNames';
import { VoiceAudio } from '../voice/VoiceAudio';
import { useSession } from './hooks';
import { ToolMessage } from './ToolMessage';

/** The message id a `#<id>` link names; a malformed escape names none rather than breaking the page. */
function hashTarget(hash: string): string {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return '';
  }
}

export default function SessionDetailPage() {
  const { sessionId } = useParams();
  const session = useSession(sessionId);
  const agentName = useAgentNames();
  // A link to one message (the Tool audit links a run's answer) is `#<message id>`.
  const targetId = hashTarget(useLocation().hash);
  const loaded = !!session.data;

  useEffect(() => {
    if (loaded && targetId) document.getElementById(targetId)?.scrollIntoView({ block: 'center' });
  }, [loaded, targetId]);

  return (
    <section aria-labelledby="session-h">
      <div className="page-head">
        <h1 id="session-h">Transcript</h1>
        <Link to="/sessions">Back to sessions</Link>
      </div>
      {session.isPending ? <Loading label="Loading transcript…" /> : null}
      {session.isError ? <ErrorBox error={session.error} onRetry={() => void session.refetch()} /> : null}
      {session.data ? (
        <>
          <p className="muted session-facts">
            <CopyableId value={session.data.id} label="session id" /> · agent{' '}
            <span data-testid="session-agent">{agentName(session.data.agentId)}</span> · customer {session.data.customerId} ·{' '}
            {session.data.channel} · {fmtTime(session.data.createdAt)}
          </p>
          <div className="cards" data-testid="session-totals">
            <div className="stat">
              <span className="stat-label" title="Every message of the transcript: customer, agent and tool results">
                Messages (all roles)
              </span>
              <span className="stat-value">{fmtInt(session.data.totals.messages)}</span>
            </div>
            <div className="stat">
              <span className="stat-label">Tokens in</span>
              <span className="stat-value">{fmtInt(session.data.totals.tokensIn)}</span>
            </div>
            <div className="stat">
              <span className="stat-label">Tokens out</span>
              <span className="stat-value">{fmtInt(session.data.totals.tokensOut)}</span>
            </div>
            <div className="stat">
              <span className="stat-label">Cost</span>
              <span className="stat-value" data-micros={session.data.totals.cost.micros}>
                {money(session.data.totals.cost)}
              </span>
            </div>
          </div>
          {session.data.messages.length === 0 ? <Empty>No messages in this session.</Empty> : null}
          <ol className="transcript">
            {session.data.messages.map((m) => (
              <li
                key={m.id}
                id={m.id}
                className={`msg msg-${m.role}${m.id === targetId ? ' msg-target' : ''}`}
                aria-current={m.id === targetId ? 'true' : undefined}
                data-testid="message"
                data-role={m.role}
              >
                <div className="msg-head">
                  <strong>{m.role}</strong> <span className="muted">#{m.seq} · {fmtTime(m.createdAt)}</span>
                  {m.provider && m.role !== 'tool' ? <span className="badge">{m.provider}</span> : null}
                </div>
                {m.role === 'tool' ? <ToolMessage message={m} /> : <p>{m.content}</p>}
                {m.voice ? (
                  <div className="msg-voice" data-testid="message-voice">
                    <VoiceAudio
                      audioUrl={m.voice.audioUrl}
                      label={m.role === 'user' ? "customer's recording" : 'spoken reply'}
                      lazy
                      testId={m.role === 'user' ? 'input-audio' : 'reply-audio'}
                    />
                  </div>
                ) : null}
                {m.usage ? (
                  <small className="muted">
                    {m.usage.tokensIn} in / {m.usage.tokensOut} out · {money(m.usage.cost)}
                  </small>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
