import type { TurnUsage } from '../../api/types';
import { money } from '../../components/states';

/**
 * The billing lines of a turn that took several vendor responses (a tool loop):
 * one per billed response, and their sum, which is the turn's cost.
 */
export function UsageCalls({ usage }: { usage: TurnUsage }) {
  const calls = usage.calls;
  if (!calls?.length) return null;
  // Integer micro-USD, so the sum is exact; a mismatch would be a host bug worth showing.
  const sum = calls.reduce((total, c) => total + c.cost.micros, 0);
  return (
    <div className="table-wrap usage-calls">
      <table data-testid="usage-calls">
        <caption>Billed vendor responses</caption>
        <thead>
          <tr>
            <th scope="col">Call</th>
            <th scope="col">Provider</th>
            <th scope="col" className="num">Tokens in/out</th>
            <th scope="col" className="num">Cost</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((c) => (
            <tr key={c.callIndex} data-testid="usage-call" data-micros={c.cost.micros}>
              <td>#{c.callIndex}</td>
              <td>{c.provider}</td>
              <td className="num">
                {c.tokensIn} / {c.tokensOut}
              </td>
              <td className="num">{money(c.cost)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Total
            </th>
            <td className="num">
              {usage.tokensIn} / {usage.tokensOut}
            </td>
            <td className="num" data-testid="usage-calls-total" data-micros={usage.cost.micros}>
              {money(usage.cost)}
            </td>
          </tr>
        </tfoot>
      </table>
      {sum !== usage.cost.micros ? (
        <p className="state state-error" role="alert">
          The calls add up to {sum} micro-USD, not the turn's {usage.cost.micros}.
        </p>
      ) : null}
    </div>
  );
}
