"""Demo data: a believable branch with staff, customers, loans and visits."""

from hvdesk.demo.generator import DemoResult, generate

__all__ = ["DemoResult", "generate"]
