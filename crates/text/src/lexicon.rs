//! Word lists: stop words, abbreviations, and the phrases page widgets are made of.
//!
//! The widget phrases are a small multilingual lexicon (English, German, French, Spanish,
//! Italian, Portuguese, Dutch). They are only one feature of the chrome classifier: a line is
//! removed for a phrase only when it is also short, so a sentence that happens to say
//! "read more" survives.

use std::collections::HashSet;
use std::sync::LazyLock;

/// English stop words, plus the most frequent function words of a few other European languages,
/// so that term weighting and sentence similarity ignore them on mixed corpora.
pub const STOP_WORDS: &[&str] = &[
    // English
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "down", "during", "each", "either", "even", "ever", "every", "few", "for", "from", "further",
    "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however",
    "i", "if", "in", "into", "is", "it", "its", "itself", "just", "least", "less", "like", "made", "make", "many",
    "may", "me", "might", "more", "most", "much", "must", "my", "myself", "neither", "no", "nor", "not", "now", "of",
    "off", "on", "once", "one", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "per", "same",
    "say", "said", "says", "she", "should", "since", "so", "some", "still", "such", "than", "that", "the", "their",
    "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "though", "through", "thus",
    "to", "too", "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when", "where",
    "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet",
    "you", "your", "yours", "yourself", "yourselves", "s", "t", "don", "according", "told", "reported", "reportedly",
    "new", "news", "year", "years", "mr", "mrs", "ms", "dr", "week", "day", "days", "two", "three", "first", "last",
    "time", "well", "around", "among", "including", "several", "two", "get", "got", "going", "go", "went", "told",
    // German
    "der", "die", "das", "und", "ist", "nicht", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "zu",
    "mit", "sich", "auf", "für", "von", "im", "sie", "es", "auch", "als", "wie", "bei", "nach", "aus", "wird", "werden",
    "hat", "haben", "oder", "aber", "wurde", "sind", "noch", "nur", "vor", "zum", "zur", "über", "um", "so", "dass",
    // French
    "le", "la", "les", "un", "une", "des", "du", "de", "et", "est", "en", "que", "qui", "dans", "pour", "pas", "sur",
    "au", "aux", "par", "plus", "ce", "cette", "il", "elle", "ils", "ont", "été", "sont", "avec", "son", "sa", "ses",
    // Spanish / Italian / Portuguese
    "el", "los", "las", "y", "es", "lo", "por", "con", "para", "una", "del", "al", "se", "su", "sus", "como", "pero",
    "il", "di", "che", "non", "per", "gli", "della", "dei", "delle", "nel", "sono", "o", "os", "um", "uma", "não",
    "em", "na", "no", "da", "do", "dos", "das",
    // Dutch
    "het", "een", "van", "en", "niet", "dat", "zijn", "op", "te", "voor", "met", "ook", "aan", "er", "maar", "om",
];

pub static STOP_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| STOP_WORDS.iter().copied().collect());

/// Whether a lowercased word is a stop word.
pub fn is_stop(word: &str) -> bool {
    STOP_SET.contains(word)
}

/// Abbreviations that stand before a name or a number and so never end a sentence
/// ("Mr. Kim", "Sen. Warren", "No. 5").
pub const TITLE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "cmdr", "sgt", "maj",
    "adm", "brig", "cpl", "pvt", "rev", "hon", "pres", "supt", "det", "insp", "messrs", "mme", "mlle", "st", "ft",
    "mt", "fr", "sr", "jr", "hr", "atty", "amb", "gov", "lieut", "sec", "nos", "no", "vol", "fig", "art", "vs", "v",
    "approx", "ca", "cf", "dept", "est", "inc", "corp", "ltd", "co", "bros", "ave", "blvd", "rd", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu",
    "thur", "thurs", "fri", "sat", "sun", "etc", "al", "op", "ed", "pp", "p", "ch",
];

/// Of the abbreviations above, those that often end a sentence too ("... Apple Inc. The
/// company said"): after these a sentence ends only if the next word usually starts one.
pub const FINAL_ABBREVIATIONS: &[&str] = &[
    "inc", "corp", "ltd", "co", "bros", "jr", "sr", "etc", "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "ave", "blvd", "rd", "dept", "est", "no", "nos", "vol", "fig", "art", "st",
];

pub static TITLE_ABBR_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| TITLE_ABBREVIATIONS.iter().copied().collect());
pub static FINAL_ABBR_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| FINAL_ABBREVIATIONS.iter().copied().collect());

/// Words that commonly start a sentence. After an ambiguous abbreviation ("U.S.", "Inc.",
/// "p.m.") a sentence boundary is assumed only when one of these follows.
pub const SENTENCE_STARTERS: &[&str] = &[
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "in", "on", "at", "but", "and", "or", "so", "this",
    "that", "these", "those", "there", "his", "her", "its", "their", "our", "my", "mr", "mrs", "ms", "dr", "after",
    "before", "when", "while", "if", "as", "for", "since", "however", "meanwhile", "officials", "according",
    "earlier", "later", "last", "next", "both", "some", "many", "most", "no", "not", "one", "two", "three", "what",
    "who", "why", "how", "where", "yet", "still", "also", "then", "now", "today", "yesterday", "police", "authorities",
];

pub static STARTER_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| SENTENCE_STARTERS.iter().copied().collect());

/// Phrases that page widgets, navigation and share bars are made of, lowercased, in several
/// languages. Matched against whole normalised lines (see `clean`).
pub const WIDGET_PHRASES: &[&str] = &[
    // English
    "no time to read", "get a summary", "share this article", "share this story", "share this", "share on facebook",
    "share on twitter", "share via email", "share", "tweet", "email", "print", "copy link", "link copied",
    "leave a comment", "leave a reply", "comments", "show comments", "view comments", "add a comment", "post a comment",
    "you may also like", "you might also like", "related articles", "related stories", "related", "read more",
    "read also", "also read", "see also", "more from", "more stories", "recommended", "recommended for you",
    "most popular", "most read", "trending", "trending now", "top stories", "latest news", "breaking news", "breaking",
    "previous article", "next article", "previous post", "next post", "previous", "next", "min read", "minute read",
    "minutes read", "read time", "reading time", "estimated read time", "listen to this article", "listen",
    "advertisement", "sponsored", "sponsored content", "promoted", "subscribe", "subscribe now", "sign up",
    "sign up for our newsletter", "newsletter", "follow us", "follow us on", "click here", "skip to content",
    "skip to main content", "back to top", "menu", "search", "home", "log in", "login", "sign in", "register",
    "cookie", "cookies", "accept cookies", "privacy policy", "terms of use", "terms of service", "all rights reserved",
    "copyright", "image source", "image caption", "photo", "file photo", "getty images", "ap photo", "reuters",
    "watch", "video", "play video", "loading", "advertise with us", "contact us", "about us", "support us",
    "donate", "font size", "text size", "print this page", "save", "bookmark", "updated", "published", "posted",
    "posted in", "filed under", "tags", "topics", "categories", "story continues below", "continue reading",
    "story continues below advertisement", "scroll to continue", "get the app", "download the app",
    "source", "sources", "credit", "credits", "photo credit", "image credit", "reporting by", "editing by",
    "writing by", "additional reporting by", "with reporting by", "compiled by",
    // German
    "teilen", "artikel teilen", "mehr zum thema", "zum thema", "lesen sie auch", "auch interessant", "anzeige",
    "werbung", "kommentare", "kommentieren", "drucken", "lesezeit", "weiterlesen", "mehr lesen", "newsletter abonnieren",
    // French
    "partager", "lire aussi", "à lire aussi", "lire la suite", "publicité", "commentaires", "temps de lecture",
    "abonnez vous", "sur le même sujet",
    // Spanish
    "compartir", "leer más", "lee también", "publicidad", "comentarios", "te puede interesar", "tiempo de lectura",
    "noticias relacionadas", "suscríbete",
    // Italian
    "condividi", "leggi anche", "pubblicità", "commenti", "tempo di lettura", "articoli correlati",
    // Portuguese
    "compartilhe", "compartilhar", "leia mais", "leia também", "publicidade", "comentários", "tempo de leitura",
    // Dutch
    "delen", "lees ook", "lees meer", "advertentie", "reacties", "leestijd",
];

pub static WIDGET_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| WIDGET_PHRASES.iter().copied().collect());

/// Sentence openers that need an antecedent outside the sentence; a summary avoids starting with them.
pub const DANGLING_STARTS: &[&str] = &[
    "he", "she", "it", "they", "this", "that", "these", "those", "his", "her", "its", "their", "him", "them",
    "such", "there", "but", "and", "so", "also", "however", "meanwhile", "additionally", "furthermore", "moreover",
    "nevertheless", "instead", "still", "yet", "then", "thus", "here",
];

pub static DANGLING_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| DANGLING_STARTS.iter().copied().collect());
