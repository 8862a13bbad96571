//! A writer between the terminal backend and the terminal that sends each frame in one write
//! and drops bytes that change nothing. Over SSH each byte and each packet is a wait.

use std::io::{self, Write};

const HIDE: &[u8] = b"\x1b[?25l";
const SHOW: &[u8] = b"\x1b[?25h";

pub struct Lean<W: Write> {
    inner: W,
    frame: Vec<u8>,
    /// Whether the terminal's cursor is visible, as far as we last told it.
    cursor_shown: Option<bool>,
}

/// The colours in force on the terminal, as far as this frame has set them (`None`: the
/// default). Every frame ends with a reset, so each starts from the defaults.
#[derive(Default)]
struct Colours {
    fg: Option<String>,
    bg: Option<String>,
}

impl Colours {
    /// Leaves out the parameters that set a colour already in force.
    fn needed(&mut self, params: Vec<String>) -> Vec<String> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < params.len() {
            let p = params[i].as_str();
            // An extended colour takes its following parameters with it.
            let take = match (p, params.get(i + 1).map(String::as_str)) {
                ("38" | "48", Some("5")) => 3,
                ("38" | "48", Some("2")) => 5,
                _ => 1,
            };
            let group = params[i..(i + take).min(params.len())].join(";");
            let n: u16 = p.parse().unwrap_or(u16::MAX);
            let slot = match n {
                30..=39 | 90..=97 => Some(&mut self.fg),
                40..=49 | 100..=107 => Some(&mut self.bg),
                _ => None,
            };
            match slot {
                Some(slot) => {
                    let value = (n != 39 && n != 49).then(|| group.clone());
                    if *slot != value {
                        *slot = value;
                        out.push(group);
                    }
                }
                None => {
                    if p == "0" {
                        *self = Self::default();
                    }
                    out.push(group);
                }
            }
            i += take;
        }
        out
    }
}

/// The length of the style sequence (`ESC [ params m`) at the start of `b`, if there is one.
fn sgr_len(b: &[u8]) -> Option<usize> {
    if !b.starts_with(b"\x1b[") {
        return None;
    }
    let params = b[2..]
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == b';')
        .count();
    (b.get(2 + params) == Some(&b'm')).then_some(3 + params)
}

/// Style parameters, shortened: the sixteen basic colours by their own codes (`31`, not
/// `38;5;1`), and nothing before a reset, which undoes it anyway.
fn shorten(params: Vec<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < params.len() {
        let p = if params[i].is_empty() { "0" } else { params[i] };
        let indexed = |base: u16, bright: u16| -> Option<String> {
            let n: u16 = params.get(i + 2)?.parse().ok()?;
            (params.get(i + 1) == Some(&"5") && n < 16).then(|| {
                if n < 8 {
                    (base + n).to_string()
                } else {
                    (bright + n - 8).to_string()
                }
            })
        };
        let short = match p {
            "38" => indexed(30, 90),
            "48" => indexed(40, 100),
            _ => None,
        };
        match short {
            Some(code) => {
                out.push(code);
                i += 3;
            }
            None if p == "0" => {
                out.clear();
                out.push("0".into());
                i += 1;
            }
            None => {
                out.push(p.to_string());
                i += 1;
            }
        }
    }
    out
}

impl<W: Write> Lean<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            frame: Vec::with_capacity(8192),
            cursor_shown: None,
        }
    }

    /// The frame with the redundant bytes left out: style sequences side by side become one,
    /// shortened, and hiding a hidden cursor (or showing a shown one) is dropped.
    fn lean(&mut self) -> Vec<u8> {
        let f = std::mem::take(&mut self.frame);
        let mut out = Vec::with_capacity(f.len());
        let mut colours = Colours::default();
        let mut i = 0;
        while i < f.len() {
            let rest = &f[i..];
            if rest.starts_with(HIDE) || rest.starts_with(SHOW) {
                let show = rest.starts_with(SHOW);
                if self.cursor_shown != Some(show) {
                    out.extend_from_slice(&rest[..HIDE.len()]);
                    self.cursor_shown = Some(show);
                }
                i += HIDE.len();
            } else if sgr_len(rest).is_some() {
                let mut params: Vec<&str> = Vec::new();
                while let Some(n) = sgr_len(&f[i..]) {
                    let text = std::str::from_utf8(&f[i + 2..i + n - 1]).unwrap_or("0");
                    params.extend(text.split(';'));
                    i += n;
                }
                let needed = colours.needed(shorten(params));
                if !needed.is_empty() {
                    out.extend_from_slice(b"\x1b[");
                    out.extend_from_slice(needed.join(";").as_bytes());
                    out.push(b'm');
                }
            } else {
                out.push(f[i]);
                i += 1;
            }
        }
        self.frame = f;
        self.frame.clear();
        out
    }
}

impl<W: Write> Write for Lean<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.frame.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let out = self.lean();
        if !out.is_empty() {
            self.inner.write_all(&out)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(lean: &mut Lean<Vec<u8>>, parts: &[&[u8]]) -> Vec<u8> {
        for p in parts {
            lean.write_all(p).unwrap();
        }
        lean.flush().unwrap();
        std::mem::take(&mut lean.inner)
    }

    #[test]
    fn the_four_resets_become_one_and_a_hidden_cursor_is_not_hidden_again() {
        let mut lean = Lean::new(Vec::new());
        let resets: &[u8] = b"\x1b[39m\x1b[49m\x1b[59m\x1b[0m";
        let first = through(
            &mut lean,
            &[b"\x1b[7mA", b"\x1b[39m\x1b[49m", b"\x1b[59m\x1b[0m", HIDE],
        );
        assert_eq!(first, b"\x1b[7mA\x1b[0m\x1b[?25l");
        let second = through(&mut lean, &[b"B", resets, HIDE]);
        assert_eq!(second, b"B\x1b[0m");
        let third = through(&mut lean, &[SHOW, b"C"]);
        assert_eq!(third, b"\x1b[?25hC");
    }

    #[test]
    fn styles_side_by_side_merge_and_basic_colours_use_short_codes() {
        let mut lean = Lean::new(Vec::new());
        let out = through(
            &mut lean,
            &[b"\x1b[1m\x1b[38;5;1;49mFri\x1b[22m\x1b[39;49m x \x1b[38;5;12m\x1b[48;5;200my"],
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\x1b[1;31mFri\x1b[22;39m x \x1b[94;48;5;200my"
        );
        // A colour already in force is not set again; after a reset it is.
        let out = through(&mut lean, &[b"\x1b[31ma\x1b[31;49mb\x1b[0mc\x1b[31md"]);
        assert_eq!(out, b"\x1b[31mab\x1b[0mc\x1b[31md");
        // Truecolour and other sequences pass untouched.
        let out = through(&mut lean, &[b"\x1b[38;2;1;2;3mz\x1b[3;1H\x1b[?2026h"]);
        assert_eq!(out, b"\x1b[38;2;1;2;3mz\x1b[3;1H\x1b[?2026h");
    }

    #[test]
    fn nothing_written_is_nothing_sent() {
        let mut lean = Lean::new(Vec::new());
        lean.cursor_shown = Some(false);
        assert!(through(&mut lean, &[HIDE]).is_empty());
    }
}
