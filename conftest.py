"""Loads the project's shared test fixtures and hooks for every test, wherever it lives."""

pytest_plugins = ["tests.support"]
