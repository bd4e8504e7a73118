import type { VoiceTurnResult } from '../../api/types';
import { TurnMeta } from '../chat/TurnMeta';
import { VoiceAudio } from './VoiceAudio';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** One voice turn: what was heard, the reply (played), the stage latencies and the chat metadata. */
export function VoiceTurnCard({
  result,
  autoPlay,
  sessionId,
}: {
  result: VoiceTurnResult;
  autoPlay: boolean;
  sessionId?: string;
}) {
  const { turn, replayed, idempotencyKey } = result;
  const v = turn.voice;
  return (
    <article className="turn" data-testid="voice-turn" data-micros={turn.usage.cost.micros} data-replayed={replayed}>
      <p className="bubble user">
        <span className="sr-only">You said: </span>
        <span data-testid="transcript">{v.transcript}</span>
      </p>
      <p className="bubble assistant" data-testid="reply">
        <span className="sr-only">Agent: </span>
        {turn.message.content}
      </p>
      <div className="players">
        {v.audioUrl ? (
          <VoiceAudio audioUrl={v.audioUrl} label="reply" autoPlay={autoPlay} testId="reply-audio" />
        ) : (
          <p className="muted" data-testid="reply-text-only">
            {v.audioPurgedAt
              ? 'The audio of this turn was removed by the retention policy.'
              : 'Speech synthesis failed for this reply, so it is shown as text only.'}
            {v.ttsError ? <small> ({v.ttsError})</small> : null}
          </p>
        )}
        <VoiceAudio audioUrl={v.inputAudioUrl} label="recording as the host heard it" lazy testId="input-audio" />
      </div>
      {replayed ? (
        <p className="replayed" data-testid="replayed">
          Idempotent-Replayed: true — the stored turn and audio came back; nothing ran or was billed again.
        </p>
      ) : null}
      <dl className="meta stages" data-testid="voice-stages" aria-label="Stage latencies">
        <div>
          <dt>STT</dt>
          <dd data-testid="stt-ms">{v.sttMs} ms</dd>
        </div>
        <div>
          <dt>LLM</dt>
          <dd data-testid="llm-ms">{v.llmMs} ms</dd>
        </div>
        <div>
          <dt>TTS</dt>
          <dd data-testid="tts-ms">{v.ttsMs} ms</dd>
        </div>
        <div>
          <dt>Heard / spoken</dt>
          <dd>
            {seconds(v.inputDurationMs)} / {seconds(v.outputDurationMs)}
          </dd>
        </div>
        <div>
          <dt>Engines</dt>
          <dd data-testid="engines">
            {v.sttEngine}
            {v.sttVersion ? ` ${v.sttVersion}` : ''} → {v.ttsEngine}
            {v.ttsVersion ? ` ${v.ttsVersion}` : ''}
            {v.voice ? ` (${v.voice})` : ''}
          </dd>
        </div>
      </dl>
      <TurnMeta turn={turn} sessionId={sessionId} />
      <small className="muted">
        Idempotency-Key {idempotencyKey} · request <span data-testid="turn-request-id">{turn.requestId}</span>
      </small>
    </article>
  );
}
