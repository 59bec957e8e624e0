"""Papers the fake arXiv serves in the metadata tests (engine and rules alike)."""

from tests.metadata.servers import Paper

DEEPSEEK = Paper(
    "2501.12948", "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning"
)
KIMI = Paper("2501.12599", "Kimi k1.5: Scaling Reinforcement Learning with LLMs")
VERIFY = Paper("2305.20050", "Let's Verify Step by Step: Process Supervision for Math", version=2)
TEST_TIME = Paper(
    "2408.03314",
    "Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters",
)
WITHDRAWN = Paper(
    "2402.01234",
    "A Study of Reward Hacking in Small Models",
    version=3,
    comment="This paper has been withdrawn by the authors due to an error in Section 3",
)
INSTRUCT = Paper(
    "2203.02155",
    "Training language models to follow instructions with human feedback",
    journal_ref="Advances in Neural Information Processing Systems 35 (NeurIPS 2022)",
)
