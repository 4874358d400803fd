//! Writes the `# Examples` section of an event struct's rustdoc: the spec's examples as one
//! doctest that parses and validates each through the channel's `parse` entry point and checks
//! that it lands in the event's variant.

use super::EmitOptions;
use crate::model::{Channel, Event};

/// Returns the Markdown of the event's example section, or `None` when the spec has no example.
pub fn event_examples(channel: &Channel, event: &Event, options: &EmitOptions) -> Option<String> {
    if event.examples.is_empty() {
        return None;
    }
    let enum_name = &channel.enum_name;
    let mut code = Vec::new();
    // A deprecated event's variant warns where it is named, and the doctest names it on purpose.
    if event.deprecated.is_some() {
        code.push("# #![allow(deprecated)]".to_owned());
    }
    code.push(format!("use {}::{}::{enum_name};", options.crate_path, channel.module));
    for example in &event.examples {
        let json = serde_json::to_string_pretty(&example.payload).expect("a JSON value always serializes");
        let hashes = "#".repeat(raw_string_hashes(&json));
        code.push(String::new());
        code.push(format!("let json = r{hashes}\"{json}\"{hashes};"));
        if example.schema_failures.is_empty() {
            code.push(format!("let event = {enum_name}::parse(json.as_bytes())?;"));
            code.push(format!("assert!(matches!(event, {enum_name}::{}(_)));", event.rust_name));
        } else {
            // Generation found that this example breaks its own schema, so the doctest asserts the
            // rejection, and fixing the example in the spec changes this generated test.
            code.push("// The spec's example breaks its own schema:".to_owned());
            code.extend(example.schema_failures.iter().map(|failure| format!("// - {failure}")));
            code.push(format!("assert!({enum_name}::parse(json.as_bytes()).is_err());"));
        }
    }
    code.push("# Ok::<(), Box<dyn std::error::Error>>(())".to_owned());

    let intro = match event.examples.as_slice() {
        [_] => "The spec's example, parsed and validated through the channel enum:",
        _ => "The spec's examples, parsed and validated through the channel enum:",
    };
    Some(format!("# Examples\n\n{intro}\n\n```rust\n{}\n```", code.join("\n")))
}

/// Returns how many `#` a raw string literal needs so that nothing in `text` ends it early.
fn raw_string_hashes(text: &str) -> usize {
    let mut needed = 0;
    for (index, _) in text.match_indices('"') {
        let run = text[index + 1..].chars().take_while(|c| *c == '#').count();
        needed = needed.max(run + 1);
    }
    needed.max(1)
}

#[cfg(test)]
mod tests {
    use super::raw_string_hashes;

    #[test]
    fn raw_string_hashes_outnumber_quotes() {
        assert_eq!(raw_string_hashes("{}"), 1);
        assert_eq!(raw_string_hashes(r#"{"a": "b"}"#), 1);
        assert_eq!(raw_string_hashes(r##"{"a": "b"#"}"##), 2);
    }
}
