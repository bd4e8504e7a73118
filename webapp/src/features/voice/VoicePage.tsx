import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import type { Attempt, Session, VoiceTurnResult } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { Empty, ErrorBox, Loading } from '../../components/states';
import { useAgents } from '../agents/hooks';
import { AttemptTimeline } from '../chat/AttemptTimeline';
import { newIdempotencyKey, useCreateSession } from '../chat/hooks';
import { RequestLogLink } from '../requests/RequestLogLink';
import { RecordControls } from './RecordControls';
import { VoiceTurnCard } from './VoiceTurnCard';
import { useSendVoice } from './hooks';
import { toWav16k } from './toWav16k';
import { useMicCheck } from './useMicCheck';
import { useRecorder, type Recording } from './useRecorder';

/** The host's default voice.maxInputSeconds; a longer recording would be refused with 413. */
const MAX_RECORDING_MS = 60_000;

interface Sent {
  wav: Blob;
  idempotencyKey: string;
}

export default function VoicePage() {
  const { isAdmin } = useAuth();
  const agents = useAgents();
  const createSession = useCreateSession();
  const send = useSendVoice();
  const mic = useMicCheck();
  const [agentId, setAgentId] = useState('');
  const [customerId, setCustomerId] = useState('cust-demo');
  const [session, setSession] = useState<Session | null>(null);
  const [entries, setEntries] = useState<VoiceTurnResult[]>([]);
  const [lastSent, setLastSent] = useState<Sent | null>(null);
  const [converting, setConverting] = useState(false);
  const [convertError, setConvertError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const selectedAgent = agentId || agents.data?.[0]?.id || '';
  const agent = agents.data?.find((a) => a.id === selectedAgent);

  function sendWav(sent: Sent) {
    if (!session) return;
    setLastSent(sent);
    send.mutate(
      { sessionId: session.id, wav: sent.wav, idempotencyKey: sent.idempotencyKey },
      { onSuccess: (result) => setEntries((prev) => [...prev, result]) },
    );
  }

  async function onRecorded(recording: Recording) {
    setConvertError(null);
    setConverting(true);
    try {
      const { wav } = await toWav16k(recording.blob);
      sendWav({ wav, idempotencyKey: newIdempotencyKey() });
    } catch (e) {
      setConvertError(`The recording could not be converted to WAV: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setConverting(false);
    }
  }

  const recorder = useRecorder({ onRecorded: (r) => void onRecorded(r), maxMs: MAX_RECORDING_MS });

  function onStart(e: FormEvent) {
    e.preventDefault();
    if (!selectedAgent || !customerId.trim()) {
      setFormError('Pick an agent and enter a customer id.');
      return;
    }
    setFormError(null);
    createSession.mutate(
      { agentId: selectedAgent, customerId: customerId.trim(), channel: 'voice' },
      {
        onSuccess: (s) => {
          setSession(s);
          setEntries([]);
          setLastSent(null);
          send.reset();
        },
      },
    );
  }

  const sendAttempts =
    send.error instanceof ApiError && Array.isArray(send.error.problem.attempts)
      ? (send.error.problem.attempts as Attempt[])
      : null;
  const problem = recorder.problem ?? mic.problem;
  const busy = converting || send.isPending;

  return (
    <section aria-labelledby="voice-h">
      <div className="page-head">
        <h1 id="voice-h">Voice</h1>
      </div>
      {!isAdmin ? (
        <p className="banner" data-testid="voice-readonly">
          Analyst keys cannot record: every recording becomes a billed turn, which only admin keys may create. Voice
          sessions and both sides of their audio can be played from <Link to="/sessions">Sessions</Link>.
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
        <form className="card row" onSubmit={onStart} aria-label="Start a voice session">
          <div className="col">
            <label htmlFor="voice-agent">Agent</label>
            <select id="voice-agent" value={selectedAgent} onChange={(e) => setAgentId(e.target.value)}>
              {agents.data.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
            {agent ? (
              <small className="muted" data-testid="agent-speech">
                STT {agent.sttEngine ?? 'default'} · TTS {agent.ttsEngine ?? 'default'}
                {agent.voice ? ` (${agent.voice})` : ''} · {agent.speechHints?.length ?? 0} speech hints
              </small>
            ) : null}
          </div>
          <div className="col">
            <label htmlFor="voice-customer">Customer id</label>
            <input id="voice-customer" value={customerId} onChange={(e) => setCustomerId(e.target.value)} />
          </div>
          <div className="col col-end">
            <button type="submit" disabled={createSession.isPending || recorder.status !== 'idle' || busy}>
              {session ? 'New voice session' : 'Start voice session'}
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

      {isAdmin && problem ? (
        <p className="state state-error" role="alert" data-testid="mic-problem" data-kind={problem.kind}>
          {problem.message}
        </p>
      ) : null}

      {session ? (
        <div className="chat">
          <p className="muted" data-testid="session-id">
            Voice session <Link to={`/sessions/${session.id}`}>{session.id}</Link> · customer {session.customerId}
          </p>
          <div className="turns" aria-live="polite">
            {entries.length === 0 ? <Empty>Hold the button (or click Record) and ask the agent something.</Empty> : null}
            {entries.map((entry, i) => (
              <VoiceTurnCard
                key={i}
                result={entry}
                autoPlay={i === entries.length - 1 && !entry.replayed}
                sessionId={session.id}
              />
            ))}
            {converting ? <Loading label="Converting the recording to 16 kHz WAV…" /> : null}
            {send.isPending ? <Loading label="Sending: speech to text, the agent, then text to speech…" /> : null}
          </div>
          {convertError ? (
            <p className="state state-error" role="alert" data-testid="convert-error">
              {convertError}
            </p>
          ) : null}
          {send.isError ? <ErrorBox error={send.error} testId="send-error" /> : null}
          {send.isError ? <RequestLogLink error={send.error} /> : null}
          {sendAttempts ? <AttemptTimeline attempts={sendAttempts} /> : null}
          {isAdmin ? (
            <div className="composer">
              <RecordControls recorder={recorder} maxMs={MAX_RECORDING_MS} disabled={busy || mic.blocking} />
              {lastSent ? (
                <div className="composer-actions">
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy || recorder.status !== 'idle'}
                    onClick={() => sendWav(lastSent)}
                  >
                    Resend the last recording with the same key
                  </button>
                  <small className="muted">Idempotency-Key {lastSent.idempotencyKey}</small>
                </div>
              ) : null}
            </div>
          ) : null}
        </div>
      ) : isAdmin && agents.data?.length ? (
        <Empty>Start a voice session to talk to an agent.</Empty>
      ) : null}
    </section>
  );
}
