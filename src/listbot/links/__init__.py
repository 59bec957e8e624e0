"""Link checking (issue 3): the only package that uses httpx. Imported lazily by the CLI.

Contract used by the CLI: ``check_documents(docs, config, *, use_cache, cache_path,
allow_private, changed_lines) -> list[Diagnostic]`` returns LB7xx diagnostics for
the links of the parsed documents; the CLI sends them through the engine's
filtering like any other diagnostic.
"""

from __future__ import annotations

from typing import Any


def check_documents(docs: list[Any], config: Any, **options: Any) -> list[Any]:
    raise NotImplementedError("link checking is not built yet")
