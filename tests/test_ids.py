"""Note GUIDs are genanki's guid_for, whatever the ids.

ids.note_guid works the GUID out two base-91 digits at a time, for speed.
Learners' notes are matched by GUID alone, so it must give genanki's answer
for every course id, note id and language, or every learner gets a second
copy of every note.
"""

from __future__ import annotations

import genanki
from hypothesis import given, settings
from hypothesis import strategies as st

from csrcards import LANGUAGES, ids


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(course_id=st.text(), note_id=st.text(), language=st.sampled_from(LANGUAGES) | st.text())
def test_a_note_guid_is_genankis_guid_for_the_same_ids(course_id, note_id, language):
    assert ids.note_guid(course_id, note_id, language) == genanki.guid_for(course_id, note_id, language)


def test_guids_of_every_length_are_genankis():
    """Short GUIDs (a hash with leading zero digits) as well as full ones."""
    lengths = set()
    for number in range(20_000):
        guid = ids.note_guid("cse", f"note-{number}", "tl")
        assert guid == genanki.guid_for("cse", f"note-{number}", "tl")
        lengths.add(len(guid))
    assert len(lengths) >= 3
