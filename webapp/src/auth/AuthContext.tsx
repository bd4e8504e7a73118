import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { createApiClient, type ApiClient } from '../api/client';
import type { Me, Role } from '../api/types';

const STORAGE_KEY = 'vb.apiKey';
const ME_KEY = 'vb.me';

interface AuthState {
  apiKey: string | null;
  me: Me | null;
  role: Role | null;
  isAdmin: boolean;
  client: ApiClient | null;
  login(apiKey: string, me: Me): void;
  logout(): void;
}

const AuthContext = createContext<AuthState | null>(null);

function readSession(): { apiKey: string | null; me: Me | null } {
  try {
    const apiKey = sessionStorage.getItem(STORAGE_KEY);
    const meRaw = sessionStorage.getItem(ME_KEY);
    return { apiKey, me: apiKey && meRaw ? (JSON.parse(meRaw) as Me) : null };
  } catch {
    return { apiKey: null, me: null };
  }
}

export function AuthProvider({ children, onLogout }: { children: ReactNode; onLogout?: () => void }) {
  const [state, setState] = useState(readSession);

  const logout = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    sessionStorage.removeItem(ME_KEY);
    setState({ apiKey: null, me: null });
    onLogout?.();
  }, [onLogout]);

  const login = useCallback((apiKey: string, me: Me) => {
    sessionStorage.setItem(STORAGE_KEY, apiKey);
    sessionStorage.setItem(ME_KEY, JSON.stringify(me));
    setState({ apiKey, me });
  }, []);

  const client = useMemo(
    () => (state.apiKey ? createApiClient(state.apiKey, logout) : null),
    [state.apiKey, logout],
  );

  const value = useMemo<AuthState>(() => {
    const role = state.me?.key.role ?? null;
    return { apiKey: state.apiKey, me: state.me, role, isAdmin: role === 'admin', client, login, logout };
  }, [state, client, login, logout]);

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
