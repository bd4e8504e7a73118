import { useEffect, useState } from 'react';

/** Writes text to the clipboard; falls back to a hidden textarea where the async API is missing or refused. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** How long "Copied" stays on the button. */
const FEEDBACK_MS = 2000;

/** A small button that copies `text` and says "Copied" (or "Copy failed") for a moment. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), FEEDBACK_MS);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <button
      type="button"
      className="copy"
      aria-label={state === 'idle' ? label : undefined}
      data-testid="copy"
      onClick={async () => setState((await copyText(text)) ? 'copied' : 'failed')}
    >
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}</span>
    </button>
  );
}

/** An id in monospace with its copy button. */
export function CopyableId({ value, label }: { value: string; label: string }) {
  return (
    <span className="copyable">
      <code>{value}</code>
      <CopyButton text={value} label={`Copy ${label}`} />
    </span>
  );
}
