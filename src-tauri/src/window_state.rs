//! The main window reopens where the user left it: its size, position and maximized state live in the
//! same preferences store the interface keeps its theme and last workspace in.

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, PhysicalPosition, PhysicalSize, WebviewWindow, WindowEvent};
use tauri_plugin_store::StoreExt;

pub const PREFS_FILE: &str = "prefs.json";
const KEY: &str = "window";
/// Smaller than this is a window the user could not work in (or a corrupt value); the default is kept.
const MIN_WIDTH: u32 = 640;
const MIN_HEIGHT: u32 = 400;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct WindowPlacement {
    width: u32,
    height: u32,
    x: i32,
    y: i32,
    maximized: bool,
}

impl WindowPlacement {
    fn usable(&self) -> bool {
        self.width >= MIN_WIDTH && self.height >= MIN_HEIGHT
    }
}

/// Applies the saved placement to the main window and saves it again whenever the window closes.
pub fn restore_and_track(app: &AppHandle) {
    let Some(window) = app.get_webview_window("main") else { return };
    if let Some(placement) = saved(app) {
        apply(&window, placement);
    }
    let handle = app.clone();
    let tracked = window.clone();
    window.on_window_event(move |event| {
        if matches!(event, WindowEvent::CloseRequested { .. }) {
            save(&handle, &tracked);
        }
    });
}

fn saved(app: &AppHandle) -> Option<WindowPlacement> {
    let store = app.store(PREFS_FILE).ok()?;
    let placement: WindowPlacement = serde_json::from_value(store.get(KEY)?).ok()?;
    placement.usable().then_some(placement)
}

fn apply(window: &WebviewWindow, p: WindowPlacement) {
    let _ = window.set_size(PhysicalSize::new(p.width, p.height));
    // A position outside every monitor (a screen since unplugged) would hide the window: keep the default.
    let on_screen = window.available_monitors().unwrap_or_default().iter().any(|m| {
        let (pos, size) = (m.position(), m.size());
        p.x >= pos.x && p.y >= pos.y && p.x < pos.x + size.width as i32 && p.y < pos.y + size.height as i32
    });
    if on_screen {
        let _ = window.set_position(PhysicalPosition::new(p.x, p.y));
    }
    if p.maximized {
        let _ = window.maximize();
    }
}

fn save(app: &AppHandle, window: &WebviewWindow) {
    let maximized = window.is_maximized().unwrap_or(false);
    let (Ok(size), Ok(pos)) = (window.inner_size(), window.outer_position()) else {
        return;
    };
    let placement = WindowPlacement { width: size.width, height: size.height, x: pos.x, y: pos.y, maximized };
    let Ok(store) = app.store(PREFS_FILE) else { return };
    // Maximized: keep the last normal size, so un-maximizing next time restores it.
    let placement = match (maximized, saved(app)) {
        (true, Some(normal)) => WindowPlacement { maximized: true, ..normal },
        _ => placement,
    };
    if let Ok(value) = serde_json::to_value(placement) {
        store.set(KEY, value);
        if let Err(e) = store.save() {
            tracing::warn!(error = %e, "could not save the window placement");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_or_corrupt_sizes_are_not_restored() {
        let ok = WindowPlacement { width: 1280, height: 800, x: 0, y: 0, maximized: false };
        assert!(ok.usable());
        assert!(!WindowPlacement { width: 10, ..ok }.usable());
        assert!(!WindowPlacement { height: 0, ..ok }.usable());
    }
}
