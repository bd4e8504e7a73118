import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../auth/AuthContext';

export function useCreateSession() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { agentId: string; customerId: string; channel?: 'chat' | 'voice' }) => api.createSession(input),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['sessions'] }),
  });
}

/** A turn (chat or voice) changed the session, usage, billing and the tool audit. */
export function invalidateAfterTurn(qc: QueryClient, sessionId: string) {
  void qc.invalidateQueries({ queryKey: ['sessions'] });
  void qc.invalidateQueries({ queryKey: ['session', sessionId] });
  void qc.invalidateQueries({ queryKey: ['usage'] });
  void qc.invalidateQueries({ queryKey: ['billing'] });
  void qc.invalidateQueries({ queryKey: ['tool-audit'] });
}

export function useSendMessage() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { sessionId: string; content: string; idempotencyKey: string }) =>
      api.sendMessage(v.sessionId, v.content, v.idempotencyKey),
    onSuccess: (_r, v) => invalidateAfterTurn(qc, v.sessionId),
  });
}

export function newIdempotencyKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
