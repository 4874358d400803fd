//! The Markdown reference pages: the web-integrations page equals Qlik's own page, the other
//! Qlik pages match row for row once their channel is in `spec/`, escaped spec text keeps every
//! table row intact, and each event has one example doctest.

use std::fs;
use std::path::{Path, PathBuf};

use qlik_events::web_integrations::WebIntegrationsEvent;
use qlik_events_tests::workspace_root;
use similar::TextDiff;

/// Qlik's reference pages, kept beside the workspace (CI puts a copy of `shared/` there).
fn reference_dir() -> PathBuf {
    workspace_root().join("../shared/reference")
}

fn read_reference(name: &str) -> String {
    let path = reference_dir().join(name);
    fs::read_to_string(&path).unwrap_or_else(|err| panic!("cannot read the reference page {}: {err}", path.display()))
}

/// Returns the generated pages of `spec/` by file name, rendered now, not read from disk.
fn generated_pages() -> Vec<(String, String)> {
    let files = codegen::generate(&workspace_root(), Path::new(xtask::SPEC_DIR))
        .unwrap_or_else(|err| panic!("spec/ does not generate:\n{err}"));
    files
        .into_iter()
        .filter_map(|file| {
            let name = file.path.strip_prefix("docs").ok()?.to_str()?.to_owned();
            Some((name, file.contents))
        })
        .collect()
}

/// Drops a generated page's header line or a reference page's front matter, and the blank lines
/// after it, then trims trailing whitespace on each line and at the end.
fn normalize(page: &str) -> String {
    let mut lines: Vec<&str> = page.lines().collect();
    if lines.first().is_some_and(|line| line.contains(codegen::emit::GENERATED_MARKER)) {
        lines.remove(0);
    } else if lines.first() == Some(&"---") {
        let end = lines.iter().skip(1).position(|line| *line == "---").expect("front matter is closed");
        lines.drain(..end + 2);
    }
    let start = lines.iter().position(|line| !line.trim().is_empty()).unwrap_or(lines.len());
    let trimmed: Vec<&str> = lines[start..].iter().map(|line| line.trim_end()).collect();
    trimmed.join("\n").trim_end().to_owned()
}

fn diff(expected: &str, actual: &str) -> String {
    TextDiff::from_lines(expected, actual).unified_diff().header("reference", "generated").to_string()
}

#[test]
fn web_integrations_page_equals_reference() {
    let pages = generated_pages();
    let (_, page) = pages.iter().find(|(name, _)| name == "web-integrations.md").expect("web-integrations page");
    let expected = normalize(&read_reference("web-integrations.md"));
    let actual = normalize(page);
    assert!(expected == actual, "the generated page differs from Qlik's:\n{}", diff(&expected, &actual));
}

#[test]
fn generated_page_starts_with_header() {
    for (name, page) in generated_pages() {
        let first = page.lines().next().unwrap_or_default();
        assert!(first.starts_with("<!-- @generated"), "{name}: {first}");
        assert!(first.contains("`cargo xtask gen`"), "{name}: {first}");
        assert!(first.contains("spec/"), "{name}: {first}");
    }
}

/// Lists the rows of every properties table in a page, each after the section heading and the
/// `<details>` blocks around it.
fn table_rows(page: &str) -> Vec<String> {
    let mut rows = Vec::new();
    let mut heading = String::new();
    let mut details: Vec<String> = Vec::new();
    let mut in_code = false;
    for line in page.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if in_code {
            continue;
        }
        if let Some(title) = line.strip_prefix("### ") {
            heading = title.to_owned();
            details.clear();
        } else if let Some(summary) = line.strip_prefix("<summary>Properties of ") {
            details.push(summary.trim_end_matches("</summary>").to_owned());
        } else if line == "</details>" {
            details.pop();
        } else if line.starts_with("| `") {
            rows.push(format!("{heading} > {} {line}", details.join(" > ")));
        } else if line.starts_with("_Properties truncated") {
            rows.push(format!("{heading} > {} (truncated)", details.join(" > ")));
        }
    }
    rows
}

/// Type labels that Qlik's renderer gives and the generated page does not, with the reason.
///
/// The automations page labels `data` with `metricsObject`, the last of the two named schemas that
/// its `allOf` combines, while its table lists the properties of both. The value matches neither
/// schema alone, so the generated page labels it `object`.
const LABEL_QUIRKS: &[(&str, &str)] = &[("| `data` | `metricsObject` |", "| `data` | `object` |")];

/// Removes what Qlik's renderer adds that no spec specifies: it lists some metadata twice, as in
/// `default = 0, default = 0`, and it labels an `allOf` of named schemas by the last one
/// ([`LABEL_QUIRKS`]).
fn without_renderer_quirks(row: &str) -> String {
    let mut row = row.to_owned();
    for (quirk, generated) in LABEL_QUIRKS {
        row = row.replace(quirk, generated);
    }
    let row = row.as_str();
    let Some((before, metadata)) = row.split_once("Metadata: ") else { return row.to_owned() };
    let (entries, after) = metadata.split_once(". |").unwrap_or((metadata, ""));
    let mut seen: Vec<&str> = Vec::new();
    for entry in entries.split(", ") {
        if !seen.contains(&entry) {
            seen.push(entry);
        }
    }
    format!("{before}Metadata: {}. |{after}", seen.join(", "))
}

/// Reads the channel address from a page's table of contents.
fn page_address(page: &str) -> Option<String> {
    let line = page.lines().find(|line| line.starts_with("## Events published on the `"))?;
    Some(line.trim_start_matches("## Events published on the `").trim_end_matches("` channel").to_owned())
}

#[test]
fn other_reference_pages_match_row_for_row() {
    let pages = generated_pages();
    let mut compared = Vec::new();
    let mut failures = String::new();
    let mut references: Vec<PathBuf> = fs::read_dir(reference_dir())
        .expect("the reference folder is readable")
        .map(|entry| entry.expect("reference entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    references.sort();

    for path in references {
        let name = path.file_name().and_then(|name| name.to_str()).expect("UTF-8 name").to_owned();
        let reference = fs::read_to_string(&path).expect("reference page is readable");
        let address = page_address(&reference).unwrap_or_else(|| panic!("{name} names no channel"));
        let Some((_, page)) = pages.iter().find(|(_, page)| page_address(page).as_deref() == Some(&address)) else {
            // The channel is not in spec/ yet, so there is nothing to compare.
            continue;
        };
        compared.push(name.clone());

        let expected: Vec<String> = table_rows(&reference).iter().map(|row| without_renderer_quirks(row)).collect();
        let actual = table_rows(page);
        if expected != actual {
            let expected = expected.join("\n") + "\n";
            let actual = actual.join("\n") + "\n";
            failures.push_str(&format!("{name}:\n{}", diff(&expected, &actual)));
        }
    }

    assert!(compared.iter().any(|name| name == "web-integrations.md"), "compared only {compared:?}");
    assert!(failures.is_empty(), "generated tables differ from Qlik's pages:\n{failures}");
}

#[test]
fn renderer_quirk_is_removed() {
    let row = "x > | `a` | `integer` | No | Count. Metadata: default = 0, default = 0. |";
    assert_eq!(without_renderer_quirks(row), "x > | `a` | `integer` | No | Count. Metadata: default = 0. |");
}

/// Counts the cells of a table row: the `|` that are not escaped, minus the two at its ends.
fn cell_count(row: &str) -> usize {
    let mut pipes = 0usize;
    let mut chars = row.chars();
    while let Some(c) = chars.next() {
        match c {
            // A backslash escapes the character after it, so `\|` is no cell border.
            '\\' => {
                chars.next();
            }
            '|' => pipes += 1,
            _ => {}
        }
    }
    pipes.saturating_sub(1)
}

#[test]
fn escaped_tables_keep_four_cells() {
    let path = workspace_root().join("tests/fixtures/escaping/expected/docs/escaping.md");
    let page = fs::read_to_string(&path).expect("the escaping fixture's page is readable");
    let rows: Vec<&str> = page.lines().filter(|line| line.starts_with('|')).collect();
    assert!(rows.len() > 20, "only {} table rows", rows.len());
    for row in rows {
        assert_eq!(cell_count(row), 4, "{row}");
    }
}

#[test]
fn escaped_page_has_no_raw_html() {
    let path = workspace_root().join("tests/fixtures/escaping/expected/docs/escaping.md");
    let page = fs::read_to_string(&path).expect("the escaping fixture's page is readable");
    let mut in_code = false;
    for line in page.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if in_code || line.starts_with("<!--") {
            continue;
        }
        let without_tags = line
            .replace("<details>", "")
            .replace("</details>", "")
            .replace("<summary>", "")
            .replace("</summary>", "")
            .replace("<br>", "");
        let outside_code: String = without_tags.split('`').step_by(2).collect();
        assert!(!outside_code.contains('<'), "raw HTML in: {line}");
    }
}

#[test]
fn cell_count_skips_escaped_pipes() {
    assert_eq!(cell_count("| a | b \\| c | d | e |"), 4);
    assert_eq!(cell_count("| a | b |"), 2);
}

#[test]
fn one_example_doctest_per_event() {
    let path = workspace_root().join("generated/src/events/web_integrations.rs");
    let source = fs::read_to_string(path).expect("the generated module is readable");
    let doctests = source.lines().filter(|line| line.trim() == "/// ```rust").count();
    assert_eq!(doctests, WebIntegrationsEvent::EVENT_TYPES.len());
}
