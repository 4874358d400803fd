//! Emits the validators of a channel: a `Validate` impl per type, with a fast path over the
//! decoded struct and a slow path over a `serde_json::Value`, and the channel's `parse` entry point.
//! Most objects and every string enum get theirs from a declaration (see `super::object`), for
//! which this module writes the shared rule statics and the check functions of unusual shapes.
//!
//! Both paths come from the same model and call the hand-written checks in
//! `generated/src/support/validate.rs`. Generated code binds `value`, `path` and `errors` in each
//! block, and every helper here emits code that reads those three names.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::rust::ident;
use crate::model::{
    Additional, Channel, Constraints, Field, FieldRole, Items, JsonType, ObjectDef, Schema, Ty, TypeDef, TypeId,
    TypeKind, UnionDef, UnionKeyword, UnionVariant, Untyped,
};

/// Returns the path of the run-time support module, as generated code names it.
fn support() -> TokenStream {
    quote! { validate }
}

impl<'c> Emitter<'c> {
    pub fn new(channel: &'c Channel) -> Self {
        Emitter {
            channel,
            helpers: Vec::new(),
            counter: 0,
            recursive: BTreeMap::new(),
            emitted: BTreeSet::new(),
            rules: BTreeMap::new(),
            union_branches: BTreeMap::new(),
            function_names: BTreeSet::new(),
        }
    }

    /// Emits the validators that no `object!` declaration covers: one `Validate` impl for each
    /// reachable type not in `declared`, the helpers that they and the declarations share, and
    /// the `parse` entry point on the channel enum.
    pub fn finish(mut self, declared: &[TypeId]) -> TokenStream {
        let channel = self.channel;
        let impls: Vec<TokenStream> = channel
            .reachable_types()
            .into_iter()
            .filter(|id| !declared.contains(id))
            .map(|id| self.type_impl(channel.type_def(id)))
            .collect();
        let channel_impl = channel_impl(channel);
        let helpers = &self.helpers;
        // The checks are named through a short import, which keeps the validators readable and
        // quicker to format.
        quote! {
            use crate::support::validate;

            #channel_impl
            #( #impls )*
            #( #helpers )*
        }
    }
}

/// The state of emitting one channel: the module-level items that checks refer to.
pub struct Emitter<'c> {
    channel: &'c Channel,
    /// Functions and statics that the checks call, in the order they were needed.
    helpers: Vec<TokenStream>,
    counter: usize,
    /// The function that checks each schema that a `$ref` refers back to, by the schema's pointer.
    recursive: BTreeMap<String, Ident>,
    /// The pointers in `recursive` whose function has been emitted.
    emitted: BTreeSet<String>,
    /// The static that contains each distinct pattern or set of string or numeric keywords, by its
    /// source or literal text, so that schemas with the same constraints share one.
    rules: BTreeMap<String, Ident>,
    /// The branch functions of each union, by the pointers of its branches, so that the typed and
    /// the JSON checks of a union share them.
    union_branches: BTreeMap<String, Vec<Ident>>,
    /// The names of the functions that [`Self::helper_function`] added.
    function_names: BTreeSet<String>,
}

impl Emitter<'_> {
    /// Returns the channel whose validators this emitter writes.
    pub(super) fn channel(&self) -> &Channel {
        self.channel
    }

    /// Adds a function that runs `checks` on `value` of type `value_type`, for a check that an
    /// `object!` declaration names, and returns its name: `name`, or `name_2` and so on when
    /// another function already has it.
    pub(super) fn helper_function(&mut self, name: &str, value_type: TokenStream, checks: TokenStream) -> Ident {
        let mut unique = name.to_owned();
        let mut suffix = 1;
        while !self.function_names.insert(unique.clone()) {
            suffix += 1;
            unique = format!("{name}_{suffix}");
        }
        let name = format_ident!("{}", unique);
        let support = support();
        let body = if checks.is_empty() {
            quote! { let _ = (value, path, errors); }
        } else {
            checks
        };
        // The value has the field's own type, `&String` or `&Vec<T>` among them, because the checks
        // are the same templates as inside a `Validate` impl, written for that type.
        self.helpers.push(quote! {
            #[allow(clippy::ptr_arg)]
            fn #name(value: #value_type, path: &#support::Path<'_>, errors: &mut #support::ValidationErrors) {
                #body
            }
        });
        name
    }

    fn next_name(&mut self, prefix: &str) -> Ident {
        self.counter += 1;
        format_ident!("{}_{}", prefix, self.counter)
    }

    fn type_impl(&mut self, def: &TypeDef) -> TokenStream {
        let TypeDef { rust_name, schema_name: _, description: _, pointer: _, kind } = def;
        let name = ident(rust_name);
        let (typed, json) = match kind {
            TypeKind::Object(object) => (self.object_typed(object), self.object_json(object)),
            // A string enum always has a declaration, which implements its validator.
            TypeKind::Enum(_) => return TokenStream::new(),
            TypeKind::Union(union) => (self.union_typed(union), self.union_json(union)),
        };
        let support = support();
        let unused = typed.is_empty().then(|| quote! { let _ = (path, errors); });
        quote! {
            impl validate::Validate for #name {
                fn validate_at(&self, path: &#support::Path<'_>, errors: &mut #support::ValidationErrors) {
                    #unused
                    #typed
                }

                fn validate_json_at(
                    value: &serde_json::Value,
                    path: &#support::Path<'_>,
                    errors: &mut #support::ValidationErrors,
                ) {
                    #json
                }
            }
        }
    }

    /// Checks on a decoded struct. Required properties, `additionalProperties: false` and the
    /// CloudEvents `type` are already enforced by decoding.
    fn object_typed(&mut self, object: &ObjectDef) -> TokenStream {
        let ObjectDef { fields, additional, additional_field, min_properties, max_properties } = object;
        let support = support();
        let mut checks = Vec::new();
        for field in fields.iter().filter(|field| field.role == FieldRole::Plain) {
            checks.push(self.field_typed(field));
        }
        if let Additional::Typed(values) = additional {
            let value_checks = self.typed(values);
            if !value_checks.is_empty() {
                let member = ident(additional_field);
                checks.push(quote! {
                    for (key, value) in &self.#member {
                        let path = &path.key(key);
                        #value_checks
                    }
                });
            }
        }
        if min_properties.is_some() || max_properties.is_some() {
            // Required properties and the CloudEvents `type` are always present, so they add up
            // to one constant. Each optional property adds one when it is set.
            let always = fields.iter().filter(|field| field.required || field.role == FieldRole::EventType).count();
            let mut terms: Vec<TokenStream> = Vec::new();
            if always > 0 {
                let always = proc_macro2::Literal::usize_suffixed(always);
                terms.push(quote! { #always });
            }
            for field in fields.iter().filter(|field| field.role == FieldRole::Plain && !field.required) {
                let member = ident(&field.rust_name);
                terms.push(quote! { usize::from(self.#member.is_some()) });
            }
            if let Additional::Keep | Additional::Typed(_) = additional {
                let member = ident(additional_field);
                terms.push(quote! { self.#member.len() });
            }
            if terms.is_empty() {
                terms.push(quote! { 0usize });
            }
            let (min, max) = (option_u64(*min_properties), option_u64(*max_properties));
            checks.push(quote! {
                let count = #( #terms )+*;
                #support::check_property_count(count, #min, #max, path, errors);
            });
        }
        quote! { #( #checks )* }
    }

    fn field_typed(&mut self, field: &Field) -> TokenStream {
        let Field { wire_name, rust_name, description: _, required, role: _, schema, metadata: _, deprecated: _ } =
            field;
        // The common shapes need one call, so they skip the block that binds `path` and `value`.
        let member = ident(rust_name);
        let path = quote! { &path.key(#wire_name) };
        if *required {
            if let Some(call) = self.single_call(schema, quote! { &self.#member }, path) {
                return call;
            }
        } else if let Some(call) = self.single_call(schema, quote! { value }, path) {
            return quote! {
                if let Some(value) = &self.#member {
                    #call
                }
            };
        }
        let checks = self.typed(schema);
        if checks.is_empty() {
            return TokenStream::new();
        }
        let access = match required {
            true => quote! { let value = &self.#member; #checks },
            false => quote! {
                if let Some(value) = &self.#member {
                    #checks
                }
            },
        };
        quote! {
            {
                let path = &path.key(#wire_name);
                #access
            }
        }
    }

    /// Returns the check of a decoded value of `schema`, given by the tokens `value` (a reference)
    /// and `path`, as one call. Only a non-null string with only string keywords and a non-null
    /// named type, which [`Self::typed`] checks with the same call, have one; other shapes return
    /// `None`.
    fn single_call(&mut self, schema: &Schema, value: TokenStream, path: TokenStream) -> Option<TokenStream> {
        if schema.nullable {
            return None;
        }
        let support = support();
        match schema.ty {
            Ty::String if enum_lists(&schema.constraints).is_empty() => {
                let rules = self.string_rules(&schema.constraints)?;
                Some(quote! { #support::check_string(#value, &#rules, #path, errors); })
            }
            Ty::Named(_) => Some(quote! { #support::Validate::validate_at(#value, #path, errors); }),
            _ => None,
        }
    }

    /// Checks on a decoded value of `schema`, bound to `value` as a reference.
    pub(super) fn typed(&mut self, schema: &Schema) -> TokenStream {
        let Schema { ty, nullable, constraints, default: _, description: _, pointer: _ } = schema;
        let support = support();
        let checks = match ty {
            Ty::String => {
                let rules = self.string_rules(constraints);
                let allowed = enum_checks(constraints, |value| value.as_str().map(|text| quote! { #text }));
                let allowed = allowed.into_iter().map(|(keyword, list, _)| {
                    quote! { #support::check_enum_str(value, &[#( #list ),*], #keyword, path, errors); }
                });
                let rules = rules.map(|rules| quote! { #support::check_string(value, &#rules, path, errors); });
                quote! { #rules #( #allowed )* }
            }
            Ty::Integer | Ty::Number => {
                // Numbers are stored as `serde_json::Number`, which represents any JSON number as an f64 at most.
                let as_f64 = if *ty == Ty::Integer {
                    quote! { *value as f64 }
                } else {
                    quote! { value.as_f64().unwrap_or(f64::NAN) }
                };
                let rules = self
                    .number_rules(constraints)
                    .map(|rules| quote! { #support::check_number(#as_f64, &#rules, path, errors); });
                let allowed = enum_checks(constraints, |value| value.as_f64().map(|number| quote! { #number }));
                let allowed = allowed.into_iter().map(|(keyword, list, shown)| {
                    quote! { #support::check_enum_f64(#as_f64, &[#( #list ),*], #keyword, #shown, path, errors); }
                });
                quote! { #rules #( #allowed )* }
            }
            Ty::Boolean => {
                let allowed = enum_checks(constraints, |value| value.as_bool().map(|flag| quote! { #flag }));
                let allowed = allowed.into_iter().map(|(keyword, list, shown)| {
                    quote! { #support::check_enum_bool(*value, &[#( #list ),*], #keyword, #shown, path, errors); }
                });
                quote! { #( #allowed )* }
            }
            Ty::Array(items) => self.array_typed(items, constraints),
            Ty::Map(values) => {
                let value_checks = self.typed(values);
                if value_checks.is_empty() {
                    TokenStream::new()
                } else {
                    quote! {
                        for (key, value) in value {
                            let path = &path.key(key);
                            #value_checks
                        }
                    }
                }
            }
            Ty::Named(_) => quote! { validate::Validate::validate_at(value, path, errors); },
            Ty::Any => self.json(schema),
        };
        if checks.is_empty() || !*nullable || *ty == Ty::Any {
            return checks;
        }
        quote! {
            if let Some(value) = value {
                #checks
            }
        }
    }

    fn array_typed(&mut self, items: &Schema, constraints: &Constraints) -> TokenStream {
        let support = support();
        let mut checks = Vec::new();
        if constraints.min_items.is_some() || constraints.max_items.is_some() {
            let (min, max) = (option_u64(constraints.min_items), option_u64(constraints.max_items));
            checks.push(quote! { #support::check_item_count(value.len(), #min, #max, path, errors); });
        }
        if constraints.unique_items {
            let equal = if items.ty == Ty::Any {
                quote! { |a, b| #support::json_equal(a, b) }
            } else {
                quote! { |a, b| a == b }
            };
            checks.push(quote! { #support::check_unique(value.as_slice(), #equal, path, errors); });
        }
        checks.push(self.enum_json_of_typed(constraints));
        let item_checks = self.typed(items);
        if !item_checks.is_empty() {
            checks.push(quote! {
                for (index, value) in value.iter().enumerate() {
                    let path = &path.index(index);
                    #item_checks
                }
            });
        }
        quote! { #( #checks )* }
    }

    /// `enum` and `const` on a decoded array, compared as JSON.
    fn enum_json_of_typed(&mut self, constraints: &Constraints) -> TokenStream {
        let Some(check) = self.enum_json(constraints) else { return TokenStream::new() };
        // NOTE: this converts the array to a JSON value, so it allocates even when the value is valid.
        let support = support();
        quote! {
            {
                let value = &#support::to_json(value);
                #check
            }
        }
    }

    /// The slow path of an object type: checks on a JSON value that should be the object.
    fn object_json(&mut self, object: &ObjectDef) -> TokenStream {
        let ObjectDef { fields, additional, additional_field: _, min_properties, max_properties } = object;
        let support = support();
        let required: Vec<&str> =
            fields.iter().filter(|field| field.required).map(|field| field.wire_name.as_str()).collect();
        let required = (!required.is_empty()).then(|| {
            quote! { #support::check_required(object, &[#( #required ),*], path, errors); }
        });
        let properties: Vec<TokenStream> = fields
            .iter()
            .map(|field| {
                let key = &field.wire_name;
                if let Some(check) = self.property_call(&field.schema, key) {
                    return check;
                }
                let checks = self.json(&field.schema);
                if checks.is_empty() {
                    return TokenStream::new();
                }
                quote! {
                    if let Some(value) = object.get(#key) {
                        let path = &path.key(#key);
                        #checks
                    }
                }
            })
            .collect();
        // NOTE: a struct allows the properties of its `allOf` members too, because lowering folds
        // them in, while JSON Schema's `additionalProperties: false` applies only to sibling `properties`.
        let deny = (*additional == Additional::Deny).then(|| {
            let known = fields.iter().map(|field| field.wire_name.as_str());
            quote! {
                for key in object.keys() {
                    if !matches!(key.as_str(), #( #known )|*) {
                        #support::report_additional(key, &path.key(key), errors);
                    }
                }
            }
        });
        let typed_additional = match additional {
            Additional::Typed(values) => {
                let known = fields.iter().map(|field| field.wire_name.as_str());
                let value_checks = self.json(values);
                (!value_checks.is_empty()).then(|| {
                    quote! {
                        for (key, value) in object {
                            if !matches!(key.as_str(), #( #known )|*) {
                                let path = &path.key(key);
                                #value_checks
                            }
                        }
                    }
                })
            }
            Additional::Keep | Additional::Deny => None,
        };
        let counts = (min_properties.is_some() || max_properties.is_some()).then(|| {
            let (min, max) = (option_u64(*min_properties), option_u64(*max_properties));
            quote! { #support::check_property_count(object.len(), #min, #max, path, errors); }
        });
        let object_checks = quote! {
            #required
            #( #properties )*
            #deny
            #typed_additional
            #counts
        };
        if object_checks.is_empty() {
            return quote! { #support::check_type(value, &[#support::JsonType::Object], path, errors); };
        }
        quote! {
            let Some(object) = value.as_object() else {
                #support::check_type(value, &[#support::JsonType::Object], path, errors);
                return;
            };
            #object_checks
        }
    }

    /// Returns the check of the property `key` of a JSON object bound to `object` as one call,
    /// for a non-null string or a non-null named type whose `enum`, if any, the type checks, or
    /// `None` for the other shapes.
    fn property_call(&mut self, schema: &Schema, key: &str) -> Option<TokenStream> {
        if schema.nullable {
            return None;
        }
        let support = support();
        match schema.ty {
            Ty::String if enum_lists(&schema.constraints).is_empty() => {
                let rules = match self.string_rules(&schema.constraints) {
                    Some(rules) => quote! { Some(&#rules) },
                    None => quote! { None },
                };
                Some(quote! { #support::check_string_property(object, #key, #rules, path, errors); })
            }
            Ty::Named(id) if enum_lists(&schema.constraints).is_empty() || self.enum_checked_by_type(schema) => {
                let name = ident(&self.channel.type_def(id).rust_name);
                Some(quote! { #support::check_property::<#name>(object, #key, path, errors); })
            }
            _ => None,
        }
    }

    /// Checks on a JSON value of `schema`, bound to `value: &serde_json::Value`.
    pub(super) fn json(&mut self, schema: &Schema) -> TokenStream {
        let Schema { ty, nullable, constraints, default: _, description: _, pointer } = schema;
        let support = support();
        let typed = match ty {
            Ty::String => match self.string_rules(constraints) {
                Some(rules) => quote! { #support::check_string_json(value, Some(&#rules), path, errors); },
                None => quote! { #support::check_string_json(value, None, path, errors); },
            },
            Ty::Integer | Ty::Number => {
                let json_type = if *ty == Ty::Integer {
                    quote! { Integer }
                } else {
                    quote! { Number }
                };
                match self.number_rules(constraints) {
                    Some(rules) => quote! {
                        #support::check_number_json(value, #support::JsonType::#json_type, Some(&#rules), path, errors);
                    },
                    None => quote! { #support::check_type(value, &[#support::JsonType::#json_type], path, errors); },
                }
            }
            Ty::Boolean => quote! { #support::check_type(value, &[#support::JsonType::Boolean], path, errors); },
            Ty::Array(items) => {
                let array = self.array_json(Some(items), None, constraints);
                if array.is_empty() {
                    quote! { #support::check_type(value, &[#support::JsonType::Array], path, errors); }
                } else {
                    quote! {
                        if let Some(items) = value.as_array() {
                            #array
                        } else {
                            #support::check_type(value, &[#support::JsonType::Array], path, errors);
                        }
                    }
                }
            }
            Ty::Map(values) => {
                let value_checks = self.json(values);
                quote! {
                    if let Some(object) = value.as_object() {
                        for (key, value) in object {
                            let path = &path.key(key);
                            #value_checks
                        }
                    } else {
                        #support::check_type(value, &[#support::JsonType::Object], path, errors);
                    }
                }
            }
            Ty::Named(id) => {
                let name = ident(&self.channel.type_def(*id).rust_name);
                quote! { <#name as validate::Validate>::validate_json_at(value, path, errors); }
            }
            Ty::Any => self.any_json(constraints, pointer),
        };
        let allowed = if self.enum_checked_by_type(schema) { None } else { self.enum_json(constraints) };
        let checks = quote! { #typed #allowed };
        if checks.is_empty() || !*nullable {
            return checks;
        }
        quote! {
            if !value.is_null() {
                #checks
            }
        }
    }

    /// Checks on a JSON value whose Rust type is `serde_json::Value`: each keyword applies only
    /// to values of the JSON types it is about, as JSON Schema defines.
    fn any_json(&mut self, constraints: &Constraints, pointer: &str) -> TokenStream {
        let support = support();
        let empty = Untyped::default();
        let untyped = constraints.untyped.as_deref().unwrap_or(&empty);
        let Untyped {
            types,
            properties,
            required,
            pattern_properties,
            additional_properties,
            own_properties,
            min_properties,
            max_properties,
            items,
            additional_items,
            any_of,
            one_of,
            not,
            recursive_ref,
        } = untyped;

        if let Some(target) = recursive_ref {
            let function = self.recursive_function(target);
            return quote! { #function(value, path, errors); };
        }
        // A schema that a `$ref` below it refers back to is checked by a named function.
        let needs_function = self.recursive.contains_key(pointer) || contains_recursive_ref(untyped, pointer);
        if needs_function && !self.recursive.contains_key(pointer) {
            let name = self.next_name("check_recursive");
            self.recursive.insert(pointer.to_owned(), name);
        }

        let mut checks = Vec::new();
        if !types.is_empty() {
            let types = types.iter().map(json_type);
            checks.push(quote! { #support::check_type(value, &[#( #support::JsonType::#types ),*], path, errors); });
        }
        if let Some(rules) = self.string_rules(constraints) {
            checks.push(quote! {
                if let Some(text) = value.as_str() {
                    #support::check_string(text, &#rules, path, errors);
                }
            });
        }
        if let Some(rules) = self.number_rules(constraints) {
            checks.push(quote! {
                if let Some(number) = value.as_f64() {
                    #support::check_number(number, &#rules, path, errors);
                }
            });
        }
        let array = self.array_json(None, Some((items, additional_items.as_deref())), constraints);
        if !array.is_empty() {
            checks.push(quote! {
                if let Some(items) = value.as_array() {
                    #array
                }
            });
        }
        let object = self.object_keywords_json(
            properties,
            required,
            pattern_properties,
            (additional_properties.as_deref(), own_properties),
            (*min_properties, *max_properties),
        );
        if !object.is_empty() {
            checks.push(quote! {
                if let Some(object) = value.as_object() {
                    #object
                }
            });
        }
        for (keyword, schemas) in [("check_any_of", any_of), ("check_one_of", one_of)] {
            if schemas.is_empty() {
                continue;
            }
            let check = format_ident!("{}", keyword);
            let branches: Vec<Ident> = schemas.iter().map(|schema| self.branch_function(schema)).collect();
            checks.push(quote! { #support::#check(value, &[#( #branches ),*], path, errors); });
        }
        if let Some(schema) = not {
            let branch = self.branch_function(schema);
            checks.push(quote! { #support::check_not(value, #branch, path, errors); });
        }

        let body = quote! { #( #checks )* };
        match self.recursive.get(pointer).cloned() {
            Some(name) if needs_function => {
                if !self.emitted.insert(pointer.to_owned()) {
                    return quote! { #name(value, path, errors); };
                }
                self.helpers.push(quote! {
                    fn #name(value: &serde_json::Value, path: &#support::Path<'_>, errors: &mut #support::ValidationErrors) {
                        #body
                    }
                });
                quote! { #name(value, path, errors); }
            }
            _ => body,
        }
    }

    /// Checks on a decoded union, reported as the JSON path reports them: one `oneOf` or `anyOf`
    /// violation at the union, never the violations inside a branch.
    ///
    /// Decoding picks one branch that fits. Where no other branch can match the same value (a
    /// tagged union, or branches of disjoint JSON types), that branch's checks decide, and only a
    /// failing value is encoded to count its branches. Where branches overlap, a value may match
    /// another branch too, so it is always encoded and counted.
    fn union_typed(&mut self, union: &UnionDef) -> TokenStream {
        let support = support();
        let count_branches = self.union_json(union);
        let count_branches = quote! {
            let value = &#support::to_json(self);
            #count_branches
        };
        if union.tag.is_none() && !self.branches_disjoint(&union.variants) {
            return count_branches;
        }
        let checks: Vec<TokenStream> = union.variants.iter().map(|variant| self.typed(&variant.schema)).collect();
        let unmatched = ident(&super::enums::unmatched_variant(union));
        let keyword = match union.keyword {
            UnionKeyword::OneOf => "oneOf",
            UnionKeyword::AnyOf => "anyOf",
        };
        let arms = union.variants.iter().zip(checks).map(|(variant, checks)| {
            let name = ident(&variant.rust_name);
            if checks.is_empty() {
                quote! { Self::#name(_) => {} }
            } else {
                quote! { Self::#name(value) => { #checks } }
            }
        });
        quote! {
            let mut probe = #support::ValidationErrors::probe();
            {
                let errors = &mut probe;
                match self {
                    #( #arms )*
                    // A value that fits no branch goes to the count below, which reports it.
                    Self::#unmatched(_) => errors.report(path, #keyword, String::new),
                }
            }
            if !probe.is_empty() {
                #count_branches
            }
        }
    }

    /// Returns whether no JSON value can match two of `variants`, judged by their JSON types.
    fn branches_disjoint(&self, variants: &[UnionVariant]) -> bool {
        let mut seen = JsonKinds::default();
        for variant in variants {
            let Some(kinds) = self.json_kinds(&variant.schema) else { return false };
            if seen.overlaps(kinds) {
                return false;
            }
            seen = seen.union(kinds);
        }
        true
    }

    /// Returns the JSON types that a value of `schema` can have, or `None` when any type can.
    fn json_kinds(&self, schema: &Schema) -> Option<JsonKinds> {
        let kinds = match &schema.ty {
            Ty::String => JsonKinds::STRING,
            // Every integer is a number too, so the two share a bit.
            Ty::Integer | Ty::Number => JsonKinds::NUMBER,
            Ty::Boolean => JsonKinds::BOOLEAN,
            Ty::Array(_) => JsonKinds::ARRAY,
            Ty::Map(_) => JsonKinds::OBJECT,
            Ty::Any => return None,
            Ty::Named(id) => match &self.channel.type_def(*id).kind {
                TypeKind::Object(_) => JsonKinds::OBJECT,
                TypeKind::Enum(_) => JsonKinds::STRING,
                TypeKind::Union(union) => {
                    let mut combined = JsonKinds::default();
                    for variant in &union.variants {
                        combined = combined.union(self.json_kinds(&variant.schema)?);
                    }
                    combined
                }
            },
        };
        Some(if schema.nullable { kinds.union(JsonKinds::NULL) } else { kinds })
    }

    /// Checks on a JSON value of a union: how many branches it matches, as `oneOf` or `anyOf` requires.
    fn union_json(&mut self, union: &UnionDef) -> TokenStream {
        let UnionDef { keyword, variants, tag: _ } = union;
        let support = support();
        let key: Vec<&str> = variants.iter().map(|variant| variant.schema.pointer.as_str()).collect();
        let key = key.join(" ");
        let branches = match self.union_branches.get(&key) {
            Some(branches) => branches.clone(),
            None => {
                let branches: Vec<Ident> =
                    variants.iter().map(|variant| self.branch_function(&variant.schema)).collect();
                self.union_branches.insert(key, branches.clone());
                branches
            }
        };
        let check = match keyword {
            UnionKeyword::OneOf => format_ident!("check_one_of"),
            UnionKeyword::AnyOf => format_ident!("check_any_of"),
        };
        quote! { #support::#check(value, &[#( #branches ),*], path, errors); }
    }

    fn recursive_function(&mut self, target: &str) -> Ident {
        if let Some(name) = self.recursive.get(target) {
            return name.clone();
        }
        let name = self.next_name("check_recursive");
        self.recursive.insert(target.to_owned(), name.clone());
        name
    }

    /// Emits a function that checks a JSON value against `schema`, for the applicators.
    fn branch_function(&mut self, schema: &Schema) -> Ident {
        let name = self.next_name("check_branch");
        let body = self.json(schema);
        let support = support();
        let unused = body.is_empty().then(|| quote! { let _ = (value, path, errors); });
        self.helpers.push(quote! {
            fn #name(value: &serde_json::Value, path: &#support::Path<'_>, errors: &mut #support::ValidationErrors) {
                #unused
                #body
            }
        });
        name
    }

    /// Checks on a JSON array bound to `items`, either with one item schema of a typed array or
    /// with the `items` and `additionalItems` of an untyped schema.
    fn array_json(
        &mut self,
        typed_items: Option<&Schema>,
        untyped_items: Option<(&Items, Option<&Schema>)>,
        constraints: &Constraints,
    ) -> TokenStream {
        let support = support();
        let mut checks = Vec::new();
        if constraints.min_items.is_some() || constraints.max_items.is_some() {
            let (min, max) = (option_u64(constraints.min_items), option_u64(constraints.max_items));
            checks.push(quote! { #support::check_item_count(items.len(), #min, #max, path, errors); });
        }
        if constraints.unique_items {
            checks.push(quote! { #support::check_unique(items, |a, b| #support::json_equal(a, b), path, errors); });
        }
        let every_item = match (typed_items, untyped_items) {
            (Some(schema), _) => Some(self.json(schema)),
            (None, Some((Items::All(schema), _))) => Some(self.json(schema)),
            _ => None,
        };
        if let Some(item_checks) = every_item.filter(|checks| !checks.is_empty()) {
            checks.push(quote! {
                for (index, value) in items.iter().enumerate() {
                    let path = &path.index(index);
                    #item_checks
                }
            });
        }
        if let Some((Items::Tuple(schemas), additional)) = untyped_items {
            for (index, schema) in schemas.iter().enumerate() {
                let item_checks = self.json(schema);
                if !item_checks.is_empty() {
                    checks.push(quote! {
                        if let Some(value) = items.get(#index) {
                            let path = &path.index(#index);
                            #item_checks
                        }
                    });
                }
            }
            if let Some(additional) = additional {
                let item_checks = self.json(additional);
                let count = schemas.len();
                if !item_checks.is_empty() {
                    checks.push(quote! {
                        for (index, value) in items.iter().enumerate().skip(#count) {
                            let path = &path.index(index);
                            #item_checks
                        }
                    });
                }
            }
        }
        quote! { #( #checks )* }
    }

    /// Checks on a JSON object bound to `object`, for the object keywords of an untyped schema.
    fn object_keywords_json(
        &mut self,
        properties: &[(String, Schema)],
        required: &[String],
        pattern_properties: &[(String, Schema)],
        (additional, own_properties): (Option<&Schema>, &[String]),
        (min, max): (Option<u64>, Option<u64>),
    ) -> TokenStream {
        let support = support();
        let mut checks = Vec::new();
        for name in required {
            checks.push(quote! {
                if !object.contains_key(#name) {
                    #support::report_missing(#name, path, errors);
                }
            });
        }
        for (name, schema) in properties {
            let property_checks = self.json(schema);
            if !property_checks.is_empty() {
                checks.push(quote! {
                    if let Some(value) = object.get(#name) {
                        let path = &path.key(#name);
                        #property_checks
                    }
                });
            }
        }
        let mut patterns = Vec::new();
        for (source, schema) in pattern_properties {
            let pattern = self.pattern_static(source);
            let property_checks = self.json(schema);
            patterns.push(pattern.clone());
            if !property_checks.is_empty() {
                checks.push(quote! {
                    for (key, value) in object.iter().filter(|(key, _)| #pattern.is_match(key)) {
                        let path = &path.key(key);
                        #property_checks
                    }
                });
            }
        }
        if let Some(additional) = additional {
            let property_checks = self.json(additional);
            let known = if own_properties.is_empty() {
                quote! { false }
            } else {
                quote! { matches!(key.as_str(), #( #own_properties )|*) }
            };
            if !property_checks.is_empty() {
                checks.push(quote! {
                    for (key, value) in object.iter() {
                        if #known #( || #patterns.is_match(key) )* {
                            continue;
                        }
                        let path = &path.key(key);
                        #property_checks
                    }
                });
            }
        }
        if min.is_some() || max.is_some() {
            let (min, max) = (option_u64(min), option_u64(max));
            checks.push(quote! { #support::check_property_count(object.len(), #min, #max, path, errors); });
        }
        quote! { #( #checks )* }
    }

    /// Returns the static that contains the string keywords, or `None` when there are none.
    pub(super) fn string_rules(&mut self, constraints: &Constraints) -> Option<TokenStream> {
        let known_format = constraints.format.as_deref().filter(|format| KNOWN_FORMATS.contains(format));
        if constraints.min_length.is_none()
            && constraints.max_length.is_none()
            && constraints.pattern.is_none()
            && known_format.is_none()
        {
            return None;
        }
        let (min_length, max_length, pattern) = (constraints.min_length, constraints.max_length, &constraints.pattern);
        let key = format!("string {min_length:?} {max_length:?} {pattern:?} {known_format:?}");
        let mut name = vec!["STRING".to_owned()];
        name.extend(min_length.map(|min| format!("MIN_LENGTH_{min}")));
        name.extend(max_length.map(|max| format!("MAX_LENGTH_{max}")));
        name.extend(known_format.map(|format| format.replace('-', "_").to_uppercase()));
        name.extend(pattern.as_deref().map(pattern_name));
        Some(self.rules_static(name.join("_"), key, |emitter| {
            let support = support();
            let (min, max) = (option_u64(min_length), option_u64(max_length));
            let pattern = match pattern {
                Some(source) => {
                    let name = emitter.pattern_static(source);
                    quote! { Some(&#name) }
                }
                None => quote! { None },
            };
            let format = match known_format {
                Some(format) => quote! { Some(#format) },
                None => quote! { None },
            };
            let literal = quote! {
                #support::StringRules { min_length: #min, max_length: #max, pattern: #pattern, format: #format }
            };
            (quote! { #support::StringRules }, literal)
        }))
    }

    /// Returns the static that contains the numeric keywords, or `None` when there are none.
    pub(super) fn number_rules(&mut self, constraints: &Constraints) -> Option<TokenStream> {
        let Constraints { minimum, maximum, exclusive_minimum, exclusive_maximum, multiple_of, .. } = constraints;
        let bounds = [minimum, maximum, exclusive_minimum, exclusive_maximum, multiple_of];
        if bounds.iter().all(|bound| bound.is_none()) {
            return None;
        }
        let key = format!("number {bounds:?}");
        let keywords = ["MINIMUM", "MAXIMUM", "EXCLUSIVE_MINIMUM", "EXCLUSIVE_MAXIMUM", "MULTIPLE_OF"];
        let mut name = vec!["NUMBER".to_owned()];
        for (keyword, bound) in keywords.iter().zip(bounds) {
            name.extend(bound.map(|bound| format!("{keyword}_{}", number_name(bound))));
        }
        Some(self.rules_static(name.join("_"), key, |_| {
            let [minimum, maximum, exclusive_minimum, exclusive_maximum, multiple_of] =
                bounds.map(|bound| option_f64(*bound));
            let support = support();
            let literal = quote! {
                #support::NumberRules {
                    minimum: #minimum,
                    maximum: #maximum,
                    exclusive_minimum: #exclusive_minimum,
                    exclusive_maximum: #exclusive_maximum,
                    multiple_of: #multiple_of,
                }
            };
            (quote! { #support::NumberRules }, literal)
        }))
    }

    /// Returns the name of the static that `key` describes, emitting it as `name` the first time
    /// this key is needed, with the type and value that `build` returns. The name comes from the
    /// keywords, so adding or removing a property does not rename the statics of the others.
    fn rules_static(
        &mut self,
        name: String,
        key: String,
        build: impl FnOnce(&mut Self) -> (TokenStream, TokenStream),
    ) -> TokenStream {
        if let Some(name) = self.rules.get(&key) {
            return quote! { #name };
        }
        let name = format_ident!("{}", name);
        let (ty, literal) = build(self);
        self.helpers.push(quote! { static #name: #ty = #literal; });
        self.rules.insert(key, name.clone());
        quote! { #name }
    }

    /// Returns the static that compiles `source` on first use, shared by every schema with the
    /// same pattern.
    fn pattern_static(&mut self, source: &str) -> Ident {
        let key = format!("pattern {source}");
        if let Some(name) = self.rules.get(&key) {
            return name.clone();
        }
        let name = format_ident!("{}", pattern_name(source));
        let support = support();
        self.helpers.push(quote! {
            static #name: #support::Pattern = #support::Pattern::new(#source);
        });
        self.rules.insert(key, name.clone());
        name
    }

    /// Tells whether the schema's `enum` is the list of the named string enum that the schema
    /// refers to, whose own validator already checks it.
    pub(super) fn enum_checked_by_type(&self, schema: &Schema) -> bool {
        let Ty::Named(id) = schema.ty else { return false };
        let TypeKind::Enum(def) = &self.channel.type_def(id).kind else { return false };
        let (Some(allowed), None) = (&schema.constraints.allowed, &schema.constraints.constant) else { return false };
        allowed.len() == def.variants.len()
            && allowed.iter().zip(&def.variants).all(|(value, variant)| value.as_str() == Some(variant.value.as_str()))
    }

    /// Checks `enum` and `const` on a JSON value bound to `value`.
    fn enum_json(&mut self, constraints: &Constraints) -> Option<TokenStream> {
        let support = support();
        let mut checks = Vec::new();
        for (keyword, values) in enum_lists(constraints) {
            let name = self.next_name("ALLOWED");
            let json = Value::Array(values.to_vec()).to_string();
            let shown = shown_list(values);
            self.helpers.push(quote! {
                static #name: std::sync::OnceLock<Vec<serde_json::Value>> = std::sync::OnceLock::new();
            });
            checks.push(quote! {
                #support::check_enum_json(value, #support::parse_embedded(&#name, #json), #keyword, #shown, path, errors);
            });
        }
        (!checks.is_empty()).then(|| quote! { #( #checks )* })
    }
}

/// The formats that the run-time support checks; it must list the same as
/// `generated/src/support/format.rs`. Other formats are annotations.
pub const KNOWN_FORMATS: &[&str] =
    &["date-time", "date", "time", "uri", "uri-reference", "email", "uuid", "ipv4", "ipv6", "hostname"];

/// Emits `Validate` for the channel enum and its `parse` entry point.
fn channel_impl(channel: &Channel) -> TokenStream {
    let name = ident(&channel.enum_name);
    let support = support();
    let typed_arms = channel.events.iter().map(|event| {
        let variant = ident(&event.rust_name);
        quote! { Self::#variant(event) => validate::Validate::validate_at(event, path, errors), }
    });
    let json_arms = channel.events.iter().map(|event| {
        let variant = ident(&event.rust_name);
        quote! { #variant::TYPE => <#variant as validate::Validate>::validate_json_at(value, path, errors), }
    });
    let address = &channel.address;
    let parse_docs = format!(
        " Parses an event of the `{address}` channel from JSON bytes and checks it against the spec.\n\n \
         Returns the typed event when it is valid, or every problem found, each with its JSON Pointer, \
         the schema keyword\n and a message. Malformed JSON, a wrong JSON type and a missing property are \
         reported with their pointers too.\n An event of a type that this crate does not know is not \
         checked and becomes `Unknown`. To decode without\n checking, use [`{}::from_slice`].",
        channel.enum_name
    );
    let unused = channel.events.is_empty().then(|| quote! { let _ = (path, errors); });
    quote! {
        impl #name {
            #[doc = #parse_docs]
            pub fn parse(bytes: &[u8]) -> Result<Self, crate::support::ValidationErrors> {
                #support::parse_with(bytes, Self::from_slice)
            }
        }

        impl validate::Validate for #name {
            fn validate_at(&self, path: &#support::Path<'_>, errors: &mut #support::ValidationErrors) {
                #unused
                match self {
                    #( #typed_arms )*
                    Self::Unknown(_) => {}
                }
            }

            // A channel with one event type gives a `match` with one arm besides `_`.
            #[allow(clippy::single_match)]
            fn validate_json_at(value: &serde_json::Value, path: &#support::Path<'_>, errors: &mut #support::ValidationErrors) {
                let Some(object) = value.as_object() else {
                    #support::check_type(value, &[#support::JsonType::Object], path, errors);
                    return;
                };
                match object.get("type") {
                    None => #support::report_missing("type", path, errors),
                    Some(serde_json::Value::String(event_type)) => match event_type.as_str() {
                        #( #json_arms )*
                        _ => {}
                    },
                    Some(other) => {
                        #support::check_type(other, &[#support::JsonType::String], &path.key("type"), errors);
                    }
                }
            }
        }
    }
}

/// Returns whether a `$ref` inside `untyped` refers back to the schema at `pointer`.
fn contains_recursive_ref(untyped: &Untyped, pointer: &str) -> bool {
    untyped.subschemas().into_iter().any(|schema| {
        schema.constraints.untyped.as_deref().is_some_and(|inner| {
            inner.recursive_ref.as_deref() == Some(pointer) || contains_recursive_ref(inner, pointer)
        })
    })
}

/// Returns `enum` and `const` as lists of allowed values with their keyword.
pub(super) fn enum_lists(constraints: &Constraints) -> Vec<(&'static str, &[Value])> {
    let mut lists = Vec::new();
    if let Some(allowed) = &constraints.allowed {
        lists.push(("enum", allowed.as_slice()));
    }
    if let Some(constant) = &constraints.constant {
        lists.push(("const", std::slice::from_ref(constant)));
    }
    lists
}

/// Returns, for each of `enum` and `const`, the keyword, the allowed values of one Rust type as
/// tokens (values of other JSON types can never match) and the JSON text for messages.
fn enum_checks(
    constraints: &Constraints,
    literal: impl Fn(&Value) -> Option<TokenStream>,
) -> Vec<(&'static str, Vec<TokenStream>, String)> {
    enum_lists(constraints)
        .into_iter()
        .map(|(keyword, values)| (keyword, values.iter().filter_map(&literal).collect(), shown_list(values)))
        .collect()
}

fn shown_list(values: &[Value]) -> String {
    values.iter().map(Value::to_string).collect::<Vec<_>>().join(", ")
}

/// Returns the name of the static of the pattern `source`: `PATTERN_` and the 64-bit FNV-1a hash
/// of the source in hex, which stays the same however the spec changes around the pattern.
fn pattern_name(source: &str) -> String {
    let hash = source
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3));
    format!("PATTERN_{hash:016X}")
}

/// Writes a bound as part of an identifier: `0`, `1_5` for 1.5, `MINUS_3` for -3.
fn number_name(value: f64) -> String {
    let text =
        if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { format!("{value:?}") };
    text.replace('-', "MINUS_").replace('.', "_").replace('+', "").to_uppercase()
}

fn option_u64(value: Option<u64>) -> TokenStream {
    match value {
        Some(value) => quote! { Some(#value) },
        None => quote! { None },
    }
}

fn option_f64(value: Option<f64>) -> TokenStream {
    match value {
        Some(value) => quote! { Some(#value) },
        None => quote! { None },
    }
}

fn json_type(ty: &JsonType) -> Ident {
    let name = match ty {
        JsonType::Null => "Null",
        JsonType::Boolean => "Boolean",
        JsonType::Integer => "Integer",
        JsonType::Number => "Number",
        JsonType::String => "String",
        JsonType::Array => "Array",
        JsonType::Object => "Object",
    };
    format_ident!("{}", name)
}

/// A set of JSON types, one bit each, where integers count as numbers.
#[derive(Clone, Copy, Default)]
struct JsonKinds(u8);

impl JsonKinds {
    const STRING: JsonKinds = JsonKinds(1);
    const NUMBER: JsonKinds = JsonKinds(2);
    const BOOLEAN: JsonKinds = JsonKinds(4);
    const ARRAY: JsonKinds = JsonKinds(8);
    const OBJECT: JsonKinds = JsonKinds(16);
    const NULL: JsonKinds = JsonKinds(32);

    fn union(self, other: JsonKinds) -> JsonKinds {
        JsonKinds(self.0 | other.0)
    }

    fn overlaps(self, other: JsonKinds) -> bool {
        self.0 & other.0 != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_names_are_identifier_parts() {
        assert_eq!(number_name(0.0), "0");
        assert_eq!(number_name(1000.0), "1000");
        assert_eq!(number_name(1.5), "1_5");
        assert_eq!(number_name(-3.0), "MINUS_3");
        assert_eq!(number_name(1e300), "1E300");
        assert_eq!(number_name(-2.5e-7), "MINUS_2_5EMINUS_7");
    }

    #[test]
    fn pattern_names_follow_the_source() {
        assert_eq!(pattern_name("^a+$"), pattern_name("^a+$"));
        assert_ne!(pattern_name("^a+$"), pattern_name("^b+$"));
        assert_eq!(pattern_name("").len(), "PATTERN_".len() + 16);
    }
}
