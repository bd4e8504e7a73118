import { useState, type FormEvent } from 'react';
import type { Role } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { Empty, ErrorBox, Loading, fmtTime } from '../../components/states';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from './hooks';

export default function ApiKeysPage() {
  const { me } = useAuth();
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [role, setRole] = useState<Role>('analyst');
  const [name, setName] = useState('');

  function onCreate(e: FormEvent) {
    e.preventDefault();
    create.mutate({ role, name: name.trim() || undefined }, { onSuccess: () => setName('') });
  }

  return (
    <section aria-labelledby="keys-h">
      <div className="page-head">
        <h1 id="keys-h">API keys</h1>
      </div>
      <form className="card row" onSubmit={onCreate} aria-label="Create an API key">
        <div className="col">
          <label htmlFor="key-name">Name (optional)</label>
          <input id="key-name" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="col">
          <label htmlFor="key-role">Role</label>
          <select id="key-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="analyst">analyst (read-only)</option>
            <option value="admin">admin</option>
          </select>
        </div>
        <div className="col col-end">
          <button type="submit" disabled={create.isPending}>
            Create key
          </button>
        </div>
      </form>
      {create.isError ? <ErrorBox error={create.error} /> : null}
      {create.data ? (
        <div className="card reveal" role="status" data-testid="new-key">
          <p>
            New <strong>{create.data.role}</strong> key — copy it now, it is shown only once:
          </p>
          <code className="secret">{create.data.key}</code>
          <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(create.data.key)}>
            Copy
          </button>
          <button type="button" className="link" onClick={() => create.reset()}>
            Done
          </button>
        </div>
      ) : null}
      {revoke.isError ? <ErrorBox error={revoke.error} /> : null}
      {keys.isPending ? <Loading label="Loading keys…" /> : null}
      {keys.isError ? <ErrorBox error={keys.error} /> : null}
      {keys.data && keys.data.length === 0 ? <Empty>No keys.</Empty> : null}
      {keys.data && keys.data.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="keys-table">
            <thead>
              <tr>
                <th scope="col">Prefix</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((k) => (
                <tr key={k.id}>
                  <td><code>{k.prefix}</code></td>
                  <td>{k.name || '—'}</td>
                  <td>{k.role}</td>
                  <td>{fmtTime(k.createdAt)}</td>
                  <td>{fmtTime(k.lastUsedAt)}</td>
                  <td>{k.revokedAt ? `revoked ${fmtTime(k.revokedAt)}` : 'active'}</td>
                  <td>
                    {!k.revokedAt && k.id !== me?.key.id ? (
                      <button
                        type="button"
                        className="link danger"
                        aria-label={`Revoke key ${k.prefix}`}
                        disabled={revoke.isPending}
                        onClick={() => {
                          if (window.confirm(`Revoke key ${k.prefix}? It stops working at once.`)) revoke.mutate(k.id);
                        }}
                      >
                        Revoke
                      </button>
                    ) : k.id === me?.key.id ? (
                      <span className="muted">this key</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
