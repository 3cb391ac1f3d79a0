"""Words of other fields: evidence that a query holding a glossary name is about something else.

`ansible playbook yaml`, `tls certificate renewal`, `sourdough starter activation`, `football coach defensive
playbook`: each writes out a glossary name (Playbook, Renewal, Activation), and each also holds a common English
word that the glossary never uses, in the same noun phrase as that name. Such a word is not a typo (it is a
common word) and not chatter: it says which field the name is used in, and the field is not ours. The matcher
then asks ("did you mean …?") instead of answering. docs/matching.md ("Words of other fields") gives the rule.

A word is *foreign* when all of these hold: it is a content word (not a stop word, not a function or chat word
such as `somewhere`, `anyway`, `glossary`), of letters only and 3+ of them; no glossary name, alias, `asked_as`
phrase or definition uses it (by stem); it was not fixed as a typo of a name word; and it is a common English
word: in wordfreq's small English list (seen at least once per million words, zipf 3 and up), but not among its
most frequent words (zipf 5.8 and up: `said`, `home`, `world`, too general to name a field). Rare words
(`gainsight`, `emea`, `initech`, a typo) are no evidence either way: a customer, a region or a tool we use looks
just like that.

The noun phrase is not all: `stickiness of jasmine rice`, `kubernetes health check endpoint keeps failing`,
`retention policy for slack messages` put their field's words elsewhere, or use words the glossary knows only in
passing. `ForeignWords.about_another_field` weighs every content word outside the written name, across the
whole query: common English words the glossary never uses, rare words it never uses (tools, customers: two make
one), words only other entries use (three make one); the setting counts half; one word the answer's own entry uses
ties the question to it. A name that is one common English word asks sooner than a name of several words.

Everything is linear in the query's length: one set lookup per word, and one scan per name span.
"""

from __future__ import annotations

import gzip
import importlib.util
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache, partial
from pathlib import Path

import msgpack

from bot.search.fulltext import STOPWORDS
from bot.search.name_stages import CONTEXT_WORDS
from bot.search.normalize import singular
from bot.text.irregular import BASE_FORMS
from bot.text.other_fields import phrases_in

# Function words and chat words that are common English but never name a field (the full-text stop words are
# left out too): pronouns, determiners, prepositions, conjunctions, adverbs of time, place and degree, what people
# add to a chat message, and the words of asking a glossary itself.
FUNCTION_WORDS = frozenset(
    """
    across against along alongside already although always amid among amongst another anybody anymore anyone
    anything anyway anyways anywhere apparently around away back basically behind below beneath beside besides
    beyond certainly currently definitely despite else elsewhere enough especially etc even ever everybody
    everyone everything everywhere exactly except far fine further generally hence however indeed inside
    instead lately less likely maybe meanwhile mostly must near nearly neither never nevertheless next nobody
    none nothing now nowhere often okay ok onto otherwise ought outside per perhaps pretty probably quickly
    quite rather really recently regarding right seriously shall since somebody someone something sometime
    sometimes somewhat somewhere soon still sure thanks thank though thus till today tomorrow tonight toward
    towards upon usually versus via whatever whenever wherever whether whichever whoever whole whose within
    without yes yet yesterday ya yeah yep nope hey hi hello lol omg pls plz thx btw fyi ugh hmm guy folk people
    stuff thing lot bit kind sort actually literally honestly totally super
    glossary definition define defined term meaning acronym abbreviation jargon bot explain explained
    vs def defn
    """.split()
)
# Words of the chat itself, which say when and how something is asked, never which field it is about: days,
# months and times of day, texting abbreviations and contractions written without their apostrophe, greetings, the
# kinds of document a question points at, and verbs of reporting what someone said.
CHAT_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    morning afternoon evening weekend week tmrw tmr tmw eod eow eom asap
    gonna wanna gotta kinda sorta im ive youre theyre dont doesnt didnt cant wont isnt arent rn tbh imo imho idk
    afaik brb wut wat yo hiya howdy heya newbie noob haha lmao halp lmk ooo pto wfh fwiw iirc afk ppl ofc tho cuz
    doc docs pdf slide slides wiki link mention mentioned deck decks template templates liner oneliner onepager
    sorry sry dumb stupid silly obvious supposed standup context til official handy exact prep mentioning mentions
    asking asked ugly weird
    """.split()
)
MIN_LETTERS = 3  # shorter words are acronyms or slips as often as words
TOO_COMMON = 320  # centibels below certainty (zipf 5.8): wordfreq's most frequent words name no field
AFTER_NAME = 2  # foreign words after a name that make it another field's (`health check endpoint returns 503`)
AFTER_COMMON_NAME = 1  # ... after a name that is one common English word (`logo font pairing`, `webinar microphone`)
SUBJECT_WORDS = 2  # foreign words, all the content before `for`, that make a name after it only the setting
NO_NAME_SHARE = 0.5  # an answer found without its name written out: foreign words as this share of content words
# The rest of the question (`about_another_field`): what each content word outside the written name weighs as
# evidence of another field.
FOREIGN_WEIGHT = 1.0  # a common English word the glossary never uses (`jasmine`, `sensor`, `syntax`)
RARE_WEIGHT = 0.5  # a word in no English list that the glossary never uses: a tool, a customer or a typo (two = one)
PASSING_WEIGHT = 1 / 3  # a word the glossary uses, but not the answer's entry (`policy`, `bonus`; three = one)
SETTING_FACTOR = 0.5  # ... after `for`, `in`, `with` ...: the setting of the question, half as telling
COMMON_NAME_PHRASE_FACTOR = 2.0  # ... in the noun phrase of a name that is one common word (`data retention policy`)
COMMON_NAME_EVIDENCE = 1.0  # a name that is one common English word asks at this much evidence
NAME_EVIDENCE, PER_NAME_WORD = 1.5, 2 / 3  # any other name at this much, and at least this much per name word
SETTING_WORDS = CONTEXT_WORDS | {"with"}  # the words that start the setting of a question
PAST_FORM_LETTERS = 5  # a shorter word ending in `ed` is rarely a past form (`bed`, `shed`, `speed` has 5)
TOLERANCE = 1e-9  # evidence is a sum of thirds and halves: compared with this much slack
NOT_OF_A_FIELD = FUNCTION_WORDS | CHAT_WORDS
FIRST_PERSON_OWNER = "my"  # what a person calls theirs is private life (`my phone plan`), unless it is ours
OWNING_PREPOSITIONS = SETTING_WORDS | {"of", "to"}  # a name, one of these, then `my`: the name is of that thing
MIN_OWNED_LETTERS = 2  # the word after `my` that may name the thing owned: `my pr` counts, `my 2pm` does not


def _wordlist_file() -> Path:
    """wordfreq's small English list, located without importing wordfreq (its import costs 10 MB of RSS for
    modules csterm does not use)."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("wordfreq is not installed (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "small_en.msgpack.gz"


@lru_cache(maxsize=1)
def _word_bands() -> tuple[frozenset[str], frozenset[str]]:
    """wordfreq's small English list read once per process (15 ms) from the installed package: no download, no
    network. The file is wordfreq's documented "cBpack" (gzipped msgpack: a header, then one list of words per
    centibel of frequency, most frequent first); tests/search/test_foreign.py checks it against wordfreq's own API.
    Returns (the words of zipf 3 to 5.8, the most frequent ones above), made singular as the matcher's
    normalisation does (`pods` looked up as `pod`, `times` as `time`, too common)."""
    with gzip.open(_wordlist_file(), "rb") as packed:
        data = msgpack.unpack(packed, raw=False)
    header, buckets = data[0], data[1:]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"unexpected wordfreq list header: {header!r}")
    too_common = frozenset(singular(w) for bucket in buckets[:TOO_COMMON + 1] for w in bucket)
    common = frozenset(singular(w) for bucket in buckets[TOO_COMMON + 1:] for w in bucket if w.isalpha())
    return common - too_common, too_common


def english_words() -> frozenset[str]:
    """The common English words (zipf 3 to 5.8: about 23,000 once made singular; 2 MB), the words that may say
    which field a query is about."""
    return _word_bands()[0]


def is_english_word(word: str) -> bool:
    """Whether a word is in wordfreq's small English list at all (zipf 3 and up, the most frequent words too): a
    real word, which the typo stages must not take for a slip (bot/search/name_stages.py)."""
    common, too_common = _word_bands()
    return word in common or word in too_common


class ForeignWords:
    """Finds words of other fields in a query, for one glossary (`knows`: whether it uses a word; `acronym`:
    whether a word is written only as an acronym in the glossary's names)."""

    def __init__(self, knows: Callable[[str], bool], acronym: Callable[[str], bool],
                 english: Collection[str] | None = None, too_common: Collection[str] = frozenset()) -> None:
        """`english`: the common English words (wordfreq's, when None); `too_common`: with a list of one's own,
        the most frequent words, which say nothing (wordfreq's when `english` is None)."""
        self._knows = knows
        self._acronym = acronym
        self._shared = english is None  # the process's list: not pickled with a compiled matcher (compiled.py)
        self._english, self._too_common = _word_bands() if english is None else (english, too_common)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        if self._shared:  # 23,000 words read again from wordfreq on loading, shared by every matcher
            del state["_english"], state["_too_common"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        if self._shared:
            self._english, self._too_common = _word_bands()

    def positions(self, words: Sequence[str], fixes: dict[int, str]) -> list[int]:
        """Where the query's foreign words are (`fixes`: typo fixes by position, as the name stages made them)."""
        return [i for i, w in enumerate(words)
                if len(w) >= MIN_LETTERS and w.isalpha() and w not in STOPWORDS and w not in NOT_OF_A_FIELD
                and not fixes.get(i) and w in self._english and not self._knows(w)]

    def modify(self, words: Sequence[str], foreign: Collection[int], spans: Sequence[tuple[int, int]]) -> bool:
        """Whether foreign words modify a name written at one of `spans` (start, size): one in the name's noun
        phrase before it says which kind (`tls certificate renewal`, `football coach defensive playbook`); after
        it, the words are mostly what the question asks about the term (`MAU trend`, `kickoff call agenda`), so
        it takes two of them, or one after a name that is a single common word (`logo font pairing`)."""
        for start, size in spans:
            phrase = phrase_around(words, start, size)
            before = sum(1 for i in foreign if phrase.start <= i < start)
            after = sum(1 for i in foreign if start + size <= i < phrase.stop)
            common = size == 1 and words[start] in self._english and not self._acronym(words[start])
            if before or after >= (AFTER_COMMON_NAME if common else AFTER_NAME):
                return True
        return False

    @staticmethod
    def in_the_setting(words: Sequence[str], foreign: Collection[int], spans: Sequence[tuple[int, int]]) -> bool:
        """Whether the name is only the setting of a question whose subject is another field's: every content
        word before the first `for`, `in`, `at` ... is foreign (two at least: one word before `in` is as often a
        greeting as a subject), and the name is written only after it
        (`trademark registration for the logo`; but `churn rate for the bakery customers` is ours)."""
        setting = next((i for i, w in enumerate(words) if w in CONTEXT_WORDS), None)
        if setting is None or any(start < setting for start, _ in spans):
            return False
        subject = [i for i in range(setting) if not _boundary(words[i])]
        return len(subject) >= SUBJECT_WORDS and all(i in foreign for i in subject)

    def about_another_field(self, words: Sequence[str], spans: Sequence[tuple[int, int]],
                            uses: Callable[[str], bool]) -> bool:
        """Whether the rest of the question, around a name written at `spans`, is about another field: the
        content words outside the name, across the whole query, weighed as evidence (docs/matching.md, "Words of
        other fields"). `uses`: whether the answer's own entry uses a word; one such word ties the rest of the
        question to the entry, and nothing is doubted. Function, chat and the most frequent words weigh nothing.

        A common English word the glossary never uses weighs FOREIGN_WEIGHT, a word of no English list it never
        uses RARE_WEIGHT (several tools, a customer: `kubernetes ... endpoint`, `initech`), a word the glossary
        uses but not this entry PASSING_WEIGHT; the setting (after `for`, `with` ...) counts SETTING_FACTOR of
        that. A name that is one common English word (`retention`, `champion`) asks at COMMON_NAME_EVIDENCE, its
        own noun phrase counting double; one that is also the glossary's acronym (`SQL`, `MAP`) only by the words
        of its noun phrase (`SQL query`, `MAP sensor`). Any other name asks at NAME_EVIDENCE, and a long name
        needs PER_NAME_WORD per word (`customer advisory board dinner in lisbon` is ours)."""
        covered = {i for start, size in spans for i in range(start, start + size)}
        common = all(size == 1 and self._is_word(words[start]) for start, size in spans)
        acronym = common and any(self._acronym(words[start]) for start, _ in spans)
        phrase = _in_name_phrases(words, covered)
        end = spans[0][0] + spans[0][1]
        setting = next((i for i in range(end, len(words)) if words[i] in SETTING_WORDS), len(words))
        evidence = 0.0
        for i, word in enumerate(words):
            if i in covered or len(word) < 2 or _boundary(word) or word in self._too_common:
                continue
            if self._knows(word) and uses(word):
                return False
            in_phrase = phrase[i]
            if acronym and not in_phrase:
                continue
            weight = self._weight(word)
            if in_phrase and common and not acronym and (i < spans[0][0] or not _verb_form(word)):
                weight *= COMMON_NAME_PHRASE_FACTOR
            elif not in_phrase and i > setting:
                weight *= SETTING_FACTOR
            evidence += weight
        if common:
            return evidence >= COMMON_NAME_EVIDENCE - TOLERANCE
        named = sum(size for _, size in spans)
        return evidence >= max(NAME_EVIDENCE, PER_NAME_WORD * named) - TOLERANCE

    def is_one_word_name(self, words: Sequence[str], spans: Sequence[tuple[int, int]]) -> bool:
        """Whether the name written at `spans` is one word, not the glossary's acronym (`kickoff`, `onboarding`;
        not `nrr`): such a name says little about the field, so the setting counts too (marked_other_field)."""
        return bool(spans) and all(size == 1 and not self._acronym(words[start]) for start, size in spans)

    def _is_word(self, word: str) -> bool:
        return word in self._english or word in self._too_common

    def _weight(self, word: str) -> float:
        """How much one content word outside the name says the question is another field's."""
        if self._knows(word):
            return PASSING_WEIGHT
        if word in self._english:
            return FOREIGN_WEIGHT if len(word) >= MIN_LETTERS and word.isalpha() else 0.0
        return RARE_WEIGHT

    def owned_things(self, words: Sequence[str], spans: Sequence[tuple[int, int]]) -> list[str]:
        """What the query calls its writer's own where a name written at `spans` belongs to it: a `my` whose noun
        phrase holds the name (`my phone plan overage`), or that follows the name and one preposition (`overage
        on my phone plan`, `magic number in my pr`). For each, the first word after `my` in its phrase that may
        name a thing (letters only, not a function, chat or most frequent word: `my first paycheck` owns
        `paycheck`, `my 2pm` nothing). A `my` elsewhere (`my boss asked what nrr is`) is the writer at work.
        One pass over the words."""
        starts = {start for start, _ in spans}
        ends = {start + size for start, size in spans}
        owned = []
        for i, word in enumerate(words):
            if word != FIRST_PERSON_OWNER:
                continue
            after_name = i >= 1 and words[i - 1] in OWNING_PREPOSITIONS and i - 1 in ends
            thing, holds_name = None, False
            end = i + 1
            while end < len(words) and not _boundary(words[end]):
                if thing is None and self._may_name_a_thing(words[end]):
                    thing = words[end]
                holds_name = holds_name or end in starts
                end += 1
            if thing is not None and (after_name or holds_name):
                owned.append(thing)
        return owned

    def _may_name_a_thing(self, word: str) -> bool:
        return len(word) >= MIN_OWNED_LETTERS and word.isalpha() and word not in self._too_common

    @staticmethod
    def outnumber(foreign: Collection[int], content: int) -> bool:
        """For an answer whose name the query does not write out: foreign words are NO_NAME_SHARE of the content
        words or more (a plain-words question mostly in another field's words)."""
        return bool(foreign) and len(foreign) >= NO_NAME_SHARE * content


def marked_other_field(words: Sequence[str], phrases: Collection[tuple[str, ...]],
                       spans: Sequence[tuple[int, int]], uses: Callable[[str], bool], one_word_name: bool) -> bool:
    """Whether the subject of the question holds a word or phrase vocabulary.yaml lists as another field's
    (`employee nps survey`, `k8s health check`), outside the answer's name written at `spans`, and not one word
    the answer's own entry uses (`uses`: by stem; a definition that says `inventory` owns the word; a listed
    phrase of several words is another field's even when the entry uses each word, or when it holds the name:
    `code churn`, `sql join`). The subject is the words before the setting (`for`, `in`, `with` ...): `nrr for
    our kubernetes product line` is ours. An
    answer whose name is not written out (a plain-words question) has no subject to tell from its setting: the
    whole question counts (`retention period for s3 bucket logs`); so it does when the name is one word that is
    not an acronym (`one_word_name`: `kickoff for the super bowl`, `onboarding paperwork for the new hire`), which
    says less about the field than a longer name."""
    if not phrases:
        return False
    covered = {i for start, size in spans for i in range(start, start + size)}
    setting = next((i for i, w in enumerate(words) if i and w in SETTING_WORDS and i not in covered),
                   len(words)) if spans and not one_word_name else len(words)
    return any((not any(i in covered for i in range(start, start + size)) and not (size == 1 and uses(words[start])))
               or (size > 1 and not all(i in covered for i in range(start, start + size)))  # `sql join`
               for start, size in phrases_in(list(words), phrases, setting))


def known_to_either(knows: Callable[[str], bool], also: Callable[[str], bool]) -> Callable[[str], bool]:
    """Whether either glossary uses a word (a team's terms over the shipped glossary); picklable, as a compiled
    matcher must be."""
    return partial(_either_knows, knows, also)


def _either_knows(knows: Callable[[str], bool], also: Callable[[str], bool], word: str) -> bool:
    return knows(word) or also(word)


def phrase_around(words: Sequence[str], start: int, size: int) -> range:
    """The run of words around words[start:start + size] that no stop word or function word interrupts: the
    noun phrase the name is part of (`ansible playbook yaml`, but not `health check with the airline`)."""
    first, last = start, start + size
    while first > 0 and not _boundary(words[first - 1]):
        first -= 1
    while last < len(words) and not _boundary(words[last]):
        last += 1
    return range(first, last)


def _in_name_phrases(words: Sequence[str], covered: Collection[int]) -> list[bool]:
    """For each word, whether it is in the noun phrase of a name written at `covered` (`phrase_around` for every
    place at once, in one pass: a query naming the entry many times stays linear)."""
    marks = [False] * len(words)
    start = 0
    for end in range(len(words) + 1):
        if end == len(words) or (end not in covered and _boundary(words[end])):
            if any(i in covered for i in range(start, end)):
                marks[start:end] = [True] * (end - start)
            start = end + 1
    return marks


def _verb_form(word: str) -> bool:
    """A past form of a verb (`dropped`, `went`): after a name it says what happened to it, not which kind it is."""
    return word in BASE_FORMS or (len(word) >= PAST_FORM_LETTERS and word.endswith("ed"))


def _boundary(word: str) -> bool:
    return word in STOPWORDS or word in NOT_OF_A_FIELD or not word.isalnum()


def name_spans(words: Sequence[str], names: dict[str, tuple[int, ...]], max_words: int,
               entry: int) -> list[tuple[int, int]]:
    """Where `entry`'s names are written out in `words`, as (start, size): at most the query's length times the
    longest name's word count dictionary lookups."""
    found = []
    for start in range(len(words)):
        for size in range(min(max_words, len(words) - start), 0, -1):
            if entry in names.get("".join(words[start:start + size]), ()):
                found.append((start, size))
                break
    return found
