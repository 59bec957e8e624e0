from tests.helpers import problems


def test_same_title_other_link():
    source = """\
    ## P
    * [2402] [DeepSeekMath: Pushing the Limits](https://arxiv.org/abs/2402.03300)
    * [2402] [Deepseekmath pushing the limits!](https://example.org/deepseekmath.pdf)
    * [2402] [Another](https://example.org/other.pdf)
    """
    assert problems(source, "LB402") == [(3, 11)]


def test_same_link_is_lb401_not_lb402():
    source = "## P\n* [2402] [A](https://arxiv.org/abs/2402.03300)\n* [2402] [A](https://arxiv.org/pdf/2402.03300)\n"
    assert problems(source, "LB402") == []
