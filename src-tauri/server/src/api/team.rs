//! Team mode (`serve --allow-remote`): one server, many readers, no reader's state on the server.
//! Bookmarks, history and the reading position live in each reader's browser; every request that
//! would read or change a reader's state, or change which snapshot the server reads, is refused.

use super::{Api, Request, Response};

/// Why a write (or a per-reader read) is refused in team mode, and what to do instead.
pub const TEAM_READ_ONLY: &str = "This reader is shared (served with --allow-remote) and read-only: bookmarks, recently viewed pages and the reading position are kept in your browser, not on the server. Move them between browsers with Export and Import in the Bookmarks panel; an administrator changes the snapshot on the server with `palette-docs-headless bundle`.";

impl Api {
    /// Serves readers who share this server: see the module documentation.
    pub fn shared_read_only(mut self) -> Api {
        self.team = true;
        self
    }

    /// Whether readers share this server (their state then lives in their browsers).
    pub fn is_shared(&self) -> bool {
        self.team
    }

    /// Where the UI keeps a reader's bookmarks, history and position: `"browser"` or `"server"`.
    pub(super) fn reader_state_place(&self) -> &'static str {
        if self.team {
            "browser"
        } else {
            "server"
        }
    }

    /// In team mode, the refusal of a request to the API section `head`; `None` lets it through.
    pub(super) fn team_refusal(&self, req: &Request<'_>, head: &str) -> Option<Response> {
        if !self.team {
            return None;
        }
        let reads = req.method == "GET" || req.method == "HEAD";
        match head {
            // A reader's own state: neither kept nor shown (another reader's would be).
            "bookmarks" | "state" => Some(Response::error(403, TEAM_READ_ONLY)),
            // Everyone reads the snapshot the administrator chose.
            "snapshots" if !reads => Some(Response::error(403, TEAM_READ_ONLY)),
            _ => None,
        }
    }
}
