"""Rows 7a-7c: progress cards.

- 7a: drawing one member's card of the 84-day roadmap (``bot.render.cards``, in this process),
  each for another member of the seeded /progress group, against the 50 ms target; the floor
  beside it is Pillow encoding the same picture alone.
- 7b: tick p99 while 20 cards a second are asked for (``/progress card:True member:...``, each
  for another member, so none is kept), against tick p99 without them in the same bot run;
  cards drawn in the worker process (the default). Target: within 1.2x.
- 7c: the same with cards drawn in a thread of the bot (``STUDYBOT_CARD_WORKER=thread``), for
  the choice of the default (full runs only).

The world is ``bench.rows.ticks``'s: a tick group and a /progress group with 84 days of history.
"""

from __future__ import annotations

import asyncio
import io
import logging
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.emulator_proc import percentile
from bench.harness import BotProcess, cpu_seconds
from bench.rows.context import JSON, RECONCILED, Context, Row
from bench.rows.ticks import post_buttons, seed_study, studybot_world
from bench.seed import day_post_bodies, make_group

log = logging.getLogger(__name__)

DRAW_TARGET_MS = 50.0
TICK_RATIO_TARGET = 1.2


async def draw_times(
    ctx: Context, db: Path, guild_id: int, channel_id: int, users: list[int]
) -> JSON:
    """7a: each card's data read by the service, then drawn, timed apart."""
    from PIL import Image

    from bot.render.cards.member import Name, member_card
    from bot.services.cards import member_card as card_data
    from bot.services.context import Actor
    from bot.store import Store

    actor = Actor(guild_id=guild_id, channel_id=channel_id, user_id=users[0])
    now = datetime.now(UTC)
    reads, draws, encodes = [], [], []
    async with Store.open(db) as store:
        for i, user in enumerate(users[: ctx.sizes.card_draws]):
            t0 = time.perf_counter()
            card = await card_data(store, ctx.roadmaps, actor, user, now)
            t1 = time.perf_counter()
            png = member_card(card, Name(f"member {user}", "m"), "zh" if i % 2 else "en")
            t2 = time.perf_counter()
            picture = Image.open(io.BytesIO(png))
            picture.load()
            picture.save(io.BytesIO(), "PNG", compress_level=3)
            encodes.append(time.perf_counter() - t2)
            reads.append(t1 - t0)
            draws.append(t2 - t1)
    return {
        "cards": len(draws),
        "days": len(card.done),
        "size": list(picture.size),
        "draw_p50_ms": 1000 * percentile(draws[1:], 0.5),
        "draw_p99_ms": 1000 * percentile(draws[1:], 0.99),
        "draw_mean_ms": 1000 * statistics.fmean(draws[1:]),
        "first_draw_ms": 1000 * draws[0],
        "read_p50_ms": 1000 * percentile(reads, 0.5),
        "encode_p50_ms": 1000 * percentile(encodes, 0.5),
    }


async def ticks_with_cards(ctx: Context, worker: str) -> JSON:
    """One bot run: open-loop ticks alone, then the same ticks while cards are asked for, in
    ``card_rounds`` alternating rounds."""
    s = ctx.sizes
    roadmap = ctx.roadmaps["3month"]
    db = ctx.workdir / f"cards-{worker}.db"
    async with studybot_world(ctx) as (emu, world):
        tick_group, _progress_group, start = await seed_study(ctx, db, world, roadmap)
        guild = world["guilds"][0]
        tick_ch, progress_ch = guild["channels"]
        users: list[int] = guild["members"]
        drawing = (
            await draw_times(ctx, db, guild["id"], progress_ch, users)
            if worker == "process"
            else {}
        )
        group = make_group(tick_group, guild["id"], tick_ch, roadmap.id, start)
        await post_buttons(emu, tick_ch, day_post_bodies(group, roadmap, datetime.now(UTC)))
        env = emu.env(STUDYBOT_DB=str(db), STUDYBOT_LOG_LEVEL="INFO", STUDYBOT_CARD_WORKER=worker)
        async with BotProcess.running(["-m", "bot.cli", "run"], env) as bot:
            await emu.call("wait_connected", count=1, timeout=60, sync=True)
            await bot.wait_line(RECONCILED, 60)
            caller, targets = users[0], users[1 : s.progress_members]
            cards = {
                "channel": progress_ch,
                "caller": caller,
                "name": "progress",
                "options": {"card": True},
                "targets": targets,
                "rate": s.card_rate,
            }
            common = {"channel": tick_ch, "members": s.tick_members, "mode": "open"}
            # warm up: the worker starts with the first card; ticks reach their steady state
            await emu.call("load", **common, rate=s.open_rate, duration=s.warmup_s, reset=True,
                           commands={**cards, "rate": 2.0, "targets": targets[-4:]})  # fmt: skip
            rounds = []
            per_round = round(s.card_rate * s.phase_s) + 1
            for k in range(s.card_rounds):  # alternate, so a change in the machine's load
                # weighs on both kinds of phase alike; each round asks for other members
                asked = {**cards, "targets": targets[k * per_round :] or targets}
                before = bot.cpu_s(), cpu_seconds(emu.proc.pid)
                alone = await emu.call("load", **common, rate=s.open_rate, duration=s.phase_s)
                middle = bot.cpu_s(), cpu_seconds(emu.proc.pid)
                loaded = await emu.call(
                    "load", **common, rate=s.open_rate, duration=s.phase_s, commands=asked
                )
                after = bot.cpu_s(), cpu_seconds(emu.proc.pid)
                rounds.append(
                    {
                        "alone": alone,
                        "with_cards": loaded,
                        "bot_cpu_alone_s": middle[0][0] - before[0][0],
                        "bot_cpu_cards_s": after[0][0] - middle[0][0],
                        "worker_cpu_cards_s": after[0][1] - middle[0][1],
                        "emulator_cpu_alone_s": middle[1] - before[1],
                        "emulator_cpu_cards_s": after[1] - middle[1],
                    }
                )
            await asyncio.sleep(0.2)
    return summary(rounds) | {"drawing": drawing}


def summary(rounds: list[JSON]) -> JSON:
    """The rounds' tick p99s averaged per kind of phase, the cards summed, CPU per card."""
    sent = sum(r["with_cards"]["commands"]["sent"] for r in rounds) or 1
    extra_bot = sum(r["bot_cpu_cards_s"] - r["bot_cpu_alone_s"] for r in rounds)

    def mean(kind: str, key: str) -> float:
        return statistics.fmean(r[kind][key] for r in rounds)

    cards = [r["with_cards"]["commands"] for r in rounds]
    extra_emulator = sum(r["emulator_cpu_cards_s"] - r["emulator_cpu_alone_s"] for r in rounds)
    return {
        "rounds": rounds,
        "alone": {"p99_ms": mean("alone", "p99_ms"), "p50_ms": mean("alone", "p50_ms")},
        "with_cards": {
            "p99_ms": mean("with_cards", "p99_ms"),
            "p50_ms": mean("with_cards", "p50_ms"),
            "errors": sum(r["with_cards"]["errors"] for r in rounds),
            "commands": {
                "sent": sent,
                "with_file": sum(c["with_file"] for c in cards),
                "errors": sum(c["errors"] for c in cards),
                "p50_ms": statistics.fmean(c["p50_ms"] for c in cards),
                "p99_ms": max(c["p99_ms"] for c in cards),
            },
        },
        "bot_cpu_ms_per_card": 1000 * extra_bot / sent,
        "worker_cpu_ms_per_card": 1000 * sum(r["worker_cpu_cards_s"] for r in rounds) / sent,
        "emulator_cpu_ms_per_card": 1000 * extra_emulator / sent,
    }


def _tick_row(key: str, title: str, run: JSON, target: bool) -> Row:
    alone, loaded = run["alone"], run["with_cards"]
    cards = loaded["commands"]
    ratio = loaded["p99_ms"] / alone["p99_ms"] if alone["p99_ms"] else None
    complete = cards["errors"] == 0 and cards["with_file"] == cards["sent"]
    return Row(
        key,
        title,
        f"tick p99 {loaded['p99_ms']:.1f} ms; {cards['with_file']}/{cards['sent']} cards, "
        f"p50 {cards['p50_ms']:.0f} ms p99 {cards['p99_ms']:.0f} ms; CPU per card: bot "
        f"{run['bot_cpu_ms_per_card']:.0f} ms, worker {run['worker_cpu_ms_per_card']:.0f} ms, "
        f"emulator {run['emulator_cpu_ms_per_card']:.0f} ms",
        f"tick p99 without cards {alone['p99_ms']:.1f} ms",
        ratio,
        "p99 / p99 without",
        f"<= {TICK_RATIO_TARGET}x" if target else "(to compare)",
        (ratio is not None and ratio <= TICK_RATIO_TARGET and complete) if target else None,
        run,
    )


async def card_rows(ctx: Context) -> list[Row]:
    s = ctx.sizes
    runs = {"process": await ticks_with_cards(ctx, "process")}
    if s.card_thread_run:
        runs["thread"] = await ticks_with_cards(ctx, "thread")
    drawing = runs["process"]["drawing"]
    rows = [
        Row(
            "cards_draw",
            f"7a card drawn ({drawing['days']}-day roadmap, {drawing['cards']} members)",
            f"p50 {drawing['draw_p50_ms']:.1f} ms p99 {drawing['draw_p99_ms']:.1f} ms",
            f"PNG encode alone {drawing['encode_p50_ms']:.1f} ms",
            drawing["draw_p99_ms"] / DRAW_TARGET_MS,
            f"p99 / {DRAW_TARGET_MS:.0f} ms",
            f"p99 < {DRAW_TARGET_MS:.0f} ms",
            drawing["draw_p99_ms"] < DRAW_TARGET_MS,
            drawing,
        ),
        _tick_row(
            "cards_ticks_process",
            f"7b ticks @ {s.open_rate:.0f}/s + cards @ {s.card_rate:.0f}/s (worker process)",
            runs["process"],
            target=True,
        ),
    ]
    if "thread" in runs:
        rows.append(
            _tick_row(
                "cards_ticks_thread",
                f"7c ticks @ {s.open_rate:.0f}/s + cards @ {s.card_rate:.0f}/s (thread)",
                runs["thread"],
                target=False,
            )
        )
    return rows
