import { useMutation, useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/AuthContext';

export function useUsage(from: string, to: string) {
  const api = useApi();
  return useQuery({ queryKey: ['usage', from, to], queryFn: () => api.usage(from, to), enabled: !!from && !!to });
}

export function useBillingPreview(month: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['billing', month],
    queryFn: () => api.billingPreview(month),
    enabled: /^\d{4}-\d{2}$/.test(month),
  });
}

export function useCsvExport() {
  const api = useApi();
  return useMutation({
    mutationFn: async ({ from, to }: { from: string; to: string }) => {
      const blob = await api.usageEventsCsv(from, to);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `usage-events-${from}-to-${to}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      return blob.size;
    },
  });
}

export function utcDay(offsetDays = 0): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
}
