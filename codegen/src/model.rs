//! The owned model that lowering builds from the specs and that every emitter reads.
//!
//! Nothing here refers back to the raw documents: an emitter that needs a fact from the spec gets
//! it added here first. Lists keep spec order where the order means something to readers
//! (payload properties, enum values); everything else is sorted once, at the end of lowering.

use std::path::PathBuf;

use serde_json::Value;

/// Everything that the specs under one folder describe.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Channels sorted by module name.
    pub channels: Vec<Channel>,
}

/// One AsyncAPI channel, such as `system-events.web-integrations`, with its events and types.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// The spec file that defines the channel, relative to the workspace root.
    pub spec_file: PathBuf,
    /// The document's `info.title`, such as `Web integrations`.
    pub title: String,
    /// The document's `info.description`.
    pub description: Option<String>,
    /// The channel object's own `description`, which the docs page shows under its title.
    pub channel_description: Option<String>,
    /// The key of the channel in the document, such as `systemEventsWebIntegrations`.
    pub key: String,
    /// The channel's address, such as `system-events.web-integrations`.
    pub address: String,
    /// The address without its `system-events.` prefix, such as `web-integrations`; names the docs file.
    pub short_name: String,
    /// The Rust module, such as `web_integrations`.
    pub module: String,
    /// The Rust enum over the channel's events, such as `WebIntegrationsEvent`.
    pub enum_name: String,
    /// Events sorted by CloudEvents type.
    pub events: Vec<Event>,
    /// Every type that the channel's payloads use, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// The document's `components.schemas`, in spec order, each lowered as a type.
    pub schemas: Vec<NamedSchema>,
}

/// One message of a channel: a CloudEvents event type.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The message's key under `components.messages`, such as `web-integrations.webIntegrationCreated`.
    pub message_key: String,
    /// The CloudEvents `type`: the message's `name`.
    pub event_type: String,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// The `action` of the operation that carries the message, such as `send`.
    pub action: String,
    /// `x-qlik-visibility`, such as `public`.
    pub visibility: Option<String>,
    /// `x-qlik-stability`, such as `stable`.
    pub stability: Option<String>,
    /// Set when the message is deprecated (`x-qlik-deprecated`, or stability `deprecated`).
    pub deprecated: Option<Deprecation>,
    /// The Rust struct, such as `WebIntegrationCreated`.
    pub rust_name: String,
    /// The payload object. Its field with [`FieldRole::EventType`] is the CloudEvents `type`.
    pub payload: TypeId,
    pub examples: Vec<Example>,
}

/// The reason for a deprecation, when the spec gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    /// The reason or replacement, when the spec gives one.
    pub note: Option<String>,
}

/// A message example from the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub name: Option<String>,
    pub summary: Option<String>,
    pub payload: Value,
    /// Where the example breaks its own payload schema, as `pointer: reason`, filled in by
    /// [`crate::check::record_verdicts`]; empty when the example matches.
    pub schema_failures: Vec<String>,
}

/// A schema under `components.schemas`.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedSchema {
    /// The key, such as `cloudEventsContextAttributes`.
    pub name: String,
    pub schema: Schema,
}

/// An index into [`Channel::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A Rust type that the generator emits: a struct, an enum or a union.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub rust_name: String,
    /// The key under `components.schemas` when the type is a named schema.
    pub schema_name: Option<String>,
    pub description: Option<String>,
    /// The JSON Pointer of the schema the type comes from.
    pub pointer: String,
    pub kind: TypeKind,
}

/// The shape of a [`TypeDef`].
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Object(ObjectDef),
    /// A string with `enum` values.
    Enum(EnumDef),
    /// A value that matches one of several schemas (`oneOf` or `anyOf`).
    Union(UnionDef),
}

/// A string enum. The Rust enum has one variant per value plus one that keeps any other string,
/// because Qlik adds values to its enums over time.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// The values in spec order.
    pub variants: Vec<EnumVariant>,
    /// The Rust name of the variant that keeps a value the spec does not list, such as `Other`.
    pub other_variant: String,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// The exact string on the wire.
    pub value: String,
    /// The Rust variant name, such as `ExceededLimit`.
    pub rust_name: String,
}

/// A `oneOf` or `anyOf` of schemas, none of them `null` (a `null` branch makes the schema nullable).
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// The keyword the union comes from.
    pub keyword: UnionKeyword,
    /// The branches in spec order.
    pub variants: Vec<UnionVariant>,
    /// The JSON key of the property whose value picks the branch, when every branch is an object
    /// that fixes that property to a distinct string (with `const` or a one-value `enum`).
    pub tag: Option<String>,
}

/// Whether a union states `oneOf` (exactly one branch matches) or `anyOf` (at least one does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnionKeyword {
    OneOf,
    AnyOf,
}

/// One branch of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name, such as `User`.
    pub rust_name: String,
    pub schema: Schema,
    /// The value of the tag property that picks this branch, for a tagged union.
    pub tag_value: Option<String>,
}

/// A JSON object with known properties.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectDef {
    /// Properties in spec order: the order in which `allOf` members and `properties` first name them.
    pub fields: Vec<Field>,
    /// What happens to properties that the schema does not name.
    pub additional: Additional,
    /// The Rust name of the field that keeps unknown properties, chosen so no property collides with it.
    pub additional_field: String,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
}

/// How an object treats properties that its schema does not name.
#[derive(Debug, Clone, PartialEq)]
pub enum Additional {
    /// Kept as JSON values, so nothing is lost on the way back out (no `additionalProperties`, or `true`).
    Keep,
    /// Rejected (`additionalProperties: false`).
    Deny,
    /// Kept in a map, each value checked against this schema (`additionalProperties` with a schema).
    Typed(Box<Schema>),
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The exact JSON key.
    pub wire_name: String,
    /// The Rust field name, already escaped where it is a keyword.
    pub rust_name: String,
    pub description: Option<String>,
    pub required: bool,
    pub role: FieldRole,
    pub schema: Schema,
    /// The schema keywords that the docs list after `Metadata:`, in spec order, taken from the
    /// property's last definition when `allOf` members define it more than once.
    pub metadata: Vec<(String, Value)>,
    pub deprecated: Option<Deprecation>,
}

/// What a field means beyond its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRole {
    /// An ordinary property.
    Plain,
    /// The CloudEvents `type` of an event payload, which picks the Rust type instead of being stored.
    EventType,
}

/// A schema as the emitters need it: the Rust shape, the checks on the value and the default.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub ty: Ty,
    /// The value may also be JSON `null`.
    pub nullable: bool,
    pub constraints: Constraints,
    pub default: Option<Value>,
    pub description: Option<String>,
    /// The JSON Pointer of the schema, for messages and docs.
    pub pointer: String,
}

/// The Rust shape of a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    String,
    Integer,
    Number,
    Boolean,
    /// Any JSON value: the schema names no type.
    Any,
    Array(Box<Schema>),
    /// A type in [`Channel::types`].
    Named(TypeId),
    /// An object with no named properties whose values all follow one schema
    /// (`additionalProperties` with a schema), keyed by property name.
    Map(Box<Schema>),
}

/// The validation keywords of a schema that apply to its own value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub format: Option<String>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub exclusive_maximum: Option<f64>,
    pub multiple_of: Option<f64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    /// `enum`: the value must equal one of these.
    pub allowed: Option<Vec<Value>>,
    /// `const`: the value must equal this.
    pub constant: Option<Value>,
    /// Keywords that only a check on the JSON value can enforce, set when `ty` is [`Ty::Any`].
    pub untyped: Option<Box<Untyped>>,
}

/// The keywords of a schema whose value the generated code keeps as a `serde_json::Value`,
/// because no Rust type enforces them. These are several JSON types, object or array keywords
/// without a `type`, `patternProperties`, a schema for `additionalProperties`, tuple `items`, and
/// the applicators `anyOf`, `oneOf` and `not`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Untyped {
    /// `type`: the JSON types the value may have; empty when the schema names none.
    pub types: Vec<JsonType>,
    /// `properties`, in spec order.
    pub properties: Vec<(String, Schema)>,
    pub required: Vec<String>,
    /// `patternProperties`: a regular expression and the schema of the properties it matches.
    pub pattern_properties: Vec<(String, Schema)>,
    /// `additionalProperties`: the schema of properties that neither `patternProperties` nor
    /// [`Untyped::own_properties`] matches.
    pub additional_properties: Option<Box<Schema>>,
    /// The names under this schema's own `properties`. Unlike [`Untyped::properties`], these
    /// leave out names that only `allOf` members define, which `additionalProperties` does not see.
    pub own_properties: Vec<String>,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    pub items: Items,
    /// `additionalItems`: the schema of items past the tuple in [`Items::Tuple`].
    pub additional_items: Option<Box<Schema>>,
    pub any_of: Vec<Schema>,
    pub one_of: Vec<Schema>,
    /// `not`, and also a `false` schema, which is `not` with a schema that accepts everything.
    pub not: Option<Box<Schema>>,
    /// The pointer of an enclosing schema that this one refers back to with `$ref`: the value must
    /// meet that schema, whose keywords are not repeated here.
    pub recursive_ref: Option<String>,
}

/// A JSON type, as the `type` keyword names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum JsonType {
    Null,
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
}

/// The schemas of an array's items, as `items` gives them.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Items {
    /// No `items` keyword: any item is valid.
    #[default]
    Any,
    /// One schema for every item.
    All(Box<Schema>),
    /// One schema per position; items past the list meet `additionalItems`.
    Tuple(Vec<Schema>),
}

impl Channel {
    /// Returns the type that `id` points at.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

impl Channel {
    /// Returns the types that the events' payloads use, directly or through other types, in the
    /// order they were lowered. Schemas under `components.schemas` that no payload uses are left out.
    pub fn reachable_types(&self) -> Vec<TypeId> {
        let mut reached = vec![false; self.types.len()];
        let mut stack: Vec<TypeId> = self.events.iter().map(|event| event.payload).collect();
        while let Some(id) = stack.pop() {
            if std::mem::replace(&mut reached[id.0], true) {
                continue;
            }
            self.types[id.0].kind.for_each_schema(&mut |schema| collect_named(schema, &mut stack, true));
        }
        (0..self.types.len()).filter(|index| reached[*index]).map(TypeId).collect()
    }

    /// Returns whether a value of type `from` contains a value of type `to` inline (not behind a
    /// `Vec` or map) that leads back to `from`, so the Rust field must be boxed to have a size.
    pub fn needs_box(&self, from: TypeId, to: TypeId) -> bool {
        let mut seen = vec![false; self.types.len()];
        let mut stack = vec![to];
        while let Some(id) = stack.pop() {
            if id == from {
                return true;
            }
            if std::mem::replace(&mut seen[id.0], true) {
                continue;
            }
            self.types[id.0].kind.for_each_schema(&mut |schema| collect_named(schema, &mut stack, false));
        }
        false
    }
}

impl TypeKind {
    /// Calls `visit` with every schema that the type contains directly: fields, branches and the
    /// schema of additional properties.
    pub fn for_each_schema(&self, visit: &mut dyn FnMut(&Schema)) {
        match self {
            TypeKind::Object(ObjectDef { fields, additional, .. }) => {
                for field in fields {
                    visit(&field.schema);
                }
                if let Additional::Typed(schema) = additional {
                    visit(schema);
                }
            }
            TypeKind::Enum(_) => {}
            TypeKind::Union(UnionDef { variants, .. }) => {
                for variant in variants {
                    visit(&variant.schema);
                }
            }
        }
    }
}

/// Pushes the named types that `schema` refers to, looking inside arrays and maps only when
/// `through_containers` is set.
fn collect_named(schema: &Schema, out: &mut Vec<TypeId>, through_containers: bool) {
    match &schema.ty {
        Ty::Named(id) => out.push(*id),
        Ty::Array(items) | Ty::Map(items) if through_containers => collect_named(items, out, through_containers),
        Ty::Array(_) | Ty::Map(_) | Ty::String | Ty::Integer | Ty::Number | Ty::Boolean | Ty::Any => {}
    }
    if let Some(untyped) = &schema.constraints.untyped {
        for schema in untyped.subschemas() {
            collect_named(schema, out, through_containers);
        }
    }
}

impl Untyped {
    /// Returns every schema nested in these keywords.
    pub fn subschemas(&self) -> Vec<&Schema> {
        let Untyped {
            types: _,
            properties,
            required: _,
            pattern_properties,
            additional_properties,
            own_properties: _,
            min_properties: _,
            max_properties: _,
            items,
            additional_items,
            any_of,
            one_of,
            not,
            recursive_ref: _,
        } = self;
        let mut found: Vec<&Schema> = Vec::new();
        found.extend(properties.iter().chain(pattern_properties).map(|(_, schema)| schema));
        found.extend(additional_properties.as_deref());
        match items {
            Items::Any => {}
            Items::All(schema) => found.push(schema),
            Items::Tuple(schemas) => found.extend(schemas),
        }
        found.extend(additional_items.as_deref());
        found.extend(any_of.iter().chain(one_of));
        found.extend(not.as_deref());
        found
    }
}
