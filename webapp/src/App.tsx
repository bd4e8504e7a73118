import { lazy, Suspense, useState, type ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from './auth/AuthContext';
import { makeQueryClient } from './queryClient';
import { Layout } from './components/Layout';
import { Loading } from './components/states';
import { ToastProvider } from './components/Toasts';

const LoginPage = lazy(() => import('./features/login/LoginPage'));
const AgentsPage = lazy(() => import('./features/agents/AgentsPage'));
const AgentEditPage = lazy(() => import('./features/agents/AgentEditPage'));
const ChatPage = lazy(() => import('./features/chat/ChatPage'));
const VoicePage = lazy(() => import('./features/voice/VoicePage'));
const SessionsPage = lazy(() => import('./features/sessions/SessionsPage'));
const SessionDetailPage = lazy(() => import('./features/sessions/SessionDetailPage'));
const ToolAuditPage = lazy(() => import('./features/audit/ToolAuditPage'));
const UsagePage = lazy(() => import('./features/usage/UsagePage'));
const ApiKeysPage = lazy(() => import('./features/apikeys/ApiKeysPage'));
const RequestsPage = lazy(() => import('./features/requests/RequestsPage'));
const HealthPage = lazy(() => import('./features/health/HealthPage'));

function RequireAuth({ children }: { children: ReactNode }) {
  const { apiKey } = useAuth();
  const location = useLocation();
  if (!apiKey) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}

function RequireAdmin({ children }: { children: ReactNode }) {
  const { isAdmin } = useAuth();
  if (!isAdmin) return <Navigate to="/agents" replace />;
  return <>{children}</>;
}

export function App() {
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider onLogout={() => queryClient.clear()}>
        <ToastProvider>
          <BrowserRouter>
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route
                  element={
                    <RequireAuth>
                      <Layout />
                    </RequireAuth>
                  }
                >
                  <Route index element={<Navigate to="/agents" replace />} />
                  <Route path="agents" element={<AgentsPage />} />
                  <Route path="agents/new" element={<RequireAdmin><AgentEditPage /></RequireAdmin>} />
                  <Route path="agents/:agentId" element={<RequireAdmin><AgentEditPage /></RequireAdmin>} />
                  <Route path="chat" element={<RequireAdmin><ChatPage /></RequireAdmin>} />
                  <Route path="voice" element={<RequireAdmin><VoicePage /></RequireAdmin>} />
                  <Route path="sessions" element={<SessionsPage />} />
                  <Route path="sessions/:sessionId" element={<SessionDetailPage />} />
                  <Route path="usage" element={<UsagePage />} />
                  <Route path="requests" element={<RequestsPage />} />
                  <Route path="health" element={<HealthPage />} />
                  <Route path="tools/audit" element={<ToolAuditPage />} />
                  <Route path="api-keys" element={<RequireAdmin><ApiKeysPage /></RequireAdmin>} />
                  <Route path="*" element={<Navigate to="/agents" replace />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </ToastProvider>
      </AuthProvider>
    </QueryClientProvider>
  );
}
