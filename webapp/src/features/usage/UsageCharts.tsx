import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsageReport } from '../../api/types';
import { fmtMicros } from '../../lib/format';

// Charts need numbers: the dollar value is only drawn. Tooltips show the exact
// micros with six decimals, as the cards and tables do.
const usd = (micros: number) => micros / 1_000_000;
const axisUsd = (v: number) => `$${Number(v.toFixed(4))}`;
const exactTooltip = (_value: unknown, _name: unknown, item: { payload?: { micros?: number } }) =>
  fmtMicros(item.payload?.micros ?? 0);

// Room on the right so the last date label is drawn whole, not clipped by the card.
const MARGIN = { top: 8, right: 28, bottom: 4, left: 4 };

export function ProviderChart({ data }: { data: UsageReport['byProvider'] }) {
  const rows = data.map((p) => ({ provider: p.provider, cost: usd(p.cost.micros), micros: p.cost.micros }));
  return (
    <div className="chart" role="img" aria-label="Cost by provider bar chart">
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={rows} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="provider" />
          <YAxis tickFormatter={axisUsd} width={72} />
          <Tooltip formatter={exactTooltip} />
          <Bar isAnimationActive={false} dataKey="cost" name="Cost (USD)" fill="#3b6ef5" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function DailyChart({ data }: { data: UsageReport['daily'] }) {
  const rows = data.map((d) => ({ date: d.date, cost: usd(d.cost.micros), micros: d.cost.micros }));
  return (
    <div className="chart" role="img" aria-label="Daily cost line chart">
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={rows} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" interval="preserveStartEnd" minTickGap={24} padding={{ left: 8, right: 8 }} />
          <YAxis tickFormatter={axisUsd} width={72} />
          <Tooltip formatter={exactTooltip} />
          <Line isAnimationActive={false} type="monotone" dataKey="cost" name="Cost (USD)" stroke="#0e9f6e" strokeWidth={2} dot />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
