import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import type { Attempt, Session, TurnResult } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { CopyButton } from '../../components/CopyButton';
import { Empty, ErrorBox, Loading } from '../../components/states';
import { RequestLogLink } from '../requests/RequestLogLink';
import { useAgents } from '../agents/hooks';
import { AsyncJobProgress, AsyncToggle } from './AsyncJobProgress';
import { useAsyncTurn } from './asyncTurn';
import { AttemptTimeline } from './AttemptTimeline';
import { TurnMeta } from './TurnMeta';
import { newIdempotencyKey, useCreateSession, useSendMessage } from './hooks';

interface Entry {
  content: string;
  result: TurnResult;
}

function TurnCard({ entry, sessionId }: { entry: Entry; sessionId: string }) {
  const { turn, replayed, idempotencyKey } = entry.result;
  return (
    <article className="turn" data-testid="turn" data-micros={turn.usage.cost.micros} data-replayed={replayed}>
      <p className="bubble user">
        <span className="sr-only">You: </span>
        {entry.content}
      </p>
      <p className="bubble assistant" data-testid="reply">
        <span className="sr-only">Agent: </span>
        {turn.message.content}
      </p>
      {replayed ? (
        <p className="replayed" data-testid="replayed">
          Idempotent-Replayed: true — the stored turn came back; nothing was billed again.
        </p>
      ) : null}
      <TurnMeta turn={turn} sessionId={sessionId} />
      <small className="muted">
        Idempotency-Key {idempotencyKey} · request <span data-testid="turn-request-id">{turn.requestId}</span>{' '}
        <CopyButton text={turn.requestId} label="Copy request id" />
      </small>
    </article>
  );
}

export default function ChatPage() {
  const { isAdmin } = useAuth();
  const agents = useAgents();
  const createSession = useCreateSession();
  const send = useSendMessage();
  const [agentId, setAgentId] = useState('');
  const [customerId, setCustomerId] = useState('cust-demo');
  const [session, setSession] = useState<Session | null>(null);
  const [text, setText] = useState('');
  const [entries, setEntries] = useState<Entry[]>([]);
  const [sameKey, setSameKey] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [asyncMode, setAsyncMode] = useState(false);
  const asyncTurn = useAsyncTurn((c, result) => setEntries((prev) => [...prev, { content: c, result }]));
  const last = entries.length ? entries[entries.length - 1] : null;

  const selectedAgent = agentId || agents.data?.[0]?.id || '';

  function onStart(e: FormEvent) {
    e.preventDefault();
    if (!selectedAgent || !customerId.trim()) {
      setFormError('Pick an agent and enter a customer id.');
      return;
    }
    setFormError(null);
    createSession.mutate(
      { agentId: selectedAgent, customerId: customerId.trim() },
      {
        onSuccess: (s) => {
          setSession(s);
          setEntries([]);
          setSameKey(false);
        },
      },
    );
  }

  function onSend(e: FormEvent) {
    e.preventDefault();
    if (!session) return;
    let content = text.trim();
    let key = newIdempotencyKey();
    if (sameKey && last) {
      // Same key + same body: the server answers the stored turn with Idempotent-Replayed: true.
      content = last.content;
      key = last.result.idempotencyKey;
    } else if (!content) {
      setFormError('Type a message first.');
      return;
    }
    setFormError(null);
    if (asyncMode) {
      asyncTurn.submit.mutate({ sessionId: session.id, content, idempotencyKey: key }, { onSuccess: () => !sameKey && setText('') });
      return;
    }
    send.mutate(
      { sessionId: session.id, content, idempotencyKey: key },
      {
        onSuccess: (result) => {
          setEntries((prev) => [...prev, { content, result }]);
          if (!sameKey) setText('');
        },
      },
    );
  }

  const sendAttempts =
    send.error instanceof ApiError && Array.isArray(send.error.problem.attempts)
      ? (send.error.problem.attempts as Attempt[])
      : null;

  return (
    <section aria-labelledby="chat-h">
      <div className="page-head">
        <h1 id="chat-h">Try it</h1>
      </div>
      {!isAdmin ? (
        <p className="banner" data-testid="chat-readonly">
          Analyst keys cannot start sessions or send messages. Browse <Link to="/sessions">sessions</Link> instead.
        </p>
      ) : null}
      {agents.isPending ? <Loading label="Loading agents…" /> : null}
      {agents.isError ? <ErrorBox error={agents.error} /> : null}
      {agents.data && agents.data.length === 0 ? (
        <Empty>
          No agents yet. {isAdmin ? <Link to="/agents/new">Create one</Link> : null}
        </Empty>
      ) : null}
      {isAdmin && agents.data && agents.data.length > 0 ? (
        <form className="card row" onSubmit={onStart} aria-label="Start a session">
          <div className="col">
            <label htmlFor="chat-agent">Agent</label>
            <select id="chat-agent" value={selectedAgent} onChange={(e) => setAgentId(e.target.value)}>
              {agents.data.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div className="col">
            <label htmlFor="chat-customer">Customer id</label>
            <input id="chat-customer" value={customerId} onChange={(e) => setCustomerId(e.target.value)} />
          </div>
          <div className="col col-end">
            <button type="submit" disabled={createSession.isPending}>
              {session ? 'New session' : 'Start session'}
            </button>
          </div>
        </form>
      ) : null}
      {createSession.isError ? <ErrorBox error={createSession.error} /> : null}
      {formError ? (
        <p className="field-error" role="alert">
          {formError}
        </p>
      ) : null}

      {session ? (
        <div className="chat">
          <p className="muted" data-testid="session-id">
            Session <Link to={`/sessions/${session.id}`}>{session.id}</Link> · customer {session.customerId}
          </p>
          <div className="turns" aria-live="polite">
            {entries.length === 0 ? <Empty>Say hello to the agent.</Empty> : null}
            {entries.map((entry, i) => (
              <TurnCard key={i} entry={entry} sessionId={session.id} />
            ))}
            {send.isPending ? <Loading label="Waiting for the agent…" /> : null}
          </div>
          {asyncTurn.state ? <AsyncJobProgress state={asyncTurn.state} pollError={asyncTurn.poll.error} /> : null}
          {asyncTurn.submit.isError ? <ErrorBox error={asyncTurn.submit.error} testId="send-error" /> : null}
          {send.isError ? <ErrorBox error={send.error} testId="send-error" /> : null}
          {send.isError ? <RequestLogLink error={send.error} /> : null}
          {sendAttempts ? <AttemptTimeline attempts={sendAttempts} /> : null}
          {isAdmin ? (
            <form className="composer" onSubmit={onSend}>
              <label htmlFor="chat-message">Message</label>
              <textarea
                id="chat-message"
                rows={2}
                value={sameKey && last ? last.content : text}
                disabled={sameKey}
                onChange={(e) => setText(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && !e.shiftKey) {
                    e.preventDefault();
                    e.currentTarget.form?.requestSubmit();
                  }
                }}
              />
              <div className="composer-actions">
                <label className="check">
                  <input
                    type="checkbox"
                    checked={sameKey}
                    disabled={!last}
                    onChange={(e) => setSameKey(e.target.checked)}
                  />
                  <span>Resend with the same key</span>
                </label>
                <AsyncToggle checked={asyncMode} onChange={setAsyncMode} />
                <button type="submit" disabled={send.isPending || asyncTurn.busy}>
                  {sameKey ? 'Resend' : 'Send'}
                </button>
              </div>
            </form>
          ) : null}
        </div>
      ) : isAdmin && agents.data?.length ? (
        <Empty>Start a session to chat.</Empty>
      ) : null}
    </section>
  );
}
