import { useState, type FormEvent } from 'react';
import type { Role } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { ConfirmButton } from '../../components/ConfirmButton';
import { CopyButton } from '../../components/CopyButton';
import { Empty, ErrorBox, Loading, fmtTime } from '../../components/states';
import { useToast } from '../../components/Toasts';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from './hooks';

export default function ApiKeysPage() {
  const { me } = useAuth();
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const toast = useToast();
  const [role, setRole] = useState<Role>('analyst');
  const [name, setName] = useState('');

  function onCreate(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      { role, name: name.trim() || undefined },
      {
        onSuccess: (k) => {
          setName('');
          toast(`${k.role === 'admin' ? 'Admin' : 'Analyst'} key created — copy it now.`);
        },
      },
    );
  }

  return (
    <section aria-labelledby="keys-h">
      <div className="page-head">
        <h1 id="keys-h">API keys</h1>
      </div>
      <form className="card row" onSubmit={onCreate} aria-label="Create an API key">
        <div className="col">
          <label htmlFor="key-name">Name (optional)</label>
          <input
            id="key-name"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              if (create.isError) create.reset();
            }}
          />
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
          <CopyButton text={create.data.key} label="Copy the new key" />
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
          <table className="stack-narrow" data-testid="keys-table">
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
                  <td data-label="Prefix"><code>{k.prefix}</code></td>
                  <td data-label="Name">{k.name || '—'}</td>
                  <td data-label="Role">{k.role}</td>
                  <td data-label="Created">{fmtTime(k.createdAt)}</td>
                  <td data-label="Last used">{fmtTime(k.lastUsedAt)}</td>
                  <td data-label="Status">{k.revokedAt ? `revoked ${fmtTime(k.revokedAt)}` : 'active'}</td>
                  <td className="actions-cell">
                    {!k.revokedAt && k.id !== me?.key.id ? (
                      <ConfirmButton
                        className="link danger"
                        ariaLabel={`Revoke key ${k.prefix}`}
                        disabled={revoke.isPending}
                        title={`Revoke key ${k.prefix}?`}
                        message="It stops working at once; anything using it gets 401 from then on."
                        confirmLabel="Revoke key"
                        onConfirm={() =>
                          revoke.mutate(k.id, {
                            onSuccess: () => toast(`Key ${k.prefix} revoked.`),
                            onError: () => toast(`Key ${k.prefix} was not revoked.`, 'error'),
                          })
                        }
                      >
                        Revoke
                      </ConfirmButton>
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
