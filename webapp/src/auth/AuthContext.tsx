import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { createApiClient, type ApiClient } from '../api/client';
import type { Me, Role } from '../api/types';

const STORAGE_KEY = 'vb.apiKey';
const ME_KEY = 'vb.me';

/** Why the last session ended, for the login page to explain. */
export type LogoutReason = 'signed-out' | 'unauthorized';

interface AuthState {
  apiKey: string | null;
  me: Me | null;
  role: Role | null;
  isAdmin: boolean;
  client: ApiClient | null;
  /** Set when the server ended the session (a 401 mid-session); cleared by the next login. */
  logoutReason: LogoutReason | null;
  /** `remember` keeps the key in localStorage (this device, across restarts); otherwise sessionStorage (this tab). */
  login(apiKey: string, me: Me, remember?: boolean): void;
  logout(reason?: LogoutReason): void;
}

const AuthContext = createContext<AuthState | null>(null);

function readFrom(storage: Storage): { apiKey: string | null; me: Me | null } | null {
  const apiKey = storage.getItem(STORAGE_KEY);
  const meRaw = storage.getItem(ME_KEY);
  return apiKey && meRaw ? { apiKey, me: JSON.parse(meRaw) as Me } : null;
}

function readStored(): { apiKey: string | null; me: Me | null } {
  try {
    return readFrom(sessionStorage) ?? readFrom(localStorage) ?? { apiKey: null, me: null };
  } catch {
    return { apiKey: null, me: null };
  }
}

function forget() {
  for (const storage of [sessionStorage, localStorage]) {
    storage.removeItem(STORAGE_KEY);
    storage.removeItem(ME_KEY);
  }
}

export function AuthProvider({ children, onLogout }: { children: ReactNode; onLogout?: () => void }) {
  const [state, setState] = useState(readStored);
  const [logoutReason, setLogoutReason] = useState<LogoutReason | null>(null);

  const logout = useCallback(
    (reason: LogoutReason = 'signed-out') => {
      forget();
      setState({ apiKey: null, me: null });
      setLogoutReason(reason);
      onLogout?.();
    },
    [onLogout],
  );

  const login = useCallback((apiKey: string, me: Me, remember = false) => {
    forget();
    const storage = remember ? localStorage : sessionStorage;
    storage.setItem(STORAGE_KEY, apiKey);
    storage.setItem(ME_KEY, JSON.stringify(me));
    setLogoutReason(null);
    setState({ apiKey, me });
  }, []);

  const client = useMemo(
    () => (state.apiKey ? createApiClient(state.apiKey, () => logout('unauthorized')) : null),
    [state.apiKey, logout],
  );

  const value = useMemo<AuthState>(() => {
    const role = state.me?.key.role ?? null;
    return { apiKey: state.apiKey, me: state.me, role, isAdmin: role === 'admin', client, logoutReason, login, logout };
  }, [state, client, logoutReason, login, logout]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The API client of the logged-in key; only used under the authenticated layout. */
export function useApi(): ApiClient {
  const { client } = useAuth();
  if (!client) throw new Error('not logged in');
  return client;
}
