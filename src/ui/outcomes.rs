//! The outcomes screen: formal outcomes, soft outcomes as distance travelled, spend, and how
//! the case was closed.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::widgets::{Theme, fit};
use crate::app::Model;
use crate::app::outcomes::OutcomesScreen;
use crate::domain::Choice;
use crate::domain::dates::uk;
use crate::domain::outcome::pounds;
use crate::strings;

pub fn title(o: &OutcomesScreen) -> String {
    format!("{} · {}", strings::OUTCOMES, o.participant.details.name)
}

/// A score from 1 to 10 as one of eight bar heights, for a one-line chart per scale.
fn bar(score: u8) -> char {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    BARS[usize::from(score.clamp(1, 10) - 1) * 7 / 9]
}

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, o: &OutcomesScreen) {
    let theme = Theme::of(model);
    let area = area.inner(Margin::new(1, 0));
    let w = usize::from(area.width);
    let height = usize::from(area.height);
    let mut lines: Vec<Line> = Vec::new();

    let d = &o.participant.details;
    let stage = match &o.exit {
        Some(e) => Line::from(vec![
            Span::styled("Closed ", theme.error()),
            Span::raw(fit(
                &format!("{}: {}  {}", uk(e.on), e.reason.label(), e.note),
                w.saturating_sub(7),
            )),
        ]),
        None => Line::from(vec![
            Span::styled("Stage  ", theme.label()),
            Span::raw(format!(
                "{} since {}",
                d.stage.label(),
                uk(o.participant.stage_since)
            )),
        ]),
    };
    lines.push(stage);

    // Room for each section: scores get one line a scale, the rest share what is left.
    let scales = o.scales.len().max(1);
    let spare = height.saturating_sub(lines.len() + 3 + scales + 1);
    let outcome_rows = (spare / 2).max(1);
    let spend_rows = spare
        .saturating_sub(outcome_rows.min(o.outcomes.len().max(1)))
        .max(1);

    lines.push(Line::styled(
        format!("Formal outcomes · {}", o.outcomes.len()),
        theme.title(),
    ));
    if o.outcomes.is_empty() {
        lines.push(Line::styled(
            format!("  {}", strings::NO_OUTCOMES),
            theme.dim(),
        ));
    }
    let skip = o.outcomes.len().saturating_sub(outcome_rows);
    for f in o.outcomes.iter().skip(skip) {
        let text = format!(
            "  {}  {:<27} {}",
            uk(f.on),
            fit(f.kind.label(), 27),
            f.evidence.replace('\n', " ")
        );
        lines.push(Line::raw(fit(&text, w)));
    }

    let name_w = o
        .scales
        .iter()
        .map(|s| s.title.chars().count())
        .max()
        .unwrap_or(10)
        .min(26);
    let heading = format!("{:<w$}", "Soft outcomes", w = name_w + 3);
    lines.push(Line::styled(
        format!("{heading}{:>5} {:>5} {:>6}", "entry", "now", "change"),
        theme.title(),
    ));
    if o.scores.is_empty() {
        lines.push(Line::styled(
            format!("  {}", strings::NO_SCORES),
            theme.dim(),
        ));
    } else {
        for s in &o.scales {
            let series = o.series(&s.key);
            let mut spans = vec![Span::styled(
                format!("  {:<name_w$} ", fit(&s.title, name_w)),
                theme.label(),
            )];
            match (series.first(), series.last()) {
                (Some(&first), Some(&last)) => {
                    let change = i16::from(last) - i16::from(first);
                    let style = match change {
                        c if c > 0 => theme.ok(),
                        c if c < 0 => theme.error(),
                        _ => theme.dim(),
                    };
                    spans.push(Span::raw(format!("{first:>5} {last:>5} ")));
                    spans.push(Span::styled(format!("{change:>+6}  "), style));
                    // The newest scores that fit, oldest on the left.
                    let room = w.saturating_sub(name_w + 23);
                    let chart: String = series
                        .iter()
                        .skip(series.len().saturating_sub(room))
                        .map(|&s| bar(s))
                        .collect();
                    spans.push(Span::styled(chart, theme.key()));
                }
                _ => spans.push(Span::styled("  not scored", theme.dim())),
            }
            lines.push(Line::from(spans));
        }
    }

    lines.push(Line::styled(
        format!("Spend · {}", pounds(o.total_spend())),
        theme.title(),
    ));
    if o.spend.is_empty() {
        lines.push(Line::styled(
            format!("  {}", strings::NO_SPEND),
            theme.dim(),
        ));
    }
    let skip = o.spend.len().saturating_sub(spend_rows);
    for s in o.spend.iter().skip(skip) {
        let text = format!(
            "  {}  {:<9} {:>9}  {} · approved by {}",
            uk(s.on),
            s.category.label(),
            pounds(s.pence),
            s.note,
            s.approved_by
        );
        lines.push(Line::raw(fit(&text, w)));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn bars_rise_with_the_score() {
        assert_eq!(bar(1), '▁');
        assert_eq!(bar(10), '█');
        let heights: Vec<char> = (1..=10).map(bar).collect();
        assert!(heights.windows(2).all(|w| w[0] <= w[1]));
    }
}
