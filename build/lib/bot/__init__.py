"""studybot: a Discord bot that runs study groups through day-by-day learning roadmaps."""

__version__ = "0.1.0"
