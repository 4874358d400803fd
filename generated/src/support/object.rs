//! The `object!` macro: the serde impls and the validator of a generated struct, from one line per
//! property.
//!
//! The generator writes a struct with its docs, then an `object!` declaration that lists each
//! property once: its JSON key, its field, whether it is required, and the check of its value.
//! Reading, writing and both validation paths expand from that list at compile time, so the
//! generated modules stay short and a new property shows up as one line in a review.
//!
//! The grammar, with `;` after the header and after every property:
//!
//! ```text
//! object! {
//!     Name, "what the decoder expects", keep additional_properties;   // or: deny;
//!     "key" => field: required string(STRING_MIN_LENGTH_1);
//! }
//! ```
//!
//! An event payload adds where its CloudEvents `type` goes among the properties, and the check of
//! the `type` value on the slow path: `keep additional_properties, type after "time"
//! string(STRING_MIN_LENGTH_1);`, or `type first ...` when `type` is the first property.
//!
//! A property is `required` or `optional`; an optional field is an `Option`. The checks are:
//!
//! | check | the value |
//! | --- | --- |
//! | `any()` | any JSON value, unchecked |
//! | `boolean()` | a boolean |
//! | `string()`, `string(RULES)` | a string, with the `StringRules` static `RULES`, named after its keywords |
//! | `integer()`, `integer(RULES)` | an integer (`i64` or `i32`), with the `NumberRules` static `RULES` |
//! | `number()`, `number(RULES)` | a number (`serde_json::Number`), with `NumberRules` |
//! | `named(Type)` | a generated type, checked by its own `Validate` impl |
//! | `array(MIN, MAX, UNIQUE, CHECK)` | a `Vec`: `minItems` and `maxItems` as `Option<u64>`, `uniqueItems` as `true` or `false`, and the check of every item |
//! | `nullable(CHECK)` | an `Option` that is `None` for JSON `null` |
//! | `custom(TYPED, JSON)` | any other shape: two generated functions, the typed one `_` when it has nothing to check |
//!
//! A string enum has a `string_enum!` declaration: `Name, Other;`, then `"value" => Variant,` for
//! each value the spec lists. `Other(String)` is the variant that keeps any other value. It
//! implements `VALUES`, `as_str`, `from_json_str`, the serde impls and the validator.
//!
//! Every check reports the same errors, in the same order, on the typed path (`validate_at`) as on
//! the JSON path (`validate_json_at`); `tests/tests/dispatch.rs` compares the two.

/// Implements `FromMap`, `Deserialize`, `Serialize` and `Validate` for a generated struct; see the
/// [module docs](mod@crate::support::object) for the grammar.
#[doc(hidden)]
#[macro_export]
macro_rules! __support_object {
    // The forms that the generator writes, turned into one: the unknown properties as `(keep
    // field)` or `(deny)`, and the CloudEvents `type` as `()` for a payload that is not an event
    // or `(POSITION CHECK)` for one that is.
    ($name:ident, $expecting:literal, keep $extra:ident; $($entries:tt)*) => {
        $crate::__support_object!(@object $name, $expecting, (keep $extra), (); $($entries)*);
    };
    ($name:ident, $expecting:literal, deny; $($entries:tt)*) => {
        $crate::__support_object!(@object $name, $expecting, (deny), (); $($entries)*);
    };
    ($name:ident, $expecting:literal, keep $extra:ident, type first $kind:ident $args:tt; $($entries:tt)*) => {
        $crate::__support_object!(@object $name, $expecting, (keep $extra), (() $kind $args); $($entries)*);
    };
    ($name:ident, $expecting:literal, keep $extra:ident, type after $after:literal $kind:ident $args:tt; $($entries:tt)*) => {
        $crate::__support_object!(@object $name, $expecting, (keep $extra), (($after) $kind $args); $($entries)*);
    };
    ($name:ident, $expecting:literal, deny, type first $kind:ident $args:tt; $($entries:tt)*) => {
        $crate::__support_object!(@object $name, $expecting, (deny), (() $kind $args); $($entries)*);
    };
    ($name:ident, $expecting:literal, deny, type after $after:literal $kind:ident $args:tt; $($entries:tt)*) => {
        $crate::__support_object!(@object $name, $expecting, (deny), (($after) $kind $args); $($entries)*);
    };

    (@object $name:ident, $expecting:literal, $extra:tt, $event:tt;
        $( $key:literal => $member:ident : $presence:ident $kind:ident $args:tt ; )*
    ) => {
        impl<'de> $crate::support::de::FromMap<'de> for $name {
            const EXPECTING: &'static str = $expecting;

            fn from_map<A: ::serde::de::MapAccess<'de>>(mut map: A) -> ::core::result::Result<Self, A::Error> {
                $( let mut $member = ::core::option::Option::None; )*
                $crate::__support_object!(@extra_init $extra);
                $crate::__support_object!(@type_init $event, type_seen);
                while let ::core::option::Option::Some(key) = map.next_key::<$crate::support::de::Key<'de>>()? {
                    match key.as_str() {
                        $( $key => $crate::support::de::set_once(&mut $member, map.next_value()?, $key)?, )*
                        _ => $crate::__support_object!(@other $extra, $event, map, key, type_seen, [$($key),*]),
                    }
                }
                $crate::__support_object!(@type_check $event, type_seen);
                $( let $member = $crate::__support_object!(@finish $presence, $member, $key); )*
                ::core::result::Result::Ok($crate::__support_object!(@construct $name, $extra, [$($member)*]))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                $crate::support::de::deserialize_map(deserializer)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(::core::option::Option::None)?;
                $crate::__support_object!(@write_type_first $event, map);
                $(
                    $crate::__support_object!(@write $presence, map, $key, &self.$member);
                    $crate::__support_object!(@write_type_after $event, map, $key);
                )*
                $crate::__support_object!(@write_extra $extra, map, self);
                map.end()
            }
        }

        impl $crate::support::validate::Validate for $name {
            fn validate_at(
                &self,
                path: &$crate::support::validate::Path<'_>,
                errors: &mut $crate::support::validate::ValidationErrors,
            ) {
                let _ = (&path, &errors);
                $( $crate::__support_object!(@typed_field $presence $kind $args, &self.$member, path.key($key), errors); )*
            }

            fn validate_json_at(
                value: &::serde_json::Value,
                path: &$crate::support::validate::Path<'_>,
                errors: &mut $crate::support::validate::ValidationErrors,
            ) {
                let ::core::option::Option::Some(object) = value.as_object() else {
                    $crate::support::validate::check_type(
                        value,
                        &[$crate::support::validate::JsonType::Object],
                        path,
                        errors,
                    );
                    return;
                };
                $crate::__support_object!(@require_type_first $event, object, path, errors);
                $(
                    $crate::__support_object!(@require $presence, object, $key, path, errors);
                    $crate::__support_object!(@require_type_after $event, object, $key, path, errors);
                )*
                $crate::__support_object!(@check_type_first $event, object, path, errors);
                $(
                    if let ::core::option::Option::Some(value) = object.get($key) {
                        $crate::__support_object!(@json $kind $args, value, &path.key($key), errors);
                    }
                    $crate::__support_object!(@check_type_after $event, object, $key, path, errors);
                )*
                $crate::__support_object!(@deny $extra, $event, object, path, errors, [$($key),*]);
            }
        }
    };

    // Reading.
    (@extra_init (keep $extra:ident)) => {
        let mut $extra = ::serde_json::Map::new();
    };
    (@extra_init (deny)) => {};
    (@type_init (), $seen:ident) => {};
    (@type_init $event:tt, $seen:ident) => {
        let mut $seen = false;
    };
    (@other (keep $extra:ident), (), $map:ident, $key:ident, $seen:ident, $known:tt) => {{
        let value = $map.next_value()?;
        $extra.insert($key.into_owned(), value);
    }};
    (@other (deny), (), $map:ident, $key:ident, $seen:ident, [$($known:literal),*]) => {
        return ::core::result::Result::Err(::serde::de::Error::unknown_field($key.as_str(), &[$($known),*]))
    };
    (@other $extra:tt, $event:tt, $map:ident, $key:ident, $seen:ident, [$($known:literal),*]) => {
        if $key.as_str() == "type" {
            let value: $crate::support::de::Key<'_> = $map.next_value()?;
            if value.as_str() != Self::TYPE {
                return ::core::result::Result::Err(::serde::de::Error::invalid_value(
                    ::serde::de::Unexpected::Str(value.as_str()),
                    &Self::TYPE,
                ));
            }
            $seen = true;
        } else {
            $crate::__support_object!(@other $extra, (), $map, $key, $seen, ["type" $(, $known)*])
        }
    };
    (@type_check (), $seen:ident) => {};
    (@type_check $event:tt, $seen:ident) => {
        if !$seen {
            return ::core::result::Result::Err(::serde::de::Error::missing_field("type"));
        }
    };
    (@finish required, $member:ident, $key:literal) => {
        $crate::support::de::required($member, $key)?
    };
    (@finish optional, $member:ident, $key:literal) => {
        $member
    };
    (@construct $name:ident, (keep $extra:ident), [$($member:ident)*]) => {
        $name { $($member,)* $extra }
    };
    (@construct $name:ident, (deny), [$($member:ident)*]) => {
        $name { $($member,)* }
    };

    // Writing, in the order of the properties, with `type` at its place.
    (@write required, $map:ident, $key:literal, $value:expr) => {
        $map.serialize_entry($key, $value)?;
    };
    (@write optional, $map:ident, $key:literal, $value:expr) => {
        if let ::core::option::Option::Some(value) = $value {
            $map.serialize_entry($key, value)?;
        }
    };
    (@write_type_first (() $($check:tt)*), $map:ident) => {
        $map.serialize_entry("type", Self::TYPE)?;
    };
    (@write_type_first $event:tt, $map:ident) => {};
    (@write_type_after (($after:literal) $($check:tt)*), $map:ident, $key:literal) => {
        if $crate::support::object::same_key($key, $after) {
            $map.serialize_entry("type", Self::TYPE)?;
        }
    };
    (@write_type_after $event:tt, $map:ident, $key:literal) => {};
    (@write_extra (keep $extra:ident), $map:ident, $self:tt) => {
        for (key, value) in &$self.$extra {
            $map.serialize_entry(key, value)?;
        }
    };
    (@write_extra (deny), $map:ident, $self:tt) => {};

    // The typed path. Decoding has already enforced `required`, `additionalProperties: false`
    // and the CloudEvents `type`.
    (@typed_field $presence:ident any (), $value:expr, $path:expr, $errors:ident) => {};
    (@typed_field $presence:ident boolean (), $value:expr, $path:expr, $errors:ident) => {};
    (@typed_field $presence:ident string (), $value:expr, $path:expr, $errors:ident) => {};
    (@typed_field $presence:ident integer (), $value:expr, $path:expr, $errors:ident) => {};
    (@typed_field $presence:ident number (), $value:expr, $path:expr, $errors:ident) => {};
    (@typed_field $presence:ident custom (_, $json:path), $value:expr, $path:expr, $errors:ident) => {};
    (@typed_field required $kind:ident $args:tt, $value:expr, $path:expr, $errors:ident) => {
        $crate::__support_object!(@typed $kind $args, $value, &$path, $errors);
    };
    (@typed_field optional $kind:ident $args:tt, $value:expr, $path:expr, $errors:ident) => {
        if let ::core::option::Option::Some(value) = $value {
            $crate::__support_object!(@typed $kind $args, value, &$path, $errors);
        }
    };
    (@typed any (), $value:expr, $path:expr, $errors:ident) => {
        let _ = ($value, $path);
    };
    (@typed boolean (), $value:expr, $path:expr, $errors:ident) => {
        let _ = ($value, $path);
    };
    (@typed string (), $value:expr, $path:expr, $errors:ident) => {
        let _ = ($value, $path);
    };
    (@typed integer (), $value:expr, $path:expr, $errors:ident) => {
        let _ = ($value, $path);
    };
    (@typed number (), $value:expr, $path:expr, $errors:ident) => {
        let _ = ($value, $path);
    };
    (@typed string ($rules:path), $value:expr, $path:expr, $errors:ident) => {
        $crate::support::validate::check_string($value, &$rules, $path, $errors);
    };
    (@typed integer ($rules:path), $value:expr, $path:expr, $errors:ident) => {
        $crate::support::validate::check_number(*$value as f64, &$rules, $path, $errors);
    };
    (@typed number ($rules:path), $value:expr, $path:expr, $errors:ident) => {
        $crate::support::validate::check_number($value.as_f64().unwrap_or(f64::NAN), &$rules, $path, $errors);
    };
    (@typed named ($type:ty), $value:expr, $path:expr, $errors:ident) => {
        $crate::support::validate::Validate::validate_at($value, $path, $errors);
    };
    (@typed array ($min:expr, $max:expr, $unique:tt, $kind:ident $args:tt), $value:expr, $path:expr, $errors:ident) => {{
        let (items, path) = ($value, $path);
        $crate::support::validate::check_item_count(items.len(), $min, $max, path, $errors);
        $crate::__support_object!(@typed_unique $unique, items, path, $errors);
        for (index, value) in items.iter().enumerate() {
            $crate::__support_object!(@typed $kind $args, value, &path.index(index), $errors);
        }
    }};
    (@typed nullable ($kind:ident $args:tt), $value:expr, $path:expr, $errors:ident) => {
        if let ::core::option::Option::Some(value) = $value {
            $crate::__support_object!(@typed $kind $args, value, $path, $errors);
        }
    };
    (@typed custom (_, $json:path), $value:expr, $path:expr, $errors:ident) => {
        let _ = ($value, $path);
    };
    (@typed custom ($typed:path, $json:path), $value:expr, $path:expr, $errors:ident) => {
        $typed($value, $path, $errors);
    };
    (@typed_unique true, $items:ident, $path:ident, $errors:ident) => {
        $crate::support::validate::check_unique($items.as_slice(), |a, b| a == b, $path, $errors);
    };
    (@typed_unique false, $items:ident, $path:ident, $errors:ident) => {};

    // The JSON path: the value did not decode, so every keyword is checked on the JSON value.
    (@json any (), $value:expr, $path:expr, $errors:ident) => {
        let _ = ($value, $path);
    };
    (@json boolean (), $value:expr, $path:expr, $errors:ident) => {
        $crate::support::validate::check_type(
            $value,
            &[$crate::support::validate::JsonType::Boolean],
            $path,
            $errors,
        );
    };
    (@json string (), $value:expr, $path:expr, $errors:ident) => {
        $crate::support::validate::check_string_json($value, ::core::option::Option::None, $path, $errors);
    };
    (@json string ($rules:path), $value:expr, $path:expr, $errors:ident) => {
        $crate::support::validate::check_string_json($value, ::core::option::Option::Some(&$rules), $path, $errors);
    };
    (@json integer (), $value:expr, $path:expr, $errors:ident) => {
        $crate::support::validate::check_type(
            $value,
            &[$crate::support::validate::JsonType::Integer],
            $path,
            $errors,
        );
    };
    (@json integer ($rules:path), $value:expr, $path:expr, $errors:ident) => {
        $crate::support::validate::check_number_json(
            $value,
            $crate::support::validate::JsonType::Integer,
            ::core::option::Option::Some(&$rules),
            $path,
            $errors,
        );
    };
    (@json number (), $value:expr, $path:expr, $errors:ident) => {
        $crate::support::validate::check_type(
            $value,
            &[$crate::support::validate::JsonType::Number],
            $path,
            $errors,
        );
    };
    (@json number ($rules:path), $value:expr, $path:expr, $errors:ident) => {
        $crate::support::validate::check_number_json(
            $value,
            $crate::support::validate::JsonType::Number,
            ::core::option::Option::Some(&$rules),
            $path,
            $errors,
        );
    };
    (@json named ($type:ty), $value:expr, $path:expr, $errors:ident) => {
        <$type as $crate::support::validate::Validate>::validate_json_at($value, $path, $errors);
    };
    (@json array ($min:expr, $max:expr, $unique:tt, $kind:ident $args:tt), $value:expr, $path:expr, $errors:ident) => {{
        let (value, path) = ($value, $path);
        if let ::core::option::Option::Some(items) = value.as_array() {
            $crate::support::validate::check_item_count(items.len(), $min, $max, path, $errors);
            $crate::__support_object!(@json_unique $unique, items, path, $errors);
            for (index, value) in items.iter().enumerate() {
                $crate::__support_object!(@json $kind $args, value, &path.index(index), $errors);
            }
        } else {
            $crate::support::validate::check_type(
                value,
                &[$crate::support::validate::JsonType::Array],
                path,
                $errors,
            );
        }
    }};
    (@json nullable ($kind:ident $args:tt), $value:expr, $path:expr, $errors:ident) => {{
        let value = $value;
        if !value.is_null() {
            $crate::__support_object!(@json $kind $args, value, $path, $errors);
        }
    }};
    (@json custom ($typed:tt, $json:path), $value:expr, $path:expr, $errors:ident) => {
        $json($value, $path, $errors);
    };
    (@json_unique true, $items:ident, $path:ident, $errors:ident) => {
        $crate::support::validate::check_unique(
            $items,
            |a, b| $crate::support::validate::json_equal(a, b),
            $path,
            $errors,
        );
    };
    (@json_unique false, $items:ident, $path:ident, $errors:ident) => {};

    // `required`, with the CloudEvents `type` at its place.
    (@require required, $object:ident, $key:literal, $path:ident, $errors:ident) => {
        if !$object.contains_key($key) {
            $crate::support::validate::report_missing($key, $path, $errors);
        }
    };
    (@require optional, $object:ident, $key:literal, $path:ident, $errors:ident) => {};
    (@require_type_first (() $($check:tt)*), $object:ident, $path:ident, $errors:ident) => {
        $crate::__support_object!(@require required, $object, "type", $path, $errors);
    };
    (@require_type_first $event:tt, $object:ident, $path:ident, $errors:ident) => {};
    (@require_type_after (($after:literal) $($check:tt)*), $object:ident, $key:literal, $path:ident, $errors:ident) => {
        if $crate::support::object::same_key($key, $after) {
            $crate::__support_object!(@require required, $object, "type", $path, $errors);
        }
    };
    (@require_type_after $event:tt, $object:ident, $key:literal, $path:ident, $errors:ident) => {};
    (@check_type_first (() $kind:ident $args:tt), $object:ident, $path:ident, $errors:ident) => {
        if let ::core::option::Option::Some(value) = $object.get("type") {
            $crate::__support_object!(@json $kind $args, value, &$path.key("type"), $errors);
        }
    };
    (@check_type_first $event:tt, $object:ident, $path:ident, $errors:ident) => {};
    (@check_type_after (($after:literal) $kind:ident $args:tt), $object:ident, $key:literal, $path:ident, $errors:ident) => {
        if $crate::support::object::same_key($key, $after) {
            if let ::core::option::Option::Some(value) = $object.get("type") {
                $crate::__support_object!(@json $kind $args, value, &$path.key("type"), $errors);
            }
        }
    };
    (@check_type_after $event:tt, $object:ident, $key:literal, $path:ident, $errors:ident) => {};
    (@deny (keep $extra:ident), $event:tt, $object:ident, $path:ident, $errors:ident, $known:tt) => {};
    (@deny (deny), (), $object:ident, $path:ident, $errors:ident, [$($known:literal),*]) => {
        for key in $object.keys() {
            if !matches!(key.as_str(), $($known)|*) {
                $crate::support::validate::report_additional(key, &$path.key(key), $errors);
            }
        }
    };
    (@deny (deny), $event:tt, $object:ident, $path:ident, $errors:ident, [$($known:literal),*]) => {
        $crate::__support_object!(@deny (deny), (), $object, $path, $errors, ["type" $(, $known)*]);
    };
}

/// Tells whether two JSON keys are the same. The declarations of event payloads call it with two
/// literals, to put the CloudEvents `type` after the property that precedes it in the spec.
#[doc(hidden)]
pub const fn same_key(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if a[index] != b[index] {
            return false;
        }
        index += 1;
    }
    true
}

/// Implements the methods, `Serialize`, `Deserialize` and `Validate` of a generated string enum,
/// from its values and variants: `Name, Other; "value" => Variant, ...`, where `Other(String)`
/// keeps a value that the spec does not list.
#[doc(hidden)]
#[macro_export]
macro_rules! __support_string_enum {
    ($name:ident, $other:ident; $( $value:literal => $variant:ident ),* $(,)?) => {
        impl $name {
            /// The values that the spec lists, in spec order.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// Returns the value as it appears in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::$other(value) => value,
                }
            }

            /// Returns the variant for a JSON value, keeping an unlisted value in the catch-all variant.
            pub fn from_json_str(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    _ => Self::$other(value.to_owned()),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let value: $crate::support::de::Key<'de> = ::serde::Deserialize::deserialize(deserializer)?;
                ::core::result::Result::Ok(Self::from_json_str(value.as_str()))
            }
        }

        impl $crate::support::validate::Validate for $name {
            fn validate_at(
                &self,
                path: &$crate::support::validate::Path<'_>,
                errors: &mut $crate::support::validate::ValidationErrors,
            ) {
                if let Self::$other(value) = self {
                    $crate::support::validate::check_enum_str(value, Self::VALUES, "enum", path, errors);
                }
            }

            fn validate_json_at(
                value: &::serde_json::Value,
                path: &$crate::support::validate::Path<'_>,
                errors: &mut $crate::support::validate::ValidationErrors,
            ) {
                if let ::core::option::Option::Some(text) = value.as_str() {
                    $crate::support::validate::check_enum_str(text, Self::VALUES, "enum", path, errors);
                } else {
                    $crate::support::validate::check_type(
                        value,
                        &[$crate::support::validate::JsonType::String],
                        path,
                        errors,
                    );
                }
            }
        }
    };
}
