"""Shared building blocks below every other package: it imports none of them."""
