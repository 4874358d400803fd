//! Lowers JSON Schema objects into the model: follows `$ref`s, folds `allOf` members into one
//! schema, and registers every object, string enum and union as a named type. Enums and unions
//! are lowered in the `variants` module.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::ident;
use crate::model::{
    Additional, Constraints, Deprecation, Field, FieldRole, ObjectDef, Schema, Ty, TypeDef, TypeId, TypeKind,
};
use crate::resolve::{self, RefError};

mod untyped;

/// Keywords that only annotate a schema: they change no Rust type and no check.
pub(super) const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "examples",
    "example",
    "$comment",
    "$schema",
    "$id",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "deprecated",
    "default",
    "definitions",
];

/// Keywords that the generator turns into types or checks.
const SUPPORTED: &[&str] = &[
    "$ref",
    "type",
    "properties",
    "required",
    "items",
    "additionalProperties",
    "allOf",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "enum",
    "const",
    "nullable",
    "anyOf",
    "oneOf",
    "not",
    "patternProperties",
    "additionalItems",
];

/// How deep schemas may nest before the spec is rejected, so a hostile spec cannot overflow the stack.
/// The YAML loader already stops at 128 levels of the file; `$ref`s can nest schemas further.
const MAX_DEPTH: usize = 128;

/// A schema with its `$ref` followed and its `allOf` members folded in.
#[derive(Default)]
pub(super) struct Folded {
    /// Keywords other than `allOf`, `properties` and `required`, with the pointer of the member
    /// that set each one.
    pub(super) keywords: Vec<(String, Value, String)>,
    /// Property definitions in order of first appearance, each with every definition's pointer.
    pub(super) properties: Vec<(String, Vec<(Value, String)>)>,
    pub(super) required: Vec<String>,
}

impl Folded {
    pub(super) fn get(&self, keyword: &str) -> Option<&Value> {
        self.keywords.iter().find(|(key, ..)| key == keyword).map(|(_, value, _)| value)
    }

    /// Returns a keyword's value with the pointer of the member that set it.
    pub(super) fn get_at(&self, keyword: &str) -> Option<(&Value, &str)> {
        self.keywords.iter().find(|(key, ..)| key == keyword).map(|(_, value, at)| (value, at.as_str()))
    }

    pub(super) fn str(&self, keyword: &str) -> Option<String> {
        self.get(keyword).and_then(Value::as_str).map(str::to_owned)
    }
}

/// Lowers the schemas of one document into the types of one channel.
pub struct SchemaLowerer<'a> {
    file: &'a Path,
    document: &'a Value,
    pub types: Vec<TypeDef>,
    /// Named types by the pointer of the schema they come from, so each `$ref` target is one type.
    by_pointer: BTreeMap<String, TypeId>,
    /// Pointers by Rust type name, to report two schemas that map to one name.
    by_name: BTreeMap<String, String>,
    /// The `$ref` targets being lowered, innermost last, to report a reference that loops back to
    /// itself without passing through a named type.
    lowering: Vec<String>,
}

impl<'a> SchemaLowerer<'a> {
    pub fn new(file: &'a Path, document: &'a Value) -> Self {
        SchemaLowerer {
            file,
            document,
            types: Vec::new(),
            by_pointer: BTreeMap::new(),
            by_name: BTreeMap::new(),
            lowering: Vec::new(),
        }
    }

    /// Reserves a Rust type name that generated code defines beside the spec's types, such as the
    /// channel enum, so that no schema maps to it.
    pub fn reserve_name(&mut self, name: &str, what: &str) {
        self.by_name.insert(name.to_owned(), what.to_owned());
    }

    pub(super) fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::at(self.file, pointer, message)
    }

    /// Registers a named type for the schema at `pointer` before its contents are lowered, so a
    /// recursive reference finds it. The contents are filled in with [`Self::set_kind`].
    pub(super) fn register(
        &mut self,
        pointer: &str,
        rust_name: &str,
        schema_name: Option<String>,
        description: Option<String>,
        kind: TypeKind,
    ) -> Result<TypeId> {
        if let Some(previous) = self.by_name.get(rust_name) {
            return Err(self
                .error(
                    pointer,
                    format!("two schemas map to the Rust type name `{rust_name}`; the other is at {previous}"),
                )
                .hint("rename one of the schemas or message keys"));
        }
        let id = TypeId(self.types.len());
        self.by_pointer.insert(pointer.to_owned(), id);
        self.by_name.insert(rust_name.to_owned(), pointer.to_owned());
        self.types.push(TypeDef {
            rust_name: rust_name.to_owned(),
            schema_name,
            description,
            pointer: pointer.to_owned(),
            kind,
        });
        Ok(id)
    }

    pub(super) fn set_kind(&mut self, id: TypeId, kind: TypeKind) {
        self.types[id.0].kind = kind;
    }

    /// Returns the type already lowered from the schema at `pointer`, if any.
    pub(super) fn existing(&self, pointer: &str) -> Option<TypeId> {
        self.by_pointer.get(pointer).copied()
    }

    /// Lowers the schema `value` found at `pointer`. `name_hint` names the type if the schema is an
    /// anonymous object.
    pub fn lower(&mut self, value: &Value, pointer: &str, name_hint: &str, depth: usize) -> Result<Schema> {
        if depth > MAX_DEPTH {
            return Err(self
                .error(pointer, format!("schemas nest more than {MAX_DEPTH} levels deep"))
                .hint("flatten the schema or move nested objects into components.schemas"));
        }
        if let Some(reference) = resolve::ref_of(value).filter(|_| only_annotations_beside_ref(value)) {
            return self.lower_reference(reference, pointer, depth);
        }
        let folded = self.fold(value, pointer, depth)?;
        self.lower_folded(&folded, pointer, name_hint, None, depth)
    }

    /// Lowers a `$ref`. Objects, enums and unions behind it become one shared type named after the
    /// target's key.
    fn lower_reference(&mut self, reference: &str, pointer: &str, depth: usize) -> Result<Schema> {
        let document = self.document;
        let target = resolve::lookup(document, reference).map_err(|err| self.ref_error(err, pointer, reference))?;
        let (target, at) = self.follow(target, reference.trim_start_matches('#'))?;
        if let Some(id) = self.existing(&at) {
            return Ok(plain_schema(Ty::Named(id), &at));
        }
        if self.lowering.contains(&at) {
            // Objects are registered before their properties are lowered, so only a loop through
            // arrays, maps or plain `$ref`s gets here: its value is checked as JSON.
            return Ok(untyped::recursive_ref(&at));
        }
        self.lowering.push(at.clone());
        let folded = self.fold(target, &at, depth + 1);
        let key = resolve::pointer_tokens(&at).and_then(|tokens| tokens.last().cloned()).unwrap_or_default();
        let name = ident::type_name(&key);
        let lowered = folded.and_then(|folded| self.lower_folded(&folded, &at, &name, Some(key), depth + 1));
        self.lowering.pop();
        lowered
    }

    /// Follows `value` through `$ref`s to the schema it stands for.
    fn follow<'v>(&self, value: &'v Value, pointer: &str) -> Result<(&'v Value, String)>
    where
        'a: 'v,
    {
        let document: &'v Value = self.document;
        resolve::follow(document, value, pointer).map_err(|(err, at)| {
            let reference = resolve::lookup(document, &format!("#{at}")).ok().and_then(resolve::ref_of).unwrap_or("");
            self.ref_error(err, &at, reference)
        })
    }

    fn ref_error(&self, err: RefError, at: &str, reference: &str) -> Error {
        match err {
            RefError::NotLocal => self
                .error(at, format!("$ref `{reference}` does not point into this document"))
                .hint("use a local reference such as `#/components/schemas/Name`"),
            RefError::NotFound => {
                self.error(at, format!("$ref `{reference}` points at nothing")).hint(super::missing_ref_hint(
                    self.document,
                    reference,
                    "check the JSON Pointer after `#` (escape `/` as `~1` and `~` as `~0`)",
                ))
            }
            RefError::Loop => self
                .error(at, "$ref chain loops back to itself without reaching a schema")
                .hint("make one of the references point at a schema with a type"),
        }
    }

    /// Folds a schema and its `allOf` members into one.
    pub(super) fn fold(&self, value: &Value, pointer: &str, depth: usize) -> Result<Folded> {
        let mut folded = Folded::default();
        self.fold_into(&mut folded, value, pointer, depth, &mut Vec::new())?;
        Ok(folded)
    }

    /// Folds `value` into `folded`. A `$ref` folds its target first and then the keywords beside
    /// it, so a `description` next to a `$ref` wins over the target's. `trail` contains the `$ref`
    /// targets being folded, to report a loop.
    fn fold_into(
        &self,
        folded: &mut Folded,
        value: &Value,
        pointer: &str,
        depth: usize,
        trail: &mut Vec<String>,
    ) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(self
                .error(pointer, format!("allOf and $ref nest more than {MAX_DEPTH} levels deep"))
                .hint("flatten the allOf members, or look for a $ref that leads back to its own schema"));
        }
        let object = match value {
            Value::Object(object) => object,
            Value::Bool(true) => return Ok(()),
            // `false` rejects every value, as `not: {}` does.
            Value::Bool(false) => return self.fold_keyword(folded, "not", &Value::Object(Default::default()), pointer),
            other => {
                return Err(self
                    .error(pointer, format!("expected a schema object, found {}", kind_of(other)))
                    .hint("write the schema as an object such as `{\"type\": \"string\"}`"));
            }
        };
        if let Some(reference) = resolve::ref_of(value) {
            let document: &Value = self.document;
            let target = resolve::lookup(document, reference).map_err(|err| self.ref_error(err, pointer, reference))?;
            let at = reference.trim_start_matches('#').to_owned();
            if trail.contains(&at) {
                return Err(self
                    .error(pointer, format!("$ref to `#{at}` loops back to a schema that includes it through allOf"))
                    .hint(
                        "a schema cannot include itself; break the loop or move the shared part into its own schema",
                    ));
            }
            trail.push(at.clone());
            self.fold_into(folded, target, &at, depth + 1, trail)?;
            trail.pop();
        } else if object.contains_key("$ref") {
            return Err(self
                .error(&resolve::push_pointer(pointer, "$ref"), "$ref must be a string")
                .hint("write the reference as a string such as `#/components/schemas/Name`"));
        }

        let has_ref = object.contains_key("$ref");
        for (key, item) in object {
            // In draft 7 a `$ref` replaces its siblings; only annotations beside it are kept, so a
            // description next to a reference still documents the property.
            if key == "$ref" || (has_ref && !ANNOTATIONS.contains(&key.as_str()) && !key.starts_with("x-")) {
                continue;
            }
            let item_at = resolve::push_pointer(pointer, key);
            match key.as_str() {
                "allOf" => {
                    let members =
                        item.as_array().ok_or_else(|| self.error(&item_at, "allOf must be an array of schemas"))?;
                    for (index, member) in members.iter().enumerate() {
                        self.fold_into(folded, member, &format!("{item_at}/{index}"), depth + 1, trail)?;
                    }
                }
                "properties" => {
                    let properties =
                        item.as_object().ok_or_else(|| self.error(&item_at, "properties must be an object"))?;
                    for (name, definition) in properties {
                        let definition_at = resolve::push_pointer(&item_at, name);
                        match folded.properties.iter_mut().find(|(existing, _)| existing == name) {
                            Some((_, definitions)) => definitions.push((definition.clone(), definition_at)),
                            None => folded.properties.push((name.clone(), vec![(definition.clone(), definition_at)])),
                        }
                    }
                }
                "required" => {
                    let names = item
                        .as_array()
                        .ok_or_else(|| self.error(&item_at, "required must be an array of property names"))?;
                    for name in names {
                        let name = name.as_str().ok_or_else(|| self.error(&item_at, "required must list strings"))?;
                        if !folded.required.iter().any(|existing| existing == name) {
                            folded.required.push(name.to_owned());
                        }
                    }
                }
                _ => self.fold_keyword(folded, key, item, &item_at)?,
            }
        }
        Ok(())
    }

    /// Adds one keyword to a folded schema, combining it with the value an earlier `allOf` member gave.
    fn fold_keyword(&self, folded: &mut Folded, key: &str, value: &Value, at: &str) -> Result<()> {
        if !key.starts_with("x-") && !ANNOTATIONS.contains(&key) && !SUPPORTED.contains(&key) {
            return Err(self
                .error(at, format!("the schema keyword `{key}` is not supported"))
                .hint("remove the keyword or express the schema with supported keywords"));
        }
        let Some(slot) = folded.keywords.iter_mut().find(|(existing, ..)| existing == key) else {
            folded.keywords.push((key.to_owned(), value.clone(), at.to_owned()));
            return Ok(());
        };
        if slot.1 == *value {
            return Ok(());
        }

        let combined = match key {
            "minLength" | "minItems" | "minProperties" | "minimum" | "exclusiveMinimum" => max_number(&slot.1, value),
            "maxLength" | "maxItems" | "maxProperties" | "maximum" | "exclusiveMaximum" => min_number(&slot.1, value),
            _ if ANNOTATIONS.contains(&key) || key.starts_with("x-") => Some(value.clone()),
            _ => None,
        };
        match combined {
            Some(combined) => {
                slot.1 = combined;
                slot.2 = at.to_owned();
                Ok(())
            }
            None => Err(self
                .error(
                    at,
                    format!(
                        "allOf members contradict each other: `{key}` is {} here but {} at {}",
                        value, slot.1, slot.2
                    ),
                )
                .hint("make the allOf members agree, or drop one of the definitions")),
        }
    }

    /// Lowers a folded schema. Objects, string enums and unions become named types, registered
    /// under `pointer`.
    pub(super) fn lower_folded(
        &mut self,
        folded: &Folded,
        pointer: &str,
        name_hint: &str,
        schema_name: Option<String>,
        depth: usize,
    ) -> Result<Schema> {
        if depth > MAX_DEPTH {
            return Err(self
                .error(pointer, format!("schemas nest more than {MAX_DEPTH} levels deep"))
                .hint("flatten the schema or move nested objects into components.schemas"));
        }
        let (type_names, mut nullable) = self.schema_type(folded, pointer)?;
        if type_names.len() <= 1 && super::variants::is_typed_union(folded) {
            if let Some(union) = self.union_keyword(folded)? {
                return self.lower_union(folded, union, pointer, name_hint, schema_name, nullable, depth);
            }
        }
        let mut constraints = self.constraints(folded, pointer)?;
        let map_values = folded.get_at("additionalProperties").filter(|(value, _)| is_value_schema(value));
        let is_map = matches!(type_names.as_slice(), [only] if only == "object") && folded.properties.is_empty();
        if untyped::needs_json_checks(folded, &type_names) {
            let untyped = self.lower_untyped(folded, &type_names, nullable, pointer, name_hint, depth)?;
            constraints.untyped = Some(Box::new(untyped));
            return Ok(Schema {
                ty: Ty::Any,
                nullable: false,
                constraints,
                default: folded.get("default").cloned(),
                description: folded.str("description"),
                pointer: pointer.to_owned(),
            });
        }
        let type_name = type_names.first().cloned();
        let string_enum = self.string_enum(folded, type_name.as_deref());
        if string_enum.as_ref().is_some_and(|values| values.has_null) {
            nullable = true;
        }

        let ty = match type_name.as_deref() {
            Some("object") if is_map && map_values.is_some() => {
                let (values, at) = map_values.expect("checked above");
                let values = self.lower(values, at, &format!("{name_hint}Value"), depth + 1)?;
                Ty::Map(Box::new(values))
            }
            Some("object") => self.lower_object(folded, pointer, name_hint, schema_name, depth)?,
            Some("string") | None if string_enum.is_some() => {
                let values = string_enum.expect("checked above");
                self.lower_enum(folded, &values.values, pointer, name_hint, schema_name)?
            }
            Some("array") => {
                let items = match folded.keywords.iter().find(|(key, ..)| key == "items") {
                    Some((_, items, at)) if items.is_object() || items.is_boolean() => {
                        self.lower(items, at, &format!("{name_hint}Item"), depth + 1)?
                    }
                    Some((_, _, at)) => {
                        return Err(self
                            .error(at, "items must be one schema object; tuple arrays are not supported")
                            .hint("describe every item with one schema"));
                    }
                    None => plain_schema(Ty::Any, pointer),
                };
                Ty::Array(Box::new(items))
            }
            Some("string") => Ty::String,
            Some("integer") => Ty::Integer,
            Some("number") => Ty::Number,
            Some("boolean") => Ty::Boolean,
            None => Ty::Any,
            Some(other) => {
                return Err(self
                    .error(pointer, format!("the type `{other}` is not supported"))
                    .hint("use one of object, array, string, integer, number or boolean"));
            }
        };

        Ok(Schema {
            ty,
            nullable,
            constraints,
            default: folded.get("default").cloned(),
            description: folded.str("description"),
            pointer: pointer.to_owned(),
        })
    }

    /// Reads `type` (names, possibly with `"null"`) and `nullable`, and returns the names other
    /// than `"null"` and whether `null` is allowed.
    fn schema_type(&self, folded: &Folded, pointer: &str) -> Result<(Vec<String>, bool)> {
        let mut nullable = folded.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        let names = match folded.get("type") {
            None => Vec::new(),
            Some(Value::String(name)) if name == "null" => {
                nullable = true;
                Vec::new()
            }
            Some(Value::String(name)) => vec![name.clone()],
            Some(Value::Array(names)) => {
                let mut others: Vec<&str> = Vec::new();
                for name in names {
                    match name.as_str() {
                        Some("null") => nullable = true,
                        Some(name) => others.push(name),
                        None => return Err(self.error(pointer, "type must list strings")),
                    }
                }
                others.into_iter().map(str::to_owned).collect()
            }
            Some(other) => return Err(self.error(pointer, format!("type must be a string or an array, found {other}"))),
        };
        Ok((names, nullable))
    }

    fn constraints(&self, folded: &Folded, pointer: &str) -> Result<Constraints> {
        let count = |key: &str| -> Result<Option<u64>> {
            match folded.get(key) {
                None => Ok(None),
                Some(value) => as_count(value)
                    .map(Some)
                    .ok_or_else(|| self.error(pointer, format!("{key} must be a non-negative integer, found {value}"))),
            }
        };
        let number = |key: &str| -> Result<Option<f64>> {
            match folded.get(key) {
                None => Ok(None),
                Some(value) => value
                    .as_f64()
                    .map(Some)
                    .ok_or_else(|| self.error(pointer, format!("{key} must be a number, found {value}"))),
            }
        };
        let multiple_of = number("multipleOf")?;
        if multiple_of.is_some_and(|value| value <= 0.0) {
            return Err(self
                .error(pointer, "multipleOf must be greater than 0")
                .hint("use a positive number, such as 1"));
        }
        if let Some(pattern) = folded.str("pattern") {
            untyped::check_pattern(self, &pattern, pointer)?;
        }
        let allowed = match folded.get("enum") {
            None => None,
            Some(Value::Array(values)) => Some(values.clone()),
            Some(_) => return Err(self.error(pointer, "enum must be an array of values")),
        };
        Ok(Constraints {
            min_length: count("minLength")?,
            max_length: count("maxLength")?,
            pattern: folded.str("pattern"),
            format: folded.str("format"),
            minimum: number("minimum")?,
            maximum: number("maximum")?,
            exclusive_minimum: number("exclusiveMinimum")?,
            exclusive_maximum: number("exclusiveMaximum")?,
            multiple_of,
            min_items: count("minItems")?,
            max_items: count("maxItems")?,
            unique_items: folded.get("uniqueItems").and_then(Value::as_bool).unwrap_or(false),
            allowed,
            constant: folded.get("const").cloned(),
            untyped: None,
        })
    }

    fn lower_object(
        &mut self,
        folded: &Folded,
        pointer: &str,
        name_hint: &str,
        schema_name: Option<String>,
        depth: usize,
    ) -> Result<Ty> {
        if let Some(id) = self.existing(pointer) {
            return Ok(Ty::Named(id));
        }
        // The id is taken before the properties are lowered, so a recursive reference finds it.
        let placeholder = TypeKind::Object(ObjectDef {
            fields: Vec::new(),
            additional: Additional::Keep,
            additional_field: String::new(),
            min_properties: None,
            max_properties: None,
        });
        let id = self.register(pointer, name_hint, schema_name, folded.str("description"), placeholder)?;

        let mut fields = Vec::with_capacity(folded.properties.len());
        for (wire_name, definitions) in &folded.properties {
            fields.push(self.lower_field(folded, wire_name, definitions, name_hint, depth)?);
        }
        for name in &folded.required {
            if !folded.properties.iter().any(|(wire_name, _)| wire_name == name) {
                return Err(self
                    .error(pointer, format!("`{name}` is required but not defined under properties"))
                    .hint("define the property or remove it from required"));
            }
        }

        let mut rust_names: Vec<String> = fields.iter().map(|field| field.rust_name.clone()).collect();
        ident::dedupe(&mut rust_names, &[]);
        let taken: Vec<&str> = rust_names.iter().map(String::as_str).collect();
        let mut additional_field = ["additional_properties".to_owned()];
        ident::dedupe(&mut additional_field, &taken);
        for (field, name) in fields.iter_mut().zip(rust_names) {
            field.rust_name = name;
        }

        let additional = match folded.get_at("additionalProperties") {
            None | Some((Value::Bool(true), _)) => Additional::Keep,
            Some((Value::Bool(false), _)) => Additional::Deny,
            Some((value, _)) if !is_value_schema(value) => Additional::Keep,
            Some((value, at)) => {
                let values = self.lower(value, at, &format!("{name_hint}Value"), depth + 1)?;
                Additional::Typed(Box::new(values))
            }
        };
        let count = |key: &str| folded.get(key).and_then(as_count);
        self.types[id.0].kind = TypeKind::Object(ObjectDef {
            fields,
            additional,
            additional_field: additional_field[0].clone(),
            min_properties: count("minProperties"),
            max_properties: count("maxProperties"),
        });
        Ok(Ty::Named(id))
    }

    /// Lowers the definitions of one property; a property that several allOf members define must
    /// satisfy every definition.
    fn lower_definitions(&mut self, definitions: &[(Value, String)], name_hint: &str, depth: usize) -> Result<Schema> {
        let (last, last_at) = definitions.last().expect("a property has at least one definition");
        if definitions.len() == 1 {
            return self.lower(last, last_at, name_hint, depth + 1);
        }
        let mut folded = Folded::default();
        for (definition, at) in definitions {
            self.fold_into(&mut folded, definition, at, depth + 1, &mut Vec::new())?;
        }
        self.lower_folded(&folded, last_at, name_hint, None, depth + 1)
    }

    fn lower_field(
        &mut self,
        parent: &Folded,
        wire_name: &str,
        definitions: &[(Value, String)],
        parent_name: &str,
        depth: usize,
    ) -> Result<Field> {
        let (last, last_at) = definitions.last().expect("a property has at least one definition");
        let name_hint = format!("{parent_name}{}", ident::type_name(wire_name));
        let schema = self.lower_definitions(definitions, &name_hint, depth)?;

        // A description beside a `$ref` describes the property, so it wins over the target's.
        let (shown, _) = self.follow(last, last_at)?;
        let description = [last, shown].into_iter().find_map(|schema| schema.get("description")?.as_str());
        let description = description.map(str::to_owned);
        let deprecated = shown.as_object().and_then(super::qlik_deprecation).or_else(|| {
            let flagged = shown.get("deprecated") == Some(&Value::Bool(true));
            flagged.then_some(Deprecation { note: None })
        });
        Ok(Field {
            wire_name: wire_name.to_owned(),
            rust_name: ident::field_name(wire_name),
            description,
            required: parent.required.iter().any(|name| name == wire_name),
            role: FieldRole::Plain,
            schema,
            metadata: metadata(shown),
            deprecated,
        })
    }
}

/// Keywords that the docs list after `Metadata:`.
const METADATA_KEYWORDS: &[&str] = &[
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "const",
];

fn metadata(schema: &Value) -> Vec<(String, Value)> {
    let Some(object) = schema.as_object() else { return Vec::new() };
    object
        .iter()
        .filter(|(key, _)| METADATA_KEYWORDS.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// Returns whether `value` is an `additionalProperties` schema that constrains the values, as
/// opposed to `true`, `false` or `{}`.
fn is_value_schema(value: &Value) -> bool {
    value.as_object().is_some_and(|object| !object.is_empty())
}

/// Returns whether the keywords beside a `$ref` only annotate it, so the reference can stay one
/// shared type. Other keywords make a new schema that combines the target with them.
fn only_annotations_beside_ref(value: &Value) -> bool {
    value.as_object().is_some_and(|object| {
        object.keys().all(|key| key == "$ref" || key.starts_with("x-") || ANNOTATIONS.contains(&key.as_str()))
    })
}

pub(super) fn plain_schema(ty: Ty, pointer: &str) -> Schema {
    Schema {
        ty,
        nullable: false,
        constraints: Constraints::default(),
        default: None,
        description: None,
        pointer: pointer.to_owned(),
    }
}

/// Reads a non-negative integer, which JSON Schema also allows as a number such as `2.0`.
fn as_count(value: &Value) -> Option<u64> {
    value
        .as_u64()
        .or_else(|| value.as_f64().filter(|float| *float >= 0.0 && float.fract() == 0.0).map(|float| float as u64))
}

fn max_number(a: &Value, b: &Value) -> Option<Value> {
    Some(if a.as_f64()? >= b.as_f64()? { a.clone() } else { b.clone() })
}

fn min_number(a: &Value, b: &Value) -> Option<Value> {
    Some(if a.as_f64()? <= b.as_f64()? { a.clone() } else { b.clone() })
}

/// Names the JSON type of `value` for messages.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
