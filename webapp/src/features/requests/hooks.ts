import { useInfiniteQuery } from '@tanstack/react-query';
import type { RequestLogQuery } from '../../api/types';
import { useApi } from '../../auth/AuthContext';

/** Logged turns matching `query`, newest first, a page at a time ("Load more"). */
export function useRequestLog(query: RequestLogQuery) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: ['requests', query],
    queryFn: ({ pageParam }) => api.requestLog(query, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
