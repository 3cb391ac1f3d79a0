"""The glossary as files and a page (HTML, Markdown, CSV), built from bot/render/content.py's one content builder.

Slack-free: never imports slack_bolt, slack_sdk or the store.
"""
