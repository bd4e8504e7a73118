import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../auth/AuthContext';
import type { Role } from '../../api/types';

export function useApiKeys() {
  const api = useApi();
  return useQuery({ queryKey: ['api-keys'], queryFn: () => api.listApiKeys() });
}

export function useCreateApiKey() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { role: Role; name?: string }) => api.createApiKey(v.role, v.name),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['api-keys'] }),
  });
}

export function useRevokeApiKey() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.revokeApiKey(id),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['api-keys'] }),
  });
}
