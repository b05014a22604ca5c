import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { AppProviders } from "../App";
import type { Workspace } from "../ipc/bindings/Workspace";
import { CurrentWorkspaceProvider } from "../state/currentWorkspace";
import type { Route } from "../state/navigation";
import { createQueryClient } from "../state/queryClient";

/** Renders with every app provider around it and a fresh cache. */
export function renderApp(ui: ReactNode, options: { route?: Route; workspace?: Workspace } = {}) {
  const client = createQueryClient();
  const content = options.workspace ? <CurrentWorkspaceProvider value={options.workspace}>{ui}</CurrentWorkspaceProvider> : ui;
  return {
    client,
    ...render(
      <AppProviders client={client} initialRoute={options.route}>
        {content}
      </AppProviders>,
    ),
  };
}
