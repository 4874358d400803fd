//! The generated web-integrations types on real events: each spec example decodes into the
//! variant of its own type and encodes back to the same JSON, unknown attributes and `data` fields
//! survive, and an event never decodes as another event's struct.

use qlik_events::web_integrations::{
    WebIntegrationCreated, WebIntegrationDeleted, WebIntegrationUpdated, WebIntegrationsEvent,
};
use qlik_events_tests::read_spec;
use serde_json::{Value, json};

/// Returns each spec example of the channel with the CloudEvents type of its message.
fn spec_examples() -> Vec<(String, Value)> {
    let spec = read_spec("spec/web-integrations.json");
    let messages = spec["components"]["messages"].as_object().expect("components.messages");
    let mut examples = Vec::new();
    for message in messages.values() {
        for example in message["examples"].as_array().expect("examples") {
            examples.push((message["name"].as_str().unwrap().to_owned(), example["payload"].clone()));
        }
    }
    assert_eq!(examples.len(), 3, "the spec has one example per event");
    examples
}

fn decode(value: &Value) -> WebIntegrationsEvent {
    WebIntegrationsEvent::from_slice(&serde_json::to_vec(value).unwrap()).unwrap_or_else(|err| panic!("{err}: {value}"))
}

fn variant_name(event: &WebIntegrationsEvent) -> &'static str {
    match event {
        WebIntegrationsEvent::WebIntegrationCreated(_) => "created",
        WebIntegrationsEvent::WebIntegrationDeleted(_) => "deleted",
        WebIntegrationsEvent::WebIntegrationUpdated(_) => "updated",
        WebIntegrationsEvent::Unknown(_) => "unknown",
    }
}

#[test]
fn examples_round_trip_through_own_variant() {
    for (event_type, example) in spec_examples() {
        let event = decode(&example);
        assert_eq!(event.event_type(), event_type);
        assert_eq!(Some(variant_name(&event)), event_type.rsplit('.').next(), "{event_type} decoded as {event:?}");
        assert_eq!(serde_json::to_value(&event).unwrap(), example, "{event_type} changed on the way back out");
    }
}

#[test]
fn unknown_attributes_and_data_fields_round_trip() {
    for (event_type, mut example) in spec_examples() {
        example["traceparent"] = json!("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        example["partitionkey"] = json!({"nested": [1, 2, 3]});
        example["data"]["addedLater"] = json!({"flag": true});
        if let Some(updates) = example["data"]["updates"].as_array_mut() {
            updates[0]["unit"] = json!("seconds");
        }

        let event = decode(&example);
        assert_eq!(event.event_type(), event_type);
        assert_ne!(variant_name(&event), "unknown");
        assert_eq!(serde_json::to_value(&event).unwrap(), example, "{event_type} lost data");
    }
}

#[test]
fn event_never_decodes_as_another_type() {
    let examples = spec_examples();
    for (event_type, example) in &examples {
        let created = serde_json::from_value::<WebIntegrationCreated>(example.clone());
        let deleted = serde_json::from_value::<WebIntegrationDeleted>(example.clone());
        let updated = serde_json::from_value::<WebIntegrationUpdated>(example.clone());
        assert_eq!(created.is_ok(), event_type == WebIntegrationCreated::TYPE, "{event_type} as created");
        assert_eq!(deleted.is_ok(), event_type == WebIntegrationDeleted::TYPE, "{event_type} as deleted");
        assert_eq!(updated.is_ok(), event_type == WebIntegrationUpdated::TYPE, "{event_type} as updated");
    }

    // An updated event keeps `data.updates` even though a deleted event's data would accept its `id`.
    let (_, updated) = examples.iter().find(|(event_type, _)| event_type == WebIntegrationUpdated::TYPE).unwrap();
    let WebIntegrationsEvent::WebIntegrationUpdated(event) = decode(updated) else { panic!("not decoded as updated") };
    assert_eq!(event.data.unwrap().updates[0].property.as_deref(), Some("name"));
}

#[test]
fn type_after_data_still_dispatches() {
    let (_, example) =
        spec_examples().into_iter().find(|(event_type, _)| event_type == WebIntegrationUpdated::TYPE).unwrap();
    let mut reordered = serde_json::Map::new();
    let object = example.as_object().unwrap();
    reordered.insert("data".to_owned(), object["data"].clone());
    for (key, value) in object.iter().rev() {
        reordered.entry(key.clone()).or_insert_with(|| value.clone());
    }
    let reordered = Value::Object(reordered);
    assert!(serde_json::to_string(&reordered).unwrap().starts_with("{\"data\""));

    let event = decode(&reordered);
    assert_eq!(variant_name(&event), "updated");
    assert_eq!(serde_json::to_value(&event).unwrap(), example);
}

#[test]
fn unknown_type_is_kept_whole() {
    let (_, mut example) = spec_examples().remove(0);
    example["type"] = json!("com.qlik.web-integration.archived");
    example["data"] = json!({"anything": ["goes", 1]});

    let event = decode(&example);
    let WebIntegrationsEvent::Unknown(unknown) = &event else { panic!("decoded as {event:?}") };
    assert_eq!(unknown.event_type(), "com.qlik.web-integration.archived");
    assert_eq!(serde_json::to_value(&event).unwrap(), example);
}

#[test]
fn missing_default_is_applied_by_getter() {
    let (_, mut example) = spec_examples().remove(0);
    example.as_object_mut().unwrap().remove("datacontenttype");
    let WebIntegrationsEvent::WebIntegrationCreated(event) = decode(&example) else { panic!("not created") };
    assert_eq!(event.datacontenttype, None);
    assert_eq!(event.datacontenttype_or_default(), "application/json");
    assert_eq!(serde_json::to_value(&event).unwrap(), example, "the default was written back out");
}

#[test]
fn malformed_events_are_errors() {
    let (_, example) = spec_examples().remove(0);

    let mut no_tenant = example.clone();
    no_tenant.as_object_mut().unwrap().remove("tenantid");
    let err = WebIntegrationsEvent::from_slice(&serde_json::to_vec(&no_tenant).unwrap()).unwrap_err();
    assert!(err.to_string().contains("missing field `tenantid`"), "{err}");

    let mut null_time = example.clone();
    null_time["time"] = Value::Null;
    assert!(
        WebIntegrationsEvent::from_slice(&serde_json::to_vec(&null_time).unwrap()).is_err(),
        "null accepted for a string"
    );

    let mut no_type = example.clone();
    no_type.as_object_mut().unwrap().remove("type");
    let err = WebIntegrationsEvent::from_slice(&serde_json::to_vec(&no_type).unwrap()).unwrap_err();
    assert!(err.to_string().contains("missing field `type`"), "{err}");

    let duplicate = br#"{"type":"com.qlik.web-integration.deleted","id":"a","id":"b","source":"s","specversion":"1.0","tenantid":"t"}"#;
    let err = WebIntegrationsEvent::from_slice(duplicate).unwrap_err();
    assert!(err.to_string().contains("duplicate field `id`"), "{err}");
}
