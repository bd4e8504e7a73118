import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import type { Agent, AgentInput } from '../../api/types';
import { ErrorBox, Loading } from '../../components/states';
import { useToast } from '../../components/Toasts';
import { useAgent, useSaveAgent, useVendors } from './hooks';
import { SpeechFields, type SpeechValue } from './SpeechFields';
import { ToolFields } from './ToolFields';
import { formatSpeechHints, parseSpeechHints, speechHintsProblem } from './speechHints';

const EMPTY: AgentInput = {
  name: '',
  primaryProvider: '',
  fallbackProvider: null,
  systemPrompt: '',
  enabledTools: [],
  speechHints: [],
  sttEngine: null,
  ttsEngine: null,
  voice: null,
};

function toInput(a: Agent): AgentInput {
  return {
    name: a.name,
    primaryProvider: a.primaryProvider,
    fallbackProvider: a.fallbackProvider,
    systemPrompt: a.systemPrompt,
    enabledTools: a.enabledTools,
    speechHints: a.speechHints ?? [],
    sttEngine: a.sttEngine ?? null,
    ttsEngine: a.ttsEngine ?? null,
    voice: a.voice ?? null,
  };
}

/** The field a 422 problem names (`field: "sttEngine"`, or "speechHints[3]"), with its detail. */
function serverFieldError(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || err.status !== 422 || typeof err.problem.field !== 'string') return {};
  const field = err.problem.field.split(/[.[]/)[0];
  return { [field]: err.problem.detail || err.problem.title || 'Invalid value.' };
}

function validate(v: AgentInput): Record<string, string> {
  const errors: Record<string, string> = {};
  const hints = speechHintsProblem(v.speechHints);
  if (hints) errors.speechHints = hints;
  if (v.voice && !/^[A-Za-z0-9._-]{1,64}$/.test(v.voice))
    errors.voice = "A voice name is 1 to 64 letters, digits, '.', '_' or '-'.";
  if (!v.name.trim()) errors.name = 'Name is required.';
  if (!v.primaryProvider) errors.primaryProvider = 'Choose a primary provider.';
  if (v.fallbackProvider && v.fallbackProvider === v.primaryProvider)
    errors.fallbackProvider = 'The fallback must differ from the primary.';
  return errors;
}

export default function AgentEditPage() {
  const { agentId } = useParams();
  const navigate = useNavigate();
  const agent = useAgent(agentId);
  const vendors = useVendors();
  const save = useSaveAgent(agentId);
  const toast = useToast();
  const [form, setForm] = useState<AgentInput>(EMPTY);
  const [hintsText, setHintsText] = useState('');
  const [localErrors, setErrors] = useState<Record<string, string>>({});
  const errors = { ...serverFieldError(save.error), ...localErrors };

  useEffect(() => {
    if (agent.data) {
      setForm(toInput(agent.data));
      setHintsText(formatSpeechHints(agent.data.speechHints));
    }
  }, [agent.data]);

  useEffect(() => {
    // Default a new agent's primary provider to the first loaded vendor.
    if (!agentId && !form.primaryProvider && vendors.data?.length) {
      setForm((f) => ({ ...f, primaryProvider: vendors.data[0].name }));
    }
  }, [agentId, vendors.data, form.primaryProvider]);

  if (agentId && agent.isPending) return <Loading label="Loading agent…" />;
  if (agentId && agent.isError) return <ErrorBox error={agent.error} />;

  // Editing a field clears the error shown for it: the server's (from the last save) and our own.
  const clearError = (field: string) => {
    if (serverFieldError(save.error)[field]) save.reset();
    if (localErrors[field]) setErrors(({ [field]: _gone, ...rest }) => rest);
  };
  const set = <K extends keyof AgentInput>(k: K, v: AgentInput[K]) => {
    clearError(k);
    setForm((f) => ({ ...f, [k]: v }));
  };

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const input = { ...form, speechHints: parseSpeechHints(hintsText), voice: form.voice?.trim() || null };
    const errs = validate(input);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    save.mutate(
      { ...input, name: input.name.trim(), fallbackProvider: input.fallbackProvider || null },
      {
        onSuccess: (saved) => {
          toast(agentId ? `Agent "${saved.name}" updated.` : `Agent "${saved.name}" created.`);
          navigate('/agents');
        },
      },
    );
  }

  return (
    <section aria-labelledby="agent-edit-h">
      <div className="page-head">
        <h1 id="agent-edit-h">{agentId ? `Edit agent` : 'New agent'}</h1>
        <Link to="/agents">Back to agents</Link>
      </div>
      <form className="card form" onSubmit={onSubmit} noValidate>
        <label htmlFor="agent-name">Name</label>
        <input
          id="agent-name"
          value={form.name}
          onChange={(e) => set('name', e.target.value)}
          aria-invalid={!!errors.name}
        />
        {errors.name ? <p className="field-error">{errors.name}</p> : null}

        <div className="row">
          <div className="col">
            <label htmlFor="agent-primary">Primary provider</label>
            <select
              id="agent-primary"
              value={form.primaryProvider}
              onChange={(e) => set('primaryProvider', e.target.value)}
              aria-invalid={!!errors.primaryProvider}
            >
              <option value="">— choose —</option>
              {vendors.data?.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
            {errors.primaryProvider ? <p className="field-error">{errors.primaryProvider}</p> : null}
          </div>
          <div className="col">
            <label htmlFor="agent-fallback">Fallback provider</label>
            <select
              id="agent-fallback"
              value={form.fallbackProvider ?? ''}
              onChange={(e) => set('fallbackProvider', e.target.value || null)}
              aria-invalid={!!errors.fallbackProvider}
            >
              <option value="">None</option>
              {vendors.data?.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
            {errors.fallbackProvider ? <p className="field-error">{errors.fallbackProvider}</p> : null}
          </div>
        </div>
        {vendors.isPending ? <Loading label="Loading providers…" /> : null}
        {vendors.isError ? <ErrorBox error={vendors.error} /> : null}
        {vendors.data && vendors.data.length === 0 ? <p className="muted">No vendor plugins are loaded.</p> : null}

        <label htmlFor="agent-prompt">System prompt</label>
        <textarea
          id="agent-prompt"
          rows={5}
          value={form.systemPrompt}
          onChange={(e) => set('systemPrompt', e.target.value)}
        />

        <ToolFields enabled={form.enabledTools} onChange={(next) => set('enabledTools', next)} />

        <SpeechFields
          value={{ hintsText, sttEngine: form.sttEngine, ttsEngine: form.ttsEngine, voice: form.voice }}
          errors={errors}
          onChange={(next: SpeechValue) => {
            if (next.hintsText !== hintsText) clearError('speechHints');
            if (next.voice !== form.voice) clearError('voice');
            if (next.sttEngine !== form.sttEngine) clearError('sttEngine');
            if (next.ttsEngine !== form.ttsEngine) clearError('ttsEngine');
            setHintsText(next.hintsText);
            setForm((f) => ({ ...f, sttEngine: next.sttEngine, ttsEngine: next.ttsEngine, voice: next.voice }));
          }}
        />

        {save.isError ? <ErrorBox error={save.error} testId="agent-save-error" /> : null}
        <div className="form-actions">
          <button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : agentId ? 'Save changes' : 'Create agent'}
          </button>
        </div>
      </form>
    </section>
  );
}
