//! Checks for the string formats that the generated validators enforce.
//!
//! Each check takes the string and returns whether it is valid, without allocating. A format that
//! is not listed in [`check`] is an annotation, as JSON Schema draft 7 allows, and is not checked.

use std::net::{Ipv4Addr, Ipv6Addr};

/// The formats that [`check`] enforces.
pub const KNOWN: &[&str] =
    &["date-time", "date", "time", "uri", "uri-reference", "email", "uuid", "ipv4", "ipv6", "hostname"];

/// Returns whether `value` is valid for `format`, or `None` when the format is not checked.
pub fn check(format: &str, value: &str) -> Option<bool> {
    let valid = match format {
        "date-time" => is_date_time(value),
        "date" => is_date(value),
        "time" => is_time(value),
        "uri" => fluent_uri::Uri::parse(value).is_ok(),
        "uri-reference" => is_uri_reference(value),
        "email" => is_email(value),
        "uuid" => is_uuid(value),
        "ipv4" => value.parse::<Ipv4Addr>().is_ok(),
        "ipv6" => value.parse::<Ipv6Addr>().is_ok(),
        "hostname" => is_hostname(value),
        _ => return None,
    };
    Some(valid)
}

// The RFC 3339 checks below are hand-written, because the usual crates do not match RFC 3339
// closely enough: chrono 0.4 accepts a leap second on any minute and a space in place of `T`, and
// time 0.3 rejects some valid offsets. These need about 80 lines and never allocate.

/// Checks an RFC 3339 `date-time`, such as `2026-01-01T12:00:00Z`. `T` and `Z` may be lowercase.
///
/// The common UTC shape is decided by [`simple_date_time`], and everything else by the full check.
/// Unit tests compare the two on 200,000 generated texts near the `date-time` shape.
pub fn is_date_time(value: &str) -> bool {
    simple_date_time(value.as_bytes()).unwrap_or_else(|| full_date_time(value))
}

/// Decides a `date-time` of the shape `YYYY-MM-DDTHH:MM:SS[.fraction]Z` with uppercase `T` and
/// `Z`, checking month lengths, leap years and the ranges of the time fields. Returns `None` for
/// any other shape, for a byte that is not a digit where one belongs, and for second 60, whose
/// leap-second rule the full check applies.
pub fn simple_date_time(bytes: &[u8]) -> Option<bool> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2, b'T', h1, h2, b':', i1, i2, b':', s1, s2, rest @ ..] = bytes
    else {
        return None;
    };
    let shape_holds = match rest {
        [b'Z'] => true,
        [b'.', fraction @ .., b'Z'] => !fraction.is_empty() && fraction.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    if !shape_holds {
        return None;
    }
    let year = digits(&[*y1, *y2, *y3, *y4])?;
    let (month, day) = (digits(&[*m1, *m2])?, digits(&[*d1, *d2])?);
    let (hour, minute, second) = (digits(&[*h1, *h2])?, digits(&[*i1, *i2])?, digits(&[*s1, *s2])?);
    if second == 60 {
        return None;
    }
    let date_holds = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
    Some(date_holds && hour <= 23 && minute <= 59 && second <= 59)
}

/// Checks any RFC 3339 `date-time` by splitting it into a `full-date` and a `full-time`.
fn full_date_time(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() < 20 || !matches!(bytes[10], b'T' | b't') {
        return false;
    }
    let (Some(date), Some(time)) = (value.get(..10), value.get(11..)) else { return false };
    is_date(date) && is_time(time)
}

/// Checks an RFC 3339 `full-date`, such as `2026-02-28`, including month lengths and leap years.
pub fn is_date(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(&bytes[0..4]), digits(&bytes[5..7]), digits(&bytes[8..10]))
    else {
        return false;
    };
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

/// Checks an RFC 3339 `full-time`, such as `23:59:60.5+01:00`: a time with an offset.
///
/// A leap second (`:60`) is valid only where the time, moved to UTC by its offset, is 23:59:60.
pub fn is_time(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() < 9 || bytes[2] != b':' || bytes[5] != b':' {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) = (digits(&bytes[0..2]), digits(&bytes[3..5]), digits(&bytes[6..8]))
    else {
        return false;
    };
    if hour > 23 || minute > 59 || second > 60 {
        return false;
    }

    let mut rest = &bytes[8..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let count = fraction.iter().take_while(|byte| byte.is_ascii_digit()).count();
        if count == 0 {
            return false;
        }
        rest = &fraction[count..];
    }

    let offset_minutes: i64 = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (Some(offset_hour), Some(offset_minute)) = (digits(&[*h1, *h2]), digits(&[*m1, *m2])) else {
                return false;
            };
            if offset_hour > 23 || offset_minute > 59 {
                return false;
            }
            let minutes = (offset_hour * 60 + offset_minute) as i64;
            if *sign == b'+' { minutes } else { -minutes }
        }
        _ => return false,
    };

    if second == 60 {
        let local = (hour * 60 + minute) as i64;
        let utc = (local - offset_minutes).rem_euclid(24 * 60);
        return utc == 23 * 60 + 59;
    }
    true
}

/// Reads ASCII digits as a number; `None` when any byte is not an ASCII digit.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |number, byte| byte.is_ascii_digit().then(|| number * 10 + u32::from(byte - b'0')))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Checks an RFC 3986 URI reference, such as `com.qlik/my-service` or `https://example.com/a?b`.
///
/// Common shapes are decided by [`simple_uri_reference`] in one pass over the bytes, and everything
/// else by `fluent_uri::UriRef::parse`. Unit tests compare the two on every text of up to four
/// characters from a small alphabet and on 200,000 random texts.
pub fn is_uri_reference(value: &str) -> bool {
    match simple_uri_reference(value) {
        Some(valid) => valid,
        None => fluent_uri::UriRef::parse(value).is_ok(),
    }
}

/// Decides a URI reference made only of path characters: unreserved characters, sub-delimiters,
/// `:`, `/` and `@`. Such a reference is valid unless it has an authority (it starts with `//`, or
/// `//` follows the scheme) or its first segment holds a `:` after something that is not a scheme.
/// Returns `None` for those cases and for any other character, such as `%`, `?`, `#` or non-ASCII
/// text, so that the full parser decides them.
pub fn simple_uri_reference(value: &str) -> Option<bool> {
    let bytes = value.as_bytes();
    if bytes.starts_with(b"//") || !bytes.iter().all(|byte| is_path_char(*byte)) {
        return None;
    }
    let first_segment = bytes.split(|byte| *byte == b'/').next().unwrap_or_default();
    let Some(colon) = first_segment.iter().position(|byte| *byte == b':') else {
        // A relative reference: an absolute path (`/a`, not `//a`), a path whose first segment
        // has no `:`, or the empty path.
        return Some(true);
    };
    let scheme = &bytes[..colon];
    let is_scheme = scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme.iter().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'-' | b'.'));
    if !is_scheme || bytes[colon + 1..].starts_with(b"//") {
        return None;
    }
    // A scheme, then an absolute, rootless or empty path.
    Some(true)
}

/// Returns whether `byte` is allowed in a path segment without percent-encoding (`pchar` of RFC
/// 3986), or is the segment separator `/`.
fn is_path_char(byte: u8) -> bool {
    PATH_CHARS[usize::from(byte)]
}

/// [`is_path_char`] for every byte value, so that the check is one load per byte.
const PATH_CHARS: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = matches!(
            byte as u8,
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9'
                | b'-' | b'.' | b'_' | b'~'
                | b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
                | b':' | b'@' | b'/'
        );
        byte += 1;
    }
    table
};

/// Checks an email address: an RFC 5322 local part and a domain, as the `email_address` crate
/// reads them. The address is split here because `EmailAddress::is_valid` copies its input.
pub fn is_email(value: &str) -> bool {
    match value.rsplit_once('@') {
        Some((local, domain)) => {
            email_address::EmailAddress::is_valid_local_part(local)
                && email_address::EmailAddress::is_valid_domain(domain)
        }
        None => false,
    }
}

/// Checks a UUID in the hyphenated RFC 4122 form, such as `2eb8aa08-aa98-11ea-b4aa-73b441d16380`.
///
/// Hand-written because `uuid::Uuid::try_parse` also accepts the braced, URN and simple forms,
/// which JSON Schema's `uuid` format does not.
pub fn is_uuid(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

/// Checks an RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, each
/// 1 to 63 bytes, 253 bytes in all (a single trailing dot is allowed).
///
/// Hand-written because it is a dozen lines and the `idna` crate allocates on every call.
pub fn is_hostname(value: &str) -> bool {
    let name = value.strip_suffix('.').unwrap_or(value);
    if name.is_empty() || name.len() > 253 {
        return false;
    }
    name.split('.').all(|label| {
        let bytes = label.as_bytes();
        !bytes.is_empty()
            && bytes.len() <= 63
            && bytes.iter().all(|byte| byte.is_ascii_alphanumeric() || *byte == b'-')
            && bytes[0] != b'-'
            && bytes[bytes.len() - 1] != b'-'
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_rejects_impossible_dates() {
        assert!(is_date_time("2024-02-29T00:00:00Z"));
        assert!(!is_date_time("2026-02-29T00:00:00Z"));
        assert!(!is_date_time("2026-02-30T00:00:00Z"));
        assert!(!is_date_time("2026-01-01T24:00:00Z"));
        assert!(!is_date_time("2026-04-31T00:00:00Z"));
        assert!(!is_date_time("2026-01-01 12:00:00Z"));
    }

    #[test]
    fn leap_second_only_at_utc_midnight() {
        assert!(is_date_time("1998-12-31T23:59:60Z"));
        assert!(is_date_time("1998-12-31T15:59:60.123-08:00"));
        assert!(!is_date_time("1998-12-31T23:58:60Z"));
        assert!(!is_date_time("1998-12-31T22:59:60Z"));
    }

    /// Characters that decide the shape of a URI reference, and some that no path may hold.
    const URI_ALPHABET: &[&str] = &[
        "a", "Z", "7", "-", ".", "_", "~", "!", "$", "&", "'", "(", "*", "+", ",", ";", "=", ":", "/", "@", "?", "#",
        "%", "%4f", "[", "]", " ", "é", "\\",
    ];

    fn assert_uri_fast_path_agrees(text: &str) {
        let full = fluent_uri::UriRef::parse(text).is_ok();
        if let Some(fast) = simple_uri_reference(text) {
            assert_eq!(fast, full, "the fast path and fluent_uri disagree on {text:?}");
        }
        assert_eq!(is_uri_reference(text), full, "is_uri_reference and fluent_uri disagree on {text:?}");
    }

    #[test]
    fn uri_reference_fast_path_agrees_up_to_four_characters() {
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            texts =
                texts.iter().flat_map(|text| URI_ALPHABET.iter().map(move |piece| format!("{text}{piece}"))).collect();
            texts.iter().for_each(|text| assert_uri_fast_path_agrees(text));
        }
    }

    #[test]
    fn uri_reference_fast_path_agrees_on_random_text() {
        let mut random = SplitMix(0x5eed);
        let mut decided = 0;
        for _ in 0..200_000 {
            let length = random.below(24);
            let text: String = (0..length).map(|_| URI_ALPHABET[random.below(URI_ALPHABET.len())]).collect();
            decided += usize::from(simple_uri_reference(&text).is_some());
            assert_uri_fast_path_agrees(&text);
        }
        // Most random texts hold a character that only the full parser handles; the rest must be
        // enough to exercise the fast path.
        assert!(decided > 1_000, "the fast path decided only {decided} texts");
    }

    #[test]
    fn uri_reference_common_shapes() {
        for text in ["com.qlik/my-service", "/a/b", "", "a", "urn:isbn:0451450523", "mailto:joe@example.com", "a:"] {
            assert_eq!(simple_uri_reference(text), Some(true), "{text:?}");
        }
        for text in ["//host/path", "http://example.com", "1a:b", ":a", "a?b", "a%20b"] {
            assert_eq!(simple_uri_reference(text), None, "{text:?}");
        }
        assert!(!is_uri_reference("1a:b"));
        assert!(!is_uri_reference("a b"));
        assert!(is_uri_reference("http://example.com/a?b#c"));
    }

    /// Returns a text close to a `date-time`: each field is usually in range but sometimes just
    /// outside it, and separators, fraction and offset vary.
    fn near_date_time(random: &mut SplitMix) -> String {
        let mut pick = |choices: &[&str]| choices[random.below(choices.len())].to_owned();
        let year = pick(&["2024", "2026", "1900", "2000", "0000", "9999", "2100", "20a6"]);
        let month = pick(&["01", "02", "04", "09", "11", "12", "00", "13", "1x"]);
        let day = pick(&["01", "15", "28", "29", "30", "31", "00", "32"]);
        let date_separator = pick(&["-", "-", "-", "/"]);
        let time_separator = pick(&["T", "T", "T", "t", " "]);
        let hour = pick(&["00", "12", "15", "23", "24", "2"]);
        let minute = pick(&["00", "30", "58", "59", "60"]);
        let second = pick(&["00", "30", "59", "60", "61"]);
        let fraction = pick(&["", "", ".5", ".123", ".", ".12a", ".000000001"]);
        let offset = pick(&["Z", "Z", "Z", "z", "+00:00", "-08:00", "+01:00", "+24:00", "", "ZZ", "Z "]);
        format!(
            "{year}{date_separator}{month}{date_separator}{day}{time_separator}{hour}:{minute}:{second}{fraction}{offset}"
        )
    }

    #[test]
    fn date_time_fast_path_agrees_with_full_check() {
        let mut random = SplitMix(0xda7e);
        let mut decided = [0, 0];
        for _ in 0..200_000 {
            let text = near_date_time(&mut random);
            let full = full_date_time(&text);
            if let Some(fast) = simple_date_time(text.as_bytes()) {
                decided[usize::from(fast)] += 1;
                assert_eq!(fast, full, "the fast path and the full check disagree on {text:?}");
            }
            assert_eq!(is_date_time(&text), full, "is_date_time and the full check disagree on {text:?}");
        }
        let [rejected, accepted] = decided;
        assert!(accepted > 1_000, "the fast path accepted only {accepted} texts");
        assert!(rejected > 1_000, "the fast path rejected only {rejected} texts");
    }

    #[test]
    fn date_time_fast_path_shapes() {
        assert_eq!(simple_date_time(b"2026-02-28T23:59:59.999Z"), Some(true));
        assert_eq!(simple_date_time(b"2024-02-29T00:00:00Z"), Some(true));
        assert_eq!(simple_date_time(b"2026-02-29T00:00:00Z"), Some(false));
        assert_eq!(simple_date_time(b"1998-12-31T23:59:60Z"), None);
        assert_eq!(simple_date_time(b"2026-01-01T12:00:00+01:00"), None);
        assert_eq!(simple_date_time(b"2026-01-01t12:00:00z"), None);
    }

    /// A splitmix64 generator, so every run tests the same texts.
    struct SplitMix(u64);

    impl SplitMix {
        fn below(&mut self, bound: usize) -> usize {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut mixed = self.0;
            mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            ((mixed ^ (mixed >> 31)) % bound as u64) as usize
        }
    }

    #[test]
    fn other_formats() {
        assert!(is_uuid("2eb8aa08-aa98-11ea-b4aa-73b441d16380"));
        assert!(!is_uuid("2eb8aa08aa9811eab4aa73b441d16380"));
        assert!(is_hostname("www.example.com"));
        assert!(!is_hostname("-a.example.com"));
        assert!(is_email("joe.bloggs@example.com"));
        assert!(!is_email("joe.bloggs"));
        assert_eq!(check("uid", "anything"), None);
        assert_eq!(check("ipv4", "127.0.0.1"), Some(true));
        assert_eq!(check("ipv6", "::1"), Some(true));
        assert_eq!(check("uri", "/relative"), Some(false));
    }
}
