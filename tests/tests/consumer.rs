//! What a receiving service writes: parse a webhook body, match on the channel enum and read the
//! typed `data` fields.

use qlik_events::web_integrations::WebIntegrationsEvent;

/// Describes an event the way a service might log it.
fn describe(body: &[u8]) -> Result<String, serde_json::Error> {
    let event = WebIntegrationsEvent::from_slice(body)?;
    Ok(match event {
        WebIntegrationsEvent::WebIntegrationCreated(event) => {
            let data = event.data.expect("created events carry data");
            format!(
                "created {} ({}) for {} origins in tenant {}",
                data.name,
                data.id,
                data.valid_origins.len(),
                event.tenantid
            )
        }
        WebIntegrationsEvent::WebIntegrationDeleted(event) => {
            format!("deleted {}", event.data.map(|data| data.id).unwrap_or_default())
        }
        WebIntegrationsEvent::WebIntegrationUpdated(event) => {
            let data = event.data.expect("updated events carry data");
            let changes: Vec<String> = data
                .updates
                .iter()
                .map(|update| {
                    format!(
                        "{}: {:?} -> {:?}",
                        update.property.as_deref().unwrap_or("?"),
                        update.old_value,
                        update.new_value
                    )
                })
                .collect();
            format!("updated {}: {}", data.id, changes.join(", "))
        }
        WebIntegrationsEvent::Unknown(event) => format!("skipped unknown event type {}", event.event_type()),
    })
}

#[test]
fn consumer_matches_on_channel_enum() {
    let created = br#"{"id":"1","type":"com.qlik.web-integration.created","source":"com.qlik/x","specversion":"1.0","tenantid":"T","data":{"id":"w1","name":"Portal","validOrigins":["https://a.example","https://b.example"]}}"#;
    assert_eq!(describe(created).unwrap(), "created Portal (w1) for 2 origins in tenant T");

    let updated = br#"{"id":"2","type":"com.qlik.web-integration.updated","source":"com.qlik/x","specversion":"1.0","tenantid":"T","data":{"id":"w1","updates":[{"property":"name","oldValue":"Portal","newValue":"Gateway"}]}}"#;
    assert_eq!(describe(updated).unwrap(), "updated w1: name: Some(\"Portal\") -> Some(\"Gateway\")");

    let deleted = br#"{"id":"3","type":"com.qlik.web-integration.deleted","source":"com.qlik/x","specversion":"1.0","tenantid":"T","data":{"id":"w1"}}"#;
    assert_eq!(describe(deleted).unwrap(), "deleted w1");

    let other = br#"{"id":"4","type":"com.qlik.web-integration.renamed","source":"com.qlik/x","specversion":"1.0","tenantid":"T"}"#;
    assert_eq!(describe(other).unwrap(), "skipped unknown event type com.qlik.web-integration.renamed");

    assert!(describe(b"{\"id\":").is_err());
}
