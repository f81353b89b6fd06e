"""studybot's benchmarks: ``python -m bench`` prints one table of figures against ceilings.

Every figure is compared with a ceiling measured in the same run (a bare discord.py bot, raw
aiosqlite, the global rate limit's floor, a documented target), so the ratios stay comparable
across machines even when absolute times do not. See ``bench/README.md``.
"""
