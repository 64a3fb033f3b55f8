"""A Spark session in local mode for the recipe's test and benchmark."""

from __future__ import annotations

import os
import sys

from pyspark.sql import SparkSession

import blocks_job


def local_spark(app: str) -> SparkSession:
    """A local Spark on two cores whose Python workers run this Python."""
    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (
        SparkSession.builder.master("local[2]")
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.files.maxPartitionBytes", str(32 << 20))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # The workers unpickle the job's functions by module name.
    spark.sparkContext.addPyFile(blocks_job.__file__)
    return spark
