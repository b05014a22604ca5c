import { useCallback, useState } from "react";
import { readStored, writeStored } from "../lib/storage";

/** useState that survives restarts through localStorage. */
export function useStoredState<T>(key: string, fallback: T, isValid: (v: unknown) => v is T) {
  const [value, setValue] = useState<T>(() => readStored(key, fallback, isValid));
  const set = useCallback(
    (next: T) => {
      setValue(next);
      writeStored(key, next);
    },
    [key],
  );
  return [value, set] as const;
}
