"""Demo data: a believable branch with staff, customers, loans and visits."""

from hvdesk.demo.generator import DemoResult, demo_state, generate

__all__ = ["DemoResult", "demo_state", "generate"]
