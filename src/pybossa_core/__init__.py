"""The pure domain of pybossa-falcon: entities, rules, use cases and ports (stdlib only)."""
