//! Emits one Markdown reference page per channel, `docs/<short_name>.md`, laid out like the
//! event reference pages on qlik.dev. A page has a table of contents, then per event its facts, a
//! payload table with nested objects in `<details>` blocks and the spec example, then the named
//! schemas.
//!
//! Every piece of spec text goes through [`super::markdown`] for the place it lands.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

use super::markdown::{Target, anchor, code_cell, code_span, escape_block, inline, table_cell};
use crate::model::{Channel, Event, Example, Field, FieldRole, Schema, Ty, TypeKind, UnionDef, UnionKeyword};

/// The nesting level of `<details>` blocks that show a truncation note in place of properties.
/// The qlik.dev pages stop at the third level, and the limit also ends the recursion of a schema
/// that contains itself.
const MAX_DETAILS_DEPTH: usize = 3;

/// The header row of every properties table.
const TABLE_HEADER: &str = "| Name | Type | Required | Description |\n| --- | --- | --- | --- |\n";

/// Renders the reference page of `channel`, without the generated-file header.
pub fn channel_page(channel: &Channel) -> String {
    let page = Page { channel, schema_names: schema_names(channel) };
    let mut out = String::new();
    page.write_intro(&mut out);
    let events: Vec<String> = channel.events.iter().map(|event| page.event_section(event)).collect();
    out.push_str(&events.join("\n\n"));
    if !channel.schemas.is_empty() {
        out.push_str("\n\n## Schemas\n\n");
        out.push_str(&page.schemas_section());
    }
    out
}

/// Maps the JSON Pointer of each named schema to its name, so a property that refers to one is
/// labelled with the name.
fn schema_names(channel: &Channel) -> BTreeMap<&str, &str> {
    channel.schemas.iter().map(|named| (named.schema.pointer.as_str(), named.name.as_str())).collect()
}

struct Page<'a> {
    channel: &'a Channel,
    schema_names: BTreeMap<&'a str, &'a str>,
}

impl Page<'_> {
    fn write_intro(&self, out: &mut String) {
        let channel = self.channel;
        let mut anchors = Anchors::default();
        let events_heading = format!("Events published on the {} channel", code_span(&channel.address));
        for heading in [channel.title.as_str(), "Table of Contents", channel.address.as_str(), events_heading.as_str()]
        {
            anchors.claim(heading);
        }

        let _ = write!(out, "# {}\n\n", inline(&channel.title));
        if let Some(description) = channel.channel_description.as_deref().filter(|text| !text.trim().is_empty()) {
            let _ = write!(out, "{}\n\n", escape_block(description.trim_end(), Target::Page));
        }
        let _ = write!(out, "## Table of Contents\n\n### {}\n\n", inline(&channel.address));
        for event in &channel.events {
            let _ = writeln!(out, "- [{}](#{})", inline(&event.event_type), anchors.claim(&event.event_type));
        }
        let _ = write!(out, "\n## {events_heading}\n\n");
    }

    fn event_section(&self, event: &Event) -> String {
        let Event {
            message_key: _,
            event_type,
            title,
            summary: _,
            description,
            action,
            visibility,
            stability,
            // NOTE: the qlik.dev pages show deprecation only through the stability and the
            // description, so the page adds nothing for it; rustdoc marks the item `#[deprecated]`.
            deprecated: _,
            rust_name: _,
            payload,
            examples,
        } = event;
        let mut out = format!("### {}\n\n", inline(event_type));
        if let Some(title) = title {
            let _ = write!(out, "**Title:** {}\n\n", inline(title));
        }
        let _ = write!(out, "**Action:** {}\n\n", code_span(action));
        if let Some(visibility) = visibility {
            let _ = write!(out, "**Visibility:** {}\n\n", code_span(visibility));
        }
        if let Some(stability) = stability {
            let _ = write!(out, "**Stability:** {}\n\n", code_span(stability));
        }
        if let Some(description) = description.as_deref().filter(|text| !text.trim().is_empty()) {
            let _ = write!(out, "{}\n\n", escape_block(description.trim_end(), Target::Page));
        }
        out.push_str("**Payload**\n\n");
        self.properties_table(&mut out, self.fields_of(*payload), 0);
        for example in examples {
            out.push_str(&example_block(example));
        }
        out
    }

    /// Renders the named schemas in name order, as the qlik.dev pages list them.
    fn schemas_section(&self) -> String {
        let mut schemas: Vec<_> = self.channel.schemas.iter().collect();
        schemas.sort_by(|a, b| a.name.cmp(&b.name));
        let sections: Vec<String> = schemas
            .into_iter()
            .map(|named| {
                let mut out = format!("### {}\n\n", inline(&named.name));
                if let Some(description) = named.schema.description.as_deref().filter(|text| !text.trim().is_empty()) {
                    let _ = write!(out, "{}\n\n", escape_block(description.trim_end(), Target::Page));
                }
                let _ = writeln!(out, "**Type:** {}", code_span(&self.shape_label(&named.schema)));
                if let Some(fields) = self.nested_fields(&named.schema).filter(|fields| !fields.is_empty()) {
                    out.push_str("\n**Properties**\n\n");
                    self.properties_table(&mut out, fields, 0);
                }
                out
            })
            .collect();
        sections.join("\n\n\n")
    }

    /// Writes a properties table and, after it, a `<details>` block for each property that has
    /// properties of its own.
    fn properties_table(&self, out: &mut String, fields: &[Field], depth: usize) {
        out.push_str(TABLE_HEADER);
        for field in fields {
            out.push_str(&self.property_row(field));
        }
        for field in fields {
            if let Some(union) = self.union_of(&field.schema) {
                self.union_details(out, &field.wire_name, union, depth);
                continue;
            }
            let Some(nested) = self.nested_fields(&field.schema).filter(|nested| !nested.is_empty()) else { continue };
            let _ = write!(
                out,
                "\n<details>\n<summary>Properties of {}</summary>\n\n",
                code_span(&html_escape(&field.wire_name))
            );
            if depth + 1 >= MAX_DETAILS_DEPTH {
                out.push_str("_Properties truncated due to depth limit._\n");
            } else {
                self.properties_table(out, nested, depth + 1);
            }
            out.push_str("\n</details>\n");
        }
    }

    /// Returns the union that a property's value is, if it is one.
    fn union_of(&self, schema: &Schema) -> Option<&UnionDef> {
        match &schema.ty {
            Ty::Named(id) => match &self.channel.type_def(*id).kind {
                TypeKind::Union(union) => Some(union),
                TypeKind::Object(_) | TypeKind::Enum(_) => None,
            },
            _ => None,
        }
    }

    /// Writes the `<details>` block of a `oneOf` or `anyOf` property: one option per branch, each
    /// a one-row table naming the branch, followed by the branch's own properties.
    fn union_details(&self, out: &mut String, wire_name: &str, union: &UnionDef, depth: usize) {
        let _ = write!(out, "\n<details>\n<summary>Properties of {}</summary>\n\n", code_span(&html_escape(wire_name)));
        if depth + 1 >= MAX_DETAILS_DEPTH {
            out.push_str("_Properties truncated due to depth limit._\n");
        } else {
            let keyword = match union.keyword {
                UnionKeyword::OneOf => "One of",
                UnionKeyword::AnyOf => "Any of",
            };
            let _ = writeln!(out, "**{keyword}:**");
            for (index, variant) in union.variants.iter().enumerate() {
                let _ = write!(out, "\n**Option {}:**\n\n", index + 1);
                let branch = Field {
                    wire_name: self.type_label(&variant.schema),
                    rust_name: String::new(),
                    description: None,
                    required: false,
                    role: FieldRole::Plain,
                    schema: variant.schema.clone(),
                    metadata: Vec::new(),
                    deprecated: None,
                };
                self.properties_table(out, std::slice::from_ref(&branch), depth + 1);
            }
        }
        out.push_str("\n</details>\n");
    }

    fn property_row(&self, field: &Field) -> String {
        let Field { wire_name, rust_name: _, description, required, role: _, schema, metadata, deprecated: _ } = field;
        let mut parts: Vec<String> = Vec::new();
        // A YAML block scalar ends in a line break, which would show as a trailing `<br>`.
        if let Some(description) = description.as_deref().map(|text| text.trim_end_matches(['\n', '\r'])) {
            if !description.is_empty() {
                parts.push(description.to_owned());
            }
        }
        // TODO: when string enums become their own type kind, read the values from there too.
        if let Some(allowed) = &schema.constraints.allowed {
            let values: Vec<String> = allowed.iter().map(plain_value).collect();
            parts.push(format!("Allowed values: {}.", values.join(" | ")));
        }
        if !metadata.is_empty() {
            let entries: Vec<String> = metadata.iter().map(|(key, value)| format!("{key} = {value}")).collect();
            parts.push(format!("Metadata: {}.", entries.join(", ")));
        }
        format!(
            "| {} | {} | {} | {} |\n",
            code_cell(wire_name),
            code_cell(&self.type_label(schema)),
            if *required { "Yes" } else { "No" },
            table_cell(&parts.join(" "))
        )
    }

    /// Labels the type of a property: the name of the named schema it refers to, or its shape.
    fn type_label(&self, schema: &Schema) -> String {
        match self.schema_names.get(schema.pointer.as_str()) {
            Some(name) if matches!(schema.ty, Ty::Array(_)) => format!("{name}[]"),
            Some(name) => (*name).to_owned(),
            None => self.shape_label(schema),
        }
    }

    /// Labels the shape of a schema: `string`, `object`, `string[]` and so on, and an empty label
    /// for a schema without a type.
    fn shape_label(&self, schema: &Schema) -> String {
        match &schema.ty {
            Ty::String => "string".to_owned(),
            Ty::Integer => "integer".to_owned(),
            Ty::Number => "number".to_owned(),
            Ty::Boolean => "boolean".to_owned(),
            Ty::Any => String::new(),
            Ty::Array(items) if items.ty == Ty::Any => "array".to_owned(),
            Ty::Array(items) => format!("{}[]", self.type_label(items)),
            Ty::Map(_) => "object".to_owned(),
            Ty::Named(id) => match &self.channel.type_def(*id).kind {
                TypeKind::Object(_) => "object".to_owned(),
                TypeKind::Enum(_) => "string".to_owned(),
                TypeKind::Union(union) => {
                    let keyword = match union.keyword {
                        UnionKeyword::OneOf => "oneOf",
                        UnionKeyword::AnyOf => "anyOf",
                    };
                    let branches: Vec<String> =
                        union.variants.iter().map(|variant| self.type_label(&variant.schema)).collect();
                    format!("{keyword}({})", branches.join(" | "))
                }
            },
        }
    }

    /// Returns the properties that a `<details>` block shows for a value of `schema`: those of an
    /// object, or of the objects in an array.
    fn nested_fields(&self, schema: &Schema) -> Option<&[Field]> {
        match &schema.ty {
            Ty::Named(id) => Some(self.fields_of(*id)),
            Ty::Array(items) => self.nested_fields(items),
            Ty::Map(_) | Ty::String | Ty::Integer | Ty::Number | Ty::Boolean | Ty::Any => None,
        }
    }

    fn fields_of(&self, id: crate::model::TypeId) -> &[Field] {
        match &self.channel.type_def(id).kind {
            TypeKind::Object(object) => &object.fields,
            TypeKind::Enum(_) | TypeKind::Union(_) => &[],
        }
    }
}

/// Renders one spec example as formatted JSON, keys in spec order, in a fence longer than any
/// backtick run in the JSON.
fn example_block(example: &Example) -> String {
    let json = serde_json::to_string_pretty(&example.payload).expect("a JSON value always serializes");
    let longest = json.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("\n\n**Example**\n\n{fence}json\n{json}\n{fence}\n")
}

/// Shows a value the way the qlik.dev pages list allowed values: strings without quotes.
fn plain_value(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Escapes text for raw HTML, such as a `<summary>` line, where Markdown escapes do not apply.
fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Hands out heading anchors the way GitHub does: a heading whose anchor is taken gets `-1`,
/// `-2` and so on.
#[derive(Default)]
struct Anchors {
    seen: BTreeMap<String, usize>,
}

impl Anchors {
    fn claim(&mut self, heading: &str) -> String {
        let base = anchor(heading);
        let count = self.seen.entry(base.clone()).or_insert(0);
        let claimed = if *count == 0 { base } else { format!("{base}-{count}") };
        *count += 1;
        claimed
    }
}
