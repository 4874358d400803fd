//! Lowers the schemas that become Rust enums: string enums, which keep values the spec does not
//! list, and `oneOf`/`anyOf` unions, tagged when a property distinguishes the branches.

use serde_json::Value;

use super::schema::{ANNOTATIONS, Folded, SchemaLowerer, plain_schema};
use crate::error::Result;
use crate::ident;
use crate::model::{EnumDef, EnumVariant, Schema, Ty, TypeKind, UnionDef, UnionKeyword, UnionVariant};

/// The values of a string enum, with `null` taken out.
pub(super) struct StringEnum {
    pub values: Vec<String>,
    /// `null` is one of the values, so the schema is nullable.
    pub has_null: bool,
}

/// The branches of a union: each schema with its JSON Pointer, and the keyword they come from.
pub(super) type Branches = (UnionKeyword, Vec<(Value, String)>);

/// Keywords that may stand beside `oneOf` or `anyOf`: annotations, and `type` and `nullable`,
/// which only decide whether `null` is allowed.
fn allowed_beside_union(key: &str) -> bool {
    ANNOTATIONS.contains(&key) || key.starts_with("x-") || matches!(key, "type" | "nullable" | "oneOf" | "anyOf")
}

/// Tells whether a `oneOf` or `anyOf` schema becomes a Rust enum: nothing but annotations beside
/// it, and every branch a `$ref` or a schema with one `type`. Other unions, such as branches
/// that only add a bound, keep a `serde_json::Value` checked against every branch as JSON.
pub(super) fn is_typed_union(folded: &Folded) -> bool {
    let Some(branches) = folded.get("oneOf").or_else(|| folded.get("anyOf")).and_then(Value::as_array) else {
        return false;
    };
    let plain_beside = folded.keywords.iter().all(|(key, ..)| allowed_beside_union(key));
    let typed_branch = |branch: &Value| {
        branch.get("$ref").is_some() || branch.get("type").is_some_and(Value::is_string) || is_null_schema(branch)
    };
    let some_value = branches.iter().any(|branch| !is_null_schema(branch));
    plain_beside
        && some_value
        && folded.properties.is_empty()
        && folded.required.is_empty()
        && branches.iter().all(typed_branch)
}

/// Returns whether `schema` accepts only `null`: `{"type": "null"}`, `{"const": null}` or
/// `{"enum": [null]}`.
fn is_null_schema(schema: &Value) -> bool {
    let Some(object) = schema.as_object() else { return false };
    let type_is_null = match object.get("type") {
        Some(Value::String(name)) => name == "null",
        Some(Value::Array(names)) => names.iter().all(|name| name == "null"),
        _ => false,
    };
    type_is_null
        || object.get("const") == Some(&Value::Null)
        || object.get("enum").and_then(Value::as_array).is_some_and(|values| values == &[Value::Null])
}

impl SchemaLowerer<'_> {
    /// Returns which union keyword the folded schema uses, if any. Using both is an error.
    pub(super) fn union_keyword(&self, folded: &Folded) -> Result<Option<Branches>> {
        let one_of = folded.get_at("oneOf");
        let any_of = folded.get_at("anyOf");
        let (keyword, (value, at)) = match (one_of, any_of) {
            (None, None) => return Ok(None),
            (Some(_), Some((_, at))) => {
                return Err(self
                    .error(at, "a schema with both oneOf and anyOf is not supported")
                    .hint("combine the branches into one oneOf"));
            }
            (Some(found), None) => (UnionKeyword::OneOf, found),
            (None, Some(found)) => (UnionKeyword::AnyOf, found),
        };
        let Some(branches) = value.as_array().filter(|branches| !branches.is_empty()) else {
            return Err(self.error(at, "oneOf and anyOf must be a non-empty array of schemas"));
        };
        if let Some((key, _, key_at)) = folded.keywords.iter().find(|(key, ..)| !allowed_beside_union(key)) {
            return Err(self
                .error(key_at, format!("the keyword `{key}` beside oneOf or anyOf is not supported"))
                .hint("move the keyword into each branch, or into an allOf around the union"));
        }
        if !folded.properties.is_empty() || !folded.required.is_empty() {
            return Err(self
                .error(at, "properties beside oneOf or anyOf are not supported")
                .hint("move the shared properties into each branch with allOf"));
        }
        let branches =
            branches.iter().enumerate().map(|(index, branch)| (branch.clone(), format!("{at}/{index}"))).collect();
        Ok(Some((keyword, branches)))
    }

    /// Lowers a union. `null` branches make the result nullable; a single remaining branch is that
    /// branch's schema, and several become a named enum type.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn lower_union(
        &mut self,
        folded: &Folded,
        (keyword, branches): Branches,
        pointer: &str,
        name_hint: &str,
        schema_name: Option<String>,
        nullable: bool,
        depth: usize,
    ) -> Result<Schema> {
        let has_null = branches.iter().any(|(branch, _)| is_null_schema(branch));
        let branches: Vec<(Value, String)> =
            branches.into_iter().filter(|(branch, _)| !is_null_schema(branch)).collect();
        let description = folded.str("description");
        let nullable = nullable || has_null;

        let mut schema = match branches.as_slice() {
            [] => plain_schema(Ty::Any, pointer),
            [(branch, at)] => self.lower(branch, at, name_hint, depth + 1)?,
            _ => {
                let ty = self.lower_union_type(keyword, &branches, pointer, name_hint, schema_name, depth)?;
                plain_schema(ty, pointer)
            }
        };
        schema.nullable |= nullable;
        schema.description = description.or(schema.description);
        if let Some(default) = folded.get("default") {
            schema.default = Some(default.clone());
        }
        Ok(schema)
    }

    fn lower_union_type(
        &mut self,
        keyword: UnionKeyword,
        branches: &[(Value, String)],
        pointer: &str,
        name_hint: &str,
        schema_name: Option<String>,
        depth: usize,
    ) -> Result<Ty> {
        if let Some(id) = self.existing(pointer) {
            return Ok(Ty::Named(id));
        }
        let placeholder = TypeKind::Union(UnionDef { keyword, variants: Vec::new(), tag: None });
        let id = self.register(pointer, name_hint, schema_name, None, placeholder)?;

        let mut variants = Vec::with_capacity(branches.len());
        for (index, (branch, at)) in branches.iter().enumerate() {
            let branch_hint = format!("{name_hint}Branch{}", index + 1);
            let schema = self.lower(branch, at, &branch_hint, depth + 1)?;
            let rust_name = self.branch_name(&schema, index);
            variants.push(UnionVariant { rust_name, schema, tag_value: None });
        }
        let mut names: Vec<String> = variants.iter().map(|variant| variant.rust_name.clone()).collect();
        ident::dedupe_camel(&mut names, &[]);
        for (variant, name) in variants.iter_mut().zip(names) {
            variant.rust_name = name;
        }

        let tag = match self.find_tag(&variants) {
            Some((tag, values)) => {
                for (variant, value) in variants.iter_mut().zip(values) {
                    variant.tag_value = Some(value);
                }
                Some(tag)
            }
            None => None,
        };
        self.set_kind(id, TypeKind::Union(UnionDef { keyword, variants, tag }));
        Ok(Ty::Named(id))
    }

    /// Names a union branch after its type: the named type's name, or the JSON type.
    fn branch_name(&self, schema: &Schema, index: usize) -> String {
        match &schema.ty {
            Ty::Named(id) => self.types[id.0].rust_name.clone(),
            Ty::String => "String".to_owned(),
            Ty::Integer => "Integer".to_owned(),
            Ty::Number => "Number".to_owned(),
            Ty::Boolean => "Boolean".to_owned(),
            Ty::Array(_) => "Array".to_owned(),
            Ty::Map(_) => "Map".to_owned(),
            Ty::Any => format!("Branch{}", index + 1),
        }
    }

    /// Finds a property that every branch defines as required with a fixed, distinct string value
    /// (`const`, or an `enum` of one value), and returns its key with each branch's value.
    fn find_tag(&self, variants: &[UnionVariant]) -> Option<(String, Vec<String>)> {
        let objects: Vec<&crate::model::ObjectDef> = variants
            .iter()
            .map(|variant| match &variant.schema.ty {
                Ty::Named(id) => match &self.types[id.0].kind {
                    TypeKind::Object(object) => Some(object),
                    TypeKind::Enum(_) | TypeKind::Union(_) => None,
                },
                _ => None,
            })
            .collect::<Option<_>>()?;
        let first = objects.first()?;
        'candidates: for candidate in &first.fields {
            let mut values = Vec::with_capacity(objects.len());
            for object in &objects {
                let field = object.fields.iter().find(|field| field.wire_name == candidate.wire_name);
                let Some(value) = field.filter(|field| field.required).and_then(|field| fixed_string(&field.schema))
                else {
                    continue 'candidates;
                };
                if values.contains(&value) {
                    continue 'candidates;
                }
                values.push(value);
            }
            return Some((candidate.wire_name.clone(), values));
        }
        None
    }

    /// Returns the strings of a string enum schema, or `None` when the schema is not one.
    pub(super) fn string_enum(&self, folded: &Folded, type_name: Option<&str>) -> Option<StringEnum> {
        if !matches!(type_name, None | Some("string")) {
            return None;
        }
        let values = folded.get("enum")?.as_array()?;
        let mut strings = Vec::with_capacity(values.len());
        let mut has_null = false;
        for value in values {
            match value {
                Value::String(text) => strings.push(text.clone()),
                Value::Null => has_null = true,
                _ => return None,
            }
        }
        (!strings.is_empty()).then_some(StringEnum { values: strings, has_null })
    }

    pub(super) fn lower_enum(
        &mut self,
        folded: &Folded,
        values: &[String],
        pointer: &str,
        name_hint: &str,
        schema_name: Option<String>,
    ) -> Result<Ty> {
        if let Some(id) = self.existing(pointer) {
            return Ok(Ty::Named(id));
        }
        let mut unique: Vec<&String> = Vec::with_capacity(values.len());
        for value in values {
            if unique.contains(&value) {
                let at = folded.get_at("enum").map_or(pointer.to_owned(), |(_, at)| at.to_owned());
                return Err(self
                    .error(&at, format!("enum lists the value {value:?} twice"))
                    .hint("list each value once"));
            }
            unique.push(value);
        }
        let mut names: Vec<String> = unique.iter().map(|value| ident::variant_name(value)).collect();
        ident::dedupe_camel(&mut names, &[]);
        let taken: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut other = ["Other".to_owned()];
        ident::dedupe_camel(&mut other, &taken);
        let variants = unique
            .into_iter()
            .zip(names)
            .map(|(value, rust_name)| EnumVariant { value: value.clone(), rust_name })
            .collect();
        let kind = TypeKind::Enum(EnumDef { variants, other_variant: other[0].clone() });
        let id = self.register(pointer, name_hint, schema_name, folded.str("description"), kind)?;
        Ok(Ty::Named(id))
    }
}

/// Returns the one string that `schema` allows, from `const` or a one-value `enum`.
fn fixed_string(schema: &Schema) -> Option<String> {
    let constraints = &schema.constraints;
    if let Some(Value::String(value)) = &constraints.constant {
        return Some(value.clone());
    }
    match constraints.allowed.as_deref() {
        Some([Value::String(value)]) => Some(value.clone()),
        _ => None,
    }
}
