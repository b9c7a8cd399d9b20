//! Streams over paged operations (by token or by page number), for the
//! generated paginators.

use std::collections::HashSet;
use std::future::Future;

use futures_core::Stream;
use futures_util::stream;

use super::error::{ResponseError, SdkError};

/// Fetches pages, passing each page's next token to the following call,
/// until the token is absent or empty.
///
/// The stream ends after the first error. A service that hands back a token
/// it was already sent would page forever; that yields one
/// [`SdkError::Response`] after the page that carried it, and the stream ends.
pub fn token_pages<O, E, F, Fut>(
    first_token: Option<String>,
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
    }

    let state = State {
        fetch,
        next: Next::Fetch(first_token),
        sent: HashSet::new(),
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
                    Some(t) => Next::Fetch(Some(t.to_owned())),
                };
                Some((Ok(page), st))
            }
        }
    }))
}

/// Fetches pages numbered from `first_page`, until a page comes back empty
/// or the items seen reach the total the service reports.
///
/// `progress` gives a page's item count and reported total. The stream ends
/// after the first error, and after `MAX_NUMBERED_PAGES` pages at the most,
/// so a service whose total never comes in reach cannot page forever.
pub fn numbered_pages<O, E, F, Fut>(
    first_page: i32,
    fetch: F,
    progress: fn(&O) -> (usize, Option<i64>),
) -> impl Stream<Item = Result<O, SdkError<E>>>
where
    F: FnMut(i32) -> Fut,
    Fut: Future<Output = Result<O, SdkError<E>>>,
{
    struct State<F> {
        fetch: F,
        next: Option<i32>,
        seen: i64,
        fetched: u32,
    }

    let state = State {
        fetch,
        next: Some(first_page.max(1)),
        seen: 0,
        fetched: 0,
    };
    Box::pin(stream::unfold(state, move |mut st| async move {
        let page_number = st.next.take()?;
        st.fetched += 1;
        match (st.fetch)(page_number).await {
            Err(e) => Some((Err(e), st)),
            Ok(page) => {
                let (count, total) = progress(&page);
                st.seen += i64::try_from(count).unwrap_or(i64::MAX);
                let more = count > 0
                    && total.is_none_or(|total| st.seen < total)
                    && st.fetched < MAX_NUMBERED_PAGES;
                if more {
                    st.next = page_number.checked_add(1);
                }
                Some((Ok(page), st))
            }
        }
    }))
}

/// The most pages a numbered paginator fetches: far above any real listing
/// (ECS pages hold up to 100 items), low enough to end a runaway loop.
pub const MAX_NUMBERED_PAGES: u32 = 100_000;

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
    use crate::runtime::error::ServiceError;
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
        let pages = collect(token_pages(None, f, next)).await;
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
        let pages = collect(token_pages(None, f, next)).await;
        assert_eq!(pages.len(), 2);
        assert_eq!(sent.lock().unwrap().len(), 2);
    }

    #[tokio::test]
    async fn starts_from_the_given_token() {
        let (f, sent) = fake(vec![Ok(page(&[9], None))]);
        let pages = collect(token_pages(Some("start".to_owned()), f, next)).await;
        assert_eq!(pages.len(), 1);
        assert_eq!(*sent.lock().unwrap(), vec![Some("start".to_owned())]);
    }

    #[tokio::test]
    async fn a_repeated_token_yields_one_error_and_ends() {
        let (f, sent) = fake(vec![Ok(page(&[1], Some("a"))), Ok(page(&[2], Some("a")))]);
        let out = collect(token_pages(None, f, next)).await;
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
        let out = collect(token_pages(None, f, next)).await;
        assert_eq!(out.len(), 4);
        assert!(matches!(out[3], Err(SdkError::Response(_))));

        let (f, _) = fake(vec![Ok(page(&[1], Some("start")))]);
        let out = collect(token_pages(Some("start".to_owned()), f, next)).await;
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
        let out = collect(token_pages(None, f, next)).await;
        assert_eq!(out.len(), 2);
        assert!(matches!(&out[1], Err(SdkError::Service(e)) if e.code == "Throttling"));
        assert_eq!(sent.lock().unwrap().len(), 2);
    }

    #[test]
    fn streams_are_unpin_and_send_so_callers_need_not_pin_them() {
        fn check<S: Stream + Unpin + Send>(_: &S) {}
        let (f, _) = fake(vec![]);
        let pages = token_pages(None, f, next);
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
        let out = collect(page_items(token_pages(None, f, next), items)).await;
        let out: Vec<u32> = out.into_iter().map(Result::unwrap).collect();
        assert_eq!(out, vec![1, 2, 3]);
    }

    #[tokio::test]
    async fn items_end_after_an_error() {
        let (f, _) = fake(vec![
            Ok(page(&[1, 2], Some("a"))),
            Err(ServiceError::default()),
        ]);
        let out = collect(page_items(token_pages(None, f, next), items)).await;
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

    #[tokio::test]
    async fn numbered_pages_stop_at_the_reported_total() {
        use futures_util::StreamExt as _;
        // 5 items, 2 per page: pages 1, 2, 3.
        let fetch = |n: i32| async move {
            let count = if n < 3 { 2usize } else { 1 };
            Ok::<_, SdkError<ServiceError>>((n, count))
        };
        let pages: Vec<_> = numbered_pages(1, fetch, |p: &(i32, usize)| (p.1, Some(5)))
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
        let pages: Vec<_> = numbered_pages(2, fetch, |p: &(i32, usize)| (p.1, None))
            .collect()
            .await;
        let numbers: Vec<i32> = pages.into_iter().map(|p| p.unwrap().0).collect();
        assert_eq!(numbers, vec![2, 3, 4]);
    }
}
