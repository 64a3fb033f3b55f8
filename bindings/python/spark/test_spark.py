"""The Spark job in local mode (`local[2]`) on the real posts replicated to
GPP_SPARK_POSTS posts (default 200,000, about 700 MB of post_content): the
blocks table and block usage per site, checked against `parse_arrow` on each
real post (whose rows `parse` checks in tests/test_arrow.py)."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyspark.sql import SparkSession

import gutenberg_post_parser as gpp

import blocks_job
from local_spark import local_spark
from make_posts import SITES, real_posts, site_of, write_posts

POSTS = int(os.environ.get("GPP_SPARK_POSTS", "200000"))


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    session = local_spark("gutenberg-post-parser test")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("spark")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def posts(folder: Path) -> Path:
    path = folder / "posts.parquet"
    write_posts(POSTS, path)
    return path


def rows_of_real_posts() -> list[list[dict[str, Any]]]:
    """Each real post's rows from `parse_arrow`, without `document`."""
    table = gpp.parse_arrow(real_posts()).to_pylist()
    rows: list[list[dict[str, Any]]] = [[] for _ in real_posts()]
    for row in table:
        rows[row.pop("document")].append(row)
    return rows


def test_blocks_and_usage_per_site(spark: SparkSession, posts: Path, folder: Path) -> None:
    out = folder / "blocks"
    blocks_job.blocks(spark.read.parquet(str(posts))).write.parquet(str(out))
    blocks = spark.read.parquet(str(out))
    usage = {
        (row["site"], row["block_name"]): (row["blocks"], row["posts"])
        for row in blocks_job.block_usage(blocks).collect()
    }

    real = rows_of_real_posts()
    names = [Counter(r["block_name"] for r in rows if r["block_name"]) for rows in real]
    want: dict[tuple[str, str], tuple[int, int]] = {}
    for site in range(SITES):
        # How often each real post stands on this site.
        copies = Counter(post % len(real) for post in range(site, POSTS, SITES))
        for document, times in copies.items():
            for name, count in names[document].items():
                key = (site_of(site), name)
                blocks_seen, posts_seen = want.get(key, (0, 0))
                want[key] = (blocks_seen + count * times, posts_seen + times)
    assert usage == want
    total = sum(len(real[post % len(real)]) for post in range(POSTS))
    assert blocks.count() == total

    # Every row of a few posts, in order.
    for post in (0, 1, POSTS // 2, POSTS - 1):
        found = blocks.where(blocks.id == post).orderBy("ordinal").collect()
        expected = [{"site": site_of(post), "id": post, **r} for r in real[post % len(real)]]
        assert [row.asDict() for row in found] == expected, post


def test_the_udf_job_finds_the_same_blocks(spark: SparkSession, posts: Path) -> None:
    sample = spark.read.parquet(str(posts)).where("id < 2000")
    with_udf = blocks_job.blocks_with_udf(sample).select("id", "block_name", "inner_html")
    with_arrow = blocks_job.blocks(sample).select("id", "block_name", "inner_html")
    assert with_udf.count() == with_arrow.count() > 0
    assert with_udf.exceptAll(with_arrow).count() == 0
