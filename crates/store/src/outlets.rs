//! One name per outlet: `www.example.com`, `Example.com` and `https://example.com/` are the same
//! outlet, and a filter for `example.com` finds all of them.
//!
//! Outlets come from feeds, JSON fields and page metadata, so the same publisher arrives under
//! several spellings of its host name. Names that are not host names ("The Guardian") are kept
//! as given, trimmed; only their case is ignored when they are compared.

/// The display name of an outlet: a host name is lowercased and loses its scheme, `www.`, port
/// and path; any other name is trimmed with its inner whitespace collapsed. `None` for a blank
/// name.
pub fn normalize_outlet(name: &str) -> Option<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return None;
    }
    let bare = name.split_once("://").map(|(_, rest)| rest).unwrap_or(&name);
    let host = bare.split(['/', '?', '#']).next().unwrap_or(bare);
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    let looks_like_host = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-')
        && (bare.len() == host.len() || name.contains("://") || bare[host.len()..].starts_with(['/', ':', '?', '#']));
    if looks_like_host {
        let lower = host.to_lowercase();
        let lower = lower.strip_prefix("www.").filter(|h| h.contains('.')).unwrap_or(&lower);
        return Some(lower.to_string());
    }
    Some(name)
}

/// The key two spellings of one outlet share: the normalised name, lowercased. Filters compare
/// keys, so `--outlet theguardian.com` finds articles stored as `www.theguardian.com`.
pub fn outlet_key(name: &str) -> Option<String> {
    normalize_outlet(name).map(|n| n.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_outlet() {
        let check = |a: &str, b: Option<&str>| assert_eq!(normalize_outlet(a).as_deref(), b, "{a}");
        check("www.initialnews.com", Some("initialnews.com"));
        check("InitialNews.com", Some("initialnews.com"));
        check("https://www.theguardian.com/world/", Some("theguardian.com"));
        check("www.bbc.co.uk:443", Some("bbc.co.uk"));
        check("  The   Guardian ", Some("The Guardian"));
        check("Reuters", Some("Reuters"));
        check("St. Louis Post-Dispatch", Some("St. Louis Post-Dispatch"));
        check("www.", Some("www."));
        check("   ", None);
        assert_eq!(outlet_key("The Guardian").as_deref(), Some("the guardian"));
        assert_eq!(outlet_key("WWW.TheGuardian.com"), outlet_key("theguardian.com"));
    }
}
