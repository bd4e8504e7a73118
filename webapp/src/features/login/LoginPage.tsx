import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { createApiClient } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';
import { ErrorBox } from '../../components/states';
import { titleFor } from '../../lib/pageTitle';

export default function LoginPage() {
  const { apiKey, login, logoutReason } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [key, setKey] = useState('');
  const [touched, setTouched] = useState(false);
  const [remember, setRemember] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/agents';

  useEffect(() => {
    document.title = titleFor('/login');
  }, []);

  // Validate the key by calling GET /v1/me with it before storing anything.
  const check = useMutation({
    mutationFn: (candidate: string) => createApiClient(candidate).me(),
    onSuccess: (me, candidate) => {
      login(candidate, me, remember);
      navigate(from === '/login' ? '/agents' : from, { replace: true });
    },
  });

  if (apiKey) return <Navigate to="/agents" replace />;

  const trimmed = key.trim();
  const invalid = trimmed.length === 0;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!invalid) check.mutate(trimmed);
  }

  return (
    <main className="login">
      <form className="card login-card" onSubmit={onSubmit} noValidate>
        <h1>VocalBridge Gateway</h1>
        <p className="muted">Sign in with a tenant API key.</p>
        {logoutReason === 'unauthorized' ? (
          <p className="banner" role="alert" data-testid="session-ended">
            You were signed out: the server no longer accepts this API key (it was revoked or is invalid). Sign in
            with a valid key to continue.
          </p>
        ) : null}
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(e) => {
            setKey(e.target.value);
            if (check.isError) check.reset();
          }}
          aria-invalid={touched && invalid}
          aria-describedby={touched && invalid ? 'api-key-hint' : undefined}
        />
        {touched && invalid ? (
          <p id="api-key-hint" className="field-error">
            Enter an API key.
          </p>
        ) : null}
        <label className="check">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          <span>
            Remember this key on this device
            <small className="muted"> — kept in this browser until you log out; leave off on shared computers</small>
          </span>
        </label>
        <button type="submit" disabled={check.isPending}>
          {check.isPending ? 'Checking…' : 'Sign in'}
        </button>
        {check.isError ? <ErrorBox error={check.error} testId="login-error" /> : null}
      </form>
    </main>
  );
}
