//! Deterministic synthetic specs for benchmarks: any number of events spread over channels of
//! Qlik's shape, with nested objects, arrays, string enums and constraints in proportions close to
//! Qlik's published channels. The same events are also offered as plain JSON Schema documents, so
//! other generators can be measured on equal input.

use serde_json::{Map, Value, json};

/// Events per channel; Qlik's channels carry between 3 and about 20 events.
pub const EVENTS_PER_CHANNEL: usize = 20;

/// A small xorshift generator, so the same event count always gives the same spec.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

/// One synthetic channel: its file name stem and its events' payload schemas, whose `$ref`s to
/// the shared envelope schemas start with the prefix given to [`channels`].
pub struct SyntheticChannel {
    /// The channel's short name, such as `synthetic-0003`.
    pub name: String,
    /// Event key (such as `event0007`) and payload schema, in order.
    pub events: Vec<(String, Value)>,
}

/// Builds `total_events` events over as many channels as [`EVENTS_PER_CHANNEL`] needs.
/// `ref_prefix` is where the envelope schemas live, such as `#/components/schemas/`.
pub fn channels(total_events: usize, ref_prefix: &str) -> Vec<SyntheticChannel> {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut channels = Vec::new();
    for index in 0..total_events.div_ceil(EVENTS_PER_CHANNEL) {
        let count = EVENTS_PER_CHANNEL.min(total_events - index * EVENTS_PER_CHANNEL);
        let events = (0..count)
            .map(|event| (format!("event{event:04}"), payload(&mut random, ref_prefix, &format!("com.example.synthetic{index}.event{event}"))))
            .collect();
        channels.push(SyntheticChannel { name: format!("synthetic-{index:04}"), events });
    }
    channels
}

/// Returns the AsyncAPI 3.0 documents for `total_events` events, one per channel, with file names.
pub fn asyncapi_documents(total_events: usize) -> Vec<(String, Value)> {
    channels(total_events, "#/components/schemas/").into_iter().map(|channel| (format!("{}.json", channel.name), asyncapi(&channel))).collect()
}

/// Returns one draft-07 JSON Schema document per channel, with every payload under `definitions`.
pub fn json_schema_documents(total_events: usize) -> Vec<Value> {
    channels(total_events, "#/definitions/")
        .into_iter()
        .map(|channel| {
            let mut definitions = envelope_schemas();
            for (key, payload) in channel.events {
                definitions.insert(key, payload);
            }
            json!({ "$schema": "http://json-schema.org/draft-07/schema#", "definitions": definitions })
        })
        .collect()
}

fn asyncapi(channel: &SyntheticChannel) -> Value {
    let channel_key = "systemEventsSynthetic";
    let mut channel_messages = Map::new();
    let mut operations = Map::new();
    let mut messages = Map::new();
    for (key, payload) in &channel.events {
        let message_key = format!("{}.{key}", channel.name);
        let event_type = payload["allOf"][2]["properties"]["type"]["default"].clone();
        messages.insert(
            message_key.clone(),
            json!({
                "name": event_type,
                "title": format!("Synthetic {key}"),
                "description": format!("Published when synthetic {key} happens."),
                "x-qlik-visibility": "public",
                "x-qlik-stability": "stable",
                "payload": payload,
            }),
        );
        channel_messages.insert(message_key.clone(), json!({ "$ref": format!("#/components/messages/{message_key}") }));
        operations.insert(
            message_key.clone(),
            json!({
                "action": "send",
                "channel": { "$ref": format!("#/channels/{channel_key}") },
                "messages": [{ "$ref": format!("#/channels/{channel_key}/messages/{message_key}") }],
            }),
        );
    }
    json!({
        "asyncapi": "3.0.0",
        "info": { "title": channel.name, "version": "1.0.0" },
        "channels": { channel_key: { "address": format!("system-events.{}", channel.name), "messages": channel_messages } },
        "operations": operations,
        "components": { "messages": messages, "schemas": envelope_schemas() },
    })
}

fn envelope_schemas() -> Map<String, Value> {
    let string = |description: &str| json!({ "type": "string", "description": description, "minLength": 1 });
    let mut schemas = Map::new();
    schemas.insert(
        "cloudEventsContextAttributes".to_owned(),
        json!({
            "type": "object",
            "required": ["id", "type", "source", "specversion"],
            "properties": {
                "id": string("Identifies the event."),
                "time": { "type": "string", "minLength": 1, "format": "date-time" },
                "type": string("Describes the type of event."),
                "source": { "type": "string", "minLength": 1, "format": "uri-reference" },
                "specversion": string("The CloudEvents version."),
                "datacontenttype": { "type": "string", "minLength": 1, "default": "application/json" },
            },
        }),
    );
    schemas.insert(
        "cloudEventsQlikExtensionsAttributes".to_owned(),
        json!({
            "type": "object",
            "required": ["tenantid"],
            "properties": { "userid": { "type": "string" }, "tenantid": { "type": "string" } },
        }),
    );
    schemas
}

fn payload(random: &mut Random, ref_prefix: &str, event_type: &str) -> Value {
    json!({
        "type": "object",
        "allOf": [
            { "$ref": format!("{ref_prefix}cloudEventsContextAttributes") },
            { "$ref": format!("{ref_prefix}cloudEventsQlikExtensionsAttributes") },
            {
                "type": "object",
                "properties": {
                    "type": { "type": "string", "default": event_type },
                    "data": object(random, 6, 6, 0),
                },
            },
        ],
    })
}

/// An object with `min` to `min + spread - 1` properties; about one in eight is itself an object
/// or an array of objects.
fn object(random: &mut Random, min: usize, spread: u64, depth: usize) -> Value {
    let fields = min + random.below(spread) as usize;
    let mut properties = Map::new();
    let mut required = Vec::new();
    for index in 0..fields {
        let name = format!("field{index}");
        if random.below(3) > 0 {
            required.push(Value::String(name.clone()));
        }
        properties.insert(name, property(random, depth));
    }
    json!({ "type": "object", "description": "Synthetic details.", "required": required, "properties": properties })
}

fn property(random: &mut Random, depth: usize) -> Value {
    let nested = depth < 2;
    match random.below(16) {
        0 if nested => object(random, 2, 4, depth + 1),
        1 if nested => json!({ "type": "array", "items": object(random, 2, 3, depth + 1) }),
        2 | 3 => json!({ "type": "string", "enum": ["active", "disabled", "deleted"], "description": "A state." }),
        4 => json!({ "type": "integer", "minimum": 0, "maximum": 1000, "description": "A count." }),
        5 => json!({ "type": "number", "description": "A ratio." }),
        6 => json!({ "type": "boolean", "description": "A flag." }),
        7 => json!({ "type": "array", "items": { "type": "string" }, "description": "Some names." }),
        8 => json!({ "type": "string", "format": "date-time", "description": "A time." }),
        9 => json!({ "type": "string", "maxLength": 256, "description": "A label." }),
        _ => json!({ "type": "string", "minLength": 1, "description": "A name." }),
    }
}
