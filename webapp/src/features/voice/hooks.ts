import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../auth/AuthContext';
import { invalidateAfterTurn } from '../chat/hooks';

export function useSendVoice() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { sessionId: string; wav: Blob; idempotencyKey: string }) =>
      api.sendVoice(v.sessionId, v.wav, v.idempotencyKey),
    onSuccess: (_r, v) => invalidateAfterTurn(qc, v.sessionId),
  });
}

/** A turn's stored audio (immutable once written), fetched with the API key. */
export function useVoiceAudio(audioUrl: string | null, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: ['voice-audio', audioUrl],
    queryFn: () => api.voiceAudio(audioUrl!),
    enabled: enabled && !!audioUrl,
    staleTime: Infinity,
  });
}

/** A blob: URL for `blob`, revoked when the blob changes or the component unmounts. */
export function useObjectUrl(blob: Blob | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) {
      setUrl(null);
      return;
    }
    const created = URL.createObjectURL(blob);
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [blob]);
  return url;
}
