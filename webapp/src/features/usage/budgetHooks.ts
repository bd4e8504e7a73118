import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../auth/AuthContext';
import type { BudgetInput } from '../../api/types';

/** GET /v1/limits plus its RateLimit-* headers; refreshed while the page is open (reservations move). */
export function useLimits() {
  const api = useApi();
  return useQuery({ queryKey: ['limits'], queryFn: () => api.limits(), refetchInterval: 15_000 });
}

export function useSetBudget() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: BudgetInput) => api.setBudget(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['limits'] }),
  });
}

/** "12.5" (USD) → 12500000 micros; null for empty (no limit); NaN for anything else. */
export function usdToMicros(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(t);
  if (!m) return Number.NaN;
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'));
}
