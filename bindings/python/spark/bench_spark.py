"""Throughput of the Spark job in `local[2]`: `mapInArrow` over
`parse_arrow` against the same job with a Python UDF over `parse`, in
interleaved rounds on the same posts; medians, posts/s and MB/s of
post_content (whole job: read Parquet, parse, hand rows to Spark, `noop`
sink). Also a plain Python loop over `parse` on one core, on the same posts.

    python bench_spark.py [POSTS] [ROUNDS]     (defaults: 100000, 3)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq
from pyspark.sql import DataFrame

import gutenberg_post_parser as gpp

import blocks_job
from local_spark import local_spark
from make_posts import write_posts


def timed(frame: DataFrame) -> float:
    """Seconds to compute every row of `frame` (written nowhere)."""
    start = time.perf_counter()
    frame.write.format("noop").mode("overwrite").save()
    return time.perf_counter() - start


def python_loop(path: Path) -> float:
    """Seconds for a Python loop over `parse` on every post, on one core."""
    contents = pq.read_table(path, columns=["post_content"]).column(0).to_pylist()
    start = time.perf_counter()
    for content in contents:
        gpp.parse(content)
    return time.perf_counter() - start


def main(count: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "posts.parquet"
        size = write_posts(count, path)
        spark = local_spark("gutenberg-post-parser bench")
        posts = spark.read.parquet(str(path)).cache()
        posts.count()
        jobs = {
            "mapInArrow + parse_arrow": blocks_job.blocks,
            "Python UDF over parse": blocks_job.blocks_with_udf,
        }
        times: dict[str, list[float]] = {name: [] for name in [*jobs, "Python loop, 1 core"]}
        for job in jobs.values():  # warm-up: workers, JIT
            timed(job(posts.where("id < 2000")))
        for _ in range(rounds):
            for name, job in jobs.items():
                times[name].append(timed(job(posts)))
            times["Python loop, 1 core"].append(python_loop(path))
        spark.stop()
    print(f"{count} posts, {size / 1e6:.1f} MB of post_content, Spark local[2], {rounds} rounds")
    print("| job | median s | posts/s | MB/s | per core MB/s |")
    print("|---|---:|---:|---:|---:|")
    for name, seconds in times.items():
        median = statistics.median(seconds)
        cores = 1 if "1 core" in name else 2
        print(
            f"| {name} | {median:.2f} | {count / median:,.0f} | {size / 1e6 / median:.1f} "
            f"| {size / 1e6 / median / cores:.1f} |"
        )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 100_000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 3,
    )
