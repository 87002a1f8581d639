//! Paginators: every page, or every item, of an operation with the Smithy
//! `paginated` trait, one request at a time.
//!
//! A generated client has a `{operation}_paginator` method for each paginated
//! operation. It returns a [`Paginator`] holding the first input and four
//! small accessors the generator writes: one that sends a page (the client's
//! operation method), one that reaches the input's token member, one that
//! reads the output's next token, and one that takes the items out of a page.
//! Everything else, the loop and when to stop, is here and shared by every
//! service.
//!
//! The paginator sends the input as given, then sends it again with the input
//! token set to (a clone of) each response's output token. It stops after a
//! page whose token is absent, empty, or the same as the token just sent (as
//! the AWS SDKs do, so a service that keeps answering with the same token
//! cannot loop forever), after a page that failed (the error is returned, and
//! the client has already retried what its retry mode retries), or after the
//! page limit set with [`Paginator::with_page_limit`].
//!
//! Tokens are strings for almost every operation, but any type can be one
//! ([`PageToken`]): DynamoDB's `Query` and `Scan` continue from the key of
//! the last item read, a map of attribute values. A map, list, string or blob
//! token that is empty ends pagination as an absent one does, as in the AWS
//! SDK for Rust (which stops when the token `is_empty()`) and botocore
//! (which treats any falsy token, `{}` included, as none).
//!
//! It needs no executor: pages are awaited in the caller's task.
//!
//! ```
//! # async fn example<E: std::fmt::Debug>(
//! #     mut paginator: smithy_runtime::paginator::Paginator<'_, String, String, E, String>,
//! # ) -> Result<(), smithy_runtime::SdkError<E>> {
//! // e.g. `client.list_images_paginator(input)`
//! while let Some(page) = paginator.next_page().await {
//!     let page = page?;
//!     println!("{page:?}");
//! }
//! # Ok(()) }
//! ```
//!
//! # Why not `Stream`
//!
//! [`Paginator`] is an async cursor (`next_page`, `next_item`) rather than a
//! `futures_core::Stream`. `Stream` is not in `std`; implementing it would
//! add `futures-core` to every generated client (small, but the runtime
//! depends on nothing async beyond `std` without the `https` feature), and
//! a useful stream also wants `futures-util`'s combinators, which are not
//! small. A caller that has `futures-util` gets a stream in one line:
//! `futures_util::stream::unfold(paginator, |mut p| async move { p.next_page().await.map(|page| (page, p)) })`.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::hash::{BuildHasher, Hash};

use crate::error::SdkError;
use crate::transport::BoxFuture;
use crate::types::{BigDecimal, BigInteger, Blob, DateTime, Document};

/// A continuation token: what a [`Paginator`] copies from a page's output
/// token member to the next input's token member.
///
/// Implemented here for strings (`str`, borrowed from the input's `String`),
/// maps, lists, blobs and the other simple types; a generated client
/// implements it for its own types that an operation uses as a token.
pub trait PageToken: PartialEq {
    /// Whether this token, although present, says there is no next page: an
    /// empty string, map, list or blob. Other types are never empty.
    fn is_empty_token(&self) -> bool {
        false
    }
}

impl PageToken for str {
    fn is_empty_token(&self) -> bool {
        self.is_empty()
    }
}

impl PageToken for String {
    fn is_empty_token(&self) -> bool {
        self.is_empty()
    }
}

impl<T: PartialEq> PageToken for [T] {
    fn is_empty_token(&self) -> bool {
        self.is_empty()
    }
}

impl<T: PartialEq> PageToken for Vec<T> {
    fn is_empty_token(&self) -> bool {
        self.is_empty()
    }
}

impl<K: Eq + Hash, V: PartialEq, S: BuildHasher> PageToken for HashMap<K, V, S> {
    fn is_empty_token(&self) -> bool {
        self.is_empty()
    }
}

impl<K: PartialEq, V: PartialEq> PageToken for BTreeMap<K, V> {
    fn is_empty_token(&self) -> bool {
        self.is_empty()
    }
}

impl PageToken for Blob {
    fn is_empty_token(&self) -> bool {
        self.as_bytes().is_empty()
    }
}

impl<T: PageToken + ?Sized> PageToken for Box<T> {
    fn is_empty_token(&self) -> bool {
        (**self).is_empty_token()
    }
}

/// Types that are never empty.
macro_rules! never_empty {
    ($($ty:ty),*) => { $(impl PageToken for $ty {})* };
}

never_empty!(
    bool, i8, i16, i32, i64, f32, f64, BigInteger, BigDecimal, DateTime, Document
);

/// Sends one page's input and resolves to its output.
type SendPage<'a, I, O, E> =
    Box<dyn Fn(I) -> BoxFuture<'a, Result<O, SdkError<E>>> + Send + Sync + 'a>;

/// The item type of a [`Paginator`] whose operation's model names no list or
/// map of items: it has no values, so such a paginator yields pages only
/// (`next_item` and `collect_items` return nothing but errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoItems {}

/// Pages through a paginated operation: input `I`, output (one page) `O`,
/// operation error `E`, items `T`, token `K` (read from a page as `&K`,
/// held in the input as `K::Owned`: `str` and `String` for the usual string
/// token).
///
/// Made by a generated client's `{operation}_paginator` method, or by
/// [`Paginator::new`]. The future returned by each method may be dropped
/// before it completes: the page it was fetching is then requested again by
/// the next call.
pub struct Paginator<'a, I, O, E, T = NoItems, K: ?Sized + ToOwned = str> {
    /// The next page's input: the first input, then with the token set.
    next_input: I,
    send: SendPage<'a, I, O, E>,
    input_token: fn(&mut I) -> &mut Option<K::Owned>,
    output_token: fn(&O) -> Option<&K>,
    items: fn(O) -> Vec<T>,
    /// Items of fetched pages that `next_item` has not returned yet.
    buffered: VecDeque<T>,
    pages: usize,
    page_limit: Option<usize>,
    done: bool,
}

impl<'a, I, O, E, K: ?Sized + ToOwned> Paginator<'a, I, O, E, NoItems, K> {
    /// A paginator that starts with `input` and sends each page with `send`.
    ///
    /// `input_token` reaches the input member that carries the continuation
    /// token (its value in `input`, if any, is the starting token);
    /// `output_token` reads the next token from a page.
    pub fn new(
        input: I,
        send: impl Fn(I) -> BoxFuture<'a, Result<O, SdkError<E>>> + Send + Sync + 'a,
        input_token: fn(&mut I) -> &mut Option<K::Owned>,
        output_token: fn(&O) -> Option<&K>,
    ) -> Self {
        Paginator {
            next_input: input,
            send: Box::new(send),
            input_token,
            output_token,
            items: no_items::<O>,
            buffered: VecDeque::new(),
            pages: 0,
            page_limit: None,
            done: false,
        }
    }

    /// The same paginator, yielding `items(page)` from each page as items.
    pub fn with_items<T>(self, items: fn(O) -> Vec<T>) -> Paginator<'a, I, O, E, T, K> {
        Paginator {
            next_input: self.next_input,
            send: self.send,
            input_token: self.input_token,
            output_token: self.output_token,
            items,
            buffered: VecDeque::new(),
            pages: self.pages,
            page_limit: self.page_limit,
            done: self.done,
        }
    }
}

fn no_items<O>(_page: O) -> Vec<NoItems> {
    Vec::new()
}

impl<I, O, E, T, K: ?Sized + ToOwned> Paginator<'_, I, O, E, T, K> {
    /// Stops after `pages` pages in all (none are sent when it is 0), even if
    /// the last one has a next token.
    #[must_use]
    pub fn with_page_limit(mut self, pages: usize) -> Self {
        self.page_limit = Some(pages);
        self
    }

    /// How many pages have been received so far (failed ones not counted).
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Whether no further page will be requested: the last page had no new
    /// token, a page failed, or the page limit was reached. Items already
    /// fetched may still be buffered for [`next_item`](Self::next_item).
    pub fn is_done(&self) -> bool {
        self.done || self.page_limit.is_some_and(|limit| self.pages >= limit)
    }

    /// The input the next page will be requested with.
    pub fn next_input(&self) -> &I {
        &self.next_input
    }
}

impl<I: Clone, O, E, T, K: ?Sized + ToOwned + PageToken> Paginator<'_, I, O, E, T, K> {
    /// Requests the next page; `None` once pagination has ended.
    ///
    /// After an `Err` the paginator is done: the next call returns `None`.
    pub async fn next_page(&mut self) -> Option<Result<O, SdkError<E>>> {
        if self.is_done() {
            return None;
        }
        let result = (self.send)(self.next_input.clone()).await;
        let page = match result {
            Ok(page) => page,
            Err(error) => {
                self.done = true;
                return Some(Err(error));
            }
        };
        self.pages += 1;
        // The input still holds the token this page was requested with.
        let sent = (self.input_token)(&mut self.next_input);
        match (self.output_token)(&page) {
            Some(token)
                if !token.is_empty_token() && sent.as_ref().map(Borrow::borrow) != Some(token) =>
            {
                *sent = Some(token.to_owned());
            }
            _ => self.done = true,
        }
        Some(Ok(page))
    }

    /// Requests every remaining page.
    ///
    /// # Errors
    ///
    /// The first page that fails; the pages before it are dropped.
    pub async fn collect_pages(mut self) -> Result<Vec<O>, SdkError<E>> {
        let mut pages = Vec::new();
        while let Some(page) = self.next_page().await {
            pages.push(page?);
        }
        Ok(pages)
    }

    /// The next item, requesting pages as needed (pages without items are
    /// skipped); `None` once the last page's items have been returned.
    ///
    /// Mixing this with [`next_page`](Self::next_page) is allowed: a page
    /// that `next_page` returns is not seen here.
    pub async fn next_item(&mut self) -> Option<Result<T, SdkError<E>>> {
        loop {
            if let Some(item) = self.buffered.pop_front() {
                return Some(Ok(item));
            }
            match self.next_page().await? {
                Ok(page) => {
                    let items = (self.items)(page);
                    self.buffered.extend(items);
                }
                Err(error) => return Some(Err(error)),
            }
        }
    }

    /// Every remaining item, in order, requesting every remaining page.
    ///
    /// # Errors
    ///
    /// The first page that fails; the items before it are dropped.
    pub async fn collect_items(mut self) -> Result<Vec<T>, SdkError<E>> {
        let mut items: Vec<T> = std::mem::take(&mut self.buffered).into();
        while let Some(page) = self.next_page().await {
            items.extend((self.items)(page?));
        }
        Ok(items)
    }
}

impl<I, O, E, T, K: ?Sized + ToOwned> fmt::Debug for Paginator<'_, I, O, E, T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("pages", &self.pages)
            .field("page_limit", &self.page_limit)
            .field("buffered_items", &self.buffered.len())
            .field("done", &self.is_done())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::error::RequestError;

    /// A page of the fake service: its items and next token.
    #[derive(Debug, Clone, PartialEq)]
    struct Page {
        items: Option<Vec<u32>>,
        next: Option<String>,
    }

    #[derive(Debug, Clone, Default)]
    struct Input {
        token: Option<String>,
    }

    /// The tokens each request carried, shared with the send closure.
    type Sent = Arc<Mutex<Vec<Option<String>>>>;

    /// A paginator over `pages` (`None` for a page that fails), recording
    /// the token each request was sent with.
    fn fake(
        input: Input,
        pages: Vec<Option<Page>>,
    ) -> (Paginator<'static, Input, Page, String, u32>, Sent) {
        let sent: Sent = Arc::default();
        let log = Arc::clone(&sent);
        let queue = Mutex::new(VecDeque::from(pages));
        let send = move |input: Input| -> BoxFuture<'static, Result<Page, SdkError<String>>> {
            log.lock().unwrap().push(input.token);
            let result = match queue.lock().unwrap().pop_front() {
                Some(Some(page)) => Ok(page),
                Some(None) => Err(SdkError::Request(RequestError::new("page failed"))),
                None => panic!("a page was requested after the last one"),
            };
            Box::pin(std::future::ready(result))
        };
        let paginator = Paginator::new(
            input,
            send,
            |input| &mut input.token,
            |page| page.next.as_deref(),
        )
        .with_items(|page: Page| page.items.unwrap_or_default());
        (paginator, sent)
    }

    fn page(items: &[u32], next: Option<&str>) -> Option<Page> {
        Some(Page {
            items: Some(items.to_vec()),
            next: next.map(str::to_owned),
        })
    }

    fn tokens(sent: &Sent) -> Vec<Option<String>> {
        sent.lock().unwrap().clone()
    }

    fn some(token: &str) -> Option<String> {
        Some(token.to_owned())
    }

    #[test]
    fn stops_when_the_token_is_absent() {
        let pages = vec![
            page(&[1], Some("a")),
            page(&[2], Some("b")),
            page(&[3], None),
        ];
        let (mut paginator, sent) = fake(Input::default(), pages);
        let mut got = Vec::new();
        while let Some(page) = pollster::block_on(paginator.next_page()) {
            got.push(page.unwrap().items.unwrap());
        }
        assert_eq!(got, [vec![1], vec![2], vec![3]]);
        assert_eq!(tokens(&sent), [None, some("a"), some("b")]);
        assert_eq!(paginator.pages(), 3);
        assert!(paginator.is_done());
        // Done stays done, without another request.
        assert!(pollster::block_on(paginator.next_page()).is_none());
        assert_eq!(tokens(&sent).len(), 3);
    }

    #[test]
    fn stops_when_the_token_is_empty() {
        let pages = vec![page(&[1], Some("a")), page(&[2], Some(""))];
        let (paginator, sent) = fake(Input::default(), pages);
        let pages = pollster::block_on(paginator.collect_pages()).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(tokens(&sent), [None, some("a")]);
    }

    #[test]
    fn stops_when_the_token_repeats() {
        let pages = vec![page(&[1], Some("a")), page(&[2], Some("a"))];
        let (paginator, sent) = fake(Input::default(), pages);
        let items = pollster::block_on(paginator.collect_items()).unwrap();
        // The page that repeated the token is still returned.
        assert_eq!(items, [1, 2]);
        assert_eq!(tokens(&sent), [None, some("a")]);
    }

    #[test]
    fn the_starting_token_is_sent_and_counts_as_sent() {
        let input = Input {
            token: some("start"),
        };
        let pages = vec![page(&[7], Some("start"))];
        let (paginator, sent) = fake(input, pages);
        assert_eq!(pollster::block_on(paginator.collect_items()).unwrap(), [7]);
        assert_eq!(tokens(&sent), [some("start")]);
    }

    #[test]
    fn items_are_flattened_in_order_across_pages() {
        let pages = vec![
            page(&[1, 2], Some("a")),
            page(&[], Some("b")),
            Some(Page {
                items: None,
                next: some("c"),
            }),
            page(&[3, 4, 5], None),
        ];
        let (mut paginator, sent) = fake(Input::default(), pages);
        let mut items = Vec::new();
        while let Some(item) = pollster::block_on(paginator.next_item()) {
            items.push(item.unwrap());
        }
        assert_eq!(items, [1, 2, 3, 4, 5]);
        assert_eq!(tokens(&sent).len(), 4);
    }

    #[test]
    fn collect_items_keeps_items_already_buffered() {
        let pages = vec![page(&[1, 2], Some("a")), page(&[3], None)];
        let (mut paginator, _) = fake(Input::default(), pages);
        assert_eq!(
            pollster::block_on(paginator.next_item()).unwrap().unwrap(),
            1
        );
        assert_eq!(
            pollster::block_on(paginator.collect_items()).unwrap(),
            [2, 3]
        );
    }

    #[test]
    fn an_error_is_returned_and_ends_pagination() {
        let pages = vec![page(&[1], Some("a")), None, page(&[2], None)];
        let (mut paginator, sent) = fake(Input::default(), pages);
        assert!(pollster::block_on(paginator.next_item()).unwrap().is_ok());
        let error = pollster::block_on(paginator.next_item())
            .unwrap()
            .unwrap_err();
        assert!(matches!(error, SdkError::Request(_)), "{error:?}");
        assert!(paginator.is_done());
        assert!(pollster::block_on(paginator.next_item()).is_none());
        assert!(pollster::block_on(paginator.next_page()).is_none());
        assert_eq!(tokens(&sent), [None, some("a")]);
        assert_eq!(paginator.pages(), 1);
    }

    #[test]
    fn collect_returns_the_first_error() {
        let pages = vec![page(&[1], Some("a")), None];
        let (paginator, _) = fake(Input::default(), pages.clone());
        assert!(pollster::block_on(paginator.collect_pages()).is_err());
        let (paginator, _) = fake(Input::default(), pages);
        assert!(pollster::block_on(paginator.collect_items()).is_err());
    }

    #[test]
    fn the_page_limit_stops_early() {
        let pages = vec![page(&[1], Some("a")), page(&[2], Some("b"))];
        let (paginator, sent) = fake(Input::default(), pages);
        let paginator = paginator.with_page_limit(1);
        assert_eq!(pollster::block_on(paginator.collect_items()).unwrap(), [1]);
        assert_eq!(tokens(&sent), [None]);

        let (paginator, sent) = fake(Input::default(), Vec::new());
        let mut paginator = paginator.with_page_limit(0);
        assert!(paginator.is_done());
        assert!(pollster::block_on(paginator.next_page()).is_none());
        assert!(tokens(&sent).is_empty());
    }

    #[test]
    fn a_paginator_without_items_yields_pages_only() {
        let send = |_: Input| -> BoxFuture<'static, Result<Page, SdkError<String>>> {
            Box::pin(std::future::ready(Ok(Page {
                items: Some(vec![1]),
                next: None,
            })))
        };
        let mut paginator: Paginator<'_, Input, Page, String> = Paginator::new(
            Input::default(),
            send,
            |input| &mut input.token,
            |page| page.next.as_deref(),
        );
        assert!(pollster::block_on(paginator.next_item()).is_none());
        assert_eq!(paginator.pages(), 1);
    }

    #[test]
    fn the_next_input_carries_the_next_token_and_debug_shows_progress() {
        let pages = vec![page(&[1], Some("a")), page(&[2], None)];
        let (mut paginator, _) = fake(Input::default(), pages);
        assert_eq!(paginator.next_input().token, None);
        pollster::block_on(paginator.next_page()).unwrap().unwrap();
        assert_eq!(paginator.next_input().token.as_deref(), Some("a"));
        assert_eq!(
            format!("{paginator:?}"),
            "Paginator { pages: 1, page_limit: None, buffered_items: 0, done: false, .. }"
        );
    }

    /// A DynamoDB-like page: items, and the key to continue from.
    #[derive(Debug, Clone)]
    struct KeyPage {
        items: Vec<u32>,
        last_key: Option<HashMap<String, u32>>,
    }

    #[derive(Debug, Clone, Default)]
    struct KeyInput {
        start_key: Option<HashMap<String, u32>>,
    }

    type Key = HashMap<String, u32>;
    type Keys = Arc<Mutex<Vec<Option<Key>>>>;
    type KeyPaginator = Paginator<'static, KeyInput, KeyPage, String, u32, Key>;

    fn key_paginator(input: KeyInput, pages: Vec<KeyPage>) -> (KeyPaginator, Keys) {
        let sent: Keys = Arc::default();
        let log = Arc::clone(&sent);
        let queue = Mutex::new(VecDeque::from(pages));
        let send = move |input: KeyInput| -> BoxFuture<'static, Result<KeyPage, SdkError<String>>> {
            log.lock().unwrap().push(input.start_key);
            let page = queue.lock().unwrap().pop_front();
            let result = page.ok_or_else(|| SdkError::Request(RequestError::new("no more pages")));
            Box::pin(std::future::ready(result))
        };
        let paginator = Paginator::new(
            input,
            send,
            |input| &mut input.start_key,
            |page| page.last_key.as_ref(),
        )
        .with_items(|page: KeyPage| page.items);
        (paginator, sent)
    }

    fn key(pairs: &[(&str, u32)]) -> HashMap<String, u32> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
    }

    fn key_page(items: &[u32], last_key: Option<HashMap<String, u32>>) -> KeyPage {
        KeyPage {
            items: items.to_vec(),
            last_key,
        }
    }

    #[test]
    fn map_tokens_are_carried_to_the_next_input_until_absent() {
        let first = key(&[("id", 2), ("sort", 20)]);
        let second = key(&[("id", 4)]);
        let pages = vec![
            key_page(&[1, 2], Some(first.clone())),
            key_page(&[3, 4], Some(second.clone())),
            key_page(&[5], None),
        ];
        let (paginator, sent) = key_paginator(KeyInput::default(), pages);
        let items = pollster::block_on(paginator.collect_items()).unwrap();
        assert_eq!(items, [1, 2, 3, 4, 5]);
        assert_eq!(*sent.lock().unwrap(), [None, Some(first), Some(second)]);
    }

    #[test]
    fn an_empty_or_repeated_map_token_ends_pagination() {
        let pages = vec![
            key_page(&[1], Some(key(&[("id", 1)]))),
            key_page(&[2], Some(key(&[]))),
        ];
        let (paginator, sent) = key_paginator(KeyInput::default(), pages);
        assert_eq!(
            pollster::block_on(paginator.collect_items()).unwrap(),
            [1, 2]
        );
        assert_eq!(sent.lock().unwrap().len(), 2);

        let start = key(&[("id", 7)]);
        let input = KeyInput {
            start_key: Some(start.clone()),
        };
        let pages = vec![key_page(&[7], Some(start.clone()))];
        let (mut paginator, sent) = key_paginator(input, pages);
        assert!(pollster::block_on(paginator.next_page()).unwrap().is_ok());
        assert!(paginator.is_done());
        assert_eq!(*sent.lock().unwrap(), [Some(start)]);
    }

    #[test]
    fn tokens_know_when_they_are_empty() {
        assert!("".is_empty_token() && !"a".is_empty_token());
        assert!(String::new().is_empty_token());
        assert!(Vec::<u8>::new().is_empty_token() && !vec![1].is_empty_token());
        assert!(BTreeMap::<u8, u8>::new().is_empty_token());
        assert!(Blob::new(Vec::new()).is_empty_token() && !Blob::new(vec![0]).is_empty_token());
        assert!(Box::new(String::new()).is_empty_token());
        assert!(!0i64.is_empty_token() && !false.is_empty_token());
    }

    #[test]
    fn paginators_and_their_futures_are_send() {
        fn send<X: Send>(_: &X) {}
        let (mut paginator, _) = fake(Input::default(), Vec::new());
        send(&paginator);
        send(&paginator.next_page());
        send(&paginator.next_item());
    }
}
