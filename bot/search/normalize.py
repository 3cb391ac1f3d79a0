"""Turn what people type into the canonical text the matcher compares.

The same steps apply to glossary names and to queries, so any imperfection in a step (a plural rule that
trims `saas` to `saa`) is applied on both sides and cancels out.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

_SLACK_LINK = re.compile(r"<(?:([^<>|]*)\|)?([^<>]*)>")
_ADDRESS = re.compile(r"\b(?:[a-z][a-z0-9+.-]{0,15}://|www\.|mailto:)[^\s<>]*", re.IGNORECASE)  # a link's target
_SLACK_SPECIAL = re.compile(r"<[@#!][^<>]*>")
_EMOJI = re.compile(r":[a-z0-9_+'-]+:")
_ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")  # QBRs, KPIs, CSMs
_WRAPPING_MARKUP = re.compile(r"^([*_~`]{1,3})(.+?)\1$")  # at most 3 marks: a longer run backtracks
_STRUCK_OUT = re.compile(r"(?:^|(?<=\s))~[^~\n]+~(?=\s|$)")  # ~words~ the writer took back
MAX_UNWRAP = 4
_DOTTED_ACRONYM = re.compile(r"\b(?:[a-z]\.){2,}(?:[a-z]\b)?")
_NOT_WORD = re.compile(r"[^a-z0-9%$]+")


# Question wrappers, tried in order on the lower-cased text; each keeps the part that names the term.
_WRAPPERS = [re.compile(p) for p in (
    r"^(?:(?:hey|hi|hello|ok|okay|so|please|pls|quick question|sorry)"
    r"(?: (?:team|all|everyone|folks|guys|yall|y'all|there|csterm))?[,:!.]?\s+)+(?P<q>.+)$",  # `hey team, …`
    r"^what (?:does|do) (?P<q>.+?) (?:stand for|mean|refer to|do|measure|track|tell us)$",
    r"^what (?:is|are) the (?:role|job|point|purpose) of (?P<q>.+)$",
    r"^what (?:is|are) (?:meant|implied) by (?P<q>.+)$",
    r"^what do (?:we|you|they|people) mean by (?P<q>.+)$",
    r"^how (?:do|does|should|can|would) (?:we|you|i|one|they) (?:calculate|compute|measure|work out|figure out|"
    r"track|define|get) (?P<q>.+)$",
    r"^how (?:is|are) (?P<q>.+?) (?:calculated|computed|measured|defined|worked out|tracked)$",
    r"^how (?:do|does|did|would|should) (?P<q>.+?) (?:work|works|operate)(?: here| for us| in practice)?$",
    r"^(?:what(?:'s| is| are|s)|whats|what) (?:the )?(?:meaning|definition|formula|calculation) (?:of|for) (?P<q>.+)$",
    r"^(?:what(?:'s| is| are|s)|whats|who(?:'s| is| are)|whos) (?P<q>.+)$",
    r"^(?:can|could) (?:you|someone|somebody) (?:explain|define|describe|tell me about|tell me what) (?P<q>.+)$",
    r"^(?:explain|define|describe|definition of|meaning of|formula for|formula of|tell me about|"
    r"help me understand|remind me what) (?P<q>.+)$",
    r"^(?P<q>.+?) (?:means|meaning|definition|formula|stands for|stand for|is what)$",
    r"^(?:the|a|an|our|my|your|their|this|that) (?P<q>.+)$",
    r"^(?P<q>.+?) (?:is|are|exactly|again|please|pls|mean|actually)$",
)]


def slack_link_labels(text: str) -> str:
    """Slack links replaced by their labels (`<https://…|NPS>` is `NPS`), addresses without a label, mentions and
    channels dropped: done before a query is bounded (bounds.py), so a long address does not cut the label off
    with it."""
    return _without_links(_SLACK_SPECIAL.sub(" ", text)) if _may_link(text) else text


def _may_link(text: str) -> bool:
    """Whether `text` may hold a link or an address: substring checks, much cheaper than the regular expressions
    on a long text (a 900 KB slash command)."""
    if "<" in text or "://" in text:
        return True
    lowered = text.lower()
    return "www." in lowered or "mailto:" in lowered


def _without_links(text: str) -> str:
    """Links replaced by their labels, addresses dropped (most questions hold neither: callers check first)."""
    return _ADDRESS.sub(" ", _SLACK_LINK.sub(_link_label, text))


def _link_label(link: re.Match[str]) -> str:
    """A link's label; a link without one is its target, which is an address (dropped: `wiki.internal/cs/…` holds
    words of names) or, rarely, plain words Slack wrapped."""
    if link.group(1) is not None:
        return link.group(2)
    return " " if _ADDRESS.match(link.group(2)) else link.group(2)


def strip_slack_markup(text: str) -> str:
    """Drop mentions, links and addresses (keeping link labels), decode Slack's entities, unwrap *x* _x_ `x` ~x~;
    full-width and other compatibility letters become plain ones (NFKC: `ＮＲＲ` is `NRR`)."""
    text = unicodedata.normalize("NFKC", text)
    text = _EMOJI.sub(" ", _SLACK_SPECIAL.sub(" ", text))
    if _may_link(text):
        text = _without_links(text)
    text = html.unescape(text).strip()
    kept = _STRUCK_OUT.sub(" ", text).strip()
    if kept and kept != text:  # struck-out words are taken back, unless they are all there is
        text = kept
    for _ in range(MAX_UNWRAP):  # *_x_* nests a layer or two; a run of marks must not cost a pass per mark
        unwrapped = _WRAPPING_MARKUP.match(text)
        if not unwrapped:
            break
        text = unwrapped.group(2).strip()
    return text


NOT_PLURALS = frozenset({"does", "goes"})  # verbs, not plurals: `doe` would be a content word of every question


def singular(word: str) -> str:
    """A crude singular, applied the same way to names and queries."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")) or word in NOT_PLURALS:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1]


@lru_cache(maxsize=65536)
def normalize_words(text: str) -> tuple[str, ...]:
    """Words of `text` after markup, entities, case, dotted acronyms, punctuation and plurals (spellings are the
    vocabulary's job: bot/text/vocabulary.py)."""
    text = _ACRONYM_PLURAL.sub(r"\1", strip_slack_markup(text)).casefold().replace("\u2019", "'")
    text = _DOTTED_ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    text = text.replace("&", " and ").replace("'s ", " ").replace("'", "")
    words = _NOT_WORD.sub(" ", text).split()
    return tuple(singular(w) for w in words)


def words_read_once(text: str) -> tuple[str, ...]:
    """`normalize_words` without its cache, for text read once at build time (definitions): caching it would only
    push queries out of the cache and hold memory (18 MB at 20,000 entries)."""
    return normalize_words.__wrapped__(text)


def normalize_name(name: str) -> str:
    """Canonical text for a glossary name or alias."""
    return " ".join(normalize_words(name))


def strip_question(text: str) -> str:
    """Peel question wrappers (`what is …?`, `define …`, `how do we calculate …`) off lower-cased text."""
    text = text.strip().rstrip("?!.").strip()
    changed = True
    while changed:
        changed = False
        for wrapper in _WRAPPERS:
            found = wrapper.match(text)
            if found and found.group("q").strip():
                text, changed = found.group("q").strip().rstrip("?!.").strip(), True
    return text


@lru_cache(maxsize=65536)
def normalize(query: str) -> str:
    """Canonical text for a query: Slack markup and entities removed, question wrappers peeled, words normalised."""
    text = _ACRONYM_PLURAL.sub(r"\1", strip_slack_markup(query)).casefold().replace("\u2019", "'")
    return normalize_name(strip_question(" ".join(text.split())))


def compact(normalized: str) -> str:
    """Spaces removed, so `up sell`, `up-sell` and `upsell` meet."""
    return normalized.replace(" ", "")
