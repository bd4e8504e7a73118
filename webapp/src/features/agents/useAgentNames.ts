import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/AuthContext';
import { agentLabel } from './agentLabel';

/**
 * A lookup from agent id to the name to show, archived agents included. It asks
 * for the list with `includeArchived=true`; a host that answers only live agents
 * leaves archived ones out, and an id missing from the list is labelled as an
 * archived agent (GET /v1/agents/{id} answers 404 for those, so it cannot be asked).
 */
export function useAgentNames(): (id: string) => string {
  const api = useApi();
  const agents = useQuery({
    queryKey: ['agent-names'],
    queryFn: () => api.listAgents({ includeArchived: true }),
    staleTime: 60_000,
  });
  const byId = useMemo(() => new Map(agents.data?.map((a) => [a.id, a])), [agents.data]);
  return (id: string) => agentLabel(id, byId.get(id), !!agents.data);
}
