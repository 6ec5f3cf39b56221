"""The domain: the plan as data, regions, targets, submissions and progress metrics.

Nothing here imports Dash or Flask; pages, exports and the loader all build on these modules.
"""
