"""Title folding and the fuzzy comparison on realistic pairs (the thresholds of listbot.metadata.titles)."""

from __future__ import annotations

import pytest

from listbot.metadata.titles import TitleMatch, compare_titles, fold, search_words

SAME, CLOSE, UNRELATED = TitleMatch.SAME, TitleMatch.CLOSE, TitleMatch.UNRELATED


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("Let's Verify Step by Step", ("lets", "verify", "step", "by", "step")),
        (
            "$\\pi_0$: A Vision-Language-Action Flow Model",
            ("pi0", "a", "vision", "language", "action", "flow", "model"),
        ),
        ("π0: A Flow Model", ("pi0", "a", "flow", "model")),
        ("Kimi k1.5: Scaling RL", ("kimi", "k15", "scaling", "rl")),
        ("Schrödinger Bridges", ("schrodinger", "bridges")),
        ("\\textbf{Bold}  Claims\n  Wrapped", ("bold", "claims", "wrapped")),
        ("It\u2019s Not Just Size", ("its", "not", "just", "size")),
    ],
)
def test_fold(title: str, words: tuple[str, ...]) -> None:
    assert fold(title) == words


@pytest.mark.parametrize(
    ("entry", "record", "expected"),
    [
        # the same title, written differently
        (
            "Chain-of-Thought Prompting Elicits Reasoning in Large Language Models",
            "Chain of Thought Prompting Elicits Reasoning in Large Language Models",
            SAME,
        ),
        (
            "π0: A Vision-Language-Action Flow Model for General Robot Control",
            "$\\pi_0$: A Vision-Language-Action Flow Model for General Robot Control",
            SAME,
        ),
        ("LET'S VERIFY STEP BY STEP", "Let's Verify Step by Step", SAME),
        # the whole title, with the list's notes around it
        (
            "[Splitwise] Splitwise: Efficient Generative LLM Inference Using Phase Splitting(@Microsoft etc)",
            "Splitwise: Efficient Generative LLM Inference Using Phase Splitting",
            SAME,
        ),
        (
            "WebMall -- A Multi-Shop Benchmark for Evaluating Web Agents [Technical Report]",
            "WebMall -- A Multi-Shop Benchmark for Evaluating Web Agents",
            SAME,
        ),
        # ... but a longer title that starts with the record's may be another paper
        ("Attention Is All You Need in Speech Separation", "Attention Is All You Need", CLOSE),
        # retitled, abbreviated or misspelt: close
        ("Let's Verify Step by Step", "Let's Verify Step by Step: Process Supervision for Math", CLOSE),
        (
            "Reflexion: an autonomous agent with dynamic memory and self-reflection",
            "Reflexion: Language Agents with Verbal Reinforcement Learning",
            CLOSE,
        ),
        (
            "Training language models to follow instructions",
            "Training language models to follow instructions with human feedback",
            CLOSE,
        ),
        (
            "Trainng Verifiers to Solve Math Word Problems",
            "Training Verifiers to Solve Math Word Problems",
            CLOSE,
        ),
        ("Sparks of AGI", "Sparks of Artificial General Intelligence: Early experiments with GPT-4", CLOSE),
        (
            "DeepSeek-R1",
            "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning",
            CLOSE,
        ),
        # unrelated titles, many sharing words
        (
            "Large Language Models are Zero-Shot Reasoners",
            "Large Language Models Are Human-Level Prompt Engineers",
            UNRELATED,
        ),
        (
            "Kimi k1.5: Scaling Reinforcement Learning with LLMs",
            "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning",
            UNRELATED,
        ),
        (
            "s1: Simple test-time scaling",
            "Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters",
            UNRELATED,
        ),
        (
            "Tree of Thoughts: Deliberate Problem Solving with Large Language Models",
            "Graph of Thoughts: Solving Elaborate Problems with Large Language Models",
            UNRELATED,
        ),
        (
            "Training Verifiers to Solve Math Word Problems",
            "Solving Math Word Problems with Process- and Outcome-based Feedback",
            UNRELATED,
        ),
        (
            "LLaMA: Open and Efficient Foundation Language Models",
            "Llama 2: Open Foundation and Fine-Tuned Chat Models",
            UNRELATED,
        ),
        (
            "Deep Residual Learning for Image Recognition",
            "Identity Mappings in Deep Residual Networks",
            UNRELATED,
        ),
        (
            "A Survey on Large Language Model based Autonomous Agents",
            "A Survey: Hallucination in Large Language Models",
            UNRELATED,
        ),
    ],
)
def test_compare_titles(entry: str, record: str, expected: TitleMatch) -> None:
    assert compare_titles(entry, record) is expected


def test_generic_names_before_a_colon_do_not_make_titles_close() -> None:
    assert (
        compare_titles("Survey: Reward Hacking in RL", "Survey: Protein Folding with Diffusion") is UNRELATED
    )


def test_search_words_put_rare_words_first_and_drop_stop_words() -> None:
    words = search_words("Kimi k1.5: Scaling Reinforcement Learning with LLMs")
    assert words[:2] == ["kimi", "k15"] and "with" not in words
    assert search_words("A Survey of Large Language Models", limit=3) == ["survey", "large", "language"]
