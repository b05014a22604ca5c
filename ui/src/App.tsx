import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ToastProvider } from "./components/toast/ToastContext";
import { Root } from "./shell/Root";
import { WorkspaceSelectionProvider } from "./state/currentWorkspace";
import { JobProgressProvider } from "./state/JobProgressContext";
import { createJobProgressStore } from "./state/jobProgressStore";
import { NavigationProvider, type Route } from "./state/navigation";
import { PrefsProvider } from "./state/PrefsContext";
import type { PrefsStore } from "./state/prefs";
import { createQueryClient } from "./state/queryClient";
import { ThemeProvider } from "./state/theme";
import { useEngineEvents } from "./state/useEngineEvents";

function EngineEvents() {
  useEngineEvents();
  return null;
}

/** Everything a screen needs around it: data cache, preferences, engine events, toasts, theme, workspace and navigation. */
export function AppProviders({
  client,
  prefs,
  initialRoute,
  children,
}: {
  client?: QueryClient;
  prefs?: PrefsStore;
  initialRoute?: Route;
  children: ReactNode;
}) {
  const [queryClient] = useState(() => client ?? createQueryClient());
  const [progress] = useState(createJobProgressStore);
  return (
    <QueryClientProvider client={queryClient}>
      <PrefsProvider store={prefs}>
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
      </PrefsProvider>
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
