"""A Chinese tokenizer that segments the normalized view and keeps the raw text.

Words are cut on `doc._.normalized` (simplified, glosses removed, full-width folded),
so traditional and noisy pages segment like clean ones; each token then covers the raw
characters of its words, gloss included (`會(huì)` is one token with norm `会`).
The Doc is built from words and spaces already known, which keeps it linear in the
length of the text (spaCy's own Chinese tokenizer re-searches the text for every word).
"""

import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from itertools import compress, count
from operator import ne
from pathlib import Path
from typing import Any, Literal

import srsly
from spacy.attrs import NORM
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from .extensions import set_normalized
from .normalize import NormalizedText, normalize
from .resources import segmenter_model_dir

Segmenter = Literal["pkuseg", "char"]
SEGMENTERS = ("pkuseg", "char")
# White space, and the longest run pkuseg is given at once: it is cut after sentence
# punctuation so that one huge line costs no more than many short ones.
_CHARS = re.compile(r"\s+|\S")
#: A lone surrogate (from JSON `"\\ud800"` or `errors="surrogateescape"`): spaCy's
#: string store cannot hold it.
_SURROGATE = re.compile("[\ud800-\udfff]")
_WHITE = re.compile(r"\s+")
_RUNS = re.compile(r"\s+|[^\s。!?;]{1,200}[。!?;]*|[。!?;]+")
_MODEL_FILES = ("features.msgpack", "weights.npz")


def _char_tokens(text: str, folded: str) -> tuple[list[str], list[bool], list[str]]:
    """Words, spaces and norms of the char segmenter where the view deleted nothing
    (`folded` is `text` folded character for character): one token a character, a
    white space run one token, less a single " " after a character, which is that
    character's trailing space. Built a line at a time, not a character at a time."""
    words: list[str] = []
    spaces: list[bool] = []
    norms: list[str] = []
    pos = 0
    for m in _WHITE.finditer(text):
        start, end = m.span()
        if start > pos:
            words += text[pos:start]
            norms += folded[pos:start]
            spaces += [False] * (start - pos)
            if text[start] == " ":
                spaces[-1] = True
                start += 1
        if end > start:
            words.append(text[start:end])
            norms.append(folded[start:end])
            spaces.append(False)
        pos = end
    if pos < len(text):
        words += text[pos:]
        norms += folded[pos:]
        spaces += [False] * (len(text) - pos)
    return words, spaces, words if folded == text else norms


def _char_tokens_of_view(text: str, view: NormalizedText) -> tuple[list[str], list[bool], list[str]]:
    """`_char_tokens` over the whole view: between two deletions the view
    maps one to one, so each kept stretch is cut by `_char_tokens`; each deleted run
    (gloss, zero-width character) is a token of its own with an empty norm. A single
    " " that opens a stretch is the trailing space of the deleted run before it."""
    if not view.breaks:
        return _char_tokens(text, view.text)  # one stretch: its norms may be `text`'s words
    words: list[str] = []
    spaces: list[bool] = []
    norms: list[str] = []
    raw_at = norm_at = 0
    deletions = zip(view.deleted_starts(), view.deleted_ends(), view.breaks)
    for start, end, kept in [*deletions, (len(text), len(text), len(view.text))]:
        if words and raw_at < start and text[raw_at] == " ":
            spaces[-1] = True  # after a deleted run: never white space itself
            raw_at += 1
            norm_at += 1
        stretch_words, stretch_spaces, stretch_norms = _char_tokens(
            text[raw_at:start], view.text[norm_at:kept]
        )
        words += stretch_words
        spaces += stretch_spaces
        norms += stretch_norms
        if end > start:
            words.append(text[start:end])
            spaces.append(False)
            norms.append("")
        raw_at, norm_at = end, kept
    return words, spaces, norms


@registry.tokenizers("meeting_ner.Tokenizer.v1")
def create_tokenizer(
    segmenter: Segmenter = "pkuseg", pkuseg_model: str | None = None
) -> Callable[[Any], "MeetingTokenizer"]:
    """The tokenizer of the pipeline.

    segmenter: "pkuseg" (words, with the project's own model) or "char" (one token a
        character; fastest, and the entities are the same).
    pkuseg_model: folder of a spacy-pkuseg model; None for the one shipped.
    """

    def tokenizer_factory(nlp: Any) -> "MeetingTokenizer":
        return MeetingTokenizer(nlp.vocab, segmenter=segmenter, pkuseg_model=pkuseg_model)

    return tokenizer_factory


class MeetingTokenizer:
    """Segment the normalized view with pkuseg or by character; tokens over raw text."""

    def __init__(
        self,
        vocab: Vocab,
        segmenter: Segmenter = "pkuseg",
        pkuseg_model: str | Path | None = None,
        user_dict: Iterable[str] = (),
    ) -> None:
        if segmenter not in SEGMENTERS:
            raise ValueError(
                f"meeting_ner tokenizer: segmenter must be one of {SEGMENTERS}, not {segmenter!r}"
            )
        self.vocab = vocab
        self.segmenter = segmenter
        self.pkuseg_model = Path(pkuseg_model) if pkuseg_model else segmenter_model_dir()
        self.user_dict = sorted(set(user_dict))
        self._pkuseg: Any = None
        if segmenter == "pkuseg":
            self._load_pkuseg()

    # -- segmentation ---------------------------------------------------------------

    def _load_pkuseg(self) -> None:
        import spacy_pkuseg

        if not (self.pkuseg_model / "features.msgpack").exists():
            raise FileNotFoundError(
                f"meeting_ner tokenizer: no pkuseg model in {self.pkuseg_model}; "
                "rebuild it with scripts/train_segmenter.py or use segmenter='char'"
            )
        self._pkuseg = spacy_pkuseg.pkuseg(
            model_name=str(self.pkuseg_model), user_dict=self.user_dict or None
        )
        # Any user dictionary also switches on merging with spacy-pkuseg's bundled
        # general dictionary, whose conventions differ from the model's: on the held-out
        # UD test set it costs 7 points of F1 (0.875 → 0.804). The user words stay.
        self._pkuseg.postprocesser.do_process = False

    def segment(self, text: str) -> list[int]:
        """Where each token of the normalized `text` starts (tokens cover the text);
        white space runs are tokens of their own here, folded into spaces later."""
        if self.segmenter == "char":
            return [m.start() for m in _CHARS.finditer(text)]
        starts: list[int] = []
        for m in _RUNS.finditer(text):
            start, end = m.span()
            run = m.group()
            if run.isspace() or end - start == 1:
                starts.append(start)
                continue
            words = self._pkuseg.cut(run)
            if "".join(words) != run:  # never trust a model with the offsets
                starts.extend(range(start, end))
                continue
            for word in words:
                starts.append(start)
                start += len(word)
        return starts

    def __call__(self, text: str) -> Doc:
        view = normalize(text)
        if self.segmenter == "char":
            words, spaces, norms = _char_tokens_of_view(text, view)
        else:
            words, spaces, norms = self._segmented_tokens(text, view)
        try:
            return self._doc(words, spaces, norms, view)
        except UnicodeEncodeError:
            bad = _SURROGATE.search(text)
            if bad is None:
                raise
            raise ValueError(  # looked for only on failure: no cost for every other text
                f"text has a lone surrogate U+{ord(bad.group()):04X} at character {bad.start()}, "
                "which spaCy cannot store; decode the input with errors='replace'"
            ) from None

    def _segmented_tokens(self, text: str, view: NormalizedText) -> tuple[list[str], list[bool], list[str]]:
        """Words, spaces and norms from `segment` (either segmenter): white space runs
        are tokens, less a single " " after a word, which is that word's trailing space.
        The char segmenter takes the shortcuts `_char_tokens_of_view`, which give the same."""
        words, norms = self._words_and_norms(text, view)
        spaces = [False] * len(words)
        blanks = list(compress(count(), map(str.isspace, words)))
        if blanks:
            for i in blanks:  # a single " " after a word is that word's trailing space
                if i and words[i][0] == " " and not spaces[i - 1] and not words[i - 1].isspace():
                    spaces[i - 1] = True
                    words[i], norms[i] = words[i][1:], norms[i][1:]
            kept = [i for i, word in enumerate(words) if word]
            if len(kept) < len(words):
                words, norms, spaces = (
                    [words[i] for i in kept],
                    [norms[i] for i in kept],
                    [spaces[i] for i in kept],
                )
        return words, spaces, norms

    def _doc(self, words: list[str], spaces: list[bool], norms: list[str], view: NormalizedText) -> Doc:
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if norms is not words and norms != words:
            # one C-level write for all norms, not one Token a change
            add = self.vocab.strings.add
            column = doc.to_array(NORM)
            for i in compress(count(), map(ne, words, norms)):
                column[i] = add(norms[i])
            doc.from_array([NORM], column.reshape(-1, 1))
        set_normalized(doc, view)
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    def _words_and_norms(self, text: str, view: NormalizedText) -> tuple[list[str], list[str]]:
        """The raw text of every token and its normalized form."""
        if not text:
            return [], []
        starts = self.segment(view.text) or [0]
        if view.breaks:
            # What the view dropped (a gloss, a zero-width character) is a token of its
            # own with an empty norm, so that no annotation boundary falls inside a token.
            raw_starts = sorted(
                {0, *map(view.to_raw, starts), *view.deleted_starts(), *view.deleted_ends()} - {len(text)}
            )
            norm_bounds = [*map(view.to_norm, raw_starts), len(view.text)]
        else:
            raw_starts = starts
            norm_bounds = [*starts, len(view.text)]
        norms = [view.text[a:b] for a, b in zip(norm_bounds, norm_bounds[1:])]
        raw_bounds = [*raw_starts, len(text)]
        return [text[a:b] for a, b in zip(raw_bounds, raw_bounds[1:])], norms

    # -- initialize and serialization -----------------------------------------------

    def initialize(
        self,
        get_examples: Callable | None = None,
        *,
        nlp: Any = None,
        pkuseg_model: str | None = None,
        pkuseg_user_dict: Iterable[str] | str | None = None,
    ) -> None:
        """Settings of `[initialize.tokenizer]`, named as for spaCy's Chinese tokenizer.

        pkuseg_model: folder of another spacy-pkuseg model to use.
        pkuseg_user_dict: words to add to pkuseg's user dictionary (the agency and
            position vocabularies, so that titles and organ names stay whole words);
            a string (spaCy's "default") adds none.
        """
        if pkuseg_model:
            self.pkuseg_model = Path(pkuseg_model)
        if pkuseg_user_dict is not None and not isinstance(pkuseg_user_dict, str):
            self.user_dict = sorted(set(self.user_dict) | {w for w in pkuseg_user_dict if w})
        if self.segmenter == "pkuseg" and (pkuseg_model or self.user_dict):
            self._load_pkuseg()

    def _cfg(self) -> dict[str, Any]:
        return {"segmenter": self.segmenter, "user_dict": self.user_dict}

    def _set_cfg(self, cfg: dict[str, Any]) -> None:
        self.segmenter = cfg.get("segmenter", self.segmenter)
        self.user_dict = list(cfg.get("user_dict", []))

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self._cfg())
        if self.segmenter == "pkuseg":
            model_dir = path / "pkuseg_model"
            model_dir.mkdir(exist_ok=True)
            for name in _MODEL_FILES:
                shutil.copyfile(self.pkuseg_model / name, model_dir / name)

    def from_disk(self, path: str | Path, **kwargs: Any) -> "MeetingTokenizer":
        path = Path(path)
        cfg = srsly.read_json(path / "cfg.json")
        # The config's segmenter wins over the saved one, so that loading a saved
        # pipeline with segmenter="char" gives the char pipeline.
        cfg["segmenter"] = self.segmenter
        self._set_cfg(cfg)
        if (path / "pkuseg_model" / "features.msgpack").exists():
            self.pkuseg_model = path / "pkuseg_model"
        if self.segmenter == "pkuseg":
            self._load_pkuseg()
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        model: dict[str, bytes] = {}
        if self.segmenter == "pkuseg":
            model = {name: (self.pkuseg_model / name).read_bytes() for name in _MODEL_FILES}
        return srsly.msgpack_dumps({"cfg": self._cfg(), "pkuseg_model": model})

    def from_bytes(self, data: bytes, **kwargs: Any) -> "MeetingTokenizer":
        msg = srsly.msgpack_loads(data)
        cfg = dict(msg["cfg"], segmenter=self.segmenter)
        self._set_cfg(cfg)
        if msg.get("pkuseg_model"):
            tmp = Path(tempfile.mkdtemp(prefix="meeting_ner_pkuseg_"))
            for name, content in msg["pkuseg_model"].items():
                (tmp / name).write_bytes(content)
            self.pkuseg_model = tmp
        if self.segmenter == "pkuseg":
            self._load_pkuseg()
        return self
