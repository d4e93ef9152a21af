//! `palette-docs serve`: the reader over HTTP, loopback unless told otherwise; with `--allow-remote`
//! in team mode (read-only, each reader's state kept in their browser).

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use palette_docs_server::serve::{self, ServeOptions};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Serve a team: allow a --bind address other than loopback, and keep no reader's state on
    /// the server (bookmarks, history and reading position stay in each browser; the server is
    /// read-only). There is no login: anyone who can reach the address can read.
    #[arg(long)]
    allow_remote: bool,
}

pub fn run(bundle: Option<PathBuf>, args: Args) -> anyhow::Result<ExitCode> {
    if !args.bind.is_loopback() && !args.allow_remote {
        anyhow::bail!(
            "--bind {} is reachable from other machines; add --allow-remote if that is what you want",
            args.bind
        );
    }
    let api = Arc::new(if args.allow_remote {
        super::context::open_shared_api(bundle.as_deref())?
    } else {
        super::context::open_api(bundle.as_deref())?
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = serve::bind(&ServeOptions {
            bind: args.bind,
            port: args.port,
        })
        .await?;
        let addr = listener.local_addr()?;
        say!("Serving Palette Docs Offline on http://{addr}/");
        if args.allow_remote {
            eprintln!("team mode: read-only; bookmarks, history and reading position stay in each reader's browser");
        }
        if !args.bind.is_loopback() {
            eprintln!(
                "warning: listening on {addr}, reachable from other machines; there is no login"
            );
        }
        use std::io::Write as _;
        std::io::stdout().flush()?;
        tokio::select! {
            r = serve::serve(api, listener) => r?,
            _ = tokio::signal::ctrl_c() => {}
        }
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}
