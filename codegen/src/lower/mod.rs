//! Lowers AsyncAPI documents into the [`Model`]: channels, their messages as events, and the
//! payload schemas as types.

mod asyncapi2;
mod schema;
mod variants;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::ident;
use crate::load::SpecFile;
use crate::model::{Channel, Deprecation, Event, Example, FieldRole, Model, NamedSchema, Ty, TypeKind};
use crate::resolve;

use schema::SchemaLowerer;
pub use schema::kind_of;

/// Lowers every spec file into one model, and checks what must hold across files.
pub fn lower(files: &[SpecFile]) -> Result<Model> {
    // Documents lower independently, so they lower in parallel. The first error in file order wins.
    let mut channels = Vec::new();
    for lowered in crate::parallel::map(files, |file| lower_document(&file.display_path, &file.document)) {
        channels.extend(lowered?);
    }
    channels.sort_by(|a, b| a.module.cmp(&b.module));

    check_unique(&channels, |channel| channel.module.clone(), "module")?;
    let mut seen_types: BTreeMap<&str, (&Path, &str)> = BTreeMap::new();
    for channel in &channels {
        for event in &channel.events {
            if let Some((file, key)) = seen_types.insert(&event.event_type, (&channel.spec_file, &event.message_key)) {
                let pointer = format!("/components/messages/{}", resolve::escape_token(&event.message_key));
                return Err(Error::at(
                    &channel.spec_file,
                    &pointer,
                    format!(
                        "message `{}` has the CloudEvents type `{}`, which message `{key}` in {} already has",
                        event.message_key,
                        event.event_type,
                        file.display()
                    ),
                )
                .hint("give every message a distinct name"));
            }
        }
    }
    Ok(Model { channels })
}

fn check_unique(channels: &[Channel], key: impl Fn(&Channel) -> String, what: &str) -> Result<()> {
    let mut seen: BTreeMap<String, &Channel> = BTreeMap::new();
    for channel in channels {
        if let Some(other) = seen.insert(key(channel), channel) {
            return Err(Error::file(
                &channel.spec_file,
                format!(
                    "channel `{}` maps to the same Rust {what} as channel `{}` in {}",
                    channel.address,
                    other.address,
                    other.spec_file.display()
                ),
            )
            .hint("give the channels addresses that differ after their last `.`"));
        }
    }
    Ok(())
}

/// Reads a field that must be a string.
fn required_str<'v>(file: &Path, object: &'v Map<String, Value>, key: &str, pointer: &str) -> Result<&'v str> {
    match object.get(key) {
        Some(Value::String(text)) => Ok(text),
        Some(other) => Err(Error::at(
            file,
            &resolve::push_pointer(pointer, key),
            format!("`{key}` must be a string, found {}", kind_of(other)),
        )),
        None => Err(Error::at(file, pointer, format!("`{key}` is missing"))),
    }
}

fn optional_str(object: &Map<String, Value>, key: &str) -> Option<String> {
    object.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn as_object<'v>(file: &Path, value: &'v Value, pointer: &str, what: &str) -> Result<&'v Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| Error::at(file, pointer, format!("{what} must be an object, found {}", kind_of(value))))
}

/// Lowers one AsyncAPI 3.0 document into its channels.
fn lower_document(file: &Path, document: &Value) -> Result<Vec<Channel>> {
    let root = as_object(file, document, "", "an AsyncAPI document")
        .map_err(|err| err.hint("the file must be an AsyncAPI 3.0 document with `asyncapi: 3.0.0` at the top"))?;
    let version = match root.get("asyncapi") {
        Some(Value::String(version)) => version.as_str(),
        _ => {
            return Err(Error::at(file, "", "not an AsyncAPI document: the `asyncapi` version field is missing")
                .hint("add `asyncapi: 3.0.0`, or move files that are not AsyncAPI specs out of the spec folder"));
        }
    };
    if version.starts_with("2.") {
        let converted = asyncapi2::to_v3(file, document)?;
        return lower_document(file, &converted);
    }
    if !version.starts_with("3.") {
        return Err(Error::at(file, "/asyncapi", format!("AsyncAPI version {version} is not supported"))
            .hint("write the document as AsyncAPI 3.0 or 2.x"));
    }

    let info = root.get("info").map(|info| as_object(file, info, "/info", "info")).transpose()?;
    let title = info.and_then(|info| optional_str(info, "title"));
    let description = info.and_then(|info| optional_str(info, "description"));
    let actions = operation_actions(file, document, root)?;

    let channels_value = root.get("channels").ok_or_else(|| {
        Error::at(file, "", "the document has no `channels`").hint("describe at least one channel and its messages")
    })?;
    let mut channels = Vec::new();
    for (key, channel) in as_object(file, channels_value, "/channels", "channels")? {
        let pointer = resolve::push_pointer("/channels", key);
        let channel = as_object(file, channel, &pointer, "a channel")?;
        let address = required_str(file, channel, "address", &pointer)?;
        let short_name = address.rsplit('.').next().unwrap_or(address).to_owned();

        let enum_name = format!("{}Event", ident::type_name(&short_name));
        let mut lowerer = SchemaLowerer::new(file, document);
        lowerer.reserve_name(&enum_name, "the channel enum");
        let events = lower_messages(file, document, channel, &pointer, &actions, &mut lowerer)?;
        let schemas = lower_components(file, document, &mut lowerer)?;
        channels.push(Channel {
            spec_file: file.to_path_buf(),
            title: title.clone().unwrap_or_else(|| address.to_owned()),
            description: description.clone(),
            channel_description: optional_str(channel, "description"),
            key: key.clone(),
            address: address.to_owned(),
            module: ident::module_name(&short_name),
            enum_name,
            short_name,
            events,
            types: lowerer.types,
            schemas,
        });
    }
    Ok(channels)
}

/// Maps the final pointer of every message that an operation sends to the operation's action.
fn operation_actions(file: &Path, document: &Value, root: &Map<String, Value>) -> Result<BTreeMap<String, String>> {
    let mut actions = BTreeMap::new();
    let Some(operations) = root.get("operations") else { return Ok(actions) };
    for (key, operation) in as_object(file, operations, "/operations", "operations")? {
        let pointer = resolve::push_pointer("/operations", key);
        let operation = as_object(file, operation, &pointer, "an operation")?;
        let action = required_str(file, operation, "action", &pointer)?;
        let Some(messages) = operation.get("messages").and_then(Value::as_array) else { continue };
        for (index, message) in messages.iter().enumerate() {
            let at = format!("{pointer}/messages/{index}");
            let (_, target) = resolve::follow(document, message, &at).map_err(|(_, at)| {
                let hint = missing_ref_hint(document, ref_at(document, &at), "point it at a message of the channel");
                Error::at(file, &at, "the operation's message $ref points at nothing").hint(hint)
            })?;
            actions.insert(target, action.to_owned());
        }
    }
    Ok(actions)
}

/// Returns the `$ref` of the value at `pointer`, or an empty string when it has none.
fn ref_at<'d>(document: &'d Value, pointer: &str) -> &'d str {
    resolve::lookup(document, &format!("#{pointer}")).ok().and_then(resolve::ref_of).unwrap_or("")
}

/// Returns `fallback` as the hint for a `$ref` that names nothing, preceded by a close reference
/// that exists when [`resolve::suggest_reference`] finds one.
fn missing_ref_hint(document: &Value, reference: &str, fallback: &str) -> String {
    match resolve::suggest_reference(document, reference) {
        Some(suggestion) => format!("did you mean `{suggestion}`? If not, {fallback}"),
        None => fallback.to_owned(),
    }
}

fn lower_messages(
    file: &Path,
    document: &Value,
    channel: &Map<String, Value>,
    channel_pointer: &str,
    actions: &BTreeMap<String, String>,
    lowerer: &mut SchemaLowerer,
) -> Result<Vec<Event>> {
    let Some(messages) = channel.get("messages") else {
        return Err(Error::at(file, channel_pointer, "the channel has no `messages`")
            .hint("list the messages that the channel carries"));
    };
    let messages_pointer = format!("{channel_pointer}/messages");
    let mut events = Vec::new();
    for (key, message) in as_object(file, messages, &messages_pointer, "messages")? {
        let at = resolve::push_pointer(&messages_pointer, key);
        let (message, pointer) = resolve::follow(document, message, &at).map_err(|(_, at)| {
            let hint = missing_ref_hint(document, ref_at(document, &at), "point it at an entry of components.messages");
            Error::at(file, &at, "the message $ref points at nothing").hint(hint)
        })?;
        let action = actions.get(&pointer).or_else(|| actions.get(&at)).cloned().ok_or_else(|| {
            Error::at(file, &pointer, format!("no operation sends or receives message `{key}`"))
                .hint("add an operation with `action: send` whose messages include this message")
        })?;
        events.push(lower_message(file, key, message, &pointer, action, lowerer)?);
    }
    events.sort_by(|a, b| a.event_type.cmp(&b.event_type));
    Ok(events)
}

fn lower_message(
    file: &Path,
    key: &str,
    message: &Value,
    pointer: &str,
    action: String,
    lowerer: &mut SchemaLowerer,
) -> Result<Event> {
    let object = as_object(file, message, pointer, "a message")?;
    let event_type = required_str(file, object, "name", pointer)
        .map_err(|err| err.hint("set the message's `name` to its CloudEvents type, such as `com.qlik.user.created`"))?
        .to_owned();
    let local_name = key.rsplit('.').next().unwrap_or(key);
    let rust_name = ident::type_name(local_name);

    let payload_at = format!("{pointer}/payload");
    let payload = object.get("payload").ok_or_else(|| Error::at(file, pointer, "the message has no `payload`"))?;
    let schema = lowerer.lower(payload, &payload_at, &rust_name, 0)?;
    let Ty::Named(payload_id) = schema.ty else {
        return Err(Error::at(file, &payload_at, "the payload is not an object schema")
            .hint("a CloudEvents payload must be `type: object` with the context attributes as properties"));
    };
    mark_event_type(file, lowerer, payload_id, &event_type, &payload_at)?;

    let stability = optional_str(object, "x-qlik-stability");
    let deprecated = qlik_deprecation(object).or_else(|| {
        let deprecated_stability = stability.as_deref() == Some("deprecated");
        deprecated_stability.then_some(Deprecation { note: None })
    });
    let examples = match object.get("examples") {
        None => Vec::new(),
        Some(Value::Array(examples)) => examples
            .iter()
            .filter_map(Value::as_object)
            .filter_map(|example| {
                Some(Example {
                    name: optional_str(example, "name"),
                    summary: optional_str(example, "summary"),
                    payload: example.get("payload")?.clone(),
                    schema_failures: Vec::new(),
                })
            })
            .collect(),
        Some(_) => return Err(Error::at(file, &format!("{pointer}/examples"), "examples must be an array")),
    };

    Ok(Event {
        message_key: key.to_owned(),
        event_type,
        title: optional_str(object, "title"),
        summary: optional_str(object, "summary"),
        description: optional_str(object, "description"),
        action,
        visibility: optional_str(object, "x-qlik-visibility"),
        stability,
        deprecated,
        rust_name,
        payload: payload_id,
        examples,
    })
}

/// Reads `x-qlik-deprecated`: `true`, the reason as a string, or an object with the reason under
/// `description` or `message`.
pub(crate) fn qlik_deprecation(object: &Map<String, Value>) -> Option<Deprecation> {
    match object.get("x-qlik-deprecated")? {
        Value::Bool(true) => Some(Deprecation { note: None }),
        Value::String(note) => Some(Deprecation { note: Some(note.clone()) }),
        Value::Object(details) => Some(Deprecation {
            note: optional_str(details, "description").or_else(|| optional_str(details, "message")),
        }),
        _ => None,
    }
}

/// Marks the payload's `type` property as the CloudEvents type and checks that its default or
/// `const` agrees with the message's `name`.
fn mark_event_type(
    file: &Path,
    lowerer: &mut SchemaLowerer,
    payload: crate::model::TypeId,
    event_type: &str,
    payload_at: &str,
) -> Result<()> {
    let TypeKind::Object(object) = &mut lowerer.types[payload.0].kind else {
        return Err(Error::at(file, payload_at, "the payload is not an object schema")
            .hint("a CloudEvents payload must be `type: object` with the context attributes as properties"));
    };
    let Some(field) = object.fields.iter_mut().find(|field| field.wire_name == "type") else {
        return Err(Error::at(file, payload_at, "the payload has no `type` property")
            .hint("include the CloudEvents context attributes, which define `type`"));
    };
    for fixed in [&field.schema.default, &field.schema.constraints.constant].into_iter().flatten() {
        if fixed.as_str() != Some(event_type) {
            return Err(Error::at(
                file,
                &field.schema.pointer,
                format!("the `type` property fixes the value {fixed}, but the message's name is `{event_type}`"),
            )
            .hint("make the default of `type` equal to the message's `name`"));
        }
    }
    field.role = FieldRole::EventType;
    field.required = true;
    Ok(())
}

/// Lowers `components.schemas` for the docs' Schemas section, reusing types already lowered.
fn lower_components(file: &Path, document: &Value, lowerer: &mut SchemaLowerer) -> Result<Vec<NamedSchema>> {
    let Some(schemas) = document.pointer("/components/schemas") else { return Ok(Vec::new()) };
    let mut named = Vec::new();
    for name in as_object(file, schemas, "/components/schemas", "components.schemas")?.keys() {
        let reference = format!("#/components/schemas/{}", resolve::escape_token(name));
        let schema = lowerer.lower(
            &Value::Object(Map::from_iter([("$ref".to_owned(), reference.into())])),
            "/components/schemas",
            "",
            0,
        )?;
        named.push(NamedSchema { name: name.clone(), schema });
    }
    Ok(named)
}
