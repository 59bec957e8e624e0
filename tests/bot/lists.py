"""Small synthetic lists for the bot's tests (the shared corpus is read, never copied)."""

from __future__ import annotations

import re

SUGGESTION = re.compile(r"(`{3,})suggestion\n(.*?)\1", re.DOTALL)  # group 2: the suggested lines

BASE = """# Awesome Test Papers

## Papers

### Reward Models
* [2502] [Exploring the Limit of Outcome Reward for Learning Mathematical Reasoning](https://arxiv.org/abs/2502.06781) (Shanghai AI Lab)
* [2502] [Process Reinforcement through Implicit Rewards](https://arxiv.org/abs/2502.01456) (Tsinghua)
* [2501] [Kimi k1.5: Scaling Reinforcement Learning with LLMs](https://arxiv.org/abs/2501.12599) (Kimi)
* [2501] [DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning](https://arxiv.org/abs/2501.12948) (DeepSeek)
* [2412] [Offline Reinforcement Learning for LLM Multi-Step Reasoning](https://arxiv.org/abs/2412.16145) (UCSD)

### Reinforcement Learning
* [2503] [SWEET-RL: Training Multi-Turn LLM Agents on Collaborative Reasoning Tasks](https://arxiv.org/abs/2503.15478) (agent)
* [2503] [Understanding Reasoning LLMs Through Reinforcement Learning Curricula](https://arxiv.org/abs/2503.01234) (lab)
* [2502] [Demystifying Long Chain-of-Thought Reasoning in LLMs](https://arxiv.org/abs/2502.03373) (CMU)
* [2410] [VinePPO: Unlocking RL Potential For LLM Reasoning Through Refined Credit Assignment](https://arxiv.org/abs/2410.01679) (Mila)
* [2409] [Training Language Models to Self-Correct via Reinforcement Learning](https://arxiv.org/abs/2409.12917) (DeepMind)
"""

ANCHOR = "### Reward Models\n"

CLEAN_ENTRY = "* [2503] [Understanding R1-Zero-Like Training: A Critical Perspective](https://arxiv.org/abs/2503.20783) (Sea AI Lab)\n"

PDF_ENTRY = "* [2503] [Understanding R1-Zero-Like Training: A Critical Perspective](https://arxiv.org/pdf/2503.20783) (Sea AI Lab)\n"
BAD_TAG_ENTRY = "* [2513] [Open-Reasoner-Zero: Scaling Up Reinforcement Learning on the Base Model](https://arxiv.org/abs/2503.24290) (StepFun)\n"
SPLIT_ENTRY = "* [2503] [DAPO: An Open-Source LLM Reinforcement Learning System\nat Scale](https://arxiv.org/abs/2503.14476) (ByteDance)\n"

FIXED_ENTRIES = (
    CLEAN_ENTRY
    + "* [2503] [Open-Reasoner-Zero: Scaling Up Reinforcement Learning on the Base Model](https://arxiv.org/abs/2503.24290) (StepFun)\n"
    + "* [2503] [DAPO: An Open-Source LLM Reinforcement Learning System at Scale](https://arxiv.org/abs/2503.14476) (ByteDance)\n"
)


def with_entries(entries: str, base: str = BASE) -> str:
    """The base list with ``entries`` added at the top of its first section."""
    return base.replace(ANCHOR, ANCHOR + entries, 1)


def many_bad_entries(count: int) -> str:
    """``count`` new entries, each with a fixable problem (blanks inside the title's brackets)."""
    return "".join(
        f"* [2503] [ Synthetic Paper Number {n}: Scaling Reasoning ](https://arxiv.org/abs/2503.{10000 + n})\n"
        for n in range(count)
    )
