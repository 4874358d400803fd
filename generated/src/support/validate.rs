//! Validation support for the generated types: the error type, the JSON Pointer of the value being
//! checked, and the checks that the generated `Validate` impls call for each schema keyword.
//!
//! Two paths share these checks. The fast path walks a decoded event and allocates nothing while
//! every check passes: [`Path`] is a chain of borrowed segments on the stack, and a pointer string
//! or message is built only when a violation is recorded. The slow path walks a
//! `serde_json::Value` when the bytes do not decode into the Rust types, so that a wrong JSON type
//! or a missing property is still reported with its pointer.

use std::cell::RefCell;
use std::fmt;
use std::sync::OnceLock;

use serde::de::{DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The longest shown value in a message, in characters; longer values are cut with `…`.
const SHOWN_CHARS: usize = 60;

/// One step of a JSON Pointer: an object key or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    /// The whole document.
    Root,
    /// A property of an object.
    Key(&'a str),
    /// An item of an array.
    Index(usize),
}

/// The location of the value being checked, as a chain of borrowed segments that lives on the
/// stack, so descending into a property or item allocates nothing.
#[derive(Debug, Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

impl Path<'static> {
    /// The path of the whole document, whose JSON Pointer is the empty string.
    pub const ROOT: Path<'static> = Path { parent: None, segment: Segment::Root };
}

impl<'a> Path<'a> {
    /// Returns the path of the property `key` of the object at this path.
    pub fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path { parent: Some(self), segment: Segment::Key(key) }
    }

    /// Returns the path of the item `index` of the array at this path.
    pub fn index<'b>(&'b self, index: usize) -> Path<'b> {
        Path { parent: Some(self), segment: Segment::Index(index) }
    }

    /// Renders the path as an RFC 6901 JSON Pointer, such as `/data/updates/0/property`.
    pub fn to_pointer(&self) -> String {
        let mut pointer = String::new();
        self.write_pointer(&mut pointer);
        pointer
    }

    fn write_pointer(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.write_pointer(out);
        }
        match self.segment {
            Segment::Root => {}
            Segment::Key(key) => {
                out.push('/');
                out.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Segment::Index(index) => {
                out.push('/');
                out.push_str(&index.to_string());
            }
        }
    }
}

/// One violation: where it is, which schema keyword failed, and a message that shows the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The JSON Pointer of the offending value, such as `/data/updates/0/property`; empty for the
    /// whole event. A missing required property is reported at the object that lacks it.
    pub pointer: String,
    /// The schema keyword that failed, such as `minLength`. Input that is not JSON at all has
    /// `syntax`, and a value that is valid JSON but does not fit the Rust type has `rust-type`.
    pub keyword: &'static str,
    /// What is wrong, showing the value (cut to 60 characters).
    pub message: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() { "(root)" } else { &self.pointer };
        write!(f, "{pointer}: {} ({})", self.message, self.keyword)
    }
}

/// Every violation found in one event, in the order found.
///
/// The validators also use this type to collect violations as they go. A collector made with
/// [`ValidationErrors::probe`] only counts them, which `anyOf`, `oneOf` and `not` use to try a
/// schema without building messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors {
    errors: Vec<ValidationError>,
    probing: bool,
    count: usize,
}

impl ValidationErrors {
    /// Creates an empty collector. It allocates only when the first violation is recorded.
    pub fn new() -> Self {
        ValidationErrors::default()
    }

    /// Creates a collector that counts violations without building their pointers or messages.
    pub fn probe() -> Self {
        ValidationErrors { probing: true, ..ValidationErrors::default() }
    }

    /// Records a violation at `path`. `message` runs only when the violation is kept.
    pub fn report(&mut self, path: &Path<'_>, keyword: &'static str, message: impl FnOnce() -> String) {
        self.count += 1;
        if !self.probing {
            self.errors.push(ValidationError { pointer: path.to_pointer(), keyword, message: message() });
        }
    }

    /// Returns whether no violation has been recorded.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Returns the number of violations recorded.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Returns the violations, in the order found.
    pub fn errors(&self) -> &[ValidationError] {
        &self.errors
    }

    /// Returns `Ok(value)` when no violation was recorded, else the violations.
    pub fn into_result<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.errors.len() {
            1 => write!(f, "the event is invalid: {}", self.errors[0]),
            count => {
                write!(f, "the event is invalid ({count} problems):")?;
                for error in &self.errors {
                    write!(f, "\n  {error}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ValidationErrors {}

impl IntoIterator for ValidationErrors {
    type Item = ValidationError;
    type IntoIter = std::vec::IntoIter<ValidationError>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}

/// A generated type that checks every constraint of its schema.
pub trait Validate {
    /// Checks a decoded value, recording each violation under `path`. Allocates nothing when the
    /// value is valid, unless its schema puts `enum` or `const` on an array or object.
    fn validate_at(&self, path: &Path<'_>, errors: &mut ValidationErrors);

    /// Checks a JSON value against the same schema, recording each violation under `path`. This
    /// is the slow path, for input that does not decode into the Rust type.
    fn validate_json_at(value: &Value, path: &Path<'_>, errors: &mut ValidationErrors)
    where
        Self: Sized;

    /// Checks a decoded value and returns every violation.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        self.validate_at(&Path::ROOT, &mut errors);
        errors.into_result(())
    }
}

/// A boxed value, as a recursive type stores its own kind, validates as the value inside.
impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &Path<'_>, errors: &mut ValidationErrors) {
        T::validate_at(self, path, errors);
    }

    fn validate_json_at(value: &Value, path: &Path<'_>, errors: &mut ValidationErrors) {
        T::validate_json_at(value, path, errors);
    }
}

/// Decodes JSON bytes into `T` with `serde_json` and validates the result, or returns every
/// problem found. The channel enums call [`parse_with`] with their own, faster decoder.
pub fn parse<T: DeserializeOwned + Validate>(bytes: &[u8]) -> Result<T, ValidationErrors> {
    parse_with(bytes, |bytes| super::de::from_bytes(bytes))
}

/// Decodes JSON bytes with `decode` and validates the result, or returns every problem found.
///
/// A decoded value goes through the fast path, [`Validate::validate_at`], which reports every
/// violation with its pointer. Decoding does not fill in defaults, so that report is the one the
/// JSON would give. Only when the bytes do not decode (malformed JSON, a wrong JSON type, a missing
/// property) are they read again as a `serde_json::Value` and checked with
/// [`Validate::validate_json_at`]. Input that is not JSON at all is read a third time, to find the
/// pointer of the value where it broke off.
///
/// `decode` must accept the same input as `T`'s `Deserialize` impl, because the slow path decodes
/// with that impl.
pub fn parse_with<T: DeserializeOwned + Validate>(
    bytes: &[u8],
    decode: impl FnOnce(&[u8]) -> Result<T, serde_json::Error>,
) -> Result<T, ValidationErrors> {
    let decode_error = match decode(bytes) {
        Ok(decoded) => {
            let mut errors = ValidationErrors::new();
            decoded.validate_at(&Path::ROOT, &mut errors);
            return errors.into_result(decoded);
        }
        Err(err) => err,
    };

    let mut errors = ValidationErrors::new();
    let mut value = match super::de::from_bytes::<Value>(bytes) {
        Ok(value) => value,
        Err(plain_err) => {
            let (pointer, err) = match parse_value(bytes) {
                Err(failure) => failure,
                // Both readers follow the same grammar, so this arm is only a guard.
                Ok(_) => (String::new(), plain_err),
            };
            errors.errors.push(ValidationError { pointer, keyword: "syntax", message: format!("invalid JSON: {err}") });
            errors.count += 1;
            return Err(errors);
        }
    };
    T::validate_json_at(&value, &Path::ROOT, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }

    // A `Value` keeps only the last of a repeated key, which the decoder rejects, so such an event
    // must not pass as valid through the `Value`.
    if let Err((pointer, err)) = read_tracked(bytes, true) {
        let message = format!("the event repeats a key, which the Rust types do not accept: {err}");
        errors.errors.push(ValidationError { pointer, keyword: "rust-type", message });
        errors.count += 1;
        return Err(errors);
    }

    // The value meets the schema but did not decode. JSON Schema counts `1.0` as an integer,
    // but `i64` does not accept it, so such numbers are written as integers and decoded again.
    // NOTE: this also turns `1.0` into `1` in fields kept as `serde_json::Value`.
    integral_floats_to_integers(&mut value);
    serde_json::from_value::<T>(value).map_err(|_| {
        errors.report(&Path::ROOT, "rust-type", || format!("the event does not fit the Rust types: {decode_error}"));
        errors
    })
}

fn integral_floats_to_integers(value: &mut Value) {
    match value {
        Value::Number(number) if number.is_f64() => {
            let float = number.as_f64().unwrap_or(f64::NAN);
            if float.fract() == 0.0 && float.abs() < 9.0e15 {
                *value = Value::Number((float as i64).into());
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_to_integers),
        Value::Object(object) => object.values_mut().for_each(integral_floats_to_integers),
        _ => {}
    }
}

/// Reads JSON into a `Value`. On a syntax error, returns the JSON Pointer of the value being read
/// when the input broke off or went wrong, with the parser's error.
pub fn parse_value(bytes: &[u8]) -> Result<Value, (String, serde_json::Error)> {
    read_tracked(bytes, false)
}

/// Reads JSON into a `Value` as [`parse_value`] does, and with `unique_keys` also fails at the
/// first key that an object repeats, with the pointer of the repeated key.
fn read_tracked(bytes: &[u8], unique_keys: bool) -> Result<Value, (String, serde_json::Error)> {
    let tokens = RefCell::new(Vec::new());
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let result = TrackedValue { tokens: &tokens, unique_keys }.deserialize(&mut deserializer).and_then(|value| {
        deserializer.end()?;
        Ok(value)
    });
    result.map_err(|err| {
        let pointer: String = tokens.borrow().iter().map(|token| format!("/{token}")).collect();
        (pointer, err)
    })
}

/// Reads one JSON value, keeping in `tokens` the escaped pointer tokens of the value being read.
/// A token is removed only once its value has been read, so after an error the tokens lead to
/// where reading stopped.
struct TrackedValue<'p> {
    tokens: &'p RefCell<Vec<String>>,
    unique_keys: bool,
}

impl<'de> DeserializeSeed<'de> for TrackedValue<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TrackedValue<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            self.tokens.borrow_mut().push(items.len().to_string());
            let item = seq.next_element_seed(TrackedValue { tokens: self.tokens, unique_keys: self.unique_keys })?;
            self.tokens.borrow_mut().pop();
            match item {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.tokens.borrow_mut().push(key.replace('~', "~0").replace('/', "~1"));
            if self.unique_keys && object.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!("duplicate key {key:?}")));
            }
            let value = map.next_value_seed(TrackedValue { tokens: self.tokens, unique_keys: self.unique_keys })?;
            self.tokens.borrow_mut().pop();
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// A JSON type, as the `type` keyword names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean,
    /// A number with no fractional part, such as `1` or `1.0`.
    Integer,
    /// Any number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonType {
    /// Returns whether `value` has this type.
    pub fn matches(self, value: &Value) -> bool {
        match self {
            JsonType::Null => value.is_null(),
            JsonType::Boolean => value.is_boolean(),
            JsonType::Integer => is_integer(value),
            JsonType::Number => value.is_number(),
            JsonType::String => value.is_string(),
            JsonType::Array => value.is_array(),
            JsonType::Object => value.is_object(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "a boolean",
            JsonType::Integer => "an integer",
            JsonType::Number => "a number",
            JsonType::String => "a string",
            JsonType::Array => "an array",
            JsonType::Object => "an object",
        }
    }
}

/// Returns whether `value` is a number without a fractional part, as JSON Schema defines integers.
pub fn is_integer(value: &Value) -> bool {
    match value {
        Value::Number(number) => {
            number.is_i64() || number.is_u64() || number.as_f64().is_some_and(|float| float.fract() == 0.0)
        }
        _ => false,
    }
}

/// Checks `type`: the value must have one of `types`.
pub fn check_type(value: &Value, types: &[JsonType], path: &Path<'_>, errors: &mut ValidationErrors) -> bool {
    if types.iter().any(|ty| ty.matches(value)) {
        return true;
    }
    errors.report(path, "type", || {
        let expected: Vec<&str> = types.iter().map(|ty| ty.name()).collect();
        format!("expected {}, found {}", expected.join(" or "), show(value))
    });
    false
}

/// Checks a JSON value of a string schema: its type, then the string keywords in `rules`.
pub fn check_string_json(value: &Value, rules: Option<&StringRules>, path: &Path<'_>, errors: &mut ValidationErrors) {
    match (value, rules) {
        (Value::String(text), Some(rules)) => check_string(text, rules, path, errors),
        (Value::String(_), None) => {}
        _ => {
            check_type(value, &[JsonType::String], path, errors);
        }
    }
}

/// Checks a JSON value of a numeric schema: its type, `Integer` or `Number`, then the numeric
/// keywords in `rules` when the type is right.
pub fn check_number_json(
    value: &Value,
    json_type: JsonType,
    rules: Option<&NumberRules>,
    path: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    if !check_type(value, &[json_type], path, errors) {
        return;
    }
    if let (Some(rules), Some(number)) = (rules, value.as_f64()) {
        check_number(number, rules, path, errors);
    }
}

/// Checks the property `key` of `object`, when present, as a string with the keywords in `rules`.
pub fn check_string_property(
    object: &Map<String, Value>,
    key: &str,
    rules: Option<&StringRules>,
    path: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    if let Some(value) = object.get(key) {
        check_string_json(value, rules, &path.key(key), errors);
    }
}

/// Checks the property `key` of `object`, when present, against the schema of `T`.
pub fn check_property<T: Validate>(
    object: &Map<String, Value>,
    key: &str,
    path: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    if let Some(value) = object.get(key) {
        T::validate_json_at(value, &path.key(key), errors);
    }
}

/// Checks `required`: reports each of `names` that `object` lacks, in the order given.
pub fn check_required(object: &Map<String, Value>, names: &[&str], path: &Path<'_>, errors: &mut ValidationErrors) {
    for name in names {
        if !object.contains_key(*name) {
            report_missing(name, path, errors);
        }
    }
}

/// A regular expression from a `pattern` keyword, compiled on first use.
///
/// Patterns use the `regex` crate's syntax, which differs from ECMA-262 regular expressions, the
/// dialect that JSON Schema names: look-around and backreferences are not supported (the generator
/// rejects such patterns), and `\d`, `\w`, `\s` and `\b` match Unicode characters rather than
/// only ASCII ones.
pub struct Pattern {
    source: &'static str,
    regex: OnceLock<regex::Regex>,
}

impl Pattern {
    /// Creates a pattern; `source` must compile, which the generator has checked.
    pub const fn new(source: &'static str) -> Self {
        Pattern { source, regex: OnceLock::new() }
    }

    /// Returns whether the pattern matches anywhere in `text` (patterns are not anchored).
    pub fn is_match(&self, text: &str) -> bool {
        let regex = self
            .regex
            .get_or_init(|| regex::Regex::new(self.source).expect("the generator checks that every pattern compiles"));
        regex.is_match(text)
    }

    /// Returns the pattern's source text.
    pub fn as_str(&self) -> &'static str {
        self.source
    }
}

/// The string keywords of one schema.
#[derive(Clone, Copy)]
pub struct StringRules {
    /// `minLength`, in Unicode code points.
    pub min_length: Option<u64>,
    /// `maxLength`, in Unicode code points.
    pub max_length: Option<u64>,
    /// `pattern`.
    pub pattern: Option<&'static Pattern>,
    /// `format`, when it is one of [`super::format::KNOWN`].
    pub format: Option<&'static str>,
}

/// Checks `minLength`, `maxLength`, `pattern` and `format` on a string.
pub fn check_string(value: &str, rules: &StringRules, path: &Path<'_>, errors: &mut ValidationErrors) {
    // A string has at most as many code points as bytes and at least a quarter as many, so the
    // byte length decides most bounds without counting.
    let bytes = value.len() as u64;
    let min_holds = rules.min_length.is_none_or(|min| bytes / 4 >= min);
    let max_holds = rules.max_length.is_none_or(|max| bytes <= max);
    if !(min_holds && max_holds) {
        let length = value.chars().count() as u64;
        if let Some(min) = rules.min_length.filter(|min| length < *min) {
            errors.report(path, "minLength", || format!("{} is shorter than {min} {}", show_str(value), chars(min)));
        }
        if let Some(max) = rules.max_length.filter(|max| length > *max) {
            errors.report(path, "maxLength", || format!("{} is longer than {max} {}", show_str(value), chars(max)));
        }
    }
    if let Some(pattern) = rules.pattern.filter(|pattern| !pattern.is_match(value)) {
        errors
            .report(path, "pattern", || format!("{} does not match the pattern {}", show_str(value), pattern.as_str()));
    }
    if let Some(format) = rules.format.filter(|format| super::format::check(format, value) == Some(false)) {
        errors.report(path, "format", || format!("{} is not a valid {format}", show_str(value)));
    }
}

fn chars(count: u64) -> &'static str {
    if count == 1 { "character" } else { "characters" }
}

/// The numeric keywords of one schema.
#[derive(Clone, Copy, Default)]
pub struct NumberRules {
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: Option<f64>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: Option<f64>,
    /// `multipleOf`, greater than 0.
    pub multiple_of: Option<f64>,
}

/// Checks `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` and `multipleOf`.
pub fn check_number(value: f64, rules: &NumberRules, path: &Path<'_>, errors: &mut ValidationErrors) {
    if let Some(min) = rules.minimum.filter(|min| value < *min) {
        errors.report(path, "minimum", || format!("{} is less than the minimum {}", show_f64(value), show_f64(min)));
    }
    if let Some(max) = rules.maximum.filter(|max| value > *max) {
        errors.report(path, "maximum", || format!("{} is greater than the maximum {}", show_f64(value), show_f64(max)));
    }
    if let Some(min) = rules.exclusive_minimum.filter(|min| value <= *min) {
        errors
            .report(path, "exclusiveMinimum", || format!("{} is not greater than {}", show_f64(value), show_f64(min)));
    }
    if let Some(max) = rules.exclusive_maximum.filter(|max| value >= *max) {
        errors.report(path, "exclusiveMaximum", || format!("{} is not less than {}", show_f64(value), show_f64(max)));
    }
    if let Some(divisor) = rules.multiple_of.filter(|divisor| !is_multiple(value, *divisor)) {
        errors.report(path, "multipleOf", || format!("{} is not a multiple of {}", show_f64(value), show_f64(divisor)));
    }
}

/// Returns whether `value` is an integer multiple of `divisor`.
///
/// The quotient is compared with its nearest integer with a relative tolerance of 1e-9, so decimal
/// divisors such as 0.01 work despite binary rounding; a quotient too large for an `f64`
/// counts as no multiple.
fn is_multiple(value: f64, divisor: f64) -> bool {
    if divisor.fract() == 0.0 && value.fract() == 0.0 && value.abs() < 9.0e15 {
        return value % divisor == 0.0;
    }
    let quotient = value / divisor;
    quotient.is_finite() && (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0)
}

/// Checks `minItems` and `maxItems`.
pub fn check_item_count(
    count: usize,
    min: Option<u64>,
    max: Option<u64>,
    path: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    let count = count as u64;
    if let Some(min) = min.filter(|min| count < *min) {
        errors.report(path, "minItems", || format!("the array has {count} items, fewer than the minimum {min}"));
    }
    if let Some(max) = max.filter(|max| count > *max) {
        errors.report(path, "maxItems", || format!("the array has {count} items, more than the maximum {max}"));
    }
}

/// Checks `uniqueItems: true`, with `equal` deciding whether two items are the same JSON value.
pub fn check_unique<T>(items: &[T], equal: impl Fn(&T, &T) -> bool, path: &Path<'_>, errors: &mut ValidationErrors) {
    for (later, item) in items.iter().enumerate() {
        if let Some(earlier) = items[..later].iter().position(|other| equal(other, item)) {
            errors.report(path, "uniqueItems", || format!("items {earlier} and {later} are equal"));
            return;
        }
    }
}

/// Checks `minProperties` and `maxProperties`.
pub fn check_property_count(
    count: usize,
    min: Option<u64>,
    max: Option<u64>,
    path: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    let count = count as u64;
    if let Some(min) = min.filter(|min| count < *min) {
        errors.report(path, "minProperties", || {
            format!("the object has {count} properties, fewer than the minimum {min}")
        });
    }
    if let Some(max) = max.filter(|max| count > *max) {
        errors.report(path, "maxProperties", || {
            format!("the object has {count} properties, more than the maximum {max}")
        });
    }
}

/// Records a missing required property of the object at `path`.
pub fn report_missing(name: &str, path: &Path<'_>, errors: &mut ValidationErrors) {
    errors.report(path, "required", || {
        format!(
            "required property \"{name}\" is missing (expected at {}/{})",
            path.to_pointer(),
            name.replace('~', "~0").replace('/', "~1")
        )
    });
}

/// Records a property that `additionalProperties: false` does not allow; `path` is the property's.
pub fn report_additional(name: &str, path: &Path<'_>, errors: &mut ValidationErrors) {
    errors.report(path, "additionalProperties", || format!("property \"{name}\" is not defined by the schema"));
}

/// Checks `enum` or `const` on a string: the value must be one of `allowed`, which the message
/// lists as JSON strings.
pub fn check_enum_str(
    value: &str,
    allowed: &[&str],
    keyword: &'static str,
    path: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    if !allowed.contains(&value) {
        errors.report(path, keyword, || {
            let shown: Vec<String> = allowed.iter().map(|text| Value::from(*text).to_string()).collect();
            not_allowed(&show_str(value), keyword, &shown.join(", "))
        });
    }
}

/// Checks `enum` or `const` on a number.
pub fn check_enum_f64(
    value: f64,
    allowed: &[f64],
    keyword: &'static str,
    shown: &'static str,
    path: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    if !allowed.contains(&value) {
        errors.report(path, keyword, || not_allowed(&show_f64(value), keyword, shown));
    }
}

/// Checks `enum` or `const` on a boolean.
pub fn check_enum_bool(
    value: bool,
    allowed: &[bool],
    keyword: &'static str,
    shown: &'static str,
    path: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    if !allowed.contains(&value) {
        errors.report(path, keyword, || not_allowed(&value.to_string(), keyword, shown));
    }
}

/// Checks `enum` or `const` on any JSON value, comparing as JSON Schema does (see [`json_equal`]).
pub fn check_enum_json(
    value: &Value,
    allowed: &[Value],
    keyword: &'static str,
    shown: &'static str,
    path: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    if !allowed.iter().any(|candidate| json_equal(candidate, value)) {
        errors.report(path, keyword, || not_allowed(&show(value), keyword, shown));
    }
}

fn not_allowed(value: &str, keyword: &str, shown: &str) -> String {
    if keyword == "const" {
        format!("{value} is not the constant {shown}")
    } else {
        format!("{value} is not one of {shown}")
    }
}

/// Parses the JSON text of `enum` values that the generator embeds, once.
pub fn parse_embedded(cell: &'static OnceLock<Vec<Value>>, json: &'static str) -> &'static [Value] {
    cell.get_or_init(|| serde_json::from_str(json).expect("the generator embeds valid JSON"))
}

/// Returns whether two JSON values are equal as JSON Schema compares them: numbers by value (so
/// `1` equals `1.0`), arrays item by item, and objects by their set of keys and values.
pub fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => number_equal(x, y),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(key, value)| y.get(key).is_some_and(|other| json_equal(value, other)))
        }
        _ => a == b,
    }
}

fn number_equal(x: &Number, y: &Number) -> bool {
    if let (Some(x), Some(y)) = (x.as_i64(), y.as_i64()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (x.as_u64(), y.as_u64()) {
        return x == y;
    }
    x.as_f64() == y.as_f64()
}

/// Checks a JSON value against the schemas of `anyOf`: at least one must accept it.
pub fn check_any_of(
    value: &Value,
    branches: &[fn(&Value, &Path<'_>, &mut ValidationErrors)],
    path: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    if !branches.iter().any(|branch| accepts(*branch, value, path)) {
        errors.report(path, "anyOf", || {
            format!("{} matches none of the anyOf schemas{}", show(value), branch_reasons(branches, value, path))
        });
    }
}

/// Checks a JSON value against the schemas of `oneOf`: exactly one must accept it.
pub fn check_one_of(
    value: &Value,
    branches: &[fn(&Value, &Path<'_>, &mut ValidationErrors)],
    path: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    let matched = branches.iter().filter(|branch| accepts(**branch, value, path)).count();
    if matched != 1 {
        errors.report(path, "oneOf", || {
            let reasons = if matched == 0 { branch_reasons(branches, value, path) } else { String::new() };
            format!("{} matches {matched} of the oneOf schemas, not exactly one{reasons}", show(value))
        });
    }
}

/// Encodes a decoded value as JSON, so that the checks of a union can count the branches it matches.
///
/// The generated types encode only strings, numbers, booleans and maps with string keys, which
/// `serde_json` always accepts, so the `null` fallback is never reached in practice.
pub fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Checks a JSON value against the schema of `not`, which must reject it. A `false` schema is
/// `not` with a schema that accepts everything.
pub fn check_not(
    value: &Value,
    branch: fn(&Value, &Path<'_>, &mut ValidationErrors),
    path: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    if accepts(branch, value, path) {
        errors.report(path, "not", || format!("{} matches a schema that it must not match", show(value)));
    }
}

/// The most violations of one branch that the message of a failed `anyOf` or `oneOf` lists.
const REASONS_PER_BRANCH: usize = 2;

/// Lists why each branch rejects `value`, such as `; schema 1: /data/status: 7 is not of type
/// "string" (type)`, so that a failed `anyOf` or `oneOf` points at the values inside it.
fn branch_reasons(branches: &[fn(&Value, &Path<'_>, &mut ValidationErrors)], value: &Value, path: &Path<'_>) -> String {
    let mut reasons = String::new();
    for (index, branch) in branches.iter().enumerate() {
        let mut found = ValidationErrors::new();
        branch(value, path, &mut found);
        let shown: Vec<String> = found.errors.iter().take(REASONS_PER_BRANCH).map(ToString::to_string).collect();
        let more = found.errors.len().saturating_sub(REASONS_PER_BRANCH);
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        reasons.push_str(&format!("; schema {}: {}{more}", index + 1, shown.join(", ")));
    }
    reasons
}

fn accepts(branch: fn(&Value, &Path<'_>, &mut ValidationErrors), value: &Value, path: &Path<'_>) -> bool {
    let mut probe = ValidationErrors::probe();
    branch(value, path, &mut probe);
    probe.is_empty()
}

/// Accepts any JSON value: the schema `true` or `{}`.
pub fn accept_any(_value: &Value, _path: &Path<'_>, _errors: &mut ValidationErrors) {}

/// Renders a JSON value for a message, cut to 60 characters.
pub fn show(value: &Value) -> String {
    cut(value.to_string())
}

/// Renders a string as JSON for a message, cut to 60 characters.
pub fn show_str(value: &str) -> String {
    cut(Value::String(value.to_owned()).to_string())
}

/// Renders a number for a message: integers without a fractional part, others in shortest form.
pub fn show_f64(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { format!("{value:?}") }
}

fn cut(text: String) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointer_escapes_keys() {
        let root = Path::ROOT;
        let data = root.key("data");
        let odd = data.key("a/b~c");
        let item = odd.index(3);
        assert_eq!(item.to_pointer(), "/data/a~1b~0c/3");
        assert_eq!(Path::ROOT.to_pointer(), "");
    }

    #[test]
    fn lengths_count_code_points() {
        let mut errors = ValidationErrors::new();
        let rules = StringRules { min_length: Some(2), max_length: Some(2), pattern: None, format: None };
        check_string("é€", &rules, &Path::ROOT, &mut errors);
        assert!(errors.is_empty(), "{errors}");
        check_string("é", &rules, &Path::ROOT, &mut errors);
        assert_eq!(errors.errors()[0].keyword, "minLength");
    }

    #[test]
    fn json_equal_compares_numbers_by_value() {
        assert!(json_equal(&json!([1, {"a": 2}]), &json!([1.0, {"a": 2.0}])));
        assert!(!json_equal(&json!(0), &json!(false)));
    }

    #[test]
    fn long_values_are_cut() {
        let shown = show_str(&"x".repeat(100));
        assert_eq!(shown.chars().count(), SHOWN_CHARS + 1);
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn syntax_error_names_pointer() {
        let (pointer, _) = parse_value(br#"{"a": {"b": [1, "#).unwrap_err();
        assert_eq!(pointer, "/a/b/1");
    }
}
