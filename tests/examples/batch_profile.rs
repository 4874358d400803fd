//! Runs one approach of the runtime benchmark over its batch, for callgrind. Instruction counts
//! repeat from run to run on a busy machine, where criterion's times vary by a third.
//!
//! A second argument, `--valid` or `--invalid`, keeps only those events of the batch.
//!
//! ```sh
//! cargo build --profile bench -p qlik-events-tests --example batch_profile
//! valgrind --tool=callgrind target/release/examples/batch_profile parse
//! ```

use qlik_events::web_integrations::{
    WebIntegrationCreated, WebIntegrationDeleted, WebIntegrationUpdated, WebIntegrationsEvent,
};
use qlik_events_tests::sample_events::{self, EventKind};
use std::hint::black_box;

fn main() {
    let approach = std::env::args().nth(1).unwrap_or_default();
    let selection = std::env::args().nth(2).unwrap_or_default();
    let mut events = sample_events::benchmark_batch();
    match selection.as_str() {
        "--valid" => events.retain(|event| event.flaw.is_none()),
        "--invalid" => events.retain(|event| event.flaw.is_some()),
        _ => {}
    }
    let accepted = match approach.as_str() {
        "parse" => events.iter().filter(|event| WebIntegrationsEvent::parse(black_box(&event.json)).is_ok()).count(),
        "from_slice" => {
            events.iter().filter(|event| WebIntegrationsEvent::from_slice(black_box(&event.json)).is_ok()).count()
        }
        "known_struct" => events
            .iter()
            .filter(|event| {
                let bytes = black_box(&event.json);
                match event.kind {
                    EventKind::Created => serde_json::from_slice::<WebIntegrationCreated>(bytes).is_ok(),
                    EventKind::Deleted => serde_json::from_slice::<WebIntegrationDeleted>(bytes).is_ok(),
                    EventKind::Updated => serde_json::from_slice::<WebIntegrationUpdated>(bytes).is_ok(),
                }
            })
            .count(),
        "none" => 0,
        other => {
            eprintln!("unknown approach `{other}`: expected parse, from_slice, known_struct or none");
            std::process::exit(2);
        }
    };
    println!("{approach}: {accepted} of {} events accepted", events.len());
}
