//! The name, kana, code and e-mail normalisers: never panic, and normalising twice changes nothing
//! (a value is normalised once on the way in; a second pass must not move it).
#![no_main]

use libfuzzer_sys::fuzz_target;
use meibo::normalize;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (business, legal) = text.split_at(
        text.char_indices()
            .nth(text.chars().count() / 2)
            .map_or(0, |(i, _)| i),
    );
    let kana = normalize::kana(text);
    assert_eq!(normalize::kana(&kana), kana, "kana of {text:?}");
    let code = normalize::code(text);
    assert_eq!(normalize::code(&code), code, "code of {text:?}");
    let email = normalize::email(text);
    let key = normalize::email_key(&email);
    assert_eq!(normalize::email_key(&key), key, "email key of {text:?}");
    let _ = normalize::is_valid_email(&email);
    let (family, given, split) = normalize::split_name(text);
    assert!(split || given.is_empty());
    assert_eq!(normalize::name(&family), family);
    assert_eq!(normalize::name(&given), given);
    let _ = normalize::prefer_business(legal, business);
});
