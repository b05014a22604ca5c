import { useMutation, type UseMutationOptions } from "@tanstack/react-query";
import { useToast } from "../components/toast/ToastContext";
import type { AppError } from "../ipc/errors";
import type { ErrorCode } from "../ipc/bindings/ErrorCode";

type Options<TData, TVars> = Omit<UseMutationOptions<TData, AppError, TVars>, "mutationFn" | "onError"> & {
  /**
   * Codes the caller shows itself (e.g. `conflict` as an inline field error), or "all" when the caller
   * shows every error; the others become a toast.
   */
  handledCodes?: readonly ErrorCode[] | "all";
  /** Title over the engine's sentence in the error toast. */
  errorTitle?: string;
};

/** A mutation whose errors reach the user through the one toast path unless the caller handles their code. */
export function useEngineMutation<TData, TVars>(mutationFn: (vars: TVars) => Promise<TData>, options: Options<TData, TVars> = {}) {
  const notify = useToast();
  const { handledCodes = [], errorTitle, ...rest } = options;
  return useMutation<TData, AppError, TVars>({
    ...rest,
    mutationFn,
    onError: (error) => {
      if (handledCodes !== "all" && !handledCodes.includes(error.code)) notify.error(error, errorTitle);
    },
  });
}
