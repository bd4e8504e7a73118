// The name an agent id is shown by. Pure, unit-tested.

/**
 * `agent` is the id's row from the agent list (if any); `listLoaded` says whether
 * that list has arrived. An archived agent is named and marked; an id the loaded
 * list lacks can only be an archived agent the host did not list.
 */
export function agentLabel(id: string, agent: { name: string; archivedAt?: string | null } | undefined, listLoaded: boolean): string {
  if (agent) return agent.archivedAt ? `${agent.name} (archived)` : agent.name;
  if (!listLoaded || !id) return id;
  return `Archived agent ${id}`;
}
