import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './api-client';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // 4xx answers will not change by asking again
      retry: (failureCount, error) => !(isApiError(error) && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: false,
    },
  },
});
