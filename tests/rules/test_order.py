from tests.helpers import fixed, messages, problems

SOURCE = """\
## Papers
* [2505] [A](https://arxiv.org/abs/2505.00001)
* [2504] [B](https://arxiv.org/abs/2504.00002)
* [2506] [C](https://arxiv.org/abs/2506.00003)
  (a continuation line that moves with C)
  * a sub-item of C
* [2503] [D](https://arxiv.org/abs/2503.00004)
* [2502] [E](https://arxiv.org/abs/2502.00005)
* [2501] [F](https://arxiv.org/abs/2501.00006)
"""


def test_entry_out_of_the_learned_order_is_flagged_with_where_it_belongs():
    assert problems(SOURCE, "LB501") == [(4, 1)]
    assert messages(SOURCE, "LB501") == [
        "[2506] is newer than [2504] above it (line 3); it belongs above 'A' (line 2)"
    ]


def test_the_entry_above_is_told_where_it_belongs_too():
    """The bot moves the problem onto the upper entry when a pull request added that one."""
    from listbot.pipeline import lint_text

    (found,) = [d for d in lint_text(SOURCE, select=["LB501"])]
    related = found.related
    assert related is not None
    assert related.line == 3
    assert related.message == "[2504] is older than [2506] below it (line 4); it belongs above 'D' (line 7)"


def test_fix_is_a_stable_sort_of_whole_entries():
    assert fixed(SOURCE, "LB501") == (
        "## Papers\n"
        "* [2506] [C](https://arxiv.org/abs/2506.00003)\n"
        "  (a continuation line that moves with C)\n"
        "  * a sub-item of C\n"
        "* [2505] [A](https://arxiv.org/abs/2505.00001)\n"
        "* [2504] [B](https://arxiv.org/abs/2504.00002)\n"
        "* [2503] [D](https://arxiv.org/abs/2503.00004)\n"
        "* [2502] [E](https://arxiv.org/abs/2502.00005)\n"
        "* [2501] [F](https://arxiv.org/abs/2501.00006)\n"
    )


def test_an_unsorted_section_is_left_alone_unless_configured():
    unsorted = "## P\n" + "".join(
        f"* [25{m:02d}] [T{m}](https://x.org/{m})\n" for m in (3, 1, 4, 1, 5, 9, 2, 6)
    )
    assert problems(unsorted, "LB501") == []
    assert problems(unsorted, "LB501", order="oldest") == [(3, 1), (5, 1), (8, 1)]


def test_oldest_first_is_learned_too():
    oldest = "## P\n" + "".join(f"* [25{m:02d}] [T{m}](https://x.org/{m})\n" for m in (1, 2, 4, 3, 5, 6))
    assert problems(oldest, "LB501") == [(5, 1)]


def test_per_section_order_from_the_config():
    assert problems(SOURCE, "LB501", sections=[{"match": "Pap*", "order": "none"}]) == []


def test_no_fix_when_a_date_is_missing():
    source = SOURCE.replace("* [2501] [F]", "* [F]")
    assert fixed(source, "LB501") == source


def test_blank_lines_between_entries_stay_in_place():
    source = "## P\n" + "\n".join(f"* [25{m:02d}] [T{m}](https://x.org/{m})\n" for m in (6, 5, 4, 3, 2, 7))
    result = fixed(source, "LB501")
    assert result.splitlines()[1:4] == [
        "* [2507] [T7](https://x.org/7)",
        "",
        "* [2506] [T6](https://x.org/6)",
    ]


def test_tables_sorted_by_a_date_column():
    rows = "".join(f"| 2025-{m:02d} | Title {m} | [pdf](https://x.org/{m}) |\n" for m in (5, 4, 6, 3, 2, 1))
    source = "## P\n| Date | Title | Paper |\n| --- | --- | --- |\n" + rows
    assert problems(source, "LB501") == [(6, 13)]
    assert "| 2025-06 | Title 6 |" in fixed(source, "LB501").splitlines()[3]
