import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Job, JobStatus, TurnResult } from '../../api/types';
import { useApi } from '../../auth/AuthContext';
import { invalidateAfterTurn } from './hooks';

/** The async send in flight (or just finished): what the progress card shows. */
export interface AsyncTurnState {
  jobId: string;
  content: string;
  idempotencyKey: string;
  sessionId: string;
  replayed: boolean;
  /** Every status seen while polling, in order (a fast job may skip "running"). */
  seen: JobStatus[];
  job?: Job;
}

const FINAL: JobStatus[] = ['succeeded', 'failed'];

/**
 * Sends with Prefer: respond-async, then polls GET /v1/jobs/{id} until the job
 * is finished. A succeeded job hands its Turn to `onDone`, which puts it in
 * the transcript exactly as a synchronous reply.
 */
export function useAsyncTurn(onDone: (content: string, result: TurnResult) => void) {
  const api = useApi();
  const qc = useQueryClient();
  const [state, setState] = useState<AsyncTurnState | null>(null);
  const delivered = useRef<string | null>(null);

  const submit = useMutation({
    mutationFn: (v: { sessionId: string; content: string; idempotencyKey: string }) =>
      api.sendMessageAsync(v.sessionId, v.content, v.idempotencyKey),
    onSuccess: (accepted, v) =>
      setState({ jobId: accepted.jobId, ...v, replayed: accepted.replayed, seen: [accepted.status] }),
  });

  const poll = useQuery({
    queryKey: ['job', state?.jobId],
    queryFn: () => api.getJob(state!.jobId),
    enabled: !!state && !FINAL.includes(state.seen[state.seen.length - 1]),
    refetchInterval: (q) => (q.state.data && FINAL.includes(q.state.data.status) ? false : 250),
  });

  useEffect(() => {
    const job = poll.data;
    if (!job || !state || job.id !== state.jobId) return;
    setState((s) => {
      if (!s || s.jobId !== job.id) return s;
      const last = s.seen[s.seen.length - 1];
      return { ...s, job, seen: last === job.status ? s.seen : [...s.seen, job.status] };
    });
    if (job.status === 'succeeded' && job.result && delivered.current !== job.id) {
      delivered.current = job.id;
      onDone(state.content, { turn: job.result, replayed: state.replayed, idempotencyKey: state.idempotencyKey });
      invalidateAfterTurn(qc, state.sessionId);
    }
    // onDone is the page's setter wrapper; the job is what changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [poll.data]);

  const busy = submit.isPending || (!!state && !FINAL.includes(state.seen[state.seen.length - 1]));
  return { submit, poll, state, busy };
}
