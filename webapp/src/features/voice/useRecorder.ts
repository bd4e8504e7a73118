// Microphone capture for one utterance at a time: getUserMedia → MediaRecorder,
// with an AnalyserNode on the same stream for the level meter. The microphone is
// opened per recording and released when it ends, so the browser's "recording"
// indicator is on only while the user is actually recording.
import { useCallback, useEffect, useRef, useState } from 'react';
import { TOO_SHORT, micProblemFromError, type MicProblem } from './micProblems';

export type RecorderStatus = 'idle' | 'starting' | 'recording';

export interface Recording {
  blob: Blob;
  durationMs: number;
}

export interface RecorderOptions {
  /** Called once per finished recording (not after cancel() or a too-short one). */
  onRecorded: (recording: Recording) => void;
  /** Recording stops by itself after this long (the host refuses longer input). */
  maxMs: number;
  /** Shorter recordings are dropped with a TOO_SHORT problem. */
  minMs?: number;
}

export interface Recorder {
  status: RecorderStatus;
  problem: MicProblem | null;
  /** The live input's analyser while recording (for the level meter), else null. */
  analyser: AnalyserNode | null;
  /** performance.now() when recording began, else null. */
  startedAt: number | null;
  start(): void;
  /** Finishes the recording and delivers it; a stop while starting ends it as soon as it began. */
  stop(): void;
  /** Ends the recording and throws it away. */
  cancel(): void;
}

interface Live {
  stream: MediaStream;
  context: AudioContext;
  recorder: MediaRecorder | null;
  autoStop: number | undefined;
}

function release(live: Live) {
  window.clearTimeout(live.autoStop);
  live.stream.getTracks().forEach((t) => t.stop());
  void live.context.close().catch(() => undefined);
}

export function useRecorder({ onRecorded, maxMs, minMs = 300 }: RecorderOptions): Recorder {
  const [status, setStatus] = useState<RecorderStatus>('idle');
  const [problem, setProblem] = useState<MicProblem | null>(null);
  const [analyser, setAnalyser] = useState<AnalyserNode | null>(null);
  const [startedAt, setStartedAt] = useState<number | null>(null);

  // Refs, not state: event handlers of a recording in flight read the latest values.
  const live = useRef<Live | null>(null);
  const busy = useRef(false); // true from start() until the recording is torn down
  const stopWanted = useRef<'keep' | 'discard' | null>(null);
  const onRecordedRef = useRef(onRecorded);
  useEffect(() => {
    onRecordedRef.current = onRecorded;
  }, [onRecorded]);

  const finish = useCallback(() => {
    if (live.current) release(live.current);
    live.current = null;
    busy.current = false;
    setAnalyser(null);
    setStartedAt(null);
    setStatus('idle');
  }, []);

  const requestStop = useCallback((how: 'keep' | 'discard') => {
    if (!busy.current) return;
    stopWanted.current = how;
    const recorder = live.current?.recorder;
    if (recorder && recorder.state !== 'inactive') recorder.stop(); // → onstop
  }, []);

  const start = useCallback(() => {
    if (busy.current) return;
    busy.current = true;
    stopWanted.current = null;
    setProblem(null);
    setStatus('starting');
    void (async () => {
      let stream: MediaStream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1 } });
      } catch (e) {
        busy.current = false;
        setProblem(micProblemFromError(e));
        setStatus('idle');
        return;
      }
      const context = new AudioContext();
      const current: Live = { stream, context, recorder: null, autoStop: undefined };
      live.current = current;
      if (stopWanted.current === 'discard') {
        finish();
        return;
      }
      try {
        const node = context.createAnalyser();
        node.fftSize = 1024;
        context.createMediaStreamSource(stream).connect(node);
        const recorder = new MediaRecorder(stream);
        const chunks: Blob[] = [];
        const began = performance.now();
        recorder.ondataavailable = (e) => {
          if (e.data.size > 0) chunks.push(e.data);
        };
        recorder.onstop = () => {
          const durationMs = Math.round(performance.now() - began);
          const keep = stopWanted.current !== 'discard';
          finish();
          if (!keep) return;
          if (durationMs < minMs || chunks.length === 0) {
            setProblem(TOO_SHORT);
            return;
          }
          onRecordedRef.current({ blob: new Blob(chunks, { type: recorder.mimeType }), durationMs });
        };
        recorder.onerror = (e) => {
          stopWanted.current = 'discard';
          setProblem(micProblemFromError((e as Event & { error?: unknown }).error ?? e));
          if (recorder.state !== 'inactive') recorder.stop();
          else finish();
        };
        current.recorder = recorder;
        recorder.start();
        current.autoStop = window.setTimeout(() => requestStop('keep'), maxMs);
        setAnalyser(node);
        setStartedAt(began);
        setStatus('recording');
        if (stopWanted.current) recorder.stop(); // released before the microphone opened
      } catch (e) {
        setProblem(micProblemFromError(e));
        finish();
      }
    })();
  }, [finish, maxMs, minMs, requestStop]);

  const stop = useCallback(() => requestStop('keep'), [requestStop]);
  const cancel = useCallback(() => requestStop('discard'), [requestStop]);

  // Leaving the page mid-recording drops the recording and frees the microphone.
  useEffect(
    () => () => {
      stopWanted.current = 'discard';
      const current = live.current;
      if (current?.recorder && current.recorder.state !== 'inactive') current.recorder.stop();
      if (current) release(current);
      live.current = null;
    },
    [],
  );

  return { status, problem, analyser, startedAt, start, stop, cancel };
}
