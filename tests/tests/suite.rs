//! The JSON Schema Test Suite (draft 7) as an oracle. The real generator made every schema group
//! into a payload type in `tests/suite/`. Each test's `data` goes through the channel's `parse`
//! entry point, whose verdict must equal the suite's `valid`.

#![allow(missing_docs)]

use qlik_events::support::ValidationErrors;
use qlik_events_tests::suite::{self, Group};
use serde_json::json;

// Generated modules refer to their run-time support as `crate::support`.
#[allow(unused_imports)]
use qlik_events::support;

#[rustfmt::skip]
#[allow(clippy::all, dead_code)]
#[path = "../suite/src/events/mod.rs"]
mod events;

type ParseFn = fn(&[u8]) -> Result<(), ValidationErrors>;

macro_rules! channels {
    ($( $name:literal => $module:ident :: $event:ident, )*) => {
        &[$( ($name, |bytes| events::$module::$event::parse(bytes).map(|_| ())) ),*]
    };
}

/// The `parse` function of each suite file's channel, by the channel's short name.
const CHANNELS: &[(&str, ParseFn)] = channels! {
    "additionalProperties-cases" => additional_properties_cases::AdditionalPropertiesCasesEvent,
    "allOf-cases" => all_of_cases::AllOfCasesEvent,
    "anyOf-cases" => any_of_cases::AnyOfCasesEvent,
    "boolean_schema-cases" => boolean_schema_cases::BooleanSchemaCasesEvent,
    "const-cases" => const_cases::ConstCasesEvent,
    "default-cases" => default_cases::DefaultCasesEvent,
    "definitions-cases" => definitions_cases::DefinitionsCasesEvent,
    "enum-cases" => enum_cases::EnumCasesEvent,
    "exclusiveMaximum-cases" => exclusive_maximum_cases::ExclusiveMaximumCasesEvent,
    "exclusiveMinimum-cases" => exclusive_minimum_cases::ExclusiveMinimumCasesEvent,
    "format-date-cases" => format_date_cases::FormatDateCasesEvent,
    "format-date-time-cases" => format_date_time_cases::FormatDateTimeCasesEvent,
    "format-uri-reference-cases" => format_uri_reference_cases::FormatUriReferenceCasesEvent,
    "items-cases" => items_cases::ItemsCasesEvent,
    "maxItems-cases" => max_items_cases::MaxItemsCasesEvent,
    "maxLength-cases" => max_length_cases::MaxLengthCasesEvent,
    "maximum-cases" => maximum_cases::MaximumCasesEvent,
    "minItems-cases" => min_items_cases::MinItemsCasesEvent,
    "minLength-cases" => min_length_cases::MinLengthCasesEvent,
    "minimum-cases" => minimum_cases::MinimumCasesEvent,
    "multipleOf-cases" => multiple_of_cases::MultipleOfCasesEvent,
    "oneOf-cases" => one_of_cases::OneOfCasesEvent,
    "pattern-cases" => pattern_cases::PatternCasesEvent,
    "properties-cases" => properties_cases::PropertiesCasesEvent,
    "ref-cases" => ref_cases::RefCasesEvent,
    "required-cases" => required_cases::RequiredCasesEvent,
    "type-cases" => type_cases::TypeCasesEvent,
    "uniqueItems-cases" => unique_items_cases::UniqueItemsCasesEvent,
};

fn parse_fn(group: &Group) -> ParseFn {
    let name = suite::channel_name(&group.file);
    CHANNELS
        .iter()
        .find(|(channel, _)| *channel == name)
        .map(|(_, parse)| *parse)
        .unwrap_or_else(|| panic!("add channel {name} of {} to CHANNELS in tests/tests/suite.rs", group.file))
}

#[test]
fn suite_verdicts_match() {
    let groups = suite::read_groups();
    let (mut passed, mut skipped, mut total) = (0, 0, 0);
    let mut failures = Vec::new();
    for group in &groups {
        total += group.tests.len();
        if group.skipped.is_some() {
            skipped += group.tests.len();
            continue;
        }
        let parse = parse_fn(group);
        for case in &group.tests {
            let event = json!({"type": suite::event_type(group), "data": case.data});
            let verdict = parse(event.to_string().as_bytes());
            if verdict.is_ok() == case.valid {
                passed += 1;
            } else {
                let errors = verdict.err().map(|errors| errors.to_string()).unwrap_or_default();
                failures.push(format!(
                    "{} / {} / {}: expected valid={}, data {}\n    {errors}",
                    group.file, group.description, case.description, case.valid, case.data
                ));
            }
        }
    }
    eprintln!("suite: {total} cases, {passed} passed, {skipped} skipped, {} failed", failures.len());
    assert!(failures.is_empty(), "{} suite cases disagree:\n{}", failures.len(), failures.join("\n"));
    assert!(skipped * 20 <= total, "{skipped} of {total} cases are skipped, more than 5%");
}

#[test]
fn skip_list_names_real_groups() {
    let groups = suite::read_groups();
    for (file, description, _) in suite::SKIPPED_GROUPS {
        assert!(
            groups.iter().any(|group| group.file == *file && group.description == *description),
            "skip list entry {file} / {description} matches no group"
        );
    }
}
