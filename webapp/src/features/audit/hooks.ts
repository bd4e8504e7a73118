import { useInfiniteQuery } from '@tanstack/react-query';
import type { ToolAuditFilter } from '../../api/types';
import { useApi } from '../../auth/AuthContext';

/** Audited tool runs matching `filter`, newest first, a page at a time ("Load more"). */
export function useToolAudit(filter: ToolAuditFilter) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: ['tool-audit', filter],
    queryFn: ({ pageParam }) => api.toolAudit(filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
