// Why the browser cannot record, in words a user can act on. Pure (no DOM
// access of its own) so the mapping is unit-tested in Node.

export type MicProblemKind = 'insecure' | 'unsupported' | 'denied' | 'no-device' | 'busy' | 'too-short' | 'failed';

export interface MicProblem {
  kind: MicProblemKind;
  message: string;
}

/** What the page can find out about recording before asking for the microphone. */
export interface RecordingEnvironment {
  isSecureContext: boolean;
  hasGetUserMedia: boolean;
  hasMediaRecorder: boolean;
  hasAudioContext: boolean;
}

const DENIED: MicProblem = {
  kind: 'denied',
  message:
    'Microphone access is blocked for this site. Allow the microphone in the browser (the icon in the address bar or the site settings), then try again.',
};

const NO_DEVICE: MicProblem = {
  kind: 'no-device',
  message: 'No microphone was found. Connect one (or enable it in the system settings), then try again.',
};

/** The first reason this environment cannot record at all, or null when it can. */
export function missingRecordingSupport(env: RecordingEnvironment): MicProblem | null {
  if (!env.isSecureContext)
    return { kind: 'insecure', message: 'Recording needs a secure page: open the dashboard over HTTPS (or on localhost).' };
  if (!env.hasGetUserMedia)
    return { kind: 'unsupported', message: 'This browser cannot access a microphone (no getUserMedia).' };
  if (!env.hasMediaRecorder)
    return { kind: 'unsupported', message: 'This browser cannot record audio (no MediaRecorder). Try a current Chrome, Edge, Firefox or Safari.' };
  if (!env.hasAudioContext)
    return { kind: 'unsupported', message: 'This browser cannot process audio (no Web Audio API).' };
  return null;
}

/** The problem a permission state or an input-device count shows before recording, if any. */
export function knownMicProblem(permission: PermissionState | 'unknown', audioInputs: number | null): MicProblem | null {
  if (permission === 'denied') return DENIED;
  if (audioInputs === 0) return NO_DEVICE;
  return null;
}

/** Maps a getUserMedia / MediaRecorder failure (a DOMException by name) to a problem. */
export function micProblemFromError(err: unknown): MicProblem {
  const name = err && typeof err === 'object' && 'name' in err ? String((err as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return DENIED;
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return NO_DEVICE;
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return {
        kind: 'busy',
        message: 'The microphone could not be started: another application may be using it. Close it, then try again.',
      };
    default: {
      const detail = err instanceof Error && err.message ? `: ${err.message}` : '';
      return { kind: 'failed', message: `Recording failed${detail}.` };
    }
  }
}

export const TOO_SHORT: MicProblem = {
  kind: 'too-short',
  message: 'That recording was too short. Hold the button (or click Record) while you speak.',
};
