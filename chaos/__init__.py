"""The chaos test (issue 8): load the platform while its processes are killed and restarted, then
count from the stores and the topics whether anything was lost, doubled or left stuck.

`make chaos` runs it on a fresh local stack (`python -m chaos`); a short version runs inside
`make test` (tests/e2e/test_chaos.py). See docs/chaos.md.
"""
