import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/AuthContext';

/** How often the health page refreshes: a circuit opens and closes within seconds. */
const REFRESH_MS = 5000;

export function useProviderHealth() {
  const api = useApi();
  return useQuery({ queryKey: ['provider-health'], queryFn: () => api.providerHealth(), refetchInterval: REFRESH_MS });
}

/** Every plugin, failed ones included (the agents form's hooks filter them out). */
export function usePlugins() {
  const api = useApi();
  return useQuery({ queryKey: ['plugins'], queryFn: () => api.plugins(), refetchInterval: REFRESH_MS });
}
