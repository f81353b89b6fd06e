"""``studybot sandbox``: the real bot and the Discord API emulator behind a local web page, on
simulated time, with a demo server and a throwaway database.

- ``app``: ``serve`` starts it all (the same ``run_bot`` as ``studybot run``) and cleans up;
- ``clock``: ``SimClock``, the one simulated "now" the emulator and the bot share;
- ``time_machine``: ``TimeMachine``, which moves that clock and runs the bot's scheduler jobs
  that fall due on the way, in order;
- ``world``: the demo servers and members; ``roadmaps``: a roadmap folder's check as notices
  for the page.
"""
