"""Small extractors, each finding one kind of fact in a normalised transcript (see docs/development.md)."""
