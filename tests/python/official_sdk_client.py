"""Drives the ecs-emulator with Alibaba Cloud's official Python SDK.

Usage: official_sdk_client.py HOST:PORT ACCESS_KEY_ID ACCESS_KEY_SECRET v3|v1

Prints one JSON object: what the calls returned, so the Rust test can check it.
"""
import json
import sys

from alibabacloud_ecs20140526 import models as ecs
from alibabacloud_ecs20140526.client import Client
from alibabacloud_tea_openapi.models import Config


def main():
    host, key_id, secret, version = sys.argv[1:5]
    config = Config(
        access_key_id=key_id,
        access_key_secret=secret,
        endpoint=host,
        protocol="http",
        region_id="cn-hangzhou",
    )
    if version == "v1":
        # The official SDK's switch to HMAC-SHA1 (SignatureVersion 1.0) RPC signing.
        config.signature_algorithm = "v2"
    client = Client(config)
    tag = f"official-{version}"

    client.tag_resources(
        ecs.TagResourcesRequest(
            region_id="cn-hangzhou",
            resource_type="instance",
            resource_id=["i-py-001"],
            tag=[ecs.TagResourcesRequestTag(key=tag, value="yes")],
        )
    )
    listed = client.list_tag_resources(
        ecs.ListTagResourcesRequest(
            region_id="cn-hangzhou",
            resource_type="instance",
            tag=[ecs.ListTagResourcesRequestTag(key=tag, value="yes")],
        )
    )
    rows = listed.body.to_map()["TagResources"]["TagResource"]

    error_code = None
    try:
        client.tag_resources(
            ecs.TagResourcesRequest(
                region_id="cn-hangzhou",
                resource_type="instance",
                resource_id=["i-does-not-exist"],
                tag=[ecs.TagResourcesRequestTag(key="k", value="v")],
            )
        )
    except Exception as e:  # the SDK raises its own exception type with .code
        error_code = getattr(e, "code", repr(e))

    client.untag_resources(
        ecs.UntagResourcesRequest(
            region_id="cn-hangzhou",
            resource_type="instance",
            resource_id=["i-py-001"],
            tag_key=[tag],
        )
    )
    print(json.dumps({"rows": rows, "error_code": error_code}))


if __name__ == "__main__":
    main()
