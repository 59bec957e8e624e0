from tests.helpers import fixed, messages, problems

SOURCE = """\
## Papers
* [2501] [A](https://arxiv.org/pdf/2501.12948?) (Deepseek)
* [2502] [B](https://arxiv.org/abs/2502.12853#page=16.08)
* [2503] [C](https://www.arxiv.org/abs/2503.04697v2)
* [2502] [D](https://www.alphaxiv.org/abs/2502.06781v1)
* [2502] [E](https://arxiv.org/abs/2502.00001)
* [2502] [F](https://arxiv.org/abs/2502.00002)
* [2502] [G](https://arxiv.org/abs/2502.00003)
* [2502] [H](https://arxiv.org/abs/2502.00004)
* [2502] [I](https://arxiv.org/abs/2502.00005)
* [2502] [J](https://arxiv.org/abs/2502.00006)
* [2502] [K](https://arxiv.org/abs/2502.00007)
* [2502] [L](https://arxiv.org/pdf/2502.00008) [[pdf](https://arxiv.org/pdf/2502.00008)]
## Video
* [V](https://www.bilibili.com/video/BV1Za4y1d7YJ?spm_id_from=333.788&vd_source=228d&p=3)
* [Y](https://www.youtube.com/watch?v=abc&utm_source=x)
* [Lecture slides](https://example.org/slides.pdf#page=4)
* [Ok](https://example.org/page?id=7)
"""


ABS = {"urls": {"arxiv-form": "abs"}}


def test_other_form_version_www_junk_and_tracking_are_flagged():
    assert [line for line, _ in problems(SOURCE, "LB304", **ABS)] == [2, 3, 4, 13, 15, 16, 17]


def test_with_no_form_in_the_majority_each_link_keeps_its_form():
    assert [line for line, _ in problems(SOURCE, "LB304")] == [2, 3, 4, 15, 16, 17]


def test_mirrors_are_left_alone_by_default():
    assert 5 not in [line for line, _ in problems(SOURCE, "LB304", **ABS)]


def test_a_label_naming_the_form_keeps_its_link():
    assert "[[pdf](https://arxiv.org/pdf/2502.00008)]" in fixed(SOURCE, "LB304", **ABS)


def test_fix_writes_the_lists_forms():
    result = fixed(SOURCE, "LB304", **ABS)
    assert "(https://arxiv.org/abs/2501.12948) (Deepseek)" in result
    assert "(https://arxiv.org/abs/2502.12853)\n" in result
    assert "(https://arxiv.org/abs/2503.04697)\n" in result
    assert "(https://www.bilibili.com/video/BV1Za4y1d7YJ?p=3)" in result
    assert "(https://www.youtube.com/watch?v=abc)" in result
    assert "(https://example.org/slides.pdf)" in result
    assert "(https://example.org/page?id=7)" in result


def test_a_list_that_links_pdfs_throughout_is_consistent():
    pdfs = "## P\n" + "".join(f"* [T{n}](https://arxiv.org/pdf/2501.0000{n})\n" for n in range(1, 8))
    assert problems(pdfs, "LB304") == []
    mixed = (
        pdfs
        + "* [T9](https://arxiv.org/abs/2501.00009)\n"
        + "".join(f"* [U{n}](https://arxiv.org/pdf/2502.0000{n})\n" for n in range(1, 8))
    )
    assert messages(mixed, "LB304") == [
        "arXiv link is not in this list's form (pdf); use https://arxiv.org/pdf/2501.00009"
    ]


def test_options_rewrite_mirrors_and_choose_the_form():
    config = {"urls": {"rewrite-mirrors": True, "arxiv-form": "https://www.alphaxiv.org/abs/{id}"}}
    result = fixed(SOURCE, "LB304", **config)
    assert "[D](https://www.alphaxiv.org/abs/2502.06781)" in result
    assert "[E](https://www.alphaxiv.org/abs/2502.00001)" in result


def test_message_gives_the_replacement():
    assert (
        messages(SOURCE, "LB304", **ABS)[0]
        == "arXiv link is not in this list's form (abs); use https://arxiv.org/abs/2501.12948"
    )
