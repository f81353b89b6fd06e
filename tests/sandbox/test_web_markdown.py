"""The web client's Discord markdown and timestamps (``emulator/web/markdown.js``, ``format.js``),
run by Node.js as the browser runs them: every construct the bot uses, and nothing a message
says can become markup."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "emulator" / "web"
NODE = shutil.which("node")

SCRIPT = """
import { renderMarkdown } from '%(web)s/markdown.js';
import { discordTime, messageTime } from '%(web)s/format.js';
const clock = { now: %(now)d, zone: 'Asia/Shanghai', locale: 'en-US' };
const ctx = {
  user: (id) => ({ '11': 'alice' })[id] || 'unknown-user',
  role: () => 'Mods', channel: () => 'general',
  time: (unix, style) => discordTime(unix, style, clock),
  fullTime: (unix) => discordTime(unix, 'F', clock),
};
const cases = JSON.parse(process.argv[2]);
const out = cases.map((c) => renderMarkdown(c, ctx));
out.push(messageTime('2026-03-02T09:00:00+00:00', clock));
out.push(discordTime(%(now)d - 7200, 'R', { ...clock, locale: 'zh-CN' }));
console.log(JSON.stringify(out));
"""
NOW = 1772445600  # 2026-03-02 10:00 UTC, 18:00 in Shanghai

CASES: list[tuple[str, str]] = [
    (
        "**bold** *it* _it2_ __under__ ~~gone~~ ||secret||",
        "<strong>bold</strong> <em>it</em> <em>it2</em> <u>under</u> <s>gone</s> "
        '<span class="spoiler" tabindex="0">secret</span>',
    ),
    (
        "# Day 1\n## Phase\n### Task\n-# small",
        '<h3 class="md-h1">Day 1</h3><h4 class="md-h2">Phase</h4><h5 class="md-h3">Task</h5>'
        '<div class="subtext">small</div>',
    ),
    (
        "- one\n  - inner\n- two\n1. first\n2. second",
        "<ul><li>one<ul><li>inner</li></ul></li><li>two</li></ul><ol><li>first</li><li>second</li></ol>",
    ),
    (
        "[**docs**](https://example.com/a?b=1&c=2) and https://x.org/p. and <https://y.org>",
        '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">'
        "<strong>docs</strong></a> and "
        '<a href="https://x.org/p" target="_blank" rel="noopener noreferrer">'
        "https://x.org/p</a>. and "
        '<a href="https://y.org" target="_blank" rel="noopener noreferrer">https://y.org</a>',
    ),
    (
        "`**not bold**` and\n```py\n**raw** <b>\n```",
        '<code class="inline">**not bold**</code> and<pre class="codeblock"><code>'
        "**raw** &lt;b&gt;</code></pre>",
    ),
    (
        "<@11> <@!99> <@&5> <#7> </roadmap start:123> <:party:42>",
        '<span class="mention">@alice</span> <span class="mention">@unknown-user</span> '
        '<span class="mention">@Mods</span> <span class="mention">#general</span> '
        '<span class="mention">/roadmap start</span> :party:',
    ),
    ("  - indented first\n- next", "<ul><li>indented first</li><li>next</li></ul>"),
    ("> quoted **line**\nafter", "<blockquote>quoted <strong>line</strong></blockquote>after"),
    (
        '<img src=x onerror="alert(1)"> [x](javascript:alert(1)) \\*not italic\\*',
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; [x](javascript:alert(1)) *not italic*",
    ),
    ("2 * 3 * 4 and snake_case_name", "2 * 3 * 4 and snake_case_name"),
]


@pytest.mark.skipif(NODE is None, reason="node is not installed: apt-get install nodejs")
def test_discord_markdown_and_timestamps_as_html(tmp_path: Path) -> None:
    script = tmp_path / "render.mjs"
    script.write_text(SCRIPT % {"web": WEB.as_posix(), "now": NOW}, encoding="utf-8")
    extra = [f"<t:{NOW + 3600}:R> <t:{NOW}:t> <t:{NOW}:D>"]
    inputs = [c for c, _ in CASES] + extra
    assert NODE is not None
    result = subprocess.run(
        [NODE, str(script), json.dumps(inputs)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    *rendered, timestamps, header, relative_zh = json.loads(result.stdout)
    for (source, expected), got in zip(CASES, rendered, strict=True):
        assert got == expected, source
    assert ">in 1 hour</span>" in timestamps
    assert ">6:00 PM</span>" in timestamps  # the viewer's zone: 18:00 in Shanghai
    assert ">March 2, 2026</span>" in timestamps
    assert header == "Today at 5:00 PM"
    assert relative_zh == "2小时前"
