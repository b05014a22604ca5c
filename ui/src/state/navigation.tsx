import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

export type Route =
  | { screen: "leads"; importId?: number; campaignId?: number; leadId?: number }
  | { screen: "import" }
  | { screen: "campaigns" }
  | { screen: "campaign"; campaignId: number; tab?: CampaignTab }
  | { screen: "inbox"; replyId?: number }
  | { screen: "templates" }
  | { screen: "jobs" }
  | { screen: "settings"; tab?: SettingsTab };

/** The campaign page's tabs that work today, in the product's order. */
export type CampaignTab = "leads" | "sequence" | "review" | "schedule" | "activity";

export type SettingsTab = "accounts" | "compliance" | "suppression" | "providers" | "budget";

export type Screen = Route["screen"];

type Navigation = {
  route: Route;
  /** Grows on every navigation, so a screen opened again starts fresh. */
  visit: number;
  navigate: (route: Route) => void;
};

const NavigationContext = createContext<Navigation | null>(null);

export function NavigationProvider({ initial = { screen: "leads" }, children }: { initial?: Route; children: ReactNode }) {
  const [state, setState] = useState({ route: initial, visit: 0 });
  const navigate = useCallback((route: Route) => setState((s) => ({ route, visit: s.visit + 1 })), []);
  const value = useMemo(() => ({ ...state, navigate }), [state, navigate]);
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

export function useNavigation(): Navigation {
  const nav = useContext(NavigationContext);
  if (!nav) throw new Error("useNavigation needs a NavigationProvider");
  return nav;
}
