import type { Channel } from "@tauri-apps/api/core";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { CommandArgs, CommandName, CommandResult } from "../ipc/commands";

type Handlers = Partial<{ [C in CommandName]: (args: CommandArgs<C>) => CommandResult<C> | Promise<CommandResult<C>> }> & {
  "plugin:dialog|open"?: (args: { options: unknown }) => string | null;
  "plugin:dialog|save"?: (args: { options: unknown }) => string | null;
  "plugin:opener|open_url"?: (args: { url: string; with?: string }) => null;
} & { [plugin: `plugin:store|${string}`]: (args: Record<string, unknown>) => unknown };

export type Call = { cmd: string; args: Record<string, unknown> };

/**
 * Answers the UI's engine commands at the Tauri IPC boundary (events included) and records every call.
 * A command without a handler rejects the way the engine would with an internal error.
 */
export function mockEngine(handlers: Handlers) {
  const calls: Call[] = [];
  mockIPC(
    (cmd, args) => {
      const payload = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: payload });
      const handler = (handlers as Record<string, ((a: unknown) => unknown) | undefined>)[cmd];
      if (!handler) throw { code: "internal", message: `no handler for ${cmd}` };
      return handler(payload);
    },
    { shouldMockEvents: true },
  );
  return {
    calls,
    argsOf: (cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args),
  };
}

/** What the engine rejects an invoke with. */
export function engineError(code: string, message: string) {
  return { code, message };
}

/** Sends messages down a Channel the UI passed to a command, the way the shell delivers them. */
export function sendOnChannel<T>(channel: Channel<T>, messages: T[], { from = 0, end = false }: { from?: number; end?: boolean } = {}) {
  const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } }).__TAURI_INTERNALS__;
  messages.forEach((message, i) => internals.runCallback(channel.id, { index: from + i, message }));
  if (end) internals.runCallback(channel.id, { index: from + messages.length, end: true });
}
