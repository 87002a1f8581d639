//! A `tracing` subscriber that records everything it is given: each span's
//! name and fields (those it was created with and those recorded later),
//! each event's fields and the span it happened in. Written on
//! `tracing::Subscriber` itself, so the tests need no `tracing-subscriber`.
//!
//! Shared through `#[path]` by the tests crate's `observe.rs` and
//! smithy-config's tests.

// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use std::cell::RefCell;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// A span as recorded: its name, target and fields in the order they
/// were given values.
#[derive(Debug, Clone, Default)]
pub struct SpanRecord {
    pub id: u64,
    pub name: String,
    pub target: String,
    pub parent: Option<u64>,
    pub fields: Vec<(String, String)>,
}

impl SpanRecord {
    /// The last value given to `field`, if any.
    pub fn field(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .rev()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value.as_str())
    }
}

/// An event as recorded: its target, fields (`message` among them) and the
/// span it happened in.
#[derive(Debug, Clone, Default)]
pub struct EventRecord {
    pub target: String,
    pub span: Option<u64>,
    pub fields: Vec<(String, String)>,
}

impl EventRecord {
    pub fn field(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value.as_str())
    }
}

#[derive(Debug, Default)]
struct Recorded {
    spans: Vec<SpanRecord>,
    events: Vec<EventRecord>,
}

/// Records every span and event, of every level and target (or, with
/// [`Collector::disabled_for`], none of one target prefix).
#[derive(Debug, Clone, Default)]
pub struct Collector {
    recorded: Arc<Mutex<Recorded>>,
    next_id: Arc<AtomicU64>,
    disabled_prefix: Option<&'static str>,
}

thread_local! {
    /// The spans entered on this thread, innermost last.
    static STACK: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl Collector {
    pub fn new() -> Self {
        Self::default()
    }

    /// A collector that wants nothing whose target starts with `prefix`.
    pub fn disabled_for(prefix: &'static str) -> Self {
        Self {
            disabled_prefix: Some(prefix),
            ..Self::default()
        }
    }

    pub fn spans(&self) -> Vec<SpanRecord> {
        self.lock().spans.clone()
    }

    pub fn events(&self) -> Vec<EventRecord> {
        self.lock().events.clone()
    }

    /// The spans named `name`, in the order they were created.
    pub fn spans_named(&self, name: &str) -> Vec<SpanRecord> {
        self.spans()
            .into_iter()
            .filter(|s| s.name == name)
            .collect()
    }

    /// Everything recorded, as text, to search for what must not be there.
    pub fn text(&self) -> String {
        format!("{:?}", *self.lock())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Recorded> {
        self.recorded.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Subscriber for Collector {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        match self.disabled_prefix {
            Some(prefix) => !metadata.target().starts_with(prefix),
            None => true,
        }
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let mut record = SpanRecord {
            id,
            name: attributes.metadata().name().to_owned(),
            target: attributes.metadata().target().to_owned(),
            parent: attributes
                .parent()
                .map(Id::into_u64)
                .or_else(|| STACK.with(|s| s.borrow().last().copied())),
            fields: Vec::new(),
        };
        attributes.record(&mut Fields(&mut record.fields));
        self.lock().spans.push(record);
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut recorded = self.lock();
        if let Some(record) = recorded.spans.iter_mut().find(|s| s.id == span.into_u64()) {
            values.record(&mut Fields(&mut record.fields));
        }
    }

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut record = EventRecord {
            target: event.metadata().target().to_owned(),
            span: event
                .parent()
                .map(Id::into_u64)
                .or_else(|| STACK.with(|s| s.borrow().last().copied())),
            fields: Vec::new(),
        };
        event.record(&mut Fields(&mut record.fields));
        self.lock().events.push(record);
    }

    fn enter(&self, span: &Id) {
        STACK.with(|s| s.borrow_mut().push(span.into_u64()));
    }

    fn exit(&self, span: &Id) {
        STACK.with(|s| {
            let mut stack = s.borrow_mut();
            if let Some(at) = stack.iter().rposition(|id| *id == span.into_u64()) {
                stack.remove(at);
            }
        });
    }
}
