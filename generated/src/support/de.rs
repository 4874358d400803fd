//! Deserialization helpers shared by the generated types.
//!
//! Generated objects implement [`FromMap`] instead of deriving `Deserialize`, so that unknown
//! properties are kept without `#[serde(flatten)]` (which buffers the whole object), and so that a
//! channel enum can read the CloudEvents `type` first and then hand the rest of the same map to the
//! struct of that type, buffering only the few attributes that precede `type`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// An object key or short string that borrows from the input when it can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key<'de>(Cow<'de, str>);

impl<'de> Key<'de> {
    /// Returns the text of the key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Returns the key as an owned string, copying it only when it is borrowed.
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(text)))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(text.to_owned())))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(text)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A type that the generated code reads from a JSON object, one key at a time.
pub trait FromMap<'de>: Sized {
    /// What the type expects, for the message when the input is not an object.
    const EXPECTING: &'static str;

    /// Reads the type from the entries of `map`.
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

struct MapVisitor<T>(PhantomData<T>);

impl<'de, T: FromMap<'de>> Visitor<'de> for MapVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// Deserializes a [`FromMap`] type; the generated `Deserialize` impls call this.
pub fn deserialize_map<'de, D: Deserializer<'de>, T: FromMap<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(MapVisitor(PhantomData))
}

/// Stores a field's value, rejecting a key that the object repeats.
pub fn set_once<E: de::Error, T>(slot: &mut Option<T>, value: T, key: &'static str) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(key));
    }
    *slot = Some(value);
    Ok(())
}

/// Returns a required field's value, or the error for the missing key.
pub fn required<E: de::Error, T>(slot: Option<T>, key: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(key))
}

/// Reads entries up to and including the CloudEvents `type`, and returns a map that yields the
/// entries read so far and then the rest of `map`, as if nothing had been read.
pub fn read_event_type<'de, A: MapAccess<'de>>(mut map: A) -> Result<ReplayMap<'de, A>, A::Error> {
    let mut buffered = Vec::new();
    loop {
        let Some(key) = map.next_key::<Key<'de>>()? else {
            return Err(de::Error::missing_field("type"));
        };
        if key.as_str() == "type" {
            let event_type: Key<'de> = map.next_value()?;
            return Ok(ReplayMap {
                buffered: buffered.into_iter(),
                event_type: Some(event_type.clone()),
                event_type_text: event_type,
                pending: None,
                rest: map,
            });
        }
        let value: Value = map.next_value()?;
        buffered.push((key, value));
    }
}

/// A map that replays buffered entries, then the `type` entry, then reads on from `rest`.
pub struct ReplayMap<'de, A> {
    buffered: std::vec::IntoIter<(Key<'de>, Value)>,
    event_type: Option<Key<'de>>,
    event_type_text: Key<'de>,
    pending: Option<Pending<'de>>,
    rest: A,
}

enum Pending<'de> {
    Buffered(Value),
    EventType(Key<'de>),
}

impl<'de, A> ReplayMap<'de, A> {
    /// Returns the CloudEvents type that was read.
    pub fn event_type(&self) -> &Key<'de> {
        &self.event_type_text
    }
}

fn key_deserializer<'de, E: de::Error>(key: Key<'de>) -> KeyDeserializer<'de, E> {
    match key.0 {
        Cow::Borrowed(text) => KeyDeserializer::Borrowed(BorrowedStrDeserializer::new(text)),
        Cow::Owned(text) => KeyDeserializer::Owned(text.into_deserializer()),
    }
}

enum KeyDeserializer<'de, E> {
    Borrowed(BorrowedStrDeserializer<'de, E>),
    Owned(StringDeserializer<E>),
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for ReplayMap<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.buffered.next() {
            self.pending = Some(Pending::Buffered(value));
            return deserialize_key(seed, key).map(Some);
        }
        if let Some(event_type) = self.event_type.take() {
            self.pending = Some(Pending::EventType(event_type));
            return seed.deserialize(BorrowedStrDeserializer::new("type")).map(Some);
        }
        self.rest.next_key_seed(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(Pending::Buffered(value)) => seed.deserialize(value).map_err(de::Error::custom),
            Some(Pending::EventType(event_type)) => deserialize_key(seed, event_type),
            None => self.rest.next_value_seed(seed),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.rest.size_hint().map(|rest| rest + self.buffered.len() + usize::from(self.event_type.is_some()))
    }
}

fn deserialize_key<'de, S: DeserializeSeed<'de>, E: de::Error>(seed: S, key: Key<'de>) -> Result<S::Value, E> {
    match key_deserializer::<E>(key) {
        KeyDeserializer::Borrowed(deserializer) => seed.deserialize(deserializer),
        KeyDeserializer::Owned(deserializer) => seed.deserialize(deserializer),
    }
}

/// Decodes JSON bytes into `T`, as `serde_json::from_slice` does, but faster on valid UTF-8.
///
/// `serde_json::from_slice` checks the UTF-8 of every string it reads, one string at a time, which
/// is about a fifth of the decoding time of a typical event. Checking the whole input once and
/// decoding it as `str` gives the same result for far less: the decoder then takes each string as
/// it is. Input that is not UTF-8 goes to `from_slice`, so its error names the same position.
pub fn from_bytes<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, serde_json::Error> {
    match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `from_bytes` must give what `serde_json::from_slice` gives, error text included.
    fn assert_same(bytes: &[u8]) {
        let fast = from_bytes::<Value>(bytes).map_err(|err| err.to_string());
        let plain = serde_json::from_slice::<Value>(bytes).map_err(|err| err.to_string());
        assert_eq!(fast, plain, "{}", String::from_utf8_lossy(bytes));
    }

    #[test]
    fn matches_from_slice() {
        let cases: &[&[u8]] = &[
            br#"{"id":"a","type":"t","data":{"list":[1,2.5,null,true]}}"#,
            "{\"name\":\"caf\u{e9} \u{1f600}\"}".as_bytes(),
            br#"{"escaped":"\u00e9\ud83d\ude00\n"}"#,
            br#"{"lone":"\ud800"}"#,
            br#"{"id":"a","#,
            br#"{"id":"a"} trailing"#,
            b"",
            b"\xef\xbb\xbf{}",
            // Not UTF-8: a stray continuation byte in a string, and a truncated sequence in a key.
            b"{\"id\":\"a\x80b\"}",
            b"{\"i\xc3\":1}",
            b"{\"id\":1}\xff",
        ];
        for case in cases {
            assert_same(case);
        }
    }
}
