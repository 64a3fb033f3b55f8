"""Posts for the Spark job's test and benchmark: the 909 real posts of
../shared/real-documents, replicated, as a Parquet export with `site`, `id`
and `post_content`.

Post `i` is real post `i % 909` (in file-name order) on site `site-NN`,
`NN = i % SITES`, so that what each site holds is known without Spark.

    python make_posts.py COUNT OUT.parquet
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

REAL_DOCUMENTS = Path(__file__).resolve().parents[3].parent / "shared" / "real-documents"
SITES = 20
ROWS_PER_GROUP = 8192


def real_posts() -> list[str]:
    """The real posts, in file-name order."""
    paths = sorted(REAL_DOCUMENTS.glob("*.html"))
    if not paths:
        raise FileNotFoundError(f"no real posts in {REAL_DOCUMENTS}")
    return [path.read_text(encoding="utf-8") for path in paths]


def site_of(post: int) -> str:
    return f"site-{post % SITES:02d}"


def write_posts(count: int, out: Path) -> int:
    """Writes `count` posts to `out`; returns the bytes of `post_content`."""
    documents = real_posts()
    contents = pa.array(documents, pa.large_string())
    written = 0
    schema = pa.schema(
        [("site", pa.string()), ("id", pa.int64()), ("post_content", pa.large_string())]
    )
    with pq.ParquetWriter(out, schema, compression="snappy") as writer:
        for start in range(0, count, ROWS_PER_GROUP):
            ids = pa.array(range(start, min(start + ROWS_PER_GROUP, count)), pa.int64())
            picked = contents.take(pc.remainder(ids, len(documents)))
            sites = pa.array([site_of(post) for post in ids.to_pylist()])
            writer.write_batch(pa.record_batch([sites, ids, picked], schema=schema))
            written += pc.sum(pc.binary_length(picked)).as_py()
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python make_posts.py COUNT OUT.parquet")
    size = write_posts(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"{sys.argv[1]} posts, {size / 1e6:.1f} MB of post_content -> {sys.argv[2]}")
