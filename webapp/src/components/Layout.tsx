import { Suspense, useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { TIME_ZONE } from '../lib/format';
import { titleFor } from '../lib/pageTitle';
import { Loading } from './states';

export function Layout() {
  const { me, isAdmin, logout } = useAuth();
  const { pathname } = useLocation();
  // The menu is a toggle on narrow screens (CSS shows it open on wide ones).
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => {
    document.title = titleFor(pathname);
    setMenuOpen(false);
  }, [pathname]);

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">VocalBridge</span>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          {menuOpen ? 'Close menu' : 'Menu'}
        </button>
        <nav id="main-nav" aria-label="Main" className={menuOpen ? 'open' : undefined}>
          <NavLink to="/agents">Agents</NavLink>
          {/* Analysts cannot send: Try it and Voice would be dead ends for them. */}
          {isAdmin ? <NavLink to="/chat">Try it</NavLink> : null}
          {isAdmin ? <NavLink to="/voice">Voice</NavLink> : null}
          <NavLink to="/sessions">Sessions</NavLink>
          <NavLink to="/usage">Usage</NavLink>
          <NavLink to="/requests">Request log</NavLink>
          <NavLink to="/health">Health</NavLink>
          <NavLink to="/tools/audit">Tool audit</NavLink>
          {isAdmin ? <NavLink to="/api-keys">API keys</NavLink> : null}
        </nav>
        <div className={`who${menuOpen ? ' open' : ''}`}>
          <span data-testid="whoami">
            {me?.tenant.name} · <span className={`role role-${me?.key.role}`}>{me?.key.role}</span>
          </span>
          <span className="tz" data-testid="time-zone" title="Every time on the dashboard is shown in this zone">
            Times in {TIME_ZONE}
          </span>
          <button type="button" className="secondary" onClick={() => logout()}>
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
