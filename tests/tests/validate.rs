//! The channel entry point `parse` on hand-made events: every violation comes back with its JSON
//! Pointer and keyword, and broken input is reported, never a panic.

use qlik_events::support::ValidationErrors;
use qlik_events::web_integrations::WebIntegrationsEvent;
use serde_json::{Value, json};

fn created() -> Value {
    json!({
        "id": "A234-1234-1234",
        "time": "2026-01-01T12:00:00Z",
        "type": "com.qlik.web-integration.created",
        "source": "com.qlik/my-service",
        "specversion": "1.0",
        "tenantid": "VZhiEfgW2bLd7HgR-jjzAh6VnicipweT",
        "data": {"id": "id123", "name": "Api client 1", "validOrigins": ["http://unicorn.com"]}
    })
}

fn parse_error(bytes: &[u8]) -> ValidationErrors {
    match WebIntegrationsEvent::parse(bytes) {
        Ok(event) => panic!("expected an error, got {event:?}"),
        Err(errors) => errors,
    }
}

fn found(errors: &ValidationErrors) -> Vec<(String, &'static str)> {
    errors.errors().iter().map(|error| (error.pointer.clone(), error.keyword)).collect()
}

#[test]
fn valid_event_parses() {
    let event = WebIntegrationsEvent::parse(created().to_string().as_bytes()).unwrap();
    assert_eq!(event.event_type(), "com.qlik.web-integration.created");
}

#[test]
fn truncated_event_names_pointer() {
    let text = created().to_string();
    let cut = &text[..text.find("Api client").unwrap()];
    let errors = parse_error(cut.as_bytes());
    assert_eq!(found(&errors), [("/data/name".to_owned(), "syntax")]);
}

#[test]
fn data_as_string_names_pointer() {
    let mut event = created();
    event["data"] = json!("not an object");
    let errors = parse_error(event.to_string().as_bytes());
    assert_eq!(found(&errors), [("/data".to_owned(), "type")]);
    assert!(errors.to_string().contains("\"not an object\""), "{errors}");
}

#[test]
fn missing_tenantid_names_pointer() {
    let mut event = created();
    event.as_object_mut().unwrap().remove("tenantid");
    let errors = parse_error(event.to_string().as_bytes());
    assert_eq!(found(&errors), [(String::new(), "required")]);
    assert!(errors.errors()[0].message.contains("/tenantid"), "{errors}");
}

#[test]
fn every_violation_is_reported() {
    let mut event = created();
    event["id"] = json!("");
    event["time"] = json!("2026-02-30T00:00:00Z");
    event["source"] = json!("not a uri reference\\");
    let errors = parse_error(event.to_string().as_bytes());
    let expected = [("/id", "minLength"), ("/time", "format"), ("/source", "format")];
    assert_eq!(found(&errors), expected.map(|(pointer, keyword)| (pointer.to_owned(), keyword)));
    let shown = errors.to_string();
    assert!(shown.contains("3 problems"), "{shown}");
    assert!(shown.contains("\"2026-02-30T00:00:00Z\" is not a valid date-time"), "{shown}");
}

#[test]
fn slow_path_reports_all_problems() {
    let mut event = created();
    event["id"] = json!(12);
    event["data"]["validOrigins"] = json!(["ok", 7]);
    event["data"].as_object_mut().unwrap().remove("name");
    let errors = parse_error(event.to_string().as_bytes());
    let expected = [("/id", "type"), ("/data", "required"), ("/data/validOrigins/1", "type")];
    assert_eq!(found(&errors), expected.map(|(pointer, keyword)| (pointer.to_owned(), keyword)));
}

#[test]
fn updates_item_pointer() {
    let mut event = created();
    event["type"] = json!("com.qlik.web-integration.updated");
    event["data"] = json!({"id": "w", "updates": [{"property": "name"}, {"property": false}]});
    let errors = parse_error(event.to_string().as_bytes());
    assert_eq!(found(&errors), [("/data/updates/1/property".to_owned(), "type")]);
}

#[test]
fn long_values_are_cut_in_messages() {
    let mut event = created();
    event["time"] = json!("x".repeat(500));
    let errors = parse_error(event.to_string().as_bytes());
    let message = &errors.errors()[0].message;
    assert!(message.len() < 120, "{message}");
    assert!(message.contains('…'), "{message}");
}

#[test]
fn unknown_event_type_is_not_checked() {
    let mut event = created();
    event["type"] = json!("com.qlik.web-integration.renamed");
    event["id"] = json!("");
    let parsed = WebIntegrationsEvent::parse(event.to_string().as_bytes()).unwrap();
    assert!(matches!(parsed, WebIntegrationsEvent::Unknown(_)));
}

#[test]
fn not_json_at_all() {
    let errors = parse_error(b"");
    assert_eq!(found(&errors), [(String::new(), "syntax")]);
    let errors = parse_error(b"[1, 2]");
    assert_eq!(found(&errors), [(String::new(), "type")]);
}

#[test]
fn repeated_key_is_rejected() {
    let text = created().to_string().replacen(r#""id":"A234-1234-1234""#, r#""id":"A1","id":"A2""#, 1);
    assert!(text.contains(r#""id":"A1","id":"A2""#), "{text}");
    assert!(WebIntegrationsEvent::from_slice(text.as_bytes()).is_err(), "from_slice rejects a repeated key");

    let errors = parse_error(text.as_bytes());
    assert_eq!(found(&errors), [("/id".to_owned(), "rust-type")]);
    assert!(errors.errors()[0].message.contains(r#"duplicate key "id""#), "{errors}");
}
