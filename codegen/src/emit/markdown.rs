//! Escapes text from the spec for the Markdown it lands in: the docs pages (CommonMark with
//! GitHub tables) and rustdoc.
//!
//! Spec descriptions are Markdown themselves, so code spans in them are kept as code, but raw HTML
//! is not: `<` and `>` outside code are written as entities, so a `<script>` in a description
//! shows as text.

/// A piece of inline text: a code span with its backtick fences, or the text between code spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segment<'a> {
    Code(&'a str),
    Text(&'a str),
}

/// Splits `text` into code spans and the text around them, following CommonMark: a run of `n`
/// backticks opens a span that the next run of exactly `n` backticks closes. A run that nothing
/// closes is plain text.
fn segments(text: &str) -> Vec<Segment<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] != b'`' {
            index += 1;
            continue;
        }
        let run = backtick_run(bytes, index);
        match find_closing_run(bytes, index + run, run) {
            Some(end) => {
                if text_start < index {
                    out.push(Segment::Text(&text[text_start..index]));
                }
                out.push(Segment::Code(&text[index..end]));
                index = end;
                text_start = end;
            }
            None => index += run,
        }
    }
    if text_start < text.len() {
        out.push(Segment::Text(&text[text_start..]));
    }
    out
}

fn backtick_run(bytes: &[u8], start: usize) -> usize {
    bytes[start..].iter().take_while(|byte| **byte == b'`').count()
}

/// Returns the end of the first run of exactly `run` backticks at or after `from`.
fn find_closing_run(bytes: &[u8], from: usize, run: usize) -> Option<usize> {
    let mut index = from;
    while index < bytes.len() {
        if bytes[index] == b'`' {
            let length = backtick_run(bytes, index);
            if length == run {
                return Some(index + length);
            }
            index += length;
        } else {
            index += 1;
        }
    }
    None
}

/// Replaces `\r\n` and lone `\r` with `\n`.
pub fn normalize_line_endings(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Writes `text` as one code span, with a backtick fence longer than any run inside it. Line
/// breaks become spaces, as CommonMark does inside code spans anyway.
pub fn code_span(text: &str) -> String {
    if !text.contains(['`', '\r', '\n']) {
        return format!("`{text}`");
    }
    let text = normalize_line_endings(text).replace('\n', " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // CommonMark strips one space from each side, so text that starts or ends with a backtick
    // gets a space there that is not shown.
    if text.starts_with('`') || text.ends_with('`') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// Writes `text` as a code span inside a table cell, with `|` escaped so it does not end the cell.
pub fn code_cell(text: &str) -> String {
    code_span(text).replace('|', "\\|")
}

/// Escapes `<` and `>` as entities, so the text cannot open an HTML tag.
fn escape_angle_brackets(text: &str) -> String {
    text.replace('<', "&lt;").replace('>', "&gt;")
}

/// Escapes inline text outside tables: `<` and `>` outside code spans become entities.
pub fn inline(text: &str) -> String {
    segments(text)
        .into_iter()
        .map(|segment| match segment {
            Segment::Code(code) => code.to_owned(),
            Segment::Text(text) => escape_angle_brackets(text),
        })
        .collect()
}

/// Escapes text for one cell of a GitHub table. `|` is escaped everywhere, because GitHub splits
/// cells before it reads code spans. A table row must stay on one line, so a line break becomes
/// `<br>` outside code spans and a space inside them.
pub fn table_cell(text: &str) -> String {
    let text = normalize_line_endings(text);
    segments(&text)
        .into_iter()
        .map(|segment| match segment {
            Segment::Code(code) => code.replace('\n', " ").replace('|', "\\|"),
            Segment::Text(text) => escape_angle_brackets(text).replace('|', "\\|").replace('\n', "<br>"),
        })
        .collect()
}

/// A fenced code block's opening line: its fence character and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fence {
    pub marker: char,
    pub length: usize,
}

impl Fence {
    /// Reads a line as a fence (up to three spaces, then three or more backticks or tildes).
    pub fn parse(line: &str) -> Option<(Fence, &str)> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent > 3 {
            return None;
        }
        let rest = &line[indent..];
        let marker = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
        let length = rest.chars().take_while(|c| *c == marker).count();
        if length < 3 {
            return None;
        }
        let info = &rest[length..];
        // A backtick fence's info string may not contain backticks; such a line is inline code.
        if marker == '`' && info.contains('`') {
            return None;
        }
        Some((Fence { marker, length }, info))
    }

    /// Tells whether `line` closes a block that this fence opened.
    pub fn is_closed_by(&self, line: &str) -> bool {
        match Fence::parse(line) {
            Some((closing, info)) => {
                closing.marker == self.marker && closing.length >= self.length && info.trim().is_empty()
            }
            None => false,
        }
    }

    /// Returns the fence as text, such as "```".
    pub fn text(&self) -> String {
        self.marker.to_string().repeat(self.length)
    }
}

/// The output that a block of Markdown from the spec lands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A docs page: code blocks stay as the spec wrote them.
    Page,
    /// rustdoc: every code block is marked `text`, so rustdoc does not compile it as a doctest.
    Rustdoc,
}

/// Escapes a block of Markdown from the spec, such as an event description: code blocks keep
/// their text, and the prose around them goes through [`inline`] or [`rustdoc_inline`].
///
/// An unclosed fence is closed at the end, because it would swallow the rest of the page or item
/// docs. For rustdoc, an indented code block (four spaces after a blank line) is rewritten as a
/// fenced `text` block, because rustdoc would run it as Rust. NOTE: a list item's continuation
/// paragraph, indented four spaces after a blank line, is taken for code too.
pub fn escape_block(text: &str, target: Target) -> String {
    let text = normalize_line_endings(text);
    let escape_prose = match target {
        Target::Page => inline,
        Target::Rustdoc => rustdoc_inline,
    };

    let mut out: Vec<String> = Vec::new();
    let mut prose: Vec<&str> = Vec::new();
    let mut open: Option<Fence> = None;
    let mut indented = false;
    let mut previous_blank = true;
    for line in text.lines() {
        let blank = line.trim().is_empty();
        if indented && !blank && !is_indented_code(line) {
            end_indented_code(&mut out, target);
            indented = false;
        }
        if let Some(fence) = open {
            out.push(line.to_owned());
            if fence.is_closed_by(line) {
                open = None;
            }
        } else if indented {
            out.push(match target {
                Target::Page => line.to_owned(),
                Target::Rustdoc => line.get(4..).unwrap_or("").to_owned(),
            });
        } else if let Some((fence, info)) = Fence::parse(line) {
            flush_prose(&mut prose, &mut out, escape_prose);
            out.push(match target {
                Target::Page => format!("{}{info}", fence.text()),
                Target::Rustdoc => format!("{}text", fence.text()),
            });
            open = Some(fence);
        } else if previous_blank && is_indented_code(line) {
            flush_prose(&mut prose, &mut out, escape_prose);
            match target {
                Target::Page => out.push(line.to_owned()),
                Target::Rustdoc => {
                    out.push("```text".to_owned());
                    out.push(line[4..].to_owned());
                }
            }
            indented = true;
        } else {
            prose.push(line);
        }
        previous_blank = blank;
    }

    flush_prose(&mut prose, &mut out, escape_prose);
    if let Some(fence) = open {
        out.push(fence.text());
    }
    if indented {
        end_indented_code(&mut out, target);
    }
    out.join("\n")
}

/// Tells whether a line is indented enough to be code after a blank line: four spaces or a tab.
fn is_indented_code(line: &str) -> bool {
    (line.starts_with("    ") || line.starts_with('\t')) && !line.trim().is_empty()
}

/// Closes the `text` fence that rustdoc output puts around an indented code block, before the
/// blank lines that ended the block.
fn end_indented_code(out: &mut Vec<String>, target: Target) {
    if target == Target::Page {
        return;
    }
    let mut blank_lines = 0;
    while out.last().is_some_and(|line| line.trim().is_empty()) {
        out.pop();
        blank_lines += 1;
    }
    out.push("```".to_owned());
    out.extend(std::iter::repeat_n(String::new(), blank_lines));
}

/// Escapes the collected prose lines together, so a code span may run across a line break.
fn flush_prose(prose: &mut Vec<&str>, out: &mut Vec<String>, escape: fn(&str) -> String) {
    if prose.is_empty() {
        return;
    }
    out.extend(escape(&prose.join("\n")).split('\n').map(str::to_owned));
    prose.clear();
}

/// Returns the anchor that GitHub gives a heading: lower case, with spaces as `-` and every
/// character dropped that is not alphanumeric, `-` or `_`.
pub fn anchor(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Escapes prose for rustdoc, where more than HTML would go wrong. `[` and `]` outside code
/// become `\[` and `\]`, so rustdoc does not read them as intra-doc links. A bare URL is put in
/// `<>`, so the `rustdoc::bare_urls` lint has nothing to report.
pub fn rustdoc_inline(text: &str) -> String {
    segments(text)
        .into_iter()
        .map(|segment| match segment {
            Segment::Code(code) => code.to_owned(),
            Segment::Text(text) => link_bare_urls(&escape_angle_brackets(text).replace('[', "\\[").replace(']', "\\]")),
        })
        .collect()
}

/// Wraps each `http://` or `https://` URL in `<>`, leaving trailing punctuation outside.
fn link_bare_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = find_url_start(rest) {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after.find(|c: char| c.is_whitespace() || c == '&').unwrap_or(after.len());
        let url = after[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '"', '\\']);
        out.push('<');
        out.push_str(url);
        out.push('>');
        rest = &after[url.len()..];
    }
    out.push_str(rest);
    out
}

/// Finds the next URL that starts a word, so a scheme inside another word is left alone.
fn find_url_start(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(offset) = text[from..].find("http") {
        let start = from + offset;
        let rest = &text[start..];
        let starts_word = text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let has_scheme = rest.starts_with("http://") || rest.starts_with("https://");
        let has_host = rest.split_once("//").is_some_and(|(_, host)| host.starts_with(|c: char| c.is_alphanumeric()));
        if starts_word && has_scheme && has_host {
            return Some(start);
        }
        from = start + 4;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_split_code_spans() {
        assert_eq!(segments("a `b` c"), vec![Segment::Text("a "), Segment::Code("`b`"), Segment::Text(" c")]);
        assert_eq!(segments("``a`b``"), vec![Segment::Code("``a`b``")]);
        assert_eq!(segments("lone ` tick"), vec![Segment::Text("lone ` tick")]);
    }

    #[test]
    fn code_span_outgrows_inner_backticks() {
        assert_eq!(code_span("id"), "`id`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(code_span(""), "``");
    }

    #[test]
    fn table_cell_escapes_pipes_breaks_and_html() {
        assert_eq!(table_cell("a | b"), "a \\| b");
        assert_eq!(table_cell("one\r\ntwo\nthree"), "one<br>two<br>three");
        assert_eq!(table_cell("<script>"), "&lt;script&gt;");
        assert_eq!(table_cell("use `a|b` or `<x>`"), "use `a\\|b` or `<x>`");
        assert_eq!(table_cell("```\nfn main() {}\n```"), "``` fn main() {} ```");
    }

    #[test]
    fn page_block_keeps_fenced_code() {
        let text = "Use <b>:\n\n```html\n<b>bold</b>\n```\nafter > before";
        assert_eq!(escape_block(text, Target::Page), "Use &lt;b&gt;:\n\n```html\n<b>bold</b>\n```\nafter &gt; before");
        assert_eq!(escape_block("~~~\nopen", Target::Page), "~~~\nopen\n~~~");
    }

    #[test]
    fn rustdoc_block_marks_code_as_text() {
        assert_eq!(escape_block("```rust\nfn f() {}\n```", Target::Rustdoc), "```text\nfn f() {}\n```");
        assert_eq!(escape_block("````\n```\n````", Target::Rustdoc), "````text\n```\n````");
        assert_eq!(
            escape_block("Run:\n\n    let x = 1;\n\nDone.", Target::Rustdoc),
            "Run:\n\n```text\nlet x = 1;\n```\n\nDone."
        );
        assert_eq!(escape_block("Run:\n\n    panic!()", Target::Rustdoc), "Run:\n\n```text\npanic!()\n```");
        assert_eq!(escape_block("a */ b [c]", Target::Rustdoc), "a */ b \\[c\\]");
    }

    #[test]
    fn anchor_matches_github() {
        assert_eq!(anchor("com.qlik.web-integration.created"), "comqlikweb-integrationcreated");
        assert_eq!(anchor("Table of Contents"), "table-of-contents");
    }

    #[test]
    fn rustdoc_inline_escapes_links_and_urls() {
        assert_eq!(rustdoc_inline("see [x] and `[y]`"), "see \\[x\\] and `[y]`");
        assert_eq!(rustdoc_inline("go to https://example.com."), "go to <https://example.com>.");
        assert_eq!(rustdoc_inline("(http://a.example/b)"), "(<http://a.example/b>)");
        assert_eq!(rustdoc_inline("nohttp://x"), "nohttp://x");
    }
}
