import type { Workspace } from "../ipc/bindings/Workspace";
import { CampaignPage } from "../screens/campaign/CampaignPage";
import { CampaignsScreen } from "../screens/campaigns/CampaignsScreen";
import { InboxScreen } from "../screens/inbox/InboxScreen";
import { ImportsJobsScreen } from "../screens/jobs/ImportsJobsScreen";
import { ImportWizard } from "../screens/import/ImportWizard";
import { LeadsScreen } from "../screens/leads/LeadsScreen";
import { SettingsScreen } from "../screens/settings/SettingsScreen";
import { TemplatesScreen } from "../screens/templates/TemplatesScreen";
import { CurrentWorkspaceProvider } from "../state/currentWorkspace";
import { useNavigation } from "../state/navigation";
import { Sidebar } from "./Sidebar";

export function AppShell({
  workspaces,
  current,
  onSelectWorkspace,
}: {
  workspaces: Workspace[];
  current: Workspace;
  onSelectWorkspace: (id: number | null) => void;
}) {
  const { route, visit } = useNavigation();
  // Screens keep per-workspace state; switching workspace or navigating gives them a fresh start.
  const key = `${current.id}:${visit}`;
  return (
    <CurrentWorkspaceProvider value={current}>
      <div className="app">
        <Sidebar workspaces={workspaces} current={current} onSelectWorkspace={onSelectWorkspace} />
        <main className="main" id="main">
          {route.screen === "leads" && <LeadsScreen key={key} importId={route.importId} campaignId={route.campaignId} leadId={route.leadId} />}
          {route.screen === "import" && <ImportWizard key={key} />}
          {route.screen === "campaigns" && <CampaignsScreen key={key} />}
          {route.screen === "campaign" && <CampaignPage key={`${current.id}:${route.campaignId}`} campaignId={route.campaignId} tab={route.tab ?? "leads"} />}
          {route.screen === "inbox" && <InboxScreen key={key} replyId={route.replyId} />}
          {route.screen === "templates" && <TemplatesScreen key={key} />}
          {route.screen === "jobs" && <ImportsJobsScreen key={key} />}
          {route.screen === "settings" && <SettingsScreen key={key} tab={route.tab} />}
        </main>
      </div>
    </CurrentWorkspaceProvider>
  );
}
