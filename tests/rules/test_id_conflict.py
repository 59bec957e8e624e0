from tests.helpers import messages, problems

SOURCE = """\
## P
* [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387)
* [2502] [BOLT: Bootstrap Long Chain-of-Thought](https://arxiv.org/pdf/2502.03387)
"""


def test_one_id_two_titles():
    assert problems(SOURCE, "LB403") == [(3, 50)]
    assert "as 'LIMO: Less is More for Reasoning'" in messages(SOURCE, "LB403")[0]


def test_not_also_reported_as_a_duplicate():
    assert problems(SOURCE, "LB401") == []
