//! Lowers the keywords that no Rust type enforces into [`Untyped`], for schemas whose value the
//! generated code keeps as a `serde_json::Value` and checks as JSON.

use serde_json::Value;

use super::{Folded, SchemaLowerer, plain_schema};
use crate::error::Result;
use crate::model::{Items, JsonType, Schema, Ty, Untyped};

/// Object and array keywords that make a schema without `type` need JSON checks.
const SHAPE_KEYWORDS: &[&str] =
    &["additionalProperties", "patternProperties", "minProperties", "maxProperties", "items", "additionalItems"];

/// Returns whether the folded schema needs checks on the JSON value rather than a Rust type.
/// That is so for applicators, several types, only `null`, object or array keywords without a
/// matching `type`, a required property that `properties` does not define, and object and array
/// forms that no generated Rust type has yet.
pub(super) fn needs_json_checks(folded: &Folded, type_names: &[String]) -> bool {
    let has = |key: &str| folded.get(key).is_some();
    if has("anyOf") || has("oneOf") || has("not") || has("patternProperties") || has("additionalItems") {
        return true;
    }
    // An object with a schema for other properties is a typed struct or map; without `type`, the
    // keyword applies only to objects and is checked as JSON.
    let typed_object = matches!(type_names, [only] if only == "object");
    if folded.get("additionalProperties").is_some_and(Value::is_object) && !typed_object {
        return true;
    }
    if folded.get("items").is_some_and(Value::is_array) {
        return true;
    }
    let undefined_required =
        folded.required.iter().any(|name| !folded.properties.iter().any(|(defined, _)| defined == name));
    match type_names {
        [only] if only == "object" => undefined_required,
        [] => {
            let only_null = folded.get("type").is_some();
            let shaped = !folded.properties.is_empty()
                || !folded.required.is_empty()
                || SHAPE_KEYWORDS.iter().any(|key| has(key));
            only_null || shaped
        }
        [_] => false,
        _ => true,
    }
}

/// Returns the schema of a `$ref` back to the enclosing schema at `pointer`.
pub(super) fn recursive_ref(pointer: &str) -> Schema {
    let mut schema = plain_schema(Ty::Any, pointer);
    schema.constraints.untyped =
        Some(Box::new(Untyped { recursive_ref: Some(pointer.to_owned()), ..Untyped::default() }));
    schema
}

/// Rejects a `pattern` or `patternProperties` key that the `regex` crate cannot compile, such as
/// one with look-around or backreferences, which ECMA-262 allows.
pub(super) fn check_pattern(lowerer: &SchemaLowerer, pattern: &str, pointer: &str) -> Result<()> {
    match regex::Regex::new(pattern) {
        Ok(_) => Ok(()),
        Err(err) => Err(lowerer
            .error(pointer, format!("the pattern {pattern:?} is not supported: {err}"))
            .hint("rewrite it without look-around or backreferences, which the regex crate lacks")),
    }
}

impl SchemaLowerer<'_> {
    /// Lowers the keywords of a schema that gets JSON checks.
    pub(super) fn lower_untyped(
        &mut self,
        folded: &Folded,
        type_names: &[String],
        nullable: bool,
        pointer: &str,
        name_hint: &str,
        depth: usize,
    ) -> Result<Untyped> {
        let mut types = Vec::new();
        for name in type_names {
            types.push(self.json_type(name, pointer)?);
        }
        if nullable {
            types.push(JsonType::Null);
        }
        let count = |key: &str| folded.get(key).and_then(super::as_count);

        let own_at = crate::resolve::push_pointer(pointer, "properties");
        let mut own_properties = Vec::new();
        let mut properties = Vec::new();
        for (name, definitions) in &folded.properties {
            if definitions.iter().any(|(_, at)| *at == crate::resolve::push_pointer(&own_at, name)) {
                own_properties.push(name.clone());
            }
            let hint = format!("{name_hint}{}", crate::ident::type_name(name));
            properties.push((name.clone(), self.lower_definitions(definitions, &hint, depth)?));
        }
        let mut pattern_properties = Vec::new();
        if let Some((_, Value::Object(patterns), at)) = self.keyword(folded, "patternProperties") {
            for (index, (pattern, schema)) in patterns.iter().enumerate() {
                let schema_at = crate::resolve::push_pointer(&at, pattern);
                check_pattern(self, pattern, &schema_at)?;
                let hint = format!("{name_hint}Pattern{index}");
                pattern_properties.push((pattern.clone(), self.lower(schema, &schema_at, &hint, depth + 1)?));
            }
        }
        let additional_properties = self.optional_subschema(folded, "additionalProperties", name_hint, depth)?;

        let items = match self.keyword(folded, "items") {
            None => Items::Any,
            Some((_, Value::Array(schemas), at)) => {
                let mut lowered = Vec::new();
                for (index, schema) in schemas.iter().enumerate() {
                    let hint = format!("{name_hint}Item{index}");
                    lowered.push(self.lower(schema, &format!("{at}/{index}"), &hint, depth + 1)?);
                }
                Items::Tuple(lowered)
            }
            Some((_, schema, at)) => {
                Items::All(Box::new(self.lower(&schema, &at, &format!("{name_hint}Item"), depth + 1)?))
            }
        };
        let additional_items = self.optional_subschema(folded, "additionalItems", name_hint, depth)?;

        Ok(Untyped {
            types,
            properties,
            required: folded.required.clone(),
            pattern_properties,
            additional_properties,
            own_properties,
            min_properties: count("minProperties"),
            max_properties: count("maxProperties"),
            items,
            additional_items,
            any_of: self.subschema_list(folded, "anyOf", name_hint, depth)?,
            one_of: self.subschema_list(folded, "oneOf", name_hint, depth)?,
            not: self.optional_subschema(folded, "not", name_hint, depth)?,
            recursive_ref: None,
        })
    }

    fn json_type(&self, name: &str, pointer: &str) -> Result<JsonType> {
        Ok(match name {
            "null" => JsonType::Null,
            "boolean" => JsonType::Boolean,
            "integer" => JsonType::Integer,
            "number" => JsonType::Number,
            "string" => JsonType::String,
            "array" => JsonType::Array,
            "object" => JsonType::Object,
            other => {
                return Err(self
                    .error(pointer, format!("the type `{other}` is not supported"))
                    .hint("use null, boolean, integer, number, string, array or object"));
            }
        })
    }

    fn keyword(&self, folded: &Folded, key: &str) -> Option<(String, Value, String)> {
        folded.keywords.iter().find(|(name, ..)| name == key).cloned()
    }

    /// Lowers a keyword whose value is one schema, such as `not`. `true` means no check at all.
    fn optional_subschema(
        &mut self,
        folded: &Folded,
        key: &str,
        name_hint: &str,
        depth: usize,
    ) -> Result<Option<Box<Schema>>> {
        match self.keyword(folded, key) {
            None | Some((_, Value::Bool(true), _)) => Ok(None),
            Some((_, schema, at)) => {
                let hint = format!("{name_hint}{}", crate::ident::type_name(key));
                Ok(Some(Box::new(self.lower(&schema, &at, &hint, depth + 1)?)))
            }
        }
    }

    /// Lowers a keyword whose value is a list of schemas, such as `anyOf`.
    fn subschema_list(&mut self, folded: &Folded, key: &str, name_hint: &str, depth: usize) -> Result<Vec<Schema>> {
        let Some((_, value, at)) = self.keyword(folded, key) else { return Ok(Vec::new()) };
        let Value::Array(schemas) = value else {
            return Err(self.error(&at, format!("{key} must be an array of schemas")));
        };
        let mut lowered = Vec::new();
        for (index, schema) in schemas.iter().enumerate() {
            let hint = format!("{name_hint}{}{index}", crate::ident::type_name(key));
            lowered.push(self.lower(schema, &format!("{at}/{index}"), &hint, depth + 1)?);
        }
        Ok(lowered)
    }
}
