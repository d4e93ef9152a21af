//! One script from the UI's ES modules, so that the webview fetches one file at start instead of
//! one per module (over a custom URI scheme each request costs a round trip through the app).
//!
//! Each module keeps its own scope: it becomes a function whose result is its exports, evaluated
//! once, after the modules it imports, in the order a browser would evaluate them. The bundler
//! understands exactly the module syntax the UI uses, one statement per line:
//! `import { a, b as c } from './x.js';`, `import * as x from './x.js';` and
//! `export function` / `export async function` / `export const` / `export class`. Anything else
//! that starts a line with `import` or `export` is refused with the file and line, and so is an
//! import cycle: the UI's unit tests load the modules as they are, so both forms must mean the same.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Why the UI's modules could not be made into one script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleError(pub String);

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BundleError {}

/// One parsed module: its body with `import` lines replaced, and the names it exports.
struct Module {
    /// (local binding pattern, imported module file) for each import, in order.
    imports: Vec<(String, String)>,
    body: String,
    exports: Vec<String>,
}

/// Bundles the module `entry` (a path such as `js/app.js`) and everything it imports; `read`
/// answers a module's text by its path.
pub fn bundle(entry: &str, read: impl Fn(&str) -> Option<String>) -> Result<String, BundleError> {
    let mut modules: BTreeMap<String, Module> = BTreeMap::new();
    let mut order = Vec::new();
    visit(entry, &read, &mut modules, &mut order, &mut Vec::new())?;

    let mut out = format!(
        "// The UI's modules ({}) in evaluation order, each in its own scope.\n",
        order.len()
    );
    for path in &order {
        let module = &modules[path];
        let _ = writeln!(out, "const {} = (() => {{ // {path}", binding(path));
        for (pattern, from) in &module.imports {
            let _ = writeln!(out, "const {pattern} = {};", binding(from));
        }
        out.push_str(&module.body);
        let _ = writeln!(out, "return {{ {} }};\n}})();", module.exports.join(", "));
    }
    Ok(out)
}

/// Depth-first: a module's imports are placed before it (post-order), each module once.
fn visit(
    path: &str,
    read: &impl Fn(&str) -> Option<String>,
    modules: &mut BTreeMap<String, Module>,
    order: &mut Vec<String>,
    stack: &mut Vec<String>,
) -> Result<(), BundleError> {
    if modules.contains_key(path) {
        return Ok(());
    }
    if let Some(at) = stack.iter().position(|p| p == path) {
        let cycle = [&stack[at..], &[path.to_string()]].concat().join(" → ");
        return Err(BundleError(format!(
            "the UI modules import each other in a cycle: {cycle}"
        )));
    }
    let text = read(path).ok_or_else(|| {
        let by = stack
            .last()
            .map(|p| format!(" (imported by {p})"))
            .unwrap_or_default();
        BundleError(format!("the UI module {path} is missing{by}"))
    })?;
    let module = parse(path, &text)?;
    stack.push(path.to_string());
    for (_, from) in &module.imports {
        visit(from, read, modules, order, stack)?;
    }
    stack.pop();
    modules.insert(path.to_string(), module);
    order.push(path.to_string());
    Ok(())
}

fn parse(path: &str, text: &str) -> Result<Module, BundleError> {
    let dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let mut module = Module {
        imports: Vec::new(),
        body: String::with_capacity(text.len()),
        exports: Vec::new(),
    };
    for (n, line) in text.lines().enumerate() {
        let refuse = |what: &str| BundleError(format!("{path} line {}: {what}: {line}", n + 1));
        if line.starts_with("import ") || line.starts_with("import{") {
            let (pattern, from) = parse_import(line)
                .ok_or_else(|| refuse("an import the bundler does not understand"))?;
            let file = join(dir, &from).ok_or_else(|| refuse("an import outside the UI folder"))?;
            module.imports.push((pattern, file));
            module.body.push('\n'); // keep line numbers of the module's own code
            continue;
        }
        if let Some(declaration) = line.strip_prefix("export ") {
            let name = exported_name(declaration)
                .ok_or_else(|| refuse("an export the bundler does not understand"))?;
            module.exports.push(name);
            module.body.push_str(declaration);
            module.body.push('\n');
            continue;
        }
        module.body.push_str(line);
        module.body.push('\n');
    }
    Ok(module)
}

/// `import { a, b as c } from './x.js';` → (`{ a, b: c }`, `./x.js`); `import * as x from './x.js';` → (`x`, `./x.js`).
fn parse_import(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix("import")?.trim();
    let (what, from) = rest.split_once(" from ")?;
    let from = from.trim().strip_suffix(';')?.trim();
    let from = from.strip_prefix('\'').and_then(|f| f.strip_suffix('\''))?;
    let what = what.trim();
    let pattern = if let Some(ns) = what.strip_prefix("* as ") {
        identifier(ns.trim())?.to_string()
    } else {
        let names = what.strip_prefix('{')?.strip_suffix('}')?;
        let mut parts = Vec::new();
        for item in names.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match item.split_once(" as ") {
                Some((name, local)) => parts.push(format!(
                    "{}: {}",
                    identifier(name.trim())?,
                    identifier(local.trim())?
                )),
                None => parts.push(identifier(item)?.to_string()),
            }
        }
        format!("{{ {} }}", parts.join(", "))
    };
    Some((pattern, from.to_string()))
}

/// The name an `export` declaration binds: `function f(`, `async function f(`, `const X =`, `class C`.
fn exported_name(declaration: &str) -> Option<String> {
    let rest = declaration
        .strip_prefix("async function ")
        .or_else(|| declaration.strip_prefix("function "))
        .or_else(|| declaration.strip_prefix("const "))
        .or_else(|| declaration.strip_prefix("class "))?;
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .unwrap_or(rest.len());
    identifier(&rest[..end]).map(str::to_string)
}

fn identifier(s: &str) -> Option<&str> {
    let mut chars = s.chars();
    let first = chars.next()?;
    let ok = (first.is_ascii_alphabetic() || first == '_' || first == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    ok.then_some(s)
}

/// `js` + `./x.js` → `js/x.js`; only files beside the importing module (the UI has no others).
fn join(dir: &str, from: &str) -> Option<String> {
    let name = from.strip_prefix("./")?;
    if name.contains('/') || !name.ends_with(".js") {
        return None;
    }
    Some(if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    })
}

/// The constant that holds a module's exports: `js/search-palette.js` → `__module_search_palette`.
fn binding(path: &str) -> String {
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".js");
    let stem: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("__module_{stem}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: BTreeMap<String, String> = list
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |p| map.get(p).cloned()
    }

    #[test]
    fn modules_keep_their_scope_and_come_after_what_they_import() {
        let read = files(&[
            ("js/app.js", "import { api, ApiError as Failure } from './api.js';\nimport * as dom from './dom.js';\nconst x = 1;\nexport async function boot() { return api(x); }\n"),
            ("js/api.js", "import { h } from './dom.js';\nconst x = 2;\nexport function api(v) { return h(v + x); }\nexport class ApiError extends Error {}\n"),
            ("js/dom.js", "export const h = (v) => v;\n"),
        ]);
        let out = bundle("js/app.js", read).expect("the three modules bundle");
        let dom = out
            .find("const __module_dom = (() => {")
            .expect("dom is in");
        let api = out
            .find("const __module_api = (() => {")
            .expect("api is in");
        let app = out
            .find("const __module_app = (() => {")
            .expect("app is in");
        assert!(dom < api && api < app, "{out}");
        assert!(out.contains("const { api, ApiError: Failure } = __module_api;"));
        assert!(out.contains("const dom = __module_dom;"));
        assert!(out.contains("return { api, ApiError };"));
        assert!(out.contains("async function boot() { return api(x); }"));
        assert!(out.contains("return { h };"));
        assert!(
            !out.contains("export ") && !out.contains("import "),
            "{out}"
        );
    }

    #[test]
    fn unknown_syntax_cycles_and_missing_files_are_refused_with_where() {
        let err =
            bundle("js/a.js", files(&[("js/a.js", "export default 1;\n")])).expect_err("refused");
        assert_eq!(
            err.0,
            "js/a.js line 1: an export the bundler does not understand: export default 1;"
        );
        let err = bundle(
            "js/a.js",
            files(&[("js/a.js", "import x from './b.js';\n")]),
        )
        .expect_err("refused");
        assert!(
            err.0
                .starts_with("js/a.js line 1: an import the bundler does not understand"),
            "{err}"
        );
        let err = bundle(
            "js/a.js",
            files(&[("js/a.js", "import { x } from '../b.js';\n")]),
        )
        .expect_err("refused");
        assert!(err.0.contains("an import outside the UI folder"), "{err}");
        let cycle = files(&[
            ("js/a.js", "import { b } from './b.js';\n"),
            ("js/b.js", "import { a } from './a.js';\n"),
        ]);
        assert_eq!(
            bundle("js/a.js", cycle).expect_err("refused").0,
            "the UI modules import each other in a cycle: js/a.js → js/b.js → js/a.js"
        );
        let err = bundle(
            "js/a.js",
            files(&[("js/a.js", "import { b } from './b.js';\n")]),
        )
        .expect_err("refused");
        assert_eq!(
            err.0,
            "the UI module js/b.js is missing (imported by js/a.js)"
        );
    }

    #[test]
    fn bundles_the_real_ui() {
        let ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui");
        let out = bundle("js/app.js", |p| std::fs::read_to_string(ui.join(p)).ok())
            .expect("the real UI bundles");
        let modules = std::fs::read_dir(ui.join("js"))
            .expect("ui/js is readable")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".js") && n != "theme-boot.js")
            .count();
        assert_eq!(
            out.matches(" = (() => { // js/").count(),
            modules,
            "every module but the classic theme-boot.js is in the bundle"
        );
        assert!(!out
            .lines()
            .any(|l| l.starts_with("import ") || l.starts_with("export ")));
    }
}
