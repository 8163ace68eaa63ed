"""The sandbox: a local replica of the job platforms the adapters read, serving generated jobs.

Tests, the demo and the benchmarks point the adapters here instead of the internet. What belongs
here: the deterministic job catalogue, the per-platform replicas of the real APIs and pages (in
`platforms/`), the fault injector and request log, the FastAPI app that mounts them, and the
helper that serves it on a loopback port. Nothing in the product imports this package.
"""
