"""Adapters: implementations of the pybossa_core ports over real technologies."""
