import { useEffect, useState } from 'react';
import { knownMicProblem, missingRecordingSupport, type MicProblem } from './micProblems';

function environmentProblem(): MicProblem | null {
  return missingRecordingSupport({
    isSecureContext: window.isSecureContext,
    hasGetUserMedia: typeof navigator.mediaDevices?.getUserMedia === 'function',
    hasMediaRecorder: typeof MediaRecorder !== 'undefined',
    hasAudioContext: typeof AudioContext !== 'undefined' && typeof OfflineAudioContext !== 'undefined',
  });
}

/**
 * What stops recording before the user tries: a browser that cannot record, a
 * microphone permission already denied, or no audio input at all. Re-checked
 * when devices or the permission change. `blocking` problems disable recording.
 */
export function useMicCheck(): { problem: MicProblem | null; blocking: boolean } {
  const [unsupported] = useState(environmentProblem);
  const [known, setKnown] = useState<MicProblem | null>(null);

  useEffect(() => {
    if (unsupported) return;
    let alive = true;
    let permission: PermissionStatus | null = null;
    const refresh = async () => {
      let state: PermissionState | 'unknown' = 'unknown';
      try {
        permission ??= await navigator.permissions.query({ name: 'microphone' as PermissionName });
        permission.onchange = () => void refresh();
        state = permission.state;
      } catch {
        /* Permissions API without "microphone" (older Firefox/Safari): learn on first try. */
      }
      let inputs: number | null = null;
      try {
        inputs = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput').length;
      } catch {
        /* unknown until the user tries */
      }
      if (alive) setKnown(knownMicProblem(state, inputs));
    };
    const onDeviceChange = () => void refresh();
    void refresh();
    navigator.mediaDevices.addEventListener('devicechange', onDeviceChange);
    return () => {
      alive = false;
      if (permission) permission.onchange = null;
      navigator.mediaDevices.removeEventListener('devicechange', onDeviceChange);
    };
  }, [unsupported]);

  return { problem: unsupported ?? known, blocking: !!unsupported };
}
