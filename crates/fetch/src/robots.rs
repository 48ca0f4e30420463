//! A small robots.txt reader: the group for our product token (else `*`), longest-match
//! `Allow`/`Disallow` with `*` and `$` patterns, as RFC 9309 describes.

/// The rules that apply to us.
#[derive(Debug, Clone, Default)]
pub struct Robots {
    /// (allow, pattern)
    rules: Vec<(bool, String)>,
}

impl Robots {
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Parses robots.txt text for `token` (case-insensitive).
    pub fn parse(text: &str, token: &str) -> Robots {
        let token = token.to_ascii_lowercase();
        let mut ours = Vec::new();
        let mut star = Vec::new();
        let mut agents: Vec<String> = Vec::new();
        let mut in_rules = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((k, v)) = line.split_once(':') else { continue };
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
            match k.as_str() {
                "user-agent" => {
                    if in_rules {
                        agents.clear();
                        in_rules = false;
                    }
                    agents.push(v.to_ascii_lowercase());
                }
                "allow" | "disallow" => {
                    in_rules = true;
                    if v.is_empty() {
                        continue;
                    }
                    let rule = (k == "allow", v.to_string());
                    if agents.iter().any(|a| token.starts_with(a.as_str()) && a != "*") {
                        ours.push(rule.clone());
                    }
                    if agents.iter().any(|a| a == "*") {
                        star.push(rule);
                    }
                }
                _ => {}
            }
        }
        let mentioned = text.lines().any(|l| {
            let l = l.trim().to_ascii_lowercase();
            l.strip_prefix("user-agent:").is_some_and(|a| a.trim() != "*" && token.starts_with(a.trim()))
        });
        Robots { rules: if mentioned { ours } else { star } }
    }

    /// Whether `path` (with its query) may be fetched.
    pub fn allows(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pat) in &self.rules {
            if matches(pat, path) {
                let len = pat.len();
                // The longest match wins; on a tie, Allow wins.
                if best.is_none_or(|(l, a)| len > l || (len == l && *allow && !a)) {
                    best = Some((len, *allow));
                }
            }
        }
        best.is_none_or(|(_, a)| a)
    }
}

fn matches(pat: &str, path: &str) -> bool {
    let (pat, anchored) = match pat.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pat, false),
    };
    let parts: Vec<&str> = pat.split('*').collect();
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !path.starts_with(part) {
                return false;
            }
            pos = part.len();
        } else if let Some(found) = path[pos..].find(part) {
            pos += found + part.len();
        } else {
            return false;
        }
    }
    !anchored || pos == path.len() || (parts.len() > 1 && parts.last().is_some_and(|l| path.ends_with(l)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_longest_match() {
        let r = Robots::parse("User-agent: *\nDisallow: /private\nAllow: /private/ok\n\nUser-agent: other\nDisallow: /\n", "tidings");
        assert!(r.allows("/news/1"));
        assert!(!r.allows("/private/x"));
        assert!(r.allows("/private/ok/1"));
        let ours = Robots::parse("User-agent: *\nDisallow: /\n\nUser-agent: tidings\nDisallow: /paywall\n", "tidings");
        assert!(ours.allows("/news"));
        assert!(!ours.allows("/paywall/a"));
        let pat = Robots::parse("User-agent: *\nDisallow: /*.pdf$\n", "tidings");
        assert!(!pat.allows("/a/b.pdf"));
        assert!(pat.allows("/a/b.pdf.html"));
    }
}
