//! Drawing. `view` reads the model and draws; it changes nothing.

pub mod brief;
pub mod caseload;
pub mod conflict;
pub mod contact;
pub mod directory;
pub mod fields;
pub mod help;
pub mod outcomes;
pub mod participant;
pub mod plan;
pub mod reminders;
pub mod summary;
pub mod team;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{Model, Screen};
use crate::strings;

pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

pub fn view(model: &Model, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = Paragraph::new(strings::TOO_SMALL)
            .wrap(Wrap { trim: true })
            .alignment(Alignment::Center);
        frame.render_widget(msg, area);
        return;
    }
    if model.locked {
        // Nothing about anyone on screen: only that it is locked and how to come back.
        let [_, middle, _] = Layout::vertical([
            Constraint::Min(0),
            Constraint::Length(3),
            Constraint::Min(0),
        ])
        .areas(area);
        let msg = Paragraph::new(vec![
            ratatui::text::Line::from(strings::LOCKED),
            ratatui::text::Line::from(""),
            ratatui::text::Line::from(strings::UNLOCK),
        ])
        .alignment(Alignment::Center);
        frame.render_widget(msg, middle);
        return;
    }
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let what = match &model.screen {
        Screen::Caseload => caseload::title(model),
        Screen::Participant(p) => participant::title(p),
        Screen::Plan(p) => plan::title(p),
        Screen::Editor(e) => fields::title(e),
        Screen::Contact(c) => contact::title(c),
        Screen::ContactView(v) => contact::view_title(v),
        Screen::Reminders(r) => reminders::title(r, model),
        Screen::Brief(b) => brief::title(b),
        Screen::Outcomes(o) => outcomes::title(o),
        Screen::Directory(d) => directory::title(d),
        Screen::Team(t) => team::title(t),
        Screen::Summary(s) => summary::title(s),
    };
    widgets::header(frame, top, model, &what);
    match &model.screen {
        Screen::Caseload => caseload::draw(frame, body, model),
        Screen::Participant(p) => participant::draw(frame, body, model, p),
        Screen::Plan(p) => plan::draw(frame, body, model, p),
        Screen::Editor(e) => fields::draw(frame, body, model, e),
        Screen::Contact(c) => contact::draw(frame, body, model, c),
        Screen::ContactView(v) => contact::draw_view(frame, body, model, v),
        Screen::Reminders(r) => reminders::draw(frame, body, model, r),
        Screen::Brief(b) => brief::draw(frame, body, model, b),
        Screen::Outcomes(o) => outcomes::draw(frame, body, model, o),
        Screen::Directory(d) => directory::draw(frame, body, model, d),
        Screen::Team(t) => team::draw(frame, body, model, t),
        Screen::Summary(s) => summary::draw(frame, body, model, s),
    }
    if let Some(c) = conflict::of(model) {
        conflict::draw(frame, body, model, c);
    }
    widgets::footer(frame, bottom, model);
    if model.help {
        help::draw(frame, body, model);
    }
}
