//! Streams over paged operations (by token or by page number), for the
//! generated paginators.

use std::collections::HashSet;
use std::future::Future;

use futures_core::Stream;
use futures_util::stream;

use super::error::{LimitError, LimitKind, ResponseError, SdkError};

/// The most pages a paginator fetches unless told otherwise (see
/// [`Config::max_pages`](super::Config::max_pages)): far above any real
/// listing (ECS pages hold up to 100 items), low enough to end a runaway loop.
pub const DEFAULT_MAX_PAGES: u32 = 1_000;

/// Fetches pages, passing each page's next token to the following call,
/// until the token is absent or empty.
///
/// The stream ends after the first error. Two kinds of service would page
/// forever, and each ends the stream with one error after the page that
/// showed it: one that hands back a token it was already sent
/// ([`SdkError::Response`]), and one that still offers a next token after
/// `max_pages` pages ([`SdkError::Limit`] naming the limit). A `max_pages`
/// of 0 is taken as 1.
pub fn token_pages<O, E, F, Fut>(
    first_token: Option<String>,
    max_pages: u32,
    fetch: F,
    next_token: fn(&O) -> Option<&str>,
) -> impl Stream<Item = Result<O, SdkError<E>>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<O, SdkError<E>>>,
{
    enum Next<E> {
        Fetch(Option<String>),
        Fail(SdkError<E>),
        Done,
    }

    struct State<F, E> {
        fetch: F,
        next: Next<E>,
        sent: HashSet<String>,
        fetched: u32,
    }

    let max_pages = max_pages.max(1);
    let state = State {
        fetch,
        next: Next::Fetch(first_token),
        sent: HashSet::new(),
        fetched: 0,
    };
    // Boxed so that the stream is Unpin: callers can use `.next()` on it
    // without pinning it first. One allocation per paginator.
    Box::pin(stream::unfold(state, move |mut st| async move {
        let token = match std::mem::replace(&mut st.next, Next::Done) {
            Next::Fetch(t) => t,
            Next::Fail(e) => return Some((Err(e), st)),
            Next::Done => return None,
        };
        if let Some(t) = &token {
            st.sent.insert(t.clone());
        }
        st.fetched += 1;
        match (st.fetch)(token).await {
            Err(e) => Some((Err(e), st)),
            Ok(page) => {
                st.next = match next_token(&page) {
                    None | Some("") => Next::Done,
                    Some(t) if st.sent.contains(t) => {
                        Next::Fail(SdkError::Response(ResponseError::new(
                            200,
                            format!(
                                "the service returned NextToken {t:?} again; \
                                 stopping instead of fetching the same page forever"
                            ),
                            b"",
                        )))
                    }
                    Some(_) if st.fetched >= max_pages => Next::Fail(pages_exceeded(max_pages)),
                    Some(t) => Next::Fetch(Some(t.to_owned())),
                };
                Some((Ok(page), st))
            }
        }
    }))
}

fn pages_exceeded<E>(max_pages: u32) -> SdkError<E> {
    SdkError::Limit(LimitError {
        kind: LimitKind::Pages,
        limit: u64::from(max_pages),
        http_status: None,
        request_id: None,
    })
}

/// Fetches pages numbered from `first_page`, until a page comes back empty
/// or the items seen reach the total the service reports.
///
/// `progress` gives a page's item count and reported total. The stream ends
/// after the first error. A service whose total stays out of reach after
/// `max_pages` pages ends the stream with an [`SdkError::Limit`] naming the
/// limit, after the last page allowed. A `max_pages` of 0 is taken as 1.
pub fn numbered_pages<O, E, F, Fut>(
    first_page: i32,
    max_pages: u32,
    fetch: F,
    progress: fn(&O) -> (usize, Option<i64>),
) -> impl Stream<Item = Result<O, SdkError<E>>>
where
    F: FnMut(i32) -> Fut,
    Fut: Future<Output = Result<O, SdkError<E>>>,
{
    enum Next<E> {
        Fetch(i32),
        Fail(SdkError<E>),
        Done,
    }

    struct State<F, E> {
        fetch: F,
        next: Next<E>,
        seen: i64,
        fetched: u32,
    }

    let max_pages = max_pages.max(1);
    let state = State {
        fetch,
        next: Next::Fetch(first_page.max(1)),
        seen: 0,
        fetched: 0,
    };
    Box::pin(stream::unfold(state, move |mut st| async move {
        let page_number = match std::mem::replace(&mut st.next, Next::Done) {
            Next::Fetch(n) => n,
            Next::Fail(e) => return Some((Err(e), st)),
            Next::Done => return None,
        };
        st.fetched += 1;
        match (st.fetch)(page_number).await {
            Err(e) => Some((Err(e), st)),
            Ok(page) => {
                let (count, total) = progress(&page);
                st.seen = st
                    .seen
                    .saturating_add(i64::try_from(count).unwrap_or(i64::MAX));
                let more = count > 0 && total.is_none_or(|total| st.seen < total);
                st.next = match page_number.checked_add(1) {
                    Some(_) if more && st.fetched >= max_pages => {
                        Next::Fail(pages_exceeded(max_pages))
                    }
                    Some(n) if more => Next::Fetch(n),
                    _ => Next::Done,
                };
                Some((Ok(page), st))
            }
        }
    }))
}

/// Flattens pages into their items. The stream ends after the first error.
pub fn page_items<O, T, E>(
    pages: impl Stream<Item = Result<O, SdkError<E>>>,
    items: fn(O) -> Vec<T>,
) -> impl Stream<Item = Result<T, SdkError<E>>> {
    use futures_util::StreamExt as _;

    let pages = Box::pin(pages);
    Box::pin(stream::unfold(
        (pages, Vec::new().into_iter(), false),
        move |(mut pages, mut buffered, mut failed)| async move {
            loop {
                if let Some(item) = buffered.next() {
                    return Some((Ok(item), (pages, buffered, failed)));
                }
                if failed {
                    return None;
                }
                match pages.next().await? {
                    Ok(page) => buffered = items(page).into_iter(),
                    Err(e) => {
                        failed = true;
                        return Some((Err(e), (pages, buffered, failed)));
                    }
                }
            }
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ServiceError;
    use futures_util::StreamExt as _;
    use std::sync::{Arc, Mutex};

    #[derive(Debug, Clone, PartialEq)]
    struct Page {
        items: Vec<u32>,
        next: Option<String>,
    }

    fn next(p: &Page) -> Option<&str> {
        p.next.as_deref()
    }

    fn items(p: Page) -> Vec<u32> {
        p.items
    }

    fn page(items: &[u32], next: Option<&str>) -> Page {
        Page {
            items: items.to_vec(),
            next: next.map(str::to_owned),
        }
    }

    /// A fake service: answers the n-th call with `script[n]`, and records the tokens sent.
    #[allow(clippy::type_complexity)]
    fn fake(
        script: Vec<Result<Page, ServiceError>>,
    ) -> (
        impl FnMut(Option<String>) -> std::future::Ready<Result<Page, SdkError<ServiceError>>>,
        Arc<Mutex<Vec<Option<String>>>>,
    ) {
        let sent = Arc::new(Mutex::new(Vec::new()));
        let log = sent.clone();
        let mut script = script.into_iter();
        let f = move |token: Option<String>| {
            log.lock().unwrap().push(token);
            let r = match script.next() {
                Some(Ok(p)) => Ok(p),
                Some(Err(e)) => Err(SdkError::Service(e)),
                None => panic!("fetched past the end of the script"),
            };
            std::future::ready(r)
        };
        (f, sent)
    }

    async fn collect<T>(s: impl Stream<Item = T>) -> Vec<T> {
        s.collect().await
    }

    #[tokio::test]
    async fn follows_tokens_until_absent_and_sends_each_one() {
        let (f, sent) = fake(vec![
            Ok(page(&[1, 2], Some("a"))),
            Ok(page(&[3], Some("b"))),
            Ok(page(&[4], None)),
        ]);
        let pages = collect(token_pages(None, DEFAULT_MAX_PAGES, f, next)).await;
        let pages: Vec<Page> = pages.into_iter().map(Result::unwrap).collect();
        assert_eq!(pages.len(), 3);
        assert_eq!(
            *sent.lock().unwrap(),
            vec![None, Some("a".to_owned()), Some("b".to_owned())]
        );
    }

    #[tokio::test]
    async fn an_empty_token_ends_the_stream() {
        let (f, sent) = fake(vec![Ok(page(&[1], Some("a"))), Ok(page(&[2], Some("")))]);
        let pages = collect(token_pages(None, DEFAULT_MAX_PAGES, f, next)).await;
        assert_eq!(pages.len(), 2);
        assert_eq!(sent.lock().unwrap().len(), 2);
    }

    #[tokio::test]
    async fn starts_from_the_given_token() {
        let (f, sent) = fake(vec![Ok(page(&[9], None))]);
        let pages = collect(token_pages(
            Some("start".to_owned()),
            DEFAULT_MAX_PAGES,
            f,
            next,
        ))
        .await;
        assert_eq!(pages.len(), 1);
        assert_eq!(*sent.lock().unwrap(), vec![Some("start".to_owned())]);
    }

    #[tokio::test]
    async fn a_repeated_token_yields_one_error_and_ends() {
        let (f, sent) = fake(vec![Ok(page(&[1], Some("a"))), Ok(page(&[2], Some("a")))]);
        let out = collect(token_pages(None, DEFAULT_MAX_PAGES, f, next)).await;
        assert_eq!(out.len(), 3, "two pages, then the error");
        assert!(out[0].is_ok() && out[1].is_ok());
        match &out[2] {
            Err(SdkError::Response(e)) => {
                assert!(e.reason.contains("NextToken \"a\" again"), "{}", e.reason)
            }
            other => panic!("expected a response error, got {other:?}"),
        }
        assert_eq!(sent.lock().unwrap().len(), 2);
    }

    #[tokio::test]
    async fn a_token_seen_earlier_is_caught_too() {
        let (f, _) = fake(vec![
            Ok(page(&[1], Some("a"))),
            Ok(page(&[2], Some("b"))),
            Ok(page(&[3], Some("a"))),
        ]);
        let out = collect(token_pages(None, DEFAULT_MAX_PAGES, f, next)).await;
        assert_eq!(out.len(), 4);
        assert!(matches!(out[3], Err(SdkError::Response(_))));

        let (f, _) = fake(vec![Ok(page(&[1], Some("start")))]);
        let out = collect(token_pages(
            Some("start".to_owned()),
            DEFAULT_MAX_PAGES,
            f,
            next,
        ))
        .await;
        assert_eq!(out.len(), 2, "the first token counts as sent");
        assert!(out[1].is_err());
    }

    #[tokio::test]
    async fn stops_after_the_first_error() {
        let throttled = ServiceError {
            code: "Throttling".to_owned(),
            ..ServiceError::default()
        };
        let (f, sent) = fake(vec![Ok(page(&[1], Some("a"))), Err(throttled)]);
        let out = collect(token_pages(None, DEFAULT_MAX_PAGES, f, next)).await;
        assert_eq!(out.len(), 2);
        assert!(matches!(&out[1], Err(SdkError::Service(e)) if e.code == "Throttling"));
        assert_eq!(sent.lock().unwrap().len(), 2);
    }

    #[test]
    fn streams_are_unpin_and_send_so_callers_need_not_pin_them() {
        fn check<S: Stream + Unpin + Send>(_: &S) {}
        let (f, _) = fake(vec![]);
        let pages = token_pages(None, DEFAULT_MAX_PAGES, f, next);
        check(&pages);
        check(&page_items(pages, items));
    }

    #[tokio::test]
    async fn items_are_flattened_across_pages_and_empty_pages() {
        let (f, _) = fake(vec![
            Ok(page(&[1, 2], Some("a"))),
            Ok(page(&[], Some("b"))),
            Ok(page(&[3], None)),
        ]);
        let out = collect(page_items(
            token_pages(None, DEFAULT_MAX_PAGES, f, next),
            items,
        ))
        .await;
        let out: Vec<u32> = out.into_iter().map(Result::unwrap).collect();
        assert_eq!(out, vec![1, 2, 3]);
    }

    #[tokio::test]
    async fn items_end_after_an_error() {
        let (f, _) = fake(vec![
            Ok(page(&[1, 2], Some("a"))),
            Err(ServiceError::default()),
        ]);
        let out = collect(page_items(
            token_pages(None, DEFAULT_MAX_PAGES, f, next),
            items,
        ))
        .await;
        assert_eq!(out.len(), 3);
        assert!(out[2].is_err());

        // page_items ends at an error even if the page stream would go on.
        let pages = stream::iter(vec![
            Err(SdkError::Service(ServiceError::default())),
            Ok(page(&[5], None)),
        ]);
        let out = collect(page_items(pages, items)).await;
        assert_eq!(out.len(), 1);
    }

    /// A service that hands out a fresh token on every page, forever
    /// (until `give_up`, so that a paginator without a limit ends the test
    /// instead of hanging it).
    #[allow(clippy::type_complexity)]
    fn endless(
        give_up: u32,
    ) -> (
        impl FnMut(Option<String>) -> std::future::Ready<Result<Page, SdkError<ServiceError>>>,
        Arc<Mutex<u32>>,
    ) {
        let calls = Arc::new(Mutex::new(0u32));
        let count = calls.clone();
        let f = move |_token: Option<String>| {
            let mut n = count.lock().unwrap();
            *n += 1;
            let next = (*n < give_up).then(|| format!("token-{n}"));
            std::future::ready(Ok(Page {
                items: vec![*n],
                next,
            }))
        };
        (f, calls)
    }

    fn pages_limit(e: &SdkError<ServiceError>) -> Option<u64> {
        match e {
            SdkError::Limit(l) if l.kind == LimitKind::Pages => Some(l.limit),
            _ => None,
        }
    }

    #[tokio::test]
    async fn fresh_tokens_forever_end_with_a_limit_error_after_max_pages() {
        let (f, calls) = endless(10_000);
        let out = collect(token_pages(None, 5, f, next)).await;
        assert_eq!(out.len(), 6, "five pages, then the error");
        assert!(out[..5].iter().all(Result::is_ok));
        let error = out[5].as_ref().unwrap_err();
        assert_eq!(pages_limit(error), Some(5), "{error:?}");
        assert!(error.to_string().contains("5 pages"), "{error}");
        assert_eq!(*calls.lock().unwrap(), 5, "nothing fetched past the limit");
    }

    #[tokio::test]
    async fn a_listing_of_exactly_max_pages_is_not_an_error() {
        let (f, calls) = endless(5);
        let out = collect(token_pages(None, 5, f, next)).await;
        assert_eq!(out.len(), 5);
        assert!(out.iter().all(Result::is_ok));
        assert_eq!(*calls.lock().unwrap(), 5);
    }

    #[tokio::test]
    async fn token_pages_stop_at_the_default_limit() {
        let (f, calls) = endless(DEFAULT_MAX_PAGES * 2);
        let out = collect(token_pages(None, DEFAULT_MAX_PAGES, f, next)).await;
        assert_eq!(out.len(), DEFAULT_MAX_PAGES as usize + 1);
        assert_eq!(
            pages_limit(out.last().unwrap().as_ref().unwrap_err()),
            Some(u64::from(DEFAULT_MAX_PAGES))
        );
        assert_eq!(*calls.lock().unwrap(), DEFAULT_MAX_PAGES);
    }

    #[tokio::test]
    async fn numbered_pages_whose_total_stays_out_of_reach_end_with_a_limit_error() {
        let fetch = |n: i32| async move { Ok::<_, SdkError<ServiceError>>((n, 10usize)) };
        let out: Vec<_> = numbered_pages(1, 3, fetch, |p: &(i32, usize)| (p.1, None))
            .collect()
            .await;
        assert_eq!(out.len(), 4);
        let numbers: Vec<i32> = out[..3].iter().map(|p| p.as_ref().unwrap().0).collect();
        assert_eq!(numbers, vec![1, 2, 3]);
        assert_eq!(pages_limit(out[3].as_ref().unwrap_err()), Some(3));
    }

    #[tokio::test]
    async fn numbered_pages_stop_at_the_reported_total() {
        use futures_util::StreamExt as _;
        // 5 items, 2 per page: pages 1, 2, 3.
        let fetch = |n: i32| async move {
            let count = if n < 3 { 2usize } else { 1 };
            Ok::<_, SdkError<ServiceError>>((n, count))
        };
        let pages: Vec<_> = numbered_pages(1, DEFAULT_MAX_PAGES, fetch, |p: &(i32, usize)| {
            (p.1, Some(5))
        })
        .collect()
        .await;
        let numbers: Vec<i32> = pages.into_iter().map(|p| p.unwrap().0).collect();
        assert_eq!(numbers, vec![1, 2, 3]);
    }

    #[tokio::test]
    async fn numbered_pages_stop_at_an_empty_page_without_a_total() {
        use futures_util::StreamExt as _;
        let fetch = |n: i32| async move {
            Ok::<_, SdkError<ServiceError>>((n, if n < 4 { 10usize } else { 0 }))
        };
        let pages: Vec<_> =
            numbered_pages(2, DEFAULT_MAX_PAGES, fetch, |p: &(i32, usize)| (p.1, None))
                .collect()
                .await;
        let numbers: Vec<i32> = pages.into_iter().map(|p| p.unwrap().0).collect();
        assert_eq!(numbers, vec![2, 3, 4]);
    }
}
