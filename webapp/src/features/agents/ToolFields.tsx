import { useId } from 'react';
import { ErrorBox, Loading } from '../../components/states';
import { useTools } from './hooks';

/** The agent's enabled tools: one checkbox per loaded tool plugin, with its description (GET /v1/tools). */
export function ToolFields({ enabled, onChange }: { enabled: string[]; onChange(next: string[]): void }) {
  const tools = useTools();
  const idBase = useId();
  // A tool the agent enables but the host no longer loads stays visible, so it can be switched off.
  const missing = tools.data ? enabled.filter((name) => !tools.data.some((t) => t.name === name)) : [];
  const toggle = (name: string, on: boolean) =>
    onChange(on ? [...enabled.filter((t) => t !== name), name] : enabled.filter((t) => t !== name));

  return (
    <fieldset>
      <legend>Enabled tools</legend>
      {tools.isPending ? <Loading label="Loading tools…" /> : null}
      {tools.isError ? <ErrorBox error={tools.error} /> : null}
      {tools.data && tools.data.length === 0 && missing.length === 0 ? (
        <p className="muted">No tool plugins are loaded.</p>
      ) : null}
      {tools.data?.map((t, i) => (
        <label key={t.name} className="check tool-option" data-testid="tool-option" data-tool={t.name}>
          <input
            type="checkbox"
            checked={enabled.includes(t.name)}
            onChange={(e) => toggle(t.name, e.target.checked)}
            aria-labelledby={`${idBase}-${i}-name`}
            aria-describedby={`${idBase}-${i}-about`}
          />
          <span>
            <strong id={`${idBase}-${i}-name`}>{t.name}</strong>
            {t.version ? <span className="muted"> {t.version}</span> : null}
            <span className="tool-about muted" id={`${idBase}-${i}-about`} data-testid="tool-description">
              {t.description || 'No description.'}
            </span>
          </span>
        </label>
      ))}
      {missing.map((name) => (
        <label key={name} className="check tool-option" data-tool={name}>
          <input type="checkbox" checked onChange={(e) => toggle(name, e.target.checked)} />
          <span>
            <strong>{name}</strong> <span className="field-error">not loaded by the host; switch it off to save</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
