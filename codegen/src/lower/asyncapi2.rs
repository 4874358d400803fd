//! Converts an AsyncAPI 2.x document into the AsyncAPI 3.0 shape that lowering reads, so a
//! channel written either way generates the same Rust.
//!
//! In 2.x, channels are keyed by address and carry their messages under `subscribe` (which the
//! application sends, action `send`) or `publish` (which it receives, action `receive`), either
//! as one message or as `oneOf` a list. Each message becomes an entry of `components.messages`
//! keyed as its `$ref` names it, or by `messageId` or `name` when it is written inline, and each
//! gets a 3.0 operation of the same key.

use heck::ToLowerCamelCase;
use serde_json::{Map, Value, json};

use super::as_object;
use crate::error::{Error, Result};
use crate::resolve;

/// The prefix of a `$ref` to an entry of `components.messages`.
const MESSAGES_PREFIX: &str = "#/components/messages/";

/// Returns the AsyncAPI 3.0 form of the 2.x document `document`.
pub fn to_v3(file: &std::path::Path, document: &Value) -> Result<Value> {
    let root = as_object(file, document, "", "an AsyncAPI document")?;
    let mut components = match root.get("components") {
        Some(components) => as_object(file, components, "/components", "components")?.clone(),
        None => Map::new(),
    };
    let mut messages = match components.get("messages") {
        Some(messages) => as_object(file, messages, "/components/messages", "components.messages")?.clone(),
        None => Map::new(),
    };

    let mut channels = Map::new();
    let mut operations = Map::new();
    let channels_value = root.get("channels").ok_or_else(|| {
        Error::at(file, "", "the document has no `channels`").hint("describe at least one channel and its messages")
    })?;
    for (address, channel) in as_object(file, channels_value, "/channels", "channels")? {
        let pointer = resolve::push_pointer("/channels", address);
        let channel = as_object(file, channel, &pointer, "a channel")?;
        let channel_key = address.to_lower_camel_case();
        let mut channel_messages = Map::new();

        for (verb, action) in [("subscribe", "send"), ("publish", "receive")] {
            let Some(operation) = channel.get(verb) else { continue };
            let operation_at = resolve::push_pointer(&pointer, verb);
            let operation = as_object(file, operation, &operation_at, "an operation")?;
            let Some(message) = operation.get("message") else {
                return Err(Error::at(file, &operation_at, "the operation has no `message`")
                    .hint("list the messages that the channel carries under `message`"));
            };
            let message_at = format!("{operation_at}/message");
            let listed: Vec<(Value, String)> = match message.get("oneOf") {
                Some(Value::Array(items)) => items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| (item.clone(), format!("{message_at}/oneOf/{index}")))
                    .collect(),
                Some(_) => {
                    return Err(Error::at(file, &format!("{message_at}/oneOf"), "oneOf must be an array of messages"));
                }
                None => vec![(message.clone(), message_at.clone())],
            };
            for (message, at) in listed {
                let key = message_key(file, &message, &at, &mut messages)?;
                let escaped = resolve::escape_token(&key);
                channel_messages.insert(key.clone(), json!({ "$ref": format!("{MESSAGES_PREFIX}{escaped}") }));
                operations.insert(
                    key.clone(),
                    json!({
                        "action": action,
                        "channel": { "$ref": format!("#/channels/{}", resolve::escape_token(&channel_key)) },
                        "messages": [{ "$ref": format!("#/channels/{}/messages/{escaped}", resolve::escape_token(&channel_key)) }],
                    }),
                );
            }
        }

        let mut converted = Map::new();
        converted.insert("address".to_owned(), Value::String(address.clone()));
        if let Some(description) = channel.get("description") {
            converted.insert("description".to_owned(), description.clone());
        }
        converted.insert("messages".to_owned(), Value::Object(channel_messages));
        channels.insert(channel_key, Value::Object(converted));
    }

    components.insert("messages".to_owned(), Value::Object(messages));
    let mut out = Map::new();
    out.insert("asyncapi".to_owned(), Value::String("3.0.0".to_owned()));
    for key in ["info", "defaultContentType"] {
        if let Some(value) = root.get(key) {
            out.insert(key.to_owned(), value.clone());
        }
    }
    out.insert("channels".to_owned(), Value::Object(channels));
    out.insert("operations".to_owned(), Value::Object(operations));
    out.insert("components".to_owned(), Value::Object(components));
    Ok(Value::Object(out))
}

/// Returns the `components.messages` key of a message listed under an operation, moving an
/// inline message into `messages` first.
fn message_key(file: &std::path::Path, message: &Value, at: &str, messages: &mut Map<String, Value>) -> Result<String> {
    if let Some(reference) = resolve::ref_of(message) {
        let key = reference.strip_prefix(MESSAGES_PREFIX).and_then(|pointer| {
            let tokens = resolve::pointer_tokens(&format!("/{pointer}"))?;
            (tokens.len() == 1).then(|| tokens[0].clone())
        });
        return match key {
            Some(key) if messages.contains_key(&key) => Ok(key),
            Some(_) => Err(Error::at(file, at, format!("$ref `{reference}` points at nothing"))
                .hint("point it at an entry of components.messages")),
            None => Err(Error::at(
                file,
                at,
                format!("$ref `{reference}` does not point at an entry of components.messages"),
            )
            .hint("move the message into components.messages and refer to it there")),
        };
    }
    let object = as_object(file, message, at, "a message")?;
    let key =
        ["messageId", "name"].iter().find_map(|field| object.get(*field).and_then(Value::as_str)).ok_or_else(|| {
            Error::at(file, at, "an inline message needs a `messageId` or a `name`")
                .hint("set `name` to the message's CloudEvents type")
        })?;
    if messages.get(key).is_some_and(|existing| existing != message) {
        return Err(Error::at(file, at, format!("the inline message `{key}` differs from components.messages.{key}"))
            .hint("give the inline message its own messageId, or refer to the component with $ref"));
    }
    messages.insert(key.to_owned(), message.clone());
    Ok(key.to_owned())
}
