import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsageReport } from '../../api/types';

// Charts need numbers; the USD value is only drawn here, never compared or summed.
const usd = (micros: number) => micros / 1_000_000;
const fmt = (v: unknown) => `$${Number(v).toFixed(4)}`;

export function ProviderChart({ data }: { data: UsageReport['byProvider'] }) {
  const rows = data.map((p) => ({ provider: p.provider, cost: usd(p.cost.micros), label: p.cost.usd }));
  return (
    <div className="chart" role="img" aria-label="Cost by provider bar chart">
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="provider" />
          <YAxis tickFormatter={(v) => `$${v}`} width={84} />
          <Tooltip formatter={(v) => fmt(v)} />
          <Bar isAnimationActive={false} dataKey="cost" name="Cost (USD)" fill="#3b6ef5" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function DailyChart({ data }: { data: UsageReport['daily'] }) {
  const rows = data.map((d) => ({ date: d.date, cost: usd(d.cost.micros) }));
  return (
    <div className="chart" role="img" aria-label="Daily cost line chart">
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" />
          <YAxis tickFormatter={(v) => `$${v}`} width={84} />
          <Tooltip formatter={(v) => fmt(v)} />
          <Line isAnimationActive={false} type="monotone" dataKey="cost" name="Cost (USD)" stroke="#0e9f6e" strokeWidth={2} dot />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
