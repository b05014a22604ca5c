import { QueryClient } from "@tanstack/react-query";
import type { AppError } from "../ipc/errors";

declare module "@tanstack/react-query" {
  interface Register {
    defaultError: AppError;
  }
}

/** The engine is local and announces its own changes, so reads are not retried or refetched on focus. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}
