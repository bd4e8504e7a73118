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

export function useVendors() {
  const api = useApi();
  return useQuery({
    queryKey: ['plugins'],
    queryFn: () => api.plugins(),
    select: (items) => items.filter((p) => p.kind === 'vendor' && p.status !== 'failed'),
  });
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
      return qc.invalidateQueries({ queryKey: ['agents'], exact: true });
    },
  });
}

export function useDeleteAgent() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.deleteAgent(id),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['agents'] }),
  });
}
