//! Deterministic web-integrations events for the runtime benchmark: a seeded batch of mixed events
//! with a fixed share of invalid ones, an event with many `data.updates` entries and an event with
//! long strings. Every event is compact JSON with its keys in the order of the spec examples.

use qlik_events::web_integrations::{WebIntegrationCreated, WebIntegrationDeleted, WebIntegrationUpdated};
use serde_json::{Map, Value, json};

/// One event in this many is invalid, so 5% of a batch.
pub const INVALID_ONE_IN: usize = 20;

/// The event types of the web-integrations channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Created,
    Deleted,
    Updated,
}

impl EventKind {
    /// Returns the CloudEvents `type` of this kind of event.
    pub fn event_type(self) -> &'static str {
        match self {
            EventKind::Created => WebIntegrationCreated::TYPE,
            EventKind::Deleted => WebIntegrationDeleted::TYPE,
            EventKind::Updated => WebIntegrationUpdated::TYPE,
        }
    }

    /// Returns the kind whose CloudEvents `type` is `event_type`, if the channel defines it.
    pub fn from_event_type(event_type: &str) -> Option<EventKind> {
        [EventKind::Created, EventKind::Deleted, EventKind::Updated]
            .into_iter()
            .find(|kind| kind.event_type() == event_type)
    }
}

/// The defect put into an invalid event. Each one breaks the spec in a way that both the generated
/// validators and a JSON Schema validator must catch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flaw {
    /// `time` names a day that does not exist, such as 30 February 2026 (`format: date-time`).
    ImpossibleDate,
    /// `id`, `source` or `specversion` is the empty string (`minLength: 1`).
    EmptyRequiredString,
    /// `tenantid`, `source` or `data.id` is a number or an object, not a string (`type`).
    WrongJsonType,
    /// The required extension attribute `tenantid` is missing (`required`).
    MissingTenantid,
}

const FLAWS: [Flaw; 4] = [Flaw::ImpossibleDate, Flaw::EmptyRequiredString, Flaw::WrongJsonType, Flaw::MissingTenantid];

/// One generated event: its JSON bytes, the type it was built as, and its defect if it is invalid.
#[derive(Debug, Clone)]
pub struct SampleEvent {
    /// The type the event was built as, which is also its `type` attribute.
    pub kind: EventKind,
    /// The defect, or `None` for an event that meets the spec.
    pub flaw: Option<Flaw>,
    /// The event as compact JSON.
    pub json: Vec<u8>,
}

/// A splitmix64 generator, so the same seed always gives the same events on every platform.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut mixed = self.0;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        mixed ^ (mixed >> 31)
    }

    /// Returns a number in `0..bound`. The modulo bias is negligible for the small bounds used here.
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn hex(&mut self, digits: usize) -> String {
        (0..digits).map(|_| char::from_digit(self.below(16) as u32, 16).unwrap()).collect()
    }

    /// Returns an identifier in the style of Qlik's user and tenant ids, such as
    /// `UZhiEfgW2bLd7HgR-jjzAh6VnicipweT`.
    fn qlik_id(&mut self) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        (0..32).map(|_| char::from(ALPHABET[self.below(ALPHABET.len())])).collect()
    }
}

const SOURCES: [&str; 3] = ["com.qlik/web-integrations", "com.qlik/edge-auth", "com.qlik/tenants"];
const UPDATED_PROPERTIES: [&str; 3] = ["name", "validOrigins", "description"];

/// Builds `count` events of mixed types from `seed`: about half updates, 30% creations and 20%
/// deletions, about 475 bytes each on average. Exactly `count / INVALID_ONE_IN` of them are invalid, at
/// seeded positions, and their flaws take turns through every [`Flaw`].
pub fn batch(count: usize, seed: u64) -> Vec<SampleEvent> {
    let mut random = Random(seed);
    let mut invalid = vec![false; count];
    invalid[..count / INVALID_ONE_IN].fill(true);
    // Fisher-Yates shuffle, so the invalid events are spread over the batch.
    for index in (1..count).rev() {
        invalid.swap(index, random.below(index + 1));
    }

    let mut flaws = FLAWS.iter().copied().cycle();
    invalid
        .into_iter()
        .map(|is_invalid| {
            let kind = match random.below(10) {
                0..=4 => EventKind::Updated,
                5..=7 => EventKind::Created,
                _ => EventKind::Deleted,
            };
            let mut event = event(&mut random, kind);
            let flaw = if is_invalid { flaws.next() } else { None };
            if let Some(flaw) = flaw {
                break_event(&mut random, &mut event, flaw);
            }
            SampleEvent { kind, flaw, json: serde_json::to_vec(&event).expect("a JSON value serializes") }
        })
        .collect()
}

/// Builds the batch of the runtime benchmark: 100,000 events from a fixed seed.
pub fn benchmark_batch() -> Vec<SampleEvent> {
    batch(100_000, 0x5eed_0005)
}

/// Builds a valid `updated` event whose `data.updates` has `updates` entries.
pub fn event_with_updates(updates: usize) -> Vec<u8> {
    let mut random = Random(1);
    let mut event = event(&mut random, EventKind::Updated);
    event["data"]["updates"] = (0..updates).map(|index| update(&mut random, index)).collect();
    serde_json::to_vec(&event).expect("a JSON value serializes")
}

/// Builds a valid `created` event whose name, one origin, `source` and an extension attribute are
/// each about `chars` characters long, with some non-ASCII text and escaped quotes in them.
pub fn event_with_long_strings(chars: usize) -> Vec<u8> {
    let mut random = Random(2);
    let mut event = event(&mut random, EventKind::Created);
    let words = ["Web", "integration", "für", "Zürich", "\"quoted\"", "analytics", "東京"];
    let mut name = String::new();
    while name.chars().count() < chars {
        name.push_str(words[random.below(words.len())]);
        name.push(' ');
    }
    let path: String = (0..chars / 10).map(|index| format!("/segment{:02}", index % 100)).collect();
    event["source"] = json!(format!("com.qlik/web-integrations{path}"));
    event["data"]["name"] = json!(name);
    event["data"]["validOrigins"][0] = json!(format!("https://{}.example.com", "a".repeat(chars)));
    event.as_object_mut().expect("an event is an object").insert("comment".to_owned(), json!(name.to_uppercase()));
    serde_json::to_vec(&event).expect("a JSON value serializes")
}

/// Builds a valid event of `kind` with random contents.
fn event(random: &mut Random, kind: EventKind) -> Value {
    let mut event = Map::new();
    event.insert("id".to_owned(), json!(uuid(random)));
    let day = 1 + random.below(28);
    event.insert("time".to_owned(), json!(timestamp(random, day)));
    event.insert("type".to_owned(), json!(kind.event_type()));
    event.insert("source".to_owned(), json!(SOURCES[random.below(SOURCES.len())]));
    event.insert("specversion".to_owned(), json!("1.0"));
    event.insert("datacontenttype".to_owned(), json!("application/json"));
    if random.chance(90) {
        event.insert("userid".to_owned(), json!(random.qlik_id()));
    }
    event.insert("tenantid".to_owned(), json!(random.qlik_id()));
    // A CloudEvents distributed-tracing extension, which the spec does not define.
    if random.chance(30) {
        event.insert("traceparent".to_owned(), json!(format!("00-{}-{}-01", random.hex(32), random.hex(16))));
    }

    let id = random.hex(24);
    let data = match kind {
        EventKind::Created => {
            let origins: Vec<String> = (0..1 + random.below(3))
                .map(|index| format!("https://analytics{index}.tenant{}.example.com", random.below(1000)))
                .collect();
            json!({"id": id, "name": format!("Web integration {}", random.below(10_000)), "validOrigins": origins})
        }
        EventKind::Deleted => json!({"id": id}),
        EventKind::Updated => {
            let updates: Vec<Value> = (0..1 + random.below(2)).map(|index| update(random, index)).collect();
            json!({"id": id, "updates": updates})
        }
    };
    event.insert("data".to_owned(), data);
    Value::Object(event)
}

fn update(random: &mut Random, index: usize) -> Value {
    let property = UPDATED_PROPERTIES[random.below(UPDATED_PROPERTIES.len())];
    let number = random.below(10_000);
    json!({
        "newValue": format!("Web integration {number}.{}", index + 1),
        "oldValue": format!("Web integration {number}.{index}"),
        "property": property,
    })
}

fn uuid(random: &mut Random) -> String {
    format!("{}-{}-4{}-a{}-{}", random.hex(8), random.hex(4), random.hex(3), random.hex(3), random.hex(12))
}

/// Returns an RFC 3339 time with milliseconds in February 2026 on `day`, which is valid for days
/// 1 to 28 only, because 2026 is not a leap year.
fn timestamp(random: &mut Random, day: usize) -> String {
    let (hour, minute, second, millis) = (random.below(24), random.below(60), random.below(60), random.below(1000));
    format!("2026-02-{day:02}T{hour:02}:{minute:02}:{second:02}.{millis:03}Z")
}

/// Puts `flaw` into a valid event.
fn break_event(random: &mut Random, event: &mut Value, flaw: Flaw) {
    let attributes = event.as_object_mut().expect("an event is an object");
    match flaw {
        Flaw::ImpossibleDate => {
            let day = 29 + random.below(3);
            attributes.insert("time".to_owned(), json!(timestamp(random, day)));
        }
        Flaw::EmptyRequiredString => {
            let key = ["id", "source", "specversion"][random.below(3)];
            attributes.insert(key.to_owned(), json!(""));
        }
        Flaw::WrongJsonType => match random.below(3) {
            0 => {
                attributes.insert("tenantid".to_owned(), json!(random.below(1_000_000)));
            }
            1 => {
                attributes.insert("source".to_owned(), json!({"service": "web-integrations"}));
            }
            _ => {
                event["data"]["id"] = json!(random.below(1_000_000));
            }
        },
        Flaw::MissingTenantid => {
            attributes.shift_remove("tenantid");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_is_deterministic() {
        let first: Vec<Vec<u8>> = batch(500, 7).into_iter().map(|event| event.json).collect();
        let second: Vec<Vec<u8>> = batch(500, 7).into_iter().map(|event| event.json).collect();
        assert_eq!(first, second);
    }

    #[test]
    fn batch_has_five_percent_invalid() {
        let events = batch(10_000, 7);
        let invalid = events.iter().filter(|event| event.flaw.is_some()).count();
        assert_eq!(invalid, 500);
        for flaw in FLAWS {
            let count = events.iter().filter(|event| event.flaw == Some(flaw)).count();
            assert_eq!(count, 125, "{flaw:?}");
        }
    }

    #[test]
    fn batch_events_average_470_bytes() {
        let events = batch(10_000, 7);
        let mean = events.iter().map(|event| event.json.len()).sum::<usize>() / events.len();
        assert!((440..=500).contains(&mean), "mean event size is {mean} bytes");
    }

    #[test]
    fn batch_types_match_kinds() {
        for event in batch(1_000, 7) {
            let value: Value = serde_json::from_slice(&event.json).unwrap();
            assert_eq!(EventKind::from_event_type(value["type"].as_str().unwrap()), Some(event.kind));
        }
    }

    #[test]
    fn large_events_have_expected_sizes() {
        let updates: Value = serde_json::from_slice(&event_with_updates(200)).unwrap();
        assert_eq!(updates["data"]["updates"].as_array().unwrap().len(), 200);
        let long = event_with_long_strings(16_000);
        assert!(long.len() > 40_000, "the long-string event has only {} bytes", long.len());
    }
}
