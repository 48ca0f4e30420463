//! Address policy: which IP addresses may be contacted, and the `PublicUrl` type that only
//! exists after the scheme and literal-address checks.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;
use url::Url;

use crate::Error;

/// The ranges that are refused unless allowed explicitly. Kept as a table so that the docs and
/// the tests name the same list.
pub const BLOCKED_RANGES: &[&str] = &[
    "0.0.0.0/8",       // "this network", unspecified
    "10.0.0.0/8",      // RFC 1918
    "100.64.0.0/10",   // carrier-grade NAT (RFC 6598)
    "127.0.0.0/8",     // loopback
    "169.254.0.0/16",  // link-local, including the cloud metadata address 169.254.169.254
    "172.16.0.0/12",   // RFC 1918
    "192.0.0.0/24",    // IETF protocol assignments
    "192.0.2.0/24",    // documentation
    "192.168.0.0/16",  // RFC 1918
    "198.18.0.0/15",   // benchmarking
    "198.51.100.0/24", // documentation
    "203.0.113.0/24",  // documentation
    "224.0.0.0/4",     // multicast
    "240.0.0.0/4",     // reserved, and broadcast
    "::/128",          // unspecified
    "::1/128",         // loopback
    "64:ff9b:1::/48",  // local-use NAT64
    "100::/64",        // discard
    "2001:db8::/32",   // documentation
    "fc00::/7",        // unique local (ULA)
    "fe80::/10",       // link-local
    "ff00::/8",        // multicast
];

/// Which addresses may be contacted: everything public, plus the explicit allow-list.
#[derive(Debug, Clone, Default)]
pub struct NetPolicy {
    /// Ranges let through even though they are private (`--allow-net CIDR`).
    pub allow: Vec<IpNet>,
}

impl NetPolicy {
    /// A policy that lets the given ranges through.
    pub fn allowing(allow: impl IntoIterator<Item = IpNet>) -> NetPolicy {
        NetPolicy { allow: allow.into_iter().collect() }
    }

    /// Whether a connection to `ip` is permitted.
    pub fn permits(&self, ip: IpAddr) -> bool {
        if self.allow.iter().any(|n| n.contains(&ip)) {
            return true;
        }
        // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms are judged as the IPv4 address
        // they carry, and must be allowed as such, so `::ffff:127.0.0.1` is loopback.
        if let IpAddr::V6(v6) = ip {
            if let Some(v4) = embedded_v4(v6) {
                return self.permits(IpAddr::V4(v4));
            }
        }
        !is_blocked(ip)
    }
}

/// The IPv4 address carried by an IPv4-mapped, IPv4-compatible or NAT64 (64:ff9b::/96) IPv6 address.
fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = v6.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if s[..5] == [0, 0, 0, 0, 0] && s[5] == 0xffff {
        return Some(tail);
    }
    if s[..6] == [0, 0, 0, 0, 0, 0] && !(s[6] == 0 && s[7] <= 1) {
        return Some(tail);
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(tail);
    }
    None
}

static BLOCKED: std::sync::LazyLock<Vec<IpNet>> =
    std::sync::LazyLock::new(|| BLOCKED_RANGES.iter().map(|r| r.parse().expect("BLOCKED_RANGES entries are valid CIDRs")).collect());

/// Whether `ip` lies in one of [`BLOCKED_RANGES`] (ignoring the allow-list).
pub fn is_blocked(ip: IpAddr) -> bool {
    BLOCKED.iter().any(|n| n.contains(&ip))
}

/// An http(s) URL whose host is not a refused literal address. Names are checked again on the
/// resolved address at connect time (see `fetcher::GuardedResolver`), so this type says "may be
/// requested", and the connection itself says "was public".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl(Url);

impl PublicUrl {
    /// Checks the scheme and, for an IP-literal host, the address.
    pub fn new(url: Url, policy: &NetPolicy) -> Result<PublicUrl, Error> {
        match url.scheme() {
            "http" | "https" => {}
            other => return Err(Error::Scheme { url: url.to_string(), scheme: other.to_string() }),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::Credentials { url: url.to_string() });
        }
        match url.host() {
            None => return Err(Error::InvalidUrl { url: url.to_string(), reason: "no host".into() }),
            Some(url::Host::Ipv4(ip)) => check_ip(&url, IpAddr::V4(ip), policy)?,
            Some(url::Host::Ipv6(ip)) => check_ip(&url, IpAddr::V6(ip), policy)?,
            Some(url::Host::Domain(_)) => {}
        }
        Ok(PublicUrl(url))
    }

    /// Parses and checks a URL string.
    pub fn parse(s: &str, policy: &NetPolicy) -> Result<PublicUrl, Error> {
        let url = Url::parse(s.trim()).map_err(|e| Error::InvalidUrl { url: s.to_string(), reason: e.to_string() })?;
        PublicUrl::new(url, policy)
    }

    pub fn as_url(&self) -> &Url {
        &self.0
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl std::fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

fn check_ip(url: &Url, ip: IpAddr, policy: &NetPolicy) -> Result<(), Error> {
    if policy.permits(ip) {
        Ok(())
    } else {
        Err(Error::PrivateAddress { url: url.to_string(), addr: ip })
    }
}

/// Normalises a URL for use as a key (subscriptions, dedup): lowercase scheme and host (the
/// `url` crate does that), no fragment, default port dropped, empty path as `/`. Idempotent.
pub fn normalize_url(s: &str) -> Option<String> {
    let mut url = Url::parse(s.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    url.host_str()?;
    url.set_fragment(None);
    Some(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_ranges_are_refused_and_public_ones_pass() {
        let p = NetPolicy::default();
        for bad in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(!p.permits(bad.parse().unwrap()), "{bad} should be refused");
        }
        for good in ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"] {
            assert!(p.permits(good.parse().unwrap()), "{good} should pass");
        }
    }

    #[test]
    fn allow_list_lets_a_range_through() {
        let p = NetPolicy::allowing(["127.0.0.0/8".parse().unwrap()]);
        assert!(p.permits("127.0.0.1".parse().unwrap()));
        assert!(p.permits("::ffff:127.0.0.1".parse().unwrap()));
        assert!(!p.permits("10.0.0.1".parse().unwrap()));
    }

    #[test]
    fn only_http_and_https() {
        let p = NetPolicy::default();
        assert!(matches!(PublicUrl::parse("file:///etc/passwd", &p), Err(Error::Scheme { .. })));
        assert!(matches!(PublicUrl::parse("gopher://example.org/", &p), Err(Error::Scheme { .. })));
        assert!(matches!(PublicUrl::parse("http://127.0.0.1/", &p), Err(Error::PrivateAddress { .. })));
        assert!(matches!(PublicUrl::parse("http://[::ffff:7f00:1]/", &p), Err(Error::PrivateAddress { .. })));
        // Other spellings of loopback are normalised by the URL parser first, then refused.
        for odd in ["http://2130706433/", "http://0x7f.1/", "http://0/", "http://127.1:8080/", "http://[0:0:0:0:0:ffff:127.0.0.1]/"] {
            assert!(matches!(PublicUrl::parse(odd, &p), Err(Error::PrivateAddress { .. })), "{odd}");
        }
        assert!(matches!(PublicUrl::parse("http://user:pw@example.org/", &p), Err(Error::Credentials { .. })));
        assert!(PublicUrl::parse("https://example.org/feed", &p).is_ok());
    }

    #[test]
    fn normalisation_is_idempotent() {
        for s in ["HTTP://Example.ORG:80/a#frag", "https://example.org", "http://x.y/a/../b?q=1"] {
            let once = normalize_url(s).unwrap();
            assert_eq!(normalize_url(&once).as_deref(), Some(once.as_str()));
        }
        assert_eq!(normalize_url("HTTP://Example.ORG:80/a#frag").unwrap(), "http://example.org/a");
    }
}
