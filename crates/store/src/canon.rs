//! Canonical URLs: the identity of an article is its canonical URL plus a hash of its content.

/// Query parameters that only track where a reader came from; they never change the article.
pub const TRACKING_PARAMS: &[&str] = &["fbclid", "gclid", "mc_cid", "mc_eid", "ref", "ocid", "cmpid"];

/// Lowercases the scheme and host, drops the fragment, default ports, `www.` and tracking
/// parameters (`utm_*` and [`TRACKING_PARAMS`]), and a trailing slash. Not a URL: returned trimmed.
pub fn canonical_url(url: &str) -> String {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let scheme = scheme.to_ascii_lowercase();
    let rest = rest.split('#').next().unwrap_or("");
    let (authority, path_query) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let mut host = authority.rsplit('@').next().unwrap_or("").to_ascii_lowercase();
    for port in [":80", ":443"] {
        if let Some(h) = host.strip_suffix(port) {
            host = h.to_string();
        }
    }
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let (path, query) = match path_query.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_query, None),
    };
    let path = path.trim_end_matches('/');
    let kept: Vec<&str> = query
        .unwrap_or("")
        .split('&')
        .filter(|kv| {
            let k = kv.split('=').next().unwrap_or("").to_ascii_lowercase();
            !kv.is_empty() && !k.starts_with("utm_") && !TRACKING_PARAMS.contains(&k.as_str())
        })
        .collect();
    let mut out = format!("{scheme}://{host}{path}");
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::canonical_url;

    #[test]
    fn canonical_forms() {
        let check = |a: &str, b: &str| assert_eq!(canonical_url(a), b, "{a}");
        check("HTTPS://WWW.Example.com:443/News/a/?utm_source=x&id=3#top", "https://example.com/News/a?id=3");
        check("http://example.com/", "http://example.com");
        check("https://example.com/a?fbclid=1", "https://example.com/a");
        check("examples/seeds/000.txt", "examples/seeds/000.txt");
    }
}
