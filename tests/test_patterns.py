"""Word lists as regexes: the trie `alternation` builds matches what a longest-first
alternation of the words matches, also inside a larger pattern that backtracks."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from meeting_ner.patterns import alternation

_words = st.lists(st.text(alphabet="省委书记长市(.", min_size=1, max_size=4), max_size=12)
_texts = st.text(alphabet="省委书记长市(.会", max_size=16)


def _longest_first(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=lambda w: (-len(w), w))))


@settings(max_examples=400, deadline=None)
@given(_words, _texts)
def test_the_trie_matches_as_the_longest_first_alternation(words, text):
    if not words:
        assert alternation(words) == ""
        return
    for template in ("{}", "(?:{})会", "(?:{})(?:{})?记", "(?P<w>{})(?=长)"):
        trie = re.compile(template.format(*[alternation(words)] * template.count("{}")))
        plain = re.compile(template.format(*[_longest_first(words)] * template.count("{}")))
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_special_characters_are_escaped():
    pattern = re.compile(alternation(["(一)", "a.b", "[x]"]))
    assert pattern.fullmatch("(一)") and pattern.fullmatch("a.b") and pattern.fullmatch("[x]")
    assert not pattern.fullmatch("axb")


def test_shared_words_are_read_with_each_components_own():
    """`datelines.jsonl` is read by the article reader and the DATE component alike."""
    from meeting_ner.patterns import read_patterns

    shared = read_patterns("datelines")
    both = read_patterns(["dates", "datelines"])
    assert shared and all(p["label"] == "dateline_end" for p in shared)
    assert both[-len(shared) :] == shared and len(both) == len(read_patterns("dates")) + len(shared)
