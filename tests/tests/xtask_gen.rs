//! `cargo xtask gen` on a copy of the workspace: deterministic output, `--check` diffs, and specs
//! that fail without touching `generated/`.

use std::fs;
use std::path::{Path, PathBuf};

use qlik_events_tests::workspace_root;
use tempfile::TempDir;

/// Copies `spec/` and `generated/` of the workspace into a temporary folder.
fn copy_workspace() -> TempDir {
    let temp = tempfile::tempdir().expect("temporary folder");
    for dir in [xtask::SPEC_DIR, xtask::CRATE_DIR] {
        copy_dir(&workspace_root().join(dir), &temp.path().join(dir));
    }
    temp
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Reads every file under `dir` with its path, sorted, to compare folders byte for byte.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).expect("read folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.strip_prefix(dir).unwrap().to_path_buf(), fs::read(&path).expect("read file")));
            }
        }
    }
    files.sort();
    files
}

struct Run {
    code: u8,
    stdout: String,
    stderr: String,
}

fn run(root: &Path, check: bool) -> Run {
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let code = xtask::run_gen(root, check, &mut stdout, &mut stderr);
    Run { code, stdout: String::from_utf8(stdout).unwrap(), stderr: String::from_utf8(stderr).unwrap() }
}

fn spec_path(root: &Path) -> PathBuf {
    root.join("spec/web-integrations.json")
}

#[test]
fn fresh_workspace_reports_nothing_changed() {
    let temp = copy_workspace();
    let run = run(temp.path(), false);
    assert_eq!(run.code, xtask::EXIT_OK, "{}", run.stderr);
    assert!(!run.stdout.contains("updated") && !run.stdout.contains("created"), "{}", run.stdout);
    assert!(run.stdout.contains("0 written, 0 removed"), "{}", run.stdout);
}

#[test]
fn example_warnings_go_to_stderr() {
    let temp = copy_workspace();
    let run = run(temp.path(), false);
    assert_eq!(run.code, xtask::EXIT_OK, "a warning must not fail the run: {}", run.stderr);
    let warning = "warning: spec/users.json#/components/messages/users.userUpdated/examples/0: example `userUpdated`";
    assert!(run.stderr.contains(warning), "{}", run.stderr);
    assert!(run.stderr.contains("  /data: the required property `id` is missing (branch User)"), "{}", run.stderr);
}

#[test]
fn two_runs_are_byte_identical() {
    let temp = copy_workspace();
    fs::remove_dir_all(temp.path().join("generated/src/events")).unwrap();

    let first = run(temp.path(), false);
    assert_eq!(first.code, xtask::EXIT_OK, "{}", first.stderr);
    assert!(first.stdout.contains("created"), "{}", first.stdout);
    let after_first = snapshot(&temp.path().join("generated"));

    let second = run(temp.path(), false);
    assert_eq!(second.code, xtask::EXIT_OK, "{}", second.stderr);
    assert!(second.stdout.starts_with("0 written, 0 removed"), "second run wrote: {}", second.stdout);
    assert_eq!(after_first, snapshot(&temp.path().join("generated")));
}

#[test]
fn edited_description_is_stale_in_check_and_freshness() {
    let temp = copy_workspace();
    let spec = spec_path(temp.path());
    let text = fs::read_to_string(&spec).unwrap();
    let edited = text.replacen(
        "Published when a web integration is created.",
        "Published after a web integration is created.",
        1,
    );
    assert_ne!(text, edited);
    fs::write(&spec, edited).unwrap();
    let before = snapshot(&temp.path().join("generated"));

    let check = run(temp.path(), true);
    assert_eq!(check.code, xtask::EXIT_STALE);
    assert!(check.stdout.contains("-/// Published when a web integration is created."), "{}", check.stdout);
    assert!(check.stdout.contains("+/// Published after a web integration is created."), "{}", check.stdout);
    assert_eq!(before, snapshot(&temp.path().join("generated")), "--check wrote files");

    // The freshness test renders the same plan and diff as `--check`.
    let files = codegen::generate(temp.path(), Path::new("spec")).unwrap();
    let changes = codegen::sync::plan(&temp.path().join("generated"), &files).unwrap();
    let diff: String = changes.iter().map(|change| change.diff(Path::new("generated"))).collect();
    assert!(check.stdout.starts_with(&diff), "freshness diff:\n{diff}\ncheck output:\n{}", check.stdout);
}

#[test]
fn stale_generated_file_is_removed() {
    let temp = copy_workspace();
    let stale = temp.path().join("generated/src/events/old_channel.rs");
    fs::write(&stale, "// @generated by `cargo xtask gen` from spec/old.json. Do not edit by hand.\n").unwrap();
    let hand_written = temp.path().join("generated/src/events/notes.rs");
    fs::write(&hand_written, "// written by hand\n").unwrap();

    let run = run(temp.path(), false);
    assert_eq!(run.code, xtask::EXIT_OK, "{}", run.stderr);
    assert!(run.stdout.contains("removed generated/src/events/old_channel.rs"), "{}", run.stdout);
    assert!(!stale.exists());
    assert!(hand_written.exists(), "a file without the generated marker was removed");
}

#[test]
fn stale_docs_page_is_removed() {
    let temp = copy_workspace();
    let stale = temp.path().join("generated/docs/old-channel.md");
    fs::write(&stale, "<!-- @generated by `cargo xtask gen` from spec/old.json. Do not edit by hand. -->\n# Old\n")
        .unwrap();

    let check = run(temp.path(), true);
    assert_eq!(check.code, xtask::EXIT_STALE, "{}", check.stdout);
    assert!(check.stdout.contains("a/generated/docs/old-channel.md"), "{}", check.stdout);

    let run = run(temp.path(), false);
    assert_eq!(run.code, xtask::EXIT_OK, "{}", run.stderr);
    assert!(run.stdout.contains("removed generated/docs/old-channel.md"), "{}", run.stdout);
    assert!(!stale.exists());
}

fn assert_fails_untouched(temp: &TempDir, expected: &[&str]) {
    let before = snapshot(&temp.path().join("generated"));
    let run = run(temp.path(), false);
    assert_eq!(run.code, xtask::EXIT_ERROR, "stdout: {}", run.stdout);
    for part in expected {
        assert!(run.stderr.contains(part), "expected {part:?} in:\n{}", run.stderr);
    }
    assert_eq!(before, snapshot(&temp.path().join("generated")), "generated/ changed");
}

#[test]
fn yaml_syntax_error_names_line_and_column() {
    let temp = copy_workspace();
    fs::write(temp.path().join("spec/broken.yaml"), "asyncapi: 3.0.0\ninfo:\n  title: [unclosed\n").unwrap();
    assert_fails_untouched(&temp, &["spec/broken.yaml:", "invalid YAML: "]);

    let run = run(temp.path(), false);
    let location = run.stderr.split(':').nth(2).unwrap_or_default();
    assert!(location.parse::<usize>().is_ok(), "no line number in: {}", run.stderr);
}

#[test]
fn json_syntax_error_names_line_and_column() {
    let temp = copy_workspace();
    let spec = spec_path(temp.path());
    let text = fs::read_to_string(&spec).unwrap();
    fs::write(&spec, text.replacen("\"title\": \"Web integrations\",", "\"title\": \"Web integrations\",,", 1))
        .unwrap();
    assert_fails_untouched(&temp, &["spec/web-integrations.json:4:"]);
}

#[test]
fn unresolvable_ref_names_the_pointer() {
    let temp = copy_workspace();
    let spec = spec_path(temp.path());
    let text = fs::read_to_string(&spec).unwrap();
    let broken =
        text.replacen("#/components/schemas/cloudEventsQlikExtensionsAttributes", "#/components/schemas/missing", 1);
    fs::write(&spec, broken).unwrap();
    assert_fails_untouched(
        &temp,
        &[
            "spec/web-integrations.json#/components/messages/web-integrations.webIntegrationCreated/payload/allOf/1",
            "`#/components/schemas/missing` points at nothing",
        ],
    );
}
