import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api/client';

function isAuthError(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 401 || err.status === 403);
}

/** The one QueryClient: no retry on 401/403 (a 401 already logs out through the client). */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, err) => !isAuthError(err) && !(err instanceof ApiError && err.status >= 400 && err.status < 500) && failureCount < 2,
      },
      mutations: { retry: false },
    },
  });
}
