import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/AuthContext';

export function useSessions(filter: { agentId?: string; customerId?: string }) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: ['sessions', filter],
    queryFn: ({ pageParam }) => api.listSessions({ ...filter, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useSession(id: string | undefined) {
  const api = useApi();
  return useQuery({ queryKey: ['session', id], queryFn: () => api.getSession(id!), enabled: !!id });
}
