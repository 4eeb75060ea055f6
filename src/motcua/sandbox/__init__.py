"""Simulators of outside systems, speaking their real protocols, so the demo and the tests run
offline. Each one lives in its own package; none may be reachable from production settings."""
