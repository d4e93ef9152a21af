//! The desktop shell: one Tauri window whose only content source is the `palette://` scheme backed by `server::api`.

pub mod desktop;
pub mod protocol;

use std::sync::Arc;

use anyhow::Context as _;
use palette_docs_server::api::Api;

/// How the CLI opens the window when `palette-docs` is run without a subcommand.
pub const WINDOW: palette_docs_cli::WindowLauncher = palette_docs_cli::WindowLauncher {
    require_display: desktop::require_display,
    run,
};

/// Opens the reader window and runs until it is closed.
///
/// `start_route` is a deep link such as `/security/core-principles/#anchor`; without one the UI
/// opens where the user left off (`/api/state`, kept in the data folder) or the Security landing page.
/// Call [`desktop::require_display`] first (the CLI does, before it opens the snapshot): without a
/// display the event loop panics.
pub fn run(api: Arc<Api>, start_route: Option<String>) -> anyhow::Result<()> {
    let app = create_app(api, start_route)?;
    app.run(|_app, _event| {});
    Ok(())
}

/// Builds the application: the `palette://` scheme over `api` and the main window.
fn create_app(api: Arc<Api>, start_route: Option<String>) -> anyhow::Result<tauri::App> {
    let start = protocol::start_url(start_route.as_deref())?;
    tauri::Builder::default()
        .register_asynchronous_uri_scheme_protocol(
            protocol::SCHEME,
            move |_ctx, request, responder| {
                // Searches and snapshot reads must not run on the UI thread (on Linux the scheme
                // callback is called on the GTK main loop), so each request is answered from the pool.
                let api = Arc::clone(&api);
                tauri::async_runtime::spawn_blocking(move || {
                    responder.respond(protocol::handle(&api, &request));
                });
            },
        )
        .setup(move |app| {
            desktop::open_main_window(app, start.clone())?;
            Ok(())
        })
        .build(tauri::generate_context!())
        .context(desktop::NO_WINDOW_HINT)
}
