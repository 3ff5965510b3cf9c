"""One record per report: the meeting's date, organizers, chairs, speakers and format.

(Skeleton: lands with the meeting-records issue.)
"""

from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .component import RuleComponent


@Language.factory(
    "meeting_record",
    assigns=["doc._.meeting"],
    requires=["doc.ents", "span._.date_value", "doc._.published"],
    default_config={"scorer": None},
)
def make_meeting_recorder(nlp: Language, name: str, scorer: Callable | None) -> "MeetingRecorder":
    return MeetingRecorder(nlp.vocab, name, scorer=scorer)


class MeetingRecorder(RuleComponent):
    """Fill `doc._.meeting` from the entities, dates and lists already found."""

    PATTERN_LABELS = ("format", "chair_cue", "speaker_cue", "organizer_cue")

    def match(self, doc: Doc) -> Any:
        return None

    def set_annotations(self, doc: Doc, matches: Any) -> None:
        doc._.meeting = {"date": None, "organizers": [], "chairs": [], "speakers": [], "format": None}
