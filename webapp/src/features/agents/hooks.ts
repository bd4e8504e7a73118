import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../auth/AuthContext';
import type { AgentInput } from '../../api/types';

export function useAgents() {
  const api = useApi();
  return useQuery({ queryKey: ['agents'], queryFn: () => api.listAgents() });
}

export function useAgent(id: string | undefined) {
  const api = useApi();
  return useQuery({ queryKey: ['agents', id], queryFn: () => api.getAgent(id!), enabled: !!id });
}

/** Usable plugins of one kind ("vendor", "stt", "tts", "tool"), from the one plugins query. */
export function usePluginsOfKind(kind: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['plugins'],
    queryFn: () => api.plugins(),
    select: (items) => items.filter((p) => p.kind === kind && p.status !== 'failed'),
  });
}

export function useVendors() {
  return usePluginsOfKind('vendor');
}

export function useTools() {
  const api = useApi();
  return useQuery({ queryKey: ['tools'], queryFn: () => api.tools() });
}

export function useSaveAgent(id: string | undefined) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: AgentInput) => (id ? api.updateAgent(id, input) : api.createAgent(input)),
    onSuccess: (agent) => {
      qc.setQueryData(['agents', agent.id], agent);
      void qc.invalidateQueries({ queryKey: ['agent-names'] });
      return qc.invalidateQueries({ queryKey: ['agents'], exact: true });
    },
  });
}

export function useDeleteAgent() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.deleteAgent(id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['agent-names'] });
      return qc.invalidateQueries({ queryKey: ['agents'] });
    },
  });
}
