import { Icon, type IconName } from "../components/Icon";
import { useTheme, type ThemePreference } from "../state/theme";

const OPTIONS: { value: ThemePreference; label: string; icon: IconName }[] = [
  { value: "light", label: "Light theme", icon: "sun" },
  { value: "dark", label: "Dark theme", icon: "moon" },
  { value: "system", label: "Follow the system theme", icon: "monitor" },
];

export function ThemeSwitch() {
  const { preference, setPreference } = useTheme();
  return (
    <div className="segmented segmented--icons" role="radiogroup" aria-label="Theme" data-testid="theme-switch">
      {OPTIONS.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={preference === o.value}
          aria-label={o.label}
          title={o.label}
          className="segmented__item"
          onClick={() => setPreference(o.value)}
        >
          <Icon name={o.icon} size={15} />
        </button>
      ))}
    </div>
  );
}
