"""What people type into commands, read in English or Chinese: times of day (:mod:`.times`) and
start dates (:mod:`.dates`); timezones are :mod:`bot.services.zones`. Problems are typed errors
(:mod:`bot.errors`) that render turns into an answer in the reader's language."""

from bot.services.inputs.dates import START_WINDOW_DAYS, parse_start, start_example
from bot.services.inputs.times import parse_time

__all__ = ["START_WINDOW_DAYS", "parse_start", "parse_time", "start_example"]
