"""motcua: the provincial public-service portal integrated with the electronic one-stop-shop."""

__version__ = "0.1.0"
