//! Build-time syntax highlighting of code fences (syntect, CSS classes) and the fence metadata Docusaurus uses.

use std::sync::LazyLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// What a fence's info string says: ```` ```shell title="Sample script" {10} hideClipboard ````.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FenceInfo {
    pub lang: Option<String>,
    pub title: Option<String>,
    pub highlighted_lines: Vec<(usize, usize)>,
    pub hide_clipboard: bool,
    pub show_line_numbers: bool,
}

impl FenceInfo {
    pub fn parse(info: &str) -> FenceInfo {
        let mut out = FenceInfo::default();
        let mut rest = info.trim();
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let first = &rest[..end];
        if !first.is_empty() && !first.starts_with('{') && !first.contains('=') {
            out.lang = Some(first.to_ascii_lowercase());
            rest = rest[end..].trim_start();
        }
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{') {
                let end = after.find('}').unwrap_or(after.len());
                out.highlighted_lines.extend(parse_ranges(&after[..end]));
                rest = after.get(end + 1..).unwrap_or("").trim_start();
                continue;
            }
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '=')
                .unwrap_or(rest.len());
            let key = &rest[..end];
            rest = &rest[end..];
            let value = if let Some(v) = rest.strip_prefix('=') {
                let (value, remaining) = take_value(v);
                rest = remaining;
                Some(value)
            } else {
                None
            };
            match (key, value) {
                ("title", Some(v)) => out.title = Some(v),
                ("hideClipboard", _) => out.hide_clipboard = true,
                ("showLineNumbers", _) => out.show_line_numbers = true,
                _ => {}
            }
            rest = rest.trim_start();
        }
        out
    }

    fn is_highlighted(&self, line: usize) -> bool {
        self.highlighted_lines
            .iter()
            .any(|&(a, b)| (a..=b).contains(&line))
    }
}

fn take_value(v: &str) -> (String, &str) {
    if let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let body = &v[1..];
        let end = body.find(q).unwrap_or(body.len());
        (body[..end].to_string(), body.get(end + 1..).unwrap_or(""))
    } else {
        let end = v.find(char::is_whitespace).unwrap_or(v.len());
        (v[..end].to_string(), &v[end..])
    }
}

fn parse_ranges(spec: &str) -> Vec<(usize, usize)> {
    spec.split(',')
        .filter_map(|part| {
            let part = part.trim();
            match part.split_once('-') {
                Some((a, b)) => Some((a.trim().parse().ok()?, b.trim().parse().ok()?)),
                None => part.parse().ok().map(|n| (n, n)),
            }
        })
        .collect()
}

fn syntax_token(lang: &str) -> &str {
    match lang {
        "shell" | "sh" | "console" | "zsh" | "terminal" | "shell-session" => "bash",
        "yml" => "yaml",
        "golang" => "go",
        "js" | "javascript" | "ts" | "typescript" | "jsx" | "tsx" => "js",
        "hcl" | "terraform" | "tf" | "toml" | "ini" => "ini",
        "dockerfile" | "docker" => "bash",
        other => other,
    }
}

/// Highlighted code as HTML: one `<span class="code-line">` per line, `highlighted` added to the
/// lines named in `{…}`; syntax spans carry `hl-*` classes styled by [`theme_css`].
pub fn highlight(code: &str, info: &FenceInfo) -> String {
    let ss = &*SYNTAXES;
    let syntax = info
        .lang
        .as_deref()
        .and_then(|l| ss.find_syntax_by_token(syntax_token(l)))
        .unwrap_or_else(|| ss.find_syntax_plain_text());
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
    let mut highlighted_ok = true;
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            highlighted_ok = false;
            break;
        }
    }
    let html = if highlighted_ok {
        generator.finalize()
    } else {
        escape_html(code)
    };
    split_lines(&html, info)
}

/// Wraps each line in its own span; spans that cross a newline are closed and reopened so every
/// line is well-formed on its own (needed for per-line highlighting).
fn split_lines(html: &str, info: &FenceInfo) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut open: Vec<&str> = Vec::new();
    let mut line_no = 1;
    let start_line = |out: &mut String, n: usize, open: &[&str]| {
        out.push_str(if info.is_highlighted(n) {
            "<span class=\"code-line highlighted\">"
        } else {
            "<span class=\"code-line\">"
        });
        for tag in open {
            out.push_str(tag);
        }
    };
    start_line(&mut out, line_no, &open);
    // The final newline of the code only closes the last line; it must not open an empty one.
    let trailing = html
        .rfind('\n')
        .filter(|&i| html[i + 1..].replace("</span>", "").is_empty());
    let owned;
    let mut rest = match trailing {
        Some(i) => {
            owned = format!("{}{}", &html[..i], &html[i + 1..]);
            owned.as_str()
        }
        None => html,
    };
    while !rest.is_empty() {
        if rest.starts_with("<span") {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            open.push(&rest[..end]);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if let Some(r) = rest.strip_prefix("</span>") {
            open.pop();
            out.push_str("</span>");
            rest = r;
        } else if let Some(r) = rest.strip_prefix('\n') {
            out.push_str(&"</span>".repeat(open.len()));
            out.push_str("</span>\n");
            line_no += 1;
            start_line(&mut out, line_no, &open);
            rest = r;
        } else {
            let end = rest.find(['<', '\n']).unwrap_or(rest.len()).max(1);
            let end = (1..=end)
                .rev()
                .find(|&e| rest.is_char_boundary(e))
                .unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(&"</span>".repeat(open.len()));
    out.push_str("</span>");
    out
}

pub(crate) use crate::html::escape as escape_html;

/// The backgrounds code is read on in ui/css/site.css, light theme: `--code-bg`, and the same with the
/// `--code-line-hl` tint of a highlighted line over it.
const LIGHT_CODE_BACKGROUNDS: [Rgb; 2] = [(0xf6, 0xf8, 0xfa), (0xdb, 0xe4, 0xf1)];
/// The same for the dark theme.
const DARK_CODE_BACKGROUNDS: [Rgb; 2] = [(0x28, 0x2a, 0x2e), (0x38, 0x41, 0x4f)];
/// WCAG AA for normal text is 4.5:1; a little above it so rounding in the browser never drops below.
const CODE_CONTRAST: f64 = 4.6;

/// The stylesheet for highlighted code: light colours by default, dark ones under `[data-theme="dark"]`.
/// Every token colour is darkened (light) or lightened (dark) just enough to read at [`CODE_CONTRAST`]
/// on the code backgrounds.
pub fn theme_css() -> String {
    let themes = ThemeSet::load_defaults();
    let mut css = String::from("/* Generated by palette-docs from syntect's bundled themes. */\n");
    if let Some(light) = themes.themes.get("InspiredGitHub") {
        if let Ok(c) = css_for_theme_with_class_style(light, CLASS_STYLE) {
            css.push_str(&readable_colors(&c, &LIGHT_CODE_BACKGROUNDS, (0, 0, 0)));
        }
    }
    if let Some(dark) = themes.themes.get("base16-ocean.dark") {
        if let Ok(c) = css_for_theme_with_class_style(dark, CLASS_STYLE) {
            let c = readable_colors(&c, &DARK_CODE_BACKGROUNDS, (0xff, 0xff, 0xff));
            css.push_str(&scope_selectors(&c, "[data-theme=\"dark\"]"));
        }
    }
    css
}

type Rgb = (u8, u8, u8);

fn relative_luminance((r, g, b): Rgb) -> f64 {
    let channel = |v: u8| {
        let x = f64::from(v) / 255.0;
        if x <= 0.03928 {
            x / 12.92
        } else {
            ((x + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `color` moved toward `toward` in small steps until it reads at [`CODE_CONTRAST`] on every background.
fn readable(color: Rgb, backgrounds: &[Rgb], toward: Rgb) -> Rgb {
    let mix =
        |c: u8, t: u8, k: f64| (f64::from(c) + (f64::from(t) - f64::from(c)) * k).round() as u8;
    (0..=50)
        .map(|step| f64::from(step) / 50.0)
        .map(|k| {
            (
                mix(color.0, toward.0, k),
                mix(color.1, toward.1, k),
                mix(color.2, toward.2, k),
            )
        })
        .find(|&c| {
            backgrounds
                .iter()
                .all(|&bg| contrast(c, bg) >= CODE_CONTRAST)
        })
        .unwrap_or(toward)
}

/// Rewrites each foreground `color: #rrggbb` of a stylesheet with [`readable`]; backgrounds stay.
fn readable_colors(css: &str, backgrounds: &[Rgb], toward: Rgb) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("color: #") {
        let is_background = rest[..i].ends_with("background-");
        let start = i + "color: #".len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let hex = rest
            .get(..6)
            .filter(|h| h.chars().all(|c| c.is_ascii_hexdigit()));
        let parsed = hex.and_then(|h| {
            let byte = |k: usize| u8::from_str_radix(&h[k..k + 2], 16).ok();
            Some((byte(0)?, byte(2)?, byte(4)?))
        });
        if let (Some(rgb), false) = (parsed, is_background) {
            let (r, g, b) = readable(rgb, backgrounds, toward);
            out.push_str(&format!("{r:02x}{g:02x}{b:02x}"));
            rest = &rest[6..];
        }
    }
    out.push_str(rest);
    out
}

/// Prefixes every selector of a flat stylesheet (no at-rules) with `scope`.
fn scope_selectors(css: &str, scope: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let selectors = &rest[..open];
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        let (comments, selectors) = match selectors.rfind("*/") {
            Some(i) => selectors.split_at(i + 2),
            None => ("", selectors),
        };
        out.push_str(comments);
        let scoped: Vec<String> = selectors
            .split(',')
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(|s| format!("{scope} {s}"))
            .collect();
        out.push('\n');
        out.push_str(&scoped.join(", "));
        out.push(' ');
        out.push_str(&rest[open..close]);
        rest = &rest[close..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_token_colour_reads_at_aa_on_the_code_backgrounds() {
        let css = theme_css();
        let mut checked = 0;
        for rule in css.split('}') {
            let dark = rule.contains("[data-theme=\"dark\"]");
            let backgrounds = if dark {
                &DARK_CODE_BACKGROUNDS
            } else {
                &LIGHT_CODE_BACKGROUNDS
            };
            for decl in rule.split([';', '{']) {
                let Some(hex) = decl.trim().strip_prefix("color: #") else {
                    continue;
                };
                let byte = |k: usize| u8::from_str_radix(&hex[k..k + 2], 16).expect("hex colour");
                let rgb = (byte(0), byte(2), byte(4));
                for bg in backgrounds {
                    assert!(contrast(rgb, *bg) >= 4.5, "{hex} on {bg:?} in {rule}");
                }
                checked += 1;
            }
        }
        assert!(checked > 20, "only {checked} colours found");
    }

    #[test]
    fn colours_already_readable_are_kept() {
        assert_eq!(
            readable((0, 0, 0), &LIGHT_CODE_BACKGROUNDS, (0, 0, 0)),
            (0, 0, 0)
        );
        let grey = (0x96, 0x98, 0x96);
        let darker = readable(grey, &LIGHT_CODE_BACKGROUNDS, (0, 0, 0));
        assert!(darker.0 < grey.0 && contrast(darker, LIGHT_CODE_BACKGROUNDS[1]) >= CODE_CONTRAST);
        let css = readable_colors(
            ".a { background-color: #969896; color: #969896; }",
            &LIGHT_CODE_BACKGROUNDS,
            (0, 0, 0),
        );
        assert!(css.starts_with(".a { background-color: #969896; color: #"));
        assert!(!css.ends_with("color: #969896; }"));
    }

    #[test]
    fn parses_docusaurus_fence_metadata() {
        let i = FenceInfo::parse(r#"shell title="Sample script" {10}"#);
        assert_eq!(i.lang.as_deref(), Some("shell"));
        assert_eq!(i.title.as_deref(), Some("Sample script"));
        assert_eq!(i.highlighted_lines, [(10, 10)]);
        assert!(!i.hide_clipboard);
        let i = FenceInfo::parse(r#"shell title="Example output" hideClipboard"#);
        assert!(i.hide_clipboard);
        assert_eq!(i.title.as_deref(), Some("Example output"));
        let i = FenceInfo::parse("yaml {1,3-4} showLineNumbers");
        assert_eq!(i.highlighted_lines, [(1, 1), (3, 4)]);
        assert!(i.show_line_numbers);
        assert_eq!(FenceInfo::parse(""), FenceInfo::default());
    }

    #[test]
    fn every_line_is_wrapped_and_balanced() {
        let info = FenceInfo::parse("bash {2}");
        let html = highlight("echo \"a\nb\"\nls -la\n", &info);
        assert_eq!(html.matches("<span class=\"code-line").count(), 3);
        assert_eq!(html.matches("code-line highlighted").count(), 1);
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
        assert!(html.contains("hl-"));
    }

    #[test]
    fn unknown_languages_are_plain_and_escaped() {
        let html = highlight("<script>x</script> ✅", &FenceInfo::parse("nosuchlang"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains('✅'));
    }

    #[test]
    fn dark_theme_rules_are_scoped() {
        let css = theme_css();
        assert!(css.contains(".hl-"));
        assert!(css.contains("[data-theme=\"dark\"] .hl-"));
    }
}
