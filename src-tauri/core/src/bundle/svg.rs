//! Cleaning an SVG image at build time: what a snapshot ships may be opened on its own, where an SVG
//! is a document, so no script, no event handler and no reference outside the file survives.
//!
//! Removed: `<script>`, `<foreignObject>`, embedded documents and animations (which can rewrite a
//! link), every `on…` attribute, links (`href`, `xlink:href`) that do not point inside the file,
//! `xml:base`, styles that import or load anything outside the file, comments, processing
//! instructions and the document type (whose entities could expand without bound). What remains is
//! written back as it was read.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};

/// Elements dropped with everything inside them.
const DROPPED_ELEMENTS: &[&str] = &[
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "audio",
    "video",
    "canvas",
    "handler",
    "listener",
    "set",
    "animate",
    "animatemotion",
    "animatetransform",
    "animatecolor",
    "discard",
];

/// `svg` cleaned, or why it cannot be read as XML (the build names the file and refuses it).
pub fn clean(svg: &[u8]) -> Result<Vec<u8>, String> {
    let text = std::str::from_utf8(svg).map_err(|_| "it is not UTF-8 text".to_string())?;
    let mut reader = Reader::from_str(text);
    let mut writer = Writer::new(Vec::with_capacity(svg.len()));
    let write_failed = |e: std::io::Error| format!("it could not be written ({e})");
    // Depth inside a dropped element (0: not inside one).
    let mut dropping = 0usize;
    // A `<style>` element held back until its end shows whether its text is safe.
    let mut style: Option<Vec<Event<'static>>> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("it is not well-formed XML ({e})"))?;
        if dropping > 0 {
            match event {
                Event::Start(_) => dropping += 1,
                Event::End(_) => dropping -= 1,
                Event::Eof => return Err("it ends inside an element".to_string()),
                _ => {}
            }
            continue;
        }
        if let Some(held) = style.as_mut() {
            match event {
                Event::End(ref end) if local(end.name().as_ref()) == "style" => {
                    held.push(event.into_owned());
                    let held = style.take().unwrap_or_default();
                    if style_is_safe(&held) {
                        for e in held {
                            writer.write_event(e).map_err(write_failed)?;
                        }
                    }
                }
                Event::Eof => return Err("it ends inside a style element".to_string()),
                other => held.push(other.into_owned()),
            }
            continue;
        }
        match event {
            Event::Start(start) => {
                let name = local(start.name().as_ref());
                if DROPPED_ELEMENTS.contains(&name.as_str()) {
                    dropping = 1;
                } else if name == "style" {
                    style = Some(vec![Event::Start(cleaned_start(&start)?.into_owned())]);
                } else {
                    writer
                        .write_event(Event::Start(cleaned_start(&start)?))
                        .map_err(write_failed)?;
                }
            }
            Event::Empty(start) => {
                let name = local(start.name().as_ref());
                if !DROPPED_ELEMENTS.contains(&name.as_str()) {
                    writer
                        .write_event(Event::Empty(cleaned_start(&start)?))
                        .map_err(write_failed)?;
                }
            }
            Event::GeneralRef(r) => {
                // Only the predefined entities and character references mean anything without a
                // document type, which is dropped.
                if r.is_char_ref() || matches!(&*r, "lt" | "gt" | "amp" | "quot" | "apos") {
                    writer
                        .write_event(Event::GeneralRef(r))
                        .map_err(write_failed)?;
                }
            }
            Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::Eof => break,
            other => writer.write_event(other).map_err(write_failed)?,
        }
    }
    Ok(writer.into_inner())
}

/// The element's name without its namespace prefix, lower-cased.
fn local(qualified: &str) -> String {
    qualified
        .rsplit(':')
        .next()
        .unwrap_or(qualified)
        .to_ascii_lowercase()
}

/// A start tag with only its harmless attributes.
fn cleaned_start(start: &BytesStart<'_>) -> Result<BytesStart<'static>, String> {
    let mut out = BytesStart::new(start.name().as_ref().to_string());
    for attr in start.attributes() {
        let attr = attr.map_err(|e| format!("an attribute is malformed ({e})"))?;
        let key = attr.key.as_ref().to_ascii_lowercase();
        let name = local(&key);
        if name.starts_with("on") || key == "xml:base" {
            continue;
        }
        // A value that cannot be unescaped (an unknown entity) is not kept.
        let Ok(value) = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0) else {
            continue;
        };
        if name == "href" && !value.trim_start().starts_with('#') {
            continue;
        }
        if loads_from_outside(&value) {
            continue;
        }
        out.push_attribute(attr);
    }
    Ok(out.into_owned())
}

/// Whether style text or an attribute value could load something: `@import`, `url(…)` not pointing
/// inside the file, legacy `expression(…)`, or CSS escapes that could spell any of them.
fn loads_from_outside(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if value.contains('\\') || lower.contains("@import") || lower.contains("expression(") {
        return true;
    }
    lower.match_indices("url(").any(|(at, m)| {
        let target = lower[at + m.len()..].trim_start_matches([' ', '\t', '\n', '\r', '\'', '"']);
        !target.starts_with('#')
    })
}

/// Whether a held `<style>` element (its events, start to end) loads nothing from outside.
fn style_is_safe(events: &[Event<'_>]) -> bool {
    events.iter().all(|e| match e {
        Event::Text(t) => !loads_from_outside(t),
        Event::CData(c) => !loads_from_outside(c),
        // Entities inside CSS could spell anything; a style that needs them is not kept.
        Event::GeneralRef(_) => false,
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(svg: &str) -> String {
        String::from_utf8(clean(svg.as_bytes()).expect("clean")).expect("utf-8")
    }

    #[test]
    fn harmless_drawings_pass_unchanged() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><defs><linearGradient id="g"/></defs><rect width="10" height="10" fill="url(#g)"/><text x="1">a &amp; b &#233;</text><use href="#g"/></svg>"##;
        assert_eq!(cleaned(svg), svg);
    }

    #[test]
    fn scripts_handlers_and_outside_references_are_removed() {
        let svg = r##"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><?xml-stylesheet href="https://e/s.css"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)" xml:base="https://e/"><script>alert(2)</script><s:script xmlns:s="http://www.w3.org/2000/svg">alert(3)</s:script><foreignObject><iframe src="https://e/"/></foreignObject><a xlink:href="javascript:alert(4)"><rect ONCLICK="x()" width="1"/></a><image href="https://e/track.png"/><rect style="fill:url(https://e/x)" fill="url( 'https://e/y')"/><animate attributeName="href" to="javascript:alert(5)"/><style>@import url(https://e/z.css);</style><style>rect{fill:red}</style><!-- note -->&x;</svg>"##;
        let out = cleaned(svg);
        for bad in [
            "alert",
            "script",
            "onload",
            "ONCLICK",
            "https://e",
            "javascript",
            "foreignObject",
            "iframe",
            "animate",
            "@import",
            "DOCTYPE",
            "ENTITY",
            "xml-stylesheet",
            "note",
            "&x;",
            "xml:base",
        ] {
            assert!(!out.contains(bad), "`{bad}` survived: {out}");
        }
        assert!(out.contains("<style>rect{fill:red}</style>"), "{out}");
        assert!(out.contains("<rect width=\"1\"/>"), "{out}");
    }

    #[test]
    fn what_is_not_xml_is_refused() {
        assert!(clean(b"<svg><rect></svg>").is_err());
        assert!(clean(&[0xff, 0xfe]).is_err());
        assert!(clean(b"<svg><script>").is_err());
    }
}
