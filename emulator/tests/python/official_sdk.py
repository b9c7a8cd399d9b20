"""Drives the emulator with Alibaba Cloud's official Python SDK.

Usage: official_sdk.py ENDPOINT ACCESS_KEY_ID ACCESS_KEY_SECRET
ENDPOINT is host:port. The emulator must hold the instances i-py-1 and
i-py-2 in cn-hangzhou, without tags. Prints one line per check and exits
non-zero at the first failure.
"""

import sys

from alibabacloud_ecs20140526 import models
from alibabacloud_ecs20140526.client import Client
from alibabacloud_tea_openapi import models as openapi_models

endpoint, key_id, secret = sys.argv[1:4]


def client(signature):
    config = openapi_models.Config(
        access_key_id=key_id,
        access_key_secret=secret,
        endpoint=endpoint,
        protocol="http",
        region_id="cn-hangzhou",
    )
    if signature == "v1":
        # The SDK's switch to its RPC path, signed HMAC-SHA1 (V1).
        config.signature_algorithm = "v2"
    return Client(config)


def check(condition, what):
    if not condition:
        print(f"FAILED: {what}")
        sys.exit(1)
    print(f"ok: {what}")


for signature in ("v3", "v1"):
    ecs = client(signature)
    tagged = ecs.tag_resources(
        models.TagResourcesRequest(
            region_id="cn-hangzhou",
            resource_type="instance",
            resource_id=["i-py-1", "i-py-2"],
            tag=[
                models.TagResourcesRequestTag(key="env", value="prod"),
                models.TagResourcesRequestTag(key="team name", value="db & ops/环境"),
            ],
        )
    )
    check(bool(tagged.body.request_id), f"{signature}: TagResources answers a RequestId")

    listed = ecs.list_tag_resources(
        models.ListTagResourcesRequest(
            region_id="cn-hangzhou",
            resource_type="instance",
            tag=[models.ListTagResourcesRequestTag(key="team name", value="db & ops/环境")],
        )
    )
    rows = [(r.resource_id, r.tag_key, r.tag_value) for r in listed.body.tag_resources.tag_resource]
    check(
        rows == [("i-py-1", "team name", "db & ops/环境"), ("i-py-2", "team name", "db & ops/环境")],
        f"{signature}: ListTagResources by exact tag returns the matching rows {rows}",
    )

    fuzzy = ecs.list_tag_resources(
        models.ListTagResourcesRequest(
            region_id="cn-hangzhou",
            resource_type="instance",
            tag_filter=[models.ListTagResourcesRequestTagFilter(tag_key="en*")],
        )
    )
    check(len(fuzzy.body.tag_resources.tag_resource) == 2, f"{signature}: TagFilter prefix match")

    try:
        ecs.tag_resources(
            models.TagResourcesRequest(
                region_id="cn-hangzhou",
                resource_type="instance",
                resource_id=["i-missing"],
                tag=[models.TagResourcesRequestTag(key="env", value="prod")],
            )
        )
        check(False, f"{signature}: an unknown resource is refused")
    except Exception as error:  # the SDK's exception classes moved between versions
        code = getattr(error, "code", None)
        check(code == "InvalidResourceId.NotFound", f"{signature}: an unknown resource is refused ({code})")

    ecs.untag_resources(
        models.UntagResourcesRequest(
            region_id="cn-hangzhou",
            resource_type="instance",
            resource_id=["i-py-1", "i-py-2"],
            all=True,
        )
    )
    after = ecs.list_tag_resources(
        models.ListTagResourcesRequest(
            region_id="cn-hangzhou", resource_type="instance", resource_id=["i-py-1", "i-py-2"]
        )
    )
    remaining = after.body.tag_resources.tag_resource if after.body.tag_resources else []
    check(not remaining, f"{signature}: UntagResources All=true removes every tag")

print("official python sdk: all checks passed")
