//! My installation: the edition and version a reader told us they run (kept with the reading state,
//! see [`crate::bookmarks::StateStore::set_installation`]), checked and spelt as the advisories spell them.

use serde::{Deserialize, Serialize};

use super::record::{is_version, split_edition, EDITIONS};
use crate::{Error, Result};

/// One edition at one version, e.g. Palette VerteX airgap 4.5.8.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installation {
    pub edition: String,
    pub version: String,
}

impl Installation {
    /// From user text: the edition in any case (the full name), the version as dot-separated numbers
    /// (a leading `v` is dropped).
    pub fn parse(edition: &str, version: &str) -> Result<Installation> {
        let canonical = match split_edition(edition) {
            Some((name, rest)) if rest.trim().is_empty() => name,
            _ => {
                return Err(Error::Invalid(format!(
                    "`{}` is not a Palette edition; choose one of {}",
                    edition.trim(),
                    EDITIONS.join(", ")
                )))
            }
        };
        let version = version.trim().trim_start_matches(['v', 'V']);
        if !is_version(version) {
            return Err(Error::Invalid(format!(
                "`{version}` is not a version; write it like 4.5.8"
            )));
        }
        Ok(Installation {
            edition: canonical.to_string(),
            version: version.to_string(),
        })
    }

    /// Whether a stored value still reads as one (a hand-edited file may hold anything).
    pub fn is_valid(&self) -> bool {
        Installation::parse(&self.edition, &self.version).is_ok_and(|i| &i == self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_are_spelt_as_the_advisories_spell_them() {
        let i = Installation::parse("palette vertex AIRGAP", " v9.8.7 ").expect("valid");
        assert_eq!(i.edition, "Palette VerteX airgap");
        assert_eq!(i.version, "9.8.7");
        assert!(i.is_valid());
        let i = Installation::parse("Palette Enterprise", "9.8").expect("valid");
        assert_eq!(i.edition, "Palette Enterprise");
    }

    #[test]
    fn unknown_editions_and_bad_versions_are_sentences() {
        let e = Installation::parse("vertex", "9.8.7").expect_err("a part of a name");
        assert!(e.to_string().contains("choose one of Palette"), "{e}");
        let e = Installation::parse("Palette VerteX airgap extra", "9.8.7").expect_err("trailing");
        assert!(e.to_string().contains("not a Palette edition"), "{e}");
        let e = Installation::parse("Palette VerteX", "four").expect_err("bad version");
        assert!(e.to_string().contains("write it like 4.5.8"), "{e}");
        let odd = Installation {
            edition: "palette vertex".into(),
            version: "9.8.7".into(),
        };
        assert!(
            !odd.is_valid(),
            "a stored value must be in canonical spelling"
        );
    }
}
