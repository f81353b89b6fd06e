"""What users see: pure builders from service dataclasses to messages, embeds and buttons.

The only layer that knows words and applies Discord's limits (``bot.limits``) to messages.
"""
