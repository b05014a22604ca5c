//! Reach's desktop shell: opens the engine, exposes its operations as commands and forwards its events.
//! No business logic lives here.

mod commands;
mod events;
mod window_state;

use reach::Engine;
use tauri::Manager;

pub fn run() {
    let data_dir = reach::paths::data_dir();
    let _log = data_dir.as_ref().and_then(|d| reach::logging::init(&d.join("logs"), false));
    let engine = match tauri::async_runtime::block_on(Engine::open_default()) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("Reach could not open its database: {e}");
            std::process::exit(1);
        }
    };

    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_store::Builder::default().build())
        .setup(move |app| {
            window_state::restore_and_track(app.handle());
            events::forward(app.handle().clone(), engine.subscribe());
            // The window runs due, scheduled and interrupted jobs for as long as it is open, and shows what
            // other processes (the CLI, `reach agent`, `reach mcp`) change in the database.
            let runner = engine.clone();
            tauri::async_runtime::spawn(async move { runner.run_jobs(std::future::pending()).await });
            let watcher = engine.clone();
            tauri::async_runtime::spawn(async move { watcher.watch_other_writers(std::future::pending()).await });
            app.manage(engine);
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Reach could not start its window: {e}");
        std::process::exit(1);
    }
}
