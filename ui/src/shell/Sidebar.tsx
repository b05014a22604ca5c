import { Icon, type IconName } from "../components/Icon";
import type { Workspace } from "../ipc/bindings/Workspace";
import { useAppInfo } from "../hooks/workspaces";
import { useInterestedCount } from "../hooks/inbox";
import { isRunningNow, useJobs } from "../hooks/jobs";
import { formatCount } from "../lib/format";
import { useNavigation, type Route, type Screen } from "../state/navigation";
import { ThemeSwitch } from "./ThemeSwitch";
import { WorkspaceSwitcher } from "./WorkspaceSwitcher";

const NAV: { screen: Screen; label: string; icon: IconName; route: Route }[] = [
  { screen: "leads", label: "Leads", icon: "users", route: { screen: "leads" } },
  { screen: "import", label: "Import", icon: "upload", route: { screen: "import" } },
  { screen: "campaigns", label: "Campaigns", icon: "target", route: { screen: "campaigns" } },
  { screen: "inbox", label: "Inbox", icon: "inbox", route: { screen: "inbox" } },
  { screen: "templates", label: "Templates", icon: "file", route: { screen: "templates" } },
  { screen: "jobs", label: "Imports & jobs", icon: "history", route: { screen: "jobs" } },
  { screen: "settings", label: "Settings", icon: "sliders", route: { screen: "settings" } },
];

export function Sidebar({
  workspaces,
  current,
  onSelectWorkspace,
}: {
  workspaces: Workspace[];
  current: Workspace;
  onSelectWorkspace: (id: number | null) => void;
}) {
  const { route, navigate } = useNavigation();
  const jobs = useJobs(current.id);
  const running = jobs.data?.filter((j) => isRunningNow(j)).length ?? 0;
  const info = useAppInfo();
  const interested = useInterestedCount(current.id).data ?? 0;

  const badge = (screen: Screen) => {
    if (screen === "leads") return formatCount(current.lead_count);
    if (screen === "campaigns") return formatCount(current.campaign_count);
    if (screen === "inbox" && interested > 0)
      return (
        <span className="count-pill" title={`${formatCount(interested)} interested ${interested === 1 ? "reply" : "replies"} open`} data-testid="nav-inbox-interested">
          {formatCount(interested)}
        </span>
      );
    if (screen === "jobs" && running > 0)
      return (
        <span className="nav__live" title={`${running} running`}>
          <span className="pulse-dot" aria-hidden="true" />
          {running}
        </span>
      );
    return null;
  };

  return (
    <nav className="sidebar" aria-label="Main">
      <div className="sidebar__brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="mail" size={14} />
        </span>
        Reach
      </div>
      <WorkspaceSwitcher workspaces={workspaces} current={current} onSelect={onSelectWorkspace} />
      <ul className="nav">
        {NAV.map((item) => (
          <li key={item.screen}>
            <button
              type="button"
              className="nav__item"
              aria-current={route.screen === item.screen || (route.screen === "campaign" && item.screen === "campaigns") ? "page" : undefined}
              onClick={() => navigate(item.route)}
              data-testid={`nav-${item.screen}`}
            >
              <Icon name={item.icon} />
              <span className="nav__label">{item.label}</span>
              <span className="nav__badge">{badge(item.screen)}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="sidebar__footer">
        <ThemeSwitch />
        {info.data && <span className="sidebar__version">v{info.data.version}</span>}
      </div>
    </nav>
  );
}
