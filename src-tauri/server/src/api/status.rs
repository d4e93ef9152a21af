//! The one mapping from an engine error to an HTTP status: routes answer `Err(e)` with
//! [`error_response`] instead of choosing a status themselves.

use palette_docs_core::Error;

use super::Response;

/// The HTTP status that says what kind of failure `e` is.
pub fn status_of(e: &Error) -> u16 {
    match e {
        Error::Invalid(_) => 400,
        Error::NotFound(_) | Error::BookmarkNotFound(_) => 404,
        Error::TooLarge(_) => 413,
        // A snapshot or file the user chose was checked and cannot be used; nothing was changed.
        Error::Bundle(_) | Error::Untrusted(_) | Error::Refused(_) => 422,
        // The app's own files (an uploaded bookmarks file is answered 400 where it is read).
        Error::Io { .. }
        | Error::Write { .. }
        | Error::BookmarksTooNew { .. }
        | Error::BookmarksFile { .. } => 500,
    }
}

/// `{"error": "<the sentence>"}` with the status of [`status_of`].
pub fn error_response(e: &Error) -> Response {
    Response::error(status_of(e), &e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_failure_has_its_status() {
        let io = || std::io::Error::other("disk");
        assert_eq!(status_of(&Error::NotFound("x".into())), 404);
        assert_eq!(status_of(&Error::BookmarkNotFound("x".into())), 404);
        assert_eq!(status_of(&Error::Invalid("x".into())), 400);
        assert_eq!(status_of(&Error::TooLarge("x".into())), 413);
        assert_eq!(status_of(&Error::Refused("x".into())), 422);
        assert_eq!(status_of(&Error::Untrusted("x".into())), 422);
        assert_eq!(status_of(&Error::io("/x", io())), 500);
        assert_eq!(status_of(&Error::write("/x", io())), 500);
        let r = error_response(&Error::NotFound("there is no such page".into()));
        assert_eq!(r.status, 404);
        assert!(String::from_utf8_lossy(&r.body).contains("there is no such page"));
    }
}
