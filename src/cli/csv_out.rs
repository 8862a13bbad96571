//! CSV written for spreadsheets: a cell that a spreadsheet would read as a formula is escaped.

use std::borrow::Cow;

/// A cell beginning with `=`, `+`, `-`, `@`, tab or carriage return is run as a formula by
/// Excel and LibreOffice (`=HYPERLINK(...)`); a leading `'` makes it plain text.
pub fn cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formulas_are_made_text() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(cell("+44 7700 900123"), "'+44 7700 900123");
        assert_eq!(cell("-2+3"), "'-2+3");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Ann Lee"), "Ann Lee");
        assert_eq!(cell(""), "");
    }
}
