"""Synthetic managers' reflections: short, varied, plausible replies to coaching prompts."""

from __future__ import annotations

import random

OPENERS = (
    "Good question.",
    "Honestly, this one stung a bit.",
    "Tried this on Tuesday.",
    "Quick one from the airport:",
    "This landed at the right time.",
    "Thinking about last week's pipeline review,",
    "I had to sit with this one for a day.",
    "Short answer:",
    "",
    "",
)
MIDDLES = (
    "In our forecast call I asked Priya to walk the team through her renewal instead of doing it myself, "
    "and two reps asked her for help afterwards.",
    "I realised I jump in with the answer whenever a deal stalls; this time I asked what the rep thought "
    "the buyer was afraid of.",
    "I told the team the quarter is tight and asked which two accounts they would drop. It was the "
    "calmest planning meeting we've had.",
    "Marketing and my team argued about lead quality again. I wrote down both definitions side by side "
    "before the meeting and we agreed in ten minutes.",
    "I thanked the SE team by name in the QBR. Small thing, but Jordan messaged me afterwards.",
    "I cancelled my usual Friday deal inspection and did 1:1 walks instead. People talked about "
    "things that never come up on Zoom.",
    "The partner we have been chasing for a year keeps missing commitments. I finally said no to the "
    "joint pitch, and it felt right.",
    "I noticed I was protecting my numbers more than my people. Moved a big account to a newer rep "
    "with me as backup.",
    "We simplified the comp explainer to one page with three examples. Fewer questions, more selling.",
    "I prepared for the pricing conversation with finance by writing down what they need to be true, "
    "not what I want.",
    "I asked my team what energy they get from me on Monday mornings. The answer was 'stress'. "
    "Working on it.",
    "I practised listening without fixing in two 1:1s. It is harder than it sounds.",
)
CLOSERS = (
    "Will try again next week.",
    "Not sure it stuck yet.",
    "More of this.",
    "Curious what the others did.",
    "Next step: do the same with the channel team.",
    "",
    "",
    "",
)
SHORT = (
    "Done, thanks.",
    "Yes, did this today.",
    "Not this week, too many fires.",
    "Good reminder.",
    "Tried it. Mixed results.",
)


def reflection(rng: random.Random) -> str:
    """One reply: mostly a few sentences, sometimes a one-liner."""
    if rng.random() < 0.2:
        return rng.choice(SHORT)
    middle = rng.sample(MIDDLES, k=1 if rng.random() < 0.7 else 2)
    parts = [rng.choice(OPENERS), *middle, rng.choice(CLOSERS)]
    return " ".join(part for part in parts if part)


def word_count(text: str) -> int:
    return len(text.split())
