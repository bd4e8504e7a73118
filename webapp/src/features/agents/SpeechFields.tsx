import type { AgentInput, Plugin } from '../../api/types';
import { ErrorBox, Loading } from '../../components/states';
import { usePluginsOfKind } from './hooks';
import { MAX_SPEECH_HINTS, MAX_SPEECH_HINT_CHARS } from './speechHints';

/** The host's engines when an agent names none (API.md, Agents). */
const DEFAULT_STT = 'pocketsphinx';
const DEFAULT_TTS = 'flite';

export type SpeechValue = Pick<AgentInput, 'sttEngine' | 'ttsEngine' | 'voice'> & { hintsText: string };
export type SpeechErrors = Partial<Record<'speechHints' | 'sttEngine' | 'ttsEngine' | 'voice', string>>;

interface EngineSelectProps {
  id: string;
  label: string;
  value: string | null;
  engines: Plugin[] | undefined;
  defaultName: string;
  error?: string;
  onChange(value: string | null): void;
}

function EngineSelect({ id, label, value, engines, defaultName, error, onChange }: EngineSelectProps) {
  // Keep a saved engine that is no longer loaded visible instead of silently showing another.
  const missing = value && engines && !engines.some((p) => p.name === value);
  return (
    <div className="col">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || null)}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <option value="">Host default ({defaultName})</option>
        {engines?.map((p) => (
          <option key={p.name} value={p.name}>
            {p.name} {p.version ? `(${p.version})` : ''}
          </option>
        ))}
        {missing ? <option value={value}>{value} (not loaded)</option> : null}
      </select>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Speech hints, STT/TTS engines and the voice of an agent. */
export function SpeechFields({
  value,
  errors,
  onChange,
}: {
  value: SpeechValue;
  errors: SpeechErrors;
  onChange(next: SpeechValue): void;
}) {
  const stt = usePluginsOfKind('stt');
  const tts = usePluginsOfKind('tts');
  const ttsName = value.ttsEngine ?? DEFAULT_TTS;
  const voices = tts.data?.find((p) => p.name === ttsName)?.voices;

  return (
    <fieldset>
      <legend>Voice channel</legend>
      <label htmlFor="agent-hints">Speech hints</label>
      <textarea
        id="agent-hints"
        rows={5}
        value={value.hintsText}
        placeholder={'invoice one zero zero one\nbalance\ndue date'}
        onChange={(e) => onChange({ ...value, hintsText: e.target.value })}
        aria-invalid={!!errors.speechHints}
        aria-describedby="agent-hints-help"
      />
      <small className="muted" id="agent-hints-help">
        One phrase or word of the agent's domain per line (up to {MAX_SPEECH_HINTS}, each at most {MAX_SPEECH_HINT_CHARS}{' '}
        characters): the speech recogniser expects them, so in-domain questions are understood.
      </small>
      {errors.speechHints ? <p className="field-error">{errors.speechHints}</p> : null}

      <div className="row">
        <EngineSelect
          id="agent-stt"
          label="STT engine"
          value={value.sttEngine}
          engines={stt.data}
          defaultName={DEFAULT_STT}
          error={errors.sttEngine}
          onChange={(sttEngine) => onChange({ ...value, sttEngine })}
        />
        <EngineSelect
          id="agent-tts"
          label="TTS engine"
          value={value.ttsEngine}
          engines={tts.data}
          defaultName={DEFAULT_TTS}
          error={errors.ttsEngine}
          // A voice belongs to its engine: another engine starts from its default voice.
          onChange={(ttsEngine) => onChange({ ...value, ttsEngine, voice: ttsEngine === value.ttsEngine ? value.voice : null })}
        />
        <div className="col">
          <label htmlFor="agent-voice">Voice</label>
          {voices?.length ? (
            <select
              id="agent-voice"
              value={value.voice ?? ''}
              onChange={(e) => onChange({ ...value, voice: e.target.value || null })}
              aria-invalid={!!errors.voice}
            >
              <option value="">Engine default</option>
              {voices.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
              {value.voice && !voices.includes(value.voice) ? <option value={value.voice}>{value.voice}</option> : null}
            </select>
          ) : (
            <input
              id="agent-voice"
              value={value.voice ?? ''}
              placeholder={`${ttsName} default`}
              onChange={(e) => onChange({ ...value, voice: e.target.value || null })}
              aria-invalid={!!errors.voice}
            />
          )}
          {errors.voice ? <p className="field-error">{errors.voice}</p> : null}
        </div>
      </div>
      {stt.isPending || tts.isPending ? <Loading label="Loading speech engines…" /> : null}
      {stt.isError ? <ErrorBox error={stt.error} /> : null}
      {stt.data && tts.data && stt.data.length + tts.data.length === 0 ? (
        <p className="muted">No speech plugins are loaded; the host defaults apply.</p>
      ) : null}
    </fieldset>
  );
}
