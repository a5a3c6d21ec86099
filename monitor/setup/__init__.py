"""Databases built and kept: from seed folders, generated at scale for benchmarks, and their health."""
