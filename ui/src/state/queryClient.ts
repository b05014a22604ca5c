import { QueryClient, keepPreviousData } from "@tanstack/react-query";
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

/** For a query whose input changes as the user types or filters (a search, a preview, a page of drafts): the last
 * answer stays on screen while the next one loads, instead of flashing empty. TanStack Query's option for this
 * is spelled here once. */
export const keepLastAnswer = { placeholderData: keepPreviousData } as const;
