"""Out-of-office texts without header or subject marks: recall and false positives of the body reader.

Reads tests/replies/out_of_office_corpus.py (auto-replies, and managers' look-alikes) and every request
and reflection of the intent corpora (tests/replies/intent_corpus.py, intent_heldout.py), all written by
people, and counts what `service.replies.out_of_office` takes for automatic. Targets: 0 people's replies
taken for automatic (such a reply would stop counting) and >= 90 % of the auto-replies recognised.
Also times the reader per reply.

    python -m bench.out_of_office
"""

from __future__ import annotations

from bench.common import Result, main_for, timer
from service.replies.extraction import extract_new_text
from service.replies.out_of_office import out_of_office_reason
from tests.replies.intent_corpus import CORPUS
from tests.replies.intent_heldout import HELD_OUT, UNSEEN
from tests.replies.out_of_office_corpus import AUTO_REPLIES, PEOPLE

ROUNDS = 20


def run(full: bool = False) -> list[Result]:
    automatic = [extract_new_text(body) for _, body in AUTO_REPLIES]
    people = [extract_new_text(body) for _, body in PEOPLE] + [
        text for _, text, _ in CORPUS + HELD_OUT + UNSEEN
    ]
    found = sum(out_of_office_reason(text) is not None for text in automatic)
    false = sum(out_of_office_reason(text) is not None for text in people)
    texts = automatic + people
    rounds = ROUNDS * (4 if full else 1)
    with timer() as elapsed:
        for _ in range(rounds):
            for text in texts:
                out_of_office_reason(text)
    per_reply = elapsed() / (rounds * len(texts)) * 1_000_000
    return [
        Result(
            "out_of_office",
            f"unmarked auto-replies recognised ({len(automatic)}, 7 languages)",
            100 * found / len(automatic),
            "%",
            target=">= 90 %",
            ok=found >= 0.9 * len(automatic),
        ),
        Result(
            "out_of_office",
            f"people's replies taken for automatic ({len(people)} look-alikes and intent cases)",
            false,
            "",
            target="0",
            ok=false == 0,
        ),
        Result(
            "out_of_office", "read one reply's body", per_reply, "µs", target="< 5000 µs", ok=per_reply < 5000
        ),
    ]


if __name__ == "__main__":
    main_for(run)
