"""The two reference parsers: the npm package on Node and WordPress's PHP parser."""

import functools
import json
import re

from .builds import NotBuilt, first_line, require_tool, run_step
from .driver import Driver
from .paths import DRIVERS, OUT, REPO

NODE_PACKAGE = REPO / "fixtures/reference/node_modules/@wordpress/block-serialization-default-parser"
"""The reference package, installed by `just reference`."""

WORDPRESS = OUT / "wordpress"
"""Debian's `wordpress` package, extracted (never installed, never committed)."""

WP_INCLUDES = WORDPRESS / "usr/share/wordpress/wp-includes"
"""WordPress's PHP library folder inside the extracted package."""


def prepare_node() -> Driver:
    """The Node reference driver; needs `just reference` to have installed the package."""
    node = require_tool("node")
    if not (NODE_PACKAGE / "package.json").is_file():
        raise NotBuilt("the reference package is not installed: run `just reference`")
    version = json.loads((NODE_PACKAGE / "package.json").read_text())["version"]
    return Driver(
        command=(node, str(DRIVERS / "node.js")),
        version=f"Node {first_line([node, '--version'])}, "
        f"@wordpress/block-serialization-default-parser {version}",
    )


@functools.cache
def wordpress_parser() -> tuple:
    """(path of class-wp-block-parser.php, WordPress version), fetching the
    Debian package with `apt-get download` the first time."""
    parser = WP_INCLUDES / "class-wp-block-parser.php"
    if not parser.is_file():
        require_tool("apt-get")
        require_tool("dpkg-deb")
        download = OUT / "wordpress-deb"
        download.mkdir(parents=True, exist_ok=True)
        for old in download.glob("*.deb"):
            old.unlink()
        try:
            run_step("wordpress", ["apt-get", "download", "wordpress"], cwd=download)
        except NotBuilt:
            run_step("wordpress", ["apt-get", "update"])
            run_step("wordpress", ["apt-get", "download", "wordpress"], cwd=download)
        package = next(download.glob("wordpress_*.deb"))
        run_step("wordpress", ["dpkg-deb", "-x", package, WORDPRESS])
        if not parser.is_file():
            raise NotBuilt(f"{package.name} holds no class-wp-block-parser.php")
    found = re.search(r"\$wp_version\s*=\s*'([^']+)'", (WP_INCLUDES / "version.php").read_text())
    return parser, found.group(1) if found else "unknown"


def prepare_php() -> Driver:
    """The PHP reference driver: php-cli (installed when missing) and WordPress's parser."""
    php = require_tool("php", "php-cli")
    parser, wordpress_version = wordpress_parser()
    php_version = first_line([php, "-r", "echo PHP_VERSION;"])
    return Driver(
        command=(
            php,
            "-d",
            "memory_limit=-1",
            "-d",
            "pcre.jit=1",
            str(DRIVERS / "php.php"),
            "--parser",
            str(parser),
        ),
        version=f"PHP {php_version}, WordPress {wordpress_version} WP_Block_Parser (Debian package)",
    )
