//! Validating a decoded valid event allocates nothing: a counting global allocator counts the
//! allocations made while the generated `validate` runs.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use qlik_events::support::Validate;
use qlik_events::web_integrations::WebIntegrationsEvent;
use qlik_events_tests::read_spec;

struct CountingAllocator;

thread_local! {
    /// Allocations made by this thread. Counting per thread keeps tests that run at the same time
    /// out of each other's counts; the const initializer itself never allocates.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with` fails only while the thread is being torn down, when nothing is measured.
    let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counter has no effect on
// the memory handed out.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn allocations_during(work: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    work();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn valid_events_validate_without_allocating() {
    let spec = read_spec("spec/web-integrations.json");
    let mut checked = 0;
    for message in spec["components"]["messages"].as_object().unwrap().values() {
        for example in message["examples"].as_array().unwrap() {
            let bytes = serde_json::to_vec(&example["payload"]).unwrap();
            let event = WebIntegrationsEvent::from_slice(&bytes).unwrap();
            // The first call also compiles any `pattern` regex, once; the second shows the steady state.
            event.validate().unwrap();
            let count = allocations_during(|| event.validate().unwrap());
            assert_eq!(count, 0, "validating {} allocated {count} times", event.event_type());
            checked += 1;
        }
    }
    assert_eq!(checked, 3);
}

#[test]
fn invalid_event_allocates_for_its_report() {
    let bytes =
        br#"{"id":"","type":"com.qlik.web-integration.deleted","source":"s","specversion":"1.0","tenantid":"T"}"#;
    let event = WebIntegrationsEvent::from_slice(bytes).unwrap();
    let count = allocations_during(|| assert!(event.validate().is_err()));
    assert!(count > 0, "the counter must see the allocations of an error report");
}
