"""The complete example in emulator/README.md runs as written."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import emulator

README = Path(emulator.__file__).with_name("README.md")


async def test_readme_example_runs() -> None:
    text = README.read_text()
    block = re.search(r"## A complete example test\n\n```python\n(.*?)```", text, re.S)
    assert block is not None, "the README lost its example"
    namespace: dict[str, Any] = {}
    exec(compile(block.group(1), str(README), "exec"), namespace)
    tests = [v for k, v in namespace.items() if k.startswith("test_") and callable(v)]
    assert len(tests) == 1
    run: Callable[[], Awaitable[None]] = tests[0]
    await run()
