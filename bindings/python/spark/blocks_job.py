"""The blocks of every post, parsed on Spark's executors, and block usage by
name per site.

Posts come as Parquet with columns `site` (string), `id` (integer) and
`post_content` (string). Each executor parses Arrow batches of posts with the
`gutenberg_post_parser` wheel through `mapInArrow`: no Python object is made
per post or per block. The blocks table gets one row per block: the post's
`site` and `id`, then `parse_table`'s columns (`document` left out).

    spark-submit blocks_job.py POSTS.parquet OUT_DIR

writes OUT_DIR/blocks (Parquet, one row per block) and OUT_DIR/usage (blocks
and posts per site and block name). Every executor needs the wheel and
pyarrow installed (`pip install 'gutenberg-post-parser[arrow]'`).

`blocks_with_udf` is the same job with a plain Python UDF over `parse`, for
comparison (bench_spark.py measures both).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, StringType, StructField, StructType

import gutenberg_post_parser as gpp

BLOCKS_SCHEMA = (
    "site STRING, id BIGINT, ordinal BIGINT, parent BIGINT, depth BIGINT, block_name STRING, "
    "attrs STRING, inner_html STRING, byte_start BIGINT, byte_end BIGINT, is_void BOOLEAN, "
    "error STRING"
)
"""The blocks table in Spark's types."""

BLOCK_COLUMNS = [
    "ordinal",
    "parent",
    "depth",
    "block_name",
    "attrs",
    "inner_html",
    "byte_start",
    "byte_end",
    "is_void",
    "error",
]
"""The columns of `parse_table` that the blocks table keeps."""


def parse_batches(posts: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """`mapInArrow`'s function: the blocks of each batch of posts.

    One thread per task (Spark runs a task per core); `site` and `id` are
    taken for each block's row by its `document` number, in Arrow.
    """
    for batch in posts:
        blocks = gpp.parse_arrow(batch.column("post_content"), threads=1)
        for part in blocks.to_batches():
            documents = part.column("document")
            columns = [batch.column("site").take(documents), batch.column("id").take(documents)]
            # Spark reads Arrow `string`, not `large_string`.
            columns += [text_as_string(part.column(name)) for name in BLOCK_COLUMNS]
            yield pa.RecordBatch.from_arrays(columns, names=["site", "id", *BLOCK_COLUMNS])


def text_as_string(column: pa.Array) -> pa.Array:
    """`column` with `large_string` cast to `string` (offsets only; the text
    buffer is shared)."""
    if column.type == pa.large_string():
        return column.cast(pa.string())
    return column


def blocks(posts: DataFrame) -> DataFrame:
    """One row per block of every post (`site`, `id`, `post_content` used)."""
    return posts.select("site", "id", "post_content").mapInArrow(parse_batches, BLOCKS_SCHEMA)


def block_usage(blocks: DataFrame) -> DataFrame:
    """Per site and block name: how many blocks, in how many posts (freeform
    HTML and posts that failed left out)."""
    named = blocks.where(F.col("block_name").isNotNull())
    counts = named.groupBy("site", "block_name").agg(
        F.count("*").alias("blocks"), F.countDistinct("id").alias("posts")
    )
    return counts.orderBy("site", F.desc("blocks"), "block_name")


UDF_BLOCK = StructType(
    [
        StructField("block_name", StringType()),
        StructField("attrs", StringType()),
        StructField("inner_html", StringType()),
    ]
)


def parse_post(content: str | None) -> list[tuple[str | None, str, str]]:
    """The comparison's UDF: every block of one post through `parse`, each
    a Python tuple (attrs as `json.dumps` text)."""
    if content is None:
        return []
    return [
        (block["blockName"], json.dumps(block["attrs"]), block["innerHTML"])
        for block in gpp.iter_blocks(gpp.parse(content))
    ]


def blocks_with_udf(posts: DataFrame) -> DataFrame:
    """The same job with a Python UDF over `parse`: `site`, `id`, and each
    block's `block_name`, `attrs` and `inner_html` (fewer columns than
    `blocks`, which only favours the UDF)."""
    udf: Any = F.udf(parse_post, ArrayType(UDF_BLOCK), useArrow=False)
    exploded = posts.select("site", "id", F.explode(udf("post_content")).alias("block"))
    return exploded.select("site", "id", "block.*")


def main(arguments: list[str]) -> None:
    if len(arguments) != 2:
        sys.exit("usage: spark-submit blocks_job.py POSTS.parquet OUT_DIR")
    posts_path, out = arguments
    spark = SparkSession.builder.appName("gutenberg-post-parser blocks").getOrCreate()
    table = blocks(spark.read.parquet(posts_path))
    table.write.mode("overwrite").parquet(f"{out}/blocks")
    usage = block_usage(spark.read.parquet(f"{out}/blocks"))
    usage.write.mode("overwrite").parquet(f"{out}/usage")
    usage.show(20, truncate=False)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
