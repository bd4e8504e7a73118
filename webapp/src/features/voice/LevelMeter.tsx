import { useEffect, useRef } from 'react';

/**
 * A live input level from an AnalyserNode: RMS of each animation frame, shown
 * on a log-ish scale. It writes to the DOM directly (no React state) so a
 * 60 fps meter does not re-render the page.
 */
export function LevelMeter({ analyser }: { analyser: AnalyserNode | null }) {
  const meter = useRef<HTMLDivElement>(null);
  const bar = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!analyser) return;
    const samples = new Float32Array(analyser.fftSize);
    let frame = 0;
    let peak = 0; // highest level seen during this recording, for tests and a11y
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      const rms = Math.sqrt(sum / samples.length);
      // -60 dBFS .. 0 dBFS → 0 .. 1; speech sits around the middle.
      const level = rms > 0 ? Math.max(0, Math.min(1, 1 + Math.log10(rms) / 3)) : 0;
      peak = Math.max(peak, level);
      if (bar.current) bar.current.style.transform = `scaleX(${level})`;
      if (meter.current) {
        meter.current.setAttribute('aria-valuenow', String(Math.round(level * 100)));
        meter.current.dataset.peak = peak.toFixed(3);
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [analyser]);

  return (
    <div
      ref={meter}
      className="level-meter"
      role="meter"
      aria-label="Microphone level"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={0}
      data-testid="level-meter"
      data-peak="0"
    >
      <div ref={bar} className="level-bar" />
    </div>
  );
}
