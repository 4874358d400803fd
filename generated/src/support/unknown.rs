//! The event that a channel enum keeps when it does not know the event's CloudEvents type.

use serde::de::MapAccess;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::de::{FromMap, Key};

/// An event whose CloudEvents `type` this crate does not know, kept whole.
///
/// Qlik adds event types to channels over time. Such an event still deserializes, as this type,
/// and serializes back to the same JSON object, so a receiver can log or forward it.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownEvent {
    event_type: String,
    attributes: Map<String, Value>,
}

impl UnknownEvent {
    /// Returns the CloudEvents `type` of the event.
    pub fn event_type(&self) -> &str {
        &self.event_type
    }

    /// Returns every attribute of the event, `type` and `data` included, in the order received.
    pub fn attributes(&self) -> &Map<String, Value> {
        &self.attributes
    }

    /// Returns the event as a JSON object.
    pub fn into_attributes(self) -> Map<String, Value> {
        self.attributes
    }
}

impl<'de> FromMap<'de> for UnknownEvent {
    const EXPECTING: &'static str = "a CloudEvents event as a JSON object";

    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut attributes = Map::new();
        let mut event_type = None;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let value: Value = map.next_value()?;
            if key.as_str() == "type" {
                let Value::String(text) = &value else {
                    return Err(serde::de::Error::invalid_type(
                        serde::de::Unexpected::Other("a non-string type"),
                        &"a string",
                    ));
                };
                event_type = Some(text.clone());
            }
            attributes.insert(key.into_owned(), value);
        }
        let event_type = event_type.ok_or_else(|| serde::de::Error::missing_field("type"))?;
        Ok(UnknownEvent { event_type, attributes })
    }
}

impl<'de> Deserialize<'de> for UnknownEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::de::deserialize_map(deserializer)
    }
}

impl Serialize for UnknownEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.attributes.serialize(serializer)
    }
}
