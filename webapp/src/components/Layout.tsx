import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { Loading } from './states';

export function Layout() {
  const { me, isAdmin, logout } = useAuth();
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">VocalBridge</span>
        <nav aria-label="Main">
          <NavLink to="/agents">Agents</NavLink>
          <NavLink to="/chat">Try it</NavLink>
          <NavLink to="/voice">Voice</NavLink>
          <NavLink to="/sessions">Sessions</NavLink>
          <NavLink to="/usage">Usage</NavLink>
          <NavLink to="/tools/audit">Tool audit</NavLink>
          {isAdmin ? <NavLink to="/api-keys">API keys</NavLink> : null}
        </nav>
        <div className="who">
          <span data-testid="whoami">
            {me?.tenant.name} · <span className={`role role-${me?.key.role}`}>{me?.key.role}</span>
          </span>
          <button type="button" className="secondary" onClick={logout}>
            Log out
          </button>
        </div>
      </header>
      <main className="content">
        {!isAdmin ? (
          <p className="banner" role="note" data-testid="readonly-banner">
            Read-only: analyst keys can view but not change anything.
          </p>
        ) : null}
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
