"""The team's own glossary: suggestions, review, versions, notes on shipped terms, learned phrasings, export and
import. Slack-free, on bot/store; Slack's listeners and the CLI are thin layers over bot.terms.service."""
