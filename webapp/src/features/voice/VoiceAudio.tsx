import { useState } from 'react';
import { ErrorBox, Loading } from '../../components/states';
import { useObjectUrl, useVoiceAudio } from './hooks';

interface VoiceAudioProps {
  /** A path the API returned (`/v1/voice/…/audio?side=…`); null = no audio stored. */
  audioUrl: string | null;
  /** What this audio is, e.g. "reply" or "customer's recording"; names the controls. */
  label: string;
  /** Fetch only when the user asks (lists of turns); otherwise at once. */
  lazy?: boolean;
  autoPlay?: boolean;
  testId?: string;
}

/**
 * Plays a turn's audio. An <audio src> cannot send the API key, so the audio is
 * fetched through the API client and played from a blob: URL.
 */
export function VoiceAudio({ audioUrl, label, lazy = false, autoPlay = false, testId = 'voice-audio' }: VoiceAudioProps) {
  const [requested, setRequested] = useState(!lazy);
  const audio = useVoiceAudio(audioUrl, requested);
  const src = useObjectUrl(audio.data);

  if (!audioUrl) return <small className="muted">No audio for the {label}.</small>;
  if (!requested)
    return (
      <button type="button" className="secondary play" onClick={() => setRequested(true)} data-testid={`${testId}-play`}>
        ▶ Play {label}
      </button>
    );
  if (audio.isPending) return <Loading label={`Loading the ${label}…`} />;
  if (audio.isError) return <ErrorBox error={audio.error} testId={`${testId}-error`} />;
  if (!src) return null;
  return (
    <audio
      className="player"
      controls
      src={src}
      // A lazily loaded player was just asked for: start it; otherwise only when allowed.
      autoPlay={lazy || autoPlay}
      aria-label={label}
      data-testid={testId}
    />
  );
}
