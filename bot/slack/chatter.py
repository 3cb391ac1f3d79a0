"""What people say to csterm that is not a glossary question: greetings, thanks, a lone "?", and "explain this"
in a thread. Recognised here so they get a short answer instead of a "did you mean" and a recorded miss.

Only whole messages count ("thanks!" is thanks; "thanks, what is NRR?" is a question), and a glossary name
always wins over chatter (the caller checks the matcher first).
"""

from __future__ import annotations

import re

from bot.render.views import View, notice

LONGEST = 60  # longer messages are questions: checked in constant time, whatever their size
_NOT_WORDS = re.compile(r"[^\w\s']+")
_ADDRESSED = re.compile(r"\b(?:csterm|bot|please|pls|plz)\b")  # words that change nothing

GREETINGS = frozenset({
    "hi", "hello", "hey", "hiya", "howdy", "yo", "hola", "morning", "good morning", "good afternoon",
    "good evening", "hi there", "hello there", "hey there",
})
THANKS = frozenset({
    "thanks", "thank you", "thx", "ty", "cheers", "thanks a lot", "thank you so much", "many thanks",
    "thanks so much", "great thanks", "ok thanks", "ok", "okay", "cool", "great", "nice", "perfect", "awesome",
    "got it",
})
EXPLAIN_THREAD = frozenset({
    "explain", "explain this", "explain that", "explain this thread", "explain please", "please explain",
    "what does this mean", "what does that mean", "what does it mean", "what is this", "what's this",
    "whats this", "what's that", "what is that", "eli5", "translate", "translate this", "help me understand",
    "huh", "what", "meaning",
})

GREETING_REPLY = ("Hi! Ask me about any customer-success term, e.g. `NRR` or `what is a QBR?`; "
                  "`help` shows everything I can do.")
THANKS_REPLY = "You're welcome!"
EMPTY_REPLY = "Ask me about a term, e.g. `NRR` or `what is a QBR?`, or say `help`."


def _words(text: str) -> str:
    """Lower case, punctuation and emoji codes dropped, "csterm"/"bot" dropped: "Thanks, csterm!" -> "thanks"."""
    text = re.sub(r":[a-z0-9_+-]+:", " ", text.casefold())  # :wave:
    text = _NOT_WORDS.sub(" ", text.replace("’", "'"))
    return " ".join(_ADDRESSED.sub(" ", text).split())


def small_talk_reply(text: str) -> View | None:
    """A short answer when the whole message is a greeting, thanks or only punctuation; else None."""
    if len(text) > LONGEST:
        return None
    words = _words(text)
    if not words:
        return notice(EMPTY_REPLY)
    if words in GREETINGS:
        return notice(GREETING_REPLY)
    if words in THANKS:
        return notice(THANKS_REPLY)
    return None


def asks_to_explain(text: str) -> bool:
    """"what does this mean?", "explain", a lone "?": in a thread, a request to explain the thread's jargon."""
    if len(text) > LONGEST:
        return False
    words = _words(text)
    return not words or words in EXPLAIN_THREAD
