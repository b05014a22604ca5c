import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Channel } from "@tauri-apps/api/core";
import { describe, expect, it } from "vitest";
import type { ProviderTest } from "../../../ipc/bindings/ProviderTest";
import type { StreamChunk } from "../../../ipc/bindings/StreamChunk";
import { engineError, sendOnChannel } from "../../../test/engine";
import { provider, workspace } from "../../../test/fixtures";
import { renderApp } from "../../../test/render";
import { settingsEngine } from "../../../test/settingsEngine";
import { SettingsScreen } from "../SettingsScreen";

const RESULT: ProviderTest = { provider: "OpenAI", model: "gpt-4o-mini", latency_ms: 1234, input_tokens: 1520, output_tokens: 3, cost_usd: 0.00024, answer: "OK, ready." };

const delta = (text: string): StreamChunk => ({ kind: "delta", text });

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("provider test", () => {
  it("shows the answer as it streams in, then latency, tokens and cost", async () => {
    const answer = deferred<ProviderTest>();
    let channel: Channel<StreamChunk> | undefined;
    const engine = settingsEngine({
      handlers: {
        provider_test: ({ on_delta }) => {
          channel = on_delta;
          return answer.promise;
        },
      },
    });
    renderApp(<SettingsScreen tab="providers" />, { workspace: workspace() });
    await userEvent.setup().click(await screen.findByTestId("provider-test-1"));

    const panel = await screen.findByTestId("provider-test-panel-1");
    expect(panel).toHaveTextContent("Asking OpenAI…");
    await waitFor(() => expect(channel).toBeDefined());
    expect(engine.argsOf("provider_test")[0]).toMatchObject({ id: 1 });

    act(() => sendOnChannel(channel!, [delta("OK"), delta(", ")]));
    expect(screen.getByTestId("provider-test-panel-1-answer")).toHaveTextContent(/^OK,$/);
    act(() => sendOnChannel(channel!, [delta("ready.")], { from: 2, end: true }));
    expect(screen.getByTestId("provider-test-panel-1-answer")).toHaveTextContent("OK, ready.");
    expect(screen.queryByTestId("provider-test-panel-1-result")).not.toBeInTheDocument();
    expect(screen.getByTestId("provider-test-1")).toBeDisabled();

    await act(async () => answer.resolve(RESULT));
    expect(await screen.findByTestId("provider-test-panel-1-result")).toBeInTheDocument();
    expect(screen.getByTestId("provider-test-panel-1-status")).toHaveTextContent("OpenAI answered");
    expect(screen.getByTestId("provider-test-panel-1-latency")).toHaveTextContent("1,234 ms");
    expect(screen.getByTestId("provider-test-panel-1-tokens")).toHaveTextContent("1,520 / 3");
    expect(screen.getByTestId("provider-test-panel-1-cost")).toHaveTextContent("$0.0002");
    expect(screen.getByTestId("provider-test-1")).toHaveTextContent("Test again");
  });

  it("drops the text streamed so far when the answer restarts on a retry or another provider", async () => {
    const answer = deferred<ProviderTest>();
    let channel: Channel<StreamChunk> | undefined;
    settingsEngine({
      handlers: {
        provider_test: ({ on_delta }) => {
          channel = on_delta;
          return answer.promise;
        },
      },
    });
    renderApp(<SettingsScreen tab="providers" />, { workspace: workspace() });
    await userEvent.setup().click(await screen.findByTestId("provider-test-1"));
    await waitFor(() => expect(channel).toBeDefined());
    act(() => sendOnChannel(channel!, [delta("Half an ans"), { kind: "restart" }, delta("OK")]));
    expect(screen.getByTestId("provider-test-panel-1-answer")).toHaveTextContent(/^OK$/);
    await act(async () => answer.resolve(RESULT));
  });

  it("shows the whole answer when the engine sent no deltas", async () => {
    settingsEngine({ handlers: { provider_test: () => RESULT } });
    renderApp(<SettingsScreen tab="providers" />, { workspace: workspace() });
    await userEvent.setup().click(await screen.findByTestId("provider-test-1"));
    expect(await screen.findByTestId("provider-test-panel-1-answer")).toHaveTextContent("OK, ready.");
  });

  it("says in words that the key was refused, naming the provider", async () => {
    settingsEngine({
      handlers: {
        provider_test: () => {
          throw engineError("validation", "OpenAI rejected the API key (HTTP 401); set a new key in Settings → AI providers");
        },
      },
    });
    renderApp(<SettingsScreen tab="providers" />, { workspace: workspace() });
    await userEvent.setup().click(await screen.findByTestId("provider-test-1"));
    expect(await screen.findByTestId("provider-test-panel-1-error")).toHaveTextContent("OpenAI rejected the API key (HTTP 401); set a new key");
    expect(screen.getByTestId("provider-test-panel-1-status")).toHaveTextContent("The test failed");
  });

  it("tells an unreachable local server apart as a connection problem", async () => {
    settingsEngine({
      providers: [provider({ id: 4, name: "Ollama", preset: "ollama" })],
      handlers: {
        provider_test: () => {
          throw engineError("offline", "could not connect to Ollama; check that it is running and that its address is right");
        },
      },
    });
    renderApp(<SettingsScreen tab="providers" />, { workspace: workspace() });
    await userEvent.setup().click(await screen.findByTestId("provider-test-4"));
    expect(await screen.findByTestId("provider-test-panel-4-status")).toHaveTextContent("No connection");
    expect(screen.getByTestId("provider-test-panel-4-error")).toHaveTextContent("Could not connect to Ollama; check that it is running");
  });
});
