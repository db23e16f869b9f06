"""`make bench`'s out-of-office scenario runs against the reader as it is and meets its targets."""

from __future__ import annotations

from bench import out_of_office


def test_the_out_of_office_bench_recognises_the_corpus_and_takes_no_person_for_automatic() -> None:
    results = out_of_office.run()
    assert [result.ok for result in results] == [True, True, True]
    assert results[1].value == 0
