//! NextToken pagination over more than 1000 results with the SDK's
//! paginator, against the emulator over HTTP on 127.0.0.1: every row exactly
//! once and in order, page sizes, and the tokens the emulator refuses.
//!
//! Every stream is read through `take` (in `all_rows` and here), so a
//! paginator that never ends fails a test instead of hanging it.

use alibabacloud_ecs::operation::list_tag_resources::{
    ListTagResourcesError, ListTagResourcesFluentBuilder, ListTagResourcesOutput, Tag, TagFilter,
};
use alibabacloud_ecs::{Client, SdkError, SignatureVersion};
use ecs_emulator::SeedResource;
use ecs_integration_tests::emulator::{
    all_rows, client, instance, rows, service_error, start, start_with, Op, Row, REGION, VERSIONS,
};
use futures_util::StreamExt as _;

type Page = Result<ListTagResourcesOutput, SdkError<ListTagResourcesError>>;

fn list(client: &Client) -> ListTagResourcesFluentBuilder {
    client
        .list_tag_resources()
        .region_id(REGION)
        .resource_type("instance")
}

/// Every page of a query, at most `bound` of them.
async fn pages(query: ListTagResourcesFluentBuilder, bound: usize) -> Vec<ListTagResourcesOutput> {
    let pages: Vec<Page> = query.into_paginator().pages().take(bound).collect().await;
    pages
        .into_iter()
        .map(|page| page.unwrap_or_else(|error| panic!("a page: {error}")))
        .collect()
}

/// `count` instances `i-0000`.., each with the `tags` given for its number.
fn numbered(count: usize, tags: impl Fn(usize) -> Vec<(String, String)>) -> Vec<SeedResource> {
    (0..count)
        .map(|n| {
            tags(n)
                .into_iter()
                .fold(instance(&format!("i-{n:04}")), |resource, (key, value)| {
                    resource.tag(key, value)
                })
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_paginator_reads_1200_rows_50_a_page_each_exactly_once_and_in_order() {
    // Seeded in reverse, so that the order comes from the emulator.
    let mut seed = numbered(1200, |n| {
        vec![
            ("env".to_owned(), "prod".to_owned()),
            ("n".to_owned(), n.to_string()),
        ]
    });
    seed.reverse();
    let emulator = start(seed).await;
    for version in VERSIONS {
        let client = client(&emulator, version);
        let query = || list(&client).tag("env", "prod");
        let pages = pages(query(), 100).await;
        assert_eq!(pages.len(), 24, "{version:?}: 1200 rows at 50 a page");
        for (n, page) in pages.iter().enumerate() {
            assert_eq!(rows(page).len(), 50, "{version:?}: page {n}");
            assert_eq!(
                page.next_token.is_some(),
                n < 23,
                "{version:?}: a token on every page but the last"
            );
        }
        let expected: Vec<Row> = (0..1200)
            .map(|n| (format!("i-{n:04}"), "env".to_owned(), "prod".to_owned()))
            .collect();
        assert_eq!(
            all_rows(query().into_paginator()).await,
            expected,
            "{version:?}"
        );
    }
    emulator.shutdown().await;
}

/// Rows for 400 resources with three tags each: page boundaries (every 50
/// rows) fall inside resources, so a page must resume after the last row's
/// key, not after its resource.
fn three_tags_each() -> Vec<SeedResource> {
    numbered(400, |n| {
        vec![
            ("k1".to_owned(), format!("a{n}")),
            ("k2".to_owned(), format!("b{n}")),
            ("k3".to_owned(), format!("c{n}")),
        ]
    })
    .into_iter()
    .map(|resource| resource.group("rg-big"))
    .collect()
}

fn three_tag_rows() -> Vec<Row> {
    (0..400)
        .flat_map(|n| {
            let id = format!("i-{n:04}");
            [
                (id.clone(), "k1".to_owned(), format!("a{n}")),
                (id.clone(), "k2".to_owned(), format!("b{n}")),
                (id, "k3".to_owned(), format!("c{n}")),
            ]
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_that_end_inside_a_resource_resume_after_its_last_row() {
    let emulator = start(three_tags_each()).await;
    let client = client(&emulator, SignatureVersion::V3);
    let expected = three_tag_rows();
    assert_eq!(expected.len(), 1200);
    // By resource group (every tag), by fuzzy key (the tags that passed)
    // and by exact keys (the queried tags).
    let queries = [
        ("resource group", list(&client).tag("acs:rm:rgId", "rg-big")),
        (
            "tag filter",
            list(&client).tag_filter(TagFilter::default().tag_key("k*")),
        ),
        (
            "tag keys",
            list(&client)
                .tag_item(Tag::key_only("k1"))
                .tag_item(Tag::key_only("k2"))
                .tag_item(Tag::key_only("k3")),
        ),
    ];
    for (what, query) in queries {
        assert_eq!(all_rows(query.into_paginator()).await, expected, "{what}");
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_configured_page_size_is_used_and_a_full_last_page_has_no_token() {
    let emulator = start_with(
        numbered(21, |_| vec![("env".to_owned(), "prod".to_owned())]),
        |config| config.page_size = 7,
    )
    .await;
    let client = client(&emulator, SignatureVersion::V1);
    let pages = pages(list(&client).tag_item(Tag::key_only("env")), 10).await;
    let sizes: Vec<usize> = pages.iter().map(|page| rows(page).len()).collect();
    assert_eq!(sizes, [7, 7, 7]);
    assert!(pages[2].next_token.is_none(), "no empty fourth page");
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_default_page_holds_50_rows() {
    let emulator = start(numbered(51, |_| {
        vec![("env".to_owned(), "prod".to_owned())]
    }))
    .await;
    let client = client(&emulator, SignatureVersion::V3);
    let first = list(&client).tag("env", "prod").send().await.unwrap();
    assert_eq!(rows(&first).len(), 50);
    let token = first.next_token.expect("one more row");
    let second = list(&client)
        .tag("env", "prod")
        .next_token(token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        rows(&second),
        [("i-0050".to_owned(), "env".to_owned(), "prod".to_owned())]
    );
    assert!(second.next_token.is_none());
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_token_resumes_after_its_row_even_when_tags_change_between_pages() {
    let emulator = start(numbered(100, |_| {
        vec![("env".to_owned(), "prod".to_owned())]
    }))
    .await;
    let client = client(&emulator, SignatureVersion::V3);
    let first = list(&client).tag("env", "prod").send().await.unwrap();
    let seen = rows(&first);
    assert_eq!(seen.last().unwrap().0, "i-0049");
    // Before the cursor: a new match, and a removed one; after it: one
    // resource loses the tag, and a new one gains it.
    emulator
        .seed(vec![
            instance("i-0010a").tag("env", "prod"),
            instance("i-0020"),
            instance("i-0070"),
            instance("i-0070a").tag("env", "prod"),
        ])
        .unwrap();
    let rest = all_rows(
        list(&client)
            .tag("env", "prod")
            .next_token(first.next_token.unwrap())
            .into_paginator(),
    )
    .await;
    let mut expected: Vec<String> = (50..100)
        .filter(|n| *n != 70)
        .map(|n| format!("i-{n:04}"))
        .collect();
    expected.push("i-0070a".to_owned());
    expected.sort();
    let ids: Vec<String> = rest.into_iter().map(|(id, _, _)| id).collect();
    assert_eq!(
        ids, expected,
        "nothing of the first page again, nothing after it skipped"
    );
    emulator.shutdown().await;
}

fn assert_invalid_next_token(error: &ListTagResourcesError) {
    assert!(
        matches!(error, ListTagResourcesError::InvalidNextToken(_)),
        "{error:?}"
    );
    let info = Op::List.documented("Invalid.NextToken");
    assert_eq!(
        (
            error.service_error().http_status,
            error.service_error().message.as_str()
        ),
        (info.http_status, info.message)
    );
    assert_eq!(info.http_status, 403);
}

#[tokio::test]
async fn a_made_up_or_altered_next_token_is_invalid_next_token() {
    let emulator = start(numbered(60, |_| {
        vec![("env".to_owned(), "prod".to_owned())]
    }))
    .await;
    let client = client(&emulator, SignatureVersion::V3);
    let token = list(&client)
        .tag("env", "prod")
        .send()
        .await
        .unwrap()
        .next_token
        .unwrap();
    let mut altered = token.clone().into_bytes();
    let middle = altered.len() / 2;
    altered[middle] = if altered[middle] == b'A' { b'B' } else { b'A' };
    let altered = String::from_utf8(altered).unwrap();
    for bad in [
        "caeba0bbb2be03f84eb48b699f0a4883",
        "not a token",
        &altered,
        &token[..token.len() - 1],
    ] {
        let error = service_error(
            list(&client)
                .tag("env", "prod")
                .next_token(bad)
                .send()
                .await,
        );
        assert_invalid_next_token(&error);
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_paginator_started_from_an_invalid_token_yields_the_typed_error_and_ends() {
    let emulator = start(numbered(60, |_| {
        vec![("env".to_owned(), "prod".to_owned())]
    }))
    .await;
    let client = client(&emulator, SignatureVersion::V1);
    let items: Vec<_> = list(&client)
        .tag("env", "prod")
        .next_token("caeba0bbb2be03f84eb48b699f0a4883")
        .into_paginator()
        .items()
        .take(100)
        .collect()
        .await;
    assert_eq!(items.len(), 1, "one error, then the stream ends");
    let error = match items.into_iter().next().unwrap() {
        Err(SdkError::Service(error)) => error,
        other => panic!("expected Invalid.NextToken, got {other:?}"),
    };
    assert_invalid_next_token(&error);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_token_from_another_query_or_another_emulator_is_invalid_next_token() {
    let seed = numbered(60, |n| {
        vec![
            ("env".to_owned(), "prod".to_owned()),
            ("team".to_owned(), format!("t{}", n % 2)),
        ]
    });
    let emulator = start(seed.clone()).await;
    let other = start(seed).await;
    let client = client(&emulator, SignatureVersion::V3);
    let token = list(&client)
        .tag("env", "prod")
        .send()
        .await
        .unwrap()
        .next_token
        .unwrap();
    // The same query is fine; any other query refuses the token.
    assert!(list(&client)
        .tag("env", "prod")
        .next_token(token.clone())
        .send()
        .await
        .is_ok());
    for query in [
        list(&client).tag_item(Tag::key_only("env")),
        list(&client).tag("env", "prod").resource_id("i-0001"),
        list(&client).tag_filter(TagFilter::default().tag_key("env")),
        client
            .list_tag_resources()
            .region_id(REGION)
            .resource_type("disk")
            .tag("env", "prod"),
    ] {
        let error = service_error(query.next_token(token.clone()).send().await);
        assert_invalid_next_token(&error);
    }
    // Another emulator run with the same data does not know the token.
    let error = service_error(
        list(&ecs_integration_tests::emulator::client(
            &other,
            SignatureVersion::V3,
        ))
        .tag("env", "prod")
        .next_token(token)
        .send()
        .await,
    );
    assert_invalid_next_token(&error);
    emulator.shutdown().await;
    other.shutdown().await;
}
