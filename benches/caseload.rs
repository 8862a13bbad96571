//! The caseload at 10,000 participants: loading it (the work before the first frame) and one
//! filter keystroke through `update` and a redraw.

mod common;
use common::{ME, n};

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use keyworker::app::{Model, Msg, update};
use keyworker::store::Scope;

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn benches(c: &mut Criterion) {
    let (_dir, mut store) = common::demo();

    c.bench_function(&format!("load team caseload, {} participants", n()), |b| {
        b.iter(|| black_box(store.caseload(Scope::Team).expect("caseload")))
    });

    c.bench_function(
        &format!("model and first frame, {} participants", n()),
        |b| {
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
            b.iter(|| {
                let model = Model::new(&mut store, ME, (80, 24)).expect("model");
                terminal
                    .draw(|f| keyworker::ui::view(&model, f))
                    .expect("draw");
            })
        },
    );

    let mut model = Model::new(&mut store, ME, (80, 24)).expect("model");
    update(&mut model, &mut store, key(KeyCode::Char('t')));
    update(&mut model, &mut store, key(KeyCode::Char('x')));
    update(&mut model, &mut store, key(KeyCode::Char('/')));
    update(&mut model, &mut store, key(KeyCode::Char('j')));
    assert_eq!(model.caseload.rows.len() as u64, n());
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    // One iteration is two keystrokes (type a letter, delete it), each followed by a frame.
    c.bench_function(
        &format!("filter keystroke + frame x2, {} participants", n()),
        |b| {
            b.iter(|| {
                for msg in [key(KeyCode::Char('a')), key(KeyCode::Backspace)] {
                    update(&mut model, &mut store, msg);
                    terminal
                        .draw(|f| keyworker::ui::view(&model, f))
                        .expect("draw");
                }
            })
        },
    );

    // My caseload and the team's: each switch reads the list again.
    c.bench_function(
        &format!("switch to the team and back + frames, {} participants", n()),
        |b| {
            b.iter(|| {
                for _ in 0..2 {
                    update(&mut model, &mut store, key(KeyCode::Esc));
                    update(&mut model, &mut store, key(KeyCode::Char('t')));
                    terminal
                        .draw(|f| keyworker::ui::view(&model, f))
                        .expect("draw");
                }
            })
        },
    );

    // A colleague logs a call; back on the caseload (here, switching scope, which brings the
    // list up to date the same way) only that line is read again.
    let mut jo = keyworker::store::Store::open(store.path(), "jo", common::clock()).expect("jo");
    let ids: Vec<i64> = model.caseload.rows.iter().map(|r| r.id).collect();
    let mut k = 0u64;
    c.bench_function(
        &format!(
            "a colleague's save brought in + frame, {} participants",
            n()
        ),
        |b| {
            b.iter_batched(
                || {
                    k += 1;
                    let id = ids[(k as usize * 7919) % ids.len()];
                    jo.add_contact(id, &common::call(k), &[], None)
                        .expect("call");
                },
                |()| {
                    update(&mut model, &mut store, key(KeyCode::Char('t')));
                    terminal
                        .draw(|f| keyworker::ui::view(&model, f))
                        .expect("draw");
                },
                criterion::BatchSize::PerIteration,
            )
        },
    );

    c.bench_function(
        &format!("move selection + frame, {} participants", n()),
        |b| {
            b.iter(|| {
                for msg in [key(KeyCode::Down), key(KeyCode::Up)] {
                    update(&mut model, &mut store, msg);
                    terminal
                        .draw(|f| keyworker::ui::view(&model, f))
                        .expect("draw");
                }
            })
        },
    );
}

criterion_group!(caseload, benches);
criterion_main!(caseload);
