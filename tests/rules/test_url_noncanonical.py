from tests.helpers import fixed, messages, problems

SOURCE = """\
## Papers
* [2501] [A](https://arxiv.org/pdf/2501.12948?) (Deepseek)
* [2502] [B](https://arxiv.org/pdf/2502.12853#page=16.08)
* [2503] [C](https://www.arxiv.org/pdf/2503.04697v2)
* [2502] [D](https://www.alphaxiv.org/abs/2502.06781v1)
* [2502] [E](https://arxiv.org/abs/2502.00001)
## Video
* [V](https://www.bilibili.com/video/BV1Za4y1d7YJ?spm_id_from=333.788&vd_source=228d&p=3)
* [Y](https://www.youtube.com/watch?v=abc&utm_source=x)
* [Slides](https://example.org/slides.pdf#page=4)
* [Ok](https://example.org/page?id=7)
"""


def test_pdf_version_www_question_mark_and_tracking_are_flagged():
    assert [line for line, _ in problems(SOURCE, "LB304")] == [2, 3, 4, 8, 9, 10]


def test_mirrors_are_left_alone_by_default():
    assert 5 not in [line for line, _ in problems(SOURCE, "LB304")]


def test_fix_writes_the_canonical_forms():
    result = fixed(SOURCE, "LB304")
    assert "(https://arxiv.org/abs/2501.12948) (Deepseek)" in result
    assert "(https://arxiv.org/abs/2502.12853)\n" in result
    assert "(https://arxiv.org/abs/2503.04697)\n" in result
    assert "(https://www.bilibili.com/video/BV1Za4y1d7YJ?p=3)" in result
    assert "(https://www.youtube.com/watch?v=abc)" in result
    assert "(https://example.org/slides.pdf)" in result
    assert "(https://example.org/page?id=7)" in result


def test_options_rewrite_mirrors_and_choose_the_form():
    config = {"urls": {"rewrite-mirrors": True, "arxiv-form": "https://www.alphaxiv.org/abs/{id}"}}
    result = fixed(SOURCE, "LB304", **config)
    assert "[D](https://www.alphaxiv.org/abs/2502.06781)" in result
    assert "[E](https://www.alphaxiv.org/abs/2502.00001)" in result


def test_message_gives_the_replacement():
    assert messages(SOURCE, "LB304")[0].endswith("use https://arxiv.org/abs/2501.12948")
