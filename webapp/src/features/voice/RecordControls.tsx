import { useEffect, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { LevelMeter } from './LevelMeter';
import type { Recorder } from './useRecorder';

function RecordingClock({ startedAt, maxMs }: { startedAt: number; maxMs: number }) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(performance.now()), 100);
    return () => window.clearInterval(t);
  }, []);
  const secs = Math.max(0, (now - startedAt) / 1000);
  return (
    <span data-testid="recording-clock">
      Recording… {secs.toFixed(1)} s <span className="muted">(stops by itself at {Math.round(maxMs / 1000)} s)</span>
    </span>
  );
}

interface RecordControlsProps {
  recorder: Recorder;
  maxMs: number;
  /** Busy converting or sending, or the browser cannot record. */
  disabled: boolean;
}

/** Hold-to-talk and click-to-record/click-to-stop over one recorder, with the level meter. */
export function RecordControls({ recorder, maxMs, disabled }: RecordControlsProps) {
  const [mode, setMode] = useState<'hold' | 'toggle' | null>(null);
  const active = recorder.status !== 'idle';
  useEffect(() => {
    if (!active) setMode(null);
  }, [active]);

  const holdStart = () => {
    if (disabled || active) return;
    setMode('hold');
    recorder.start();
  };
  const holdEnd = () => {
    if (mode === 'hold') recorder.stop();
  };

  return (
    <div className="recorder" data-status={recorder.status}>
      <div className="recorder-buttons">
        <button
          type="button"
          className={`hold${mode === 'hold' ? ' live' : ''}`}
          disabled={disabled || (active && mode !== 'hold')}
          aria-pressed={mode === 'hold'}
          onPointerDown={(e: PointerEvent<HTMLButtonElement>) => {
            if (e.button !== 0) return;
            e.currentTarget.setPointerCapture(e.pointerId); // the release lands here even off the button
            holdStart();
          }}
          onPointerUp={holdEnd}
          onPointerCancel={holdEnd}
          onKeyDown={(e: KeyboardEvent) => {
            if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
              e.preventDefault();
              holdStart();
            }
          }}
          onKeyUp={(e: KeyboardEvent) => {
            if (e.key === ' ' || e.key === 'Enter') holdEnd();
          }}
          onContextMenu={(e) => e.preventDefault()} // a long press on touch screens
        >
          {mode === 'hold' ? 'Release to send' : 'Hold to talk'}
        </button>
        <button
          type="button"
          className={mode === 'toggle' ? 'live' : 'secondary'}
          disabled={disabled || (active && mode !== 'toggle')}
          onClick={() => {
            if (mode === 'toggle') {
              recorder.stop();
            } else {
              setMode('toggle');
              recorder.start();
            }
          }}
        >
          {mode === 'toggle' ? 'Stop and send' : 'Record'}
        </button>
        {active ? (
          <button type="button" className="link" onClick={recorder.cancel}>
            Cancel
          </button>
        ) : null}
      </div>
      <LevelMeter analyser={recorder.analyser} />
      <p className="recorder-status" role="status" aria-live="polite">
        {recorder.status === 'starting' ? 'Opening the microphone…' : null}
        {recorder.status === 'recording' && recorder.startedAt !== null ? (
          <RecordingClock startedAt={recorder.startedAt} maxMs={maxMs} />
        ) : null}
      </p>
    </div>
  );
}
