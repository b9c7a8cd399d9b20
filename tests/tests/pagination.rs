//! The paginator over real HTTP: following NextToken, and stopping when the
//! service misbehaves. Every stream is read through `take`, so a paginator
//! that loops cannot hang a test.

use alibabacloud_ecs::operation::list_tag_resources::{ListTagResourcesError, TagResource};
use alibabacloud_ecs::SdkError;
use ecs_integration_tests::mock::{MockEcs, Reply};
use ecs_integration_tests::support::{client, list_tags, mock, page};
use futures_util::StreamExt as _;

type Item = Result<TagResource, SdkError<ListTagResourcesError>>;

/// Every item the paginator yields, up to a bound no test reaches.
async fn all_items(server: &MockEcs) -> Vec<Item> {
    let client = client(server);
    list_tags(&client)
        .into_paginator()
        .items()
        .take(1000)
        .collect()
        .await
}

fn resource_ids(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|i| {
            let item = i.as_ref().expect("an item, not an error");
            item.resource_id.clone().unwrap()
        })
        .collect()
}

fn ids(range: std::ops::RangeInclusive<usize>) -> Vec<String> {
    range.map(|n| format!("i-{n:04}")).collect()
}

/// The NextToken of each request the server received.
fn tokens_sent(server: &MockEcs) -> Vec<Option<String>> {
    server
        .requests()
        .iter()
        .map(|r| r.param("NextToken").map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn items_follow_next_token_across_three_pages_in_order() {
    let server = mock([
        Reply::ok(&page(1..=3, Some("token-1"))),
        Reply::ok(&page(4..=6, Some("token-2"))),
        Reply::ok(&page(7..=8, None)),
    ])
    .await;
    let items = all_items(&server).await;
    assert_eq!(resource_ids(&items), ids(1..=8));
    let first = items[0].as_ref().unwrap();
    assert_eq!(first.tag_key.as_deref(), Some("key-1"));
    assert_eq!(first.tag_value.as_deref(), Some("value-1"));
    assert_eq!(
        tokens_sent(&server),
        [None, Some("token-1".into()), Some("token-2".into())]
    );
    // Every page repeats the caller's parameters.
    for r in server.requests() {
        assert_eq!(r.param("ResourceId.1"), Some("i-bp1example"));
        assert_eq!(r.param("Tag.1.Key"), Some("env"));
    }
}

#[tokio::test]
async fn pages_yield_one_output_per_response_and_an_empty_token_ends_them() {
    let server = mock([
        Reply::ok(&page(1..=2, Some("token-1"))),
        Reply::ok(&page(3..=3, Some(""))),
        Reply::ok(&page(9..=9, None)),
    ])
    .await;
    let client = client(&server);
    let pages: Vec<_> = list_tags(&client)
        .into_paginator()
        .pages()
        .take(100)
        .collect()
        .await;
    let request_ids: Vec<Option<String>> =
        pages.into_iter().map(|p| p.unwrap().request_id).collect();
    assert_eq!(
        request_ids,
        [Some("req-token-1".into()), Some("req-".into())]
    );
    assert_eq!(server.requests().len(), 2);
    assert_eq!(
        server.remaining(),
        1,
        "nothing is fetched after the empty token"
    );
}

#[tokio::test]
async fn a_next_token_returned_twice_yields_an_error_instead_of_looping() {
    let server = mock(
        [
            Reply::ok(&page(1..=2, Some("same"))),
            Reply::ok(&page(3..=4, Some("same"))),
        ]
        .into_iter()
        .chain((0..5).map(|_| Reply::ok(&page(5..=5, Some("same"))))),
    )
    .await;
    let items = all_items(&server).await;
    assert_eq!(items.len(), 5, "four items, then one error, then the end");
    assert_eq!(resource_ids(&items[..4]), ids(1..=4));
    match &items[4] {
        Err(SdkError::Response(e)) => {
            assert!(e.reason.contains("\"same\""), "{e}");
            assert!(!e.to_string().contains('\n'), "{e}");
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    assert_eq!(tokens_sent(&server), [None, Some("same".into())]);
    assert_eq!(server.remaining(), 5);
}

#[tokio::test]
async fn a_service_error_on_a_later_page_ends_the_items_after_the_earlier_ones() {
    let server = mock([
        Reply::ok(&page(1..=2, Some("token-1"))),
        Reply::error(
            403,
            "Invalid.NextToken",
            "The specified NextToken is not valid.",
            "req-bad",
        ),
        Reply::ok(&page(3..=3, None)),
    ])
    .await;
    let items = all_items(&server).await;
    assert_eq!(items.len(), 3);
    assert_eq!(resource_ids(&items[..2]), ids(1..=2));
    match &items[2] {
        Err(SdkError::Service(ListTagResourcesError::InvalidNextToken(e))) => {
            assert_eq!(e.request_id(), Some("req-bad"))
        }
        other => panic!("expected Invalid.NextToken, got {other:?}"),
    }
    assert_eq!(server.remaining(), 1);
}

#[tokio::test]
async fn a_throttled_page_is_retried_and_paging_goes_on() {
    let server = mock([
        Reply::ok(&page(1..=2, Some("token-1"))),
        Reply::error(400, "Throttling.User", "slow down", "req-throttled"),
        Reply::ok(&page(3..=4, None)),
    ])
    .await;
    let items = all_items(&server).await;
    assert_eq!(resource_ids(&items), ids(1..=4));
    assert_eq!(
        tokens_sent(&server),
        [None, Some("token-1".into()), Some("token-1".into())]
    );
}
