//! Cost of reading web-integrations events, four ways on the same bytes:
//!
//! - `parse`: the generated `WebIntegrationsEvent::parse`, which decodes, dispatches on the
//!   CloudEvents `type`, validates and collects every error;
//! - `value_jsonschema`: `serde_json::Value` plus the jsonschema crate's draft-7 validator of the
//!   event's type with formats on, built before timing; the verdict is `is_valid`;
//! - `known_struct`: plain `serde_json::from_slice` into the generated struct of the event's type,
//!   with no dispatch and no validation, the baseline for every ratio;
//! - `from_slice`: the generated `WebIntegrationsEvent::from_slice`, which dispatches but does not
//!   validate.
//!
//! The inputs are the spec examples, an event with 200 `data.updates` entries, an event with long
//! strings and a seeded batch of 100,000 mixed events, 5% of them invalid. Before timing, the
//! benchmark checks that `parse` and jsonschema agree on every batch event.
//!
//! Run with `cargo bench -p qlik-events-tests --bench runtime`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main, measurement::WallTime,
};
use qlik_events::web_integrations::{
    WebIntegrationCreated, WebIntegrationDeleted, WebIntegrationUpdated, WebIntegrationsEvent,
};
use qlik_events_tests::read_spec;
use qlik_events_tests::sample_events::{self, EventKind, SampleEvent};
use serde_json::{Value, json};

const UPDATES: usize = 200;
const LONG_STRING_CHARS: usize = 16_000;

/// One jsonschema validator per event type of the channel, built from the spec's payload schemas.
struct SchemaValidators {
    by_type: Vec<(String, jsonschema::Validator)>,
}

impl SchemaValidators {
    fn build(spec: &Value) -> SchemaValidators {
        let messages = spec["components"]["messages"].as_object().expect("the spec has components.messages");
        let by_type = messages
            .iter()
            .map(|(key, message)| {
                let event_type = message["name"].as_str().expect("each message has a name").to_owned();
                let pointer = format!("#/components/messages/{}/payload", key.replace('~', "~0").replace('/', "~1"));
                // Draft 7 ignores keywords beside `$ref`, so the reference goes inside `allOf`.
                let schema = json!({"allOf": [{"$ref": pointer}], "components": spec["components"]});
                let validator = jsonschema::draft7::options()
                    .should_validate_formats(true)
                    .build(&schema)
                    .unwrap_or_else(|err| panic!("the payload schema of {key} does not build: {err}"));
                (event_type, validator)
            })
            .collect();
        SchemaValidators { by_type }
    }

    /// Reads `bytes` as a `Value` and checks it with the validator of its `type`. An event of a
    /// type the spec does not define counts as valid, as `parse` treats it.
    fn is_valid(&self, bytes: &[u8]) -> bool {
        let Ok(event) = serde_json::from_slice::<Value>(bytes) else {
            return false;
        };
        let Some(event_type) = event.get("type").and_then(Value::as_str) else {
            return false;
        };
        match self.by_type.iter().find(|(known, _)| known == event_type) {
            Some((_, validator)) => validator.is_valid(&event),
            None => true,
        }
    }
}

/// Decodes `bytes` into the generated struct of `kind` with plain serde, and returns whether it decoded.
fn decodes_as_known_struct(kind: EventKind, bytes: &[u8]) -> bool {
    match kind {
        EventKind::Created => black_box(serde_json::from_slice::<WebIntegrationCreated>(bytes)).is_ok(),
        EventKind::Deleted => black_box(serde_json::from_slice::<WebIntegrationDeleted>(bytes)).is_ok(),
        EventKind::Updated => black_box(serde_json::from_slice::<WebIntegrationUpdated>(bytes)).is_ok(),
    }
}

/// Panics at the first batch event on which the approaches disagree. `parse` and jsonschema must
/// give the same verdict, and it must match whether the event was built with a flaw. Every valid
/// event must decode into its own struct and into the right variant of the channel enum.
fn check_verdicts(batch: &[SampleEvent], validators: &SchemaValidators) {
    for (index, event) in batch.iter().enumerate() {
        let text = String::from_utf8_lossy(&event.json);
        let parsed = WebIntegrationsEvent::parse(&event.json);
        let jsonschema_valid = validators.is_valid(&event.json);
        assert_eq!(
            parsed.is_ok(),
            jsonschema_valid,
            "batch event {index} ({:?}, flaw {:?}): parse returned {parsed:?}, jsonschema valid = {jsonschema_valid}: {text}",
            event.kind,
            event.flaw,
        );
        assert_eq!(
            jsonschema_valid,
            event.flaw.is_none(),
            "batch event {index} ({:?}, flaw {:?}) was built {} but jsonschema calls it {}: {text}",
            event.kind,
            event.flaw,
            if event.flaw.is_none() { "valid" } else { "invalid" },
            if jsonschema_valid { "valid" } else { "invalid" },
        );
        if event.flaw.is_some() {
            continue;
        }
        assert!(
            decodes_as_known_struct(event.kind, &event.json),
            "valid batch event {index} ({:?}) does not decode into its struct: {text}",
            event.kind,
        );
        let dispatched = WebIntegrationsEvent::from_slice(&event.json)
            .unwrap_or_else(|err| panic!("valid batch event {index} does not decode with from_slice: {err}: {text}"));
        assert_eq!(dispatched.event_type(), event.kind.event_type(), "batch event {index} went to the wrong variant");
    }
    let invalid = batch.iter().filter(|event| event.flaw.is_some()).count();
    eprintln!("checked {} batch events, {invalid} of them invalid: every approach agrees", batch.len());
}

/// Adds the four approaches on one event to `group`.
fn bench_one_event(
    group: &mut BenchmarkGroup<'_, WallTime>,
    validators: &SchemaValidators,
    kind: EventKind,
    bytes: &[u8],
) {
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("parse", |b| b.iter(|| WebIntegrationsEvent::parse(black_box(bytes))));
    group.bench_function("value_jsonschema", |b| b.iter(|| validators.is_valid(black_box(bytes))));
    group.bench_function("known_struct", |b| b.iter(|| decodes_as_known_struct(kind, black_box(bytes))));
    group.bench_function("from_slice", |b| b.iter(|| WebIntegrationsEvent::from_slice(black_box(bytes))));
}

fn single_events(c: &mut Criterion) {
    let spec = read_spec("spec/web-integrations.json");
    let validators = SchemaValidators::build(&spec);

    let messages = spec["components"]["messages"].as_object().expect("the spec has components.messages");
    for message in messages.values() {
        let event_type = message["name"].as_str().expect("each message has a name");
        let kind = EventKind::from_event_type(event_type).expect("the generated crate knows every spec message");
        let bytes = serde_json::to_vec(&message["examples"][0]["payload"]).expect("a JSON value serializes");
        assert!(validators.is_valid(&bytes), "the spec example of {event_type} is invalid");
        let short_name = event_type.rsplit('.').next().expect("rsplit yields at least one part");
        let mut group = c.benchmark_group(format!("example_{short_name}"));
        bench_one_event(&mut group, &validators, kind, &bytes);
        group.finish();
    }

    let with_updates = sample_events::event_with_updates(UPDATES);
    let mut group = c.benchmark_group(format!("updates_{UPDATES}"));
    bench_one_event(&mut group, &validators, EventKind::Updated, &with_updates);
    group.finish();

    let long_strings = sample_events::event_with_long_strings(LONG_STRING_CHARS);
    let mut group = c.benchmark_group("long_strings");
    bench_one_event(&mut group, &validators, EventKind::Created, &long_strings);
    group.finish();
}

fn batch(c: &mut Criterion) {
    let validators = SchemaValidators::build(&read_spec("spec/web-integrations.json"));
    let events = sample_events::benchmark_batch();
    check_verdicts(&events, &validators);

    let mut group = c.benchmark_group("batch_100k");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(events.len() as u64));
    // Each routine returns how many events it accepted, so no result can be optimized away.
    group.bench_function("parse", |b| {
        b.iter(|| events.iter().filter(|event| WebIntegrationsEvent::parse(black_box(&event.json)).is_ok()).count())
    });
    group.bench_function("value_jsonschema", |b| {
        b.iter(|| events.iter().filter(|event| validators.is_valid(black_box(&event.json))).count())
    });
    group.bench_function("known_struct", |b| {
        b.iter(|| events.iter().filter(|event| decodes_as_known_struct(event.kind, black_box(&event.json))).count())
    });
    group.bench_function("from_slice", |b| {
        b.iter(|| {
            events.iter().filter(|event| WebIntegrationsEvent::from_slice(black_box(&event.json)).is_ok()).count()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    // Short windows, fewer bootstrap resamples and no plots keep the whole run within a few minutes
    // on two cores. The medians do not depend on the resample count, only their confidence intervals.
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .nresamples(20_000)
        .without_plots();
    targets = single_events, batch
}
criterion_main!(benches);
