"""Demo data: realistic authors and posts in bulk, for trying and benchmarking the blog at size."""

from blog.demo.seed import DEMO_ISSUER
from blog.demo.seed import seed_demo

__all__ = ["DEMO_ISSUER", "seed_demo"]
