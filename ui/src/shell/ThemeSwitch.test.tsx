import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PrefsProvider } from "../state/PrefsContext";
import { ThemeProvider } from "../state/theme";
import { ThemeSwitch } from "./ThemeSwitch";

function prefersDark(dark: boolean) {
  vi.stubGlobal("matchMedia", (query: string) => ({
    matches: dark && query.includes("dark"),
    media: query,
    addEventListener: () => {},
    removeEventListener: () => {},
  }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  delete document.documentElement.dataset.theme;
});

describe("theme", () => {
  it("follows the system until the user picks one, and remembers the pick", async () => {
    prefersDark(true);
    const { unmount } = render(<PrefsProvider><ThemeProvider><ThemeSwitch /></ThemeProvider></PrefsProvider>);
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(screen.getByRole("radio", { name: "Follow the system theme" })).toHaveAttribute("aria-checked", "true");

    await userEvent.setup().click(screen.getByRole("radio", { name: "Light theme" }));
    expect(document.documentElement.dataset.theme).toBe("light");
    unmount();

    render(<PrefsProvider><ThemeProvider><ThemeSwitch /></ThemeProvider></PrefsProvider>);
    expect(document.documentElement.dataset.theme).toBe("light");
    expect(screen.getByRole("radio", { name: "Light theme" })).toHaveAttribute("aria-checked", "true");
  });
});
