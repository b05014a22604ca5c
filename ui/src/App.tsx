import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ToastProvider } from "./components/toast/ToastContext";
import { Root } from "./shell/Root";
import { WorkspaceSelectionProvider } from "./state/currentWorkspace";
import { JobProgressProvider } from "./state/JobProgressContext";
import { createJobProgressStore } from "./state/jobProgressStore";
import { NavigationProvider, type Route } from "./state/navigation";
import { createQueryClient } from "./state/queryClient";
import { ThemeProvider } from "./state/theme";
import { useEngineEvents } from "./state/useEngineEvents";

function EngineEvents() {
  useEngineEvents();
  return null;
}

/** Everything a screen needs around it: data cache, engine events, toasts, theme, workspace and navigation. */
export function AppProviders({ client, initialRoute, children }: { client?: QueryClient; initialRoute?: Route; children: ReactNode }) {
  const [queryClient] = useState(() => client ?? createQueryClient());
  const [progress] = useState(createJobProgressStore);
  return (
    <QueryClientProvider client={queryClient}>
      <ThemeProvider>
        <ToastProvider>
          <JobProgressProvider store={progress}>
            <WorkspaceSelectionProvider>
              <NavigationProvider initial={initialRoute}>
                <EngineEvents />
                {children}
              </NavigationProvider>
            </WorkspaceSelectionProvider>
          </JobProgressProvider>
        </ToastProvider>
      </ThemeProvider>
    </QueryClientProvider>
  );
}

export function App() {
  return (
    <AppProviders>
      <Root />
    </AppProviders>
  );
}
