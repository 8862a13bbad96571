//! Text from the keyboard, a pasted block or a shared database file can carry bytes that a
//! terminal obeys (cursor moves, title changes, OSC 52 clipboard writes). Everything a user or a
//! file gives us passes through `clean` before it is stored and again before it is drawn.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

/// Whether a field keeps line breaks and tabs (notes) or is a single line (names, phones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    Single,
    Multi,
}

fn is_unsafe(c: char, lines: Lines) -> bool {
    match c {
        '\n' | '\t' => lines == Lines::Single,
        // C0, DEL and C1 control characters.
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        // Bidi embeddings, overrides and isolates can reorder what is drawn after them.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => true,
        _ => false,
    }
}

/// Returns the text with terminal control characters removed. In a single-line field a line
/// break or tab becomes a space so that words are not glued together.
pub fn clean(s: &str, lines: Lines) -> Cow<'_, str> {
    if plain(s) || !s.chars().any(|c| is_unsafe(c, lines)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !is_unsafe(c, lines) {
            out.push(c);
        } else if matches!(c, '\n' | '\t' | '\r') && lines == Lines::Single {
            out.push(' ');
        }
    }
    Cow::Owned(out)
}

/// Printable ASCII only, which is safe as it is: checked a byte at a time, so the common case
/// (every stored name, title and date) costs a pass the compiler vectorises.
fn plain(s: &str) -> bool {
    printable(s.as_bytes())
}

fn printable(b: &[u8]) -> bool {
    b.iter().all(|b| (0x20..0x7f).contains(b))
}

/// Whether stored bytes are a single line that needs no cleaning or trimming: printable ASCII
/// (so valid UTF-8) with no space at either end.
pub fn plain_line(b: &[u8]) -> bool {
    printable(b) && b.first().is_none_or(|c| *c != b' ') && b.last().is_none_or(|c| *c != b' ')
}

/// `clean` for a single-line value, owned.
pub fn line(s: &str) -> String {
    clean(s, Lines::Single).trim().to_string()
}

/// `line` for stored bytes: borrowed as they are when they need no cleaning (nearly always),
/// else cleaned, with any bytes that are not UTF-8 replaced.
pub fn stored_line(b: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(b) {
        Ok(s) if plain_line(b) => Cow::Borrowed(s),
        _ => Cow::Owned(line(&String::from_utf8_lossy(b))),
    }
}

/// `line` for a value already owned, such as one just read from the database: kept as it is,
/// without a copy, when there is nothing to clean (nearly always).
pub fn line_owned(s: String) -> String {
    let clean =
        (plain(&s) || !s.chars().any(|c| is_unsafe(c, Lines::Single))) && s.trim().len() == s.len();
    if clean { s } else { line(&s) }
}

// Laying text out in columns: pure, so the panes that scroll can count their rows as the
// screen draws them.

/// Cuts `s` to `width` columns, ending in `…` when something was cut.
pub fn fit(s: &str, width: usize) -> String {
    if UnicodeWidthStr::width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `s` broken into lines of at most `width` columns at spaces, each after the first indented
/// by `indent` spaces: for text that must be read whole (a risk flag's note) in a pane whose
/// other lines are cut.
pub fn wrapped(s: &str, width: usize, indent: usize) -> Vec<String> {
    // The first line keeps the text's own leading spaces.
    let lead = s.len() - s.trim_start().len();
    let mut lines = vec![s[..lead].to_string()];
    for word in s.split_whitespace() {
        let last = lines.len() - 1;
        let used = UnicodeWidthStr::width(lines[last].as_str());
        let started = !lines[last].trim().is_empty();
        if started && used + 1 + UnicodeWidthStr::width(word) > width {
            lines.push(" ".repeat(indent));
        } else if started {
            lines[last].push(' ');
        }
        let last = lines.len() - 1;
        lines[last].push_str(word);
    }
    lines.into_iter().map(|l| fit(&l, width)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_lose_their_escape() {
        assert_eq!(line("Ann\u{1b}]52;c;aGk=\u{7}Lee"), "Ann]52;c;aGk=Lee");
        assert_eq!(line("\u{1b}[2J\u{9b}31mRed"), "[2J31mRed");
    }

    #[test]
    fn bidi_overrides_are_removed_but_rtl_letters_stay() {
        assert_eq!(line("abc\u{202e}fed"), "abcfed");
        assert_eq!(line("\u{2067}سارا\u{2069}"), "سارا");
    }

    #[test]
    fn notes_keep_line_breaks_single_lines_do_not() {
        assert_eq!(clean("a\nb\tc\r", Lines::Multi), "a\nb\tc");
        assert_eq!(clean("a\nb\tc", Lines::Single), "a b c");
    }

    #[test]
    fn an_owned_line_is_cleaned_the_same_way() {
        for s in ["Ann Lee", " Ann ", "Ann\u{1b}]0;x\u{7}", "a\tb", ""] {
            assert_eq!(line_owned(s.to_string()), line(s));
        }
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(
            clean("Plain name 😀", Lines::Single),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("Chloe Price", 20), "Chloe Price");
        assert_eq!(fit("Chloe Price", 6), "Chloe…");
        assert_eq!(fit("日本語の名前", 5), "日本…");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn words_wrap_under_an_indent_and_a_long_word_is_cut() {
        assert_eq!(
            wrapped("do not visit alone: a dog at home", 20, 4),
            ["do not visit alone:", "    a dog at home"]
        );
        assert_eq!(wrapped("short", 20, 4), ["short"]);
        assert_eq!(wrapped("  kept indent", 40, 4), ["  kept indent"]);
        assert_eq!(wrapped("abcdefghij", 6, 2), ["abcde…"]);
    }
}
