"""Requests by reply: precision and recall of the intent reader over the phrasing corpus.

Reads every case of tests/replies/intent_corpus.py (written while the reader was built) and
tests/replies/intent_heldout.py (written after, kept apart: HELD_OUT, then UNSEEN after the last
change) and tests/replies/postscript_corpus.py (requests after a reflection) and counts what the
service would do:
act at once, ask first ("Did you mean …?"), or take the reply for a reflection. Targets: 0 false
actions (a reflection acted on, or a request carried out as another command) and >= 95 % of requests
acted on or asked about. Also times the reader per reply.

    python -m bench.intent
"""

from __future__ import annotations

from bench.common import Result, main_for, timer
from service.curriculum import load_curriculum
from service.replies.intent import read_intent
from tests.replies.intent_corpus import CORPUS, TODAY, Score, score
from tests.replies.intent_heldout import HELD_OUT, UNSEEN
from tests.replies.postscript_corpus import CASES as POSTSCRIPTS
from tests.replies.postscript_corpus import score_postscripts

ROUNDS = 5


def _results(label: str, result: Score) -> list[Result]:
    false_actions = result.false_actions + result.wrong
    return [
        Result(
            "intent",
            f"{label}: requests acted on or asked about ({result.requests})",
            100 * result.recall,
            "%",
            target=">= 95 %",
            ok=result.recall >= 0.95,
            extra={"acted": result.acted, "asked": result.asked, "missed": result.missed},
        ),
        Result(
            "intent",
            f"{label}: false actions ({result.reflections} look-alike reflections)",
            false_actions,
            "",
            target="0",
            ok=false_actions == 0,
            extra={"questions_to_reflections": result.questions, "precision": result.precision},
        ),
    ]


def run(full: bool = False) -> list[Result]:
    lessons = load_curriculum().lessons
    results = [
        *_results("corpus", score(CORPUS, lessons)),
        *_results("held out", score(HELD_OUT, lessons)),
        *_results("unseen", score(UNSEEN, lessons)),
        *_results("after a reflection", score_postscripts(POSTSCRIPTS, lessons)),
    ]
    texts = [text for _, text, _ in CORPUS + HELD_OUT + UNSEEN]
    with timer() as elapsed:
        for _ in range(ROUNDS * (4 if full else 1)):
            for text in texts:
                read_intent(text, TODAY, lessons)
    per_reply = elapsed() / (ROUNDS * (4 if full else 1) * len(texts)) * 1000
    results.append(
        Result("intent", "read one reply's intent", per_reply, "ms", target="< 20 ms", ok=per_reply < 20)
    )
    return results


if __name__ == "__main__":
    main_for(run)
