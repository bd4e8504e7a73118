import type { Message } from '../../api/types';
import { JsonView } from '../../components/JsonView';
import { toolResultGist } from './toolResult';

/** A transcript's tool message: collapsed to the tool's name and summary, expandable to its result JSON. */
export function ToolMessage({ message }: { message: Message }) {
  const { summary, failed } = toolResultGist(message.content);
  const tool = message.provider ?? 'tool';
  return (
    <details className="tool-message" data-testid="tool-message" data-tool={tool}>
      <summary>
        <strong>{tool}</strong>
        {failed ? <span className="badge tool-status tool-status-error">failed</span> : null}
        <span className="tool-message-summary" data-testid="tool-message-summary">
          {' '}
          {summary}
        </span>
      </summary>
      <JsonView value={message.content} label={`${tool} result`} testId="tool-result-json" />
    </details>
  );
}
